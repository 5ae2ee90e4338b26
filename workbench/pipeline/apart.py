"""Tables of a partitioned index computed in another process, for the interface.

Computing a large index's tables takes minutes of Python and polars work. Done in the
interface's process it would hold the interpreter the screens are drawn with, and a user who
quits would wait for the task under way (a worker thread cannot be stopped). In another process
the work takes neither, and stopping it ends the process: every task writes its output under a
temporary name and renames it when complete, so nothing half-written is left, and a later run
resumes from the tasks that finished.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading

from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.pipeline.stages import Progress

_POLL_S = 0.2  # how often the waiting thread looks whether it was asked to stop
_DRAIN_S = 1.0  # how long messages a finished process sent are waited for


def _compute(options: WorkspaceOptions, names: list[str], messages) -> None:
    """The other process: open the published index and compute ``names``, saying how far."""
    from workbench.workspace import Workspace

    def progress(stage: str, done: int, total: int) -> None:
        messages.put(("progress", stage, done, total))

    try:
        workspace = Workspace.open(options, verify=False)
        try:
            workspace.compute(names, progress)
        finally:
            workspace.close()
    except WorkbenchError as error:
        messages.put(("error", str(error)))
        return
    except Exception as error:  # told to the interface in one line, like any failed work
        messages.put(("error", f"{type(error).__name__}: {error}"))
        return
    messages.put(("done",))


class ApartRuns:
    """Runs that compute tables in another process, one at a time, and can all be stopped.

    ``watch(stage, done, total)`` hears every run's progress, whoever asked for it, and
    ``("", 0, 0)`` when a run ends (the interface shows it as the index's status).
    """

    def __init__(self, watch: Progress | None = None) -> None:
        self._stopped = threading.Event()
        self._process = None
        self._lock = threading.Lock()
        self._watch = watch

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called (no run starts after it)."""
        return self._stopped.is_set()

    def run(self, options: WorkspaceOptions, names: list[str], progress: Progress | None) -> None:
        """Compute tables ``names`` in another process and wait for it (a WorkbenchError if it
        failed or was stopped); ``progress(stage, done, total)`` as its tasks finish."""
        from workbench.corpus.workers import start_resource_tracker

        start_resource_tracker()  # under the interface, stderr is Textual's and has no fd
        context = multiprocessing.get_context("spawn")
        messages = context.Queue()
        process = context.Process(
            target=_compute, args=(options, names, messages), name="workbench-tables", daemon=True
        )
        with self._lock:
            if self.stopped:
                raise WorkbenchError("computing the tables was stopped")
            process.start()
            self._process = process
        try:
            self._wait(process, messages, names, progress)
        finally:
            with self._lock:
                self._process = None
            if self._watch is not None:
                self._watch("", 0, 0)
            if process.is_alive():
                process.terminate()
            process.join()
            messages.close()

    def _wait(self, process, messages, names: list[str], progress: Progress | None) -> None:
        while True:
            try:
                message = messages.get(timeout=_POLL_S if process.is_alive() else _DRAIN_S)
            except queue.Empty:
                if self.stopped:
                    raise WorkbenchError("computing the tables was stopped") from None
                if process.is_alive():
                    continue
                raise WorkbenchError(
                    f"computing {', '.join(names)} ended without finishing "
                    f"(exit code {process.exitcode}); run `workbench index` to resume it"
                ) from None
            if message[0] == "progress":
                for listener in (progress, self._watch):
                    if listener is not None:
                        listener(*message[1:])
            elif message[0] == "error":
                raise WorkbenchError(message[1])
            else:
                return

    def stop(self) -> None:
        """End the run under way, if any, and refuse new ones."""
        with self._lock:
            self._stopped.set()
            if self._process is not None and self._process.is_alive():
                self._process.terminate()
