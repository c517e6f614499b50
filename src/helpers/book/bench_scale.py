"""The scale series of the benchmark (``comext bench --scale 1,2,4``): how cost grows with records.

For each scale K, the demonstration data with K times the records and the same totals
(:mod:`helpers.data.demo_scale`: each record split over finer CPF4 codes, so every page shows the
same figures) is generated in a temporary folder, then, each step in a ``python`` or ``comext``
subprocess of its own, as a user would run it:

* **data step**: the Parquet cache built from those files (:func:`helpers.data.store.ensure_cache`:
  reading, validation, sort, writing), wall-clock and CPU seconds, and the process's **peak
  memory** (its maximum resident set, ``getrusage``: interpreter and libraries included);
* **page compute**: the template's code cells of a few sample pages executed in one process, as
  a warm kernel runs them (every value a cell shows formatted as IPython formats it), after one
  warm-up page; milliseconds per page, median;
* **full build**: ``comext build`` from scratch in a copy of the book (no executed pages, no
  site, the data cache built again), and the peak memory of its process tree.

Targets (issue 16): data step time linear in records (seconds per million records about
constant), its peak memory ≤ 2 GiB at 4×, page compute flat. The arithmetic
(:func:`per_million`, :func:`growth`) is pure and tested by hand.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..common.formatting import format_number

#: Peak memory of the data step at 4×, MiB (issue 16: 2 GiB).
PEAK_TARGET_MIB = 2048.0
#: Pages whose compute is timed (after :data:`WARM_UP`): départements of several sizes, a région, France.
COMPUTE_PAGES = ("11", "34", "75", "974", "59", "31", "R76", "france")
WARM_UP = "01"


@dataclass
class ScaleFigures:
    """One scale's figures: seconds unless stated."""

    scale: int
    records: int = 0
    generate_seconds: float = 0.0
    cache_seconds: float = 0.0
    cache_cpu_seconds: float = 0.0
    cache_peak_mib: float = 0.0
    page_ms: list[float] = field(default_factory=list)  # milliseconds per sample page (wall clock)
    page_cpu_ms: list[float] = field(default_factory=list)  # the same pages' CPU milliseconds
    build_seconds: float = 0.0
    build_peak_mib: float = 0.0  # the build's process tree (sum of RSS, sampled)
    execute_seconds: float = 0.0
    book_seconds: float = 0.0
    pages: int = 0


def per_million(seconds: float, records: int) -> float:
    """Seconds per million records (0 without records)."""
    return seconds / (records / 1e6) if records else 0.0


def growth(base: float, value: float, scale: float) -> float:
    """How ``value`` at ``scale``× grew against linear growth from ``base`` at 1×: value ÷ (scale × base).
    1 is exactly linear, below 1 better than linear (0 when ``base`` is 0)."""
    return value / (scale * base) if base else 0.0


def parse_scales(spec: str) -> list[int]:
    """``"1,2,4"`` → ``[1, 2, 4]`` (sorted, distinct); refuses anything but positive integers."""
    try:
        scales = sorted({int(part) for part in spec.split(",") if part.strip()})
    except ValueError:
        raise ValueError(f"échelles invalides : « {spec} » (attendu : 1,2,4)") from None
    if not scales or scales[0] < 1:
        raise ValueError(f"échelles invalides : « {spec} » (attendu : des entiers ≥ 1, ex. 1,2,4)")
    return scales


# --- Steps run in a subprocess (python -m helpers.book.bench_scale …) ---------------------------


def cache_step(source: Path, cache_root: Path) -> dict[str, float]:
    """Build the cache of ``source`` in ``cache_root``: wall and CPU seconds, records, this process's peak memory (MiB)."""
    import resource

    from ..data import store

    wall, cpu = time.perf_counter(), time.process_time()
    cache = store.ensure_cache(source, cache_root)
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "records": int(store.read_manifest(cache)["records"]), "peak_mib": peak, "cache": str(cache)}


def _run_cell(source: str, namespace: dict, show: Callable[[object], object]) -> None:
    """Run a cell's code as IPython does: its statements, then its last expression's value shown."""
    import ast

    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)  # noqa: S102 (the project's own template)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)  # noqa: S307
        if value is not None:
            show(value)


def page_compute(root: Path, data_dir: Path, cache: Path, codes: tuple[str, ...] = COMPUTE_PAGES) -> dict[str, list[float]]:
    """Milliseconds (``ms`` wall clock, ``cpu_ms`` CPU) to run each page's code cells of the template in
    this process (after a warm-up page)."""
    import contextlib
    import copy
    import io

    import nbformat
    from IPython.core.formatters import DisplayFormatter

    from ..fiche import parameters, template
    from ..places.lookup import find_place
    from .execute import papermill_parameters

    notebook = nbformat.read(root / "notebooks" / "fiche.ipynb", as_version=4)
    formatter = DisplayFormatter()
    found = []
    for code in (WARM_UP, *codes):
        place = find_place(code)
        params = parameters.read_all(root / "parameters")
        (params,) = [p for p in params if p.slug == place.slug]
        cells = [c.source for c in template.select_cells(copy.deepcopy(notebook), params.kind).cells if c.cell_type == "code"]
        namespace = {"__name__": "__main__", "display": lambda *objs, **_: [formatter.format(o) for o in objs]}
        started, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):  # what a cell prints goes to the notebook, not here
            for index, source in enumerate(cells):
                _run_cell(source, namespace, formatter.format)
                if index == 0:  # the parameters cell, then papermill's injected parameters
                    namespace.update(papermill_parameters(params, data_dir, cache))
        found.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
    return {"ms": [wall for wall, _ in found[1:]], "cpu_ms": [cpu for _, cpu in found[1:]]}


# --- The series ------------------------------------------------------------------------------------


def _python(root: Path, *args: str) -> dict:
    """Run ``python -m helpers.book.bench_scale <args>`` in ``root``; its JSON answer."""
    proc = subprocess.run([sys.executable, "-m", "helpers.book.bench_scale", *args], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"bench_scale {args[0]} a échoué :\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(source: Path, scales: list[int], *, log: Callable[[str], object] = print, jobs: int | None = None, build: bool = True) -> list[ScaleFigures]:
    """The figures of each scale (see the module's doc), in a temporary copy of the book."""
    from .bench import _checked, comext, copy_book, parse_summary

    found = []
    with tempfile.TemporaryDirectory(prefix="comext-bench-scale-") as tmp:
        (Path(tmp) / "book").mkdir()
        root = copy_book(source, Path(tmp) / "book")
        for k in scales:
            figures = ScaleFigures(k)
            data_dir = Path(tmp) / f"demo-x{k}"
            log(f"×{k} : données de démonstration (comext data demo --scale {k})…")
            run = _checked(comext(root, "data", "demo", "--out", str(data_dir), "--scale", str(k)), "data demo")
            figures.generate_seconds = run.seconds
            log(f"×{k} : lecture, validation et cache Parquet (processus à part)…")
            step = _python(root, "cache", str(data_dir), str(Path(tmp) / "cache"))
            figures.records, figures.cache_seconds, figures.cache_cpu_seconds, figures.cache_peak_mib = (
                step["records"], step["seconds"], step["cpu_seconds"], step["peak_mib"],
            )
            log(f"×{k} : calcul des fiches dans un processus ({len(COMPUTE_PAGES)} pages)…")
            compute = _python(root, "pages", str(data_dir), step["cache"])
            figures.page_ms, figures.page_cpu_ms = compute["ms"], compute["cpu_ms"]
            if build:
                for name in ("pages", "_build", "extra"):
                    shutil.rmtree(root / name, ignore_errors=True)
                log(f"×{k} : site complet depuis zéro (comext build)…")
                extra = ["--jobs", str(jobs)] if jobs else []
                run = _checked(comext(root, "build", "--data", str(data_dir), "--quiet", *extra, measure_memory=True), "build")
                figures.build_seconds, figures.build_peak_mib = run.seconds, run.peak_mib
                figures.pages, figures.execute_seconds, figures.book_seconds = parse_summary(run.stderr)
            shutil.rmtree(data_dir, ignore_errors=True)
            log(f"×{k} : {figures}")  # each scale's figures as soon as measured
            found.append(figures)
    return found


def rows(series: list[ScaleFigures]) -> list[list[str]]:
    """Rows of the report: measure, one value per scale, target (✓/✗ where one applies)."""
    base = series[0]

    def num(value: float, digits: int = 1) -> str:
        return format_number(value, digits, drop_zero_decimals=False)

    def linear_note(values: list[float]) -> str:
        ratios = [growth(values[0], v, f.scale / base.scale) for v, f in zip(values, series, strict=True)][1:] if base.scale else []
        return "écart au linéaire : " + ", ".join(f"×{num(r, 2)}" for r in ratios) if ratios else ""

    medians = [(statistics.median(f.page_ms), statistics.median(f.page_cpu_ms)) if f.page_ms else (0.0, 0.0) for f in series]
    peak_at_4 = [f.cache_peak_mib for f in series if f.scale == 4]
    peak_target = f"{'✓' if peak_at_4[0] <= PEAK_TARGET_MIB else '✗'} ≤ 2 Gio à ×4" if peak_at_4 else "≤ 2 Gio à ×4"
    out = [
        ["Enregistrements", *(format_number(f.records, 0, drop_zero_decimals=True) for f in series), ""],
        ["Génération des données (comext data demo)", *(f"{num(f.generate_seconds)} s" for f in series), ""],
        ["Lecture + validation + cache Parquet", *(f"{num(f.cache_seconds)} s (CPU {num(f.cache_cpu_seconds)} s)" for f in series),
         linear_note([f.cache_seconds for f in series])],
        ["  par million d'enregistrements", *(f"{num(per_million(f.cache_seconds, f.records), 2)} s" for f in series), "linéaire : à peu près constant"],
        ["  mémoire de pointe de cette étape", *(f"{num(f.cache_peak_mib, 0)} Mio" for f in series), peak_target],
        [f"Calcul d'une fiche (médiane de {len(COMPUTE_PAGES)}, un processus)", *(f"{num(m, 0)} ms (CPU {num(c, 0)} ms)" for m, c in medians), "plat"],
    ]
    if any(f.build_seconds for f in series):
        out += [
            ["Site complet depuis zéro (comext build)", *(f"{num(f.build_seconds)} s" for f in series), linear_note([f.build_seconds for f in series])],
            ["  dont exécution des fiches", *(f"{num(f.execute_seconds)} s ({f.pages} fiches)" for f in series), ""],
            ["  dont Jupyter Book et publication", *(f"{num(f.book_seconds)} s" for f in series), ""],
            ["  dont le reste (données, cache, vérifications)", *(f"{num(f.build_seconds - f.execute_seconds - f.book_seconds)} s" for f in series), ""],
            ["  mémoire de pointe de la construction (somme des processus)", *(f"{num(f.build_peak_mib, 0)} Mio" for f in series), ""],
        ]
    return out


def table(series: list[ScaleFigures], *, cores: int | None = None, load: float | None = None):  # noqa: ANN201 (rich.table.Table)
    """The report as a rich table: one column per scale, with cores, load and date in the title."""
    from .bench_pages import series_table

    return series_table("le volume de données", [f"×{f.scale}" for f in series], rows(series), cores=cores, load=load)


def main(argv: list[str]) -> None:
    """``python -m helpers.book.bench_scale cache SOURCE CACHE_ROOT`` or ``… pages DATA_DIR CACHE``: one JSON line."""
    from ..common import paths

    if argv[0] == "cache":
        print(json.dumps(cache_step(Path(argv[1]), Path(argv[2]))))
    elif argv[0] == "pages":
        print(json.dumps(page_compute(paths.project_root(), Path(argv[1]), Path(argv[2]))))
    else:
        raise SystemExit(f"usage : python -m helpers.book.bench_scale cache|pages … (reçu {argv[0]!r})")


if __name__ == "__main__":
    main(sys.argv[1:])
