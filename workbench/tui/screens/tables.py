"""TablesScreen: any comparison table in a pane, sorted, filtered and exported as shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from workbench.analysis.tables import TABLES
from workbench.tui.screens.base import TableScreen
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.widgets.picker import Picker
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace


def table_names() -> list[str]:
    """The names of the tables of ``workbench.tables.TABLES``, in registry order."""
    return list(TABLES)


def table_description(name: str) -> str:
    """What the table ``name`` shows, in one line."""
    spec = TABLES.get(name)
    return spec.description if spec is not None else ""


class TablesScreen(TableScreen):
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
                yield FilterBar(
                    "#tables-table",
                    "words, column:text, column=value, column>number",
                    id="tables-bar",
                    input_id="tables-filter",
                )
                yield FrameTable(id="tables-table", empty_text="no row matches the filter")
                yield Static("", id="tables-status")
        yield Footer()

    @property
    def picker(self) -> OptionList:
        """The list of tables."""
        return self.query_one("#tables-picker", OptionList)

    def on_mount(self) -> None:
        self.picker.highlighted = 0
        self.picker.focus()

    def workspace_ready(self, workspace: Workspace) -> None:
        if self.picker.highlighted is not None:
            self.show_table(self.picker.get_option_at_index(self.picker.highlighted).id)

    @on(OptionList.OptionHighlighted, "#tables-picker")
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        self.show_table(event.option.id)

    @on(OptionList.OptionSelected, "#tables-picker")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.show_table(event.option.id)
        self.table.focus()

    def pick(self, name: str) -> None:
        """Highlight ``name`` in the picker and show it."""
        try:
            self.picker.highlighted = self.picker.get_option_index(name)
        except OptionDoesNotExist:
            self.notify(f"no table named {name}", severity="warning")
            return
        self.show_table(name)

    def show_table(self, name: str | None) -> None:
        """Compute (in a thread) and show the table ``name``."""
        if name is None or name == self.current or not self.has_workspace:
            return
        self.current = name
        self.table.loading = True
        self._status(f"computing {name}…")
        workspace = self.workspace
        run_work(
            self,
            f"computing table {name}",
            lambda: workspace.view(name),
            self._computed,
            failed=self._failed,
            group="tables-compute",
        )

    def _computed(self, frame: pl.DataFrame | pl.LazyFrame) -> None:
        """The table asked for last is computed."""
        self.table.loading = False
        self.table.set_frame(frame, keep_view=True)
        self._update_status()

    def _failed(self, error: str) -> None:
        self.table.loading = False
        self.table.set_frame(pl.DataFrame())
        self._status(f"could not compute {self.current}: {error}")

    # -- filter ----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one(FilterBar).start()

    def action_clear_filter(self) -> None:
        self.query_one(FilterBar).clear()

    def action_focus_picker(self) -> None:
        self.picker.focus()

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.current is None or self.table.loading:
            self.notify("no table to export yet", severity="warning")
            return
        self.workbench.export_frame(self.table.shown, self.current)

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
            f"{self.current}: {table.row_count:,} of {table.total_rows:,} rows",
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
