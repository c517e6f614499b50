"""A chart as page content: drawn offline, with its data as CSV and as a collapsible table.

The output of a chart cell is one ``text/html`` block: a ``<div class="comext-vega">`` that the
site's script (``_static/comext-vega.js``) fills with vega-embed, the Vega-Lite spec inline in
a ``<script type="application/json">`` (pages also work from ``file://``, where browsers refuse
to fetch data files), a link to the CSV of the numbers drawn (written under
``extra/donnees/<page>/``, published as ``donnees/<page>/`` by ``html_extra_path``) and the same
numbers as an HTML table. Element ids derive from the page and chart names: stable across builds.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from altair.utils.schemapi import debug_mode
from IPython.display import HTML

from .formatting import format_number

#: Folder (under the book root) published at the site's root by ``html_extra_path``.
EXTRA = Path("extra")
DOWNLOADS = "donnees"


class ChartLike(Protocol):
    name: str
    title: str
    description: str
    chart: object
    data: pd.DataFrame
    footnote: str | None


def chart_spec(chart: object) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart (a new dict, with ``$schema``).

    Not validated (the chart modules' tests validate), not even the objects Altair creates while
    serialising (the named datasets).
    """
    with debug_mode(False):
        return chart.to_dict(validate=False)  # type: ignore[attr-defined]


def spec_json(chart: object, description: str) -> str:
    """The chart's Vega-Lite spec as JSON safe inside ``<script>`` (no ``</``), no schema URL.

    ``chart``: an Altair chart, or its spec as :func:`chart_spec` gives it (a dict, left unchanged).
    """
    spec = dict(chart) if isinstance(chart, dict) else chart_spec(chart)
    spec.pop("$schema", None)
    spec.setdefault("description", description)
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def csv_path(root: Path, page: str, name: str) -> Path:
    return root / EXTRA / DOWNLOADS / page / f"{name}.csv"


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """The numbers drawn, as CSV for French spreadsheets (``;``, decimal comma, UTF-8 with BOM)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data.to_csv(tmp, sep=";", decimal=",", index=False, encoding="utf-8-sig", lineterminator="\n")
    tmp.replace(path)


def _cell(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return html.escape(str(value if value is not None else ""))
    if isinstance(value, int):
        return format_number(value, 0, drop_zero_decimals=True)
    if isinstance(value, float):
        return format_number(value, 2 if abs(value) < 1 else 1, drop_zero_decimals=True)
    return html.escape(str(value))


def table_html(data: pd.DataFrame) -> str:
    """``data`` as an HTML table with French number formatting; text escaped."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in data.columns)
    numeric = [pd.api.types.is_numeric_dtype(t) for t in data.dtypes]
    rows = []
    for record in data.itertuples(index=False):
        cells = "".join(
            f'<td class="num">{_cell(v.item() if hasattr(v, "item") else v)}</td>' if is_num else f"<td>{_cell(v)}</td>"
            for v, is_num in zip(record, numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="comext-data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def figure_html(result: ChartLike, page: str) -> str:
    """The HTML block of one chart on page ``page`` (its slug)."""
    ident = f"{page}-{result.name}"
    footnote = f'<p class="comext-footnote">{html.escape(result.footnote)}</p>' if result.footnote else ""
    return (
        f'<figure class="comext-figure" id="fig-{ident}">'
        f'<p class="comext-title">{html.escape(result.title)}</p>'
        f'<div class="comext-vega" data-spec="spec-{ident}"></div>'
        f'<script type="application/json" id="spec-{ident}">{spec_json(result.chart, result.description)}</script>'
        f"<figcaption>{footnote}"
        f'<p class="comext-downloads"><a href="../{DOWNLOADS}/{page}/{result.name}.csv" download>Télécharger les données (CSV)</a>'
        " · images SVG et PNG : menu « … » du graphique</p>"
        f'<details class="comext-table"><summary>Tableau des données : {html.escape(result.title)}</summary>{table_html(result.data)}</details>'
        "</figcaption></figure>"
    )


def show(result: ChartLike, *, root: Path, page: str) -> HTML:
    """Write the chart's CSV and return its HTML block (the notebook cell's output)."""
    write_csv(result.data, csv_path(root, page, result.name))
    return HTML(figure_html(result, page))
