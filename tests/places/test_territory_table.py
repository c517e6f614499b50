"""Building the table of the Territoires d'industrie from ANCT's list and the COG.

Unit tests on a small COG fixture (entries of the npm files) and five verbatim lines of ANCT's list;
one test rebuilds the shipped table from the shipped list (``tests.SHARED``) and the full npm files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers.common.errors import ConfigError, DataError
from helpers.places import territories, territory_table
from tests import PROJECT_ROOT, SHARED

FIXTURES = Path(__file__).parent / "fixtures"
COG = FIXTURES / "cog"
LIST = FIXTURES / "territories" / "territoires_industrie_anct_extrait.csv"
COMMUNE_FILE = FIXTURES / "territories" / "liste-ti-com2023-cog.csv"
OFFICIAL = SHARED / "reference" / "territoires" / "territoires_industrie_2023_anct.csv"


def build(source: Path, cog: Path = COG) -> dict[str, Any]:
    table = json.loads(territory_table.build(str(source), cog))
    return {e["id"]: e for e in table["territoires"]} | {"source": table["source"]}


def deps(entry: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["communes"], d["population"]) for d in entry["departements"]]


def test_list_resolves_epci_ept_and_communes() -> None:
    table = build(LIST)
    assert sorted(k for k in table if k != "source") == ["ti-1101", "ti-2707", "ti-7605", "ti-7609", "ti-9401", "ti-9402"]
    # Pays Ajaccien: the ten communes of the CA, population Σ of communes.json (75 343 for Ajaccio + …)
    assert deps(table["ti-9402"]) == [("2A", 10, 93835)]
    # the EPT Boucle Nord de Seine: six communes of the Hauts-de-Seine and Argenteuil (95, 106 130 people)
    assert deps(table["ti-1101"]) == [("92", 6, 355313), ("95", 1, 106130)]
    member = table["ti-1101"]["membres"][0]
    assert (member["siren"], member["type"], member["communes"], member["departements"]) == ("200057990", "EPT", 7, ["92", "95"])
    # a single commune named by its SIREN
    assert table["ti-2707"]["membres"] == [
        {"siren": "215800467", "nom": "Cercy-la-Tour", "type": "COM", "communes": 1, "population": 1653, "departements": ["58"]}
    ]
    assert deps(table["ti-2707"]) == [("58", 1, 1653)]


def test_castres_revel_castelnaudary_over_three_departements() -> None:
    crc = build(LIST)["ti-7605"]
    assert [d["code"] for d in crc["departements"]] == ["11", "31", "81"]
    assert [(m["nom"], m["communes"]) for m in crc["membres"]] == [  # ANCT's names and order, not the COG's
        ("CC Lauragais Revel Sorezois", 28), ("CC Castelnaudary Lauragais Audois", 43),
        ("CC du Sor et de l'Agout", 26), ("CA de Castres Mazamet", 14),
    ]
    assert crc["membres"][0]["departements"] == ["11", "31", "81"]
    assert sum(d["communes"] for d in crc["departements"]) == 28 + 43 + 26 + 14
    assert crc["region"] == "76"


def test_names_lose_their_trailing_no_break_space() -> None:
    assert "\u00a0" in LIST.read_text(encoding="utf-8")
    assert build(LIST)["ti-9401"]["nom"] == "Grand Bastia – Marana-Golo"
    assert territory_table.clean(" a\u00a0 b\u00a0") == "a b"


def test_provenance_of_both_sources() -> None:
    source = build(LIST)["source"]
    assert source["geography"] == {
        "package": "@etalab/decoupage-administratif", "version": "6.0.0", "licence": "MIT",
        "files": ["data/epci.json", "data/ept.json", "data/communes.json"], "origin": "Insee, Code officiel géographique (COG)",
    }
    assert source["list"]["file"] == LIST.name and source["list"]["licence"] == "Licence Ouverte / Open Licence 2.0"
    assert len(source["list"]["sha256"]) == 64


def test_unresolved_member_names_file_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "liste.csv"
    broken.write_text(LIST.read_text(encoding="utf-8").replace("(242010056)", "(242010099)"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        territory_table.build(str(broken), COG)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field, problem.value) == ("liste.csv", 7, "liste_geo", "CA du Pays Ajaccien (242010099)")
    assert "liste.csv, ligne 7, champ liste_geo" in str(caught.value)


@pytest.mark.parametrize("line, field", [
    ("ti-76,Nom,CA de Bastia (242000354)", "id_ti"),
    ("ti-7699,,CA de Bastia (242000354)", "lib_ti"),
    ("ti-7699,Nom,CA de Bastia 242000354", "liste_geo"),
    ("ti-7605,Doublon,CA de Bastia (242000354)", "id_ti"),
])
def test_malformed_lines_are_named(tmp_path: Path, line: str, field: str) -> None:
    source = tmp_path / "l.csv"
    source.write_text(LIST.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        territory_table.build(str(source), COG)
    assert [(p.line, p.field) for p in caught.value.problems] == [(8, field)]


def test_missing_column_and_missing_package(tmp_path: Path) -> None:
    source = tmp_path / "l.csv"
    source.write_text("id_ti,lib_ti\nti-7605,Nom\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        territory_table.parse_list(source.read_text(encoding="utf-8"), "l.csv")
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (1, "liste_geo")
    with pytest.raises(ConfigError, match="make install"):
        territory_table.build(str(LIST), tmp_path)


def test_commune_level_file_groups_communes_by_their_epci() -> None:
    table = build(COMMUNE_FILE)
    crc = table["ti-7605"]
    assert deps(crc) == [("11", 1, 12151), ("31", 1, 9762), ("81", 1, 42505)]  # Castelnaudary, Revel, Castres
    assert [(m["siren"], m["nom"], m["communes"]) for m in crc["membres"]] == [  # the COG's EPCI names
        ("200035855", "CC Castelnaudary Lauragais Audois", 1), ("243100567", "CC Aux sources du Canal du Midi", 1),
        ("248100430", "CA de Castres Mazamet", 1),
    ]
    assert table["ti-2707"]["membres"][0]["type"] == "COM"  # its EPCI is not in the fixture
    assert table["source"]["list"]["kind"] == "liste des communes des territoires"


def test_write_is_deterministic(tmp_path: Path) -> None:
    first = territory_table.rebuild(str(LIST), log=lambda _: None, out=tmp_path / "a.json", node_modules=COG)
    shuffled = tmp_path / "shuffled.csv"
    lines = LIST.read_text(encoding="utf-8").splitlines()
    shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    again = territory_table.rebuild(str(shuffled), log=lambda _: None, out=tmp_path / "b.json", node_modules=COG)
    assert json.loads(first.read_text())["territoires"] == json.loads(again.read_text())["territoires"]
    assert [t.id_ti for t in territories.territories(first)] == sorted(t.id_ti for t in territories.territories(first))


def test_shipped_table_is_rebuilt_from_the_official_list_and_the_npm_files() -> None:
    """The whole list against the pinned package: every member resolves; same bytes as the resource."""
    assert OFFICIAL.is_file(), f"liste officielle absente : {OFFICIAL}"
    text = territory_table.build(str(OFFICIAL), PROJECT_ROOT / "node_modules")
    table = json.loads(text)
    assert len(table["territoires"]) == 183
    assert sum(len(e["membres"]) for e in table["territoires"]) == 641
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert table["source"]["geography"]["version"] == lock["packages"]["node_modules/@etalab/decoupage-administratif"]["version"]
    assert text == territories.default_table_path().read_text(encoding="utf-8")


def test_cli_rebuilds_into_the_given_file(tmp_path: Path) -> None:
    from helpers.cli import app

    embedded = territories.default_table_path().read_bytes()
    target = tmp_path / "territoires.json"
    result = CliRunner().invoke(app, ["data", "territoires", "--source", str(OFFICIAL), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "183 territoires d'industrie, 641 membres, 99 départements" in result.output
    assert target.read_bytes() == embedded


def test_cli_bad_source_exits_cleanly(tmp_path: Path) -> None:
    from helpers.cli import app

    bad = FIXTURES / "territories" / "liste-ti-com2023-bad-line.csv"
    result = CliRunner().invoke(app, ["data", "territoires", "--source", str(bad), "--out", str(tmp_path / "t.json")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "ligne 3" in result.output
    assert not (tmp_path / "t.json").exists()
