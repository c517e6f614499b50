"""Readers of the demonstration files, shared by the ``test_demo*`` modules: zip members, label rows, sums.

The files (fixtures of ``tests/data/conftest.py``) are read back with an independent reader
(``zipfile`` + ``pandas.read_csv``), never with the generator's internals.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

#: The session's demo files hold the default years (2019–2024), as the site's fixtures need them.
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
#: Fewer years for tests that generate files again (determinism, re-runs): a profiled year and 2024.
FEW_YEARS = (2022, 2024)
FIELDS = ["flux", "trimestre", "annee", "dep", "region", "a129", "cpf4", "pays", "valeur", "masse"]
LABEL_NAMES = ("Libelle_PAYS.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Departement_region.txt")


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

