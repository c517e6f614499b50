"""The scale series' arithmetic, rows and option wiring (the series itself runs in `comext bench --scale`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from helpers import cli
from helpers.book import bench_pages, bench_scale
from helpers.book.bench_scale import ScaleFigures
from helpers.data.labels import LABEL_FILENAMES
from tests import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "data" / "fixtures"


def _plain(text: str) -> str:
    """Numbers' no-break spaces (helpers.common.formatting) as plain spaces, for the expected values."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_per_million_and_growth_by_hand() -> None:
    assert bench_scale.per_million(3.0, 1_500_000) == pytest.approx(2.0)
    assert bench_scale.per_million(3.0, 0) == 0.0
    assert bench_scale.growth(10.0, 40.0, 4) == pytest.approx(1.0)  # exactly linear
    assert bench_scale.growth(10.0, 30.0, 4) == pytest.approx(0.75)  # better than linear
    assert bench_scale.growth(0.0, 30.0, 4) == 0.0


def test_parse_scales() -> None:
    assert bench_scale.parse_scales("4, 1,2,2") == [1, 2, 4]
    for bad in ("", "0,2", "deux"):
        with pytest.raises(ValueError, match="échelles invalides"):
            bench_scale.parse_scales(bad)


def _series() -> list[ScaleFigures]:
    one = ScaleFigures(1, records=2_000_000, cache_seconds=4.0, cache_peak_mib=700, page_ms=[100, 300, 200], page_cpu_ms=[90, 110, 100], build_seconds=80.0,
                       execute_seconds=40.0, book_seconds=30.0, pages=113)
    four = ScaleFigures(4, records=8_000_000, cache_seconds=14.0, cache_peak_mib=2100, page_ms=[210, 190, 200], page_cpu_ms=[100, 100, 100], build_seconds=100.0,
                        execute_seconds=45.0, book_seconds=30.0, pages=113)
    return [one, four]


def test_rows_give_rates_per_million_medians_and_the_memory_target() -> None:
    rows = {row[0]: [_plain(v) for v in row[1:]] for row in bench_scale.rows(_series())}
    assert rows["Enregistrements"][:2] == ["2 000 000", "8 000 000"]
    assert rows["  par million d'enregistrements"][:2] == ["2,00 s", "1,75 s"]  # 4 s / 2 M, 14 s / 8 M
    assert rows["Lecture + validation + cache Parquet"][2] == "écart au linéaire : ×0,88"  # 14 / (4 × 4)
    assert rows["  mémoire de pointe de cette étape"] == ["700 Mio", "2 100 Mio", "✗ ≤ 2 Gio à ×4"]
    assert rows["Calcul d'une fiche (médiane de 8, un processus)"][:2] == ["200 ms (CPU 100 ms)", "200 ms (CPU 100 ms)"]
    assert rows["  dont le reste (données, cache, vérifications)"][:2] == ["10,0 s", "25,0 s"]


def test_a_cell_runs_as_ipython_runs_it_showing_its_last_value() -> None:
    shown: list[object] = []
    namespace: dict = {}
    bench_scale._run_cell("a = 2\na * 3", namespace, shown.append)
    bench_scale._run_cell("b = a", namespace, shown.append)
    bench_scale._run_cell("None", namespace, shown.append)
    assert shown == [6] and namespace["b"] == 2


def test_the_cache_step_reports_records_and_peak_memory_of_its_own_process(tmp_path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("Region_2024_Export.txt", "Region_2024_Import.txt"):
        shutil.copy(FIXTURES / "flows" / name, source / name)
    for name in LABEL_FILENAMES.values():
        shutil.copy(FIXTURES / "labels" / name, source / name)
    # a subprocess as in the series: its own peak memory (interpreter and libraries: tens of MiB at least)
    proc = subprocess.run([sys.executable, "-m", "helpers.book.bench_scale", "cache", str(source), str(tmp_path / "cache")], capture_output=True, text=True, check=True)
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["records"] == 11  # the fixtures hold 7 export and 4 import records
    assert 30 < answer["peak_mib"] < 2048 and answer["seconds"] > 0 and answer["cpu_seconds"] > 0


def test_bench_options_run_only_the_series_asked(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(bench_scale, "measure", lambda root, scales, **kw: calls.append(("scale", scales)) or _series())
    monkeypatch.setattr(bench_pages, "measure", lambda root, **kw: calls.append(("pages",)) or [bench_pages.PagesFigures(0.25, 37, 80, 40.0, 10.0, 20.0),
                                                                                               bench_pages.PagesFigures(1.0, 113, 318, 100.0, 40.0, 45.0)])
    monkeypatch.delenv("COMEXT_DATA", raising=False)
    result = CliRunner().invoke(cli.app, ["bench", "--scale", "4,1", "--pages"])
    assert result.exit_code == 0, result.output
    assert calls == [("scale", [1, 4]), ("pages",)]
    assert "Coût selon le volume de données" in result.output and "Coût selon le nombre de pages" in result.output
    refused = CliRunner().invoke(cli.app, ["bench", "--scale", "0"])
    assert refused.exit_code == 2 and calls == [("scale", [1, 4]), ("pages",)]
