"""The word-level differences of the aligned pair in focus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from workbench.tui.widgets.text_strip import TextStrip

# Strike-through and underline keep deletions and insertions apart without colour (NO_COLOR).
# The colours are given, not named: a named colour passes through Textual's ANSI palette, whose
# red a 16-colour terminal shows as yellow (light theme) or magenta (dark); these two stay red
# and green there, and read on a dark background and on a light one.
DELETED = Style(color="#D14545", strike=True)
INSERTED = Style(color="#22A34A", bold=True, underline=True)


def _field(opcode: Mapping | tuple, name: str, index: int):
    return opcode[name] if isinstance(opcode, Mapping) else opcode[index]


def word_diff(left: str, right: str, opcodes: Iterable[Mapping | tuple]) -> tuple[Text, Text]:
    """The two sentences word by word: equal words plain, changed words marked on their side.

    On the left, words deleted or replaced are struck through; on the right, words inserted or
    replacing are underlined. ``opcodes`` hold tag, left_start, left_end, right_start, right_end
    as word indices into the texts split on spaces (``analysis.word_diff.word_opcodes``).
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


def share_lines(needs: tuple[int, int], room: int) -> tuple[int, int]:
    """How many lines each side of a pair may take when both together may take ``room``: all
    it needs when they fit, else half each, a short side leaving the rest to the other."""
    first, second = needs
    if first + second <= room:
        return first, second
    half = max(room // 2, 1)
    first = min(first, max(half, room - second))
    return first, min(second, max(room - first, 1))


def wrapped_lines(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` as the interface wraps it ``width`` cells wide."""
    lines, position = [], 0
    for line in Content(text).wrap(width):
        part = line.plain.rstrip()
        start = text.index(part, position) if part else position
        position = start + len(part)
        lines.append((start, position))
    return lines


def cut_to_lines(text: Text, keep: int, width: int) -> tuple[Text, bool]:
    """``text`` cut to its first ``keep`` lines ``width`` cells wide, ending in … when cut;
    and whether it was cut."""
    lines = wrapped_lines(text.plain, width)
    if len(lines) <= keep:
        return text, False
    start, end = lines[max(keep, 1) - 1]
    while end > start and cell_len(text.plain[start:end]) > width - 1:
        end -= 1  # room for the ellipsis on the last line
    kept = text.divide([end])[0]
    kept.rstrip()
    kept.append("…")
    return kept, True


class DiffView(TextStrip):
    """A strip under the panes: the focused pair's heading and its word diff, each sentence
    whole when the lines it may take (``set_room``) allow, else cut with an ellipsis."""

    DEFAULT_CSS = """
    DiffView { max-height: 20; }
    DiffView > #diff-heading { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__("diff-body")
        self.room = 4  # lines the two sentences may take together
        self.cut = False  # whether a sentence shown was cut short
        self._pair: tuple[tuple[str, str], Text, Text] | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="diff-heading", markup=False)
        yield from super().compose()

    def set_room(self, lines: int) -> None:
        """Let the two sentences take up to ``lines`` lines together."""
        lines = max(lines, 2)
        if lines != self.room:
            self.room = lines
            self._render_pair()

    def show_pair(
        self,
        heading: str,
        labels: tuple[str, str],
        left: str,
        right: str,
        opcodes: Iterable,
    ) -> None:
        """Show one pair's heading and its two sentences with their changed words marked."""
        self.query_one("#diff-heading", Static).update(heading)
        self._pair = (labels, *word_diff(left, right, opcodes))
        self._render_pair()

    def _body_width(self) -> int:
        width = self.content_region.width or self.app.size.width - 2
        return max(width, 20)

    def _render_pair(self) -> None:
        if self._pair is None:
            return
        labels, *lines = self._pair
        width = self._width = self._body_width()
        label_width = max(len(label) for label in labels)
        sides = []
        for label, line in zip(labels, lines, strict=True):
            side = Text(f"{label:>{label_width}} ", style=Style(bold=True), end="")
            side.append_text(line)
            sides.append(side)
        needs = tuple(len(wrapped_lines(side.plain, width)) for side in sides)
        shares = share_lines((needs[0], needs[1]), self.room)
        cut = [cut_to_lines(side, keep, width) for side, keep in zip(sides, shares, strict=True)]
        self.cut = any(was_cut for _, was_cut in cut)
        self.query_one(f"#{self.body_id}", Static).display = True
        self.show(Text("\n", end="").join(side for side, _ in cut))

    def on_resize(self) -> None:
        if self._pair is not None and self._body_width() != self._width:
            self._render_pair()  # re-wrapped to the new width

    def show_message(self, heading: str, body: str = "") -> None:
        """Show a line of state instead of a diff (loading, no pairs); the strip takes only its
        lines (no empty line for an empty ``body``)."""
        self._pair = None
        self.cut = False
        self.query_one("#diff-heading", Static).update(heading)
        self.query_one(f"#{self.body_id}", Static).display = bool(body)
        self.show(body)
