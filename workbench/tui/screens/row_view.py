"""RowView: one row of a table with every cell in full, one field a line, scrollable."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from workbench.cells import cell_text
from workbench.text_safety import safe_text
from workbench.tui.screens.scrolling import ScrollingModal, scroll_bindings


def full_text(value: object) -> str:
    """A cell in full: text as it is (paragraphs kept), lists one item a line, the rest a cell."""
    if isinstance(value, str):
        return safe_text(value.strip())
    if isinstance(value, list):
        return "\n".join(cell_text(item) for item in value) if value else "—"
    return cell_text(value)


def row_table(row: dict) -> Table:
    """The fields of ``row``: name on the left, the value wrapped on the right."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    for name, value in row.items():
        table.add_row(Text(safe_text(name, multiline=False)), Text(full_text(value)))
    return table


class RowView(ScrollingModal):
    """Every cell of one row; escape (or v) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", "Close", id="row.close"),
        *scroll_bindings("row"),
    ]

    DEFAULT_CSS = """
    RowView > Vertical { max-width: 120; }
    RowView #row-title { text-style: bold; color: $accent; }
    RowView #row-hint { color: $text-muted; }
    """

    def __init__(self, row: dict, title: str) -> None:
        super().__init__()
        self.row = row
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="row-title", markup=False)
            with VerticalScroll(id="row-body"):
                yield Static(row_table(self.row), id="row-cells")
            yield Label("escape close · j/k scroll", id="row-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
