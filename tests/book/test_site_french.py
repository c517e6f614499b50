"""French on every page of a built site: names with their articles, French typography, no English.

The whole book (every page: the 101 fiches, the régions, France, the index, methodology and
sources) is built from the project's skeleton in a temporary root — a région's page links to all
its départements and France's to every région, so no smaller book builds without broken links.
Every HTML page of the site is then read as a reader sees it — scripts, styles, code and
attributes left out — together with the reader-visible strings of its charts (the Vega-Lite
specs' titles, descriptions and data: labels and tooltips):

- for every place of the book, the forms a naive template would write (« de Aude », « de Le
  Nord », « à Aude »…) are derived from its name and TNCC, and none appears;
- no plain or no-break space stands where French wants a narrow one (before ; : ! ? and inside
  « »), and no straight apostrophe is left;
- the theme's English tooltips and search text are gone.

The expected forms themselves are checked, written by hand, in ``tests/places/test_names.py``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.charts import shared
from helpers.data import store
from helpers.places import names
from helpers.places.geography import Unit, places
from helpers.places.territories import territories
from tests import PROJECT_ROOT
from tests.book import build_copy

ROOT = PROJECT_ROOT
#: Pages whose names are awkward (every TNCC, names with their own article, Corse, the DROM).
PAGES = (
    "france", "region-11", "region-24", "region-32", "region-53", "region-76",
    "dep-11", "dep-13", "dep-2A-2B", "dep-31", "dep-34", "dep-59", "dep-75", "dep-78", "dep-90", "dep-95",
    "dep-971", "dep-974", "dep-976",
)
pytestmark = pytest.mark.slow

#: A space French does not want where a narrow no-break space (U+202F) belongs.
WRONG_SPACE = re.compile(r"[^\S\u202f][;:!?»]|«[^\S\u202f]")
#: Words of the theme's English that a French page must not show.
ENGLISH = ("Search this book", "Toggle primary sidebar", "Toggle secondary sidebar")
#: English words that must not appear in a page's text (whole words).
ENGLISH_WORDS = re.compile(r"\b(?:the|of|and|with|from|per|by|inferred|renewal)\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_data) -> Path:
    return build_copy(tmp_path_factory.mktemp("french"), demo_data)


def chart_strings(spec: object, key: str = "", in_data: bool = False) -> list[str]:
    """The strings of a Vega-Lite spec a reader sees: titles, descriptions, texts, data values."""
    if isinstance(spec, dict):
        return [s for k, v in spec.items() for s in chart_strings(v, k, in_data or k == "datasets")]
    if isinstance(spec, list):
        return [s for v in spec for s in chart_strings(v, key, in_data)]
    return [spec] if isinstance(spec, str) and (in_data or key in ("title", "description", "text")) else []


class ReaderText(HTMLParser):
    """A page's visible text (no script, style, code, comment or attribute) and its charts' specs."""

    SKIPPED = frozenset({"script", "style", "pre", "code"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.specs: list[str] = []
        self.skipping: list[str] = []  # open elements whose content is not read
        self.spec: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping.append(tag)
            found = dict(attrs)
            if tag == "script" and found.get("type") == "application/json" and (found.get("id") or "").startswith("spec-"):
                self.spec = []

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
            if tag == "script" and self.spec is not None:
                self.specs.append("".join(self.spec))
                self.spec = None

    def handle_data(self, data: str) -> None:
        if self.spec is not None:
            self.spec.append(data)
        elif not self.skipping:
            self.text.append(data)


def reader_text(path: Path, site: Path) -> tuple[str, list[str], str]:
    """The page's visible text, its charts' visible strings, and its whole HTML; the charts several
    pages share (``graphiques/<digest>.js``, :mod:`helpers.charts.shared`) count as the page's:
    their specs' strings with its charts', their data tables with its text."""
    html = path.read_text(encoding="utf-8")
    parser = ReaderText()
    parser.feed(html)
    specs = [json.loads(spec) for spec in parser.specs]
    for digest in shared.referenced(html):
        call = (site / shared.FOLDER / f"{digest}.js").read_text(encoding="utf-8")
        chart = json.loads(call[len(f'comextChart("{digest}",') : -len(");\n")])
        specs.append(chart["spec"])
        parser.feed(chart["table"])
    parser.close()
    charts = [s for spec in specs for s in chart_strings(spec)]
    return "".join(parser.text), charts, html


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, tuple[str, list[str], str]]:
    found = {path.relative_to(site).as_posix(): reader_text(path, site) for path in sorted(site.rglob("*.html"))}
    assert len(found) >= 113 + 3 and {f"pages/{slug}.html" for slug in PAGES} <= set(found) and "pages/methodologie.html" in found
    return found


# --- names ---------------------------------------------------------------------------------


#: Words a naive template writes before a bare name; the name then follows a space (or not, after « ’ »).
PREFIXES = ("de", "de le", "de la", "de les", "du", "des", "à", "à le", "à les", "pour", "par", "sur", "dans", "avec", "vers", "touche", "département")
ELIDED = ("de l’", "d’")


def wrong_forms(name: names.Name, *, departement: bool) -> set[str]:
    """What a naive template writes instead of the TNCC forms: « de Aude », « de Le Nord », « à Aude »…"""
    bare = name.name
    found = {f"{p} {bare}" for p in ("de", "de le", "de la", "de les", "du", "des", "à le", "à les")}
    found |= {f"{p}{bare}" for p in ELIDED}
    if name.tncc != 0:
        found.add(f"à {bare}")
    if name.tncc >= 2:  # the name takes an article: no preposition stands before it alone
        found |= {f"{p} {bare}" for p in ("pour", "par", "sur", "dans", "avec", "vers", "touche")}
    if departement:
        found.add(f"département {bare}")
    first, _, rest = bare.partition(" ")
    if first in ("La", "Le", "Les") and rest:  # « La Réunion » keeps its capital after « de »
        found.add(f"de {first.lower()} {rest}")
    found -= {name.the, name.of}
    return found | {form[0].upper() + form[1:] for form in found}


@cache
def proper_nouns(demo_cache: Path) -> tuple[str, ...]:
    """Names that may contain a place's name and are left as they are: COG names, territories (and
    their member groupings), countries."""
    table = names.cog()
    found = {row["nom"].replace("'", "’") for kind in ("departements", "regions") for row in table[kind]}
    found |= {t.name.replace("'", "’") for t in territories()}
    found |= {m.name.replace("'", "’") for t in territories() for m in t.members}
    found |= {str(label).replace("'", "’") for label in store.read_labels(demo_cache, "pays", 2024)["label"]}
    return tuple(sorted(found, key=len, reverse=True))


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("'", "’"))


def variants(name: str) -> list[str]:
    """The name, and with its own article in lower case (« la Réunion » for « La Réunion »)."""
    first, _, rest = name.partition(" ")
    return [name, f"{first.lower()} {rest}"] if first in ("La", "Le", "Les") and rest else [name]


def naming(places_names: list[str]) -> re.Pattern[str]:
    """A name of ``places_names`` (or a :func:`variants` of it) after one of :data:`PREFIXES` or
    :data:`ELIDED` (either case), as whole words."""
    words = sorted({w for p in PREFIXES for w in (p, p[0].upper() + p[1:])}, key=len, reverse=True)
    elided = sorted({w for p in ELIDED for w in (p, p[0].upper() + p[1:])}, key=len, reverse=True)
    before = "|".join([*(re.escape(w) + " " for w in words), *(re.escape(w) for w in elided)])
    name = "|".join(re.escape(v) for v in sorted({v for n in places_names for v in variants(n)}, key=len, reverse=True))
    return re.compile(rf"(?<![\w’-])(?:{before})(?P<name>{name})(?![\w’-])")


def test_no_page_writes_a_place_without_its_article(pages, demo_cache):
    wrong: dict[str, set[str]] = {}
    for place in places():
        name = names.name_of(place)
        wrong.setdefault(name.name, set()).update(wrong_forms(name, departement=isinstance(place, Unit)))
    canonical = {v: name for name in wrong for v in variants(name)}
    nouns = proper_nouns(demo_cache)
    pattern = naming(list(wrong))
    found = []
    for page, (visible, charts, _) in pages.items():
        for text in [normalised(visible), *(normalised(s) for s in charts)]:
            for match in pattern.finditer(text):
                if match.group() in wrong[canonical[match["name"]]] and not inside_proper_noun(text, match, nouns):
                    found.append((page, match.group()))
    assert found == []


def inside_proper_noun(text: str, match: re.Match[str], nouns: tuple[str, ...]) -> bool:
    """Whether the name of ``match`` is part of a longer proper noun (« Centre-Val de Loire », « Baie de Somme »)."""
    start, end = match.start("name"), match.end("name")
    for noun in nouns:
        if match["name"] in noun and noun != match["name"]:
            at = text.find(noun, max(0, end - len(noun)))
            if at != -1 and at <= start and at + len(noun) >= end:
                return True
    return False


@pytest.mark.parametrize(("slug", "sentence"), [
    ("dep-11", "présente ici la situation de l’Aude en 2024"),
    ("dep-59", "présente ici la situation du Nord en 2024"),
    ("dep-78", "Deux vues d’ensemble des échanges des Yvelines en 2024"),
    ("dep-13", "des échanges des Bouches-du-Rhône en 2024"),
    ("dep-75", "présente ici la situation de Paris en 2024"),
    ("dep-974", "La Réunion est un département et une région d’outre-mer"),
    ("dep-974", "présente ici la situation de La Réunion en 2024"),
    ("dep-971", "La Guadeloupe est un département et une région d’outre-mer"),
    ("dep-2A-2B", "présente ici la situation de la Corse en 2024"),
    ("dep-90", "présente ici la situation du Territoire de Belfort en 2024"),
    ("dep-95", "présente ici la situation du Val-d’Oise en 2024"),
    ("region-76", "Cette page rassemble les échanges d’Occitanie en 2024"),
    ("region-32", "Cette page rassemble les échanges des Hauts-de-France en 2024"),
    ("region-24", "Cette page rassemble les échanges du Centre-Val de Loire en 2024"),
    ("france", "des échanges de la France entière en 2024"),
])
def test_pages_name_their_place_with_its_article(pages, slug, sentence):
    assert sentence in normalised(pages[f"pages/{slug}.html"][0])


# --- typography and language ------------------------------------------------------------------


def test_every_page_has_french_typography(pages):
    wrong = {page: WRONG_SPACE.findall(visible) for page, (visible, _, _) in pages.items() if WRONG_SPACE.search(visible)}
    apostrophes = {page: visible.count("'") for page, (visible, _, _) in pages.items() if "'" in visible}
    assert wrong == {} and apostrophes == {}
    assert "Exportations\u202f: la région et la France entière" in pages["pages/dep-11.html"][0]  # a heading
    assert "Données\u202f: Direction générale des douanes" in pages["pages/dep-11.html"][0]  # the footer


def test_every_chart_text_has_french_typography(pages):
    charts = [s for _, strings, _ in pages.values() for s in strings]
    assert len(charts) > 1000  # titles, descriptions, labels and tooltips of every chart
    assert [s for s in charts if WRONG_SPACE.search(s) or "'" in s] == []
    assert any("’" in s for s in charts) and any("\u202f:" in s for s in charts)


def test_no_english_left_for_the_reader(pages):
    assert {page: [e for e in ENGLISH if e in html] for page, (_, _, html) in pages.items() if any(e in html for e in ENGLISH)} == {}
    assert {page: ENGLISH_WORDS.findall(visible) for page, (visible, _, _) in pages.items() if ENGLISH_WORDS.search(visible)} == {}
    assert 'placeholder="Rechercher dans le site…"' in pages["pages/dep-11.html"][2]


# --- Territoires d'industrie -------------------------------------------------------------------


def test_every_territory_has_its_page_linking_to_the_fiches(site, pages):
    found = territories()
    assert len(found) == 183 and all(f"pages/{t.slug}.html" in pages for t in found)
    visible, _, html = pages["pages/territoire-7605.html"]
    assert "<title>Castres Revel Castelnaudary — Territoire d’industrie" in html
    # the caveat comes first in the article, before its first section (the page's own table of
    # contents, earlier in the HTML, also names the sections)
    first_section = re.search(r"<h2[^>]*>Les départements du territoire", html)
    assert first_section and html.index("Les statistiques douanières n’existent pas en dessous du département") < first_section.start()
    for slug in ("dep-11", "dep-31", "dep-81"):
        assert f'href="{slug}.html"' in html
    assert 'href="territoire-7605.html"' in pages["pages/dep-11.html"][2] and 'href="territoire-7609.html"' in pages["pages/dep-11.html"][2]
    assert 'href="territoire-9402.html"' in pages["pages/dep-2A-2B.html"][2]
    assert "Aucun Territoire d’industrie ne touche les Landes (40)." in normalised(pages["pages/dep-40.html"][0])


def test_search_finds_territories_without_accents(site):
    from helpers.book.sphinx_search import fold, stem_folded

    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    docs = index["docnames"]

    def found(word: str) -> set[str]:
        stem = stem_folded(fold(word))
        hits = set()
        for kind in ("terms", "titleterms"):
            entry = index[kind].get(stem, [])
            hits |= {docs[i] for i in ([entry] if isinstance(entry, int) else entry)}
        return hits

    by_name = {t.name: t.slug for t in territories()}
    assert f"pages/{by_name['Castres Revel Castelnaudary']}" in found("castelnaudary")
    assert f"pages/{by_name['Béziers – Sète']}" in found("bezier")
    assert f"pages/{by_name['Aa – Dunkerque – Flandre']}" in found("dunkerque")
