"""Records of a scope (a unit, a DGDDI région, France entière) for the charts.

A unit's slice is read from the cache's ``records.parquet`` (one row group per unit). Région and
France charts would otherwise read hundreds of thousands of records on every page: their
records are aggregated once per cache (summed over units and quarters) into
``scopes.parquet``, written atomically the first time a page asks for it, then read in
milliseconds by every other page.
"""

from __future__ import annotations

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
    """Records of ``scope`` (columns :data:`COLUMNS`), optionally for one year; euros."""
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
