"""Kernels (helpers.book.kernels): over IPC in a private socket folder removed with the kernel;
warm kernels' warm-up runs while the kernel starts, and a failing one is a clear failure.

Page execution in warm kernels (reset, retry, identical output) is tested in test_execute.py.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers.book import kernels
from helpers.book.kernels import IpcKernelManager, KernelFailure, WarmKernel


@pytest.fixture
def private_tmp(tmp_path_factory, monkeypatch) -> Path:
    """A private temporary folder (short path) standing for ``$TMPDIR`` in this process."""
    folder = tmp_path_factory.mktemp("t")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_socket_folder_is_private_and_short_enough_for_every_socket(private_tmp):
    folder = kernels.socket_folder()
    assert folder.parent == private_tmp and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert len(os.fsencode(folder / f"{kernels.SOCKET_STEM}-99999")) <= kernels.SOCKET_PATH_MAX < 104
    assert kernels.socket_folder() != folder  # one folder per kernel: parallel kernels never share a socket
    folder.rmdir()


def test_folders_of_managers_that_no_longer_run_are_removed_before_a_new_one(private_tmp):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = private_tmp / f"{kernels.FOLDER_PREFIX}{gone.stdout.strip()}-abcdefgh"  # its process has exited
    live = private_tmp / f"{kernels.FOLDER_PREFIX}{os.getpid()}-abcdefgh"  # this one runs
    for folder in (stale, live):
        folder.mkdir()
        (folder / "k-1").write_text("")
    (private_tmp / "other-folder").mkdir()
    new = kernels.socket_folder()
    assert not stale.exists() and live.is_dir() and (private_tmp / "other-folder").is_dir()
    assert new.name.startswith(f"{kernels.FOLDER_PREFIX}{os.getpid()}-")


def test_a_temporary_folder_too_deep_for_a_socket_falls_back_to_tmp(tmp_path):
    deep = tmp_path / ("d" * 90)
    deep.mkdir()
    folder = kernels.socket_folder(str(deep))
    try:
        assert folder.parent == Path("/tmp") and len(os.fsencode(folder / "k-99999")) <= kernels.SOCKET_PATH_MAX
    finally:
        folder.rmdir()


def test_a_manager_talks_over_ipc_in_its_folder_which_goes_with_it_even_unstarted(private_tmp):
    km = IpcKernelManager(kernel_name="python3")
    folder = km.socket_folder
    assert km.transport == "ipc" and km.ip == str(folder / kernels.SOCKET_STEM) and Path(km.connection_file).parent == folder
    (folder / "left-over").write_text("x")  # whatever is left in it goes too
    km.remove_folder()
    assert not folder.exists()
    other = IpcKernelManager(kernel_name="python3").socket_folder  # never started, then dropped
    gc.collect()
    assert not other.exists() and list(private_tmp.iterdir()) == []


def run(kernel: WarmKernel, code: str) -> str:
    """stdout of ``code`` run in ``kernel``."""
    cell = nbformat.v4.new_code_cell(code)
    kernel.client.nb.cells = [cell]
    kernel.client.execute_cell(cell, 0, store_history=False)
    return "".join(output.get("text", "") for output in cell.outputs)


@pytest.mark.slow
def test_a_warm_kernel_listens_on_private_unix_sockets_removed_at_shutdown(tmp_path, private_tmp):
    kernel = WarmKernel(tmp_path)
    try:
        info = json.loads(Path(kernel.km.connection_file).read_text(encoding="utf-8"))
        assert info["transport"] == "ipc" and Path(info["ip"]).parent.parent == private_tmp
        sockets = [Path(f"{info['ip']}-{info[name]}") for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
        assert len(set(sockets)) == 5 and all(stat.S_ISSOCK(s.stat().st_mode) for s in sockets)
        assert run(kernel, "print(6 * 7)") == "42\n"
    finally:
        kernel.shutdown()
    assert list(private_tmp.iterdir()) == []


@pytest.mark.slow
def test_warm_up_is_done_by_the_kernel_before_it_answers(tmp_path):
    kernel = WarmKernel(tmp_path, wait=False)  # returns once the process is launched
    try:
        kernel.ready()
        # GC_TUNING is only ever run as the kernel's start-up line: its effects prove it ran.
        found = run(kernel, "import gc, sys\nprint(gc.get_freeze_count() > 100_000, gc.get_threshold()[0], 'helpers.charts.figures' in sys.modules)")
        assert found.split() == ["True", "100000", "True"]
        kernel.reset()
        assert run(kernel, "print(sorted(k for k in globals() if not k.startswith('_') and k not in ('In', 'Out', 'exit', 'quit', 'get_ipython', 'open')))") == "[]\n"
    finally:
        kernel.shutdown()


@pytest.mark.slow
def test_a_failing_warm_up_is_a_kernel_failure_and_the_kernel_is_stopped(tmp_path, monkeypatch, private_tmp):
    monkeypatch.setattr(kernels, "IMPORTS", "import comext_module_absent\n")
    monkeypatch.setattr(kernels, "WARM_UP", "import comext_module_absent\n")
    kernel = WarmKernel(tmp_path, wait=False)
    with pytest.raises(KernelFailure) as failure:
        kernel.ready()
    assert str(failure.value) == "échec des imports du noyau : ModuleNotFoundError: No module named 'comext_module_absent'"
    assert not kernel.alive() and list(private_tmp.iterdir()) == []  # its socket folder too


def test_warm_up_arguments_hold_the_whole_warm_up_on_one_line():
    (argument,) = kernels.warm_up_arguments()
    name, _, line = argument.partition("=")
    assert name == "--IPKernelApp.exec_lines" and "\n" not in line
    assert line.split("; ") == [statement for statement in kernels.WARM_UP.splitlines() if statement.strip()]
