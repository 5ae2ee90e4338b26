"""The built-in SSH server: every connecting user gets their own workbench on a pseudo-terminal.

One child process per session (``python -m workbench.serve.child open ... --served``) runs on its
own pty, so a crash or a hang in one session touches no other. The SSH channel is bridged to the
pty master with asyncssh's ``redirect``, which also applies the client's window-size changes to
the pty (the kernel then sends the child SIGWINCH). Only public-key authentication is offered;
commands, subsystems, forwarding of ports, agents and X11, and SFTP/SCP are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import pty
import re
import signal
import struct
import sys
import termios
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

with warnings.catch_warnings():
    # asyncssh names DSA keys, which newer cryptography releases deprecate: ten lines of
    # warnings before every start or one-line error, about a key type the server never offers.
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    import asyncssh
    from asyncssh.sftp import MIN_SFTP_VERSION

from workbench.corpus.archive import is_archive
from workbench.errors import WorkbenchError
from workbench.paths import bundled_corpus_dir, inside_corpus
from workbench.store.labels import USER_ENV
from workbench.terminal_signals import TERMINAL_RESET

if TYPE_CHECKING:
    from workbench.options import WorkspaceOptions

log = logging.getLogger("workbench.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"
DEFAULT_SIZE = (80, 24)
# A window larger than this is served at this size: a client asking for 10000×10000 would
# otherwise have the app lay out and draw a hundred million cells on every frame.
MAX_COLUMNS, MAX_ROWS = 500, 200
MAX_PIXELS = 16384
STOP_GRACE_SECONDS = 3.0
LOGIN_TIMEOUT_SECONDS = 30
IDLE_CONNECTION_SECONDS = 30
# A client that stops answering (suspended, cut off) is dropped after at most
# KEEPALIVE_SECONDS × (KEEPALIVE_COUNT_MAX + 1) = 24 s of silence, and its session slot freed.
KEEPALIVE_SECONDS = 8
KEEPALIVE_COUNT_MAX = 2
# Each rejected key costs its sender this long, and a connection may offer this many at most.
AUTH_FAILURE_DELAY_SECONDS = 1.0
MAX_AUTH_ATTEMPTS = 6
# Per client address: connections not yet logged in at once, and failed connections in a window
# after which the address is refused until the window has passed.
MAX_PENDING_PER_ADDRESS = 10
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW_SECONDS = 60.0
# TERM reaches the app's environment and terminfo look-ups: a name, nothing else.
SAFE_TERM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")
FALLBACK_TERM = "xterm-256color"

# Variables of the server's environment that would mislead a session's app: a desktop that is not
# the user's, the server's own terminal, or sizes that would override the pty's real size
# (shutil.get_terminal_size prefers COLUMNS/LINES over the terminal, which would freeze resizes).
_DROPPED_ENV = frozenset(
    {
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "SSH_AUTH_SOCK",
        "SSH_CONNECTION",
        "SSH_CLIENT",
        "SSH_TTY",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "TERM_PROGRAM",
        "TERM_PROGRAM_VERSION",
        "TMUX",
        "STY",
        "COLUMNS",
        "LINES",
        "WINDOWID",
    }
)
# What the server never offers: logins other than by public key, and forwarding of anything.
_REFUSED_FEATURES = dict.fromkeys(
    (
        "password_auth",
        "kbdint_auth",
        "host_based_auth",
        "gss_kex",
        "gss_auth",
        "agent_forwarding",
        "x11_forwarding",
    ),
    False,
)
# What a client may set for its own session (as OpenSSH's AcceptEnv LANG LC_*): nothing that
# changes which code runs (PYTHONPATH, LD_PRELOAD, ...) ever passes.
_CLIENT_ENV = re.compile(r"^(LANG|LANGUAGE|LC_[A-Z]+|NO_COLOR|COLORTERM|TZ)$")


@dataclass(frozen=True)
class ServeConfig:
    """Everything the server needs, validated by ``prepare_config``."""

    host: str
    port: int
    authorized_keys: Path
    host_key: Path
    workspace: WorkspaceOptions  # what every session opens; its paths absolute
    exports: Path
    max_sessions: int


def default_host_key_path() -> Path:
    """Where the generated host key is kept: the user's data dir for workbench."""
    import platformdirs

    return platformdirs.user_data_path("workbench") / HOST_KEY_NAME


def default_exports_dir(corpus: Path | None, cwd: Path | None = None) -> Path:
    """``exports/`` beside the corpus; for the bundled corpus, ``exports/`` in the current dir."""
    if corpus is None:
        return (cwd or Path.cwd()) / "exports"
    return corpus.resolve().parent / "exports"


def key_names(path: Path) -> dict[str, str]:
    """The comment of each key of an ``authorized_keys`` file, by SHA256 fingerprint (reads it).

    The comment ("ana@laptop") names who labels pairs in a served session; a key without one
    is named by its fingerprint.
    """
    names: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return names
    for line in lines:
        words = line.split()
        for index, word in enumerate(words):
            if word.startswith(("ssh-", "ecdsa-", "sk-")) and index + 1 < len(words):
                try:
                    key = asyncssh.import_public_key(f"{word} {words[index + 1]}")
                except (ValueError, asyncssh.KeyImportError):
                    break
                comment = printable(" ".join(words[index + 2 :]))[:100]
                if comment:
                    names[key.get_fingerprint("sha256")] = comment
                break
    return names


def read_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    """Parse an OpenSSH ``authorized_keys`` file; WorkbenchError if unreadable or keyless."""
    try:
        return asyncssh.read_authorized_keys(str(path))
    except FileNotFoundError:
        raise WorkbenchError(f"authorized keys {path}: no such file") from None
    except OSError as error:
        raise WorkbenchError(f"authorized keys {path}: {error.strerror}") from None
    except (ValueError, asyncssh.KeyImportError) as error:
        raise WorkbenchError(f"authorized keys {path}: {error}") from None


def load_or_create_host_key(path: Path, create: bool) -> asyncssh.SSHKey:
    """Read the host key at ``path``; if absent and ``create``, generate one (mode 0600)."""
    if path.exists():
        try:
            key = asyncssh.read_private_key(str(path))
        except (OSError, ValueError, asyncssh.KeyImportError) as error:
            raise WorkbenchError(f"host key {path}: {error}") from None
        if create and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return key
    if not create:
        raise WorkbenchError(
            f"host key {path}: no such file (leave out --host-key to have one generated)"
        )
    key = asyncssh.generate_private_key("ssh-ed25519", comment="workbench host key")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_private(path, key.export_private_key())
        _write_private(path.with_name(path.name + ".pub"), key.export_public_key(), mode=0o644)
    except OSError as error:
        raise WorkbenchError(f"host key {path}: cannot write it: {error.strerror}") from None
    return key


def _write_private(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file created with ``mode`` from the start."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prepare_config(
    *,
    host: str,
    port: int,
    authorized_keys: Path,
    host_key: Path | None,
    workspace: WorkspaceOptions | None = None,
    exports: Path | None,
    max_sessions: int,
) -> ServeConfig:
    """Check the serve options and create what is missing (exports, data, cache dirs), or fail."""
    if not 0 <= port <= 65535:
        raise WorkbenchError(f"--port {port}: not a TCP port")
    if max_sessions < 1:
        raise WorkbenchError(f"--max-sessions {max_sessions}: must be at least 1")
    read_authorized_keys(authorized_keys)
    if host_key is not None:
        load_or_create_host_key(host_key, create=False)
    corpus = _corpus_of(workspace)
    exports = (exports or default_exports_dir(corpus)).absolute()
    if inside_corpus(exports, corpus or bundled_corpus_dir()):  # said before anything is made
        raise WorkbenchError(
            f"exports {exports.resolve()}: inside the corpus, which is never written to"
        )
    workspace = session_workspace(workspace)
    try:
        exports.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkbenchError(
            f"exports {exports}: cannot create it ({error.strerror}); give --exports DIR"
        ) from None
    exports = exports.resolve()
    return ServeConfig(
        host=host,
        port=port,
        authorized_keys=authorized_keys.resolve(),
        host_key=(host_key or default_host_key_path()).absolute(),
        workspace=workspace,
        exports=exports,
        max_sessions=max_sessions,
    )


def _corpus_of(options: WorkspaceOptions | None) -> Path | None:
    """The corpus the options name, resolved (None: the bundled one); WorkbenchError if it is
    neither a folder nor an archive file."""
    corpus = options.corpus if options is not None else None
    if corpus is None:
        return None
    if not Path(corpus).is_dir() and not is_archive(Path(corpus)):
        raise WorkbenchError(f"corpus {corpus}: not a directory nor an archive file")
    return Path(corpus).resolve()


def session_workspace(options: WorkspaceOptions | None) -> WorkspaceOptions:
    """The workspace every session opens: checked, its data and cache dirs created, or fail.

    Its paths are made absolute, since a session runs in the exports dir. A bad path is a
    WorkbenchError, as it is for every command.
    """
    from workbench.cli.options import workspace_arguments
    from workbench.options import WorkspaceOptions
    from workbench.store.index import cache_dir_for, check_cache_location

    options = options or WorkspaceOptions()
    corpus, themes = _corpus_of(options), options.themes
    if themes is not None:
        if not Path(themes).is_file():
            raise WorkbenchError(f"themes {themes}: no such file")
        themes = Path(themes).resolve()
    corpus_root = (corpus or bundled_corpus_dir()).resolve()
    cache, data = options.cache_root, options.data_root
    cache = Path(cache).resolve() if cache is not None else None
    data = Path(data).resolve() if data is not None else None
    # Every check before any folder is made: a refused start leaves nothing behind.
    if cache is not None and options.use_cache:
        check_cache_location(cache_dir_for(corpus_root, cache), corpus_root)
    if data is not None and inside_corpus(data, corpus_root):
        raise WorkbenchError(f"data {data}: inside the corpus, which is never written to")
    if cache is not None and options.use_cache:
        _make_folder(cache, "cache")
    if data is not None:
        _make_folder(data, "data")
    options = replace(options, corpus=corpus, themes=themes, cache_root=cache, data_root=data)
    workspace_arguments(options)  # options no session's command line can carry fail here
    return options


def _make_folder(path: Path, what: str) -> None:
    """Create the folder ``path`` unless it is there; WorkbenchError if it cannot be one."""
    if path.exists() and not path.is_dir():
        raise WorkbenchError(f"{what} {path}: not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkbenchError(f"{what} {path}: cannot create it ({error.strerror})") from None


def child_command(config: ServeConfig) -> list[str]:
    """The command line of one session's app: ``open`` with the served workspace's options."""
    from workbench.cli.options import workspace_arguments

    command = [sys.executable, "-m", "workbench.serve.child", "open"]
    command += workspace_arguments(config.workspace)
    return [*command, "--served", "--exports", str(config.exports)]


def child_environment(
    base: dict[str, str],
    term_type: str,
    client_env: dict[str, str],
) -> dict[str, str]:
    """The environment of one session's app: the server's, cleaned, with the client's TERM."""
    env = {
        name: value
        for name, value in base.items()
        if name not in _DROPPED_ENV and not name.startswith("TEXTUAL")
    }
    for name, value in client_env.items():
        if _CLIENT_ENV.match(name) and "\0" not in value and len(value) <= 256:
            env[name] = value
    env["TERM"] = safe_term(term_type)
    return env


def safe_term(term_type: str | None) -> str:
    """The client's terminal type if it is a plain name, else ``xterm-256color``."""
    if term_type and SAFE_TERM.fullmatch(term_type):
        return term_type
    return FALLBACK_TERM


def cap_window(
    columns: int, rows: int, xpixels: int = 0, ypixels: int = 0
) -> tuple[int, int, int, int]:
    """A client's window size bounded to what a session serves (MAX_COLUMNS × MAX_ROWS)."""
    return (
        max(0, min(columns, MAX_COLUMNS)),
        max(0, min(rows, MAX_ROWS)),
        max(0, min(xpixels, MAX_PIXELS)),
        max(0, min(ypixels, MAX_PIXELS)),
    )


def set_pty_size(fd: int, columns: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
    """Set the window size of the pseudo-terminal open on ``fd``."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, xpixels, ypixels))


def printable(text: str, limit: int = 80) -> str:
    """Client-supplied text made safe for a one-line log: escapes for controls, bounded length."""
    cleaned = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _format_peer(conn: asyncssh.SSHServerConnection) -> str:
    """``host:port`` of the client (``[host]:port`` for IPv6)."""
    peer = conn.get_extra_info("peername") or ("?", 0)
    host, port = peer[0], peer[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class _SessionProcess(asyncssh.SSHServerProcess):
    """A session whose window size, as the app and its pty see it, is capped."""

    @property
    def term_size(self) -> tuple[int, int, int, int]:
        """The client's window size, capped (asyncssh sizes the redirected pty from this)."""
        return cap_window(*super().term_size)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """A resize from the client, capped before it reaches the pty."""
        super().terminal_size_changed(*cap_window(width, height, pixwidth, pixheight))


class AddressGuard:
    """Per client address: how many connections may wait to log in, and how many may fail."""

    def __init__(
        self,
        max_pending: int = MAX_PENDING_PER_ADDRESS,
        max_failures: int = MAX_FAILURES_PER_ADDRESS,
        window: float = FAILURE_WINDOW_SECONDS,
    ) -> None:
        self.max_pending = max_pending
        self.max_failures = max_failures
        self.window = window
        self._pending: dict[str, int] = {}
        self._failures: dict[str, list[float]] = {}

    def _recent_failures(self, address: str) -> list[float]:
        horizon = time.monotonic() - self.window
        recent = [t for t in self._failures.get(address, []) if t > horizon]
        if recent:
            self._failures[address] = recent
        else:
            self._failures.pop(address, None)
        return recent

    def admit(self, address: str) -> str | None:
        """Why a new connection from ``address`` is refused, or None (then it is counted)."""
        if len(self._recent_failures(address)) >= self.max_failures:
            return (
                f"too many failed logins from {address} (at least {self.max_failures} "
                f"in {self.window:g}s); try later"
            )
        if self._pending.get(address, 0) >= self.max_pending:
            return f"{self.max_pending} connections from {address} are already logging in"
        self._pending[address] = self._pending.get(address, 0) + 1
        return None

    def settle(self, address: str, logged_in: bool) -> None:
        """An admitted connection has logged in, or ended without doing so (a failure)."""
        left = self._pending.get(address, 0) - 1
        if left > 0:
            self._pending[address] = left
        else:
            self._pending.pop(address, None)
        if not logged_in:
            self._failures.setdefault(address, []).append(time.monotonic())


@dataclass
class _Session:
    """One running session: who it serves and its app process."""

    number: int
    peer: str
    key: str
    who: str = ""  # the key's comment in authorized_keys, else its fingerprint
    started: float = field(default_factory=time.monotonic)
    child: asyncio.subprocess.Process | None = None


class _Connection(asyncssh.SSHServer):
    """One client connection: authentication, logging, refusal of everything but sessions."""

    def __init__(self, server: WorkbenchServer) -> None:
        self._server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer = "?"
        self.username = ""
        self.key = ""
        self.offered: list[str] = []
        self.had_session = False
        self.address = ""
        self.admitted = False
        self.refused = False
        self._authorized: asyncssh.SSHAuthorizedKeys | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.peer = _format_peer(conn)
        self.address = str((conn.get_extra_info("peername") or ("?",))[0])
        refusal = self._server.guard.admit(self.address)
        if refusal is not None:
            self.refused = True
            self._server.note_refusal(self.address, self.peer, refusal)
            conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, "too many connections or failures")
            return
        self.admitted = True

    def _settle(self, logged_in: bool) -> None:
        if self.admitted:
            self.admitted = False
            self._server.guard.settle(self.address, logged_in)

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.forget(self)
        self._settle(logged_in=False)
        if self.refused:
            return
        reason = f" ({printable(str(exc), 120)})" if exc else ""
        if self.key:
            log.info("disconnect %s user %s key %s%s", self.peer, self.username, self.key, reason)
        else:
            offered = ", ".join(dict.fromkeys(self.offered)) or "none"
            log.info(
                "refused %s user %s: not authenticated (keys offered: %s)%s",
                self.peer,
                self.username or "-",
                offered,
                reason,
            )

    def begin_auth(self, username: str) -> bool:
        self.username = printable(username)
        # Read on every connection, as sshd does: keys added or removed apply without a restart.
        try:
            self._authorized = read_authorized_keys(self._server.config.authorized_keys)
        except WorkbenchError as error:
            log.info("refused %s: %s", self.peer, error)
            self._authorized = None
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        fingerprint = key.get_fingerprint("sha256")
        if self._authorized is not None and self.conn is not None:
            peer = self.conn.get_extra_info("peername") or ("", 0)
            # from="..." restrictions of the authorized_keys line are honoured here.
            if self._authorized.validate(key, peer[0], peer[0]) is not None:
                self.key = fingerprint
                return True
        self.offered.append(fingerprint)
        # A rejected key costs time, and a connection gets only so many tries.
        await asyncio.sleep(self._server.auth_failure_delay)
        if len(self.offered) >= MAX_AUTH_ATTEMPTS and self.conn is not None:
            self.conn.disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, "too many keys")
        return False

    def session_requested(self) -> asyncssh.SSHServerSession:
        return _SessionProcess(self._server.start_session, None, MIN_SFTP_VERSION, False)

    def auth_completed(self) -> None:
        self._settle(logged_in=True)
        log.info("connect %s user %s key %s", self.peer, self.username, self.key)
        if self.conn is not None:
            self._server.remember(self.conn, self)
            # A connection is only good for a session: one that asks for none is not kept open.
            asyncio.get_running_loop().call_later(self._server.idle_seconds, self._close_if_idle)

    def _close_if_idle(self) -> None:
        if self.conn is not None and not self.had_session and self._server.is_open(self.conn):
            log.info(
                "refused %s key %s: no session requested in %gs",
                self.peer,
                self.key,
                self._server.idle_seconds,
            )
            self.conn.close()

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        log.info(
            "refused %s key %s: port forwarding to %s:%s",
            self.peer,
            self.key or "-",
            dest_host,
            dest_port,
        )
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log.info(
            "refused %s key %s: remote port forwarding from %s:%s",
            self.peer,
            self.key or "-",
            listen_host,
            listen_port,
        )
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        log.info("refused %s key %s: socket forwarding", self.peer, self.key or "-")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        log.info("refused %s key %s: socket forwarding", self.peer, self.key or "-")
        return False


@dataclass(eq=False)
class WorkbenchServer:
    """The SSH server: accepts connections and runs one app per session."""

    config: ServeConfig
    host_key: asyncssh.SSHKey
    idle_seconds: float = IDLE_CONNECTION_SECONDS
    keepalive: tuple[float, int] = (KEEPALIVE_SECONDS, KEEPALIVE_COUNT_MAX)
    auth_failure_delay: float = AUTH_FAILURE_DELAY_SECONDS
    guard: AddressGuard = field(default_factory=AddressGuard)

    def __post_init__(self) -> None:
        """Nothing listened on yet: no connections, no sessions."""
        self._refusals_logged: dict[tuple[str, str], float] = {}
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: dict[asyncssh.SSHServerConnection, _Connection] = {}
        self._sessions: dict[int, _Session] = {}
        self._tasks: set[asyncio.Task] = set()
        self._next_number = 1
        self._stopping = False

    @property
    def port(self) -> int:
        """The port listened on (useful when started with port 0)."""
        assert self._acceptor is not None
        return self._acceptor.get_port()

    def remember(self, conn: asyncssh.SSHServerConnection, connection: _Connection) -> None:
        """Note an authenticated connection, to find its key from its sessions."""
        self._connections[conn] = connection

    def is_open(self, conn: asyncssh.SSHServerConnection) -> bool:
        """Whether an authenticated connection is still open."""
        return conn in self._connections

    def forget(self, connection: _Connection) -> None:
        """Drop a closed connection."""
        if connection.conn is not None:
            self._connections.pop(connection.conn, None)

    def note_refusal(self, address: str, peer: str, reason: str) -> None:
        """Log a refused connection, once a window per address and reason (a flood is a line)."""
        now = time.monotonic()
        if now - self._refusals_logged.get((address, reason), -1e9) >= self.guard.window:
            self._refusals_logged[address, reason] = now
            log.info("refused %s: %s (further refusals of %s not logged)", peer, reason, address)

    async def start(self) -> None:
        """Start listening."""
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            self.config.host,
            self.config.port,
            server_host_keys=[self.host_key],
            encoding=None,
            line_editor=False,
            allow_pty=True,
            public_key_auth=True,
            gss_host=None,
            **_REFUSED_FEATURES,
            login_timeout=LOGIN_TIMEOUT_SECONDS,
            keepalive_interval=self.keepalive[0],
            keepalive_count_max=self.keepalive[1],
            server_version="workbench",
        )

    def start_session(self, process: asyncssh.SSHServerProcess) -> None:
        """Run a session as a task of its own, kept so that stopping can wait for it."""
        task = asyncio.ensure_future(self._run_session(process))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _refusal(self, process: asyncssh.SSHServerProcess) -> str | None:
        """Why this session request is refused, or None."""
        if process.command is not None:
            return (
                "this server runs only the workbench; commands are not allowed "
                f"(connect with `ssh -t -p {self.port} HOST` and no command)"
            )
        if process.subsystem is not None:
            return (
                "this server runs only the workbench; "
                f"no '{printable(process.subsystem)}' subsystem"
            )
        term_type = process.get_terminal_type()
        if not term_type:
            return "needs a terminal; connect with `ssh -t` (a pseudo-terminal is required)"
        if term_type == "dumb":
            return "TERM=dumb cannot draw the workbench; connect from a real terminal"
        if self._stopping:
            return "the server is shutting down"
        if len(self._sessions) >= self.config.max_sessions:
            return f"all {self.config.max_sessions} sessions are in use; try again later"
        return None

    async def _run_session(self, process: asyncssh.SSHServerProcess) -> None:
        """Refuse the request with one line, or run the app for it until either side ends."""
        conn = process.get_extra_info("connection")
        connection = self._connections.get(conn)
        peer = connection.peer if connection else "?"
        key = connection.key if connection else "-"
        if connection is not None:
            connection.had_session = True
        refusal = self._refusal(process)
        if refusal is not None:
            asked = f" [{printable(process.command)}]" if process.command is not None else ""
            log.info("refused %s key %s: %s%s", peer, key, refusal, asked)
            end = "\r\n" if process.get_terminal_type() else "\n"
            with contextlib.suppress(Exception):
                process.stderr.write(f"workbench: {refusal}{end}".encode())
                process.exit(1)
            return
        who = key_names(self.config.authorized_keys).get(key, key)
        session = _Session(self._next_number, peer, key, who)
        self._next_number += 1
        self._sessions[session.number] = session
        try:
            await self._bridge(process, session)
        except Exception as error:  # one session failing must not take the server down
            log.info("session %d error %s key %s: %s", session.number, peer, key, error)
            with contextlib.suppress(Exception):
                process.stderr.write(f"workbench: session failed: {error}\r\n".encode())
                process.exit(1)
        finally:
            if session.child is not None:
                await _end_child(session.child)
            self._sessions.pop(session.number, None)

    async def _bridge(self, process: asyncssh.SSHServerProcess, session: _Session) -> None:
        """Start the app on a fresh pty and connect the pty to the SSH channel."""
        term_type = safe_term(process.get_terminal_type())
        columns, rows, xpixels, ypixels = cap_window(*process.get_terminal_size())
        if not columns or not rows:
            columns, rows = DEFAULT_SIZE
        env = child_environment(dict(os.environ), term_type, dict(process.env))
        env[USER_ENV] = session.who or session.key
        master, slave = pty.openpty()
        try:
            set_pty_size(master, columns, rows, xpixels, ypixels)
            session.child = await asyncio.create_subprocess_exec(
                *child_command(self.config),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=self.config.exports,
                start_new_session=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            # Only the child keeps the slave open, so the master reads EOF (EIO) when it exits.
            os.close(slave)
        child = session.child
        log.info(
            "session %d start %s key %s pid %d term %s %dx%d",
            session.number,
            session.peer,
            session.key,
            child.pid,
            term_type,
            columns,
            rows,
        )
        process.set_redirect_pid(child.pid)
        # Two descriptors of one master: asyncssh closes each redirect target on its own. The
        # channel stays open at the pty's end (``send_eof``): an app killed by a signal leaves
        # the terminal in its modes, which the server then turns off before closing.
        await process.redirect(stdin=master, stdout=os.dup(master), send_eof=False)
        exited = asyncio.ensure_future(child.wait())
        closed = asyncio.ensure_future(process.wait_closed())
        try:
            await asyncio.wait({exited, closed}, return_when=asyncio.FIRST_COMPLETED)
            if exited.done():
                code = exited.result()
                # Forward what the app wrote last (restoring the terminal) before closing.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(process.stdout.drain(), STOP_GRACE_SECONDS)
                # The slot is free before the client hears of the exit and can ask again.
                self._sessions.pop(session.number, None)
                if code < 0 or self._stopping:
                    with contextlib.suppress(Exception):
                        process.stdout.write(self._ending_notice(code).encode())
                        await asyncio.wait_for(process.stdout.drain(), STOP_GRACE_SECONDS)
                with contextlib.suppress(Exception):
                    process.exit(code if code >= 0 else 128 - code)
                how = f"exit {code}" if code >= 0 else f"killed by {_signal_name(-code)}"
            else:
                exited.cancel()
                await _end_child(child)
                how = f"client gone, app ended ({child.returncode})"
            # Lets asyncssh finish closing the pty descriptors it was given.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(closed), STOP_GRACE_SECONDS)
        finally:
            closed.cancel()
        log.info(
            "session %d end %s key %s pid %d %s after %.1fs",
            session.number,
            session.peer,
            session.key,
            child.pid,
            how,
            time.monotonic() - session.started,
        )

    def _ending_notice(self, code: int) -> str:
        """What the client is sent when its app was ended from outside (the server stopping, or
        someone killing it): the terminal put back as the app found it (when the app was killed
        before it could), and why it ended."""
        why = "the server is stopping" if self._stopping else f"killed by {_signal_name(-code)}"
        reset = TERMINAL_RESET if code < 0 else ""
        return f"{reset}\r\nworkbench: the session's app ended ({why})\r\n"

    async def stop(self) -> None:
        """Stop listening, end every session's app, close every connection."""
        self._stopping = True
        log.info("stopping: %d session(s) open", len(self._sessions))
        if self._acceptor is not None:
            self._acceptor.close()
        children = [s.child for s in self._sessions.values() if s.child is not None]
        await asyncio.gather(*(_end_child(child) for child in children))
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=STOP_GRACE_SECONDS)
        for conn in list(self._connections):
            conn.close()
        if self._acceptor is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._acceptor.wait_closed(), STOP_GRACE_SECONDS)
        log.info("stopped")


def _signal_name(number: int) -> str:
    """``SIGKILL`` for 9, and so on."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


async def _end_child(child: asyncio.subprocess.Process) -> None:
    """End a session's app: hang-up first (as sshd does), then TERM, then KILL."""
    for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
        if child.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            await asyncio.wait_for(child.wait(), STOP_GRACE_SECONDS)
        except TimeoutError:
            continue


def _configure_logging() -> None:
    """One line per event on stderr, with a timestamp."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter("%(asctime)s workbench serve: %(message)s", "%Y-%m-%dT%H:%M:%S")
        )
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # asyncssh's own chatter (one line per packet exchange) is not for an operator's log.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)


def log_loop_error(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """An error no task caught: a connection or channel failing is one line of the log.

    When many clients drop at once, the pty of a session may still have output for a channel
    that has just closed; that is the client's leaving, not a fault of the server.
    """
    error = context.get("exception")
    if isinstance(error, (OSError, asyncssh.Error)):
        where = printable(str(context.get("message") or "in the event loop"), 100)
        log.info("channel error %s: %s (%s)", type(error).__name__, printable(str(error)), where)
        return
    loop.default_exception_handler(context)


async def serve_until_stopped(config: ServeConfig, host_key: asyncssh.SSHKey) -> None:
    """Serve until SIGINT or SIGTERM, then stop cleanly."""
    asyncio.get_running_loop().set_exception_handler(log_loop_error)
    server = WorkbenchServer(config, host_key)
    try:
        await server.start()
    except OSError as error:
        raise WorkbenchError(
            f"cannot listen on {config.host}:{config.port}: {error.strerror or error}"
        ) from None
    from workbench.store.index import default_cache_root
    from workbench.store.labels import default_data_root

    workspace = config.workspace
    cache = (workspace.cache_root or default_cache_root()) if workspace.use_cache else "off"
    log.info(
        "listening on %s:%d host key %s corpus %s exports %s data %s cache %s max sessions %d",
        config.host,
        server.port,
        host_key.get_fingerprint("sha256"),
        workspace.corpus_path,
        config.exports,
        workspace.data_root or default_data_root(),
        cache,
        config.max_sessions,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await server.stop()


def loose_permissions(config: ServeConfig) -> list[str]:
    """What sshd's StrictModes would refuse: a host key others can read, an authorized-keys
    file others can change (said, not refused: the server is often run by hand)."""
    checks = (
        ("host key", config.host_key, 0o077, "read", "chmod 600"),
        ("authorized keys", config.authorized_keys, 0o022, "changed", "chmod go-w"),
    )
    found = []
    for what, path, mask, done, fix in checks:
        with contextlib.suppress(OSError):
            if path.stat().st_mode & mask:
                found.append(f"{what} {path} can be {done} by others ({fix} it)")
    return found


def run_server(config: ServeConfig) -> int:
    """Run the SSH server in the foreground; returns the exit status."""
    _configure_logging()
    generated = not config.host_key.exists()
    host_key = load_or_create_host_key(
        config.host_key, create=config.host_key == default_host_key_path().absolute()
    )
    if generated:
        log.info("generated host key %s", config.host_key)
    for warning in loose_permissions(config):
        log.info("warning: %s", warning)
    if config.host not in ("127.0.0.1", "::1", "localhost"):
        log.info(
            "listening beyond this machine (%s): anyone who can reach the port can try "
            "to log in; only the keys in %s get in",
            config.host,
            config.authorized_keys,
        )
    asyncio.run(serve_until_stopped(config, host_key))
    return 0
