"""TablesScreen: any comparison table in a pane, sorted, filtered and exported as shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workbench.analysis.tables import TABLES, why_empty
from workbench.tui.row_open import CompareTarget, PhraseTarget, needs_partner, row_target
from workbench.tui.screens.base import TableScreen, filter_bindings
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import FrameTable, PreparedFrame, prepare_frame
from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.workspace import Workspace


# Text columns keep this many characters before the table scrolls sideways (v: the whole row).
TEXT_FLOOR = 16
PICKER_BESIDE_AT = 140  # terminal columns from which the table picker stays in view
# The picker's columns: each table's name, and its rows and columns once it has been computed.
PICKER_SCHEMA = {"table": pl.String, "rows": pl.Int64, "cols": pl.Int64}


def table_names() -> list[str]:
    """The names of the tables of ``workbench.tables.TABLES``, in registry order."""
    return list(TABLES)


def picker_frame(sizes: dict[str, tuple[int, int]] | None = None) -> pl.DataFrame:
    """The picker's rows: every table in registry order with its rows and columns where
    ``sizes`` knows them (a table computed in this session), else null (shown —)."""
    sizes = sizes or {}
    names = table_names()
    return pl.DataFrame(
        {
            "table": names,
            "rows": [sizes[name][0] if name in sizes else None for name in names],
            "cols": [sizes[name][1] if name in sizes else None for name in names],
        },
        schema=PICKER_SCHEMA,
    )


def table_description(name: str) -> str:
    """What the table ``name`` shows, in one line."""
    spec = TABLES.get(name)
    return spec.description if spec is not None else ""


class TablesScreen(TableScreen):
    """A table picker on the left, the chosen table on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_row",
            "Open row",
            tooltip="Open the row where it belongs: a pair or sentence in Compare, a phrase's "
            "lines in Phrases (other tables: the row in full)",
            id="tables.open-row",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Write the table as shown (filtered and sorted) to Parquet",
            id="tables.export",
        ),
        Binding(
            "t", "focus_picker", "Pick table", tooltip="Choose another table", id="tables.pick"
        ),
        Binding(
            "tab",
            "switch_focus",
            "Tables/table",
            show=False,
            tooltip="Between the list of tables and the table (the filter: /)",
            id="tables.switch-focus",
        ),
        *filter_bindings("tables"),
    ]

    DEFAULT_CSS = """
    TablesScreen #tables-body { height: 1fr; }
    TablesScreen #tables-picker {
        width: 32; height: 1fr;
        border: none; border-right: vkey $panel-lighten-2;
    }
    TablesScreen #tables-pane { width: 1fr; height: 1fr; }
    TablesScreen #tables-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    TablesScreen.-narrow #tables-picker { display: none; }
    TablesScreen.-narrow.-picking #tables-picker { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.current: str | None = None
        self._export_when_computed = False  # export was asked for while the table was computing
        self.sizes: dict[str, tuple[int, int]] = {}  # table → rows, columns, once computed

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Horizontal(id="tables-body"):
            # Sorted as every table is (s, or a click on a header); the cursor stays on its table.
            yield FrameTable(
                picker_frame(),
                id="tables-picker",
                empty_text="no tables",
                row_key="table",
                row_view=False,
            )
            with Vertical(id="tables-pane"):
                yield FilterBar("#tables-table", id="tables-bar", input_id="tables-filter")
                yield FrameTable(id="tables-table", text_floor=TEXT_FLOOR)
                yield Static("", id="tables-status")
        yield KeyFooter()

    @property
    def table(self) -> FrameTable:
        """The table shown (not the picker, a FrameTable too)."""
        return self.query_one("#tables-table", FrameTable)

    @property
    def picker(self) -> FrameTable:
        """The list of tables."""
        return self.query_one("#tables-picker", FrameTable)

    def on_mount(self) -> None:
        self.picker.move_cursor(0)
        self.picker.focus()
        self.add_class("-picking")

    def on_resize(self, event: events.Resize) -> None:
        # Below this width the picker shows only while a table is being picked (t), so that
        # the table has the whole width for its text.
        self.set_class(event.size.width < PICKER_BESIDE_AT, "-narrow")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.set_class(event.widget is self.picker, "-picking")
        self.refresh_bindings()  # "Pick table" shows only away from the list

    def workspace_ready(self, workspace: Workspace) -> None:
        row = self.picker.current_row()
        if row is not None:
            self.show_table(row["table"])

    @on(FrameTable.RowHighlighted, "#tables-picker")
    def _picked(self, event: FrameTable.RowHighlighted) -> None:
        event.stop()
        if event.row is not None:
            self.show_table(event.row["table"])

    def pick(self, name: str) -> None:
        """Highlight ``name`` in the picker and show it."""
        row = self.picker.find_row("table", name)
        if row is None:
            self.notify(f"no table named {name}", severity="warning")
            return
        self.picker.move_cursor(row)
        self.show_table(name)

    def show_table(self, name: str | None) -> None:
        """Compute (in a thread) and show the table ``name``."""
        if name is None or name == self.current or not self.has_workspace:
            return
        self.current = name
        self.table.wait_for_frame(f"computing {name}…")
        self._status(f"computing {name}…")
        workspace, limit = self.workspace, self.table.max_column_width
        run_work(
            self,
            f"computing table {name}",
            lambda: prepare_frame(workspace.view(name), limit),  # measured off the UI thread
            self._computed,
            failed=self._failed,
            group="tables-compute",
        )

    def _computed(self, frame: PreparedFrame) -> None:
        """The table asked for last is computed."""
        self.table.empty_text = self._no_rows_text(self.current)
        self.table.set_frame(frame, keep_view=True)
        self._update_status()
        if self.current is not None:
            self._count(self.current, frame.total, len(frame.frame.columns))
        if self._export_when_computed:
            self._export_when_computed = False
            self.action_export()
        self.mark_ready()

    def _count(self, name: str, rows: int, columns: int) -> None:
        """Show the size of the table ``name`` in the picker (kept in its sort)."""
        if self.sizes.get(name) != (rows, columns):
            self.sizes[name] = (rows, columns)
            self.picker.set_frame(picker_frame(self.sizes), keep_view=True)

    def _no_rows_text(self, name: str | None) -> str:
        """What an empty table says of itself."""
        if name is None:
            return "no rows"
        minimum = self.workspace.settings.table_align_threshold
        return why_empty(name, self.workspace.corpus.articles, minimum)

    def _failed(self, error: str) -> None:
        self._export_when_computed = False
        self.table.set_frame(pl.DataFrame())
        self._status(f"could not compute {self.current}: {error}")

    def action_focus_picker(self) -> None:
        self.picker.focus()

    def action_switch_focus(self) -> None:
        """From the list of tables (or the filter) to the table, and back to the list."""
        if self.focused is self.table:
            self.picker.focus()
        else:
            self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Pick table" only while the list of tables is not the focus (the footer has no room
        to spare at 80 columns)."""
        if action == "focus_picker" and self.focused is self.picker:
            return False
        return super().check_action(action, parameters)

    # -- open a row ----------------------------------------------------------------------------

    def action_open_row(self) -> None:
        """Open the row under the cursor where it belongs (see ``workbench.tui.row_open``)."""
        if self.filter_bar is not None and self.filter_bar.input.has_focus:
            self.table.focus()
            return
        if self.focused is self.picker:
            self.table.focus()
            return
        self.table.when_loaded(self._open_current_row)

    def _open_current_row(self) -> None:
        """Open the row under the table's cursor where it belongs."""
        row = self.table.current_row()
        if row is None or self.current is None:
            return
        name, frame, workspace = self.current, self.table.frame, self.workspace

        def target() -> CompareTarget | PhraseTarget | None:
            order = workspace.table("articles")["article_id"].to_list()
            # A large index's alignments as a scan: only the sentence's pairs are read.
            alignments = workspace.scan("alignments") if needs_partner(name) else None
            return row_target(name, row, order=order, frame=frame, alignments=alignments)

        run_work(self, "finding where the row opens", target, self._open)

    def _open(self, target: CompareTarget | PhraseTarget | None) -> None:
        if isinstance(target, CompareTarget):
            self.workbench.open_compare(list(target.article_ids), focus=target.focus)
        elif isinstance(target, PhraseTarget):
            self.workbench.open_phrase(target.phrase)
        else:
            self.table.action_view_row()

    def on_frame_table_row_selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        if event.table is self.picker:  # a table chosen (double click): read it
            if event.row is not None:
                self.show_table(event.row["table"])
            self.table.focus()
            return
        self.action_open_row()

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        """Write the table as shown to Parquet; its metadata records the filter and sort."""
        if self.current is None:
            self.notify("no table to export yet", severity="warning")
            return
        if self.table.waiting:
            self._export_when_computed = True
            self._status(f"computing {self.current}… (then export)")
            return
        # A large index's table goes as its query: the export streams it, never read whole here.
        self.workbench.export_frame(
            self.table.shown_frame, self.current, self.shown_query(), rows=self.table.row_count
        )

    def shown_query(self) -> dict[str, object]:
        """The filter and sort the table is shown with, as an export's metadata records them."""
        order = self.table.order
        return {"filter": self.table.applied_filter, "sort": [order.as_pair()] if order else []}

    # -- status ----------------------------------------------------------------------------

    def on_frame_table_view_changed(self, event: FrameTable.ViewChanged) -> None:
        if event.table is not self.picker:  # the status speaks of the table shown
            self._update_status()

    def _status(self, text: str) -> None:
        self.query_one("#tables-status", Static).update(text)

    def _update_status(self) -> None:
        table = self.table
        if self.current is None:
            return
        parts = [
            f"{self.current}: {table.row_count:,} of {counted(table.total_rows, 'row')}",
            counted(len(table.frame.columns), "column"),
        ]
        if not table.total_rows:  # why, in full (the table's own line is cut at its width)
            parts.insert(1, table.empty_text)
        if table.order is not None:
            parts.append(f"sorted by {table.order.column} {'▼' if table.order.descending else '▲'}")
        if table.applied_filter.strip():
            parts.append(f"filter {table.applied_filter.strip()!r}")
        description = table_description(self.current)
        if description:
            parts.append(description)
        self._status(" · ".join(parts))
