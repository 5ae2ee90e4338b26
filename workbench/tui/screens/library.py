"""LibraryScreen: the corpus as a table; filter, sort, mark articles and compare them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from workbench.corpus.ingest import INFERRED_DATE_SOURCES
from workbench.tui.frame_query import SortOrder
from workbench.tui.screens.base import TableScreen
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace

LIBRARY_COLUMNS = ("id", "date", "outlet", "author", "title", "words", "themes")
MAX_COMPARE = 4


def library_frame(articles: pl.DataFrame, theme_by_article: pl.DataFrame | None) -> pl.DataFrame:
    """The Library's rows: one per article with its date, outlet, author, words, top themes."""
    # A date inferred from the text or the file name is marked "~" (after it, so that the
    # column still sorts by date): it is never shown as certain.
    inferred = (
        pl.col("date_source").is_in(list(INFERRED_DATE_SOURCES))
        if "date_source" in articles.columns
        else pl.lit(False)
    )
    frame = articles.select(
        pl.col("article_id").alias("id"),
        pl.when(inferred)
        .then(pl.col("published") + "~")
        .otherwise(pl.col("published"))
        .alias("date"),
        "outlet",
        "author",
        "title",
        "words",
    )
    if theme_by_article is None or theme_by_article.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("themes"))
    top = (
        theme_by_article.filter(pl.col("hits") > 0)
        .sort(["article_id", "hits", "theme"], descending=[False, True, False])
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("theme").head(3).str.join(", ").alias("themes"))
        .rename({"article_id": "id"})
    )
    return frame.join(top, on="id", how="left", maintain_order="left")


def articles_to_compare(shown_ids: list[str], marked: list[str], current: int) -> list[str]:
    """The articles Enter opens: the marked ones, else the current one and the next."""
    if len(marked) >= 2:
        return marked[:MAX_COMPARE]
    ids = list(marked)
    if current < len(shown_ids) and shown_ids[current] not in ids:
        ids.append(shown_ids[current])
    for candidate in shown_ids[current + 1 :] + shown_ids[:current]:
        if len(ids) >= 2:
            break
        if candidate not in ids:
            ids.append(candidate)
    return ids


class LibraryScreen(TableScreen):
    """Every article of the corpus, one per row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_compare", "Compare", id="library.open-compare"),
        Binding("space", "toggle_mark", "Mark", id="library.mark"),
        Binding("u", "clear_marks", "Unmark all", show=False, id="library.clear-marks"),
        Binding("slash", "focus_filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear-filter"),
    ]

    DEFAULT_CSS = """
    LibraryScreen #library-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield FilterBar(
            "#library-table",
            "words, outlet:cnn, date:2013, words>800  (/ to type here)",
            id="library-bar",
            input_id="library-filter",
        )
        yield FrameTable(
            id="library-table",
            empty_text="no article matches the filter",
            max_column_width=44,
            min_widths={"title": 28, "date": 10},
        )
        yield Static("", id="library-status")
        yield Footer()

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.table.set_marked("id", set())
        self.table.focus()

    def workspace_ready(self, workspace: Workspace) -> None:
        self.table.set_frame(library_frame(workspace.table("articles"), None))
        self._update_status()
        run_work(
            self,
            "loading the themes of the articles",
            lambda: library_frame(workspace.table("articles"), workspace.table("theme_by_article")),
            self._themes_loaded,
        )

    def _themes_loaded(self, frame: pl.DataFrame) -> None:
        """Fill the themes column once theme hits are computed."""
        row = self.table.cursor_row
        self.table.set_frame(frame, keep_view=True)
        self.table.move_cursor(row)
        self._update_status()

    # -- filter -----------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.filter_bar.start()

    def action_clear_filter(self) -> None:
        self.filter_bar.clear()

    # -- marks and compare ---------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        article_id = row["id"]
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked.append(article_id)
        self.table.set_marked("id", set(self.marked))
        self.table.action_cursor_down()
        self._update_status()

    def action_clear_marks(self) -> None:
        self.marked.clear()
        self.table.set_marked("id", set())
        self._update_status()

    def action_open_compare(self) -> None:
        if self.filter_bar.input.has_focus:
            self.table.focus()
            return
        shown = self.table.shown
        if shown.is_empty():
            self.notify("no article to compare", severity="warning")
            return
        ids = articles_to_compare(shown["id"].to_list(), self.marked, self.table.cursor_row)
        if len(ids) < 2:
            self.notify("mark two articles with space to compare them", severity="warning")
            return
        if len(self.marked) > MAX_COMPARE:
            self.notify(f"comparing the first {MAX_COMPARE} marked articles")
        self.app.open_compare(ids)

    def on_frame_table_row_selected(self) -> None:
        self.action_open_compare()

    # -- status ----------------------------------------------------------------------------

    def on_frame_table_view_changed(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        table = self.table
        parts = [f"{table.row_count:,} of {table.frame.height:,} articles"]
        if self.marked:
            parts.append(f"marked {', '.join(self.marked)}")
        order: SortOrder | None = table.order
        if order is not None:
            parts.append(f"sorted by {order.column} {'▼' if order.descending else '▲'}")
        parts.append("space mark · enter compare · s sort column")
        self.query_one("#library-status", Static).update(" · ".join(parts))
