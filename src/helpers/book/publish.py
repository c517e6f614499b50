"""One build at a time, repairs after an interruption, atomic publication of ``_build/html``.

The published site is replaced by two renames (a reader sees the old site or the new one),
undone by a Ctrl-C that comes during them; once the new site is in place the build is complete
and a Ctrl-C is too late (:data:`SITE_PUBLISHED`). A build killed between the renames, or leaving
partial notebooks, is repaired by the next one.
The site stores the digest of the inputs it was built from, so that an unchanged book is not
built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from ..common.errors import ConfigError
from .execute import PAGES
from .layout import HTML, LOCK, RETIRED, SITE_INPUTS, STAGING, STAMP


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[list[str]]:
    """Hold the book's lock (``_build/.lock``) and repair what an interrupted build left.

    Yields the list of repairs made (French sentences). Raises :class:`ConfigError` when
    another build of the same book is running.
    """
    lock = root / LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                other = int(lock.read_text(encoding="utf-8").strip() or 0)
            except (OSError, ValueError):
                other = 0
            if other and other != os.getpid() and _alive(other):
                raise ConfigError(
                    f"Une construction de ce livre est déjà en cours (processus {other}). Attendre sa fin, "
                    f"ou supprimer {lock} si ce processus n'est pas une construction."
                ) from None
            lock.unlink(missing_ok=True)  # left by an interrupted build
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))
    try:
        yield repair(root)
    finally:
        lock.unlink(missing_ok=True)


def repair(root: Path) -> list[str]:
    """Undo what an interrupted build left: a half-swapped site, partial notebooks."""
    notes = []
    html, staging, retired = root / HTML, root / STAGING, root / RETIRED
    if retired.exists():
        if not html.exists():  # interrupted between the two renames of the swap
            os.replace(retired, html)
            notes.append("site publié restauré (construction précédente interrompue pendant la publication)")
        else:
            shutil.rmtree(retired, ignore_errors=True)
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    for partial in (root / PAGES).glob(".*.ipynb"):  # .<slug>.<pid>.ipynb of a killed worker
        pid = partial.stem.rsplit(".", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            partial.unlink(missing_ok=True)
    return notes


def site_inputs(root: Path) -> str:
    """Digest of everything the Jupyter Book build reads: configuration, toc, pages, static files,
    published data files, the Sphinx extension's code and the libraries' versions.

    Equal to the published site's :data:`STAMP`: the site is current, Jupyter Book need not run.
    """
    from ..fiche.reproduce import code_digest, versions

    digest = hashlib.sha256(json.dumps([code_digest(), versions()["jupyter-book"]]).encode())
    for name in SITE_INPUTS:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(root: Path, inputs: str) -> bool:
    """True when the published site was built from ``inputs`` (:func:`site_inputs`)."""
    stamp = root / HTML / STAMP
    return (root / HTML / "index.html").is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == inputs


#: Set by :func:`publish` once it has put a new site in place: the build is then complete, and
#: ``comext`` ignores a later Ctrl-C (too late to cancel it, see ``cli.ctrl_c_until_published``).
SITE_PUBLISHED = threading.Event()


@contextlib.contextmanager
def ctrl_c_noted() -> Iterator[list[int]]:
    """Within the block a Ctrl-C (SIGINT) is noted in the yielded list instead of raising
    :class:`KeyboardInterrupt`; the previous handler is back at the end. Nothing changes outside
    the main thread (Python runs signal handlers there only) nor when SIGINT has no Python
    handler (ignored by a background job, or left to its default action)."""
    noted: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield noted
        return
    signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


def publish(root: Path, built: Path, inputs: str | None = None) -> Path:
    """Make ``built`` (a complete HTML site) the published ``_build/html``; returns it.

    ``inputs`` (the digest of what it was built from) is stored in the site's :data:`STAMP`.

    The site is copied beside the published one, then swapped in by two renames: a reader sees
    the old site or the new one. A Ctrl-C during the swap undoes it and is raised then
    (:class:`KeyboardInterrupt`, the old site in place); one that comes once the new site is in
    place is too late and ignored (:data:`SITE_PUBLISHED`). A kill between the renames is
    repaired by :func:`repair` at the next build.
    """
    html, staging, retired = root / HTML, root / STAGING, root / RETIRED
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(built, staging)
    (staging / STAMP).unlink(missing_ok=True)
    if inputs is not None:
        (staging / STAMP).write_text(inputs + "\n", encoding="utf-8")
    shutil.rmtree(retired, ignore_errors=True)
    with ctrl_c_noted() as ctrl_c:
        had_site = html.exists()
        if had_site:
            os.replace(html, retired)
        os.replace(staging, html)
        if ctrl_c:  # during the swap: undone, the published site stays as it was
            os.replace(html, staging)
            if had_site:
                os.replace(retired, html)
            raise KeyboardInterrupt
        SITE_PUBLISHED.set()
        shutil.rmtree(retired, ignore_errors=True)
    return html
