"""The theme's markup, accessible and in French (set up by :mod:`helpers.book.sphinx_site`).

axe-core (``tests/book/test_site_accessibility.py``) found, in the markup of pydata-sphinx-theme,
sphinx-book-theme and myst-nb, names that a screen reader reads but nobody sees, or sees but
nobody reads:

- buttons whose accessible name does not contain their visible label (the search field's
  « Recherche Ctrl+K » named « Recherche »; the colour-mode switch named « Thème » while its icon
  says « Clair »; every « Afficher le code » toggle named « Toggle hidden content »);
- the sidebar's branch toggles, a ``<summary>`` holding only a chevron: no name at all;
- the site's title link outside any landmark;
- English left in names and tooltips (« Main », « Toggle primary sidebar »…).

The fixes live in the markup itself: templates of the project (:data:`TEMPLATES`, searched before
the theme's own) replace the theme's components, and the visitor of myst-nb's code toggle is
replaced by :func:`visit_hidden_code` (same markup, no hard-coded English name).
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..common.paths import resources_dir

#: The project's templates (theme components); they take precedence over the theme's.
TEMPLATES = resources_dir() / "templates"

def branch_label(name: str) -> str:
    """What a screen reader says for the toggle of the sidebar branch ``name`` (plain text)."""
    return f"Pages de la rubrique {name}"


def label_branch_toggles(toctree: Any) -> Any:
    """The sidebar's toc (pydata-sphinx-theme's ``BeautifulSoup``) with each branch toggle named.

    pydata-sphinx-theme writes a branch as ``<li class="has-children"><a …>Occitanie</a><details>
    <summary><span class="toctree-toggle" role="presentation"><i …></i></span></summary>…``. Its
    summary gets ``<span class="visually-hidden">Pages de la rubrique Occitanie</span>``; the state
    (open, closed) is the reader's own to announce. A summary that already has text (a caption) is
    left as it is. Changed in place and returned.
    """
    for summary in toctree.select("li.has-children > details > summary"):
        link = summary.parent.find_previous_sibling("a")
        if summary.get_text(strip=True) or link is None:
            continue
        span = toctree.new_tag("span", attrs={"class": "visually-hidden"})
        span.string = branch_label(link.get_text(" ", strip=True))
        summary.append(span)
    return toctree


def add_template_functions(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` handler: the functions the project's templates call."""
    context["comext_label_branch_toggles"] = label_branch_toggles


def add_templates(app: Sphinx, config: Config) -> None:
    """``config-inited`` handler: search :data:`TEMPLATES` first (before the theme's components)."""
    path = str(TEMPLATES)
    if path not in config.templates_path:
        config.templates_path.insert(0, path)


def visit_hidden_code(self: Any, node: Any) -> None:
    """Open myst-nb's toggle of a hidden code cell: its name is its visible label.

    myst-nb names the ``<summary>`` « Toggle hidden content » (``aria-label``) whatever it shows;
    without it the name is the label on screen (« Afficher le code » or « Masquer le code », the
    other one being ``display: none``).
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def replace_code_toggle(app: Sphinx) -> None:
    """Draw myst-nb's hidden-code node with :func:`visit_hidden_code` (myst-nb's own closing)."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_code, depart_HideCellInput))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # loaded first, so that its visitor is the one replaced
    replace_code_toggle(app)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_template_functions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

