"""FilterBar: ``Filter ▏words…  12 of 30`` on one line, filtering a FrameTable as the user types.

The filter language is ``workbench.analysis.query``'s, the same in every list and table. What
the bar shows at its right: how many rows match, or, while a filter cannot be read (often one
still being typed), why — in the bar, never as a notification.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from workbench.analysis.query import SYNTAX_HINT
from workbench.text_safety import safe_text
from workbench.tui.widgets.frame_table import FrameTable


class FilterBar(Horizontal):
    """A label, a compact input and the count of matches; filters the table ``table``."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > #filter-label { padding: 0 1; color: $text-muted; }
    FilterBar > Input { width: 1fr; }
    FilterBar > #filter-status { padding: 0 1; color: $text-muted; max-width: 60%; }
    FilterBar > #filter-status.-error { color: $text-error; }
    """

    def __init__(
        self,
        table: str,
        placeholder: str = SYNTAX_HINT,
        *,
        id: str,
        input_id: str,
        what: str = "rows",
    ) -> None:
        super().__init__(id=id)
        self.table_selector = table
        self.placeholder = placeholder
        self.input_id = input_id
        self.what = what

    def compose(self) -> ComposeResult:
        yield Label("/ Filter", id="filter-label")
        yield Input(placeholder=self.placeholder, id=self.input_id, compact=True)
        yield Label("", id="filter-status", markup=False)

    @property
    def input(self) -> Input:
        """The text field."""
        return self.query_one(Input)

    @property
    def table(self) -> FrameTable:
        """The table filtered."""
        return self.screen.query_one(self.table_selector, FrameTable)

    @property
    def status(self) -> str:
        """What the bar says at its right: the count of matches, or why the filter is not read."""
        return str(self.query_one("#filter-status", Label).render())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        self.show_status()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def show_status(self) -> None:
        """Say how many rows match, or why the filter cannot be read."""
        table = self.table
        label = self.query_one("#filter-status", Label)
        label.set_class(table.filter_error is not None, "-error")
        if table.filter_error is not None:
            label.update(safe_text(table.filter_error, multiline=False))
            label.tooltip = table.filter_error
        elif table.filter_text.strip():
            label.update(f"{table.row_count:,} of {table.frame.height:,} {self.what}")
            label.tooltip = None
        else:
            label.update("")
            label.tooltip = None

    def start(self) -> None:
        """Move the cursor into the field to type a filter."""
        self.input.focus()

    def clear(self) -> None:
        """Empty the field; from the field (or when it is empty already) go back to the table."""
        if self.input.has_focus or not self.input.value:
            self.table.focus()
        self.input.value = ""
