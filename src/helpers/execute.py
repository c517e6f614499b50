"""Execute the template notebook for one page with papermill, then prepare it for the book.

After execution the notebook gets its MyST substitutions (page title, names) and the cell
papermill injects is hidden, so the page shows only the fiche. A failure is returned as a
:class:`PageResult` naming the cell and the error, never raised: one page's failure does not
stop the others.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .page import substitutions
from .parameters import PageParameters

TEMPLATE = Path("notebooks") / "fiche.ipynb"
PAGES = Path("pages")
#: Seconds one cell may run before the page is declared failed.
CELL_TIMEOUT = 300


@dataclass(frozen=True)
class PageResult:
    slug: str
    path: Path  # the executed notebook
    ok: bool
    seconds: float
    cell: int | None = None  # index of the failing cell (from 0), if any
    error: str | None = None  # "ExceptionName: message"


def execute_page(params: PageParameters, *, root: Path, data_dir: Path, cache: Path, out_dir: Path | None = None) -> PageResult:
    """Run the template for ``params`` into ``<out_dir>/<slug>.ipynb`` (default ``<root>/pages``)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out_dir = out_dir or root / PAGES
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{params.slug}.ipynb"
    partial = out_dir / f".{params.slug}.{os.getpid()}.ipynb"
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(root / TEMPLATE),
            str(partial),
            parameters={"dep_code": params.dep_code, "year": params.year, "data_dir": str(data_dir), "cache": str(cache)},
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(root),
            execution_timeout=CELL_TIMEOUT,
        )
    except PapermillExecutionError as exc:
        partial.unlink(missing_ok=True)
        return PageResult(params.slug, target, False, time.perf_counter() - started, exc.cell_index, f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # kernel died, timeout, template unreadable…
        partial.unlink(missing_ok=True)
        return PageResult(params.slug, target, False, time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}")
    notebook = nbformat.read(partial, as_version=4)
    prepare_for_book(notebook, params)
    nbformat.write(notebook, partial)
    partial.replace(target)
    return PageResult(params.slug, target, True, time.perf_counter() - started)


def prepare_for_book(notebook: nbformat.NotebookNode, params: PageParameters) -> None:
    """Set the page's substitutions, hide the injected parameters, drop run-specific metadata."""
    notebook.metadata["myst"] = {"substitutions": substitutions(params.unit, params.year)}
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
