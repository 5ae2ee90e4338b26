"""FrameTable: a polars frame in a scrolling table that renders only the rows on screen.

Textual's DataTable copies every cell into the widget, which takes seconds and hundreds of
megabytes for a table of 300,000 sentences. FrameTable keeps the frame as it is and formats
the visible rows when they are drawn (the Line API), so a table of any length opens at once.
A lazy frame (a scan over the Parquet files of a large index) is never read whole: the row
count, the pages drawn, the filter and the sort are queries pushed down to the scan, and the
column widths come from a sample of the first rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import polars as pl
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.analysis.query import filter_columns, filter_expr, highlight_terms
from workbench.cells import cell_text
from workbench.errors import WorkbenchError
from workbench.tui.frame_query import (
    SortKeys,
    SortOrder,
    cell_widths,
    column_widths,
    fit_widths,
    sort_frame,
    sortable,
)
from workbench.tui.motion import Move, motion_bindings

_BLOCK = 64  # rows formatted together when drawing
_LAZY_BLOCK = 256  # rows read together from a lazy frame
_SAMPLE_ROWS = 2_000  # rows of a lazy frame read to lay the columns out
_GAP = 1  # spaces between columns
# When a table is wider than the screen, text columns keep at least this many characters by
# default (numbers and short codes keep their width): the rest scrolls sideways, and `v` shows
# a row whole.
TEXT_FLOOR = 8
SHORT_TEXT = 12  # a text column whose longest cell is no longer is a code (an id, a date)
HEADER_FLOOR = 7  # a header may be cut to this many characters over a narrower column


def _lazy_sample(frame: pl.LazyFrame, total: int) -> pl.DataFrame:
    """Rows to lay a lazy frame's columns out from: its first and last rows, and a row of
    each integer column's smallest and one of its largest value (numbers are never cut)."""
    sample = frame.head(_SAMPLE_ROWS).collect()
    if total > _SAMPLE_ROWS:
        sample = pl.concat([sample, frame.tail(_SAMPLE_ROWS // 4).collect()])
    integers = [name for name, dtype in sample.schema.items() if dtype.is_integer()]
    if integers:
        bounds = frame.select(
            *[pl.col(name).min().alias(f"{name}\x00min") for name in integers],
            *[pl.col(name).max().alias(f"{name}\x00max") for name in integers],
        ).collect()
        extremes = pl.DataFrame(
            {
                name: pl.Series(
                    [bounds[f"{name}\x00min"][0], bounds[f"{name}\x00max"][0]],
                    dtype=sample.schema[name],
                )
                for name in integers
            }
        )
        sample = pl.concat([sample, extremes], how="diagonal")
    return sample


@dataclass(frozen=True)
class PreparedFrame:
    """A frame measured for showing, which ``prepare_frame`` can do off the interface thread:
    a lazy frame's row count and sample are read, and every column's widths measured."""

    frame: pl.DataFrame  # the rows at hand: a lazy frame's first rows
    source: pl.LazyFrame | None  # the lazy frame, queried a page at a time
    total: int
    natural_widths: list[int]  # longest cell or header, at most the limit
    data_widths: list[int]  # longest cell, at most the limit


def prepare_frame(frame: pl.DataFrame | pl.LazyFrame, limit: int) -> PreparedFrame:
    """Measure ``frame`` for a table whose columns are at most ``limit`` wide (reads a lazy
    frame's count and a sample of its rows)."""
    measured = frame
    source = None
    if isinstance(frame, pl.LazyFrame):
        source = frame
        total = frame.select(pl.len()).collect().item()
        measured = _lazy_sample(frame, total)
        frame = measured.head(_SAMPLE_ROWS)
    else:
        total = frame.height
    longest = cell_widths(measured)
    natural = fit_widths(measured.columns, longest, limit, headers=True)
    data = fit_widths(measured.columns, longest, limit, headers=False)
    return PreparedFrame(frame, source, total, natural, data)


class FrameTable(ScrollView, can_focus=True):
    """A read-only table over a polars frame with a cursor, sorting and filtering.

    Until its first frame arrives (and while ``wait_for_frame`` says another is on its way)
    the table keeps the keys typed at it, moves and sorts, and makes them once the rows are
    there: a screen that reads its rows in a worker loses none of the keys typed meanwhile.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *motion_bindings(
            "table",
            Move("up", "cursor_up"),
            Move("down", "cursor_down"),
            Move("left", "cursor_left"),
            Move("right", "cursor_right"),
            Move("home", "cursor_top"),
            Move("end", "cursor_bottom"),
            Move("page_up", "page_up"),
            Move("page_down", "page_down"),
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            tooltip="Sort by the cursor's column (again: reverse, off)",
            id="table.sort",
        ),
        Binding(
            "v",
            "view_row",
            "View row",
            tooltip="Every cell of the row under the cursor in full",
            id="table.view-row",
        ),
    ]

    HELP_NAME = "Table"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "frame-table--header",
        "frame-table--header-cursor",
        "frame-table--cursor",
        "frame-table--cursor-cell",
        "frame-table--marked",
        "frame-table--empty",
        "frame-table--match",
    }

    DEFAULT_CSS = """
    FrameTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-size-vertical: 1;
        & > .frame-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .frame-table--header-cursor {
            text-style: bold underline;
            background: $panel;
            color: $accent;
        }
        & > .frame-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        & > .frame-table--cursor-cell {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: bold;
        }
        & > .frame-table--marked {
            color: $text-warning;
            text-style: bold;
        }
        & > .frame-table--empty {
            color: $text-muted;
            text-style: italic;
        }
        & > .frame-table--match {
            text-style: bold underline;
            color: $text-warning;
        }
        &:focus {
            & > .frame-table--cursor {
                background: $block-cursor-background 60%;
                color: $block-cursor-foreground;
            }
            & > .frame-table--cursor-cell {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: bold underline;
            }
        }
        &:ansi > .frame-table--header {
            background: ansi_default;
            color: ansi_default;
            text-style: bold reverse;
        }
        &:ansi > .frame-table--header-cursor {
            background: ansi_default;
            color: ansi_default;
            text-style: bold underline reverse;
        }
        &:ansi:focus > .frame-table--cursor {
            background: ansi_default;
            color: ansi_default;
            text-style: reverse;
        }
        &:ansi:focus > .frame-table--cursor-cell {
            background: ansi_default;
            color: ansi_default;
            text-style: reverse bold underline;
        }
        &:nocolor:focus > .frame-table--cursor, &:nocolor:focus > .frame-table--cursor-cell {
            text-style: reverse;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, init=False)
    cursor_column: reactive[int] = reactive(0, init=False)

    class _RowMessage(Message):
        """A message about one row of the table."""

        def __init__(self, table: FrameTable, row_index: int, row: dict | None) -> None:
            super().__init__()
            self.table = table
            self.row_index = row_index
            self.row = row

        @property
        def control(self) -> FrameTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row."""

    class RowSelected(_RowMessage):
        """The row under the cursor was clicked (keys are the screen's to bind)."""

    class ViewChanged(Message):
        """The rows shown changed (a new frame, sort or filter)."""

        def __init__(self, table: FrameTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FrameTable:
            return self.table

    def __init__(
        self,
        frame: pl.DataFrame | None = None,
        *,
        empty_text: str = "no rows",
        filtered_empty_text: str = "no row matches the filter",
        max_column_width: int = 40,
        min_widths: dict[str, int] | None = None,
        text_floor: int = TEXT_FLOOR,
        marked_key: str | None = None,
        sort_keys: SortKeys | None = None,
        row_key: str | None = None,
        row_view: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text  # shown when the frame has no rows
        self.filtered_empty_text = filtered_empty_text  # when the filter leaves none
        self.max_column_width = max_column_width
        self.min_widths = dict(min_widths or {})
        self.text_floor = text_floor
        self.frame = pl.DataFrame()
        self._shown: pl.DataFrame | pl.LazyFrame = pl.DataFrame()
        self._source: pl.LazyFrame | None = None  # a lazy frame shown a page at a time
        self._total = 0
        self._count = 0
        self.order: SortOrder | None = None
        self.filter_text = ""
        self.filter_error: str | None = None
        self.applied_filter = ""  # the filter the rows shown match (filter_text, unless malformed)
        # Columns the filter may look at beyond those shown, row for row with ``frame``.
        self.facts: pl.DataFrame | None = None
        self._needles: dict[str | None, tuple[str, ...]] = {}
        self.marked_key = marked_key  # the column naming the rows that can be marked (a gutter)
        self.marked: set[str] = set()
        # Columns sorted by what they mean rather than by their text (``frame_query.SortKeys``).
        self.sort_keys: SortKeys = dict(sort_keys or {})
        # The column naming each row: a new sort (or frame kept in view) keeps the cursor on
        # the row it was on rather than on the row at its place.
        self.row_key = row_key
        # Whether ``v`` shows a row in full (not for a list whose rows are short and few).
        self.row_view = row_view
        self._natural_widths: list[int] = []
        self._data_widths: list[int] = []
        self._widths: list[int] = []
        self._offsets: list[int] = []
        self._rows_cache: dict[int, list[tuple[str, ...]]] = {}
        self._blocks: dict[int, pl.DataFrame] = {}
        self._waiting = True  # no frame yet, or another on its way
        self.waiting_text: str | None = None  # shown in place of the rows while waiting
        self._on_frame: list[Callable[[], object]] = []  # what waits for the frame
        if frame is not None:
            self.set_frame(frame)

    # -- data ---------------------------------------------------------------------------

    def set_frame(
        self,
        frame: pl.DataFrame | pl.LazyFrame | PreparedFrame,
        *,
        keep_view: bool = False,
        facts: pl.DataFrame | None = None,
    ) -> None:
        """Show ``frame``; ``keep_view`` keeps the sort and filter when the columns allow.

        ``facts`` (as many rows as ``frame``, in its order) gives the filter more to look at
        than the columns shown: an article's every theme and its full text, say. A lazy frame
        is queried a page at a time: ``frame`` is then its first rows (a sample). A frame
        measured already (``prepare_frame``, in a worker) is shown without measuring again.
        """
        prepared = (
            frame
            if isinstance(frame, PreparedFrame)
            else prepare_frame(frame, self.max_column_width)
        )
        self._source = prepared.source
        self._total = prepared.total
        self.frame = frame = prepared.frame
        if prepared.source is not None:
            facts = None
        self.facts = facts if facts is not None and facts.height == frame.height else None
        self._natural_widths = prepared.natural_widths
        self._data_widths = prepared.data_widths
        if not keep_view:
            self.order = None
            self.filter_text = ""
            self.filter_error = None
            self.applied_filter = ""
        elif self.order is not None and self.order.column not in frame.columns:
            self.order = None
        self._requery(reset_cursor=not keep_view)
        self._stop_waiting()

    @property
    def waiting(self) -> bool:
        """Whether the table waits for its rows: no frame yet, or another on its way."""
        return self._waiting

    def wait_for_frame(self, text: str) -> None:
        """Show ``text`` in place of the rows until ``set_frame`` gives the next frame; the
        keys typed at the table meanwhile act on that frame."""
        self._waiting = True
        self.waiting_text = text
        self.refresh()

    def when_loaded(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` now, or once the frame the table waits for is shown."""
        if self._waiting:
            self._on_frame.append(callback)
        else:
            callback()

    def _stop_waiting(self) -> None:
        """The frame is shown: make what was asked of the table while it waited."""
        if not self._waiting:
            return
        self._waiting = False
        self.waiting_text = None
        waiting, self._on_frame = self._on_frame, []
        for callback in waiting:
            callback()

    def set_filter(self, text: str) -> None:
        """Show only the rows matching ``text`` (``workbench.analysis.query``'s language).

        A malformed filter (often one still being typed) keeps the rows shown and sets
        ``filter_error`` to say why; the filter bar shows it.
        """
        if text != self.filter_text:
            self.filter_text = text
            self._requery(reset_cursor=True)

    def cursor_to_filtered_column(self) -> None:
        """Put the column cursor on the first column the filter names (``score>=70``: score),
        so that ``s`` sorts by it."""
        columns = filter_columns(self.frame.schema, self.applied_filter)
        if columns:
            self.cursor_column = self.frame.columns.index(columns[0])

    def set_order(self, order: SortOrder | None) -> None:
        """Sort the rows shown by ``order`` (None: the frame's own order)."""
        self.order = order
        self._requery(reset_cursor=False)

    def _filtered(self) -> pl.DataFrame | pl.LazyFrame:
        """The frame's rows that match the filter; WorkbenchError if it is malformed. A lazy
        frame's filter is a query on it (run a page at a time)."""
        if self._source is not None:
            condition = filter_expr(self.frame.schema, self.filter_text)
            return self._source if condition is None else self._source.filter(condition)
        if self.facts is None:
            condition = filter_expr(self.frame.schema, self.filter_text)
            return self.frame if condition is None else self.frame.filter(condition)
        # The facts' columns first (an alias such as "date" finds the facts' own column),
        # then the columns shown that the facts do not have.
        extra = [name for name in self.frame.columns if name not in self.facts.columns]
        both = pl.concat([self.facts, self.frame.select(extra)], how="horizontal")
        condition = filter_expr(both.schema, self.filter_text)
        if condition is None:
            return self.frame
        return self.frame.filter(both.select(condition.alias("keep")).to_series())

    def _requery(self, reset_cursor: bool) -> None:
        kept = None if reset_cursor else self._cursor_key()
        try:
            shown = self._filtered()
        except WorkbenchError as error:
            self.filter_error = str(error)
            before = self._shown
            same = before.collect_schema().names() == self.frame.columns
            shown = before if same else self._source if self._source is not None else self.frame
        else:
            self.filter_error = None
            self.applied_filter = self.filter_text
            self._needles = highlight_terms(self.filter_text)
        self._shown = sort_frame(shown, self.order, self.sort_keys)
        if isinstance(self._shown, pl.LazyFrame):
            # The count of a lazy frame's rows: its files' metadata, or one pass of the filter.
            unfiltered = shown is self._source
            self._count = (
                self._total if unfiltered else self._shown.select(pl.len()).collect().item()
            )
        else:
            self._count = self._shown.height
        self._rows_cache.clear()
        self._blocks.clear()
        if self._source is not None and self._shown is self._source:
            self._seed_blocks()
        self._layout_columns()
        if reset_cursor:
            self.set_reactive(FrameTable.cursor_row, 0)
            self.scroll_to(y=0, animate=False)
        elif kept is not None:
            found = self.find_row(*kept)
            if found is not None and found != self.cursor_row:
                self.set_reactive(FrameTable.cursor_row, found)
            else:
                kept = None
        self.cursor_row = self._clamp_row(self.cursor_row)
        self.cursor_column = min(self.cursor_column, max(len(self.frame.columns) - 1, 0))
        if kept is not None:
            self._scroll_cursor_into_view()  # the row moved with the sort, the cursor with it
        self.refresh()
        self.post_message(self.ViewChanged(self))
        self._post_highlight()

    def _cursor_key(self) -> tuple[str, object] | None:
        """``row_key`` and its value in the row under the cursor (None: no key, no row)."""
        if self.row_key is None or not self.row_count:
            return None
        row = self.current_row()
        if row is None or self.row_key not in row:
            return None
        return self.row_key, row[self.row_key]

    @property
    def row_count(self) -> int:
        """How many rows are shown (after the filter)."""
        return self._count

    @property
    def total_rows(self) -> int:
        """How many rows the frame has (before the filter)."""
        return self._total

    @property
    def lazy(self) -> bool:
        """Whether the rows come from a lazy frame, a page at a time."""
        return self._source is not None

    @property
    def shown(self) -> pl.DataFrame:
        """The rows shown, sorted and filtered (a lazy frame's are read whole)."""
        if isinstance(self._shown, pl.LazyFrame):
            return self._shown.collect()
        return self._shown

    @property
    def shown_frame(self) -> pl.DataFrame | pl.LazyFrame:
        """The rows shown, sorted and filtered, as they are held: a lazy frame's as the query
        that gives them (nothing read; an export streams it to its file)."""
        return self._shown

    def find_row(self, column: str, value: object) -> int | None:
        """The first row shown whose ``column`` is ``value`` (a query on a lazy frame)."""
        found = (
            self._shown.lazy()
            .with_row_index("_row")
            .filter(pl.col(column) == value)
            .select("_row")
            .head(1)
            .collect()
        )
        return int(found["_row"][0]) if found.height else None

    @property
    def _block_size(self) -> int:
        return _LAZY_BLOCK if self.lazy else _BLOCK

    def _seed_blocks(self) -> None:
        """The first blocks of a lazy frame shown as it is, from the rows at hand (its sample
        is its first rows): the first page is drawn without reading."""
        size, held = _LAZY_BLOCK, self.frame.height
        whole = held >= self._total  # the rows at hand are every row
        for start in range(0, held, size):
            if start + size <= held or whole:
                self._blocks[start] = self.frame.slice(start, size)

    def _block(self, start: int) -> pl.DataFrame:
        """The block of rows shown from ``start`` (read once for a lazy frame, then kept)."""
        if not isinstance(self._shown, pl.LazyFrame):
            return self._shown.slice(start, self._block_size)
        block = self._blocks.get(start)
        if block is None:
            if len(self._blocks) > 16:
                self._blocks.clear()
            block = self._shown.slice(start, self._block_size).collect()
            self._blocks[start] = block
        return block

    @property
    def total_count(self) -> int:
        """How many rows the table has before the filter (a lazy one's, not its sample's)."""
        return self.total_rows

    def filter_submitted(self) -> None:
        """The filter was confirmed: the cursor goes to the column it names, the focus here."""
        self.cursor_to_filtered_column()
        self.focus()

    def current_row(self) -> dict | None:
        """The row under the cursor as a dict, or None when no row is shown."""
        if not self.row_count:
            return None
        start = self.cursor_row - self.cursor_row % self._block_size
        block = self._block(start)
        offset = self.cursor_row - start
        return block.row(offset, named=True) if offset < block.height else None

    def current_column(self) -> str | None:
        """The name of the column under the cursor."""
        columns = self.frame.columns
        return columns[self.cursor_column] if columns else None

    def set_marked(self, key_column: str | None, marked: set[str]) -> None:
        """Mark the rows whose ``key_column`` value is in ``marked``."""
        gutter_changed = (key_column is None) != (self.marked_key is None)
        self.marked_key = key_column
        self.marked = set(marked)
        if gutter_changed:
            self._layout_columns()
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` of the shown rows and scroll it into view."""
        self.cursor_row = self._clamp_row(row)

    # -- layout -------------------------------------------------------------------------

    def _layout_columns(self) -> None:
        widths = list(self._natural_widths)
        # Spread spare width over the columns that were cut short, so wide terminals show more.
        available = self._available_width()
        used = self._gutter + sum(widths) + _GAP * max(len(widths) - 1, 0)
        spare = available - used if available > 0 else 0
        if spare < 0 and widths:
            # Too wide: numbers and short codes (ids, years, dates) give up their width first,
            # down to their data (a cut number reads as another number; their headers may be
            # cut), then the text columns share what is left, the widest narrowed first, down
            # to ``text_floor`` (or the screen's minimum for a column); past that the table
            # scrolls sideways. Text is what a table of passages is read for.
            codes, texts, floors = [], [], []
            for index, (name, dtype) in enumerate(self.frame.schema.items()):
                data = self._data_widths[index]
                header = len(self._header_text(index, name))
                if dtype.is_numeric() or data <= SHORT_TEXT:
                    codes.append(index)
                    floor = max(data, min(header, HEADER_FLOOR))
                else:
                    texts.append(index)
                    floor = self.text_floor
                floors.append(min(widths[index], max(floor, self.min_widths.get(name, 0))))
            for group in (codes, texts):
                spare = _narrow(widths, floors, group, spare)
        if spare > 0 and widths:
            natural = [self._full_width(index) for index in range(len(widths))]
            for index, width in enumerate(widths):
                if spare <= 0:
                    break
                extra = min(natural[index] - width, spare)
                if extra > 0:
                    widths[index] += extra
                    spare -= extra
        self._widths = widths
        offsets, x = [], self._gutter
        for width in widths:
            offsets.append(x)
            x += width + _GAP
        self._offsets = offsets
        total = max(x - _GAP, 0)
        self.virtual_size = Size(total, self.row_count + 1)

    def _available_width(self) -> int:
        """Columns for cells, less a vertical scrollbar when the rows will need one.

        Derived from the row count rather than read from the scrollbar shown now, so the same
        table lays out the same whether its rows arrive before or after the first layout.
        """
        if not self.is_mounted:
            return 0
        region = self.content_region
        needs_scrollbar = self.row_count + 1 > region.height
        scrollbar = self.styles.scrollbar_size_vertical if needs_scrollbar else 0
        return max(region.width - scrollbar, 0)

    @property
    def _gutter(self) -> int:
        """Columns left of the first cell: a mark (●) when rows can be marked."""
        return 2 if self.marked_key is not None else 0

    def _full_width(self, index: int) -> int:
        """A truncated column's width if it were not capped (from the measured sample)."""
        if self._natural_widths[index] < self.max_column_width:
            return self._natural_widths[index]
        wide = column_widths(self.frame.select(self.frame.columns[index]), limit=400)
        return wide[0]

    def on_resize(self, event: events.Resize) -> None:
        self._layout_columns()
        self._scroll_cursor_into_view()
        self.refresh()

    # -- drawing ------------------------------------------------------------------------

    def _formatted_row(self, index: int) -> tuple[str, ...]:
        block = index - index % self._block_size
        rows = self._rows_cache.get(block)
        if rows is None:
            if len(self._rows_cache) > 64:
                self._rows_cache.clear()
            chunk = self._block(block)
            rows = [tuple(cell_text(v) for v in row) for row in chunk.iter_rows()]
            self._rows_cache[block] = rows
        return rows[index - block]

    @staticmethod
    def _fit(text: str, width: int, right: bool) -> str:
        """``text`` in ``width`` terminal cells (a wide character, as in Japanese or Chinese,
        takes two): cut with ``…`` when longer, padded when shorter."""
        cells = cell_len(text)
        if cells > width:
            return set_cell_size(text, max(width - 1, 0)) + "…"
        padding = " " * (width - cells)
        return padding + text if right else text + padding

    def _header_text(self, index: int, name: str) -> str:
        if self.order is not None and self.order.column == name:
            return f"{name} {'▼' if self.order.descending else '▲'}"
        return name

    def _header_cell(self, index: int, name: str, width: int, right: bool) -> str:
        """A column's header fitted to ``width``: a sorted column's arrow stays at the end
        when its name is cut (``publi…▲``)."""
        text = self._header_text(index, name)
        if cell_len(text) <= width or text == name:
            return self._fit(text, width, right)
        arrow = text[-1]
        return set_cell_size(name, width - 2) + "…" + arrow if width >= 2 else arrow[:width]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.waiting_text is not None:
            if y:
                return Strip.blank(width, base)
            empty = self.get_component_rich_style("frame-table--empty")
            return self._finish([Segment(" " + self.waiting_text, empty)], 0, width, base)
        if not self.frame.columns:
            return Strip.blank(width, base)
        numeric = [dtype.is_numeric() for dtype in self.frame.schema.values()]
        if y == 0:
            header = self.get_component_rich_style("frame-table--header")
            header_cursor = self.get_component_rich_style("frame-table--header-cursor")
            segments = [Segment(" " * self._gutter, header)] if self._gutter else []
            for index, name in enumerate(self.frame.columns):
                text = self._header_cell(index, name, self._widths[index], numeric[index])
                style = header_cursor if index == self.cursor_column else header
                segments.append(Segment(text, style))
                segments.append(Segment(" " * _GAP, header))
            return self._finish(segments, scroll_x, width, header)
        row_index = scroll_y + y - 1
        if row_index >= self.row_count:
            if row_index == 0:
                empty = self.get_component_rich_style("frame-table--empty")
                text = self.filtered_empty_text if self.applied_filter else self.empty_text
                return self._finish([Segment(" " + text, empty)], 0, width, base)
            return Strip.blank(width, base)
        cells = self._formatted_row(row_index)
        is_cursor = row_index == self.cursor_row
        is_marked = False
        if self._gutter and self.marked_key in self.frame.columns:
            is_marked = cells[self.frame.columns.index(self.marked_key)] in self.marked
        row_style = base
        if is_marked:
            row_style += self.get_component_rich_style("frame-table--marked", partial=True)
        if is_cursor:
            # The cursor's colours win over the mark's, which keeps only its boldness there.
            row_style += self.get_component_rich_style("frame-table--cursor")
        segments = []
        if self._gutter:
            segments.append(Segment("● " if is_marked else "  ", row_style))
        cell_cursor = base + self.get_component_rich_style("frame-table--cursor-cell")
        match = self.get_component_rich_style("frame-table--match", partial=True)
        for index, text in enumerate(cells):
            style = cell_cursor if is_cursor and index == self.cursor_column else row_style
            fitted = self._fit(text, self._widths[index], numeric[index])
            needles = self._needles_of(self.frame.columns[index])
            segments.extend(_highlighted(fitted, needles, style, style + match))
            segments.append(Segment(" " * _GAP, row_style))
        return self._finish(segments, scroll_x, width, row_style)

    def _needles_of(self, column: str) -> tuple[str, ...]:
        """The words of the filter to highlight in ``column``: free words and its own terms."""
        if not self._needles:
            return ()
        return self._needles.get(None, ()) + self._needles.get(column.lower(), ())

    @staticmethod
    def _finish(segments: list[Segment], scroll_x: int, width: int, fill: Style) -> Strip:
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, fill)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows_cache.clear()
        self.refresh()

    # -- cursor -------------------------------------------------------------------------

    def _clamp_row(self, row: int) -> int:
        return max(0, min(row, self.row_count - 1)) if self.row_count else 0

    def validate_cursor_row(self, row: int) -> int:
        return self._clamp_row(row)

    def validate_cursor_column(self, column: int) -> int:
        return max(0, min(column, len(self.frame.columns) - 1)) if self.frame.columns else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if old != new:
            self._post_highlight()

    def watch_cursor_column(self) -> None:
        self._scroll_cursor_into_view()
        self.refresh()

    def _post_highlight(self) -> None:
        self.post_message(self.RowHighlighted(self, self.cursor_row, self.current_row()))

    @property
    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        if not self.is_mounted:
            return
        top = round(self.scroll_y)
        height = self._body_height
        y = None
        if self.cursor_row < top:
            y = self.cursor_row
        elif self.cursor_row >= top + height:
            y = self.cursor_row - height + 1
        x = None
        if self._offsets:
            left = self._offsets[self.cursor_column]
            right = left + self._widths[self.cursor_column]
            view = self.scrollable_content_region.width
            if left < self.scroll_x:
                x = left
            elif right > self.scroll_x + view:
                x = max(right - view, 0) if self._widths[self.cursor_column] <= view else left
        if x is not None or y is not None:
            self.scroll_to(x=x, y=y, animate=False, force=True)

    def _move_rows(self, rows: int) -> None:
        """Move the cursor ``rows`` rows down (up when negative)."""
        self.cursor_row += rows

    def _move_columns(self, columns: int) -> None:
        """Move the cursor ``columns`` columns right (left when negative)."""
        self.cursor_column += columns

    def action_cursor_up(self) -> None:
        self.when_loaded(lambda: self._move_rows(-1))

    def action_cursor_down(self) -> None:
        self.when_loaded(lambda: self._move_rows(1))

    def action_cursor_left(self) -> None:
        self.when_loaded(lambda: self._move_columns(-1))

    def action_cursor_right(self) -> None:
        self.when_loaded(lambda: self._move_columns(1))

    def action_cursor_top(self) -> None:
        self.when_loaded(lambda: self.move_cursor(0))

    def action_cursor_bottom(self) -> None:
        self.when_loaded(lambda: self.move_cursor(self.row_count - 1))

    def action_page_up(self) -> None:
        self.when_loaded(lambda: self._move_rows(-self._body_height))

    def action_page_down(self) -> None:
        self.when_loaded(lambda: self._move_rows(self._body_height))

    def action_select(self) -> None:
        """Post RowSelected for the row under the cursor."""
        row = self.current_row()
        if row is not None:
            self.post_message(self.RowSelected(self, self.cursor_row, row))

    def action_sort(self) -> None:
        """Sort by the cursor's column: ascending, then descending, then unsorted."""
        self.when_loaded(self._cycle_sort)

    def _cycle_sort(self) -> None:
        """Sort by the cursor's column, or reverse or end the sort by it."""
        column = self.current_column()
        if column is None:
            return
        if column not in self.sort_keys and not sortable(self.frame.schema[column]):
            self.notify(f"column {column} holds lists and cannot be sorted", severity="warning")
            return
        order = self.order
        if order is None or order.column != column:
            self.set_order(SortOrder(column))
        elif not order.descending:
            self.set_order(SortOrder(column, descending=True))
        else:
            self.set_order(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``view_row`` only where rows are viewed in full (hidden from the footer elsewhere)."""
        if action == "view_row" and not self.row_view:
            return False
        return super().check_action(action, parameters)

    def action_view_row(self) -> None:
        """Show every cell of the row under the cursor in full, in a screen of its own."""
        self.when_loaded(self._view_row)

    def _view_row(self) -> None:
        """Push the row under the cursor in full."""
        row = self.current_row()
        if row is None:
            return
        from workbench.tui.screens.row_view import RowView

        title = f"row {self.cursor_row + 1:,} of {self.row_count:,}"
        self.app.push_screen(RowView(row, title))

    def on_click(self, event: events.Click) -> None:
        """Clicking a row moves the cursor there; clicking a header sorts by that column."""
        x = event.x + round(self.scroll_x)
        column = next(
            (
                i
                for i, left in enumerate(self._offsets)
                if left <= x < left + self._widths[i] + _GAP
            ),
            None,
        )
        if column is not None:
            self.cursor_column = column
        if event.y == 0:
            self.action_sort()
            return
        row = round(self.scroll_y) + event.y - 1
        if row == self.cursor_row and event.chain > 1:
            self.action_select()
        self.cursor_row = row


def _narrow(widths: list[int], floors: list[int], group: list[int], spare: int) -> int:
    """Narrow the columns of ``group``, the widest first, until ``spare`` is not negative or
    every one is at its floor; returns what is spare then (negative: still too wide)."""
    while spare < 0:
        candidates = [i for i in group if widths[i] > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        second = max((widths[i] for i in candidates if i != widest), default=0)
        cut = min(-spare, widths[widest] - floors[widest], max(widths[widest] - second, 1))
        widths[widest] -= cut
        spare += cut
    return spare


def _highlighted(text: str, needles: tuple[str, ...], style: Style, match: Style) -> list[Segment]:
    """``text`` as segments, the parts that match one of ``needles`` (lowercase) in ``match``."""
    if not needles or not text:
        return [Segment(text, style)]
    lowered = text.lower()
    marked = [False] * len(text)
    for needle in needles:
        start = lowered.find(needle)
        while start != -1 and needle:
            for position in range(start, min(start + len(needle), len(text))):
                marked[position] = True
            start = lowered.find(needle, start + 1)
    if not any(marked):
        return [Segment(text, style)]
    segments, start = [], 0
    for position in range(1, len(text) + 1):
        if position == len(text) or marked[position] != marked[start]:
            segments.append(Segment(text[start:position], match if marked[start] else style))
            start = position
    return segments
