"""An executed page's notebook read as the body of its PDF, in the notebook's order.

Nothing here names a section of the fiche: every cell the site shows is rendered, section by
section, as it comes —

* a markdown cell: its text (the page's MyST substitutions ``{{ de_nom }}``… replaced, as
  Jupyter Book does), headings included;
* a code cell: its outputs, each by the first of these it holds: a chart (the role
  :data:`~helpers.charts.output.FIGURE` in its metadata: its Vega-Lite spec drawn as SVG, the
  notebook-only output just before it as its heading, the note of the one just after it),
  ``text/markdown``, ``text/html``, ``image/svg+xml``, ``image/png``.

Left out: cells tagged ``remove-cell`` (as on the site) or :data:`NO_PDF` (a cell meant for the
screen only), outputs of cells tagged ``remove-output``, streams and errors. A new section of the
template (markdown headings, prose, charts, tables) thus appears in the PDF with no code here.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..charts.output import FIGURE, NOTEBOOK_ONLY, ROLE_KEY, VEGALITE_MIME
from . import pdf_markup

#: A cell with this tag is shown on the site but not printed.
NO_PDF = "no-pdf"
#: The class of a chart's note in its notebook-only tail (:mod:`helpers.charts.render`).
FOOTNOTE_CLASS = "comext-footnote"

_SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")

#: ``(spec, number format) -> file name`` of the chart's SVG, relative to the Typst root.
ChartFile = Callable[[dict[str, Any], "dict[str, Any] | None"], str]
#: ``(bytes, extension) -> file name`` of an image output, relative to the Typst root.
ImageFile = Callable[[bytes, str], str]


@dataclass(frozen=True)
class PageText:
    """What the PDF's metadata and running lines need from a page (texts in French)."""

    title: str  # the page's first heading, plain text: « Aude (11) — commerce extérieur »
    year: str  # the data year, « 2024 »
    substitutions: dict[str, str]


def joined(source: str | list[str]) -> str:
    """A notebook's multi-line string (possibly a list of lines) as one string."""
    return source if isinstance(source, str) else "".join(source)


def substitute(text: str, values: dict[str, str]) -> str:
    """``text`` with its ``{{ name }}`` replaced by ``values`` (unknown names left as written)."""
    return _SUBSTITUTION.sub(lambda m: values.get(m[1], m[0]), text)


def page_text(notebook: Any) -> PageText:
    """Title (first heading, substitutions applied) and data year of an executed notebook."""
    values = dict(notebook.metadata.get("myst", {}).get("substitutions", {}))
    title = values.get("libelle", "")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#{1,2}\s+(.+)$", substitute(joined(cell.source), values), re.MULTILINE)
            if found:
                title = found[1].strip()
                break
    return PageText(title=title, year=values.get("annee", ""), substitutions=values)


def printed(cell: Any) -> bool:
    """True for a cell the PDF shows (see the module's documentation)."""
    tags = cell.metadata.get("tags", [])
    return "remove-cell" not in tags and NO_PDF not in tags


def body(notebook: Any, chart_file: ChartFile, image_file: ImageFile) -> str:
    """Typst markup of every printed cell of ``notebook``, in order."""
    values = page_text(notebook).substitutions
    parts: list[str] = []
    for cell in notebook.cells:
        if not printed(cell):
            continue
        if cell.cell_type == "markdown":
            parts.append(pdf_markup.markdown(substitute(joined(cell.source), values)))
        elif cell.cell_type == "code" and "remove-output" not in cell.metadata.get("tags", []):
            parts.append(outputs(cell.get("outputs", []), chart_file, image_file))
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def _role(output: Any) -> str | None:
    return output.get("metadata", {}).get(ROLE_KEY)


def outputs(items: list[Any], chart_file: ChartFile, image_file: ImageFile) -> str:
    """Typst markup of one code cell's outputs: charts with their heading and note, the rest."""
    parts: list[str] = []
    used: set[int] = set()
    for index, output in enumerate(items):
        if index in used or output.get("output_type") not in ("display_data", "execute_result"):
            continue
        data = output.get("data", {})
        if _role(output) == FIGURE and VEGALITE_MIME in data:
            head = tail = ""
            if index > 0 and _role(items[index - 1]) == NOTEBOOK_ONLY:
                head = pdf_markup.html(joined(items[index - 1]["data"].get("text/html", "")))
            if index + 1 < len(items) and _role(items[index + 1]) == NOTEBOOK_ONLY:
                tail = pdf_markup.html(joined(items[index + 1]["data"].get("text/html", "")), keep_class=FOOTNOTE_CLASS)
                used.add(index + 1)
            parts.append(chart(output, head, tail, chart_file))
        elif _role(output) == NOTEBOOK_ONLY:
            continue  # a chart's head or tail, read with its chart
        elif "text/markdown" in data:
            parts.append(keep_together(pdf_markup.markdown(joined(data["text/markdown"]))))
        elif "text/html" in data:
            parts.append(pdf_markup.html(joined(data["text/html"])))
        elif "image/svg+xml" in data:
            name = image_file(joined(data["image/svg+xml"]).encode("utf-8"), "svg")
            parts.append(f"#image({pdf_markup.string(name)}, width: 100%, alt: {pdf_markup.string(joined(data.get('text/plain', 'Image')))})")
        elif "image/png" in data:
            name = image_file(base64.b64decode(joined(data["image/png"])), "png")
            parts.append(f"#image({pdf_markup.string(name)}, width: 100%, alt: {pdf_markup.string(joined(data.get('text/plain', 'Image')))})")
    return "\n\n".join(part for part in parts if part.strip())


#: An output's markup up to this length (characters) is kept on one page (a totals box, a note);
#: longer ones (a table of départements) may break across pages.
SHORT = 1200


def keep_together(markup: str) -> str:
    """``markup`` in ``#together[…]`` (never cut by a page break) when short, as it is otherwise."""
    return f"#together[{markup.strip()}]" if markup.strip() and len(markup) <= SHORT else markup


def chart(output: Any, head: str, tail: str, chart_file: ChartFile) -> str:
    """``#chart(…)`` of one chart output: its SVG, alt text (the spec's description, else its
    plain-text title), heading (``head``) and note (``tail``), kept together on one page."""
    data = output["data"]
    spec = data[VEGALITE_MIME]
    locale = output.get("metadata", {}).get(VEGALITE_MIME, {}).get("embed_options", {}).get("formatLocale")
    alt = spec.get("description") or joined(data.get("text/plain", "Graphique"))
    name = chart_file(spec, locale)
    return f"#chart({pdf_markup.string(name)}, alt: {pdf_markup.string(alt)}, head: [{head}], note: [{tail}])"
