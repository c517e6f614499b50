"""Colour scales of the map of France: the indicators it shows, their classes, colours and legend.

Three indicators (:data:`MEASURES`): exports and trade balance in M€, the share of exports going
to the United States in %. Each is cut into a few classes at « round » thresholds (one significant
digit, :func:`nice`) taken near the quantiles of the départements' values, so that each class
holds a fair number of départements:

* **sequential** (exports, US share): thresholds near the sixths of the values, light → dark
  (ColorBrewer *Purples* for exports, the violet of the exports elsewhere in the book; *Blues*
  for the US share), the scheme of one class more without its lightest colour, which would not
  stand out from a white page;
* **diverging** (balance): thresholds symmetric around 0, near the thirds of the absolute values,
  ColorBrewer *RdBu* (red: deficit, blue: surplus; red/blue rather than the charts' red/green,
  which colour-blind readers cannot tell apart on a map where colour is the only cue).

An undefined value (« n. d. ») has no class. Legends are in French (« moins de 500 », « de 500
à 1 000 », « 5 000 et plus »), numbers in the French format.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from ..common.formatting import NBSP, format_number

MINUS = "\u2212"


@dataclass(frozen=True)
class Measure:
    """An indicator of the map: key, label of the switch, phrase of a sentence (« exportations »),
    unit (``M€`` or ``%``), and whether its scale diverges around 0."""

    key: str
    label: str
    phrase: str
    unit: str
    diverging: bool = False


MEASURES: tuple[Measure, ...] = (
    Measure("exports", "Exportations", "exportations", "M€"),
    Measure("balance", "Solde commercial", "solde commercial", "M€", diverging=True),
    Measure("us_share", "Part des exportations vers les États-Unis", "part des exportations vers les États-Unis", "%"),
)

#: ColorBrewer sequential schemes, by number of classes (light → dark).
PURPLES = {
    3: ("#efedf5", "#bcbddc", "#756bb1"),
    4: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"),
    5: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
    6: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
    7: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
}
BLUES = {
    3: ("#deebf7", "#9ecae1", "#3182bd"),
    4: ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"),
    5: ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    6: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    7: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
}
#: ColorBrewer *RdBu*, an even number of classes (deficits red, surpluses blue).
RDBU = {
    2: ("#ef8a62", "#67a9cf"),
    4: ("#ca0020", "#f4a582", "#92c5de", "#0571b0"),
    6: ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"),
}
SCHEMES = {"exports": PURPLES, "us_share": BLUES, "balance": RDBU}
#: Fill of a département whose value is not defined (« n. d. »).
UNDEFINED_FILL = "#969696"
#: Quantiles near which the sequential and diverging thresholds are taken.
SEQUENTIAL_QUANTILES = (1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6)
DIVERGING_QUANTILES = (1 / 3, 2 / 3)


def nice(value: float) -> float:
    """``value`` rounded to one significant digit (half up); sign kept.

    >>> nice(1340.0), nice(3500.0), nice(0.07), nice(-760.0), nice(9.6)
    (1000.0, 4000.0, 0.07, -800.0, 10.0)
    """
    if value == 0:
        return 0.0
    size = abs(value)
    power = math.floor(math.log10(size))
    digit = math.floor(size / 10.0**power + 0.5)
    return math.copysign(float(f"{digit * 10.0**power:.12g}"), value)


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (linear interpolation between order statistics)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def thresholds(values: list[float | None], diverging: bool) -> list[float]:
    """Increasing class boundaries for ``values`` (``None`` ignored): a value ``v`` is in class
    ``bisect_right(thresholds, v)``. Sequential: the nice quantiles strictly inside the values'
    range; diverging: ``[-b, -a, 0, a, b]`` from the nice thirds of the absolute values (fewer when
    they coincide or are 0)."""
    defined = [v for v in values if v is not None and not math.isnan(v)]
    if not defined:
        return []
    if diverging:
        sizes = sorted({nice(quantile([abs(v) for v in defined], q)) for q in DIVERGING_QUANTILES} - {0.0})
        return [-s for s in reversed(sizes)] + [0.0] + sizes
    low, high = min(defined), max(defined)
    return sorted({t for t in (nice(quantile(defined, q)) for q in SEQUENTIAL_QUANTILES) if low < t <= high})


def class_of(value: float | None, bounds: list[float]) -> int | None:
    """The class index of ``value`` (0 = below the first threshold); ``None`` when undefined."""
    if value is None or math.isnan(value):
        return None
    return bisect.bisect_right(bounds, value)


def colours(measure: Measure, count: int) -> tuple[str, ...]:
    """``count`` fills for the classes of ``measure`` (light → dark, or red → blue): a sequential
    scheme of ``count + 1`` colours without its lightest one."""
    scheme = SCHEMES[measure.key]
    if not measure.diverging and count + 1 in scheme:
        return scheme[count + 1][1:]
    if count in scheme:
        return scheme[count]
    if count < min(scheme):
        smallest = scheme[min(scheme)]
        return smallest[-count:] if not measure.diverging else smallest
    return scheme[max(scheme)]


def number(value: float, unit: str) -> str:
    """A threshold or value as the legend and tooltips write it: French format, true minus sign,
    one decimal at most (none for M€ when it is a whole number)."""
    text = format_number(value, 1, drop_zero_decimals=True)
    return text.replace("-", MINUS)


def value_text(value: float | None, unit: str) -> str:
    """A département's value with its unit (« 1 234,5 M€ », « −12 M€ », « 4,3 % »); « n. d. »."""
    if value is None or math.isnan(value):
        return f"n.{NBSP}d."
    return number(value, unit) + NBSP + unit


def legend_labels(bounds: list[float], unit: str) -> list[str]:
    """One label per class: « moins de a », « de a à b », …, « z et plus » (no unit: the
    legend's title has it)."""
    if not bounds:
        return ["toutes valeurs"]
    texts = [number(b, unit) for b in bounds]
    labels = [f"moins de {texts[0]}"]
    labels += [f"de {a} à {b}" for a, b in zip(texts, texts[1:])]
    labels.append(f"{texts[-1]} et plus")
    return labels
