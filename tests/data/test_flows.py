"""Flow reader: one flow file (tidy records, dtypes, quirks, warnings, empty files) and a whole source
(its files, records of every file, all or nothing, parallel reading)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.common.errors import DataError, Problem
from helpers.data import flows
from helpers.data.flows import TIDY_COLUMNS, read_flow_bytes, read_source
from helpers.data.labels import LabelSet
from tests.data.conftest import FLOWS, read_fixture

# --- happy path -----------------------------------------------------------------------------------


def test_tidy_columns_dtypes_and_values(labelset: LabelSet) -> None:
    frame = read_fixture("Region_2024_Export.txt", labelset)
    assert list(frame.columns) == TIDY_COLUMNS
    assert str(frame["year"].dtype) == "int16"
    assert str(frame["quarter"].dtype) == "int8"
    assert frame["value_eur"].dtype == "int64"
    assert str(frame["mass_kg"].dtype) == "Int64"
    assert len(frame) == 7
    first = frame.iloc[0]
    assert (first["year"], first["quarter"], first["flow"], first["dep"], first["region"]) == (2024, 1, "E", "11", "12")
    assert (first["a129"], first["cpf4"], first["country"], first["value_eur"], first["mass_kg"]) == ("A01Z", "0111", "BE", 1000, 50)
    assert pd.isna(frame.iloc[1]["mass_kg"])  # empty mass = unknown
    assert frame.loc[frame["dep"] == "9D", "value_eur"].item() == 10
    assert frame["value_eur"].sum() == 1_500_703_557


def test_crlf_mixed_line_ends_trailing_semicolon_empty_mass(labelset: LabelSet) -> None:
    data = (FLOWS / "Region_2024_Import.txt").read_bytes()
    assert b"\r\n" in data and b"100\n" in data and data.endswith(b"\r\n\r\n")  # premises
    frame = read_fixture("Region_2024_Import.txt", labelset)
    assert len(frame) == 4
    assert frame["value_eur"].tolist() == [300, 45000, 8000, 250_000_000]
    assert frame["mass_kg"].tolist()[:1] == [20]
    assert pd.isna(frame["mass_kg"].iloc[1]) and pd.isna(frame["mass_kg"].iloc[3])
    assert frame["mass_kg"].iloc[2] == 100
    assert not frame["country"].str.contains("\r").any()


def test_rolling_file_spans_two_years(labelset: LabelSet) -> None:
    frame = read_fixture("REGIONAL_CPF4PAYSE.txt", labelset)
    assert sorted(zip(frame["year"].tolist(), frame["quarter"].tolist(), strict=True)) == [
        (2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1)
    ]


def test_bom_in_flow_file_is_dropped(labelset: LabelSet) -> None:
    data = b"\xef\xbb\xbf" + (FLOWS / "REGIONAL_CPF4PAYSE.txt").read_bytes()
    frame = read_flow_bytes("REGIONAL_CPF4PAYSE.txt", data, labelset, "E")
    assert frame["flow"].iloc[0] == "E" and len(frame) == 5


def test_label_out_of_validity_is_a_warning(labelset: LabelSet) -> None:
    frame = read_fixture("validity_warning.txt", labelset)
    assert len(frame) == 2
    warnings = frame.attrs["warnings"]
    assert len(warnings) == 1
    assert (warnings[0].line, warnings[0].field, warnings[0].value) == (2, "code pays", "ZZ")


# --- empty files ----------------------------------------------------------------------------------


def test_empty_file(labelset: LabelSet) -> None:
    with pytest.raises(DataError) as info:
        read_fixture("empty.txt", labelset)
    assert info.value.problems[0].file == "empty.txt"
    assert "vide" in info.value.problems[0].rule


def test_only_blank_lines_is_empty(labelset: LabelSet) -> None:
    with pytest.raises(DataError, match="vide"):
        read_flow_bytes("blank.txt", b"\r\n\r\n", labelset, None)


@pytest.mark.parametrize("payload", [b"\x0b", b"\x0c\r\n\x1c\x1f", " \u2028\x85\u3000".encode("utf-8"), b"\xef\xbb\xbf\x0b\n\t"])
def test_only_unicode_whitespace_is_empty_not_zero_records(labelset: LabelSet, payload: bytes) -> None:
    """Any whitespace the parser drops as a blank line (vertical tab, form feed, U+2028…) makes an
    empty file, refused as such (it used to load as zero records)."""
    with pytest.raises(DataError, match="fichier de flux vide"):
        read_flow_bytes("blank.txt", payload, labelset, None)


def test_a_short_file_with_one_record_is_not_taken_for_blank(labelset: LabelSet) -> None:
    frame = read_flow_bytes("one.txt", b"E;1;2024;11;12;A01Z;0111;BE;9;\n\x0b", labelset, None)
    assert len(frame) == 1


# --- a whole source: its files, records of every file, all or nothing, parallel reading --------------


def test_read_source_txt_with_labels_beside(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt")
    dataset = read_source(folder / "Region_2024_Export.txt")
    assert len(dataset.records) == 7
    names = sorted(f.name for f in dataset.files)
    assert names == sorted(["Region_2024_Export.txt", "Libelle_PAYS.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Departement_region.txt"])
    export = next(f for f in dataset.files if f.name == "Region_2024_Export.txt")
    import hashlib

    data = (FLOWS / "Region_2024_Export.txt").read_bytes()
    assert export.sha256 == hashlib.sha256(data).hexdigest() and export.size == len(data)
    assert set(dataset.labels.pays["code"]) >= {"BE", "QU"}


def test_read_source_folder_concatenates_files(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt", "Region_2024_Import.txt")
    records = read_source(folder).records
    assert len(records) == 11
    sums = records.groupby("flow")["value_eur"].sum().to_dict()
    assert sums == {"E": 1_500_703_557, "I": 250_053_300}
    assert list(records.columns) == TIDY_COLUMNS


def test_all_or_nothing_across_files(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt", ("quarter.txt", "Region_2023_Export.txt"))
    with pytest.raises(DataError) as info:
        read_source(folder)
    assert [p.file for p in info.value.problems] == ["Region_2023_Export.txt"]


def test_warnings_are_collected(source_dir) -> None:
    folder = source_dir("validity_warning.txt")
    dataset = read_source(folder)
    assert dataset.warnings == [
        Problem("validity_warning.txt", 2, "code pays", "ZZ", dataset.warnings[0].rule)
    ]
    assert "2023" in dataset.warnings[0].rule


def test_list_source_files_matches_read_source(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt", "Region_2024_Import.txt")
    listed = flows.list_source_files(folder)
    assert listed == read_source(folder).files


def test_parallel_reading_gives_what_one_file_at_a_time_gives(source_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome(folder: Path) -> object:
        try:
            dataset = read_source(folder)
        except DataError as error:
            return error.problems, error.total, error.warnings
        return dataset.records, dataset.warnings, dataset.files

    good = source_dir("Region_2024_Export.txt", "Region_2024_Import.txt", "validity_warning.txt", name="good")
    bad = source_dir(("quarter.txt", "Region_2023_Export.txt"), ("duplicate.txt", "Region_2022_Export.txt"), "Region_2024_Import.txt", name="bad")
    parallel = {folder: outcome(folder) for folder in (good, bad)}
    monkeypatch.setattr(flows, "PARALLEL_READ_BYTES", 0)  # one file at a time
    for folder, expected in parallel.items():
        got = outcome(folder)
        if isinstance(expected[0], pd.DataFrame):
            pd.testing.assert_frame_equal(got[0], expected[0], check_exact=True)
            assert got[1:] == expected[1:]
        else:
            assert got == expected
    assert isinstance(parallel[good][0], pd.DataFrame) and len(parallel[good][1]) == 1
    assert [p.file for p in parallel[bad][0]] == ["Region_2022_Export.txt", "Region_2023_Export.txt"]
