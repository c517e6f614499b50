"""ANCT's commune-level file: parsing, every defect named, fetching by path or URL (no test
contacts an outside address)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from helpers.common.errors import DataError, NetworkError
from helpers.places import territory_communes, territory_table

FIXTURES = Path(__file__).parent / "fixtures" / "territories"
COMMUNES = FIXTURES / "liste-ti-com2023-fixture.csv"
#: (commune, id, name) of the fixture, read by hand (Carcassonne: in no territory).
EXPECTED = [
    ("11262", "ti-7603", "Grand Narbonne"),
    ("11076", "ti-7605", "Castres Revel Castelnaudary"),
    ("31451", "ti-7605", "Castres Revel Castelnaudary"),
    ("81065", "ti-7605", "Castres Revel Castelnaudary"),
    ("34032", "ti-7610", "Béziers-Sète"),
    ("34301", "ti-7610", "Béziers-Sète"),
    ("65258", "ti-7606", "Comminges-Nestes"),
    ("65258", "ti-7512", "Lacq Pau Tarbes"),
    ("65440", "ti-7512", "Lacq Pau Tarbes"),
    ("64445", "ti-7512", "Lacq Pau Tarbes"),
    ("2A004", "ti-9401", "Pays Ajaccien (CAPA)"),
    ("97101", "ti-0101", "CA Cap Excellence (CAPEX)"),
]


def test_parse_commune_fixture() -> None:
    text = territory_communes.decode(COMMUNES.read_bytes(), COMMUNES.name)
    assert sorted(territory_communes.parse_communes(text, COMMUNES.name)) == sorted(EXPECTED)


def test_multi_valued_fields_quoted_or_not() -> None:
    text = (
        "\ufeffinsee_com;lib_com;id_ti;lib_ti\n"
        '65258;Lannemezan;ti-1 ; ti-2;"Nom Un ; Nom Deux"\n'
        "65259;Autre;ti-2 ; ti-3;Nom Deux ; Nom Trois\n"
        "65260;Encore;ti-1 ; ti-3;Nom Un\n"  # several ids, one name: names come from the other rows
    )
    rows = territory_communes.parse_communes(text.lstrip("\ufeff"), "x.csv")
    assert sorted(rows) == sorted([
        ("65258", "ti-1", "Nom Un"), ("65258", "ti-2", "Nom Deux"),
        ("65259", "ti-2", "Nom Deux"), ("65259", "ti-3", "Nom Trois"),
        ("65260", "ti-1", "Nom Un"), ("65260", "ti-3", "Nom Trois"),
    ])


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes(b"\xef\xbb\xbf" + COMMUNES.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    text = territory_communes.decode(source.read_bytes(), source.name)
    assert sorted(territory_communes.parse_communes(text, source.name)) == sorted(EXPECTED)


@pytest.mark.parametrize("code, dep", [("11262", "11"), ("2A004", "2A"), ("2B033", "2B"), ("97101", "971"), ("97611", "976")])
def test_department_of(code: str, dep: str) -> None:
    assert territory_communes.department_of(code) == dep


def test_missing_column_is_a_data_error(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(DataError) as caught:
        territory_table.rebuild(str(FIXTURES / "liste-ti-com2023-missing-column.csv"), log=lambda _: None, out=out)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("liste-ti-com2023-missing-column.csv", 1, "lib_ti")
    assert "liste-ti-com2023-missing-column.csv, ligne 1, champ lib_ti" in str(caught.value)
    assert not out.exists()


def test_malformed_lines_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        territory_table.rebuild(str(FIXTURES / "liste-ti-com2023-bad-line.csv"), log=lambda _: None, out=tmp_path / "o.csv")
    where = [(p.line, p.field) for p in caught.value.problems]
    assert where == [(3, "insee_com"), (4, None)]
    assert "ligne 3, champ insee_com, valeur '1107'" in str(caught.value)


def test_mismatched_ids_and_names_are_refused() -> None:
    text = "insee_com;lib_com;id_ti;lib_ti\n11262;Narbonne;ti-1 ; ti-2 ; ti-3;\"A ; B\"\n"
    with pytest.raises(DataError) as caught:
        territory_communes.parse_communes(text, "x.csv")
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "lib_ti")


def test_unreachable_source_url(tmp_path: Path) -> None:
    class Down:
        def get(self, url: str, timeout: Any = None) -> Any:
            assert timeout is not None
            raise requests.ConnectionError("Name or service not known")

    out = tmp_path / "o.csv"
    with pytest.raises(NetworkError) as caught:
        territory_table.rebuild(territory_communes.DEFAULT_SOURCE, log=lambda _: None, out=out, session=Down())
    message = str(caught.value)
    assert "static.data.gouv.fr est injoignable depuis cette machine" in message
    assert "--source" in message
    assert not out.exists()


def test_dead_local_port_is_network_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(NetworkError, match="injoignable"):
        territory_table.rebuild("http://127.0.0.1:9/liste-ti-com2023-20240704.csv", log=lambda _: None, out=tmp_path / "o.csv")
