"""Worker processes: each launches its warm kernel at once (over IPC, its own sockets); a failed page becomes a stable notice."""

import json
from pathlib import Path

import nbformat
import pytest

from helpers.book import execute, workers
from helpers.book.layout import LOGS
from helpers.fiche import parameters


def _params(*codes: str) -> list[parameters.PageParameters]:
    return [parameters.validate({"dep_code": c}, "t") for c in codes]


def test_unavailable_page_names_the_error_and_is_stable(tmp_path):
    params = _params("34")[0]
    result = execute.PageResult("dep-34", tmp_path / "dep-34.ipynb", False, 1.0, 7, "RuntimeError: panne")
    workers.write_unavailable_page(result, params)
    first = result.path.read_bytes()
    workers.write_unavailable_page(result, params)
    assert result.path.read_bytes() == first
    text = nbformat.read(result.path, as_version=4).cells[0].source
    assert "page indisponible" in text and "cellule 7" in text and "RuntimeError: panne" in text


@pytest.mark.slow
def test_workers_launch_their_kernels_before_any_page_and_stop_them(tmp_path):
    import time

    import psutil

    pool = workers.start_workers(tmp_path, 2)
    try:
        def kernels() -> list[psutil.Process]:
            return [p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]

        deadline = time.monotonic() + 300  # a safety net: the kernels start in seconds
        while len(kernels()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        found = kernels()
        assert len(found) == 2  # one per worker, no page submitted
        workers_pids = {p.pid for p in psutil.Process().children()}
        assert len({p.parent().pid for p in found}) == 2 and {p.parent().pid for p in found} <= workers_pids
        connections = [json.loads(Path(p.cmdline()[p.cmdline().index("-f") + 1]).read_text(encoding="utf-8")) for p in found]
        assert [c["transport"] for c in connections] == ["ipc", "ipc"]
        folders = {Path(c["ip"]).parent for c in connections}
        assert len(folders) == 2 and all(f.is_dir() for f in folders)  # each kernel its own socket folder
    finally:
        pool.shutdown()
    psutil.wait_procs(found, timeout=120)
    assert not [p for p in found if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not [f for f in folders if f.exists()]  # removed as the workers stopped their kernels
    assert len(list((tmp_path / LOGS).glob("kernels-*.log"))) == 2  # each worker's kernel log


def test_a_page_whose_pdf_cannot_be_made_fails_by_name(tmp_path, monkeypatch):
    from helpers.book import pdf
    from helpers.book.execute import PageResult

    def broken(slug, *, root, data_dir):
        raise ValueError("SVG illisible")

    monkeypatch.setattr(pdf, "publish_page_pdf", broken)
    ok = PageResult("dep-11", tmp_path / "dep-11.ipynb", True, 1.0)
    assert workers.with_pdf(ok, root=tmp_path, data_dir=tmp_path) == PageResult(
        "dep-11", tmp_path / "dep-11.ipynb", False, 1.0, None, "PDF : ValueError: SVG illisible"
    )
    monkeypatch.setattr(pdf, "publish_page_pdf", lambda slug, *, root, data_dir: True)
    assert workers.with_pdf(ok, root=tmp_path, data_dir=tmp_path) == ok


def test_without_pdfs_a_page_drops_its_older_pdf_and_keeps_its_result(tmp_path, monkeypatch):
    from helpers.book import pdf
    from helpers.book.execute import PageResult

    dropped = []
    monkeypatch.setattr(pdf, "drop_stale_pdf", lambda slug, root: dropped.append((slug, root)) or True)
    ok = PageResult("dep-11", tmp_path / "dep-11.ipynb", True, 1.0)
    assert workers.without_pdf(ok, root=tmp_path) == ok
    assert dropped == [("dep-11", tmp_path)]
