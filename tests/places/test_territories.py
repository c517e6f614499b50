"""Territoires d'industrie: the embedded table, page look-ups, and rebuilding from ANCT's file.

No test contacts an outside address; nothing here writes the embedded resource.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import requests
from typer.testing import CliRunner

from helpers.common.errors import DataError, NetworkError
from helpers.places import geography, territories
from tests import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "territories"
COMMUNES = FIXTURES / "liste-ti-com2023-fixture.csv"
PARTIAL_SOURCE = SHARED / "reference" / "territoires" / "territoires_industrie_2023_partial.csv"
OCCITANIE_SOURCE = "thau-infos.fr"

EXPECTED_OFFICIAL = [
    ("11", "ti-7605", "Castres Revel Castelnaudary"),
    ("11", "ti-7603", "Grand Narbonne"),
    ("2A", "ti-9401", "Pays Ajaccien (CAPA)"),
    ("31", "ti-7605", "Castres Revel Castelnaudary"),
    ("34", "ti-7610", "Béziers-Sète"),
    ("64", "ti-7512", "Lacq Pau Tarbes"),
    ("65", "ti-7606", "Comminges-Nestes"),
    ("65", "ti-7512", "Lacq Pau Tarbes"),
    ("81", "ti-7605", "Castres Revel Castelnaudary"),
    ("971", "ti-0101", "CA Cap Excellence (CAPEX)"),
]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def official_table(tmp_path: Path) -> Path:
    return territories.rebuild(str(COMMUNES), log=lambda _: None, out=tmp_path / "territoires.csv")


# --------------------------------------------------------------------------- embedded table


def test_embedded_table_shape_and_sources() -> None:
    rows = read_rows(territories.default_table_path())
    assert rows, "embedded table is empty"
    assert tuple(rows[0]) == territories.COLUMNS
    assert all(r["source"].strip() for r in rows)
    assert all(r["lib_ti"].strip() and r["dep_code"].strip() for r in rows)
    assert {r["status"] for r in rows} <= {"partial", "official"}
    keys = [(r["dep_code"], territories.sort_key(r["lib_ti"]), r["id_ti"]) for r in rows]
    assert keys == sorted(keys), "rows must be sorted by dep_code then lib_ti"
    assert len(set((r["dep_code"], r["lib_ti"]) for r in rows)) == len(rows)


def test_embedded_table_carries_the_partial_list() -> None:
    assert PARTIAL_SOURCE.is_file(), f"liste partielle de référence absente : {PARTIAL_SOURCE}"
    embedded = {(r["dep_code"], r["lib_ti"]): r for r in read_rows(territories.default_table_path())}
    partial = read_rows(PARTIAL_SOURCE)
    for row in partial:
        entry = embedded[(row["dep_code"], row["lib_ti"])]
        assert entry["source"] == row["source"]
        assert entry["id_ti"] == row["id_ti"]
        # what is not "stated" is kept in the note, in French (the partial list's English statuses translated)
        assert ("département déduit, non indiqué par la source" in entry["note"]) == (row["dep_status"] != "stated")
        assert ("nom : " + NAME_STATUS[row["name_status"]] in entry["note"]) == (row["name_status"] != "stated by source")
    assert len(embedded) == len(partial)


#: The partial list's ``name_status`` (English) and the note the embedded table carries for it.
NAME_STATUS = {
    "stated by source": "",
    "old-wave name; 2nd-phase renewal per source": "celui de la première vague, reconduit dans la seconde phase selon la source",
    "name per old wave; 2023 renewal per source": "celui de la première vague, reconduit en 2023 selon la source",
    "name as described by source": "tel que la source décrit le territoire",
    "name as described by source (Ardenne Métropole, Ardenne Rives de Meuse, Vallées et Plateau d'Ardenne)":
        "tel que la source décrit le territoire (Ardenne Métropole, Ardenne Rives de Meuse, Vallées et Plateau d'Ardenne)",
}


def test_aude_has_its_two_territories_with_source() -> None:
    aude = territories.territories_for(("11",))
    assert aude.status == "partial"
    assert [t.name for t in aude.territories] == ["Castres Revel Castelnaudary", "Grand Narbonne"]
    assert all(OCCITANIE_SOURCE in t.source for t in aude.territories)
    assert aude.sources and all(s.startswith("http") for s in aude.sources)
    assert aude.territories[0].urls == [aude.territories[0].source]


def test_herault_has_beziers_sete() -> None:
    herault = territories.territories_for(("34",))
    assert herault.status == "partial"
    assert [t.name for t in herault.territories] == ["Béziers-Sète"]


def test_castres_revel_castelnaudary_spans_three_departements() -> None:
    for code in ("11", "31", "81"):
        names = [t.name for t in territories.territories_for((code,)).territories]
        assert "Castres Revel Castelnaudary" in names, code
    for code in ("34", "09", "66"):
        assert "Castres Revel Castelnaudary" not in [t.name for t in territories.territories_for((code,)).territories]


def test_occitanie_has_fifteen_territories() -> None:
    codes = [code for u in geography.page_units() if u.insee_region == "76" for code in u.insee_codes]
    assert len(codes) == 13
    names = {t.name for code in codes for t in territories.territories_for((code,)).territories}
    assert len(names) == 15


def test_absent_departement_is_unavailable() -> None:
    rows = read_rows(territories.default_table_path())
    assert not any(r["dep_code"] == "13" for r in rows)  # Bouches-du-Rhône: PACA not in the partial list
    result = territories.territories_for(("13",))
    assert result.status == "unavailable"
    assert result.territories == []


def test_inferred_departement_note_is_exposed() -> None:
    alsace = territories.territories_for(("67",))
    assert alsace.status == "partial"
    assert alsace.territories and all("déduit" in t.note for t in alsace.territories)
    aude = territories.territories_for(("11",))
    assert all(t.note == "" for t in aude.territories)


def test_corse_lists_a_territory_once(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    territories.write_table(
        [
            {"dep_code": "2A", "id_ti": "", "lib_ti": "Territoire commun", "status": "partial", "source": "https://a.invalid", "note": ""},
            {"dep_code": "2B", "id_ti": "", "lib_ti": "Territoire commun", "status": "partial", "source": "https://a.invalid", "note": ""},
            {"dep_code": "2B", "id_ti": "", "lib_ti": "Autre", "status": "partial", "source": "https://b.invalid", "note": ""},
            {"dep_code": "11", "id_ti": "", "lib_ti": "Ailleurs", "status": "partial", "source": "https://c.invalid", "note": ""},
        ],
        table,
    )
    corse = territories.territories_for(("2A", "2B"), table=table)
    assert corse.status == "partial"
    assert [t.name for t in corse.territories] == ["Autre", "Territoire commun"]
    assert territories.territories_for(("2A", "2B")).status == "partial"  # embedded: Pays Ajaccien (2A)


# --------------------------------------------------------------------------- rebuild


def test_rebuild_from_commune_file(official_table: Path) -> None:
    rows = read_rows(official_table)
    assert [(r["dep_code"], r["id_ti"], r["lib_ti"]) for r in rows] == EXPECTED_OFFICIAL
    assert {r["status"] for r in rows} == {"official"}
    assert {r["source"] for r in rows} == {COMMUNES.name}
    assert {r["note"] for r in rows} == {""}


def test_rebuild_is_deterministic(tmp_path: Path, official_table: Path) -> None:
    shuffled = tmp_path / "shuffled.csv"
    lines = COMMUNES.read_text(encoding="utf-8").splitlines()
    shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    again = territories.rebuild(str(shuffled), log=lambda _: None, out=tmp_path / "again.csv")
    def without_source(path: Path) -> list[dict[str, str]]:
        return [{k: v for k, v in r.items() if k != "source"} for r in read_rows(path)]

    assert without_source(again) == without_source(official_table)
    third = territories.rebuild(str(COMMUNES), log=lambda _: None, out=tmp_path / "third.csv")
    assert third.read_bytes() == official_table.read_bytes()


def test_lookup_on_official_table(official_table: Path) -> None:
    aude = territories.territories_for(("11",), table=official_table)
    assert aude.status == "official"
    assert [(t.name, t.id_ti) for t in aude.territories] == [("Castres Revel Castelnaudary", "ti-7605"), ("Grand Narbonne", "ti-7603")]
    guadeloupe = territories.territories_for(("971",), table=official_table)
    assert [t.name for t in guadeloupe.territories] == ["CA Cap Excellence (CAPEX)"]
    # complete list: a département with no territory is "official", with no names
    none = territories.territories_for(("13",), table=official_table)
    assert (none.status, none.territories) == ("official", [])


def test_multi_valued_fields_quoted_or_not() -> None:
    text = (
        "\ufeffinsee_com;lib_com;id_ti;lib_ti\n"
        '65258;Lannemezan;ti-1 ; ti-2;"Nom Un ; Nom Deux"\n'
        "65259;Autre;ti-2 ; ti-3;Nom Deux ; Nom Trois\n"
        "65260;Encore;ti-1 ; ti-3;Nom Un\n"  # several ids, one name: names come from the other rows
    )
    rows = territories.parse_communes(text.lstrip("\ufeff"), "x.csv")
    assert sorted(rows) == sorted([
        ("65", "ti-1", "Nom Un"), ("65", "ti-2", "Nom Deux"),
        ("65", "ti-2", "Nom Deux"), ("65", "ti-3", "Nom Trois"),
        ("65", "ti-1", "Nom Un"), ("65", "ti-3", "Nom Trois"),
    ])


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes(b"\xef\xbb\xbf" + COMMUNES.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    rows = read_rows(territories.rebuild(str(source), log=lambda _: None, out=tmp_path / "out.csv"))
    assert [(r["dep_code"], r["id_ti"], r["lib_ti"]) for r in rows] == EXPECTED_OFFICIAL


@pytest.mark.parametrize("code, dep", [("11262", "11"), ("2A004", "2A"), ("2B033", "2B"), ("97101", "971"), ("97611", "976")])
def test_department_of(code: str, dep: str) -> None:
    assert territories.department_of(code) == dep


def test_missing_column_is_a_data_error(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(DataError) as caught:
        territories.rebuild(str(FIXTURES / "liste-ti-com2023-missing-column.csv"), log=lambda _: None, out=out)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("liste-ti-com2023-missing-column.csv", 1, "lib_ti")
    assert "liste-ti-com2023-missing-column.csv, ligne 1, champ lib_ti" in str(caught.value)
    assert not out.exists()


def test_malformed_lines_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        territories.rebuild(str(FIXTURES / "liste-ti-com2023-bad-line.csv"), log=lambda _: None, out=tmp_path / "o.csv")
    where = [(p.line, p.field) for p in caught.value.problems]
    assert where == [(3, "insee_com"), (4, None)]
    assert "ligne 3, champ insee_com, valeur '1107'" in str(caught.value)


def test_mismatched_ids_and_names_are_refused() -> None:
    text = "insee_com;lib_com;id_ti;lib_ti\n11262;Narbonne;ti-1 ; ti-2 ; ti-3;\"A ; B\"\n"
    with pytest.raises(DataError) as caught:
        territories.parse_communes(text, "x.csv")
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "lib_ti")


def test_unreachable_source_url(tmp_path: Path) -> None:
    class Down:
        def get(self, url: str, timeout: Any = None) -> Any:
            assert timeout is not None
            raise requests.ConnectionError("Name or service not known")

    out = tmp_path / "o.csv"
    with pytest.raises(NetworkError) as caught:
        territories.rebuild(territories.DEFAULT_SOURCE, log=lambda _: None, out=out, session=Down())
    message = str(caught.value)
    assert "static.data.gouv.fr est injoignable depuis cette machine" in message
    assert "--source" in message
    assert not out.exists()


def test_dead_local_port_is_network_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(NetworkError, match="injoignable"):
        territories.rebuild("http://127.0.0.1:9/liste-ti-com2023-20240704.csv", log=lambda _: None, out=tmp_path / "o.csv")


def test_rebuild_by_url_records_the_url(tmp_path: Path) -> None:
    class Served:
        status_code = 200
        content = COMMUNES.read_bytes()

    class Session:
        def get(self, url: str, timeout: Any = None) -> Any:
            return Served()

    out = territories.rebuild(None, log=lambda _: None, out=tmp_path / "o.csv", session=Session())
    assert {r["source"] for r in read_rows(out)} == {territories.DEFAULT_SOURCE}


# --------------------------------------------------------------------------- CLI


def test_cli_rebuild_does_not_touch_embedded_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.cli import app

    embedded = territories.default_table_path()
    before = embedded.read_bytes()
    target = tmp_path / "territoires.csv"
    monkeypatch.setattr(territories, "default_table_path", lambda: target)
    result = CliRunner().invoke(app, ["data", "territoires", "--source", str(COMMUNES)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output.replace("\n", "")  # the CLI's console wraps at 80 columns
    assert [(r["dep_code"], r["id_ti"], r["lib_ti"]) for r in read_rows(target)] == EXPECTED_OFFICIAL
    assert embedded.read_bytes() == before


def test_cli_malformed_source_exits_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.cli import app

    monkeypatch.setattr(territories, "default_table_path", lambda: tmp_path / "territoires.csv")
    result = CliRunner().invoke(app, ["data", "territoires", "--source", str(FIXTURES / "liste-ti-com2023-bad-line.csv")])
    text = result.output + (getattr(result, "stderr", "") or "")
    assert result.exit_code == 1
    assert "Traceback" not in text
    assert "ligne 3" in text
    assert not (tmp_path / "territoires.csv").exists()
