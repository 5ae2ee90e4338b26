"""The word-level differences of the aligned pair in focus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from workbench.tui.widgets.text_strip import TextStrip

# Strike-through and underline keep deletions and insertions apart without colour (NO_COLOR).
DELETED = Style(color="red", strike=True)
INSERTED = Style(color="green", bold=True, underline=True)


def _field(opcode: Mapping | tuple, name: str, index: int):
    return opcode[name] if isinstance(opcode, Mapping) else opcode[index]


def word_diff(left: str, right: str, opcodes: Iterable[Mapping | tuple]) -> tuple[Text, Text]:
    """The two sentences word by word: equal words plain, changed words marked on their side.

    On the left, words deleted or replaced are struck through; on the right, words inserted or
    replacing are underlined. ``opcodes`` hold tag, left_start, left_end, right_start, right_end
    as word indices into the texts split on spaces (``workbench.align.word_opcodes``).
    """
    left_words, right_words = left.split(" "), right.split(" ")
    left_line, right_line = Text(), Text()
    for opcode in opcodes:
        tag = _field(opcode, "tag", 0)
        spans = (
            (
                left_line,
                left_words,
                _field(opcode, "left_start", 1),
                _field(opcode, "left_end", 2),
                DELETED,
            ),
            (
                right_line,
                right_words,
                _field(opcode, "right_start", 3),
                _field(opcode, "right_end", 4),
                INSERTED,
            ),
        )
        for line, words, start, end, changed in spans:
            part = " ".join(words[start:end])
            if not part:
                continue
            if line.plain:
                line.append(" ")
            line.append(part, style=None if tag == "equal" else changed)
    return left_line, right_line


class DiffView(TextStrip):
    """A strip under the panes: the focused pair's labels and its word diff."""

    DEFAULT_CSS = """
    DiffView { max-height: 7; }
    DiffView > #diff-heading { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__("diff-body")

    def compose(self) -> ComposeResult:
        yield Static("", id="diff-heading", markup=False)
        yield from super().compose()

    def show_pair(
        self,
        heading: str,
        labels: tuple[str, str],
        left: str,
        right: str,
        opcodes: Iterable,
        lines_per_side: int | None = None,
    ) -> None:
        """Show one pair's heading and its two sentences with their changed words marked.

        ``lines_per_side`` cuts each sentence to that many lines (with an ellipsis) so both
        sides fit a short terminal.
        """
        self.query_one("#diff-heading", Static).update(heading)
        width = max(len(label) for label in labels)
        room = max(self.content_region.width, 20)
        body = Text()
        for label, line in zip(labels, word_diff(left, right, opcodes), strict=True):
            if lines_per_side is not None:
                # Word wrap leaves up to a word of room unused at the end of each line.
                line.truncate((room - 12) * lines_per_side - width - 2, overflow="ellipsis")
            if body.plain:
                body.append("\n")
            body.append(f"{label:>{width}} ", style=Style(bold=True))
            body.append_text(line)
        self.show(body)

    def show_message(self, heading: str, body: str = "") -> None:
        """Show a line of state instead of a diff (loading, no pairs)."""
        self.query_one("#diff-heading", Static).update(heading)
        self.query_one("#diff-body", Static).update(body)
