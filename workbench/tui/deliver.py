"""Handing a worker thread's result to the screen, or its failure to the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

T = TypeVar("T")


def deliver(
    screen: Screen, title: str, compute: Callable[[], T], done: Callable[[T], None]
) -> None:
    """From a worker thread: run ``compute`` and pass its result to ``done`` on the UI thread.

    A failure is shown as a notification titled ``title``: never a crash of the interface.
    """
    try:
        result = compute()
    except Exception as error:
        screen.app.call_from_thread(screen.notify, str(error), title=title, severity="error")
        return
    screen.app.call_from_thread(done, result)
