"""The table of exposure indicators and ranks of every page, computed once per cache.

One row per page (every unit with a fiche, every région with a page, France entière) and year of
the data: the page's export and import totals (euros), its seven indicators
(:data:`helpers.fiche.exposure.INDICATORS`, % or HHI points, unrounded), for each indicator its
rank (1 = the largest value; ties share a rank, « 1, 2, 2, 4 ») and the number of pages ranked.
Départements rank among the 100 units that have a fiche (Corse once, as DGDDI's unit ``20``;
Monaco, which has no fiche, is not ranked but counts in PACA's and France's figures); régions
among the régions that have a page; France entière is not ranked (nothing to compare it with).
An undefined indicator (« n. d. ») is not ranked, and the number ranked then counts one less.

The table depends only on the cache's content (a cache folder never changes) and on the code: it
is stored beside the data as ``exposure-<code digest>.parquet``, written atomically by the first
page or build that asks for it (the build asks before any page runs), then read in milliseconds.
Each page's fingerprint holds the digest of its own row (:func:`row_digest`): a change of a
département's figures re-executes the pages whose indicators or ranks changed, and only those.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from pathlib import Path

import pandas as pd

from ..places.geography import FRANCE, Place, page_regions, page_units, unit_codes
from ..places.partners import special_partner_codes
from .exposure import KEYS, competition_ranks, exposure

#: Columns besides the indicators: page slug, kind of place, year, totals (euros).
ID_COLUMNS = ["slug", "kind", "year", "exports_eur", "imports_eur"]
COLUMNS = ID_COLUMNS + list(KEYS) + [f"rank_{k}" for k in KEYS] + [f"ranked_{k}" for k in KEYS]


def ranked_places() -> list[Place]:
    """Every place with a page: the units with a fiche, the régions with a page, France entière."""
    return [*page_units(), *page_regions(), FRANCE]


def special_codes(cache: Path) -> frozenset[str]:
    """Special partner codes, plus any code labelled as not a country in any year's labels."""
    path = Path(cache) / "labels_pays.parquet"
    labels = pd.read_parquet(path, columns=["code", "label"]) if path.is_file() else None
    return special_partner_codes(labels)


def _sums(cache: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(totals by year, flow, dep; exports by year, dep, country; exports by year, dep, a129), euros, by Arrow."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(Path(cache) / "records.parquet", columns=["year", "flow", "dep", "country", "a129", "value_eur"])
    totals = table.group_by(["year", "flow", "dep"], use_threads=False).aggregate([("value_eur", "sum")]).to_pandas()
    exports = table.filter(pc.equal(table["flow"], "E"))
    by_country = exports.group_by(["year", "dep", "country"], use_threads=False).aggregate([("value_eur", "sum")]).to_pandas()
    by_product = exports.group_by(["year", "dep", "a129"], use_threads=False).aggregate([("value_eur", "sum")]).to_pandas()
    return totals, by_country, by_product


def _by_unit(frame: pd.DataFrame, key: str) -> dict[tuple[int, str], dict[str, int]]:
    """Arrow's sums (``value_eur_sum`` by year, dep and ``key``) as {(year, dep): {code: euros}}."""
    found: dict[tuple[int, str], dict[str, int]] = {}
    columns = (frame[c].tolist() for c in ("year", "dep", key, "value_eur_sum"))
    for year, dep, code, value in zip(*columns, strict=True):
        found.setdefault((int(year), dep), {})[code] = int(value)
    return found


def _merged(parts: list[dict[str, int]]) -> dict[str, int]:
    """Σ of several {code: euros} (a région's or France's units), euros."""
    if len(parts) == 1:
        return parts[0]
    found: dict[str, int] = {}
    for part in parts:
        for code, value in part.items():
            found[code] = found.get(code, 0) + value
    return found


def compute(cache: Path) -> pd.DataFrame:
    """The table (:data:`COLUMNS`) from the cache's records; see the module's docstring."""
    totals, by_country, by_product = _sums(cache)
    special = special_codes(cache)
    years = sorted(int(y) for y in totals["year"].unique())
    flow_sums = {(int(y), f, d): int(v) for y, f, d, v in zip(*(totals[c].tolist() for c in ("year", "flow", "dep", "value_eur_sum")), strict=True)}
    countries, products = _by_unit(by_country, "country"), _by_unit(by_product, "a129")
    all_deps = sorted({d for (_, _, d) in flow_sums})

    def total(year: int, flow: str, deps: list[str]) -> int:
        return sum(flow_sums.get((year, flow, d), 0) for d in deps)

    rows = []
    for year in years:
        for place in ranked_places():
            deps = unit_codes(place) or all_deps
            exports_eur, imports_eur = total(year, "E", deps), total(year, "I", deps)
            previous = total(year - 1, "E", deps) if year - 1 in years else None
            found = exposure(_merged([countries.get((year, d), {}) for d in deps]), _merged([products.get((year, d), {}) for d in deps]),
                             exports_eur=exports_eur, imports_eur=imports_eur, previous_exports_eur=previous, special=special)
            rows.append({"slug": place.slug, "kind": place.kind, "year": year, "exports_eur": exports_eur, "imports_eur": imports_eur,
                         **found.as_dict()})
    frame = pd.DataFrame(rows, columns=ID_COLUMNS + list(KEYS))
    return add_ranks(frame)


def add_ranks(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``rank_<key>`` and ``ranked_<key>`` per indicator: among the pages of the
    same kind and year (units, régions; France entière is not ranked)."""
    frame = frame.copy()
    for key in KEYS:
        ranks: dict[int, int | None] = {}
        counts: dict[int, int | None] = {}
        for (kind, _year), group in frame.groupby(["kind", "year"], sort=False):
            values = {i: (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)) for i, v in group[key].items()}
            ranked = competition_ranks(values) if kind != "france" else dict.fromkeys(values)
            number = sum(r is not None for r in ranked.values())
            ranks.update(ranked)
            counts.update({i: (number if r is not None else None) for i, r in ranked.items()})
        frame[f"rank_{key}"] = pd.array([ranks[i] for i in frame.index], dtype="Int64")
        frame[f"ranked_{key}"] = pd.array([counts[i] for i in frame.index], dtype="Int64")
    return frame[COLUMNS]


def _stored(cache: Path) -> Path:
    from .reproduce import code_digest

    return Path(cache) / f"exposure-{code_digest()[:16]}.parquet"


def table(cache: Path) -> pd.DataFrame:
    """The table of ``cache`` (:data:`COLUMNS`), computed once per cache and code, then read back.

    Read once per process too, then copied.
    """
    return _table_once(str(Path(cache).resolve())).copy()


@functools.lru_cache(maxsize=4)
def _table_once(cache_path: str) -> pd.DataFrame:
    cache = Path(cache_path)
    stored = _stored(cache)
    if stored.is_file():
        try:
            return pd.read_parquet(stored)
        except Exception:  # noqa: BLE001 (truncated by a kill: computed again)
            pass
    found = compute(cache)
    tmp = stored.with_name(f".{stored.name}.{os.getpid()}")
    found.to_parquet(tmp, index=False)
    tmp.replace(stored)  # atomic: parallel pages may race, all write the same content
    return found


def row(cache: Path, slug: str, year: int) -> dict[str, object] | None:
    """The row of page ``slug`` for ``year`` as plain Python values (``None`` for n. d. and no rank), or ``None``."""
    return _rows_once(str(Path(cache).resolve())).get((slug, int(year)))


@functools.lru_cache(maxsize=4)
def _rows_once(cache_path: str) -> dict[tuple[str, int], dict[str, object]]:
    frame = _table_once(cache_path)
    found = {}
    for record in frame.to_dict("records"):
        clean = {k: (None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v) for k, v in record.items()}
        clean = {k: (int(v) if k.startswith(("rank_", "ranked_")) or k.endswith("_eur") or k == "year" else v) if v is not None else None
                 for k, v in clean.items()}
        found[(str(clean["slug"]), int(clean["year"]))] = clean
    return found


def row_digest(cache: Path, slug: str, year: int) -> str:
    """SHA-256 of page ``slug``'s row for ``year`` (figures at full precision, ranks, numbers ranked); ``"absent"`` without one."""
    found = row(cache, slug, year)
    if found is None:
        return "absent"
    return hashlib.sha256(json.dumps(found, sort_keys=True, default=repr).encode()).hexdigest()
