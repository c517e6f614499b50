"""French number formatting, identical in text and charts.

Rules (``fiche.md``): values in millions of euros with one decimal, a trailing ",0" dropped
("1 966", "2 211,9"); share of the région with one decimal, trailing ",0" dropped ("4 %",
"5,9 %"); share of France with two decimals always shown ("0,34 %"). Decimal comma; thousands
separated by a no-break space :data:`NBSP` (U+00A0), which also stands before "%" and "M€".
Rounding is half-up on the decimal value (not banker's rounding).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

#: The one no-break space used everywhere (U+00A0), text and charts alike.
NBSP = "\u00a0"
#: d3-format locale for vega (``formatLocale``), matching the text exactly.
D3_LOCALE = {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", NBSP + "€"]}


def format_number(value: float | int | Decimal, decimals: int, *, drop_zero_decimals: bool) -> str:
    """``value`` rounded half-up to ``decimals``, French separators.

    >>> format_number(2211.94, 1, drop_zero_decimals=True)
    '2\\xa0211,9'
    >>> format_number(1966.0, 1, drop_zero_decimals=True)
    '1\\xa0966'
    """
    if type(value) is int and decimals >= 0:  # exact, nothing to round (bool and NumPy integers: below)
        return _format_int(value, decimals, drop_zero_decimals=drop_zero_decimals)
    rounded = Decimal(str(value)).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):.{decimals}f}".partition(".")
    text = sign + _group_thousands(integer)
    if fraction and not (drop_zero_decimals and set(fraction) == {"0"}):
        text += "," + fraction
    return text


def _format_int(value: int, decimals: int, *, drop_zero_decimals: bool) -> str:
    """:func:`format_number` of a Python ``int``: its digits grouped, ``decimals`` zeros unless dropped."""
    text = f"{value:,}".replace(",", NBSP)
    if decimals > 0 and not drop_zero_decimals:
        text += "," + "0" * decimals
    return text


def _group_thousands(digits: str) -> str:
    """``"1234567"`` → ``"1 234 567"`` (no-break spaces)."""
    return f"{int(digits):,}".replace(",", NBSP)


@functools.cache
def _quantum(decimals: int) -> Decimal:
    """The unit of the last kept decimal: ``Decimal("0.1")`` for 1 decimal, ``Decimal("1")`` for 0."""
    return Decimal(1).scaleb(-decimals)


def meur(value_eur: int | float) -> str:
    """Euros → "X M€" text value without unit: millions, one decimal, trailing ",0" dropped."""
    return format_number(Decimal(str(value_eur)) / Decimal(1_000_000), 1, drop_zero_decimals=True)


def meur_unit(value_eur: int | float) -> str:
    """Like :func:`meur` with the unit: ``1 966 M€``."""
    return meur(value_eur) + NBSP + "M€"


def share_region(part: int | float, whole: int | float) -> str:
    """Share of the région in %, one decimal, trailing ",0" dropped: ``4 %``, ``5,9 %``."""
    return _percent(part, whole, 1, drop_zero_decimals=True)


def share_france(part: int | float, whole: int | float) -> str:
    """Share of France in %, two decimals always shown: ``0,34 %``."""
    return _percent(part, whole, 2, drop_zero_decimals=False)


def _percent(part: int | float, whole: int | float, decimals: int, *, drop_zero_decimals: bool) -> str:
    if whole == 0:
        return "n.d."
    ratio = Decimal(str(part)) * 100 / Decimal(str(whole))
    return format_number(ratio, decimals, drop_zero_decimals=drop_zero_decimals) + NBSP + "%"
