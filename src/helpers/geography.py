"""The 101 DGDDI territorial units and their INSEE départements and régions.

DGDDI's files use their own codes: metropolitan départements keep their INSEE code, Corse is
one unit ``20`` (INSEE 2A and 2B), the five DROM are ``9A``–``9E`` (INSEE 971–976) and ``99``
is Monaco, attached to Provence-Alpes-Côte d'Azur. DGDDI's région codes are internal
(Occitanie is ``12``, INSEE ``76``) and group the five DROM in one région ``24``.

The site is organised by INSEE régions. Comparisons ("share of the région") use the DGDDI
région of the unit, which for metropolitan units is the same perimeter as the INSEE région
(Monaco included in PACA) and for a DROM is the "ensemble des DROM".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from .errors import ConfigError
from .paths import resources_dir

#: DGDDI région code grouping the five DROM (compared together, see fiche rules).
DROM_REGION = "24"
#: DGDDI code of Corse (one unit for INSEE 2A and 2B).
CORSE = "20"
#: DGDDI code of Monaco (counted in PACA and France, no page of its own).
MONACO = "99"


@dataclass(frozen=True)
class Region:
    insee_code: str
    name: str
    dgddi_code: str
    dgddi_name: str  # name of the DGDDI région perimeter ("ensemble des DROM" for 24)


@dataclass(frozen=True)
class Unit:
    """One DGDDI unit (a département, Corse, a DROM or Monaco)."""

    dgddi_code: str
    insee_codes: tuple[str, ...]
    name: str
    insee_region: str
    has_page: bool

    @property
    def region(self) -> Region:
        return regions()[self.insee_region]

    @property
    def dgddi_region(self) -> str:
        return self.region.dgddi_code

    @property
    def is_drom(self) -> bool:
        return self.dgddi_region == DROM_REGION

    @property
    def is_corse(self) -> bool:
        return self.dgddi_code == CORSE

    @property
    def label(self) -> str:
        """Name with its INSEE code(s), as titles show it: ``Aude (11)``, ``Corse (2A, 2B)``."""
        codes = ", ".join(self.insee_codes) if self.insee_codes else self.dgddi_code
        return f"{self.name} ({codes})"

    @property
    def slug(self) -> str:
        """File-name stem of the unit's page (``dep-11``, ``dep-974``, ``dep-2A-2B``)."""
        return "dep-" + "-".join(self.insee_codes or (self.dgddi_code,))


@cache
def regions() -> dict[str, Region]:
    """INSEE régions by INSEE code, in INSEE order (DROM first, then 11…94)."""
    with (resources_dir() / "regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = [Region(r["insee_region"], r["name"], r["dgddi_region"], r["dgddi_name"]) for r in csv.DictReader(handle)]
    return {r.insee_code: r for r in sorted(rows, key=lambda r: r.insee_code)}


@cache
def units() -> dict[str, Unit]:
    """All 101 DGDDI units by DGDDI code, sorted by code."""
    with (resources_dir() / "units.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            Unit(r["dgddi_code"], tuple(r["insee_codes"].split()), r["name"], r["insee_region"], r["has_page"] == "1")
            for r in csv.DictReader(handle)
        ]
    return {u.dgddi_code: u for u in sorted(rows, key=lambda u: u.dgddi_code)}


def page_units() -> list[Unit]:
    """Units that get a page (all but Monaco), in INSEE région order then by INSEE code."""
    order = list(regions())
    return sorted((u for u in units().values() if u.has_page), key=lambda u: (order.index(u.insee_region), u.insee_codes))


def dgddi_region_units(dgddi_region: str) -> list[Unit]:
    """Units of one DGDDI région (for PACA, Monaco included)."""
    return [u for u in units().values() if u.dgddi_region == dgddi_region]


def insee_to_dgddi(code: str) -> str:
    """DGDDI unit code for an INSEE département code (``2A``/``2B`` → ``20``, ``974`` → ``9D``)."""
    code = code.strip().upper()
    for unit in units().values():
        if code == unit.dgddi_code or code in unit.insee_codes:
            return unit.dgddi_code
    raise ConfigError(
        f"Code département inconnu : {code!r}. Codes acceptés : INSEE (01…95, 2A, 2B, 971…976) "
        "ou DGDDI (20, 9A…9E) ; la liste complète : `comext list`."
    )


def resolve(code: str) -> Unit:
    """The unit with a page for a user-given code (INSEE or DGDDI); Monaco has no page."""
    unit = units()[insee_to_dgddi(code)]
    if not unit.has_page:
        raise ConfigError(
            f"{unit.name} ({unit.dgddi_code}) est compté dans les totaux de sa région et de la France, "
            "mais n'a pas de fiche. La liste des fiches : `comext list`."
        )
    return unit
