"""The ``comext`` command: data verbs, one page's run or PDF, the whole book, its benchmark.

Every user-facing failure (bad data, unknown code, no network) is printed as one clear message
on stderr, without a traceback, and the exit code is non-zero (1 for bad input, 2 for usage).
Heavy modules are imported inside the commands so that ``comext --help`` stays instant.
One module per group of verbs; importing them registers their commands on ``app``.
"""

from __future__ import annotations

# The order of registration is the order of `comext --help`.
# isort: off
from . import data_commands, page_commands, build_commands  # noqa: F401 (they register the commands)
# isort: on
from .shared import app, ctrl_c_until_published, guarded

__all__ = ["app", "ctrl_c_until_published", "guarded"]
