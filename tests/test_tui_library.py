"""The Library screen: the corpus as a table, filtered, sorted, marked and opened in Compare."""

from __future__ import annotations

import io

import polars as pl
from rich.console import Console
from tui_support import sync

from workbench.options import WorkspaceOptions
from workbench.tui.app import WorkbenchApp
from workbench.tui.frame_query import SortOrder, sort_frame
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.library import (
    LIBRARY_SORT_KEYS,
    LibraryScreen,
    articles_to_compare,
    library_frame,
)
from workbench.workspace import Workspace

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


def test_library_frame_lists_every_theme_of_each_article_with_its_count() -> None:
    frame = library_frame(ARTICLES, HITS)
    assert frame.columns == ["id", "date", "outlet", "author", "title", "words", "themes"]
    assert frame["themes"].to_list() == ["syria 9, reset 5, trade 3, iran 1", None, "syria 2"]
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
async def test_a_date_inferred_from_the_text_is_marked_as_such_even_at_80_columns(
    make_corpus, tmp_path
) -> None:
    prose = (
        "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to "
        "resume talks on Syria's chemical weapons, officials said after a long meeting.\n\n"
    )
    corpus = make_corpus(
        {
            "dated.txt": f"Kerry and Lavrov agree to resume talks\nSept. 13, 2013\n\n{prose * 2}",
            "listed.txt": f"Kerry meets Lavrov again\n\n{prose * 2}",
        },
        manifest='[[article]]\nid = "listed"\nfile = "listed.txt"\npublished = "2013-09-20"\n',
    )
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    articles = workspace.table("articles")
    assert {"date_source", "title_source", "language"} <= set(articles.columns)
    app = WorkbenchApp(workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _library(app, pilot)
        rows = {screen.table.render_line(n).text.split()[0]: n for n in (1, 2)}
        assert "2013-09-13~" in screen.table.render_line(rows["dated"]).text
        listed = screen.table.render_line(rows["listed"]).text
        assert "2013-09-20" in listed and "2013-09-20~" not in listed


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


def test_the_themes_column_sorts_by_its_hits_not_its_text() -> None:
    frame = library_frame(ARTICLES, HITS)
    up = sort_frame(frame, SortOrder("themes"), LIBRARY_SORT_KEYS)
    down = sort_frame(frame, SortOrder("themes", descending=True), LIBRARY_SORT_KEYS)
    assert up["id"].to_list() == ["b", "c", "a"]  # no hit, 2 hits, 18 hits
    assert down["id"].to_list() == ["a", "c", "b"]
    assert sort_frame(frame, SortOrder("themes"))["id"].to_list() == ["c", "a", "b"]  # as text


@sync
async def test_s_on_the_themes_column_sorts_articles_by_their_theme_hits(bundled_workspace) -> None:
    hits = (
        bundled_workspace.table("theme_by_article").group_by("article_id").agg(pl.col("hits").sum())
    )
    total = dict(zip(hits["article_id"].to_list(), hits["hits"].to_list(), strict=True))
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _library(app, pilot)
        table = screen.table
        table.cursor_column = table.frame.columns.index("themes")
        as_text = sorted(table.shown["id"].to_list(), key=lambda i: totals_text(table, i))
        await pilot.press("s")
        ids = table.shown["id"].to_list()
        assert [total.get(i, 0) for i in ids] == sorted(total.get(i, 0) for i in ids)
        assert ids != as_text  # the text would sort them otherwise
        await pilot.press("s")
        ids = table.shown["id"].to_list()
        assert total.get(ids[0], 0) == max(total.values())
        assert "themes ▼" in table.render_line(0).text
        assert "sorted by themes (hits) ▼" in str(screen.query_one("#library-status").render())


def totals_text(table, article_id: str) -> str:
    row = table.shown.filter(pl.col("id") == article_id)
    return row["themes"][0] or ""


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
        # back in the Library the marks are gone, and 2 still reopens the comparison
        assert screen.marked == []
        assert "●" not in screen.table.render_line(1).text
        assert "marked" not in str(screen.query_one("#library-status").render())
        assert app.last_compare == [ids[0], ids[2]]


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


# -- the filter reads everything an article has ------------------------------------------------


async def _filtered(app: WorkbenchApp, pilot, text: str) -> list[str]:
    """The ids the Library shows after typing ``text`` in its filter (then enter)."""
    screen = app.screen
    screen.filter_bar.input.value = ""
    await pilot.press("slash", *text, "enter")
    await pilot.pause()
    return screen.table.shown["id"].to_list()


@sync
async def test_the_library_filters_by_year_and_date_ranges_and_numbers(bundled_workspace) -> None:
    articles = bundled_workspace.table("articles")
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _library(app, pilot)

        def ids(condition: pl.Expr) -> list[str]:
            return articles.filter(condition)["article_id"].to_list()

        assert await _filtered(app, pilot, "year:2013..2014") == ids(
            pl.col("year").is_between(2013, 2014)
        )
        assert await _filtered(app, pilot, "year>=2013") == ids(pl.col("year") >= 2013)
        # A date known to the year only ("2013") may be May 2013 or later: it is kept.
        assert await _filtered(app, pilot, "date>=2013-05") == ids(
            (pl.col("published") + "-12").str.slice(0, 7) >= "2013-05"
        )
        assert await _filtered(app, pilot, "words<800") == ids(pl.col("words") < 800)
        assert 0 < len(await _filtered(app, pilot, "date>=2013")) < articles.height


@sync
async def test_the_library_filter_reads_every_theme_and_the_full_text(bundled_workspace) -> None:
    by_article = bundled_workspace.table("theme_by_article")
    # A theme an article has but that is not among its three most frequent.
    ranked = by_article.filter(pl.col("hits") > 0).with_columns(
        pl.col("hits")
        .rank("ordinal", descending=True)
        .over("article_id", order_by="theme")
        .alias("rank")
    )
    rare = ranked.filter(pl.col("rank") > 3).row(0, named=True)
    having = by_article.filter((pl.col("theme") == rare["theme"]) & (pl.col("hits") > 0))
    counted = having.filter(pl.col("hits") >= 2)["article_id"].to_list()
    # A word of an article's text that is in none of the Library's cells.
    documents = bundled_workspace.corpus.documents
    text = documents.filter(pl.col("article_id") == "003")["text"][0]
    word = next(
        w
        for w in sorted(set(text.lower().split()), key=len, reverse=True)
        if w.isalpha()
        and documents.filter(pl.col("text").str.to_lowercase().str.contains(w, literal=True)).height
        == 1
    )
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _library(app, pilot)
        shown = await _filtered(app, pilot, f"theme:{rare['theme']}")
        assert rare["article_id"] in shown
        assert sorted(shown) == sorted(having["article_id"].to_list())
        assert sorted(await _filtered(app, pilot, f"theme:{rare['theme']}>=2")) == sorted(counted)
        assert await _filtered(app, pilot, word) == ["003"]
        row = screen.table.shown.row(0, named=True)
        assert all(word not in str(value).lower() for value in row.values())  # not on screen
        assert (
            f"{rare['theme']} {rare['hits']}"
            in (screen.table.frame.filter(pl.col("id") == rare["article_id"])["themes"][0])
        )


@sync
async def test_a_filter_that_cannot_be_read_says_why_in_the_bar_and_keeps_the_rows(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    notified: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _library(app, pilot)
        app.notify = lambda message, **kw: notified.append(message)
        await pilot.press("slash", *"year>=2015")
        kept = screen.table.shown["id"].to_list()
        assert screen.filter_bar.status == f"{len(kept)} of 5 articles"
        screen.filter_bar.input.value = "year>=2015 yaer:20"  # a typo
        await pilot.pause()
        assert screen.table.shown["id"].to_list() == kept  # the last rows that could be read
        assert "'yaer' is not a field" in screen.filter_bar.status
        assert screen.filter_bar.query_one("#filter-status").has_class("-error")
        assert "did you mean year?" in screen.filter_bar.status
        assert notified == []  # typing never notifies
        # Confirmed as it is: said whole, the field kept to mend it, the rows told for what
        await pilot.press("enter")
        await pilot.pause()
        assert len(notified) == 1 and "'yaer' is not a field" in notified[0]
        assert screen.filter_bar.input.has_focus
        status = str(screen.query_one("#library-status").render())
        assert status.startswith(f"{len(kept)} of 5 articles, by the last filter read (“year>=2015")
        screen.filter_bar.input.value = "year>=2015"
        await pilot.pause()
        assert screen.table.filter_error is None and screen.filter_bar.status.endswith("articles")


@sync
async def test_a_filter_errors_way_out_is_in_view_at_80_columns(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _library(app, pilot)
        label = screen.filter_bar.query_one("#filter-status")
        await pilot.press("slash")
        for typed, way_out in [
            ("yaer:2013", "did you mean year?"),
            ("year:2014..2013", "did you mean 2013..2014?"),
            ("words>many", "'many' is not a number"),
            ("title>b", "'title' is text: use title:word"),
        ]:
            screen.filter_bar.input.value = typed
            await pilot.pause()
            shown = screen.filter_bar.status[: label.content_region.width]  # cut at its end
            assert way_out in shown, (typed, shown)


@sync
async def test_the_filter_syntax_and_the_mark_key_are_explained(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _library(app, pilot)
        placeholder = screen.filter_bar.input.placeholder
        assert "year:2013..2014" in placeholder and "theme:sanctions|crimea" in placeholder
        assert "space marks and moves down" in str(screen.query_one("#library-status").render())
        await pilot.press("question_mark")
        help_screen = app.screen
        mark = next(e for e in help_screen.entries if e.binding_id == "library.mark")
        assert "move down" in mark.description
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(help_screen._table())
        shown = console.export_text()
        assert "theme:sanctions>=2" in shown and "date>=2013-05" in shown


@sync
async def test_question_mark_first_in_the_filter_shows_the_syntax_not_a_search(
    bundled_workspace,
) -> None:
    from workbench.tui.screens.help import HelpScreen

    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _library(app, pilot)
        for mode in ("1", "3", "4", "5"):  # every screen's filter line alike
            await pilot.press(mode, "slash", "question_mark")
            assert isinstance(app.screen, HelpScreen), mode
            console = Console(width=100, record=True, file=io.StringIO())
            console.print(app.screen._table())
            shown = console.export_text()
            assert shown.startswith("Filter (/)") and "year:2013..2014" in shown  # syntax first
            await pilot.press("escape")
            assert app.screen.filter_bar.input.has_focus  # back where the filter is typed
            assert app.screen.filter_bar.input.value == ""
            await pilot.press("escape")
        # Inside a filter "?" is text like any other.
        await pilot.press("1", "slash", *"why?")
        assert screen.filter_bar.input.value == "why?"
        assert not isinstance(app.screen, HelpScreen)


def filtered_table_app(frame: pl.DataFrame):
    """An app of one plain table screen: a filter line over a table of ``frame``."""
    from textual.app import App

    from workbench.tui.screens.base import TableScreen
    from workbench.tui.widgets.filter_bar import FilterBar
    from workbench.tui.widgets.frame_table import FrameTable

    class Plain(TableScreen):  # no focus of its own on mount
        def compose(self):
            yield FilterBar("#rows", id="bar", input_id="filter")
            yield FrameTable(frame, id="rows")

    class Holder(App):
        workspace = None

        def on_mount(self) -> None:
            self.push_screen(Plain())

    return Holder()


@sync
async def test_a_table_screen_opens_on_its_table_not_on_its_filter_line():
    # The filter line is the first widget that takes focus: a key pressed as the screen opened
    # (before the screen moved focus to its table) was typed into the filter.
    from workbench.tui.widgets.filter_bar import FilterBar
    from workbench.tui.widgets.frame_table import FrameTable

    app = filtered_table_app(pl.DataFrame({"n": [1, 2, 3]}))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen.focused, FrameTable)
        await pilot.press("x")  # not typed into the filter
        assert app.screen.query_one(FilterBar).input.value == ""


@sync
async def test_a_long_list_is_filtered_once_typing_pauses_and_at_once_on_enter():
    from workbench.tui.widgets import filter_bar
    from workbench.tui.widgets.filter_bar import FilterBar
    from workbench.tui.widgets.frame_table import FrameTable

    rows = filter_bar.FILTER_AT_ONCE_ROWS + 1
    words = pl.DataFrame({"word": [f"w{n}" for n in range(rows)]})
    app = filtered_table_app(words)
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.screen.query_one(FrameTable)
        applied: list[str] = []
        set_filter = table.set_filter
        table.set_filter = lambda text: applied.append(text) or set_filter(text)
        app.screen.query_one(FilterBar).start()
        await pilot.press(*"w12")
        assert applied == []  # every key typed, none filtered yet
        await pilot.pause(filter_bar.TYPING_PAUSE_S * 3)
        assert applied == ["w12"] and table.row_count == words["word"].str.contains("w12").sum()
        await pilot.press("3", "enter")  # confirmed before the pause: filtered at once
        assert applied == ["w12", "w123"]
        assert app.screen.query_one(FilterBar).input.value == "w123"
