"""Quitting on SIGTERM and SIGHUP with the terminal put back, even when the app is busy.

A server stopping, a terminal closed or a ``kill`` asks the app to quit as ``q`` does, which
puts the terminal back as the app found it. An app busy in a long step (its event loop not
free) still ends: after a grace period the terminal is put back here and the process exits.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable

# What a Textual app turns on (the alternate screen, mouse reporting, bracketed paste, focus
# events, the kitty keyboard protocol, a hidden cursor), turned off.
TERMINAL_RESET = (
    "\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l\x1b[?2004l"
    "\x1b[?2048l\x1b[?1004l\x1b[?7h\x1b[0m\x1b[?1049l\x1b[?25h"
)
GRACE_SECONDS = 5.0  # how long a busy app has to quit by itself
# What is said on quitting by each signal: a hang-up has nobody to tell.
SAID = {signal.SIGTERM: "workbench: stopped (SIGTERM)", signal.SIGHUP: None}


def terminal_modes() -> list | None:
    """The terminal's modes now (to put back should the app not quit in time), or None."""
    import termios

    with contextlib.suppress(OSError, ValueError, termios.error):
        if sys.__stdin__ is not None and sys.__stdin__.isatty():
            return termios.tcgetattr(sys.__stdin__.fileno())
    return None


def quit_on_signals(quit_app: Callable[[int, str | None], None], modes: list | None) -> None:
    """On SIGTERM or SIGHUP call ``quit_app(status, message)`` (from any thread: it must hand
    over to the app's loop), and end the process ourselves if it has not quit in time."""

    def received(signum: int, _frame: object) -> None:
        message = SAID.get(signal.Signals(signum))
        quit_app(128 + signum, message)
        watchdog = threading.Timer(GRACE_SECONDS, _leave_now, args=(signum, message, modes))
        watchdog.daemon = True
        watchdog.start()

    for sig in SAID:
        with contextlib.suppress(ValueError, OSError):  # not the main thread: left as it is
            signal.signal(sig, received)


def _leave_now(signum: int, message: str | None, modes: list | None) -> None:
    """The app did not quit in time: the terminal put back (modes, screen), then exit."""
    import termios

    with contextlib.suppress(OSError, ValueError, termios.error):
        if modes is not None and sys.__stdin__ is not None:
            termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSANOW, modes)
    said = f"\r\n{message}\r\n" if message else ""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.write(sys.__stdout__.fileno(), (TERMINAL_RESET + said).encode())
    os._exit(128 + signum)
