"""Shared fixtures of the reader tests: fixture folders, label sets, sources built in tmp_path."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import labels as labels_mod

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOWS = FIXTURES / "flows"
LABELS = FIXTURES / "labels"
#: Real DGDDI label files, beside the repository (never copied into it).
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "dgddi"


def label_files() -> list[Path]:
    """The project's own tiny label files (fixtures)."""
    return [LABELS / name for name in labels_mod.LABEL_FILENAMES.values()]


@pytest.fixture
def labelset() -> labels_mod.LabelSet:
    """LabelSet read from the fixture label files."""
    return labels_mod.read_label_set({k: (n, (LABELS / n).read_bytes()) for k, n in labels_mod.LABEL_FILENAMES.items()})


@pytest.fixture
def reference() -> Path:
    """Folder of the real DGDDI label files (../shared/reference/dgddi)."""
    assert REFERENCE.is_dir(), f"fichiers de référence DGDDI absents : {REFERENCE}"
    return REFERENCE


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


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration files, generated once per test session into a temporary folder."""
    from helpers import demo

    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder)
    return folder


@pytest.fixture(scope="session")
def demo_cache(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration data read, validated and cached once per test session."""
    from helpers import store

    return store.ensure_cache(demo_data, tmp_path_factory.mktemp("cache"))


def tidy_records(rows, *, year: int = 2024, region: str = "12", cpf4: str = "0000"):  # noqa: ANN001, ANN201
    """Tidy records (``flows.TIDY_COLUMNS``) of unit 11, quarter 1, from (flow, a129, country, euros)
    rows: the chart tests' input."""
    import pandas as pd

    from helpers import flows

    frame = pd.DataFrame(
        [
            {"year": year, "quarter": 1, "flow": f, "dep": "11", "region": region, "a129": p, "cpf4": cpf4,
             "country": c, "value_eur": v, "mass_kg": 1}
            for f, p, c, v in rows
        ],
        columns=flows.TIDY_COLUMNS,
    )
    return frame.astype({"value_eur": "int64"})


def chart_json_in_another_process(expression: str, demo_data: Path, demo_cache: Path, *, hash_seed: str) -> str:
    """The JSON of the chart ``expression`` builds, computed in a new Python process with another
    ``PYTHONHASHSEED``: charts must not depend on the process. ``expression`` may use ``records``
    (Aude's records in the demonstration cache) and ``labels(kind)`` (2024 labels)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\nfrom pathlib import Path\n"
        "from helpers import chart_butterfly, chart_sankey, chart_treemap, store\n"
        "cache = store.ensure_cache(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        'records = store.read_records(cache, dep="11")\n'
        "labels = lambda kind: store.read_labels(cache, kind, 2024)\n"
        f"sys.stdout.write(({expression}).chart.to_json())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-c", script, str(demo_data), str(demo_cache.parent)], capture_output=True, text=True, env=env, check=True)
    return proc.stdout
