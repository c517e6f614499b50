"""Build the table of the Territoires d'industrie from ANCT's list and INSEE's COG.

ANCT's official list (``territoires_industrie_2023_anct.csv``: ``id_ti,lib_ti,liste_geo``, one
territory a line, its members ``Name (SIREN)`` separated by ``; ``) names every territory's
member groupings by SIREN: EPCI, EPT of the Grand Paris, or single communes. The npm package
``@etalab/decoupage-administratif`` (MIT, built from INSEE's COG; version pinned in
``package-lock.json``) resolves them: ``epci.json`` and ``ept.json`` give a grouping's communes,
``communes.json`` each commune's SIREN, département and population. A territory belongs to every
département where it has at least one commune.

:func:`rebuild` (``comext data territoires``) writes ``resources/territoires.json``
(:mod:`helpers.places.territories`) from that list, or from ANCT's commune-level file
(:mod:`helpers.places.territory_communes`: members are then the communes' EPCI in the COG).
A member that does not resolve stops the build with file, line, field and value; names keep
ANCT's spelling, whitespace normalised (eight of them end with a no-break space).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..common.errors import ConfigError, DataError, Problem
from ..common.paths import project_root
from . import territory_communes as communes_file
from .territories import default_table_path

#: The npm package of the COG, and the files read.
PACKAGE = "@etalab/decoupage-administratif"
FILES = ("data/epci.json", "data/ept.json", "data/communes.json")
#: ANCT's list: columns, credit, licence, dataset.
LIST_COLUMNS = ("id_ti", "lib_ti", "liste_geo")
PRODUCER = "ANCT, programme Territoires d'industrie"
LICENCE = "Licence Ouverte / Open Licence 2.0"
DATASET_URL = "https://www.data.gouv.fr/fr/datasets/programme-territoires-dindustrie/"

_ID = re.compile(r"^ti-(\d{2})\d{2}$")
_MEMBER = re.compile(r"^(?P<name>.+?)\s*\((?P<siren>\d{9})\)$")

Log = Callable[[str], object]


def clean(text: str) -> str:
    """``text`` with every run of whitespace (no-break spaces included) made one space, trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Commune:
    code: str
    departement: str
    population: int  # people (INSEE municipal population)


@dataclass
class Cog:
    """The COG's groupings and communes, by SIREN and by code, and the package's provenance."""

    groupings: dict[str, tuple[str, str, list[str]]]  # SIREN → (name, COG type, commune codes)
    communes: dict[str, Commune]  # INSEE code → commune
    commune_sirens: dict[str, str]  # SIREN → INSEE code
    epci_of: dict[str, str]  # INSEE commune code → SIREN of its EPCI
    source: dict[str, Any]


def read_cog(node_modules: Path) -> Cog:
    """The COG from ``node_modules/@etalab/decoupage-administratif`` (its version and licence included)."""
    folder = Path(node_modules) / PACKAGE
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        epci, ept, communes = (json.loads((folder / member).read_text(encoding="utf-8")) for member in FILES)
    except FileNotFoundError as exc:
        raise ConfigError(f"Paquet npm {PACKAGE} absent ({exc.filename}) : lancer `make install` (npm ci).") from exc
    current = [c for c in communes if c.get("type") == "commune-actuelle"]
    groupings = {g["code"]: (g["nom"], g["type"], [m["code"] for m in g["membres"]]) for g in (*epci, *ept)}
    return Cog(
        groupings=groupings,
        communes={c["code"]: Commune(c["code"], c["departement"], int(c.get("population") or 0)) for c in current},
        commune_sirens={c["siren"]: c["code"] for c in current if c.get("siren")},
        epci_of={m["code"]: g["code"] for g in epci for m in g["membres"]},
        source={
            "package": PACKAGE,
            "version": manifest["version"],
            "licence": manifest["license"],
            "files": list(FILES),
            "origin": "Insee, Code officiel géographique (COG)",
        },
    )


def parse_list(text: str, name: str) -> list[tuple[int, str, str, list[tuple[str, str]]]]:
    """(line, id_ti, lib_ti, [(member name, SIREN)…]) of each territory of ANCT's list.

    Raises :class:`DataError` naming file, line and field for a missing column, a malformed id,
    a repeated id, an empty name or a member not written ``Name (SIREN)``.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in LIST_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError([Problem(name, 1, c, ",".join(reader.fieldnames or []), f"colonne obligatoire absente (attendu : {','.join(LIST_COLUMNS)})") for c in missing])
    problems: list[Problem] = []
    found: list[tuple[int, str, str, list[tuple[str, str]]]] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        id_ti, lib = clean(row["id_ti"] or ""), clean(row["lib_ti"] or "")
        if not _ID.match(id_ti) or id_ti in seen:
            problems.append(Problem(name, line, "id_ti", id_ti, "identifiant ti-RRNN attendu, unique"))
            continue
        seen.add(id_ti)
        if not lib:
            problems.append(Problem(name, line, "lib_ti", row["lib_ti"], "nom du territoire manquant"))
            continue
        members, bad = [], len(problems)
        for item in (m for m in (row["liste_geo"] or "").split(";") if m.strip()):
            match = _MEMBER.match(clean(item))
            if match is None:
                problems.append(Problem(name, line, "liste_geo", clean(item), "membre attendu sous la forme « Nom (SIREN à 9 chiffres) »"))
                continue
            members.append((match["name"], match["siren"]))
        if len(problems) > bad:
            continue
        if not members:
            problems.append(Problem(name, line, "liste_geo", row["liste_geo"], "aucun membre"))
            continue
        found.append((line, id_ti, lib, members))
    if problems:
        raise DataError(problems)
    return found


def _entry(id_ti: str, name: str, members: list[dict[str, Any]], communes: dict[str, Commune]) -> dict[str, Any]:
    """One territory of the table from its members and all its communes (by code)."""
    per_dep: dict[str, list[int]] = {}
    for commune in communes.values():
        count = per_dep.setdefault(commune.departement, [0, 0])
        count[0] += 1
        count[1] += commune.population
    return {
        "id": id_ti,
        "nom": name,
        "region": _ID.match(id_ti)[1],
        "departements": [{"code": dep, "communes": n, "population": p} for dep, (n, p) in sorted(per_dep.items())],
        "membres": members,
    }


def _member(siren: str, name: str, kind: str, codes: Iterable[str], cog: Cog) -> dict[str, Any]:
    found = [cog.communes[c] for c in codes]
    return {
        "siren": siren,
        "nom": name,
        "type": kind,
        "communes": len(found),
        "population": sum(c.population for c in found),
        "departements": sorted({c.departement for c in found}),
    }


def from_list(rows: list[tuple[int, str, str, list[tuple[str, str]]]], cog: Cog, name: str) -> list[dict[str, Any]]:
    """The table's entries from ANCT's list (:func:`parse_list`); every member must resolve in the COG."""
    problems: list[Problem] = []
    entries = []
    for line, id_ti, lib, members in rows:
        resolved, codes = [], {}
        for member_name, siren in members:
            if siren in cog.groupings:
                _, kind, member_codes = cog.groupings[siren]
            elif siren in cog.commune_sirens:
                kind, member_codes = "COM", [cog.commune_sirens[siren]]
            else:
                problems.append(Problem(name, line, "liste_geo", f"{member_name} ({siren})", f"SIREN introuvable dans {PACKAGE} (EPCI, EPT ou commune)"))
                continue
            unknown = [c for c in member_codes if c not in cog.communes]
            if unknown:
                problems.append(Problem(name, line, "liste_geo", f"{member_name} ({siren})", f"communes absentes du COG : {', '.join(unknown)}"))
                continue
            resolved.append(_member(siren, member_name, kind, member_codes, cog))
            codes.update({c: cog.communes[c] for c in member_codes})
        entries.append(_entry(id_ti, lib, resolved, codes))
    if problems:
        raise DataError(problems)
    return entries


def from_communes(rows: list[tuple[str, str, str]], cog: Cog, name: str) -> list[dict[str, Any]]:
    """The table's entries from ANCT's commune-level file: each territory's communes, grouped
    as members by their EPCI in the COG (a commune in none is a member by itself)."""
    by_id: dict[str, tuple[str, dict[str, Commune]]] = {}
    problems = []
    for code, id_ti, lib in rows:
        if code not in cog.communes:
            problems.append(Problem(name, None, "insee_com", code, f"commune absente de {PACKAGE}"))
            continue
        by_id.setdefault(id_ti, (clean(lib), {}))[1][code] = cog.communes[code]
    if problems:
        raise DataError(problems)
    entries = []
    for id_ti, (lib, found) in sorted(by_id.items()):
        groups: dict[str, list[str]] = {}
        for code in sorted(found):
            groups.setdefault(cog.epci_of.get(code, f"COM{code}"), []).append(code)
        members = []
        for key, codes in groups.items():
            if key.startswith("COM"):
                siren = next((s for s, c in cog.commune_sirens.items() if c == codes[0]), "")
                members.append(_member(siren, codes[0], "COM", codes, cog))
            else:
                group_name, kind, _ = cog.groupings[key]
                members.append(_member(key, group_name, kind, codes, cog))
        if not _ID.match(id_ti):
            raise DataError([Problem(name, None, "id_ti", id_ti, "identifiant ti-RRNN attendu")])
        entries.append(_entry(id_ti, lib, sorted(members, key=lambda m: m["siren"]), found))
    return entries


def table_text(source: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    """The resource's text: the provenance, then one territory a line, by id (stable)."""
    lines = ["{", f' "source": {json.dumps(source, ensure_ascii=False)},', ' "territoires": [']
    rows = [f"  {json.dumps(e, ensure_ascii=False)}" for e in sorted(entries, key=lambda e: e["id"])]
    return "\n".join([*lines, ",\n".join(rows), " ]", "}"]) + "\n"


def write_text(text: str, out: Path) -> Path:
    """Write ``text`` to ``out`` atomically (temporary file, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=out.parent, prefix=f".{out.name}.", delete=False)
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, out)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return out


def build(source: str, node_modules: Path, *, session: Any = None) -> str:
    """The table's text from ``source`` (ANCT's list or commune-level file; path or URL)."""
    name = communes_file.source_name(source)
    data = communes_file.fetch(source, session)
    text = communes_file.decode(data, name)
    if "liste_geo" in text.split("\n", 1)[0]:
        listed = parse_list(text, name)
        entries = from_list(listed, cog := read_cog(node_modules), name)
        kind = "liste des territoires et de leurs membres"
    else:
        rows = communes_file.parse_communes(text, name)
        entries = from_communes(rows, cog := read_cog(node_modules), name)
        kind = "liste des communes des territoires"
    origin = {
        "file": name,
        "url": source if communes_file.is_url(source) else DATASET_URL,
        "kind": kind,
        "sha256": hashlib.sha256(data).hexdigest(),
        "producer": PRODUCER,
        "licence": LICENCE,
    }
    return table_text({"list": origin, "geography": cog.source}, entries)


def rebuild(source: str | None = None, log: Log = print, out: Path | None = None, *, node_modules: Path | None = None, session: Any = None) -> Path:
    """Rebuild the table from ``source`` (default: ANCT's commune file on data.gouv.fr) and the COG
    under ``node_modules`` (default: the project's); writes ``out`` (default: the embedded table)."""
    source = str(source or communes_file.DEFAULT_SOURCE)
    log(f"Lecture de la liste de l'ANCT : {source}")
    text = build(source, Path(node_modules) if node_modules else project_root() / "node_modules", session=session)
    target = write_text(text, Path(out) if out else default_table_path())
    entries = json.loads(text)["territoires"]
    deps = {d["code"] for e in entries for d in e["departements"]}
    members = sum(len(e["membres"]) for e in entries)
    log(f"{len(entries)} territoires d'industrie, {members} membres, {len(deps)} départements → {target}")
    return target
