"""Themes: the theme × year table with a timeline per theme (or theme × outlet), and a theme's
thread through time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import polars as pl
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll, Vertical
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Sparkline, Static

from workbench.analysis.query import filter_frame, highlight_terms
from workbench.errors import WorkbenchError
from workbench.tui.frame_query import column_widths
from workbench.tui.motion import Move, motion_bindings
from workbench.tui.screens.base import TableScreen, WorkbenchScreen, filter_bindings
from workbench.tui.timeline import (
    UNDATED,
    outlet_column,
    theme_outlet_frame,
    theme_totals,
    theme_year_frame,
    undated_values,
)
from workbench.tui.widgets.article_pane import sentence_label
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import HEADER_FLOOR, FrameTable
from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.workspace import Workspace

METRICS = ("hits", "per_1k_words", "articles")
# Themes are counted by year: undated articles' hits are in the threads and tables, not here.
NO_DATED_THEMES = "no theme hits in dated articles: themes are counted by year"
NO_THEME_HITS = "no theme hits"
NO_OUTLETS = "no article names its outlet: themes are counted by outlet where one is known"
# A thread over a big corpus is read by year: past this many articles the columns are years,
# and no column shows more passages than this (the title says how many were left out).
ARTICLE_COLUMNS_AT_MOST = 40
PASSAGES_PER_COLUMN_AT_MOST = 200
# Columns laid out at most: a theme of a large corpus is in thousands of articles, and a column
# per article of them all would take minutes to lay out (a filter narrows them to the rest).
COLUMNS_AT_MOST = 60
METRIC_LABELS = {"hits": "hits", "per_1k_words": "hits per 1,000 words", "articles": "articles"}
MATCH_STYLE = Style.parse("bold black on yellow")
SOURCE_STYLE = Style(dim=True, italic=True)
FOUND_STYLE = Style(bold=True, underline=True, reverse=True)
# The theme column's width at most (narrow terminals: the year columns need the room).
THEME_AT_MOST, THEME_AT_MOST_NARROW, WIDE = 22, 16, 100
OUTLET_HEADER_AT_LEAST = 12  # an outlet's column shows this much of its name at least
# A thread's columns share the width: as many side by side as are this wide at least, each at
# most this wide (a line of a lone column stays readable).
THREAD_COLUMN_AT_LEAST, THREAD_COLUMN_AT_MOST = 30, 64


def _peak(values: dict[int, float]) -> int | None:
    """The year of the highest value (the earliest of equals), None when every one is zero."""
    best = max(values.items(), key=lambda item: (item[1] or 0, -item[0]), default=None)
    return best[0] if best is not None and best[1] else None


def _longest(frame: pl.DataFrame) -> int:
    """The longest theme name of ``frame`` (0: no rows)."""
    return int(frame["theme"].str.len_chars().max() or 0) if frame.height else 0


def _cells(fixed: pl.DataFrame, theme_width: int) -> int:
    """Cells the columns other than the years take at their narrowest, with their gaps."""
    widths = column_widths(fixed, headers=False)
    total = 0
    for name, data in zip(fixed.columns, widths, strict=True):
        total += theme_width if name == "theme" else max(data, min(len(name), HEADER_FLOOR))
    return total + len(widths)


def thread_column_width(room: int, count: int) -> int:
    """The width of each of ``count`` thread columns in ``room`` cells: as many side by side
    as fit at ``THREAD_COLUMN_AT_LEAST`` share the room, the others are scrolled to."""
    side_by_side = max(1, min(count, room // THREAD_COLUMN_AT_LEAST))
    return max(min(room // side_by_side, THREAD_COLUMN_AT_MOST), 1)


def outlet_window(widths: list[int], room: int, first: int = 0) -> int:
    """How many outlet columns, from the ``first``, fit in ``room`` cells (each its width and
    a gap); at least one."""
    count, used = 0, 0
    for width in widths[first:]:
        if count and used + width + 1 > room:
            break
        used += width + 1
        count += 1
    return max(1, count) if widths[first:] else 0


def year_window(
    years: list[int], year_width: int, room: int, newest: int | None = None
) -> list[int]:
    """The years whose columns fit in ``room`` cells, ending at ``newest`` (default: the last).

    Each year column takes ``year_width`` cells and a gap; at least one year is shown.
    """
    if not years:
        return []
    end = years.index(newest) + 1 if newest in years else len(years)
    count = max(1, min(end, room // (year_width + 1)))
    return years[end - count : end]


class ThemesScreen(TableScreen):
    """The themes of the corpus by year, or by outlet (o); Enter opens a theme's thread."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_thread",
            "Open thread",
            tooltip="The theme's passages in date order, one column per article or year",
            id="themes.open-thread",
        ),
        Binding(
            "m",
            "cycle_metric",
            "Metric",
            tooltip="Show hits, hits per 1,000 words or articles in the year columns",
            id="themes.cycle-metric",
        ),
        Binding(
            "o",
            "toggle_outlets",
            "By outlet/year",
            tooltip="Columns by outlet instead of by year, and back",
            id="themes.by-outlet",
        ),
        Binding(
            "left_square_bracket",
            "shift_years(-1)",
            "Older years",
            show=False,
            tooltip="When not every column fits: show older years (or the outlets before)",
            id="themes.older-years",
        ),
        Binding(
            "right_square_bracket",
            "shift_years(1)",
            "Newer years",
            show=False,
            tooltip="When not every column fits: show newer years (or the outlets after)",
            id="themes.newer-years",
        ),
        *filter_bindings("themes"),
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
        self.undated = 0  # articles without a year: their hits have a column of their own
        self.undated_words = 0
        self.by_article: pl.DataFrame | None = None  # theme_by_article's undated rows
        self.totals: pl.DataFrame | None = None  # per theme, when no article has a year
        self.years: list[int] = []
        self.shown_years: list[int] = []  # the years with a column (the newest that fit)
        self.newest_shown: int | None = None  # None: the last year
        self.by_outlets = False  # columns by outlet rather than by year
        self.by_outlet: pl.DataFrame | None = None  # theme_by_outlet, read on the first "o"
        self.outlets: list[str] = []  # every outlet, most articles first
        self.first_outlet = 0  # the first outlet with a column
        self.shown_outlets: list[str] = []
        self.no_outlet = 0  # articles that name no outlet: not counted by outlet

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static("Themes by year", id="themes-title", markup=False)
        yield FilterBar(
            "#themes-table",
            "words · theme:a|b · hits>=10 · articles>=3 · -excluded",
            id="themes-bar",
            input_id="themes-filter",
            what="theme",
        )
        yield FrameTable(empty_text="loading themes…", id="themes-table")
        with Vertical(id="theme-detail"):
            yield Static("", id="theme-caption", markup=False)
            yield Sparkline([], id="theme-sparkline")
            yield Static("", id="theme-axis", markup=False)
        yield KeyFooter()

    def workspace_ready(self, workspace: Workspace) -> None:
        articles = workspace.corpus.articles
        self.undated = articles["year"].null_count()
        self.no_outlet = articles["outlet"].null_count() if "outlet" in articles.columns else 0
        self.undated_words = int(articles.filter(pl.col("year").is_null())["words"].sum() or 0)
        no_dates = articles.height > 0 and self.undated == articles.height

        def load() -> tuple[pl.DataFrame, pl.DataFrame | None, pl.DataFrame | None]:
            by_year = workspace.table("theme_by_year")
            if not self.undated:
                return by_year, None, None
            # The undated articles' rows alone (a lazy scan of a large index reads no more).
            scan = workspace.scan("theme_by_article").filter(pl.col("year").is_null())
            by_article = scan.collect()
            return by_year, by_article, theme_totals(by_article) if no_dates else None

        run_work(self, "loading themes", load, self._loaded)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 30, "-short")
        self.call_after_refresh(self._show)

    def _loaded(
        self, loaded: tuple[pl.DataFrame, pl.DataFrame | None, pl.DataFrame | None]
    ) -> None:
        self.by_year, self.by_article, self.totals = loaded
        self.table.empty_text = NO_THEME_HITS if self.totals is not None else NO_DATED_THEMES
        self._show()
        self.mark_ready()

    def _show(self) -> None:
        if self.by_outlets:
            self._show_outlets()
            return
        if self.by_year is None:
            return
        if self.totals is not None:  # no article has a year
            self.table.min_widths = {"theme": min(_longest(self.totals), THEME_AT_MOST)}
            self._put(self.totals, "Themes · no dated articles · hits in the whole corpus")
            return
        undated = None
        if self.by_article is not None:
            themes = self.by_year["theme"].unique().to_list()
            undated = undated_values(self.by_article, self.undated_words, self.metric, themes)
        frame, self.years = theme_year_frame(self.by_year, self.metric, undated)
        year_columns = [str(year) for year in self.years]
        region = self.table.content_region
        scrollbar = 1 if frame.height + 1 > region.height else 0
        width = region.width - scrollbar
        theme_width = min(_longest(frame), THEME_AT_MOST if width >= WIDE else THEME_AT_MOST_NARROW)
        year_width = max(column_widths(frame.select(year_columns), headers=False), default=4)
        year_width = max(year_width, 4)
        fixed = frame.drop(year_columns)
        if len(year_window(self.years, year_width, width - _cells(fixed, theme_width))) < len(
            self.years
        ):
            fixed = fixed.drop("peak")  # the caption below the table says it
        room = width - _cells(fixed, theme_width)
        self.shown_years = year_window(self.years, year_width, room, self.newest_shown)
        if self.shown_years and self.shown_years[-1] == self.years[-1]:
            self.newest_shown = None
        self.table.min_widths = {"theme": theme_width, "timeline": len(self.years)}
        leading = [name for name in fixed.columns if name != UNDATED]
        trailing = [UNDATED] if UNDATED in frame.columns else []
        shown = frame.select(*leading, *[str(year) for year in self.shown_years], *trailing)
        self._put(shown, self._title())

    def _show_outlets(self) -> None:
        """The theme × outlet table: the outlets with most articles that fit, from
        ``first_outlet``."""
        if self.by_outlet is None:
            return
        frame, self.outlets = theme_outlet_frame(self.by_outlet, self.metric)
        self.table.empty_text = NO_OUTLETS
        if not self.outlets:
            self.shown_outlets = []
            self._put(frame, "Themes by outlet · no article names its outlet")
            return
        columns = [outlet_column(outlet) for outlet in self.outlets]
        region = self.table.content_region
        scrollbar = 1 if frame.height + 1 > region.height else 0
        width = region.width - scrollbar
        theme_width = min(_longest(frame), THEME_AT_MOST if width >= WIDE else THEME_AT_MOST_NARROW)
        data = column_widths(frame.select(columns), headers=False)
        widths = [
            max(cells, min(len(name), OUTLET_HEADER_AT_LEAST))
            for cells, name in zip(data, columns, strict=True)
        ]
        fixed = frame.drop(columns)
        self.first_outlet = max(0, min(self.first_outlet, len(columns) - 1))
        count = outlet_window(widths, width - _cells(fixed, theme_width), self.first_outlet)
        shown = columns[self.first_outlet : self.first_outlet + count]
        self.shown_outlets = self.outlets[self.first_outlet : self.first_outlet + count]
        self.table.min_widths = {
            "theme": theme_width,
            **{name: min(len(name), OUTLET_HEADER_AT_LEAST) for name in shown},
        }
        self._put(frame.select(*fixed.columns, *shown), self._outlets_title())

    def _outlets_title(self) -> str:
        parts = [f"Themes by outlet · {counted(len(self.outlets), 'outlet')}"]
        parts.append(f"columns show {METRIC_LABELS[self.metric]}")
        if self.no_outlet:
            parts.append(f"{self.no_outlet:,} without an outlet")
        shown = len(self.shown_outlets)
        if shown < len(self.outlets):
            first = self.first_outlet + 1
            parts.append(f"{first}–{first + shown - 1} of {len(self.outlets)} ([ ])")
        return " · ".join(parts)

    def action_toggle_outlets(self) -> None:
        """Columns by outlet instead of by year, and back."""
        if self.by_outlets or self.by_outlet is not None:
            self.by_outlets = not self.by_outlets
            if not self.by_outlets:
                self.table.empty_text = (
                    NO_THEME_HITS if self.totals is not None else NO_DATED_THEMES
                )
            self._show()
            return
        workspace = self.workspace
        run_work(
            self,
            "loading themes by outlet",
            lambda: workspace.table("theme_by_outlet"),
            self._outlets_loaded,
        )

    def _outlets_loaded(self, by_outlet: pl.DataFrame) -> None:
        self.by_outlet = by_outlet
        self.by_outlets = True
        self._show()

    def _put(self, frame: pl.DataFrame, title: str) -> None:
        """Show ``frame`` in the table under ``title``, the detail following the cursor."""
        self.table.set_frame(frame, keep_view=True)
        self.query_one("#themes-title", Static).update(title)
        self.show_row(self.table.current_row())

    def _title(self) -> str:
        if not self.years:
            return "Themes · no dated articles"
        first, last = self.years[0], self.years[-1]
        parts = [f"Themes · {first}" if first == last else f"Themes · {first}–{last}"]
        parts.append(f"years show {METRIC_LABELS[self.metric]}")
        if self.undated:
            parts.append(f"{counted(self.undated, 'undated article')} in the last column")
        shown = self.shown_years
        if shown and len(shown) < len(self.years):
            parts.append(f"columns {shown[0]}–{shown[-1]} ([ older, ] newer)")
        return " · ".join(parts)

    def action_shift_years(self, delta: int) -> None:
        """Show older (-1) or newer (+1) years in the year columns, when not all of them fit
        (by outlet: the outlets before or after those shown)."""
        if self.by_outlets:
            shown = len(self.shown_outlets)
            if shown and shown < len(self.outlets):
                last = len(self.outlets) - shown
                self.first_outlet = max(0, min(self.first_outlet + delta * shown, last))
                self._show()
            return
        if not self.shown_years or len(self.shown_years) == len(self.years):
            return
        newest = self.years.index(self.shown_years[-1]) + delta * len(self.shown_years)
        newest = max(len(self.shown_years) - 1, min(newest, len(self.years) - 1))
        self.newest_shown = self.years[newest]
        self._show()

    def show_row(self, row: dict | None) -> None:
        caption = self.query_one("#theme-caption", Static)
        sparkline = self.query_one(Sparkline)
        axis = self.query_one("#theme-axis", Static)
        if self.by_outlets:
            self._show_outlet_row(row, caption, sparkline, axis)
            return
        if row is None or not self.years:
            caption.update("")
            sparkline.data = []
            axis.update("")
            return
        totals = self._totals(row["theme"])
        values = [float(totals.get(year) or 0) for year in self.years]
        sparkline.data = values
        caption.update(
            f"{row['theme']} · {METRIC_LABELS[self.metric]} by year · "
            f"{counted(row['hits'], 'hit')}, "
            f"peak {_peak(totals) or '—'}"
        )
        width = max(self.query_one("#theme-detail").content_region.width, 10)
        first, last = str(self.years[0]), str(self.years[-1])
        axis.update(first + " " * max(width - len(first) - len(last), 1) + last)

    def _show_outlet_row(
        self, row: dict | None, caption: Static, sparkline: Sparkline, axis: Static
    ) -> None:
        """The theme's metric over every outlet (bars in the outlets' order) and where most."""
        if row is None or self.by_outlet is None or not self.outlets:
            caption.update("")
            sparkline.data = []
            axis.update("")
            return
        values = dict(
            self.by_outlet.filter(pl.col("theme") == row["theme"])
            .select("outlet", self.metric)
            .iter_rows()
        )
        bars = [float(values.get(outlet) or 0) for outlet in self.outlets]
        sparkline.data = bars
        top = max(range(len(bars)), key=lambda k: (bars[k], -k)) if any(bars) else None
        most = self.outlets[top] if top is not None else "—"
        caption.update(
            f"{row['theme']} · {METRIC_LABELS[self.metric]} by outlet · "
            f"{counted(row['hits'], 'hit')}, "
            f"most in {most}"
        )
        width = max(self.query_one("#theme-detail").content_region.width, 10)
        first, last = self.outlets[0], self.outlets[-1]
        half = max(width // 2 - 1, 4)
        first, last = first[:half], last[:half] if len(self.outlets) > 1 else ""
        axis.update(first + " " * max(width - len(first) - len(last), 1) + last)

    def _totals(self, theme: str) -> dict[int, float]:
        """The metric of ``theme`` by year, every year (the columns may show only some)."""
        if self.by_year is None:
            return {}
        rows = (
            self.by_year.filter(pl.col("theme") == theme, pl.col("year").is_not_null())
            .group_by("year")
            .agg(pl.col(self.metric).sum())
        )
        return dict(zip(rows["year"].to_list(), rows[self.metric].to_list(), strict=True))

    def action_open_thread(self) -> None:
        """Open the highlighted theme's passages in date order (pressed while the themes load:
        once they are shown)."""
        self.table.when_loaded(self._open_current_thread)

    def _open_current_thread(self) -> None:
        """Open the thread of the theme under the cursor, if there is one."""
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


class Passage:
    """One passage of a thread column: its row, its source line and its text, marked."""

    def __init__(self, row: dict, grouping: str = "article", found: tuple[str, ...] = ()) -> None:
        self.row = row
        self.source = Text(passage_source(row, grouping), style=SOURCE_STYLE)
        body = highlight_matches(row["text"], row.get("matched_text") or [])
        for word in found:  # the words of the filter, underlined
            for match in re.finditer(re.escape(word), row["text"], flags=re.IGNORECASE):
                body.stylize(FOUND_STYLE, match.start(), match.end())
        self.body = body


def passage_source(row: dict, grouping: str) -> str:
    """Where a passage is from, on one line: its year and article (with outlet and title when
    the column is a year's), its sentence and its count of hits."""
    hits = len(row.get("matched_text") or ())
    counted = f"{hits} hits" if hits != 1 else "1 hit"
    year = str(row.get("year") or "undated")
    if grouping == "year":
        where = [row.get("published") or year, row["article_id"]]
        where += [value for value in (row.get("outlet"), row.get("title")) if value]
        return " · ".join([*where[:2], counted, *where[2:]])
    return f"{year} · {row['article_id']} · {sentence_label(row['sentence_id'])} · {counted}"


def hit_count(rows: list[dict]) -> int:
    """The hits of a list of thread rows (a passage may hold several)."""
    return sum(len(row.get("matched_text") or ()) for row in rows)


_HEAD, _GAP = -1, -2  # a column's lines that are no passage's: its head, a gap between passages


class ThreadColumn(ScrollView, can_focus=True):
    """The passages of one article (or one year) of a thread.

    The column draws its own lines (a ``ScrollView``): a widget per passage made a thread of a
    few thousand passages take seconds to lay out. Its passages are wrapped when the column is
    first drawn at a width, and only the lines in view are drawn.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *motion_bindings(
            "thread",
            Move("down", "move(1)", "Next passage", "next-passage"),
            Move("up", "move(-1)", "Prev passage", "prev-passage"),
            Move("home", "first", "First", "first-passage"),
            Move("end", "last", "Last", "last-passage"),
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "thread-column--head",
        "thread-column--current",
        "thread-column--bar",
    }

    DEFAULT_CSS = """
    ThreadColumn {
        width: 38;
        height: 1fr;
        border: round $panel;
        scrollbar-size-vertical: 1;
    }
    ThreadColumn:light { border: round $foreground 50%; }  /* as ArticlePane's */
    ThreadColumn:focus { border: round $accent; }
    ThreadColumn > .thread-column--head { text-style: bold; }
    ThreadColumn > .thread-column--current { background: $boost; }
    ThreadColumn > .thread-column--bar { color: $accent; }
    """

    def __init__(
        self,
        key: str,
        heading: str,
        title: str,
        rows: list[dict],
        grouping: str = "article",
        found: tuple[str, ...] = (),
        passages: int | None = None,
    ) -> None:
        super().__init__()
        self.found = found
        self.key = key
        self.rows = rows
        self.heading = heading
        self.title_text = title
        self.grouping = grouping
        self.current = 0
        self.border_title = heading
        self._passages: list[Passage] | None = None
        # The wrapped lines at ``_wrapped_at`` cells: (passage, or _HEAD or _GAP; line or None)
        self._lines: list[tuple[int, Text | None]] = []
        self._starts: list[tuple[int, int]] = []  # each passage's first line and its height
        self._wrapped_at = 0
        passages = len(rows) if passages is None else passages  # the column's, shown or not
        hits = counted(hit_count(rows), "hit")
        # The cut said first: a narrow column's footer is cut at its end.
        self.border_subtitle = (
            f"{hits} in {counted(len(rows), 'passage')}"
            if passages <= len(rows)
            else f"{len(rows):,} of {counted(passages, 'passage')} shown, {hits}"
        )

    @property
    def passages(self) -> list[Passage]:
        """The column's passages, marked (made when first asked for)."""
        if self._passages is None:
            self._passages = [Passage(row, self.grouping, self.found) for row in self.rows]
        return self._passages

    def _text_width(self) -> int:
        """Cells for a passage's text: the column less its scrollbar and a space either side."""
        return max(self.scrollable_content_region.width - 2, 4)

    def _wrap(self) -> None:
        """Wrap the head and the passages to the column's width, when it changed."""
        width = self._text_width()
        if width == self._wrapped_at:
            return
        console = self.app.console
        lines: list[tuple[int, Text | None]] = []
        head = Text(self.title_text)
        lines += [(_HEAD, line) for line in head.wrap(console, width)] if self.title_text else []
        lines.append((_GAP, None))
        starts = []
        for index, passage in enumerate(self.passages):
            first = len(lines)
            source = passage.source.copy()
            source.truncate(width, overflow="ellipsis")
            lines.append((index, source))
            lines += [(index, line) for line in passage.body.wrap(console, width)]
            starts.append((first, len(lines) - first))
            lines.append((_GAP, None))  # below a passage
        self._lines, self._starts, self._wrapped_at = lines, starts, width
        self.virtual_size = Size(self.scrollable_content_region.width, len(lines))

    def on_resize(self, _event: events.Resize) -> None:
        if self._wrapped_at and self._text_width() != self._wrapped_at:
            self._wrap()
            self._scroll_to_current()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of the column in view."""
        self._wrap()
        width = self.scrollable_content_region.width
        base = self.rich_style
        number = y + round(self.scroll_y)
        if number >= len(self._lines):
            return Strip.blank(width, base)
        index, line = self._lines[number]
        current = index == self.current and index >= 0 and self.has_focus
        style = base + self.get_component_rich_style("thread-column--current") if current else base
        if index == _HEAD and line is not None:
            line = line.copy()
            line.stylize_before(self.get_component_rich_style("thread-column--head"))
        if current:
            bar = Segment("▌", style + self.get_component_rich_style("thread-column--bar"))
        else:
            bar = Segment(" ", style)
        segments = [bar]
        if line is not None:
            segments += Segment.apply_style(line.render(self.app.console, end=""), style)
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def on_click(self, event: events.Click) -> None:
        """Make the passage clicked the current one."""
        offset = event.get_content_offset(self)
        if offset is None:  # on the border or the scrollbar
            return
        number = offset.y + round(self.scroll_y)
        if 0 <= number < len(self._lines) and self._lines[number][0] >= 0:
            self.current = self._lines[number][0]
            self._mark()

    def _scroll_to_current(self) -> None:
        if not self._starts:
            return
        first, height = self._starts[min(self.current, len(self._starts) - 1)]
        region = Region(0, first, self.scrollable_content_region.width, height)
        self.scroll_to_region(region, animate=False, top=False, immediate=True)

    def on_mount(self) -> None:
        self._mark()

    def _mark(self) -> None:
        """Show the current passage as such (when the column has focus), in view."""
        if self.is_mounted and self.scrollable_content_region.width:
            self._wrap()
            self._scroll_to_current()
        self.refresh()

    def on_focus(self) -> None:
        self._mark()

    def on_blur(self) -> None:
        self._mark()

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

    @property
    def current_passage(self) -> Passage | None:
        """The passage under the cursor, marked."""
        return self.passages[self.current] if self.rows else None


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


class ThreadColumns(HorizontalScroll, can_focus=False):
    """The columns of a thread, filtered by the filter bar (``Filterable``)."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.filter_text = ""
        self.filter_error: str | None = None
        self.applied_filter = ""
        self.row_count = 0  # passages that match the filter
        self.total_count = 0  # passages of the thread

    def set_filter(self, text: str) -> None:
        """Show the passages matching ``text`` (the screen rebuilds the columns)."""
        if text != self.filter_text:
            self.filter_text = text
            screen = self.screen
            if isinstance(screen, ThemeThreadScreen):
                screen.filter_passages()

    def filter_submitted(self) -> None:
        self.focus()

    def fit_columns(self) -> None:
        """Give the columns widths that fit whole ones side by side in the row."""
        columns = list(self.query(ThreadColumn))
        width = thread_column_width(self.scrollable_content_region.width, len(columns))
        for column in columns:
            column.styles.width = width

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_columns()

    def show_column(self, index: int) -> None:
        """Scroll by whole columns until column ``index`` is in view."""
        room = self.scrollable_content_region.width
        width = thread_column_width(room, len(self.query(ThreadColumn)))
        side_by_side = max(1, room // width)
        first = min(round(self.scroll_x) // width, index)
        first = max(first, index - side_by_side + 1)
        self.scroll_to(x=first * width, animate=False)

    def focus(self, scroll_visible: bool = True) -> ThreadColumns:
        """Focus the first column (a column holds the cursor, not the row of columns)."""
        columns = self.query(ThreadColumn)
        if columns:
            columns.first().focus(scroll_visible)
        return self


class ThemeThreadScreen(WorkbenchScreen):
    """A theme's passages in date order, one column per article (or per year)."""

    AUTO_FOCUS = "ThreadColumn"  # not the filter line: a column, once the passages are laid out

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,c", "compare", "Compare", id="thread.compare"),
        Binding("right,l", "column(1)", "Next column", id="thread.next-column"),
        Binding("left,h", "column(-1)", "Prev column", show=False, id="thread.prev-column"),
        Binding("tab", "column(1)", "Next column", show=False, id="thread.tab"),
        Binding("shift+tab", "column(-1)", "Prev column", show=False, id="thread.shift-tab"),
        Binding("y", "toggle_grouping", "Year/article", id="thread.toggle-grouping"),
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            tooltip="Keep the passages that match: words, article:003, year:2013..2014",
            id="thread.filter",
        ),
        Binding("escape", "back", "Back", tooltip="Clear the filter, else back", id="thread.back"),
    ]

    DEFAULT_CSS = """
    ThemeThreadScreen #thread-title { height: auto; padding: 0 1; background: $panel; }
    ThemeThreadScreen #thread-columns { height: 1fr; }
    ThemeThreadScreen .thread-empty {
        height: 1fr; content-align: center middle; color: $text-muted;
    }
    """

    def __init__(self, theme_id: str) -> None:
        super().__init__()
        self.theme_id = theme_id
        self.grouping = "article"
        self.thread: pl.DataFrame | None = None
        self._shown: pl.DataFrame | None = None  # the passages the filter keeps

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static(f"Thread · {self.theme_id} · loading…", id="thread-title", markup=False)
        yield FilterBar(
            "#thread-columns", id="thread-bar", input_id="thread-filter", what="passage"
        )
        yield ThreadColumns(id="thread-columns")
        yield KeyFooter()

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

    @property
    def filter_bar(self) -> FilterBar:
        """The filter line over the passages."""
        return self.query_one(FilterBar)

    @property
    def container(self) -> ThreadColumns:
        """The row of columns."""
        return self.query_one(ThreadColumns)

    def action_focus_filter(self) -> None:
        """Type a filter over the passages."""
        self.filter_bar.start()

    def filter_passages(self) -> None:
        """Rebuild the columns with the passages the filter keeps."""
        container = self.container
        try:
            self._shown = (
                filter_frame(self.thread, container.filter_text)
                if self.thread is not None
                else None
            )
        except WorkbenchError as error:
            container.filter_error = str(error)
        else:
            container.filter_error = None
            container.applied_filter = container.filter_text
            container.row_count = self._shown.height if self._shown is not None else 0
            self._build_columns()
        self.filter_bar.show_status()

    def _build_columns(self) -> None:
        """Lay the passages out again (a newer layout replaces one under way)."""
        if self.thread is not None:
            self.run_worker(self._lay_out(), group="thread-layout", exclusive=True)

    async def _lay_out(self) -> None:
        if self.thread is None:
            return
        shown = self._shown if self._shown is not None else self.thread
        container = self.container
        container.total_count = self.thread.height
        container.row_count = shown.height
        await container.remove_children()
        every = thread_columns(shown, self.grouping)
        specs, after = every[:COLUMNS_AT_MOST], every[COLUMNS_AT_MOST:]
        left_out = sum(max(len(rows) - PASSAGES_PER_COLUMN_AT_MOST, 0) for *_, rows in specs)
        left_out += sum(len(rows) for *_, rows in after)
        columns_left_out = len(after)
        passages = [len(rows) for *_, rows in specs]
        specs = [(*head, rows[:PASSAGES_PER_COLUMN_AT_MOST]) for *head, rows in specs]
        self.query_one("#thread-title", Static).update(self._title(left_out, columns_left_out))
        if not specs:
            empty = "No passage matches the filter." if shown is not self.thread else ""
            await container.mount(
                Static(empty or f"No passages for {self.theme_id}.", classes="thread-empty")
            )
            self.mark_ready()
            return
        found = highlight_terms(container.applied_filter).get(None, ())
        await container.mount_all(
            ThreadColumn(*spec, grouping=self.grouping, found=found, passages=count)
            for spec, count in zip(specs, passages, strict=True)
        )
        container.fit_columns()
        self._focus_first()
        self.mark_ready()

    def _title(self, left_out: int, columns_left_out: int = 0) -> str:
        """The thread's counts: hits (as the Themes table counts them) in passages (sentences),
        articles and years; what is not shown and why the table's count may differ."""
        thread = self.thread if self.thread is not None else pl.DataFrame()
        rows = thread.to_dicts()
        articles = thread["article_id"].n_unique() if thread.height else 0
        years = thread.filter(pl.col("year").is_not_null())["year"] if thread.height else None
        span = f" · {years.min()}–{years.max()}" if years is not None and years.len() else ""
        parts = [
            f"Thread · {self.theme_id} · {counted(hit_count(rows), 'hit')} in "
            f"{counted(len(rows), 'passage')} of {counted(articles, 'article')}{span}"
        ]
        undated = hit_count([row for row in rows if row["year"] is None])
        if undated:
            parts.append(f"{counted(undated, 'hit')} in undated articles (not in the year table)")
        if columns_left_out:
            parts.append(
                f"the first {COLUMNS_AT_MOST} {self.grouping}s shown, "
                f"{columns_left_out:,} more after them (/ narrows)"
            )
        if left_out:
            parts.append(f"{counted(left_out, 'passage')} not shown")
        parts.append(
            f"one column per {self.grouping} (y: change) · ←/→ columns, ↑/↓ passages, "
            "enter: compare"
        )
        return " · ".join(parts)

    def _focus_first(self) -> None:
        if self.filter_bar.input.has_focus and self.filter_bar.input.value:
            return  # the filter is being typed: the columns follow, the focus stays
        columns = self.columns
        if columns:
            columns[0].focus()

    def _focused_index(self) -> int:
        columns = self.columns
        return columns.index(self.focused) if self.focused in columns else 0

    def action_column(self, delta: int) -> None:
        """Move to the next or previous column, scrolling it into view (pressed while the
        passages load: once they are laid out)."""
        if not self.is_ready:
            self.when_ready(lambda: self.action_column(delta))
            return
        columns = self.columns
        if not columns:
            return
        index = max(0, min(len(columns) - 1, self._focused_index() + delta))
        columns[index].focus(scroll_visible=False)
        self.container.show_column(index)

    def action_toggle_grouping(self) -> None:
        """One column per article, or one per year."""
        self.grouping = "year" if self.grouping == "article" else "article"
        self.query_one("#thread-title", Static).update(
            f"Thread · {self.theme_id} · laying out one column per {self.grouping}…"
        )
        self._build_columns()

    def action_compare(self) -> None:
        """Compare the passage under the cursor with the next column's article (pressed while
        the passages load: once they are laid out)."""
        if not self.is_ready:
            self.when_ready(self.action_compare)
            return
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
        """Clear the filter (or leave its line), else back to the themes."""
        if self.filter_bar.input.has_focus or self.filter_bar.input.value:
            self.filter_bar.clear()
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


ThreadScreen = ThemeThreadScreen
