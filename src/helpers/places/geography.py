"""The 101 DGDDI territorial units and their INSEE départements and régions.

DGDDI's files use their own codes: metropolitan départements keep their INSEE code, Corse is
one unit ``20`` (INSEE 2A and 2B), the five DROM are ``9A``–``9E`` (INSEE 971–976) and ``99``
is Monaco, attached to Provence-Alpes-Côte d'Azur. DGDDI's région codes are internal
(Occitanie is ``12``, INSEE ``76``) and group the five DROM in one région ``24``.

The site is organised by INSEE régions. Comparisons ("share of the région") use the DGDDI
région of the unit, which for metropolitan units is the same perimeter as the INSEE région
(Monaco included in PACA) and for a DROM is the "ensemble des DROM".

A page of the book shows one **place** (:data:`Place`): a unit (a département's fiche), an INSEE
région of several départements (Corse and each DROM have none: the département's page serves)
or France entière (:data:`FRANCE`). :func:`resolve_place` reads a place's code: a
département code (``11``, ``2A``, ``974``, ``9D``), ``R76`` (or ``region-76``) for a région,
``france`` for France entière; users name a place by its code or its name through
:func:`helpers.places.lookup.find_place`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Literal

from ..common.errors import ConfigError
from ..common.paths import resources_dir

#: DGDDI région code grouping the five DROM (compared together, see fiche rules).
DROM_REGION = "24"
#: DGDDI code of Corse (one unit for INSEE 2A and 2B).
CORSE = "20"
#: DGDDI code of Monaco (counted in PACA and France, no page of its own).
MONACO = "99"


@dataclass(frozen=True)
class Scope:
    """Whose records a chart shows: ``kind`` ``"unit"`` (its DGDDI code), ``"region"`` (a DGDDI
    région code, PACA with Monaco) or ``"france"`` (no code). Read by :mod:`helpers.data.scopes`."""

    kind: str
    code: str | None = None


#: Kind of a page's place: a unit (département), an INSEE région, France entière.
PlaceKind = Literal["unit", "region", "france"]


@dataclass(frozen=True)
class Region:
    insee_code: str
    name: str
    dgddi_code: str
    dgddi_name: str  # name of the DGDDI région perimeter ("ensemble des DROM" for 24)

    kind: ClassVar[PlaceKind] = "region"

    @property
    def label(self) -> str:
        """Title of the région's page: its name (``Occitanie``)."""
        return self.name

    @property
    def slug(self) -> str:
        """File-name stem of the région's page (``region-76``)."""
        return f"region-{self.insee_code}"

    @property
    def command_code(self) -> str:
        """How ``comext run`` names the région: ``R76`` (``76`` alone is a département)."""
        return f"R{self.insee_code}"

    @property
    def units(self) -> list[Unit]:
        """Units with a page in the région, by INSEE code (Monaco, counted in PACA, has none)."""
        return [u for u in page_units() if u.insee_region == self.insee_code]

    @property
    def has_page(self) -> bool:
        """A région of one département (Corse, each DROM) has no page: the département's serves."""
        return len(self.units) > 1

    @property
    def scope(self) -> Scope:
        """The région's records: its DGDDI région (PACA with Monaco)."""
        return Scope("region", self.dgddi_code)


@dataclass(frozen=True)
class France:
    """France entière: the 101 DGDDI units of the files (Monaco and the DROM included)."""

    name: ClassVar[str] = "France entière"
    label: ClassVar[str] = "France"  # title of its page
    slug: ClassVar[str] = "france"
    command_code: ClassVar[str] = "france"  # ``comext run france``
    kind: ClassVar[PlaceKind] = "france"

    def __reduce__(self) -> str:
        """Pickled (to a worker process) and copied as the module's one :data:`FRANCE`."""
        return "FRANCE"

    @property
    def scope(self) -> Scope:
        return Scope("france")


#: The one France entière.
FRANCE = France()


@dataclass(frozen=True)
class Unit:
    """One DGDDI unit (a département, Corse, a DROM or Monaco)."""

    dgddi_code: str
    insee_codes: tuple[str, ...]
    name: str
    insee_region: str
    has_page: bool

    kind: ClassVar[PlaceKind] = "unit"

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

    @property
    def command_code(self) -> str:
        """How ``comext run`` names the unit: its first INSEE code (``11``, ``2A``, ``974``)."""
        return (self.insee_codes or (self.dgddi_code,))[0]

    @property
    def scope(self) -> Scope:
        """The unit's own records."""
        return Scope("unit", self.dgddi_code)


#: What one page of the book shows.
Place = Unit | Region | France


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
    return list(_page_units())


@cache
def _page_units() -> tuple[Unit, ...]:
    """:func:`page_units`, sorted once per process (a build asks for them thousands of times)."""
    order = list(regions())
    return tuple(sorted((u for u in units().values() if u.has_page), key=lambda u: (order.index(u.insee_region), u.insee_codes)))


def dgddi_region_units(dgddi_region: str) -> list[Unit]:
    """Units of one DGDDI région (for PACA, Monaco included)."""
    return [u for u in units().values() if u.dgddi_region == dgddi_region]


def unit_codes(place: Place) -> list[str] | None:
    """DGDDI codes of the units a place adds up (a région: its DGDDI région, PACA with Monaco);
    ``None`` for France entière (every unit of the files)."""
    if isinstance(place, Unit):
        return [place.dgddi_code]
    if isinstance(place, Region):
        return [u.dgddi_code for u in dgddi_region_units(place.dgddi_code)]
    return None


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


def page_regions() -> list[Region]:
    """INSEE régions with a page of their own (several départements), in INSEE order."""
    return [r for r in regions().values() if r.has_page]


def places() -> list[Place]:
    """Every place with a page, in the book's order.

    France entière; then each metropolitan INSEE région in INSEE order, its page (when it has
    one) followed by its départements (Corse: the département alone); then the five DROM, in
    INSEE order, grouped at the end as overseas.
    """
    return list(_places())


@cache
def _places() -> tuple[Place, ...]:
    """:func:`places`, listed once per process."""
    found: list[Place] = [FRANCE]
    overseas: list[Place] = []
    for region in regions().values():
        members: list[Place] = list(region.units)
        target = overseas if region.dgddi_code == DROM_REGION else found
        target.extend(([region] if region.has_page else []) + members)
    return tuple(found + overseas)


def resolve_place(code: str) -> Place:
    """The place with a page for a user-given code.

    ``france`` (or ``FR``) for France entière; ``R76`` or ``region-76`` for a région (INSEE
    code); a page slug (``dep-2A-2B``); otherwise an INSEE or DGDDI département code
    (:func:`resolve`). A région of a single département (Corse, a DROM) is refused with the
    code of the département's page.
    """
    text = str(code).strip()
    lowered = text.lower()
    if lowered in ("france", "fr"):
        return FRANCE
    for place in places():
        if lowered == place.slug.lower():
            return place
    region_code = text[1:] if lowered.startswith("r") and not lowered.startswith("region") else None
    if lowered.startswith("region-"):
        region_code = text[len("region-"):]
    if region_code is not None:
        region = regions().get(region_code.zfill(2))
        if region is None:
            raise ConfigError(
                f"Code région inconnu : {text!r}. Codes acceptés : R suivi du code Insee de la région "
                f"(R11…R93, ex. R76 pour l'Occitanie) ; la liste : `comext list`."
            )
        if not region.has_page:
            unit = region.units[0]
            raise ConfigError(
                f"{region.name} n'a pas de page de région : elle ne compte qu'un département, dont la "
                f"fiche en tient lieu (`comext run {unit.command_code}`)."
            )
        return region
    return resolve(text)
