"""Reader of the DGDDI regional/departmental flow files, with validation (``data.md``).

A flow file is plain text without header line, ``;``-separated, ten fields per record::

    flux;trimestre;année;code département;code région;code A129;code CPF4;code pays;valeur;masse
    E;3;2018;01;18;A01Z;0111;BE;406473;1210935

Values are euros, masses kilograms. The reader is all-or-nothing: any problem anywhere raises one
:class:`~helpers.common.errors.DataError` listing the problems (file, line from 1, official field name,
value, rule in French) and nothing is loaded. Parsing and validation are vectorised.

Two passes, one set of rules. A regular file (valid UTF-8, no header, ten fields on every line —
or eleven, the last empty —, no blank line but at the end) is parsed by pyarrow's CSV reader and
checked with Arrow compute functions, in a fraction of a second: the demonstration files and, as
far as is known, the official ones are regular. Any other file, or a regular file that breaks a
rule, is read again by the general parser (Python line splitting, pyarrow for fields), whose checks
(pandera for the columns, pandas across fields) name every problem. Both passes evaluate the same
column rules (:func:`~helpers.data.flow_rules._rules`) and accept exactly the same files.

Tolerances beyond the documented format (the format is partly *unconfirmed*): a UTF-8 BOM, CRLF,
LF, lone CR or mixed line ends, one trailing ``;``, trailing blank lines, label files found by
name prefix and case-insensitively (``libelle_cpf4*.txt``…). Refused besides the documented rules:
a header line, a région code inconsistent with ``Departement_region.txt``, and the same
(flux, année, trimestre) supplied by two files (it would be counted twice, e.g. an annual file
beside a rolling "last 5 quarters" file).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as pc

from ..common.errors import DataError, Problem
from .flow_fast import _parse_regular, _passes_all_checks
from .flow_general import _UTF8_BOM, _column_problems, _decode_flow, _duplicate_problems, _looks_like_header, _region_problems, _split_fields, _split_lines
from .flow_problems import _finish, _problem_frame, _raise, _whole_file_problem
from .flow_rules import FIELD_NAMES
from .labels import LABEL_FILENAMES, LabelSet, labels_for_year, merge_label_sets, read_label_set
from .provenance import sha256_of

#: Columns of the tidy table, in order (see :func:`read_flow_bytes` for dtypes and units).
TIDY_COLUMNS = ["year", "quarter", "flow", "dep", "region", "a129", "cpf4", "country", "value_eur", "mass_kg"]
#: Largest zip member read (declared uncompressed size, bytes): the real annual files are a few
#: hundred MB; beyond this a member is refused instead of exhausting memory (zip bomb).
MAX_MEMBER_BYTES = 2**31

_FLOW_WORDS = {"E": ("export", "cpf4payse"), "I": ("import", "cpf4paysi")}
_LABEL_PREFIXES = {
    "pays": "libelle_pays",
    "cpf4": "libelle_cpf4",
    "a129": "libelle_a129",
    "departements": "departement_region",
}


@dataclass
class SourceFile:
    """One physical input file: name (as given to the user), SHA-256 (hex) and size (bytes)."""

    name: str
    sha256: str
    size: int


@dataclass
class Dataset:
    """Validated records (tidy, see :data:`TIDY_COLUMNS`), their labels, the files read and warnings."""

    records: pd.DataFrame
    labels: LabelSet
    files: list[SourceFile]
    warnings: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def flow_kind_from_name(name: str) -> str | None:
    """``"E"`` for an export file name, ``"I"`` for an import one, ``None`` when the name says neither.

    Recognised: ``Region_2024_Export.txt``, ``REGIONAL_CPF4PAYSE.txt`` and any name containing
    "export" (resp. ``…Import…``, ``REGIONAL_CPF4PAYSI``); only the base name counts.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
    stem = base.rsplit(".", 1)[0]
    found = {kind for kind, words in _FLOW_WORDS.items() if any(w in stem for w in words)}
    return found.pop() if len(found) == 1 else None


def label_kind_from_name(name: str) -> str | None:
    """The label kind (key of :data:`LABEL_FILENAMES`) of a file name, or ``None`` for another file.

    Matched on the base name, case-insensitive, by prefix (``Libelle_CPF4_rev2.1.txt`` → ``cpf4``).
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not base.endswith(".txt"):
        return None
    for kind, prefix in _LABEL_PREFIXES.items():
        if base.startswith(prefix):
            return kind
    return None


def _is_flow_name(name: str) -> bool:
    """A ``.txt`` that is not a label file (and not a macOS resource fork)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.lower().endswith(".txt") and not base.startswith("._") and label_kind_from_name(base) is None


# --------------------------------------------------------------------------------------------
# Parsing and validation of one flow file
# --------------------------------------------------------------------------------------------


def _validity_warnings(name: str, arrays: dict[str, arrow.Array], labels: LabelSet) -> list[Problem]:
    """Codes whose label validity does not cover the record's year (accepted, nearest label used).

    One warning per year and code, at the first line using it; per field (pays, A129, CPF4), then
    year, then line. ``arrays`` are the raw fields of a valid file (line *n* is row *n − 1*).
    """
    warnings = []
    years = sorted(pc.unique(arrays["year"]).to_pylist())
    for column, kind in (("country", "pays"), ("a129", "a129"), ("cpf4", "cpf4")):
        for year in years:
            _, warned = labels_for_year(labels.table(kind), int(year))
            if not warned:
                continue
            used = pc.and_(pc.equal(arrays["year"], year), pc.is_in(arrays[column], value_set=arrow.array(warned, type=arrow.string())))
            rows = np.flatnonzero(used.to_numpy(zero_copy_only=False))
            first_line: dict[str, int] = {}
            for row, code in zip(rows.tolist(), arrays[column].take(rows).to_pylist(), strict=True):
                first_line.setdefault(code, row + 1)
            warnings.extend(
                Problem(name, line, FIELD_NAMES[column], code,
                        f"libellé non valide en {year} dans {LABEL_FILENAMES[kind]} : libellé de la période la plus proche retenu")
                for code, line in sorted(first_line.items(), key=lambda item: item[1])
            )
    return warnings


def _periods(arrays: dict[str, arrow.Array]) -> pd.DataFrame:
    """(flow, year, quarter) of a valid file with the first line holding each, in order of that line
    (columns line, flow, year, quarter), for :func:`_overlap_problems`."""
    table = arrow.table({"flow": arrays["flow"], "year": arrays["year"], "quarter": arrays["quarter"],
                         "line": arrow.array(np.arange(1, len(arrays["flow"]) + 1, dtype=np.int64))})
    first = table.group_by(["flow", "year", "quarter"]).aggregate([("line", "min")]).sort_by("line_min")
    return pd.DataFrame(
        {
            "line": first["line_min"].to_numpy(),
            **{column: pd.Series(first[column].to_pandas(), dtype="str") for column in ("flow", "year", "quarter")},
        }
    )


def _tidy(arrays: dict[str, arrow.Array]) -> pd.DataFrame:
    """Tidy table (:data:`TIDY_COLUMNS`) from validated raw Arrow columns.

    ``year`` int16, ``quarter`` int8, codes as strings, ``value_eur`` int64 euros,
    ``mass_kg`` nullable Int64 kilograms (empty field → missing).
    """
    mass = arrays["mass"]
    mass = pc.if_else(pc.equal(mass, ""), arrow.scalar(None, arrow.string()), mass)
    columns = {
        "year": pc.cast(arrays["year"], arrow.int16()).to_numpy(zero_copy_only=False),
        "quarter": pc.cast(arrays["quarter"], arrow.int8()).to_numpy(zero_copy_only=False),
    }
    frame = pd.DataFrame(columns)
    for col in ("flow", "dep", "region", "a129", "cpf4", "country"):
        frame[col] = pd.Series(arrays[col].to_pandas(), dtype="str")
    frame["value_eur"] = pc.cast(arrays["value"], arrow.int64()).to_numpy(zero_copy_only=False)
    frame["mass_kg"] = pd.array(pc.cast(mass, arrow.int64()).to_pandas(types_mapper={arrow.int64(): pd.Int64Dtype()}.get), dtype="Int64")
    return frame[TIDY_COLUMNS]


@dataclass
class _FlowResult:
    records: pd.DataFrame | None
    problems: pd.DataFrame  # columns file, line, field, value, rule
    warnings: list[Problem]
    periods: pd.DataFrame  # flow, year, quarter, first line (for cross-file overlap)


def _read_flow(name: str, data: bytes, labels: LabelSet, expected_flow: str | None) -> _FlowResult:
    """Parse and validate one flow file; problems are returned, not raised.

    A regular file that passes every check is read in one fast pass
    (:func:`~helpers.data.flow_fast._parse_regular`, :func:`~helpers.data.flow_fast._passes_all_checks`);
    any other goes through the general parser and the checks that name each problem. Both give the
    same records, warnings and periods for a valid file.
    """
    problems: list[pd.DataFrame] = []
    empty_periods = pd.DataFrame(columns=["flow", "year", "quarter", "line"])
    if not data.strip(b" \t\r\n" + _UTF8_BOM):
        problems.append(pd.DataFrame({"line": [None], "field": [None], "value": [None], "rule": ["fichier de flux vide"]}))
        return _FlowResult(None, _finish(name, problems), [], empty_periods)
    regular = _parse_regular(data)
    if regular is not None and _passes_all_checks(regular, labels, expected_flow):
        return _valid_result(name, regular, labels)
    text, decode_problems = _decode_flow(data)
    problems += decode_problems
    lines = _split_lines(text)
    skip = set()
    for frame in decode_problems:
        skip.update(int(line) - 1 for line in frame["line"])
    if lines and 0 not in skip and _looks_like_header(lines[0]):
        skip.add(0)
        problems.append(_problem_frame([1], None, [lines[0]], "ligne d'en-tête inattendue : les fichiers officiels n'en ont pas"))
    if decode_problems:
        lines = ["" if i in skip else line for i, line in enumerate(lines)]
    frame, arrays, count_problems = _split_fields(lines, skip)
    problems += count_problems
    problems += _column_problems(frame, labels, expected_flow)
    problems += _region_problems(frame, labels)
    problems += _duplicate_problems(frame)
    finished = _finish(name, problems)
    if len(finished):
        return _FlowResult(None, finished, [], empty_periods)
    return _valid_result(name, arrays, labels)  # no problem: every line was kept, line n is row n − 1


def _valid_result(name: str, arrays: dict[str, arrow.Array], labels: LabelSet) -> _FlowResult:
    """The result of a valid file from its raw fields (line *n* is row *n − 1*)."""
    return _FlowResult(_tidy(arrays), _finish(name, []), _validity_warnings(name, arrays, labels), _periods(arrays))


def read_flow_bytes(name: str, data: bytes, labels: LabelSet, expected_flow: str | None) -> pd.DataFrame:
    """Validated tidy records of one flow file (``name`` is used in messages).

    ``expected_flow`` ("E"/"I", or ``None`` to accept both) is the flow the file's name announces.
    Columns :data:`TIDY_COLUMNS`: ``year`` int16, ``quarter`` int8, ``flow`` "E"/"I", ``dep`` and
    ``region`` DGDDI codes, ``a129``, ``cpf4``, ``country`` codes (strings), ``value_eur`` int64
    euros, ``mass_kg`` nullable Int64 kilograms. Warnings (labels out of validity) are in
    ``frame.attrs["warnings"]`` (list of :class:`Problem`). Raises :class:`DataError`.
    """
    result = _read_flow(name, data, labels, expected_flow)
    _raise([result.problems])
    assert result.records is not None
    result.records.attrs["warnings"] = result.warnings
    return result.records


# --------------------------------------------------------------------------------------------
# Sources: a .txt, a .zip, or a folder
# --------------------------------------------------------------------------------------------


@dataclass
class _Member:
    """One text file to read: display name (``archive.zip:member`` inside a zip) and a reader."""

    display: str
    read: Callable[[], bytes]
    size: Callable[[], int]  # bytes once read (a zip member's declared uncompressed size)


@dataclass
class _Delivery:
    """Flow files and the label files delivered with them."""

    flows: list[_Member]
    labels: dict[str, _Member]
    archive: zipfile.ZipFile | None = None  # open archive to close once read


def _loose_labels(folder: Path) -> dict[str, Path]:
    """Label files lying in ``folder``, by kind (first in name order)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        kind = label_kind_from_name(path.name)
        if kind and path.is_file() and kind not in found:
            found[kind] = path
    return found


def _file_member(path: Path) -> _Member:
    return _Member(path.name, path.read_bytes, lambda: path.stat().st_size)


def _open_zip(path: Path) -> tuple[zipfile.ZipFile | None, pd.DataFrame | None]:
    """The opened archive, or a problem when it is unreadable."""
    if path.stat().st_size == 0:
        return None, _whole_file_problem(path.name, "archive zip vide")
    try:
        return zipfile.ZipFile(path), None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return None, _whole_file_problem(path.name, f"archive zip illisible, tronquée ou corrompue ({exc})")


class _MemberTooLarge(ValueError):
    pass


def _zip_member(archive: zipfile.ZipFile, path: Path, member: str) -> _Member:
    def read() -> bytes:
        size = archive.getinfo(member).file_size
        if size > MAX_MEMBER_BYTES:
            raise _MemberTooLarge(f"{size} octets une fois décompressé, plus de {MAX_MEMBER_BYTES} : refusé")
        return archive.read(member)

    return _Member(f"{path.name}:{member}", read, lambda: archive.getinfo(member).file_size)


def _zip_deliveries(path: Path, fallback_labels: dict[str, Path]) -> tuple[list[_Delivery], list[pd.DataFrame], list[Path]]:
    """Deliveries of one zip: each flow member with labels from its folder in the zip, else anywhere
    in the zip, else ``fallback_labels`` (loose files beside the zip). Also the loose files used."""
    archive, problem = _open_zip(path)
    if archive is None:
        return [], [problem], []
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    flows = sorted(n for n in names if _is_flow_name(n))
    if not flows:
        archive.close()
        return [], [_whole_file_problem(path.name, "l'archive ne contient aucun fichier de flux (.txt autre que les libellés)")], []
    label_members = sorted((n for n in names if label_kind_from_name(n)), key=lambda n: (n.count("/"), n))
    deliveries, used_loose = [], []
    for flow in flows:
        folder = flow.rsplit("/", 1)[0] if "/" in flow else ""
        labels: dict[str, _Member] = {}
        for kind in LABEL_FILENAMES:
            candidates = [n for n in label_members if label_kind_from_name(n) == kind]
            same_folder = [n for n in candidates if (n.rsplit("/", 1)[0] if "/" in n else "") == folder]
            chosen = (same_folder or candidates or [None])[0]
            if chosen is not None:
                labels[kind] = _zip_member(archive, path, chosen)
            elif kind in fallback_labels:
                labels[kind] = _file_member(fallback_labels[kind])
                used_loose.append(fallback_labels[kind])
        deliveries.append(_Delivery([_zip_member(archive, path, flow)], labels, archive))
    return deliveries, [], used_loose


def _discover(path: Path) -> tuple[list[_Delivery], list[Path], list[pd.DataFrame]]:
    """Deliveries found at ``path`` (txt, zip or folder), the physical files involved, problems."""
    if not path.exists():
        return [], [], [_whole_file_problem(str(path), "fichier ou dossier introuvable")]
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_file())
        loose = _loose_labels(path)
        zips = [p for p in entries if p.suffix.lower() == ".zip"]
        txts = [p for p in entries if _is_flow_name(p.name)]
        if not zips and not txts:
            return [], [], [_whole_file_problem(path.name or str(path), "le dossier ne contient aucun fichier de flux (.zip ou .txt)")]
        deliveries, problems, physical = [], [], []
        for zpath in zips:
            found, zproblems, used = _zip_deliveries(zpath, loose)
            deliveries += found
            problems += zproblems
            physical += [zpath, *used]
        if txts:
            labels = {kind: _file_member(p) for kind, p in loose.items()}
            deliveries += [_Delivery([_file_member(t)], labels) for t in txts]
            physical += txts + list(loose.values())
        return deliveries, _unique(physical), problems
    if path.suffix.lower() == ".zip":
        deliveries, problems, used = _zip_deliveries(path, _loose_labels(path.parent))
        return deliveries, _unique([path, *used]), problems
    if label_kind_from_name(path.name):
        return [], [], [_whole_file_problem(path.name, "fichier de libellés, pas un fichier de flux")]
    loose = _loose_labels(path.parent)
    labels = {kind: _file_member(p) for kind, p in loose.items()}
    return [_Delivery([_file_member(path)], labels)], _unique([path, *loose.values()]), []


def _unique(paths: list[Path]) -> list[Path]:
    """``paths`` without repeats, in first-seen order."""
    return list(dict.fromkeys(paths))


def list_source_files(path: Path) -> list[SourceFile]:
    """The physical files :func:`read_source` would read at ``path``, with SHA-256 and size.

    Cheap compared with reading (no parsing): used for cache keys. Raises :class:`DataError` when
    ``path`` holds no flow file or an unreadable zip.
    """
    deliveries, physical, problems = _discover(Path(path))
    _close(deliveries)
    _raise(problems)
    return [_source_file(p, Path(path)) for p in physical]


def _close(deliveries: list[_Delivery]) -> None:
    """Close the archives opened by :func:`_discover`."""
    for archive in {id(d.archive): d.archive for d in deliveries if d.archive is not None}.values():
        archive.close()


def _source_file(path: Path, root: Path) -> SourceFile:
    """SourceFile named relative to the folder given by the user (file name otherwise)."""
    name = path.name if not root.is_dir() else str(path.relative_to(root))
    return SourceFile(name, sha256_of(path), path.stat().st_size)


def _read_member(member: _Member) -> tuple[bytes | None, pd.DataFrame | None]:
    try:
        return member.read(), None
    except _MemberTooLarge as exc:
        return None, _whole_file_problem(member.display, f"membre d'archive trop volumineux ({exc})")
    except RuntimeError as exc:  # zipfile: encrypted member ("password required")
        return None, _whole_file_problem(member.display, f"lecture impossible : membre chiffré ou illisible ({exc})")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
        return None, _whole_file_problem(member.display, f"lecture impossible : archive corrompue ({exc})")


def _labels_of(
    delivery: _Delivery, flow: _Member, cache: dict[tuple[str, ...], LabelSet | None]
) -> tuple[LabelSet | None, list[pd.DataFrame], int]:
    """The label set delivered with ``flow`` (parsed once per distinct set of files).

    Returns the set (``None`` on failure), the problems (reported once per set of files), and
    how many more problems the label readers counted without listing them.
    """
    missing = [LABEL_FILENAMES[k] for k in LABEL_FILENAMES if k not in delivery.labels]
    if missing:
        rule = (
            "fichier(s) de libellés absent(s) : " + ", ".join(missing)
            + " (ils doivent accompagner le fichier de flux, dans la même archive ou le même dossier)"
        )
        return None, [_whole_file_problem(flow.display, rule)], 0
    key = tuple(delivery.labels[k].display for k in LABEL_FILENAMES)
    if key in cache:
        return cache[key], [], 0
    contents, problems = {}, []
    for kind in LABEL_FILENAMES:
        data, problem = _read_member(delivery.labels[kind])
        if problem is not None:
            problems.append(problem)
        contents[kind] = (delivery.labels[kind].display, data or b"")
    if problems:
        cache[key] = None
        return None, problems, 0
    try:
        labels = read_label_set(contents)
    except DataError as exc:
        frame = pd.DataFrame([{"file": p.file, "line": p.line, "field": p.field, "value": p.value, "rule": p.rule} for p in exc.problems])
        cache[key] = None
        return None, [frame.astype("object")], exc.total - len(exc.problems)
    cache[key] = labels
    return labels, [], 0


def _overlap_problems(periods: list[tuple[str, pd.DataFrame]]) -> list[pd.DataFrame]:
    """A (flow, year, quarter) supplied by two files would be counted twice: an error."""
    frames = [p.assign(file=name) for name, p in periods if len(p)]
    if len(frames) < 2:
        return []
    every = pd.concat(frames, ignore_index=True)
    again = every.duplicated(["flow", "year", "quarter"], keep="first")
    if not again.any():
        return []
    first_file = every[~again].set_index(["flow", "year", "quarter"])["file"]
    rows = every[again]
    owners = [first_file.loc[(f, y, q)] for f, y, q in zip(rows["flow"], rows["year"], rows["quarter"], strict=True)]
    return [
        pd.DataFrame(
            {
                "file": rows["file"].to_numpy(),
                "line": rows["line"].to_numpy(),
                "field": FIELD_NAMES["quarter"],
                "value": (rows["flow"] + " " + rows["year"] + " T" + rows["quarter"]).astype("object").to_numpy(),
                "rule": [f"période déjà fournie par {o} : les fichiers se recouvrent (double compte)" for o in owners],
            }
        )
    ]


def read_source(path: Path) -> Dataset:
    """Read and validate every flow file at ``path`` (a flow .txt, a .zip, or a folder of them).

    Each flow file is validated against the label files delivered with it (same zip, else same
    folder). All-or-nothing: any problem raises one :class:`DataError` (up to 20 problems listed,
    then a count of the rest). Records of all files are concatenated (:data:`TIDY_COLUMNS`).
    """
    path = Path(path)
    deliveries, physical, problems = _discover(path)
    try:
        return _read_deliveries(path, deliveries, physical, problems)
    finally:
        _close(deliveries)


#: Flow files are validated in parallel threads (one per core) when together they hold at most
#: this many bytes; larger deliveries (the real annual files weigh hundreds of MB) are read one
#: file at a time, as before, so that memory holds one file at once.
PARALLEL_READ_BYTES = 256 * 2**20


def _read_flows(flows: list[tuple[_Member, LabelSet]]) -> list[tuple[pd.DataFrame | None, _FlowResult | None]]:
    """Read and validate flow files with their labels: per file, in order, (problem, None) when it
    cannot be read, else (None, result).

    In parallel when there are several small files (:data:`PARALLEL_READ_BYTES`) and several cores:
    members are read (unzipped) one after the other in this thread — a zip archive is not shared
    between threads — and validated in a thread pool (Arrow, NumPy and zlib release the GIL).
    """

    def validate(flow: _Member, data: bytes, labels: LabelSet) -> _FlowResult:
        return _read_flow(flow.display, data, labels, flow_kind_from_name(flow.display))

    def read_and_validate(flow: _Member, labels: LabelSet) -> tuple[pd.DataFrame | None, _FlowResult | None]:
        data, problem = _read_member(flow)
        return (problem, None) if data is None else (None, validate(flow, data, labels))

    workers = min(len(flows), os.cpu_count() or 1)
    if workers < 2 or sum(_declared_size(flow) for flow, _ in flows) > PARALLEL_READ_BYTES:
        return [read_and_validate(flow, labels) for flow, labels in flows]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for flow, labels in flows:
            data, problem = _read_member(flow)
            pending.append((problem, None) if data is None else (None, pool.submit(validate, flow, data, labels)))
        return [(problem, None if future is None else future.result()) for problem, future in pending]


def _declared_size(member: _Member) -> int:
    """Bytes of ``member`` once read; 0 when unknown (the error is reported when it is read)."""
    try:
        return member.size()
    except OSError:
        return 0


def _read_deliveries(path: Path, deliveries: list[_Delivery], physical: list[Path], problems: list[pd.DataFrame]) -> Dataset:
    """Body of :func:`read_source`: read, validate and gather every delivery."""
    label_cache: dict[tuple[str, ...], LabelSet | None] = {}
    records, warnings, periods = [], [], []
    unlisted = 0
    steps = []  # per flow file, in reading order: problems of its labels, the file, its labels
    for delivery in deliveries:
        for flow in delivery.flows:
            labels, label_problems, more = _labels_of(delivery, flow, label_cache)
            unlisted += more
            steps.append((label_problems, flow, labels))
    outcomes = iter(_read_flows([(flow, labels) for _, flow, labels in steps if labels is not None]))
    for label_problems, flow, labels in steps:
        problems += label_problems
        if labels is None:
            continue
        problem, result = next(outcomes)
        if result is None:
            problems.append(problem)
            continue
        problems.append(result.problems)
        warnings += result.warnings
        if result.records is not None:
            records.append(result.records)
            periods.append((flow.display, result.periods))
    if not any(len(p) for p in problems):
        problems += _overlap_problems(periods)
    _raise(problems, warnings, unlisted)
    frame = pd.concat(records, ignore_index=True) if len(records) > 1 else records[0].reset_index(drop=True)
    return Dataset(
        records=frame,
        labels=merge_label_sets([s for s in label_cache.values() if s is not None]),
        files=[_source_file(p, path) for p in physical],
        warnings=warnings,
    )
