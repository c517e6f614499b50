"""French full-text search that ignores accents, for the book's search page.

Sphinx's French search (``sphinx.search.fr.SearchFrench``) stems words with the snowball
stemmer but keeps their accents: « herault », « beziers » or « departement » typed in the search
box find nothing, because the index holds « hérault », « bézi » and « départ ». This module
registers, for ``language: fr``, a search language that *folds* every word before stemming it
— lowercase, œ → oe, æ → ae, accents dropped (Unicode decomposition, combining marks removed) —
on both sides, identically:

* the index (Python): :meth:`FoldedFrenchSearch.stem` folds then stems; the stopwords hold
  both the accented and the folded forms;
* the query (JavaScript, ``_static/language_data.js``): Sphinx's ``searchtools.js`` lowercases
  each query word, drops it if it is a stopword, then calls ``new Stemmer().stemWord(word)``
  and looks the result up in the index's ``terms`` and ``titleterms``. The ``Stemmer`` given
  here (:data:`JS_STEMMER_CODE`) folds the word with the same rules (:data:`JS_FOLD_CODE`)
  before the same snowball French stemmer (Sphinx's own minified copy) stems it.

Page titles and text are untouched: the results page still shows « Hérault (34) ».

Stemming is memoised across the whole build (:func:`stem_folded`): the pure-Python snowball
stemmer took about half of the book's build, Sphinx caching it only within each page.

Raw HTML (the charts' blocks, tables) is indexed as :func:`searchable_text`. The data table under
each chart (``<details class="comext-table">``, :func:`helpers.charts.render.figure_html`) is left out:
its figures and labels are those the chart shows, and Sphinx indexed every number in it as a
term. On the demonstration book those tables gave 41,100 of the index's 42,500 terms (1.8 MB of
a 2.3 MB ``searchindex.js``, loaded by every search) and half of the indexing time. The chart's
title and caption stay indexed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import unescape
from pathlib import Path
from typing import Any

import snowballstemmer
from docutils import nodes
from sphinx import package_dir
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder
from sphinx.search.fr import SearchFrench, french_stopwords

#: Ligatures expanded by :func:`fold` (after lowercasing): Unicode does not decompose them.
LIGATURES: dict[str, str] = {"œ": "oe", "æ": "ae"}

#: Bumped whenever the folding or stemming changes: Sphinx then discards its saved environment
#: and search index (``env_version``) so that no page keeps terms indexed the old way.
ENV_VERSION = 2

#: JavaScript twin of :func:`fold` (same steps, same order).
JS_FOLD_CODE = r"""
var comextFold = function(word) {
  var lowered = word.toLowerCase();
  if (/^[\x00-\x7f]*$/.test(lowered)) return lowered;
  return lowered.replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae")
    .normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
};
"""

#: JavaScript query splitter: Sphinx's default one (``\W+`` of Python) on the NFC form, as
#: :meth:`FoldedFrenchSearch.split` does, so that a decomposed « é » does not split a word.
JS_SPLITTER_CODE = r"""
var splitQuery = function(query) {
  return query.normalize("NFC")
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter(function(term) { return term; });
};
"""

_WORD_RE = re.compile(r"\w+")
_SNOWBALL = snowballstemmer.stemmer("french")


def fold(word: str) -> str:
    """``word`` lowercased, with œ/æ expanded and accents dropped: « Œuvre Hérault » → « oeuvre herault »."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    for ligature, letters in LIGATURES.items():
        lowered = lowered.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFD", lowered)
    bare = "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))
    return unicodedata.normalize("NFC", bare)


@functools.lru_cache(maxsize=None)
def stem_folded(folded: str) -> str:
    """Snowball French stem of an already folded word, computed once per distinct word.

    Unbounded: the whole book has about 41,000 distinct folded words (a few MB) for 320,000 calls.
    """
    return _SNOWBALL.stemWord(folded)


def _minified_js(name: str) -> str:
    return (Path(package_dir) / "search" / "minified-js" / name).read_text(encoding="utf-8")


def js_stemmer_code() -> str:
    """The ``Stemmer`` class of ``language_data.js``: fold, then Sphinx's snowball French stemmer."""
    return "\n".join(
        [
            _minified_js("base-stemmer.js"),
            _minified_js("french-stemmer.js"),
            JS_FOLD_CODE,
            "var Stemmer = function() {\n"
            "  var french = new FrenchStemmer();\n"
            "  this.stemWord = function(word) { return french.stemWord(comextFold(word)); };\n"
            "};\n",
        ]
    )


#: Built once: Sphinx reads ``js_stemmer_code`` as a class attribute of the search language.
JS_STEMMER_CODE = js_stemmer_code()


class FoldedFrenchSearch(SearchFrench):
    """Sphinx's French search with accent-insensitive (folded) and memoised stemming."""

    language_name = "French (accents ignored)"
    # No raw code: Sphinx would then build the stemmer itself as plain ``FrenchStemmer``,
    # without folding (``IndexBuilder.get_js_stemmer_code``); ours is in js_stemmer_code.
    js_stemmer_rawcode = ""
    js_stemmer_code = JS_STEMMER_CODE
    js_splitter_code = JS_SPLITTER_CODE
    # searchtools.js drops a query word found here *before* folding it, the index after.
    stopwords = french_stopwords | {fold(word) for word in french_stopwords}

    def split(self, input: str) -> list[str]:
        """Words of ``input`` (Sphinx's ``\\w+``), on its NFC form."""
        if not unicodedata.is_normalized("NFC", input):
            input = unicodedata.normalize("NFC", input)
        return _WORD_RE.findall(input)

    def stem(self, word: str) -> str:
        """Stem of the folded word: « Hérault », « HERAULT » and « herault » give the same term."""
        return stem_folded(fold(word))


#: Class of the data table under each chart (written by :func:`helpers.charts.render.figure_html`).
DATA_TABLE_CLASS = "comext-table"
_DATA_TABLE_RE = re.compile(rf'<details class="{DATA_TABLE_CLASS}">.*?</details>', re.DOTALL)
_SCRIPT_OR_STYLE_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^<]+?>")


def without_data_tables(html: str) -> str:
    """``html`` with each chart's data table (``<details class="comext-table">…</details>``) removed."""
    return _DATA_TABLE_RE.sub(" ", html)


def searchable_text(html: str) -> str:
    """The words of a raw HTML block as the index should see them.

    Charts' data tables, scripts and styles removed; every tag replaced by a space, so that two
    blocks never glue into one word (Sphinx deletes tags: « spiritueux</p><p>Note » gave the
    term « spiritueuxnot »); entities decoded (« l&#x27;export » is « l'export », not « x27 »).
    """
    text = _SCRIPT_OR_STYLE_RE.sub(" ", without_data_tables(html))
    return unescape(_TAG_RE.sub(" ", text))


def _feed_searchable_text(feed: Any) -> Any:
    """Wrap :meth:`IndexBuilder.feed` so that each raw HTML node is indexed as :func:`searchable_text`.

    Sphinx indexes raw HTML by deleting its tags (``WordCollector``) and offers no way to leave a
    part of a page out. The wrapper hands it each node with its searchable text, then puts the
    node back as it was: the page written afterwards is unchanged.
    """

    @functools.wraps(feed)
    def feed_searchable_text(self: IndexBuilder, docname: str, filename: str, title: str, doctree: nodes.document) -> None:
        swapped: list[tuple[nodes.raw, list[nodes.Node]]] = []
        for node in doctree.findall(nodes.raw):
            if "html" in node.get("format", "").split():
                swapped.append((node, node.children))
                node.children = [nodes.Text(searchable_text(node.astext()))]
        try:
            return feed(self, docname, filename, title, doctree)
        finally:
            for node, children in swapped:
                node.children = children

    feed_searchable_text.comext_wrapped = True  # type: ignore[attr-defined]
    return feed_searchable_text


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(FoldedFrenchSearch)
    if not getattr(IndexBuilder.feed, "comext_wrapped", False):
        IndexBuilder.feed = _feed_searchable_text(IndexBuilder.feed)  # type: ignore[method-assign]
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1", "env_version": ENV_VERSION}
