"""The theme's markup made accessible: named sidebar toggles, code toggles named by their label,
the project's templates before the theme's (the whole site is checked with axe-core in
``test_site_accessibility.py``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pydata_sphinx_theme
import sphinx_book_theme
from bs4 import BeautifulSoup
from pydata_sphinx_theme.toctree import add_collapse_checkboxes

from helpers.book import sphinx_theme

#: A sidebar as Sphinx writes it (a région with its départements, a caption), before the theme's
#: toggles: the theme's own function adds them, so the test sees the markup the site gets.
SPHINX_TOCTREE = """
<p class="caption" role="heading"><span class="caption-text">France et régions</span></p>
<ul class="current">
<li class="toctree-l1"><a class="reference internal" href="france.html">France</a></li>
<li class="toctree-l1 current"><a class="reference internal" href="region-76.html">Occitanie</a><ul class="current">
<li class="toctree-l2"><a class="reference internal" href="dep-09.html">Ariège (09)</a></li>
<li class="toctree-l2 current"><a class="current reference internal" href="#">Aude (11)</a></li>
</ul></li>
<li class="toctree-l1"><a class="reference internal" href="region-94.html">Provence-Alpes-Côte <em>d’Azur</em></a><ul>
<li class="toctree-l2"><a class="reference internal" href="dep-13.html">Bouches-du-Rhône (13)</a></li>
</ul></li>
</ul>
"""


def theme_sidebar() -> BeautifulSoup:
    soup = BeautifulSoup(SPHINX_TOCTREE, "html.parser")
    add_collapse_checkboxes(soup)
    return soup


def test_every_branch_toggle_of_the_sidebar_gets_the_name_of_its_page():
    soup = theme_sidebar()
    summaries = soup.select("li.has-children > details > summary")
    assert [s.get_text(strip=True) for s in summaries] == ["", ""]  # the theme's: a chevron only
    assert sphinx_theme.label_branch_toggles(soup) is soup
    names = [s.select_one("span.visually-hidden").get_text() for s in summaries]
    assert names == ["Pages de la rubrique Occitanie", "Pages de la rubrique Provence-Alpes-Côte d’Azur"]
    assert all(s.select_one("span.toctree-toggle") for s in summaries)  # the chevron stays
    sphinx_theme.label_branch_toggles(soup)  # twice (the theme caches the soup): still one name
    assert [len(s.select("span.visually-hidden")) for s in summaries] == [1, 1]
    assert "Pages de la rubrique" not in soup.select_one("li.toctree-l2").decode()  # leaves untouched


def test_a_summary_that_shows_text_is_left_alone():
    soup = BeautifulSoup(
        '<ul><li class="has-children"><a class="reference" href="x.html">X</a><details><summary>'
        '<p class="caption">Outre-mer</p></summary><ul></ul></details></li></ul>',
        "html.parser",
    )
    before = soup.decode()
    assert sphinx_theme.label_branch_toggles(soup).decode() == before


def test_the_code_toggle_is_named_by_the_label_it_shows():
    translator = SimpleNamespace(body=[])
    node = {"classes": ["above-input"], "prompt_show": "Afficher le code", "prompt_hide": "Masquer le <code>"}
    sphinx_theme.visit_hidden_code(translator, node)
    html = "".join(translator.body)
    summary = BeautifulSoup(html + "</details>", "html.parser").summary
    assert summary.attrs == {}  # no aria-label: its name is its visible text
    assert [p.get_text() for p in summary.find_all("p")] == ["Afficher le code", "Masquer le <code>"]
    assert '<details class="admonition hide above-input">' in html
    assert [p["class"] for p in summary.find_all("p")] == [["collapsed", "admonition-title"], ["expanded", "admonition-title"]]


def test_the_project_templates_come_first_and_once():
    config = SimpleNamespace(templates_path=["_templates", "/theme/components"])
    sphinx_theme.add_templates(None, config)
    sphinx_theme.add_templates(None, config)
    assert config.templates_path == [str(sphinx_theme.TEMPLATES), "_templates", "/theme/components"]


def test_each_project_template_replaces_a_component_of_the_installed_themes():
    """A template whose name the themes no longer use would silently stop fixing anything."""
    themes = [Path(pydata_sphinx_theme.__file__).parent / "theme", Path(sphinx_book_theme.__file__).parent / "theme"]
    components = {p.name for theme in themes for p in theme.rglob("components/*.html")}
    ours = sorted(p.name for p in sphinx_theme.TEMPLATES.glob("*.html"))
    assert len(ours) == 6 and set(ours) <= components, set(ours) - components


def test_setup_replaces_the_code_toggle_and_adds_the_templates():
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    calls: list[tuple] = []
    app = SimpleNamespace(
        setup_extension=lambda name: calls.append(("extension", name)),
        add_node=lambda node, override, html: calls.append(("node", node, override, html)),
        connect=lambda event, handler: calls.append(("connect", event, handler)),
    )
    metadata = sphinx_theme.setup(app)
    assert calls == [
        ("extension", "myst_nb"),
        ("node", HideCodeCellNode, True, (sphinx_theme.visit_hidden_code, depart_HideCellInput)),
        ("connect", "config-inited", sphinx_theme.add_templates),
        ("connect", "html-page-context", sphinx_theme.add_template_functions),
    ]
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]
    context: dict = {}
    sphinx_theme.add_template_functions(None, "p", "page.html", context, None)
    assert context == {"comext_label_branch_toggles": sphinx_theme.label_branch_toggles}
