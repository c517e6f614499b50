"""The compact records of the cache step: same sort as pandas, same schema back, 16-bit codes."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from helpers.data import store, store_compact


def _tiny_records(**changes: list) -> pd.DataFrame:
    """Five records in TIDY_COLUMNS order, unsorted, two sharing every sort key (a tie kept in order)."""
    frame = pd.DataFrame(
        {
            "year": pd.array([2024, 2023, 2024, 2024, 2023], dtype="int16"), "quarter": pd.array([2, 1, 1, 2, 4], dtype="int8"),
            "flow": pd.Series(["E", "I", "E", "E", "E"], dtype="str"), "dep": pd.Series(["34", "11", "11", "34", "11"], dtype="str"),
            "region": pd.Series(["12"] * 5, dtype="str"), "a129": pd.Series(["C11Z"] * 5, dtype="str"),
            "cpf4": pd.Series(["1102", "0111", "1102", "1102", "0111"], dtype="str"), "country": pd.Series(["DE", "BE", "US", "DE", "BE"], dtype="str"),
            "value_eur": [5, 4, 3, 2, 1], "mass_kg": pd.array([1, None, 3, 4, 5], dtype="Int64"),
        }
    )
    for column, values in changes.items():
        frame[column] = pd.Series(values, dtype="str") if column in store_compact.CODE_COLUMNS else values
    return frame


def _sorted_by_groups(parts: list[pd.DataFrame]) -> pa.Table:
    """What store._write writes, row group after row group: compact files, grouped by dep, sorted, decoded."""
    table = store_compact.combine([store_compact.compact(p) for p in parts])
    schema = store_compact.tidy_schema(table)
    units = []
    for rows in store_compact.groups(table, "dep"):
        unit = table.take(pa.array(rows))
        units.append(store_compact.decoded(unit.take(pa.array(store_compact.sort_order(unit, store.SORT_COLUMNS[1:]))), schema))
    return pa.concat_tables(units)


@pytest.mark.parametrize("changes", [{}, {"country": ["DE", None, "US", "DE", "BE"]}])
def test_grouped_sort_is_pandas_stable_sort_with_the_same_schema(changes: dict) -> None:
    records = _tiny_records(**changes)
    table = _sorted_by_groups([records.iloc[:2], records.iloc[2:]])  # two files
    expected = pa.Table.from_pandas(records.sort_values(store.SORT_COLUMNS, kind="stable").reset_index(drop=True), preserve_index=False)
    assert table.equals(expected) and table.schema.equals(expected.schema, check_metadata=True)
    if not changes:  # by hand: the Aude's 2023 E, 2023 I, 2024 E, then the Hérault's tie in file order (values 5, 2)
        assert table["value_eur"].to_pylist() == [1, 4, 3, 5, 2]


def test_codes_are_held_with_16_bit_indices_and_one_dictionary_per_column() -> None:
    records = _tiny_records()
    table = store_compact.combine([store_compact.compact(records.iloc[:2]), store_compact.compact(records.iloc[2:])])
    assert table.schema.field("cpf4").type == pa.dictionary(pa.int16(), pa.large_string())
    assert table["dep"].chunk(0).dictionary.equals(table["dep"].chunk(1).dictionary)
    assert table.schema.field("value_eur").type == pa.int64()


def test_groups_list_rows_by_sorted_value_in_table_order() -> None:
    table = store_compact.compact(_tiny_records())
    assert [rows.tolist() for rows in store_compact.groups(table, "dep")] == [[1, 2, 4], [0, 3]]
    assert [rows.tolist() for rows in store_compact.groups(table, "year")] == [[1, 4], [0, 2, 3]]
