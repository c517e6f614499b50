"""Sankey diagrams: sides, node heights, « autres », red flows, link offsets, spec size, stability."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.charts import ranking
from helpers.charts import sankey as chart_sankey
from helpers.data import store
from tests.charts.support import chart_json_in_another_process, tidy_records


def make_records(rows: list[tuple[str, str, str, int]], *, year: int = 2024) -> pd.DataFrame:
    """Tidy records from (flow, a129, country, euros) rows."""
    return tidy_records(rows, year=year)


# 4 products × 4 partners; QU (not a country) carries the largest single flow.
ROWS = [
    ("P1", "ES", 500), ("P1", "DE", 300), ("P1", "QU", 900), ("P1", "IT", 40),
    ("P2", "ES", 200), ("P2", "DE", 250), ("P2", "IT", 30),
    ("P3", "ES", 100), ("P3", "IT", 20), ("P3", "QU", 5),
    ("P4", "DE", 60), ("P4", "IT", 7),
]
TOTAL = sum(v for _, _, v in ROWS)


def records_for(flow: str) -> pd.DataFrame:
    return make_records([(flow, p, c, v) for p, c, v in ROWS] + [("E" if flow == "I" else "I", "P9", "ES", 10**6)])


def layout(flow: str = "E", **kwargs) -> chart_sankey.SankeyLayout:
    options = {"n_products": 2, "n_countries": 2, "n_red": 3, **kwargs}
    return chart_sankey.compute_layout(records_for(flow), flow=flow, **options)


def test_exports_products_left_imports_countries_left():
    exports, imports = layout("E"), layout("I")
    assert {n.kind for n in exports.side("left")} == {"product"} and {n.kind for n in exports.side("right")} == {"country"}
    assert {n.kind for n in imports.side("left")} == {"country"} and {n.kind for n in imports.side("right")} == {"product"}
    assert [n.code for n in exports.side("left")] == ["P1", "P2", ranking.OTHERS_CODE]
    assert [n.code for n in exports.side("right")] == ["ES", "DE", ranking.OTHERS_CODE]  # QU never named
    assert [n.code for n in imports.side("left")] == ["ES", "DE", ranking.OTHERS_CODE]


@pytest.mark.parametrize("flow", ["E", "I"])
def test_each_side_sums_to_total_and_heights_proportional(flow):
    lay = layout(flow)
    assert lay.total_eur == TOTAL
    for side in ("left", "right"):
        nodes = lay.side(side)
        assert sum(n.value_eur for n in nodes) == TOTAL
        assert sum(n.y1 - n.y0 for n in nodes) == pytest.approx(TOTAL * lay.scale)
        for n in nodes:
            assert n.y1 - n.y0 == pytest.approx(n.value_eur * lay.scale)
        for upper, lower in zip(nodes, nodes[1:]):
            assert lower.y0 - upper.y1 == pytest.approx(chart_sankey.NODE_GAP)
        assert nodes[0].y0 >= chart_sankey.HEADER - 1e-9
        assert nodes[-1].y1 <= chart_sankey.HEADER + chart_sankey.HEIGHT + 1e-9


def test_others_arithmetic():
    lay = layout("E")
    products = {n.code: n.value_eur for n in lay.side("left")}
    countries = {n.code: n.value_eur for n in lay.side("right")}
    assert products == {"P1": 1740, "P2": 480, ranking.OTHERS_CODE: 125 + 67}
    assert countries == {"ES": 800, "DE": 610, ranking.OTHERS_CODE: 905 + 97}
    links = {(k.source, k.target): k.value_eur for k in lay.links}
    assert links[(ranking.OTHERS_CODE, ranking.OTHERS_CODE)] == 20 + 5 + 7
    assert links[("P1", ranking.OTHERS_CODE)] == 940
    assert sum(links.values()) == TOTAL


def test_red_links_are_largest_between_named_nodes():
    lay = layout("E")
    red = sorted((k.source, k.target) for k in lay.links if k.red)
    # largest link P1→autres (940, through QU) is not red; named pairs: 500, 300, 250, 200
    assert red == [("P1", "DE"), ("P1", "ES"), ("P2", "DE")]
    for k in lay.links:
        if k.red:
            assert ranking.OTHERS_CODE not in (k.source, k.target)
    assert chart_sankey.red_links({("A", "X"): 5, ("B", "X"): 5, ("C", "X"): 4}, 1) == {("A", "X")}


def test_link_offsets_tile_every_node():
    lay = layout("I", n_products=3, n_countries=3)
    for side, key, y0, y1 in (("left", "source", "sy0", "sy1"), ("right", "target", "ty0", "ty1")):
        for node in lay.side(side):
            bands = sorted((getattr(k, y0), getattr(k, y1)) for k in lay.links if getattr(k, key) == node.code)
            assert bands[0][0] == pytest.approx(node.y0) and bands[-1][1] == pytest.approx(node.y1)
            for (_, end), (start, _) in zip(bands, bands[1:]):
                assert start == pytest.approx(end)
    for k in lay.links:
        assert k.sy1 - k.sy0 == pytest.approx(k.value_eur * lay.scale) == pytest.approx(k.ty1 - k.ty0)


def test_spread_labels():
    ys = chart_sankey.spread_labels([10, 11, 12, 100], 13, 5, 120)
    assert all(b - a >= 13 - 1e-9 for a, b in zip(ys, ys[1:]))
    assert ys[-1] == 100
    ys = chart_sankey.spread_labels([110, 115, 118], 13, 5, 120)
    assert ys[-1] <= 120 and ys[0] >= 5


def test_chart_titles_data_and_one_row_per_link():
    result = chart_sankey.sankey(records_for("E"), flow="E", year=2024, scope_label="Aude", product_labels=None,
                                 country_labels=None, n_products=2, n_countries=2, n_red=3)
    assert result.name == "sankey-export-dep"
    assert result.title == "Flux à l'export par produit et par pays, Aude (en valeur, 2024)"
    imports = chart_sankey.sankey(records_for("I"), flow="I", year=2024, scope_label="Aude", product_labels=None,
                                  country_labels=None, scope="region")
    assert imports.name == "sankey-import-region"
    assert imports.title == "Flux à l'import par pays et par produit, Aude (en valeur, 2024)"
    data = result.data
    assert data["Valeur (€)"].sum() == TOTAL
    assert (data["Flux principal (rouge)"] == "oui").sum() == 3
    spec = result.chart.to_dict()
    links = next(d for d in spec["datasets"].values() if "sy0" in d[0])
    assert len(links) == len(data) == 9  # 3 × 3 groups, every pair present
    assert spec["description"] == result.description
    assert "sequence(0, 1.0001" in result.chart.to_json()


@pytest.fixture(scope="module")
def aude(demo_cache) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cache = demo_cache  # the session\'s demonstration data (conftest)
    return (
        store.read_records(cache, dep="11"),
        store.read_labels(cache, "a129", 2024),
        store.read_labels(cache, "pays", 2024),
    )


@pytest.mark.parametrize("flow", ["E", "I"])
def test_aude_demo(aude, flow):
    records, products, countries = aude
    result = chart_sankey.sankey(records, flow=flow, year=2024, scope_label="Aude", product_labels=products, country_labels=countries)
    total = {"E": 1_966_000_000, "I": 2_211_900_000}[flow]
    assert result.data["Valeur (€)"].sum() == total
    assert (result.data["Flux principal (rouge)"] == "oui").sum() == 5
    red = result.data[result.data["Flux principal (rouge)"] == "oui"]
    assert (red["Code origine"] != "").all() and (red["Code destination"] != "").all()
    country_column = "Code destination" if flow == "E" else "Code origine"
    assert not set(result.data[country_column]) & ranking.special_partner_codes(countries)
    assert result.data[country_column].replace("", pd.NA).dropna().nunique() == 10
    size = len(result.chart.to_json())
    assert size < 60_000, f"spec trop gros : {size} octets"
    result.chart.to_dict(validate=True)


def test_stable_across_processes(aude, demo_data, demo_cache):
    records, products, countries = aude
    here = chart_sankey.sankey(records, flow="E", year=2024, scope_label="Aude", product_labels=products,
                               country_labels=countries).chart.to_json()
    other = chart_json_in_another_process(
        'chart_sankey.sankey(records, flow="E", year=2024, scope_label="Aude", product_labels=labels("a129"), country_labels=labels("pays"))',
        demo_data, demo_cache, hash_seed="4242",
    )
    assert other == here


def test_no_data_gives_a_valid_empty_chart():
    from helpers.charts import butterfly as chart_butterfly
    from helpers.charts import treemap as chart_treemap

    empty = make_records([("I", "C11Z", "ES", 5)], year=2023)  # nothing in 2024
    results = [
        chart_sankey.sankey(empty, flow="E", year=2024, scope_label="X", product_labels=None, country_labels=None),
        chart_butterfly.butterfly(empty, year=2024, scope_label="X", country_labels=None),
        chart_treemap.treemap(empty, year=2024, scope_label="X", product_labels=None),
    ]
    for result in results:
        assert result.data.empty and "aucun échange" in result.description
        result.chart.to_dict(validate=True)
