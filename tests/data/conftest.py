"""Fixtures of the data tests: fixture folders, label sets, sources built in tmp_path, the recorded
data.gouv.fr API response, TOML configurations; the demonstration files read back for the
``test_demo*`` modules."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from helpers.data import demo
from helpers.data import labels as labels_mod
from helpers.data.flow_sources import flow_kind_from_name
from helpers.data.flows import read_flow_bytes
from tests.data.demo_support import FIELDS, LABEL_NAMES, YEARS, flow_member, label_member, member_bytes, zip_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOWS = FIXTURES / "flows"
LABELS = FIXTURES / "labels"
#: Recorded (reconstructed) data.gouv.fr API v1 response of the dataset (fixtures/download/README.md).
DATAGOUV_RESPONSE = FIXTURES / "download" / "datagouv_dataset.json"


def label_files() -> list[Path]:
    """The project's own tiny label files (fixtures)."""
    return [LABELS / name for name in labels_mod.LABEL_FILENAMES.values()]


def read_fixture(fixture: str, labelset: labels_mod.LabelSet, name: str | None = None) -> pd.DataFrame:
    """Records of the flow fixture ``fixture`` read as a file named ``name`` (default: the fixture's
    name), whose flow (export or import) is the one that name announces."""
    name = name or fixture
    return read_flow_bytes(name, (FLOWS / fixture).read_bytes(), labelset, flow_kind_from_name(name))


@pytest.fixture
def labelset() -> labels_mod.LabelSet:
    """LabelSet read from the fixture label files."""
    return labels_mod.read_label_set({k: (n, (LABELS / n).read_bytes()) for k, n in labels_mod.LABEL_FILENAMES.items()})


@pytest.fixture
def source_dir(tmp_path: Path) -> Callable[..., Path]:
    """Factory: a folder holding the given flow fixtures (optionally renamed) and the label files."""

    def make(*flows: str | tuple[str, str], labels: bool = True, name: str = "src") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for flow in flows:
            fixture, target = flow if isinstance(flow, tuple) else (flow, flow)
            shutil.copy(FLOWS / fixture, folder / target)
        if labels:
            for path in label_files():
                shutil.copy(path, folder / path.name)
        return folder

    return make


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[..., Path]:
    """Factory: a zip of flow fixtures (renamed to ``members``) plus the label files in ``folder``."""

    def make(archive: str, members: dict[str, str], *, folder: str = "", labels: bool = True) -> Path:
        path = tmp_path / archive
        prefix = f"{folder}/" if folder else ""
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for member, fixture in members.items():
                zf.write(FLOWS / fixture, prefix + member)
            if labels:
                for label in label_files():
                    zf.write(label, prefix + label.name)
        return path

    return make


@pytest.fixture
def api_response() -> dict[str, Any]:
    """The recorded data.gouv.fr API response of the dataset (a fresh copy: tests may change it)."""
    return json.loads(DATAGOUV_RESPONSE.read_text(encoding="utf-8"))


@pytest.fixture
def toml_config(tmp_path: Path) -> Callable[[str], Path]:
    """Factory: a TOML configuration file (``sources.toml`` in tmp_path) holding the given text."""

    def make(text: str) -> Path:
        path = tmp_path / "sources.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


# --- The demonstration files, generated once per session and read back (test_demo*.py) ------


@pytest.fixture(scope="session")
def demo_generated(demo_data: Path) -> tuple[Path, list[Path]]:
    """The session's demo folder (``demo_data``, see ``tests/conftest.py``) and the paths ``generate`` reports for it."""
    return demo_data, demo.generate(demo_data, years=YEARS)


@pytest.fixture(scope="session")
def demo_folder(demo_generated: tuple[Path, list[Path]]) -> Path:
    return demo_generated[0]


@pytest.fixture(scope="session")
def demo_flow_bytes(demo_folder: Path) -> dict[tuple[int, str], bytes]:
    """Flow-file bytes by (year, flow)."""
    return {(y, f): flow_member(member_bytes(zip_path(demo_folder, y, f))) for y in YEARS for f in "EI"}


@pytest.fixture(scope="session")
def demo_frames(demo_flow_bytes: dict[tuple[int, str], bytes]) -> dict[tuple[int, str], pd.DataFrame]:
    """Flow records by (year, flow), all fields as text, value as int64."""
    out = {}
    for key, data in demo_flow_bytes.items():
        frame = pd.read_csv(io.BytesIO(data), sep=";", header=None, dtype=str, keep_default_na=False, names=FIELDS)
        frame["valeur"] = frame["valeur"].astype("int64")
        out[key] = frame
    return out


@pytest.fixture(scope="session")
def demo_label_bytes(demo_folder: Path) -> dict[str, bytes]:
    members = member_bytes(zip_path(demo_folder, 2024, "E"))
    return {name: label_member(members, name) for name in LABEL_NAMES}
