"""Fixtures of the reader tests: fixture folders, label sets, sources built in tmp_path."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import labels as labels_mod
from helpers.data.flow_sources import flow_kind_from_name
from helpers.data.flows import read_flow_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOWS = FIXTURES / "flows"
LABELS = FIXTURES / "labels"

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
