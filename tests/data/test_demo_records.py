"""One year's records (:mod:`helpers.data.demo_records`): columns, field values, keys, units, counts, long tail.

Read back from the session's files (``tests/data/conftest.py``), except the columns and dtypes
of :func:`helpers.data.demo_records.flow_records` itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import demo_records
from helpers.places.geography import units
from tests.data.demo_support import FIELDS, YEARS

KEY = [f for f in FIELDS if f not in ("valeur", "masse")]


def test_flow_records_columns_and_dtypes() -> None:
    records = demo_records.flow_records(2023, "E")
    assert list(records.columns) == ["flux", "trimestre", "annee", "departement", "region", "a129", "cpf4", "pays", "valeur", "masse"]
    assert {c: str(records[c].dtype) for c in records.columns} == {
        "flux": "str", "trimestre": "int64", "annee": "int64", "departement": "str", "region": "str", "a129": "str",
        "cpf4": "str", "pays": "str", "valeur": "int64", "masse": "Int64",
    }
    assert set(records["flux"]) == {"E"} and set(records["annee"]) == {2023}
    keys = records[["departement", "cpf4", "pays", "trimestre"]].astype(str)
    assert not keys.duplicated().any()
    assert keys.equals(keys.sort_values(["departement", "cpf4", "pays", "trimestre"]))  # sorted: unit, product, partner, quarter


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_field_values(demo_frames: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    frame = demo_frames[(year, flow)]
    assert set(frame["flux"]) == {flow}
    assert set(frame["annee"]) == {str(year)}
    assert set(frame["trimestre"]) == {"1", "2", "3", "4"}
    assert frame["valeur"].min() > 0 and frame["valeur"].max() < 10**12
    masses = frame["masse"]
    assert masses.str.fullmatch(r"\d*").all()
    empty = int((masses == "").sum())
    assert 0 < empty < 0.01 * len(frame)  # a few unknown masses, as in real files
    assert frame["dep"].str.fullmatch(r"[0-9][0-9A-E]").all()
    assert frame["cpf4"].str.fullmatch(r"\d{4}").all()
    assert frame["a129"].str.fullmatch(r"[A-S]\d\d[A-Z]").all()
    assert frame["pays"].str.fullmatch(r"[A-Z]{2}").all()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_no_duplicate_keys(demo_frames: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    assert not demo_frames[(year, flow)].duplicated(KEY).any()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_all_101_units_with_their_dgddi_region(demo_frames: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    frame = demo_frames[(year, flow)]
    expected = {u.dgddi_code: u.dgddi_region for u in units().values()}
    assert len(expected) == 101
    pairs = dict(frame[["dep", "region"]].drop_duplicates().itertuples(index=False))
    assert pairs == expected


@pytest.mark.parametrize("flow", ["E", "I"])
def test_record_count_in_the_hundreds_of_thousands(demo_frames: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    for year in YEARS:
        assert 200_000 <= len(demo_frames[(year, flow)]) <= 1_000_000


def test_long_tail_of_small_flows(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    values = demo_frames[(2024, "E")]["valeur"]
    assert (values < 10_000).mean() > 0.05  # many small demo_frames…
    assert values.max() > 100_000_000  # …and a few very large ones

