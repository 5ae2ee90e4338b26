"""The word-level differences of the aligned pair in focus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

# Strike-through and underline keep deletions and insertions apart without colour (NO_COLOR).
DELETED = Style(color="red", strike=True)
INSERTED = Style(color="green", bold=True, underline=True)


def _field(opcode: Mapping | tuple, name: str, index: int):
    return opcode[name] if isinstance(opcode, Mapping) else opcode[index]


def word_diff(left: str, right: str, opcodes: Iterable[Mapping | tuple]) -> Text:
    """One line in which equal words are plain, deleted words struck, inserted words underlined.

    ``opcodes`` hold tag, left_start, left_end, right_start, right_end as word indices into the
    two texts split on spaces (``workbench.align``).
    """
    left_words, right_words = left.split(" "), right.split(" ")
    line = Text(no_wrap=False)
    for opcode in opcodes:
        tag = _field(opcode, "tag", 0)
        left_part = " ".join(
            left_words[_field(opcode, "left_start", 1) : _field(opcode, "left_end", 2)]
        )
        right_part = " ".join(
            right_words[_field(opcode, "right_start", 3) : _field(opcode, "right_end", 4)]
        )
        if line.plain and not line.plain.endswith(" "):
            line.append(" ")
        if tag == "equal":
            line.append(left_part)
            continue
        if tag in ("replace", "delete") and left_part:
            line.append(left_part, style=DELETED)
        if tag in ("replace", "insert") and right_part:
            if tag == "replace":
                line.append(" ")
            line.append(right_part, style=INSERTED)
    return line


class DiffView(VerticalScroll, can_focus=False):
    """A strip under the panes: the focused pair's labels and its word diff."""

    DEFAULT_CSS = """
    DiffView {
        height: auto;
        max-height: 7;
        border-top: hkey $panel;
        padding: 0 1;
        background: $boost;
    }
    DiffView > #diff-heading { color: $text-muted; height: auto; }
    DiffView > #diff-body { height: auto; }
    """

    def compose(self):
        yield Static("", id="diff-heading", markup=False)
        yield Static("", id="diff-body", markup=False)

    def show_pair(self, heading: str, left: str, right: str, opcodes: Iterable) -> None:
        """Show one pair's heading and word diff."""
        self.query_one("#diff-heading", Static).update(heading)
        self.query_one("#diff-body", Static).update(word_diff(left, right, opcodes))
        self.scroll_home(animate=False)

    def show_message(self, heading: str, body: str = "") -> None:
        """Show a line of state instead of a diff (loading, no pairs)."""
        self.query_one("#diff-heading", Static).update(heading)
        self.query_one("#diff-body", Static).update(body)
