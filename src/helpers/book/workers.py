"""Execute pages in parallel worker processes, each keeping one warm kernel (:mod:`helpers.book.kernels`).

Workers are started before the data is prepared (their kernels' start-up and imports overlap
it); région and France pages run first; a failed page is reported (and, with ``keep_going``,
replaced by a « page indisponible » notice); an interruption stops the workers and goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

from ..common import typography
from ..fiche.parameters import PageParameters
from .execute import PAGES, KernelFailure, PageResult, WarmKernel, execute_page
from .layout import LOGS


def execute_pages(
    todo: list[PageParameters],
    *,
    root: Path,
    data_dir: Path,
    cache: Path,
    jobs: int,
    keep_going: bool = True,
    fresh_kernels: bool = False,
    pdf: bool = False,
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
    instead (slower; the same output). ``pdf``: each executed page's PDF is made in its worker
    (:func:`with_pdf`); without it, an executed page's older PDF is removed (:func:`without_pdf`),
    so that the site never offers a PDF older than its page. A failed page is replaced by a « page indisponible » stub
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
            pool.submit(_run_in_worker, p, root=root, data_dir=data_dir, cache=cache, fresh=fresh_kernels, pdf=pdf): p for p in ordered
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


def _run_in_worker(params: PageParameters, *, root: Path, data_dir: Path, cache: Path, fresh: bool, pdf: bool = False) -> PageResult:
    """Execute one page in this worker's warm kernel (started if it is not), or a fresh one; then
    its PDF (``pdf``) or, without, remove its older one."""
    if not fresh and _worker_kernel is None:
        _start_worker_kernel(root, wait=True)
    result = execute_page(params, root=root, data_dir=data_dir, cache=cache, kernel=None if fresh else _worker_kernel)
    if not result.ok:
        return result
    return with_pdf(result, root=root, data_dir=data_dir) if pdf else without_pdf(result, root=root)


def without_pdf(result: PageResult, *, root: Path) -> PageResult:
    """``result`` once the page's PDF, if any, is removed when it was made from an older notebook."""
    from .pdf import drop_stale_pdf

    drop_stale_pdf(result.slug, root)
    return result


def with_pdf(result: PageResult, *, root: Path, data_dir: Path) -> PageResult:
    """``result`` once the page's PDF is written into the site's sources (:mod:`helpers.book.pdf`),
    in the same worker; a PDF that cannot be made fails the page (named as such)."""
    from .pdf import publish_page_pdf

    try:
        publish_page_pdf(result.slug, root=root, data_dir=data_dir)
    except Exception as exc:  # noqa: BLE001 (reported as the page's failure, like a cell's error)
        return dataclasses.replace(result, ok=False, error=f"PDF : {type(exc).__name__}: {exc}")
    return result


def _send_stderr_to(folder: Path) -> None:
    """Worker initialiser: kernels' own logs (a warning, a crash's last words) go to a file, not the terminal.

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
            source=typography.markdown(
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
