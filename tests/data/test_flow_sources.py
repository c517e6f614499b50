"""The files of a flow source: flow and label files recognised by name, in a .txt, a .zip or a
folder; unreadable archives and members; missing or bad label files; overlapping files."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from helpers.common.errors import DataError
from helpers.data import flow_sources
from helpers.data.flow_sources import flow_kind_from_name
from helpers.data.flows import read_source
from tests.data.conftest import FLOWS, LABELS


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
    monkeypatch.setattr(flow_sources, "MAX_MEMBER_BYTES", size - 1)
    with pytest.raises(DataError) as info:
        read_source(archive)
    assert [p.file for p in info.value.problems] == ["big.zip:Region_2024_Export.txt"]
    assert "trop volumineux" in info.value.problems[0].rule
    monkeypatch.setattr(flow_sources, "MAX_MEMBER_BYTES", size)
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
