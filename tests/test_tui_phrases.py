"""The Phrases screen: recurring phrases, their keyword-in-context lines, the jump to Compare."""

from __future__ import annotations

import polars as pl
from tui_support import settle, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.phrases import PhrasesScreen, compare_partner
from workbench.tui.widgets.kwic import MATCH_STYLE, kwic_line


def test_kwic_line_puts_the_match_at_a_fixed_column() -> None:
    short = {"article_id": "003", "year": 2013, "left": "the ", "match": "reset", "right": " ends"}
    long = {"article_id": "004", "year": 2019, "left": "x " * 40, "match": "Reset", "right": "."}
    lines = [kwic_line(row, 20) for row in (short, long)]
    starts = [lines[0].plain.index("reset"), lines[1].plain.index("Reset")]
    assert starts[0] == starts[1]
    assert lines[0].plain.startswith("2013 003")
    assert lines[0].plain.endswith("the reset ends")
    assert [lines[1].plain[s.start : s.end] for s in lines[1].spans if s.style == MATCH_STYLE] == [
        "Reset"
    ]


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
        assert screen.kwic.option_count == expected.height
        await pilot.press("tab")
        assert screen.kwic.has_focus
        await pilot.press("j")
        row = screen.kwic.current_row()
        await pilot.press("c")
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids[0] == row["article_id"]
        assert compare.model.article_ids[1] != row["article_id"]
        assert compare.model.article_ids[1] in expected["article_id"].to_list()
        assert compare.model.focus_target == (row["article_id"], row["sentence_id"])
        pane = compare.panes[0]
        line = pane.text.line_of(row["sentence_id"])
        assert round(pane.text.scroll_y) <= line < pane.text.scroll_y + pane.text.size.height
        await pilot.press("escape")
        assert app.screen is screen


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
