"""Common ground of the fiche's charts: the result type, French number helpers, the shared config.

Every chart function (:mod:`~helpers.charts.butterfly`, :mod:`~helpers.charts.treemap`,
:mod:`~helpers.charts.sankey`) returns a :class:`ChartResult`. Text drawn in a chart (labels,
tooltips) is computed in Python with :mod:`helpers.common.formatting`, so it is identical to the page
text; axes use d3 format strings read with the ``formatLocale`` :data:`helpers.common.formatting.D3_LOCALE`
that the page passes to vega-embed. Charts carry their data inline (only what is drawn), no
parameters or selections, and Altair names inline datasets by a hash of their content: the same
input gives a byte-identical ``chart.to_json()``.

Charts are built for speed (a page draws eight), with the same Altair declarations but none of
its costly paths:

- every object is created by its constructor, once, with explicit channel objects
  (``alt.X(field=…, type=…)``): shorthand strings (``"x:Q"``) are parsed and turned into objects
  through ``from_dict``, which hashes the whole Vega-Lite schema at each call;
- the top-level chart gets its size, description and the shared :func:`config` in its
  constructor: chained methods (``.properties()``, ``.configure_*()``) copy the whole chart,
  layers included, at each call;
- data are plain rows (:func:`inline_data`), not DataFrames that Altair sanitises at each
  serialisation;
- marks, axes, scales and tooltips are given as their Vega-Lite dicts (:func:`spec` of the Altair
  object; the invariant ones built once per process): Altair copies every object of a layered or
  concatenated chart property by property, set or not, about a dozen times between the
  constructors and ``to_dict``, and a ``MarkDef`` has about a hundred properties;
- objects are not validated one by one as they are built (:func:`building`): the chart modules'
  tests validate whole specs against the Vega-Lite schema;
- layers hold their channels and transforms as Vega-Lite dicts (:func:`layer`): a layer is copied
  about ten times per chart, property by property, set or not;
- the panels of a concatenation are plain layer specs (``alt.LayerSpec``): a top-level
  ``alt.LayerChart`` is rebuilt, its layers copied twice, each time Altair copies it.

The spec is the same as the one built with shorthands and chained methods, byte for byte.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from ..common import formatting
from . import palette

#: Font of every chart: metric-compatible families first (Arial ≈ Helvetica ≈ Liberation Sans).
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
#: Font size of labels drawn inside the charts (tiles, nodes, bars), pixels.
LABEL_FONT_SIZE = 11
#: Line height of multi-line labels, pixels.
LINE_HEIGHT = 13
#: Safety factor on the estimated text width (covers wider fallback fonts such as DejaVu Sans).
WIDTH_SAFETY = 1.15

#: Helvetica/Arial advance widths in 1/1000 em (Adobe's public AFM metrics), by character.
_WIDTHS: dict[str, int] = {
    **dict.fromkeys("abdeghnopqu", 556), **dict.fromkeys("ckszvxy", 500), **dict.fromkeys("fjt", 278),
    "i": 222, "l": 222, "j": 222, "m": 833, "r": 333, "w": 722,
    **dict.fromkeys("0123456789", 556),
    **dict.fromkeys("ABEKPSVXY", 667), **dict.fromkeys("CDHNRUw", 722), **dict.fromkeys("GOQ", 778),
    "F": 611, "T": 611, "Z": 611, "I": 278, "J": 500, "L": 556, "M": 833, "W": 944,
    " ": 278, "\u00a0": 278, ",": 278, ".": 278, ":": 278, ";": 278, "'": 191, "’": 222,
    "-": 333, "–": 556, "—": 1000, "−": 584, "+": 584, "(": 333, ")": 333, "/": 278,
    "%": 889, "€": 556, "«": 556, "»": 556, "…": 1000, "&": 667, "·": 278, "Œ": 1000, "œ": 944,
}
#: Width of a character missing from the table (1/1000 em).
_DEFAULT_WIDTH = 600


@dataclass(frozen=True)
class ChartResult:
    """A chart ready to render, with its numbers.

    ``name``: stable id fragment (element ids, CSV file names), e.g. ``"sankey-export-dep"``.
    ``title``: French title. ``description``: French text for screen readers (also the
    Vega-Lite ``description``). ``chart``: the Altair chart (inline data, Vega-Lite 6), or its
    Vega-Lite spec as a dict when the result comes from :mod:`helpers.charts.cache` or the chart
    builds its spec as a plain dict (the « Évolution » charts; shared parts: never modify it).
    ``data``: exactly the numbers drawn, French column names, M€ as displayed and euros.
    ``footnote``: French note under the chart, or ``None``. ``key``: a digest naming the whole
    result, set by :mod:`helpers.charts.cache` (its entry's key): :func:`helpers.charts.render.formatted`
    then formats the result's output once per process; ``None`` otherwise. ``screen_note``: see below.
    """

    name: str
    title: str
    description: str
    chart: alt.TopLevelMixin | dict[str, Any]
    data: pd.DataFrame
    footnote: str | None
    key: str | None = None
    #: A French sentence of the note meant for the screen only (« survoler… »): shown after the
    #: footnote on the site and in notebooks, left out of the PDF and of the browser's print.
    screen_note: str | None = None


def round_meur(value_eur: int | float) -> float:
    """Euros → millions of euros rounded half-up to one decimal, as displayed (a float)."""
    millions = Decimal(str(value_eur)) / Decimal(1_000_000)
    return float(millions.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def meur_label(value_eur: int | float) -> str:
    """Label "853,3 M€" (no-break spaces), as in the page text."""
    return formatting.meur_unit(value_eur)


def signed_meur(value_eur: int | float) -> str:
    """Signed value in M€ without unit: "+125,3", "−48" (a minus sign, U+2212; zero as "0")."""
    text = formatting.meur(value_eur)
    return "+" + text if round_meur(value_eur) > 0 else text.replace("-", "\u2212", 1)


def share_label(part: int | float, whole: int | float) -> str:
    """Share in %, one decimal, trailing ",0" dropped: "12,8 %", "4 %"."""
    return formatting.share_region(part, whole)


def share_percent(part: int | float, whole: int | float) -> float:
    """Share in %, rounded half-up to one decimal (a float, as displayed)."""
    if whole == 0:
        return float("nan")
    ratio = Decimal(str(part)) * 100 / Decimal(str(whole))
    return float(ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def char_width(char: str, font_size: float) -> float:
    """Estimated advance width of one character at ``font_size`` pixels (accents ignored)."""
    base = unicodedata.normalize("NFD", char)[:1] or char
    units = _WIDTHS.get(char, _WIDTHS.get(base, _DEFAULT_WIDTH))
    return units * font_size / 1000


def text_width(text: str, font_size: float = LABEL_FONT_SIZE) -> float:
    """Conservative width of one line of text in pixels (Helvetica metrics × :data:`WIDTH_SAFETY`)."""
    return WIDTH_SAFETY * sum(char_width(c, font_size) for c in text)


def text_block_size(lines: list[str], font_size: float = LABEL_FONT_SIZE, line_height: float = LINE_HEIGHT) -> tuple[float, float]:
    """(width, height) in pixels of a multi-line label."""
    width = max((text_width(line, font_size) for line in lines), default=0.0)
    return width, line_height * len(lines)


@cache
def config() -> alt.Config:
    """The shared look (one object per process): font, colours of text, no view frame.

    Passed as ``config=`` to the constructor of every top-level chart; never mutated.
    """
    return alt.Config(
        font=FONT,
        background="white",
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=11, titleFontSize=11, labelColor=palette.TEXT_MUTED, titleColor=palette.TEXT_MUTED,
            domainColor=palette.NEUTRAL, tickColor=palette.NEUTRAL, gridColor="#E6E6E6",
        ),
        title=alt.TitleConfig(fontSize=14, anchor="start", color=palette.TEXT, offset=12),
        text=alt.MarkConfig(font=FONT, fontSize=LABEL_FONT_SIZE, color=palette.TEXT),
    )


def config_spec() -> dict[str, Any]:
    """The ``config`` of a top-level spec as Altair writes it (:func:`config` merged into the active
    theme's), a new dict each time: for the charts whose spec is built as a plain dict."""
    import json

    return json.loads(_config_json())


@cache
def _config_json() -> str:
    import json

    with building():
        return json.dumps(alt.Chart(mark="point", config=config()).to_dict(validate=False)["config"])


def dataset_name(values: Sequence[Mapping[str, Any]]) -> str:
    """The name Altair gives inline ``values`` when it moves them to the top-level ``datasets``."""
    import hashlib
    import json

    return "data-" + hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


def inline_data(rows: Iterable[Mapping[str, Any]]) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """Inline data of a chart layer: ``{"values": rows}``, rows of plain Python values.

    Rows are kept in a tuple, which Altair shares instead of copying each time it copies a chart
    (lists and dicts are copied value by value); ``to_dict()`` gives that same tuple back in
    ``datasets`` (written as a JSON list). Values are what the records of a DataFrame would hold
    (``float`` in a column holding any float, else ``int``, ``bool``, ``str``): the dataset's name
    is a hash of them, and ``1`` and ``1.0`` differ.
    """
    return {"values": tuple(rows)}


def spec(obj: alt.SchemaBase) -> dict[str, Any]:
    """The Vega-Lite dict of an Altair object (a mark, axis, scale, tooltip…): only the properties set."""
    return obj.to_dict(validate=False)


def plain(part: Any) -> Any:
    """``part`` as Vega-Lite: an Altair object's dict (:func:`spec`), anything else as it is."""
    return spec(part) if isinstance(part, alt.SchemaBase) else part


def layer(
    *, data: Mapping[str, Any], mark: str | Mapping[str, Any], encoding: Mapping[str, Any], transform: Sequence[Any] = ()
) -> alt.Chart:
    """One layer of a layered chart, its channels and transforms held as Vega-Lite dicts.

    ``encoding``: channel name → channel (an Altair channel object or its dict, :func:`plain`);
    ``transform``: transforms in order (objects or dicts). Altair copies every layer of a
    layered or concatenated chart, object by object and property by property, set or not (an
    ``alt.X`` has 13, a ``CalculateTransform`` 2), several times between the constructors and
    ``to_dict``: dicts hold only what is set. The spec is the same (channels are written in
    ``FacetedEncoding``'s order whatever the order of ``encoding``).
    """
    steps = [plain(step) for step in transform]
    return alt.Chart(data=data, mark=mark, encoding=alt.FacetedEncoding(**channels(**encoding)), **({"transform": steps} if steps else {}))


def channels(**encoding: Any) -> dict[str, Any]:
    """Channel name → channel as its Vega-Lite dict (:func:`plain`): an encoding for :func:`layer`,
    built once when it does not change between charts."""
    return {name: plain(channel) for name, channel in encoding.items()}


def building() -> AbstractContextManager[None]:
    """Context in which chart objects are built without validating each one at construction.

    Altair validates every object it constructs against the schema (``DEBUG_MODE``); the chart
    modules' tests validate the finished specs instead.
    """
    return debug_mode(False)


def title_params(title: str, show_title: bool) -> dict:
    """Keyword of the top-level chart's constructor for its title (empty when the page shows it itself)."""
    return {"title": alt.TitleParams(title)} if show_title else {}


def empty_chart(message: str, *, description: str, width: int = 400, height: int = 60) -> alt.Chart:
    """A chart showing only ``message`` (no data to draw)."""
    return alt.Chart(
        data=inline_data([{"message": message}]),
        mark=alt.MarkDef(type="text", align="left", baseline="middle", color=palette.TEXT_MUTED),
        encoding=alt.FacetedEncoding(text=alt.Text(field="message", type="nominal")),
        width=width, height=height, description=description, config=config(),
    )


def identity_scale(extent: float, *, reverse: bool = False) -> alt.Scale:
    """A linear scale mapping ``[0, extent]`` data units to the same pixels (layouts computed in Python)."""
    return alt.Scale(domain=[0, extent], range=[0, extent], nice=False, zero=False, clamp=False, reverse=reverse)


def named_data(datasets: dict[str, Any], rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Register ``rows`` in ``datasets`` (the top-level chart's ``datasets``) under a name derived
    from their content, and return the reference ``{"name": …}`` that panels give as ``data``.

    For panels given as plain layer specs whose data and channels are the layer's own (shared by its
    marks): Altair names the inline data of ``alt.Chart`` layers this way, not of layer specs, and
    two panels of one data set then write it once.
    """
    import hashlib
    import json

    values = tuple(rows)
    name = "data-" + hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    datasets[name] = values
    return {"name": name}
