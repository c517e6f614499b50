"""A chart as notebook outputs that the site and notebook front-ends each draw.

A front-end shows, of each output, the MIME type it ranks first among those it knows. JupyterLab
ranks ``text/html`` (50) before its Vega renderer (57), and the site's chart block is HTML that only
the site's script (``_static/comext-vega.js`` + ``comext-charts.js``) turns into a chart: a bundle
holding both would show an empty box in JupyterLab. So a chart cell writes three outputs:

1. the head, for notebooks only: the line before the chart (a région's or France's total) and
   the chart's title, as ``text/html``;
2. the chart: its Vega-Lite spec under :data:`VEGALITE_MIME` (data inline, as JSON text:
   :func:`notebook_spec`; the site's French number format and menu in the output's
   ``embed_options``), which JupyterLab 4 draws offline even in a notebook it did not execute
   itself (papermill's output is untrusted there);
   the site's HTML block under :data:`FIGURE_MIME`, a type notebook front-ends ignore and that
   :mod:`helpers.book.mime_render` has the site render as raw HTML, exactly as ``text/html``
   was; and a ``text/plain`` fallback;
3. the tail, for notebooks only: the footnote, where the CSV is, and the data table.

Outputs 1 and 3 carry ``{"comext": "notebook"}`` in their metadata and output 2
``{"comext": "figure"}`` (:data:`ROLE_KEY`): the site leaves the first out and draws the second
from its HTML alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..common import typography

#: The site's HTML block of a chart (never ranked by notebook front-ends).
FIGURE_MIME = "application/vnd.comext.figure+html"
#: Vega-Lite, as JupyterLab 4 knows it: our Vega-Lite 6 specs draw there labelled v5.
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
#: Output metadata key naming an output's role: :data:`FIGURE` or :data:`NOTEBOOK_ONLY`.
ROLE_KEY = "comext"
FIGURE = "figure"
NOTEBOOK_ONLY = "notebook"

NBSP = "\u00a0"
#: vega-embed options of a notebook's charts: those of the site's script (``comext-charts.js``),
#: French numbers, export menu only (the other actions need the network) and SVG, as on the site.
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "formatLocale": {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", NBSP + "€"]},
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    "i18n": {
        "CLICK_TO_VIEW_ACTIONS": "Afficher les actions",
        "PNG_ACTION": "Enregistrer en PNG",
        "SVG_ACTION": "Enregistrer en SVG",
        "COMPILED_ACTION": "Voir le Vega compilé",
        "EDITOR_ACTION": "Ouvrir dans l'éditeur Vega",
        "SOURCE_ACTION": "Voir la source",
    },
}

def notebook_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (not modified) with each named dataset as JSON text instead of rows.

    Vega-Lite accepts a string as a dataset and Vega parses it as JSON: JupyterLab draws the same
    SVG, byte for byte. A notebook is serialised by nbformat's pure-Python, indented JSON writer
    three times per page and build (papermill, ``comext build``, myst-nb), and it walks every
    object of the rows: one string per dataset instead costs about half as much.
    """
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    as_text = {name: rows if isinstance(rows, str) else json.dumps(rows, ensure_ascii=False, separators=(",", ":")) for name, rows in datasets.items()}
    return {**spec, "datasets": as_text}


#: One output: (MIME bundle, output metadata).
Output = tuple[dict[str, Any], dict[str, Any]]


@dataclass(frozen=True)
class ChartOutput:
    """What a chart cell shows: the site's block and the notebook's head, chart and tail.

    ``data`` is the site's HTML block (the whole figure; named as :class:`IPython.display.HTML`
    names its text); ``spec`` the Vega-Lite spec drawn in notebooks (:func:`notebook_spec`); ``head`` and
    ``tail`` the notebook's HTML around it; ``title`` and ``tail_text`` their plain-text forms.
    """

    data: str
    spec: dict[str, Any]
    title: str
    head: str
    tail: str
    tail_text: str

    def outputs(self) -> list[Output]:
        """The three outputs, in order (see the module's documentation)."""
        notebook = {ROLE_KEY: NOTEBOOK_ONLY}
        return [
            ({"text/html": self.head, "text/plain": self.title}, notebook),
            (
                {VEGALITE_MIME: self.spec, FIGURE_MIME: self.data, "text/plain": typography.text(f"Graphique : {self.title}")},
                {ROLE_KEY: FIGURE, VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}},
            ),
            ({"text/html": self.tail, "text/plain": self.tail_text}, notebook),
        ]

    def _ipython_display_(self) -> None:
        """Publish :meth:`outputs` as three ``display_data`` (IPython calls this for a cell's value)."""
        from IPython.display import publish_display_data

        for data, metadata in self.outputs():
            publish_display_data(data, metadata)
