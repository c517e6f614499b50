"""The tables of a page's parts: a région's départements, France's régions; Σ rows = total."""

import re
from dataclasses import replace

import pandas as pd
import pytest

from helpers.common.checks import ReconciliationError
from helpers.data import store
from helpers.fiche import breakdown
from helpers.fiche.context import FicheContext
from helpers.places.geography import FRANCE, regions, resolve


def test_parts_of_a_region_include_monaco_and_of_france_are_regions_corse_and_drom():
    paca = breakdown.parts(regions()["93"])
    assert [u.dgddi_code for u in paca] == ["04", "05", "06", "13", "83", "84", "99"]  # Monaco last, no page
    labels = [p.label for p in breakdown.parts(FRANCE)]
    assert len(labels) == 18 and labels[0] == "Île-de-France" and "Corse (2A, 2B)" in labels and labels[-1] == "Mayotte (976)"
    assert breakdown.parts(resolve("11")) == []


def test_rows_and_table_markdown_in_french_format():
    totals = pd.DataFrame(
        [(2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000), (2024, "E", "99", "21", 5)],
        columns=["year", "flow", "dep", "region", "value_eur"],
    )
    rows = breakdown.rows(totals, [resolve("11"), breakdown.parts(regions()["93"])[-1]], 2024, group_pages={"region-76"})
    assert rows[0] == breakdown.Row("Aude (11)", "dep-11", 1_966_000_000, 2_211_900_000, "Occitanie", "region-76")
    assert rows[1].label == "Monaco (sans fiche)" and rows[1].slug is None and rows[1].group_slug is None
    text = breakdown.table_markdown(rows, "Département", group="Région").replace("\u00a0", " ")
    assert text.startswith("```{table}\n:class: comext-sortable\n")
    assert "| [Aude (11)](dep-11.ipynb) | [Occitanie](region-76.ipynb) | 1 966 | 2 211,9 | -245,9 |" in text
    assert "| Monaco (sans fiche) | Provence-Alpes-Côte d'Azur | 0 | 0 | 0 |" in text


@pytest.fixture
def ctx_for(demo_cache, tmp_path):
    totals = store.read_totals(demo_cache)
    return lambda place: FicheContext(place, 2024, tmp_path, demo_cache, None, totals, tmp_path)


def test_region_table_adds_up_to_the_region(ctx_for):
    text = breakdown.table(ctx_for(regions()["76"])).data.replace("\u00a0", " ")
    rows = re.findall(r"^\| \[(.+?)\]\((dep-\w+)\.ipynb\) \| ([-\d ,]+) \| ([-\d ,]+) \|", text, flags=re.MULTILINE)
    assert len(rows) == 13 and ("Aude (11)", "dep-11", "1 966", "2 211,9") in rows
    france = breakdown.table(ctx_for(FRANCE)).data
    assert "[Occitanie](region-76.ipynb)" in france and "[Corse (2A, 2B)](dep-2A-2B.ipynb)" in france
    assert breakdown.table(ctx_for(resolve("11"))) is None


def test_a_table_that_loses_a_part_stops_the_page(ctx_for, monkeypatch):
    real = breakdown.rows
    monkeypatch.setattr(breakdown, "rows", lambda *a, **k: [replace(r, exports=r.exports + 1) for r in real(*a, **k)])
    with pytest.raises(ReconciliationError, match="tableau Occitanie"):
        breakdown.table(ctx_for(regions()["76"]))
