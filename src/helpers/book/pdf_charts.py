"""The charts of a PDF: vector SVG drawn by vl-convert from the very Vega-Lite specs of the site.

A chart output of an executed notebook holds its spec (``application/vnd.vegalite.v5+json``,
data inline as JSON text: :func:`helpers.charts.output.notebook_spec`) and the site's number
format (``embed_options.formatLocale``). vl-convert bundles Vega-Lite 6.4, the line of the site's
own vega-lite (6.4.1): it draws our specs with the site's French number format.

Fonts: the specs ask for « Arial, Helvetica, 'Liberation Sans', sans-serif ». vl-convert measures
text with Debian's Liberation Sans (package ``fonts-liberation``, Arial's metrics), registered
here; Typst embeds the same font when it draws the SVG's text (as text: it stays extractable).

A région's or France's chart is the same on many pages: SVGs are cached by the digest of what
they are drawn from (spec, locale, Vega-Lite version), in a folder shared by builds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

#: Vega-Lite version of vl-convert used for the site's specs (the site draws with 6.4.1).
VEGALITE = "6.4"
#: Debian's fonts (fonts-liberation: Arial's metrics; fonts-dejavu-core: the narrow no-break
#: space U+202F, which Liberation Sans 1.07 lacks).
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))

_registered = False


def _register_fonts() -> None:
    """Give vl-convert the fonts Typst will embed (once per process)."""
    global _registered
    if _registered:
        return
    import vl_convert

    for folder in FONT_DIRS:
        if folder.is_dir():
            vl_convert.register_font_directory(str(folder))
    _registered = True


def digest(spec: dict[str, Any], locale: dict[str, Any] | None) -> str:
    """SHA-256 (hex) of what an SVG is drawn from: Vega-Lite version, spec and number format."""
    payload = json.dumps([VEGALITE, spec, locale], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def svg(spec: dict[str, Any], locale: dict[str, Any] | None, cache: Path) -> Path:
    """The SVG file of ``spec`` under ``cache`` (drawn by vl-convert unless already there)."""
    path = cache / f"{digest(spec, locale)[:32]}.svg"
    if path.is_file():
        return path
    import vl_convert

    _register_fonts()
    drawn = vl_convert.vegalite_to_svg(spec, vl_version=VEGALITE, format_locale=locale)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(drawn, encoding="utf-8")
    partial.replace(path)
    return path

