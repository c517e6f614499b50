"""The data benchmark (``comext data bench``): demonstration data, Parquet cache and checks, timed separately.

A figure, not a timed test. In a temporary folder (the project's ``data/`` and ``cache/`` are left
alone), in this process, it measures in seconds (wall clock, and CPU time of every thread of the
process, which tells a busy machine from a slow step):

* the demonstration files of the chosen years (:func:`helpers.data.demo.generate`, forced);
* the Parquet cache built from them (:func:`helpers.data.store.ensure_cache`: reading, validation,
  sort and writing);
* the build's reconciliation checks on that cache, across all its years
  (:func:`helpers.audit.reconciliation.reconcile`).

The target (:data:`TARGET_SECONDS`) is for the default six years (2019–2024) on two cores: demo
data + cache.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.formatting import format_number

if TYPE_CHECKING:
    from rich.table import Table

#: Demonstration data + cache for six years on the 2-core reference machine, seconds (issue 13).
TARGET_SECONDS = 12.0


@dataclass(frozen=True)
class Timing:
    """One step: wall-clock seconds and CPU seconds (user + system, all threads of the process)."""

    seconds: float
    cpu_seconds: float


@dataclass
class DataFigures:
    years: tuple[int, ...]
    cores: int
    load: float  # 1-minute load average before the measure (other work on the machine)
    steps: dict[str, Timing] = field(default_factory=dict)  # generate, cache, checks
    records: int = 0
    checks: int = 0

    @property
    def data_seconds(self) -> float:
        """Demonstration data + cache, wall-clock seconds (the figure of :data:`TARGET_SECONDS`)."""
        return self.steps["generate"].seconds + self.steps["cache"].seconds


@contextmanager
def _timed(steps: dict[str, Timing], name: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    steps[name] = Timing(time.perf_counter() - wall, time.process_time() - cpu)


def measure(years: tuple[int, ...] | None = None, *, log: Callable[[str], object] = print) -> DataFigures:
    """Generate the demonstration data of ``years`` (default: the generator's), build its cache and run
    the checks, each step timed; everything in a temporary folder removed afterwards."""
    from ..audit import reconciliation
    from ..data import demo, store

    chosen = tuple(years or demo.DEFAULT_YEARS)
    figures = DataFigures(chosen, os.cpu_count() or 1, os.getloadavg()[0])
    with tempfile.TemporaryDirectory(prefix="comext-data-bench-") as tmp:
        folder, cache_root = Path(tmp) / "demo", Path(tmp) / "cache"
        log(f"Données de démonstration ({chosen[0]}–{chosen[-1]}, {len(chosen)} an(s))…")
        with _timed(figures.steps, "generate"):
            demo.generate(folder, years=chosen, force=True)
        log("Cache Parquet (lecture, validation, écriture)…")
        with _timed(figures.steps, "cache"):
            cache = store.ensure_cache(folder, cache_root)
        log("Vérifications de rapprochement…")
        with _timed(figures.steps, "checks"):
            table = reconciliation.reconcile(cache, strict=False)
        figures.records = int(store.read_manifest(cache)["records"])
        figures.checks = len(table)
    return figures


def rows(f: DataFigures) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows of the report; the target column says ✓ or ✗ (six years only)."""

    def seconds(value: float) -> str:
        return f"{format_number(value, 1, drop_zero_decimals=False)} s"

    def step(name: str) -> str:
        timing = f.steps[name]
        return f"{seconds(timing.seconds)} (CPU {seconds(timing.cpu_seconds)})"

    total = f.data_seconds
    six = len(f.years) == 6
    target = f"{'✓' if total <= TARGET_SECONDS else '✗'} ≤ {TARGET_SECONDS:g} s" if six else "(cible pour six ans)"
    return [
        ("Cœurs ; charge de la machine avant la mesure", f"{f.cores} ; {format_number(f.load, 1, drop_zero_decimals=False)}", ""),
        ("Années", f"{f.years[0]}–{f.years[-1]} ({len(f.years)})", ""),
        ("Données de démonstration (génération)", step("generate"), ""),
        ("Cache Parquet (lecture, validation, écriture)", step("cache"), ""),
        ("Données + cache", seconds(total), target),
        ("Enregistrements", format_number(f.records, 0, drop_zero_decimals=True), ""),
        ("Vérifications de rapprochement (toutes les années)", f"{step('checks')}, {f.checks} contrôles", ""),
    ]


def table(f: DataFigures) -> Table:
    """The report as a rich table (``comext data bench``)."""
    from rich.table import Table

    shown = Table("Mesure", "Valeur", "Cible", title=f"Banc d'essai des données ({f.cores} cœurs)")
    for row in rows(f):
        shown.add_row(*row)
    return shown
