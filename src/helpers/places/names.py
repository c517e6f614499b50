"""The names of the book's places with their articles, as French writes them.

INSEE's Code officiel géographique (COG) gives every département and région a *type de nom en
clair* (TNCC) saying which article its name takes and how « de » joins it: « l’Aude », « de
l’Aude »; « le Nord », « du Nord »; « les Yvelines », « des Yvelines »; « Paris », « de Paris ».
The project never types these articles: :func:`rebuild` copies the names and TNCC of the 101
départements and 18 régions from the npm package ``@etalab/decoupage-administratif`` (MIT,
built from the COG; its ``typeLiaison`` is the TNCC) into ``resources/cog_names.json``, with the
package's name, version and licence (``comext data noms``; a test rebuilds it from
``node_modules`` and compares). :data:`TNCC` is INSEE's definition of the codes.

:func:`name_of` gives a page's place its :class:`Name`: a région's from the COG; a DGDDI unit's
from its INSEE départements, which must agree (Corse, 2A and 2B, takes their TNCC 3: « la
Corse », « de la Corse »); France entière's is « la France entière ». TNCC gives no locative
(« dans l’Aude », « en Corse »): the texts are phrased so that none is needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..common.errors import ConfigError
from ..common.paths import resources_dir
from ..common.typography import APOSTROPHE
from .geography import FRANCE, Place, Region, Unit

#: The npm package the table is built from, and its files.
PACKAGE = "@etalab/decoupage-administratif"
FILES = {"departements": "data/departements.json", "regions": "data/regions.json"}
#: Zones of the package kept: the 101 départements and 18 régions (not the other overseas collectivities).
ZONES = ("metro", "drom")
#: The table, under the package's resources.
RESOURCE = "cog_names.json"

#: INSEE's TNCC: the article of the name and the form « de » takes before it.
TNCC: dict[int, tuple[str, str]] = {
    0: ("", "de "),
    1: ("", "d’"),
    2: ("le ", "du "),
    3: ("la ", "de la "),
    4: ("les ", "des "),
    5: ("l’", "de l’"),
}


@dataclass(frozen=True)
class Name:
    """A place's name and its TNCC (:data:`TNCC`), with the forms the texts use."""

    name: str  # as the COG writes it (straight apostrophes are made typographic)
    tncc: int

    def __post_init__(self) -> None:
        if self.tncc not in TNCC:
            raise ConfigError(f"Type de nom en clair (TNCC) inconnu pour {self.name!r} : {self.tncc} (attendu : 0 à 5).")
        object.__setattr__(self, "name", self.name.replace("'", APOSTROPHE))

    @property
    def the(self) -> str:
        """The name with its article: « l’Aude », « le Nord », « les Yvelines », « Paris », « La Réunion »."""
        return TNCC[self.tncc][0] + self.name

    @property
    def of(self) -> str:
        """« de » and the name: « de l’Aude », « du Nord », « des Yvelines », « de Paris », « d’Occitanie »."""
        return TNCC[self.tncc][1] + self.name

    @property
    def the_capitalised(self) -> str:
        """:attr:`the` at the start of a sentence or a title: « L’Aude », « Le Nord », « La Réunion »."""
        return capitalised(self.the)

    @property
    def of_capitalised(self) -> str:
        """:attr:`of` at the start of a sentence or a title: « De l’Aude », « Du Nord »."""
        return capitalised(self.of)


def capitalised(text: str) -> str:
    """``text`` with its first letter upper-case, the rest as it is."""
    return text[:1].upper() + text[1:]


#: France entière (not in the COG): « la France entière », « de la France entière ».
FRANCE_NAME = Name(FRANCE.name, 3)


def read_package(node_modules: Path) -> dict:
    """The table built from the package under ``node_modules`` (its version and licence included)."""
    folder = Path(node_modules) / PACKAGE
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        tables = {kind: json.loads((folder / member).read_text(encoding="utf-8")) for kind, member in FILES.items()}
    except FileNotFoundError as exc:
        raise ConfigError(f"Paquet npm {PACKAGE} absent ({exc.filename}) : lancer `make install` (npm ci).") from exc
    return {
        "source": {
            "package": PACKAGE,
            "version": manifest["version"],
            "licence": manifest["license"],
            "files": list(FILES.values()),
            "origin": "Insee, Code officiel géographique (COG) ; typeLiaison = type de nom en clair (TNCC)",
        },
        **{
            kind: [{"code": row["code"], "nom": row["nom"], "tncc": row["typeLiaison"]} for row in rows if row["zone"] in ZONES]
            for kind, rows in tables.items()
        },
    }


def table_text(table: dict) -> str:
    """The resource's text for ``table`` (stable: the package's order, one entry a line)."""
    lines = ["{", f' "source": {json.dumps(table["source"], ensure_ascii=False)},']
    for index, kind in enumerate(FILES):
        rows = [f"  {json.dumps(row, ensure_ascii=False)}" for row in table[kind]]
        lines += [f' "{kind}": [', ",\n".join(rows), " ]" + ("," if index < len(FILES) - 1 else "")]
    return "\n".join(lines + ["}"]) + "\n"


def rebuild(node_modules: Path, out: Path | None = None) -> Path:
    """Write the table from the package under ``node_modules`` to ``out`` (the resource by default)."""
    target = Path(out) if out is not None else resources_dir() / RESOURCE
    target.write_text(table_text(read_package(node_modules)), encoding="utf-8")
    return target


@cache
def cog() -> dict:
    """The committed table (``resources/cog_names.json``)."""
    return json.loads((resources_dir() / RESOURCE).read_text(encoding="utf-8"))


def source() -> dict[str, str]:
    """Where the table comes from: package, version, licence, files, origin."""
    return cog()["source"]


@cache
def _names(kind: str) -> dict[str, Name]:
    return {row["code"]: Name(row["nom"], int(row["tncc"])) for row in cog()[kind]}


def departement(code: str) -> Name:
    """The COG name of an INSEE département (``11``, ``2A``, ``974``)."""
    return _names("departements")[code]


def region(code: str) -> Name:
    """The COG name of an INSEE région (``76``)."""
    return _names("regions")[code]


def name_of(place: Place) -> Name:
    """The :class:`Name` of a page's place.

    A unit takes the TNCC of its INSEE départements (they must agree: Corse's 2A and 2B both
    have 3) and keeps its own name (« Corse »); a unit that is no INSEE département (Monaco)
    has no article.
    """
    if isinstance(place, Region):
        return region(place.insee_code)
    if isinstance(place, Unit):
        found = {departement(code).tncc for code in place.insee_codes}
        if len(found) > 1:
            raise ConfigError(f"Les départements de {place.name} n'ont pas le même type de nom (TNCC) : {sorted(found)}.")
        return Name(place.name, found.pop() if found else 0)
    if place == FRANCE:
        return FRANCE_NAME
    raise TypeError(f"not a place: {place!r}")
