"""The build: page selection, reuse, execution, failures."""

import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.book import build as book
from helpers.book import execute
from helpers.common.errors import ConfigError
from helpers.fiche import parameters
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_select_only_accepts_insee_and_dgddi_codes():
    pages = parameters.read_all(ROOT / "parameters")
    chosen = book.select(pages, ["11", "2B", "9D"])
    assert [p.dep_code for p in chosen] == ["11", "20", "9D"]  # book order: the DROM last
    assert [p.slug for p in book.select(pages, ["R76", "france"])] == ["france", "region-76"]


def _params(*codes: str) -> list[parameters.PageParameters]:
    return [parameters.validate({"dep_code": c}, "t") for c in codes]


def test_plan_reuses_pages_whose_fingerprint_is_current(tmp_path, monkeypatch):
    pages = _params("11", "34", "20")
    monkeypatch.setattr(book, "fingerprint", lambda p, **kw: f"fp-{p.dep_code}")
    (tmp_path / "pages").mkdir()
    for slug, stored in (("dep-11", "fp-11"), ("dep-34", "old")):  # dep-2A-2B never executed
        nb = nbformat.v4.new_notebook(metadata={"comext": {"fingerprint": stored}})
        nbformat.write(nb, tmp_path / "pages" / f"{slug}.ipynb")
    kw = {"root": tmp_path, "data_dir": tmp_path, "cache": tmp_path}
    todo, reused = book.plan(pages, None, force=False, **kw)
    assert [p.dep_code for p in todo] == ["34", "20"] and [p.dep_code for p in reused] == ["11"]
    todo, reused = book.plan(pages, None, force=True, **kw)
    assert len(todo) == 3 and reused == []
    todo, reused = book.plan(pages, ["11"], force=False, **kw)  # --only: listed pages always run
    assert [p.dep_code for p in todo] == ["11"] and [p.dep_code for p in reused] == ["34", "20"]
    with pytest.raises(ConfigError, match="dep-974"):
        book.select_or_fail(pages, ["974"])


def test_publish_swaps_and_repair_restores_an_interrupted_swap(tmp_path):
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("new")
    html = tmp_path / book.HTML
    html.mkdir(parents=True)
    (html / "index.html").write_text("old")
    book.publish(tmp_path, built)
    assert (html / "index.html").read_text() == "new" and not (tmp_path / book.RETIRED).exists()
    # interrupted between the two renames: no _build/html, the old site aside
    html.rename(tmp_path / book.RETIRED)
    (tmp_path / book.STAGING).mkdir()
    notes = book.repair(tmp_path)
    assert (html / "index.html").read_text() == "new" and notes and not (tmp_path / book.STAGING).exists()


def test_one_build_at_a_time_and_stale_lock_is_taken_over(tmp_path):
    lock = tmp_path / book.LOCK
    with book.build_lock(tmp_path):
        assert lock.read_text() == str(os.getpid())
        lock.write_text("1")  # pid 1 is alive: another build
        with pytest.raises(ConfigError, match="déjà en cours"):
            with book.build_lock(tmp_path):
                pass
    assert not lock.exists()
    lock.parent.mkdir(exist_ok=True)
    lock.write_text("999999999")  # a dead build
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / ".dep-11.999999999.ipynb").write_text("{")  # its partial notebook
    with book.build_lock(tmp_path):
        pass
    assert not lock.exists() and not (tmp_path / "pages" / ".dep-11.999999999.ipynb").exists()


def test_prepare_for_book_is_deterministic_and_keeps_the_fingerprint():
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"duration": 1.2}})
    injected = nbformat.v4.new_code_cell("dep_code = '11'")
    injected.metadata.update(tags=["injected-parameters"], papermill={"duration": 0.1}, execution={"iopub.status.busy": "t"})
    nb.cells = [injected]
    execute.prepare_for_book(nb, _params("11")[0], "abc")
    assert nb.metadata["comext"] == {"fingerprint": "abc"} and "papermill" not in nb.metadata
    assert injected.id == execute.INJECTED_CELL_ID and injected.metadata == {"tags": ["injected-parameters", "remove-cell"]}


def test_unavailable_page_names_the_error_and_is_stable(tmp_path):
    params = _params("34")[0]
    result = execute.PageResult("dep-34", tmp_path / "dep-34.ipynb", False, 1.0, 7, "RuntimeError: panne")
    book.write_unavailable_page(result, params)
    first = result.path.read_bytes()
    book.write_unavailable_page(result, params)
    assert result.path.read_bytes() == first
    text = nbformat.read(result.path, as_version=4).cells[0].source
    assert "page indisponible" in text and "cellule 7" in text and "RuntimeError: panne" in text


def test_reconciliation_runs_once_per_cache_and_code(tmp_path, monkeypatch):
    calls = []
    table = pd.DataFrame({"check": ["unité"], "ok": [True], "left": [1], "right": [1]})
    monkeypatch.setattr(book.reconciliation, "reconcile", lambda cache, strict: calls.append(cache) or table)
    first = book.reconcile_once(tmp_path)
    pd.testing.assert_frame_equal(book.reconcile_once(tmp_path), first)
    assert len(calls) == 1  # the second build read the stored table
    for stored in tmp_path.glob("checks-*.parquet"):
        stored.write_bytes(b"PAR1 tronqu")  # a kill while writing
    book.reconcile_once(tmp_path)
    monkeypatch.setattr("helpers.fiche.reproduce.code_digest", lambda: "f" * 64)  # other code: other table
    book.reconcile_once(tmp_path)
    assert len(calls) == 3


@pytest.mark.slow
def test_workers_launch_their_kernels_before_any_page_and_stop_them(tmp_path):
    import time

    import psutil

    workers = book.start_workers(tmp_path, 2)
    try:
        def kernels() -> list[psutil.Process]:
            return [p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]

        deadline = time.monotonic() + 60
        while len(kernels()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        found = kernels()
        assert len(found) == 2  # one per worker, no page submitted
        workers_pids = {p.pid for p in psutil.Process().children()}
        assert len({p.parent().pid for p in found}) == 2 and {p.parent().pid for p in found} <= workers_pids
    finally:
        workers.shutdown()
    psutil.wait_procs(found, timeout=30)
    assert not [p for p in found if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert len(list((tmp_path / book.LOGS).glob("kernels-*.log"))) == 2  # each worker's kernel log
