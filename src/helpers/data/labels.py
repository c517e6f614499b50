"""DGDDI label files (annexes delivered with the flow files): reading and choosing labels.

Four files, each ``code;libellé;…`` without header line (``data.md``):

* ``Libelle_PAYS.txt``, ``Libelle_CPF4_rev2.1.txt``, ``Libelle_A129.txt``:
  ``code;libellé;début;fin`` — validity as YYYYMM, ``999912`` meaning "still valid". A code may be
  listed several times over history (``QU``, ``XK``…): :func:`labels_for_year` picks the right one.
* ``Departement_region.txt``: ``code département;libellé;code région DGDDI;libellé région``,
  possibly followed by two validity columns (mentioned by DGDDI's description, absent from the
  copies seen so far: tolerated and ignored).

Encodings seen: UTF-8, UTF-8 with BOM, cp1252; line ends CRLF. Labels containing ``;`` are
double-quoted. Any defect is a :class:`~helpers.common.errors.DataError` naming file and line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import pandas as pd

from ..common.errors import DataError, Problem

#: Kind → official file name (the names found in DGDDI's zips).
LABEL_FILENAMES = {
    "pays": "Libelle_PAYS.txt",
    "cpf4": "Libelle_CPF4_rev2.1.txt",
    "a129": "Libelle_A129.txt",
    "departements": "Departement_region.txt",
}

#: Bytes that cp1252 leaves undefined: a file holding one is neither UTF-8 nor cp1252.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: Validity bounds used when a validity field is empty (tolerance: "since always", "still valid").
OPEN_START = 190001
OPEN_END = 999912

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls except CR/LF (line ends are handled by the splitter), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_YYYYMM = re.compile(r"^\d{6}$")
_UTF8_BOM = b"\xef\xbb\xbf"


def _line_of(data: bytes | str, offset: int) -> int:
    """Line number (from 1) of ``offset`` in ``data``, counting LF and lone CR as line ends."""
    head = data[:offset]
    if isinstance(head, bytes):
        return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def decode_label_bytes(name: str, data: bytes) -> str:
    """Text of a label file: UTF-8 (a BOM is dropped), else cp1252.

    Raises :class:`DataError` (file and line) for a byte undefined in cp1252 (0x81, 0x8D, 0x8F,
    0x90, 0x9D) in a non-UTF-8 file, or for a control character anywhere in the decoded text
    (line ends CR/LF excepted).
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems = [
            Problem(name, _line_of(data, i), None, f"0x{data[i]:02X}",
                    "octet non défini en cp1252 : le fichier n'est ni en UTF-8 ni en cp1252")
            for i in _positions_of_undefined_cp1252(data)
        ]
        if problems:
            raise DataError(problems, total=len(problems)) from None
        text = data.decode("cp1252")
    problems = [
        Problem(name, _line_of(text, m.start()), "libellé", f"U+{ord(m.group()):04X}",
                "caractère de contrôle dans un libellé")
        for m in _CONTROL.finditer(text)
    ]
    if problems:
        raise DataError(problems, total=len(problems))
    return text


def _positions_of_undefined_cp1252(data: bytes) -> list[int]:
    """Offsets of the bytes of ``data`` that cp1252 does not define."""
    return [i for i, byte in enumerate(data) if byte in CP1252_UNDEFINED]


def _rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """Non-empty lines of ``text`` split on ``;`` (double quotes honoured), with their line numbers."""
    rows = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip():
            continue
        try:
            fields = next(csv.reader([line], delimiter=";", quotechar='"', strict=True))
        except csv.Error as exc:
            raise DataError([Problem(name, number, None, line, f"guillemets mal formés ({exc})")]) from None
        rows.append((number, [f.strip() for f in fields]))
    if not rows:
        raise DataError([Problem(name, None, None, None, "fichier de libellés vide")])
    return rows


def _looks_like_header(fields: list[str]) -> bool:
    """True for a header line (``code;libellé;…``): tolerated at line 1 though none was seen so far."""
    first = fields[0].lower() if fields else ""
    return any(word in first for word in ("code", "pays", "cpf", "a129", "dep", "dép")) and not any(
        ch.isdigit() for ch in first
    )


def _drop_trailing_empty(fields: list[str], expected: int) -> list[str]:
    """``fields`` without one trailing empty field (a line ending in ``;``) when that fits ``expected``."""
    if len(fields) == expected + 1 and fields[-1] == "":
        return fields[:-1]
    return fields


def _yyyymm(name: str, line: int, field: str, value: str, default: int) -> int:
    """A validity bound YYYYMM as int (empty → ``default``); DataError when malformed."""
    if value == "":
        return default
    if not _YYYYMM.match(value) or not 1 <= int(value[4:]) <= 12:
        raise DataError([Problem(name, line, field, value, "date de validité attendue au format AAAAMM")])
    return int(value)


def _label_rows(name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """Decoded (line number from 1, fields) rows of a label file, an optional header line dropped."""
    rows = _rows(name, decode_label_bytes(name, data))
    return rows[1:] if _looks_like_header(rows[0][1]) else rows


def read_label_file(name: str, data: bytes) -> pd.DataFrame:
    """A ``code;libellé;début;fin`` file as columns code, label, start, end (ints YYYYMM).

    Empty validity bounds are read as :data:`OPEN_START` / :data:`OPEN_END`. Every line must have
    four fields (a trailing ``;`` tolerated) and a non-empty code and label.
    """
    rows = _label_rows(name, data)
    problems: list[Problem] = []
    records = []
    for line, fields in rows:
        fields = _drop_trailing_empty(fields, 4)
        if len(fields) != 4:
            problems.append(Problem(name, line, None, ";".join(fields), f"4 champs attendus (code;libellé;début;fin), {len(fields)} trouvé(s)"))
            continue
        code, label, start, end = fields
        if not code or not label:
            problems.append(Problem(name, line, "code" if not code else "libellé", ";".join(fields), "code et libellé obligatoires"))
            continue
        try:
            records.append((code, label, _yyyymm(name, line, "début", start, OPEN_START), _yyyymm(name, line, "fin", end, OPEN_END)))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems, total=len(problems))
    frame = pd.DataFrame(records, columns=["code", "label", "start", "end"])
    frame["code"] = frame["code"].astype("str")
    frame["label"] = frame["label"].astype("str")
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    return frame


def read_departement_file(name: str, data: bytes) -> pd.DataFrame:
    """``Departement_region.txt`` as columns code, label, region_code, region_label.

    Four fields per line; two extra validity columns (six fields) are tolerated and ignored.
    A code listed twice is an error (the file maps each unit to one région).
    """
    rows = _label_rows(name, data)
    problems: list[Problem] = []
    records = []
    seen: dict[str, int] = {}
    for line, fields in rows:
        if len(fields) in (5, 7) and fields[-1] == "":
            fields = fields[:-1]
        if len(fields) not in (4, 6):
            problems.append(Problem(name, line, None, ";".join(fields), f"4 champs attendus (code;libellé;code région;libellé région), {len(fields)} trouvé(s)"))
            continue
        code, label, region_code, region_label = fields[:4]
        if not code or not region_code:
            problems.append(Problem(name, line, "code département" if not code else "code région", ";".join(fields), "code obligatoire"))
            continue
        if code in seen:
            problems.append(Problem(name, line, "code département", code, f"code en double (déjà ligne {seen[code]})"))
            continue
        seen[code] = line
        records.append((code, label, region_code, region_label))
    if problems:
        raise DataError(problems, total=len(problems))
    return pd.DataFrame(records, columns=["code", "label", "region_code", "region_label"]).astype("str")


@dataclass
class LabelSet:
    """The four label tables delivered with a set of flow files.

    ``pays``, ``cpf4``, ``a129``: columns code, label, start, end (YYYYMM ints);
    ``departements``: columns code, label, region_code, region_label.
    """

    pays: pd.DataFrame
    cpf4: pd.DataFrame
    a129: pd.DataFrame
    departements: pd.DataFrame

    def table(self, kind: str) -> pd.DataFrame:
        """The table of one kind (a key of :data:`LABEL_FILENAMES`)."""
        if kind not in LABEL_FILENAMES:
            raise KeyError(kind)
        return getattr(self, kind)


def read_label_set(files: dict[str, tuple[str, bytes]]) -> LabelSet:
    """A :class:`LabelSet` from ``{kind: (display name, bytes)}`` holding the four kinds.

    Problems of all four files are gathered into one :class:`DataError`.
    """
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    total = 0
    for kind in LABEL_FILENAMES:
        name, data = files[kind]
        reader = read_departement_file if kind == "departements" else read_label_file
        try:
            tables[kind] = reader(name, data)
        except DataError as exc:
            problems.extend(exc.problems)
            total += exc.total
    if problems:
        raise DataError(problems, total=total)
    return LabelSet(**tables)


def merge_label_sets(sets: list[LabelSet]) -> LabelSet:
    """One :class:`LabelSet` from several deliveries; for a code and period listed twice, the last wins."""
    if len(sets) == 1:
        return sets[0]
    merged = {}
    for kind in LABEL_FILENAMES:
        frame = pd.concat([s.table(kind) for s in sets], ignore_index=True)
        keys = ["code"] if kind == "departements" else ["code", "start", "end"]
        merged[kind] = frame.drop_duplicates(subset=keys, keep="last").sort_values(keys, kind="stable").reset_index(drop=True)
    return LabelSet(**merged)


def _months(yyyymm: pd.Series) -> pd.Series:
    """YYYYMM ints → months since year 0 (for distances between periods)."""
    return (yyyymm // 100) * 12 + (yyyymm % 100) - 1


def labels_for_year(table: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[str]]:
    """One label per code for ``year``: columns code, label (sorted by code).

    A period is valid for the year when it overlaps it. Among valid periods the most recent start
    wins. A code with no valid period gets the label of the nearest period (distance in months,
    ties → the later period) and is returned in the list of warned codes (sorted).
    A table without validity columns (``departements``) is returned as is (code, label).
    """
    if "start" not in table.columns:
        return table[["code", "label"]].sort_values("code").reset_index(drop=True), []
    first, last = year * 12, year * 12 + 11
    start, end = _months(table["start"]), _months(table["end"])
    distance = (start - last).clip(lower=0) + (first - end).clip(lower=0)
    ranked = table.assign(_distance=distance, _start=table["start"]).sort_values(
        ["code", "_distance", "_start"], ascending=[True, True, False], kind="stable"
    )
    best = ranked.drop_duplicates("code", keep="first")
    warned = sorted(best.loc[best["_distance"] > 0, "code"].tolist())
    return best[["code", "label"]].reset_index(drop=True), warned
