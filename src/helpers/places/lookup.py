"""Places named as people write them: « herault », « Hérault », « la réunion », « Occitanie », « 34 ».

:func:`find_place` is how every command reads a page's place (``comext run``, ``comext build
--only``): a code (what :func:`helpers.places.geography.resolve_place` accepts: ``11``, ``2A``,
``974``, ``9D``, ``R76``, ``region-76``, ``france``; spaces, case and accents do not matter:
``r 76``, ``Région-76``) or a name. Names are compared after :func:`normalise` (no case, no
accents, no punctuation: apostrophes ’ and ', hyphens and spaces are all the same) and without a
leading article (« La Réunion », « la réunion », « réunion »).

A name is that of a département, a région or France (« France entière »), or an alias of
:data:`ALIASES`. A région of one département (Corse, each DROM) has no page of its own: its name
leads to the département's fiche. A name matched exactly wins (« savoie » is Savoie, not
Haute-Savoie); otherwise the names in which it starts a word (« belfort », « val d »): one place
is found, or the command stops with the candidates (« val » : Val-de-Marne, Val-d'Oise). An
unknown name stops with the closest names (:mod:`difflib`), each with its code.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..common.errors import ConfigError
from .geography import FRANCE, Place, Region, Unit, places, regions, resolve, resolve_place, units

#: Other names of some places, each with the code it stands for. Only these: names in common use
#: that are not the official name of the place.
ALIASES: dict[str, str] = {
    "Corse-du-Sud": "2A",  # INSEE départements 2A and 2B: DGDDI counts Corse as one unit, one fiche
    "Haute-Corse": "2B",
    "PACA": "R93",  # Provence-Alpes-Côte d'Azur, as INSEE and the région itself abbreviate it
    "IDF": "R11",  # Île-de-France
}
#: Leading articles dropped from names and queries (« La Réunion » = « Réunion »; « l'Aude » = « Aude »).
ARTICLES = frozenset({"la", "le", "les", "l"})
#: At most this many candidates in a message.
MAX_CANDIDATES = 12


def normalise(text: str) -> str:
    """Lower-case words without accents nor punctuation, one space apart: « Côte-d’Or » → ``cote d or``."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", letters))


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name as compared: normalised, a leading article dropped (« La Réunion » → ``reunion``)."""
    words = tuple(normalise(text).split())
    return words[1:] if len(words) > 1 and words[0] in ARTICLES else words


@dataclass(frozen=True)
class Name:
    """One name of a place (its official name or an alias), with the place it leads to and the code
    written beside it in messages (the alias's own code: « Haute-Corse (2B) »)."""

    text: str
    place: Place
    code: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return name_words(self.text)

    @property
    def compact(self) -> str:
        """The name as compared, without spaces: « Val-d'Oise » → ``valdoise``."""
        return "".join(self.words)

    @property
    def described(self) -> str:
        """The name as candidates list it, with the code that names it: ``Hérault (34)``,
        ``Corse (2A, 2B)``, ``Occitanie (R76)``, ``Haute-Corse (2B)``, ``France entière (france)``."""
        return f"{self.text} ({self.code or code_for(self.place)})"

    def has_word_starting(self, compact: str) -> bool:
        """Whether ``compact`` (a compact query) starts at one of the name's words (``belfort``, ``vald``)."""
        return any("".join(self.words[i:]).startswith(compact) for i in range(len(self.words)))


def code_for(place: Place) -> str:
    """The code(s) that name ``place`` in commands: ``34``, ``2A, 2B``, ``R76``, ``france``."""
    if isinstance(place, Unit):
        return ", ".join(place.insee_codes or (place.dgddi_code,))
    return place.command_code


@cache
def known_names() -> tuple[Name, ...]:
    """Every name a place answers to: France, the régions, the units (Monaco too, to say it has no
    fiche) and :data:`ALIASES`. A région of one département leads to the département."""
    found = [Name(FRANCE.name, FRANCE), Name("France", FRANCE)]
    for region in regions().values():
        found.append(Name(region.name, region if region.has_page else region.units[0]))
    found += [Name(unit.name, unit) for unit in units().values()]
    found += [Name(alias, resolve_place(code), code) for alias, code in ALIASES.items()]
    return tuple(found)


def code_of(text: str) -> str | None:
    """The code ``text`` is written as, in the form :func:`resolve_place` reads, or ``None`` for a name.

    ``R 76``, ``Région-76`` → ``R76``; ``dep-2a-2b`` → ``dep-2a-2b``; ``2a`` → ``2a``; ``1`` → ``01``;
    ``fr`` → ``fr``.
    """
    words = normalise(text).split()
    compact = "".join(words)
    if match := re.fullmatch(r"(?:r|region)(\d{1,3})", compact):
        return f"R{match.group(1)}"
    if len(words) > 1 and words[0] == "dep":
        return "-".join(words)
    if re.fullmatch(r"\d{1,3}|2[ab]|9[a-e]|fr", compact):
        return compact.zfill(2)
    return None


def find_place(text: str) -> Place:
    """The place with a page that ``text`` names (a code or a name, see the module); ConfigError
    naming the candidates when there is none or several."""
    code = code_of(text)
    if code is not None:
        return resolve_place(code)
    return _with_page(_by_name(text))


def _by_name(text: str) -> Place:
    query = "".join(name_words(text))
    if not query:
        raise ConfigError(f"Page non précisée ({text!r}) : donner un nom ou un code ; la liste des pages : `comext list`.")
    exact = _distinct(n for n in known_names() if n.compact == query)
    names = [n for n in known_names() if _has_page(n.place)]  # Monaco only by its exact name
    found = exact or _distinct(n for n in names if n.has_word_starting(query))
    if len(found) == 1:
        return found[0].place
    if found:
        shown = sorted(found, key=lambda n: normalise(n.text))
        raise ConfigError(f"« {text.strip()} » désigne plusieurs pages : {_listed(shown)}. Préciser le nom, ou donner le code entre parenthèses.")
    close = difflib.get_close_matches(query, [n.compact for n in names], n=MAX_CANDIDATES, cutoff=0.6)
    suggested = _distinct(n for c in close for n in names if n.compact == c)
    hint = f" Les plus proches : {_listed(suggested)}." if suggested else (
        " Donner un nom de département ou de région (« Hérault », « la Réunion », « Occitanie ») ou un code "
        "(département : 11, 2A, 974… ; région : R76 ; France : france)."
    )
    raise ConfigError(f"Aucune page ne porte le nom « {text.strip()} ».{hint} La liste des pages : `comext list`.")


def _has_page(place: Place) -> bool:
    return not isinstance(place, Unit) or place.has_page


def _with_page(place: Place) -> Place:
    """``place``, or ConfigError for a unit without a page (Monaco, see :func:`resolve`)."""
    return resolve(place.dgddi_code) if isinstance(place, Unit) else place


def _distinct(found: Iterable[Name]) -> list[Name]:
    """The names of ``found`` in their order, the first one of each place only."""
    seen: dict[str, Name] = {}
    for name in found:
        seen.setdefault(name.place.slug, name)
    return list(seen.values())


def _listed(names: list[Name]) -> str:
    shown = ", ".join(n.described for n in names[:MAX_CANDIDATES])
    more = len(names) - MAX_CANDIDATES
    return shown + (f" et {more} autre(s)" if more > 0 else "")


@dataclass(frozen=True)
class PageRow:
    """One line of ``comext list``: ``cells`` (command code, INSEE code(s), DGDDI code, page name,
    région), ``bold`` for France and the régions, ``new_group`` when it starts France, a région
    with its départements, or the DROM."""

    cells: tuple[str, str, str, str, str]
    bold: bool
    new_group: bool


def page_rows() -> list[PageRow]:
    """Every page in the book's order (France, each région and its départements, the DROM)."""
    rows, group = [], None
    for place in places():
        if isinstance(place, Unit):
            here, row = ("drom" if place.is_drom else place.insee_region), (", ".join(place.insee_codes), place.dgddi_code, place.name, place.region.name)
        elif isinstance(place, Region):
            here, row = place.insee_code, (place.insee_code, place.dgddi_code, place.name, "")
        else:
            here, row = "france", ("", "", place.name, "")
        rows.append(PageRow((place.command_code, *row), not isinstance(place, Unit), here != group))
        group = here
    return rows
