"""A page's cells sent in one go: the same executed notebook as nbclient's cell by cell."""

from __future__ import annotations

import nbformat
import pytest
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NotebookExecutionManager
from papermill.execute import prepare_notebook_metadata

from helpers.book.kernels import IpcKernelManager
from helpers.book.pipelined import PipelinedClient, runnable

#: Every kind of output a page may produce: streams (both), rich displays, results, a display
#: updated later, silent and empty cells, markdown between them.
SOURCES = [
    "x = 6 * 7",
    "print('sortie'); import sys; print('erreur', file=sys.stderr); print('encore')",
    "from IPython.display import Markdown, HTML, display\ndisplay(Markdown('**gras**'), HTML('<b>b</b>'))\nx",
    "",
    "h = display(Markdown('avant'), display_id=True)",
    "h.update(Markdown('après'))\nx + 1",
    "x;",
]


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [nbformat.v4.new_markdown_cell("# Titre", id="md")]
    nb.cells += [nbformat.v4.new_code_cell(source, id=f"c{i}") for i, source in enumerate(sources)]
    nb.metadata["papermill"] = {}  # as papermill's load_notebook_node leaves it
    for cell in nb.cells:
        cell.metadata["tags"] = []
    return prepare_notebook_metadata(nbformat.from_dict(nb), "modèle.ipynb", None)


def run(client_class: type, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` executed by ``client_class`` in a new kernel, as papermill's engine does it."""
    manager = NotebookExecutionManager(nb, output_path=None, progress_bar=False)
    client = client_class(manager, kernel_name="python3", kernel_manager_class=IpcKernelManager, timeout=60, startup_timeout=60)
    manager.notebook_start()
    executed = client.execute()
    for cell in executed.cells:  # timings differ from run to run
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    executed.metadata.pop("papermill", None)
    return executed


@pytest.mark.slow
def test_pipelined_execution_writes_the_same_notebook_as_cell_by_cell():
    one_by_one = run(PapermillNotebookClient, notebook(*SOURCES))
    pipelined = run(PipelinedClient, notebook(*SOURCES))
    assert nbformat.writes(pipelined) == nbformat.writes(one_by_one)
    # by hand: counts 1…6 for the six non-empty code cells, each output in its own cell
    assert [c.get("execution_count") for c in pipelined.cells] == [None, 1, 2, 3, None, 4, 5, 6]
    streams = pipelined.cells[2].outputs
    assert "".join(o.text for o in streams if o.name == "stdout") == "sortie\nencore\n" and [o.text for o in streams if o.name == "stderr"] == ["erreur\n"]
    assert pipelined.cells[3].outputs[2]["data"]["text/plain"] == "42"
    assert pipelined.cells[5].outputs[0]["data"]["text/markdown"] == "après"  # the update reached the earlier cell
    assert pipelined.cells[6].outputs[0]["data"]["text/plain"] == "43" and pipelined.cells[7].outputs == []


@pytest.mark.slow
def test_an_error_stops_the_page_where_cell_by_cell_stops():
    sources = ["x = 1", "raise ValueError('valeur absurde')", "print('jamais')", "y = 2"]
    one_by_one = run(PapermillNotebookClient, notebook(*sources))
    pipelined = run(PipelinedClient, notebook(*sources))
    assert nbformat.writes(pipelined) == nbformat.writes(one_by_one)
    assert pipelined.cells[2].outputs[0]["ename"] == "ValueError"
    assert [(c.execution_count, c.outputs) for c in pipelined.cells[3:]] == [(None, []), (None, [])]  # never run


def test_runnable_cells_are_the_non_blank_code_cells_not_skipped():
    cells = [nbformat.v4.new_markdown_cell("x"), nbformat.v4.new_code_cell("  \n"), nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_code_cell("y = 1", metadata={"tags": ["skip"]})]
    assert [runnable(c) for c in cells] == [False, False, True, True]
    assert [runnable(c, "skip") for c in cells] == [False, False, True, False]
