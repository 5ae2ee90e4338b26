"""Keyword-in-context lines: the match in a column of its own, context on both sides.

Lines are grouped by article under a heading (year · id · outlet), so that each line gives
its whole width to the context; lines repeated word for word in one article (a caption
printed twice) are shown once with their count (×4).
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.text_safety import safe_text
from workbench.tui.motion import Move, motion_bindings

_SPACE = re.compile(r"\s+")
MATCH_STYLE = Style.parse("bold black on yellow")
LABEL_STYLE = Style(dim=True)
HEADING_STYLE = Style(bold=True, dim=True)
COUNT_STYLE = Style(bold=True)
HEADING = "h"  # the id prefix of a heading option (lines' ids are their row numbers)


def collapse_kwic(lines: pl.DataFrame) -> pl.DataFrame:
    """The lines with those identical in one article (context and match) kept once, in order,
    with ``count``: how many there were."""
    if not lines.height:
        return lines.with_columns(pl.lit(1, dtype=pl.UInt32).alias("count"))
    key = ["article_id", "left", "match", "right"]
    return (
        lines.with_row_index("_order")
        .group_by(key, maintain_order=True)
        .agg(pl.all().first(), pl.len().cast(pl.UInt32).alias("count"))
        .sort("_order")
        .select(*lines.columns, "count")
    )


def kwic_heading(row: dict) -> Text:
    """``2013 · 003 · Reuters``: the article a run of lines comes from."""
    year = str(row.get("year") or "undated")
    parts = [year, row["article_id"], *([row["outlet"]] if row.get("outlet") else [])]
    text = Text(safe_text(" · ".join(parts), multiline=False), style=HEADING_STYLE)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def kwic_line(row: dict, context: int) -> Text:
    """``…left context MATCH right context…`` with the match at a fixed column; a line that
    stands for several identical ones ends with their count (``×4``)."""
    left = safe_text(_SPACE.sub(" ", row.get("left") or ""), multiline=False)
    right = safe_text(_SPACE.sub(" ", row.get("right") or ""), multiline=False)
    count = row.get("count") or 1
    mark = f" ×{count}" if count > 1 else ""
    room = max(context - len(mark), 0)
    line = Text(no_wrap=True, overflow="crop")
    line.append(_fit_left(left, context).rjust(context))
    line.append(safe_text(row["match"], multiline=False), style=MATCH_STYLE)
    line.append(_fit_right(right, room).ljust(room))
    if mark:
        line.append(mark, style=COUNT_STYLE)
    return line


def _fit_left(text: str, width: int) -> str:
    """The end of ``text`` in ``width`` characters: cut at a word, the cut marked ``…``."""
    if len(text) <= width:
        return text
    kept = text[len(text) - width + 1 :] if width > 1 else ""
    if kept[:1].strip() and text[len(text) - width].strip() and " " in kept:
        kept = kept[kept.index(" ") :]
    return ("…" + kept.lstrip())[-width:] if width else ""


def _fit_right(text: str, width: int) -> str:
    """The start of ``text`` in ``width`` characters: cut at a word, the cut marked ``…``."""
    if len(text) <= width:
        return text
    kept = text[: width - 1] if width > 1 else ""
    if kept[-1:].strip() and text[width - 1].strip() and " " in kept:
        kept = kept[: kept.rindex(" ")]
    return (kept.rstrip() + "…")[:width] if width else ""


def context_width(width: int, match: int) -> int:
    """Characters of context a side when a line is ``width`` cells and the match ``match``."""
    return max((width - match) // 2, 8)


class KwicList(OptionList):
    """The KWIC lines of one phrase, grouped by article; Enter selects a line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *motion_bindings(
            "kwic",
            Move("down", "cursor_down"),
            Move("up", "cursor_up"),
            Move("home", "first", "First", "first"),
            Move("end", "last", "Last", "last"),
        ),
    ]

    HELP_NAME = "KWIC lines"

    DEFAULT_CSS = """
    KwicList {
        height: 1fr;
        border: none;
        border-top: hkey $panel;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    KwicList:focus { border: none; border-top: hkey $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kwic_lines = pl.DataFrame()  # every line, as the workspace gave them
        self.shown_lines = pl.DataFrame()  # one per distinct line, with its count
        self._laid_width = 0

    def set_lines(self, lines: pl.DataFrame) -> None:
        """Show new lines (the cursor goes to the first)."""
        self.kwic_lines = lines
        self.shown_lines = collapse_kwic(lines) if lines.height else lines
        self.highlighted = None
        self._rebuild()

    def context_width(self) -> int:
        """Characters of context shown on each side of the match."""
        width = self.scrollable_content_region.width or 80
        if self.shown_lines.height:
            match = max(len(m) for m in self.shown_lines["match"].to_list())
        else:
            match = 10
        return context_width(width - 1, match)  # a cell spare: the scrollbar may come

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        context = self.context_width()
        self._laid_width = self.scrollable_content_region.width
        options: list[Option] = []
        article = None
        for index, row in enumerate(self.shown_lines.iter_rows(named=True)):
            if row["article_id"] != article:
                article = row["article_id"]
                options.append(Option(kwic_heading(row), id=f"{HEADING}{index}", disabled=True))
            options.append(Option(kwic_line(row, context), id=str(index)))
        self.clear_options()
        self.add_options(options)
        if options:
            first = next(i for i, option in enumerate(options) if not option.disabled)
            self.highlighted = highlighted if highlighted is not None else first

    def on_resize(self, _event: events.Resize) -> None:
        if self.shown_lines.height and self.scrollable_content_region.width != self._laid_width:
            self._rebuild()

    @property
    def current_index(self) -> int | None:
        """The row number (in ``shown_lines``) of the line under the cursor."""
        if self.highlighted is None or not self.shown_lines.height:
            return None
        option = self.get_option_at_index(self.highlighted)
        if option.id is None or option.id.startswith(HEADING):
            return None
        return int(option.id)

    def current_row(self) -> dict | None:
        """The KWIC row under the cursor (with ``count``: the identical lines it stands for)."""
        index = self.current_index
        return None if index is None else self.shown_lines.row(index, named=True)
