"""Parquet cache: built once per set of source files, sliced by département, totals consistent."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers.common.errors import DataError
from helpers.data import flows, store
from tests.data.conftest import FLOWS


@pytest.fixture
def source(source_dir) -> Path:
    return source_dir("Region_2024_Export.txt", "Region_2024_Import.txt", "validity_warning.txt")


@pytest.fixture
def cache(source: Path, tmp_path: Path) -> Path:
    return store.ensure_cache(source, tmp_path / "cache")


def test_cache_layout_and_manifest(cache: Path, source: Path) -> None:
    names = {p.name for p in cache.iterdir()}
    assert {"records.parquet", "totals.parquet", "manifest.json"} <= names
    assert {f"labels_{k}.parquet" for k in ("pays", "cpf4", "a129", "departements")} <= names
    manifest = store.read_manifest(cache)
    assert manifest["records"] == 7 + 4 + 2
    assert manifest["years"] == [2023, 2024]
    assert manifest["quarters"] == {"2023": [1], "2024": [1, 2, 3, 4]}
    files = {f["name"]: f for f in manifest["files"]}
    data = (FLOWS / "Region_2024_Import.txt").read_bytes()
    assert files["Region_2024_Import.txt"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert files["Region_2024_Import.txt"]["size"] == len(data)
    assert "Libelle_PAYS.txt" in files
    assert len(manifest["warnings"]) == 1 and "ZZ" in manifest["warnings"][0]
    assert manifest["source"] == str(source.resolve())


def test_no_leftover_temporary_folder(cache: Path) -> None:
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]


def test_second_call_does_not_read_the_source(cache: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: Path) -> None:
        raise AssertionError("read_source ne doit pas être rappelé")

    monkeypatch.setattr(flows, "read_source", fail)
    assert store.ensure_cache(source, cache.parent) == cache


def test_changed_file_gives_new_cache(cache: Path, source: Path) -> None:
    with (source / "Region_2024_Export.txt").open("ab") as handle:
        handle.write(b"E;1;2024;34;12;A01Z;0111;BE;99;1\n")
    other = store.ensure_cache(source, cache.parent)
    assert other != cache
    assert store.read_manifest(other)["records"] == store.read_manifest(cache)["records"] + 1


def test_new_file_gives_new_cache(cache: Path, source: Path) -> None:
    (source / "Region_2022_Export.txt").write_bytes(b"E;1;2022;11;12;A01Z;0111;BE;5;1\r\n")
    other = store.ensure_cache(source, cache.parent)
    assert other != cache
    assert store.read_manifest(other)["years"] == [2022, 2023, 2024]


def test_overlapping_new_file_is_refused_and_writes_nothing(cache: Path, source: Path) -> None:
    shutil.copy(FLOWS / "REGIONAL_CPF4PAYSE.txt", source / "REGIONAL_CPF4PAYSE.txt")  # holds exports of 2024 again
    with pytest.raises(DataError, match="recouvrent"):
        store.ensure_cache(source, cache.parent)
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]


def test_invalid_source_writes_nothing(source_dir, tmp_path: Path) -> None:
    folder = source_dir(("quarter.txt", "Region_2024_Export.txt"), name="bad")
    root = tmp_path / "cache-bad"
    with pytest.raises(DataError):
        store.ensure_cache(folder, root)
    assert not root.exists() or not any(root.iterdir())


def test_slice_equals_filtered_full_table(cache: Path) -> None:
    full = store.read_records(cache)
    assert len(full) == 13
    assert list(full.columns) == flows.TIDY_COLUMNS
    for dep in ("11", "34", "9D", "20"):
        part = store.read_records(cache, dep=dep)
        expected = full[full["dep"] == dep].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, expected)
    part = store.read_records(cache, dep="11", year=2024, flow="I")
    assert part["value_eur"].tolist() == [300]
    assert store.read_records(cache, dep="11", year=2023)["value_eur"].tolist() == [10, 20]
    assert store.read_records(cache, dep="34", year=2023).empty


def test_a_units_records_every_year_from_its_row_group(cache: Path) -> None:
    table = store.read_unit(cache, "11", ["year", "flow", "country", "value_eur"])
    assert table.column_names == ["year", "flow", "country", "value_eur"]
    rows = sorted(zip(*(table[c].to_pylist() for c in table.column_names), strict=True))
    assert rows == [(2023, "E", "BE", 10), (2023, "E", "ZZ", 20), (2024, "E", "BE", 1000), (2024, "E", "DE", 2500), (2024, "I", "ES", 300)]
    assert store.read_unit(cache, "9D", ["value_eur"])["value_eur"].to_pylist() == [10]
    assert store.read_unit(cache, "99", ["year", "value_eur"]).num_rows == 0  # Monaco: no records


def test_records_keep_dtypes(cache: Path) -> None:
    records = store.read_records(cache, dep="11")
    assert str(records["year"].dtype) == "int16"
    assert str(records["quarter"].dtype) == "int8"
    assert records["value_eur"].dtype == "int64"
    assert str(records["mass_kg"].dtype) == "Int64"
    assert records["mass_kg"].isna().sum() == 1  # E;1;2024;11;…;2011;DE;2500; (empty mass)
    assert len(records) == 5


def test_one_row_group_per_departement(cache: Path) -> None:
    meta = pq.ParquetFile(cache / "records.parquet").metadata
    dep_index = meta.schema.to_arrow_schema().get_field_index("dep")
    seen = []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(dep_index).statistics
        assert stats.min == stats.max
        seen.append(stats.min)
    assert seen == sorted({"11", "20", "31", "34", "75", "9D"})


def test_totals_equal_sums_of_records(cache: Path) -> None:
    totals = store.read_totals(cache)
    assert list(totals.columns) == ["year", "flow", "dep", "region", "value_eur"]
    records = store.read_records(cache)
    expected = records.groupby(["year", "flow", "dep", "region"])["value_eur"].sum()
    got = totals.set_index(["year", "flow", "dep", "region"])["value_eur"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_dtype=False)
    by_flow = totals.groupby("flow")["value_eur"].sum().to_dict()
    assert by_flow == {"E": 1_500_703_557 + 30, "I": 250_053_300}
    aude = totals[(totals["dep"] == "11") & (totals["flow"] == "E")].set_index("year")["value_eur"].to_dict()
    assert aude == {2023: 10 + 20, 2024: 1000 + 2500}


def test_read_labels_for_year(cache: Path) -> None:
    pays = store.read_labels(cache, "pays", 2024)
    assert list(pays.columns) == ["code", "label"]
    assert dict(zip(pays["code"], pays["label"], strict=True))["QU"] == "Pays non déterminés"
    old = store.read_labels(cache, "pays", 1995)
    assert dict(zip(old["code"], old["label"], strict=True))["QU"] == "Pays inconnus (ancien libellé)"
    cpf4 = store.read_labels(cache, "cpf4", 2024)
    assert dict(zip(cpf4["code"], cpf4["label"], strict=True))["0893"] == "Sel ; eau de mer"
    deps = store.read_labels(cache, "departements", 2024)
    assert dict(zip(deps["code"], deps["label"], strict=True))["34"] == "Hérault"
    with pytest.raises(KeyError):
        store.read_labels(cache, "communes", 2024)


def test_default_root_is_paths_cache_dir(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMEXT_ROOT", str(tmp_path / "book"))
    folder = store.ensure_cache(source)
    assert folder.parent == tmp_path / "book" / "data" / "cache"


def test_labels_are_read_once_and_callers_get_their_own_copy(demo_cache, monkeypatch):
    first = store.read_labels(demo_cache, "pays", 2024)
    first.loc[first.index[0], "label"] = "modifié par un appelant"
    calls = []
    monkeypatch.setattr(store.pd, "read_parquet", lambda *a, **k: calls.append(a))
    again = store.read_labels(demo_cache, "pays", 2024)
    assert calls == []  # served from memory
    assert "modifié par un appelant" not in set(again["label"])


def test_totals_are_read_once_while_the_file_is_unchanged_and_callers_get_copies(cache: Path, monkeypatch) -> None:
    first = store.read_totals(cache)
    expected = pd.read_parquet(cache / "totals.parquet")
    pd.testing.assert_frame_equal(first, expected)
    first["value_eur"] = 0
    calls = []
    real = store.pd.read_parquet
    monkeypatch.setattr(store.pd, "read_parquet", lambda *a, **k: calls.append(a) or real(*a, **k))
    pd.testing.assert_frame_equal(store.read_totals(cache), expected)
    assert calls == []
    expected.iloc[:1].to_parquet(cache / "totals.parquet", index=False)  # another file (size, time): read again
    assert len(store.read_totals(cache)) == 1 and len(calls) == 1


def test_labels_digest_names_the_labels_read(cache: Path, tmp_path: Path) -> None:
    names = {store.labels_digest(cache, kind, year) for kind in ("pays", "a129", "cpf4") for year in (2023, 2024)}
    assert len(names) == 6
    assert store.labels_digest(cache, "pays", 2024) == store.labels_digest(cache, "pays", 2024)
    copy = tmp_path / "copy"
    shutil.copytree(cache, copy)
    assert store.labels_digest(copy, "pays", 2024) == store.labels_digest(cache, "pays", 2024)  # content, not place
    table = pd.read_parquet(copy / "labels_pays.parquet")
    table.loc[table.index[0], "label"] = "Autre libellé"
    table.to_parquet(copy / "labels_pays.parquet", index=False)
    assert store.labels_digest(copy, "pays", 2024) != store.labels_digest(cache, "pays", 2024)
    with pytest.raises(KeyError):
        store.labels_digest(cache, "communes", 2024)


def test_totals_are_the_grouped_sums_of_the_records(demo_cache: Path) -> None:
    records = store.read_records(demo_cache)
    expected = records.groupby(["year", "flow", "dep", "region"], observed=True, sort=True)["value_eur"].sum().reset_index()
    pd.testing.assert_frame_equal(store.read_totals(demo_cache), expected, check_exact=True)
    manifest = store.read_manifest(demo_cache)
    assert manifest["records"] == len(records)
    assert manifest["quarters"] == {str(y): sorted(set(q.tolist())) for y, q in records.groupby("year")["quarter"]}


def test_records_are_sorted_and_only_codes_are_dictionary_encoded(demo_cache: Path) -> None:
    records = store.read_records(demo_cache)
    pd.testing.assert_frame_equal(records, records.sort_values(store.SORT_COLUMNS, kind="stable").reset_index(drop=True), check_exact=True)
    meta = pq.ParquetFile(demo_cache / "records.parquet").metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    encodings = {name: meta.row_group(0).column(i).encodings for i, name in enumerate(names)}
    assert all("RLE_DICTIONARY" in encodings[c] for c in ("flow", "dep", "region", "a129", "cpf4", "country"))
    assert not any("RLE_DICTIONARY" in encodings[c] for c in ("value_eur", "mass_kg"))
