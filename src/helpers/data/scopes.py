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
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..places.geography import Scope

SCOPES_FILE = "scopes.parquet"
#: Columns of a scope's records; values in euros summed over quarters (and units).
COLUMNS = ["year", "flow", "region", "a129", "cpf4", "country", "value_eur"]
KEYS = ["year", "flow", "region", "a129", "cpf4", "country"]


def prepare(cache: Path) -> Path:
    """``scopes.parquet``: records summed by year, flow, DGDDI région, products and country."""
    target = cache / SCOPES_FILE
    if target.is_file():
        return target
    parts = [records.groupby(KEYS, observed=True, sort=True, as_index=False)["value_eur"].sum() for records in _by_region(cache)]
    # each key belongs to one région: the régions' sums, sorted, are the sums of all records
    grouped = pd.concat(parts, ignore_index=True).sort_values(KEYS, kind="stable").reset_index(drop=True) if len(parts) > 1 else parts[0]
    tmp = cache / f".{SCOPES_FILE}.{os.getpid()}"
    grouped.to_parquet(tmp, index=False, row_group_size=50_000)
    tmp.replace(target)  # atomic: parallel pages may race, both write the same content
    return target


def _by_units(cache: Path, units: list[list[str]], columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """The records (``columns``, default all) of each group of ``units`` in turn, read from their row
    groups: memory holds one group's records, not the cache's. Without row groups per unit (a file
    not written by :mod:`helpers.data.store`), all records at once."""
    import pyarrow.parquet as pq

    from .store import RECORDS, row_groups_by_unit

    groups = row_groups_by_unit(cache)
    if groups is None:
        yield pd.read_parquet(cache / RECORDS, columns=columns)
        return
    file = pq.ParquetFile(cache / RECORDS)
    for members in units:
        rows = sorted(g for unit in members for g in groups.get(unit, []))
        if rows:
            yield file.read_row_groups(rows, columns=columns).to_pandas()


def _by_region(cache: Path) -> Iterator[pd.DataFrame]:
    """Each DGDDI région's records (:data:`COLUMNS`) in turn (régions in code order, from totals.parquet);
    all records at once for a cache without row groups per unit or without totals."""
    from .store import RECORDS, TOTALS, read_totals, row_groups_by_unit

    if row_groups_by_unit(cache) is None or not (cache / TOTALS).is_file():
        yield pd.read_parquet(cache / RECORDS, columns=COLUMNS)
        return
    pairs = read_totals(cache)[["region", "dep"]].drop_duplicates()
    for region, deps in pairs.groupby("region", sort=True)["dep"]:
        for records in _by_units(cache, [sorted(deps)], COLUMNS):
            yield records[records["region"] == region]


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
        return _unit_records(cache, scope.code, year)
    filters: list[tuple[str, str, object]] = []
    if year is not None:
        filters.append(("year", "==", year))
    if scope.kind == "region":
        filters.append(("region", "==", scope.code))
    elif scope.kind != "france":
        raise ValueError(f"unknown scope kind {scope.kind!r}")
    return pd.read_parquet(prepare(cache), filters=filters or None)


def _unit_records(cache: Path, dep: str, year: int | None) -> pd.DataFrame:
    """A unit's records (:data:`COLUMNS`) summed over quarters, sorted by :data:`KEYS`; euros.

    Only :data:`COLUMNS` of the unit's row group are read, and summed by Arrow: the same frame
    (dtypes, order, index) as pandas' ``groupby(KEYS, sort=True).sum()`` of its records, for
    about two thirds of the time. No key is ever missing (the reader refuses empty codes).
    """
    import pyarrow.parquet as pq

    from .store import RECORDS

    filters = [("dep", "==", dep)] + ([("year", "==", int(year))] if year is not None else [])
    table = pq.read_table(cache / RECORDS, columns=COLUMNS, filters=filters)
    summed = table.group_by(KEYS, use_threads=False).aggregate([("value_eur", "sum")])
    summed = summed.select([*KEYS, "value_eur_sum"]).rename_columns(COLUMNS)
    return summed.sort_by([(key, "ascending") for key in KEYS]).to_pandas()


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
    from .store import row_groups_by_unit

    units = sorted(row_groups_by_unit(cache) or {})
    for records in _by_units(cache, [[unit] for unit in units]):  # one unit at a time (all at once without row groups)
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


def records_digest(cache: Path, scope: Scope, year: int) -> str:
    """SHA-256 (hex) naming the content of ``records_for(cache, scope, year=year)``, without reading it.

    Built from :func:`digests` (read once per process and cache folder). A unit's and a région's
    records are a function of their scope's digest; France's records keep each région's rows
    (they are not summed over régions), so France's name is made of every région's digest of the
    year: France's own digest would not change when value moves between two régions. A scope
    with no record that year is ``"absent"``, as in the pages' fingerprints.
    """
    found = _digests_once(str(Path(cache).resolve()))
    if scope.kind == "france":
        suffix = f":{int(year)}"
        parts = sorted((key, value) for key, value in found.items() if key.startswith("region:") and key.endswith(suffix))
    else:
        key = scope_key(scope, int(year))
        parts = [(key, found.get(key, "absent"))]
    payload = json.dumps({"scope": scope_key(scope, int(year)), "parts": parts}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


@functools.lru_cache(maxsize=8)
def _digests_once(cache_path: str) -> dict[str, str]:
    """:func:`digests` of a cache folder, once per process (a cache folder never changes); not to be mutated."""
    return digests(Path(cache_path))
