"""The pages of the Territoires d'industrie: one per territory, grouped by région, and their toc.

Written by :func:`write` with the other generated pages (:mod:`helpers.book.site_pages`), as
Markdown computed in Python from the territory table and the cache's totals — no notebook is
executed. Each page is written only when its text changed, so Sphinx re-reads a territory's
page only when its inputs (the table, its départements' totals) changed.

Pages, under ``pages/``: ``territoires.md`` (every territory by région), one page per région
``territoires-region-<code>.md`` (its territories), one per territory ``territoire-<RRNN>.md``
(:mod:`helpers.fiche.territory`). In the toc they form a part of their own, a tree (overview →
régions → territories), so that the sidebar of each page stays small. A book that leaves some
départements out (``--only``, tests) gets the pages of the territories touching its
départements only, linking only to the fiches it has.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from ..common import typography
from ..fiche import reproduce
from ..fiche import territory as territory_page
from ..fiche.indicators import unit_sums
from ..fiche.page import escape
from ..fiche.parameters import PageParameters
from ..places.names import departement, region
from ..places.territories import Territory, territories
from .execute import PAGES
from .pdf import pdf_cell

#: The toc's caption, the overview page and a région's page (relative to the book's root, no suffix).
CAPTION = "Territoires d'industrie"
OVERVIEW = PAGES / "territoires"
REGION_PAGE = "territoires-region-{code}"
#: The digest of the inputs of the last write and the pages written (outside the site's inputs).
STAMP = Path("_build") / "territoires.inputs"
#: Generated files this module owns (stale ones are removed).
PATTERNS = ("territoire-*.md", "territoires-region-*.md")


def in_book(pages: list[PageParameters]) -> list[Territory]:
    """The territories touching a département of the book's fiches, by id."""
    codes = {code for p in pages if p.kind == "unit" for code in p.unit.insee_codes}
    return [t for t in territories() if codes & set(t.dep_codes)]


def by_region(found: list[Territory]) -> dict[str, list[Territory]]:
    """Territories grouped by their région's INSEE code, each by name: metropolitan régions in INSEE
    order, then the DROM (``01``–``06``), as the rest of the book orders them."""
    groups: dict[str, list[Territory]] = {}
    for t in sorted(found, key=lambda t: (t.region < "10", t.region, t.name.casefold())):
        groups.setdefault(t.region, []).append(t)
    return groups


def toc_part(pages: list[PageParameters]) -> list[str]:
    """The toc lines of the territories' part (empty when the book has none)."""
    groups = by_region(in_book(pages))
    if not groups:
        return []
    lines = [f'  - caption: "{typography.text(CAPTION)}"', "    chapters:", f"      - file: {OVERVIEW.as_posix()}", "        sections:"]
    for code, members in groups.items():
        lines += [f"          - file: {(PAGES / REGION_PAGE.format(code=code)).as_posix()}", f'            title: "{typography.text(region(code).name)}"']
        lines.append("            sections:")
        for t in members:
            lines += [f"              - file: {(PAGES / t.slug).as_posix()}", f'                title: "{typography.text(t.name)}"']
    return lines


def _listing(members: list[Territory]) -> str:
    """One line per territory: its name linking to its page, then its départements and its PDF."""
    return "".join(
        f"- [{escape(t.name)}]({t.slug}.md) : {', '.join(departement(c).name for c in t.dep_codes)} ({pdf_cell(t.slug)})\n" for t in members
    )


def overview_markdown(groups: dict[str, list[Territory]], count: int) -> str:
    """The overview page: what a Territoire d'industrie is here, then every territory by région."""
    text = (
        f"# {CAPTION}\n\n"
        f"Les {count} Territoires d'industrie du programme 2023-2027 (ANCT / DGE), d'après la liste officielle de "
        "l'ANCT. Chaque territoire a sa page : sa région, ses intercommunalités membres, les départements où il "
        "compte des communes avec la part de sa population dans chacun, et les chiffres clés du commerce "
        "extérieur de ces départements. Les statistiques douanières n'existent pas en dessous du département : "
        "ces chiffres sont ceux des départements, pas ceux des territoires.\n\n"
    )
    for code, members in groups.items():
        text += f"## [{escape(region(code).name)}]({REGION_PAGE.format(code=code)}.md)\n\n" + _listing(members) + "\n"
    return text


def region_markdown(code: str, members: list[Territory]) -> str:
    """A région's page: its territories, each with its départements."""
    name = territory_page.region_name(code)
    return (
        f"# Les Territoires d'industrie {escape(name.of)}\n\n"
        f"{len(members)} territoire{'s' if len(members) > 1 else ''} du programme 2023-2027 ; chacun est rattaché "
        "à la région de son identifiant officiel et peut compter des communes dans d'autres départements.\n\n"
        + _listing(members)
    )


KeyRows = Mapping[str, Mapping[str, object]]


def texts(pages: list[PageParameters], totals: pd.DataFrame, year: int, synthetic: bool, key_rows: KeyRows | None = None) -> dict[Path, str]:
    """Every page of the territories (path relative to the book's root → text, typography applied).

    ``key_rows``: the units' rows of the table of indicators and ranks for ``year``, by page slug
    (:func:`key_rows`); without them the pages have no « Points clés » table.
    """
    found = in_book(pages)
    if not found:
        return {}
    present = {p.slug for p in pages}
    groups = by_region(found)
    count = len(territories())
    sums = unit_sums(totals, year)  # once for all territories
    out = {OVERVIEW.with_suffix(".md"): overview_markdown(groups, count)}
    for code, members in groups.items():
        out[PAGES / f"{REGION_PAGE.format(code=code)}.md"] = region_markdown(code, members)
        for t in members:
            rows = territory_page.departement_figures(t, totals, year, sums=sums, key_rows=key_rows)
            out[PAGES / f"{t.slug}.md"] = territory_page.markdown(t, rows, year, synthetic=synthetic, count=count, present=present)
    return {path: typography.markdown(text) for path, text in out.items()}


def key_rows(table: pd.DataFrame, year: int) -> dict[str, dict[str, object]]:
    """The units' rows of the table of indicators and ranks (:func:`helpers.fiche.ranks.table`) for
    ``year``, by page slug, as plain values (``None`` for n. d. and no rank)."""
    rows = table[(table["kind"] == "unit") & (table["year"] == year)]
    return {str(r["slug"]): {k: (None if pd.isna(v) else v) for k, v in r.items()} for r in rows.to_dict("records")}


def inputs_digest(pages: list[PageParameters], totals: pd.DataFrame, year: int, synthetic: bool, key_rows: KeyRows | None = None) -> str:
    """SHA-256 of what the territories' pages are made of: the project's code and tables (the
    territory table and the names among them), the year's totals, the book's pages, the data's kind,
    the units' « Points clés »."""
    digest = hashlib.sha256(reproduce.code_digest().encode())
    digest.update(json.dumps([year, synthetic, sorted(p.slug for p in pages)]).encode())
    digest.update(json.dumps(key_rows or {}, sort_keys=True, default=repr).encode())
    year_totals = totals[totals["year"] == year]
    digest.update(pd.util.hash_pandas_object(year_totals, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def write(
    root: Path, pages: list[PageParameters], totals: pd.DataFrame, year: int, synthetic: bool, write_text: Callable[[Path, str], None],
    key_rows: KeyRows | None = None,
) -> list[Path]:
    """Write the territories' pages under ``root`` (each only if changed) and remove stale ones.

    Nothing is computed when the inputs' digest is the one stamped by the last write and every
    page is in place (a no-change build: ≈ 1 s of typography saved).
    """
    stamp, digest = root / STAMP, inputs_digest(pages, totals, year, synthetic, key_rows)
    done = sorted(Path(line) for line in stamp.read_text(encoding="utf-8").splitlines()[1:]) if stamp.is_file() else None
    if done is not None and stamp.read_text(encoding="utf-8").split("\n", 1)[0] == digest and all((root / p).is_file() for p in done):
        return done
    wanted = texts(pages, totals, year, synthetic, key_rows)
    for path, text in wanted.items():
        write_text(root / path, text)
    for pattern in PATTERNS:
        for stale in (root / PAGES).glob(pattern):
            if stale.relative_to(root) not in wanted:
                stale.unlink()
    if not wanted and (root / OVERVIEW.with_suffix(".md")).is_file():
        (root / OVERVIEW.with_suffix(".md")).unlink()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("\n".join([digest, *(p.as_posix() for p in sorted(wanted))]) + "\n", encoding="utf-8")
    return sorted(wanted)
