"""Kernels: every kernel the commands start talks over IPC, and warm kernels keep their imports.

Every kernel runs over the IPC transport (:class:`IpcKernelManager`): Unix sockets in a private
folder (mode 700) of its own, removed when the kernel stops (or, after a kill, by the next command
that starts a kernel). Over TCP, ipykernel 7 warns at each
start that the kernel is « running over TCP without encryption », and any local user could
connect to its ports; a private socket folder removes the cause, at no cost in speed.

Warm kernels (:class:`WarmKernel`): one Jupyter kernel kept between pages, its heavy imports paid
once. Light on purpose (nbformat, nbclient and jupyter_client only): ``comext run`` starts a kernel
before importing anything else, so that the kernel's start-up and imports overlap the
preparation of the data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import AsyncKernelManager

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


class KernelFailure(RuntimeError):
    """The kernel could not start, died or stopped answering (not an error in a cell)."""


#: Longest path of a Unix socket (``sun_path`` holds 108 bytes on Linux, 104 on macOS, with the
#: final NUL): a kernel's socket folder is chosen so that its five sockets fit.
SOCKET_PATH_MAX = 103
#: Name of a kernel's sockets in its folder: ``k-1`` … ``k-5`` (jupyter_client numbers them).
SOCKET_STEM = "k"
#: Name of a kernel's socket folder: the prefix, the pid of the process that manages the kernel, a random part.
FOLDER_PREFIX = "comext-kernel-"


def socket_folder(base: str | None = None) -> Path:
    """A new private folder (mode 700) for one kernel's sockets and connection file.

    In ``base`` (default: the temporary folder, ``$TMPDIR``), or in ``/tmp`` when ``base`` is too
    deep for a socket's path (:data:`SOCKET_PATH_MAX`); :class:`KernelFailure` if neither fits.
    Folders left there by managers that no longer run (a killed build) are removed first
    (:func:`remove_stale_folders`).
    """
    prefix = f"{FOLDER_PREFIX}{os.getpid()}-"
    for candidate in dict.fromkeys([base or tempfile.gettempdir(), "/tmp"]):
        longest = len(os.fsencode(os.path.join(candidate, prefix + "xxxxxxxx", f"{SOCKET_STEM}-99999")))
        if longest <= SOCKET_PATH_MAX and os.path.isdir(candidate):
            remove_stale_folders(Path(candidate))
            return Path(tempfile.mkdtemp(prefix=prefix, dir=candidate))
    raise KernelFailure(f"pas de dossier temporaire assez court pour les sockets du noyau ({base or tempfile.gettempdir()!r})")


def remove_stale_folders(base: Path) -> list[Path]:
    """Remove the socket folders in ``base`` whose managing process is gone (killed before it
    could stop its kernel, whose sockets are then dead too); returns them."""
    import shutil

    removed = []
    for folder in base.glob(f"{FOLDER_PREFIX}*-*"):
        pid = folder.name.removeprefix(FOLDER_PREFIX).split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class IpcKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel talks over IPC, in a private socket folder of its own.

    The connection file and the sockets (``<folder>/k-1`` … ``k-5``) live in
    :func:`socket_folder`; the folder is removed when the kernel's resources are cleaned up (at
    shutdown: nbclient and papermill always do it), or at the latest when the manager is
    collected. Each kernel has its own folder, so parallel workers never share a socket. Used as
    nbclient's ``kernel_manager_class`` for warm and fresh kernels alike.
    """

    def __init__(self, **kwargs: Any) -> None:
        folder = socket_folder()
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(folder / SOCKET_STEM))
        kwargs.setdefault("connection_file", str(folder / "kernel.json"))
        super().__init__(**kwargs)
        self.socket_folder = folder
        #: Removes the folder and what is left in it, once (at the latest when the manager is collected).
        self.remove_folder = weakref.finalize(self, _remove_folder, folder)

    def cleanup_ipc_files(self) -> None:
        """Remove the sockets, then the folder once it is empty (the connection file, kept when a
        kernel restarts with the same sockets, is removed before on a full shutdown)."""
        super().cleanup_ipc_files()
        with contextlib.suppress(OSError):
            self.socket_folder.rmdir()


def _remove_folder(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


#: Run silently before each page in a warm kernel: a fresh session, as in a new kernel.
RESET = "import os as _os\n_os.chdir({root!r})\nget_ipython().reset(new_session=True)\n"


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
            kernel_manager_class=IpcKernelManager,
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
        if isinstance(km, IpcKernelManager):
            km.remove_folder()  # also when the kernel never started


def _sync(function: Any) -> Any:
    from jupyter_core.utils import run_sync

    return run_sync(function)
