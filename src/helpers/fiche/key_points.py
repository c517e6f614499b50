"""The « Points clés » box at the top of every page: seven exposure indicators with their ranks.

The figures come from the table of indicators and ranks of the cache (:mod:`helpers.fiche.ranks`),
the definitions from :mod:`helpers.fiche.exposure`; each label links to its definition on the
methodology page (``methodologie.html#<anchor>``, written by :mod:`helpers.audit.definitions`).
French formats: « 12,3 % », « +1,8 % », « 1 234 (peu concentré) », « 12ᵉ sur 100 », « n. d. ».
"""

from __future__ import annotations

from IPython.display import Markdown

from ..common.formatting import NBSP, format_number
from ..places.geography import page_regions
from . import ranks
from .context import FicheContext
from .exposure import INDICATORS, concentration

#: Page of the definitions, relative to a page of the book (all pages are in ``pages/``).
DEFINITIONS_PAGE = "methodologie.html"
#: What an undefined figure shows.
UNDEFINED = "n.\u00a0d."
MINUS = "\u2212"


def ordinal(rank: int | None, total: int | None) -> str:
    """``12ᵉ sur 100``, ``1ᵉʳ sur 100`` (superscript letters, no-break spaces: never cut across
    lines); ``—`` when not ranked."""
    if rank is None or total is None:
        return "—"
    return f"{rank}{'ᵉʳ' if rank == 1 else 'ᵉ'}{NBSP}sur{NBSP}{total}"


def value_text(key: str, value: float | None) -> str:
    """An indicator as the box writes it: % with one decimal (signed for the change), HHI as an
    integer with its word, ``n. d.`` when not defined."""
    if value is None:
        return UNDEFINED
    if key.startswith("hhi_"):
        return f"{format_number(value, 0, drop_zero_decimals=True)} ({concentration(value)})"
    text = format_number(value, 1, drop_zero_decimals=False) + NBSP + "%"
    if key == "export_change":
        if text.startswith("-"):
            text = MINUS + text[1:]
        elif any(digit in text for digit in "123456789"):
            text = "+" + text
    return text


def link(label: str, anchor: str) -> str:
    """``label`` linking to its definition on the methodology page."""
    return f'<a href="{DEFINITIONS_PAGE}#{anchor}">{label}</a>'


def box_markdown(row: dict[str, object] | None, *, kind: str, year: int) -> str:
    """The box (MyST admonition holding a table) for a page's ``row`` of the ranks table.

    ``kind``: ``unit``, ``region`` or ``france`` (no rank column: nothing to compare it with).
    """
    ranked = kind != "france"
    head = "| Indicateur | Valeur |" + (" Rang |" if ranked else "")
    rule = "|---|--:|" + ("--:|" if ranked else "")
    lines = ["````{admonition} Points clés " + str(year), ":class: note comext-keys", "", head, rule]
    for indicator in INDICATORS:
        value = None if row is None else row.get(indicator.key)
        cells = [link(indicator.label, indicator.anchor), value_text(indicator.key, value)]  # type: ignore[arg-type]
        if ranked:
            cells.append(ordinal(row.get(f"rank_{indicator.key}") if row else None, row.get(f"ranked_{indicator.key}") if row else None))  # type: ignore[arg-type]
        lines.append("| " + " | ".join(cells) + " |")
    if kind == "unit":
        among = "parmi les 100 départements dotés d’une fiche (la Corse compte pour un ; Monaco n’est pas classé)"
    elif kind == "region":
        among = f"parmi les {len(page_regions())} régions dotées d’une page"
    else:
        among = ""
    note = (f"Rang {among}, 1ᵉʳ = la plus forte valeur. " if ranked else
            "La France entière n’a pas de rang : les rangs comparent les départements entre eux et les régions entre elles. ")
    note += ("Parts et indices calculés sur les pays réels : les codes spéciaux (haute mer, avitaillement, pays non déterminés…) "
             "en sont exclus. Les définitions sont sur la page " + f'<a href="{DEFINITIONS_PAGE}#ind-definitions">Méthodologie</a>.')
    lines += ["", note, "````", ""]
    return "\n".join(lines)


def box(ctx: FicheContext) -> Markdown:
    """The « Points clés » box of the page (see :func:`box_markdown`)."""
    return Markdown(box_markdown(ranks.row(ctx.cache, ctx.slug, ctx.year), kind=ctx.kind, year=ctx.year))
