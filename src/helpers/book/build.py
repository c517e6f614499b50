"""Assemble the book: execute pages, check the totals, write toc, index and method, publish.

``build`` is what ``comext build`` does:

1. the page parameters are validated (and their years checked against the data) before any
   papermill run; the reconciliation checks (:mod:`helpers.audit.reconciliation`) run on the cache;
2. pages execute in parallel worker processes (one papermill run per page). Pages whose executed
   notebook is still current (same inputs' fingerprint) are reused, so an interrupted build
   resumes; ``only`` re-executes the listed pages and keeps the others as they are;
3. the table of contents, the index and the methodology page (generated from the data and the
   reconciliation table) are written *while* the pages execute — they do not depend on them —
   and Jupyter Book is started at once: it loads its configuration, the toc and its saved
   environment (≈ 3 s) while the pages execute, then waits (:mod:`helpers.book.jupyter_book`);
4. Jupyter Book builds into a working folder (``_build/work``, whose Sphinx environment makes
   the next build incremental) and the HTML is swapped into ``_build/html`` **only** when every
   page and every check passed. Otherwise the published site stays as it was and the report
   lists every failure. With ``keep_going`` a site is published anyway, each failed page replaced
   by a « page indisponible » notice; a reconciliation failure always blocks the publication.

An interruption (Ctrl-C, kill) never touches ``_build/html``: the swap is two renames, and a
build interrupted between them is repaired by the next one, which also resumes the pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from ..audit import reconciliation
from ..charts import assets
from ..common.checks import Check
from ..common.errors import ConfigError
from ..fiche import parameters as page_parameters
from ..fiche.parameters import PageParameters
from ..places.geography import resolve_place
from . import site_pages
from .execute import PAGES, KernelFailure, PageResult, WarmKernel, execute_page, fingerprint, stored_fingerprint
from .jupyter_book import BookProcess
from .site_pages import INDEX, TOC  # noqa: F401 (re-exported: tests and CLI name them here)

HTML = Path("_build") / "html"
#: Jupyter Book's output folder (``--path-output``): ``<WORK>/_build/{html,.doctrees,…}``.
WORK = Path("_build") / "work"
#: Present in WORK while Jupyter Book runs: a leftover means an interrupted run (WORK is wiped).
INCOMPLETE = ".incomplete"
#: The new site while it is copied, the old one while it is swapped out.
STAGING = Path("_build") / ".html-new"
RETIRED = Path("_build") / ".html-old"
#: One build at a time per book: holds the pid of the running build.
LOCK = Path("_build") / ".lock"
#: Where worker processes write the kernels' stderr (one file per worker).
LOGS = Path("_build") / "logs"


@dataclass
class BuildReport:
    results: list[PageResult] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # slugs of the pages reused as they were
    checks: pd.DataFrame | None = None  # the reconciliation table
    execute_seconds: float = 0.0
    book_seconds: float = 0.0
    book_ok: bool = True
    book_ran: bool = False
    book_log: str = ""
    published: bool = False
    up_to_date: bool = False  # the published site already had these inputs: Jupyter Book did not run
    notes: list[str] = field(default_factory=list)  # repairs made at start (interrupted build…)

    @property
    def failures(self) -> list[PageResult]:
        return [r for r in self.results if not r.ok]

    @property
    def check_failures(self) -> list[Check]:
        return [] if self.checks is None else reconciliation.failures_of(self.checks)

    @property
    def ok(self) -> bool:
        return self.published and self.book_ok and not self.failures and not self.check_failures


def select(all_params: list[PageParameters], only: Iterable[str] | None) -> list[PageParameters]:
    """The pages to execute: all, or those whose code is listed (INSEE or DGDDI département
    codes, ``R76`` / ``region-76`` for a région, ``france``)."""
    if not only:
        return all_params
    wanted = {resolve_place(code).slug for code in only}
    return [p for p in all_params if p.slug in wanted]


def plan(
    all_params: list[PageParameters], only: Iterable[str] | None, *, force: bool, root: Path, data_dir: Path, cache: Path
) -> tuple[list[PageParameters], list[PageParameters]]:
    """(pages to execute, pages reused as they are).

    With ``only``: the listed pages, the others kept as they are. Otherwise every page whose
    executed notebook does not carry the current inputs' fingerprint (all of them with ``force``).
    """
    if only:
        todo = select(all_params, only)
        return todo, [p for p in all_params if p not in todo]
    if force:
        return list(all_params), []
    todo, reused = [], []
    for p in all_params:
        current = stored_fingerprint(root / PAGES / f"{p.slug}.ipynb") == fingerprint(p, root=root, data_dir=data_dir, cache=cache)
        (reused if current else todo).append(p)
    return todo, reused


def execute_pages(
    todo: list[PageParameters],
    *,
    root: Path,
    data_dir: Path,
    cache: Path,
    jobs: int,
    keep_going: bool = True,
    fresh_kernels: bool = False,
    on_done: Callable[[PageResult], object] = lambda r: None,
    workers: ProcessPoolExecutor | None = None,
    while_running: Callable[[], object] = lambda: None,
) -> list[PageResult]:
    """Execute ``todo`` in ``jobs`` worker processes, each with one warm kernel (see execute);
    in ``workers`` (:func:`start_workers`, already started) if given. The workers are shut down
    once the pages are done, their kernels with them. ``while_running`` is called once, in this
    process, while the pages execute (at once when there is none).

    Région and France pages run first: the charts they share with the département pages are
    then already in the chart cache. ``fresh_kernels`` starts a new kernel for every page
    instead (slower; the same output). A failed page is replaced by a « page indisponible » stub
    when ``keep_going``; otherwise its previous executed notebook (if any) is left untouched. On
    an interruption the workers are stopped and the exception goes on (pages already written are
    complete).
    """
    results: list[PageResult] = []
    if not todo:
        if workers is not None:
            workers.shutdown()
        while_running()
        return results
    ordered = sorted(todo, key=lambda p: p.slug.startswith("dep-"))  # stable: scope pages first
    pool = workers or start_workers(root, min(jobs, len(todo)), fresh_kernels=fresh_kernels)
    try:
        futures = {
            pool.submit(_run_in_worker, p, root=root, data_dir=data_dir, cache=cache, fresh=fresh_kernels): p for p in ordered
        }
        while_running()
        for future in as_completed(futures):
            params = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a worker process died
                result = PageResult(params.slug, root / PAGES / f"{params.slug}.ipynb", False, 0.0, None, f"{type(exc).__name__}: {exc}")
            if not result.ok and keep_going:
                write_unavailable_page(result, params)
            results.append(result)
            on_done(result)
    except BaseException:  # Ctrl-C, kill: stop the workers (their kernels exit with them)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    order = {p.slug: i for i, p in enumerate(todo)}
    return sorted(results, key=lambda r: order[r.slug])


def start_workers(root: Path, jobs: int, *, fresh_kernels: bool = False) -> ProcessPoolExecutor:
    """``jobs`` worker processes, started now, each launching its warm kernel at once (unless
    ``fresh_kernels``): ``comext build`` starts them before it prepares the data, so that the
    kernels' start-up and imports (≈ 2.5 s) overlap that preparation. The previous build's kernel
    logs are deleted.
    """
    logs = root / LOGS
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("kernels-*.log"):
        old.unlink(missing_ok=True)
    jobs = max(1, jobs)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(logs, root, fresh_kernels))
    for _ in range(jobs):  # a task per worker: the pool spawns a process for each one still busy
        pool.submit(_started)
    return pool


def _started() -> bool:
    return True


def _init_worker(logs: Path, root: Path, fresh: bool) -> None:
    """Worker initialiser: kernels' stderr to a log file, and the warm kernel launched."""
    _send_stderr_to(logs)
    if not fresh:
        _start_worker_kernel(root, wait=False)


#: The warm kernel of a worker process (launched when the worker starts, stopped when it exits).
_worker_kernel: WarmKernel | None = None


def _start_worker_kernel(root: Path, *, wait: bool) -> None:
    """Start this worker's warm kernel (none if it fails: pages then run in fresh kernels and
    the next one tries again)."""
    global _worker_kernel
    import multiprocessing.util

    try:
        _worker_kernel = WarmKernel(root, wait=wait)
    except KernelFailure:
        _worker_kernel = None
    else:
        multiprocessing.util.Finalize(_worker_kernel, _worker_kernel.shutdown, exitpriority=10)


def _run_in_worker(params: PageParameters, *, root: Path, data_dir: Path, cache: Path, fresh: bool) -> PageResult:
    """Execute one page in this worker's warm kernel (started if it is not), or a fresh one."""
    if not fresh and _worker_kernel is None:
        _start_worker_kernel(root, wait=True)
    return execute_page(params, root=root, data_dir=data_dir, cache=cache, kernel=None if fresh else _worker_kernel)


def _send_stderr_to(folder: Path) -> None:
    """Worker initialiser: kernels' own logs (ipykernel's TCP warning at every start…) go to a file.

    Failures are still reported through :class:`PageResult`; the file keeps the details.
    """
    handle = open(folder / f"kernels-{os.getpid()}.log", "a", encoding="utf-8")  # noqa: SIM115 (lives as long as the worker)
    os.dup2(handle.fileno(), 2)


def write_unavailable_page(result: PageResult, params: PageParameters) -> None:
    """Replace a failed page by a notice naming the error (no traceback on the site)."""
    where = f" (cellule {result.cell})" if result.cell is not None else ""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            id="page-indisponible",
            source=(
                f"# {params.label} — page indisponible\n\n"
                f"La fiche n'a pas pu être calculée lors de la dernière construction{where} :\n\n"
                f"```text\n{result.error}\n```\n\nRelancer : `comext run {params.command_code}`."
            ),
        )
    ]
    result.path.parent.mkdir(parents=True, exist_ok=True)
    tmp = result.path.with_name(f".{result.path.stem}.{os.getpid()}.ipynb")
    nbformat.write(nb, tmp)
    tmp.replace(result.path)


# --------------------------------------------------------------------------------------------
# One build at a time, repairs after an interruption, atomic publication
# --------------------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[list[str]]:
    """Hold the book's lock (``_build/.lock``) and repair what an interrupted build left.

    Yields the list of repairs made (French sentences). Raises :class:`ConfigError` when
    another build of the same book is running.
    """
    lock = root / LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                other = int(lock.read_text(encoding="utf-8").strip() or 0)
            except (OSError, ValueError):
                other = 0
            if other and other != os.getpid() and _alive(other):
                raise ConfigError(
                    f"Une construction de ce livre est déjà en cours (processus {other}). Attendre sa fin, "
                    f"ou supprimer {lock} si ce processus n'est pas une construction."
                ) from None
            lock.unlink(missing_ok=True)  # left by an interrupted build
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))
    try:
        yield repair(root)
    finally:
        lock.unlink(missing_ok=True)


def repair(root: Path) -> list[str]:
    """Undo what an interrupted build left: a half-swapped site, partial notebooks."""
    notes = []
    html, staging, retired = root / HTML, root / STAGING, root / RETIRED
    if retired.exists():
        if not html.exists():  # interrupted between the two renames of the swap
            os.replace(retired, html)
            notes.append("site publié restauré (construction précédente interrompue pendant la publication)")
        else:
            shutil.rmtree(retired, ignore_errors=True)
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    for partial in (root / PAGES).glob(".*.ipynb"):  # .<slug>.<pid>.ipynb of a killed worker
        pid = partial.stem.rsplit(".", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            partial.unlink(missing_ok=True)
    return notes


#: Jupyter Book's log of the last build (its output, Sphinx's warnings and errors).
BOOK_LOG = LOGS / "jupyter-book.log"


def start_book(root: Path, jobs: int | None = None) -> BookProcess:
    """Start Jupyter Book into ``WORK`` (incremental; wiped first if a previous run was
    interrupted); it reads configuration, toc and saved environment, then waits for
    :func:`finish_book` (or :meth:`BookProcess.cancel`).

    ``_toc.yml`` and ``_config.yml`` must be final: they are read now. The pages are read when
    the build goes on.
    """
    work = root / WORK
    if (work / INCOMPLETE).exists():
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    (work / INCOMPLETE).write_text(str(os.getpid()), encoding="utf-8")
    return BookProcess(root, work, jobs=jobs, log=root / BOOK_LOG)


def finish_book(root: Path, process: BookProcess) -> tuple[bool, str, Path]:
    """Let the started Jupyter Book build; (succeeded, log, the HTML folder it built)."""
    ok, log = process.go()
    (root / WORK / INCOMPLETE).unlink(missing_ok=True)
    return ok, log, root / WORK / "_build" / "html"


def cancel_book(root: Path, process: BookProcess) -> None:
    """Stop a started Jupyter Book. Never told to build: the work folder is as it was. Stopped
    while building (an interruption): the folder keeps its marker and is wiped next time."""
    process.cancel()
    if not process.told_to_build:
        (root / WORK / INCOMPLETE).unlink(missing_ok=True)


#: In the published site: the digest of the inputs it was built from (see :func:`site_inputs`).
STAMP = ".comext-inputs"
#: What Jupyter Book reads, under the book's root.
SITE_INPUTS = ("_config.yml", "_toc.yml", "pages", "_static", "extra")


def site_inputs(root: Path) -> str:
    """Digest of everything the Jupyter Book build reads: configuration, toc, pages, static files,
    published data files, the Sphinx extension's code and the libraries' versions.

    Equal to the published site's :data:`STAMP`: the site is current, Jupyter Book need not run.
    """
    from ..fiche.reproduce import code_digest, versions

    digest = hashlib.sha256(json.dumps([code_digest(), versions()["jupyter-book"]]).encode())
    for name in SITE_INPUTS:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(root: Path, inputs: str) -> bool:
    """True when the published site was built from ``inputs`` (:func:`site_inputs`)."""
    stamp = root / HTML / STAMP
    return (root / HTML / "index.html").is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == inputs


def publish(root: Path, built: Path, inputs: str | None = None) -> Path:
    """Make ``built`` (a complete HTML site) the published ``_build/html``; returns it.

    ``inputs`` (the digest of what it was built from) is stored in the site's :data:`STAMP`.

    The site is copied beside the published one, then swapped in by two renames: a reader sees
    the old site or the new one, and an interruption between the renames is repaired by
    :func:`repair` at the next build.
    """
    html, staging, retired = root / HTML, root / STAGING, root / RETIRED
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(built, staging)
    (staging / STAMP).unlink(missing_ok=True)
    if inputs is not None:
        (staging / STAMP).write_text(inputs + "\n", encoding="utf-8")
    shutil.rmtree(retired, ignore_errors=True)
    if html.exists():
        os.replace(html, retired)
    os.replace(staging, html)
    shutil.rmtree(retired, ignore_errors=True)
    return html


def check_years(pages: list[PageParameters], cache: Path) -> None:
    """Every page's year must be in the data (before any papermill run)."""
    from ..data import store

    years = store.read_manifest(cache)["years"]
    missing = sorted({p.year for p in pages} - set(years))
    if missing:
        raise ConfigError(
            f"Année(s) {', '.join(map(str, missing))} demandée(s) par parameters/ mais absente(s) des données "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})."
        )


def write_sources(
    root: Path, all_params: list[PageParameters], *, data_dir: Path, cache: Path, checks: pd.DataFrame, executing: Iterable[PageParameters] = ()
) -> None:
    """Placeholders for pages never executed, then the generated pages (toc, index, methodology).

    Pages being ``executing`` get no placeholder: their worker writes them (the page, or its
    « page indisponible » notice with ``--keep-going``).
    """
    busy = {p.slug for p in executing}
    for p in all_params:  # pages never executed yet (e.g. a first build with --only)
        path = root / PAGES / f"{p.slug}.ipynb"
        if p.slug not in busy and not path.is_file():
            write_unavailable_page(PageResult(p.slug, path, False, 0.0, None, "page pas encore calculée (comext build)"), p)
    site_pages.write(root, all_params, data_dir=data_dir, cache=cache, checks=checks)


def build(
    root: Path,
    *,
    data_dir: Path,
    cache: Path,
    only: list[str] | None = None,
    jobs: int | None = None,
    keep_going: bool = False,
    force: bool = False,
    fresh_kernels: bool = False,
    on_start: Callable[[int], object] = lambda n: None,
    on_done: Callable[[PageResult], object] = lambda r: None,
    workers: ProcessPoolExecutor | None = None,
) -> BuildReport:
    """Execute the pages, check, write toc/index/methodology, build and publish (see module doc).

    ``workers``: worker processes already started (:func:`start_workers`); they are shut down
    once the pages are done (:func:`execute_pages`), before Jupyter Book builds.
    """
    root = Path(root)
    with build_lock(root) as notes:
        report = BuildReport(notes=notes)
        all_params = page_parameters.read_all(root / "parameters")
        if not all_params:
            raise ConfigError(f"Aucun fichier de paramètres dans {root / 'parameters'} : rien à construire.")
        if only:
            select_or_fail(all_params, only)
        check_years(all_params, cache)
        report.checks = reconcile_once(cache)
        todo, reused = plan(all_params, only, force=force, root=root, data_dir=data_dir, cache=cache)
        report.reused = [p.slug for p in reused]
        early: list[BookProcess] = []

        def prepare_site() -> None:
            """While the pages execute: toc, index, methodology and sources (they do not depend on
            the executed pages), then Jupyter Book started, its start-up overlapping the execution."""
            write_sources(root, all_params, data_dir=data_dir, cache=cache, checks=report.checks, executing=todo)
            if todo and not report.check_failures:
                assets.install(root)
                early.append(start_book(root, jobs))

        try:
            on_start(len(todo))
            started = time.perf_counter()
            report.results = execute_pages(
                todo, root=root, data_dir=data_dir, cache=cache, jobs=jobs or os.cpu_count() or 1, keep_going=keep_going,
                fresh_kernels=fresh_kernels, on_done=on_done, workers=workers, while_running=prepare_site,
            )
            report.execute_seconds = time.perf_counter() - started
            if report.check_failures or (report.failures and not keep_going):
                return report  # nothing published: the previous site stays
            return _book_and_publish(root, report, allow_partial=keep_going, force=force, jobs=jobs, started=early[0] if early else None)
        finally:
            for process in early:
                cancel_book(root, process)  # not used (or interrupted): stopped; a no-op once it has built


def _book_and_publish(
    root: Path, report: BuildReport, *, allow_partial: bool, force: bool = False, jobs: int | None = None, started: BookProcess | None = None
) -> BuildReport:
    """Jupyter Book (``started`` ahead of time, or started now), then publication; skipped when
    the published site has the same inputs."""
    begun = time.perf_counter()
    if started is None:
        assets.install(root)
    inputs = site_inputs(root)
    if not force and is_current(root, inputs):
        if started is not None:
            cancel_book(root, started)
        report.published = report.up_to_date = True
        report.book_seconds = time.perf_counter() - begun
        return report
    report.book_ran = True
    report.book_ok, report.book_log, built = finish_book(root, started or start_book(root, jobs))
    if report.book_ok or (allow_partial and (built / "index.html").is_file()):
        publish(root, built, inputs if report.book_ok and not report.failures else None)
        report.published = True
    report.book_seconds = time.perf_counter() - begun
    return report


def reconcile_once(cache: Path) -> pd.DataFrame:
    """The reconciliation table of ``cache``, computed once per cache and code version.

    The checks depend only on the cache's content (a cache folder never changes: its name is a
    digest of the input files) and on the code and tolerances (``code_digest``): the table is
    stored beside the data (``checks-<code>.parquet``) and read back by the next builds, which
    thus start in well under a second.
    """
    from ..fiche.reproduce import code_digest

    stored = Path(cache) / f"checks-{code_digest()[:16]}.parquet"
    if stored.is_file():
        try:
            return pd.read_parquet(stored)
        except Exception:  # noqa: BLE001 (truncated by a kill: computed again)
            pass
    checks = reconciliation.reconcile(cache, strict=False)
    tmp = stored.with_name(f".{stored.name}.{os.getpid()}")
    checks.to_parquet(tmp, index=False)
    tmp.replace(stored)
    return checks


def select_or_fail(all_params: list[PageParameters], only: Iterable[str]) -> list[PageParameters]:
    """:func:`select`, refusing a code that has no page in ``parameters/``."""
    chosen = select(all_params, only)
    wanted = {resolve_place(code).slug for code in only}
    missing = sorted(wanted - {p.slug for p in chosen})
    if missing:
        raise ConfigError(f"--only : pas de fichier de paramètres pour la ou les page(s) {', '.join(missing)} dans parameters/.")
    return chosen


def publish_current(root: Path, *, data_dir: Path, cache: Path) -> BuildReport:
    """Rebuild and publish the site from the executed notebooks as they are (``comext run --book``)."""
    root = Path(root)
    with build_lock(root) as notes:
        report = BuildReport(notes=notes)
        all_params = page_parameters.read_all(root / "parameters")
        report.checks = reconcile_once(cache)
        write_sources(root, all_params, data_dir=data_dir, cache=cache, checks=report.checks)
        if report.check_failures:
            return report
        return _book_and_publish(root, report, allow_partial=False)
