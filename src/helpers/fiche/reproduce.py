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
FINGERPRINT_FORMAT = 2


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


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


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, ``"absent"`` if there is none (cached while size and mtime hold)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return "absent"
    return _digest_of(str(path), stat.st_size, stat.st_mtime_ns)


@cache
def _digest_of(path: str, size: int, mtime_ns: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "absent"


@cache
def _data_context(cache_dir: Path) -> tuple[dict[str, str], str, tuple[int, ...]]:
    """(scope digests, digest of the label tables and years, years) of a cache, read once per process."""
    from ..data import scopes, store

    manifest = store.read_manifest(cache_dir)
    labels = sorted(Path(cache_dir).glob("labels_*.parquet"))
    common = hashlib.sha256(json.dumps(manifest.get("years", [])).encode())
    for path in labels:
        common.update(path.name.encode() + b"\0" + _file_digest(path).encode())
    return scopes.digests(Path(cache_dir)), common.hexdigest(), tuple(int(y) for y in manifest.get("years", []))


def data_digests(cache_dir: Path, shown: list, year: int, history: list = ()) -> dict[str, str]:  # list[geography.Scope]
    """The digests of the data a page shows: each of its ``shown`` scopes for ``year``, each of its
    ``history`` scopes (the « Évolution » section's: its place, a département's région, France) for
    every year of the data up to ``year``, the label tables and the list of years."""
    from ..data.scopes import scope_key

    per_scope, common, years = _data_context(Path(cache_dir))
    found = {"labels+years": common}
    for scope in shown:
        key = scope_key(scope, year)
        found[key] = per_scope.get(key, "absent")
    for scope in history:
        for other in years:
            if other <= year:
                key = scope_key(scope, other)
                found[key] = per_scope.get(key, "absent")
    return found


def fingerprint(template: Path, params: dict[str, object], cache_dir: Path, *, scopes: list, year: int, root: Path, history: list = (),
                page: str | None = None) -> str:
    """Digest of everything a page's executed notebook depends on.

    The template's bytes, the page's parameters (but the cache folder's name: a digest of all the
    input files, it changes with any of them), the data of the scopes it shows (its own unit,
    its région, France… see :func:`data_digests`: a change in another département's records
    that leaves these aggregates equal does not re-execute the page; the ``history`` scopes, whose
    earlier years the « Évolution » section shows, for every year), the label tables and
    years, the provenance file (synthetic or official), the project code, the locked
    requirements and the library versions; for the page ``page`` (its slug), the digest of its
    row of the table of indicators and ranks (:func:`helpers.fiche.ranks.row_digest`): a change
    of another département's figures re-executes the page when its « Points clés » (figures,
    ranks or number ranked) change, and only then.
    """
    from . import ranks

    payload = {
        "format": FINGERPRINT_FORMAT,
        "template": _file_digest(Path(template)),
        "params": {k: params[k] for k in sorted(params) if k != "cache"},  # its content: "data"
        "data": data_digests(Path(cache_dir), scopes, year, history),
        "ranks": ranks.row_digest(Path(cache_dir), page, year) if page else "absent",
        "provenance": _file_digest(Path(str(params.get("data_dir", ""))) / "provenance.json"),
        "code": code_digest(),
        "requirements": _file_digest(Path(root) / "requirements.txt"),
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


def reproduce_block(ctx) -> Markdown:  # ctx: helpers.fiche.context.FicheContext
    """« Reproduire cette page » (a collapsed notice): exact commands, versions, input files."""
    from ..common import paths
    from ..data import store
    from .page import METHODOLOGY_DOC

    root = paths.project_root()
    code = ctx.place.command_code
    run, build = commands(code, ctx.year, ctx.data_dir, root)
    found = versions()
    software = ", ".join(f"{name} {value}" for name, value in found.items() if name not in ("commit", "code (SHA-256)"))
    manifest = store.read_manifest(ctx.cache)
    files = ", ".join(f"`{f['name']}`" for f in manifest["files"])
    text = (
        "````{admonition} Reproduire cette page\n:class: dropdown note\n"
        "Depuis la racine du projet, cette commande réexécute la fiche avec les mêmes paramètres et "
        "réécrit le carnet `pages/" + ctx.slug + ".ipynb` :\n\n"
        f"```console\n{run}\n```\n\n"
        f"puis `{build}` la republie dans le site. Les paramètres de la page sont dans "
        f"`parameters/{ctx.slug}.yml`.\n\n"
        f"**Construite avec** : {software} ; code du projet à la révision Git `{found['commit']}` "
        f"(empreinte du code `{found['code (SHA-256)']}`).\n\n"
        f"**Données lues** : {files} (dossier `{shown_path(ctx.data_dir, root)}`) ; leur empreinte SHA-256 et "
        f"leur taille sont sur la page [Méthodologie]({METHODOLOGY_DOC}). Elles ne figurent pas ici : "
        "une page ne change que si les données qu'elle montre changent.\n"
        "````\n"
    )
    return Markdown(text)
