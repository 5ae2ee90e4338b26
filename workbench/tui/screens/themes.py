"""Themes: the theme × year table with a timeline per theme, and a theme's thread through time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import polars as pl
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.widgets import Footer, Sparkline, Static

from workbench.tui.screens.base import TableScreen, WorkbenchScreen
from workbench.tui.timeline import theme_year_frame
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace

METRICS = ("hits", "per_1k_words", "articles")
# A thread over a big corpus is read by year: past this many articles the columns are years,
# and no column shows more passages than this (the title says how many were left out).
ARTICLE_COLUMNS_AT_MOST = 40
PASSAGES_PER_COLUMN_AT_MOST = 200
METRIC_LABELS = {"hits": "hits", "per_1k_words": "hits per 1,000 words", "articles": "articles"}
MATCH_STYLE = Style.parse("bold black on yellow")


class ThemesScreen(TableScreen):
    """The themes of the corpus by year; Enter opens a theme's thread."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_thread", "Thread", id="themes.open-thread"),
        Binding("m", "cycle_metric", "Metric", id="themes.cycle-metric"),
    ]

    DEFAULT_CSS = """
    ThemesScreen #themes-title { height: 1; padding: 0 1; background: $panel; color: $text; }
    ThemesScreen FrameTable { height: 1fr; }
    ThemesScreen #theme-detail {
        height: auto;
        border-top: hkey $panel;
        padding: 0 1;
    }
    ThemesScreen #theme-caption { height: 1; color: $text-muted; }
    ThemesScreen Sparkline { height: 3; }
    ThemesScreen #theme-axis { height: 1; color: $text-muted; }
    ThemesScreen.-short Sparkline { height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.metric = "hits"
        self.by_year: pl.DataFrame | None = None
        self.years: list[int] = []

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static("Themes by year", id="themes-title", markup=False)
        yield FrameTable(empty_text="loading themes…", id="themes-table")
        with Vertical(id="theme-detail"):
            yield Static("", id="theme-caption", markup=False)
            yield Sparkline([], id="theme-sparkline")
            yield Static("", id="theme-axis", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()

    def workspace_ready(self, workspace: Workspace) -> None:
        run_work(self, "loading themes", lambda: workspace.table("theme_by_year"), self._loaded)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 30, "-short")

    def _loaded(self, by_year: pl.DataFrame) -> None:
        self.by_year = by_year
        self._show()

    def _show(self) -> None:
        if self.by_year is None:
            return
        frame, self.years = theme_year_frame(self.by_year, self.metric)
        longest = frame["theme"].str.len_chars().max() if frame.height else 0
        self.table.min_widths = {"theme": min(longest or 0, 30), "timeline": len(self.years)}
        self.table.set_frame(frame, keep_view=True)
        span = f"{self.years[0]}–{self.years[-1]}" if self.years else "no dated articles"
        self.query_one("#themes-title", Static).update(
            f"Themes · {span} · years show {METRIC_LABELS[self.metric]}"
        )
        self.show_row(self.table.current_row())

    def show_row(self, row: dict | None) -> None:
        caption = self.query_one("#theme-caption", Static)
        sparkline = self.query_one(Sparkline)
        axis = self.query_one("#theme-axis", Static)
        if row is None or not self.years:
            caption.update("")
            sparkline.data = []
            axis.update("")
            return
        values = [float(row.get(str(year)) or 0) for year in self.years]
        sparkline.data = values
        caption.update(
            f"{row['theme']} · {METRIC_LABELS[self.metric]} by year · {row['hits']} hits, "
            f"peak {row['peak'] or '—'}"
        )
        width = max(self.query_one("#theme-detail").content_region.width, 10)
        first, last = str(self.years[0]), str(self.years[-1])
        axis.update(first + " " * max(width - len(first) - len(last), 1) + last)

    def action_open_thread(self) -> None:
        """Open the highlighted theme's passages in date order."""
        row = self.table.current_row()
        if row is not None:
            self.workbench.open_thread(row["theme"])

    @on(FrameTable.RowSelected, "#themes-table")
    def _selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        self.workbench.open_thread(event.row["theme"])

    def action_cycle_metric(self) -> None:
        """Show hits, hits per 1,000 words or articles in the year columns."""
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]
        self._show()


def highlight_matches(text: str, matches: list[str]) -> Text:
    """The passage with every matched phrase highlighted (case-insensitive)."""
    line = Text(text)
    for match in matches or ():
        needle = " ".join(match.split())
        if not needle:
            continue
        for found in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
            line.stylize(MATCH_STYLE, found.start(), found.end())
    return line


class Passage(Static, can_focus=False):
    """One passage of a thread column."""

    DEFAULT_CSS = """
    Passage { padding: 0 1; margin-bottom: 1; height: auto; }
    Passage.-current {
        background: $boost;
        border-left: thick $accent;
        padding-left: 0;
    }
    """

    def __init__(self, row: dict) -> None:
        super().__init__(highlight_matches(row["text"], row.get("matched_text") or []))
        self.row = row


class ThreadColumn(VerticalScroll, can_focus=True):
    """The passages of one article (or one year) of a thread."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Next passage", show=False, id="thread.next-passage"),
        Binding("up,k", "move(-1)", "Prev passage", show=False, id="thread.prev-passage"),
        Binding("home,g", "first", "First", show=False, id="thread.first-passage"),
        Binding("end,G", "last", "Last", show=False, id="thread.last-passage"),
    ]

    DEFAULT_CSS = """
    ThreadColumn {
        width: 38;
        height: 1fr;
        border: round $panel;
        scrollbar-size-vertical: 1;
    }
    ThreadColumn:focus { border: round $accent; }
    ThreadColumn > .column-head { text-style: bold; padding: 0 1; height: auto; margin-bottom: 1; }
    """

    def __init__(self, key: str, heading: str, title: str, rows: list[dict]) -> None:
        super().__init__()
        self.key = key
        self.rows = rows
        self.heading = heading
        self.title_text = title
        self.current = 0
        self.border_title = heading
        self.border_subtitle = f"{len(rows)} passage{'s' if len(rows) != 1 else ''}"

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, classes="column-head", markup=False)
        for row in self.rows:
            yield Passage(row)

    def on_mount(self) -> None:
        self._mark()

    def _mark(self, focused: bool | None = None) -> None:
        focused = self.has_focus if focused is None else focused
        passages = list(self.query(Passage))
        for index, passage in enumerate(passages):
            passage.set_class(index == self.current and focused, "-current")
        if passages:
            self.scroll_to_widget(passages[self.current], animate=False, top=False)

    def on_focus(self) -> None:
        # Runs before Textual's own focus handler, so has_focus is not yet set.
        self._mark(focused=True)

    def on_blur(self) -> None:
        self._mark(focused=False)

    def action_move(self, delta: int) -> None:
        """Move to the next or previous passage."""
        self.current = max(0, min(len(self.rows) - 1, self.current + delta))
        self._mark()

    def action_first(self) -> None:
        self.current = 0
        self._mark()

    def action_last(self) -> None:
        self.current = max(len(self.rows) - 1, 0)
        self._mark()

    @property
    def current_row(self) -> dict | None:
        """The passage under the cursor."""
        return self.rows[self.current] if self.rows else None


def thread_columns(thread: pl.DataFrame, by: str) -> list[tuple[str, str, str, list[dict]]]:
    """(key, heading, title, rows) per column in date order: one per article or per year."""
    columns: dict[str, tuple[str, str, list[dict]]] = {}
    for row in thread.iter_rows(named=True):
        if by == "year":
            key = str(row["year"]) if row["year"] is not None else "undated"
            heading, title = key, ""
        else:
            key = row["article_id"]
            heading = f"{row.get('published') or 'undated'} · {row.get('outlet') or '—'}"
            title = f"{row['article_id']} · {row.get('title') or ''}"
        if key not in columns:
            columns[key] = (heading, title, [])
        columns[key][2].append(row)
    if by == "year":
        result = []
        for key, (heading, _title, rows) in columns.items():
            articles = len({row["article_id"] for row in rows})
            result.append((key, heading, f"{articles} article{'s' if articles != 1 else ''}", rows))
        return result
    return [(key, heading, title, rows) for key, (heading, title, rows) in columns.items()]


class ThemeThreadScreen(WorkbenchScreen):
    """A theme's passages in date order, one column per article (or per year)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "column(1)", "Next column", id="thread.next-column"),
        Binding("left,h", "column(-1)", "Prev column", show=False, id="thread.prev-column"),
        Binding("tab", "column(1)", "Next column", show=False, id="thread.tab"),
        Binding("shift+tab", "column(-1)", "Prev column", show=False, id="thread.shift-tab"),
        Binding("y", "toggle_grouping", "Year/article", id="thread.toggle-grouping"),
        Binding("enter,c", "compare", "Compare", id="thread.compare"),
        Binding("escape", "back", "Back", id="thread.back"),
    ]

    DEFAULT_CSS = """
    ThemeThreadScreen #thread-title { height: auto; padding: 0 1; background: $panel; }
    ThemeThreadScreen #thread-columns { height: 1fr; }
    ThemeThreadScreen #thread-empty {
        height: 1fr; content-align: center middle; color: $text-muted;
    }
    """

    def __init__(self, theme_id: str) -> None:
        super().__init__()
        self.theme_id = theme_id
        self.grouping = "article"
        self.thread: pl.DataFrame | None = None

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static(f"Thread · {self.theme_id} · loading…", id="thread-title", markup=False)
        yield HorizontalScroll(id="thread-columns", can_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#thread-columns").loading = True

    def workspace_ready(self, workspace: Workspace) -> None:
        run_work(
            self,
            f"loading the thread of {self.theme_id}",
            lambda: workspace.theme_thread(self.theme_id),
            self._loaded,
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.query_one("#thread-columns").loading = False
        self.query_one("#thread-title", Static).update(f"Thread · {self.theme_id} · {message}")

    def _loaded(self, thread: pl.DataFrame) -> None:
        self.thread = thread
        if thread.height and thread["article_id"].n_unique() > ARTICLE_COLUMNS_AT_MOST:
            self.grouping = "year"
        self.query_one("#thread-columns").loading = False
        self._build_columns()

    @property
    def columns(self) -> list[ThreadColumn]:
        """The columns, in date order."""
        return list(self.query(ThreadColumn))

    def _build_columns(self) -> None:
        if self.thread is None:
            return
        container = self.query_one("#thread-columns", HorizontalScroll)
        container.remove_children()
        specs = thread_columns(self.thread, self.grouping)
        left_out = sum(max(len(rows) - PASSAGES_PER_COLUMN_AT_MOST, 0) for *_, rows in specs)
        specs = [(*head, rows[:PASSAGES_PER_COLUMN_AT_MOST]) for *head, rows in specs]
        articles = self.thread["article_id"].n_unique() if self.thread.height else 0
        years = self.thread.filter(pl.col("year").is_not_null())["year"]
        span = f" · {years.min()}–{years.max()}" if years.len() else ""
        hidden = f" ({left_out} not shown)" if left_out else ""
        self.query_one("#thread-title", Static).update(
            f"Thread · {self.theme_id} · {self.thread.height} passages{hidden} in {articles} "
            f"articles{span} · one column per {self.grouping} (y: change) · ←/→ columns, "
            "↑/↓ passages, enter: compare"
        )
        if not specs:
            container.mount(Static(f"No passages for {self.theme_id}.", id="thread-empty"))
            return
        container.mount_all(ThreadColumn(*spec) for spec in specs)
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        columns = self.columns
        if columns:
            columns[0].focus()

    def _focused_index(self) -> int:
        columns = self.columns
        return columns.index(self.focused) if self.focused in columns else 0

    def action_column(self, delta: int) -> None:
        """Move to the next or previous column, scrolling it into view."""
        columns = self.columns
        if not columns:
            return
        column = columns[max(0, min(len(columns) - 1, self._focused_index() + delta))]
        column.focus()
        self.query_one("#thread-columns").scroll_to_widget(column, animate=False)

    def action_toggle_grouping(self) -> None:
        """One column per article, or one per year."""
        self.grouping = "year" if self.grouping == "article" else "article"
        self._build_columns()

    def action_compare(self) -> None:
        """Compare the passage under the cursor with the next column's article."""
        columns = self.columns
        if not columns:
            return
        index = self._focused_index()
        row = columns[index].current_row
        if row is None:
            return
        others = [
            r["article_id"]
            for c in columns[index + 1 :] + columns[:index][::-1]
            for r in c.rows
            if r["article_id"] != row["article_id"]
        ]
        if not others:
            self.notify("The theme occurs in one article only.", title="Thread")
            return
        ids = [row["article_id"], others[0]]
        self.workbench.open_compare(ids, focus=(row["article_id"], row["sentence_id"]))

    def action_back(self) -> None:
        """Back to the themes."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


ThreadScreen = ThemeThreadScreen
