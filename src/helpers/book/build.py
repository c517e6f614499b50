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

An interruption (Ctrl-C, kill) never touches ``_build/html``: the swap is two renames, undone
by a Ctrl-C that comes during it; a build killed between them is repaired by the next one, which
also resumes the pages. Once the new site is in place the build is complete: a Ctrl-C is then too
late to cancel it (:func:`helpers.book.publish.publish`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..audit import reconciliation
from ..charts import assets
from ..charts import shared as shared_charts
from ..common.checks import Check
from ..common.errors import ConfigError
from ..common.paths import EXTRA
from ..fiche import parameters as page_parameters
from ..fiche.parameters import PageParameters
from . import pdf_territory, site_pages
from .execute import PAGES, PageResult
from .jupyter_book import BookProcess, cancel_book, finish_book, start_book
from .plan import check_years, plan, reconcile_once, select_or_fail
from .publish import build_lock, is_current, publish, site_inputs
from .workers import execute_pages, write_unavailable_page


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


def publish_reused_pdfs(root: Path, reused: Iterable[PageParameters], *, data_dir: Path) -> None:
    """The PDF of each reused page that has none made from its notebook as it is (a PDF lost, or
    made before its page was last executed); pages never executed get none."""
    from .execute import stored_fingerprint
    from .pdf import publish_page_pdf

    for p in reused:
        if stored_fingerprint(root / PAGES / f"{p.slug}.ipynb") is not None:
            publish_page_pdf(p.slug, root=root, data_dir=data_dir)


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
    pdf: bool = True,
    on_start: Callable[[int], object] = lambda n: None,
    on_done: Callable[[PageResult], object] = lambda r: None,
    workers: ProcessPoolExecutor | None = None,
    execute: Callable[..., list[PageResult]] = execute_pages,
) -> BuildReport:
    """Execute the pages, check, write toc/index/methodology, build and publish (see module doc).

    ``workers``: worker processes already started (:func:`start_workers`); they are shut down
    once the pages are done (:func:`execute_pages`), before Jupyter Book builds. ``execute``: what
    runs the pages, called as :func:`execute_pages` (the local pool; or a
    :class:`helpers.book.dask_executor.DaskExecutor`); the rest of the build does not change.
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
        todo, reused = plan(all_params, only, force=force, root=root, data_dir=data_dir, cache=cache)
        report.reused = [p.slug for p in reused]
        early: list[BookProcess] = []

        def prepare_site() -> None:
            """While the pages execute: the reconciliation checks (a failure stops the build before
            publication: the pages executed meanwhile are kept, never published), toc, index,
            methodology and sources (they do not depend on the executed pages), then Jupyter Book
            started, its start-up overlapping the execution, then the PDFs of the reused pages and
            of the territories."""
            report.checks = reconcile_once(cache)
            write_sources(root, all_params, data_dir=data_dir, cache=cache, checks=report.checks, executing=todo)
            if todo and not report.check_failures:
                assets.install(root)
                early.append(start_book(root, jobs))
            # PDFs once Jupyter Book is starting (it reads them only when the pages are done)
            if pdf:
                publish_reused_pdfs(root, reused, data_dir=data_dir)
            pdf_territory.publish(root, year=all_params[0].year, data_dir=data_dir, make=pdf)

        try:
            on_start(len(todo))
            started = time.perf_counter()
            report.results = execute(
                todo, root=root, data_dir=data_dir, cache=cache, jobs=jobs or os.cpu_count() or 1, keep_going=keep_going,
                fresh_kernels=fresh_kernels, pdf=pdf, on_done=on_done, workers=workers, while_running=prepare_site,
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
    charts = shared_charts.in_use(root / PAGES)  # the charts several pages share that a page still loads
    shared_charts.prune(root / EXTRA / shared_charts.FOLDER, charts)
    inputs = site_inputs(root)
    if not force and is_current(root, inputs):
        if started is not None:
            cancel_book(root, started)
        report.published = report.up_to_date = True
        report.book_seconds = time.perf_counter() - begun
        return report
    report.book_ran = True
    report.book_ok, report.book_log, built = finish_book(root, started or start_book(root, jobs))
    shared_charts.prune(built / shared_charts.FOLDER, charts)  # Sphinx copies extra/ into its output, never deletes there
    if report.book_ok or (allow_partial and (built / "index.html").is_file()):
        publish(root, built, inputs if report.book_ok and not report.failures else None)
        report.published = True
    report.book_seconds = time.perf_counter() - begun
    return report


def publish_current(root: Path, *, data_dir: Path, cache: Path) -> BuildReport:
    """Rebuild and publish the site from the executed notebooks as they are (``comext run --book``);
    a page whose published PDF is older than its notebook (the page just run) gets a new one."""
    root = Path(root)
    with build_lock(root) as notes:
        report = BuildReport(notes=notes)
        all_params = page_parameters.read_all(root / "parameters")
        report.checks = reconcile_once(cache)
        write_sources(root, all_params, data_dir=data_dir, cache=cache, checks=report.checks)
        from .pdf import PUBLISHED

        # the page comext run executed: its PDF remade if the site had one (none after a --no-pdf build)
        publish_reused_pdfs(root, [p for p in all_params if (root / PUBLISHED / f"{p.slug}.pdf").is_file()], data_dir=data_dir)
        pdf_territory.publish(root, year=all_params[0].year, data_dir=data_dir, make=any((root / PUBLISHED).glob("territoire-*.pdf")))
        if report.check_failures:
            return report
        return _book_and_publish(root, report, allow_partial=False)
