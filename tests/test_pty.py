"""The workbench under a pseudo-terminal the way sshd runs it, and without a terminal at all."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import selectors
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from workbench.cli.terminal import NO_TTY_MESSAGE, check_terminal

APP_MARKER = b"workbench"  # the title in the app's header, on every screen
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
SCREEN_TIMEOUT = 60.0
# What sshd does between fork and exec: a new session whose controlling terminal is the pty.
SESSION_LEADER = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'workbench', *sys.argv[1:]])"
)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's index cache for these runs, not the user's."""
    return tmp_path_factory.mktemp("cache")


def sshd_like_env(term: str, cache_dir: Path) -> dict[str, str]:
    """The environment of a login over SSH: no desktop, no inherited sizes, the client's TERM."""
    dropped = {
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "COLUMNS",
        "LINES",
        "COLORTERM",
        "NO_COLOR",
        "TERM_PROGRAM",
        "TMUX",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("TEXTUAL")}
    env["TERM"] = term
    env["XDG_CACHE_HOME"] = str(cache_dir)
    return env


class PtySession:
    """``python -m workbench`` on a fresh pseudo-terminal, read and driven through its master."""

    def __init__(
        self,
        term: str,
        cache_dir: Path,
        columns: int = 80,
        rows: int = 24,
        args: tuple[str, ...] = (),
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.master, slave = pty.openpty()
        self.resize(columns, rows)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", SESSION_LEADER, *args],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env={**sshd_like_env(term, cache_dir), **(extra_env or {})},
                start_new_session=True,
            )
        finally:
            os.close(slave)
        self.output = b""

    def resize(self, columns: int, rows: int) -> None:
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def read_until(self, marker: bytes, start: int = 0, timeout: float = SCREEN_TIMEOUT) -> bytes:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.master, selectors.EVENT_READ)
            while marker not in ESCAPES.sub(b"", self.output[start:]):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise AssertionError(f"no {marker!r} in time: {self.output[-400:]!r}")
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the app has exited and closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {marker!r}: {self.output[-400:]!r}")
                self.output += chunk
        return self.output[start:]

    def drain_until_exit(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.master, selectors.EVENT_READ)
            while (remaining := deadline - time.monotonic()) > 0:
                if not selector.select(remaining):
                    break
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: every holder of the terminal has closed it
                    break
                if not chunk:
                    break
                self.output += chunk
        return self.proc.wait(timeout=max(deadline - time.monotonic(), 1))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


@pytest.mark.parametrize("term", ["xterm", "xterm-256color"])
def test_app_runs_under_a_pty_follows_a_resize_and_quits(term: str, cache_dir: Path) -> None:
    session = PtySession(term, cache_dir)
    try:
        session.read_until(APP_MARKER)
        mark = len(session.output)
        session.resize(100, 30)  # the kernel sends the app SIGWINCH
        session.read_until(APP_MARKER, start=mark, timeout=20)
        os.write(session.master, b"q")
        assert session.drain_until_exit() == 0
        # The app leaves the alternate screen it drew on, restoring the user's terminal.
        assert b"\x1b[?1049l" in session.output
        if term == "xterm":
            # A 16-colour terminal is never sent 256-colour or truecolor sequences.
            assert not re.search(rb"\x1b\[[0-9;]*[34]8;[25];", session.output)
    finally:
        session.close()


def test_quitting_from_a_corpus_that_could_not_be_opened_says_why_and_exits_2(
    cache_dir: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    session = PtySession("xterm-256color", cache_dir, args=(str(empty),))
    try:
        session.read_until(b"Could not open")  # the app's error screen, kept for SSH users
        os.write(session.master, b"q")
        assert session.drain_until_exit() == 2
        after = session.output.rsplit(b"\x1b[?1049l", 1)[-1]  # once the app's screen is left
        line = ESCAPES.sub(b"", after).replace(b"\r", b"").strip()
        assert line.startswith(b"workbench: error: no article files in ")
        assert line.count(b"\n") == 0
    finally:
        session.close()


SLOW_OPEN = """
import time
from workbench import workspace

_open = workspace.Workspace.open.__func__


def _slow_open(cls, *args, **kwargs):
    time.sleep(120)  # a corpus that takes minutes to read
    return _open(cls, *args, **kwargs)


workspace.Workspace.open = classmethod(_slow_open)
"""


def test_quitting_while_the_corpus_is_read_does_not_wait_for_it(
    cache_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "sitecustomize.py").write_text(SLOW_OPEN, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    session = PtySession("xterm-256color", cache_dir, extra_env={"PYTHONPATH": path})
    try:
        session.read_until(b"Opening")  # the loading screen, the corpus being read
        os.write(session.master, b"q")
        assert session.drain_until_exit(timeout=30) == 0  # not the two minutes of the read
        assert b"\x1b[?1049l" in session.output  # the terminal restored
    finally:
        session.close()


BUSY_ON_B = """
import time
from workbench.tui import app


def _on_key(self, event):
    if event.key == "b":
        time.sleep(120)  # a step that keeps the app's event loop busy


app.WorkbenchApp.on_key = _on_key
"""


@pytest.mark.parametrize("busy", [False, True])
def test_sigterm_quits_with_the_terminal_put_back_even_when_the_app_is_busy(
    cache_dir: Path, tmp_path: Path, busy: bool
) -> None:
    (tmp_path / "sitecustomize.py").write_text(BUSY_ON_B, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    session = PtySession("xterm-256color", cache_dir, extra_env={"PYTHONPATH": path})
    try:
        session.read_until(b"Library")
        if busy:
            os.write(session.master, b"b")
            time.sleep(1)
        session.proc.terminate()
        assert session.drain_until_exit(timeout=30) == 128 + 15
        after = session.output.rsplit(b"\x1b[?1049h", 1)[-1]  # since the app's screen began
        assert b"\x1b[?1049l" in after and b"\x1b[?25h" in after  # its screen left, a cursor
        assert b"workbench: stopped (SIGTERM)" in after
    finally:
        session.close()


def test_dumb_terminal_gets_one_line_and_no_app(cache_dir: Path) -> None:
    session = PtySession("dumb", cache_dir)
    try:
        code = session.drain_until_exit()
        assert code != 0
        text = session.output.decode().strip()
        assert text.startswith("workbench: TERM=dumb") and "\n" not in text
    finally:
        session.close()


def test_without_a_terminal_one_line_and_a_non_zero_exit(cache_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench"],
        stdin=subprocess.PIPE,
        capture_output=True,
        env=sshd_like_env("xterm", cache_dir),
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.decode().strip() == NO_TTY_MESSAGE
    assert result.stdout == b""


class _FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        if self.closed:
            raise ValueError("I/O operation on closed file")
        return self._tty


@pytest.mark.parametrize(
    ("stdin_tty", "stdout_tty", "term", "expected"),
    [
        (True, True, "xterm-256color", None),
        (True, True, "screen", None),
        (False, True, "xterm", NO_TTY_MESSAGE),
        (True, False, "xterm", NO_TTY_MESSAGE),
        (True, True, "", "workbench: TERM is not set"),
        (True, True, "dumb", "workbench: TERM=dumb"),
    ],
)
def test_check_terminal(stdin_tty: bool, stdout_tty: bool, term: str, expected: str | None) -> None:
    message = check_terminal(_FakeStream(stdin_tty), _FakeStream(stdout_tty), {"TERM": term})
    if expected is None:
        assert message is None
    else:
        assert message is not None and message.startswith(expected) and "\n" not in message


def test_check_terminal_treats_a_closed_stream_as_no_terminal() -> None:
    closed = _FakeStream(True)
    closed.close()
    assert check_terminal(closed, _FakeStream(True), {"TERM": "xterm"}) == NO_TTY_MESSAGE
