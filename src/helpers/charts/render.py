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
from . import shared as shared_charts
from .base import config_spec
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


def shared_config() -> dict[str, Any]:
    """The charts' shared look (:func:`helpers.charts.base.config_spec`) as a page's spec holds it
    (:func:`page_spec`'s typography); the site's chart script gives it to every chart
    (``window.comextChartConfig``, written into ``comext-vega.js`` by :mod:`helpers.charts.assets`)."""
    return typography.vega(config_spec())


def site_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (a :func:`page_spec`, not modified) as the site's pages hold it: without its
    ``config`` when that is :func:`shared_config`, which the site adds back when it draws (the
    same chart, and the same spec in notebooks and PDFs); any other spec unchanged."""
    if spec.get("config") != shared_config():
        return spec
    return {key: value for key, value in spec.items() if key != "config"}


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


#: Numeric columns up to this position are named by the table's class (``n1`` … ``n10``, right-aligned
#: by ``_static/comext.css``); a numeric column further right marks each of its cells ``class="num"``.
NUMERIC_CLASSES = 10


def _column_cells(column: pd.Series, *, marked: bool = False) -> list[str]:
    """The cells of one column, top to bottom: ``<td>`` and the text, the end tag left out (HTML
    needs none before the next cell or row; a data table of a Sankey has a thousand cells);
    ``marked``: ``<td class="num">``.

    ``tolist()`` gives plain Python values (``int``, ``float``, ``str``…), as iterating would.
    """
    opening = '<td class="num">' if marked else "<td>"
    return [f"{opening}{_cell(value)}" for value in column.tolist()]


def table_html(data: pd.DataFrame) -> str:
    """``data`` as an HTML table with French number formatting; text escaped.

    Light markup, the same table to a reader: no ``</td>`` or ``</tr>`` (optional in HTML), and
    the numeric columns named once by the table's class (``n5`` for the fifth column, see
    :data:`NUMERIC_CLASSES`) rather than by a class on each of their cells.
    """
    head = "".join(f"<th>{_escaped(str(c))}</th>" for c in data.columns)
    numeric = [pd.api.types.is_numeric_dtype(column.dtype) for _, column in data.items()]
    classes = "".join(f" n{i}" for i, num in enumerate(numeric, 1) if num and i <= NUMERIC_CLASSES)
    columns = [_column_cells(column, marked=num and i > NUMERIC_CLASSES) for i, ((_, column), num) in enumerate(zip(data.items(), numeric, strict=True), 1)]
    rows = "".join(f"<tr>{''.join(column[i] for column in columns)}" for i in range(len(data)))
    return f'<table class="comext-data{classes}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


@dataclass(frozen=True)
class Formatted:
    """What a chart's output holds whatever the page: its spec as JSON (:func:`spec_json`) and as
    notebooks hold it (:func:`~helpers.charts.output.notebook_spec`), its numbers as an HTML table
    (:func:`table_html`) and as CSV bytes (:func:`csv_bytes`). Shared between pages: never
    modify ``notebook_spec``.

    ``shared``: for a chart several pages show (a keyed result, see :func:`formatted`), the digest
    naming its file (:mod:`helpers.charts.shared`), which holds its spec and table instead of the
    page; ``None`` for a page's own chart, inline.
    """

    spec: str
    table: str
    csv: bytes
    notebook_spec: dict[str, Any]
    shared: str | None = None


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
        found = _FORMATTED[key] = _format(result, shared=True)
    return found


def _format(result: ChartLike, *, shared: bool = False) -> Formatted:
    """:class:`Formatted` of ``result``; ``shared``: named by its digest, to be served as a file."""
    spec = page_spec(result.chart, result.description)
    text, table = _script_json(site_spec(spec)), table_html(result.data)
    digest = shared_charts.chart_digest(text, table) if shared else None
    return Formatted(text, table, csv_bytes(result.data), notebook_spec(spec), digest)


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
    if parts.shared is None:  # the page's own chart: spec and table inline
        chart = f'<div class="comext-vega" data-spec="spec-{ident}"></div><script type="application/json" id="spec-{ident}">{parts.spec}</script>'
        table, loader = parts.table, ""
    else:  # shared by several pages: its file brings the spec and fills the table in (helpers.charts.shared)
        chart = f'<div class="comext-vega" data-spec="spec-{ident}" data-chart="{parts.shared}"></div>'
        table, loader = "", shared_charts.script_tag(parts.shared)
    return (
        f'<figure class="comext-figure" id="fig-{ident}">'
        f'<p class="comext-title">{_escaped(result.title)}</p>'
        f"{chart}"
        f"<figcaption>{footnote}"
        f'<p class="comext-downloads"><a href="../{DOWNLOADS}/{page}/{result.name}.csv" download>Télécharger les données (CSV)</a>'
        f"{_escaped(' · ' + IMAGES)}</p>"
        f"{_table_details(result, table)}{loader}"  # the loader last: the table it fills is parsed
        "</figcaption></figure>"
    )


def _table_details(result: ChartLike, table: str) -> str:
    """The collapsible data table of ``result`` (``table``: its HTML, or empty when a shared chart's file brings it)."""
    return f'<details class="comext-table"><summary>{_escaped("Tableau des données : " + result.title)}</summary>{table}</details>'


def show(result: ChartLike, *, root: Path, page: str, lead: str = "") -> ChartOutput:
    """Write the chart's CSV and return the cell's output (:class:`~helpers.charts.output.ChartOutput`).

    ``lead``: HTML shown just before the chart (a scope's total), on the site and in notebooks.
    """
    parts = formatted(result)
    _write_bytes(csv_path(root, page, result.name), parts.csv)
    if parts.shared is not None:
        shared_charts.write(root, parts.shared, shared_charts.script_text(parts.shared, parts.spec, parts.table))
    where = f"{EXTRA.as_posix()}/{DOWNLOADS}/{page}/{result.name}.csv"  # from the book's root: the notebook may be read elsewhere
    return ChartOutput(
        data=lead + _figure_html(result, page, parts),
        spec=parts.notebook_spec,
        title=typography.text(result.title),
        head=f"{lead}<p><strong>{_escaped(result.title)}</strong></p>",
        tail=(
            f"{_footnote(result)}<p>{_escaped('Données du graphique (CSV) : ')}<code>{html.escape(where)}</code>"
            f"{_escaped(', dans le dossier du projet · ' + IMAGES)}</p>{_table_details(result, parts.table)}"
        ),
        tail_text=typography.text("\n".join(filter(None, [result.footnote, getattr(result, "screen_note", None), f"Données du graphique (CSV) : {where}, dans le dossier du projet"]))),
    )
