"""The cache's records held compactly while they are sorted and written (:mod:`helpers.data.store`).

Memory of the cache step grows with the records: several times the demonstration data must stay
well under 2 GiB (issue 16). So each file's validated records are converted, as soon as the file
is read, to an Arrow table whose code columns are dictionary-encoded with 16-bit indices
(:func:`compact`: ≈ 20 bytes per record instead of ≈ 80 as strings); the files' tables are
concatenated without a copy of the codes (:func:`combine`); the records are grouped by
département (:func:`groups`) and each département's rows are gathered, sorted through one int64
key (:func:`sort_order`), decoded back to the exact schema of the tidy table (:func:`decoded`)
and written, one département at a time. The written file is byte for byte the one the former
in-memory path (the whole table as strings, sorted, then sliced) wrote.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa

#: Code columns held dictionary-encoded (the other columns are small integers already).
CODE_COLUMNS = ["flow", "dep", "region", "a129", "cpf4", "country"]
#: Indices of the dictionaries (a column with more distinct codes keeps 32-bit indices).
_INDEX = pa.int16()


def compact(frame: pd.DataFrame) -> pa.Table:
    """One file's tidy records (:data:`helpers.data.flows.TIDY_COLUMNS`) as an Arrow table whose code
    columns are dictionary-encoded; its schema metadata is that of ``pa.Table.from_pandas(frame)``."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name in CODE_COLUMNS:
        index = table.schema.get_field_index(name)
        encoded = table[name].dictionary_encode()
        if max((len(chunk.dictionary) for chunk in encoded.chunks), default=0) < 2**15:
            encoded = encoded.cast(pa.dictionary(_INDEX, encoded.type.value_type))
        table = table.set_column(index, name, encoded)
    return table


def combine(parts: list[pa.Table]) -> pa.Table:
    """The files' compact tables one after the other (in order), each column's dictionaries unified."""
    for name in CODE_COLUMNS:  # a union of dictionaries too large for 16-bit indices: 32-bit ones
        if sum(len(chunk.dictionary) for part in parts for chunk in part[name].chunks) >= 2**15:
            parts = [part.set_column(part.schema.get_field_index(name), name, part[name].cast(pa.dictionary(pa.int32(), part[name].type.value_type))) for part in parts]
    if len(parts) == 1:
        return parts[0].unify_dictionaries()
    return pa.concat_tables(parts).unify_dictionaries()


def tidy_schema(table: pa.Table) -> pa.Schema:
    """The schema of the tidy table: ``table``'s, with each dictionary column as its values' type."""
    fields = [pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in table.schema]
    return pa.schema(fields, metadata=table.schema.metadata)


def decoded(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with its dictionary columns decoded, as ``schema`` (:func:`tidy_schema`)."""
    return pa.table([table[f.name].cast(f.type) for f in schema], schema=schema)


def _ranks(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """Each value's rank among the column's distinct values (sorted as Python sorts them), and their
    number: dictionary columns by their dictionary, integer columns by their value. Ranks are held
    in 32 bits (a département's ranks for the whole cache: 4 bytes per record)."""
    if pa.types.is_dictionary(column.type):
        if column.num_chunks == 0:
            return np.zeros(0, dtype=np.int32), 1
        dictionary = column.chunk(0).dictionary.to_pylist()
        order = sorted(range(len(dictionary)), key=dictionary.__getitem__)
        rank = np.empty(len(dictionary) + 1, dtype=np.int32)  # a missing code last, as pandas sorts it
        rank[order] = np.arange(len(dictionary), dtype=np.int32)
        rank[-1] = len(dictionary)
        indices = np.concatenate([chunk.indices.fill_null(len(dictionary)).to_numpy() for chunk in column.chunks])
        return rank[indices], len(dictionary) + 1
    values = column.to_numpy()
    if not len(values):
        return np.zeros(0, dtype=np.int32), 1
    low = int(values.min())
    return (values - low).astype(np.int32), int(values.max()) - low + 1


def sort_order(table: pa.Table, columns: list[str]) -> np.ndarray:
    """Row positions of ``table`` sorted by ``columns`` (ascending, ties in their order): those of a
    stable ``sort_values(columns)``. Code columns must be dictionary-encoded, the others integers."""
    ranked = [_ranks(table[name]) for name in columns]
    if math.prod(size for _, size in ranked) >= 2**63:
        return np.lexsort([rank for rank, _ in reversed(ranked)])
    key = np.zeros(table.num_rows, dtype=np.int64)
    for rank, size in ranked:
        key *= size
        key += rank
    return np.argsort(key, kind="stable")


def groups(table: pa.Table, column: str) -> list[np.ndarray]:
    """Row positions of each distinct value of ``column``, values in sorted order, positions in
    table order: sorting each group by the other keys (:func:`sort_order`, stable) and putting the
    groups one after the other gives the table's stable sort by ``column`` then those keys."""
    rank, size = _ranks(table[column])
    by_value = np.argsort(rank, kind="stable")
    ends = np.cumsum(np.bincount(rank, minlength=size))
    return [by_value[start:end] for start, end in zip([0, *ends[:-1].tolist()], ends.tolist(), strict=True) if end > start]
