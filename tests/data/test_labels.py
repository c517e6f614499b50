"""Label files: decoding (UTF-8, BOM, cp1252), quoting, validity periods — on real DGDDI files too."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.common.errors import DataError
from helpers.data.labels import (
    LABEL_FILENAMES,
    decode_label_bytes,
    labels_for_year,
    read_departement_file,
    read_label_file,
)
from tests.data.conftest import LABELS


def _label(table: pd.DataFrame, code: str) -> str:
    rows = table.loc[table["code"] == code, "label"]
    assert len(rows) == 1, f"{code}: {list(rows)}"
    return rows.iloc[0]


# --- real DGDDI files -------------------------------------------------------------------------


def test_real_cpf4_is_cp1252_with_accents_and_quoted_semicolons(reference: Path) -> None:
    data = (reference / LABEL_FILENAMES["cpf4"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: this copy is not UTF-8
    table = read_label_file("Libelle_CPF4_rev2.1.txt", data)
    assert len(table) == 576
    assert _label(table, "0111") == "Céréales (à l'exclusion du riz), légumineuses et oléagineux"
    assert _label(table, "0893") == "Sel et chlorure de sodium pur ; eau de mer"
    assert table["start"].dtype.kind == "i" and table["end"].dtype.kind == "i"
    assert not table["label"].str.contains("\r").any()


def test_real_a129_bom_dropped(reference: Path) -> None:
    data = (reference / LABEL_FILENAMES["a129"]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = read_label_file("Libelle_A129.txt", data)
    assert table["code"].iloc[0] == "A01Z"
    assert _label(table, "A01Z") == "Produits de la culture et de l\u2019élevage"
    assert len(table) == 76
    assert table["code"].str.fullmatch(r"[A-Z][0-9]{2}[A-Z]").all()


def test_real_pays_codes_listed_several_times(reference: Path) -> None:
    table = read_label_file("Libelle_PAYS.txt", (reference / LABEL_FILENAMES["pays"]).read_bytes())
    assert len(table) == 289
    assert table["code"].nunique() == 286
    row = table[table["code"] == "AN"].iloc[0]
    assert (row["start"], row["end"]) == (190001, 201212)

    y2024, warned = labels_for_year(table, 2024)
    assert _label(y2024, "QU") == "Pays et territoires non déterminés"
    assert _label(y2024, "XK") == "Kosovo"
    assert _label(y2024, "XS") == "Serbie"
    assert _label(y2024, "AM") == "Arménie"
    assert len(y2024) == 286
    assert "AN" in warned  # Antilles néerlandaises ended in 2012
    assert "QU" not in warned and "FR" not in warned

    y1992, _ = labels_for_year(table, 1992)
    assert _label(y1992, "XK") == "Yougoslavie"
    y1995, _ = labels_for_year(table, 1995)
    assert _label(y1995, "QU") == "Pays NDA"
    assert _label(y1995, "XS") == "Saba"


def test_real_pays_gap_takes_nearest_period(reference: Path) -> None:
    table = read_label_file("Libelle_PAYS.txt", (reference / LABEL_FILENAMES["pays"]).read_bytes())
    # QU: 190001–199912 then 201201–: 2005 is 61 months after the first, 73 before the second
    y2005, warned = labels_for_year(table, 2005)
    assert _label(y2005, "QU") == "Pays NDA"
    assert "QU" in warned
    # 2010: 121 months after, 13 before → the later label
    y2010, warned = labels_for_year(table, 2010)
    assert _label(y2010, "QU") == "Pays et territoires non déterminés"
    assert "QU" in warned


def test_real_departements(reference: Path) -> None:
    table = read_departement_file("Departement_region.txt", (reference / LABEL_FILENAMES["departements"]).read_bytes())
    assert list(table.columns) == ["code", "label", "region_code", "region_label"]
    assert len(table) == 101
    by_code = table.set_index("code")
    assert by_code.loc["34", "label"] == "Hérault"
    assert by_code.loc["34", "region_code"] == "12"
    assert by_code.loc["20", "region_code"] == "22"
    assert by_code.loc["99", "region_code"] == "21"
    assert set(by_code.loc[["9A", "9B", "9C", "9D", "9E"], "region_code"]) == {"24"}
    assert "2A" not in by_code.index


# --- project fixtures ---------------------------------------------------------------------------


def test_fixture_cp1252_and_quotes() -> None:
    table = read_label_file("Libelle_CPF4_rev2.1.txt", (LABELS / "Libelle_CPF4_rev2.1.txt").read_bytes())
    assert _label(table, "0111") == "Céréales et légumineuses"
    assert _label(table, "0893") == "Sel ; eau de mer"


def test_decode_prefers_utf8_and_drops_bom() -> None:
    assert decode_label_bytes("x.txt", "\ufeffA;Élevage;1;2\r\n".encode()) == "A;Élevage;1;2\r\n"
    # "é" in UTF-8 is two bytes that cp1252 would show as "Ã©": UTF-8 must win
    assert decode_label_bytes("x.txt", "é".encode()) == "é"
    assert decode_label_bytes("x.txt", b"\xe9t\xe9") == "été"


def test_undefined_cp1252_byte_names_file_and_line() -> None:
    data = (LABELS / "bad" / "cpf4_undefined_byte.txt").read_bytes()
    with pytest.raises(DataError) as info:
        read_label_file("Libelle_CPF4_rev2.1.txt", data)
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.value) == ("Libelle_CPF4_rev2.1.txt", 2, "0x81")
    assert "cp1252" in problem.rule


def test_control_character_names_file_and_line() -> None:
    data = (LABELS / "bad" / "pays_control_char.txt").read_bytes()
    with pytest.raises(DataError) as info:
        read_label_file("Libelle_PAYS.txt", data)
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.field, problem.value) == ("Libelle_PAYS.txt", 2, "libellé", "U+0007")
    assert "contrôle" in problem.rule


def test_bad_validity_date_names_line() -> None:
    with pytest.raises(DataError) as info:
        read_label_file("Libelle_PAYS.txt", (LABELS / "bad" / "pays_bad_date.txt").read_bytes())
    problem = info.value.problems[0]
    assert (problem.line, problem.field, problem.value) == (2, "début", "1900")


def test_lf_crlf_trailing_semicolon_and_empty_lines() -> None:
    data = b"AA;Un;200001;999912;\nBB;Deux;200001;201012\r\n\r\n"
    table = read_label_file("p.txt", data)
    assert table.to_dict("records") == [
        {"code": "AA", "label": "Un", "start": 200001, "end": 999912},
        {"code": "BB", "label": "Deux", "start": 200001, "end": 201012},
    ]


def test_wrong_field_count_is_an_error() -> None:
    with pytest.raises(DataError) as info:
        read_label_file("p.txt", b"AA;Un;200001;999912\nBB;Deux\n")
    assert info.value.problems[0].line == 2
    assert "4 champs" in info.value.problems[0].rule


def test_departement_file_tolerates_validity_columns() -> None:
    table = read_departement_file("d.txt", b"11;Aude;12;Occitanie;201601;999912\r\n75;Paris;03;Ile-de-France\r\n")
    assert table.to_dict("records") == [
        {"code": "11", "label": "Aude", "region_code": "12", "region_label": "Occitanie"},
        {"code": "75", "label": "Paris", "region_code": "03", "region_label": "Ile-de-France"},
    ]


def test_departement_duplicate_code_is_an_error() -> None:
    with pytest.raises(DataError) as info:
        read_departement_file("d.txt", b"11;Aude;12;Occitanie\n11;Aude bis;12;Occitanie\n")
    assert info.value.problems[0].line == 2


def test_labels_for_year_prefers_valid_then_latest() -> None:
    table = pd.DataFrame(
        {
            "code": ["A", "A", "B", "C", "C"],
            "label": ["a-old", "a-new", "b", "c-before", "c-after"],
            "start": [190001, 202407, 190001, 190001, 203001],
            "end": [202406, 999912, 201012, 202001, 999912],
        }
    )
    chosen, warned = labels_for_year(table, 2024)
    assert dict(zip(chosen["code"], chosen["label"], strict=True)) == {"A": "a-new", "B": "b", "C": "c-before"}
    assert warned == ["B", "C"]
    chosen, warned = labels_for_year(table, 2023)
    assert dict(zip(chosen["code"], chosen["label"], strict=True))["A"] == "a-old"
    assert warned == ["B", "C"]
    chosen, warned = labels_for_year(table, 2029)
    assert dict(zip(chosen["code"], chosen["label"], strict=True))["C"] == "c-after"
