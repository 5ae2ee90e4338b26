"""Whether the standard streams are a terminal the interface can draw on."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

NO_TTY_MESSAGE = (
    "workbench: needs a terminal; connect with `ssh -t host workbench` "
    "(or use a command such as `workbench info`)"
)


def check_terminal(
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """A one-line message when the interface cannot run here, None when it can."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    environ = os.environ if environ is None else environ
    if not (_isatty(stdin) and _isatty(stdout)):
        return NO_TTY_MESSAGE
    term = environ.get("TERM", "").strip()
    if not term:
        return "workbench: TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
    if term == "dumb":
        return "workbench: TERM=dumb cannot draw the interface; use e.g. TERM=xterm-256color"
    return None


def _isatty(stream: TextIO | None) -> bool:
    """True when the stream is open on a terminal (closed or missing streams are not)."""
    if stream is None:
        return False
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False
