"""The Phrases screen: recurring phrases, their keyword-in-context lines, the jump to Compare."""

from __future__ import annotations

import polars as pl
from textual.app import App, ComposeResult
from tui_support import hold, record_notifications, running, settle, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.phrases import PhrasesScreen, compare_partner
from workbench.tui.widgets.kwic import (
    MATCH_STYLE,
    KwicList,
    collapse_kwic,
    kwic_heading,
    kwic_line,
)


def test_kwic_line_puts_the_match_at_a_fixed_column() -> None:
    short = {"article_id": "003", "year": 2013, "left": "the ", "match": "reset", "right": " ends"}
    long = {"article_id": "004", "year": 2019, "left": "x " * 40, "match": "Reset", "right": "."}
    lines = [kwic_line(row, 20) for row in (short, long)]
    starts = [lines[0].plain.index("reset"), lines[1].plain.index("Reset")]
    assert starts[0] == starts[1] == 20
    assert lines[0].plain.rstrip().endswith("the reset ends")
    assert kwic_heading({**short, "outlet": "Reuters"}).plain == "2013 · 003 · Reuters"
    assert [lines[1].plain[s.start : s.end] for s in lines[1].spans if s.style == MATCH_STYLE] == [
        "Reset"
    ]
    # Context longer than its room is cut at a word, and the cut says so.
    wordy = {
        "left": "officials described it as an effort to ",
        "match": "intensify",
        "right": " the dialogue over pressing bilateral issues",
    }
    line = kwic_line(wordy, 20).plain
    assert line.index("intensify") == 20
    assert line.split("intensify") == ["…it as an effort to ", " the dialogue over… "]
    cut = {**wordy, "left": "described it as an effort to ", "right": " the dialogues"}
    assert kwic_line(cut, 13).plain.split("intensify") == ["  …effort to ", " the…        "]


def test_identical_lines_of_an_article_are_one_line_with_their_count() -> None:
    caption = {"left": "Photo: ", "match": "Vladimir Putin", "right": " in Sochi"}
    lines = pl.DataFrame(
        [
            {"article_id": "a", "sentence_id": 1, **caption},
            {
                "article_id": "a",
                "sentence_id": 2,
                "left": "Then ",
                "match": "Vladimir Putin",
                "right": " spoke",
            },
            {"article_id": "a", "sentence_id": 7, **caption},
            {"article_id": "a", "sentence_id": 9, **caption},
            {"article_id": "b", "sentence_id": 3, **caption},  # another article: its own line
        ]
    )
    collapsed = collapse_kwic(lines)
    assert collapsed["sentence_id"].to_list() == [1, 2, 3]
    assert collapsed["count"].to_list() == [3, 1, 1]
    line = kwic_line(collapsed.row(0, named=True), 20).plain
    assert line.endswith(" ×3") and "Vladimir Putin" in line
    assert "×" not in kwic_line(collapsed.row(1, named=True), 20).plain


def test_compare_partner_is_the_nearest_other_article() -> None:
    lines = pl.DataFrame({"article_id": ["a", "a", "b", "c"]})
    assert compare_partner(lines, 0) == "b"
    assert compare_partner(lines, 3) == "b"
    assert compare_partner(pl.DataFrame({"article_id": ["a", "a"]}), 1) is None


@sync
async def test_a_kwic_line_opens_compare_with_its_sentence_in_focus(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PhrasesScreen)
        phrases = bundled_workspace.table("recurring_phrases")
        assert screen.table.row_count == phrases.height
        await pilot.press("j")  # the second phrase
        await settle(app, pilot)
        phrase = screen.table.current_row()["phrase"]
        expected = bundled_workspace.kwic(phrase, width=90)
        assert screen.phrase == phrase
        assert screen.kwic.kwic_lines["sentence_id"].to_list() == expected["sentence_id"].to_list()
        shown = collapse_kwic(expected)
        headings = shown["article_id"].n_unique()
        assert screen.kwic.option_count == shown.height + headings
        await pilot.press("tab")
        assert screen.kwic.has_focus
        await pilot.press("j")
        row = screen.kwic.current_row()
        shown_notices = record_notifications(app)
        await pilot.press("c")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids[0] == row["article_id"]
        assert compare.model.article_ids[1] != row["article_id"]
        assert compare.model.article_ids[1] in expected["article_id"].to_list()
        beside = f"{row['article_id']} beside {compare.model.article_ids[1]}"  # said why these
        assert any(message.startswith(beside) for _, message, _ in shown_notices)
        assert compare.model.focus_target == (row["article_id"], row["sentence_id"])
        pane = compare.panes[0]
        line = pane.text.line_of(row["sentence_id"])
        assert round(pane.text.scroll_y) <= line < pane.text.scroll_y + pane.text.size.height
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_keys_typed_while_the_phrases_load_act_once_they_are_shown(
    bundled_workspace, monkeypatch
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app) as pilot:
        loaded = hold(monkeypatch, bundled_workspace, "view", "recurring_phrases")
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PhrasesScreen) and not screen.table.row_count
        await pilot.press("j", "j", "c")  # the third phrase, then its first line in Compare
        loaded.set()
        await settle(app, pilot)
        assert screen.table.cursor_row == 2
        assert screen.phrase == screen.table.current_row()["phrase"]
        line = screen.kwic.current_row()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.focus_target == (line["article_id"], line["sentence_id"])


@sync
async def test_the_lines_of_the_last_phrase_go_while_the_next_ones_load(
    bundled_workspace, monkeypatch
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PhrasesScreen) and screen.kwic.shown_lines.height
        second = screen.table.frame.row(1, named=True)["phrase"]
        loaded = hold(monkeypatch, bundled_workspace, "kwic", second)
        await pilot.press("j")
        await pilot.pause()
        assert screen.kwic.shown_lines.height == 0  # not the first phrase's under its name
        assert "loading" in str(screen.query_one("#kwic-title").render())
        loaded.set()
        await settle(app, pilot)
        assert screen.kwic.shown_lines.height > 0


@sync
async def test_slash_filters_the_phrases(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"putin")
        shown = screen.table.shown["phrase"].to_list()
        assert shown and all("putin" in p for p in shown)
        await pilot.press("escape")
        assert screen.table.row_count == bundled_workspace.table("recurring_phrases").height


class KwicApp(App):
    def compose(self) -> ComposeResult:
        yield KwicList(id="kwic")


@sync
async def test_a_caption_repeated_in_an_article_is_one_line_with_its_count() -> None:
    caption = {
        "left": "Photo: US Secretary of State ",
        "match": "John Kerry",
        "right": " in Moscow",
    }
    lines = pl.DataFrame(
        [
            {"article_id": "003", "year": 2013, "outlet": "Reuters", "sentence_id": i, **caption}
            for i in (2, 9, 15, 21)
        ]
        + [
            {
                "article_id": "004",
                "year": 2019,
                "outlet": "Al-Monitor",
                "sentence_id": 4,
                "left": "a visit by ",
                "match": "John Kerry",
                "right": " to Sochi",
            }
        ]
    )
    app = KwicApp()
    async with app.run_test(size=(80, 24)) as pilot:
        kwic = app.query_one(KwicList)
        kwic.set_lines(lines)
        await pilot.pause()
        texts = [str(kwic.get_option_at_index(i).prompt) for i in range(kwic.option_count)]
        assert texts[0] == "2013 · 003 · Reuters"
        assert texts[1].rstrip().endswith("×4") and texts[1].count("John Kerry") == 1
        assert texts[2] == "2019 · 004 · Al-Monitor"
        assert "×" not in texts[3]
        assert kwic.option_count == 4  # two headings, two lines
        kwic.focus()
        assert kwic.current_row()["sentence_id"] == 2 and kwic.current_row()["count"] == 4
        await pilot.press("j")
        assert kwic.current_row()["article_id"] == "004"  # the heading is skipped


@sync
async def test_at_80x24_kwic_lines_give_30_characters_of_context_a_side(bundled_workspace) -> None:
    phrases = bundled_workspace.table("recurring_phrases")
    # A phrase whose every form is at most 18 characters (the width of "secretary of state").
    phrase = next(
        row["phrase"]
        for row in phrases.iter_rows(named=True)
        if max(len(v) for v in row["variants"] or [row["phrase"]]) <= 18
    )
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *f'phrase="{phrase}"', "enter")
        await settle(app, pilot)
        assert screen.phrase == phrase
        assert screen.kwic.context_width() >= 30
        prompts = [
            str(screen.kwic.get_option_at_index(i).prompt) for i in range(screen.kwic.option_count)
        ]
        line = next(p for p in prompts if "·" not in p)
        match = screen.kwic.shown_lines["match"][0]
        assert line.index(match) >= 30 and len(line) - line.index(match) - len(match) >= 29
