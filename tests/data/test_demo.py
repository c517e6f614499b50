"""Demonstration files (:mod:`helpers.data.demo`): zips, members, provenance, flow text, determinism, re-runs.

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

import pandas as pd
import pytest

from helpers.common.errors import ConfigError
from helpers.data import demo, demo_records, provenance
from tests.data.demo_support import FEW_YEARS, LABEL_NAMES, YEARS, zip_path

# --- Files, members, provenance --------------------------------------------------------------


def test_returns_zips_then_provenance(demo_generated: tuple[Path, list[Path]]) -> None:
    folder, written = demo_generated
    expected = [zip_path(folder, y, f) for y in YEARS for f in "EI"] + [folder / "provenance.json"]
    assert written == expected
    assert all(p.is_file() for p in written)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_zip_members_fixed_names_order_and_timestamps(demo_folder: Path, year: int, flow: str) -> None:
    name = "export" if flow == "E" else "import"
    with zipfile.ZipFile(zip_path(demo_folder, year, flow)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [
        f"Regional-{year}-{name}/Region_{year}_{name.capitalize()}.txt",
        *(f"Regional-{year}-{name}/{label}" for label in LABEL_NAMES),
    ]
    assert {i.date_time for i in infos} == {(year, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_provenance_records_every_zip(demo_folder: Path) -> None:
    prov = provenance.read(demo_folder)
    assert prov is not None
    assert prov.source == "demo" and prov.synthetic is True
    names = sorted(zip_path(demo_folder, y, f).name for y in YEARS for f in "EI")
    assert [f.name for f in prov.files] == names
    for record in prov.files:
        path = demo_folder / record.name
        assert record.sha256 == provenance.sha256_of(path)
        assert record.size == path.stat().st_size
        assert record.generated is True
        assert record.downloaded is None and record.url is None


# --- Flow text -------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_flow_file_format(demo_flow_bytes: dict[tuple[int, str], bytes], year: int, flow: str) -> None:
    data = demo_flow_bytes[(year, flow)]
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


# --- Determinism and re-runs -----------------------------------------------------------------


def test_second_generation_is_byte_identical(demo_folder: Path, tmp_path: Path) -> None:
    written = demo.generate(tmp_path, years=FEW_YEARS, force=True)
    for path in written[:-1]:
        assert path.read_bytes() == (demo_folder / path.name).read_bytes(), path.name


def test_files_built_one_at_a_time_are_the_same_bytes(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo.os, "cpu_count", lambda: 1)  # one worker thread: the files one after the other
    written = demo.generate(tmp_path, years=FEW_YEARS)
    for path in written[:-1]:
        assert path.read_bytes() == (demo_folder / path.name).read_bytes(), path.name


def test_generation_does_not_depend_on_hash_seed(demo_folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from pathlib import Path; from helpers.data import demo; demo.generate(Path(sys.argv[1]), years=(2024,))"
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env, timeout=120)
    for flow in "EI":
        assert zip_path(tmp_path, 2024, flow).read_bytes() == zip_path(demo_folder, 2024, flow).read_bytes()


def test_skips_when_outputs_match_provenance(demo_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in demo_folder.iterdir()}

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the generator ran although the files were up to date")

    monkeypatch.setattr(demo_records, "flow_records", fail)
    written = demo.generate(demo_folder, years=YEARS)
    assert written == [zip_path(demo_folder, y, f) for y in YEARS for f in "EI"] + [demo_folder / "provenance.json"]
    assert {p.name: p.stat().st_mtime_ns for p in demo_folder.iterdir()} == before


def test_regenerates_when_a_file_was_altered(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in demo_folder.iterdir():
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
    assert demo.generate(demo_folder, years=YEARS)  # the untouched demo_folder is still skipped


def test_rejects_invalid_years(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        demo.generate(tmp_path, years=())
    with pytest.raises(ConfigError):
        demo.generate(tmp_path, years=(24,))


def test_is_current_follows_the_files(demo_folder: Path, tmp_path: Path) -> None:
    assert demo.is_current(demo_folder)
    assert not demo.is_current(tmp_path)
    for path in demo_folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert demo.is_current(tmp_path)
    (tmp_path / zip_path(tmp_path, 2024, "E").name).write_bytes(b"PK")
    assert not demo.is_current(tmp_path)



# --- Years -----------------------------------------------------------------------------------


def test_default_years_are_2019_to_2024() -> None:
    assert demo.DEFAULT_YEARS == (2019, 2020, 2021, 2022, 2023, 2024)


@pytest.mark.parametrize(
    ("spec", "years"),
    [("2019-2024", (2019, 2020, 2021, 2022, 2023, 2024)), ("2024", (2024,)), ("2024,2022", (2022, 2024)),
     ("2019-2020, 2023", (2019, 2020, 2023)), ("2022-2022", (2022,))],
)
def test_parse_years(spec: str, years: tuple[int, ...]) -> None:
    assert demo.parse_years(spec) == years


@pytest.mark.parametrize("spec", ["", "19-24", "2024-2019", "2019-", "deux mille", "2019..2024", "2019-2020-2021"])
def test_parse_years_rejects(spec: str) -> None:
    with pytest.raises(ConfigError, match="Années invalides|Intervalle d'années"):
        demo.parse_years(spec)


def test_requested_years_joins_the_range_and_the_repeated_years() -> None:
    assert demo.requested_years(None, None, (2024,)) == (2024,)
    assert demo.requested_years("2020-2021", [2024, 2020], (2024,)) == (2020, 2021, 2024)
    assert demo.requested_years(None, [2023], demo.DEFAULT_YEARS) == (2023,)
