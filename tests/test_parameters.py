"""Page parameters are validated data: unknown keys, bad codes or years are refused."""

from pathlib import Path

import pytest

from helpers import parameters
from helpers.errors import ConfigError
from helpers.geography import page_units

ROOT = Path(__file__).resolve().parents[1]


def test_committed_parameters_cover_every_page_once():
    found = parameters.read_all(ROOT / "parameters")
    assert [p.dep_code for p in found] == [u.dgddi_code for u in page_units()]


def test_write_all_round_trips(tmp_path):
    parameters.write_all(tmp_path, year=2023)
    found = parameters.read_all(tmp_path)
    assert len(found) == 100 and {p.year for p in found} == {2023}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"dep_code": "00"}, "dep_code"),
        ({"dep_code": 11}, "chaîne"),
        ({"dep_code": "11", "year": "2024"}, "year"),
        ({"dep_code": "11", "year": 1789}, "year"),
        ({"dep_code": "11", "extra": "__import__('os')"}, "paramètres attendus"),
        ("11", "paramètres attendus"),
    ],
)
def test_invalid_parameters_are_refused(raw, message):
    with pytest.raises(ConfigError, match=message):
        parameters.validate(raw, "test.yml")


def test_code_injection_is_just_an_unknown_code(tmp_path):
    path = tmp_path / "dep-x.yml"
    path.write_text('dep_code: "11\\"; import os; os.system(\\"true\\")"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="dep_code"):
        parameters.read(path)
