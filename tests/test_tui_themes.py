"""The Themes screen (theme × year table with timelines) and a theme's thread through time."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from textual.app import App, ComposeResult
from tui_support import hold, running, settle, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.themes import (
    FOUND_STYLE,
    NO_OUTLETS,
    ThemesScreen,
    ThemeThreadScreen,
    ThreadColumn,
    highlight_matches,
    outlet_window,
    passage_source,
    thread_columns,
)
from workbench.tui.timeline import (
    UNDATED,
    block_line,
    theme_outlet_frame,
    theme_year_frame,
    undated_values,
)
from workbench.tui.widgets.article_pane import ArticleData, build_blocks, label_groups


async def _themes(app: WorkbenchApp, pilot) -> ThemesScreen:
    """Go to the Themes screen and let its table load."""
    await pilot.press("3")
    await settle(app, pilot)
    assert isinstance(app.screen, ThemesScreen)
    return app.screen


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
    # 2013 has articles (syria's), none of them with reset: 0; 2014 has none: no value.
    assert [reset[str(y)] for y in years] == [4, 0, None, 2]
    assert reset["timeline"] == "█··▅" and reset["peak"] == 2012 and reset["hits"] == 6


def test_a_year_without_words_has_no_rate_and_undated_articles_without_words_neither() -> None:
    by_year = pl.DataFrame(
        {
            "theme": ["reset", "reset", "syria", "syria"],
            "year": [2012, 2013, 2012, 2013],
            "articles": [1, 0, 0, 0],
            "hits": [4, 0, 0, 0],
            "per_1k_words": [2.0, None, 0.0, None],  # 2013's articles have no words
        }
    )
    frame, _ = theme_year_frame(by_year, "per_1k_words")
    rows = {row["theme"]: row for row in frame.iter_rows(named=True)}
    assert (rows["reset"]["2012"], rows["reset"]["2013"]) == (2.0, None)
    assert (rows["syria"]["2012"], rows["syria"]["2013"]) == (0.0, None)
    assert theme_year_frame(by_year, "hits")[0]["2013"].to_list() == [0, 0]
    by_article = pl.DataFrame(
        {"article_id": ["u"], "year": [None], "theme": ["reset"], "hits": [1]},
        schema_overrides={"year": pl.Int32},
    )
    undated = undated_values(by_article, 0, "per_1k_words", ["reset", "syria"])
    assert undated.sort("theme")[UNDATED].to_list() == [None, None]
    frame, _ = theme_year_frame(by_year, "per_1k_words", undated)
    assert frame[UNDATED].to_list() == [None, None]
    counted = undated_values(by_article, 500, "per_1k_words", ["reset", "syria"])
    assert dict(counted.select("theme", UNDATED).iter_rows()) == {"reset": 2.0, "syria": 0.0}
    by_outlet = pl.DataFrame(
        {
            "theme": ["reset", "reset"],
            "outlet": ["CNN", "Wire"],  # the Wire's articles have no words
            "articles": [1, 0],
            "hits": [4, 0],
            "per_1k_words": [2.0, None],
        }
    )
    per_words, _ = theme_outlet_frame(by_outlet, "per_1k_words")
    assert per_words.select("CNN", "Wire").row(0) == (2.0, None)
    assert theme_outlet_frame(by_outlet, "hits")[0].select("CNN", "Wire").row(0) == (4, 0)


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
    async with running(app, (100, 30)) as pilot:
        themes = await _themes(app, pilot)
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
        passage = columns[0].current_passage
        assert columns[0].current == 0 and passage.row["matched_text"]
        # the column draws its own lines: the current passage is marked ▌, the others not
        drawn = [columns[0].render_line(y).text for y in range(columns[0].size.height)]
        marked = [line for line in drawn if line.startswith("▌")]
        assert marked and marked[0][1:].strip() == passage_source(passage.row, "article")
        assert columns[1].render_line(3).text.startswith(" ")  # not focused: nothing marked
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
async def test_keys_typed_while_the_themes_load_act_once_they_are_shown(
    bundled_workspace, monkeypatch
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        loaded = hold(monkeypatch, bundled_workspace, "table", "theme_by_year")
        await pilot.press("3")
        await pilot.pause()
        themes = app.screen
        assert isinstance(themes, ThemesScreen) and not themes.table.row_count
        await pilot.press("j", "enter")  # the second theme's thread
        loaded.set()
        await settle(app, pilot)
        assert themes.table.cursor_row == 1
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen)
        assert thread.theme_id == themes.table.current_row()["theme"]


@sync
async def test_keys_typed_while_a_thread_loads_act_once_it_is_laid_out(
    bundled_workspace, monkeypatch
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        await _themes(app, pilot)
        loaded = hold(monkeypatch, bundled_workspace, "theme_thread")
        app.open_thread("syria_war")
        await pilot.pause()
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen) and not thread.columns
        await pilot.press("l")  # the second column
        loaded.set()
        await settle(app, pilot)
        assert len(thread.columns) > 2
        assert thread.focused is thread.columns[1]


def _columns_in_view(thread: ThemeThreadScreen) -> list[int]:
    """The columns of a thread on screen, each whole (a column cut at an edge fails)."""
    container = thread.container
    left, width = round(container.scroll_x), container.scrollable_content_region.width
    shown = []
    for index, column in enumerate(thread.columns):
        start, end = column.virtual_region.x, column.virtual_region.right
        if start < left + width and end > left:
            assert left <= start and end <= left + width, (index, start, end, left, width)
            shown.append(index)
    return shown


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
@sync
async def test_a_thread_shows_whole_columns_side_by_side(bundled_workspace, size) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, size) as pilot:
        await _themes(app, pilot)
        app.open_thread("syria_war")
        await settle(app, pilot)
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen) and len(thread.columns) == 5
        side_by_side = len(_columns_in_view(thread))
        assert side_by_side == (5 if size[0] >= 160 else 2)
        for step in range(len(thread.columns) - 1):
            await pilot.press("l")
            await settle(app, pilot)
            assert step + 1 in _columns_in_view(thread)
            assert len(_columns_in_view(thread)) == side_by_side


@sync
async def test_a_thread_of_more_articles_than_columns_shown_says_what_follows(
    bundled_workspace, monkeypatch
) -> None:
    from workbench.tui.screens import themes

    monkeypatch.setattr(themes, "COLUMNS_AT_MOST", 3)
    monkeypatch.setattr(themes, "PASSAGES_PER_COLUMN_AT_MOST", 2)
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (120, 40)) as pilot:
        await _themes(app, pilot)
        app.open_thread("syria_war")
        await settle(app, pilot)
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen) and len(thread.columns) == 3
        title = str(thread.query_one("#thread-title").render())
        assert "the first 3 articles shown, 2 more after them (/ narrows)" in title
        longest = max(thread.columns, key=lambda column: len(column.rows))
        total = (
            bundled_workspace.theme_thread("syria_war")
            .filter(pl.col("article_id") == longest.key)
            .height
        )
        assert len(longest.rows) == 2 < total  # a column's footer says what it leaves out
        assert str(longest.border_subtitle).startswith(f"2 of {total} passages shown")
        await pilot.press("slash", *"year:2019", "enter")  # a filter narrows them
        await settle(app, pilot)
        assert len(thread.columns) == 1


@sync
async def test_m_cycles_the_metric_of_the_year_columns(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        themes = await _themes(app, pilot)
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


@sync
async def test_slash_filters_the_themes_and_enter_returns_to_the_table(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        themes = await _themes(app, pilot)
        await pilot.press("slash", *"assad", "enter")
        assert themes.table.shown["theme"].to_list() == ["assad_fate"]
        assert themes.table.order is None  # typed letters filter, they do not sort
        assert themes.table.has_focus and app.screen is themes
        assert themes.filter_bar.status.startswith("1 of ")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ThemeThreadScreen)
        assert app.screen.theme_id == "assad_fate"
        await pilot.press("escape", "escape")
        assert themes.table.row_count > 1


@sync
async def test_the_thread_counts_hits_as_the_table_does_and_names_each_passages_source(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (120, 40)) as pilot:
        themes = await _themes(app, pilot)
        row = themes.table.current_row()
        await pilot.press("enter")
        await settle(app, pilot)
        thread = app.screen
        title = str(thread.query_one("#thread-title").render())
        passages = bundled_workspace.theme_thread(row["theme"]).height
        assert f"{row['hits']} hits in {passages} passages" in title
        assert sum(int(c.border_subtitle.split()[0]) for c in thread.columns) == row["hits"]
        await pilot.press("y")  # one column per year: each passage says its article
        await settle(app, pilot)
        articles = bundled_workspace.table("articles")
        for column in thread.columns:
            for passage in column.passages:
                source = passage_source(passage.row, "year")
                assert passage.row["article_id"] in source
                assert source.startswith(passage.row["published"] or "undated")
                outlet = articles.filter(pl.col("article_id") == passage.row["article_id"])
                assert outlet["outlet"][0] in source
        first = thread.columns[0].rows[0]
        by_article = passage_source(first, "article")
        assert by_article.startswith(str(first["year"]))
        # The sentence as Compare names it: #1 is sentence id 0.
        assert f" · #{first['sentence_id'] + 1} · " in by_article


@sync
async def test_at_80x24_the_newest_years_have_columns_and_brackets_show_older_ones(
    generated_workspace,
) -> None:
    app = WorkbenchApp(workspace=generated_workspace)
    async with running(app, (80, 24)) as pilot:
        themes = await _themes(app, pilot)
        years = themes.years
        assert len(years) > 10
        assert 1 < len(themes.shown_years) < len(years)
        assert themes.shown_years[-1] == years[-1]  # the newest year is in view
        header = themes.table.render_line(0).text
        assert str(years[-1]) in header and str(years[0]) not in header
        assert len(themes.table.render_line(1).text.rstrip()) <= 80
        await pilot.press("left_square_bracket")
        assert themes.shown_years[-1] < years[-1]
        assert str(themes.shown_years[0]) in themes.table.render_line(0).text
        await pilot.press("right_square_bracket")
        assert themes.shown_years[-1] == years[-1]
        # The timeline still spans every year.
        assert len(themes.table.current_row()["timeline"]) == len(years)


def test_one_label_per_theme_per_span_after_the_whole_word() -> None:
    text = "Bashar al-Assad must go, said the civil war-wracked country's neighbours."
    assad = text.index("Bashar")
    war = text.index("civil war")
    found = [
        (assad, assad + len("Bashar al-Assad"), "assad_fate"),
        (text.index("Assad"), text.index("Assad") + 5, "syria_war"),
        (text.index("Assad"), text.index("Assad") + 5, "syria_war"),
        (war, war + len("civil war"), "syria_war"),
    ]
    groups = label_groups(text, found)
    assert [(text[s:e], text[e:at], themes) for s, e, at, themes in groups] == [
        ("Bashar al-Assad", "", ["assad_fate", "syria_war"]),
        ("civil war", "-wracked", ["syria_war"]),
    ]
    sentences = pl.DataFrame(
        {"sentence_id": [0], "paragraph_id": [0], "start": [0], "end": [len(text)], "text": [text]}
    )
    hits = pl.DataFrame(
        {
            "sentence_id": [0, 0, 0, 0],
            "theme": [theme for *_, theme in found],
            "matched_text": [text[s:e] for s, e, _ in found],
            "phrase": [text[s:e] for s, e, _ in found],
            "start": [s for s, *_ in found],
        }
    )
    data = ArticleData("a", {}, sentences, hits, pl.DataFrame())
    shown = build_blocks(data, show_removed=False)[0].text
    assert shown == (
        "Bashar al-Assad ‹assad_fate, syria_war› must go, said the civil war-wracked "
        "‹syria_war› country's neighbours."
    )


@sync
async def test_slash_in_a_thread_keeps_the_passages_that_match(bundled_workspace) -> None:
    thread_rows = bundled_workspace.theme_thread("syria_war")
    word = "assad"
    matching = thread_rows.filter(pl.col("text").str.to_lowercase().str.contains(word))
    assert 0 < matching.height < thread_rows.height
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_thread("syria_war")
        await settle(app, pilot)
        thread = app.screen
        await pilot.press("slash", *word)
        await settle(app, pilot)
        assert thread.filter_bar.input.has_focus  # typing is not taken by the columns
        shown = [row for column in thread.columns for row in column.rows]
        assert len(shown) == matching.height
        assert all(word in row["text"].lower() for row in shown)
        assert thread.filter_bar.status == f"{matching.height} of {thread_rows.height} passages"
        body = thread.columns[0].passages[0].body
        found = [body.plain[s.start : s.end].lower() for s in body.spans if s.style == FOUND_STYLE]
        assert found and set(found) == {word}  # the filter's word is marked in the passage
        await pilot.press("enter")
        await settle(app, pilot)
        assert thread.focused is thread.columns[0]
        await pilot.press("escape")  # clears the filter first
        await settle(app, pilot)
        assert sum(len(c.rows) for c in thread.columns) == thread_rows.height
        assert app.screen is thread
        await pilot.press("escape")
        assert app.screen is not thread


def test_a_paragraph_of_many_sentences_keeps_every_range_on_its_text() -> None:
    # Two paragraphs, the first of 3,000 sentences (a page saved on one line): each sentence's,
    # hit's and tag's range in the shown text is where that text is.
    text = "Sanctions on Russia were extended again."
    count = 3_000
    sentences = pl.DataFrame(
        {
            "sentence_id": list(range(count + 1)),
            "paragraph_id": [0] * count + [1],
            "start": [k * (len(text) + 1) for k in range(count + 1)],
            "end": [k * (len(text) + 1) + len(text) for k in range(count + 1)],
            "text": [text] * (count + 1),
        }
    )
    hits = pl.DataFrame(
        {
            "sentence_id": list(range(0, count + 1, 2)),
            "theme": ["sanctions"] * len(range(0, count + 1, 2)),
            "matched_text": ["Sanctions"] * len(range(0, count + 1, 2)),
            "phrase": ["sanctions"] * len(range(0, count + 1, 2)),
            "start": [k * (len(text) + 1) for k in range(0, count + 1, 2)],
        }
    )
    data = ArticleData("a", {}, sentences, hits, pl.DataFrame())
    first, second = build_blocks(data, show_removed=False)
    assert [sentence for *_, sentence in first.sentences] == list(range(count))
    assert [sentence for *_, sentence in second.sentences] == [count]
    tagged = text.replace("Sanctions", "Sanctions ‹sanctions›")
    for start, end, sentence in first.sentences:
        assert first.text[start:end] == (tagged if sentence % 2 == 0 else text)
    assert len(first.hits) == len(first.tags) == count // 2
    assert {first.text[start:end] for start, end in first.hits} == {"Sanctions"}
    assert {first.text[start:end] for start, end in first.tags} == {" ‹sanctions›"}
    assert second.text == tagged


@sync
async def test_a_corpus_without_dates_shows_its_themes_over_the_whole_corpus(
    tmp_path: Path,
) -> None:
    from workbench.options import WorkspaceOptions
    from workbench.tui.screens.phrases import NO_PHRASES, PhrasesScreen

    corpus = tmp_path / "undated"
    corpus.mkdir()
    for name, text in (
        ("a.txt", "The talks on missile defense will resume in Geneva next week, officials said."),
        ("b.txt", "Moscow said the fate of Assad was for the Syrian people to decide alone."),
        ("c.txt", "Washington still wants the missile defense shield in Poland, he said."),
    ):
        (corpus / name).write_text(text, encoding="utf-8")
    app = WorkbenchApp(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    async with running(app, size=(80, 24)) as pilot:
        screen = await _themes(app, pilot)  # not "loading themes…" for ever: no year to count by
        assert screen.by_year is not None and screen.by_year.is_empty()
        title = str(screen.query_one("#themes-title").render())
        assert title == "Themes · no dated articles · hits in the whole corpus"
        shown = screen.table.frame
        assert shown.columns == ["theme", "hits", "articles"]
        defense = shown.row(by_predicate=pl.col("theme") == "missile_defense", named=True)
        assert defense["articles"] == 2 and defense["hits"] >= 2
        screen.table.move_cursor(row=shown["theme"].to_list().index("missile_defense"))
        await pilot.press("enter")  # its passages, undated as they are
        await settle(app, pilot)
        assert isinstance(app.screen, ThemeThreadScreen)
        await pilot.press("4")
        await settle(app, pilot)
        assert isinstance(app.screen, PhrasesScreen)
        assert app.screen.table.total_rows == 0
        assert app.screen.table.empty_text == NO_PHRASES


def test_theme_totals_count_hits_and_articles_per_theme() -> None:
    from workbench.tui.timeline import theme_totals

    by_article = pl.DataFrame(
        {
            "article_id": ["a", "b", "a", "c"],
            "theme": ["reset", "reset", "syria", "syria"],
            "hits": [3, 1, 1, 1],
        }
    )
    totals = theme_totals(by_article)
    assert totals.rows() == [("reset", 4, 2), ("syria", 2, 2)]


@sync
async def test_undated_articles_have_a_column_of_their_own_after_the_years(
    tmp_path: Path,
) -> None:
    from workbench.options import WorkspaceOptions

    corpus = tmp_path / "mixed"
    corpus.mkdir()
    talks = "The talks on missile defense will resume in Geneva next week, officials said."
    (corpus / "2013-05-07-talks.txt").write_text(talks, encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(f"{talks} Sanctions stay.", encoding="utf-8")
    app = WorkbenchApp(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    async with running(app, size=(100, 30)) as pilot:
        screen = await _themes(app, pilot)
        title = str(screen.query_one("#themes-title").render())
        assert title.startswith("Themes · 2013 · ")  # one year, not "2013–2013"
        assert "2 undated articles in the last column" in title
        assert screen.by_year["hits"].sum() == 1  # the dated article's hit alone
        shown = screen.table.frame
        assert shown.columns[-2:] == ["2013", "undated"]
        rows = {row["theme"]: row for row in shown.iter_rows(named=True)}
        defense, sanctions = rows["missile_defense"], rows["sanctions"]
        assert (defense["2013"], defense["undated"], defense["hits"]) == (1, 2, 3)
        assert defense["articles"] == 3
        # A theme only undated articles speak of has its row, nothing in the years.
        assert (sanctions["2013"], sanctions["undated"], sanctions["hits"]) == (0, 2, 2)
        assert sanctions["timeline"] == "·"
        await pilot.press("m")  # hits per 1,000 words
        await settle(app, pilot)
        shown = screen.table.frame
        rows = {row["theme"]: row for row in shown.iter_rows(named=True)}
        undated_words = screen.undated_words
        assert undated_words > 0
        expected = round(2 * 1000.0 / undated_words, 2)
        assert rows["sanctions"]["undated"] == pytest.approx(expected)
        await pilot.press("m")  # articles
        await settle(app, pilot)
        rows = {row["theme"]: row for row in screen.table.frame.iter_rows(named=True)}
        assert rows["missile_defense"]["undated"] == 2


def test_theme_outlet_frame_has_a_column_per_outlet_in_the_table_s_order() -> None:
    by_outlet = pl.DataFrame(
        {
            "theme": ["reset", "reset", "syria", "syria"],
            "outlet": ["CNN", "hits", "CNN", "hits"],
            "articles": [1, 0, 2, 1],
            "hits": [4, 0, 9, 1],
            "per_1k_words": [1.0, 0.0, 3.0, 0.25],
        }
    )
    frame, outlets = theme_outlet_frame(by_outlet, "hits")
    assert outlets == ["CNN", "hits"]
    # An outlet named as a fixed column keeps a column of its own.
    assert frame.columns == ["theme", "hits", "articles", "CNN", "hits ·"]
    assert frame.rows() == [("syria", 10, 3, 9, 1), ("reset", 4, 1, 4, 0)]
    per_words, _ = theme_outlet_frame(by_outlet, "per_1k_words")
    assert per_words.schema["CNN"] == pl.Float64
    empty, none = theme_outlet_frame(by_outlet.clear(), "hits")
    assert none == [] and empty.is_empty()


def test_outlet_window_fits_columns_from_the_first_shown() -> None:
    assert outlet_window([10, 10, 10], 25) == 2
    assert outlet_window([10, 10, 10], 25, first=2) == 1
    assert outlet_window([30], 10) == 1  # one column at least
    assert outlet_window([], 10) == 0


@sync
async def test_o_shows_the_themes_by_outlet_and_back(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (80, 24)) as pilot:
        themes = await _themes(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert themes.by_outlets
        outlets = bundled_workspace.corpus.articles["outlet"].unique().to_list()
        assert sorted(themes.outlets) == sorted(outlets)
        frame = themes.table.frame
        assert frame.columns[:3] == ["theme", "hits", "articles"]
        assert 1 <= len(themes.shown_outlets) < len(outlets)  # 80 columns: not every outlet
        assert frame.columns[3:] == themes.shown_outlets
        # Each theme's hits over the outlets are its hits over the corpus.
        by_outlet = bundled_workspace.table("theme_by_outlet")
        row = themes.table.current_row()
        assert row["hits"] == by_outlet.filter(pl.col("theme") == row["theme"])["hits"].sum()
        title = str(themes.query_one("#themes-title").render())
        assert title.startswith("Themes by outlet · 5 outlets")
        await pilot.press("right_square_bracket")
        assert themes.shown_outlets[-1] == themes.outlets[-1]
        await pilot.press("left_square_bracket")
        assert themes.shown_outlets[0] == themes.outlets[0]
        await pilot.press("o")
        assert not themes.by_outlets
        assert "2012" in themes.table.frame.columns


@sync
async def test_a_corpus_without_outlets_says_so_by_outlet(make_corpus) -> None:
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    body = "The reset between Russia and the United States was a fresh start. " * 5
    corpus = make_corpus({"a.txt": f"One\n\n{body}\n", "b.txt": f"Two\n\n{body}\n"})
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))
    app = WorkbenchApp(workspace=workspace)
    async with running(app, (100, 30)) as pilot:
        themes = await _themes(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert themes.by_outlets and themes.outlets == []
        assert themes.table.empty_text == NO_OUTLETS
        assert themes.no_outlet == 2


class OneColumnApp(App):
    """A thread column of many passages, alone."""

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield ThreadColumn("a1", "2013 · Outlet", "a1 · A title", self.rows)


def _passages(count: int, words: str) -> list[dict]:
    """Thread rows of one article, "Passage N " and ``words`` each, a hit of "reset" in each."""
    return [
        {
            "article_id": "a1",
            "sentence_id": n,
            "year": 2013,
            "text": f"Passage {n} {words}",
            "matched_text": ["reset"],
        }
        for n in range(count)
    ]


async def _focused_column(app: OneColumnApp, pilot) -> ThreadColumn:
    """The app's column, focused and drawn."""
    column = app.query_one(ThreadColumn)
    column.focus()
    await pilot.pause()
    return column


@sync
async def test_a_thread_column_keeps_its_current_passage_in_view_and_draws_only_its_lines() -> None:
    rows = _passages(300, "says the reset is over, in words that wrap onto lines.")
    app = OneColumnApp(rows)
    async with app.run_test(size=(40, 20)) as pilot:
        column = await _focused_column(app, pilot)
        assert not column.children  # no widget per passage

        def marked() -> list[str]:
            drawn = [column.render_line(y).text for y in range(column.size.height)]
            return [line[1:].strip() for line in drawn if line.startswith("▌")]

        assert marked()[0] == passage_source(rows[0], "article")
        await pilot.press("end")
        assert column.current == 299
        assert marked()[0] == passage_source(rows[299], "article")
        await pilot.press("up", "up")
        assert marked()[0] == passage_source(rows[297], "article")
        await pilot.press("home")
        assert marked()[0] == passage_source(rows[0], "article")
        column.blur()
        await pilot.pause()
        assert marked() == []  # the current passage is marked only in the focused column


@sync
async def test_a_click_on_a_passage_makes_it_the_current_one() -> None:
    rows = _passages(5, "on the reset.")
    app = OneColumnApp(rows)
    async with app.run_test(size=(40, 20)) as pilot:
        column = await _focused_column(app, pilot)
        # inside the border (a row): the head, a gap, passage 0 (its source, its text), a gap,
        # passage 1 from the content's sixth line
        await pilot.click(ThreadColumn, offset=(3, 1 + 4))  # the gap: nothing changes
        assert column.current == 0
        await pilot.click(ThreadColumn, offset=(3, 1 + 5))
        assert column.current == 1
        await pilot.click(ThreadColumn, offset=(3, 0))  # the border: nothing changes
        assert column.current == 1
