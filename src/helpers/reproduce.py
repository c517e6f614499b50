"""What a page was built with, the command that re-creates it, and its inputs' fingerprint.

* :func:`versions` — the project's version and commit, Python and the libraries that shape a page;
* :func:`reproduce_block` — the page's « Reproduire cette page » notice (exact command, versions,
  input files with SHA-256);
* :func:`fingerprint` — a digest of everything a page's executed notebook depends on (template,
  parameters, data, project code, library versions): ``comext build`` reuses an executed
  notebook whose stored fingerprint is the current one, so an interrupted build resumes.

Nothing here depends on the clock: two builds from the same inputs write the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

from IPython.display import Markdown

#: Distributions whose versions a page states (and whose change invalidates executed pages).
LIBRARIES = ("pandas", "numpy", "pyarrow", "altair", "papermill", "nbclient", "ipykernel", "jupyter-book")
PROJECT = "comext-book"
#: Bump to invalidate every executed page (change in what prepare_for_book writes…).
FINGERPRINT_FORMAT = 1


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def code_digest() -> str:
    """SHA-256 of the project's code and reference tables (``src/helpers``), order-independent."""
    digest = hashlib.sha256()
    base = _package_dir()
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def commit() -> str | None:
    """``<short commit>`` of the checkout holding the code, ``+`` when its ``src/`` has local changes."""
    base = _package_dir()
    try:
        head = subprocess.run(["git", "-C", str(base), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "-C", str(base), "status", "--porcelain", "--", "."], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


@cache
def versions() -> dict[str, str]:
    """Project, commit, Python and library versions (insertion order = display order)."""
    found = {PROJECT: _version(PROJECT)}
    found["commit"] = commit() or "inconnu (pas de dépôt git)"
    found["code (SHA-256)"] = code_digest()[:12]
    found["Python"] = platform.python_version()
    found.update({lib: _version(lib) for lib in LIBRARIES})
    return found


def fingerprint(template: Path, params: dict[str, object], cache_dir: Path) -> str:
    """Digest of a page's inputs: template bytes, parameters, data (cache key), code, versions.

    ``cache_dir``'s name is the cache key, itself a digest of the source files' names and
    SHA-256 (see :mod:`helpers.store`).
    """
    payload = {
        "format": FINGERPRINT_FORMAT,
        "template": hashlib.sha256(Path(template).read_bytes()).hexdigest(),
        "params": {k: params[k] for k in sorted(params)},
        "data": Path(cache_dir).name,
        "code": code_digest(),
        "versions": {k: v for k, v in versions().items() if k not in ("commit",)},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root when inside it (``data/demo``), else absolute."""
    path, root = Path(path).resolve(), Path(root).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def commands(unit_code: str, year: int, data_dir: Path, root: Path) -> tuple[str, str]:
    """The commands that re-create a page: execute its notebook, then republish it."""
    default = Path(data_dir).resolve() == (Path(root) / "data" / "demo").resolve()
    data = "" if default else f" --data {shown_path(data_dir, root)}"
    return f"comext run {unit_code} --year {year}{data}", f"comext build --only {unit_code}{data}"


def reproduce_block(ctx) -> Markdown:  # ctx: helpers.context.FicheContext
    """« Reproduire cette page » (a collapsed notice): exact commands, versions, input files."""
    from . import paths, store

    root = paths.project_root()
    code = ctx.unit.insee_codes[0]
    run, build = commands(code, ctx.year, ctx.data_dir, root)
    found = versions()
    software = ", ".join(f"{name} {value}" for name, value in found.items() if name not in ("commit", "code (SHA-256)"))
    manifest = store.read_manifest(ctx.cache)
    files = "\n".join(f"- `{f['name']}` — SHA-256 `{f['sha256']}`, {f['size']} octets" for f in manifest["files"])
    text = (
        "````{admonition} Reproduire cette page\n:class: dropdown note\n"
        "Depuis la racine du projet, cette commande réexécute la fiche avec les mêmes paramètres et "
        "réécrit le carnet `pages/" + ctx.unit.slug + ".ipynb` :\n\n"
        f"```console\n{run}\n```\n\n"
        f"puis `{build}` la republie dans le site. Les paramètres de la page sont dans "
        f"`parameters/{ctx.unit.slug}.yml`.\n\n"
        f"**Construite avec** : {software} ; code du projet au commit `{found['commit']}` "
        f"(empreinte du code `{found['code (SHA-256)']}`).\n\n"
        f"**Données lues** (cache `{Path(ctx.cache).name}`) :\n\n{files}\n"
        "````\n"
    )
    return Markdown(text)
