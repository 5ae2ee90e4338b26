"""Reading TOML: the one reader for manifests, lexicons, rules, gold files, people and keymaps.

Every failure is a ``WorkbenchError`` naming the file (and the line where TOML says): a missing
file, a directory or a device where a file should be, a file too large to be configuration, bytes
that are not UTF-8, malformed or pathologically nested TOML. Reading is bounded, so a TOML path
that leads to ``/dev/zero`` fails at once instead of filling memory.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from workbench.errors import WorkbenchError

MAX_TOML_BYTES = 16 * 1024 * 1024  # far above any real manifest; a bound, not a limit in use


def _line_of_toml_error(message: str) -> tuple[int | None, str]:
    match = re.search(r"\s*\(at line (\d+), column \d+\)", message)
    if match:
        return int(match.group(1)), message[: match.start()] + message[match.end() :]
    match = re.search(r"\s*\(at end of document\)", message)
    if match:
        return None, message[: match.start()] + " at end of document"
    return None, message


def parse_toml(text: str, source: str) -> dict:
    """Parse TOML text; errors are ``source:line: malformed TOML: …`` WorkbenchErrors."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _line_of_toml_error(str(error))
        where = f"{source}:{line}" if line else source
        raise WorkbenchError(f"{where}: malformed TOML: {message}") from None
    except RecursionError:
        raise WorkbenchError(f"{source}: malformed TOML: nested too deeply") from None


def read_toml_text(
    path: Path, what: str = "TOML file", display: str | None = None, *, missing_ok: bool = False
) -> str | None:
    """The text of a TOML file (reads ``path``); WorkbenchError naming ``what`` if unreadable.

    ``missing_ok``: a file that does not exist gives None instead of an error.
    """
    display = display or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise WorkbenchError(f"{display}: {what} not found") from None
    except OSError as error:
        raise WorkbenchError(f"{display}: cannot read {what}: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise WorkbenchError(f"{display}: {what} is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise WorkbenchError(f"{display}: {what} is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(MAX_TOML_BYTES + 1)
    except OSError as error:
        raise WorkbenchError(f"{display}: cannot read {what}: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_TOML_BYTES:
        raise WorkbenchError(f"{display}: {what} is larger than {MAX_TOML_BYTES // 2**20} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbenchError(f"{display}: {what} is not UTF-8 text") from None


def read_toml(path: Path, what: str = "TOML file", display: str | None = None) -> tuple[dict, str]:
    """A TOML file parsed, with its text (for line numbers of later checks); reads ``path``."""
    display = display or str(path)
    text = read_toml_text(path, what, display)
    return parse_toml(text, display), text
