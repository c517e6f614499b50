"""Demonstration data: official format, exact 2024 calibration, realistic shape, determinism.

The files are generated once per session and read back with an independent reader
(``zipfile`` + ``pandas.read_csv``), never with the generator's internals.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.common.errors import ConfigError
from helpers.common.formatting import NBSP, share_france, share_region
from helpers.data import demo, demo_allocate, demo_records, provenance
from helpers.places.geography import regions, units
from tests import SHARED

YEARS = (2023, 2024)
FIELDS = ["flux", "trimestre", "annee", "dep", "region", "a129", "cpf4", "pays", "valeur", "masse"]
KEY = [f for f in FIELDS if f not in ("valeur", "masse")]
LABEL_NAMES = ("Libelle_PAYS.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Departement_region.txt")
REFERENCE_LABELS = SHARED / "reference" / "dgddi"  # real files, never copied


def zip_path(folder: Path, year: int, flow: str) -> Path:
    name = "export" if flow == "E" else "import"
    return folder / f"{year}12_regional_{year}_{name}.zip"


def member_bytes(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def flow_member(members: dict[str, bytes]) -> bytes:
    (name,) = [n for n in members if n.split("/")[-1].startswith("Region_")]
    return members[name]


def label_member(members: dict[str, bytes], label: str) -> bytes:
    (name,) = [n for n in members if n.endswith("/" + label)]
    return members[name]


def parse_labels(data: bytes, encoding: str) -> list[list[str]]:
    text = data.decode(encoding)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") if row]


@pytest.fixture(scope="session")
def generated(demo_data: Path) -> tuple[Path, list[Path]]:
    """The session's demo folder (see conftest) and the paths ``generate`` reports for it."""
    return demo_data, demo.generate(demo_data, years=YEARS)


@pytest.fixture(scope="session")
def folder(generated: tuple[Path, list[Path]]) -> Path:
    return generated[0]


@pytest.fixture(scope="session")
def raw(folder: Path) -> dict[tuple[int, str], bytes]:
    """Flow-file bytes by (year, flow)."""
    return {(y, f): flow_member(member_bytes(zip_path(folder, y, f))) for y in YEARS for f in "EI"}


@pytest.fixture(scope="session")
def records(raw: dict[tuple[int, str], bytes]) -> dict[tuple[int, str], pd.DataFrame]:
    """Flow records by (year, flow), all fields as text, value as int64."""
    out = {}
    for key, data in raw.items():
        frame = pd.read_csv(io.BytesIO(data), sep=";", header=None, dtype=str, keep_default_na=False, names=FIELDS)
        frame["valeur"] = frame["valeur"].astype("int64")
        out[key] = frame
    return out


@pytest.fixture(scope="session")
def labels(folder: Path) -> dict[str, bytes]:
    members = member_bytes(zip_path(folder, 2024, "E"))
    return {name: label_member(members, name) for name in LABEL_NAMES}


def total(frame: pd.DataFrame, **where: str) -> int:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    return int(frame.loc[mask, "valeur"].sum())


def top(frame: pd.DataFrame, column: str, **where: str) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for col, value in where.items():
        mask &= (frame[col] == value).to_numpy()
    return frame.loc[mask].groupby(column)["valeur"].sum().sort_values(ascending=False)


# --- Files, members, provenance --------------------------------------------------------------


def test_returns_zips_then_provenance(generated: tuple[Path, list[Path]]) -> None:
    folder, written = generated
    expected = [zip_path(folder, y, f) for y in YEARS for f in "EI"] + [folder / "provenance.json"]
    assert written == expected
    assert all(p.is_file() for p in written)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_zip_members_fixed_names_order_and_timestamps(folder: Path, year: int, flow: str) -> None:
    name = "export" if flow == "E" else "import"
    with zipfile.ZipFile(zip_path(folder, year, flow)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [
        f"Regional-{year}-{name}/Region_{year}_{name.capitalize()}.txt",
        *(f"Regional-{year}-{name}/{label}" for label in LABEL_NAMES),
    ]
    assert {i.date_time for i in infos} == {(year, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_provenance_records_every_zip(folder: Path) -> None:
    prov = provenance.read(folder)
    assert prov is not None
    assert prov.source == "demo" and prov.synthetic is True
    names = sorted(zip_path(folder, y, f).name for y in YEARS for f in "EI")
    assert [f.name for f in prov.files] == names
    for record in prov.files:
        path = folder / record.name
        assert record.sha256 == provenance.sha256_of(path)
        assert record.size == path.stat().st_size
        assert record.generated is True
        assert record.downloaded is None and record.url is None


# --- Record format -----------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_flow_file_format(raw: dict[tuple[int, str], bytes], year: int, flow: str) -> None:
    data = raw[(year, flow)]
    data.decode("ascii")  # ASCII only
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # one line-end convention
    assert all(line.count(b";") == 9 for line in lines)  # exactly 10 fields, no header
    first = lines[0].decode().split(";")
    assert first[0] == flow and first[2] == str(year)


def _small_records(**changes: str) -> pd.DataFrame:
    """Three records in :func:`demo_records.flow_records`' columns (one with an unknown mass), ``changes``
    applied to the first one."""
    frame = pd.DataFrame(
        {
            "flux": ["E", "E", "E"], "trimestre": [1, 4, 2], "annee": [2024, 2024, 2024],
            "departement": ["11", "11", "9D"], "region": ["12", "12", "24"], "a129": ["A01Z", "C11Z", "A01Z"],
            "cpf4": ["0111", "1102", "0111"], "pays": ["BE", "DE", "MU"], "valeur": [406_473, 5, 10**12],
            "masse": pd.array([1_210_935, None, 0], dtype="Int64"),
        }
    )
    for column, value in changes.items():
        frame.loc[0, column] = value
    return frame


def test_flow_text_is_what_a_plain_csv_writer_writes() -> None:
    records = demo_records.flow_records(2024, "I")
    assert records["masse"].isna().any()  # premise: unknown masses are written too
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in records.astype(object).itertuples(index=False):
        writer.writerow(["" if pd.isna(value) else value for value in row])
    assert demo.flow_text(records) == buffer.getvalue().encode("ascii")
    assert demo.flow_text(_small_records()) == (
        b"E;1;2024;11;12;A01Z;0111;BE;406473;1210935\r\nE;4;2024;11;12;C11Z;1102;DE;5;\r\nE;2;2024;9D;24;A01Z;0111;MU;1000000000000;0\r\n"
    )


@pytest.mark.parametrize("pays", ["B;E", 'B"E', "B\r\nE", "BÉ"])
def test_flow_text_refuses_a_field_that_is_not_a_plain_ascii_code(pays: str) -> None:
    with pytest.raises(ValueError):
        demo.flow_text(_small_records(pays=pays))


def test_flow_records_columns_and_dtypes() -> None:
    records = demo_records.flow_records(2023, "E")
    assert list(records.columns) == ["flux", "trimestre", "annee", "departement", "region", "a129", "cpf4", "pays", "valeur", "masse"]
    assert {c: str(records[c].dtype) for c in records.columns} == {
        "flux": "str", "trimestre": "int64", "annee": "int64", "departement": "str", "region": "str", "a129": "str",
        "cpf4": "str", "pays": "str", "valeur": "int64", "masse": "Int64",
    }
    assert set(records["flux"]) == {"E"} and set(records["annee"]) == {2023}
    keys = records[["departement", "cpf4", "pays", "trimestre"]].astype(str)
    assert not keys.duplicated().any()
    assert keys.equals(keys.sort_values(["departement", "cpf4", "pays", "trimestre"]))  # sorted: unit, product, partner, quarter


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_field_values(records: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    frame = records[(year, flow)]
    assert set(frame["flux"]) == {flow}
    assert set(frame["annee"]) == {str(year)}
    assert set(frame["trimestre"]) == {"1", "2", "3", "4"}
    assert frame["valeur"].min() > 0 and frame["valeur"].max() < 10**12
    masses = frame["masse"]
    assert masses.str.fullmatch(r"\d*").all()
    empty = int((masses == "").sum())
    assert 0 < empty < 0.01 * len(frame)  # a few unknown masses, as in real files
    assert frame["dep"].str.fullmatch(r"[0-9][0-9A-E]").all()
    assert frame["cpf4"].str.fullmatch(r"\d{4}").all()
    assert frame["a129"].str.fullmatch(r"[A-S]\d\d[A-Z]").all()
    assert frame["pays"].str.fullmatch(r"[A-Z]{2}").all()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_no_duplicate_keys(records: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    assert not records[(year, flow)].duplicated(KEY).any()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_all_101_units_with_their_dgddi_region(records: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    frame = records[(year, flow)]
    expected = {u.dgddi_code: u.dgddi_region for u in units().values()}
    assert len(expected) == 101
    pairs = dict(frame[["dep", "region"]].drop_duplicates().itertuples(index=False))
    assert pairs == expected


@pytest.mark.parametrize("flow", ["E", "I"])
def test_record_count_in_the_hundreds_of_thousands(records: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    for year in YEARS:
        assert 200_000 <= len(records[(year, flow)]) <= 1_000_000


def test_long_tail_of_small_flows(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    values = records[(2024, "E")]["valeur"]
    assert (values < 10_000).mean() > 0.05  # many small records…
    assert values.max() > 100_000_000  # …and a few very large ones


# --- Exact 2024 calibration ----------------------------------------------------------------------

CALIBRATION = {
    "E": {"11": 1_966_000_000, "34": 2_674_200_000, "occitanie": 49_453_900_000, "france": 580_354_500_000},
    "I": {"11": 2_211_900_000, "34": 4_818_700_000, "occitanie": 37_655_400_000, "france": 684_776_300_000},
}


@pytest.mark.parametrize("flow", ["E", "I"])
def test_2024_totals_are_exactly_the_published_ones(records: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    frame = records[(2024, flow)]
    expected = CALIBRATION[flow]
    assert total(frame, dep="11") == expected["11"]
    assert total(frame, dep="34") == expected["34"]
    assert total(frame, region="12") == expected["occitanie"]
    assert total(frame) == expected["france"]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_no_two_units_share_a_total(records: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    """Round weights once gave identical totals to several départements: a tell-tale of fake data."""
    shown = records[(year, flow)].groupby("dep")["valeur"].sum().floordiv(100_000)  # as printed, 0.1 M€
    assert shown.duplicated().sum() == 0, shown[shown.duplicated(keep=False)].sort_values().to_dict()


@pytest.mark.parametrize(
    ("dep", "flow", "region_share", "france_share"),
    [
        ("11", "E", "4 %", "0,34 %"),
        ("11", "I", "5,9 %", "0,32 %"),
        ("34", "E", "5,4 %", "0,46 %"),
        ("34", "I", "12,8 %", "0,70 %"),
    ],
)
def test_published_shares(records: dict[tuple[int, str], pd.DataFrame], dep: str, flow: str, region_share: str, france_share: str) -> None:
    frame = records[(2024, flow)]
    part = total(frame, dep=dep)
    assert share_region(part, total(frame, region="12")) == region_share.replace(" ", NBSP)
    assert share_france(part, total(frame)) == france_share.replace(" ", NBSP)


@pytest.mark.parametrize("flow", ["E", "I"])
def test_2023_is_plausible_and_different(records: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    by_unit = {y: records[(y, flow)].groupby("dep")["valeur"].sum() for y in YEARS}
    ratio = by_unit[2023] / by_unit[2024]
    assert total(records[(2023, flow)]) != total(records[(2024, flow)])
    assert 0.9 < total(records[(2023, flow)]) / total(records[(2024, flow)]) < 1.1
    assert ratio.between(0.75, 1.35).all()
    assert ratio.std() > 0.01  # per-unit differences, not one global factor


# --- Realistic shape ---------------------------------------------------------------------------------


def test_first_export_products(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = records[(2024, "E")]
    assert top(exports, "a129", dep="11").index[0] == "C11Z"  # Aude: beverages (wine)
    assert top(exports, "a129", dep="34").index[0] == "C11Z"  # Hérault: beverages (wine)
    assert top(exports, "a129", dep="31").index[0] == "C30C"  # Haute-Garonne: aircraft


def test_paris_imports_natural_gas_and_electricity(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    imports = records[(2024, "I")]
    paris = top(imports, "cpf4", dep="75")
    assert paris["0620"] > 0.1 * paris.sum()  # natural gas, attributed to Paris
    assert paris["3511"] > 0
    gas = top(imports, "dep", cpf4="0620")
    assert gas.index[0] == "75" and gas.iloc[0] > 0.9 * gas.sum()


def test_port_departements_import_hydrocarbons(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    imports = records[(2024, "I")]
    crude = top(imports, "dep", cpf4="0610")
    assert set(crude.index[:3]) == {"13", "76", "44"}
    for dep in ("13", "76", "44"):
        assert top(imports, "a129", dep=dep).index[0] == "B06Z"


def test_occitanie_shape(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = records[(2024, "E")]
    occitanie = total(exports, region="12")
    assert 0.58 < total(exports, dep="31") / occitanie < 0.64
    aerospace = total(exports, region="12", a129="C30C") / occitanie
    assert 0.5 < aerospace < 0.62
    partners = top(exports, "pays", region="12")
    assert {"DE", "ES"} <= set(partners.index[:3])
    assert {"CN", "US", "IN", "GB"} <= set(partners.index[:10])


def test_wine_of_languedoc_goes_first_to_germany(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = records[(2024, "E")]
    for dep in ("11", "34"):
        assert top(exports, "pays", dep=dep, cpf4="1102").index[0] == "DE"


def test_aube_exports_clothing(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = records[(2024, "E")]
    assert 0.2 < total(exports, dep="10", a129="C14Z") / total(exports, dep="10") < 0.3


def test_france_partners(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = records[(2024, "E")], records[(2024, "I")]
    out, into = top(exports, "pays"), top(imports, "pays")
    assert out.index[0] == "DE" and into.index[0] == "DE"
    assert "CN" in into.index[:3] and into["CN"] > 2 * out["CN"]  # China much bigger at import
    main = {"DE", "US", "IT", "BE", "ES", "GB", "CN", "NL", "CH"}
    assert main <= set(out.index[:12]) and main <= set(into.index[:12])
    for series in (out, into):
        assert 0.58 < series.iloc[:10].sum() / series.sum() < 0.76  # about two thirds


def test_regions_near_published_totals(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = records[(2024, "E")], records[(2024, "I")]
    published = {"03": 141_600e6, "18": 71_300e6, "01": 68_000e6, "13": 67_600e6, "07": 12_300e6}
    for region, value in published.items():
        assert abs(total(exports, region=region) / value - 1) < 0.05, region
    assert abs(total(imports, region="13") / 63_400e6 - 1) < 0.05
    assert abs(total(imports, region="07") / 13_900e6 - 1) < 0.05


def test_drom_import_far_more_than_they_export(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = records[(2024, "E")], records[(2024, "I")]
    for dep in ("9A", "9B", "9C", "9D", "9E"):
        assert total(imports, dep=dep) > 3 * total(exports, dep=dep)
    assert "KM" in top(exports, "pays", dep="9E").index[:3]  # Mayotte trades with its neighbours
    assert "MU" in top(exports, "pays", dep="9D").index[:5]


def test_special_partner_codes_carry_small_amounts(records: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = records[(2024, "E")]
    special = top(exports, "pays")
    present = {c for c in ("QP", "QQ", "QR", "QS", "QU") if c in special.index}
    assert {"QU", "QR", "QS"} <= present
    assert special[list(present)].sum() < 0.02 * special.sum()


@pytest.mark.parametrize("flow", ["E", "I"])
def test_small_units_look_alive(records: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    frame = records[(2024, flow)]
    per_unit = frame.groupby("dep").agg(products=("cpf4", "nunique"), partners=("pays", "nunique"))
    assert per_unit["products"].min() >= 24
    assert per_unit["partners"].min() >= 24


# --- Label files ----------------------------------------------------------------------------------


def test_label_files_encodings_and_line_ends(labels: dict[str, bytes]) -> None:
    assert labels["Libelle_A129.txt"].startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        labels["Libelle_CPF4_rev2.1.txt"].decode("utf-8")
    assert "é" in labels["Libelle_CPF4_rev2.1.txt"].decode("cp1252")
    for name in ("Libelle_PAYS.txt", "Departement_region.txt"):
        assert not labels[name].startswith(b"\xef\xbb\xbf")
        labels[name].decode("utf-8")
    for name, data in labels.items():
        assert data.endswith(b"\r\n"), name
        assert data.count(b"\n") == data.count(b"\r\n"), name


def test_cpf4_labels_with_semicolon_are_quoted(labels: dict[str, bytes]) -> None:
    rows = parse_labels(labels["Libelle_CPF4_rev2.1.txt"], "cp1252")
    assert all(len(row) == 4 for row in rows)
    assert any(";" in row[1] for row in rows)
    assert all(row[2:] == ["201501", "999912"] for row in rows)


def test_country_labels_and_validity_periods(labels: dict[str, bytes]) -> None:
    rows = parse_labels(labels["Libelle_PAYS.txt"], "utf-8")
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


def test_departement_region_file(labels: dict[str, bytes]) -> None:
    rows = parse_labels(labels["Departement_region.txt"], "utf-8")
    region_names = {r.dgddi_code: r.dgddi_name for r in regions().values()}
    expected = {(u.dgddi_code, u.name, u.dgddi_region, region_names[u.dgddi_region]) for u in units().values()}
    assert len(rows) == 101
    assert {tuple(row) for row in rows} == expected


@pytest.mark.parametrize("flow", ["E", "I"])
def test_every_code_used_is_labelled(records: dict[tuple[int, str], pd.DataFrame], labels: dict[str, bytes], flow: str) -> None:
    pays = {row[0] for row in parse_labels(labels["Libelle_PAYS.txt"], "utf-8")}
    cpf4 = {row[0] for row in parse_labels(labels["Libelle_CPF4_rev2.1.txt"], "cp1252")}
    a129 = {row[0] for row in parse_labels(labels["Libelle_A129.txt"], "utf-8-sig")}
    deps = {row[0] for row in parse_labels(labels["Departement_region.txt"], "utf-8")}
    for year in YEARS:
        frame = records[(year, flow)]
        assert set(frame["pays"].unique()) <= pays
        assert set(frame["cpf4"].unique()) <= cpf4
        assert set(frame["a129"].unique()) <= a129
        assert set(frame["dep"].unique()) <= deps


def test_nomenclature_labels_only_for_codes_used(records: dict[tuple[int, str], pd.DataFrame], labels: dict[str, bytes]) -> None:
    used = pd.concat([frame[["a129", "cpf4"]] for frame in records.values()]).drop_duplicates()
    cpf4 = [row[0] for row in parse_labels(labels["Libelle_CPF4_rev2.1.txt"], "cp1252")]
    a129 = [row[0] for row in parse_labels(labels["Libelle_A129.txt"], "utf-8-sig")]
    assert set(cpf4) == set(used["cpf4"]) and 60 <= len(cpf4) <= 120
    assert set(a129) == set(used["a129"]) and 40 <= len(a129) <= 60
    assert (used.groupby("cpf4")["a129"].nunique() == 1).all()  # one A129 parent per product
    parents = dict(zip(used["cpf4"], used["a129"], strict=True))
    assert {parents.get("1102"), parents.get("3030"), parents.get("1920"), parents.get("0610")} == {"C11Z", "C30C", "C19Z", "B06Z"}
    assert {parents.get("2042"), parents.get("2910"), parents.get("2120")} == {"C20B", "C29A", "C21Z"}


def test_nomenclature_labels_are_the_projects_own(labels: dict[str, bytes]) -> None:
    for name, encoding in (("Libelle_CPF4_rev2.1.txt", "cp1252"), ("Libelle_A129.txt", "utf-8-sig")):
        real = {row[0]: row[1].strip().lower() for row in parse_labels((REFERENCE_LABELS / name).read_bytes(), encoding) if len(row) > 1}
        ours = {row[0]: row[1].strip().lower() for row in parse_labels(labels[name], encoding)}
        assert not [code for code, label in ours.items() if real.get(code) == label], name
    assert labels["Libelle_CPF4_rev2.1.txt"] != (REFERENCE_LABELS / "Libelle_CPF4_rev2.1.txt").read_bytes()


# --- Determinism and re-runs ----------------------------------------------------------------------


def test_second_generation_is_byte_identical(folder: Path, tmp_path: Path) -> None:
    written = demo.generate(tmp_path, years=YEARS, force=True)
    for path in written:
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name


def test_files_built_one_at_a_time_are_the_same_bytes(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo.os, "cpu_count", lambda: 1)  # one worker thread: the files one after the other
    written = demo.generate(tmp_path, years=YEARS)
    for path in written:
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name


def test_generation_does_not_depend_on_hash_seed(folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from pathlib import Path; from helpers.data import demo; demo.generate(Path(sys.argv[1]), years=(2024,))"
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env, timeout=120)
    for flow in "EI":
        assert zip_path(tmp_path, 2024, flow).read_bytes() == zip_path(folder, 2024, flow).read_bytes()


def test_skips_when_outputs_match_provenance(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the generator ran although the files were up to date")

    monkeypatch.setattr(demo_records, "flow_records", fail)
    written = demo.generate(folder, years=YEARS)
    assert written == [zip_path(folder, y, f) for y in YEARS for f in "EI"] + [folder / "provenance.json"]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_regenerates_when_a_file_was_altered(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    altered = zip_path(tmp_path, 2023, "I")
    altered.write_bytes(altered.read_bytes() + b"\0")

    class Ran(Exception):
        pass

    def ran(*args: object, **kwargs: object) -> None:
        raise Ran

    monkeypatch.setattr(demo_records, "flow_records", ran)
    with pytest.raises(Ran):
        demo.generate(tmp_path, years=YEARS)
    assert demo.generate(folder, years=YEARS)  # the untouched folder is still skipped


def test_rejects_invalid_years(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        demo.generate(tmp_path, years=())
    with pytest.raises(ConfigError):
        demo.generate(tmp_path, years=(24,))


# --- Exact integer splitting -----------------------------------------------------------------------


def test_allocate_is_exact_and_proportional() -> None:
    rng = np.random.default_rng(7)
    groups = np.sort(rng.integers(0, 50, size=5_000))
    groups = np.searchsorted(np.unique(groups), groups)
    totals = rng.integers(0, 10**12, size=groups.max() + 1)
    weights = rng.lognormal(size=len(groups))
    pieces = demo_allocate.allocate(totals, groups, weights)
    assert pieces.dtype == np.int64 and (pieces >= 0).all()
    sums = np.zeros(len(totals), dtype=np.int64)
    np.add.at(sums, groups, pieces)
    assert (sums == totals).all()
    exact = totals[groups] * weights / np.bincount(groups, weights=weights)[groups]
    assert np.abs(pieces - exact).max() < 1.001  # never more than one euro from the exact share


def test_allocate_gives_remainders_to_largest_fractions() -> None:
    pieces = demo_allocate.allocate(np.array([10]), np.zeros(3, dtype=np.int64), np.array([1.0, 1.0, 1.0]))
    assert pieces.tolist() == [4, 3, 3]
    pieces = demo_allocate.allocate(np.array([5, 7]), np.array([0, 0, 1, 1]), np.array([0.2, 0.8, 0.5, 0.5]))
    assert pieces.tolist() == [1, 4, 4, 3]


def test_is_current_follows_the_files(folder: Path, tmp_path: Path) -> None:
    assert demo.is_current(folder)
    assert not demo.is_current(tmp_path)
    for path in folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert demo.is_current(tmp_path)
    (tmp_path / zip_path(tmp_path, 2024, "E").name).write_bytes(b"PK")
    assert not demo.is_current(tmp_path)
