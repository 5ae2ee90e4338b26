"""Keyword-in-context lines: the match in a column of its own, context on both sides."""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

_SPACE = re.compile(r"\s+")
MATCH_STYLE = Style.parse("bold black on yellow")
LABEL_STYLE = Style(dim=True)


def kwic_line(row: dict, context: int) -> Text:
    """``year id │ …left context MATCH right context…`` with the match at a fixed column."""
    year = str(row.get("year") or "----")
    line = Text(
        f"{year} {row['article_id']:<5} │ ", style=LABEL_STYLE, no_wrap=True, overflow="crop"
    )
    left = _SPACE.sub(" ", row.get("left") or "")
    right = _SPACE.sub(" ", row.get("right") or "")
    left = left[-context:] if len(left) > context else left
    line.append(left.rjust(context))
    line.append(row["match"], style=MATCH_STYLE)
    line.append(right[:context])
    return line


class KwicList(OptionList):
    """The KWIC lines of one phrase; Enter selects a line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="kwic.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="kwic.up"),
        Binding("home,g", "first", "First", show=False, id="kwic.first"),
        Binding("end,G", "last", "Last", show=False, id="kwic.last"),
    ]

    DEFAULT_CSS = """
    KwicList { height: 1fr; border: round $panel; }
    KwicList:focus { border: round $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kwic_lines = pl.DataFrame()
        self._laid_width = 0

    def set_lines(self, lines: pl.DataFrame) -> None:
        """Show new lines (the cursor goes to the first)."""
        self.kwic_lines = lines
        self._rebuild()

    def _context_width(self) -> int:
        # year (4) + id (5) + separators and match take the rest; context splits what is left.
        width = self.scrollable_content_region.width or 80
        match = (
            max((len(m) for m in self.kwic_lines["match"].to_list()), default=10)
            if self.kwic_lines.height
            else 10
        )
        return max((width - 14 - match - 2) // 2, 8)

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        context = self._context_width()
        self._laid_width = self.scrollable_content_region.width
        self.clear_options()
        self.add_options(
            Option(kwic_line(row, context), id=str(index))
            for index, row in enumerate(self.kwic_lines.iter_rows(named=True))
        )
        if self.kwic_lines.height:
            self.highlighted = min(highlighted or 0, self.kwic_lines.height - 1)

    def on_resize(self, _event: events.Resize) -> None:
        if self.kwic_lines.height and self.scrollable_content_region.width != self._laid_width:
            self._rebuild()

    def current_row(self) -> dict | None:
        """The KWIC row under the cursor."""
        if self.highlighted is None or not self.kwic_lines.height:
            return None
        return self.kwic_lines.row(self.highlighted, named=True)
