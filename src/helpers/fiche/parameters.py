"""Page parameters: what each page of the book is executed with (``parameters/<slug>.yml``).

Parameters are data, never code: each file is parsed as YAML and only the known keys are
accepted. A page shows exactly one place, named by exactly one key:

- ``dep_code: "11"`` — a département's fiche (INSEE or DGDDI code of a unit with a page);
- ``region_code: "76"`` — a région's page (INSEE code of a région of several départements);
- ``france: true`` — the France entière page.

Optional keys: ``year`` (a plain integer, default :data:`DEFAULT_YEAR`) and ``level``, the
product nomenclature of the charts (``a129`` by default, or ``cpf4``). The file's name must be
the page's slug (``dep-11.yml``, ``region-76.yml``, ``france.yml``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..common.errors import ConfigError
from ..places.geography import (
    FRANCE,
    Place,
    Unit,
    page_regions,
    places,
    regions,
    resolve,
)
from ..places.lookup import find_place
from ..places.names import Name, name_of

if TYPE_CHECKING:
    from ..places.geography import Scope

DEFAULT_YEAR = 2024
#: Product nomenclatures of the charts (the first is the default).
LEVELS = ("a129", "cpf4")
DEFAULT_LEVEL = LEVELS[0]
PLACE_KEYS = ("dep_code", "region_code", "france")
KEYS = {*PLACE_KEYS, "year", "level"}


class OnPlace:
    """What a page knows from the place it shows (``self.place``): its kind, slug, title, unit.

    Shared by :class:`PageParameters` and :class:`helpers.fiche.context.FicheContext`.
    """

    place: Place

    @property
    def kind(self) -> str:
        """``"unit"`` (a département's fiche), ``"region"`` or ``"france"``."""
        return self.place.kind

    @property
    def slug(self) -> str:
        """File-name stem of the page and of its parameters (``dep-11``, ``region-76``, ``france``)."""
        return self.place.slug

    @property
    def label(self) -> str:
        """The page's title: ``Aude (11)``, ``Occitanie``, ``France``."""
        return self.place.label

    @property
    def names(self) -> Name:
        """The place's name and its forms with their article (« l’Aude », « de l’Aude »; INSEE's TNCC)."""
        return name_of(self.place)

    @property
    def command_code(self) -> str:
        """The argument of ``comext run`` / ``comext build --only`` for this page (``11``, ``R76``, ``france``)."""
        return self.place.command_code

    @property
    def dep_code(self) -> str | None:
        """DGDDI code of a département page's unit; ``None`` for a région or France page."""
        return self.place.dgddi_code if isinstance(self.place, Unit) else None

    @property
    def unit(self) -> Unit:
        """The unit of a département page (a région or France page has none: ConfigError)."""
        if not isinstance(self.place, Unit):
            raise ConfigError(f"La page {self.slug} ne porte pas sur un département.")
        return self.place


@dataclass(frozen=True)
class PageParameters(OnPlace):
    """One page: the place it shows, the year of the data, the product nomenclature."""

    place: Place
    year: int = DEFAULT_YEAR
    level: str = DEFAULT_LEVEL

    def scopes(self) -> list[Scope]:
        """The data scopes the page shows, its own first.

        A département page shows its unit, its région (the ensemble des DROM for a DROM; none
        for Corse, a région by itself) and France; a région page its région, France and the
        table of its départements (each unit); the France page France and the table of the
        régions (each région with a page, and the units of those without: Corse, the DROM).
        The build re-executes a page when the data of one of these scopes changed.
        """
        own = self.place.scope
        if isinstance(self.place, Unit):
            region = [] if self.place.is_corse else [self.place.region.scope]
            return [own, *region, FRANCE.scope]
        if self.place == FRANCE:
            rows = [r.scope for r in regions().values() if r.has_page]
            rows += [u.scope for r in regions().values() if not r.has_page for u in r.units if u.has_page]
            return [own, *rows]
        return [own, FRANCE.scope, *(u.scope for u in self.place.units if u.has_page)]

    def template_parameters(self) -> dict[str, object]:
        """The template's place parameters (``dep_code``, ``region_code``, ``france``) for this page.

        Only what differs from the template's defaults for a département page; a région or France
        page empties ``dep_code``.
        """
        if isinstance(self.place, Unit):
            return {"dep_code": self.place.dgddi_code}
        if self.place == FRANCE:
            return {"dep_code": "", "france": True}
        return {"dep_code": "", "region_code": self.place.insee_code}


def _place(raw: dict, origin: str) -> Place:
    given = [k for k in PLACE_KEYS if k in raw]
    if len(given) != 1:
        raise ConfigError(f"{origin} : une et une seule clé parmi {', '.join(PLACE_KEYS)} est attendue, trouvé {sorted(raw)!r}.")
    key = given[0]
    value = raw[key]
    if key == "france":
        if value is not True:
            raise ConfigError(f"{origin}, champ france : seule la valeur true est admise (trouvé {value!r}).")
        return FRANCE
    if not isinstance(value, str):
        raise ConfigError(f"{origin}, champ {key} : {value!r} doit être une chaîne (ex. \"11\" ou \"76\").")
    if key == "dep_code":
        try:
            return resolve(value)
        except ConfigError as exc:
            raise ConfigError(f"{origin}, champ dep_code : {exc}") from None
    region = regions().get(value.strip())
    if region is None or not region.has_page:
        codes = ", ".join(r.insee_code for r in page_regions())
        raise ConfigError(f"{origin}, champ region_code : {value!r} n'est pas le code Insee d'une région à plusieurs départements ({codes}).")
    return region


def checked_year(year: object, origin: str) -> int:
    """``year`` if it is a plain integer between 1990 and 2100, else ConfigError."""
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise ConfigError(f"{origin}, champ year : {year!r} n'est pas une année (entier entre 1990 et 2100).")
    return year


def validate(raw: object, origin: str) -> PageParameters:
    """Checked parameters from a parsed mapping; ``origin`` names the source in errors."""
    if not isinstance(raw, dict) or set(raw) - KEYS:
        raise ConfigError(f"{origin} : paramètres attendus {sorted(KEYS)}, trouvé {raw!r}.")
    place = _place(raw, origin)
    year = checked_year(raw.get("year", DEFAULT_YEAR), origin)
    level = raw.get("level", DEFAULT_LEVEL)
    if level not in LEVELS:
        raise ConfigError(f"{origin}, champ level : {level!r} n'est pas une nomenclature de produits ({', '.join(LEVELS)}).")
    return PageParameters(place=place, year=year, level=level)


def read(path: Path) -> PageParameters:
    """The parameters of one file, whose name must be the page's slug."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} : YAML invalide ({exc}).") from None
    params = validate(raw, str(path))
    if path.stem != params.slug:
        raise ConfigError(f"{path} : ce fichier décrit la page {params.slug} et doit s'appeler {params.slug}.yml.")
    return params


def read_all(folder: Path) -> list[PageParameters]:
    """All pages' parameters, in the book's order (:func:`helpers.places.geography.places`)."""
    found = [read(p) for p in sorted(folder.glob("*.yml"))]
    order = {place.slug: i for i, place in enumerate(places())}
    return sorted(found, key=lambda p: order[p.slug])


def for_command(code: str, folder: Path, *, year: int | None = None) -> PageParameters:
    """The page ``comext run <code>`` executes: its file in ``folder`` if any, else the defaults.

    ``code`` is a code or a name, anything :func:`helpers.places.lookup.find_place` accepts (``11``,
    ``2A``, ``R76``, ``region-76``, ``france``, ``herault``, ``la réunion``, ``Occitanie``); ``year``
    overrides the file's year (other keys kept).
    """
    place = find_place(code)
    stored = folder / f"{place.slug}.yml"
    params = read(stored) if stored.is_file() else PageParameters(place=place)
    if year is not None:
        params = replace(params, year=checked_year(year, "--year"))
    return params


def file_text(place: Place, year: int = DEFAULT_YEAR) -> str:
    """The parameters file of ``place``'s page (a comment naming it, its key, the year)."""
    if isinstance(place, Unit):
        key = f'dep_code: "{place.dgddi_code}"'
    elif place == FRANCE:
        key = "france: true"
    else:
        key = f'region_code: "{place.insee_code}"'
    return f"# {place.label}\n{key}\nyear: {year}\n"


def write_all(folder: Path, year: int = DEFAULT_YEAR) -> list[Path]:
    """(Re)write one parameters file per page of the book (France, régions, départements)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for place in places():
        path = folder / f"{place.slug}.yml"
        path.write_text(file_text(place, year), encoding="utf-8")
        written.append(path)
    return written
