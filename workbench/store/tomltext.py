"""TOML text to data, with errors that name the file and the line."""

from __future__ import annotations

import re
import tomllib

from workbench.errors import WorkbenchError


def _line_of_toml_error(message: str) -> tuple[int | None, str]:
    match = re.search(r"\s*\(at line (\d+), column \d+\)", message)
    if match:
        return int(match.group(1)), message[: match.start()] + message[match.end() :]
    match = re.search(r"\s*\(at end of document\)", message)
    if match:
        return None, message[: match.start()] + " at end of document"
    return None, message


def parse_toml(text: str, source: str) -> dict:
    """Parse TOML text; a syntax error is a WorkbenchError ``source:line: malformed TOML: …``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _line_of_toml_error(str(error))
        where = f"{source}:{line}" if line else source
        raise WorkbenchError(f"{where}: malformed TOML: {message}") from None
