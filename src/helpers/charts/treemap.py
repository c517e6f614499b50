"""Treemap "Principales activités à l'import et à l'export" (fiche.md, section 5).

Two blocks side by side, imports (blue) on the left and exports (violet) on the right, of the
same height and of widths proportional to the flow totals: the blocks' **areas are proportional
to the totals**, so the overall balance is visible. Inside each block, a squarified layout
(``squarify``) of the top-``n`` products and « autres » (grey, last): a tile's area is
proportional to its value. Tiles are drawn with ``mark_rect`` (x, x2, y, y2) in pixel
coordinates computed here; labels (wrapped short label and value) are drawn with ``mark_text``
only where they fit the tile at :data:`~helpers.charts.base.LABEL_FONT_SIZE` (checked here with a
conservative text-width estimate): a label never overflows its tile, and the tooltip always has
the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
import squarify

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
    text_block_size,
    title_params,
)
from .product_labels import product_labels_for, wrap

#: Drawing area of the two blocks, pixels (headers above it).
WIDTH = 720
HEIGHT = 400
#: Height of the header band (block titles), gap between the blocks, inner padding of labels.
HEADER = 24
GAP = 12
PADDING = 4
#: Label layouts tried in order: (wrap width in characters, with the value line).
LABEL_CANDIDATES: tuple[tuple[int, bool], ...] = (
    (22, True), (16, True), (12, True), (9, True), (22, False), (12, False), (9, False),
)
FLOW_NAMES = {"I": "Importations", "E": "Exportations"}


@dataclass(frozen=True)
class Tile:
    """One tile: flow, product code (or « autres »), label, value and rectangle (pixels, y down)."""

    flow: str
    code: str
    label: str
    value_eur: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def fitting_label(label: str, value_eur: int, width: float, height: float) -> list[str] | None:
    """Lines of the first label layout (:data:`LABEL_CANDIDATES`) that fits a tile, or ``None``.

    Fits = the text block plus :data:`PADDING` on every side lies inside ``width`` × ``height``.
    """
    for wrap_width, with_value in LABEL_CANDIDATES:
        lines = wrap(label, wrap_width) + ([meur_label(value_eur)] if with_value else [])
        if label_fits(lines, width, height):
            return lines
    return None


def label_fits(lines: list[str], width: float, height: float) -> bool:
    """Whether ``lines`` fit a ``width`` × ``height`` tile with :data:`PADDING` all round."""
    text_w, text_h = text_block_size(lines, LABEL_FONT_SIZE, LINE_HEIGHT)
    return text_w + 2 * PADDING <= width and text_h + 2 * PADDING <= height


def block_widths(totals: dict[str, int], width: float = WIDTH, gap: float = GAP) -> dict[str, float]:
    """Width of each flow's block (same height): proportional to its total, gap between."""
    present = [f for f in ("I", "E") if totals.get(f, 0) > 0]
    usable = width - gap * (len(present) - 1)
    grand = sum(totals[f] for f in present)
    return {f: usable * totals[f] / grand for f in present}


def flow_items(records: pd.DataFrame, flow: str, *, level: str, product_labels: pd.DataFrame | None, n: int) -> list[tuple[str, str, int]]:
    """(code, label, euros) of the top-``n`` products of ``flow`` then « autres » (if > 0)."""
    return _items(_product_sums(records, level).get(flow, {}), level=level, product_labels=product_labels, n=n)


def _product_sums(records: pd.DataFrame, level: str) -> dict[str, dict[str, int]]:
    """Σ ``value_eur`` per flow and product code at ``level``, integer euros."""
    sums: dict[str, dict[str, int]] = {}
    for (flow, code), value in ranking.sums_by(records, ["flow", level]).items():
        sums.setdefault(flow, {})[code] = value
    return sums


def _items(sums: dict[str, int], *, level: str, product_labels: pd.DataFrame | None, n: int) -> list[tuple[str, str, int]]:
    """:func:`flow_items` from one flow's product sums."""
    rank = ranking.top_n_of(sums, n)
    names = product_labels_for(rank.codes, level=level, labels=product_labels)
    items = [(code, names[code], int(value)) for code, value in zip(rank.named["code"], rank.named["value_eur"], strict=True)]
    if rank.others_eur > 0:
        items.append((ranking.OTHERS_CODE, ranking.OTHERS_LABEL, rank.others_eur))
    return items


def layout(records: pd.DataFrame, *, level: str, product_labels: pd.DataFrame | None, n: int) -> tuple[list[Tile], dict[str, int]]:
    """Tiles of both blocks (imports left) and the flow totals (euros)."""
    sums = _product_sums(records, level)
    totals = {f: int(sum(sums.get(f, {}).values())) for f in ("I", "E")}
    widths = block_widths(totals)
    tiles: list[Tile] = []
    x = 0.0
    for flow in ("I", "E"):
        if flow not in widths:
            continue
        items = _items(sums[flow], level=level, product_labels=product_labels, n=n)
        sizes = squarify.normalize_sizes([v for _, _, v in items], widths[flow], HEIGHT)
        for (code, label, value), rect in zip(items, squarify.squarify(sizes, x, HEADER, widths[flow], HEIGHT), strict=True):
            tiles.append(Tile(flow, code, label, value, rect["x"], rect["y"], rect["x"] + rect["dx"], rect["y"] + rect["dy"]))
        x += widths[flow] + GAP
    return tiles, totals


def _tile_rows(tiles: list[Tile], totals: dict[str, int]) -> list[dict[str, object]]:
    """Data of the chart: one row per tile, rectangle, colour class, label text and tooltips."""
    rows = []
    for t in tiles:
        lines = fitting_label(t.label, t.value_eur, t.width, t.height)
        rows.append(
            {
                "x0": float(t.x0), "x1": float(t.x1), "y0": float(t.y0), "y1": float(t.y1),
                "classe": "autres" if t.code == ranking.OTHERS_CODE else t.flow,
                "texte": "\n".join(lines) if lines else "",
                "flux": FLOW_NAMES[t.flow],
                "produit": t.label,
                "valeur": meur_label(t.value_eur),
                "part": share_label(t.value_eur, totals[t.flow]),
            }
        )
    return rows


def _header_rows(tiles: list[Tile], totals: dict[str, int]) -> list[dict[str, object]]:
    """Block titles "Importations : 2 211,9 M€": imports left-aligned, exports right-aligned."""
    rows = []
    for flow in ("I", "E"):
        block = [t for t in tiles if t.flow == flow]
        if not block:
            continue
        left = min(t.x0 for t in block)
        right = max(t.x1 for t in block)
        align = "left" if flow == "I" else "right"
        rows.append(
            {
                "x": float(left if flow == "I" else right),
                "y": HEADER - 6,
                "align": align,
                "texte": f"{FLOW_NAMES[flow]}\u00a0: {meur_label(totals[flow])}",
                "classe": flow,
            }
        )
    return rows


def french_table(tiles: list[Tile], totals: dict[str, int], level: str) -> pd.DataFrame:
    """The numbers drawn: flow, product, value in M€ as displayed and in euros, share of flow."""
    return pd.DataFrame(
        {
            "Flux": [FLOW_NAMES[t.flow] for t in tiles],
            "Produit": [t.label for t in tiles],
            f"Code {level.upper()}": ["" if t.code == ranking.OTHERS_CODE else t.code for t in tiles],
            "Valeur (M€)": [round_meur(t.value_eur) for t in tiles],
            "Valeur (€)": pd.array([t.value_eur for t in tiles], dtype="int64"),
            "Part du flux (%)": [share_percent(t.value_eur, totals[t.flow]) for t in tiles],
        }
    )


@cache
def _parts() -> dict[str, Any]:
    """The invariant pieces of every treemap, built once per process (Vega-Lite dicts: marks, encodings, filter)."""
    tooltip = [
        spec(alt.Tooltip(field=name, type="nominal", title=title))
        for name, title in (("flux", "Flux"), ("produit", "Produit"), ("valeur", "Valeur"), ("part", "Part du flux"))
    ]
    colours = spec(alt.Scale(domain=["I", "E", "autres"], range=[palette.IMPORT, palette.EXPORT, palette.OTHERS]))
    return {
        "tile_mark": spec(alt.MarkDef(type="rect", stroke="white", strokeWidth=1.5)),
        "label_mark": spec(
            alt.MarkDef(
                type="text", align="left", baseline="top", dx=PADDING, dy=PADDING, lineBreak="\n", lineHeight=LINE_HEIGHT,
                fontSize=LABEL_FONT_SIZE, color=palette.TEXT_ON_DARK,
            )
        ),
        "labelled": spec(alt.FilterTransform(filter="datum.texte != ''")),
        "tile_encoding": channels(
            x=alt.X(field="x0", type="quantitative", scale=spec(identity_scale(WIDTH)), axis=None), x2=alt.X2(field="x1"),
            y=alt.Y(field="y0", type="quantitative", scale=spec(identity_scale(HEADER + HEIGHT)), axis=None), y2=alt.Y2(field="y1"),
            color=alt.Color(field="classe", type="nominal", scale=colours, legend=None),
            tooltip=tooltip,
        ),
        "label_encoding": channels(
            x=alt.X(field="x0", type="quantitative"), y=alt.Y(field="y0", type="quantitative"),
            text=alt.Text(field="texte", type="nominal"), tooltip=tooltip,
        ),
        "header_encoding": channels(
            x=alt.X(field="x", type="quantitative"), y=alt.Y(field="y", type="quantitative"), text=alt.Text(field="texte", type="nominal")
        ),
        "header_marks": {
            (align, flow): spec(
                alt.MarkDef(
                    type="text", align=align, baseline="alphabetic", fontSize=12, fontWeight="bold", color=palette.FLOW_COLORS[flow]
                )
            )
            for align in ("left", "right")
            for flow in FLOW_NAMES
        },
    }


def _layers(tiles: list[Tile], totals: dict[str, int]) -> list[alt.Chart]:
    """Rectangles, their labels and the block titles, on identity pixel scales."""
    parts = _parts()
    data = inline_data(_tile_rows(tiles, totals))
    rects = layer(data=data, mark=parts["tile_mark"], encoding=parts["tile_encoding"])
    texts = layer(data=data, mark=parts["label_mark"], encoding=parts["label_encoding"], transform=[parts["labelled"]])
    header_encoding = parts["header_encoding"]
    header_layers = [  # one layer per block title: imports left-aligned, exports right-aligned
        layer(data=inline_data([row]), mark=parts["header_marks"][(row["align"], row["classe"])], encoding=header_encoding)
        for row in _header_rows(tiles, totals)
    ]
    return [rects, texts, *header_layers]


def _description(tiles: list[Tile], totals: dict[str, int], scope_label: str, year: int) -> str:
    """French screen-reader text: totals and every tile's value and share."""
    parts = []
    for flow in ("I", "E"):
        block = [t for t in tiles if t.flow == flow]
        if not block:
            continue
        items = ", ".join(f"{t.label} {meur_label(t.value_eur)} ({share_label(t.value_eur, totals[flow])})" for t in block)
        parts.append(f"{FLOW_NAMES[flow]} ({meur_label(totals[flow])}) : {items}")
    return (
        f"Carte proportionnelle, {scope_label}, {year} : principaux produits importés et exportés ; "
        "la surface de chaque rectangle est proportionnelle à sa valeur, celle de chaque bloc au total du flux. "
        + ". ".join(parts) + "."
    )


def treemap(
    records: pd.DataFrame,
    *,
    year: int,
    scope_label: str,
    product_labels: pd.DataFrame | None,
    level: str = "a129",
    n: int = 10,
    show_title: bool = False,
) -> ChartResult:
    """Treemap of the main products imported and exported by one scope in one year (module docstring)."""
    title = f"Principales activités à l'import et à l'export, {scope_label} ({year})"
    footnote = (
        f"La surface de chaque rectangle est proportionnelle à la valeur du produit dans son flux, celle de chaque "
        f"bloc au total du flux. « Autres » regroupe les produits au-delà des {n} premiers de chaque flux."
    )
    screen_note = "Le libellé d'un petit rectangle est omis : survoler le rectangle pour lire ses valeurs."
    year_records = records[records["year"] == year]
    tiles, totals = layout(year_records, level=level, product_labels=product_labels, n=n)
    table = french_table(tiles, totals, level)
    if not tiles:
        description = f"{scope_label}, {year} : aucun échange."
        return ChartResult("treemap", title, description, empty_chart("Aucune donnée pour cette année.", description=description), table, footnote)
    description = _description(tiles, totals, scope_label, year)
    with building():
        chart = alt.LayerChart(
            layer=_layers(tiles, totals), width=WIDTH, height=HEADER + HEIGHT, description=description, config=config(),
            **title_params(title, show_title),
        )
    return ChartResult("treemap", title, description, chart, table, footnote, screen_note=screen_note)
