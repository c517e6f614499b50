"""Execute the template notebook for one page with papermill, then prepare it for the book.

Two ways to run a page, with the same result byte for byte (``tests/book/test_execute.py`` proves it):

* **fresh kernel** (``comext build --fresh-kernels``; ``comext run`` when its kernel failed to
  start): papermill starts a kernel, runs the page, stops the kernel — about 0.7 s of start-up
  and 1–2 s of imports per page;
* **warm kernel** (``comext build``; ``comext run``, whose kernel starts while the data is
  prepared): each worker process keeps one :class:`WarmKernel` whose
  heavy modules (pandas, altair, the helpers) are imported once; before each page its namespace
  is reset (``InteractiveShell.reset``: variables, history, execution counter back to 1, working
  directory) and papermill runs the page in it through :class:`WarmKernelEngine`, which sends
  the page's code cells in one go (:mod:`helpers.book.pipelined`: no round trip per cell).

Either way the template is read once per process and parameterised for the page, only the cells
of the page's kind run (:func:`page_notebook`; the others were dropped after execution anyway),
and the notebook is written once, prepared for the book (:func:`run_notebook`: papermill's steps
without its own write).

Both talk to their kernel over IPC, in a private socket folder (:class:`IpcKernelManager`).

A kernel that fails to start, dies or stops answering is restarted and the page retried once
(:attr:`PageResult.attempts`). A failure in a cell is not retried (it would fail again): it is
returned as a :class:`PageResult` naming the cell and the error, never raised, so one page's
failure does not stop the others.

After execution the notebook gets its MyST substitutions (page title, names) and the cell
papermill injects is hidden, so the page shows only the fiche. Executed notebooks are
deterministic: run metadata (papermill's and nbclient's timings) is dropped and the injected cell
gets a fixed id, so two executions from the same inputs write the same bytes. Each notebook
stores the fingerprint of its inputs (``metadata.comext.fingerprint``, see
:func:`helpers.fiche.reproduce.fingerprint`) so that a build re-executes only the pages whose inputs
changed. It is written under a temporary name and renamed: ``pages/`` never holds a half-written
page.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ..fiche.parameters import PageParameters
from ..fiche.template import adapt, belongs
from .kernels import CELL_TIMEOUT, STARTUP_TIMEOUT, IpcKernelManager, KernelFailure, WarmKernel

TEMPLATE = Path("notebooks") / "fiche.ipynb"
PAGES = Path("pages")


#: Id of the cell papermill injects (papermill gives it a random one).
INJECTED_CELL_ID = "injected-parameters"


@dataclass(frozen=True)
class PageResult:
    slug: str
    path: Path  # the executed notebook
    ok: bool
    seconds: float
    cell: int | None = None  # index of the failing cell (from 0), if any
    error: str | None = None  # "ExceptionName: message"
    reused: bool = False  # not executed: the notebook from a previous build was still current
    attempts: int = 1  # 2 when the kernel failed once and the page was retried


def papermill_parameters(params: PageParameters, data_dir: Path, cache: Path) -> dict[str, object]:
    """The parameters papermill injects into the template for ``params``.

    The page's place (``dep_code``; ``region_code`` or ``france`` with an empty ``dep_code``),
    the year, the data and cache folders, the product nomenclature (``level``).
    """
    return {**params.template_parameters(), "year": params.year, "data_dir": str(data_dir), "cache": str(cache), "level": params.level}


def fingerprint(params: PageParameters, *, root: Path, data_dir: Path, cache: Path) -> str:
    """Digest of everything the executed notebook of ``params`` depends on (see reproduce)."""
    from ..fiche.evolution import compared_places
    from ..fiche.reproduce import fingerprint as digest

    history = [compared.place.scope for compared in compared_places(params.place)]  # every year of these: « Évolution »
    return digest(
        root / TEMPLATE, papermill_parameters(params, data_dir, cache), cache, scopes=params.scopes(), year=params.year, root=root, history=history,
        page=params.slug,
    )


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint stored in an executed notebook, ``None`` if absent or unreadable.

    Planning a build reads every page's, so only the notebook's top-level metadata is parsed
    (:func:`_top_level_metadata`), as plain JSON (no schema validation).
    """
    try:
        found = _top_level_metadata(path.read_text(encoding="utf-8"))["comext"]["fingerprint"]
    except Exception:  # noqa: BLE001 (a missing, truncated or foreign file is simply not current)
        return None
    return found if isinstance(found, str) else None


#: How nbformat writes the notebook's own ``metadata`` key: keys sorted (after ``cells``), one
#: space of indent per level. A raw newline cannot occur inside a JSON string, so only the
#: top-level key starts a line with exactly one space.
_TOP_METADATA = '\n "metadata": {'


def _top_level_metadata(text: str) -> dict:
    """The ``metadata`` of a notebook's JSON ``text``, parsing from that key to the end when the
    text is laid out as nbformat writes it (the cells, which hold the charts' Vega-Lite specs, are
    most of a page's JSON), the whole text otherwise."""
    start = text.rfind(_TOP_METADATA)
    if start >= 0:
        try:
            return json.loads("{" + text[start + 1 :])["metadata"]
        except ValueError:
            pass
    return json.loads(text)["metadata"]


_ENGINE = "comext-warm-kernel"


def _register_engine() -> None:
    """Register :class:`WarmKernelEngine` with papermill (once per process)."""
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    from .pipelined import PipelinedClient

    if _ENGINE in papermill_engines._engines:
        return

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, running in an already started :class:`WarmKernel`, the
        page's cells sent in one go (:mod:`helpers.book.pipelined`)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,  # noqa: ANN001, ANN206
                                     start_timeout=60, execution_timeout=None, **kwargs):  # noqa: ANN001
            kernel: WarmKernel = kwargs["warm_kernel"]
            client = PipelinedClient(
                nb_man, km=kernel.km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
            )
            client.kc = kernel.kc  # not owned: neither the client nor the kernel is stopped at the end
            return client.execute()

    papermill_engines.register(_ENGINE, WarmKernelEngine)


def execute_page(
    params: PageParameters, *, root: Path, data_dir: Path, cache: Path, out_dir: Path | None = None, kernel: WarmKernel | None = None
) -> PageResult:
    """Run the template for ``params`` into ``<out_dir>/<slug>.ipynb`` (default ``<root>/pages``).

    With ``kernel`` the page runs in that warm kernel (reset first), otherwise in a fresh one. A
    kernel failure is retried once (in a restarted warm kernel, or a new fresh one).
    """
    out_dir = out_dir or root / PAGES
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = _attempt(params, root=root, data_dir=data_dir, cache=cache, out_dir=out_dir, kernel=kernel)
    attempts = 1
    if isinstance(result, KernelFailure):
        attempts = 2
        if kernel is not None:
            try:
                kernel.restart()
            except KernelFailure:
                kernel = None  # the retry gets a fresh kernel of its own
        result = _attempt(params, root=root, data_dir=data_dir, cache=cache, out_dir=out_dir, kernel=kernel)
    seconds = time.perf_counter() - started
    target = out_dir / f"{params.slug}.ipynb"
    if isinstance(result, KernelFailure):
        return PageResult(params.slug, target, False, seconds, None, f"{result} (après une nouvelle tentative)", attempts=attempts)
    return PageResult(result.slug, result.path, result.ok, seconds, result.cell, result.error, attempts=attempts)


def _attempt(
    params: PageParameters, *, root: Path, data_dir: Path, cache: Path, out_dir: Path, kernel: WarmKernel | None
) -> PageResult | KernelFailure:
    from papermill.exceptions import PapermillExecutionError

    target = out_dir / f"{params.slug}.ipynb"
    partial = out_dir / f".{params.slug}.{os.getpid()}.ipynb"
    started = time.perf_counter()
    # A fresh kernel: over IPC like every kernel (kernels.IpcKernelManager), no graceful wait at the end.
    options: dict[str, Any] = {"shutdown_kernel": "immediate", "kernel_manager_class": IpcKernelManager}
    kept: list[int] = []
    try:
        notebook, kept = page_notebook(root / TEMPLATE, papermill_parameters(params, data_dir, cache), params.kind)
        if kernel is not None:
            _register_engine()
            kernel.reset()
            options = {"engine_name": _ENGINE, "warm_kernel": kernel}
        notebook = run_notebook(notebook, root / TEMPLATE, cwd=root, **options)
    except PapermillExecutionError as exc:
        return PageResult(params.slug, target, False, time.perf_counter() - started, kept[exc.cell_index], f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # kernel died, did not start, stopped answering
        if _is_kernel_failure(exc):
            return KernelFailure(f"{type(exc).__name__}: {exc}")
        return PageResult(params.slug, target, False, time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}")
    if kernel is not None:
        kernel.pages += 1
    prepare_for_book(notebook, params, fingerprint(params, root=root, data_dir=data_dir, cache=cache))
    nbformat.write(notebook, partial)
    partial.replace(target)
    return PageResult(params.slug, target, True, time.perf_counter() - started)


#: The template as papermill loads it, by (path, modification time, size): read once per process.
_templates: dict[tuple[str, int, int], nbformat.NotebookNode] = {}


def page_notebook(template: Path, parameters: dict[str, object], kind: str) -> tuple[nbformat.NotebookNode, list[int]]:
    """The notebook to execute for a page of ``kind``: the template (read once per process) with
    papermill's parameters injected, and only the cells of that kind (:func:`select_cells`; the
    others would be dropped after execution anyway, and some cost time). Also the index each
    kept cell has in the parameterised template (how a failing cell is named).
    """
    import copy

    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    stat = template.stat()
    key = (str(template), stat.st_mtime_ns, stat.st_size)
    if key not in _templates:
        _templates.clear()
        _templates[key] = load_notebook_node(str(template))
    notebook = parameterize_notebook(copy.deepcopy(_templates[key]), parameters, kernel_name="python3")
    kept = [i for i, cell in enumerate(notebook.cells) if belongs(cell, kind)]
    notebook.cells = [notebook.cells[i] for i in kept]
    return notebook, kept


def run_notebook(notebook: nbformat.NotebookNode, template: Path, *, cwd: Path, engine_name: str | None = None, **options: Any) -> nbformat.NotebookNode:
    """What ``papermill.execute_notebook`` does once the notebook is parameterised, without writing
    it (the caller writes the page once, prepared for the book): raises papermill's
    ``PapermillExecutionError`` for an error in a cell."""
    from papermill.engines import papermill_engines
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.iorw import local_file_io_cwd
    from papermill.utils import chdir

    with local_file_io_cwd():
        notebook = remove_error_markers(prepare_notebook_metadata(notebook, str(template), None))
        kernel_name = papermill_engines.nb_kernel_name(engine_name=engine_name, nb=notebook, name="python3")
        with chdir(str(cwd)):
            notebook = papermill_engines.execute_notebook_with_engine(
                engine_name, notebook, input_path=str(template), output_path=None, kernel_name=kernel_name, progress_bar=False,
                log_output=False, start_timeout=STARTUP_TIMEOUT, execution_timeout=CELL_TIMEOUT, **options,
            )
        raise_for_execution_errors(notebook, None)
    return notebook


def _is_kernel_failure(exc: BaseException) -> bool:
    """True for errors of the kernel itself (start, death, no answer), not of the notebook."""
    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, DeadKernelError | KernelFailure | TimeoutError | ConnectionError):
        return True
    text = str(exc).lower()
    return "kernel" in text and any(word in text for word in ("died", "dead", "start", "timed out", "timeout"))


def prepare_for_book(notebook: nbformat.NotebookNode, params: PageParameters, inputs: str | None = None) -> None:
    """Set the page's substitutions, hide the injected parameters, drop run-specific metadata.

    ``inputs`` (the inputs' fingerprint) is stored in ``metadata.comext.fingerprint``.
    """
    adapt(notebook, params)  # substitutions (title, names) and the cells of the page's kind (helpers.fiche.template)
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
