"""LibraryScreen: the corpus as a table; filter, sort, mark articles and compare them.

The filter looks at everything an article has (``workbench.analysis.query.article_facts``):
every theme with its count of hits, the outlet, author, words, year and the full text, not
only the cells on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from workbench.analysis.query import article_facts
from workbench.corpus.document import INFERRED_DATE_SOURCES
from workbench.corpus.outlet import INFERRED_OUTLET_SOURCES
from workbench.tui.frame_query import SortOrder
from workbench.tui.screens.base import TableScreen, filter_bindings
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.workspace import Workspace

LIBRARY_COLUMNS = ("id", "date", "outlet", "author", "title", "words", "themes")
MAX_COMPARE = 4
# The counts in the themes column (``syria_war 12, sanctions 1``): each ends a theme's entry.
_THEME_COUNTS = (
    pl.col("themes")
    .str.extract_all(r"\d+(?:,|$)")
    .list.eval(pl.element().str.strip_chars(",").cast(pl.Int64))
)
# The themes column sorts by what it says, not by its text: the hits of every theme together,
# then how many themes (an article with no theme hit has none of either).
LIBRARY_SORT_KEYS = {
    "themes": (
        _THEME_COUNTS.list.sum().fill_null(0),
        _THEME_COUNTS.list.len().fill_null(0),
    )
}


def library_frame(articles: pl.DataFrame, theme_by_article: pl.DataFrame | None) -> pl.DataFrame:
    """The Library's rows: one per article with its date, outlet, author, words, themes.

    ``themes`` lists every theme with a hit, most hits first, each with its count
    (``syria_war 12, sanctions 1``); the column shows what fits, the row view (v) all of it.
    """
    # A date inferred from the text or the file name is marked "~" (after it, so that the
    # column still sorts by date): it is never shown as certain.
    inferred = (
        pl.col("date_source").is_in(list(INFERRED_DATE_SOURCES))
        if "date_source" in articles.columns
        else pl.lit(False)
    )
    # So is an outlet found in the file rather than given (its address, name or furniture).
    outlet_inferred = (
        pl.col("outlet_source").is_in(list(INFERRED_OUTLET_SOURCES))
        if "outlet_source" in articles.columns
        else pl.lit(False)
    )
    frame = articles.select(
        pl.col("article_id").alias("id"),
        pl.when(inferred)
        .then(pl.col("published") + "~")
        .otherwise(pl.col("published"))
        .alias("date"),
        pl.when(outlet_inferred)
        .then(pl.col("outlet") + "~")
        .otherwise(pl.col("outlet"))
        .alias("outlet"),
        "author",
        "title",
        "words",
    )
    if theme_by_article is None or theme_by_article.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("themes"))
    counted = (
        theme_by_article.filter(pl.col("hits") > 0)
        .sort(["article_id", "hits", "theme"], descending=[False, True, False])
        .group_by("article_id", maintain_order=True)
        .agg(pl.format("{} {}", pl.col("theme"), pl.col("hits")).str.join(", ").alias("themes"))
        .rename({"article_id": "id"})
    )
    return frame.join(counted, on="id", how="left", maintain_order="left")


def library_view(workspace: Workspace) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Library's rows and, row for row, the facts its filter reads (off the UI thread)."""
    articles = workspace.table("articles")
    by_article = workspace.table("theme_by_article")
    facts = article_facts(articles, by_article, workspace.corpus.documents)
    return library_frame(articles, by_article), facts


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
        Binding(
            "enter",
            "open_compare",
            "Compare",
            tooltip="Open the marked articles side by side (none marked: this one and the next)",
            id="library.open-compare",
        ),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            tooltip="Mark or unmark the article under the cursor, then move down",
            id="library.mark",
        ),
        Binding("u", "clear_marks", "Unmark all", show=False, id="library.clear-marks"),
        *filter_bindings("library"),
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
            "year:2013..2014 theme:sanctions|crimea outlet:cnn words<800 -syria, any word "
            "of the text · ? syntax",
            id="library-bar",
            input_id="library-filter",
            what="article",
        )
        yield FrameTable(
            id="library-table",
            filtered_empty_text="no article matches the filter",
            max_column_width=44,
            min_widths={"title": 28, "date": 10},
            marked_key="id",
            sort_keys=LIBRARY_SORT_KEYS,
        )
        yield Static("", id="library-status")
        yield KeyFooter()

    def workspace_ready(self, workspace: Workspace) -> None:
        self.table.set_frame(library_frame(workspace.table("articles"), None))
        self._update_status()
        run_work(
            self,
            "loading the themes of the articles",
            lambda: library_view(workspace),
            self._loaded,
        )

    def _loaded(self, view: tuple[pl.DataFrame, pl.DataFrame]) -> None:
        """Fill the themes column, and let the filter read every fact, once themes are found."""
        frame, facts = view
        row = self.table.cursor_row
        self.table.set_frame(frame, keep_view=True, facts=facts)
        self.table.move_cursor(row)
        self._update_status()
        self.mark_ready()

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
        """Compare the marked articles, else the one under the cursor and the next."""
        if self.filter_bar is not None and self.filter_bar.input.has_focus:
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
        if self.marked:  # the marks have done their work; `2` comes back to this comparison
            self.action_clear_marks()
        self.app.open_compare(ids)

    def on_frame_table_row_selected(self) -> None:
        self.action_open_compare()

    # -- status ----------------------------------------------------------------------------

    def on_frame_table_view_changed(self, _event: FrameTable.ViewChanged) -> None:
        self._update_status()

    def _update_status(self) -> None:
        table = self.table
        parts = [f"{table.row_count:,} of {counted(table.frame.height, 'article')}"]
        if table.filter_error is not None:
            last = f"“{table.applied_filter}”" if table.applied_filter else "none"
            parts[0] += f", by the last filter read ({last})"
        if self.marked:
            parts.append(f"marked {', '.join(self.marked)}")
        order: SortOrder | None = table.order
        if order is not None:
            meaning = " (hits)" if order.column in LIBRARY_SORT_KEYS else ""
            arrow = "▼" if order.descending else "▲"
            parts.append(f"sorted by {order.column}{meaning} {arrow}")
        parts.append("space marks and moves down · enter compares them")
        self.query_one("#library-status", Static).update(" · ".join(parts))
