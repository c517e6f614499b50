"""Page parameters: what each page of the book is executed with (``parameters/<slug>.yml``).

Parameters are data, never code: each file is parsed as YAML, only the known keys are accepted,
the département code must be one of the units with a page and the year a plain integer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError
from .geography import Unit, page_units, resolve

DEFAULT_YEAR = 2024
KEYS = {"dep_code", "year"}


@dataclass(frozen=True)
class PageParameters:
    dep_code: str  # DGDDI unit code (validated)
    year: int

    @property
    def unit(self) -> Unit:
        return resolve(self.dep_code)

    @property
    def slug(self) -> str:
        return self.unit.slug


def validate(raw: object, origin: str) -> PageParameters:
    """Checked parameters from a parsed mapping; ``origin`` names the source in errors."""
    if not isinstance(raw, dict) or set(raw) - KEYS or "dep_code" not in raw:
        raise ConfigError(f"{origin} : paramètres attendus {sorted(KEYS)}, trouvé {raw!r}.")
    year = raw.get("year", DEFAULT_YEAR)
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise ConfigError(f"{origin}, champ year : {year!r} n'est pas une année (entier entre 1990 et 2100).")
    code = raw["dep_code"]
    if not isinstance(code, str):
        raise ConfigError(f"{origin}, champ dep_code : {code!r} doit être une chaîne (ex. \"11\").")
    try:
        unit = resolve(code)
    except ConfigError as exc:
        raise ConfigError(f"{origin}, champ dep_code : {exc}") from None
    return PageParameters(dep_code=unit.dgddi_code, year=year)


def read(path: Path) -> PageParameters:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} : YAML invalide ({exc}).") from None
    return validate(raw, str(path))


def read_all(folder: Path) -> list[PageParameters]:
    """All pages' parameters, in the book's order (INSEE région, then code)."""
    found = [read(p) for p in sorted(folder.glob("*.yml"))]
    order = {u.dgddi_code: i for i, u in enumerate(page_units())}
    return sorted(found, key=lambda p: order[p.dep_code])


def write_all(folder: Path, year: int = DEFAULT_YEAR) -> list[Path]:
    """(Re)write one parameters file per unit with a page."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in page_units():
        path = folder / f"{unit.slug}.yml"
        path.write_text(f"# {unit.label}\ndep_code: \"{unit.dgddi_code}\"\nyear: {year}\n", encoding="utf-8")
        written.append(path)
    return written
