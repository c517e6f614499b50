"""The data benchmark (:mod:`helpers.book.data_bench`): steps timed in order on a temporary folder, report rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.audit import reconciliation
from helpers.book import data_bench
from helpers.book.data_bench import DataFigures, Timing
from helpers.common.formatting import NBSP
from helpers.data import demo, store


def test_measure_runs_the_three_steps_in_a_temporary_folder(monkeypatch) -> None:
    calls: list[tuple] = []

    def generate(folder: Path, *, years: tuple[int, ...], force: bool) -> list[Path]:
        calls.append(("generate", years, force))
        folder.mkdir(parents=True)
        return []

    def ensure_cache(folder: Path, root: Path) -> Path:
        calls.append(("cache", folder.name))
        (root / "key").mkdir(parents=True)
        return root / "key"

    monkeypatch.setattr(demo, "generate", generate)
    monkeypatch.setattr(store, "ensure_cache", ensure_cache)
    monkeypatch.setattr(store, "read_manifest", lambda cache: {"records": 1234})
    monkeypatch.setattr(reconciliation, "reconcile", lambda cache, strict: pd.DataFrame({"ok": [True] * 7}))
    figures = data_bench.measure(log=lambda message: None)
    assert calls == [("generate", (2019, 2020, 2021, 2022, 2023, 2024), True), ("cache", "demo")]
    assert list(figures.steps) == ["generate", "cache", "checks"]
    assert all(t.seconds >= 0 and t.cpu_seconds >= 0 for t in figures.steps.values())
    assert (figures.records, figures.checks, figures.years) == (1234, 7, demo.DEFAULT_YEARS)


def test_rows_sum_data_and_cache_against_the_target() -> None:
    steps = {"generate": Timing(5.0, 8.2), "cache": Timing(6.5, 9.0), "checks": Timing(1.0, 1.0)}
    figures = DataFigures((2019, 2020, 2021, 2022, 2023, 2024), 2, 0.5, steps, records=4_400_000, checks=3780)
    table = {measure: (value, target) for measure, value, target in data_bench.rows(figures)}
    assert table["Données + cache"] == ("11,5 s", "✓ ≤ 12 s")
    assert table["Données de démonstration (génération)"][0] == "5,0 s (CPU 8,2 s)"
    assert table["Enregistrements"][0] == f"4{NBSP}400{NBSP}000"
    late = DataFigures((2024,), 2, 0.5, {**steps, "cache": Timing(8.0, 8.0)})
    assert dict((m, t) for m, _, t in data_bench.rows(late))["Données + cache"] == "(cible pour six ans)"


def test_table_has_a_row_per_measure() -> None:
    steps = {"generate": Timing(5.0, 8.2), "cache": Timing(6.5, 9.0), "checks": Timing(1.0, 1.0)}
    figures = DataFigures((2019, 2020, 2021, 2022, 2023, 2024), 2, 0.5, steps, records=10, checks=1)
    assert data_bench.table(figures).row_count == len(data_bench.rows(figures)) == 7
