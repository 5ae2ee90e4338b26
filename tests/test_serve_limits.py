"""Served mode under a hostile or unlucky client: odd TERM, huge windows, a frozen client,
failed logins, connection floods, channel errors."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncssh
import pytest
from test_serve import (
    APP_MARKER,
    LOG_TIMEOUT,
    Server,
    alive,
    connect,
    fingerprint,
    keys,  # noqa: F401  (a fixture)
    open_app,
    pty_size,
    quit_app,
    read_until,
    run,
    server,  # noqa: F401  (a fixture)
    session_pid,
    wait_until,
)

from workbench.serve.ssh import (
    FALLBACK_TERM,
    KEEPALIVE_COUNT_MAX,
    KEEPALIVE_SECONDS,
    MAX_AUTH_ATTEMPTS,
    MAX_COLUMNS,
    MAX_ROWS,
    AddressGuard,
    WorkbenchServer,
    cap_window,
    child_environment,
    log_loop_error,
    prepare_config,
    safe_term,
)

FROZEN_CLIENT_LIMIT = 30.0  # seconds within which a suspended client's session slot is freed


def environ_of(pid: int) -> dict[bytes, bytes]:
    return dict(
        item.split(b"=", 1)
        for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        if b"=" in item
    )


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ("xterm-256color", "xterm-256color"),
        ("screen.xterm+x_1", "screen.xterm+x_1"),
        ("x" * 64, "x" * 64),
        ("x" * 65, FALLBACK_TERM),
        ("x" * 5000, FALLBACK_TERM),
        ("xterm\n", FALLBACK_TERM),
        ("xterm\nEVIL=1", FALLBACK_TERM),
        ("-xterm", FALLBACK_TERM),
        ("../../etc/x", FALLBACK_TERM),
        ("xterm\x1b[2J", FALLBACK_TERM),
        ("", FALLBACK_TERM),
        (None, FALLBACK_TERM),
    ],
)
def test_term_is_a_plain_name_or_the_fallback(asked: str | None, given: str) -> None:
    assert safe_term(asked) == given
    assert child_environment({}, asked or "", {})["TERM"] == given


def test_window_sizes_are_capped() -> None:
    assert cap_window(80, 24) == (80, 24, 0, 0)
    assert cap_window(10000, 10000, 99999, 99999) == (MAX_COLUMNS, MAX_ROWS, 16384, 16384)
    assert cap_window(MAX_COLUMNS, MAX_ROWS) == (MAX_COLUMNS, MAX_ROWS, 0, 0)


def test_a_long_or_multiline_term_reaches_the_app_as_the_fallback(server: Server, keys) -> None:  # noqa: F811
    for term_type in ("x" * 5000, "xterm\nLD_PRELOAD=/tmp/evil.so"):
        start = server.mark()

        async def scenario(term_type: str = term_type, start: int = start) -> None:
            async with await connect(server.port, keys["client"]) as conn:
                process = await open_app(conn, term_type=term_type)
                pid = await asyncio.to_thread(session_pid, server, keys["client"], start)
                assert environ_of(pid)[b"TERM"] == FALLBACK_TERM.encode()
                assert b"LD_PRELOAD" not in environ_of(pid)
                assert await quit_app(process) == 0

        run(scenario())
        server.wait_for(rf"session \d+ start .* term {FALLBACK_TERM} 80x24", start)


def test_a_huge_window_is_served_at_the_cap_on_open_and_on_resize(server: Server, keys) -> None:  # noqa: F811
    start = server.mark()

    async def scenario() -> None:
        async with await connect(server.port, keys["client"]) as conn:
            process = await open_app(conn, size=(10000, 10000))
            pid = await asyncio.to_thread(session_pid, server, keys["client"], start)
            assert pty_size(pid) == (MAX_COLUMNS, MAX_ROWS)
            process.change_terminal_size(120, 40)
            await wait_until(lambda: pty_size(pid) == (120, 40))
            process.change_terminal_size(70000, 9999)
            await wait_until(lambda: pty_size(pid) == (MAX_COLUMNS, MAX_ROWS))
            await read_until(process.stdout, APP_MARKER, timeout=20)
            assert await quit_app(process) == 0

    run(scenario())
    server.wait_for(rf"session \d+ start .* {MAX_COLUMNS}x{MAX_ROWS}$", start)


def test_keepalive_frees_a_frozen_client_within_thirty_seconds() -> None:
    assert KEEPALIVE_SECONDS * (KEEPALIVE_COUNT_MAX + 1) < FROZEN_CLIENT_LIMIT


CLIENT_SCRIPT = """
import asyncio, sys, asyncssh

async def main():
    conn = await asyncssh.connect(
        "127.0.0.1", int(sys.argv[1]), username="analyst", client_keys=[sys.argv[2]],
        known_hosts=None, agent_path=None, config=[], keepalive_interval=0,
    )
    process = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    seen = b""
    while b"workbench" not in seen:
        seen += await process.stdout.read(65536)
    print("ready", flush=True)
    await process.wait()

asyncio.run(main())
"""


def in_process_config(key_files: dict, tmp_path: Path, max_sessions: int = 1):
    return prepare_config(
        host="127.0.0.1",
        port=0,
        authorized_keys=key_files["authorized"],
        host_key=key_files["host"],
        exports=tmp_path / "out",
        max_sessions=max_sessions,
    )


class LogLines(logging.Handler):
    """The server's log lines, as they come."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self) -> LogLines:
        logger = logging.getLogger("workbench.serve")
        logger.addHandler(self)
        self._level = logger.level
        logger.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger("workbench.serve")
        logger.removeHandler(self)
        logger.setLevel(self._level)

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines)


def test_a_suspended_client_loses_its_slot_within_thirty_seconds(keys, tmp_path: Path) -> None:  # noqa: F811
    """A real client process, stopped with SIGSTOP mid-session, under the default keepalive."""
    config = in_process_config(keys, tmp_path, max_sessions=1)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    async def scenario() -> float:
        srv = WorkbenchServer(config, asyncssh.read_private_key(str(keys["host"])))
        await srv.start()
        client = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLIENT_SCRIPT,
            str(srv.port),
            str(keys["dir"] / "client"),
            stdout=subprocess.PIPE,
            env=env,
        )
        try:
            line = await asyncio.wait_for(client.stdout.readline(), 60)
            assert line.strip() == b"ready"
            os.kill(client.pid, signal.SIGSTOP)
            stopped = time.monotonic()
            await wait_until(lambda: not srv._sessions, FROZEN_CLIENT_LIMIT + 10)
            freed_after = time.monotonic() - stopped
            # The slot is free: another client gets a session while the first is still frozen.
            async with await connect(srv.port, keys["client"]) as conn:
                assert await quit_app(await open_app(conn)) == 0
            return freed_after
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(client.pid, signal.SIGKILL)
            await client.wait()
            await srv.stop()

    with LogLines() as log:
        freed_after = run(scenario(), timeout=150)
    assert freed_after < FROZEN_CLIENT_LIMIT
    assert log.has("not responding to keepalive")
    assert any("client gone, app ended" in line for line in log.lines)


def test_a_rejected_key_is_answered_late_and_keys_are_limited(keys, tmp_path: Path) -> None:  # noqa: F811
    config = in_process_config(keys, tmp_path)
    strangers = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(MAX_AUTH_ATTEMPTS + 2)]

    async def scenario() -> tuple[float, int]:
        srv = WorkbenchServer(
            config, asyncssh.read_private_key(str(keys["host"])), auth_failure_delay=0.4
        )
        await srv.start()
        try:
            started = time.monotonic()
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(srv.port, strangers[0])
            one_key = time.monotonic() - started
            with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
                await asyncssh.connect(
                    "127.0.0.1",
                    srv.port,
                    username="analyst",
                    client_keys=strangers,
                    known_hosts=None,
                    agent_path=None,
                    config=[],
                )
            return one_key
        finally:
            await srv.stop()

    with LogLines() as log:
        one_key = run(scenario())
    assert one_key >= 0.4
    offered = [line for line in log.lines if "not authenticated (keys offered:" in line][-1]
    assert offered.count("SHA256:") == MAX_AUTH_ATTEMPTS


def test_an_address_with_many_failures_or_pending_logins_is_refused(keys, tmp_path: Path) -> None:  # noqa: F811
    config = in_process_config(keys, tmp_path)
    stranger = asyncssh.generate_private_key("ssh-ed25519")

    async def scenario() -> None:
        srv = WorkbenchServer(
            config,
            asyncssh.read_private_key(str(keys["host"])),
            auth_failure_delay=0.0,
            guard=AddressGuard(max_pending=2, max_failures=3, window=60),
        )
        await srv.start()
        idle: list[socket.socket] = []
        try:
            # Connections that never log in hold their places; a third must wait its turn.
            for _ in range(2):
                idle.append(socket.create_connection(("127.0.0.1", srv.port)))
            await wait_until(lambda: srv.guard._pending.get("127.0.0.1") == 2)
            with pytest.raises((asyncssh.DisconnectError, ConnectionError)):
                await connect(srv.port, keys["client"])
            for sock in idle:
                sock.close()
            await wait_until(lambda: "127.0.0.1" not in srv.guard._pending)
            # Those two ended without logging in: two failures. One more, and the address waits.
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(srv.port, stranger)
            await wait_until(lambda: "127.0.0.1" not in srv.guard._pending)
            with pytest.raises((asyncssh.DisconnectError, ConnectionError)):
                await connect(srv.port, keys["client"])  # even the right key, for now
            with pytest.raises((asyncssh.DisconnectError, ConnectionError)):
                await connect(srv.port, keys["client"])
        finally:
            for sock in idle:
                sock.close()
            await srv.stop()

    with LogLines() as log:
        run(scenario())
    assert log.has("2 connections from 127.0.0.1 are already logging in")
    refusals = [line for line in log.lines if "failed logins from 127.0.0.1" in line]
    assert len(refusals) == 1  # a flood is one line, not one per connection


def test_address_guard_forgets_failures_after_the_window() -> None:
    guard = AddressGuard(max_pending=5, max_failures=2, window=0.2)
    for _ in range(2):
        assert guard.admit("10.0.0.1") is None
        guard.settle("10.0.0.1", logged_in=False)
    assert "too many failed logins from 10.0.0.1" in guard.admit("10.0.0.1")
    assert guard.admit("10.0.0.2") is None  # another address is not concerned
    time.sleep(0.25)
    assert guard.admit("10.0.0.1") is None
    guard.settle("10.0.0.1", logged_in=True)
    assert guard.admit("10.0.0.1") is None


def test_channel_errors_are_one_line_of_the_log(caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.new_event_loop()
    try:
        with LogLines() as log:
            log_loop_error(
                loop,
                {
                    "message": "Fatal error: protocol.data_received() call failed.",
                    "exception": BrokenPipeError("Channel not open for sending"),
                },
            )
            log_loop_error(
                loop,
                {"message": "Task exception", "exception": asyncssh.ChannelOpenError(2, "x\ny")},
            )
    finally:
        loop.close()
    assert log.lines[0] == (
        "channel error BrokenPipeError: Channel not open for sending "
        "(Fatal error: protocol.data_received() call failed.)"
    )
    assert log.lines[1] == "channel error ChannelOpenError: x\\ny (Task exception)"


def test_a_wave_of_disconnects_leaves_no_traceback(server: Server, keys) -> None:  # noqa: F811
    start = server.mark()

    async def scenario() -> None:
        conns = [await connect(server.port, keys["client"]) for _ in range(2)]
        processes = [await open_app(conn, size=(200, 60)) for conn in conns]
        for process in processes:  # the apps are drawing when their clients vanish
            process.change_terminal_size(180, 50)
        for conn in conns:
            conn.abort()
        # Clients that come and go mid-login add to the wave.
        for _ in range(4):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(b"SSH-2.0-x\r\n")
            sock.close()

    run(scenario())
    for _ in range(2):
        server.wait_for(r"session \d+ end .* client gone", start)
    pids = [int(pid) for pid in re.findall(r"pid (\d+)", "\n".join(server.lines[start:]))]
    deadline = time.monotonic() + LOG_TIMEOUT
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)
    assert not any("Traceback" in line for line in server.lines[start:])
    assert fingerprint(keys["client"]) in "\n".join(server.lines[start:])
