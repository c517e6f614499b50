"""Sankey diagrams "Flux à l'export/à l'import par produit et par pays" (fiche.md, sections 6–7).

The layout (sides, node heights, « autres », red links, label positions, margins) is computed in
Python by :mod:`~helpers.charts.sankey_layout`; this module draws it with Vega-Lite (Altair) and
gives the table of the numbers drawn and the French screen-reader description.

Vega-Lite has no Sankey: node rectangles and per-link offsets are computed in Python (pixels, y
down), and the data holds **one row per link** (source y0/y1, target y0/y1, colour class,
tooltip texts). The band outlines are generated in the browser: each row gets
``t = sequence(0, 1.0001, 0.05)``, is flattened, and ``x`` and a smooth-step interpolation of
``y``/``y2`` are computed per ``t``; ``mark_area`` draws one band per link (``detail``). The
spec stays small (a few tens of KB even for France entière).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from . import palette, ranking
from .base import (
    LABEL_FONT_SIZE,
    LINE_HEIGHT,
    ChartResult,
    building,
    channels,
    config,
    empty_chart,
    identity_scale,
    inline_data,
    layer,
    meur_label,
    round_meur,
    share_label,
    share_percent,
    spec,
    title_params,
)
from .sankey_layout import (
    HEADER,
    HEIGHT,
    LABEL_OFFSET,
    NODE_WIDTH,
    Geometry,
    SankeyLayout,
    compute_layout,
    geometry,
    node_text,
    spread_labels,
)

#: Step of ``t`` along a band (21 points per band).
CURVE_STEP = 0.05
#: Opacity of the red and neutral bands.
RED_OPACITY = 0.85
NEUTRAL_OPACITY = 0.55
FLOW_WORDS = {"E": "export", "I": "import"}
#: Column headers above the nodes, by flow: (left, right).
HEADERS = {"E": ("Produits", "Pays de destination"), "I": ("Pays d'origine", "Produits")}


def _node_rows(layout: SankeyLayout, geo: Geometry) -> list[dict[str, object]]:
    """One row per node: rectangle, label position and text, tooltips."""
    rows = []
    for side in ("left", "right"):
        nodes = layout.side(side)
        label_ys = spread_labels(
            [(n.y0 + n.y1) / 2 for n in nodes], LINE_HEIGHT, HEADER + LINE_HEIGHT / 2, HEADER + HEIGHT - LINE_HEIGHT / 2
        )
        x0 = float(geo.x_left_node if side == "left" else geo.x_link_end)
        for node, label_y in zip(nodes, label_ys, strict=True):
            rows.append(
                {
                    "cote": side,
                    "x0": x0, "x1": x0 + NODE_WIDTH, "y0": float(round(node.y0, 2)), "y1": float(round(node.y1, 2)),
                    "ly": float(round(label_y, 2)),
                    "classe": "autres" if node.is_others else "nomme",
                    "texte": node_text(node),
                    "nom": node.label,
                    "valeur": meur_label(node.value_eur),
                    "part": share_label(node.value_eur, layout.total_eur),
                }
            )
    return rows


def _link_rows(layout: SankeyLayout) -> list[dict[str, object]]:
    """One row per link (the band is computed in the browser), with tooltip texts."""
    names = {(n.side, n.code): n.label for n in layout.nodes}
    return [
        {
            "id": i,
            "sy0": float(round(k.sy0, 2)), "sy1": float(round(k.sy1, 2)),
            "ty0": float(round(k.ty0, 2)), "ty1": float(round(k.ty1, 2)),
            "rouge": bool(k.red),
            "de": names[("left", k.source)],
            "vers": names[("right", k.target)],
            "valeur": meur_label(k.value_eur),
            "part": share_label(k.value_eur, layout.total_eur),
        }
        for i, k in enumerate(layout.links)
    ]


@cache
def _parts() -> dict[str, Any]:
    """The invariant pieces of every Sankey, built once per process (Vega-Lite dicts: marks, channels, filters)."""
    def tooltip(*items: tuple[str, str]) -> list[dict[str, Any]]:
        return [spec(alt.Tooltip(field=name, type="nominal", title=title)) for name, title in items]

    node_tooltip = tooltip(("nom", "Nœud"), ("valeur", "Valeur"), ("part", "Part du total"))
    text = alt.Text(field="texte", type="nominal")
    colours = {
        flow: spec(alt.Scale(domain=["nomme", "autres"], range=[palette.flow_color(flow), palette.OTHERS])) for flow in FLOW_WORDS
    }
    return {
        # channels of the bands besides x and y (their scales follow the chart's size)
        "band_channels": channels(
            y2=alt.Y2(field="yb"), detail=alt.Detail(field="id", type="nominal"),
            tooltip=tooltip(("de", "De"), ("vers", "Vers"), ("valeur", "Valeur"), ("part", "Part du total")),
        ),
        "rect_channels": {
            flow: channels(
                x2=alt.X2(field="x1"), y2=alt.Y2(field="y1"),
                color=alt.Color(field="classe", type="nominal", scale=colours[flow], legend=None), tooltip=node_tooltip,
            )
            for flow in FLOW_WORDS
        },
        "label_encodings": {
            side: channels(x=alt.X(field=x, type="quantitative"), y=alt.Y(field="ly", type="quantitative"), text=text, tooltip=node_tooltip)
            for side, x in (("left", "x0"), ("right", "x1"))
        },
        "header_encoding": channels(x=alt.X(field="x", type="quantitative"), y=alt.Y(field="y", type="quantitative"), text=text),
        "band_marks": [
            spec(alt.MarkDef(
                type="area", color=palette.SANKEY_RED if red else palette.NEUTRAL,
                opacity=RED_OPACITY if red else NEUTRAL_OPACITY, interpolate="linear", aria=False,
            ))
            for red in (False, True)
        ],
        "band_filters": [spec(alt.FilterTransform(filter=~alt.datum.rouge)), spec(alt.FilterTransform(filter=alt.datum.rouge))],
        "label_marks": {
            side: spec(alt.MarkDef(type="text", align=align, baseline="middle", fontSize=LABEL_FONT_SIZE, dx=dx))
            for side, align, dx in (("left", "right", -LABEL_OFFSET), ("right", "left", LABEL_OFFSET))
        },
        "header_marks": {
            side: spec(alt.MarkDef(type="text", align=align, baseline="alphabetic", fontSize=12, fontWeight="bold", color=palette.TEXT))
            for side, align in (("left", "right"), ("right", "left"))
        },
        "side_filters": {side: spec(alt.FilterTransform(filter=alt.datum.cote == side)) for side in ("left", "right")},
    }


def _bands(links: list[dict[str, object]], geo: Geometry) -> list[alt.Chart]:
    """Two area layers (neutral below, red above), band outlines computed in the browser."""
    parts = _parts()
    x0, x1 = geo.x_link_start, geo.x_link_end
    calculations = [
        ("t", f"sequence(0, 1.0001, {CURVE_STEP})"),
        ("s", "datum.t * datum.t * (3 - 2 * datum.t)"),
        ("x", f"{x0} + datum.t * {x1 - x0}"),
        ("ya", "datum.sy0 + datum.s * (datum.ty0 - datum.sy0)"),
        ("yb", "datum.sy1 + datum.s * (datum.ty1 - datum.sy1)"),
    ]
    steps = [spec(alt.CalculateTransform(calculate=expression, **{"as": name})) for name, expression in calculations]
    steps.insert(1, spec(alt.FlattenTransform(flatten=["t"])))
    encoding = channels(
        x=alt.X(field="x", type="quantitative", scale=spec(identity_scale(geo.width)), axis=None),
        y=alt.Y(field="ya", type="quantitative", scale=spec(identity_scale(geo.height)), axis=None),
        **parts["band_channels"],
    )
    data = inline_data(links)
    return [
        layer(data=data, mark=mark, encoding=encoding, transform=[*steps, keep])
        for mark, keep in zip(parts["band_marks"], parts["band_filters"], strict=True)
    ]


def _nodes(nodes: list[dict[str, object]], layout: SankeyLayout, geo: Geometry) -> list[alt.Chart]:
    """Node rectangles, their labels (left: right-aligned; right: left-aligned) and column headers."""
    parts = _parts()
    data = inline_data(nodes)
    rects = layer(
        data=data,
        mark="rect",
        encoding=channels(
            x=alt.X(field="x0", type="quantitative", scale=spec(identity_scale(geo.width)), axis=None),
            y=alt.Y(field="y0", type="quantitative", scale=spec(identity_scale(geo.height)), axis=None),
            **parts["rect_channels"][layout.flow],
        ),
    )
    labels = [
        layer(data=data, mark=parts["label_marks"][side], encoding=parts["label_encodings"][side], transform=[parts["side_filters"][side]])
        for side in ("left", "right")
    ]
    left_header, right_header = HEADERS[layout.flow]
    headers = inline_data(
        [
            {"x": float(geo.x_link_start), "y": HEADER - 8, "texte": left_header, "cote": "left"},
            {"x": float(geo.x_link_end), "y": HEADER - 8, "texte": right_header, "cote": "right"},
        ]
    )
    header_layers = [
        layer(data=headers, mark=parts["header_marks"][side], encoding=parts["header_encoding"], transform=[parts["side_filters"][side]])
        for side in ("left", "right")
    ]
    return [rects, *labels, *header_layers]


def french_table(layout: SankeyLayout, level: str) -> pd.DataFrame:
    """The numbers drawn, one row per link: from, to, codes, M€ as displayed, euros, share, red."""
    names = {(n.side, n.code): n.label for n in layout.nodes}

    def code(value: str) -> str:
        return "" if value == ranking.OTHERS_CODE else value

    return pd.DataFrame(
        {
            "De": [names[("left", k.source)] for k in layout.links],
            "Vers": [names[("right", k.target)] for k in layout.links],
            "Code origine": [code(k.source) for k in layout.links],
            "Code destination": [code(k.target) for k in layout.links],
            "Valeur (M€)": [round_meur(k.value_eur) for k in layout.links],
            "Valeur (€)": pd.array([k.value_eur for k in layout.links], dtype="int64"),
            "Part du total (%)": [share_percent(k.value_eur, layout.total_eur) for k in layout.links],
            "Flux principal (rouge)": ["oui" if k.red else "non" for k in layout.links],
        }
    )


def _description(layout: SankeyLayout, scope_label: str, year: int, n_red: int) -> str:
    """French screen-reader text: what each side holds, the red flows, every node's value."""
    names = {(n.side, n.code): n.label for n in layout.nodes}
    word = "exportations" if layout.flow == "E" else "importations"
    sides = "produits à gauche, pays de destination à droite" if layout.flow == "E" else "pays d'origine à gauche, produits à droite"
    reds = sorted((k for k in layout.links if k.red), key=lambda k: -k.value_eur)
    red_text = " ; ".join(
        f"{names[('left', k.source)]} vers {names[('right', k.target)]} {meur_label(k.value_eur)} ({share_label(k.value_eur, layout.total_eur)})"
        for k in reds
    )
    left = ", ".join(f"{n.label} {meur_label(n.value_eur)}" for n in layout.side("left"))
    right = ", ".join(f"{n.label} {meur_label(n.value_eur)}" for n in layout.side("right"))
    return (
        f"Diagramme de Sankey des {word}, {scope_label}, {year}, total {meur_label(layout.total_eur)} : {sides}. "
        f"Les {len(reds)} flux les plus importants, en rouge : {red_text}. "
        f"À gauche : {left}. À droite : {right}."
    )


def sankey(
    records: pd.DataFrame,
    *,
    flow: str,
    year: int,
    scope_label: str,
    product_labels: pd.DataFrame | None,
    country_labels: pd.DataFrame | None,
    level: str = "a129",
    n_products: int = 10,
    n_countries: int = 10,
    n_red: int = 5,
    scope: str = "dep",
    show_title: bool = False,
) -> ChartResult:
    """Sankey of one flow (``"E"``/``"I"``) of one scope and year (module docstring).

    ``scope`` only names the result (``"sankey-export-dep"``, ``…-region``, ``…-france``).
    """
    if flow not in FLOW_WORDS:
        raise ValueError(f"flux inconnu : {flow!r} (attendu : E ou I)")
    if flow == "E":
        title = f"Flux à l'export par produit et par pays, {scope_label} (en valeur, {year})"
    else:
        title = f"Flux à l'import par pays et par produit, {scope_label} (en valeur, {year})"
    name = f"sankey-{FLOW_WORDS[flow]}-{scope}"
    footnote = (
        f"« Autres » regroupe les produits au-delà des {n_products} premiers et les pays au-delà des "
        f"{n_countries} premiers, ainsi que les codes qui ne désignent pas un pays (pays non déterminés, "
        f"avitaillement, haute mer…). En rouge, les {n_red} flux les plus importants entre un produit et un pays "
        "nommés. Épaisseur des flux proportionnelle à leur valeur."
    )
    year_records = records[records["year"] == year]
    layout = compute_layout(
        year_records, flow=flow, level=level, product_labels=product_labels, country_labels=country_labels,
        n_products=n_products, n_countries=n_countries, n_red=n_red,
    )
    table = french_table(layout, level)
    if not layout.links:
        description = f"{scope_label}, {year} : aucun échange."
        return ChartResult(name, title, description, empty_chart("Aucune donnée pour cette année.", description=description), table, footnote)
    geo = geometry(layout)
    description = _description(layout, scope_label, year, n_red)
    with building():
        chart = alt.LayerChart(
            layer=[*_bands(_link_rows(layout), geo), *_nodes(_node_rows(layout, geo), layout, geo)],
            width=geo.width, height=geo.height, description=description, config=config(), **title_params(title, show_title),
        )
    return ChartResult(name, title, description, chart, table, footnote)
