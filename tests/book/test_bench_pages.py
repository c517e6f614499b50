"""The pages series' choice of pages and arithmetic (the series itself runs in `comext bench --pages`)."""

from __future__ import annotations

import shutil

import pytest

from helpers.book import bench_pages
from helpers.book.bench_pages import PagesFigures
from tests import PROJECT_ROOT


def _plain(text: str) -> str:
    """Numbers' no-break spaces (helpers.common.formatting) as plain spaces, for the expected values."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_subset_takes_every_nth_and_nests() -> None:
    items = [str(i) for i in range(1, 9)]
    assert bench_pages.subset(items, 0.25) == ["4", "8"]
    assert bench_pages.subset(items, 0.5) == ["2", "4", "6", "8"]
    assert bench_pages.subset(items, 1.0) == items
    assert bench_pages.subset(["a", "b", "c"], 0.25) == []  # 3 × 0.25 rounds down to none


def test_marginal_cost_and_ratio_by_hand() -> None:
    # 37 pages in 60 s, 63 in 75 s, 113 in 105 s: (105 − 60) / (113 − 37) = 45 / 76
    assert bench_pages.marginal([(63, 75.0), (37, 60.0), (113, 105.0)]) == pytest.approx(45 / 76)
    assert bench_pages.marginal([(37, 60.0), (37, 61.0)]) == 0.0
    assert bench_pages.ratio(60.0, 105.0) == pytest.approx(1.75)
    assert bench_pages.ratio(0.0, 105.0) == 0.0


def test_keep_pages_keeps_a_quarter_of_the_departements_their_regions_and_france(tmp_path) -> None:
    folder = tmp_path / "parameters"
    shutil.copytree(PROJECT_ROOT / "parameters", folder)
    kept = bench_pages.keep_pages(folder, 0.25)
    names = sorted(p.stem for p in folder.glob("*.yml"))
    deps = [n for n in names if n.startswith("dep-")]
    assert len(deps) == 25 and deps[:2] == ["dep-04", "dep-08"]  # every 4th in code order: 04, 08…
    assert "france" in names and "region-84" not in names  # Auvergne-Rhône-Alpes: 01…74, none a 4th
    assert "region-76" in names  # Occitanie: dep-12 is one
    assert kept == len(names)


def test_rows_print_marginal_costs_and_the_linearity_target() -> None:
    series = [PagesFigures(0.25, 37, 120, 60.0, 15.0, 20.0), PagesFigures(0.5, 63, 200, 75.0, 24.0, 27.0), PagesFigures(1.0, 113, 318, 105.0, 40.0, 40.0)]
    rows = {row[0]: [_plain(v) for v in row[1:]] for row in bench_pages.rows(series)}
    assert rows["Coût marginal par fiche : exécution"][0] == "0,33 s"  # (40 − 15) / 76
    assert rows["Coût marginal par fiche : Jupyter Book (ses territoires compris)"][0] == "0,26 s"  # (40 − 20) / 76
    assert rows["Construction à 100 % ÷ à 25 %"] == ["×1,75", "", "", "✓ ≤ 4,4"]
    assert rows["  dont le reste (données, cache, vérifications)"] == ["25,0 s", "24,0 s", "25,0 s", ""]


def test_a_build_counts_when_it_published_its_site() -> None:
    assert bench_pages.published(0, "")
    assert bench_pages.published(1, "site: /tmp/x/_build/html/index.html\n")
    assert not bench_pages.published(1, "Erreur : rien\n")
