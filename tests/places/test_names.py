"""Names with their articles: the COG table rebuilt from node_modules, the forms French writes."""

import csv
import json

import pytest

from helpers.common.errors import ConfigError
from helpers.common.paths import resources_dir
from helpers.places import names
from helpers.places.geography import FRANCE, page_units, regions, resolve, units
from tests import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"

#: Expected forms, written by hand from French usage: the name with its article, then after « de ».
DEPARTEMENTS = {
    "11": ("l’Aude", "de l’Aude", "L’Aude"),
    "34": ("l’Hérault", "de l’Hérault", "L’Hérault"),
    "59": ("le Nord", "du Nord", "Le Nord"),
    "78": ("les Yvelines", "des Yvelines", "Les Yvelines"),
    "13": ("les Bouches-du-Rhône", "des Bouches-du-Rhône", "Les Bouches-du-Rhône"),
    "31": ("la Haute-Garonne", "de la Haute-Garonne", "La Haute-Garonne"),
    "75": ("Paris", "de Paris", "Paris"),
    "974": ("La Réunion", "de La Réunion", "La Réunion"),
    "976": ("Mayotte", "de Mayotte", "Mayotte"),
    "2A": ("la Corse", "de la Corse", "La Corse"),  # the DGDDI unit 20: Corse-du-Sud and Haute-Corse together
    "90": ("le Territoire de Belfort", "du Territoire de Belfort", "Le Territoire de Belfort"),
    "95": ("le Val-d’Oise", "du Val-d’Oise", "Le Val-d’Oise"),
}
#: The régions' forms as INSEE's TNCC gives them (« Occitanie », no article: « d’Occitanie »).
REGIONS = {
    "76": ("Occitanie", "d’Occitanie"),
    "32": ("les Hauts-de-France", "des Hauts-de-France"),
    "53": ("Bretagne", "de Bretagne"),
    "24": ("le Centre-Val de Loire", "du Centre-Val de Loire"),
    "52": ("les Pays de la Loire", "des Pays de la Loire"),
    "75": ("la Nouvelle-Aquitaine", "de la Nouvelle-Aquitaine"),
    "11": ("Île-de-France", "d’Île-de-France"),
    "93": ("Provence-Alpes-Côte d’Azur", "de Provence-Alpes-Côte d’Azur"),
}


def test_committed_table_is_the_one_rebuilt_from_node_modules():
    committed = (resources_dir() / names.RESOURCE).read_text(encoding="utf-8")
    assert names.table_text(names.read_package(NODE_MODULES)) == committed


def test_table_records_the_pinned_package_its_version_and_licence():
    source = names.source()
    pinned = json.loads((PROJECT_ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"][names.PACKAGE]
    assert (source["package"], source["version"], source["licence"]) == (names.PACKAGE, pinned, "MIT")
    table = names.cog()
    assert len(table["departements"]) == 101 and len(table["regions"]) == 18


def test_rebuild_writes_the_table(tmp_path):
    out = names.rebuild(NODE_MODULES, tmp_path / "noms.json")
    assert json.loads(out.read_text(encoding="utf-8")) == names.cog()
    with pytest.raises(ConfigError, match="make install"):
        names.rebuild(tmp_path / "nowhere", tmp_path / "x.json")


@pytest.mark.parametrize("code", DEPARTEMENTS)
def test_departement_forms(code):
    name = names.name_of(resolve(code))
    assert (name.the, name.of, name.the_capitalised) == DEPARTEMENTS[code]


@pytest.mark.parametrize("code", REGIONS)
def test_region_forms(code):
    name = names.name_of(regions()[code])
    assert (name.the, name.of) == REGIONS[code]


def test_france_and_capitalised_forms():
    france = names.name_of(FRANCE)
    assert (france.the, france.of, france.of_capitalised) == ("la France entière", "de la France entière", "De la France entière")
    assert names.name_of(resolve("59")).of_capitalised == "Du Nord"
    assert names.name_of(units()["99"]).of == "de Monaco"  # not an INSEE département: no article


def test_every_page_has_a_name_and_the_units_names_are_the_cog_ones():
    with (resources_dir() / "units.csv").open(encoding="utf-8", newline="") as handle:
        listed = {row["dgddi_code"]: row for row in csv.DictReader(handle)}
    for unit in page_units():
        assert names.name_of(unit).tncc in names.TNCC
        if len(unit.insee_codes) == 1:
            assert listed[unit.dgddi_code]["name"] == next(r["nom"] for r in names.cog()["departements"] if r["code"] == unit.insee_codes[0])
    for region in regions().values():
        assert names.name_of(region).name == region.name.replace("'", "’")


def test_an_unknown_tncc_or_departements_that_disagree_are_refused(monkeypatch):
    with pytest.raises(ConfigError, match="TNCC"):
        names.Name("Atlantide", 9)
    real = names.departement
    monkeypatch.setattr(names, "departement", lambda code: names.Name("X", 0) if code == "2B" else real(code))
    with pytest.raises(ConfigError, match="même type de nom"):
        names.name_of(resolve("2A"))
