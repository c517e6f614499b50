"""The Territoires d'industrie's pages: which are written, their toc part, only-when-changed writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from helpers.book import site_pages, territory_pages
from helpers.fiche import parameters
from tests import PROJECT_ROOT

TOTALS = pd.DataFrame(
    [(2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000)],
    columns=["year", "flow", "dep", "region", "value_eur"],
)


def small_book() -> list[parameters.PageParameters]:
    return [parameters.validate({"dep_code": c}, "t") for c in ("11", "40")]


def test_every_territory_has_its_page_in_the_full_book() -> None:
    pages = parameters.read_all(PROJECT_ROOT / "parameters")
    found = territory_pages.in_book(pages)
    assert len(found) == 183
    toc = yaml.safe_load(site_pages.toc_yaml(pages))
    part = next(p for p in toc["parts"] if p["caption"] == "Territoires d’industrie")
    assert [p["caption"] for p in toc["parts"]][-1] == "Méthode"
    (overview,) = part["chapters"]
    assert overview["file"] == "pages/territoires"
    regions = overview["sections"]
    assert len(regions) == 18 and regions[0]["file"] == "pages/territoires-region-11" and regions[-1]["file"] == "pages/territoires-region-06"
    occitanie = next(r for r in regions if r["title"] == "Occitanie")
    assert {"file": "pages/territoire-7605", "title": "Castres Revel Castelnaudary"} in occitanie["sections"]
    files = [t["file"] for r in regions for t in r["sections"]]
    assert len(files) == len(set(files)) == 183


def test_a_small_book_gets_the_territories_of_its_departements(tmp_path: Path) -> None:
    written = territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    assert [p.as_posix() for p in written] == [
        "pages/territoire-7605.md", "pages/territoire-7609.md", "pages/territoires-region-76.md", "pages/territoires.md",
    ]
    crc = (tmp_path / "pages" / "territoire-7605.md").read_text(encoding="utf-8")
    assert crc.startswith("# Castres Revel Castelnaudary — Territoire d’industrie\n")
    assert "[Aude (11)](dep-11.ipynb)" in crc and "[Tarn (81)" not in crc  # no fiche of the Tarn in this book
    assert "\u202f:" in crc  # French typography applied
    overview = (tmp_path / "pages" / "territoires.md").read_text(encoding="utf-8")
    assert "## [Occitanie](territoires-region-76.md)" in overview
    assert "- [Castres Revel Castelnaudary](territoire-7605.md)\u202f: Aude, Haute-Garonne, Tarn" in overview


def test_pages_are_rewritten_only_when_changed_and_stale_ones_removed(tmp_path: Path) -> None:
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    page = tmp_path / "pages" / "territoire-7605.md"
    before = page.stat().st_mtime_ns
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    assert page.stat().st_mtime_ns == before
    changed = TOTALS.assign(value_eur=TOTALS["value_eur"] + 1_000_000_000)
    territory_pages.write(tmp_path, small_book(), changed, 2024, True, site_pages._write_text)
    assert "2 966" in page.read_text(encoding="utf-8").replace("\u00a0", " ")
    (tmp_path / "pages" / "territoire-0000.md").write_text("old", encoding="utf-8")
    territory_pages.write(tmp_path, [parameters.validate({"dep_code": "40"}, "t")], TOTALS, 2024, True, site_pages._write_text)
    assert not list((tmp_path / "pages").glob("territoire*.md"))  # the Landes: no territory, no page left


def test_a_change_of_a_departements_points_cles_rewrites_its_territories_pages(tmp_path: Path) -> None:
    aude = {"us_share": 6.25, "rank_us_share": 12, "ranked_us_share": 100}
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text, {"dep-11": aude})
    page = tmp_path / "pages" / "territoire-7605.md"
    assert "12ᵉ\u00a0sur\u00a0100" in page.read_text(encoding="utf-8")
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text, {"dep-11": {**aude, "rank_us_share": 13}})
    assert "13ᵉ\u00a0sur\u00a0100" in page.read_text(encoding="utf-8")  # same totals: the stamp alone would have kept the page


def test_key_rows_are_the_units_rows_of_the_year() -> None:
    table = pd.DataFrame({"slug": ["dep-11", "dep-11", "region-76"], "kind": ["unit", "unit", "region"], "year": [2023, 2024, 2024],
                          "us_share": [1.0, float("nan"), 3.0]})
    assert territory_pages.key_rows(table, 2024) == {"dep-11": {"slug": "dep-11", "kind": "unit", "year": 2024, "us_share": None}}


def test_no_english_and_no_partial_list_wording() -> None:
    texts = territory_pages.texts(parameters.read_all(PROJECT_ROOT / "parameters"), TOTALS, 2024, True)
    assert len(texts) == 183 + 18 + 1
    for path, text in texts.items():
        lowered = text.lower()
        assert "partielle" not in lowered and "(inferred)" not in lowered, path
        for word in (" the ", " of ", " and ", " with ", " inferred "):
            assert word not in lowered, (path, word)


def test_unchanged_inputs_skip_the_work_and_a_missing_page_is_rewritten(tmp_path: Path, monkeypatch) -> None:
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    assert (tmp_path / territory_pages.STAMP).is_file()
    calls = []
    real = territory_pages.texts
    monkeypatch.setattr(territory_pages, "texts", lambda *a: calls.append(a) or real(*a))
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    assert calls == []
    (tmp_path / "pages" / "territoire-7609.md").unlink()
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    assert len(calls) == 1 and (tmp_path / "pages" / "territoire-7609.md").is_file()
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, False, site_pages._write_text)  # official data: rewritten
    assert len(calls) == 2 and "Données de démonstration" not in (tmp_path / "pages" / "territoire-7609.md").read_text(encoding="utf-8")


def test_the_listings_link_each_territory_pdf(tmp_path: Path) -> None:
    territory_pages.write(tmp_path, small_book(), TOTALS, 2024, True, site_pages._write_text)
    for name in ("territoires.md", "territoires-region-76.md"):
        text = (tmp_path / "pages" / name).read_text(encoding="utf-8")
        assert "Tarn (<a class=\"comext-pdf-size\" href=\"../pdf/territoire-7605.pdf\" download>PDF</a>)\n" in text
