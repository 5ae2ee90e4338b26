"""Worker processes that end with their parent, even when the parent is killed with SIGKILL.

A pool's workers wait on a queue whose pipe they hold open themselves (they were forked with
it), so a parent that dies without shutting the pool down leaves them waiting forever. On Linux
the kernel kills them when the parent dies (``PR_SET_PDEATHSIG``); elsewhere, and as a check
on the race where the parent died before that was set, a thread watches the parent's id.
"""

from __future__ import annotations

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
