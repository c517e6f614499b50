"""Problems of the flow reader as frames, and the one :class:`~helpers.common.errors.DataError` reporting them.

A problem frame has one row per problem: file, line (from 1; missing for a problem of a whole
file), official field name (or none), value and rule in French. The problems of one file are put
in reading order (line, then field order); every problem of a source is raised at once, in one
error that lists the first 20 and counts the rest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..common.errors import DataError, Problem
from .flow_rules import FIELD_NAMES

#: Position of each official field name (problems of one line are listed in field order).
_FIELD_ORDER = {name: i for i, name in enumerate(FIELD_NAMES.values())}
_PROBLEM_COLUMNS = ["file", "line", "field", "value", "rule"]


def _problem_frame(lines: np.ndarray | list[int], field_: str | None, values, rules) -> pd.DataFrame:
    """Problems as a frame (file filled in later): one row per line."""
    n = len(lines)
    return pd.DataFrame(
        {
            "line": np.asarray(lines, dtype="int64"),
            "field": [field_] * n,
            "value": pd.Series(values, dtype="object").reset_index(drop=True) if not np.isscalar(values) else [values] * n,
            "rule": pd.Series(rules, dtype="object").reset_index(drop=True) if not isinstance(rules, str) else [rules] * n,
        }
    )


def _whole_file_problem(name: str, rule: str) -> pd.DataFrame:
    return pd.DataFrame({"file": [name], "line": [None], "field": [None], "value": [None], "rule": [rule]})


def _finish(name: str, problems: list[pd.DataFrame]) -> pd.DataFrame:
    """Problems of one file, ``file`` column added, in reading order (line, then field order)."""
    frames = [p.astype("object") for p in problems if len(p)]
    if not frames:
        return pd.DataFrame(columns=_PROBLEM_COLUMNS)
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(0, "file", name)
    order = frame["field"].map(lambda f: _FIELD_ORDER.get(f, -1))
    frame = frame.assign(_line=frame["line"].fillna(0).astype("int64"), _order=order)
    return frame.sort_values(["_line", "_order"], kind="stable").drop(columns=["_line", "_order"]).reset_index(drop=True)


def _optional(value: object) -> str | None:
    """``None`` for a missing cell (None/NaN), else its text."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def _raise(problems: list[pd.DataFrame], warnings: list[Problem] | None = None, unlisted: int = 0) -> None:
    """Raise one :class:`DataError` for all problem frames (first 20 listed), if any.

    ``unlisted`` counts problems known but not in the frames (already summarised elsewhere).
    """
    frames = [p for p in problems if len(p)]
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True)
    listed = [
        Problem(str(row.file), None if _optional(row.line) is None else int(row.line), _optional(row.field), _optional(row.value), str(row.rule))
        for row in frame.head(20).itertuples(index=False)
    ]
    raise DataError(listed, total=len(frame) + unlisted, warnings=list(warnings or []))
