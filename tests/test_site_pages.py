"""Generated pages: table of contents and index."""

from pathlib import Path

import pandas as pd
import yaml

from helpers import parameters, site_pages

ROOT = Path(__file__).resolve().parents[1]


def test_toc_groups_pages_by_insee_region_in_order():
    pages = parameters.read_all(ROOT / "parameters")
    toc = yaml.safe_load(site_pages.toc_yaml(pages))
    captions = [part["caption"] for part in toc["parts"]]
    assert captions[0] == "Guadeloupe" and captions[-1] == "Méthode"
    occitanie = next(p for p in toc["parts"] if p["caption"] == "Occitanie")
    assert {"file": "pages/dep-11", "title": "Aude (11)"} in occitanie["chapters"] and len(occitanie["chapters"]) == 13
    files = [c["file"] for p in toc["parts"] for c in p["chapters"]]
    assert len(files) == 101 and len(set(files)) == 101
    assert toc["parts"][-1]["chapters"] == [{"file": "pages/methodologie"}]  # generated at build time


def test_committed_toc_is_the_generated_one():
    pages = parameters.read_all(ROOT / "parameters")
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == site_pages.toc_yaml(pages)


def test_index_lists_every_page_with_balance():
    pages = [parameters.validate({"dep_code": "11"}, "t"), parameters.validate({"dep_code": "34"}, "t")]
    totals = pd.DataFrame(
        [(2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000), (2024, "E", "34", "12", 1)],
        columns=["year", "flow", "dep", "region", "value_eur"],
    )
    text = site_pages.index_markdown(pages, totals, 2024, synthetic=True).replace("\u00a0", " ")
    assert "[Aude (11)](dep-11.ipynb) | Occitanie | 1 966 | 2 211,9 | -245,9 |" in text
    assert "Hérault (34)" in text and "Données de démonstration" in text
