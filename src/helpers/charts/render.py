"""A chart as page content: drawn offline, with its data as CSV and as a collapsible table.

On the site, a chart is one HTML block: a ``<div class="comext-vega">`` that the site's script
(``_static/comext-vega.js``) fills with vega-embed, the Vega-Lite spec inline in a
``<script type="application/json">`` (pages also work from ``file://``, where browsers refuse
to fetch data files), a link to the CSV of the numbers drawn (written under
``extra/donnees/<page>/``, published as ``donnees/<page>/`` by ``html_extra_path``) and the same
numbers as an HTML table. Element ids derive from the page and chart names: stable across builds.

In a notebook, the same chart is drawn by the front-end's own Vega renderer, with its title
above and its footnote, CSV and table below (:mod:`helpers.charts.output`, :func:`show`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from altair.utils.schemapi import debug_mode

from ..common import typography
from ..common.formatting import format_number
from ..common.paths import DOWNLOADS, EXTRA
from .output import ChartOutput, notebook_spec

#: Folder (under the book root) published at the site's root by ``html_extra_path``.


class ChartLike(Protocol):
    """A chart result (:class:`helpers.charts.base.ChartResult`); it may also carry a ``key``, see :func:`formatted`."""

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


def page_spec(chart: object, description: str) -> dict[str, Any]:
    """The chart's Vega-Lite spec as a page holds it: no schema URL, a description, its texts in
    French typography (:func:`helpers.common.typography.vega`).

    ``chart``: an Altair chart, or its spec as :func:`chart_spec` gives it (a dict, left unchanged).
    """
    spec = dict(chart) if isinstance(chart, dict) else chart_spec(chart)
    spec.pop("$schema", None)
    spec.setdefault("description", description)
    return typography.vega(spec)


def spec_json(chart: object, description: str) -> str:
    """:func:`page_spec` as JSON safe inside ``<script>`` (no ``</``)."""
    return _script_json(page_spec(chart, description))


def _script_json(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def csv_path(root: Path, page: str, name: str) -> Path:
    return root / EXTRA / DOWNLOADS / page / f"{name}.csv"


def csv_bytes(data: pd.DataFrame) -> bytes:
    """The numbers drawn, as CSV for French spreadsheets (``;``, decimal comma, UTF-8 with BOM)."""
    return data.to_csv(sep=";", decimal=",", index=False, lineterminator="\n").encode("utf-8-sig")


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """Write :func:`csv_bytes` of ``data`` at ``path`` (a temporary file renamed over it)."""
    _write_bytes(path, csv_bytes(data))


def _write_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` at ``path`` through a temporary file renamed over it (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)


def _cell(value: object) -> str:
    """The text of one table cell: French numbers (M€ values one decimal, shares under 1 two), text
    in French typography, escaped."""
    if isinstance(value, bool) or value is None:
        return html.escape(str(value if value is not None else ""))
    if isinstance(value, int):
        return format_number(value, 0, drop_zero_decimals=True)
    if isinstance(value, float):
        return format_number(value, 2 if abs(value) < 1 else 1, drop_zero_decimals=True)
    return _escaped(str(value))


def _escaped(text: str) -> str:
    """Reader text as HTML: French typography (:func:`helpers.common.typography.text`), escaped."""
    return html.escape(typography.text(text))


def _column_cells(column: pd.Series) -> list[str]:
    """The ``<td>`` elements of one column, top to bottom (numeric columns: ``class="num"``).

    ``tolist()`` gives plain Python values (``int``, ``float``, ``str``…), as iterating would.
    """
    opening = '<td class="num">' if pd.api.types.is_numeric_dtype(column.dtype) else "<td>"
    return [f"{opening}{_cell(value)}</td>" for value in column.tolist()]


def table_html(data: pd.DataFrame) -> str:
    """``data`` as an HTML table with French number formatting; text escaped."""
    head = "".join(f"<th>{_escaped(str(c))}</th>" for c in data.columns)
    columns = [_column_cells(column) for _, column in data.items()]
    rows = "".join(f"<tr>{''.join(column[i] for column in columns)}</tr>" for i in range(len(data)))
    return f'<table class="comext-data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


@dataclass(frozen=True)
class Formatted:
    """What a chart's output holds whatever the page: its spec as JSON (:func:`spec_json`) and as
    notebooks hold it (:func:`~helpers.charts.output.notebook_spec`), its numbers as an HTML table
    (:func:`table_html`) and as CSV bytes (:func:`csv_bytes`). Shared between pages: never
    modify ``notebook_spec``."""

    spec: str
    table: str
    csv: bytes
    notebook_spec: dict[str, Any]


#: :class:`Formatted` of the results that carry a key (see :func:`formatted`), by key.
_FORMATTED: dict[str, Formatted] = {}
#: Entries kept at most (a page shows a few keyed charts; a worker serves a hundred pages).
_FORMATTED_MAX = 128


def formatted(result: ChartLike) -> Formatted:
    """The page-independent text of ``result``'s output.

    A result with a ``key`` (a digest naming its content: the results of
    :mod:`helpers.charts.cache`, shown by many pages) is formatted once per process; any other
    result, every time.
    """
    key = getattr(result, "key", None)
    if key is None:
        return _format(result)
    found = _FORMATTED.get(key)
    if found is None:
        if len(_FORMATTED) >= _FORMATTED_MAX:
            _FORMATTED.clear()
        found = _FORMATTED[key] = _format(result)
    return found


def _format(result: ChartLike) -> Formatted:
    spec = page_spec(result.chart, result.description)
    return Formatted(_script_json(spec), table_html(result.data), csv_bytes(result.data), notebook_spec(spec))


def figure_html(result: ChartLike, page: str) -> str:
    """The HTML block of one chart on page ``page`` (its slug)."""
    return _figure_html(result, page, formatted(result))


def _footnote(result: ChartLike) -> str:
    """The chart's note, its screen-only sentence (if any) in a ``<span>`` of class
    :data:`helpers.common.typography.SCREEN_ONLY`."""
    screen = getattr(result, "screen_note", None)
    extra = " " + typography.screen_only(_escaped(screen)) if screen else ""
    return f'<p class="comext-footnote">{_escaped(result.footnote)}{extra}</p>' if result.footnote else ""


#: After the CSV, on the site and in notebooks: the chart's menu exports it as an image.
IMAGES = "images SVG et PNG : menu « … » du graphique"


def _figure_html(result: ChartLike, page: str, parts: Formatted) -> str:
    """:func:`figure_html` from the result's :func:`formatted` text."""
    ident = f"{page}-{result.name}"
    footnote = _footnote(result)
    return (
        f'<figure class="comext-figure" id="fig-{ident}">'
        f'<p class="comext-title">{_escaped(result.title)}</p>'
        f'<div class="comext-vega" data-spec="spec-{ident}"></div>'
        f'<script type="application/json" id="spec-{ident}">{parts.spec}</script>'
        f"<figcaption>{footnote}"
        f'<p class="comext-downloads"><a href="../{DOWNLOADS}/{page}/{result.name}.csv" download>Télécharger les données (CSV)</a>'
        f"{_escaped(' · ' + IMAGES)}</p>"
        f"{_table_details(result, parts)}"
        "</figcaption></figure>"
    )


def _table_details(result: ChartLike, parts: Formatted) -> str:
    return f'<details class="comext-table"><summary>{_escaped("Tableau des données : " + result.title)}</summary>{parts.table}</details>'


def show(result: ChartLike, *, root: Path, page: str, lead: str = "") -> ChartOutput:
    """Write the chart's CSV and return the cell's output (:class:`~helpers.charts.output.ChartOutput`).

    ``lead``: HTML shown just before the chart (a scope's total), on the site and in notebooks.
    """
    parts = formatted(result)
    _write_bytes(csv_path(root, page, result.name), parts.csv)
    where = f"{EXTRA.as_posix()}/{DOWNLOADS}/{page}/{result.name}.csv"  # from the book's root: the notebook may be read elsewhere
    return ChartOutput(
        data=lead + _figure_html(result, page, parts),
        spec=parts.notebook_spec,
        title=typography.text(result.title),
        head=f"{lead}<p><strong>{_escaped(result.title)}</strong></p>",
        tail=(
            f"{_footnote(result)}<p>{_escaped('Données du graphique (CSV) : ')}<code>{html.escape(where)}</code>"
            f"{_escaped(', dans le dossier du projet · ' + IMAGES)}</p>{_table_details(result, parts)}"
        ),
        tail_text=typography.text("\n".join(filter(None, [result.footnote, getattr(result, "screen_note", None), f"Données du graphique (CSV) : {where}, dans le dossier du projet"]))),
    )
