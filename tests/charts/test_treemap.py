"""Treemap: areas proportional to values and totals, tiles inside blocks, labels that fit."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from helpers.charts import ranking
from helpers.charts import treemap as chart_treemap
from helpers.charts.base import LABEL_FONT_SIZE, LINE_HEIGHT, text_width
from helpers.charts.product_labels import wrap
from helpers.data import store
from tests.charts.support import chart_json_in_another_process, tidy_records


def make_records(rows: list[tuple[str, str, int]], *, year: int = 2024) -> pd.DataFrame:
    """Tidy records from (flow, a129, euros) rows (one country)."""
    return tidy_records([(f, p, "ES", v) for f, p, v in rows], year=year)


CODES = ["C11Z", "C19Z", "C30C", "C20B", "A01Z", "C21Z", "C29A", "C24A", "C10E", "C14Z", "C15Z", "C22B", "C27B"]
RECORDS = make_records(
    [("I", c, v) for c, v in zip(CODES, [400, 380, 270, 130, 126, 110, 79, 60, 50, 40, 30, 3, 1], strict=True)]
    + [("E", c, v) for c, v in zip(CODES[:6], [850, 190, 160, 150, 90, 2], strict=True)]
)


def tiles_of(records: pd.DataFrame, n: int = 10) -> tuple[list[chart_treemap.Tile], dict[str, int]]:
    return chart_treemap.layout(records, level="a129", product_labels=None, n=n)


def test_tile_areas_proportional_to_values_within_block():
    tiles, _ = tiles_of(RECORDS)
    for flow in ("I", "E"):
        block = [t for t in tiles if t.flow == flow]
        ratios = [t.width * t.height / t.value_eur for t in block]
        assert max(ratios) / min(ratios) - 1 < 1e-6


def test_blocks_areas_proportional_to_flow_totals():
    tiles, totals = tiles_of(RECORDS)
    assert totals == {"I": 1679, "E": 1442}
    area = {f: sum(t.width * t.height for t in tiles if t.flow == f) for f in ("I", "E")}
    assert area["I"] / area["E"] == pytest.approx(totals["I"] / totals["E"], rel=1e-9)


def test_named_plus_others_is_total_and_others_grey_last():
    tiles, totals = tiles_of(RECORDS)
    imports = [t for t in tiles if t.flow == "I"]
    assert len(imports) == 11 and imports[-1].code == ranking.OTHERS_CODE
    assert imports[-1].value_eur == 30 + 3 + 1
    assert sum(t.value_eur for t in imports) == totals["I"]
    exports = [t for t in tiles if t.flow == "E"]
    assert ranking.OTHERS_CODE not in [t.code for t in exports]  # 6 products < 10: no « autres »
    assert sum(t.value_eur for t in exports) == totals["E"]


def test_tiles_inside_their_block_and_no_overlap():
    tiles, _ = tiles_of(RECORDS)
    eps = 1e-9
    imports_right = max(t.x1 for t in tiles if t.flow == "I")
    exports_left = min(t.x0 for t in tiles if t.flow == "E")
    assert imports_right + chart_treemap.GAP == pytest.approx(exports_left)
    assert max(t.x1 for t in tiles) == pytest.approx(chart_treemap.WIDTH)
    for t in tiles:
        assert t.y0 >= chart_treemap.HEADER - eps and t.y1 <= chart_treemap.HEADER + chart_treemap.HEIGHT + eps
        assert t.x0 >= -eps and t.x1 <= chart_treemap.WIDTH + eps
        assert (t.x1 <= imports_right + eps) if t.flow == "I" else (t.x0 >= exports_left - eps)
    for a, b in itertools.combinations(tiles, 2):
        overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert overlap_w <= 1e-6 or overlap_h <= 1e-6


def _fits(lines: list[str], width: float, height: float) -> bool:
    text_w = max(text_width(line, LABEL_FONT_SIZE) for line in lines)
    pad = chart_treemap.PADDING
    return text_w + 2 * pad <= width and LINE_HEIGHT * len(lines) + 2 * pad <= height


def _check_labels(result, tiles):
    rows = next(d for d in result.chart.to_dict()["datasets"].values() if "texte" in d[0] and "x0" in d[0])
    assert len(rows) == len(tiles)
    kept = dropped = 0
    for row, tile in zip(rows, tiles, strict=True):
        width, height = row["x1"] - row["x0"], row["y1"] - row["y0"]
        if row["texte"]:
            kept += 1
            assert _fits(row["texte"].split("\n"), width, height), row
            candidates = [
                wrap(tile.label, w) + ([row["valeur"]] if v else []) for w, v in chart_treemap.LABEL_CANDIDATES
            ]
            assert row["texte"].split("\n") in candidates
        else:
            dropped += 1
            for wrap_width, with_value in chart_treemap.LABEL_CANDIDATES:
                lines = wrap(tile.label, wrap_width) + ([row["valeur"]] if with_value else [])
                assert not _fits(lines, width, height), row
    return kept, dropped


def test_labels_fit_or_are_dropped():
    result = chart_treemap.treemap(RECORDS, year=2024, scope_label="Aude", product_labels=None)
    tiles, _ = tiles_of(RECORDS)
    kept, dropped = _check_labels(result, tiles)
    assert kept >= 5 and dropped >= 1  # the fixture has both kinds


def test_fitting_label_rules():
    assert chart_treemap.fitting_label("Aéronautique et spatial", 853_300_000, 200, 60) == [
        "Aéronautique et", "spatial", "853,3\u00a0M€"
    ]
    assert chart_treemap.fitting_label("Viandes", 1_000, 200, 60) == ["Viandes", "0\u00a0M€"]
    assert chart_treemap.fitting_label("Aéronautique et spatial", 853_300_000, 20, 20) is None
    narrow = chart_treemap.fitting_label("Aéronautique et spatial", 853_300_000, 95, 80)
    assert narrow is not None and len(narrow) >= 3


def test_table_and_texts():
    result = chart_treemap.treemap(RECORDS, year=2024, scope_label="Aude", product_labels=None)
    assert result.title == "Principales activités à l'import et à l'export, Aude (2024)"
    data = result.data
    assert list(data.columns) == ["Flux", "Produit", "Code A129", "Valeur (M€)", "Valeur (€)", "Part du flux (%)"]
    assert data.groupby("Flux")["Valeur (€)"].sum().to_dict() == {"Importations": 1679, "Exportations": 1442}
    assert data.iloc[0]["Produit"] == "Boissons, vins et spiritueux"
    assert result.chart.to_dict()["description"] == result.description


@pytest.fixture(scope="module")
def aude(demo_cache) -> tuple[pd.DataFrame, pd.DataFrame]:
    cache = demo_cache  # the session\'s demonstration data (conftest)
    return store.read_records(cache, dep="11"), store.read_labels(cache, "a129", 2024)


def test_aude_demo(aude):
    records, labels = aude
    year = records[records["year"] == 2024]
    result = chart_treemap.treemap(records, year=2024, scope_label="Aude", product_labels=labels)
    tiles, totals = tiles_of(year)
    assert totals == {"I": 2_211_900_000, "E": 1_966_000_000}
    assert result.data.groupby("Flux")["Valeur (€)"].sum().to_dict() == {"Importations": 2_211_900_000, "Exportations": 1_966_000_000}
    _check_labels(result, tiles)
    result.chart.to_dict(validate=True)
    assert len(result.chart.to_json()) < 60_000


def test_stable_across_processes(aude, demo_data, demo_cache):
    records, labels = aude
    here = chart_treemap.treemap(records, year=2024, scope_label="Aude", product_labels=labels).chart.to_json()
    other = chart_json_in_another_process(
        'chart_treemap.treemap(records, year=2024, scope_label="Aude", product_labels=labels("a129"))', demo_data, demo_cache, hash_seed="999"
    )
    assert other == here
