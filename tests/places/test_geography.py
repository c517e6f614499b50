"""The 101 DGDDI units against DGDDI's real Departement_region.txt, and the INSEE mapping."""


import pytest

from helpers.common.errors import ConfigError
from helpers.places import geography
from tests import SHARED

REAL = SHARED / "reference" / "dgddi" / "Departement_region.txt"


def real_rows() -> list[list[str]]:
    text = REAL.read_text(encoding="utf-8-sig")
    return [line.split(";") for line in text.splitlines() if line.strip()]


def test_same_101_units_and_dgddi_regions_as_dgddi_file():
    real = {row[0]: row[2] for row in real_rows()}
    ours = {code: unit.dgddi_region for code, unit in geography.units().items()}
    assert len(ours) == 101
    assert ours == real


def test_every_metropolitan_dgddi_region_is_one_insee_region():
    by_dgddi: dict[str, set[str]] = {}
    for unit in geography.units().values():
        by_dgddi.setdefault(unit.dgddi_region, set()).add(unit.insee_region)
    assert all(len(v) == 1 for k, v in by_dgddi.items() if k != geography.DROM_REGION)
    assert by_dgddi[geography.DROM_REGION] == {"01", "02", "03", "04", "06"}
    assert len(geography.regions()) == 18


@pytest.mark.parametrize(
    ("insee", "dgddi"),
    [("11", "11"), ("2A", "20"), ("2b", "20"), ("971", "9A"), ("972", "9B"), ("973", "9C"), ("974", "9D"), ("976", "9E"), ("9D", "9D")],
)
def test_insee_to_dgddi(insee, dgddi):
    assert geography.insee_to_dgddi(insee) == dgddi


def test_corse_is_one_page_titled_with_both_codes():
    corse = geography.resolve("2A")
    assert corse is geography.resolve("2B")
    assert corse.label == "Corse (2A, 2B)"
    assert corse.is_corse and corse.region.name == "Corse"


def test_monaco_counts_in_paca_but_has_no_page():
    monaco = geography.units()["99"]
    assert monaco.dgddi_region == "21" and monaco.region.name == "Provence-Alpes-Côte d'Azur"
    assert "99" in {u.dgddi_code for u in geography.dgddi_region_units("21")}
    assert "99" not in {u.dgddi_code for u in geography.page_units()}
    with pytest.raises(ConfigError, match="n'a pas de fiche"):
        geography.resolve("99")


def test_drom_are_their_own_insee_regions_and_compared_together():
    reunion = geography.resolve("974")
    assert reunion.label == "La Réunion (974)"
    assert reunion.region.name == "La Réunion" and reunion.is_drom
    assert reunion.region.dgddi_name == "ensemble des DROM"
    assert len(geography.dgddi_region_units(geography.DROM_REGION)) == 5


def test_pages_are_in_insee_region_order():
    pages = geography.page_units()
    assert len(pages) == 100
    order = list(geography.regions())
    keys = [order.index(u.insee_region) for u in pages]
    assert keys == sorted(keys)
    assert pages[0].label == "Guadeloupe (971)"


def test_unknown_code_says_how_to_list():
    with pytest.raises(ConfigError, match="comext list"):
        geography.resolve("00")


def test_places_are_france_then_regions_with_their_departements_then_overseas():
    places = geography.places()
    slugs = [p.slug for p in places]
    assert slugs[0] == "france" and len(slugs) == len(set(slugs)) == 1 + 12 + 100
    assert slugs[slugs.index("region-76") + 1 : slugs.index("region-76") + 3] == ["dep-09", "dep-11"]
    assert slugs[-5:] == ["dep-971", "dep-972", "dep-973", "dep-974", "dep-976"]
    assert "dep-2A-2B" in slugs and "region-94" not in slugs  # Corse: the département's page serves
    assert [r.insee_code for r in geography.page_regions()] == ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93"]


def test_a_region_page_has_its_label_slug_scope_and_command():
    occitanie = geography.regions()["76"]
    assert (occitanie.label, occitanie.slug, occitanie.command_code, occitanie.kind) == ("Occitanie", "region-76", "R76", "region")
    assert occitanie.scope.kind == "region" and occitanie.scope.code == "12"  # DGDDI code
    assert len(occitanie.units) == 13 and occitanie.has_page
    assert not geography.regions()["94"].has_page and not geography.regions()["04"].has_page
    assert geography.FRANCE.label == "France" and geography.FRANCE.scope.kind == "france"
    assert geography.resolve("11").command_code == "11" and geography.resolve("2B").command_code == "2A"


@pytest.mark.parametrize(
    ("code", "slug"),
    [("R76", "region-76"), ("r76", "region-76"), ("region-76", "region-76"), ("R11", "region-11"), ("france", "france"),
     ("FR", "france"), ("76", "dep-76"), ("11", "dep-11"), ("dep-2A-2B", "dep-2A-2B"), ("2b", "dep-2A-2B"), ("9D", "dep-974")],
)
def test_resolve_place_tells_regions_from_departements(code, slug):
    assert geography.resolve_place(code).slug == slug


@pytest.mark.parametrize(("code", "message"), [("R94", "comext run 2A"), ("R04", "comext run 974"), ("R77", "Code région inconnu"), ("00", "comext list")])
def test_resolve_place_refuses_regions_without_page_and_unknown_codes(code, message):
    with pytest.raises(ConfigError, match=message):
        geography.resolve_place(code)


def test_unit_codes_of_each_kind_of_place():
    assert geography.unit_codes(geography.resolve("11")) == ["11"]
    assert "99" in geography.unit_codes(geography.regions()["93"])  # Monaco counts in PACA
    assert len(geography.unit_codes(geography.regions()["76"])) == 13
    assert geography.unit_codes(geography.FRANCE) is None


def test_france_stays_one_object_across_processes():
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(geography.FRANCE)) is geography.FRANCE
    assert copy.deepcopy(geography.FRANCE) is geography.FRANCE and geography.France() == geography.FRANCE
