"""Text made safe to show on a terminal: control characters become visible, never interpreted.

Article text, titles and file names come from the user's corpus (or from whoever wrote the
articles). A terminal interprets an escape sequence in them (clear the screen, set the window
title, rewrite the clipboard, move the cursor over earlier output), and neither Rich nor
Textual removes ESC. Every printer of such text passes it through ``safe_text``; the interface
applies the same table to everything it draws (``workbench.tui.controls``).

Each unsafe character becomes exactly one visible character, so offsets into a text and the
spans of styles over it stay right: C0 controls show as their Control Pictures (ESC as ␛, BEL
as ␇, CR as ␍), DEL as ␡; C1 controls, the bidirectional overrides and isolates (which reorder
what follows them on screen) and lone surrogates (bytes of a file name that were not UTF-8) as
the replacement character �. Tabs and newlines are kept.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_C0 = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_OTHERS = [
    *range(0x80, 0xA0),  # C1 controls: 0x9b is CSI, 0x9d OSC on terminals that honour them
    *range(0x202A, 0x202F),  # bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
    *range(0x2066, 0x206A),  # bidi isolates (LRI, RLI, FSI, PDI)
    *range(0xD800, 0xE000),  # lone surrogates: undecodable bytes kept by surrogateescape
]
VISIBLE_CONTROLS: dict[int, str] = {**_C0, 0x7F: "\u2421", **dict.fromkeys(_OTHERS, REPLACEMENT)}
_VISIBLE_ON_ONE_LINE = {**VISIBLE_CONTROLS, 0x0A: "\u240a"}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in VISIBLE_CONTROLS) + "]")


def safe_text(text: str, *, multiline: bool = True) -> str:
    """``text`` with every control or escape character replaced by one visible character.

    Tabs are kept; newlines are kept unless ``multiline`` is false (then shown as ␊).
    """
    return text.translate(VISIBLE_CONTROLS if multiline else _VISIBLE_ON_ONE_LINE)


def escape_unsafe(text: str) -> str:
    """``text`` with every unsafe character (tabs and newlines kept) as a ``\\uXXXX`` escape."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def is_safe(text: str) -> bool:
    """Whether ``text`` has nothing a terminal would interpret (tabs and newlines allowed)."""
    return _UNSAFE.search(text) is None
