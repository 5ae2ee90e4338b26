"""Labels over SSH, end to end: two sessions of the served workbench label pairs in Compare at
the same time, and each sees the other's labels after a refresh."""

from __future__ import annotations

import asyncio
import os

import asyncssh
import pytest
from test_serve import SCREEN_TIMEOUT, Server, connect, quit_app, run, screen_text

from workbench.options import Settings

LOWER_TO_PAIRS = 1  # min score steps of 5 down from the default, for more pairs to label
ALIGNING = "aligning…".encode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """A server whose sessions keep labels (and their index) in scratch folders."""
    directory = tmp_path_factory.mktemp("serve-labels")
    client = asyncssh.generate_private_key("ssh-ed25519", comment="analyst")
    host = asyncssh.generate_private_key("ssh-ed25519")
    host.write_private_key(str(directory / "host"))
    os.chmod(directory / "host", 0o600)
    (directory / "authorized_keys").write_bytes(client.export_public_key())
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(directory / "cache"),
        "XDG_DATA_HOME": str(directory / "data"),
    }
    server = Server(
        [
            "--authorized-keys",
            str(directory / "authorized_keys"),
            "--host-key",
            str(directory / "host"),
            "--exports",
            str(tmp_path_factory.mktemp("exports")),
            "--max-sessions",
            "2",
        ],
        env=env,
    )
    yield server, client, directory / "data"
    assert server.stop() == 0


async def open_library(conn: asyncssh.SSHClientConnection) -> asyncssh.SSHClientProcess:
    """A session at 80×24, once its Library is shown."""
    process = await conn.create_process(
        term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    await expect(process, b"articles \xc2\xb7 space mark")  # the Library's status
    return process


async def expect(process: asyncssh.SSHClientProcess, *markers: bytes, last: bytes = b"") -> bytes:
    """Read the session's output until every marker is drawn (and, if ``last`` is given, it
    is drawn after the last "aligning…"); a timeout says what was awaited and shows the end of
    what was drawn."""
    buffer = b""

    def drawn() -> bool:
        text = screen_text(buffer)
        if not all(marker in text for marker in markers):
            return False
        return not last or text.rfind(last) > text.rfind(ALIGNING)

    async def collect() -> None:
        nonlocal buffer
        while not drawn():
            chunk = await process.stdout.read(65536)
            assert chunk, f"output ended before {markers!r}"
            buffer += chunk

    try:
        await asyncio.wait_for(collect(), SCREEN_TIMEOUT)
    except TimeoutError:
        shown = screen_text(buffer)[-800:].decode("utf-8", "replace")
        raise AssertionError(f"{markers!r} never drawn; the end of the output:\n{shown}") from None
    return buffer


async def send(process: asyncssh.SSHClientProcess, keys: str) -> None:
    """Type keys one at a time, as a person would."""
    for key in keys:
        process.stdin.write(key.encode())
        await asyncio.sleep(0.05)


async def open_compare(process: asyncssh.SSHClientProcess) -> None:
    """From the Library (shown): the 2013 articles side by side, min score lowered, first
    pair in focus."""
    await send(process, "/")
    await asyncio.sleep(1.0)  # the filter field takes the keys once it has the focus
    await send(process, "date:2013\r")
    await expect(process, b"2 of 5 articles")
    await send(process, "\r")
    # At the default min score the seeds' two 2013 articles pair up on a subject or two, and
    # Compare opens on the first pair.
    await expect(process, b"pair 1/")
    minimum = Settings().align_threshold
    for step in range(1, LOWER_TO_PAIRS + 1):  # a step at a time, each realigned before the next
        minimum -= 5
        await send(process, "-")
        # Realigned, the pair in focus stays so: the seeds' first pair is still the first one.
        shown = b"pair 1/" if step == LOWER_TO_PAIRS else b"pair "
        await expect(process, f"min {minimum:.0f}".encode(), shown, last=shown)


def test_two_ssh_sessions_label_pairs_and_see_each_others_after_a_refresh(served) -> None:
    server, client, data = served

    async def scenario() -> tuple[int | None, int | None]:
        async with (
            await connect(server.port, client) as first_conn,
            await connect(server.port, client) as second_conn,
        ):
            first, second = await open_library(first_conn), await open_library(second_conn)
            await asyncio.gather(open_compare(first), open_compare(second))
            # The first session labels pair 1 "same"; the second reads it on R.
            await send(first, "y")
            await expect(first, "✓ same".encode())
            await send(second, "R")
            await expect(second, "✓ same".encode())
            await send(second, "e")  # who said so: the first session's key, by its comment
            await expect(second, "✓ same by analyst".encode())
            # The second labels pair 2 "unrelated"; the first, on pair 2, reads it on R.
            await send(second, "nf")
            await expect(second, "✗ unrelated".encode())
            await send(first, "n")
            seen = await expect(first, b"pair 2/")
            assert "✗ unrelated".encode() not in screen_text(seen)
            await send(first, "R")
            await expect(first, "✗ unrelated".encode())
            return await quit_app(first), await quit_app(second)

    assert run(scenario(), timeout=240) == (0, 0)
    stores = list(data.rglob("labels.sqlite"))
    assert len(stores) == 1  # one store for the corpus, shared by both sessions
