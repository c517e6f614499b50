"""Layout of the Sankey diagrams of :mod:`~helpers.charts.sankey`, in pure Python (no drawing).

Exports: products on the left → destination countries on the right. Imports: origin countries on
the left → products on the right. On each side the top-``n`` nodes (ranked by value, ties by
code, special partner codes never named: :mod:`~helpers.charts.ranking`) and « autres » (last, grey).
Node heights are proportional to values with a small gap between nodes; both sides use the same
scale, so each side's heights add up to the flow total. The ``n_red`` largest links between two
**named** nodes are red (ties by codes), the others neutral grey.

Computed here: the node rectangles and each link's vertical extents at both ends
(:func:`compute_layout`), the label positions (:func:`spread_labels`) and the horizontal layout
(:func:`geometry`: label margins, node columns, band area). Units: pixels, y down; values in
integer euros.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import ranking
from .base import meur_label, text_width
from .product_labels import country_labels_for, product_labels_for

#: Height of the node area, header band above it, gap between nodes, node width (pixels).
HEIGHT = 440
HEADER = 22
NODE_GAP = 6
NODE_WIDTH = 12
#: Space between a node and its label; smallest and preferred width of the band area (pixels).
#: With Vega's 5 px padding each side a chart is 750 px wide: in the 688 px text column of a 1280 px
#: screen its 11 px labels stay at 10 px or more, the floor ``comext-charts.js`` keeps (narrower
#: screens scroll the chart sideways).
LABEL_OFFSET = 6
MIN_LINKS_WIDTH = 220
TARGET_WIDTH = 740


@dataclass(frozen=True)
class Node:
    """A node: side (``"left"``/``"right"``), kind (``"product"``/``"country"``), code, label, value, rectangle."""

    side: str
    kind: str
    code: str
    label: str
    value_eur: int
    y0: float
    y1: float

    @property
    def is_others(self) -> bool:
        return self.code == ranking.OTHERS_CODE


@dataclass(frozen=True)
class Link:
    """A band from a left node to a right node: value, vertical extents at both ends, colour."""

    source: str
    target: str
    value_eur: int
    sy0: float
    sy1: float
    ty0: float
    ty1: float
    red: bool


@dataclass(frozen=True)
class SankeyLayout:
    """Nodes (left then right, top to bottom), links, flow total (euros), pixels per euro."""

    flow: str
    nodes: list[Node]
    links: list[Link]
    total_eur: int
    scale: float

    def side(self, side: str) -> list[Node]:
        """Nodes of one side, top to bottom."""
        return [node for node in self.nodes if node.side == side]

    def node(self, side: str, code: str) -> Node:
        """The node ``code`` of ``side``."""
        return next(n for n in self.nodes if n.side == side and n.code == code)


def _side_items(rank: ranking.Ranking, names: dict[str, str]) -> list[tuple[str, str, int]]:
    """(code, label, euros) of the named codes then « autres » when it is not empty."""
    items = [(c, names[c], int(v)) for c, v in zip(rank.named["code"], rank.named["value_eur"], strict=True)]
    if rank.others_eur != 0:
        items.append((ranking.OTHERS_CODE, ranking.OTHERS_LABEL, rank.others_eur))
    return items


def _stack(items: list[tuple[str, str, int]], side: str, kind: str, scale: float) -> list[Node]:
    """Nodes of one side stacked top to bottom with gaps, centred vertically in the node area."""
    used = sum(v for _, _, v in items) * scale + NODE_GAP * (len(items) - 1)
    y = HEADER + (HEIGHT - used) / 2
    nodes = []
    for code, label, value in items:
        nodes.append(Node(side, kind, code, label, value, y, y + value * scale))
        y += value * scale + NODE_GAP
    return nodes


def red_links(values: dict[tuple[str, str], int], n_red: int) -> set[tuple[str, str]]:
    """The ``n_red`` largest (source, target) pairs between named nodes (ties by codes)."""
    named = [(pair, v) for pair, v in values.items() if ranking.OTHERS_CODE not in pair and v > 0]
    named.sort(key=lambda item: (-item[1], item[0]))
    return {pair for pair, _ in named[:n_red]}


def _pair_sums(records: pd.DataFrame, flow: str, level: str) -> dict[tuple[str, str], int]:
    """Σ ``value_eur`` of the ``flow`` records per (product at ``level``, country), integer euros."""
    sums = ranking.sums_by(records, ["flow", level, "country"])
    return {(product, country): value for (row_flow, product, country), value in sums.items() if row_flow == flow}


def compute_layout(
    records: pd.DataFrame,
    *,
    flow: str,
    level: str = "a129",
    product_labels: pd.DataFrame | None = None,
    country_labels: pd.DataFrame | None = None,
    n_products: int = 10,
    n_countries: int = 10,
    n_red: int = 5,
) -> SankeyLayout:
    """Nodes and links of the Sankey of ``records`` (one flow, one year, one scope)."""
    # one sum per (product, country) pair: the rankings and the links only need these
    pairs = _pair_sums(records, flow, level)
    products = ranking.top_n_of(ranking.sums_by_code((p for p, _ in pairs), pairs.values()), n_products)
    countries = ranking.top_n_of(
        ranking.sums_by_code((c for _, c in pairs), pairs.values()), n_countries, excluded=ranking.special_partner_codes(country_labels)
    )
    product_items = _side_items(products, product_labels_for(products.codes, level=level, labels=product_labels))
    country_items = _side_items(countries, country_labels_for(countries.codes, country_labels))
    total = products.total_eur
    left, right = (product_items, country_items) if flow == "E" else (country_items, product_items)
    kinds = ("product", "country") if flow == "E" else ("country", "product")
    if total <= 0:
        return SankeyLayout(flow, [], [], total, 0.0)
    scale = min((HEIGHT - NODE_GAP * (len(items) - 1)) / total for items in (left, right))
    nodes = _stack(left, "left", kinds[0], scale) + _stack(right, "right", kinds[1], scale)

    product_group, country_group = products.mapping(), countries.mapping()
    group_sums = ranking.sums_by_code(((product_group[p], country_group[c]) for p, c in pairs), pairs.values())
    values: dict[tuple[str, str], int] = {}
    for (product, country), value in sorted(group_sums.items()):
        if value != 0:
            values[(product, country) if flow == "E" else (country, product)] = int(value)
    reds = red_links(values, n_red)
    left_index = {n.code: i for i, n in enumerate(nodes) if n.side == "left"}
    right_index = {n.code: i for i, n in enumerate(nodes) if n.side == "right"}
    # offsets inside each node: at the source in target order, at the target in source order
    source_offset = {n.code: n.y0 for n in nodes if n.side == "left"}
    target_offset = {n.code: n.y0 for n in nodes if n.side == "right"}
    source_y: dict[tuple[str, str], float] = {}
    for pair in sorted(values, key=lambda p: (left_index[p[0]], right_index[p[1]])):
        source_y[pair] = source_offset[pair[0]]
        source_offset[pair[0]] += values[pair] * scale
    links = []
    for pair in sorted(values, key=lambda p: (right_index[p[1]], left_index[p[0]])):
        ty0 = target_offset[pair[1]]
        target_offset[pair[1]] += values[pair] * scale
        sy0 = source_y[pair]
        height = values[pair] * scale
        links.append(Link(pair[0], pair[1], values[pair], sy0, sy0 + height, ty0, ty0 + height, pair in reds))
    links.sort(key=lambda link: (left_index[link.source], right_index[link.target]))
    return SankeyLayout(flow, nodes, links, total, scale)


def spread_labels(centres: list[float], spacing: float, top: float, bottom: float) -> list[float]:
    """Label positions as close to ``centres`` (sorted) as possible, at least ``spacing`` apart, within [top, bottom]."""
    ys = list(centres)
    for i in range(len(ys)):
        floor = top if i == 0 else ys[i - 1] + spacing
        ys[i] = max(ys[i], floor)
    for i in range(len(ys) - 1, -1, -1):
        ceiling = bottom if i == len(ys) - 1 else ys[i + 1] - spacing
        ys[i] = min(ys[i], ceiling)
    return ys


def node_text(node: Node) -> str:
    """Label of a node: "Espagne (258,9 M€)"."""
    return f"{node.label} ({meur_label(node.value_eur)})"


@dataclass(frozen=True)
class Geometry:
    """Horizontal layout (pixels): label margins, node columns, band ends, total width/height."""

    left_margin: float
    right_margin: float
    links_width: float

    @property
    def x_left_node(self) -> float:
        return self.left_margin

    @property
    def x_link_start(self) -> float:
        return self.left_margin + NODE_WIDTH

    @property
    def x_link_end(self) -> float:
        return self.x_link_start + self.links_width

    @property
    def width(self) -> float:
        return self.x_link_end + NODE_WIDTH + self.right_margin

    @property
    def height(self) -> float:
        return HEADER + HEIGHT


def geometry(layout: SankeyLayout) -> Geometry:
    """Margins wide enough for the longest label of each side; band area fills :data:`TARGET_WIDTH`."""
    left = max((text_width(node_text(n)) for n in layout.side("left")), default=0) + LABEL_OFFSET + 2
    right = max((text_width(node_text(n)) for n in layout.side("right")), default=0) + LABEL_OFFSET + 2
    links = max(MIN_LINKS_WIDTH, TARGET_WIDTH - left - right - 2 * NODE_WIDTH)
    return Geometry(round(left, 1), round(right, 1), round(links, 1))
