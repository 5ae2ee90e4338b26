"""The Library screen: the corpus as a table, filtered, sorted, marked and opened in Compare."""

from __future__ import annotations

import polars as pl
from tui_support import sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.frame_query import SortOrder
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.library import LibraryScreen, articles_to_compare, library_frame

ARTICLES = pl.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "published": ["2012-06", None, "2019"],
        "outlet": ["CNN", "Monitor", "Times"],
        "author": ["X", None, "Z"],
        "title": ["One", "Two", "Three"],
        "words": [500, 600, 700],
    }
)
HITS = pl.DataFrame(
    {
        "article_id": ["a", "a", "a", "a", "b", "c"],
        "theme": ["reset", "syria", "iran", "trade", "reset", "syria"],
        "hits": [5, 9, 1, 3, 0, 2],
        "share_of_sentences": [0.1] * 6,
    }
)


def test_library_frame_lists_the_three_most_frequent_themes_of_each_article() -> None:
    frame = library_frame(ARTICLES, HITS)
    assert frame.columns == ["id", "date", "outlet", "author", "title", "words", "themes"]
    assert frame["themes"].to_list() == ["syria, reset, trade", None, "syria"]
    assert frame["id"].to_list() == ["a", "b", "c"]  # the corpus order is kept
    assert library_frame(ARTICLES, None)["themes"].null_count() == 3


def test_articles_to_compare_prefers_marks_then_current_and_next() -> None:
    shown = ["a", "b", "c", "d"]
    assert articles_to_compare(shown, ["c", "a"], 0) == ["c", "a"]
    assert articles_to_compare(shown, [], 1) == ["b", "c"]
    assert articles_to_compare(shown, [], 3) == ["d", "a"]  # the last row pairs with the first
    assert articles_to_compare(shown, ["d"], 0) == ["d", "a"]
    assert articles_to_compare(shown, ["a", "b", "c", "d", "e"], 0) == ["a", "b", "c", "d"]
    assert articles_to_compare(["a"], [], 0) == ["a"]


async def _library(app: WorkbenchApp, pilot) -> LibraryScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


@sync
async def test_library_shows_every_article_with_dates_and_themes(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _library(app, pilot)
        table = screen.table
        articles = bundled_workspace.table("articles")
        assert table.row_count == articles.height
        assert table.shown["id"].to_list() == articles["article_id"].to_list()
        assert table.shown["themes"].null_count() < table.row_count  # themes were filled in
        first = table.render_line(1).text
        assert articles["article_id"][0] in first and str(articles["words"][0]) in first


@sync
async def test_typing_a_filter_narrows_the_rows_and_escape_clears_it(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _library(app, pilot)
        await pilot.press("slash", *"outlet:moscow")
        assert screen.table.shown["outlet"].to_list() == ["The Moscow Times"]
        await pilot.press("enter")  # back to the table
        assert screen.table.has_focus
        await pilot.press("escape")
        assert screen.table.row_count == bundled_workspace.table("articles").height


@sync
async def test_sort_key_sorts_by_the_cursor_column(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _library(app, pilot)
        table = screen.table
        table.cursor_column = table.frame.columns.index("words")
        await pilot.press("s", "s")
        assert table.order == SortOrder("words", descending=True)
        words = table.shown["words"].to_list()
        assert words == sorted(words, reverse=True)
        assert "words ▼" in table.render_line(0).text


@sync
async def test_marked_articles_open_side_by_side_in_compare(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _library(app, pilot)
        ids = screen.table.shown["id"].to_list()
        await pilot.press("space", "j", "space")  # mark rows 0 and 2
        assert screen.marked == [ids[0], ids[2]]
        assert "●" in screen.table.render_line(1).text
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids == [ids[0], ids[2]]
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_enter_without_marks_compares_the_current_article_with_the_next(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _library(app, pilot)
        ids = screen.table.shown["id"].to_list()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.model.article_ids == [ids[1], ids[2]]
        # The Compare key comes back to the last comparison from anywhere.
        await pilot.press("escape", "3", "2")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.model.article_ids == [ids[1], ids[2]]
