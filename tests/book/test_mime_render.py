"""The site renders a chart cell's outputs as it rendered its one HTML block: same bytes, nothing more."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from docutils import nodes

from helpers.book import mime_render
from helpers.book.mime_render import ChartOutputs, PluginMissing
from helpers.charts.output import FIGURE_MIME, VEGALITE_MIME, ChartOutput
from tests.book import TINY_BOOK_CONFIG


class StubRenderer:
    """myst-nb's element renderer, reduced to the two calls the plugin makes."""

    def render_text_html(self, data):
        return [nodes.raw(text=data.string, format="html", classes=["output", "text_html"])]

    def render_text_html_inline(self, data):
        return [nodes.raw(text=data.string, format="html", classes=["output", "text_html"])]


def mime(mime_type: str, content, role: str | None = None):
    from myst_nb.core.render import MimeData

    return MimeData(mime_type, content, output_metadata={"comext": role} if role else {})


def test_the_site_block_is_raw_html_and_the_rest_of_a_chart_nothing():
    renderer = StubRenderer()
    [raw] = ChartOutputs.handle_mime(renderer, mime(FIGURE_MIME, "<figure>x</figure>", "figure"), False)
    assert raw.astext() == "<figure>x</figure>" and raw["format"] == "html"
    assert ChartOutputs.handle_mime(renderer, mime(VEGALITE_MIME, {"mark": "bar"}, "figure"), False) == []
    for mime_type in ("text/html", "text/plain"):  # head and tail: for notebooks only
        assert ChartOutputs.handle_mime(renderer, mime(mime_type, "<p>Titre</p>", "notebook"), False) == []


def test_other_outputs_are_left_to_myst_nb():
    renderer = StubRenderer()
    assert ChartOutputs.handle_mime(renderer, mime("text/html", "<p>x</p>"), False) is None
    assert ChartOutputs.handle_mime(renderer, mime(VEGALITE_MIME, {"mark": "bar"}), False) is None  # not one of ours
    assert ChartOutputs.handle_mime(renderer, mime("text/plain", "Graphique : x", "figure"), False) is None


def test_the_plugin_is_installed_and_ranks_the_site_block_first():
    from myst_nb.core.render import get_mime_priority, load_mime_renders

    assert ChartOutputs in load_mime_renders()  # the pyproject.toml entry point (make install)
    for builder in mime_render.HTML_BUILDERS:
        ranked = get_mime_priority(builder, [])
        assert ranked.index(FIGURE_MIME) < ranked.index("text/html") < ranked.index("text/plain")
        assert VEGALITE_MIME not in ranked  # never chosen on the site
    assert FIGURE_MIME not in get_mime_priority("latex", [])
    assert mime_render.setup(SimpleNamespace())["parallel_read_safe"]


def test_a_build_without_the_plugin_stops(monkeypatch):
    import myst_nb.core.render

    monkeypatch.setattr(myst_nb.core.render, "load_mime_renders", list)  # no plugin found
    with pytest.raises(PluginMissing, match="make install"):
        mime_render.setup(SimpleNamespace())


# --- a tiny book: the same chart as one text/html block (before) and as a chart cell's outputs (now) ---


TOC = """\
format: jb-book
root: before
chapters:
  - file: now
"""


def chart_output(root: Path) -> ChartOutput:
    """A chart cell's output (its CSV written under ``root``), with a lead line as région Sankeys have."""
    import pandas as pd

    from helpers.charts import render
    from helpers.charts.base import ChartResult

    data = pd.DataFrame({"Produit": ["Cognac", "Vins"], "Valeur (€)": [123456789, 98765]})
    chart = {"mark": "bar", "data": {"values": [{"a": 1}]}}
    result = ChartResult("treemap", "Exportations de spiritueux", "Graphique", chart, data, "Note sous le graphique.")
    return render.show(result, root=root, page="dep-16", lead="<p><strong>Région Charente — total</strong></p>")


def notebook(outputs: list) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("figures.treemap(ctx)", metadata={"tags": ["hide-input"]})
    cell.outputs = outputs
    title = nbformat.v4.new_markdown_cell("# Charente (16)")
    return nbformat.v4.new_notebook(cells=[title, cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory) -> Path:
    """HTML folder of a book whose two pages show the same chart, the old way and the new way."""
    root = tmp_path_factory.mktemp("mime-book")
    (root / "_config.yml").write_text(TINY_BOOK_CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    shown = chart_output(tmp_path_factory.mktemp("csv"))
    before = nbformat.v4.new_output("execute_result", data={"text/html": shown.data, "text/plain": "<IPython.core.display.HTML object>"}, execution_count=1)
    now = [nbformat.v4.new_output("display_data", data=data, metadata=metadata) for data, metadata in shown.outputs()]
    nbformat.write(notebook([before]), root / "before.ipynb")
    nbformat.write(notebook(now), root / "now.ipynb")
    exe = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(exe), "build", str(root), "-W", "-n"], check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]  # -W: no unknown MIME type, no priority warning
    return root / "_build" / "html"


def cell_outputs(page: Path) -> str:
    found = re.search(r'<div class="cell_output docutils container">.*?</figure>\s*</div>\s*</div>', page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"no chart block in the outputs of {page.name}"
    return found.group(0)


@pytest.mark.slow
def test_the_page_shows_the_chart_block_exactly_as_before_and_nothing_else(tiny_book):
    before, now = cell_outputs(tiny_book / "before.html"), cell_outputs(tiny_book / "now.html")
    assert now == before
    assert now.count('<figure class="comext-figure"') == 1 and "Région Charente — total" in now
    page = (tiny_book / "now.html").read_text(encoding="utf-8")
    assert "Données du graphique (CSV)" not in page  # the notebook's tail
    assert "Graphique : Exportations" not in page and "vegalite" not in page
    assert page.count("Exportations de spiritueux</p>") == 1  # the title once: the notebook's head left out
