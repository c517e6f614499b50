"""A page's cells sent to the kernel in one go, each cell's outputs still recorded on its own.

nbclient runs a notebook one cell at a time: it sends a cell, waits for its reply and its last
output, then sends the next. Between two cells the kernel waits for the client and the client
for the kernel: one round trip per cell (≈ 6–9 ms on the 2-core machine, ≈ 20 code cells a page).
:class:`PipelinedClient` sends every code cell of the page at once (one ``execute_request``
each, in order: the template stays one cell per step of the fiche), then reads the answers as
they come: the kernel runs the requests in order and every message names the request it
answers, so each output goes to its own cell, through nbclient's own message handling
(:meth:`nbclient.NotebookClient.process_message`). The executed notebook is the same, byte for
byte, as nbclient's (``tests/book/test_pipelined.py``).

On an error the page stops as with papermill: the failing cell keeps its error output, the
cells after it are left unexecuted. The requests already queued behind it are dropped by the
kernel (``stop_on_error``) or, if it ran them, their answers are ignored; a warm kernel is reset
before its next page anyway. A kernel that dies or a cell that runs past its timeout raises as
nbclient does (:class:`nbclient.exceptions.DeadKernelError`, ``CellTimeoutError``).
"""

from __future__ import annotations

from queue import Empty
from time import monotonic
from typing import Any

from nbclient.client import timestamp
from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient

#: Seconds between two checks that the kernel is alive while waiting for a message.
POLL_SECONDS = 1.0


def runnable(cell: NotebookNode, skip_tag: str = "") -> bool:
    """True for the cells nbclient would send to the kernel (code, not blank, not skipped by tag)."""
    return cell.cell_type == "code" and bool(cell.source.strip()) and not (skip_tag and skip_tag in cell.metadata.get("tags", []))


class PipelinedClient(PapermillNotebookClient):
    """papermill's nbclient wrapper, sending all the page's code cells before reading any answer."""

    def papermill_execute_cells(self) -> None:  # noqa: D102 (papermill's hook, see the module doc)
        run_sync(self.async_execute_pipelined)()

    async def async_execute_pipelined(self) -> None:
        """Send every runnable cell, then record each one's outputs in order (stop at the first error)."""
        assert self.kc is not None
        if self.coalesce_streams:  # off by default (papermill too): nbclient's merging is not repeated here
            raise NotImplementedError("coalesce_streams")
        sent = []
        for index, cell in enumerate(self.nb.cells):
            if runnable(cell, self.skip_cells_with_tag):
                allows_errors = not self.force_raise_errors and (self.allow_errors or "raises-exception" in cell.metadata.get("tags", []))
                sent.append((index, await ensure_async(self.kc.execute(cell.source, store_history=True, stop_on_error=not allows_errors))))
        answers = dict(sent)
        for index, cell in enumerate(self.nb.cells):
            try:
                self.nb_man.cell_start(cell, index)
                if index in answers:
                    await self._collect(cell, index, answers[index])
            except CellExecutionError as ex:
                self.nb_man.cell_exception(self.nb.cells[index], cell_index=index, exception=ex)
                break
            finally:
                self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

    async def _collect(self, cell: NotebookNode, index: int, msg_id: str) -> None:
        """Record the outputs of the request ``msg_id`` into ``cell``, then check its reply."""
        if self.record_timing:
            cell["metadata"]["execution"] = {}
        self.code_cells_executed += 1
        cell.outputs = []
        self.clear_before_next_output = False
        timeout = self._get_timeout(cell)
        deadline = None if timeout is None else monotonic() + timeout
        while True:  # outputs, until the kernel is idle again after this request
            msg = await self._next(self.kc.iopub_channel, cell, deadline)
            if msg["parent_header"].get("msg_id") == msg_id:
                try:
                    self.process_message(msg, cell, index)
                except CellExecutionComplete:
                    break
        while True:  # its reply (the replies come in the order of the requests)
            reply = await self._next(self.kc.shell_channel, cell, deadline)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if self.record_timing:
            cell["metadata"]["execution"]["shell.execute_reply"] = timestamp(reply)
        self.nb["cells"][index] = cell
        await self._check_raise_for_error(cell, index, reply)

    async def _next(self, channel: Any, cell: NotebookNode, deadline: float | None) -> dict[str, Any]:
        """The next message of ``channel``; checks the kernel is alive while none comes, and raises
        nbclient's ``CellTimeoutError`` past ``deadline``."""
        while True:
            try:
                return await ensure_async(channel.get_msg(timeout=POLL_SECONDS))
            except Empty:
                if not await ensure_async(self.kc.is_alive()):
                    raise DeadKernelError("Kernel died") from None
                if deadline is not None and monotonic() > deadline:
                    raise CellTimeoutError.error_from_timeout_and_cell("Cell execution timed out", self._get_timeout(cell), cell) from None
