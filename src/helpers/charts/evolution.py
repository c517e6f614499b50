"""Chart « Exportations, importations et solde » over the data's years (the « Évolution » section).

One chart read at a glance, two panels side by side:

- left, the place's exports (violet line) and imports (blue line) per year in M€, with the
  balance (exports − imports) as bars, green when positive and red when negative, each with its
  signed value in the tooltip and table;
- right, the exports indexed on the first year = 100 for the place, its région (or the ensemble
  des DROM) and France entière, each line named at its end and dashed differently (colour is
  never the only cue). The France page has only the left panel; a région page compares with France.

Years are written ``"2019"`` … ``"2024 (p)"``: the last year of the data is provisional
(:func:`helpers.fiche.evolution.year_label`). Values in euros courants, shown in M€.

The spec is built as a plain dict, key for key what Altair writes for the same ``alt.HConcatChart``
of two ``alt.LayerSpec`` (its ``to_dict`` and constructors cost more than the rest of the chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from ..common import typography
from ..common.formatting import format_number
from ..fiche.evolution import YearTotals, year_label
from . import palette
from .base import ChartResult, config_spec, meur_label, named_data, round_meur, signed_meur, spec

NAME = "evolution"
#: Panels' drawing areas, pixels.
WIDTH = 240
INDEX_WIDTH = 190
HEIGHT = 220
EXPORTS, IMPORTS = "Exportations", "Importations"
POSITIVE, NEGATIVE = "Solde positif", "Solde négatif"
#: Stroke dash of each compared scope's line (solid, long dashes, short dashes), by role.
DASHES = {"place": [1, 0], "region": [6, 3], "france": [2, 2]}
COLOURS = {"place": palette.SCOPE_PLACE, "region": palette.SCOPE_REGION, "france": palette.SCOPE_FRANCE}


@dataclass(frozen=True)
class IndexLine:
    """One scope's exports index: its ``role`` (place, region, france), ``name`` and yearly
    ``values`` (points, first year = 100; ``None`` without a base)."""

    role: str
    name: str
    values: list[float | None]


def points(value: float | None) -> str:
    """An index value as French text: ``"104,3"``, ``"n.d."`` when undefined."""
    return "n.d." if value is None else format_number(value, 1, drop_zero_decimals=True)


def french_table(series: list[YearTotals], lines: list[IndexLine], provisional: int | None) -> pd.DataFrame:
    """The table of the page/CSV: one row per year, M€ as displayed, euros, and each index (points)."""
    base = series[0].year
    table = pd.DataFrame(
        {
            "Année": [year_label(s.year, provisional, long=True) for s in series],
            "Exportations (M€)": [round_meur(s.export_eur) for s in series],
            "Importations (M€)": [round_meur(s.import_eur) for s in series],
            "Solde (M€)": [round_meur(s.balance_eur) for s in series],
            "Exportations (€)": pd.array([s.export_eur for s in series], dtype="int64"),
            "Importations (€)": pd.array([s.import_eur for s in series], dtype="int64"),
            "Solde (€)": pd.array([s.balance_eur for s in series], dtype="int64"),
        }
    )
    for line in lines:
        defined = all(v is not None for v in line.values)  # else blank cells (no base): object column
        table[f"Indice des exportations, {line.name} (base 100 en {base})"] = pd.Series(line.values, dtype="float64" if defined else "object")
    return table


def _flow_rows(series: list[YearTotals], provisional: int | None) -> list[dict[str, Any]]:
    """Rows of the left panel, one per year: exports and imports (M€, folded into lines by the
    spec), the balance (M€, bars) and the tooltip's texts."""
    return [
        {
            "an": year_label(item.year, provisional), EXPORTS: round_meur(item.export_eur), IMPORTS: round_meur(item.import_eur),
            "b": round_meur(item.balance_eur), "exp": meur_label(item.export_eur), "imp": meur_label(item.import_eur),
            "solde": signed_meur(item.balance_eur) + "\u00a0M€",
        }
        for item in series
    ]


def key(name: str) -> str:
    """A scope's name as a data field and value: in French typography already (the page's spec is,
    :func:`helpers.common.typography.vega`, but not its field names: « Côte d’Or » must match)."""
    return typography.text(name)


#: Least vertical distance between two end-of-line labels, pixels (11 px text).
LABEL_GAP = 13
#: Prefix of a row's field holding a scope's end-label position (``"~Aude"``).
LABEL_FIELD = "~"


def value_domain(values: list[float | None], *, zero: bool = False) -> tuple[float, float]:
    """The y domain of a line panel: the values' range with 8 % margins (from 0 when ``zero``)."""
    found = [v for v in values if v is not None] or [0.0]
    low, high = (0.0 if zero else min(found)), max(found)
    margin = (high - low) * 0.08 or 1.0
    return (low if zero else round(low - margin, 2), round(high + margin, 2))


def spread(values: list[float], domain: tuple[float, float], height: float, gap: float = LABEL_GAP) -> list[float]:
    """Positions (data units) for labels at ``values`` at least ``gap`` pixels apart on an axis of
    ``height`` pixels over ``domain``, each as near its value as possible, order kept, inside the domain."""
    if not values:
        return []
    low, high = domain
    step = gap * (high - low) / height
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed: list[float] = []
    for i in order:  # upwards: each label at least one step above the previous one
        placed.append(max(values[i], placed[-1] + step) if placed else values[i])
    overflow = placed[-1] - high
    if overflow > 0:  # too high: shift down, then keep the steps from the top
        placed = [p - overflow for p in placed]
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - step)
    found = [0.0] * len(values)
    for k, i in enumerate(order):
        found[i] = round(placed[k], 2)
    return found


def end_rows(years: list[int], lines: list[IndexLine], provisional: int | None, domain: tuple[float, float], height: float) -> list[dict[str, Any]]:
    """Rows of a line panel, one per year: each scope's value under its name (absent when undefined),
    folded into lines by the spec; the last year's row also holds each label's position (``~name``),
    spread apart (:func:`spread`). ``lines``: objects with ``name`` and ``values`` (one per year)."""
    rows = []
    for position, year in enumerate(years):
        row: dict[str, Any] = {"an": year_label(year, provisional)}
        row.update({key(line.name): line.values[position] for line in lines if line.values[position] is not None})
        rows.append(row)
    ends = [(line.name, line.values[-1]) for line in lines if line.values[-1] is not None]
    for (name, _), y in zip(ends, spread([v for _, v in ends], domain, height), strict=True):
        rows[-1][LABEL_FIELD + key(name)] = y
    return rows


def end_labels(mark: dict[str, Any], last: str, text: str = "lieu") -> dict[str, Any]:
    """The layer of the end-of-line labels: the last year's folded rows at their spread positions (:func:`end_rows`)."""
    return {
        "mark": mark,
        "transform": [{"filter": f"datum.an == '{last}'"}, {"calculate": f"datum['{LABEL_FIELD}' + datum.lieu]", "as": "ly"}],
        "encoding": {"y": {"field": "ly", "type": "quantitative", "title": None}, "text": {"field": text, "type": "nominal"}},
    }


def grid_axis(title: str | None, highlighted: float) -> dict[str, Any]:
    """A value axis (French numbers, whole units) whose grid line at ``highlighted`` (0 M€, index 100)
    is drawn dark: the reference line without a layer of its own."""
    return {
        "title": title, "format": ",.0f", "tickCount": 5, "grid": True,
        "gridColor": {"condition": {"test": f"datum.value === {highlighted}", "value": palette.RULE}, "value": "#E6E6E6"},
    }


@cache
def _parts() -> dict[str, Any]:
    """The invariant pieces of every evolution chart (Vega-Lite dicts), built once per process."""
    return {
        "tooltip": [
            spec(alt.Tooltip(field=f, type="nominal", title=t))
            for f, t in (("an", "Année"), ("exp", "Exportations"), ("imp", "Importations"), ("solde", "Solde"))
        ],
        "index_tooltip": [
            {"field": "lieu", "type": "nominal", "title": "Territoire"}, {"field": "an", "type": "nominal", "title": "Année"},
            {"field": "i", "type": "quantitative", "title": "Indice", "format": ",.1~f"},
        ],
        "colour": {
            "field": "s", "type": "nominal",
            "scale": {"domain": [EXPORTS, IMPORTS, POSITIVE, NEGATIVE],
                      "range": [palette.EXPORT, palette.IMPORT, palette.BALANCE_POSITIVE, palette.BALANCE_NEGATIVE]},
            "legend": spec(alt.Legend(orient="bottom", title=None, direction="horizontal", labelFontSize=11, symbolSize=120)),
        },
        "year_axis": spec(alt.Axis(labelAngle=0, ticks=False, labelExpr="split(datum.label, ' ')")),  # « 2024 (p) » on two lines
        "bar": spec(alt.MarkDef(type="bar", width={"band": 0.45}, opacity=0.85)),
        "line": spec(alt.MarkDef(type="line", strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=40))),
        "index_line": spec(alt.MarkDef(type="line", strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=30))),
        "end_label": spec(alt.MarkDef(type="text", align="left", dx=6, fontSize=11, fontWeight="bold")),
        "sign": {"calculate": f"datum.b < 0 ? '{NEGATIVE}' : '{POSITIVE}'", "as": "s"},
        "flows": {"fold": [EXPORTS, IMPORTS], "as": ["s", "v"]},
    }


def _flows_panel(series: list[YearTotals], order: list[str], provisional: int | None, datasets: dict[str, Any]) -> dict[str, Any]:
    """Left panel: balance bars, exports and imports lines (a layer spec; data, x and tooltip shared)."""
    parts = _parts()
    x = {"field": "an", "type": "ordinal", "sort": order, "title": None, "axis": parts["year_axis"]}
    bars = {"mark": parts["bar"], "transform": [parts["sign"]],
            "encoding": {"y": {"field": "b", "type": "quantitative", "axis": grid_axis(None, 0)}, "color": parts["colour"]}}
    lines = {"mark": parts["line"], "transform": [parts["flows"]], "encoding": {"y": {"field": "v", "type": "quantitative"}, "color": parts["colour"]}}
    return {
        "layer": [bars, lines], "data": named_data(datasets, _flow_rows(series, provisional)), "encoding": {"tooltip": parts["tooltip"], "x": x},
        "height": HEIGHT, "title": {"text": "Montants en millions d'euros", "fontSize": 12}, "width": WIDTH,
    }


def _index_panel(years: list[int], lines: list[IndexLine], order: list[str], provisional: int | None, datasets: dict[str, Any]) -> dict[str, Any]:
    """Right panel: each scope's exports index, named at its last year (a layer spec; data and channels shared)."""
    parts = _parts()
    names = [key(line.name) for line in lines]
    domain = value_domain([v for line in lines for v in line.values] + [100.0])
    encoding = {  # in the order Altair writes the channels
        "color": {"field": "lieu", "type": "nominal", "scale": {"domain": names, "range": [COLOURS[line.role] for line in lines]}, "legend": None},
        "x": {"field": "an", "type": "ordinal", "sort": order, "title": None, "axis": parts["year_axis"]},
        "y": {"field": "i", "type": "quantitative", "scale": {"domain": list(domain), "nice": False, "zero": False}, "axis": grid_axis(None, 100)},
    }
    dash = {"field": "lieu", "type": "nominal", "scale": {"domain": names, "range": [DASHES[line.role] for line in lines]}, "legend": None}
    drawn = {"mark": parts["index_line"], "encoding": {"strokeDash": dash, "tooltip": parts["index_tooltip"]}}
    return {
        "layer": [drawn, end_labels(parts["end_label"], order[-1])], "data": named_data(datasets, end_rows(years, lines, provisional, domain, HEIGHT)),
        "encoding": encoding, "height": HEIGHT, "title": {"text": f"Exportations, indice base 100 en {years[0]}", "fontSize": 12},
        "transform": [{"fold": names, "as": ["lieu", "i"]}], "width": INDEX_WIDTH,
    }


def _description(scope_label: str, series: list[YearTotals], lines: list[IndexLine], provisional: int | None) -> str:
    """French screen-reader text: what is drawn and every year's figures, then the last index values."""
    first, last = series[0].year, series[-1].year
    years = [
        f"{year_label(s.year, provisional, long=True)} : exportations {meur_label(s.export_eur)}, importations "
        f"{meur_label(s.import_eur)}, solde {signed_meur(s.balance_eur)}\u00a0M€"
        for s in series
    ]
    text = (
        f"Graphique en courbes, {scope_label}, de {first} à {last} : exportations et importations par année, "
        "solde commercial en barres (vert s'il est positif, rouge s'il est négatif). " + " ; ".join(years) + "."
    )
    if len(lines) > 1:
        ends = ", ".join(f"{line.name} {points(line.values[-1])}" for line in lines)
        text += f" À droite, indice des exportations (base 100 en {first}) en {last} : {ends}."
    return text


def evolution(
    series: list[YearTotals], *, index_lines: list[IndexLine], scope_label: str, provisional: int | None, show_title: bool = False
) -> ChartResult:
    """The evolution chart of one place (module docstring).

    ``series``: the place's yearly totals (euros, at least two years, ascending); ``index_lines``:
    the exports index of the place and of the scopes it is compared with (the place first; only
    the place: no right panel); ``provisional``: the data's most recent year.
    """
    years = [s.year for s in series]
    first, last = years[0], years[-1]
    title = f"Exportations, importations et solde, {scope_label} ({first}–{last})"
    order = [year_label(y, provisional) for y in years]
    description = _description(scope_label, series, index_lines, provisional)
    compared = len(index_lines) > 1
    footnote = (
        "Lecture : exportations (violet) et importations (bleu) en millions d'euros courants ; barres : solde "
        "(exportations − importations), vert s'il est positif, rouge sinon. "
        + (f"À droite, exportations de chaque territoire rapportées à celles de {first} (indice 100). " if compared else "")
        + (f"« {last} (p) » : année provisoire, révisée par la DGDDI à la publication de la suivante." if provisional in years else "")
    )
    datasets: dict[str, Any] = {}
    panels = [_flows_panel(series, order, provisional, datasets)]
    if compared:
        panels.append(_index_panel(years, index_lines, order, provisional, datasets))
    # the spec as Altair writes an HConcatChart of these layer specs, key for key: a single panel's
    # data goes up to the top level
    lifted = {} if compared else {"data": panels[0].pop("data")}
    chart = {
        "config": config_spec(), "hconcat": panels, **lifted, "datasets": datasets, "description": description,
        "resolve": {"scale": {"color": "independent", "y": "independent"}}, "spacing": 30,
        **({"title": {"text": title}} if show_title else {}), "$schema": alt.SCHEMA_URL,
    }
    return ChartResult(NAME, title, description, chart, french_table(series, index_lines if compared else [], provisional), footnote)
