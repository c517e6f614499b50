"""Records of a scope (a unit, a DGDDI région, France entière) for the charts.

A unit's slice is read from the cache's ``records.parquet`` (one row group per unit). Région and
France charts would otherwise read hundreds of thousands of records on every page: their
records are aggregated once per cache (summed over units and quarters) into
``scopes.parquet``, written atomically the first time a page asks for it, then read in
milliseconds by every other page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SCOPES_FILE = "scopes.parquet"
#: Columns of a scope's records; values in euros summed over quarters (and units).
COLUMNS = ["year", "flow", "region", "a129", "cpf4", "country", "value_eur"]
KEYS = ["year", "flow", "region", "a129", "cpf4", "country"]


@dataclass(frozen=True)
class Scope:
    kind: str  # "unit", "region" (DGDDI région code) or "france"
    code: str | None = None


def prepare(cache: Path) -> Path:
    """``scopes.parquet``: records summed by year, flow, DGDDI région, products and country."""
    target = cache / SCOPES_FILE
    if target.is_file():
        return target
    records = pd.read_parquet(cache / "records.parquet", columns=COLUMNS)
    grouped = records.groupby(KEYS, observed=True, sort=True, as_index=False)["value_eur"].sum()
    tmp = cache / f".{SCOPES_FILE}.{os.getpid()}"
    grouped.to_parquet(tmp, index=False, row_group_size=50_000)
    tmp.replace(target)  # atomic: parallel pages may race, both write the same content
    return target


def records_for(cache: Path, scope: Scope, *, year: int | None = None) -> pd.DataFrame:
    """Records of ``scope`` (columns :data:`COLUMNS`), optionally for one year; euros.

    Read once per process, cache folder and scope (a cache folder never changes), then copied:
    a page draws several charts of each scope, and a warm kernel serves many pages that all show
    France.
    """
    return _records_for(str(Path(cache).resolve()), scope, year).copy()


@functools.lru_cache(maxsize=32)
def _records_for(cache_path: str, scope: Scope, year: int | None) -> pd.DataFrame:
    cache = Path(cache_path)
    if scope.kind == "unit":
        from .store import read_records

        frame = read_records(cache, dep=scope.code, year=year)
        return frame[COLUMNS].groupby(KEYS, observed=True, sort=True, as_index=False)["value_eur"].sum()
    filters: list[tuple[str, str, object]] = []
    if year is not None:
        filters.append(("year", "==", year))
    if scope.kind == "region":
        filters.append(("region", "==", scope.code))
    elif scope.kind != "france":
        raise ValueError(f"unknown scope kind {scope.kind!r}")
    return pd.read_parquet(prepare(cache), filters=filters or None)


DIGESTS_FILE = "scope_digests.json"


def scope_key(scope: Scope, year: int) -> str:
    """``"unit:11:2024"``, ``"region:R:2024"``, ``"france::2024"``: a key of :func:`digests`."""
    return f"{scope.kind}:{scope.code or ''}:{year}"


def _group_digests(frame: pd.DataFrame, by: list[str]) -> dict[tuple, str]:
    """SHA-256 per group of ``frame`` (grouped by ``by``) over the other columns' names, dtypes and
    values in row order. Rows are hashed once for the whole frame (vectorised), then each group's
    slice of row hashes is digested."""
    values = frame.drop(columns=by)
    header = json.dumps([[c, str(t)] for c, t in values.dtypes.items()]).encode()
    rows = pd.util.hash_pandas_object(values, index=False).to_numpy()
    found = {}
    for key, positions in frame.groupby(by, observed=True, sort=True).indices.items():
        digest = hashlib.sha256(header)
        digest.update(rows[positions].tobytes())
        found[key if isinstance(key, tuple) else (key,)] = digest.hexdigest()
    return found


def digests(cache: Path) -> dict[str, str]:
    """Digest of the data each scope shows, per year (keys: :func:`scope_key`), once per cache.

    A unit's digest covers all its records of the year (every column, every quarter); a
    région's and France's cover their aggregates (summed by flow, products and country, sorted):
    moving value between two units of a région changes the two units' digests but neither the
    région's nor France's. Used by the build to re-execute exactly the pages whose data changed.
    Stored as ``scope_digests.json`` in the cache (written atomically).
    """
    target = cache / DIGESTS_FILE
    if target.is_file():
        try:
            return json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # truncated by a kill: recomputed below
    found: dict[str, str] = {}
    records = pd.read_parquet(cache / "records.parquet")
    for (dep, year), value in _group_digests(records, ["dep", "year"]).items():
        found[scope_key(Scope("unit", str(dep)), int(year))] = value
    aggregates = pd.read_parquet(prepare(cache))
    for (region, year), value in _group_digests(aggregates, ["region", "year"]).items():
        found[scope_key(Scope("region", str(region)), int(year))] = value
    national = [k for k in KEYS if k != "region"]
    france = aggregates.groupby(national, observed=True, sort=True, as_index=False)["value_eur"].sum()
    for (year,), value in _group_digests(france, ["year"]).items():
        found[scope_key(Scope("france"), int(year))] = value
    tmp = cache / f".{DIGESTS_FILE}.{os.getpid()}"
    tmp.write_text(json.dumps(found, sort_keys=True, indent=0), encoding="utf-8")
    tmp.replace(target)
    return found
