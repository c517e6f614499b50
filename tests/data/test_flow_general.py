"""The general parser of flow files: one fixture per failure mode, each problem named once with its
file, line, field, value and rule; blank lines and field counts."""

from __future__ import annotations

import pytest

from helpers.common.errors import DataError
from helpers.data.flows import read_flow_bytes
from helpers.data.labels import LabelSet
from tests.data.conftest import FLOWS, read_fixture

FAILURES = [
    # fixture, line, field, value, words of the rule
    ("field_count.txt", 2, None, "E;2;2024;11;12;A01Z;0111;BE;1000", "10 champs"),
    ("header.txt", 1, None, None, "en-tête"),
    ("flux_invalid.txt", 2, "flux", "X", "I (importation) ou E (exportation)"),
    ("flux_contradicts_Export.txt", 2, "flux", "I", "contraire au fichier"),
    ("quarter.txt", 2, "trimestre", "5", "de 1 à 4"),
    ("year.txt", 2, "année", "24", "quatre chiffres"),
    ("value_text.txt", 2, "valeur", "12a", "non numérique"),
    ("value_negative.txt", 2, "valeur", "-5", "négative"),
    ("value_too_large.txt", 2, "valeur", "1000000000001", "10^12"),
    ("mass_decimal.txt", 2, "masse", "12.5", "masse non entière"),
    ("dep_unknown.txt", 2, "code département", "2A", "absent de Departement_region.txt"),
    ("region_inconsistent.txt", 2, "code région", "03", "incohérent avec le département 11"),
    ("country_unknown.txt", 2, "code pays", "XX", "absent de Libelle_PAYS.txt"),
    ("a129_unknown.txt", 2, "code A129", "Z99Z", "absent de Libelle_A129.txt"),
    ("cpf4_unknown.txt", 2, "code CPF4", "9999", "absent de Libelle_CPF4_rev2.1.txt"),
    ("duplicate.txt", 3, None, None, "clé en double"),
    ("not_utf8.txt", 2, "code pays", "B\\xc9", "UTF-8"),
]


@pytest.mark.parametrize(("fixture", "line", "field", "value", "rule"), FAILURES, ids=[f[0] for f in FAILURES])
def test_each_failure_mode_is_reported_once(labelset: LabelSet, fixture: str, line: int, field: str | None, value: str | None, rule: str) -> None:
    with pytest.raises(DataError) as info:
        read_fixture(fixture, labelset)
    error = info.value
    assert error.total == 1, str(error)
    problem = error.problems[0]
    assert problem.file == fixture
    assert problem.line == line
    assert problem.field == field
    if value is not None:
        assert problem.value == value
    assert rule in problem.rule
    message = str(error)
    assert fixture in message and f"ligne {line}" in message and rule in message
    if field is not None:
        assert f"champ {field}" in message


def test_duplicate_points_to_first_line(labelset: LabelSet) -> None:
    with pytest.raises(DataError) as info:
        read_fixture("duplicate.txt", labelset)
    assert "déjà ligne 1" in info.value.problems[0].rule


def test_blank_line_in_the_middle_is_an_error(labelset: LabelSet) -> None:
    data = (FLOWS / "REGIONAL_CPF4PAYSE.txt").read_bytes().replace(b"\r\nE;3", b"\r\n\r\nE;3")
    with pytest.raises(DataError) as info:
        read_flow_bytes("x.txt", data, labelset, None)
    assert info.value.problems[0].line == 3


def test_too_many_fields_and_two_trailing_semicolons(labelset: LabelSet) -> None:
    data = b"E;1;2024;11;12;A01Z;0111;BE;1;2;3\nE;2;2024;11;12;A01Z;0111;BE;1;2;;\n"
    with pytest.raises(DataError) as info:
        read_flow_bytes("x.txt", data, labelset, None)
    assert [p.line for p in info.value.problems] == [1, 2]
