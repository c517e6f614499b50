"""Territoires d'industrie (programme 2023–2027): the project's table, its model and look-ups.

The package ships ``resources/territoires.json``, built from ANCT's official list of the 183
territories and INSEE's COG by :mod:`helpers.places.territory_table` (``comext data
territoires``). It holds, with the provenance of both sources (``source``), one entry per
territory, one line each::

    {"id": "ti-7605", "nom": "Castres Revel Castelnaudary", "region": "76",
     "departements": [{"code": "11", "communes": 43, "population": 41000}, …],
     "membres": [{"siren": "200035855", "nom": "CC Castelnaudary Lauragais Audois", "type": "CC",
                  "communes": 43, "population": 41000, "departements": ["11"]}, …]}

- ``region``: the INSEE région code of the official id (``ti-RRNN``: ``76`` Occitanie, ``01``
  to ``06`` the DROM);
- ``departements``: every INSEE département where the territory has at least one commune, with
  its number of communes there and their population (INSEE's municipal population, people);
- ``membres``: its member groupings as ANCT lists them (EPCI, EPT of the Grand Paris, or a
  single commune, named by its SIREN; ``type`` as the COG gives it: ``CA``, ``CC``, ``CU``,
  ``METRO``, ``MET69``, ``EPT``, or ``COM`` for a commune), their communes and population.

:func:`territories` reads the table (cached, re-read when the file changes), :func:`territory`
finds one by id and :func:`territories_for` gives those of a page's départements.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..common.errors import ConfigError
from ..common.paths import resources_dir

#: The table, under the package's resources.
RESOURCE = "territoires.json"
#: The programme's label, as titles write it.
PROGRAMME = "Territoire d’industrie"


@dataclass(frozen=True)
class Share:
    """A territory's part in one INSEE département: its communes there and their population (people)."""

    code: str
    communes: int
    population: int


@dataclass(frozen=True)
class Member:
    """A member grouping of a territory (EPCI, EPT or single commune), as ANCT lists it."""

    siren: str
    name: str
    kind: str  # COG type: CA, CC, CU, METRO, MET69, EPT; COM for a single commune
    communes: int
    population: int  # people (INSEE municipal population)
    departements: tuple[str, ...]


@dataclass(frozen=True)
class Territory:
    """One Territoire d'industrie: official id and name, région, départements and members."""

    id_ti: str
    name: str
    region: str  # INSEE région code
    departements: tuple[Share, ...]
    members: tuple[Member, ...]

    @property
    def number(self) -> str:
        """The id without its prefix: ``7605`` for ``ti-7605``."""
        return self.id_ti.removeprefix("ti-")

    @property
    def slug(self) -> str:
        """File-name stem of the territory's page (``territoire-7605``)."""
        return f"territoire-{self.number}"

    @property
    def title(self) -> str:
        """The page's title: « Castres Revel Castelnaudary — Territoire d’industrie »."""
        return f"{self.name} — {PROGRAMME}"

    @property
    def population(self) -> int:
        """Population of all its communes (people)."""
        return sum(s.population for s in self.departements)

    @property
    def communes(self) -> int:
        """Number of its communes."""
        return sum(s.communes for s in self.departements)

    def share(self, code: str) -> float:
        """Share of its population living in INSEE département ``code``, as a fraction (0 to 1)."""
        total = self.population
        part = sum(s.population for s in self.departements if s.code == code)
        return part / total if total else 0.0

    @property
    def dep_codes(self) -> tuple[str, ...]:
        """Its INSEE départements, in the table's order."""
        return tuple(s.code for s in self.departements)


@dataclass
class TerritoryList:
    """The territories of one page (one or more INSEE départements), in alphabetical order."""

    dep_code: str
    territories: list[Territory]


def default_table_path() -> Path:
    """The embedded table."""
    return resources_dir() / RESOURCE


def sort_key(text: str) -> tuple[str, str]:
    """Accent- and case-insensitive order, ties broken by the exact text (deterministic)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return folded, text


def parse_entry(entry: dict) -> Territory:
    """A :class:`Territory` from one entry of the table (see the module's doc)."""
    return Territory(
        id_ti=entry["id"],
        name=entry["nom"],
        region=entry["region"],
        departements=tuple(Share(d["code"], int(d["communes"]), int(d["population"])) for d in entry["departements"]),
        members=tuple(
            Member(m["siren"], m["nom"], m["type"], int(m["communes"]), int(m["population"]), tuple(m["departements"]))
            for m in entry["membres"]
        ),
    )


@cache
def _load(path: Path, stamp: int) -> tuple[dict, tuple[Territory, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["source"], tuple(parse_entry(e) for e in data["territoires"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"Table des Territoires d'industrie illisible ({path}) : {exc}. La reconstruire : `comext data territoires`.") from exc


def load(path: Path | None = None) -> tuple[dict, tuple[Territory, ...]]:
    """(provenance, territories) of the table at ``path`` (default: the embedded one), cached."""
    path = Path(path or default_table_path()).resolve()
    return _load(path, path.stat().st_mtime_ns)


def territories(path: Path | None = None) -> tuple[Territory, ...]:
    """Every territory of the table, in the order of their ids."""
    return load(path)[1]


def source(path: Path | None = None) -> dict:
    """Where the table comes from: ANCT's list and the COG package (name, version, licence)."""
    return load(path)[0]


def territory(id_ti: str, path: Path | None = None) -> Territory:
    """The territory of official id ``id_ti`` (``ti-7605``)."""
    for found in territories(path):
        if found.id_ti == id_ti:
            return found
    raise ConfigError(f"Territoire d'industrie inconnu : {id_ti!r} (identifiants : ti-0101 … ti-9402).")


def territories_for(dep_insee_codes: tuple[str, ...], *, table: Path | None = None) -> TerritoryList:
    """The territories having at least one commune in ``dep_insee_codes`` (Corse: ``("2A", "2B")``),
    each once, by name (accents and case ignored)."""
    codes = {c.strip().upper() for c in dep_insee_codes}
    found = [t for t in territories(table) if codes & set(t.dep_codes)]
    return TerritoryList(" ".join(sorted(codes)), sorted(found, key=lambda t: sort_key(t.name)))
