"""Sphinx extension of the book: pages free of requests outside the site, accent-blind search.

Jupyter Book always loads sphinx-thebe, which writes into every page a script holding a CDN
address (``THEBE_JS_URL``) and a loader that fetches it on demand. The book runs no live code,
so both are dropped from the pages' script list.

It also sets up :mod:`helpers.book.sphinx_search`: the French search ignores accents (« herault »
finds « Hérault ») and stems each distinct word once; and :mod:`helpers.book.sphinx_theme`: the
theme's markup, accessible and in French.

It checks that myst-nb renders the chart outputs as the site shows them
(:mod:`helpers.book.mime_render`).

Finally it lets Sphinx read the pages in parallel (``comext build`` runs it with one process
per core, :mod:`helpers.book.jupyter_book`). Sphinx reads serially as soon as one extension does not
declare itself safe for it, and ``sphinx_multitoc_numbering`` — loaded by sphinx-external-toc in
every Jupyter Book — declares nothing. It is safe: it only replaces the function that numbers
sections, which Sphinx runs in the main process once all pages are read, and our toc numbers
nothing. (The other undeclared one, ``sphinx_jupyterbook_latex``, is for PDF builds: it is
switched off in ``_config.yml``.)
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", "") or "")
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` handler: remove sphinx-thebe's scripts from the page."""
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe(s)]


#: Extensions that declare nothing about parallel builds but are safe for them (see module doc).
PARALLEL_SAFE = ("sphinx_multitoc_numbering",)


def declare_parallel_safe(app: Sphinx) -> None:
    """``builder-inited`` handler (every extension is loaded by then): mark :data:`PARALLEL_SAFE`
    as safe for parallel reading and writing, unless they declared something themselves."""
    for name in PARALLEL_SAFE:
        extension = app.extensions.get(name)
        if extension is None:
            continue
        if extension.parallel_read_safe is None:
            extension.parallel_read_safe = True
        if extension.parallel_write_safe is None:
            extension.parallel_write_safe = True


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("helpers.book.sphinx_search")
    app.setup_extension("helpers.book.sphinx_theme")
    app.setup_extension("helpers.book.mime_render")
    app.connect("html-page-context", drop_thebe)
    app.connect("builder-inited", declare_parallel_safe)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
