"""FilterBar: ``/ Filter ▏words…  12 of 30`` on one line, filtering a list as the user types.

The filter language is ``workbench.analysis.query``'s, the same in every list and table. What
the bar shows at its right: how many rows match, or, while a filter cannot be read (often one
still being typed), why — in the bar, never as a notification. What it filters is a widget
with the ``Filterable`` attributes: a FrameTable, or a theme thread's columns.
"""

from __future__ import annotations

from typing import Protocol

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Label

from workbench.analysis.query import SYNTAX_HINT
from workbench.text_safety import safe_text
from workbench.wording import counted


class Filterable(Protocol):
    """What a filter bar filters: rows that a filter line narrows, and focus to go back to."""

    filter_text: str
    filter_error: str | None

    @property
    def row_count(self) -> int:
        """How many rows match."""

    @property
    def total_count(self) -> int:
        """How many rows there are."""

    def set_filter(self, text: str) -> None:
        """Show the rows matching ``text``; a malformed one sets ``filter_error``."""

    def filter_submitted(self) -> None:
        """The filter was confirmed (enter): the rows take the focus."""

    def focus(self, scroll_visible: bool = True) -> object:
        """Take the focus (back from the filter line)."""


class FilterInput(Input):
    """The filter's text field: ``?`` typed first shows the filter syntax and the keys."""

    HELP_NAME = "Filter line"

    async def _on_key(self, event: events.Key) -> None:
        # The hints say "? syntax": a filter never starts with "?" (a search for a lone
        # question mark finds nothing worth finding), so there it asks for the syntax.
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            await self.run_action("app.help")
            return
        await super()._on_key(event)


FILTER_AT_ONCE_ROWS = 2_000  # a list this long or shorter is filtered at every key
TYPING_PAUSE_S = 0.25  # a longer one once typing pauses this long (or on enter)


class FilterBar(Horizontal):
    """A label, a compact input and the count of matches; filters the widget ``target``."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > #filter-label { padding: 0 1; color: $text-muted; }
    FilterBar > Input { width: 1fr; }
    FilterBar > #filter-status { padding: 0 1; color: $text-muted; max-width: 60%; }
    FilterBar > #filter-status.-error { color: $text-error; }
    """

    def __init__(
        self,
        target: str,
        placeholder: str = SYNTAX_HINT,
        *,
        id: str,
        input_id: str,
        what: str = "row",
    ) -> None:
        super().__init__(id=id)
        self._pending: Timer | None = None  # the filtering that waits for a pause in typing
        self.target_selector = target
        self.placeholder = placeholder
        self.input_id = input_id
        self.what = what

    def compose(self) -> ComposeResult:
        yield Label("/ Filter", id="filter-label")
        yield FilterInput(placeholder=self.placeholder, id=self.input_id, compact=True)
        yield Label("", id="filter-status", markup=False)

    @property
    def input(self) -> Input:
        """The text field."""
        return self.query_one(Input)

    @property
    def target(self) -> Filterable:
        """What is filtered (a FrameTable, or what else the screen names)."""
        return self.screen.query_one(self.target_selector)  # type: ignore[return-value]

    @property
    def status(self) -> str:
        """What the bar says at its right: the count of matches, or why the filter is not read."""
        return str(self.query_one("#filter-status", Label).render())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if self.target.total_count > FILTER_AT_ONCE_ROWS:
            # Each filtering of a large list takes a moment: done once typing pauses, not
            # at every key (the keys would queue behind it, and the field lag).
            self._pending = self.set_timer(TYPING_PAUSE_S, self._apply)
            return
        self._apply()

    def _apply(self) -> None:
        """Filter by the text in the field now."""
        self._pending = None
        self.target.set_filter(self.input.value)
        self.show_status()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._pending is not None:  # confirmed before the pause: filtered now
            self._pending.stop()
            self._apply()
        error = self.target.filter_error
        if error is not None:  # the rows shown are the last filter's: said whole, kept to mend
            self.app.notify(safe_text(error), title="Filter not applied", severity="error")
            return
        self.target.filter_submitted()

    def show_status(self) -> None:
        """Say how many rows match, or why the filter cannot be read."""
        target = self.target
        label = self.query_one("#filter-status", Label)
        label.set_class(target.filter_error is not None, "-error")
        if target.filter_error is not None:
            label.update(safe_text(target.filter_error, multiline=False))
            label.tooltip = target.filter_error
        elif target.filter_text.strip():
            label.update(f"{target.row_count:,} of {counted(target.total_count, self.what)}")
            label.tooltip = None
        else:
            label.update("")
            label.tooltip = None

    def start(self) -> None:
        """Move the cursor into the field to type a filter."""
        self.input.focus()

    def clear(self) -> None:
        """Empty the field; from the field (or when it is empty already) go back to the rows."""
        if self.input.has_focus or not self.input.value:
            self.target.focus()
        self.input.value = ""
