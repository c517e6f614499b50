"""The site's rendering of chart outputs: a myst-nb MIME renderer plugin, and its check.

A chart cell writes three outputs (:mod:`helpers.charts.output`): a head and a tail that only
notebooks show, and the chart, whose bundle holds a Vega-Lite spec for notebook front-ends and
the site's HTML block under :data:`~helpers.charts.output.FIGURE_MIME`. myst-nb knows neither
type; this plugin, registered in ``pyproject.toml`` under the ``myst_nb.mime_renderers`` entry
point, has it

* render the site's block as raw HTML, exactly as myst-nb renders ``text/html`` (same nodes, so
  the same bytes in the pages), ranked first by the HTML builders;
* leave out the chart's Vega-Lite spec (the site draws the block) and every notebook-only output.

An environment where the package was installed before the entry point existed would build pages
with the notebook-only outputs and without the charts: :func:`setup` (a Sphinx extension, set
up by :mod:`helpers.book.sphinx_site`) stops the build instead.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.errors import ExtensionError

from ..charts.output import FIGURE, FIGURE_MIME, NOTEBOOK_ONLY, ROLE_KEY, VEGALITE_MIME

#: The HTML builders, and where the site's block ranks for them: before ``text/html`` (30).
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
PRIORITY = 25


class ChartOutputs:
    """myst-nb MIME renderer plugin (``myst_nb.core.render.MimeRenderPlugin``) of chart outputs."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [(builder, FIGURE_MIME, PRIORITY) for builder in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """The nodes of one MIME type of one output (``[]``: nothing), or ``None`` for myst-nb's own renderers.

        ``renderer``: myst-nb's ``NbElementRenderer``; ``data``: its ``MimeData``.
        """
        role = data.output_metadata.get(ROLE_KEY)
        if role == NOTEBOOK_ONLY:
            return []
        if data.mime_type == FIGURE_MIME:
            return renderer.render_text_html_inline(data) if inline else renderer.render_text_html(data)
        if role == FIGURE and data.mime_type == VEGALITE_MIME:
            return []
        return None


class PluginMissing(ExtensionError):
    """The package's entry points are not installed: the site would show no chart."""


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension: check that myst-nb loads :class:`ChartOutputs` (else raise :class:`PluginMissing`)."""
    from myst_nb.core.render import load_mime_renders

    if ChartOutputs not in load_mime_renders():
        raise PluginMissing(
            "le greffon myst-nb des graphiques (helpers.book.mime_render:ChartOutputs) n'est pas installé : "
            "lancez `make install` (pip install -e .), qui déclare son point d'entrée myst_nb.mime_renderers"
        )
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
