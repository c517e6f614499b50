"""The test suite, one folder per stage of ``src/helpers`` (one test module per source module)."""

from pathlib import Path

#: The project's root (the folder holding ``_config.yml``).
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the project, as CI lays it out (read-only; never copied into the project).
SHARED = PROJECT_ROOT.parent / "shared"
