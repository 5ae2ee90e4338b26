"""TextStrip: a strip under Compare's panes showing a few lines of text (why a pair is paired,
the aligner against the labels, the word diff of the pair in focus)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class TextStrip(VerticalScroll, can_focus=False):
    """A ruled strip of a few lines, scrolled back to its top whenever its text changes."""

    DEFAULT_CSS = """
    TextStrip {
        height: auto;
        max-height: 8;
        border-top: hkey $panel;
        padding: 0 1;
        background: $boost;
    }
    TextStrip > Static { height: auto; }
    """

    def __init__(self, body_id: str) -> None:
        super().__init__()
        self.body_id = body_id

    def compose(self) -> ComposeResult:
        yield Static("", id=self.body_id, markup=False)

    def show(self, text: Text | str) -> None:
        """Show ``text`` (a line of state, or the strip's content)."""
        self.query_one(f"#{self.body_id}", Static).update(text)
        self.scroll_home(animate=False)
