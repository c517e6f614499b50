"""Warm kernels (helpers.book.kernels): the warm-up runs while the kernel starts; a failing one is a clear failure.

Page execution in warm kernels (reset, retry, identical output) is tested in test_execute.py.
"""

from __future__ import annotations

import nbformat
import pytest

from helpers.book import kernels
from helpers.book.kernels import KernelFailure, WarmKernel

pytestmark = pytest.mark.slow


def run(kernel: WarmKernel, code: str) -> str:
    """stdout of ``code`` run in ``kernel``."""
    cell = nbformat.v4.new_code_cell(code)
    kernel.client.nb.cells = [cell]
    kernel.client.execute_cell(cell, 0, store_history=False)
    return "".join(output.get("text", "") for output in cell.outputs)


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


def test_a_failing_warm_up_is_a_kernel_failure_and_the_kernel_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "IMPORTS", "import comext_module_absent\n")
    monkeypatch.setattr(kernels, "WARM_UP", "import comext_module_absent\n")
    kernel = WarmKernel(tmp_path, wait=False)
    with pytest.raises(KernelFailure) as failure:
        kernel.ready()
    assert str(failure.value) == "échec des imports du noyau : ModuleNotFoundError: No module named 'comext_module_absent'"
    assert not kernel.alive()


def test_warm_up_arguments_hold_the_whole_warm_up_on_one_line():
    (argument,) = kernels.warm_up_arguments()
    name, _, line = argument.partition("=")
    assert name == "--IPKernelApp.exec_lines" and "\n" not in line
    assert line.split("; ") == [statement for statement in kernels.WARM_UP.splitlines() if statement.strip()]
