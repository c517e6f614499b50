"""The French search ignores accents, identically in the index (Python) and the query (JS).

Unit tests of the Python side, then a tiny French book built once with ``jupyter-book build``
and searched in Chromium from disk: « herault » finds the page « Hérault (34) ».
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from sphinx.search.fr import SearchFrench, french_stopwords

from helpers.book import sphinx_search
from helpers.book.sphinx_search import FoldedFrenchSearch, fold, stem_folded
from tests.book import TINY_BOOK_CONFIG

#: Words whose Python and JS stems must agree (accents, ligatures, capitals, plurals, numbers).
VOCABULARY = [
    "Hérault", "herault", "HÉRAULT", "Béziers", "beziers", "département", "Départements",
    "departement", "Corse-du-Sud", "Pyrénées", "Lozère", "Île", "Œuvre", "main-d'œuvre",
    "ex-æquo", "exportées", "exportés", "importations", "économiques", "Réunion", "Guyane",
    "Noël", "naïf", "ça", "où", "été", "même", "2024", "34", "Aÿ", "Ångström",
]


@pytest.fixture
def clean_stem_cache() -> Iterator[None]:
    """The stem cache is process-wide: empty it around tests that count or fake stemming."""
    stem_folded.cache_clear()
    yield
    stem_folded.cache_clear()


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Hérault", "herault"),
        ("BÉZIERS", "beziers"),
        ("département", "departement"),
        ("Œuvre", "oeuvre"),
        ("ex-æquo", "ex-aequo"),
        ("Noël naïf à Aÿ", "noel naif a ay"),
        ("he\u0301rault", "herault"),  # decomposed é (NFD input)
        ("Corse-du-Sud 2A", "corse-du-sud 2a"),
    ],
)
def test_fold_lowercases_expands_ligatures_and_drops_accents(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize(
    "variants",
    [
        ("Hérault", "herault", "HERAULT", "HÉRAULT"),
        ("Béziers", "beziers"),
        ("département", "departement", "Départements"),
        ("Œuvres", "oeuvres", "œuvre"),
    ],
)
def test_accented_and_bare_words_have_the_same_stem(variants):
    search = FoldedFrenchSearch({})
    assert len({search.stem(word) for word in variants}) == 1


def test_stem_is_the_snowball_stem_of_the_folded_word():
    search = FoldedFrenchSearch({})
    assert search.stem("Départements") == "depart"
    assert search.stem("exportations") == SearchFrench({}).stem("exportations") == "export"


def test_stopwords_hold_accented_and_folded_forms():
    stopwords = FoldedFrenchSearch.stopwords
    assert french_stopwords <= stopwords
    assert {"même", "meme", "été", "ete", "étaient", "etaient", "êtes", "etes", "à", "a"} <= stopwords
    search = FoldedFrenchSearch({})
    assert not search.word_filter(search.stem("Étaient"))  # folded stem of a stopword: not indexed
    assert search.word_filter(search.stem("Hérault"))


def test_split_recomposes_decomposed_accents():
    search = FoldedFrenchSearch({})
    assert search.split("He\u0301rault (34), Be\u0301ziers") == ["Hérault", "34", "Béziers"]


def test_each_distinct_folded_word_is_stemmed_once(monkeypatch, clean_stem_cache):
    calls: list[str] = []

    class CountingStemmer:
        def stemWord(self, word: str) -> str:
            calls.append(word)
            return word[:5]

    monkeypatch.setattr(sphinx_search, "_SNOWBALL", CountingStemmer())
    first, second = FoldedFrenchSearch({}), FoldedFrenchSearch({})  # e.g. two builds in one process
    stems = [first.stem("Hérault"), first.stem("herault"), second.stem("HÉRAULT"), second.stem("Béziers")]
    assert stems == ["herau", "herau", "herau", "bezie"]
    assert calls == ["herault", "beziers"]
    assert stem_folded.cache_info().hits == 2


def test_js_stemmer_folds_before_the_french_snowball_stemmer():
    code = FoldedFrenchSearch.js_stemmer_code
    assert "FrenchStemmer=function" in code and "BaseStemmer=function" in code
    assert "french.stemWord(comextFold(word))" in code
    assert FoldedFrenchSearch.js_stemmer_rawcode == ""  # else Sphinx replaces our Stemmer by FrenchStemmer


def test_setup_registers_the_search_language_and_invalidates_old_environments():
    added: list[type] = []
    app = SimpleNamespace(add_search_language=added.append)
    metadata = sphinx_search.setup(app)
    assert added == [FoldedFrenchSearch] and FoldedFrenchSearch.lang == "fr"
    assert metadata["env_version"] == sphinx_search.ENV_VERSION and metadata["parallel_read_safe"]



def chart_block() -> str:
    """The HTML block of a chart as pages show it (helpers.charts.render), with a data table."""
    import pandas as pd

    from helpers.charts.base import ChartResult
    from helpers.charts.render import figure_html

    data = pd.DataFrame({"Produit": ["Cognac", "Vins"], "Valeur (€)": [123456789, 98765]})
    chart = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "mark": "bar", "data": {"values": []}}
    result = ChartResult("treemap", "Exportations de spiritueux", "Graphique", chart, data, "Note sous le graphique.")
    return figure_html(result, "dep-16")


def test_data_tables_are_left_out_of_the_searched_text():
    block = chart_block()
    assert '<details class="comext-table">' in block and "Cognac" in block  # the table renders
    searched = sphinx_search.without_data_tables(block)
    assert "Cognac" not in searched and "123" not in searched and "<table" not in searched
    assert "Exportations de spiritueux" in searched and "Note sous le graphique." in searched  # title, caption
    plain = "<p>Un tableau d'auteur : <table><tr><td>Cognac</td></tr></table></p>"
    assert sphinx_search.without_data_tables(plain) == plain  # only the charts' data tables go


def test_searchable_text_separates_blocks_drops_scripts_and_decodes_entities():
    html = (
        '<p class="t">Exportations de spiritueux</p><p>Note</p><script type="application/json">{"mark": "rect"}</script>'
        "<STYLE>p {color: red}</STYLE><p>l&#x27;export vers l&#x27;Italie</p>"
    )
    words = sphinx_search.searchable_text(html).split()
    assert words == ["Exportations", "de", "spiritueux", "Note", "l'export", "vers", "l'Italie"]


def test_feed_sees_raw_html_without_data_tables_and_the_page_keeps_them():
    from docutils import nodes
    from docutils.utils import new_document

    doctree = new_document("page")
    block = chart_block()
    figure = nodes.raw("", block, format="html")
    prose = nodes.paragraph(text="Le département exporte du Cognac.")
    doctree += [prose, figure]
    seen: list[str] = []

    def feed(self, docname, filename, title, tree):
        seen.extend(node.astext() for node in tree.findall(nodes.raw))
        seen.append(tree.findall(nodes.paragraph).__next__().astext())

    wrapped = sphinx_search._feed_searchable_text(feed)
    wrapped(None, "page", "page.ipynb", "Page", doctree)
    assert seen[0].split()[:3] == ["Exportations", "de", "spiritueux"] and "<" not in seen[0]
    assert "123" not in seen[0] and "Cognac" not in seen[0]
    assert seen[1] == "Le département exporte du Cognac."  # prose untouched
    assert figure.astext() == block  # the node is given back as it was, for the HTML writer


def test_setup_wraps_sphinx_indexer_once(monkeypatch):
    from sphinx.search import IndexBuilder

    original = IndexBuilder.feed
    monkeypatch.setattr(IndexBuilder, "feed", getattr(original, "__wrapped__", original))
    app = SimpleNamespace(add_search_language=lambda language: None)
    sphinx_search.setup(app)
    once = IndexBuilder.feed
    sphinx_search.setup(app)  # a second book built in the same process
    assert IndexBuilder.feed is once and once.comext_wrapped
    assert once.__wrapped__ is getattr(original, "__wrapped__", original)

# --- a tiny French book, built once, searched in Chromium -------------------------------------


TOC = """\
format: jb-book
root: intro
chapters:
  - file: herault
  - file: aude
  - file: corse
"""

PAGES = {
    "intro": "# Commerce extérieur\n\nUne fiche par département, sur les données des douanes.\n",
    "herault": "# Hérault (34)\n\nLe département exporte surtout depuis Béziers et Montpellier.\n",
    "aude": "# Aude (11)\n\nCarcassonne et Narbonne ; une main-d'œuvre qualifiée.\n",
    "corse": "# Corse-du-Sud (2A)\n\nAjaccio et Porto-Vecchio.\n",
}


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory) -> Path:
    """HTML folder of the tiny book, built with our extension and ``language: fr``."""
    root = tmp_path_factory.mktemp("tiny-book")
    (root / "_config.yml").write_text(TINY_BOOK_CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    for name, text in PAGES.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    exe = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(exe), "build", str(root), "-W", "-n"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root / "_build" / "html"


@pytest.mark.slow
def test_tiny_book_index_holds_folded_terms_and_accented_titles(tiny_book):
    text = (tiny_book / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
    terms = set(index["terms"]) | set(index["titleterms"])
    assert {"herault", "bezi", "depart", "oeuvr", "exterieur"} <= terms
    assert not [term for term in terms if not term.isascii()]
    assert "Hérault (34)" in index["titles"]  # the results list shows titles with their accents
    language_data = (tiny_book / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "comextFold" in language_data and '"meme"' in language_data


@pytest.fixture(scope="module")
def search_tab(tiny_book):
    """A Chromium tab, for :func:`search`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_default_timeout(120_000)  # a safety net under load: the waits are on states
        yield page
        browser.close()


def search(tab, html: Path, query: str) -> list[tuple[str, str]]:
    """(href, text) of the results of ``search.html?q=query``, once the search has finished."""
    tab.goto((html / "search.html").as_uri() + "?q=" + quote(query))
    tab.wait_for_function(
        "(document.querySelector('#search-results p.search-summary') || {textContent: ''}).textContent.trim() !== ''",
        timeout=120_000,
    )
    links = tab.locator("#search-results ul.search li > a")
    return [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("herault", {"herault.html"}),
        ("Hérault", {"herault.html"}),
        ("HERAULT", {"herault.html"}),
        ("he\u0301rault", {"herault.html"}),  # decomposed accents, as some systems send them
        ("Be\u0301ziers", {"herault.html"}),
        ("beziers", {"herault.html"}),
        ("departement", {"intro.html", "herault.html"}),
        ("départements", {"intro.html", "herault.html"}),
        ("oeuvre", {"aude.html"}),
        ("corse", {"corse.html"}),
        ("Strasbourg", set()),
    ],
)
def test_search_page_ignores_accents(search_tab, tiny_book, query, pages):
    results = search(search_tab, tiny_book, query)
    assert {href for href, _ in results} == pages


@pytest.mark.slow
@pytest.mark.browser
def test_search_results_show_accented_titles(search_tab, tiny_book):
    assert search(search_tab, tiny_book, "herault") == [("herault.html", "Hérault (34)")]


@pytest.mark.slow
@pytest.mark.browser
def test_js_and_python_stems_agree(search_tab, tiny_book):
    search(search_tab, tiny_book, "aude")  # loads language_data.js
    js = search_tab.evaluate("(words) => words.map((w) => new Stemmer().stemWord(w.toLowerCase()))", VOCABULARY)
    python = [FoldedFrenchSearch({}).stem(word) for word in VOCABULARY]
    assert js == python
    js_stopwords = search_tab.evaluate("stopwords")
    assert set(js_stopwords) == FoldedFrenchSearch.stopwords
