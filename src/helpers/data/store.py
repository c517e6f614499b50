"""Parquet cache of the validated tidy table, one folder per set of source files.

Layout of ``<cache root>/<key>/`` (``key`` derives from the source files' names and SHA-256, so
new or changed files give a new folder; the old one is left for the user to delete)::

    records.parquet        tidy records (flows.TIDY_COLUMNS), sorted by dep, one row group per dep
    totals.parquet         year, flow, dep, region, value_eur (sum, euros)
    labels_<kind>.parquet  the label tables (pays, cpf4, a129: code, label, start, end;
                           departements: code, label, region_code, region_label)
    manifest.json          source, files (name, sha256, size), years, quarters, records, warnings

The folder is written under a temporary name and renamed at the end, so a reader never sees a
half-written cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..common import paths
from . import flows, store_compact
from .labels import LABEL_FILENAMES, labels_for_year

#: Bump when the cache layout or the tidy schema changes: old caches are then ignored.
CACHE_FORMAT = 1
MANIFEST = "manifest.json"
RECORDS = "records.parquet"
TOTALS = "totals.parquet"
#: Sort order of records.parquet (dep first: row groups are pruned on it).
SORT_COLUMNS = ["dep", "year", "flow", "quarter", "cpf4", "country"]
#: The code columns of records.parquet (strings, stored with dictionary pages).
CODE_COLUMNS = ["flow", "dep", "region", "a129", "cpf4", "country"]
#: Keys of totals.parquet, in its sort order.
TOTALS_KEYS = ["year", "flow", "dep", "region"]


def cache_key(files: list[flows.SourceFile]) -> str:
    """Short hex key of a set of source files (names and SHA-256, order-independent)."""
    payload = json.dumps(
        {"format": CACHE_FORMAT, "files": sorted([f.name, f.sha256] for f in files)}, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def ensure_cache(source: Path, cache_root: Path | None = None) -> Path:
    """The cache folder of ``source`` (txt, zip or folder), built from it if absent.

    Only hashes the source files when the cache exists (no parsing). Raises
    :class:`~helpers.common.errors.DataError` when the source is invalid (nothing is written then).
    """
    source = Path(source)
    root = Path(cache_root) if cache_root is not None else paths.cache_dir()
    folder = root / cache_key(flows.list_source_files(source))
    if (folder / MANIFEST).is_file():
        return folder
    dataset = flows.read_source(source, convert=store_compact.compact)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=root))
    try:
        _write(tmp, source, dataset)
        if folder.exists():  # an incomplete leftover (no manifest) or a concurrent writer
            if (folder / MANIFEST).is_file():
                return folder
            shutil.rmtree(folder)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not (folder / MANIFEST).is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _write(folder: Path, source: Path, dataset: flows.Dataset) -> None:
    """All cache files of ``dataset`` into ``folder`` (the manifest last).

    ``dataset.records``: each file's records held compactly (:func:`helpers.data.store_compact.compact`),
    sorted by :data:`SORT_COLUMNS` through one key and written one département at a time (one row
    group each), so that memory holds the compact records and one département decoded.
    """
    table = store_compact.combine(dataset.records)
    schema = store_compact.tidy_schema(table)
    # dictionary pages for the codes only: values and masses are nearly all distinct
    codes = [field.name for field in schema if pa.types.is_string(field.type) or pa.types.is_large_string(field.type)]

    def write_labels() -> dict[str, list]:
        """The label tables; the distinct (year, quarter) pairs."""
        for kind in LABEL_FILENAMES:
            dataset.labels.table(kind).to_parquet(folder / f"labels_{kind}.parquet", index=False)
        return table.select(["year", "quarter"]).group_by(["year", "quarter"]).aggregate([]).to_pydict()

    # the labels are written in a second thread while records.parquet is (Arrow releases the GIL)
    totals = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        summaries = pool.submit(write_labels)
        with pq.ParquetWriter(folder / RECORDS, schema, compression="zstd", use_dictionary=codes) as writer:
            # one row group per département: a slice is read by row-group pruning on dep
            for rows in store_compact.groups(table, SORT_COLUMNS[0]):
                unit = table.take(pa.array(rows))
                unit = store_compact.decoded(unit.take(pa.array(store_compact.sort_order(unit, SORT_COLUMNS[1:]))), schema)
                writer.write_table(unit, row_group_size=unit.num_rows)
                totals.append(unit.select([*TOTALS_KEYS, "value_eur"]).group_by(TOTALS_KEYS).aggregate([("value_eur", "sum")]))
        periods = summaries.result()  # distinct (year, quarter)
    _totals_of(pa.concat_tables(totals) if totals else pa.table({k: [] for k in [*TOTALS_KEYS, "value_eur_sum"]})).to_parquet(folder / TOTALS, index=False)
    quarters: dict[int, list[int]] = {}
    for year, quarter in sorted(zip(periods["year"], periods["quarter"], strict=True)):
        quarters.setdefault(int(year), []).append(int(quarter))
    manifest = {
        "format": CACHE_FORMAT,
        "source": str(source.resolve()),
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in dataset.files],
        "years": sorted(quarters),
        "quarters": {str(year): qs for year, qs in quarters.items()},
        "records": table.num_rows,
        "warnings": [str(w) for w in dataset.warnings],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _totals_of(partial: pa.Table) -> pd.DataFrame:
    """The content of totals.parquet from the départements' partial sums (``value_eur_sum`` by
    :data:`TOTALS_KEYS`, a département in one part): Σ value_eur (euros) by year, flow, dep and région,
    sorted by these keys (year int16, codes as strings, value_eur int64)."""
    grouped = partial.sort_by([(k, "ascending") for k in TOTALS_KEYS])
    return grouped.select([*TOTALS_KEYS, "value_eur_sum"]).rename_columns([*TOTALS_KEYS, "value_eur"]).to_pandas()


def read_records(cache: Path, *, dep: str | None = None, year: int | None = None, flow: str | None = None) -> pd.DataFrame:
    """Records of the cache (flows.TIDY_COLUMNS), optionally one département / year / flow.

    ``dep`` is a DGDDI unit code (``11``, ``20``, ``9A``); only its row group is read.
    """
    filters = []
    if dep is not None:
        filters.append(("dep", "==", dep))
    if year is not None:
        filters.append(("year", "==", int(year)))
    if flow is not None:
        filters.append(("flow", "==", flow))
    table = pq.read_table(Path(cache) / RECORDS, filters=filters or None)
    return table.to_pandas().reset_index(drop=True)


def read_unit(cache: Path, dep: str, columns: list[str]) -> pa.Table:
    """``columns`` of unit ``dep``'s records (a DGDDI code: ``11``, ``20``, ``9A``), every year, as an Arrow table.

    Reads the unit's row group directly: the file's footer and its dep → row group map are read
    once per process (a filtered ``read_table`` scans the file as a dataset on every call, about
    three times slower). Its code columns (:data:`CODE_COLUMNS`) come dictionary-encoded, as
    stored (decoding them costs more than the rest). An unknown unit has no records (an empty table).
    """
    file, groups = _records_file(str((Path(cache) / RECORDS).resolve()))
    if groups is None:  # row groups without statistics on dep (not written by this module): filter
        return pq.read_table(Path(cache) / RECORDS, columns=list(columns), filters=[("dep", "==", dep)])
    table = file.read_row_groups(groups.get(dep, []), columns=list(columns), use_threads=False)
    return table.unify_dictionaries() if table.num_columns and table[0].num_chunks > 1 else table  # one dictionary per column


def row_groups_by_unit(cache: Path) -> dict[str, list[int]] | None:
    """The row groups of ``records.parquet`` by unit (DGDDI code), or ``None`` when a row group's
    statistics do not name one unit (a file not written by this module)."""
    return _records_file(str((Path(cache) / RECORDS).resolve()))[1]


@functools.lru_cache(maxsize=8)
def _records_file(path: str) -> tuple[pq.ParquetFile, dict[str, list[int]] | None]:
    """The open records file and its row groups by unit (``None`` when a row group's statistics do
    not name one unit)."""
    file = pq.ParquetFile(path, read_dictionary=CODE_COLUMNS)
    meta, column = file.metadata, file.schema_arrow.get_field_index("dep")
    groups: dict[str, list[int]] = {}
    for index in range(meta.num_row_groups):
        stats = meta.row_group(index).column(column).statistics
        if stats is None or not stats.has_min_max or stats.min != stats.max:
            return file, None
        groups.setdefault(str(stats.min), []).append(index)
    return file, groups


def read_totals(cache: Path) -> pd.DataFrame:
    """Totals per year, flow, dep and région: columns year, flow, dep, region, value_eur (euros).

    Read once per process while the file keeps its size and modification time, then copied:
    every page of a warm kernel loads them.
    """
    path = (Path(cache) / TOTALS).resolve()
    stat = path.stat()
    return _totals(str(path), stat.st_size, stat.st_mtime_ns).copy()


@functools.lru_cache(maxsize=8)
def _totals(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    """``totals.parquet`` at ``path`` while it has ``size`` bytes and ``mtime_ns`` (the memo's key)."""
    return pd.read_parquet(path)


def read_labels(cache: Path, kind: str, year: int) -> pd.DataFrame:
    """Labels of ``kind`` (pays, cpf4, a129, departements) valid for ``year``: columns code, label.

    Read once per process and cache folder (a cache folder never changes: its name is a digest
    of the input files), then copied: a page reads them for each of its charts, and a warm
    kernel serves many pages.
    """
    if kind not in LABEL_FILENAMES:
        raise KeyError(f"type de libellés inconnu : {kind!r} (attendu : {', '.join(LABEL_FILENAMES)})")
    return _labels(str(Path(cache).resolve()), kind, int(year)).copy()


@functools.lru_cache(maxsize=64)
def _labels(cache: str, kind: str, year: int) -> pd.DataFrame:
    table = pd.read_parquet(Path(cache) / f"labels_{kind}.parquet")
    labels, _ = labels_for_year(table, year)
    return labels


def labels_digest(cache: Path, kind: str, year: int) -> str:
    """SHA-256 (hex) naming the content of :func:`read_labels` ``(cache, kind, year)`` without reading it:
    the label file's bytes, its kind and the year (the file is hashed once per process while it keeps
    its size and modification time)."""
    if kind not in LABEL_FILENAMES:
        raise KeyError(f"type de libellés inconnu : {kind!r} (attendu : {', '.join(LABEL_FILENAMES)})")
    path = (Path(cache) / f"labels_{kind}.parquet").resolve()
    stat = path.stat()
    payload = json.dumps(["labels", kind, int(year), _file_sha256(str(path), stat.st_size, stat.st_mtime_ns)])
    return hashlib.sha256(payload.encode()).hexdigest()


@functools.lru_cache(maxsize=64)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    """SHA-256 (hex) of the file at ``path`` while it has ``size`` bytes and ``mtime_ns`` (the memo's key)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(cache: Path) -> dict:
    """The cache's ``manifest.json`` as a dict."""
    return json.loads((Path(cache) / MANIFEST).read_text(encoding="utf-8"))
