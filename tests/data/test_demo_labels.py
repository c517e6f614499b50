"""Label files (:mod:`helpers.data.demo_labels`): encodings, quoting, validity periods, codes used, own wording.

Read back from the session's files (``tests/data/conftest.py``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.places.geography import regions, units
from tests import SHARED
from tests.data.demo_support import YEARS, parse_labels

REFERENCE_LABELS = SHARED / "reference" / "dgddi"  # real files, never copied


def test_label_files_encodings_and_line_ends(demo_label_bytes: dict[str, bytes]) -> None:
    assert demo_label_bytes["Libelle_A129.txt"].startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        demo_label_bytes["Libelle_CPF4_rev2.1.txt"].decode("utf-8")
    assert "é" in demo_label_bytes["Libelle_CPF4_rev2.1.txt"].decode("cp1252")
    for name in ("Libelle_PAYS.txt", "Departement_region.txt"):
        assert not demo_label_bytes[name].startswith(b"\xef\xbb\xbf")
        demo_label_bytes[name].decode("utf-8")
    for name, data in demo_label_bytes.items():
        assert data.endswith(b"\r\n"), name
        assert data.count(b"\n") == data.count(b"\r\n"), name


def test_cpf4_labels_with_semicolon_are_quoted(demo_label_bytes: dict[str, bytes]) -> None:
    rows = parse_labels(demo_label_bytes["Libelle_CPF4_rev2.1.txt"], "cp1252")
    assert all(len(row) == 4 for row in rows)
    assert any(";" in row[1] for row in rows)
    assert all(row[2:] == ["201501", "999912"] for row in rows)


def test_country_labels_and_validity_periods(demo_label_bytes: dict[str, bytes]) -> None:
    rows = parse_labels(demo_label_bytes["Libelle_PAYS.txt"], "utf-8")
    assert all(len(row) == 4 and row[2] <= row[3] for row in rows)
    by_code: dict[str, list[list[str]]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    assert by_code["DE"] == [["DE", "Allemagne", "190001", "999912"]]
    for code in ("QP", "QQ", "QR", "QS", "QU", "XC", "XL", "XK"):
        assert code in by_code and by_code[code][-1][3] == "999912"
    multi = {code: periods for code, periods in by_code.items() if len(periods) > 1}
    assert "QU" in multi
    for periods in multi.values():  # successive, non-overlapping periods, the last one still valid
        assert all(a[3] < b[2] for a, b in zip(periods, periods[1:], strict=False))
        assert periods[-1][3] == "999912"
    assert "FR" not in by_code and "MC" not in by_code


def test_departement_region_file(demo_label_bytes: dict[str, bytes]) -> None:
    rows = parse_labels(demo_label_bytes["Departement_region.txt"], "utf-8")
    region_names = {r.dgddi_code: r.dgddi_name for r in regions().values()}
    expected = {(u.dgddi_code, u.name, u.dgddi_region, region_names[u.dgddi_region]) for u in units().values()}
    assert len(rows) == 101
    assert {tuple(row) for row in rows} == expected


@pytest.mark.parametrize("flow", ["E", "I"])
def test_every_code_used_is_labelled(demo_frames: dict[tuple[int, str], pd.DataFrame], demo_label_bytes: dict[str, bytes], flow: str) -> None:
    pays = {row[0] for row in parse_labels(demo_label_bytes["Libelle_PAYS.txt"], "utf-8")}
    cpf4 = {row[0] for row in parse_labels(demo_label_bytes["Libelle_CPF4_rev2.1.txt"], "cp1252")}
    a129 = {row[0] for row in parse_labels(demo_label_bytes["Libelle_A129.txt"], "utf-8-sig")}
    deps = {row[0] for row in parse_labels(demo_label_bytes["Departement_region.txt"], "utf-8")}
    for year in YEARS:
        frame = demo_frames[(year, flow)]
        assert set(frame["pays"].unique()) <= pays
        assert set(frame["cpf4"].unique()) <= cpf4
        assert set(frame["a129"].unique()) <= a129
        assert set(frame["dep"].unique()) <= deps


def test_nomenclature_labels_only_for_codes_used(demo_frames: dict[tuple[int, str], pd.DataFrame], demo_label_bytes: dict[str, bytes]) -> None:
    used = pd.concat([frame[["a129", "cpf4"]] for frame in demo_frames.values()]).drop_duplicates()
    cpf4 = [row[0] for row in parse_labels(demo_label_bytes["Libelle_CPF4_rev2.1.txt"], "cp1252")]
    a129 = [row[0] for row in parse_labels(demo_label_bytes["Libelle_A129.txt"], "utf-8-sig")]
    assert set(cpf4) == set(used["cpf4"]) and 60 <= len(cpf4) <= 120
    assert set(a129) == set(used["a129"]) and 40 <= len(a129) <= 60
    assert (used.groupby("cpf4")["a129"].nunique() == 1).all()  # one A129 parent per product
    parents = dict(zip(used["cpf4"], used["a129"], strict=True))
    assert {parents.get("1102"), parents.get("3030"), parents.get("1920"), parents.get("0610")} == {"C11Z", "C30C", "C19Z", "B06Z"}
    assert {parents.get("2042"), parents.get("2910"), parents.get("2120")} == {"C20B", "C29A", "C21Z"}


def test_nomenclature_labels_are_the_projects_own(demo_label_bytes: dict[str, bytes]) -> None:
    for name, encoding in (("Libelle_CPF4_rev2.1.txt", "cp1252"), ("Libelle_A129.txt", "utf-8-sig")):
        real = {row[0]: row[1].strip().lower() for row in parse_labels((REFERENCE_LABELS / name).read_bytes(), encoding) if len(row) > 1}
        ours = {row[0]: row[1].strip().lower() for row in parse_labels(demo_label_bytes[name], encoding)}
        assert not [code for code, label in ours.items() if real.get(code) == label], name
    assert demo_label_bytes["Libelle_CPF4_rev2.1.txt"] != (REFERENCE_LABELS / "Libelle_CPF4_rev2.1.txt").read_bytes()

