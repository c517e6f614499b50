"""Territoires d'industrie: the embedded table (183 official territories) and its look-ups.

The hand-checked cases of issue 14 on the shipped table; no absolute path (the table is a resource
of the package; ANCT's list is reached through ``tests.SHARED``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.common.errors import ConfigError
from helpers.places import territories
from helpers.places.territories import Member, Share, Territory


def names(*codes: str) -> list[str]:
    return [t.name for t in territories.territories_for(codes).territories]


def test_table_has_the_183_territories_and_641_members() -> None:
    table = territories.territories()
    assert len(table) == 183
    assert len({t.id_ti for t in table}) == 183
    assert sum(len(t.members) for t in table) == 641
    assert sorted({m.kind for t in table for m in t.members}) == ["CA", "CC", "COM", "CU", "EPT", "METRO"]
    assert sum(1 for t in table for m in t.members if m.kind == "EPT") == 3
    assert sum(1 for t in table for m in t.members if m.kind == "COM") == 12
    assert [t.id_ti for t in table] == sorted(t.id_ti for t in table)


def test_names_are_anct_spelling_with_whitespace_normalised() -> None:
    table = territories.territories()
    assert all(t.name == " ".join(t.name.split()) for t in table)  # no trailing no-break space left
    assert territories.territory("ti-9401").name == "Grand Bastia – Marana-Golo"
    assert territories.territory("ti-7605").name == "Castres Revel Castelnaudary"


def test_hand_checked_departements() -> None:
    assert names("11") == ["Castres Revel Castelnaudary", "Grand Narbonne"]
    assert names("34") == ["Béziers – Sète", "Hautes Terres d'Oc"]
    assert names("2A", "2B") == ["Grand Bastia – Marana-Golo", "Pays Ajaccien"]
    assert names("2A") == ["Pays Ajaccien"]
    assert names("75") == [] and names("40") == []  # Paris and the Landes have none


def test_castres_revel_castelnaudary_spans_three_departements() -> None:
    crc = territories.territory("ti-7605")
    assert crc.dep_codes == ("11", "31", "81")
    assert crc.region == "76" and crc.slug == "territoire-7605"
    assert crc.title == "Castres Revel Castelnaudary — Territoire d’industrie"
    assert [m.siren for m in crc.members] == ["243100567", "200035855", "248100158", "248100430"]
    assert sum(crc.share(c) for c in crc.dep_codes) == pytest.approx(1.0)


def test_aix_marseille_provence_spans_13_and_a_few_communes_of_83_and_84() -> None:
    amp = territories.territory("ti-9301")
    assert amp.dep_codes == ("13", "83", "84")
    communes = {s.code: s.communes for s in amp.departements}
    assert communes == {"13": 90, "83": 1, "84": 1}  # Saint-Zacharie (83), Pertuis (84)
    assert amp.share("13") > 0.98 and amp.share("83") < 0.01


def test_every_territory_has_communes_and_departements_matching_its_members() -> None:
    for t in territories.territories():
        assert t.departements and all(s.communes > 0 and s.population > 0 for s in t.departements), t.id_ti
        assert t.communes == sum(m.communes for m in t.members), t.id_ti  # no commune in two members
        assert set(t.dep_codes) == {d for m in t.members for d in m.departements}, t.id_ti
        assert t.id_ti[3:5] == t.region


def test_provenance_names_anct_and_the_cog_package() -> None:
    source = territories.source()
    assert source["list"]["file"] == "territoires_industrie_2023_anct.csv"
    assert source["list"]["licence"] == "Licence Ouverte / Open Licence 2.0"
    assert source["geography"]["package"] == "@etalab/decoupage-administratif"
    assert source["geography"]["licence"] == "MIT"


def test_share_and_totals_on_a_hand_made_territory() -> None:
    made = Territory(
        "ti-9999", "Essai", "99",
        (Share("11", 3, 300), Share("34", 1, 100)),
        (Member("200000000", "CC Essai", "CC", 4, 400, ("11", "34")),),
    )
    assert (made.population, made.communes, made.number) == (400, 4, "9999")
    assert (made.share("11"), made.share("34"), made.share("81")) == (0.75, 0.25, 0.0)


def test_lookup_on_another_table_and_unknown_id(tmp_path: Path) -> None:
    entry = {"id": "ti-7601", "nom": "Zeta", "region": "76", "departements": [{"code": "2B", "communes": 1, "population": 5}], "membres": []}
    other = {**entry, "id": "ti-7602", "nom": "Éta", "departements": [{"code": "2A", "communes": 2, "population": 9}]}
    table = tmp_path / "t.json"
    table.write_text(json.dumps({"source": {}, "territoires": [entry, other]}), encoding="utf-8")
    corse = territories.territories_for(("2A", "2B"), table=table)
    assert [t.name for t in corse.territories] == ["Éta", "Zeta"]  # accents ignored in the order
    assert territories.territory("ti-7602", table).departements == (Share("2A", 2, 9),)
    with pytest.raises(ConfigError, match="ti-0000"):
        territories.territory("ti-0000", table)


def test_unreadable_table_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="comext data territoires"):
        territories.territories(bad)
