"""Chart « Ce qui a le plus changé » of one flow: the main products and partner countries' changes.

Two blocks one above the other, products (A129 by default, as the page's other charts) then
partner countries; in each, one row per item that was among the 10 first of the first, the
previous or the last year of the data (:func:`helpers.fiche.evolution.movers`), so an item that
fell out of the top 10 keeps its row, its label marked « * ». Each block has a panel per horizon:
the change since the previous year, then since the first year (a single panel when the two are
the same year). A change is a horizontal bar from zero, green for a rise and red for a fall, with
its signed value in M€ and in % at the bar's end (the chart reads in greyscale). Rows are sorted
by change since the previous year, largest rise on top. Values in euros courants, shown in M€.

The spec is built as a plain dict, key for key what Altair writes for the same ``alt.VConcatChart``
(its ``to_dict`` and constructors cost more than the rest of the chart); without any item, an
Altair chart with a message.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

import altair as alt
import pandas as pd

from ..common.formatting import NBSP, format_number, meur
from ..fiche.evolution import year_label
from . import palette
from .base import LABEL_FONT_SIZE, ChartResult, config_spec, empty_chart, named_data, round_meur, signed_meur, spec, text_width

#: Height of one row, width of one horizon's panel, pixels.
ROW_HEIGHT = 20
PANEL_WIDTH = 460
#: Mark of the items out of the top 10 in the last year.
OUT_MARK = " *"
KINDS = {"products": "Produits", "countries": "Pays partenaires"}
#: The table's « Catégorie » of each block.
CATEGORIES = {"products": "Produit", "countries": "Pays"}
FLOW_NOUNS = {"E": "exportations", "I": "importations"}


def percent_text(value: float | None) -> str:
    """A change in % as French text: ``"+4,5 %"``, ``"−12 %"`` (a minus sign, U+2212), ``"nouveau"``
    without a base (None or NaN)."""
    if value is None or value != value:
        return "nouveau"
    text = format_number(value, 1, drop_zero_decimals=True)
    return ("+" + text if value > 0 else text.replace("-", "\u2212", 1)) + NBSP + "%"


def change_text(change_eur: int, pct: float | None) -> str:
    """The label at a bar's end: ``"+12,3 M€ (+4,5 %)"``."""
    return f"{signed_meur(change_eur)}{NBSP}M€ ({percent_text(pct)})"


class _Item(NamedTuple):
    """One row of a movers table (:data:`helpers.fiche.evolution.MOVER_COLUMNS`) as plain Python values."""

    code: str
    first_eur: int
    previous_eur: int
    last_eur: int
    change_previous_eur: int
    change_previous_pct: float | None
    change_first_eur: int
    change_first_pct: float | None
    top_last: bool


def _items(table: pd.DataFrame) -> list[_Item]:
    """The rows of a movers table, read column by column (no per-row pandas access)."""
    return [_Item(*row) for row in zip(*(table[name].tolist() for name in _Item._fields), strict=True)]


def _labelled(items: list[_Item], names: dict[str, str]) -> list[str]:
    """Each row's label: its name (code appended when two codes share it), « * » when out of the top 10."""
    labels = [names.get(item.code, item.code) for item in items]
    unique = [f"{lab} ({item.code})" if labels.count(lab) > 1 else lab for lab, item in zip(labels, items, strict=True)]
    return [lab + ("" if item.top_last else OUT_MARK) for lab, item in zip(unique, items, strict=True)]


def _rows(items: list[_Item], labels: list[str]) -> list[dict[str, Any]]:
    """One row per item: its changes (M€ and text) for both horizons and its values (M€ as text, tooltip)."""
    return [
        {
            "l": label,
            "a": round_meur(item.change_previous_eur), "ta": change_text(item.change_previous_eur, item.change_previous_pct),
            "b": round_meur(item.change_first_eur), "tb": change_text(item.change_first_eur, item.change_first_pct),
            "v0": meur(item.first_eur), "v1": meur(item.previous_eur), "v2": meur(item.last_eur),
        }
        for label, item in zip(labels, items, strict=True)
    ]


@cache
def _parts(first: int, previous: int, last: str) -> dict[str, Any]:
    """The pieces shared by the panels of one set of years (Vega-Lite dicts), built once per process."""
    # the values of each year; the changes are written at the bars' ends
    values = [("v0", str(first))] + ([("v1", str(previous))] if previous != first else []) + [("v2", last)]
    return {
        "tooltip": [spec(alt.Tooltip(field=f, type="nominal", title=t)) for f, t in [("l", "Libellé"), *((f, f"{y} (M€)") for f, y in values)]],
        "bar": spec(alt.MarkDef(type="bar", height={"band": 0.7})),
        "label_axis": spec(alt.Axis(labelFontSize=11, labelColor=palette.TEXT, ticks=False, domain=False, labelPadding=6, labelLimit=220)),
        # the zero line is the axis' grid line at 0, drawn darker (no layer of its own)
        "value_axis": {"format": ",.0f", "tickCount": 4, "grid": True,
                       "gridColor": {"condition": {"test": "datum.value === 0", "value": palette.RULE}, "value": "#E6E6E6"}},
    }


def _panel(
    rows: list[dict[str, Any]], data: dict[str, str], order: list[str], parts: dict[str, Any], *, field: str, title: str, with_labels: bool
) -> dict[str, Any]:
    """One horizon's bars (``field``: ``"a"`` since the previous year, ``"b"`` since the first), with
    their texts at the bar ends (a fall's to the left of its bar, a rise's to the right). The data
    and the position channels are the layer's, shared by the bars and the texts."""
    text, fall = "t" + field, f"datum.{field} < 0"
    peak = max((abs(r[field]) for r in rows), default=0.0) or 1.0
    longest = max(text_width(r[text]) for r in rows)
    # room for the longest text beyond the longest bar on its half of the panel (as the butterfly's balance)
    extent = peak / max(0.25, 1 - 2 * (longest + 6) / PANEL_WIDTH)
    encoding = {
        "x": {"field": field, "type": "quantitative", "title": title, "scale": {"domain": [-round(extent, 2), round(extent, 2)], "nice": False}, "axis": parts["value_axis"]},
        # rows in the data's order (``order``, by change since the previous year)
        "y": {"field": "l", "type": "nominal", "sort": None, "title": None, "axis": parts["label_axis"] if with_labels else None},
    }
    colour = {"condition": {"test": fall, "value": palette.BALANCE_NEGATIVE}, "value": palette.BALANCE_POSITIVE}
    bars = {"mark": parts["bar"], "encoding": {"color": colour, "tooltip": parts["tooltip"]}}
    texts = {
        "mark": {"type": "text", "fontSize": LABEL_FONT_SIZE, "color": palette.TEXT_MUTED,
                 "align": {"expr": f"{fall} ? 'right' : 'left'"}, "dx": {"expr": f"{fall} ? -3 : 3"}},
        "encoding": {"text": {"field": text, "type": "nominal"}},
    }
    return {"layer": [bars, texts], "data": data, "encoding": encoding, "height": ROW_HEIGHT * len(order), "width": PANEL_WIDTH}


def _block(
    items: list[_Item], labels: list[str], kind: str, years: list[int], provisional: int | None, datasets: dict[str, Any]
) -> dict[str, Any]:
    """One block (products or countries): a panel per horizon, one under the other, each with the
    rows' labels and the chart's full width (side by side, 230 px each, a long fall's label ran into
    the row labels); its rows go to ``datasets`` (the chart's)."""
    first, previous, last = years[0], years[-2], years[-1]
    parts = _parts(first, previous, year_label(last, provisional))
    rows = _rows(items, labels)
    data = named_data(datasets, rows)
    panels = [_panel(rows, data, labels, parts, field="a", title=f"Variation depuis {previous} (M€)", with_labels=True)]
    if previous != first:
        panels.append(_panel(rows, data, labels, parts, field="b", title=f"Variation depuis {first} (M€)", with_labels=True))
    return {"vconcat": panels, "spacing": 12, "title": {"text": KINDS[kind], "anchor": "start", "fontSize": 12}}


def _percents(values: list[float | None]) -> pd.Series:
    """A column of changes in % for the table: a float column, or an object one with empty cells
    (``None``) where there is no base (None or NaN; the chart writes « nouveau »)."""
    if all(v is not None and v == v for v in values):
        return pd.Series(values, dtype="float64")
    return pd.Series([v if v is not None and v == v else None for v in values], dtype=object)


def french_table(tables: dict[str, tuple[list[_Item], list[str]]], years: list[int], provisional: int | None) -> pd.DataFrame:
    """The table of the page/CSV: one row per item, its values and changes as displayed (M€, %).

    Unlike the other charts' tables, no column in euros nor of codes: the page's weight allows
    about thirty rows of this table, not half as many columns again."""
    first, previous, last = years[0], years[-2], years[-1]
    last_name = year_label(last, provisional)
    frames = []
    for kind, (items, labels) in tables.items():
        frame = {"Catégorie": [CATEGORIES[kind]] * len(items), "Libellé": labels}  # « * »: out of the top 10 in the last year
        if previous != first:
            frame[f"{first} (M€)"] = [round_meur(item.first_eur) for item in items]
        frame[f"{previous} (M€)"] = [round_meur(item.previous_eur) for item in items]
        frame[f"{last_name} (M€)"] = [round_meur(item.last_eur) for item in items]
        frame[f"Variation depuis {previous} (M€)"] = [round_meur(item.change_previous_eur) for item in items]
        frame[f"Variation depuis {previous} (%)"] = _percents([item.change_previous_pct for item in items])
        if previous != first:
            frame[f"Variation depuis {first} (M€)"] = [round_meur(item.change_first_eur) for item in items]
            frame[f"Variation depuis {first} (%)"] = _percents([item.change_first_pct for item in items])
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)


#: Items named per block and direction in the chart's description (the table has them all).
DESCRIBED = 2


def _description(tables: dict[str, tuple[list[_Item], list[str]]], flow: str, scope_label: str, years: list[int]) -> str:
    """French screen-reader text: what is drawn, then per block the largest rises and falls since the
    previous year (:data:`DESCRIBED` each) and the items that fell out of the top 10."""
    first, previous, last = years[0], years[-2], years[-1]
    parts = []
    for kind, (items, labels) in tables.items():
        named = [(lab.removesuffix(OUT_MARK), r) for lab, r in zip(labels, items, strict=True)]
        rises = [f"{lab} {change_text(r.change_previous_eur, r.change_previous_pct)}" for lab, r in named if r.change_previous_eur > 0][:DESCRIBED]
        falls = [f"{lab} {change_text(r.change_previous_eur, r.change_previous_pct)}" for lab, r in reversed(named) if r.change_previous_eur < 0][:DESCRIBED]
        out = [lab for lab, r in named if not r.top_last]
        text = f"{KINDS[kind]} ({len(named)}) : hausses {', '.join(rises) or 'aucune'} ; baisses {', '.join(falls) or 'aucune'}"
        parts.append(text + (f" ; sortis des 10 premiers : {', '.join(out)}" if out else ""))
    return (
        f"Graphique en barres, {FLOW_NOUNS[flow]} {scope_label}, variations de {previous} à {last}"
        + (f" et de {first} à {last}" if previous != first else "")
        + ", en vert les hausses, en rouge les baisses. " + ". ".join(parts) + ". Toutes les valeurs sont dans le tableau des données."
    )


def movers(
    products: pd.DataFrame, countries: pd.DataFrame, *, product_names: dict[str, str], country_names: dict[str, str], flow: str,
    years: list[int], provisional: int | None, scope_label: str,
) -> ChartResult:
    """The movers chart of ``flow`` (module docstring); ``products``/``countries``: tables of
    :func:`helpers.fiche.evolution.movers` (euros), ``*_names``: code → label; ``years`` the shown years (≥ 2)."""
    first, previous, last = years[0], years[-2], years[-1]
    noun = FLOW_NOUNS[flow]
    title = f"Principales variations des {noun}, {scope_label} ({previous}–{last}" + (f" et {first}–{last})" if previous != first else ")")
    found = {"products": (_items(products), product_names), "countries": (_items(countries), country_names)}
    tables = {kind: (items, _labelled(items, names)) for kind, (items, names) in found.items()}
    description = _description(tables, flow, scope_label, years)
    footnote = (
        f"Lecture : variation des {noun}, en millions d'euros courants et en %, de chacun des 10 premiers produits et pays "
        f"de {', '.join(str(y) for y in sorted({first, previous}))} ou {last} ; vert : hausse, rouge : baisse ; « * » : sorti des "
        f"10 premiers en {last} ; « nouveau » : aucun échange l'année de comparaison. Les codes qui ne désignent pas un pays "
        "(pays non déterminés, avitaillement…) ne sont pas classés."
        + (f" « {last} (p) » : année provisoire." if provisional == last else "")
    )
    table = french_table(tables, years, provisional)
    drawn = [(kind, t, labels) for kind, (t, labels) in tables.items() if len(t)]
    if not drawn:
        return ChartResult(f"variations-{noun}", title, description, empty_chart("Aucun échange à comparer.", description=description), table, footnote)
    datasets: dict[str, Any] = {}
    blocks = [_block(t, labels, kind, years, provisional, datasets) for kind, t, labels in drawn]
    chart = {  # the spec as Altair writes a VConcatChart of these blocks, key for key
        "config": config_spec(), "vconcat": blocks, "datasets": datasets, "description": description,
        "resolve": {"scale": {"x": "independent", "y": "independent"}}, "spacing": 24, "$schema": alt.SCHEMA_URL,
    }
    return ChartResult(f"variations-{noun}", title, description, chart, table, footnote)
