"""Text made safe to show on a terminal: control characters become visible, never interpreted.

Article text, titles and file names come from the user's corpus (or from whoever wrote the
articles). A terminal interprets an escape sequence in them (clear the screen, set the window
title, rewrite the clipboard, move the cursor over earlier output), and neither Rich nor
Textual removes ESC. Every printer of such text, on the command line and in the interface,
passes it through ``safe_text`` first.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional overrides and isolates
# (which reorder what follows them on screen), and lone surrogates (undecodable file-name bytes,
# which no terminal encoding can write).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_WITH_NEWLINE = re.compile(_UNSAFE.pattern[:-1] + "\n]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC is ␛, BEL is ␇
    if code == 0x7F:
        return "␡"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe_text(text: str, *, multiline: bool = True) -> str:
    """``text`` with every control and escape character shown as a visible symbol or escape.

    Tabs are kept; newlines are kept unless ``multiline`` is false (then shown as ␊).
    """
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_NEWLINE
    return pattern.sub(_visible, text)


def escape_unsafe(text: str) -> str:
    """``text`` with every unsafe character (tabs and newlines kept) as a ``\\uXXXX`` escape."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def is_safe(text: str) -> bool:
    """Whether ``text`` has nothing a terminal would interpret (tabs and newlines allowed)."""
    return _UNSAFE.search(text) is None
