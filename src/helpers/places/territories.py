"""Territoires d'industrie (wave 2023–2027) by département, with the source of every entry.

The package ships a reference table ``resources/territoires.csv``::

    dep_code,id_ti,lib_ti,status,source,note

- ``dep_code``: INSEE département code (``11``, ``2A``, ``974``);
- ``status``: ``official`` for rows rebuilt from ANCT's commune-level file (complete list), or
  ``partial`` for rows carried over from the partial list compiled from public pages
  (``shared/reference/territoires/``), which may miss territories;
- ``source``: where the row comes from (the official file's URL or name, or the public page(s)
  cited by the partial list, verbatim);
- ``note``: what is less certain about a ``partial`` row (département deduced rather than
  stated by the source, name not stated as such), empty otherwise.

:func:`rebuild` replaces the table with the official one read from ANCT's file
``liste-ti-com2023-<date>.csv`` (``insee_com;lib_com;id_ti;lib_ti``, one row per commune;
a commune in several territories lists its ids — and possibly names — separated by ``" ; "``).
:func:`territories_for` answers for one page. Names are never invented: a département with no
entry in a partial table is ``unavailable``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import requests

from ..common.errors import DataError, NetworkError, Problem
from ..common.paths import resources_dir

#: ANCT's commune-level file of the 2023–2027 wave, as published on data.gouv.fr (2024-07-04).
DEFAULT_SOURCE = (
    "https://static.data.gouv.fr/resources/programme-territoires-dindustrie/"
    "20240704-091848/liste-ti-com2023-20240704.csv"
)
#: Columns of the reference table, in order.
COLUMNS = ("dep_code", "id_ti", "lib_ti", "status", "source", "note")
#: Columns required in ANCT's commune file.
REQUIRED = ("insee_com", "id_ti", "lib_ti")
#: (connect, read) timeouts in seconds when fetching the source by URL.
TIMEOUT: tuple[float, float] = (10.0, 60.0)

OFFICIAL = "official"
PARTIAL = "partial"
UNAVAILABLE = "unavailable"

_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_MULTI = re.compile(r"\s+;\s+")
_URL = re.compile(r"https?://[^\s;]+")

Log = Callable[[str], object]


@dataclass
class Territory:
    """One Territoire d'industrie as shown on a page."""

    name: str
    id_ti: str | None
    source: str
    note: str = ""  # what is less certain (partial list only), empty otherwise

    @property
    def urls(self) -> list[str]:
        """The web addresses cited in :attr:`source` (trailing punctuation removed)."""
        return [u.rstrip(").,]") for u in _URL.findall(self.source)]


@dataclass
class TerritoryList:
    """The territories of one page (one or more INSEE départements).

    ``status``: ``official`` (complete, from ANCT's file; an empty list then means "none"),
    ``partial`` (from the partial compiled list: may be incomplete, cite the sources) or
    ``unavailable`` (no entry in the embedded data: say the list is not available).
    """

    dep_code: str
    territories: list[Territory] = field(default_factory=list)
    status: str = UNAVAILABLE

    @property
    def sources(self) -> list[str]:
        """Distinct sources of the listed territories, in order of first appearance."""
        return list(dict.fromkeys(t.source for t in self.territories))


# --------------------------------------------------------------------------- reading the table


def default_table_path() -> Path:
    """The embedded reference table."""
    return resources_dir() / "territoires.csv"


def sort_key(text: str) -> tuple[str, str]:
    """Accent- and case-insensitive order, ties broken by the exact text (deterministic)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return folded, text


@cache
def _load(path: Path, stamp: float) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Problem(path.name, 1, missing[0], None, "colonne manquante dans la table des territoires")])
        return tuple(dict(row) for row in reader)


def load_table(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of the reference table (cached; re-read when the file changes)."""
    path = (path or default_table_path()).resolve()
    return list(_load(path, path.stat().st_mtime_ns))


def territories_for(dep_insee_codes: tuple[str, ...], *, table: Path | None = None) -> TerritoryList:
    """The Territoires d'industrie of a page covering ``dep_insee_codes`` (Corse: ``("2A", "2B")``).

    A territory listed for several of the codes appears once. In a table rebuilt from the
    official file, a département without rows has no territory (status ``official``, empty
    list); in the partial table it is ``unavailable``.
    """
    codes = tuple(c.strip().upper() for c in dep_insee_codes)
    rows = load_table(table)
    table_official = bool(rows) and all(r["status"] == OFFICIAL for r in rows)
    mine = [r for r in rows if r["dep_code"].upper() in codes]
    official = [r for r in mine if r["status"] == OFFICIAL]
    chosen = official or mine
    seen: dict[str, Territory] = {}
    for row in chosen:
        key = row["id_ti"] or sort_key(row["lib_ti"])[0]
        if key not in seen:
            seen[key] = Territory(name=row["lib_ti"], id_ti=row["id_ti"] or None, source=row["source"], note=row.get("note") or "")
    territories = sorted(seen.values(), key=lambda t: sort_key(t.name))
    if official or (table_official and not mine):
        status = OFFICIAL
    elif mine:
        status = PARTIAL
    else:
        status = UNAVAILABLE
    return TerritoryList(dep_code=" ".join(codes), territories=territories, status=status)


# --------------------------------------------------------------------------- rebuilding from ANCT's file


def department_of(commune: str) -> str:
    """INSEE département of an INSEE commune code (3 characters for the DROM 97x)."""
    return commune[:3] if commune.startswith("97") else commune[:2]


def _source_name(source: str) -> str:
    """File name of a path or URL, for messages."""
    if _is_url(source):
        return unquote(Path(urlparse(source).path).name) or source
    return Path(source).name


def _is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def _fetch(source: str, session: Any = None) -> bytes:
    """Bytes of ``source`` (local path or http(s) URL)."""
    if not _is_url(source):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise DataError([Problem(source, None, None, None, f"fichier illisible ({exc.strerror or exc})")]) from None
    getter = session or requests
    host = urlparse(source).netloc
    try:
        response = getter.get(source, timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout):
        raise NetworkError(
            f"le site {host} est injoignable depuis cette machine : le fichier communal de l'ANCT ne peut pas "
            "être téléchargé ici. La table embarquée (liste partielle, sources citées) reste utilisée. "
            "Pour la reconstruire, téléchargez liste-ti-com2023-<date>.csv (data.gouv.fr, jeu « Programme "
            "Territoires d'industrie ») sur une machine connectée, puis lancez "
            "`comext data territoires --source <chemin du fichier>`."
        ) from None
    if response.status_code >= 400:
        raise NetworkError(
            f"le serveur {host} a répondu « HTTP {response.status_code} » pour {source}. Vérifiez l'URL, ou passez "
            "un fichier local : `comext data territoires --source <chemin du fichier>`."
        )
    return response.content


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM dropped), else cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError([Problem(name, None, None, None, "encodage inconnu (ni UTF-8 ni cp1252)")]) from None


def _split_fields(line: str, width: int) -> list[str] | None:
    """Fields of one line: plain CSV first; otherwise split on the semicolons that are not the
    ``" ; "`` value separator, honouring double quotes (a multi-valued field may be quoted or not)."""
    fields = next(csv.reader([line], delimiter=";", quotechar='"'), [])
    if len(fields) == width:
        return fields
    fields = _split_loose(line)
    return fields if fields is not None and len(fields) == width else None


def _split_loose(line: str) -> list[str] | None:
    """Split on ``;`` outside quotes, except a ``;`` with a space on both sides."""
    fields: list[str] = []
    buf: list[str] = []
    quoted = False
    i = 0
    while i < len(line):
        char = line[i]
        if char == '"':
            if quoted and line[i + 1:i + 2] == '"':
                buf.append('"')
                i += 2
                continue
            quoted = not quoted
        elif char == ";" and not quoted and not (line[i - 1:i] == " " and line[i + 1:i + 2] == " "):
            fields.append("".join(buf))
            buf = []
        else:
            buf.append(char)
        i += 1
    if quoted:
        return None
    fields.append("".join(buf))
    return fields


def _values(text: str) -> list[str]:
    """The values of a possibly multi-valued field (``"a ; b"`` → ``["a", "b"]``)."""
    return [v.strip() for v in _MULTI.split(text.strip()) if v.strip()]


def parse_communes(text: str, name: str) -> list[tuple[str, str, str]]:
    """(département, id_ti, lib_ti) for every commune × territory of ANCT's file.

    Raises :class:`DataError` naming file, line and field for a missing column, a malformed
    line, a bad commune code or ids and names that do not pair up.
    """
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise DataError([Problem(name, None, None, None, "fichier vide")])
    header = [h.strip().lower() for h in next(csv.reader([lines[0]], delimiter=";"))]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems = [Problem(name, 1, c, ";".join(header), f"colonne obligatoire absente (attendu : {';'.join(('insee_com', 'lib_com', 'id_ti', 'lib_ti'))})") for c in missing]
        raise DataError(problems)
    col = {c: header.index(c) for c in REQUIRED}
    problems: list[Problem] = []
    pairs: list[tuple[int, str, list[str], list[str]]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = _split_fields(line, len(header))
        if fields is None:
            problems.append(Problem(name, number, None, line, f"{len(header)} champs attendus séparés par « ; »"))
            continue
        commune = fields[col["insee_com"]].strip().upper()
        if not _COMMUNE.match(commune):
            problems.append(Problem(name, number, "insee_com", commune, "code commune INSEE attendu (5 caractères)"))
            continue
        ids, names = _values(fields[col["id_ti"]]), _values(fields[col["lib_ti"]])
        if not ids and not names:
            continue  # commune outside any territory
        if not ids:
            problems.append(Problem(name, number, "id_ti", fields[col["id_ti"]], "identifiant de territoire manquant"))
            continue
        if len(set(ids)) != len(ids):
            problems.append(Problem(name, number, "id_ti", fields[col["id_ti"]], "identifiant répété"))
            continue
        if names and len(names) != len(ids) and len(names) != 1:
            problems.append(Problem(name, number, "lib_ti", fields[col["lib_ti"]], f"{len(ids)} noms attendus (un par identifiant de id_ti)"))
            continue
        pairs.append((number, commune, ids, names))
    names_of = _names_by_id(pairs)
    rows: list[tuple[str, str, str]] = []
    for number, commune, ids, _ in pairs:
        for id_ti in ids:
            if id_ti not in names_of:
                problems.append(Problem(name, number, "lib_ti", None, f"nom introuvable pour le territoire {id_ti} (plusieurs identifiants, un seul nom)"))
                continue
            rows.append((department_of(commune), id_ti, names_of[id_ti]))
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(name, None, None, None, "aucune commune rattachée à un territoire d'industrie")])
    return rows


def _names_by_id(pairs: Iterable[tuple[int, str, list[str], list[str]]]) -> dict[str, str]:
    """Name of each territory id: from rows where ids and names pair up; the most frequent
    spelling wins (ties: first in sort order)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, ids, names in pairs:
        if len(names) == len(ids):
            for id_ti, lib in zip(ids, names, strict=True):
                votes[id_ti][lib] += 1
    return {i: min(c, key=lambda lib: (-c[lib], sort_key(lib))) for i, c in votes.items()}


def official_rows(rows: Iterable[tuple[str, str, str]], source: str) -> list[dict[str, str]]:
    """Distinct (département, territory) rows, sorted by dep_code then lib_ti."""
    unique = {(dep, id_ti): lib for dep, id_ti, lib in rows}
    out = [
        {"dep_code": dep, "id_ti": id_ti, "lib_ti": lib, "status": OFFICIAL, "source": source, "note": ""}
        for (dep, id_ti), lib in unique.items()
    ]
    return sorted(out, key=lambda r: (r["dep_code"], sort_key(r["lib_ti"]), r["id_ti"]))


def write_table(rows: list[dict[str, str]], out: Path) -> Path:
    """Write the table atomically (temporary file, then rename), ``\\n`` line ends."""
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=out.parent, prefix=f".{out.name}.", delete=False)
    try:
        with handle:
            handle.write(buffer.getvalue())
        os.replace(handle.name, out)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return out


def rebuild(source: str | None = None, log: Log = print, out: Path | None = None, *, session: Any = None) -> Path:
    """Rebuild the table from ANCT's commune file (path or URL; default :data:`DEFAULT_SOURCE`).

    Writes ``out`` (default: the embedded ``resources/territoires.csv``) with status
    ``official`` and the file's URL (or name, for a local file) as source; returns its path.
    Raises :class:`NetworkError` if the URL cannot be reached, :class:`DataError` if the file
    is malformed (nothing is written then).
    """
    source = str(source or DEFAULT_SOURCE)
    name = _source_name(source)
    log(f"Lecture du fichier communal ANCT : {source}")
    text = _decode(_fetch(source, session), name)
    rows = official_rows(parse_communes(text, name), source if _is_url(source) else name)
    target = write_table(rows, Path(out) if out else default_table_path())
    deps = len({r["dep_code"] for r in rows})
    territories = len({r["id_ti"] for r in rows})
    log(f"{territories} territoires d'industrie dans {deps} départements → {target}")
    return target
