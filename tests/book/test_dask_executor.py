"""``comext build --executor dask``: the same site as a local build, and its faults (a worker killed
mid-page, a scheduler unreachable or gone mid-build, a failing cell), on a two-page book.

Each test's name contains « dask » (``pytest -k dask``). The builds run as a user runs them
(``comext`` subprocesses); the killed-worker build starts its own ``LocalCluster`` of two workers,
the others share one started apart (``--scheduler``), whose scheduler the last test kills.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.book.execute import stored_fingerprint
from tests import PROJECT_ROOT
from tests.book.test_publish import GATE_CELL, add_cell, setup_cell, tree_digest

pytestmark = pytest.mark.slow
PAGES = ("dep-11", "dep-34")

#: A cell for the template: the first time dep-34 runs, its kernel kills its parent, the worker
#: process (as a lost machine would); the mark file makes every later run of it go on.
KILL_CELL = """import os as _os, pathlib as _pathlib, signal as _signal
_mark = _pathlib.Path({marks!r}) / f"killed-{{dep_code}}"
if dep_code == "34" and not _mark.exists():
    _mark.touch()
    _os.kill(_os.getppid(), _signal.SIGKILL)
"""


def comext(root: Path, *args: str, data: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("comext")
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}  # an unreachable scheduler is said in 3 s
    return subprocess.run([str(exe), "build", *args, "--data", str(data), "--jobs", "2"], cwd=root, capture_output=True, text=True, timeout=timeout, env=env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def executed(root: Path) -> dict[str, bytes]:
    """The executed notebooks and their pages of the published site, by file name."""
    files = [root / "pages" / f"{slug}.ipynb" for slug in PAGES] + [root / "_build" / "html" / "pages" / f"{slug}.html" for slug in PAGES]
    return {f.name: f.read_bytes() for f in files}


@pytest.fixture(scope="module")
def book(tmp_path_factory, demo_data) -> Path:
    """A two-page book whose template holds :data:`KILL_CELL` (its mark set: no kill), built and
    published once by the local pool."""
    root = tmp_path_factory.mktemp("dask-book")
    shutil.copy(PROJECT_ROOT / "_config.yml", root / "_config.yml")
    shutil.copytree(PROJECT_ROOT / "notebooks", root / "notebooks")
    shutil.copytree(PROJECT_ROOT / "_static", root / "_static")
    (root / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    (root / "parameters").mkdir()
    for slug in PAGES:
        shutil.copy(PROJECT_ROOT / "parameters" / f"{slug}.yml", root / "parameters")
    (root / "_marks").mkdir()
    (root / "_marks" / "killed-34").touch()
    template = root / "notebooks" / "fiche.ipynb"
    add_cell(template, KILL_CELL.format(marks=str(root / "_marks")), index=setup_cell(template) + 1, cell_id="kill-worker")
    proc = comext(root, "--quiet", data=demo_data)
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[subprocess.Popen]:
    """A cluster as on real machines: ``dask scheduler`` and ``dask worker`` (two single-threaded
    worker processes) started apart, for the builds given ``--scheduler``; the scheduler process,
    yielded (its ``address`` set), is killed by the last test."""
    from distributed import Client

    port = free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet)
    workers = subprocess.Popen([dask, "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], **quiet)
    scheduler.address, scheduler.workers = f"tcp://127.0.0.1:{port}", workers
    try:
        with Client(scheduler.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield scheduler
    finally:
        for process in (workers, scheduler):  # each with its children (the workers' kernels)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_dask_build_is_identical_to_a_local_one_and_retries_a_killed_worker(book: Path, demo_data: Path) -> None:
    (book / "_marks" / "killed-34").unlink()  # dep-34's first run kills its worker
    proc = comext(book, "--executor", "dask", "--force", "--quiet", data=demo_data)
    assert proc.returncode == 0, proc.stderr
    assert (book / "_marks" / "killed-34").exists()  # the worker was killed mid-page…
    assert "2 fiche(s) exécutée(s)" in proc.stderr
    assert "Fiche(s) réessayée(s) après la perte d'un noyau ou d'un worker : dep-34 (2 tentatives)." in proc.stderr  # …and the page retried
    assert "Traceback" not in proc.stderr
    assert not list((book / "pages").glob(".*.ipynb"))  # no partial notebook of the killed worker left
    on_dask = executed(book)

    proc = comext(book, "--force", "--quiet", data=demo_data)  # the same, by the local pool
    assert proc.returncode == 0, proc.stderr
    on_local = executed(book)
    for name, content in on_local.items():
        assert on_dask[name] == content, f"{name} differs between the dask and the local build"


def test_dask_unreachable_scheduler_is_one_clear_error(book: Path, demo_data: Path) -> None:
    published = tree_digest(book / "_build" / "html")
    address = f"tcp://127.0.0.1:{free_port()}"
    proc = comext(book, "--executor", "dask", "--scheduler", address, "--force", data=demo_data)
    assert proc.returncode == 1
    assert proc.stderr.count("Erreur") == 1 and f"ordonnanceur dask injoignable à l'adresse {address}" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "site:" not in proc.stdout
    assert tree_digest(book / "_build" / "html") == published


def test_dask_failed_cell_is_reported_like_a_local_failure(book: Path, demo_data: Path, cluster) -> None:
    template = book / "notebooks" / "fiche.ipynb"
    original = template.read_bytes()
    published = tree_digest(book / "_build" / "html")
    before = {slug: stored_fingerprint(book / "pages" / f"{slug}.ipynb") for slug in PAGES}
    cell = setup_cell(template) + 1
    try:
        add_cell(template, 'if dep_code == "34":\n    raise RuntimeError("panne simulée")', index=cell, cell_id="boom")
        proc = comext(book, "--executor", "dask", "--scheduler", cluster.address, data=demo_data)
    finally:
        template.write_bytes(original)
    assert proc.returncode == 1
    # as for a local failure (cli.shared.report_problems); the cell's index is the executed notebook's, one after the template's (papermill's parameters)
    assert f"Échec dep-34, cellule {cell + 1} : RuntimeError: panne simulée" in proc.stderr, proc.stderr
    assert "Site non publié" in proc.stderr and "Traceback" not in proc.stderr
    assert stored_fingerprint(book / "pages" / "dep-11.ipynb") != before["dep-11"]  # the other page went on
    assert stored_fingerprint(book / "pages" / "dep-34.ipynb") == before["dep-34"]  # the failed one left as it was
    assert tree_digest(book / "_build" / "html") == published


def test_dask_scheduler_gone_mid_build_publishes_nothing_and_the_next_local_build_resumes(book: Path, demo_data: Path, cluster) -> None:
    published = tree_digest(book / "_build" / "html")
    template = book / "notebooks" / "fiche.ipynb"
    gate = book / "_gate"
    gate.mkdir()
    add_cell(template, GATE_CELL.format(gate=str(gate)), index=setup_cell(template) + 1, cell_id="gate")  # every page out of date
    old = {slug: stored_fingerprint(book / "pages" / f"{slug}.ipynb") for slug in PAGES}

    def pages_done() -> int:
        return sum(stored_fingerprint(book / "pages" / f"{s}.ipynb") not in (None, old[s]) for s in PAGES)

    exe = Path(sys.executable).with_name("comext")
    command = [str(exe), "build", "--executor", "dask", "--scheduler", cluster.address, "--data", str(demo_data), "--quiet"]
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}
    process = subprocess.Popen(command, cwd=book, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        end = time.monotonic() + 300  # a safety net: the state comes in seconds
        while not (pages_done() == 1 and (gate / "page-waiting").exists()):  # one page written, the other held at the gate
            assert process.poll() is None and time.monotonic() < end, process.communicate()
            time.sleep(0.05)
        os.killpg(cluster.pid, signal.SIGKILL)  # the scheduler goes away mid-build
        _, stderr = process.communicate(timeout=300)
        os.killpg(cluster.workers.pid, signal.SIGKILL)  # and its workers, before they could end the page held at the gate
        cluster.workers.wait()
    finally:
        (gate / "pages-open").touch()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1
    assert "l'ordonnanceur dask" in stderr and "a cessé de répondre pendant la construction" in stderr, stderr
    assert "Traceback" not in stderr
    assert tree_digest(book / "_build" / "html") == published
    assert pages_done() == 1

    proc = comext(book, data=demo_data)  # the local pool reuses the page done
    assert proc.returncode == 0, proc.stderr
    assert "1 fiche(s) exécutée(s)" in proc.stderr and "1 réutilisée(s)" in proc.stderr


@pytest.mark.parametrize("hidden", ["data", "cache"])
def test_dask_missing_paths_names_what_a_worker_cannot_see(tmp_path: Path, hidden: str) -> None:
    from helpers.book.dask_executor import missing_paths

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "fiche.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "cache").mkdir()
    assert missing_paths(str(tmp_path), str(tmp_path / "data"), str(tmp_path / "cache")) == []
    (tmp_path / hidden).rmdir()
    assert missing_paths(str(tmp_path), str(tmp_path / "data"), str(tmp_path / "cache")) == [str(tmp_path / hidden)]


def test_dask_workers_blind_to_the_book_stop_the_build_naming_them(tmp_path: Path) -> None:
    from helpers.book.dask_executor import DaskExecutor
    from helpers.common.errors import ConfigError

    class Client:  # what the scheduler answers: one worker sees everything, the other not the cache
        def run(self, function, *args):
            return {"tcp://10.0.0.4:4001": [], "tcp://10.0.0.5:4001": ["/srv/comext/cache"]}

        def scheduler_info(self):
            return {"workers": {"tcp://10.0.0.4:4001": {}, "tcp://10.0.0.5:4001": {}}}

    executor = DaskExecutor.__new__(DaskExecutor)
    executor.client, executor.scheduler = Client(), "tcp://10.0.0.1:8786"
    with pytest.raises(ConfigError, match=r"ne voient pas les fichiers du livre .* — tcp://10\.0\.0\.5:4001 : /srv/comext/cache\. ") as caught:
        executor._check_paths(tmp_path, tmp_path / "data", tmp_path / "cache")
    assert "10.0.0.4" not in str(caught.value)
