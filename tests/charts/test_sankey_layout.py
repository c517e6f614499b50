"""Sankey layout: sides, node heights, « autres », red flows, link offsets, label spreading."""

from __future__ import annotations

import pytest

from helpers.charts import ranking, sankey_layout
from tests.charts.support import SANKEY_TOTAL, sankey_records


def layout(flow: str = "E", **kwargs) -> sankey_layout.SankeyLayout:
    options = {"n_products": 2, "n_countries": 2, "n_red": 3, **kwargs}
    return sankey_layout.compute_layout(sankey_records(flow), flow=flow, **options)


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
    assert lay.total_eur == SANKEY_TOTAL
    for side in ("left", "right"):
        nodes = lay.side(side)
        assert sum(n.value_eur for n in nodes) == SANKEY_TOTAL
        assert sum(n.y1 - n.y0 for n in nodes) == pytest.approx(SANKEY_TOTAL * lay.scale)
        for n in nodes:
            assert n.y1 - n.y0 == pytest.approx(n.value_eur * lay.scale)
        for upper, lower in zip(nodes, nodes[1:]):
            assert lower.y0 - upper.y1 == pytest.approx(sankey_layout.NODE_GAP)
        assert nodes[0].y0 >= sankey_layout.HEADER - 1e-9
        assert nodes[-1].y1 <= sankey_layout.HEADER + sankey_layout.HEIGHT + 1e-9


def test_others_arithmetic():
    lay = layout("E")
    products = {n.code: n.value_eur for n in lay.side("left")}
    countries = {n.code: n.value_eur for n in lay.side("right")}
    assert products == {"P1": 1740, "P2": 480, ranking.OTHERS_CODE: 125 + 67}
    assert countries == {"ES": 800, "DE": 610, ranking.OTHERS_CODE: 905 + 97}
    links = {(k.source, k.target): k.value_eur for k in lay.links}
    assert links[(ranking.OTHERS_CODE, ranking.OTHERS_CODE)] == 20 + 5 + 7
    assert links[("P1", ranking.OTHERS_CODE)] == 940
    assert sum(links.values()) == SANKEY_TOTAL


def test_red_links_are_largest_between_named_nodes():
    lay = layout("E")
    red = sorted((k.source, k.target) for k in lay.links if k.red)
    # largest link P1→autres (940, through QU) is not red; named pairs: 500, 300, 250, 200
    assert red == [("P1", "DE"), ("P1", "ES"), ("P2", "DE")]
    for k in lay.links:
        if k.red:
            assert ranking.OTHERS_CODE not in (k.source, k.target)
    assert sankey_layout.red_links({("A", "X"): 5, ("B", "X"): 5, ("C", "X"): 4}, 1) == {("A", "X")}


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
    ys = sankey_layout.spread_labels([10, 11, 12, 100], 13, 5, 120)
    assert all(b - a >= 13 - 1e-9 for a, b in zip(ys, ys[1:]))
    assert ys[-1] == 100
    ys = sankey_layout.spread_labels([110, 115, 118], 13, 5, 120)
    assert ys[-1] <= 120 and ys[0] >= 5

