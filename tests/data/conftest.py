"""Fixtures of the data tests: fixture folders, label sets, sources built in tmp_path, the recorded
data.gouv.fr API response, TOML configurations."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers.data import labels as labels_mod

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOWS = FIXTURES / "flows"
LABELS = FIXTURES / "labels"
#: Recorded (reconstructed) data.gouv.fr API v1 response of the dataset (fixtures/download/README.md).
DATAGOUV_RESPONSE = FIXTURES / "download" / "datagouv_dataset.json"

def label_files() -> list[Path]:
    """The project's own tiny label files (fixtures)."""
    return [LABELS / name for name in labels_mod.LABEL_FILENAMES.values()]


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
