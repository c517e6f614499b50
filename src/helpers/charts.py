"""Common ground of the fiche's charts: the result type, French number helpers, the shared config.

Every chart function (:mod:`~helpers.chart_butterfly`, :mod:`~helpers.chart_treemap`,
:mod:`~helpers.chart_sankey`) returns a :class:`ChartResult`. Text drawn in a chart (labels,
tooltips) is computed in Python with :mod:`helpers.formatting`, so it is identical to the page
text; axes use d3 format strings read with the ``formatLocale`` :data:`helpers.formatting.D3_LOCALE`
that the page passes to vega-embed. Charts carry their data inline (only what is drawn), no
parameters or selections, and Altair names inline datasets by a hash of their content: the same
input gives a byte-identical ``chart.to_json()``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import altair as alt
import pandas as pd

from . import formatting, palette

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
    Vega-Lite ``description``). ``chart``: the Altair chart (inline data, Vega-Lite 6).
    ``data``: exactly the numbers drawn, French column names, M€ as displayed and euros.
    ``footnote``: French note under the chart, or ``None``.
    """

    name: str
    title: str
    description: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    footnote: str | None


def round_meur(value_eur: int | float) -> float:
    """Euros → millions of euros rounded half-up to one decimal, as displayed (a float)."""
    millions = Decimal(str(value_eur)) / Decimal(1_000_000)
    return float(millions.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def meur_label(value_eur: int | float) -> str:
    """Label "853,3 M€" (no-break spaces), as in the page text."""
    return formatting.meur_unit(value_eur)


def signed_meur(value_eur: int | float) -> str:
    """Signed value in M€ without unit: "+125,3", "-48" (zero as "0")."""
    text = formatting.meur(value_eur)
    return "+" + text if round_meur(value_eur) > 0 else text


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


def configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The shared look: font, colours of text, no view frame, tooltips as given."""
    return (
        chart.configure(font=FONT, background="white")
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=11, titleFontSize=11, labelColor=palette.TEXT_MUTED, titleColor=palette.TEXT_MUTED,
            domainColor=palette.NEUTRAL, tickColor=palette.NEUTRAL, gridColor="#E6E6E6",
        )
        .configure_title(fontSize=14, anchor="start", color=palette.TEXT, offset=12)
        .configure_text(font=FONT, fontSize=LABEL_FONT_SIZE, color=palette.TEXT)
    )


def title_params(title: str, show_title: bool) -> dict:
    """``properties(**…)`` keyword for the chart title (empty when the page shows it itself)."""
    return {"title": alt.TitleParams(title)} if show_title else {}


def empty_chart(message: str, *, description: str, width: int = 400, height: int = 60) -> alt.Chart:
    """A chart showing only ``message`` (no data to draw)."""
    chart = (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(align="left", baseline="middle", color=palette.TEXT_MUTED)
        .encode(text="message:N")
        .properties(width=width, height=height, description=description)
    )
    return configure(chart)


def identity_scale(extent: float, *, reverse: bool = False) -> alt.Scale:
    """A linear scale mapping ``[0, extent]`` data units to the same pixels (layouts computed in Python)."""
    return alt.Scale(domain=[0, extent], range=[0, extent], nice=False, zero=False, clamp=False, reverse=reverse)
