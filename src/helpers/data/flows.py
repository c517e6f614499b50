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

Where things are: :mod:`~helpers.data.flow_sources` finds the flow and label files of a source
(and the periods two files both supply), :mod:`~helpers.data.flow_fast` is the fast pass,
:mod:`~helpers.data.flow_general` the general parser and its checks, :mod:`~helpers.data.flow_rules`
the fields and the rules both passes evaluate, :mod:`~helpers.data.flow_problems` the problem frames
and the error. This module reads one flow file (:func:`read_flow_bytes`) or a whole source
(:func:`read_source`, :func:`list_source_files`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as pc

from ..common.errors import Problem
from .flow_fast import _parse_regular, _passes_all_checks
from .flow_general import _UTF8_BOM, _column_problems, _decode_flow, _duplicate_problems, _looks_like_header, _region_problems, _split_fields, _split_lines
from .flow_problems import _finish, _problem_frame, _raise
from .flow_rules import FIELD_NAMES
from .flow_sources import _close, _declared_size, _Delivery, _discover, _labels_of, _Member, _overlap_problems, _read_member, flow_kind_from_name
from .labels import LABEL_FILENAMES, LabelSet, labels_for_year, merge_label_sets
from .provenance import sha256_of

#: Columns of the tidy table, in order (see :func:`read_flow_bytes` for dtypes and units).
TIDY_COLUMNS = ["year", "quarter", "flow", "dep", "region", "a129", "cpf4", "country", "value_eur", "mass_kg"]


@dataclass
class SourceFile:
    """One physical input file: name (as given to the user), SHA-256 (hex) and size (bytes)."""

    name: str
    sha256: str
    size: int


@dataclass
class Dataset:
    """Validated records (tidy, see :data:`TIDY_COLUMNS`), their labels, the files read and warnings."""

    records: pd.DataFrame  # with read_source's ``convert``: the list of each file's converted records
    labels: LabelSet
    files: list[SourceFile]
    warnings: list[Problem] = field(default_factory=list)


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
    (columns line, flow, year, quarter), for :func:`~helpers.data.flow_sources._overlap_problems`."""
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


#: ASCII bytes that Python's ``str.isspace`` holds for whitespace (the general parser drops lines
#: made only of them), and the UTF-8 BOM.
_BLANK_BYTES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" + _UTF8_BOM


def _is_blank(data: bytes) -> bool:
    """True when ``data`` holds nothing but whitespace (any Unicode whitespace, as the general
    parser sees it: U+0085, U+2028… too) and BOMs: the file is refused as empty rather than read as
    zero records. Only a short remainder is decoded: a file with records is never decoded here."""
    rest = data.strip(_BLANK_BYTES)
    return not rest or (len(rest) <= 64 and not rest.decode("utf-8", "replace").replace("\ufeff", "").strip())


def _read_flow(name: str, data: bytes, labels: LabelSet, expected_flow: str | None) -> _FlowResult:
    """Parse and validate one flow file; problems are returned, not raised.

    A regular file that passes every check is read in one fast pass
    (:func:`~helpers.data.flow_fast._parse_regular`, :func:`~helpers.data.flow_fast._passes_all_checks`);
    any other goes through the general parser and the checks that name each problem. Both give the
    same records, warnings and periods for a valid file.
    """
    problems: list[pd.DataFrame] = []
    empty_periods = pd.DataFrame(columns=["flow", "year", "quarter", "line"])
    if _is_blank(data):
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


def list_source_files(path: Path) -> list[SourceFile]:
    """The physical files :func:`read_source` would read at ``path``, with SHA-256 and size.

    Cheap compared with reading (no parsing): used for cache keys. Raises :class:`DataError` when
    ``path`` holds no flow file or an unreadable zip.
    """
    deliveries, physical, problems = _discover(Path(path))
    _close(deliveries)
    _raise(problems)
    return [_source_file(p, Path(path)) for p in physical]


def _source_file(path: Path, root: Path) -> SourceFile:
    """SourceFile named relative to the folder given by the user (file name otherwise)."""
    name = path.name if not root.is_dir() else str(path.relative_to(root))
    return SourceFile(name, sha256_of(path), path.stat().st_size)


def read_source(path: Path, *, convert: Callable[[pd.DataFrame], object] | None = None) -> Dataset:
    """Read and validate every flow file at ``path`` (a flow .txt, a .zip, or a folder of them).

    Each flow file is validated against the label files delivered with it (same zip, else same
    folder). All-or-nothing: any problem raises one :class:`DataError` (up to 20 problems listed,
    then a count of the rest). Records of all files are concatenated (:data:`TIDY_COLUMNS`).
    ``convert``: applied to each file's records as soon as they are validated (e.g. to hold them
    compactly, :func:`helpers.data.store_compact.compact`); ``records`` is then the list of the
    converted files' records, in reading order, not concatenated.
    """
    path = Path(path)
    deliveries, physical, problems = _discover(path)
    try:
        return _read_deliveries(path, deliveries, physical, problems, convert)
    finally:
        _close(deliveries)


#: Flow files are validated in parallel threads (one per core) when together they hold at most
#: this many bytes; larger deliveries (the real annual files weigh hundreds of MB) are read one
#: file at a time, as before, so that memory holds one file at once.
PARALLEL_READ_BYTES = 256 * 2**20


def _read_flows(
    flows: list[tuple[_Member, LabelSet]], convert: Callable[[pd.DataFrame], object] | None = None
) -> list[tuple[pd.DataFrame | None, _FlowResult | None]]:
    """Read and validate flow files with their labels: per file, in order, (problem, None) when it
    cannot be read, else (None, result).

    In parallel when there are several small files (:data:`PARALLEL_READ_BYTES`) and several cores:
    members are read (unzipped) one after the other in this thread — a zip archive is not shared
    between threads — and validated in a thread pool (Arrow, NumPy and zlib release the GIL).
    """

    def validate(flow: _Member, data: bytes, labels: LabelSet) -> _FlowResult:
        result = _read_flow(flow.display, data, labels, flow_kind_from_name(flow.display))
        if convert is not None and result.records is not None:
            result.records = convert(result.records)
        return result

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


def _read_deliveries(
    path: Path, deliveries: list[_Delivery], physical: list[Path], problems: list[pd.DataFrame], convert: Callable[[pd.DataFrame], object] | None = None
) -> Dataset:
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
    outcomes = iter(_read_flows([(flow, labels) for _, flow, labels in steps if labels is not None], convert))
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
    if convert is not None:
        frame = records
    else:
        frame = pd.concat(records, ignore_index=True) if len(records) > 1 else records[0].reset_index(drop=True)
    return Dataset(
        records=frame,
        labels=merge_label_sets([s for s in label_cache.values() if s is not None]),
        files=[_source_file(p, path) for p in physical],
        warnings=warnings,
    )
