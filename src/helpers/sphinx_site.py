"""Sphinx extension of the book: pages free of requests outside the site, accent-blind search.

Jupyter Book always loads sphinx-thebe, which writes into every page a script holding a CDN
address (``THEBE_JS_URL``) and a loader that fetches it on demand. The book runs no live code,
so both are dropped from the pages' script list.

It also sets up :mod:`helpers.sphinx_search`: the French search ignores accents (« herault »
finds « Hérault ») and stems each distinct word once.
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("helpers.sphinx_search")
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
