"""Where things live. Every path can be overridden by the caller; these are the defaults."""

from __future__ import annotations

import os
from pathlib import Path

#: Files Sphinx copies as they are into the site (``html_extra_path``), relative to the root.
EXTRA = Path("extra")
#: Folder of the site (under :data:`EXTRA`) holding each page's data as CSV/JSON: ``donnees/<page>/``.
DOWNLOADS = "donnees"


def project_root() -> Path:
    """The book's root (the folder holding ``_config.yml``).

    ``COMEXT_ROOT`` overrides; otherwise the current directory or its nearest parent with a
    ``_config.yml``, falling back to the source checkout this package lives in.
    """
    env = os.environ.get("COMEXT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_config.yml").is_file():
            return candidate
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    return project_root() / "data"


def demo_dir() -> Path:
    """Generated demonstration files in the official format (not committed)."""
    return data_dir() / "demo"


def raw_dir() -> Path:
    """Downloaded official files (not committed)."""
    return data_dir() / "raw"


def cache_dir() -> Path:
    """Parquet cache of the tidy table (not committed)."""
    return data_dir() / "cache"


def resources_dir() -> Path:
    """Reference tables shipped inside the package (geography, territories…)."""
    return Path(__file__).resolve().parents[1] / "resources"
