"""The Themes screen (theme × year table with timelines) and a theme's thread through time."""

from __future__ import annotations

import polars as pl
from tui_support import settle, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.themes import (
    Passage,
    ThemesScreen,
    ThemeThreadScreen,
    highlight_matches,
    thread_columns,
)
from workbench.tui.timeline import block_line, theme_year_frame


def test_block_line_scales_to_the_peak_and_dots_empty_years() -> None:
    assert block_line([0, 1, 2, 4, None]) == "·▃▅█·"
    assert block_line([0, 0]) == "··"


def test_theme_year_frame_has_a_column_per_year_of_the_span() -> None:
    by_year = pl.DataFrame(
        {
            "theme": ["reset", "reset", "syria"],
            "year": [2012, 2015, 2013],
            "articles": [1, 1, 2],
            "hits": [4, 2, 9],
            "per_1k_words": [1.0, 0.5, 3.0],
        }
    )
    frame, years = theme_year_frame(by_year, "hits")
    assert years == [2012, 2013, 2014, 2015]
    assert frame["theme"].to_list() == ["syria", "reset"]  # most hits first
    reset = frame.filter(pl.col("theme") == "reset").row(0, named=True)
    assert [reset[str(y)] for y in years] == [4, 0, 0, 2]
    assert reset["timeline"] == "█··▅" and reset["peak"] == 2012 and reset["hits"] == 6


def test_thread_columns_group_by_article_or_year_in_date_order() -> None:
    thread = pl.DataFrame(
        {
            "year": [2012, 2013, 2013, 2013],
            "published": ["2012-06", "2013", "2013", "2013-05"],
            "article_id": ["a", "b", "b", "c"],
            "outlet": ["CNN", "News", "News", "Monitor"],
            "title": ["One", "Two", "Two", "Three"],
            "sentence_id": [1, 4, 9, 2],
            "text": ["x"] * 4,
            "matched_text": [["x"]] * 4,
        }
    )
    by_article = thread_columns(thread, "article")
    assert [key for key, *_ in by_article] == ["a", "b", "c"]
    assert [len(rows) for *_, rows in by_article] == [1, 2, 1]
    assert by_article[0][1] == "2012-06 · CNN"
    by_year = thread_columns(thread, "year")
    assert [key for key, *_ in by_year] == ["2012", "2013"]
    assert by_year[1][2] == "2 articles"


def test_matched_phrases_are_highlighted_wherever_they_occur() -> None:
    text = highlight_matches("The Reset failed; the reset was over.", ["reset"])
    assert [text.plain[s.start : s.end] for s in text.spans] == ["Reset", "reset"]


@sync
async def test_enter_on_a_theme_opens_its_thread_in_date_order(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        themes = app.screen
        assert isinstance(themes, ThemesScreen)
        by_year = bundled_workspace.table("theme_by_year")
        assert themes.table.row_count == by_year["theme"].n_unique()
        row = themes.table.current_row()
        assert len(row["timeline"]) == len(themes.years)
        await pilot.press("enter")
        await settle(app, pilot)
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen) and thread.theme_id == row["theme"]
        columns = thread.columns
        expected = bundled_workspace.theme_thread(row["theme"])
        assert [c.key for c in columns] == list(dict.fromkeys(expected["article_id"].to_list()))
        order = bundled_workspace.table("articles")["article_id"].to_list()
        positions = [order.index(c.key) for c in columns]
        assert positions == sorted(positions)  # columns follow the corpus's date order
        assert thread.focused is columns[0]
        passage = columns[0].query(Passage).first()
        assert passage.has_class("-current") and passage.row["matched_text"]
        # Right moves to the next column; y regroups by year, still in date order.
        await pilot.press("l")
        assert thread.focused is thread.columns[1]
        await pilot.press("y")
        await settle(app, pilot)
        years = [c.key for c in thread.columns]
        assert years == sorted(years) and len(years) == expected["year"].n_unique()
        await pilot.press("escape")
        assert app.screen is themes


@sync
async def test_m_cycles_the_metric_of_the_year_columns(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        themes = app.screen
        assert themes.metric == "hits"
        await pilot.press("m")
        assert themes.metric == "per_1k_words"
        year = str(themes.years[0])
        assert themes.table.frame.schema[year] == pl.Float64


@sync
async def test_compare_from_a_thread_passage_focuses_that_sentence(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_thread("syria_war")
        await settle(app, pilot)
        thread = app.screen
        await pilot.press("j")
        row = thread.columns[0].current_row
        await pilot.press("enter")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids[0] == row["article_id"]
        assert compare.model.article_ids[1] == thread.columns[1].key
        assert compare.model.focus_target == (row["article_id"], row["sentence_id"])
