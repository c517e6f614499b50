"""Where a build writes, under the book's root (all relative paths)."""

from __future__ import annotations

from pathlib import Path

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
#: Jupyter Book's log of the last build (its output, Sphinx's warnings and errors).
BOOK_LOG = LOGS / "jupyter-book.log"

#: In the published site: the digest of the inputs it was built from (see :func:`site_inputs`).
STAMP = ".comext-inputs"
#: What Jupyter Book reads, under the book's root.
SITE_INPUTS = ("_config.yml", "_toc.yml", "pages", "_static", "extra")
