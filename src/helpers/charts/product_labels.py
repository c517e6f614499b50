"""Short French labels of products and partners, for charts.

- A129 products: the project's own short wording (``resources/a129_short.csv``, one line per
  A129 code), e.g. ``C11Z`` → "Boissons", ``C30C`` → "Aéronautique et spatial".
- CPF4 products: no wording of our own; the label of the label files is shortened
  (:func:`shorten`) and wrapped by the chart.
- Partner countries: the label files' name, except a few long official names replaced by their
  usual short form (:data:`COUNTRY_SHORT`), e.g. ``KR`` → "Corée du Sud".
- :func:`wrap` splits a label into lines of at most ``width`` characters (a single word longer
  than ``width`` stays whole on its line).
"""

from __future__ import annotations

import csv
import re
import textwrap
from functools import cache

import pandas as pd

from ..common.paths import resources_dir

#: File of the short A129 labels (code,label), in ``helpers/resources``.
A129_SHORT_FILE = "a129_short.csv"
#: Product levels a chart can use: column of the records table.
LEVELS = ("a129", "cpf4")
#: Default width of a chart label line, in characters.
WRAP_WIDTH = 22
#: Longest shortened label (characters) before it is cut at a word boundary.
SHORTEN_MAX = 40

#: Usual short French names of partners whose official label is long or inverted.
COUNTRY_SHORT: dict[str, str] = {
    "AE": "Émirats arabes unis",
    "BO": "Bolivie",
    "CD": "RD Congo",
    "CF": "Centrafrique",
    "CI": "Côte d'Ivoire",
    "CZ": "Tchéquie",
    "DO": "Rép. dominicaine",
    "FM": "Micronésie",
    "GB": "Royaume-Uni",
    "IR": "Iran",
    "KP": "Corée du Nord",
    "KR": "Corée du Sud",
    "LA": "Laos",
    "MD": "Moldavie",
    "MK": "Macédoine du Nord",
    "PS": "Palestine",
    "RU": "Russie",
    "SY": "Syrie",
    "TW": "Taïwan",
    "TZ": "Tanzanie",
    "US": "États-Unis",
    "VA": "Vatican",
    "VE": "Venezuela",
    "VN": "Viêt Nam",
}

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_SPACES = re.compile(r"\s+")


@cache
def a129_short_labels() -> dict[str, str]:
    """Code → short label of every A129 code (the project's own wording)."""
    path = resources_dir() / A129_SHORT_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}


def shorten(label: str, max_chars: int = SHORTEN_MAX) -> str:
    """A long official label made chart-sized: parentheses dropped, cut after ``max_chars``.

    The cut prefers the part before a " : " or " ; ", then a comma, then a word boundary
    (with "…").
    """
    text = _SPACES.sub(" ", _PARENTHESES.sub("", str(label))).strip(" ,;:")
    if len(text) <= max_chars:
        return text
    for separator in (" : ", " ; ", ", "):
        head = text.split(separator, 1)[0].strip()
        if 3 <= len(head) <= max_chars and head != text:
            return head
    cut = text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def label_lookup(labels: pd.DataFrame | None) -> dict[str, str]:
    """Code → label of a label table (columns ``code``, ``label``), empty when ``None``."""
    if labels is None or not len(labels):
        return {}
    return dict(zip(labels["code"].astype(str).tolist(), labels["label"].astype(str).tolist(), strict=True))


def product_label(code: str, *, level: str = "a129", labels: pd.DataFrame | None = None) -> str:
    """Short label of a product code at ``level`` (``"a129"`` or ``"cpf4"``).

    A129: the project's own wording, else the shortened label of ``labels``, else the code.
    CPF4: the shortened label of ``labels`` (``store.read_labels(cache, "cpf4", year)``), else
    the code.
    """
    if level not in LEVELS:
        raise ValueError(f"niveau de produit inconnu : {level!r} (attendu : {', '.join(LEVELS)})")
    if level == "a129" and code in a129_short_labels():
        return a129_short_labels()[code]
    label = label_lookup(labels).get(code)
    return shorten(label) if label else code


def product_labels_for(codes: list[str], *, level: str = "a129", labels: pd.DataFrame | None = None) -> dict[str, str]:
    """Code → :func:`product_label` for several codes (one lookup table)."""
    lookup = label_lookup(labels)
    out = {}
    for code in codes:
        if level == "a129" and code in a129_short_labels():
            out[code] = a129_short_labels()[code]
        elif level not in LEVELS:
            raise ValueError(f"niveau de produit inconnu : {level!r} (attendu : {', '.join(LEVELS)})")
        else:
            out[code] = shorten(lookup[code]) if code in lookup else code
    return out


def country_label(code: str, labels: pd.DataFrame | None = None) -> str:
    """Short name of a partner code: :data:`COUNTRY_SHORT`, else its label, else the code."""
    if code in COUNTRY_SHORT:
        return COUNTRY_SHORT[code]
    label = label_lookup(labels).get(code)
    return shorten(label) if label else code


def country_labels_for(codes: list[str], labels: pd.DataFrame | None = None) -> dict[str, str]:
    """Code → :func:`country_label` for several codes (one lookup table)."""
    lookup = label_lookup(labels)
    return {c: COUNTRY_SHORT.get(c) or (shorten(lookup[c]) if c in lookup else c) for c in codes}


def wrap(label: str, width: int = WRAP_WIDTH) -> list[str]:
    """Lines of at most ``width`` characters (words kept whole; a longer word stays alone).

    No-break spaces (U+00A0) never break: "853,3 M€" stays on one line.
    """
    lines = textwrap.wrap(
        str(label), width=width, break_long_words=False, break_on_hyphens=False
    )
    return lines or [""]


def wrap_text(label: str, width: int = WRAP_WIDTH) -> str:
    """:func:`wrap` joined by newlines (the ``lineBreak`` of the chart text marks)."""
    return "\n".join(wrap(label, width))
