"""The Tables screen, the FrameTable widget and the filter/sort behind them."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from textual.widgets import Input
from tui_support import (
    frame_table_app,
    frame_table_text,
    hold,
    record_notifications,
    running,
    settle,
    sync,
)

from workbench.analysis.tables import TABLES
from workbench.cells import cell_text
from workbench.cli.output import format_table
from workbench.options import Settings
from workbench.tui.app import WorkbenchApp
from workbench.tui.frame_query import SortOrder, column_widths, sort_frame
from workbench.tui.row_open import CompareTarget, PhraseTarget, row_target
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.export_prompt import ExportPrompt
from workbench.tui.screens.phrases import PhrasesScreen
from workbench.tui.screens.row_view import RowView, row_table
from workbench.tui.screens.tables import TablesScreen
from workbench.tui.widgets.frame_table import FrameTable

PEOPLE = pl.DataFrame(
    {
        "name": ["Obama", "Putin", "Kerry", "Lavrov", None],
        "year": [2012, 2013, 2013, 2015, 2019],
        "score": [91.5, 80.0, None, 77.25, 60.0],
        "themes": [["reset"], ["syria_war", "reset"], [], ["syria_war"], None],
    }
)


# -- sort and cells (the filter language is tested in test_query.py) ---------------------------


def test_sort_puts_nulls_last_in_both_directions() -> None:
    up = sort_frame(PEOPLE, SortOrder("score"))["score"].to_list()
    down = sort_frame(PEOPLE, SortOrder("score", descending=True))["score"].to_list()
    assert up == [60.0, 77.25, 80.0, 91.5, None]
    assert down == [91.5, 80.0, 77.25, 60.0, None]
    assert sort_frame(PEOPLE, SortOrder("themes")).equals(PEOPLE)  # lists are not sortable


def test_cell_text_and_widths() -> None:
    assert cell_text(None) == "—"
    assert cell_text(0.123456) == "0.123"
    assert cell_text(["a", "b"]) == "a, b"
    assert cell_text("two\n  lines") == "two lines"
    assert cell_text(True) == "yes"
    assert cell_text("bell\x07") == "bell\u2407"  # shown, never rung
    # five figures and more grouped by thousands; years and smaller counts as they are
    assert [cell_text(v) for v in (2013, 9999, 12480, -250000)] == [
        "2013",
        "9999",
        "12,480",
        "-250,000",
    ]
    assert [cell_text(v) for v in (1417.4, 123456.7, float("inf"))] == ["1417", "123,457", "∞"]
    # The command line prints cells the same way.
    printed = format_table(pl.DataFrame({"score": [0.123456], "themes": [["a", "b"]]}))
    assert printed.splitlines()[2].split() == ["0.123", "a,", "b"]
    widths = column_widths(pl.DataFrame({"id": ["1"], "text": ["x" * 100]}), limit=30)
    assert widths == [4, 30]  # the header and its sort mark; long text capped


# -- FrameTable --------------------------------------------------------------------------------


@sync
async def test_frame_table_scrolls_a_large_frame_showing_only_what_is_on_screen() -> None:
    frame = pl.DataFrame({"n": range(300_000), "label": [f"row {i}" for i in range(300_000)]})
    app = frame_table_app(frame)
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FrameTable)
        table.focus()
        assert "row 0" in frame_table_text(app)
        await pilot.press("G")
        assert table.cursor_row == 299_999
        assert "row 299999" in frame_table_text(app)
        assert "row 0 " not in frame_table_text(app)
        await pilot.press("g", "j", "j", "pagedown")
        # A page is the rows below the header.
        assert table.cursor_row == 2 + (table.size.height - 1)
        await pilot.press("k")
        assert table.current_row()["label"] == f"row {table.cursor_row}"
        # Only the drawn blocks were turned into text, not the frame.
        assert sum(len(rows) for rows in table._rows_cache.values()) < 1_000


@sync
async def test_frame_table_sort_key_cycles_and_header_shows_direction() -> None:
    app = frame_table_app(PEOPLE.select("name", "year"))
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(FrameTable)
        table.focus()
        await pilot.press("l", "s")
        assert table.order == SortOrder("year")
        assert "year ▲" in table.render_line(0).text
        await pilot.press("s")
        assert table.shown["year"].to_list() == [2019, 2015, 2013, 2013, 2012]
        assert "year ▼" in table.render_line(0).text
        await pilot.press("s")
        assert table.order is None
        assert table.shown["name"].to_list()[:2] == ["Obama", "Putin"]


@sync
async def test_a_sorted_column_keeps_its_arrow_when_its_header_is_cut() -> None:
    frame = pl.DataFrame(
        {
            "first_sentence_number": [1, 22, 3],
            "second_sentence_number": [4, 5, 66],
            "text": ["a long sentence of the first article"] * 3,
        }
    )
    app = frame_table_app(frame)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(FrameTable)
        table.focus()
        await pilot.pause()
        header = table.render_line(0).text
        assert "first_sentence_number" not in header  # cut to fit
        await pilot.press("s")
        header = table.render_line(0).text
        width = table._widths[0]
        assert header[:width].endswith("…▲"), header
        assert header[:width].startswith("first"[: width - 2])
        await pilot.press("s")
        assert table.render_line(0).text[:width].endswith("…▼")
        await pilot.press("l", "s")  # another column sorted: the first shows no arrow
        header = table.render_line(0).text
        assert "▲" not in header[:width] and "▲" in header[width:]


# -- the Tables screen and its export ----------------------------------------------------------


async def _tables_app(workspace, tmp_path: Path, served: bool = False) -> WorkbenchApp:
    return WorkbenchApp(workspace=workspace, exports_dir=tmp_path / "exports", served=served)


async def _open_sentences(pilot) -> TablesScreen:
    app = pilot.app
    await pilot.press("5")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TablesScreen)
    screen.pick("sentences")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.current == "sentences"
    return screen


@pytest.mark.parametrize("size", [(160, 40), (100, 30)])
@sync
async def test_tab_goes_between_the_list_of_tables_and_the_table(
    bundled_workspace, tmp_path: Path, size
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await _open_sentences(pilot)
        screen.picker.focus()
        await pilot.press("tab")
        assert screen.focused is screen.table  # not the filter line: G goes to the end
        await pilot.press("G")
        assert screen.table.cursor_row == screen.table.row_count - 1
        assert screen.filter_bar.input.value == ""
        await pilot.press("tab")
        assert screen.focused is screen.picker


@sync
async def test_keys_typed_at_a_table_being_computed_act_on_it_once_it_is_shown(
    bundled_workspace, tmp_path: Path, monkeypatch
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with running(app, (100, 30)) as pilot:
        computed = hold(monkeypatch, bundled_workspace, "view", "articles")
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TablesScreen) and not screen.table.row_count
        await pilot.press("enter", "j", "j")  # from the list of tables to the table, two down
        assert screen.focused is screen.table
        computed.set()
        await settle(app, pilot)
        assert screen.current == "articles" and screen.picker.cursor_row == 0
        assert screen.table.cursor_row == 2


@sync
async def test_one_row_to_export_and_one_of_one_shown_are_said_in_the_singular(
    bundled_workspace, tmp_path: Path
) -> None:
    from textual.widgets import Label

    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.show_table("articles")
        await pilot.pause()
        first = screen.table.frame["article_id"][0]
        await pilot.press("slash", *f"article_id={first}", "enter")
        await pilot.pause()
        assert screen.filter_bar.status == "1 of 5 rows"
        await pilot.press("e")
        assert isinstance(app.screen, ExportPrompt)
        said = [str(label.render()) for label in app.screen.query(Label)]
        assert "articles: 1 row as shown (sort and filter kept)" in said


@sync
async def test_filter_sort_and_export_a_table_then_read_back_what_was_shown(
    bundled_workspace, tmp_path: Path
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_sentences(pilot)
        table = screen.table
        await pilot.press("slash", *"putin", "enter")
        table.cursor_column = table.frame.columns.index("article_id")
        await pilot.press("s", "s")  # article_id, descending
        shown_lines = [table.render_line(y).text for y in range(1, 6)]
        await pilot.press("e")
        assert isinstance(app.screen, ExportPrompt)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = pl.read_parquet(tmp_path / "exports" / "sentences.parquet")
    expected = bundled_workspace.table("sentences")
    expected = expected.filter(pl.col("text").str.to_lowercase().str.contains("putin"))
    assert 0 < written.height < bundled_workspace.table("sentences").height
    assert written.height == expected.height
    assert written["article_id"].to_list() == sorted(written["article_id"].to_list(), reverse=True)
    assert all("putin" in text.lower() for text in written["text"].to_list())
    # The first rows of the file are the first rows that were on screen.
    for line, row in zip(shown_lines, written.head(5).iter_rows(named=True), strict=True):
        assert line.lstrip().startswith(row["article_id"])
        assert str(row["sentence_id"]) in line


@sync
async def test_an_export_into_the_corpus_is_refused_in_the_prompt(make_corpus, tmp_path: Path):
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    corpus = make_corpus({"a.txt": "Moscow, 2013. The reset was over, officials said.\n"})
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))
    app = WorkbenchApp(workspace=workspace, exports_dir=corpus / "exports")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_sentences(pilot)
        await pilot.press("e", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)  # still open, saying why
        assert "inside the corpus" in str(prompt.query_one("#export-message").render())
    assert sorted(path.name for path in corpus.iterdir()) == ["a.txt"]


@sync
async def test_export_asks_before_overwriting_and_reports_errors(
    bundled_workspace, tmp_path: Path
) -> None:
    existing = tmp_path / "exports" / "sentences.parquet"
    existing.parent.mkdir()
    existing.write_bytes(b"old")
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_sentences(pilot)
        await pilot.press("e", "enter")
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)
        assert "exists" in str(prompt.query_one("#export-message").render())
        assert existing.read_bytes() == b"old"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pl.read_parquet(existing).height == bundled_workspace.table("sentences").height
        # A path inside a file cannot be written: the dialog stays open saying why in one
        # line, with the path as typed, to be corrected and written.
        shown = record_notifications(app)
        await pilot.press("e")
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)
        field = prompt.query_one(Input)
        field.value = "sentences.parquet/inner"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and app.screen is prompt
        message = str(prompt.query_one("#export-message").render())
        assert "cannot create" in message and "\n" not in message, repr(message)
        assert field.value == "sentences.parquet/inner" and not field.disabled
        assert field.has_focus
        assert not [title for title, _, _ in shown if title == "export failed"]  # said once
        field.value = "fixed.parquet"
        await pilot.pause()
        assert str(prompt.query_one("#export-message").render()) == ""  # cleared as one types
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportPrompt)
        assert pl.read_parquet(existing.parent / "fixed.parquet").height == existing_rows(
            bundled_workspace
        )
        assert any(title == "exported" for title, _, _ in shown)


def existing_rows(workspace) -> int:
    return workspace.table("sentences").height


@sync
async def test_served_exports_refuse_paths_outside_the_exports_directory(
    bundled_workspace, tmp_path: Path
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path, served=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_sentences(pilot)
        await pilot.press("e")
        app.screen.query_one(Input).value = "../escape"
        await pilot.press("enter")
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)
        assert "refused" in str(prompt.query_one("#export-message").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportPrompt)
    assert not (tmp_path / "escape.parquet").exists()


@pytest.mark.parametrize("name", ["articles", "theme_by_year", "similarity"])
@sync
async def test_tables_screen_shows_each_table_with_its_columns(
    bundled_workspace, tmp_path: Path, name: str
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        app.screen.pick(name)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.table
        assert table.frame.columns == bundled_workspace.table(name).columns
        assert table.row_count == bundled_workspace.table(name).height


def picker_column(screen: TablesScreen, column: str) -> list:
    """A column of the tables list as it is shown (sorted)."""
    return screen.picker.shown[column].to_list()


@pytest.mark.parametrize("size", [(60, 15), (160, 48)])
@sync
async def test_the_list_of_tables_sorts_by_its_columns_as_every_table_does(
    bundled_workspace, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        for name in ("sentences", "theme_hits"):  # each table's size shows once computed
            app.screen.pick(name)
            await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        picker = screen.picker
        sizes = {
            name: (bundled_workspace.table(name).height, len(bundled_workspace.table(name).columns))
            for name in ("articles", "sentences", "theme_hits")
        }
        rows = dict(zip(picker_column(screen, "table"), picker_column(screen, "rows"), strict=True))
        assert {name: rows[name] for name in sizes} == {n: r for n, (r, _) in sizes.items()}
        assert rows["alignments"] is None  # not computed yet: shown —
        assert picker_column(screen, "table") == list(TABLES)
        await pilot.press("t", "l", "s")  # the rows column, as in any table
        assert picker.order == SortOrder("rows")
        assert "rows ▲" in picker.render_line(0).text
        counts = sorted(rows for rows, _ in sizes.values())
        assert picker_column(screen, "rows") == counts + [None] * (len(TABLES) - 3)
        # The cursor stays on the table shown: sorting the list does not pick another.
        assert picker.current_row()["table"] == screen.current == "theme_hits"
        await pilot.press("s")
        assert "rows ▼" in picker.render_line(0).text
        assert picker_column(screen, "rows")[:3] == counts[::-1]
        await settle(app, pilot)
        assert screen.current == "theme_hits" and screen.table.frame.columns == (
            bundled_workspace.table("theme_hits").columns
        )
        # Down to the first table not computed yet: its size arrives and moves it up the
        # sorted list, the cursor with it (the table shown stays the one picked).
        await pilot.press("j", "j", "j")
        await settle(app, pilot)
        assert screen.current == "theme_by_year"
        assert picker.current_row()["table"] == "theme_by_year"
        shown_rows = picker_column(screen, "rows")
        assert shown_rows[:4] == sorted(shown_rows[:4], reverse=True)
        assert shown_rows[4:] == [None] * (len(TABLES) - 4)
        await pilot.press("s")  # a third time: the list's own order
        assert picker.order is None and picker_column(screen, "table") == list(TABLES)
        # A click on a header sorts by it, as on any table.
        assert await pilot.click(picker, offset=(1, 0))
        assert picker.order == SortOrder("table")
        assert "table ▲" in picker.render_line(0).text
        assert picker_column(screen, "table") == sorted(TABLES)
        # k moves up the sorted list and shows the table there.
        assert picker.current_row()["table"] == "theme_by_year"
        await pilot.press("k")
        await settle(app, pilot)
        after = sorted(TABLES)[sorted(TABLES).index("theme_by_year") - 1]
        assert screen.current == after == picker.current_row()["table"]
        # The list keeps its sort as the table's size arrives.
        assert picker.order == SortOrder("table")
        assert dict(zip(*(picker_column(screen, c) for c in ("table", "cols")), strict=True))[
            after
        ] == len(bundled_workspace.table(after).columns)


# -- reading and opening rows -------------------------------------------------------------------


async def _show(pilot, name: str) -> TablesScreen:
    app = pilot.app
    await pilot.press("5")
    await pilot.pause()
    screen = app.screen
    screen.pick(name)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert screen.current == name
    screen.table.focus()
    await pilot.pause()
    return screen


@pytest.mark.parametrize(("size", "at_least"), [((80, 24), 16), ((120, 40), 16)])
@sync
async def test_text_columns_take_the_room_numbers_leave(
    generated_workspace, tmp_path: Path, size: tuple[int, int], at_least: int
) -> None:
    app = await _tables_app(generated_workspace, tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await _show(pilot, "alignments")
        table = screen.table
        widths = dict(zip(table.frame.columns, table._widths, strict=True))
        assert widths["left_text"] >= at_least and widths["right_text"] >= at_least
        # Text is never narrower than a column of numbers or ids.
        assert widths["left_text"] >= max(w for c, w in widths.items() if not c.endswith("text"))
        for number in ("left_sentence", "score", "left_year"):
            data = max(len(cell_text(v)) for v in table.frame[number].to_list())
            assert data <= widths[number] <= max(data, 7)  # numbers whole, their headers cut


@sync
async def test_v_shows_every_cell_of_the_row_in_full(generated_workspace, tmp_path: Path) -> None:
    app = await _tables_app(generated_workspace, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _show(pilot, "alignments")
        row = screen.table.current_row()
        assert len(row["left_text"]) > 60  # longer than any column at this width
        await pilot.press("v")
        view = app.screen
        assert isinstance(view, RowView)
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(row_table(view.row))
        shown = " ".join(console.export_text().split())
        for name, value in row.items():
            assert name in shown
            if isinstance(value, str):
                assert " ".join(value.split()) in shown
        await pilot.press("j", "escape")
        assert app.screen is screen


@sync
async def test_enter_on_an_alignment_opens_the_pair_in_compare(
    generated_workspace, tmp_path: Path
) -> None:
    app = await _tables_app(generated_workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(pilot, "alignments")
        await pilot.press("j")
        row = screen.table.current_row()
        await pilot.press("enter")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids == [row["left_id"], row["right_id"]]
        pair = compare.model.focused_pair
        assert pair is not None
        assert compare.model.focus_target == (row["left_id"], row["left_sentence"])
        await pilot.press("escape")
        assert app.screen is screen


@pytest.mark.parametrize("name", ["theme_hits", "sentences"])
@sync
async def test_enter_on_a_sentence_opens_its_article_in_compare_at_that_sentence(
    bundled_workspace, tmp_path: Path, name: str
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(pilot, name)
        await pilot.press("j", "j", "j")
        row = screen.table.current_row()
        await pilot.press("enter")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids[0] == row["article_id"]
        assert compare.model.article_ids[1] != row["article_id"]
        assert compare.model.focus_target[0] == row["article_id"]
        pane = compare.panes[0]
        line = pane.text.line_of(row["sentence_id"])
        assert round(pane.text.scroll_y) <= line < pane.text.scroll_y + pane.text.size.height


@sync
async def test_enter_on_a_recurring_phrase_shows_its_kwic_lines(
    bundled_workspace, tmp_path: Path
) -> None:
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(pilot, "recurring_phrases")
        await pilot.press("G")
        phrase = screen.table.current_row()["phrase"]
        await pilot.press("enter")
        await settle(app, pilot)
        phrases = app.screen
        assert isinstance(phrases, PhrasesScreen)
        assert phrases.phrase == phrase and phrases.kwic.has_focus
        assert phrases.kwic.kwic_lines.height == bundled_workspace.kwic(phrase, width=90).height


def test_row_targets_of_each_table() -> None:
    order = ["a", "b", "c"]
    alignments = pl.DataFrame(
        {
            "left_id": ["a", "a"],
            "left_sentence": [1, 1],
            "right_id": ["b", "c"],
            "right_sentence": [4, 2],
            "score": [60.0, 80.0],
        }
    )
    pair = row_target("alignments", alignments.row(0, named=True), order=order)
    assert pair == CompareTarget(("a", "b"), ("a", 1))
    sentence = {"article_id": "a", "sentence_id": 1}
    # A sentence opens beside the article of its best alignment, else the nearest article.
    assert row_target("sentences", sentence, order=order, alignments=alignments) == (
        CompareTarget(("a", "c"), ("a", 1))
    )
    assert row_target("sentences", {"article_id": "b", "sentence_id": 9}, order=order) == (
        CompareTarget(("b", "c"), ("b", 9))
    )
    # A theme hit without an alignment: the nearest article with a hit of the same theme.
    hits = pl.DataFrame({"article_id": ["a", "c"], "theme": ["reset", "reset"]})
    hit = {"article_id": "a", "sentence_id": 3, "theme": "reset"}
    assert row_target("theme_hits", hit, order=order, frame=hits) == (
        CompareTarget(("a", "c"), ("a", 3))
    )
    # The same from lazy scans (a large index's tables), and with no pair for the sentence.
    lazy = row_target("sentences", sentence, order=order, alignments=alignments.lazy())
    assert lazy == CompareTarget(("a", "c"), ("a", 1))
    unpaired = row_target(
        "theme_hits", hit, order=order, frame=hits.lazy(), alignments=alignments.clear().lazy()
    )
    assert unpaired == CompareTarget(("a", "c"), ("a", 3))
    assert row_target("recurring_phrases", {"phrase": "the reset"}, order=order) == (
        PhraseTarget("the reset")
    )
    assert row_target("people", {"person": "Putin"}, order=order) is None


@sync
async def test_an_export_records_the_filter_and_sort_shown_and_follows_the_umask(
    generated_workspace, tmp_path: Path
) -> None:
    app = await _tables_app(generated_workspace, tmp_path)
    old = os.umask(0o022)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _show(pilot, "alignments")
            await pilot.press("slash", *"score>=70", "enter")
            table = screen.table
            table.cursor_column = table.frame.columns.index("score")
            await pilot.press("s", "s", "e", "enter")
            await settle(app, pilot)
    finally:
        os.umask(old)
    path = tmp_path / "exports" / "alignments.parquet"
    meta = pl.read_parquet_metadata(path)
    assert json.loads(meta["workbench.query"]) == {
        "filter": "score>=70",
        "sort": [["score", "descending"]],
    }
    assert meta["workbench.table"] == "alignments"
    scores = pl.read_parquet(path)["score"].to_list()
    assert scores == sorted(scores, reverse=True) and min(scores) >= 70
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@sync
async def test_an_empty_table_says_why_and_an_empty_filter_result_says_so(
    bundled_corpus, tmp_path: Path
) -> None:
    from workbench.analysis.lexicon import load_lexicon
    from workbench.paths import default_lexicon_path
    from workbench.workspace import Workspace

    settings = Settings(align_threshold=67, table_align_threshold=67)
    workspace = Workspace(bundled_corpus, load_lexicon(default_lexicon_path()), settings)
    assert workspace.table("alignments").is_empty()  # the seeds' best pair scores below 67
    app = await _tables_app(workspace, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = await _show(pilot, "alignments")

        def shown() -> str:
            table = screen.table
            return "\n".join(table.render_line(y).text for y in range(table.size.height))

        assert "no sentence pair reaches the min score 67" in shown()
        status = str(screen.query_one("#tables-status").render())  # in full, whatever the width
        assert status.startswith("alignments: 0 of 0 rows · no sentence pair reaches the min")
        screen = await _show(pilot, "sentences")
        await pilot.press("slash", *"zzzqqq", "enter")
        await pilot.pause()
        assert "no row matches the filter" in shown()


@sync
async def test_the_footer_drops_what_the_list_of_tables_does_not_need(
    bundled_workspace, tmp_path: Path
) -> None:
    # At 80 columns the footer has no room to spare: while the list has the focus, "Pick
    # table" (already picking) and "View row" (its rows are short) leave it.
    app = await _tables_app(bundled_workspace, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)

        def shown() -> set[str]:
            return {active.binding.action for active in screen.active_bindings.values()}

        screen.picker.focus()
        await pilot.pause()
        assert "focus_picker" not in shown() and "view_row" not in shown()
        assert "sort" in shown()
        await pilot.press("v")  # does nothing on the list
        assert app.screen is screen
        screen.table.focus()
        await pilot.pause()
        assert {"focus_picker", "view_row", "sort"} <= shown()


def _partitioned_workspace(tmp_path: Path):
    """A workspace over 40 generated articles in a partitioned index of 2 partitions, every
    table computed (the Tables screen shows its tables as lazy scans)."""
    from bench_support import load_generator

    from workbench.options import EngineOptions, WorkspaceOptions
    from workbench.workspace import Workspace

    corpus = tmp_path / "c40"
    load_generator().write_corpus(corpus, 40, 2)
    workspace = Workspace.open(
        WorkspaceOptions(
            corpus=corpus, cache_root=tmp_path / "cache", engine=EngineOptions(partitions=2)
        )
    )
    workspace.compute(list(TABLES))
    return workspace


@pytest.mark.parametrize("name", ["theme_hits", "sentences", "theme_by_article", "similarity"])
@sync
async def test_enter_on_a_row_of_a_partitioned_index_reads_no_whole_table(
    tmp_path: Path, name: str, monkeypatch
) -> None:
    workspace = _partitioned_workspace(tmp_path)
    read_whole = workspace.table

    def table(wanted: str) -> pl.DataFrame:
        # The Tables screen shows a large index's tables as lazy scans; opening a row of one
        # must not read a table of sentences or pairs whole (at 100,000 articles `alignments`
        # is gigabytes). A row per article (the Library's themes) or per label is read whole.
        assert wanted in ("articles", "theme_by_article", "labels"), f"read the whole {wanted}"
        return read_whole(wanted)

    monkeypatch.setattr(workspace, "table", table)
    app = await _tables_app(workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(pilot, name)
        await pilot.press("j", "j")
        row = screen.table.current_row()
        await pilot.press("enter")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen), [n.message for n in app._notifications]
        first = row.get("article_id", row.get("left_id"))
        assert compare.model.article_ids[0] == first


@sync
async def test_a_large_index_table_is_exported_as_shown_streamed_not_read_whole(
    tmp_path: Path, monkeypatch
) -> None:
    workspace = _partitioned_workspace(tmp_path)
    app = await _tables_app(workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _show(pilot, "alignments")
        table = screen.table
        assert table.lazy
        await pilot.press("slash", *"russia", "enter")
        table.cursor_column = table.frame.columns.index("score")
        await pilot.press("s")
        await settle(app, pilot)
        expected = table.shown_frame.collect()

        def read_whole(_table) -> pl.DataFrame:
            raise AssertionError("the table shown was read whole to be exported")

        monkeypatch.setattr(FrameTable, "shown", property(read_whole))
        await pilot.press("e")
        prompt = app.screen
        assert isinstance(prompt, ExportPrompt)
        await pilot.press("enter")
        await settle(app, pilot)
        if app.screen is not screen:  # still asking: say why
            pytest.fail(str(prompt.query_one("#export-message").render()))
        assert any("rows →" in str(n.message) for n in app._notifications)
    path = tmp_path / "exports" / "alignments.parquet"
    written = pl.read_parquet(path)
    assert 0 < written.height < workspace.scan("alignments").select(pl.len()).collect().item()
    assert written.equals(expected)
    metadata = pl.read_parquet_metadata(path)
    assert metadata["workbench.table"] == "alignments"
    assert json.loads(metadata["workbench.query"])["filter"] == "russia"
