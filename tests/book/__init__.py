"""Shared pieces of the book's tests: a site built as a user builds it, the tiny books' configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests import PROJECT_ROOT


def build_copy(root: Path, demo_data: Path, *options: str) -> Path:
    """The project's book copied into ``root`` and built there by ``comext build`` (a subprocess,
    as a user runs it) on ``demo_data`` with ``options``; its ``_build/html``."""
    shutil.copy(PROJECT_ROOT / "_config.yml", root / "_config.yml")
    for name in ("notebooks", "_static", "parameters"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    (root / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    exe = Path(sys.executable).with_name("comext")
    command = [str(exe), "build", *options, "--data", str(demo_data), "--quiet", "--jobs", "2"]
    proc = subprocess.run(command, check=False, cwd=root, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "_build" / "html"

#: The ``_config.yml`` of the tiny French books the Sphinx extension tests build (no execution, no
#: launch buttons, the project's Sphinx extension, French, light mode).
TINY_BOOK_CONFIG = """\
title: Livre de test
author: Tests
only_build_toc_files: true
execute:
  execute_notebooks: "off"
launch_buttons:
  notebook_interface: ""
  binderhub_url: ""
  thebe: false
sphinx:
  extra_extensions:
    - helpers.book.sphinx_site
  config:
    language: fr
    html_context:
      default_mode: light
"""
