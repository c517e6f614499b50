"""Execute the template notebook for one page with papermill, then prepare it for the book.

After execution the notebook gets its MyST substitutions (page title, names) and the cell
papermill injects is hidden, so the page shows only the fiche. A failure is returned as a
:class:`PageResult` naming the cell and the error, never raised: one page's failure does not
stop the others.

Executed notebooks are deterministic: run metadata (papermill's and nbclient's timings) is
dropped and the injected cell gets a fixed id, so two executions from the same inputs write the
same bytes. Each notebook stores the fingerprint of its inputs (``metadata.comext.fingerprint``,
see :func:`helpers.reproduce.fingerprint`) so that a build can reuse it while nothing changed.
It is written under a temporary name and renamed: ``pages/`` never holds a half-written page.
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


#: Id of the cell papermill injects (papermill gives it a random one).
INJECTED_CELL_ID = "injected-parameters"
#: Transitional: the methodology page moved from content/ to pages/ (generated at build time).
#: Links still written by the template or page.py are rewritten; remove once both use the new target.
@dataclass(frozen=True)
class PageResult:
    slug: str
    path: Path  # the executed notebook
    ok: bool
    seconds: float
    cell: int | None = None  # index of the failing cell (from 0), if any
    error: str | None = None  # "ExceptionName: message"
    reused: bool = False  # not executed: the notebook from a previous build was still current


def papermill_parameters(params: PageParameters, data_dir: Path, cache: Path) -> dict[str, object]:
    """The parameters papermill injects into the template for ``params``."""
    return {"dep_code": params.dep_code, "year": params.year, "data_dir": str(data_dir), "cache": str(cache)}


def fingerprint(params: PageParameters, *, root: Path, data_dir: Path, cache: Path) -> str:
    """Digest of everything the executed notebook of ``params`` depends on."""
    from .reproduce import fingerprint as digest

    return digest(root / TEMPLATE, papermill_parameters(params, data_dir, cache), cache)


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint stored in an executed notebook, ``None`` if absent or unreadable."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 (a missing, truncated or foreign file is simply not current)
        return None
    return notebook.metadata.get("comext", {}).get("fingerprint")


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
            parameters=papermill_parameters(params, data_dir, cache),
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
    prepare_for_book(notebook, params, fingerprint(params, root=root, data_dir=data_dir, cache=cache))
    nbformat.write(notebook, partial)
    partial.replace(target)
    return PageResult(params.slug, target, True, time.perf_counter() - started)


def prepare_for_book(notebook: nbformat.NotebookNode, params: PageParameters, inputs: str | None = None) -> None:
    """Set the page's substitutions, hide the injected parameters, drop run-specific metadata.

    ``inputs`` (the inputs' fingerprint) is stored in ``metadata.comext.fingerprint``.
    """
    notebook.metadata["myst"] = {"substitutions": substitutions(params.unit, params.year)}
    notebook.metadata.pop("papermill", None)
    notebook.metadata.pop("widgets", None)
    if inputs is not None:
        notebook.metadata["comext"] = {"fingerprint": inputs}
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = INJECTED_CELL_ID
            if "remove-cell" not in tags:
                tags.append("remove-cell")
