"""ANCT's commune-level file of the Territoires d'industrie (``liste-ti-com2023-<date>.csv``).

``insee_com;lib_com;id_ti;lib_ti``, one row per commune; a commune in several territories lists
its ids — and possibly names — separated by ``" ; "`` (quoted or not). :func:`parse_communes`
reads it into (commune, id, name) rows, every defect named by file, line and field;
:func:`fetch` and :func:`decode` read a source given by path or URL (this file or ANCT's list of
territories, :mod:`helpers.places.territory_table`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import requests

from ..common.errors import DataError, NetworkError, Problem
from .territories import sort_key

#: ANCT's commune-level file of the 2023–2027 wave, as published on data.gouv.fr (2024-07-04).
DEFAULT_SOURCE = (
    "https://static.data.gouv.fr/resources/programme-territoires-dindustrie/"
    "20240704-091848/liste-ti-com2023-20240704.csv"
)
#: Columns required in ANCT's commune file.
REQUIRED = ("insee_com", "id_ti", "lib_ti")
#: (connect, read) timeouts in seconds when fetching the source by URL.
TIMEOUT: tuple[float, float] = (10.0, 60.0)

_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_MULTI = re.compile(r"\s+;\s+")



def department_of(commune: str) -> str:
    """INSEE département of an INSEE commune code (3 characters for the DROM 97x)."""
    return commune[:3] if commune.startswith("97") else commune[:2]


def source_name(source: str) -> str:
    """File name of a path or URL, for messages."""
    if is_url(source):
        return unquote(Path(urlparse(source).path).name) or source
    return Path(source).name


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def fetch(source: str, session: Any = None) -> bytes:
    """Bytes of ``source`` (local path or http(s) URL)."""
    if not is_url(source):
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
            "être téléchargé ici. La table embarquée reste utilisée. "
            "Pour la reconstruire, passez la liste officielle de l'ANCT (territoires_industrie_2023_anct.csv, "
            "ou liste-ti-com2023-<date>.csv téléchargé sur une machine connectée depuis data.gouv.fr, jeu « Programme "
            "Territoires d'industrie ») : `comext data territoires --source <chemin du fichier>`."
        ) from None
    if response.status_code >= 400:
        raise NetworkError(
            f"le serveur {host} a répondu « HTTP {response.status_code} » pour {source}. Vérifiez l'URL, ou passez "
            "un fichier local : `comext data territoires --source <chemin du fichier>`."
        )
    return response.content


def decode(data: bytes, name: str) -> str:
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
    """(INSEE commune code, id_ti, lib_ti) for every commune × territory of ANCT's file.

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
            rows.append((commune, id_ti, names_of[id_ti]))
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
