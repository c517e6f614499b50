"""One template for three kinds of page: which cells a page keeps, and its substitutions.

The template (``notebooks/fiche.ipynb``) renders a département's fiche, a région's page and
the France page. A cell tagged with one or more of :data:`KIND_TAGS` (``for-unit``,
``for-region``, ``for-france``) belongs to those kinds only; an untagged cell to every kind.
Headings and prose that differ between kinds therefore stay in markdown cells, as Jupyter Book
needs them, and the executed notebook of a page holds only its own cells.

:func:`adapt` is applied to every executed notebook (``execute.prepare_for_book``); the code
cells of the other kinds, if they ran, show nothing on the wrong kind of page (see
:mod:`helpers.fiche.page`, :mod:`helpers.charts.figures`, :mod:`helpers.fiche.breakdown`), and
:func:`select_cells` can also be applied to the template before execution to skip them.

:func:`adapt` is also where a page's text gets its French typography (:func:`typeset`,
:mod:`helpers.common.typography`): the markdown cells, the Markdown the code cells output and the
substitutions. The charts' HTML gets it where it is written (:mod:`helpers.charts.render`).
"""

from __future__ import annotations

from nbformat import NotebookNode

from ..common import typography
from .page import substitutions
from .parameters import PageParameters

#: Tag of the cells that belong only to a kind of page, by kind.
KIND_TAGS = {"unit": "for-unit", "region": "for-region", "france": "for-france"}


def belongs(cell: NotebookNode, kind: str) -> bool:
    """True when ``cell`` is shown on a page of ``kind`` (untagged cells are shown on all)."""
    tags = set(cell.get("metadata", {}).get("tags", [])) & set(KIND_TAGS.values())
    return not tags or KIND_TAGS[kind] in tags


def select_cells(notebook: NotebookNode, kind: str) -> NotebookNode:
    """Drop, in place, the cells that belong to other kinds of page; returns ``notebook``."""
    if kind not in KIND_TAGS:
        raise ValueError(f"unknown page kind {kind!r}")
    notebook.cells = [cell for cell in notebook.cells if belongs(cell, kind)]
    return notebook


def hide_empty_cells(notebook: NotebookNode) -> None:
    """Tag ``remove-cell`` the code cells shown behind a toggle (``hide-input``) that output
    nothing (a note that does not apply to this page): the toggle would open onto a line of code
    and nothing else. The cell stays in the executed notebook."""
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and "hide-input" in tags and not cell.get("outputs") and "remove-cell" not in tags:
            tags.append("remove-cell")


def typeset(notebook: NotebookNode) -> None:
    """French typography, in place, on the text the page shows: the markdown cells and the
    ``text/markdown`` outputs (MyST: code, directives' options and link targets are left alone)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = typography.markdown(_joined(cell.source))
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = typography.markdown(_joined(data["text/markdown"]))


def _joined(source: str | list[str]) -> str:
    """A notebook's multi-line string (nbformat may keep it as a list of lines) as one string."""
    return source if isinstance(source, str) else "".join(source)


def adapt(notebook: NotebookNode, params: PageParameters) -> None:
    """The page's MyST substitutions (title, names), only the cells of its kind, no empty toggle,
    French typography (:func:`typeset`)."""
    values = substitutions(params.place, params.year)
    notebook.metadata["myst"] = {"substitutions": {key: typography.text(value) for key, value in values.items()}}
    select_cells(notebook, params.kind)
    hide_empty_cells(notebook)
    typeset(notebook)
