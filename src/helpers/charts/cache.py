"""Charts shared by many pages, computed once per data cache.

Every département page shows its région's and France's export and import Sankeys: the same few
charts on a hundred pages. :func:`cached` computes a chart once and keeps the result under
``<cache>/charts/`` (``cache`` is the data's Parquet cache folder, ``ctx.cache``), as one JSON
file per entry: the Vega-Lite spec (a dict: :func:`helpers.charts.render.spec_json` takes it as it
takes the Altair chart), the texts and the data frame of numbers with its dtypes. The page output
(:func:`helpers.charts.render.figure_html`, the CSV) is byte-identical to the one of a fresh compute.

The entry's key is a digest of everything the result depends on: the chart function's qualified
name, the arguments **by value** (a DataFrame by its column names, dtypes and
``pandas.util.hash_pandas_object`` of its rows and index; an argument wrapped in
:class:`Digested` by the digest its caller gives: a scope's records by
:func:`helpers.data.scopes.records_digest`, labels by :func:`helpers.data.store.labels_digest`, which
spares hashing France's records on every page), the project code
(:func:`helpers.fiche.reproduce.code_digest`: any change of ``src/helpers`` invalidates every entry) and
the versions of Python and of the libraries (Altair writes the spec). A different input gives a
different file; nothing is ever updated in place.

Several pages run in parallel: an entry is written to a temporary file in the same folder and
renamed over the final name (``os.replace``, atomic), so a reader sees either no entry or a whole
one, and two workers computing the same entry both write the same content. An entry that cannot
be read back (truncated, corrupt, another format) is computed again and rewritten.

An entry read once is kept in memory for the rest of the process (a warm kernel serves many
pages that show the same France Sankey), as long as its file keeps its size and modification
time; each call gets its own copy of the spec and of the data frame.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..fiche.reproduce import code_digest, versions
from .base import ChartResult
from .render import chart_spec

#: Sub-folder of the data cache holding the entries.
FOLDER = "charts"
#: Bump when the layout of an entry changes: older entries are then simply not found.
ENTRY_FORMAT = 2


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a DataFrame's content: column names and dtypes, index, every row's values."""
    digest = hashlib.sha256()
    header = {
        "columns": [repr(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "index": [repr(n) for n in frame.index.names] + [str(frame.index.dtype)],
        "rows": len(frame),
    }
    digest.update(json.dumps(header, ensure_ascii=False).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class Digested:
    """An argument of :func:`cached` given with its digest: the key holds ``digest`` instead of hashing ``value``.

    ``compute`` receives ``value``. The caller vouches that ``digest`` names ``value``'s content:
    a different value must come with a different digest (e.g. a scope's records with
    :func:`helpers.data.scopes.records_digest`).
    """

    value: object
    digest: str


def _value(value: object) -> object:
    """A JSON-able description of an argument, equal for equal values, tagged with its type."""
    if isinstance(value, Digested):
        return ["Digested", value.digest]
    if value is None or isinstance(value, (bool, int, float, str)):
        return [type(value).__name__, value]
    if isinstance(value, pd.DataFrame):
        return ["DataFrame", frame_digest(value)]
    if isinstance(value, pd.Series):
        return ["Series", repr(value.name), frame_digest(value.to_frame(name="value"))]
    if isinstance(value, Path):
        return ["Path", str(value)]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_value(v) for v in value]]
    if isinstance(value, Mapping):
        return ["mapping", sorted([str(k), _value(v)] for k, v in value.items())]
    raise TypeError(f"argument de type {type(value).__name__} : impossible d'en calculer l'empreinte pour le cache des graphiques")


def function_name(compute: Callable[..., object]) -> str:
    """``module.qualified_name`` of a module-level function (a lambda or a closure is refused)."""
    module = getattr(compute, "__module__", None)
    name = getattr(compute, "__qualname__", None)
    if not module or not name or "<" in name:
        raise TypeError(f"fonction sans nom stable, impossible à mettre en cache : {compute!r}")
    return f"{module}.{name}"


def entry_key(compute: Callable[..., object], args: tuple[object, ...], kwargs: Mapping[str, object]) -> str:
    """Hex digest naming the entry of ``compute(*args, **kwargs)`` (module docstring)."""
    payload = {
        "format": ENTRY_FORMAT,
        "function": function_name(compute),
        "code": code_digest(),
        "versions": {k: v for k, v in versions().items() if k not in ("commit", "code (SHA-256)")},
        "args": [_value(a) for a in args],
        "kwargs": {k: _value(kwargs[k]) for k in sorted(kwargs)},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def entry_path(cache: Path, key: str) -> Path:
    """File of an entry: ``<cache>/charts/<key>.json``."""
    return Path(cache) / FOLDER / f"{key}.json"


def _frame_record(frame: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as JSON-able columns, dtypes, index and rows (floats and integers come back exactly).

    The index is ``None`` for the default one (``RangeIndex`` from 0).
    """
    split = frame.to_dict(orient="split")
    default_index = isinstance(frame.index, pd.RangeIndex) and frame.index.equals(pd.RangeIndex(len(frame)))
    return {
        "columns": split["columns"],
        "dtypes": [str(t) for t in frame.dtypes],
        "index": None if default_index else split["index"],
        "data": split["data"],
    }


def _frame_from_record(record: Mapping[str, Any]) -> pd.DataFrame:
    """Inverse of :func:`_frame_record`."""
    columns = record["columns"]
    rows = record["data"]
    index = pd.RangeIndex(len(rows)) if record["index"] is None else record["index"]
    frame = pd.DataFrame(rows, columns=columns, index=index)
    return frame.astype(dict(zip(columns, record["dtypes"], strict=True)))


def _entry(result: ChartResult, spec: dict[str, Any], function: str) -> dict[str, Any]:
    return {
        "format": ENTRY_FORMAT,
        "function": function,
        "name": result.name,
        "title": result.title,
        "description": result.description,
        "footnote": result.footnote,
        "screen_note": result.screen_note,
        "spec": spec,
        "data": _frame_record(result.data),
    }


def _result(entry: Mapping[str, Any], function: str) -> ChartResult:
    """The result stored in ``entry``; ``ValueError`` when it is not an entry of ``function``."""
    if entry.get("format") != ENTRY_FORMAT or entry.get("function") != function or not isinstance(entry.get("spec"), dict):
        raise ValueError("entrée du cache des graphiques d'un autre format")
    return ChartResult(
        name=entry["name"],
        title=entry["title"],
        description=entry["description"],
        chart=entry["spec"],
        data=_frame_from_record(entry["data"]),
        footnote=entry["footnote"],
        screen_note=entry.get("screen_note"),
    )


def _read(path: Path, function: str) -> ChartResult | None:
    """The entry at ``path`` (a copy), or ``None`` when it is missing or cannot be read back whole."""
    try:
        stat = path.stat()
        spec_text, result = _load(str(path), function, stat.st_size, stat.st_mtime_ns)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # truncated, corrupt, other format
        return None
    return dataclasses.replace(result, chart=json.loads(spec_text), data=result.data.copy())


@functools.lru_cache(maxsize=64)
def _load(path: str, function: str, size: int, mtime_ns: int) -> tuple[str, ChartResult]:
    """The entry at ``path`` as (its spec as JSON text, its result), once per process while the file
    keeps ``size`` (bytes) and ``mtime_ns``. Errors are raised (and not remembered). Callers copy."""
    with open(path, encoding="utf-8") as handle:
        result = _result(json.load(handle), function)
    return json.dumps(result.chart, ensure_ascii=False), result


def _write(path: Path, entry: Mapping[str, Any]) -> None:
    """Write ``entry`` atomically: a temporary file in the same folder, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _unwrap(value: object) -> object:
    """The value ``compute`` receives for an argument of :func:`cached`."""
    return value.value if isinstance(value, Digested) else value


def cached(cache: Path, compute: Callable[..., ChartResult], *args: object, **kwargs: object) -> ChartResult:
    """``compute(*args, **kwargs)``, read from ``<cache>/charts/`` when computed before.

    The result's ``chart`` is the Vega-Lite spec (a dict) both when computed and when read back,
    its ``key`` the entry's key; its page output is the one of ``compute``'s own result, byte for byte.
    """
    function = function_name(compute)
    key = entry_key(compute, args, kwargs)
    path = entry_path(cache, key)
    found = _read(path, function)
    if found is not None:
        return dataclasses.replace(found, key=key)
    result = compute(*[_unwrap(a) for a in args], **{k: _unwrap(v) for k, v in kwargs.items()})
    spec = chart_spec(result.chart)
    _write(path, _entry(result, spec, function))
    return dataclasses.replace(result, chart=spec, key=key)
