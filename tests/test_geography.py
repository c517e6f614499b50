"""The 101 DGDDI units against DGDDI's real Departement_region.txt, and the INSEE mapping."""

from pathlib import Path

import pytest

from helpers import geography
from helpers.errors import ConfigError

REAL = Path(__file__).resolve().parents[2] / "shared" / "reference" / "dgddi" / "Departement_region.txt"


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
