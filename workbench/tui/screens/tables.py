"""TablesScreen: any comparison table in a pane, sorted, filtered and exported as shown."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import Worker, WorkerState

from workbench.analysis.tables import TABLES
from workbench.tui.messages import WorkspaceReady
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.widgets.picker import Picker


def table_names() -> list[str]:
    """The names of the tables of ``workbench.tables.TABLES``, in registry order."""
    return list(TABLES)


def table_description(name: str) -> str:
    """What the table ``name`` shows, in one line."""
    spec = TABLES.get(name)
    return spec.description if spec is not None else ""


class TablesScreen(Screen):
    """A table picker on the left, the chosen table on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Write the table as shown to Parquet",
            id="tables.export",
        ),
        Binding("slash", "focus_filter", "Filter", id="tables.filter"),
        Binding("t", "focus_picker", "Tables", tooltip="Choose another table", id="tables.pick"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="tables.clear-filter"),
    ]

    DEFAULT_CSS = """
    TablesScreen #tables-body { height: 1fr; }
    TablesScreen #tables-picker {
        width: 20; height: 1fr;
        border: none; border-right: vkey $panel-lighten-2;
    }
    TablesScreen #tables-pane { width: 1fr; height: 1fr; }
    TablesScreen #tables-bar { height: 1; }
    TablesScreen #tables-bar Label { padding: 0 1; color: $text-muted; }
    TablesScreen #tables-filter { width: 1fr; }
    TablesScreen #tables-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Horizontal(id="tables-body"):
            yield Picker(
                *[Option(name, id=name) for name in table_names()], id="tables-picker", compact=True
            )
            with Vertical(id="tables-pane"):
                with Horizontal(id="tables-bar"):
                    yield Label("Filter")
                    yield Input(
                        placeholder="words, column:text, column=value, column>number",
                        id="tables-filter",
                        compact=True,
                    )
                yield FrameTable(id="tables-table", empty_text="no row matches the filter")
                yield Static("", id="tables-status")
        yield Footer()

    @property
    def table(self) -> FrameTable:
        return self.query_one("#tables-table", FrameTable)

    def on_mount(self) -> None:
        picker = self.query_one("#tables-picker", OptionList)
        picker.highlighted = 0
        picker.focus()
        if getattr(self.app, "workspace", None) is not None and picker.option_count:
            self.show_table(picker.get_option_at_index(0).id)

    def on_workspace_ready(self, _message: WorkspaceReady) -> None:
        picker = self.query_one("#tables-picker", OptionList)
        if picker.highlighted is not None:
            self.show_table(picker.get_option_at_index(picker.highlighted).id)

    @on(OptionList.OptionHighlighted, "#tables-picker")
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        if getattr(self.app, "workspace", None) is not None:
            self.show_table(event.option.id)

    @on(OptionList.OptionSelected, "#tables-picker")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.show_table(event.option.id)
        self.table.focus()

    def pick(self, name: str) -> None:
        """Highlight ``name`` in the picker and show it."""
        picker = self.query_one("#tables-picker", OptionList)
        try:
            picker.highlighted = picker.get_option_index(name)
        except OptionDoesNotExist:
            self.notify(f"no table named {name}", severity="warning")
            return
        self.show_table(name)

    def show_table(self, name: str | None) -> None:
        """Compute (in a thread) and show the table ``name``."""
        if name is None or name == self.current:
            return
        self.current = name
        self.table.loading = True
        self._status(f"computing {name}…")
        self._compute(name)

    @work(thread=True, exclusive=True, group="tables-compute", exit_on_error=False)
    def _compute(self, name: str) -> tuple[str, pl.DataFrame]:
        return name, self.app.workspace.table(name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "tables-compute":
            return
        if event.state == WorkerState.SUCCESS:
            name, frame = event.worker.result
            if name != self.current:
                return
            self.table.loading = False
            self.table.set_frame(frame, keep_view=True)
            self._update_status()
        elif event.state == WorkerState.ERROR:
            self.table.loading = False
            self.table.set_frame(pl.DataFrame())
            self._status(f"could not compute {self.current}: {event.worker.error}")
            self.notify(str(event.worker.error), title=f"table {self.current}", severity="error")

    # -- filter ----------------------------------------------------------------------------

    @on(Input.Changed, "#tables-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._update_status()

    @on(Input.Submitted, "#tables-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#tables-filter", Input).focus()

    def action_focus_picker(self) -> None:
        self.query_one("#tables-picker", OptionList).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#tables-filter", Input)
        if field.has_focus or not field.value:
            self.table.focus()
        field.value = ""

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.current is None or self.table.loading:
            self.notify("no table to export yet", severity="warning")
            return
        self.app.export_frame(self.table.shown, self.current)

    # -- status ----------------------------------------------------------------------------

    def on_frame_table_view_changed(self) -> None:
        self._update_status()

    def _status(self, text: str) -> None:
        self.query_one("#tables-status", Static).update(text)

    def _update_status(self) -> None:
        table = self.table
        if self.current is None:
            return
        parts = [
            f"{self.current}: {table.row_count:,} of {table.frame.height:,} rows",
            f"{len(table.frame.columns)} columns",
        ]
        if table.order is not None:
            parts.append(f"sorted by {table.order.column} {'▼' if table.order.descending else '▲'}")
        if table.filter_text:
            parts.append(f"filter {table.filter_text!r}")
        description = table_description(self.current)
        if description:
            parts.append(description)
        self._status(" · ".join(parts))
