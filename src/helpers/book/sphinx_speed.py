"""Two costs of the Sphinx build that buy nothing for this book, removed with the same output.

Measured with cProfile on the demonstration site (318 pages, one process; 2026-12-07):

* **Sphinx's exclude patterns compiled again for every toctree of every page.** Resolving a
  toctree (each page's sidebar: 8 toctrees) builds a ``sphinx.util.matching.Matcher`` from
  ``exclude_patterns``, which compiles its ~12 glob patterns with ``re.compile``; the ``re``
  module's own cache (512 entries) is flushed by the many other expressions of a build, so they
  are compiled for real: 2 560 times, ≈ 8 % of the whole build. :func:`cached_compile_matchers`
  compiles each list of patterns once per process (the same compiled expressions).
* **myst-nb writing every notebook back out.** After parsing a notebook, myst-nb serialises it
  again (``nbformat.writes``: validation, then Python's pure-Python JSON encoder since the output
  is indented) into ``_build/jupyter_execute`` — a folder the site does not publish — ≈ 8 % of the
  build for 113 notebooks of ≈ 0.9 MB. With execution off (``execute_notebooks: "off"``) myst-nb
  never changes the notebook it read, and our notebooks are written by ``nbformat.write``
  (``nbformat.writes`` plus a final newline): :func:`fast_writes` returns the text that was read,
  minus that newline — the same bytes — for the notebook myst-nb has just read, and falls back to
  ``nbformat.writes`` for anything else.

:func:`install` sets both up (called by :mod:`helpers.book.sphinx_site`, in Sphinx's main process
before any page is read: the parallel workers are forked from it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import Any

import nbformat

_matchers: dict[tuple[str, ...], list[Callable[[str], re.Match[str] | None]]] = {}


def cached_compile_matchers(patterns: Iterable[str]) -> list[Callable[[str], re.Match[str] | None]]:
    """``sphinx.util.matching.compile_matchers``, compiled once per list of patterns."""
    from sphinx.util.matching import _translate_pattern

    key = tuple(patterns)
    if key not in _matchers:
        _matchers[key] = [re.compile(_translate_pattern(pattern)).match for pattern in key]
    return list(_matchers[key])


#: The notebook myst-nb read last in this process, and the text it was read from.
_last_read: tuple[Any, str] | None = None


def remembering(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """``read`` (text → notebook) that remembers the notebook and its text for :func:`fast_writes`."""

    def read_and_remember(text: str) -> Any:
        global _last_read
        notebook = read(text)
        _last_read = (notebook, text)
        return notebook

    return read_and_remember


def written_by_nbformat(text: str) -> bool:
    """True when ``text`` has the layout ``nbformat.write`` gives a notebook (keys sorted, one space
    of indent, a final newline)."""
    return text.startswith('{\n "cells": [') and text.endswith("\n}\n")


def fast_writes(notebook: Any, *args: Any, **kwargs: Any) -> str:
    """``nbformat.writes(notebook)``: the text it was read from when it is the notebook myst-nb
    just read and that text was written by ``nbformat.write`` (see module doc)."""
    if _last_read is not None and _last_read[0] is notebook and not args and not kwargs and written_by_nbformat(_last_read[1]):
        return _last_read[1][:-1]
    return nbformat.writes(notebook, *args, **kwargs)


class _Nbformat:
    """The ``nbformat`` module as myst-nb's Sphinx parser sees it: :func:`fast_writes` as ``writes``."""

    writes = staticmethod(fast_writes)

    def __getattr__(self, name: str) -> Any:
        return getattr(nbformat, name)


def install(app: Any = None) -> None:
    """Both shortcuts (see module doc); the second only when myst-nb does not execute notebooks."""
    import myst_nb.sphinx_
    import sphinx.util.matching

    sphinx.util.matching.compile_matchers = cached_compile_matchers
    if app is not None and getattr(app.config, "nb_execution_mode", "off") != "off":
        return
    if not isinstance(myst_nb.sphinx_.nbformat, _Nbformat):
        myst_nb.sphinx_.nbformat = _Nbformat()  # type: ignore[assignment]
        create = myst_nb.sphinx_.create_nb_reader

        def create_remembering_reader(*args: Any, **kwargs: Any) -> Any:
            reader = create(*args, **kwargs)
            return None if reader is None else dataclasses.replace(reader, read=remembering(reader.read))

        myst_nb.sphinx_.create_nb_reader = create_remembering_reader
