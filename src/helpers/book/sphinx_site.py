"""Sphinx extension of the book: pages free of requests outside the site, accent-blind search.

Jupyter Book always loads sphinx-thebe, which writes into every page a script holding a CDN
address (``THEBE_JS_URL``) and a loader that fetches it on demand. The book runs no live code,
so both are dropped from the pages' script list.

It also sets up :mod:`helpers.book.sphinx_search`: the French search ignores accents (« herault »
finds « Hérault ») and stems each distinct word once; and :mod:`helpers.book.sphinx_theme`: the
theme's markup, accessible and in French.

It checks that myst-nb renders the chart outputs as the site shows them
(:mod:`helpers.book.mime_render`).

Each fiche whose PDF is among the sources (``extra/pdf/<slug>.pdf``, written by ``comext build``:
:mod:`helpers.book.pdf`) offers it right under its title: « Télécharger la fiche (PDF, 879 ko) »; the index and the
territories' listings link each PDF with its size (:func:`helpers.book.pdf.pdf_cell`).

It removes two costs of the build that buy nothing here (:mod:`helpers.book.sphinx_speed`).

Finally it lets Sphinx read the pages in parallel (``comext build`` runs it with one process
per core, :mod:`helpers.book.jupyter_book`). Sphinx reads serially as soon as one extension does not
declare itself safe for it, and ``sphinx_multitoc_numbering`` — loaded by sphinx-external-toc in
every Jupyter Book — declares nothing. It is safe: it only replaces the function that numbers
sections, which Sphinx runs in the main process once all pages are read, and our toc numbers
nothing. (The other undeclared one, ``sphinx_jupyterbook_latex``, is for PDF builds: it is
switched off in ``_config.yml``.)
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from . import sphinx_speed


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


#: Where each page's PDF is, in the book's sources and in the site (``extra/`` is copied as it is).
PDF_SOURCES = ("extra", "pdf")
PDF_SITE = "pdf"


def pdf_link(html: str, href: str, size: str) -> str:
    """``html`` (a page's body) with « Télécharger la fiche (PDF, <size>) » right after its title."""
    link = f'<p class="comext-pdf"><a href="{href}" download>Télécharger la fiche (PDF, {size})</a></p>'
    end = html.find("</h1>")
    return html if end < 0 else html[: end + 5] + link + html[end + 5 :]


def add_pdf_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` handler: a fiche whose PDF is in the sources offers it under its title."""
    from pathlib import Path

    from .pdf import size_label

    pdf = Path(app.srcdir).joinpath(*PDF_SOURCES, pagename.rsplit("/", 1)[-1] + ".pdf")
    if pagename.startswith("pages/") and pdf.is_file() and "body" in context:
        depth = pagename.count("/")
        context["body"] = pdf_link(context["body"], "../" * depth + f"{PDF_SITE}/{pdf.name}", size_label(pdf.stat().st_size))


def pdf_sizes(html: str, folder: Any) -> str:
    """``html`` with each :func:`helpers.book.pdf.pdf_cell` link completed by its PDF's size (« PDF, 900 ko »), or « — »
    when ``folder`` (the sources' PDFs) holds none."""
    from .pdf import PDF_CELL, size_label

    def sized(found: re.Match[str]) -> str:
        pdf = folder / found["name"]
        if not pdf.is_file():
            return "—"
        return f'<a class="comext-pdf-size" href="{found["href"]}" download>PDF, {size_label(pdf.stat().st_size)}</a>'

    return PDF_CELL.sub(sized, html)


def add_pdf_sizes(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` handler: the sizes of the PDFs a page lists (the index, the territories)."""
    from pathlib import Path

    if "body" in context and "comext-pdf-size" in context["body"]:
        context["body"] = pdf_sizes(context["body"], Path(app.srcdir).joinpath(*PDF_SOURCES))


#: The pages listing PDFs: written again by every build that runs Sphinx, so that their sizes are
#: those of the PDFs published with them.
LISTINGS = ("pages/index", "pages/territoires")


def listings_outdated(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated`` handler: the pages listing PDFs are always re-read (≈ 0.3 s)."""
    return [name for name in LISTINGS if name in env.found_docs and name not in added | changed]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("helpers.book.sphinx_search")
    app.setup_extension("helpers.book.sphinx_theme")
    app.setup_extension("helpers.book.mime_render")
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", add_pdf_link)
    app.connect("html-page-context", add_pdf_sizes)
    app.connect("env-get-outdated", listings_outdated)
    app.connect("builder-inited", declare_parallel_safe)
    app.connect("builder-inited", sphinx_speed.install)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
