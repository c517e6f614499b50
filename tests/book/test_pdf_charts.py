"""Charts of the PDF: SVG drawn by vl-convert (Vega-Lite 6) with the site's French number format,
each distinct chart once (cached by digest)."""

from __future__ import annotations

import re

from helpers.book import pdf_charts

#: A bar of 1 234,5 with one axis tick at 1 000, formatted with one decimal.
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "width": 100,
    "height": 40,
    "data": {"values": [{"x": 1234.5, "y": "Espagne"}]},
    "mark": "bar",
    "encoding": {"x": {"field": "x", "type": "quantitative", "axis": {"values": [1000], "format": ",.1f"}}, "y": {"field": "y", "type": "nominal"}},
}
FRENCH = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]}


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_svg_with_the_sites_french_number_format(tmp_path):
    path = pdf_charts.svg(SPEC, FRENCH, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".svg"
    assert texts(path.read_text(encoding="utf-8")) == ["1\u00a0000,0", "x", "Espagne", "y"]
    assert pdf_charts.svg(SPEC, None, tmp_path / "en").read_text(encoding="utf-8").count(">1,000.0<") == 1  # d3's default


def test_each_distinct_chart_drawn_once(tmp_path, monkeypatch):
    first = pdf_charts.svg(SPEC, FRENCH, tmp_path)
    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda *a, **k: (_ for _ in ()).throw(AssertionError("drawn again")))
    assert pdf_charts.svg(dict(SPEC), dict(FRENCH), tmp_path) == first  # same spec: read from the cache
    assert pdf_charts.digest(SPEC, FRENCH) != pdf_charts.digest(SPEC, None)
    assert pdf_charts.digest({**SPEC, "width": 101}, FRENCH) != pdf_charts.digest(SPEC, FRENCH)

