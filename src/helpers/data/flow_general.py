"""The general parser of flow files: reads any file and names every problem in it.

Python splits the text into lines (any line ends; undecodable lines set aside and reported),
pyarrow splits the lines into the ten raw fields; pandera checks each column against the rules of
:mod:`~helpers.data.flow_rules`, pandas the rules across fields (région of the département,
unique keys). Problems are frames (:mod:`~helpers.data.flow_problems`), lines counted from 1.
pandera is imported only when this parser checks a file, that is when the fast pass did not
accept it: reading valid regular files never needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as pc

if TYPE_CHECKING:  # pandera is imported where problems are reported: valid files never need it
    import pandera.pandas as pa

from .flow_problems import _problem_frame
from .flow_rules import FIELD_NAMES, KEY_COLUMNS, RAW_COLUMNS, _ArrowPredicate, _rules
from .labels import LabelSet

_UTF8_BOM = b"\xef\xbb\xbf"
_UNDECODED = re.compile("[\udc80-\udcff]")


def _decode_flow(data: bytes) -> tuple[str, list[pd.DataFrame]]:
    """UTF-8 text of a flow file (BOM dropped) and the problems of undecodable lines.

    Undecodable bytes are kept as surrogate escapes so that messages can show them (``\\xc9``);
    the caller must leave the lines listed in the problems out of parsing.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="surrogateescape")
    found = []
    for index, line in enumerate(_split_lines(text)):
        if not _UNDECODED.search(line):
            continue
        fields = line.split(";")
        where = next(i for i, f in enumerate(fields) if _UNDECODED.search(f))
        name = list(FIELD_NAMES.values())[where] if where < len(FIELD_NAMES) else None
        shown = fields[where].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        found.append((index + 1, name, shown))
    frame = pd.DataFrame(
        {
            "line": [f[0] for f in found],
            "field": [f[1] for f in found],
            "value": [f[2] for f in found],
            "rule": "octets invalides en UTF-8 (un fichier de flux doit être en UTF-8)",
        }
    )
    return text, [frame]


def _split_lines(text: str) -> list[str]:
    """Lines of ``text`` (CRLF, LF, lone CR or a mix), trailing empty or blank lines dropped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _looks_like_header(line: str) -> bool:
    """A first line whose trimestre and année fields are words: a header, not a record."""
    fields = line.split(";")
    return len(fields) >= 3 and all(
        any(ch.isalpha() for ch in f) and not any(ch.isdigit() for ch in f) for f in fields[1:3]
    )


def _split_fields(lines: list[str], skip: set[int]) -> tuple[pd.DataFrame, dict[str, arrow.Array], list[pd.DataFrame]]:
    """Split lines into the ten raw fields (vectorised).

    Returns the raw string frame indexed by line number (from 1), the same columns as Arrow
    arrays, and problems of lines with a wrong field count. Lines whose index is in ``skip``
    (0-based: header, undecodable) are left out without further problem.
    """
    array = arrow.array(lines, type=arrow.string())
    parts = pc.split_pattern(array, ";")
    count = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    trailing = pc.ends_with(array, ";").to_numpy(zero_copy_only=False)
    good = (count == 10) | ((count == 11) & trailing)
    excluded = np.zeros(len(lines), dtype=bool)
    if skip:
        excluded[list(skip)] = True
    wrong = np.flatnonzero(~good & ~excluded)
    problems = []
    if len(wrong):
        shown = [lines[i] for i in wrong]
        found = count[wrong] - (trailing[wrong] & (count[wrong] > 1)).astype(int)
        rules = [f"10 champs séparés par « ; » attendus, {n} trouvé(s)" for n in found]
        problems.append(_problem_frame(wrong + 1, None, shown, rules))
    keep = good & ~excluded
    rows = np.flatnonzero(keep)
    kept = parts.filter(arrow.array(keep)) if len(rows) < len(lines) else parts
    arrays = {col: pc.list_element(kept, i) for i, col in enumerate(RAW_COLUMNS)} if len(rows) else {
        col: arrow.array([], type=arrow.string()) for col in RAW_COLUMNS
    }
    frame = pd.DataFrame({col: pd.Series(arr.to_pandas(), dtype="str") for col, arr in arrays.items()})
    frame.index = pd.Index(rows + 1, name="line")
    return frame, arrays, problems


def _series_check(passes: _ArrowPredicate) -> Callable[[pd.Series], pd.Series]:
    """An Arrow predicate as a pandera check function (pandas strings → pandas booleans)."""

    def check(series: pd.Series) -> pd.Series:
        result = passes(arrow.array(series, from_pandas=True))
        return pd.Series(result.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)

    return check


def _schema(labels: LabelSet, expected_flow: str | None) -> pa.DataFrameSchema:
    """The column rules as a pandera schema (each check's ``error`` is the French rule)."""
    import pandera.pandas as pa

    rules = _rules(labels, expected_flow)
    return pa.DataFrameSchema(
        {
            column: pa.Column(None, [pa.Check(_series_check(r.passes), error=r.error) for r in rules if r.column == column])
            for column in RAW_COLUMNS
        },
        strict=False,
    )


def _column_problems(frame: pd.DataFrame, labels: LabelSet, expected_flow: str | None) -> list[pd.DataFrame]:
    """Problems of the pandera column checks, failure cases mapped to line numbers."""
    import pandera.pandas as pa

    try:
        _schema(labels, expected_flow).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].isin(RAW_COLUMNS)]
        return [
            pd.DataFrame(
                {
                    "line": cases["index"].astype("int64").to_numpy(),
                    "field": cases["column"].map(FIELD_NAMES).astype("object").to_numpy(),
                    "value": cases["failure_case"].astype("object").to_numpy(),
                    "rule": cases["check"].astype("object").to_numpy(),
                }
            )
        ]
    return []


def _region_problems(frame: pd.DataFrame, labels: LabelSet) -> list[pd.DataFrame]:
    """Région codes inconsistent with the département's région in ``Departement_region.txt``."""
    expected = frame["dep"].map(labels.departements.set_index("code")["region_code"])
    known_region = frame["region"].isin(labels.departements["region_code"])
    bad = expected.notna() & known_region & (frame["region"] != expected)
    if not bad.any():
        return []
    rows = frame[bad]
    rules = (
        "code région incohérent avec le département " + rows["dep"].astype("object")
        + " (région " + expected[bad].astype("object") + " dans Departement_region.txt)"
    )
    return [_problem_frame(rows.index.to_numpy(), FIELD_NAMES["region"], rows["region"].astype("object"), rules)]


def _duplicate_problems(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Records whose key (all fields but value and mass) repeats an earlier line's."""
    later = frame.duplicated(subset=KEY_COLUMNS, keep="first")
    if not later.any():
        return []
    firsts = frame.loc[~later, KEY_COLUMNS].reset_index()
    dups = frame.loc[later, KEY_COLUMNS].reset_index().merge(firsts, on=KEY_COLUMNS, suffixes=("", "_first"))
    values = dups[KEY_COLUMNS].astype("object").agg(";".join, axis=1)
    rules = "clé en double (tous les champs sauf valeur et masse) : déjà ligne " + dups["line_first"].astype(str).astype("object")
    return [_problem_frame(dups["line"].to_numpy(), None, values, rules)]
