"""A place's parts and their totals: a région's départements, France's régions, the book's fiches.

Each row gives a part, the page that shows it, its exports, imports and balance (euros). A
région's rows are the units of its DGDDI région (Monaco, counted in PACA, has a row without a
page); France's rows are the INSEE régions (Corse and each DROM, régions of one département,
link to the département's fiche). The rows of a place add up to its totals exactly: the page
checks it (:func:`helpers.common.checks.check_partition`) before showing the table.

Tables are MyST ``{table}`` directives of class :data:`SORTABLE`: the site's script
(``_static/comext-sort.js``) sorts them when a column header is clicked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown

from ..common import checks, typography
from ..common.formatting import meur
from ..places.geography import (
    FRANCE,
    Place,
    Region,
    Unit,
    dgddi_region_units,
    places,
    unit_codes,
)
from .context import FicheContext
from .indicators import sum_over, sum_value, unit_sums
from .page import escape

#: Class of the tables the site's script makes sortable.
SORTABLE = "comext-sortable"
FLOWS = ("E", "I")


@dataclass(frozen=True)
class Row:
    """One part of a place: its label, the slug of its page (``None``: no page), totals in euros."""

    label: str
    slug: str | None
    exports: int
    imports: int
    group: str = ""  # the part's région, in the book's table of fiches
    group_slug: str | None = None  # the page of that région, if it has one in the book

    @property
    def balance(self) -> int:
        """Exports − imports, in euros."""
        return self.exports - self.imports

    def value(self, flow: str) -> int:
        return self.exports if flow == "E" else self.imports


def parts(place: Place) -> list[Place]:
    """What a place's table lists: a région's units (Monaco included), France's régions.

    A région of one département (Corse, each DROM) is listed as that département (whose page
    serves as the région's). A département has no parts.
    """
    if isinstance(place, Region):
        return sorted(dgddi_region_units(place.dgddi_code), key=lambda u: (not u.has_page, u.insee_codes or (u.dgddi_code,)))
    if place == FRANCE:  # in the book's order: metropolitan régions, Corse, then the DROM
        return [p for p in places() if isinstance(p, Region) or (isinstance(p, Unit) and not p.region.has_page)]
    return []


def _page_slug(part: Place) -> str | None:
    return None if isinstance(part, Unit) and not part.has_page else part.slug


def rows(totals: pd.DataFrame, items: list[Place], year: int, *, group_pages: set[str] | None = None) -> list[Row]:
    """One row per item with its totals of ``year`` (from the totals table, euros).

    With ``group_pages`` (the slugs of the book's pages), each unit's row also names its région,
    linked when the région's page is one of them.
    """
    found = []
    sums = unit_sums(totals, year)
    for item in items:
        deps = unit_codes(item)
        label = item.label if not isinstance(item, Unit) or item.has_page else f"{item.name} (sans fiche)"
        group, group_slug = "", None
        if group_pages is not None and isinstance(item, Unit):
            group = item.region.name
            group_slug = item.region.slug if item.region.slug in group_pages else None
        found.append(Row(label, _page_slug(item), sum_over(sums, "E", deps), sum_over(sums, "I", deps), group, group_slug))
    return found


def table_markdown(items: list[Row], first: str, *, group: str | None = None, extra_head: list[str] | None = None,
                   extra: dict[str, list[str]] | None = None) -> str:
    """The rows as a sortable MyST table, in millions of euros; a label links to its page.

    ``extra_head``: more (numeric) columns, whose cells ``extra`` gives by page slug.
    """
    extra_head = extra_head or []
    head = [first, *([group] if group else []), "Exportations", "Importations", "Solde", *extra_head]
    lines = [
        f"```{{table}}\n:class: {SORTABLE}\n",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * (2 if group else 1) + "--:|--:|--:|" + "--:|" * len(extra_head),
    ]
    for row in items:
        name = f"[{escape(row.label)}]({row.slug}.ipynb)" if row.slug else escape(row.label)
        where = f"[{escape(row.group)}]({row.group_slug}.ipynb)" if row.group_slug else escape(row.group)
        cells = [name, *([where] if group else []), meur(row.exports), meur(row.imports), meur(row.balance)]
        if extra_head:
            cells += (extra or {}).get(row.slug or "", ["—"] * len(extra_head))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("```")
    return "\n".join(lines) + "\n"


def table(ctx: FicheContext) -> Markdown | None:
    """The table of the page's parts (a région's départements, France's régions), checked.

    Σ of the rows = the place's total, per flow, exactly (or the page stops). ``None`` on a
    département's page.
    """
    items = parts(ctx.place)
    if not items:
        return None
    found = rows(ctx.totals, items, ctx.year)
    for flow in FLOWS:
        total = sum_value(ctx.totals, year=ctx.year, flow=flow, deps=unit_codes(ctx.place))
        checks.check_partition(f"tableau {ctx.place.label}", {r.label: r.value(flow) for r in found}, total, flow=flow, year=ctx.year)
    first = "Région" if ctx.place == FRANCE else "Département"
    intro = (
        f"Montants en millions d'euros ({ctx.year}) ; solde = exportations − importations. "
        + typography.screen_only("Un clic sur l'en-tête d'une colonne trie le tableau.")
        + "\n\n"
    )
    return Markdown(intro + table_markdown(found, first))
