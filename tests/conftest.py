"""Fixtures shared by every stage's tests: the real DGDDI label files, the demonstration data and its cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests import SHARED

# Property tests draw the same examples on every run (derandomize, no example database): a suite
# that never flakes. A failure hypothesis once found by chance is kept as an explicit @example.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

#: Real DGDDI label files, beside the repository (never copied into it).
REFERENCE = SHARED / "reference" / "dgddi"


@pytest.fixture
def reference() -> Path:
    """Folder of the real DGDDI label files (../shared/reference/dgddi)."""
    assert REFERENCE.is_dir(), f"fichiers de référence DGDDI absents : {REFERENCE}"
    return REFERENCE


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration files, generated once per test session into a temporary folder."""
    from helpers.data import demo

    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder)
    return folder


@pytest.fixture(scope="session")
def demo_cache(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration data read, validated and cached once per test session."""
    from helpers.data import store

    return store.ensure_cache(demo_data, tmp_path_factory.mktemp("cache"))
