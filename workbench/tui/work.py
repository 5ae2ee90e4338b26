"""Long work off the interface thread, and its outcome back as a message.

``run_work`` runs a callable in a thread worker. Its result goes back to the node that asked as
a ``WorkDone`` message, whose ``done`` callback then runs on the interface thread; a failure goes
to the app as a ``WorkFailed`` message: the app shows it as a notification titled
"<what> failed", logs the traceback, and runs the node's ``failed`` callback if it has one.

In an exclusive group a newer request supersedes an older one: the older worker is cancelled
and, should it finish anyway (a thread cannot be stopped), its result is dropped.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary, ref

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from workbench.errors import WorkbenchError

T = TypeVar("T")

ERROR_TEXT_AT_MOST = 160  # characters of an unexpected error shown; the log has all of it

# The newest worker of each exclusive group of each node: any other one's outcome is stale.
# Weak both ways, so that a closed screen and its workers are not kept alive by this table.
_newest: WeakKeyDictionary[DOMNode, dict[str, ref[Worker]]] = WeakKeyDictionary()


def error_text(error: BaseException) -> str:
    """The failure in one line: a WorkbenchError's own message, else its kind and first line."""
    if isinstance(error, WorkbenchError):
        return str(error)
    first = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    text = f"{type(error).__name__}: {first}" if first else type(error).__name__
    return text if len(text) <= ERROR_TEXT_AT_MOST else text[: ERROR_TEXT_AT_MOST - 1] + "…"


def is_current(worker: Worker) -> bool:
    """False when a newer request of the worker's exclusive group has been made since."""
    newest = _newest.get(worker.node, {}).get(worker.group)
    return newest is None or newest() is worker


@dataclass
class WorkDone(Message, Generic[T]):
    """Work finished: its ``value``, for the node that asked (bubbles until delivered)."""

    worker: Worker
    value: T
    done: Callable[[T], None] | None

    def deliver(self) -> None:
        """Hand the value to ``done``, unless a newer request has superseded this one."""
        self.stop()
        if self.done is not None and is_current(self.worker):
            self.done(self.value)


@dataclass
class WorkFailed(Message):
    """Work failed: what was being done, the error in one line and the traceback for the log."""

    worker: Worker
    what: str
    error: str
    details: str
    failed: Callable[[str], None] | None

    @property
    def title(self) -> str:
        """The notification's title: what failed."""
        return f"{self.what} failed"

    def deliver(self) -> None:
        """Tell the node that asked (its ``failed`` callback), if it is still there and current."""
        node = self.worker.node
        there = node.is_running and node.is_attached
        if self.failed is not None and there and is_current(self.worker):
            self.failed(self.error)


class _Running:
    """How many pieces of work are running in worker threads, and how many of them write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.work = 0
        self.writes = 0

    def change(self, by: int, writes: bool) -> None:
        with self._lock:
            self.work += by
            if writes:
                self.writes += by


_RUNNING = _Running()


def abandonable() -> bool:
    """Whether work is running in worker threads and none of it writes anything: a process
    that quits need not wait for it (a thread cannot be stopped, only waited for)."""
    return _RUNNING.work > 0 and _RUNNING.writes == 0


def run_work(
    node: DOMNode,
    what: str,
    compute: Callable[[], T],
    done: Callable[[T], None] | None = None,
    *,
    failed: Callable[[str], None] | None = None,
    group: str | None = None,
    exclusive: bool = True,
    writes: bool = False,
) -> Worker[None]:
    """Run ``compute`` in a thread worker of ``node``; then ``done(result)`` on the UI thread.

    ``what`` names the work for the user ("loading themes"): a failure is reported as
    "<what> failed" with the one-line error, and passed to ``failed`` as well. With
    ``exclusive`` a newer call in the same ``group`` (default: ``what``) supersedes this one.
    ``writes``: the work saves something (a label, an export) and quitting waits for it; any
    other work is abandoned when the app quits (``abandonable``).
    """
    app = node.app

    def job() -> None:
        worker = get_current_worker()
        _RUNNING.change(1, writes)
        try:
            value = compute()
        except Exception as error:
            details = traceback.format_exc()
            app.post_message(WorkFailed(worker, what, error_text(error), details, failed))
            return
        finally:
            _RUNNING.change(-1, writes)
        if not worker.is_cancelled:
            node.post_message(WorkDone(worker, value, done))

    group = group or what
    worker = node.run_worker(
        job, name=what, group=group, exclusive=exclusive, thread=True, exit_on_error=False
    )
    if exclusive:
        _newest.setdefault(node, {})[group] = ref(worker)
    return worker
