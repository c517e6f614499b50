"""The build benchmark (``comext bench``, ``make bench``): figures, not a timed test.

In one run on the same machine, in a temporary copy of the book (the project's own ``_build``
and ``pages`` are left alone), it measures, in seconds unless stated:

* a bare kernel's start-up (start, first answer);
* naive papermill: one fresh kernel per notebook, one after another, on a few sample pages
  (after the full build, so with the shared charts already cached: a conservative baseline);
* the full site from scratch as on a clean clone: the demonstration data generated
  (``comext data demo``), then ``comext build`` (data cache, checks, execution, Jupyter Book),
  split into execution and Sphinx, and the effective cost per notebook. With ``--data`` (real
  files) there is nothing to generate and the build alone is measured;
* a rebuild with nothing changed; a rebuild after one département's parameters changed;
* ``comext run`` for one département;
* pages built, median page weight, peak memory of the build's process tree (sum of RSS);
* the PDFs (made by default): their number and total size, the site's size with and without
  them, and their added time — the same full build with ``--no-pdf``, in a second copy with its
  own data cache, subtracted from the first.

Each command runs as a user would run it (a ``comext`` subprocess); the execution/Sphinx split
is read from the summary line ``comext build`` prints.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: The targets of issue 16 on the 2-core reference machine (seconds; ratio for the speed-up;
#: KiB for the median page): the HTML site from a clean clone, the site with every PDF, naive
#: papermill ÷ the HTML build, the no-change rebuild, one page's parameters, ``comext run``.
TARGETS = {"full": 30.0, "full_pdf": 60.0, "speedup": 8.0, "no_change": 2.0, "one_param": 4.0, "run": 2.0, "median_kib": 200.0}
#: Issue 15: every PDF (fiches and territories) adds at most this to a full build (seconds).
PDF_TARGET = 40.0
#: Copied into the temporary book (``node_modules`` is linked, data read in place).
BOOK_FILES = ("_config.yml", "_toc.yml", "requirements.txt", "notebooks", "parameters", "_static")
SAMPLE_PAGES = ("11", "34", "75", "974")
CHANGED_PAGE = "34"

SUMMARY = re.compile(r"(?P<pages>\d+) fiche\(s\) exécutée\(s\) en (?P<execute>[\d.]+) s(?:.*?site construit en (?P<book>[\d.]+) s)?")


@dataclass
class Run:
    """One ``comext`` command: wall time, exit code, output, peak memory (MiB)."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_mib: float = 0.0


@dataclass
class Figures:
    cores: int
    kernel_start: list[float] = field(default_factory=list)
    naive_per_page: list[float] = field(default_factory=list)
    demo: Run | None = None  # comext data demo in the copy (None with --data)
    full: Run | None = None
    pages_executed: int = 0
    execute_seconds: float = 0.0
    book_seconds: float = 0.0
    no_change: Run | None = None
    one_param: Run | None = None
    one_param_pages: int = 0
    run_one: Run | None = None
    pages_built: int = 0
    median_page_kib: float = 0.0
    full_no_pdf: Run | None = None  # the same full build with --no-pdf (another copy)
    pdf_count: int = 0
    pdf_bytes: int = 0
    site_bytes: int = 0  # the published site, PDFs included

    @property
    def from_scratch(self) -> float:
        """Seconds of a clean clone's site: demonstration data (if generated) + full build."""
        return (self.demo.seconds if self.demo else 0.0) + (self.full.seconds if self.full else 0.0)

    @property
    def naive_total(self) -> float:
        """Naive sequential papermill for all executed pages (mean of the samples × pages)."""
        return statistics.mean(self.naive_per_page) * self.pages_executed if self.naive_per_page else 0.0

    @property
    def html_build(self) -> Run | None:
        """The full build that makes the HTML site only: the ``--no-pdf`` one when measured, else
        the full build (with ``--no-pdf`` given to the bench, or an older run)."""
        return self.full_no_pdf or self.full

    @property
    def speedup(self) -> float:
        """Naive execution time ÷ the project's full HTML build time (both for all pages; naive
        papermill makes no PDF, so the build compared makes none either)."""
        build = self.html_build
        return self.naive_total / build.seconds if build and build.seconds else 0.0


def parse_summary(stderr: str) -> tuple[int, float, float]:
    """(pages executed, execution seconds, Jupyter Book seconds) from ``comext build``'s summary."""
    match = SUMMARY.search(stderr)
    if not match:
        raise ValueError(f"résumé de comext build introuvable dans :\n{stderr[-2000:]}")
    return int(match["pages"]), float(match["execute"]), float(match["book"] or 0.0)


@contextmanager
def peak_memory(pid_of: Callable[[], int | None]) -> Iterator[list[float]]:
    """Sample the summed RSS (MiB) of a process and its descendants every 0.1 s; yields [peak]."""
    import psutil

    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pid = pid_of()
            if pid is not None:
                try:
                    top = psutil.Process(pid)
                    total = sum(p.memory_info().rss for p in [top, *top.children(recursive=True)] if p.is_running())
                    peak[0] = max(peak[0], total / 2**20)
                except psutil.Error:
                    pass
            stop.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def comext(root: Path, *args: str, measure_memory: bool = False) -> Run:
    """Run ``comext <args>`` in ``root``; its wall time (and peak memory if asked)."""
    exe = Path(sys.executable).with_name("comext")
    started = time.perf_counter()
    proc = subprocess.Popen([str(exe), *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if measure_memory:
        with peak_memory(lambda: proc.pid) as peak:
            out, err = proc.communicate()
    else:
        out, err = proc.communicate()
        peak = [0.0]
    return Run(time.perf_counter() - started, proc.returncode, out, err, peak[0])


def copy_book(source: Path, target: Path) -> Path:
    """A copy of the book's sources in ``target`` (no ``pages``, ``_build`` nor data cache)."""
    for name in BOOK_FILES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("comext-vega.js"))
        elif path.is_file():
            shutil.copy(path, target / name)
    (target / "node_modules").symlink_to((source / "node_modules").resolve())
    return target


def kernel_start_seconds(samples: int = 3) -> list[float]:
    """Seconds from asking for a python3 kernel (over IPC, as the build's) to its first answer, ``samples`` times."""
    from jupyter_core.utils import run_sync

    from .kernels import IpcKernelManager

    async def once() -> float:
        started = time.perf_counter()
        km = IpcKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            return time.perf_counter() - started
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    return [run_sync(once)() for _ in range(samples)]


def naive_seconds(root: Path, data_dir: Path, codes: tuple[str, ...] = SAMPLE_PAGES) -> list[float]:
    """Seconds of plain papermill (fresh kernel, sequential) for each sample page."""
    from ..data import store
    from ..fiche import parameters
    from .execute import execute_page

    cache = store.ensure_cache(data_dir, root / "data" / "cache")
    found = []
    with tempfile.TemporaryDirectory() as out:
        for code in codes:
            params = parameters.validate({"dep_code": code}, "bench")
            started = time.perf_counter()
            result = execute_page(params, root=root, data_dir=data_dir, cache=cache, out_dir=Path(out))
            if not result.ok:
                raise RuntimeError(f"papermill naïf : {result.slug} a échoué : {result.error}")
            found.append(time.perf_counter() - started)
    return found


def page_weights(html: Path) -> list[int]:
    """Weights in bytes of the published fiche pages (département, région, France: the executed
    notebooks; not the generated pages — index, methodology, sources, the territories'), sorted.

    A page's weight is its HTML plus every file that this page alone loads: the shared charts'
    files (:mod:`helpers.charts.shared`) that no other page of the site references; a file several
    pages load is the site's, not theirs.
    """
    from ..charts import shared

    pages = [p for p in (html / "pages").glob("*.html") if p.stem == "france" or p.stem.startswith(("dep-", "region-"))]
    loads = {p: set(shared.referenced(p.read_text(encoding="utf-8"))) for p in (html / "pages").rglob("*.html")}
    users: dict[str, int] = {}
    for digests in loads.values():
        for digest in digests:
            users[digest] = users.get(digest, 0) + 1
    charts = html / shared.FOLDER

    def own(page: Path) -> int:
        return sum((charts / f"{d}.js").stat().st_size for d in loads[page] if users[d] == 1 and (charts / f"{d}.js").is_file())

    return sorted(p.stat().st_size + own(p) for p in pages)


def tree_bytes(folder: Path) -> int:
    """Total size in bytes of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def change_parameters(root: Path, code: str) -> Path:
    """Change one page's parameters file (its year: 2023); returns the file."""
    from ..places.geography import resolve

    path = root / "parameters" / f"{resolve(code).slug}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^year: \d+$", "year: 2023", text), encoding="utf-8")
    return path


def measure(source: Path, data_dir: Path | None, *, log: Callable[[str], object] = print, jobs: int | None = None) -> Figures:
    """Every figure of the benchmark (see the module's doc), in a temporary copy of the book.

    ``data_dir``: official-format files to read; ``None`` generates the demonstration data in the
    copy, as ``make book`` does on a clean clone (and that time is measured too).
    """
    figures = Figures(cores=os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="comext-bench-") as tmp:
        root = copy_book(source, Path(tmp))
        log("Démarrage d'un noyau nu (3 fois)…")
        figures.kernel_start = kernel_start_seconds()
        if data_dir is None:
            log("Données de démonstration, comme sur un clone neuf (comext data demo)…")
            figures.demo = _checked(comext(root, "data", "demo"), "data demo")
            data_dir = root / "data" / "demo"
        extra = ["--data", str(data_dir), "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
        log("Site complet depuis zéro (comext build)…")
        figures.full = _checked(comext(root, "build", *extra, measure_memory=True), "build")
        figures.pages_executed, figures.execute_seconds, figures.book_seconds = parse_summary(figures.full.stderr)
        weights = page_weights(root / "_build" / "html")
        figures.pages_built, figures.median_page_kib = len(weights), statistics.median(weights) / 1024 if weights else 0.0
        pdfs = sorted((root / "_build" / "html" / "pdf").glob("*.pdf"))
        figures.pdf_count, figures.pdf_bytes = len(pdfs), sum(p.stat().st_size for p in pdfs)
        figures.site_bytes = tree_bytes(root / "_build" / "html")
        log("Le même site complet sans PDF (comext build --no-pdf, autre copie)…")
        with tempfile.TemporaryDirectory(prefix="comext-bench-nopdf-") as other:
            figures.full_no_pdf = _checked(comext(copy_book(source, Path(other)), "build", "--no-pdf", *extra), "build --no-pdf")
        log("Reconstruction sans changement…")
        figures.no_change = _checked(comext(root, "build", *extra), "build (sans changement)")
        log(f"Paramètres d'un département changés ({CHANGED_PAGE})…")
        change_parameters(root, CHANGED_PAGE)
        figures.one_param = _checked(comext(root, "build", *extra), "build (un département)")
        figures.one_param_pages = parse_summary(figures.one_param.stderr)[0]
        log(f"comext run {CHANGED_PAGE}…")
        figures.run_one = _checked(comext(root, "run", CHANGED_PAGE, "--data", str(data_dir)), "run")
        log(f"papermill naïf, un noyau neuf par carnet, en série ({len(SAMPLE_PAGES)} fiches)…")
        figures.naive_per_page = naive_seconds(root, data_dir)
    return figures


def _checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise RuntimeError(f"comext {what} a échoué (code {run.returncode}) :\n{run.stderr[-4000:]}")
    return run


def mark(value: float, limit: float, *, at_least: bool = False) -> str:
    """The target column: ``✓ ≤ 30`` when ``value`` meets ``limit`` (``≥`` with ``at_least``), else ``✗ ≤ 30``."""
    ok = value >= limit if at_least else value <= limit
    return f"{'✓' if ok else '✗'} {'≥' if at_least else '≤'} {limit:g}"


def rows(f: Figures) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows of the report; the target column says ✓ or ✗."""
    med = statistics.median
    assert f.full and f.no_change and f.one_param and f.run_one
    per_page = f.execute_seconds / f.pages_executed if f.pages_executed else 0.0
    return [
        ("Cœurs", str(f.cores), ""),
        ("Démarrage d'un noyau nu (médiane de 3)", f"{med(f.kernel_start):.2f} s", ""),
        ("papermill naïf par carnet (noyau neuf, en série)", f"{statistics.mean(f.naive_per_page):.2f} s (échantillon de {len(f.naive_per_page)})", ""),
        ("papermill naïf pour toutes les fiches (estimé)", f"{f.naive_total:.1f} s", ""),
        ("Projet : coût effectif par carnet (exécution ÷ fiches)", f"{per_page:.2f} s", ""),
        *html_rows(f),
        (
            "Site complet depuis zéro" + (" (clone neuf)" if f.demo else "") + (", avec les PDF" if f.full_no_pdf else ""),
            f"{f.from_scratch:.1f} s",
            mark(f.from_scratch, TARGETS["full_pdf" if f.full_no_pdf else "full"]),
        ),
        *([("  dont données de démonstration (comext data demo)", f"{f.demo.seconds:.1f} s", "")] if f.demo else []),
        ("  dont exécution des fiches", f"{f.execute_seconds:.1f} s ({f.pages_executed} fiches)", ""),
        ("  dont Jupyter Book (Sphinx) et publication", f"{f.book_seconds:.1f} s", ""),
        ("  dont le reste (données, cache, vérifications)", f"{f.full.seconds - f.execute_seconds - f.book_seconds:.1f} s", ""),
        ("Accélération sur papermill naïf (papermill naïf estimé ÷ comext build complet, sans PDF)", f"×{f.speedup:.1f}", mark(f.speedup, TARGETS["speedup"], at_least=True)),
        ("Reconstruction sans changement", f"{f.no_change.seconds:.1f} s", mark(f.no_change.seconds, TARGETS["no_change"])),
        ("Paramètres d'un département changés", f"{f.one_param.seconds:.1f} s ({f.one_param_pages} fiche réexécutée)", mark(f.one_param.seconds, TARGETS["one_param"])),
        ("comext run (un département)", f"{f.run_one.seconds:.1f} s", mark(f.run_one.seconds, TARGETS["run"])),
        ("Pages construites (fiches)", str(f.pages_built), ""),
        ("Poids médian d'une page", f"{f.median_page_kib:.0f} Kio", mark(f.median_page_kib, TARGETS["median_kib"])),
        ("Mémoire de pointe (somme des processus)", f"{f.full.peak_mib:.0f} Mio", ""),
        *pdf_rows(f),
    ]


def html_rows(f: Figures) -> list[tuple[str, str, str]]:
    """The HTML site's row (clean clone, no PDF: the ``--no-pdf`` build), when it was measured."""
    if f.full_no_pdf is None:
        return []
    seconds = (f.demo.seconds if f.demo else 0.0) + f.full_no_pdf.seconds
    return [("Site HTML complet depuis zéro" + (" (clone neuf)" if f.demo else "") + ", sans PDF", f"{seconds:.1f} s", mark(seconds, TARGETS["full"]))]


def pdf_rows(f: Figures) -> list[tuple[str, str, str]]:
    """The PDFs' rows: added time (full build with − without PDFs), number and size, site's size."""
    if f.full is None or f.full_no_pdf is None:
        return []
    added = f.full.seconds - f.full_no_pdf.seconds
    mo = 1_000_000
    return [
        ("PDF : surcoût du site complet (avec − sans)", f"{added:.1f} s", mark(added, PDF_TARGET)),
        ("PDF : fichiers et poids total", f"{f.pdf_count} PDF, {f.pdf_bytes / mo:.1f} Mo", ""),
        ("Poids du site avec / sans PDF", f"{f.site_bytes / mo:.1f} Mo / {(f.site_bytes - f.pdf_bytes) / mo:.1f} Mo", ""),
    ]
