"""The built-in SSH server, end to end over loopback with real clients (asyncssh and OpenSSH)."""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import logging
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import asyncssh
import pytest

from workbench.cli.options import add_workspace_arguments, workspace_arguments, workspace_options
from workbench.cli.parser import build_parser, main, parse_arguments
from workbench.corpus.listing import ReadPolicy
from workbench.options import Settings, WorkspaceOptions
from workbench.serve.ssh import (
    ServeConfig,
    WorkbenchServer,
    child_command,
    child_environment,
    default_exports_dir,
    loose_permissions,
    prepare_config,
    printable,
)
from workbench.terminal_signals import TERMINAL_RESET

APP_MARKER = b"workbench"  # the title in the app's header, on every screen
LIBRARY_MARKER = b"Library"  # the Library's tab in the header of the first screen
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
SCREEN_TIMEOUT = 60.0
LOG_TIMEOUT = 20.0


class Server:
    """``workbench serve --ssh`` run as a subprocess, its log lines collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "workbench",
                "serve",
                "--ssh",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                *args,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = int(self.wait_for(r"listening on 127\.0\.0\.1:(\d+)").group(1))

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def mark(self) -> int:
        """Index of the next log line, to wait only for what comes after it."""
        with self._lock:
            return len(self.lines)

    def find(self, pattern: str, start: int = 0) -> re.Match | None:
        with self._lock:
            lines = self.lines[start:]
        for line in lines:
            match = re.search(pattern, line)
            if match:
                return match
        return None

    def wait_for(self, pattern: str, start: int = 0, timeout: float = LOG_TIMEOUT) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = self.find(pattern, start)
            if match:
                return match
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no log line matching {pattern!r}; log:\n" + "\n".join(self.lines))

    async def await_log(
        self, pattern: str, start: int = 0, timeout: float = LOG_TIMEOUT
    ) -> re.Match:
        return await asyncio.to_thread(self.wait_for, pattern, start, timeout)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self._reader.join(timeout=5)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An authorized client key, an unknown one, a host key and the authorized_keys file."""
    directory = tmp_path_factory.mktemp("keys")
    client = asyncssh.generate_private_key("ssh-ed25519", comment="analyst")
    stranger = asyncssh.generate_private_key("ssh-ed25519", comment="stranger")
    host = asyncssh.generate_private_key("ssh-ed25519")
    client.write_private_key(str(directory / "client"))
    os.chmod(directory / "client", 0o600)
    host.write_private_key(str(directory / "host"))
    os.chmod(directory / "host", 0o600)
    (directory / "authorized_keys").write_bytes(client.export_public_key())
    return {
        "client": client,
        "stranger": stranger,
        "dir": directory,
        "authorized": directory / "authorized_keys",
        "host": directory / "host",
    }


@pytest.fixture(scope="module")
def server(keys: dict, tmp_path_factory: pytest.TempPathFactory):
    exports = tmp_path_factory.mktemp("exports")
    # Sessions keep their index cache in a scratch dir, not in the user's cache.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    srv = Server(
        [
            "--authorized-keys",
            str(keys["authorized"]),
            "--host-key",
            str(keys["host"]),
            "--exports",
            str(exports),
            "--max-sessions",
            "2",
        ],
        env=env,
    )
    srv.exports = exports
    yield srv
    assert srv.stop() == 0


def fingerprint(key: asyncssh.SSHKey) -> str:
    return key.get_fingerprint("sha256")


def run(coro, timeout: float = 120.0):
    """Run one client scenario with a bound on its duration."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def connect(
    port: int, key: asyncssh.SSHKey | None, **options
) -> asyncssh.SSHClientConnection:
    options.setdefault("preferred_auth", "publickey")
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        username="analyst",
        client_keys=[key] if key else None,
        known_hosts=None,
        agent_path=None,
        config=[],
        **options,
    )


def screen_text(output: bytes) -> bytes:
    """The characters drawn, without the escape sequences between them."""
    return ESCAPES.sub(b"", output)


async def read_until(
    stream: asyncssh.SSHReader, marker: bytes, timeout: float = SCREEN_TIMEOUT
) -> bytes:
    buffer = b""

    async def collect() -> None:
        nonlocal buffer
        while marker not in screen_text(buffer):
            chunk = await stream.read(65536)
            if not chunk:
                raise AssertionError(f"output ended before {marker!r}: {buffer[-400:]!r}")
            buffer += chunk

    await asyncio.wait_for(collect(), timeout)
    return buffer


async def open_app(
    conn: asyncssh.SSHClientConnection,
    size: tuple[int, int] = (80, 24),
    term_type: str = "xterm-256color",
) -> asyncssh.SSHClientProcess:
    process = await conn.create_process(term_type=term_type, term_size=size, encoding=None)
    await read_until(process.stdout, APP_MARKER)
    return process


async def quit_app(process: asyncssh.SSHClientProcess) -> int | None:
    process.stdin.write(b"q")
    result = await asyncio.wait_for(process.wait(), 30)
    return result.exit_status


def session_pid(server: Server, key: asyncssh.SSHKey, start: int) -> int:
    return int(
        server.wait_for(
            rf"session \d+ start \S+ key {re.escape(fingerprint(key))} "
            r"pid (\d+)",
            start,
        ).group(1)
    )


def started_pids(server: Server, start: int) -> list[int]:
    with server._lock:
        log = "\n".join(server.lines[start:])
    return [int(pid) for pid in re.findall(r"session \d+ start \S+ key \S+ pid (\d+)", log)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has yet to collect it.
    with open(f"/proc/{pid}/stat") as file:
        return file.read().rsplit(")", 1)[1].split()[0] != "Z"


def pty_size(pid: int) -> tuple[int, int]:
    """(columns, rows) of the pseudo-terminal a process has on stdin."""
    device = os.readlink(f"/proc/{pid}/fd/0")
    fd = os.open(device, os.O_RDONLY | os.O_NOCTTY)
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    finally:
        os.close(fd)
    return columns, rows


async def wait_until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


def test_authorized_key_sees_the_app_and_quits(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> int | None:
        async with await connect(server.port, keys["client"]) as conn:
            process = await open_app(conn)
            await read_until(process.stdout, LIBRARY_MARKER)
            return await quit_app(process)

    assert run(scenario()) == 0
    fp = re.escape(fingerprint(keys["client"]))
    server.wait_for(rf"connect 127\.0\.0\.1:\d+ user analyst key {fp}$", start)
    server.wait_for(
        rf"session \d+ start 127\.0\.0\.1:\d+ key {fp} pid \d+ "
        r"term xterm-256color 80x24",
        start,
    )
    server.wait_for(rf"session \d+ end 127\.0\.0\.1:\d+ key {fp} pid \d+ exit 0", start)
    server.wait_for(rf"disconnect 127\.0\.0\.1:\d+ user analyst key {fp}", start)


def test_session_runs_served_app_on_its_own_pty_following_the_window(
    server: Server, keys: dict
) -> None:
    start = server.mark()

    async def scenario() -> None:
        async with await connect(server.port, keys["client"]) as conn:
            process = await open_app(conn, size=(80, 24))
            pid = await asyncio.to_thread(session_pid, server, keys["client"], start)
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            assert b"--served" in command
            assert command[command.index(b"--exports") + 1] == str(server.exports).encode()
            environ = dict(
                item.split(b"=", 1)
                for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                if b"=" in item
            )
            assert environ[b"TERM"] == b"xterm-256color"
            # COLUMNS/LINES would pin the app's size and defeat resizing.
            assert b"COLUMNS" not in environ and b"LINES" not in environ
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            session_id, tty_nr = int(fields[3]), int(fields[4])
            assert session_id == pid and tty_nr != 0  # session leader with a controlling tty
            assert os.readlink(f"/proc/{pid}/cwd") == str(server.exports)
            assert pty_size(pid) == (80, 24)
            process.change_terminal_size(120, 40)
            await wait_until(lambda: pty_size(pid) == (120, 40))
            # The app redraws for the new size (SIGWINCH reached it).
            await read_until(process.stdout, APP_MARKER, timeout=20)
            assert await quit_app(process) == 0

    run(scenario())


def test_unknown_key_is_refused_and_logged(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> None:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, keys["stranger"])

    run(scenario())
    server.wait_for(
        r"refused 127\.0\.0\.1:\d+ user analyst: not authenticated "
        rf"\(keys offered: {re.escape(fingerprint(keys['stranger']))}\)",
        start,
    )
    assert server.find(r"^\S+ workbench serve: connect ", start) is None


def test_password_and_keyboard_interactive_are_refused(server: Server) -> None:
    start = server.mark()

    async def scenario() -> None:
        for method in ("password", "keyboard-interactive"):
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(server.port, None, password="analyst", preferred_auth=method)

    run(scenario())
    server.wait_for(
        r"refused 127\.0\.0\.1:\d+ user analyst: not authenticated "
        r"\(keys offered: none\)",
        start,
    )


def test_commands_and_sessions_without_a_terminal_are_refused(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> None:
        async with await connect(server.port, keys["client"]) as conn:
            for term_type in ("xterm", None):
                result = await conn.run("cat /etc/passwd", term_type=term_type, timeout=20)
                assert result.exit_status == 1
                assert "commands are not allowed" in result.stderr
                assert "root:" not in result.stdout
            result = await conn.run(timeout=20)  # a shell request without a pty
            assert result.exit_status == 1
            assert result.stderr.strip() == (
                "workbench: needs a terminal; connect with `ssh -t` (a pseudo-terminal is required)"
            )
            result = await conn.run(subsystem="backdoor", timeout=20)
            assert result.exit_status == 1

    run(scenario())
    assert server.find(r"session \d+ start", start) is None
    server.wait_for(r"refused .* commands are not allowed .* \[cat /etc/passwd\]$", start)
    server.wait_for(r"refused .* needs a terminal", start)


def test_forwarding_and_file_transfer_are_refused(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> None:
        async with await connect(server.port, keys["client"]) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_connection("127.0.0.1", server.port)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
            with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
                await conn.start_sftp_client()

    run(scenario())
    server.wait_for(r"refused .* port forwarding to 127\.0\.0\.1", start)
    server.wait_for(r"refused .* remote port forwarding", start)


def test_two_clients_get_their_own_sessions_and_a_dropped_one_disturbs_none(
    server: Server, keys: dict
) -> None:
    start = server.mark()

    async def scenario() -> None:
        first = await connect(server.port, keys["client"])
        second = await connect(server.port, keys["client"])
        try:
            staying = await open_app(second)
            await open_app(first)
            await wait_until(lambda: len(started_pids(server, start)) == 2, LOG_TIMEOUT)
            pids = started_pids(server, start)
            assert pids[0] != pids[1]
            dropped_pid = pids[1]  # the first client's app started second
            first.abort()  # the client vanishes mid-session
            await server.await_log(
                rf"session \d+ end \S+ key \S+ pid {dropped_pid} client gone", start
            )
            assert not alive(dropped_pid)
            # The other session still answers: it redraws on resize and quits normally.
            staying.change_terminal_size(100, 30)
            await read_until(staying.stdout, APP_MARKER, timeout=20)
            assert alive(pids[0])
            assert await quit_app(staying) == 0
        finally:
            first.close()
            second.close()

    run(scenario())


def test_beyond_max_sessions_a_new_user_is_refused(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> None:
        async with await connect(server.port, keys["client"]) as conn:
            apps = [await open_app(conn), await open_app(conn)]
            extra = await conn.create_process(term_type="xterm", term_size=(80, 24))
            result = await asyncio.wait_for(extra.wait(), 20)
            assert result.exit_status == 1
            assert "all 2 sessions are in use" in result.stderr
            for app in apps:
                assert await quit_app(app) == 0
            # Once sessions end, a new user gets in again.
            assert await quit_app(await open_app(conn)) == 0

    run(scenario())
    server.wait_for(r"refused .* all 2 sessions are in use", start)


@pytest.mark.skipif(shutil.which("ssh") is None, reason="the OpenSSH client is not installed")
def test_openssh_client_gets_the_app_and_commands_are_refused(server: Server, keys: dict) -> None:
    base = [
        "ssh",
        "-F",
        "/dev/null",
        "-i",
        str(keys["dir"] / "client"),
        "-p",
        str(server.port),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "LogLevel=ERROR",
        "-l",
        "analyst",
    ]
    env = {**os.environ, "TERM": "xterm"}
    client = subprocess.Popen(
        [*base, "-tt", "127.0.0.1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        screen = _read_fd_until(client.stdout.fileno(), LIBRARY_MARKER, SCREEN_TIMEOUT)
        assert APP_MARKER in screen_text(screen)
        client.stdin.write(b"q")
        client.stdin.flush()
        assert client.wait(timeout=30) == 0
    finally:
        if client.poll() is None:
            client.kill()
        client.wait()
        for stream in (client.stdin, client.stdout, client.stderr):
            stream.close()
    refused = subprocess.run(
        [*base, "127.0.0.1", "id"],
        capture_output=True,
        timeout=30,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert refused.returncode == 1
    assert b"commands are not allowed" in refused.stderr
    refused = subprocess.run(
        [*base, "-T", "127.0.0.1"],
        capture_output=True,
        timeout=30,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert refused.returncode == 1
    assert b"needs a terminal" in refused.stderr
    if shutil.which("scp"):
        copy = keys["dir"] / "copied"
        scp = [
            "scp",
            "-F",
            "/dev/null",
            "-i",
            str(keys["dir"] / "client"),
            "-P",
            str(server.port),
            *base[7:-2],
        ]
        for mode in ([], ["-O"]):  # over SFTP, then the legacy scp protocol (a command)
            result = subprocess.run(
                [*scp, *mode, "analyst@127.0.0.1:/etc/hostname", str(copy)],
                capture_output=True,
                timeout=30,
                env=env,
                stdin=subprocess.DEVNULL,
            )
            assert result.returncode != 0 and not copy.exists()
        server.wait_for(r"refused .* commands are not allowed .* \[scp -f /etc/hostname\]$")


def _read_fd_until(fd: int, marker: bytes, timeout: float) -> bytes:
    import selectors

    buffer = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while marker not in screen_text(buffer):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise AssertionError(f"no {marker!r} in time: {buffer[-400:]!r}")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"output ended before {marker!r}: {buffer[-400:]!r}")
            buffer += chunk
    return buffer


def test_generated_host_key_is_kept_and_sigterm_stops_cleanly(keys: dict, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    args = ["--authorized-keys", str(keys["authorized"]), "--exports", str(tmp_path / "out")]
    srv = Server(args, env=env)
    try:
        host_key = tmp_path / "data" / "workbench" / "ssh_host_ed25519_key"
        srv.wait_for(r"generated host key " + re.escape(str(host_key)))
        assert stat.S_IMODE(host_key.stat().st_mode) == 0o600
        fp = asyncssh.read_private_key(str(host_key)).get_fingerprint("sha256")
        assert srv.find(re.escape(fp))

        async def scenario() -> int:
            async with await connect(srv.port, keys["client"]) as conn:
                process = await open_app(conn)
                pid = await asyncio.to_thread(session_pid, srv, keys["client"], 0)
                await read_until(process.stdout, APP_MARKER, timeout=30)
                srv.proc.send_signal(signal.SIGTERM)
                result = await asyncio.wait_for(process.wait(), 30)
                # The app quit as on a hang-up, putting the terminal back, and the user is told.
                assert result.exit_status == 128 + signal.SIGHUP
                assert b"\x1b[?1049l" in result.stdout  # the app's screen left
                assert b"the session's app ended (the server is stopping)" in result.stdout
                return pid

        pid = run(scenario())
        assert srv.proc.wait(timeout=20) == 0
        assert not alive(pid)
        srv.wait_for(r"stopping: 1 session\(s\) open")
        srv.wait_for(r"stopped$")
    finally:
        srv.stop()
    # The next start finds the same key instead of making a new one.
    again = Server(args, env=env)
    try:
        again.wait_for(re.escape(fp))
        assert again.find("generated host key") is None
    finally:
        assert again.stop() == 0


def test_serve_reports_bad_options_in_one_line(keys: dict, tmp_path: Path, capsys) -> None:
    assert main(["serve", "--ssh", "--authorized-keys", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"workbench: error: authorized keys {tmp_path / 'missing'}: no such file"
    )
    (tmp_path / "empty_keys").write_text("# nobody yet\n")
    assert main(["serve", "--ssh", "--authorized-keys", str(tmp_path / "empty_keys")]) == 2
    assert "authorized keys" in capsys.readouterr().err
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert (
        main(
            [
                "serve",
                "--ssh",
                "--authorized-keys",
                str(keys["authorized"]),
                "--corpus",
                str(corpus),
                "--exports",
                str(corpus / "out"),
            ]
        )
        == 2
    )
    assert "inside the corpus" in capsys.readouterr().err
    assert not (corpus / "out").exists()  # refused before anything was made
    assert (
        main(
            [
                "serve",
                "--ssh",
                "--authorized-keys",
                str(keys["authorized"]),
                "--host-key",
                str(tmp_path / "nokey"),
                "--exports",
                str(tmp_path / "e"),
            ]
        )
        == 2
    )
    assert "no such file" in capsys.readouterr().err


def test_exports_default_beside_the_corpus_and_child_command(keys: dict, tmp_path: Path) -> None:
    corpus = tmp_path / "stories"
    corpus.mkdir()
    assert default_exports_dir(corpus) == tmp_path / "exports"
    assert default_exports_dir(None, cwd=tmp_path) == tmp_path / "exports"
    config = prepare_config(
        host="127.0.0.1",
        port=0,
        authorized_keys=keys["authorized"],
        host_key=keys["host"],
        workspace=WorkspaceOptions(corpus=corpus),
        exports=None,
        max_sessions=1,
    )
    assert config.exports == tmp_path / "exports" and config.exports.is_dir()
    command = child_command(config)
    assert command[1:5] == ["-m", "workbench.serve.child", "open", f"--corpus={corpus}"]
    assert command[-3:] == ["--served", "--exports", str(tmp_path / "exports")]


def test_keys_others_can_read_or_change_are_warned_of(keys: dict, tmp_path: Path) -> None:
    host, authorized = tmp_path / "host", tmp_path / "authorized"
    host.write_bytes(keys["host"].read_bytes())
    authorized.write_bytes(keys["authorized"].read_bytes())
    host.chmod(0o600)
    authorized.chmod(0o644)
    config = ServeConfig(
        host="127.0.0.1",
        port=0,
        authorized_keys=authorized,
        host_key=host,
        workspace=WorkspaceOptions(),
        exports=tmp_path,
        max_sessions=1,
    )
    assert loose_permissions(config) == []
    host.chmod(0o644)
    authorized.chmod(0o666)
    assert loose_permissions(config) == [
        f"host key {host} can be read by others (chmod 600 it)",
        f"authorized keys {authorized} can be changed by others (chmod go-w it)",
    ]


def test_client_text_cannot_forge_log_lines() -> None:
    assert printable("alice\n2026-01-01 workbench serve: connect") == (
        "alice\\n2026-01-01 workbench serve: connect"
    )
    assert printable("x" * 200).endswith("…") and len(printable("x" * 200)) == 80


def test_child_environment_takes_only_harmless_client_variables() -> None:
    env = child_environment(
        {"PATH": "/usr/bin", "DISPLAY": ":0", "COLUMNS": "200", "TEXTUAL_DRIVER": "x"},
        "xterm",
        {
            "LANG": "de_DE.UTF-8",
            "LC_ALL": "C",
            "PYTHONPATH": "/tmp/evil",
            "LD_PRELOAD": "/tmp/evil.so",
            "TERM": "vt52",
        },
    )
    assert env == {"PATH": "/usr/bin", "LANG": "de_DE.UTF-8", "LC_ALL": "C", "TERM": "xterm"}


def test_a_crashing_app_ends_only_its_own_session(server: Server, keys: dict) -> None:
    start = server.mark()

    async def scenario() -> None:
        async with (
            await connect(server.port, keys["client"]) as one,
            await connect(server.port, keys["client"]) as other,
        ):
            crashing = await open_app(one)
            staying = await open_app(other)
            await wait_until(lambda: len(started_pids(server, start)) == 2, LOG_TIMEOUT)
            crashing_pid, staying_pid = started_pids(server, start)
            os.kill(crashing_pid, signal.SIGKILL)
            result = await asyncio.wait_for(crashing.wait(), 20)
            assert result.exit_status == 128 + signal.SIGKILL
            # The server turned off what the app had turned on in the terminal, and said why.
            assert result.stdout.endswith(
                f"{TERMINAL_RESET}\r\nworkbench: the session's app ended "
                "(killed by SIGKILL)\r\n".encode()
            )
            await server.await_log(rf"pid {crashing_pid} killed by SIGKILL", start)
            assert alive(staying_pid)
            staying.change_terminal_size(90, 30)
            await read_until(staying.stdout, APP_MARKER, timeout=20)
            assert await quit_app(staying) == 0

    run(scenario())


def test_a_connection_that_asks_for_no_session_is_closed(
    keys: dict, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = prepare_config(
        host="127.0.0.1",
        port=0,
        authorized_keys=keys["authorized"],
        host_key=keys["host"],
        exports=tmp_path / "out",
        max_sessions=1,
    )

    async def scenario() -> None:
        server = WorkbenchServer(
            config, asyncssh.read_private_key(str(keys["host"])), idle_seconds=0.3
        )
        await server.start()
        try:
            conn = await connect(server.port, keys["client"])
            await asyncio.wait_for(conn.wait_closed(), 10)
        finally:
            await server.stop()

    logger = logging.getLogger("workbench.serve")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level("INFO", logger="workbench.serve"):
            run(scenario())
    finally:
        logger.removeHandler(caplog.handler)
    assert "no session requested in 0.3s" in caplog.text


def test_serve_listens_on_loopback_unless_told_otherwise() -> None:
    args = build_parser().parse_args(["serve", "--ssh", "--authorized-keys", "keys"])
    assert (args.host, args.port, args.max_sessions) == ("127.0.0.1", 2222, 8)


def test_a_served_session_is_named_by_its_key_comment(keys: dict, tmp_path: Path) -> None:
    from workbench.serve.ssh import key_names

    names = key_names(keys["authorized"])
    client = keys["client"]
    assert names == {client.get_fingerprint("sha256"): "analyst"}
    bare = tmp_path / "authorized_keys"
    line = client.export_public_key().decode().split()
    bare.write_text(f'from="127.0.0.1",no-pty {line[0]} {line[1]}\n# a comment line\n')
    assert key_names(bare) == {}  # no comment: the session is named by the fingerprint
    assert key_names(tmp_path / "missing") == {}


def _small_corpus(root: Path) -> Path:
    corpus = root / "stories"
    corpus.mkdir()
    for name, place in (("a.txt", "Geneva"), ("b.txt", "Vienna")):
        (corpus / name).write_text(
            f"Talks resume\n\nThe talks resumed in {place} on Monday after a long pause. "
            "Both sides said that some progress was made on the first day.\n",
            encoding="utf-8",
        )
    return corpus


def _served(keys: dict, monkeypatch: pytest.MonkeyPatch, *args: str) -> ServeConfig:
    """The config `workbench serve --ssh ... ARGS` starts its server with."""
    configs: list[ServeConfig] = []
    monkeypatch.setattr(
        "workbench.serve.ssh.run_server", lambda config: configs.append(config) or 0
    )
    main(["serve", "--ssh", "--authorized-keys", str(keys["authorized"]), *args])
    (config,) = configs
    return config


def test_workspace_arguments_give_back_every_workspace_option(tmp_path: Path) -> None:
    options = WorkspaceOptions(
        corpus=tmp_path / "corpus",
        themes=tmp_path / "themes.toml",
        cache_root=tmp_path / "cache",
        data_root=tmp_path / "data",
        use_cache=False,
        settings=Settings(align_threshold=61.5, table_align_threshold=61.5),
        reading=ReadPolicy(follow_symlinks=True, max_file_bytes=3 * 2**19),
    )
    arguments = workspace_arguments(options)
    assert workspace_options(parse_arguments(["open", *arguments])) == options
    # An option added to the shared definitions and not handed on to sessions fails here.
    reference = argparse.ArgumentParser(add_help=False)
    add_workspace_arguments(reference)
    flags = {action.option_strings[0] for action in reference._actions}
    assert {argument.split("=")[0] for argument in arguments} == flags
    assert workspace_arguments(WorkspaceOptions()) == []
    with pytest.raises(ValueError):
        workspace_arguments(WorkspaceOptions().with_settings(theme_threshold=70.0))


def test_serve_hands_each_session_the_workspace_options(
    keys: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path.resolve()
    _small_corpus(root)
    monkeypatch.chdir(root)
    given = ["--corpus", "stories", "--data", "team/data", "--cache", "team/cache"]
    given += ["--min-score", "60", "--follow-symlinks", "--max-file-size", "5"]
    config = _served(keys, monkeypatch, *given, "--exports", "out")
    assert (root / "team" / "data").is_dir() and (root / "team" / "cache").is_dir()
    command = child_command(config)
    assert f"--data={root / 'team' / 'data'}" in command
    assert f"--cache={root / 'team' / 'cache'}" in command
    assert command[-3:] == ["--served", "--exports", str(root / "out")]
    # The session reads its command line in the exports dir, and opens the workspace that
    # `workbench --corpus X --data D --cache C ...` opens where the server was started.
    monkeypatch.chdir(root / "out")
    session = parse_arguments(command[3:])
    assert (session.command, session.served) == ("open", True)
    opened = workspace_options(session)
    absolute = ["--corpus", str(root / "stories"), "--data", str(root / "team" / "data")]
    absolute += ["--cache", str(root / "team" / "cache"), *given[6:]]
    assert opened == workspace_options(parse_arguments(absolute))
    assert opened.settings.align_threshold == 60 and opened.reading.follow_symlinks
    monkeypatch.chdir(root)
    no_cache = _served(keys, monkeypatch, "--corpus", "stories", "--no-cache", "--exports", "out")
    assert "--no-cache" in child_command(no_cache)


def test_a_session_keeps_labels_in_the_data_folder_and_the_index_in_the_cache(
    keys: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.store.index import cache_dir_for
    from workbench.store.labels import PairKey, labels_dir_for
    from workbench.workspace import Workspace

    corpus = _small_corpus(tmp_path)
    data, cache = tmp_path / "shared" / "data", tmp_path / "shared" / "cache"
    config = _served(
        keys,
        monkeypatch,
        *("--corpus", str(corpus), "--data", str(data), "--cache", str(cache)),
        *("--exports", str(tmp_path / "out")),
    )
    session = workspace_options(parse_arguments(child_command(config)[3:]))
    workspace = Workspace.open(session)
    assert sorted(workspace.table("articles")["article_id"].to_list()) == ["a", "b"]
    workspace.labels.set(PairKey.of("a", "0" * 16, "b", "1" * 16), "same")
    assert (labels_dir_for(corpus, data) / "labels.sqlite").is_file()
    assert any(cache_dir_for(corpus, cache).iterdir())
    # Nothing of this corpus went to the platform's data or cache dirs.
    assert not labels_dir_for(corpus).exists() and not cache_dir_for(corpus).exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--data", "file", "data {root}/file: not a directory"),
        ("--cache", "file", "cache {root}/file: not a directory"),
        ("--data", "stories/labels", "data {root}/stories/labels: inside the corpus"),
        ("--cache", "stories/index", "is inside the corpus directory {root}/stories"),
        ("--corpus", "missing", "corpus missing: not a directory nor an archive file"),
        ("--min-score", "200", "--min-score 200 is not between 0 and 100"),
    ],
)
def test_serve_reports_a_bad_workspace_option_in_one_line(
    keys: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    root = tmp_path.resolve()
    corpus = _small_corpus(root)
    (root / "file").write_text("not a folder\n")
    monkeypatch.chdir(root)
    args = ["--corpus", "stories", option, value, "--exports", "out"]
    assert main(["serve", "--ssh", "--authorized-keys", str(keys["authorized"]), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench: error: ") and err.count("\n") == 1
    assert message.format(root=root) in err
    assert sorted(path.name for path in corpus.iterdir()) == ["a.txt", "b.txt"]


def test_a_served_session_runs_with_the_servers_data_and_cache(keys: dict, tmp_path: Path) -> None:
    from workbench.store.index import cache_dir_for

    corpus = _small_corpus(tmp_path)
    data, cache = tmp_path / "data", tmp_path / "cache"
    srv = Server(
        [
            *("--authorized-keys", str(keys["authorized"]), "--host-key", str(keys["host"])),
            *("--corpus", str(corpus), "--data", str(data), "--cache", str(cache)),
            *("--exports", str(tmp_path / "out")),
        ]
    )
    try:
        srv.wait_for(rf"data {re.escape(str(data))} cache {re.escape(str(cache))} ")
        start = srv.mark()

        async def scenario() -> int | None:
            async with await connect(srv.port, keys["client"]) as conn:
                process = await open_app(conn)
                pid = await asyncio.to_thread(session_pid, srv, keys["client"], start)
                command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
                assert f"--data={data}" in command and f"--cache={cache}" in command
                await wait_until(lambda: cache_dir_for(corpus, cache).is_dir(), SCREEN_TIMEOUT)
                return await quit_app(process)

        assert run(scenario()) == 0
    finally:
        assert srv.stop() == 0
