"""The map of France by département: an SVG of links, coloured by an indicator the reader switches.

The home page shows every département (the DROM and an enlarged Paris in the inset row below,
:mod:`helpers.charts.map_geometry`); a région's page shows the same map cropped to its
départements, its neighbours in grey for context. Each département with a fiche is an SVG
``<a href="dep-….html">`` named by its ``aria-label`` (« Aude (11) : exportations 1 234,5 M€ »):
Tab reaches it, Enter opens it. Corse (2A and 2B) is one unit of the DGDDI: both shapes link to
its single fiche and show its figures.

Colours need no script: each shape's fill is written for the first indicator, its three fills and
values sit in ``data-f`` and ``data-v``. The site's script (``_static/comext-map.js``) adds the
switch (radio buttons), the tooltip and the focus outline; without it the map still shows its
first indicator, its legend and its links. Everything is inline in the page (no file to fetch):
the map works from ``file://``. The table of the page is its text alternative.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from ..common import typography
from ..common.paths import project_root
from ..fiche import ranks
from ..fiche.context import FicheContext
from ..fiche.page import of_place
from ..places.geography import Region, Unit, page_units
from . import map_geometry, map_scale
from .map_geometry import MapGeometry, Shape
from .map_scale import MEASURES

#: Class of the map's figure (the script looks for it).
MAP_CLASS = "comext-map"
#: Fill of a shape shown for context only (a neighbour of the région, a département without fiche).
CONTEXT_CLASS = "comext-map-context"
#: Margin around a région's départements when the map is cropped to them (frame units).
CROP_MARGIN = 12.0


@dataclass(frozen=True)
class Area:
    """A département on the map: INSEE codes drawn (Corse: 2A, 2B), label (« Aude (11) »), page
    slug (``None``: no fiche in this book), values by measure key (M€ or %; ``None``: n. d.)."""

    codes: tuple[str, ...]
    label: str
    slug: str | None
    values: dict[str, float | None] = field(default_factory=dict)


def _value(row: dict, key: str) -> float | None:
    value = row.get(key)
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def areas(table: pd.DataFrame, year: int, units: list[Unit], linked: set[str]) -> list[Area]:
    """One area per unit from the ranks table (:mod:`helpers.fiche.ranks`) of ``year``: exports and
    balance in M€, the US share in %. A unit whose slug is not in ``linked`` gets no link."""
    rows = {r["slug"]: r for r in table[table["year"] == year].to_dict("records")}
    found = []
    for unit in units:
        row = rows.get(unit.slug, {})
        exports, imports = _value(row, "exports_eur"), _value(row, "imports_eur")
        values = {
            "exports": None if exports is None else exports / 1e6,
            "balance": None if exports is None or imports is None else (exports - imports) / 1e6,
            "us_share": _value(row, "us_share"),
        }
        found.append(Area(tuple(unit.insee_codes), unit.label, unit.slug if unit.slug in linked else None, values))
    return found


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def aria_label(area: Area, measure: map_scale.Measure) -> str:
    """« Aude (11) : exportations 1 234,5 M€ » (French typography)."""
    return typography.text(f"{area.label} : {measure.phrase} {map_scale.value_text(area.values.get(measure.key), measure.unit)}")


def _legend(measure: map_scale.Measure, bounds: list[float], fills: tuple[str, ...], index: int, *, undefined: bool, context: bool) -> str:
    items = "".join(
        f'<li><span class="comext-map-swatch" style="background:{fill}"></span>{_attr(typography.text(label))}</li>'
        for fill, label in zip(fills, map_scale.legend_labels(bounds, measure.unit))
    )
    if undefined:
        items += f'<li><span class="comext-map-swatch" style="background:{map_scale.UNDEFINED_FILL}"></span>n.\u00a0d.</li>'
    if context:
        items += '<li><span class="comext-map-swatch comext-map-context-swatch"></span>sans fiche sur cette carte</li>'
    hidden = "" if index == 0 else " hidden"
    title = _attr(typography.text(f"{measure.label} ({measure.unit})"))
    return f'<div class="comext-map-legend" data-measure="{index}"{hidden}><p class="comext-map-legend-title">{title}</p><ul>{items}</ul></div>'


def _switch(name: str) -> str:
    """The radio buttons choosing the indicator (hidden until the script runs)."""
    options = "".join(
        f'<label><input type="radio" name="{name}" value="{i}"{" checked" if i == 0 else ""} data-phrase="{_attr(m.phrase)}">'
        f" {_attr(m.label)}</label>"
        for i, m in enumerate(MEASURES)
    )
    return f'<fieldset class="comext-map-switch" hidden><legend>Couleurs selon</legend>{options}</fieldset>'


def _shape_svg(shape: Shape, area: Area | None, fills: list[str], texts: list[str], *, decorative: bool) -> str:
    """A shape: inside its département's link, or a grey context shape (``area`` without link)."""
    if area is None or area.slug is None:
        return f'<path class="{CONTEXT_CLASS}" d="{shape.path}"/>'
    path = f'<path fill="{fills[0]}" d="{shape.path}"/>'
    extra = ' tabindex="-1" aria-hidden="true"' if decorative else ""
    return (
        f'<a href="{area.slug}.html" aria-label="{_attr(aria_label(area, MEASURES[0]))}" data-n="{_attr(typography.text(area.label))}" '
        f'data-f="{" ".join(fills)}" data-v="{_attr("|".join(texts))}"{extra}>{path}</a>'
    )


def map_html(geometry: MapGeometry, found: list[Area], *, name: str, caption: str, only: set[str] | None = None) -> str:
    """The map's HTML figure. ``found``: every département with a value (the classes are computed
    over all of them, so colours mean the same on every map of the book); ``only``: INSEE codes of
    the départements to show in colour, the map cropped to them (a région's page)."""
    by_code = {code: area for area in found for code in area.codes}
    scales = []
    for measure in MEASURES:
        bounds = map_scale.thresholds([a.values.get(measure.key) for a in found], measure.diverging)
        scales.append((measure, bounds, map_scale.colours(measure, len(bounds) + 1)))

    def fills_of(area: Area) -> tuple[list[str], list[str]]:
        fills, texts = [], []
        for measure, bounds, colours in scales:
            value = area.values.get(measure.key)
            index = map_scale.class_of(value, bounds)
            fills.append(map_scale.UNDEFINED_FILL if index is None else colours[index])
            texts.append(typography.text(map_scale.value_text(value, measure.unit)))
        return fills, texts

    shapes = [s for s in geometry.shapes if only is None or s.inset is None]
    if only is not None:
        x0, y0, x1, y1 = map_geometry.bbox([[(s.bbox[0], s.bbox[1]), (s.bbox[2], s.bbox[3])] for s in shapes if s.code in only])
        view = (x0 - CROP_MARGIN, y0 - CROP_MARGIN, x1 - x0 + 2 * CROP_MARGIN, y1 - y0 + 2 * CROP_MARGIN)
        shapes = [s for s in shapes if s.bbox[0] < view[0] + view[2] and s.bbox[2] > view[0] and s.bbox[1] < view[1] + view[3] and s.bbox[3] > view[1]]
    else:
        view = (0.0, 0.0, geometry.width, geometry.height)
    body = []
    for shape in shapes:
        area = by_code.get(shape.code)
        if only is not None and shape.code not in only:
            area = None
        fills, texts = fills_of(area) if area is not None else ([], [])
        decorative = only is None and shape.inset is None and shape.code in map_geometry.PETITE_COURONNE
        body.append(_shape_svg(shape, area, fills, texts, decorative=decorative))
    if only is None:
        for box in geometry.insets:
            body.insert(0, f'<rect class="comext-map-inset" x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" rx="3"/>'
                        f'<text x="{box.x + 4:.1f}" y="{box.y + 11:.1f}">{_attr(box.label)}</text>')
    viewbox = " ".join(f"{v:.1f}" for v in view)
    present = [by_code[s.code] for s in shapes if s.code in by_code and (only is None or s.code in only)]
    undefined = [any(a.values.get(m.key) is None for a in present) for m in MEASURES]
    context = any(by_code.get(s.code) is None or by_code[s.code].slug is None for s in shapes) and only is None
    legends = "".join(_legend(m, b, c, i, undefined=undefined[i], context=context) for i, (m, b, c) in enumerate(scales))
    label = _attr(typography.text(caption))
    return (
        f'<figure class="{MAP_CLASS}" id="{name}">{_switch(name + "-indicateur")}'
        f'<div class="comext-map-frame"><svg viewBox="{viewbox}" role="group" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f'{"".join(body)}<path class="comext-map-focus" d=""/></svg>'
        f'<div class="comext-map-tip" aria-hidden="true" hidden></div></div>'
        f'<div class="comext-map-legends">{legends}</div>'
        f"<figcaption>{_attr(typography.text(caption))}</figcaption></figure>"
    )


def node_modules() -> Path:
    """The book's ``node_modules`` (where ``npm ci`` installs the map's packages)."""
    return project_root() / "node_modules"


def index_map(table: pd.DataFrame, year: int, units: list[Unit], linked: set[str], root: Path | None = None) -> str:
    """The home page's map of every département (as a MyST raw HTML block)."""
    geometry = map_geometry.load((Path(root) / "node_modules") if root else node_modules())
    caption = (
        f"Carte des départements ({year}) : un clic ou la touche Entrée sur un département ouvre sa fiche. "
        "Les mêmes valeurs figurent dans le tableau « Toutes les fiches » ci-dessous."
    )
    return "```{raw} html\n" + map_html(geometry, areas(table, year, units, linked), name="carte-france", caption=typography.text(caption)) + "\n```\n"


def region_map(ctx: FicheContext) -> HTML | None:
    """A région's page: the map cropped to its départements (``None`` on other pages)."""
    if not isinstance(ctx.place, Region):
        return None
    units = page_units()
    found = areas(ranks.table(ctx.cache), ctx.year, units, {u.slug for u in units})
    only = {code for unit in ctx.place.units for code in unit.insee_codes}
    caption = (
        f"Carte des départements {of_place(ctx.place)} ({ctx.year}) : un clic ou la touche Entrée sur un département ouvre sa "
        "fiche ; les départements voisins sont en gris. Les mêmes valeurs figurent dans le tableau des départements de la région, "
        "plus bas ; les couleurs ont la même signification que sur la carte de la page d'accueil."
    )
    geometry = map_geometry.metropolitan(node_modules())
    return HTML(map_html(geometry, found, name=f"carte-{ctx.place.slug}", caption=typography.text(caption), only=only))
