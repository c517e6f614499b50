"""Atomic publication, resumable and deterministic builds, on a two-page book in a temporary root.

The book skeleton is copied (two parameter files only, so that each build takes seconds); the
copy of the template gets the two cells the fiche uses for reliability — the page's own
reconciliation check and the « Reproduire cette page » block — when it lacks them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers.book import publish
from helpers.book.layout import HTML, LOCK, RETIRED, STAGING
from helpers.common.errors import ConfigError
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
pytestmark = pytest.mark.slow
PAGES = ("dep-11", "dep-34")


def comext(root: Path, *args: str, data: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("comext")
    return subprocess.run([str(exe), *args, "--data", str(data), "--quiet", "--jobs", "2"], cwd=root, capture_output=True, text=True, timeout=600)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def add_cell(template: Path, source: str, *, index: int | None = None, tags: tuple[str, ...] = ("remove-cell",), cell_id: str) -> None:
    nb = nbformat.read(template, as_version=4)
    cell = nbformat.v4.new_code_cell(source, id=cell_id)
    cell.metadata["tags"] = list(tags)
    nb.cells.insert(len(nb.cells) if index is None else index, cell)
    nbformat.write(nb, template)


def setup_cell(template: Path) -> int:
    nb = nbformat.read(template, as_version=4)
    return next(i for i, c in enumerate(nb.cells) if "load_context" in c.source)


def _old_site_and_new_one(tmp_path: Path) -> tuple[Path, Path]:
    """(a built site « new », the published « old » one)."""
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("new")
    html = tmp_path / HTML
    html.mkdir(parents=True)
    (html / "index.html").write_text("old")
    publish.SITE_PUBLISHED.clear()
    return built, html


def test_publish_swaps_and_repair_restores_an_interrupted_swap(tmp_path):
    built, html = _old_site_and_new_one(tmp_path)
    publish.publish(tmp_path, built)
    assert (html / "index.html").read_text() == "new" and not (tmp_path / RETIRED).exists()
    # interrupted between the two renames: no _build/html, the old site aside
    html.rename(tmp_path / RETIRED)
    (tmp_path / STAGING).mkdir()
    notes = publish.repair(tmp_path)
    assert (html / "index.html").read_text() == "new" and notes and not (tmp_path / STAGING).exists()


def test_a_ctrl_c_during_the_swap_undoes_it(tmp_path, monkeypatch):
    built, html = _old_site_and_new_one(tmp_path)
    replace = os.replace

    def replace_then_ctrl_c(source, target):  # Ctrl-C once the old site is moved aside
        replace(source, target)
        if Path(target) == tmp_path / RETIRED:
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(publish.os, "replace", replace_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(tmp_path, built)
    assert (html / "index.html").read_text() == "old" and not (tmp_path / RETIRED).exists()
    assert not publish.SITE_PUBLISHED.is_set()


def test_a_ctrl_c_once_the_new_site_is_in_place_is_too_late(tmp_path, monkeypatch):
    built, html = _old_site_and_new_one(tmp_path)
    rmtree = shutil.rmtree

    def ctrl_c_then_rmtree(path, *args, **kwargs):  # Ctrl-C while the old site is removed
        if Path(path) == tmp_path / RETIRED and (html / "index.html").read_text() == "new":
            signal.raise_signal(signal.SIGINT)
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(publish.shutil, "rmtree", ctrl_c_then_rmtree)
    try:
        publish.publish(tmp_path, built)
    except KeyboardInterrupt:
        pytest.fail("a Ctrl-C stopped a publication already done (comext would say « site unchanged », exit 130)")
    assert (html / "index.html").read_text() == "new" and not (tmp_path / RETIRED).exists()
    assert publish.SITE_PUBLISHED.is_set()


def test_one_build_at_a_time_and_stale_lock_is_taken_over(tmp_path):
    lock = tmp_path / LOCK
    with publish.build_lock(tmp_path):
        assert lock.read_text() == str(os.getpid())
        lock.write_text("1")  # pid 1 is alive: another build
        with pytest.raises(ConfigError, match="déjà en cours"):
            with publish.build_lock(tmp_path):
                pass
    assert not lock.exists()
    lock.parent.mkdir(exist_ok=True)
    lock.write_text("999999999")  # a dead build
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / ".dep-11.999999999.ipynb").write_text("{")  # its partial notebook
    with publish.build_lock(tmp_path):
        pass
    assert not lock.exists() and not (tmp_path / "pages" / ".dep-11.999999999.ipynb").exists()


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_data) -> Path:
    """A two-page book, built and published once."""
    root = tmp_path_factory.mktemp("publish")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    if (ROOT / "_static").is_dir():
        shutil.copytree(ROOT / "_static", root / "_static")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "parameters").mkdir()
    for slug in PAGES:
        shutil.copy(ROOT / "parameters" / f"{slug}.yml", root / "parameters")
    template = root / "notebooks" / "fiche.ipynb"
    text = template.read_text(encoding="utf-8")
    if "check_page" not in text:
        add_cell(template, "from helpers.audit import reconciliation\nreconciliation.check_page(ctx)", index=setup_cell(template) + 1, cell_id="check-page")
    if "reproduce_block" not in text:
        add_cell(template, "from helpers.fiche.reproduce import reproduce_block\nreproduce_block(ctx)", tags=("remove-input",), cell_id="reproduce")
    proc = comext(root, "build", data=demo_data)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 fiche(s) exécutée(s)" in proc.stderr
    return root


def test_published_site_has_methodology_and_reproduce_block(site: Path) -> None:
    html = site / "_build" / "html"
    method = (html / "pages" / "methodologie.html").read_text(encoding="utf-8")
    assert "Rapprochements" in method and "202412_regional_2024_export.zip" in method
    page = (html / "pages" / "dep-11.html").read_text(encoding="utf-8")
    assert "Reproduire cette page" in page and "comext run 11 --year 2024" in page
    assert "methodologie.html" in page  # the banner's link resolves to the generated page


def test_two_builds_write_identical_pages(site: Path, demo_data: Path) -> None:
    files = [site / "pages" / f"{slug}.ipynb" for slug in PAGES] + [site / "pages" / "index.md", site / "pages" / "methodologie.md"]
    before = {f: f.read_bytes() for f in files}
    stamps = {f: f.stat().st_mtime_ns for f in files[:2]}
    proc = comext(site, "build", "--only", "11,34", data=demo_data)  # --only: executed again
    assert proc.returncode == 0, proc.stderr
    assert all(f.stat().st_mtime_ns != stamps[f] for f in files[:2])  # really rewritten
    for f in files:
        assert f.read_bytes() == before[f], f"{f.name} differs between two builds"
    nb = nbformat.read(files[0], as_version=4)
    assert "papermill" not in nb.metadata and nb.metadata["comext"]["fingerprint"]
    assert all("execution" not in c.metadata for c in nb.cells)


def test_failed_page_keeps_the_published_site_then_keep_going_publishes_a_notice(site: Path, demo_data: Path) -> None:
    template = site / "notebooks" / "fiche.ipynb"
    original = template.read_bytes()
    published = tree_digest(site / "_build" / "html")
    previous_34 = (site / "pages" / "dep-34.ipynb").read_bytes()
    try:
        add_cell(template, 'if dep_code == "34":\n    raise RuntimeError("panne simulée")', index=setup_cell(template) + 1, cell_id="boom")
        proc = comext(site, "build", data=demo_data)
        assert proc.returncode == 1
        assert "Échec dep-34" in proc.stderr and "panne simulée" in proc.stderr and "Site non publié" in proc.stderr
        assert "Traceback" not in proc.stderr and "site:" not in proc.stdout
        assert tree_digest(site / "_build" / "html") == published
        assert (site / "pages" / "dep-34.ipynb").read_bytes() == previous_34  # no stub without --keep-going

        proc = comext(site, "build", "--keep-going", data=demo_data)
        assert proc.returncode == 1 and "site:" in proc.stdout, proc.stderr
        assert "1 réutilisée(s)" in proc.stderr  # dep-11 ran fine with this template in the previous build
        page = (site / "_build" / "html" / "pages" / "dep-34.html").read_text(encoding="utf-8")
        assert "page indisponible" in page and "panne simulée" in page
        assert "Total des exportations" in (site / "_build" / "html" / "pages" / "dep-11.html").read_text(encoding="utf-8")
    finally:
        template.write_bytes(original)


def _wait_for(predicate, process: subprocess.Popen, what: str, timeout: float = 300) -> None:
    """Poll ``predicate`` (a state of the build); ``timeout`` is only a safety net."""
    end = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            pytest.fail(f"the build ended (code {process.returncode}) before {what}")
        if time.monotonic() > end:
            pytest.fail(f"timeout waiting for {what}")
        time.sleep(0.05)


def _default_sigint() -> None:
    """The build's Ctrl-C as in a terminal's foreground job (``preexec_fn``). A test run started in
    the background by a non-interactive shell (``make test &``, ``nohup … &``, some CI runners)
    inherits SIGINT *ignored*, Python keeps it ignored, and the build would never see the test's
    Ctrl-C: it would run to its end and exit 0."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


#: A cell for the template: every page but the first one to get there waits while the gate
#: (a folder) is closed, so that the test's Ctrl-C reaches a build still executing pages.
GATE_CELL = """import pathlib, time
_gate = pathlib.Path({gate!r})
try:
    (_gate / "first-page").touch(exist_ok=False)
except FileExistsError:
    (_gate / "page-waiting").touch()
    _end = time.monotonic() + 300  # a safety net: the test opens the gate (or stops the build) long before
    while not (_gate / "pages-open").exists() and time.monotonic() < _end:
        time.sleep(0.05)
"""

#: A Sphinx extension: Jupyter Book waits there, before it reads any page, while the gate is closed.
GATE_EXTENSION = '''"""tests/book/test_publish.py: Jupyter Book waits here, before reading any page, while the gate is closed."""
import time
from pathlib import Path

GATE = Path(__file__).resolve().parent


def wait_at_the_gate(app, env, docnames):
    (GATE / "book-waiting").touch()
    end = time.monotonic() + 300  # a safety net: the test opens the gate (or kills the build) long before
    while not (GATE / "book-open").exists() and time.monotonic() < end:
        time.sleep(0.05)


def setup(app):
    app.connect("env-before-read-docs", wait_at_the_gate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def add_gates(site: Path) -> Path:
    """Closed gates in the pages (:data:`GATE_CELL`) and in Jupyter Book (:data:`GATE_EXTENSION`) of
    ``site``; returns the gate folder, where a file ``pages-open`` or ``book-open`` opens one."""
    import yaml

    gate = site / "_gate"
    gate.mkdir()
    (gate / "comext_test_gate.py").write_text(GATE_EXTENSION, encoding="utf-8")
    template = site / "notebooks" / "fiche.ipynb"
    add_cell(template, GATE_CELL.format(gate=str(gate)), index=setup_cell(template) + 1, cell_id="gate")
    config = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["local_extensions"] = {"comext_test_gate": "_gate"}
    (site / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return gate


def test_interrupted_builds_leave_the_site_and_the_next_build_resumes(site: Path, demo_data: Path, tmp_path_factory, monkeypatch) -> None:
    from helpers.book.execute import stored_fingerprint

    sockets = tmp_path_factory.mktemp("t")  # the kernels' socket folders (short path), for every command below
    monkeypatch.setenv("TMPDIR", str(sockets))

    published = tree_digest(site / "_build" / "html")
    template = site / "notebooks" / "fiche.ipynb"
    nb = nbformat.read(template, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Version de test : reprise après interruption.", id="resume-marker"))
    nbformat.write(nb, template)  # every page is now out of date
    gate = add_gates(site)  # the build cannot end before the test has stopped it (no race with its speed)
    old = {slug: stored_fingerprint(site / "pages" / f"{slug}.ipynb") for slug in PAGES}
    exe = Path(sys.executable).with_name("comext")
    command = [str(exe), "build", "--data", str(demo_data), "--quiet", "--jobs", "1"]

    def pages_done() -> int:
        return sum(stored_fingerprint(site / "pages" / f"{s}.ipynb") not in (None, old[s]) for s in PAGES)

    def start() -> subprocess.Popen:
        return subprocess.Popen(
            command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_default_sigint
        )

    # 1. Ctrl-C (SIGINT to the process group) once one page is done, the next one being executed
    process = start()
    _wait_for(lambda: pages_done() >= 1 and (gate / "page-waiting").exists(), process, "one page executed, the next one running")
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 130 and "Construction interrompue" in stderr and "Traceback" not in stderr, stderr
    assert tree_digest(site / "_build" / "html") == published
    assert pages_done() == 1
    (gate / "pages-open").touch()

    # 2. SIGKILL of the whole group while Jupyter Book builds (it starts before the pages
    # execute, then waits for them; the gate holds it before it reads them)
    process = start()
    _wait_for(lambda: (gate / "book-waiting").exists(), process, "Jupyter Book building")
    assert pages_done() == 2 and (site / "_build" / "work" / ".incomplete").exists()
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=300)
    assert tree_digest(site / "_build" / "html") == published
    assert pages_done() == 2
    (gate / "book-open").touch()

    # 3. the next build reuses both pages, rebuilds the interrupted Jupyter Book run, publishes
    proc = comext(site, "build", data=demo_data)
    assert proc.returncode == 0, proc.stderr
    assert "0 fiche(s) exécutée(s)" in proc.stderr and "2 réutilisée(s)" in proc.stderr
    assert "reprise après interruption" in (site / "_build" / "html" / "pages" / "dep-11.html").read_text(encoding="utf-8")
    assert not (site / "_build" / ".lock").exists()
    assert list(sockets.iterdir()) == []  # the next build removed its own and those the interrupted builds left
