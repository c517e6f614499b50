"""``jupyter-book build`` with Sphinx's parallel jobs: ``python -m helpers.book_sphinx --jobs N …``.

Jupyter Book 1's command line has no ``-j``: it always builds with one process, although its
own ``build_sphinx`` takes ``jobs`` and passes it to Sphinx. This module runs Jupyter Book's
command line unchanged (same configuration, same options, same messages) with that one
argument set. With 2 jobs on the 2-core machine the demonstration book (116 pages) builds in
about 24 s instead of 37 s, to the same bytes: Sphinx reads the pages and writes the HTML in
worker processes; the search index is still fed in the main process, in page order.

Run it in a process of its own: Sphinx and docutils keep global state (``book.run_jupyter_book``
starts it with :mod:`subprocess`).

The garbage collector is also told to look less often (:func:`tune_gc`): Sphinx builds many
small objects (doctree nodes) that live until the page is written, and Python's default
thresholds made it walk them again and again — about 15 % of the build. It changes when memory is
reclaimed, never what is written; the build peaks at about 0.55 GB.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any


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


def main(argv: list[str] | None = None) -> None:
    """``jupyter-book <argv without --jobs>``, its Sphinx build run with ``--jobs`` processes."""
    import jupyter_book.sphinx
    import sphinx.application  # noqa: F401 (imported before the freeze)
    from jupyter_book.cli.main import main as jupyter_book_main

    tune_gc()

    jobs, rest = jobs_from(sys.argv[1:] if argv is None else argv)
    build_sphinx = jupyter_book.sphinx.build_sphinx

    def build_sphinx_with_jobs(*args: Any, **kwargs: Any) -> Any:
        kwargs["jobs"] = jobs
        return build_sphinx(*args, **kwargs)

    # The command imports build_sphinx from the module when it runs: it gets this one.
    jupyter_book.sphinx.build_sphinx = build_sphinx_with_jobs
    try:
        jupyter_book_main(rest, prog_name="jupyter-book")
    finally:
        jupyter_book.sphinx.build_sphinx = build_sphinx


if __name__ == "__main__":
    main()
