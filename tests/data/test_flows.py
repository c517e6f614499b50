"""Flow files: parsing, validation rules (one fixture per failure mode), sources (txt, zip, folder)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers.common.errors import DataError, Problem
from helpers.data import flows
from helpers.data.flows import TIDY_COLUMNS, flow_kind_from_name, read_flow_bytes, read_source
from helpers.data.labels import LabelSet
from tests.data.conftest import FLOWS, LABELS, read_fixture

# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Region_2024_Export.txt", "E"),
        ("Regional-2024-import/Region_2024_Import.txt", "I"),
        ("REGIONAL_CPF4PAYSE.txt", "E"),
        ("REGIONAL_CPF4PAYSI.txt", "I"),
        ("archive.zip:sub/regional_export_2023.TXT", "E"),
        ("donnees.txt", None),
        ("Libelle_PAYS.txt", None),
    ],
)
def test_flow_kind_from_name(name: str, kind: str | None) -> None:
    assert flow_kind_from_name(name) == kind


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


# --- sources: txt, zip, folder ----------------------------------------------------------------------


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


def test_read_source_zip_with_subfolder(make_zip) -> None:
    archive = make_zip("202506_regional_2024_export.zip", {"Region_2024_Export.txt": "Region_2024_Export.txt"}, folder="Regional-2024-export")
    dataset = read_source(archive)
    assert len(dataset.records) == 7
    assert [f.name for f in dataset.files] == ["202506_regional_2024_export.zip"]


def test_error_inside_zip_names_archive_and_member(make_zip) -> None:
    archive = make_zip("regional.zip", {"Region_2024_Export.txt": "quarter.txt"}, folder="Regional-2024-export")
    with pytest.raises(DataError) as info:
        read_source(archive)
    problem = info.value.problems[0]
    assert problem.file == "regional.zip:Regional-2024-export/Region_2024_Export.txt"
    assert (problem.line, problem.field, problem.value) == (2, "trimestre", "5")


def test_folder_of_zips_export_and_import(make_zip, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    for archive in (
        make_zip("e.zip", {"Region_2024_Export.txt": "Region_2024_Export.txt"}, folder="Regional-2024-export"),
        make_zip("i.zip", {"Region_2024_Import.txt": "Region_2024_Import.txt"}, folder="Regional-2024-import"),
    ):
        archive.rename(folder / archive.name)
    (folder / "provenance.json").write_text("{}")
    dataset = read_source(folder)
    assert len(dataset.records) == 11
    assert sorted(f.name for f in dataset.files) == ["e.zip", "i.zip"]


def test_import_record_in_export_zip_member(make_zip) -> None:
    archive = make_zip("x.zip", {"Region_2024_Export.txt": "Region_2024_Import.txt"})
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert info.value.total == 4
    assert all("contraire au fichier" in p.rule for p in info.value.problems)


def test_truncated_zip(make_zip) -> None:
    archive = make_zip("cut.zip", {"Region_2024_Export.txt": "Region_2024_Export.txt"})
    archive.write_bytes(archive.read_bytes()[:200])
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert info.value.problems[0].file == "cut.zip"
    assert "zip" in info.value.problems[0].rule


def test_corrupt_member_data(make_zip) -> None:
    archive = make_zip("bad.zip", {"Region_2024_Export.txt": "Region_2024_Export.txt"})
    data = bytearray(archive.read_bytes())
    start = data.index(b"Region_2024_Export.txt") + len(b"Region_2024_Export.txt")
    for i in range(start + 5, start + 40):  # scramble the compressed data of the first member
        data[i] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert "bad.zip" in info.value.problems[0].file


def test_zip_without_flow_file(tmp_path: Path) -> None:
    archive = tmp_path / "labels.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(LABELS / "Libelle_PAYS.txt", "Libelle_PAYS.txt")
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert info.value.problems[0].file == "labels.zip"
    assert "aucun fichier de flux" in info.value.problems[0].rule


def test_folder_without_flow_file(source_dir) -> None:
    folder = source_dir()
    with pytest.raises(DataError, match="aucun fichier de flux"):
        read_source(folder)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="introuvable"):
        read_source(tmp_path / "nope.zip")


def test_missing_label_file(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt")
    (folder / "Libelle_A129.txt").unlink()
    with pytest.raises(DataError) as info:
        read_source(folder)
    assert "Libelle_A129.txt" in str(info.value)
    assert info.value.problems[0].file == "Region_2024_Export.txt"


def test_bad_label_file_stops_reading(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt")
    shutil.copy(LABELS / "bad" / "cpf4_undefined_byte.txt", folder / "Libelle_CPF4_rev2.1.txt")
    with pytest.raises(DataError) as info:
        read_source(folder)
    assert (info.value.problems[0].file, info.value.problems[0].line) == ("Libelle_CPF4_rev2.1.txt", 2)


def test_all_or_nothing_across_files(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt", ("quarter.txt", "Region_2023_Export.txt"))
    with pytest.raises(DataError) as info:
        read_source(folder)
    assert [p.file for p in info.value.problems] == ["Region_2023_Export.txt"]


def test_overlapping_files_are_refused(source_dir) -> None:
    # the annual 2024 file and the rolling file both hold exports of 2024 T1–T4
    folder = source_dir("Region_2024_Export.txt", "REGIONAL_CPF4PAYSE.txt")
    with pytest.raises(DataError) as info:
        read_source(folder)
    assert all("recouvrent" in p.rule for p in info.value.problems)
    assert info.value.total == 4


def test_rolling_and_import_folder(source_dir) -> None:
    folder = source_dir("REGIONAL_CPF4PAYSE.txt", "Region_2024_Import.txt")
    records = read_source(folder).records
    assert sorted(records["year"].unique().tolist()) == [2024, 2025]


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


def _set_encrypted_flag(archive: Path) -> None:
    """Mark the first member as encrypted (Python's zipfile cannot write encrypted members)."""
    data = bytearray(archive.read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    archive.write_bytes(bytes(data))


def test_encrypted_member_is_a_data_error(make_zip) -> None:
    archive = make_zip("enc.zip", {"Region_2024_Export.txt": "Region_2024_Export.txt"})
    _set_encrypted_flag(archive)
    with pytest.raises(DataError) as info:
        read_source(archive)
    problem = info.value.problems[0]
    assert problem.file == "enc.zip:Region_2024_Export.txt" and "chiffré" in problem.rule


def test_oversized_member_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    content = (FLOWS / "Region_2024_Export.txt").read_bytes() + b"\n" * 10_000  # larger than any label file
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Region_2024_Export.txt", content)
        for label in LABELS.glob("*.txt"):
            zf.write(label, label.name)
    size = len(content)
    monkeypatch.setattr(flows, "MAX_MEMBER_BYTES", size - 1)
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert [p.file for p in info.value.problems] == ["big.zip:Region_2024_Export.txt"]
    assert "trop volumineux" in info.value.problems[0].rule
    monkeypatch.setattr(flows, "MAX_MEMBER_BYTES", size)
    assert len(read_source(archive).records) == 7


def test_empty_member_in_zip(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Region_2024_Export.txt", "")
        for label in LABELS.glob("*.txt"):
            zf.write(label, label.name)
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert info.value.problems[0].file == "empty.zip:Region_2024_Export.txt" and "vide" in info.value.problems[0].rule


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
