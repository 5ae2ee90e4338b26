"""FilterBar: ``Filter ▏words…`` on one line, filtering a FrameTable as the user types."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from workbench.tui.widgets.frame_table import FrameTable


class FilterBar(Horizontal):
    """A label and a compact input; what is typed filters the table ``table`` (a selector)."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > Label { padding: 0 1; color: $text-muted; }
    FilterBar > Input { width: 1fr; }
    """

    def __init__(self, table: str, placeholder: str, *, id: str, input_id: str) -> None:
        super().__init__(id=id)
        self.table_selector = table
        self.placeholder = placeholder
        self.input_id = input_id

    def compose(self) -> ComposeResult:
        yield Label("Filter")
        yield Input(placeholder=self.placeholder, id=self.input_id, compact=True)

    @property
    def input(self) -> Input:
        """The text field."""
        return self.query_one(Input)

    @property
    def table(self) -> FrameTable:
        """The table filtered."""
        return self.screen.query_one(self.table_selector, FrameTable)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def start(self) -> None:
        """Move the cursor into the field to type a filter."""
        self.input.focus()

    def clear(self) -> None:
        """Empty the field; from the field (or when it is empty already) go back to the table."""
        if self.input.has_focus or not self.input.value:
            self.table.focus()
        self.input.value = ""
