"""An executed notebook read as the PDF's body: every cell the site shows, in order, charts with
their heading and note; nothing is named by section, so new sections need no code."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.book import pdf_content
from helpers.charts.output import ChartOutput

SPEC = {"description": "Graphique en barres, Aude, 2024 : Espagne 521,3 M€.", "mark": "bar", "data": {"values": [{"x": 1}]}}


def chart_outputs() -> list:
    """The three outputs a chart cell writes (helpers.charts.output), from a tiny chart."""
    chart = ChartOutput(
        data="<figure>site</figure>",
        spec=SPEC,
        title="Principaux pays, Aude (2024)",
        head="<p><strong>Principaux pays, Aude (2024)</strong></p>",
        tail='<p class="comext-footnote">Lecture : valeurs en M€.</p><p>Données du graphique (CSV) : <code>x.csv</code></p>',
        tail_text="Lecture",
    )
    return [new_output("display_data", data=data, metadata=metadata) for data, metadata in chart.outputs()]


def notebook() -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"myst": {"substitutions": {"libelle": "Aude (11)", "de_nom": "de l’Aude", "annee": "2024"}}})
    nb.cells = [
        new_markdown_cell("# {{ libelle }} — commerce extérieur"),
        new_code_cell("ctx = ...", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("## Points clés\n\nLes échanges {{ de_nom }}."),
        new_code_cell("page.totals_block(ctx)", metadata={"tags": ["hide-input"]},
                      outputs=[new_output("execute_result", data={"text/markdown": "**Total : 1\u00a0966 millions d’euros**", "text/plain": "x"}, execution_count=1)]),
        new_code_cell("figures.butterfly(ctx)", metadata={"tags": ["hide-input"]}, outputs=chart_outputs()),
        new_code_cell("print('debug')", outputs=[new_output("stream", name="stdout", text="debug\n")]),
        new_markdown_cell("## Pour l’écran seulement", metadata={"tags": ["no-pdf"]}),
        new_markdown_cell("## Évolution"),
    ]
    return nb


def test_page_text_title_and_year_from_the_substitutions():
    text = pdf_content.page_text(notebook())
    assert (text.title, text.year) == ("Aude (11) — commerce extérieur", "2024")


def test_body_every_printed_cell_in_order_with_the_chart_its_heading_and_note():
    drawn = []

    def chart_file(spec, locale):
        drawn.append((spec, locale))
        return "c1.svg"

    body = pdf_content.body(notebook(), chart_file, lambda data, ext: "never.png")
    assert body.split("\n\n")[:4] == [
        "#heading(level: 1)[Aude (11) — commerce extérieur]",
        "#heading(level: 2)[Points clés]",
        "Les échanges de l’Aude\\.",
        "#together[#strong[Total : 1\u00a0966 millions d’euros]]",
    ]
    assert body.split("\n\n")[4] == (
        '#chart("c1.svg", alt: "Graphique en barres, Aude, 2024 : Espagne 521,3 M€.", '  # a string literal: not escaped
        "head: [#strong[Principaux pays, Aude (2024)]], note: [Lecture : valeurs en M€\\.])"
    )
    assert body.endswith("\n\n#heading(level: 2)[Évolution]\n")
    assert "debug" not in body and "écran" not in body and "ctx" not in body and "x.csv" not in body
    assert drawn == [(SPEC, {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]})]


def test_an_image_output_is_printed_with_its_text_as_alt():
    nb = new_notebook()
    nb.cells = [new_code_cell("plot()", outputs=[new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "Carte"})])]
    saved = []
    body = pdf_content.body(nb, lambda spec, locale: "", lambda data, ext: saved.append((data, ext)) or "i.svg")
    assert body == '#image("i.svg", width: 100%, alt: "Carte")\n'
    assert saved == [(b"<svg/>", "svg")]


def test_keep_together_only_short_blocks():
    assert pdf_content.keep_together("court\n\n") == "#together[court]"
    long = "x" * (pdf_content.SHORT + 1)
    assert pdf_content.keep_together(long) == long
