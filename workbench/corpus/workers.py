"""Worker processes that end with their parent, even when the parent is killed with SIGKILL.

A pool's workers wait on a queue whose pipe they hold open themselves (they were forked with
it), so a parent that dies without shutting the pool down leaves them waiting forever. On Linux
the kernel kills them when the parent dies (``PR_SET_PDEATHSIG``); elsewhere, and as a check
on the race where the parent died before that was set, a thread watches the parent's id.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; whether that was set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when the process ``parent_pid`` ends."""
    armed = _set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, with a stderr it can inherit.

    The tracker is started with this process's ``sys.stderr``; an interface that captured it
    (Textual's capture has no file descriptor) would make every new worker process fail with
    "bad value(s) in fds_to_keep". The tracker then reports to the null device instead.
    """
    if os.name != "posix":
        return
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        resource_tracker.ensure_running()
