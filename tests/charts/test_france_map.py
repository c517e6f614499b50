"""The map's HTML: links to the fiches, values and colours per indicator, a région's crop, its weight."""

import re
from types import SimpleNamespace

import pandas as pd

from helpers.charts import france_map, map_geometry, map_scale
from helpers.fiche import parameters, ranks
from helpers.places.geography import page_units, regions, units
from tests import PROJECT_ROOT

NBSP, NNBSP = "\u00a0", "\u202f"
#: The budget of the map's geometry and script, bytes (150 KiB).
BUDGET = 150 * 1024


def _square(code: str, x: float, inset: str | None = None) -> map_geometry.Shape:
    return map_geometry.Shape(code, f"m{x} 0 10 0 0 10-10 0z", (x, 0.0, x + 10, 10.0), inset)


GEOMETRY = map_geometry.MapGeometry(100.0, 20.0, (_square("11", 0), _square("2A", 40), _square("2B", 60)), (), {})


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        [("dep-11", 2024, 2_000_000_000, 2_500_000_000, 3.5), ("dep-2A-2B", 2024, 300_000_000, 100_000_000, float("nan")),
         ("dep-11", 2023, 1, 1, 1.0)],
        columns=["slug", "year", "exports_eur", "imports_eur", "us_share"],
    )


def test_areas_take_exports_balance_in_meur_and_the_us_share():
    aude, corse = units()["11"], units()["20"]
    found = france_map.areas(_table(), 2024, [aude, corse], {"dep-11"})
    assert found[0] == france_map.Area(("11",), "Aude (11)", "dep-11", {"exports": 2000.0, "balance": -500.0, "us_share": 3.5})
    assert found[1].codes == ("2A", "2B") and found[1].slug is None and found[1].values["us_share"] is None
    assert found[1].values["exports"] == 300.0 and found[1].values["balance"] == 200.0


def _html(only=None) -> str:
    found = france_map.areas(_table(), 2024, [units()["11"], units()["20"]], {"dep-11", "dep-2A-2B"})
    return france_map.map_html(GEOMETRY, found, name="carte", caption="Carte : essai", only=only)


def test_each_departement_is_a_named_link_and_corse_links_twice_to_its_one_fiche():
    html = _html()
    assert re.findall(r'<a href="([^"]+)"', html) == ["dep-11.html", "dep-2A-2B.html", "dep-2A-2B.html"]
    assert f'aria-label="Aude (11){NNBSP}: exportations 2{NBSP}000{NBSP}M€"' in html
    # the three values in French, balance with a true minus; n. d. where undefined
    assert f'data-v="2{NBSP}000{NBSP}M€|\u2212500{NBSP}M€|3,5{NBSP}%"' in html
    assert f'data-v="300{NBSP}M€|200{NBSP}M€|n.{NBSP}d."' in html
    # exports 2 000 and 300: sixths 583, 867, 1 150, 1 433, 1 717 → nice 600, 900, 1 000, 1 000, 2 000
    # → thresholds 600, 900, 1 000, 2 000, five classes: Aude (2 000) in the last, Corse (300) in the first
    fills = [f.split() for f in re.findall(r'data-f="([^"]+)"', html)]
    assert (fills[0][0], fills[1][0]) == (map_scale.PURPLES[6][5], map_scale.PURPLES[6][1])
    assert fills[1][2] == map_scale.UNDEFINED_FILL
    assert "de 600 à 900" in html and f"2{NBSP}000 et plus" in html
    # balance −500 and +200: |v| thirds 300, 400: −400, −300, 0, 300, 400; Aude deep red, Corse light blue
    assert (fills[0][1], fills[1][1]) == (map_scale.RDBU[6][0], map_scale.RDBU[6][3])
    assert "de \u2212400 à \u2212300" in html
    assert html.count('class="comext-map-legend"') == 3 and len(re.findall(r" hidden[ >]", html)) == 1 + 2 + 1  # switch, 2 legends, tooltip


def test_a_region_map_is_cropped_to_its_departements_with_the_others_in_grey():
    html = _html(only={"2A", "2B"})
    assert 'viewBox="28.0 -12.0 54.0 34.0"' in html
    assert re.findall(r'<a href="([^"]+)"', html) == ["dep-2A-2B.html", "dep-2A-2B.html"]
    assert html.count('class="comext-map-context"') == 0  # Aude lies outside the crop: not drawn


def test_the_home_page_map_links_every_fiche_and_weighs_under_the_budget(demo_cache):
    table = ranks.table(demo_cache)
    slugs = {p.slug for p in parameters.read_all(PROJECT_ROOT / "parameters")}
    block = france_map.index_map(table, 2024, page_units(), slugs, PROJECT_ROOT)
    hrefs = re.findall(r'<a href="([^"]+)\.html"', block)
    assert len(hrefs) == 96 + 5 + 4 and set(hrefs) == {u.slug for u in page_units()} and set(hrefs) <= slugs
    assert block.count('tabindex="-1"') == 4  # Paris and the petite couronne: reached in their enlarged inset
    assert "comext-map-context" not in block  # every département has its fiche in the full book
    script = (PROJECT_ROOT / "_static" / "comext-map.js").read_bytes()
    assert len(block.encode()) + len(script) <= BUDGET


def test_a_region_page_maps_its_departements_and_other_pages_none(demo_cache):
    occitanie = SimpleNamespace(place=regions()["76"], cache=demo_cache, year=2024)
    html = france_map.region_map(occitanie).data
    hrefs = re.findall(r'<a href="([^"]+)\.html"', html)
    assert sorted(hrefs) == sorted(u.slug for u in regions()["76"].units) and len(hrefs) == 13
    assert 'class="comext-map-context"' in html and "Carte des départements d\u2019Occitanie (2024)" in html
    assert france_map.region_map(SimpleNamespace(place=units()["11"], cache=demo_cache, year=2024)) is None
