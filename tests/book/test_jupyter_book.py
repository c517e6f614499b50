"""Jupyter Book with Sphinx's parallel jobs (helpers.book.jupyter_book).

The command line is parsed as Jupyter Book's, plus ``--jobs``; a small book built with the
project's own ``_config.yml`` is read in parallel with 2 jobs and gives the same files, byte for
byte, as with 1 job.
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.book.jupyter_book import CANCELLED, READY, BookProcess, jobs_from, wait_for_go
from helpers.book.sphinx_search import FoldedFrenchSearch
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


@pytest.mark.parametrize(
    ("argv", "jobs", "rest"),
    [
        (["--jobs", "3", "build", "."], 3, ["build", "."]),
        (["build", ".", "--jobs=1", "-W"], 1, ["build", ".", "-W"]),
    ],
)
def test_jobs_are_taken_out_of_jupyter_books_arguments(argv, jobs, rest):
    assert jobs_from(argv) == (jobs, rest)


def test_jobs_default_to_the_cores(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    assert jobs_from(["build", "."]) == (6, ["build", "."])


@pytest.mark.parametrize("value", ["0", "-2", "deux", ""])
def test_a_bad_jobs_value_is_refused_with_a_message(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        jobs_from(["build", ".", "--jobs", value])
    assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_gc_is_tuned_for_sphinx_in_its_own_process():
    code = (
        "import gc; from helpers.book.jupyter_book import GC_THRESHOLD, tune_gc; tune_gc(); "
        "assert gc.get_threshold() == GC_THRESHOLD and GC_THRESHOLD[0] > 700, gc.get_threshold(); "
        "assert gc.get_freeze_count() > 1000, gc.get_freeze_count()"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


CHART = (
    '<figure class="comext-figure"><p class="comext-title">Exportations de spiritueux</p>'
    '<figcaption><p class="comext-footnote">Note sous le graphique.</p>'
    '<details class="comext-table"><summary>Tableau des données</summary>'
    '<table class="comext-data"><tr><td>Cognac</td><td class="num">123 456 789</td></tr></table>'
    "</details></figcaption></figure>"
)


def small_book(root: Path) -> Path:
    """Nine pages (Sphinx reads in parallel from six) with the project's configuration."""
    root.mkdir()
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copytree(ROOT / "_static", root / "_static", ignore=shutil.ignore_patterns("comext-vega.js"))
    (root / "extra").mkdir()
    names = [f"page-{i}" for i in range(1, 9)]
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n" + "".join(f"  - file: {name}\n" for name in names), encoding="utf-8"
    )
    (root / "index.md").write_text("# Livre\n\nUne page par département.\n", encoding="utf-8")
    for i, name in enumerate(names, start=1):
        body = f"# Département {i}\n\nLe département {i} exporte des vins.\n"
        if i == 1:
            body += f"\n```{{raw}} html\n{CHART}\n```\n"
        (root / f"{name}.md").write_text(body, encoding="utf-8")
    return root


def build(root: Path, output: Path, jobs: int) -> str:
    command = [sys.executable, "-m", "helpers.book.jupyter_book", "--jobs", str(jobs), "build", str(root), "-W", "-n", "--keep-going"]
    proc = subprocess.run(command + ["--path-output", str(output)], capture_output=True, text=True, timeout=600, cwd=root)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    return log


def plain(log: str) -> str:
    """``log`` without its terminal colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", log)


def differing_files(left: Path, right: Path) -> list[str]:
    """Relative paths present in one tree only, or with different bytes."""
    found = []
    comparison = filecmp.dircmp(left, right)
    pending = [("", comparison)]
    while pending:
        prefix, cmp = pending.pop()
        found += [prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += [prefix + name for name in mismatch + errors]
        pending += [(f"{prefix}{name}/", sub) for name, sub in cmp.subdirs.items()]
    return sorted(found)


@pytest.mark.slow
def test_two_jobs_read_in_parallel_and_write_the_same_site_as_one(tmp_path):
    root = small_book(tmp_path / "book")
    serial_log = build(root, tmp_path / "one", jobs=1)
    parallel_log = build(root, tmp_path / "two", jobs=2)
    # Sphinx reads in parallel by chunks, and logs each chunk as « first .. last ».
    chunk = re.compile(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+")
    assert not chunk.search(plain(serial_log))
    assert "doing serial read" not in parallel_log  # no extension left that forbids it
    assert chunk.search(plain(parallel_log))
    one, two = tmp_path / "one" / "_build" / "html", tmp_path / "two" / "_build" / "html"
    assert (one / "page-8.html").is_file()
    assert differing_files(one, two) == []
    page = (two / "page-1.html").read_text(encoding="utf-8")
    assert "Cognac" in page  # the data table is on the page…
    index = json.loads((two / "searchindex.js").read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    terms = set(index["terms"])
    stem = FoldedFrenchSearch({}).stem
    assert {stem("spiritueux"), stem("vins"), stem("graphique")} <= terms  # …its chart's title and caption are searched…
    assert not {stem("Cognac"), "123", "456"} & terms  # …not the table


def test_wait_for_go_returns_on_go_and_exits_otherwise():
    import io

    wait_for_go(io.StringIO("go\n"))
    for text in ("stop\n", ""):  # another word, or the end of the input (the parent is gone)
        with pytest.raises(SystemExit) as exit_info:
            wait_for_go(io.StringIO(text))
        assert exit_info.value.code == CANCELLED


def wait_until_it_waits_for_a_word(book: BookProcess) -> None:
    """Until ``book`` has said it is ready and sleeps reading its standard input: the state in which
    it waits for ``go`` (Linux: the system call it is blocked in, and its first argument, the file
    descriptor 0, in /proc/<pid>/syscall). The 300 s are only a safety net."""
    deadline = time.monotonic() + 300
    while True:
        fields = Path(f"/proc/{book.process.pid}/syscall").read_text(encoding="ascii").split()
        if READY in book.log_path.read_text(encoding="utf-8") and fields[0] != "running" and fields[1:2] == ["0x0"]:
            return
        assert book.process.poll() is None, book.log_path.read_text(encoding="utf-8")[-3000:]
        assert time.monotonic() < deadline, "timeout: the book never waited for a word"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_started_book_waits_then_builds_on_go_or_exits_on_cancel(tmp_path):
    root = small_book(tmp_path / "book")
    cancelled = BookProcess(root, tmp_path / "cancelled", jobs=1, log=tmp_path / "logs" / "cancelled.log")
    waiting = BookProcess(root, tmp_path / "built", jobs=2, log=tmp_path / "logs" / "built.log")
    wait_until_it_waits_for_a_word(cancelled)  # both load their configuration, then wait for a word
    wait_until_it_waits_for_a_word(waiting)
    log = (tmp_path / "logs" / "built.log").read_text(encoding="utf-8")
    assert READY in log and "reading sources" not in log
    assert waiting.process.poll() is None  # still waiting…
    assert not (tmp_path / "built" / "_build" / "html" / "index.html").exists()  # …without having built
    cancelled.cancel()
    assert cancelled.process.returncode == CANCELLED
    assert not (tmp_path / "cancelled" / "_build" / "html" / "page-1.html").exists()
    ok, log = waiting.go()
    assert ok, log[-3000:]
    assert (tmp_path / "built" / "_build" / "html" / "page-8.html").is_file() and "build succeeded" in log


@pytest.mark.slow
def test_a_book_that_fails_to_start_reports_its_error_on_go(tmp_path):
    root = small_book(tmp_path / "book")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: absente\n", encoding="utf-8")
    process = BookProcess(root, tmp_path / "out", jobs=1, log=tmp_path / "book.log")
    ok, log = process.go()
    assert not ok and "absente" in log
