"""Warm kernels: one Jupyter kernel kept between pages, its heavy imports paid once.

Light on purpose (nbformat and nbclient only): ``comext run`` starts a kernel before importing
anything else, so that the kernel's start-up and imports overlap the preparation of the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

#: Seconds one cell may run before the page is declared failed.
CELL_TIMEOUT = 300
#: Seconds a kernel may take to start and answer.
STARTUP_TIMEOUT = 60
#: The modules every page imports: imported once by a warm kernel, before its first page.
IMPORTS = "import altair, numpy, pandas, pyarrow.parquet\nfrom helpers.fiche import breakdown, context, key_figures, page, reproduce\nfrom helpers.charts import figures\nfrom helpers.audit import reconciliation\n"
#: Then everything imported is moved out of the garbage collector's sight, and young objects are
#: collected less often: the full collection of each reset (IPython's ``reset`` calls
#: ``gc.collect()``) and the automatic ones during a page no longer walk the ~150,000 objects of
#: pandas and Altair (0.10 s → 0.01 s per reset). It changes when memory is reclaimed, never what
#: a page computes.
GC_TUNING = "import gc as _gc\n_gc.collect()\n_gc.freeze()\n_gc.set_threshold(100_000, 50, 1000)\ndel _gc\n"
WARM_UP = IMPORTS + GC_TUNING


def warm_up_arguments() -> list[str]:
    """Kernel command-line options that run :data:`WARM_UP` while the kernel starts, before it
    answers (``IPKernelApp.exec_lines``: one line, statements joined by ``;``; not in history)."""
    return [f"--IPKernelApp.exec_lines={'; '.join(line for line in WARM_UP.splitlines() if line.strip())}"]


#: Run silently before each page in a warm kernel: a fresh session, as in a new kernel.
RESET = "import os as _os\n_os.chdir({root!r})\nget_ipython().reset(new_session=True)\n"


class KernelFailure(RuntimeError):
    """The kernel could not start, died or stopped answering (not an error in a cell)."""


class WarmKernel:
    """A kernel kept between pages: the heavy imports are paid once per worker process.

    :meth:`reset` gives each page a new session (empty namespace and history, execution counter
    at 1, working directory ``root``), so that a page's output does not depend on the pages run
    before it in the same kernel.
    """

    def __init__(self, root: Path, kernel_name: str = "python3", *, wait: bool = True) -> None:
        """Start the kernel, which imports :data:`WARM_UP` before it answers. ``wait=False``
        returns as soon as the kernel process is launched (≈ 0.2 s): its start-up and imports go
        on meanwhile, and :meth:`ready` (called by :meth:`reset`) waits for them."""
        self.root = Path(root)
        self.kernel_name = kernel_name
        self.pages = 0  # pages run since the last (re)start
        self._connected = False
        self._start(wait)

    def _start(self, wait: bool = True) -> None:
        from nbclient import NotebookClient

        self.client = NotebookClient(
            nbformat.v4.new_notebook(), kernel_name=self.kernel_name, timeout=CELL_TIMEOUT, startup_timeout=STARTUP_TIMEOUT,
            resources={"metadata": {"path": str(self.root)}}, extra_arguments=warm_up_arguments(),
        )
        self._connected = False
        try:
            self.client.km = self.client.create_kernel_manager()
            self.client.start_new_kernel(cwd=str(self.root))  # launches the process, does not wait
        except Exception as exc:
            self.shutdown()
            raise KernelFailure(f"le noyau n'a pas démarré : {type(exc).__name__}: {exc}") from exc
        self.pages = 0
        if wait:
            self.ready()

    def restart(self) -> None:
        """Stop this kernel and start a new one in its place (raises :class:`KernelFailure`)."""
        self.shutdown()
        self._start()

    @property
    def km(self) -> Any:
        return self.client.km

    @property
    def kc(self) -> Any:
        return self.client.kc

    def _run(self, code: str) -> None:
        """Run ``code`` silently (not stored in history: the execution counter does not move)."""
        cell = nbformat.v4.new_code_cell(code)
        self.client.nb.cells = [cell]
        self.client.execute_cell(cell, 0, store_history=False)

    def ready(self) -> None:
        """Wait until the kernel answers, its warm-up done (raises :class:`KernelFailure`).

        The imports are then checked by running them again (already loaded: a few milliseconds):
        IPython only logs a failing start-up line, this turns it into a clear failure.
        """
        if self._connected:
            return
        try:
            self.client.start_new_kernel_client()  # waits for the kernel's first answer
        except Exception as exc:
            self.shutdown()
            raise KernelFailure(f"le noyau ne répond pas : {type(exc).__name__}: {exc}") from exc
        self._connected = True
        try:
            self._run(IMPORTS)
        except Exception as exc:
            self.shutdown()
            what = f"{exc.ename}: {exc.evalue}" if hasattr(exc, "ename") else f"{type(exc).__name__}: {exc}"  # CellExecutionError
            raise KernelFailure(f"échec des imports du noyau : {what}") from exc

    def reset(self) -> None:
        """A new session for the next page (namespace, history, counter, working directory)."""
        self.ready()
        self._run(RESET.format(root=str(self.root)))

    def alive(self) -> bool:
        try:
            return bool(self.km is not None and self.km.has_kernel and _sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001
            return False

    def shutdown(self) -> None:
        """Stop the kernel (idempotent)."""
        kc, km = self.client.kc, self.client.km
        self.client.kc = None
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            try:
                _sync(km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 (already gone)
                pass


def _sync(function: Any) -> Any:
    from jupyter_core.utils import run_sync

    return run_sync(function)
