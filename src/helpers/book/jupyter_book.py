"""``jupyter-book build`` with Sphinx's parallel jobs: ``python -m helpers.book.jupyter_book --jobs N …``.

Jupyter Book 1's command line has no ``-j``: it always builds with one process, although its
own ``build_sphinx`` takes ``jobs`` and passes it to Sphinx. This module runs Jupyter Book's
command line unchanged (same configuration, same options, same messages) with that one
argument set. With 2 jobs on the 2-core machine the demonstration book (116 pages) builds in
about 24 s instead of 37 s, to the same bytes: Sphinx reads the pages and writes the HTML in
worker processes; the search index is still fed in the main process, in page order.

Run it in a process of its own: Sphinx and docutils keep global state. :class:`BookProcess` does
that, and can start it **ahead of time**: with ``--wait-for-go`` the process imports Sphinx and
the extensions, reads the configuration, the toc and the saved Sphinx environment (about 3 s),
then waits for the line ``go`` on its standard input before reading any page. ``comext build``
starts it before executing the pages, so that this start-up overlaps the execution; any other
line, or the end of the input, makes it exit without building (:data:`CANCELLED`).

The garbage collector is also told to look less often (:func:`tune_gc`): Sphinx builds many
small objects (doctree nodes) that live until the page is written, and Python's default
thresholds made it walk them again and again — about 15 % of the build. It changes when memory is
reclaimed, never what is written; the build peaks at about 0.55 GB.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from .layout import BOOK_LOG, INCOMPLETE, WORK

#: Option of this module's command line: wait for ``go`` before building (see module doc).
WAIT = "--wait-for-go"
#: Exit code of a process told not to build.
CANCELLED = 3
#: Printed (its own line) when the process is loaded and starts waiting for ``go``.
READY = "comext-book: prêt, en attente de go"


def jobs_from(argv: list[str]) -> tuple[int, list[str]]:
    """(jobs, the other arguments) from ``argv``: ``--jobs N`` / ``--jobs=N``, default the cores.

    Raises :class:`SystemExit` (code 2) on a value that is not a whole number ≥ 1.
    """
    jobs: int | str = os.cpu_count() or 1
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--jobs":
            jobs = next(items, "")
        elif item.startswith("--jobs="):
            jobs = item.split("=", 1)[1]
        else:
            rest.append(item)
    try:
        count = int(jobs)
    except ValueError:
        count = 0
    if count < 1:
        print(f"--jobs : nombre de processus invalide ({jobs!r}), un entier ≥ 1 est attendu", file=sys.stderr)
        raise SystemExit(2)
    return count, rest


#: Allocations between two young-generation collections (Python's default: 700).
GC_THRESHOLD = (100_000, 50, 1000)


def tune_gc() -> None:
    """Freeze what is already imported, and collect far less often (see module doc)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def wait_for_go(stream: IO[str]) -> None:
    """Block until a line arrives on ``stream``: ``go`` returns, anything else (or the end of
    the stream) exits with :data:`CANCELLED`."""
    if stream.readline().strip() != "go":
        raise SystemExit(CANCELLED)


def main(argv: list[str] | None = None) -> None:
    """``jupyter-book <argv without --jobs>``, its Sphinx build run with ``--jobs`` processes
    (and, with ``--wait-for-go``, only once told to)."""
    import jupyter_book.sphinx
    from jupyter_book.cli.main import main as jupyter_book_main
    from sphinx.application import Sphinx

    tune_gc()

    jobs, rest = jobs_from(sys.argv[1:] if argv is None else argv)
    wait = WAIT in rest
    rest = [item for item in rest if item != WAIT]
    build_sphinx, build = jupyter_book.sphinx.build_sphinx, Sphinx.build

    def build_sphinx_with_jobs(*args: Any, **kwargs: Any) -> Any:
        kwargs["jobs"] = jobs
        return build_sphinx(*args, **kwargs)

    def build_when_told(app: Sphinx, *args: Any, **kwargs: Any) -> Any:
        print(READY, flush=True)
        wait_for_go(sys.stdin)  # configuration, toc and saved environment are loaded by now
        return build(app, *args, **kwargs)

    # The command imports build_sphinx from the module when it runs: it gets this one.
    jupyter_book.sphinx.build_sphinx = build_sphinx_with_jobs
    if wait:
        Sphinx.build = build_when_told  # type: ignore[method-assign]
    try:
        jupyter_book_main(rest, prog_name="jupyter-book")
    finally:
        jupyter_book.sphinx.build_sphinx, Sphinx.build = build_sphinx, build  # type: ignore[method-assign]


class BookProcess:
    """``jupyter-book build <root>`` (warnings as errors) into ``output``, in a process of its own,
    started now and building when :meth:`go` is called.

    Its output goes to ``log`` (a file: a pipe left unread could fill up and stall it). Use
    :meth:`go` for the build, or :meth:`cancel` to stop it without building; either may be called
    after the process has already ended (e.g. on a configuration error: the log says why).
    """

    def __init__(self, root: Path, output: Path, *, jobs: int | None = None, log: Path) -> None:
        command = [sys.executable, "-m", "helpers.book.jupyter_book", *(["--jobs", str(jobs)] if jobs else []), WAIT]  # default: jobs_from's
        command += ["build", str(root), "-W", "-n", "--keep-going", "--path-output", str(output)]
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log_path = log
        self.told_to_build = False
        self._log = open(log, "w", encoding="utf-8")  # noqa: SIM115 (closed by go or cancel)
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT, text=True, cwd=root,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )

    def go(self) -> tuple[bool, str]:
        """Let it build and wait for the end: (succeeded, its log)."""
        self.told_to_build = True
        with suppress(OSError):  # BrokenPipeError: it has already ended
            assert self.process.stdin is not None
            self.process.stdin.write("go\n")
            self.process.stdin.close()
        code = self.process.wait()
        self._log.close()
        return code == 0, self.log_path.read_text(encoding="utf-8", errors="replace")

    def cancel(self, timeout: float = 30.0) -> None:
        """Stop it: before :meth:`go` it exits without building (end of its input; killed after
        ``timeout``); while building (an interruption) it is stopped at once. A no-op once ended."""
        if self.process.poll() is None:
            if self.told_to_build:
                self.process.terminate()
            with suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------------------------
# Started by a build: into the work folder, wiped first after an interrupted run
# --------------------------------------------------------------------------------------------


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
