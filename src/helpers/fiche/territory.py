"""The page of one Territoire d'industrie, as MyST Markdown written directly (no notebook).

A territory has no customs statistics of its own: the page says so at the top, then gives its
région, its départements (communes, population and the share of its population in each, each
linking to the fiche), the key figures of those départements side by side
(:func:`key_figures_table`, from :func:`departement_figures`) and their « Points clés »
(:func:`key_points_table`: the seven indicators with their ranks among the 100 départements, from
the table of :mod:`helpers.fiche.ranks`), and its member groupings (name,
SIREN, communes, population). Figures in euros come from the cache's totals; populations are
INSEE's municipal populations (people) from the territory table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from ..common.formatting import format_number, meur, share_region
from ..places.geography import Unit, regions, units
from ..places.names import TNCC, Name, departement, name_of, region
from ..places.territories import Territory
from .exposure import INDICATORS
from .indicators import sum_over, unit_sums
from .key_points import link, ordinal, value_text
from .page import METHODOLOGY_DOC, and_list, escape

#: The sources and licences page, as the territory pages link it.
SOURCES_DOC = "/pages/sources.md"


@dataclass(frozen=True)
class DepFigures:
    """One customs unit a territory touches (Corse once for 2A and 2B), its totals of the year (euros).

    The one place where a territory page's per-département figures live; ``keys``: the unit's row
    of the table of indicators and ranks (:func:`helpers.fiche.ranks.row`), ``None`` when absent.
    """

    unit: Unit
    exports: int
    imports: int
    keys: Mapping[str, object] | None = None

    @property
    def balance(self) -> int:
        """Exports − imports, in euros."""
        return self.exports - self.imports


@cache
def _by_insee() -> dict[str, Unit]:
    """Customs units by INSEE département code (2A and 2B → Corse)."""
    return {code: u for u in units().values() for code in u.insee_codes}


def units_of(territory: Territory) -> list[Unit]:
    """The customs units of a territory's départements, in the table's order (Corse once)."""
    return list(dict.fromkeys(_by_insee()[code] for code in territory.dep_codes))


def departement_figures(
    territory: Territory, totals: pd.DataFrame, year: int, *, sums: dict[tuple[str, str], int] | None = None,
    key_rows: Mapping[str, Mapping[str, object]] | None = None,
) -> list[DepFigures]:
    """Exports and imports of ``year`` (euros) of each unit the territory touches, with its « Points clés ».

    ``sums``: :func:`helpers.fiche.indicators.unit_sums` of ``totals`` for the year, when the
    caller computes it once for many territories; ``key_rows``: each unit's row of the ranks table
    for the year, by page slug.
    """
    found = unit_sums(totals, year) if sums is None else sums
    rows = key_rows or {}
    return [
        DepFigures(u, sum_over(found, "E", [u.dgddi_code]), sum_over(found, "I", [u.dgddi_code]), rows.get(u.slug)) for u in units_of(territory)
    ]


def _fiche(unit: Unit, label: str, present: set[str] | None) -> str:
    """``label`` linking to the unit's fiche when it is in the book (``present``: slugs; ``None``: all)."""
    return f"[{escape(label)}]({unit.slug}.ipynb)" if present is None or unit.slug in present else escape(label)


def key_figures_table(rows: list[DepFigures], year: int, present: set[str] | None = None) -> str:
    """The départements' key figures side by side: exports, imports, balance (M€, ``year``).

    The « Points clés » indicators of each département go here as further columns.
    """
    lines = [
        f"Montants en millions d'euros ({year}) ; solde = exportations − importations ; chaque ligne est le "
        "département entier.",
        "",
        "| Département | Exportations | Importations | Solde |",
        "|---|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(f"| {_fiche(row.unit, row.unit.label, present)} | {meur(row.exports)} | {meur(row.imports)} | {meur(row.balance)} |")
    return "\n".join(lines) + "\n"


def key_points_table(rows: list[DepFigures], year: int, present: set[str] | None = None) -> str:
    """The départements' « Points clés » side by side: one line per indicator (linking to its
    definition), one column per département, the value and its rank among the 100 départements;
    empty when no département has its row."""
    if not any(row.keys for row in rows):
        return ""
    lines = [
        f"Indicateurs de {year} de chaque département entier, avec son rang parmi les 100 départements dotés "
        "d'une fiche (1ᵉʳ = la plus forte valeur).",
        "",
        "| Indicateur | " + " | ".join(_fiche(row.unit, row.unit.label, present) for row in rows) + " |",
        "|---|" + "--:|" * len(rows),
    ]
    for indicator in INDICATORS:
        cells = []
        for row in rows:
            keys = row.keys or {}
            value = value_text(indicator.key, keys.get(indicator.key))  # type: ignore[arg-type]
            rank = ordinal(keys.get(f"rank_{indicator.key}"), keys.get(f"ranked_{indicator.key}"))  # type: ignore[arg-type]
            cells.append(value if rank == "—" else f"{value}<br>{rank}")
        lines.append(f"| {link(indicator.label, indicator.anchor)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def people(value: int) -> str:
    """A number of people or communes: ``151 733``."""
    return format_number(value, 0, drop_zero_decimals=True)


def departements_table(territory: Territory, present: set[str] | None = None) -> str:
    """Each INSEE département of the territory: its communes, their population and its share of the territory's."""
    by_insee = _by_insee()
    lines = ["| Département | Communes | Population | Part de la population du territoire |", "|---|--:|--:|--:|"]
    for share in territory.departements:
        label = f"{departement(share.code).name} ({share.code})"
        lines.append(
            f"| {_fiche(by_insee[share.code], label, present)} | {people(share.communes)} | {people(share.population)} | "
            f"{share_region(share.population, territory.population)} |"
        )
    lines.append(f"| **Ensemble du territoire** | **{people(territory.communes)}** | **{people(territory.population)}** | **100 %** |")
    return "\n".join(lines) + "\n"


def members_table(territory: Territory) -> str:
    """The member groupings, by name: SIREN, communes, population."""
    lines = ["| Intercommunalité ou commune | SIREN | Communes | Population |", "|---|---|--:|--:|"]
    for member in sorted(territory.members, key=lambda m: m.name.casefold()):
        lines.append(f"| {escape(member.name)} | {member.siren} | {people(member.communes)} | {people(member.population)} |")
    return "\n".join(lines) + "\n"


def banner(synthetic: bool) -> str:
    """The demonstration notice, as on every page built from the demonstration data (else nothing)."""
    if not synthetic:
        return ""
    return (
        "```{admonition} Données de démonstration\n:class: warning demo-banner\n"
        "Les chiffres du commerce extérieur de cette page sont **synthétiques** : ils ont été générés par le projet "
        "au format officiel de la DGDDI et calibrés pour reproduire les totaux publiés pour 2024 (Aude, Hérault, "
        "Occitanie, France entière). Ils ne décrivent pas l'économie réelle de ces départements. Voir la "
        f"[méthodologie]({METHODOLOGY_DOC}).\n```\n\n"
    )


def caveat() -> str:
    """The page's first statement: customs figures stop at the département."""
    return (
        "```{important}\nLes statistiques douanières n'existent pas en dessous du département : les chiffres du "
        "commerce extérieur de cette page sont ceux des départements où le territoire compte des communes, pas "
        "ceux du territoire lui-même.\n```\n\n"
    )


@cache
def _region_pages() -> frozenset[str]:
    """INSEE codes of the régions that have a page of their own."""
    return frozenset(code for code, place in regions().items() if place.has_page)


def region_name(code: str) -> Name:
    """A région's name as the book writes it: the COG's (« d’Occitanie »), but Corse as its single
    fiche names it (« de la Corse », its départements' TNCC; the COG's région has none)."""
    corse = [u for u in units().values() if u.is_corse and u.insee_region == code]
    return name_of(corse[0]) if corse else region(code)


def region_link(code: str, present: set[str] | None) -> str:
    """The région « de » form (« d’Occitanie »), the name linking to its page when the book has it."""
    name = region_name(code)
    place = regions().get(code)
    if place is not None and code in _region_pages() and (present is None or place.slug in present):
        return f"{TNCC[name.tncc][1]}[{escape(name.name)}]({place.slug}.ipynb)"
    return escape(name.of)


def markdown(territory: Territory, rows: list[DepFigures], year: int, *, synthetic: bool, count: int, present: set[str] | None = None) -> str:
    """The whole page of ``territory`` (MyST Markdown, before French typography).

    ``rows``: :func:`departement_figures`; ``count``: how many territories the programme has;
    ``present``: slugs of the book's pages (links only to those; ``None``: all).
    """
    deps = [f"{departement(s.code).the} ({s.code})" for s in territory.departements]
    first = territory.departements[0].code
    spread = f"toutes dans le département {departement(first).of} ({first})" if len(deps) == 1 else f"réparties entre {and_list(deps)}"
    intro = (
        f"{escape(territory.name)} est l'un des {count} Territoires d'industrie du programme 2023-2027 "
        f"(identifiant de l'ANCT : {territory.id_ti}), parmi ceux {region_link(territory.region, present)}. "
        f"Ses {people(territory.communes)} communes, {spread}, comptent {people(territory.population)} habitants.\n\n"
    )
    return (
        f"# {escape(territory.title)}\n\n"
        + caveat()
        + banner(synthetic)
        + intro
        + "## Les départements du territoire\n\n"
        "Un territoire appartient à chaque département où il compte au moins une commune ; chaque nom de "
        "département renvoie à sa fiche.\n\n"
        + departements_table(territory, present)
        + "\n## Les chiffres clés de ces départements\n\n"
        + key_figures_table(rows, year, present)
        + (f"\n## Les points clés de ces départements\n\n{points}" if (points := key_points_table(rows, year, present)) else "")
        + "\n## Les membres du territoire\n\n"
        + members_table(territory)
        + "\n*Source : ANCT, liste officielle des Territoires d'industrie 2023-2027 ; communes et populations "
        "municipales : Code officiel géographique de l'Insee ; commerce extérieur : DGDDI. Voir les "
        f"[sources et licences]({SOURCES_DOC}).*\n"
    )
