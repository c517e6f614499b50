"""Chart « Part des États-Unis dans les exportations » over the data's years (the « Évolution » section).

The publication's context is the threat of US tariffs since 2025: this chart follows, year by
year, the share of exports going to the United States (%, exports to ``US`` ÷ all exports of the
scope, special partner codes included in the whole) for the place, its région (or the ensemble
des DROM) and France entière, one line each, in the colours and dashes of the evolution chart's
index panel (:mod:`helpers.charts.evolution`), each named at its end with its last value.

The spec is built as a plain dict, key for key what Altair writes for the same ``alt.LayerChart``
(its ``to_dict`` and constructors cost more than the rest of the chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from ..common.formatting import NBSP, format_number
from ..fiche.evolution import year_label
from .base import ChartResult, config_spec, dataset_name, spec
from .evolution import COLOURS, DASHES, end_labels, end_rows, key, value_domain

NAME = "part-etats-unis"
WIDTH = 420
HEIGHT = 200


@dataclass(frozen=True)
class ShareLine:
    """One scope's share of exports going to the United States: ``role``, ``name``, yearly
    ``values`` in % (one decimal; ``None`` for a year without exports)."""

    role: str
    name: str
    values: list[float | None]


def percent(value: float | None) -> str:
    """A share as French text: ``"12,3 %"``, ``"n.d."`` when undefined."""
    return "n.d." if value is None else format_number(value, 1, drop_zero_decimals=True) + NBSP + "%"


@cache
def _parts() -> dict[str, Any]:
    """The invariant pieces (Vega-Lite dicts), built once per process."""
    return {
        "tooltip": [
            {"field": "lieu", "type": "nominal", "title": "Territoire"}, {"field": "an", "type": "nominal", "title": "Année"},
            {"field": "p", "type": "quantitative", "title": "Part des États-Unis (%)", "format": ",.1~f"},
        ],
        "line": spec(alt.MarkDef(type="line", strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=30))),
        "end_label": spec(alt.MarkDef(type="text", align="left", dx=6, fontSize=11, fontWeight="bold")),
        "year_axis": spec(alt.Axis(labelAngle=0, ticks=False)),
        "share_axis": {"title": "% des exportations", "format": ",.0f", "tickCount": 5, "grid": True},
    }


def french_table(years: list[int], lines: list[ShareLine], provisional: int | None) -> pd.DataFrame:
    """The table of the page/CSV: one row per year, one column per scope (%, one decimal)."""
    table = pd.DataFrame({"Année": [year_label(y, provisional, long=True) for y in years]})
    for line in lines:
        defined = all(v is not None for v in line.values)
        table[f"{line.name} (%)"] = pd.Series(line.values, dtype="float64" if defined else "object")
    return table


def us_share(years: list[int], lines: list[ShareLine], *, scope_label: str, provisional: int | None) -> ChartResult:
    """The chart of the United States' share of exports (module docstring); ``lines``: the place first."""
    first, last = years[0], years[-1]
    title = f"Part des exportations destinée aux États-Unis, {scope_label} ({first}–{last})"
    order = [year_label(y, provisional) for y in years]
    values = " ; ".join(
        f"{line.name} : " + ", ".join(f"{year_label(y, provisional, long=True)} {percent(v)}" for y, v in zip(years, line.values, strict=True))
        for line in lines
    )
    description = f"Graphique en courbes, part des exportations destinée aux États-Unis, en pourcentage, de {first} à {last}. {values}."
    footnote = (
        "Lecture : part des exportations de chaque territoire destinée aux États-Unis, en valeur. Depuis 2025, la menace "
        "de droits de douane supplémentaires aux États-Unis rend cette exposition plus sensible."
        + (f" « {last} (p) » : année provisoire." if provisional == last else "")
    )
    parts = _parts()
    names = [key(line.name) for line in lines]
    domain = value_domain([v for line in lines for v in line.values], zero=True)
    encoding = {  # in the order Altair writes the channels
        "color": {"field": "lieu", "type": "nominal", "scale": {"domain": names, "range": [COLOURS[line.role] for line in lines]}, "legend": None},
        "x": {"field": "an", "type": "ordinal", "sort": order, "title": None, "axis": parts["year_axis"]},
        "y": {"field": "p", "type": "quantitative", "scale": {"domain": list(domain), "nice": False}, "axis": parts["share_axis"]},
    }
    dash = {"field": "lieu", "type": "nominal", "scale": {"domain": names, "range": [DASHES[line.role] for line in lines]}, "legend": None}
    labels = end_labels(parts["end_label"], order[-1], text="fin")
    # the last value after the name, in the site's French number format (formatLocale)
    labels["transform"].append({"calculate": "datum.lieu + ' : ' + format(datum.p, ',.1~f') + '\u00a0%'", "as": "fin"})
    rows = tuple(end_rows(years, lines, provisional, domain, HEIGHT))
    name = dataset_name(rows)
    # the spec as Altair writes a LayerChart of two alt.Chart layers with inline data (same keys, same order)
    chart = {
        "config": config_spec(),
        "layer": [
            {"mark": parts["line"], "encoding": {"strokeDash": dash, "tooltip": parts["tooltip"]}},
            {"mark": labels["mark"], "encoding": {"text": labels["encoding"]["text"], "y": labels["encoding"]["y"]}, "transform": labels["transform"]},
        ],
        "data": {"name": name}, "description": description, "encoding": encoding, "height": HEIGHT,
        "transform": [{"fold": names, "as": ["lieu", "p"]}], "width": WIDTH, "$schema": alt.SCHEMA_URL, "datasets": {name: rows},
    }
    return ChartResult(NAME, title, description, chart, french_table(years, lines, provisional), footnote)
