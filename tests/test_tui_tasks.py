"""An analyst's five tasks, each done from the keyboard in at most ten keys plus typed text.

Each test counts the keys pressed (typed words do not count: they are what the analyst wants,
not how the interface makes them ask) and checks that the task's end is reached, at 80×24 and
at 120×40.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from textual.command import CommandPalette
from tui_support import settle, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.export_prompt import ExportPrompt
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.phrases import PhrasesScreen
from workbench.tui.screens.tables import TablesScreen
from workbench.tui.screens.themes import ThemesScreen, ThemeThreadScreen
from workbench.workspace import Workspace

SIZES = [(80, 24), (120, 40)]
MOST_KEYS = 10


class Keys:
    """Presses keys and types text on a pilot, counting the keys."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        """Press keys (each counts), then let the app settle."""
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot.app, self.pilot)

    async def type(self, text: str) -> None:
        """Type text (counted apart: it is what is asked for, not how)."""
        await self.pilot.press(*text)
        await settle(self.pilot.app, self.pilot)


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_find_2013_2014_sanctions_articles_open_two_and_step_through_their_pairs(
    generated_workspace: Workspace, size: tuple[int, int]
) -> None:
    app = WorkbenchApp(workspace=generated_workspace)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        keys = Keys(pilot)
        await keys.press("slash")
        await keys.type("year:2013..2014 theme:sanctions")
        await keys.press("enter")
        found = library.table.shown["id"].to_list()
        assert len(found) >= 2
        articles = generated_workspace.table("articles")
        years = articles.filter(pl.col("article_id").is_in(found))["year"].to_list()
        assert all(2013 <= year <= 2014 for year in years)
        await keys.press("enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert set(compare.model.article_ids) <= set(found) and len(compare.model.article_ids) == 2
        # See why each pair is paired (e), stepping through their pairs (n) with the keys left:
        # Compare opens on the first pair, each n shows the next, with its explanation.
        await keys.press("e")
        pairs = len(compare.model.pairs)
        assert pairs >= 2
        seen = []
        for step in range(min(pairs, MOST_KEYS - keys.count + 1)):
            if step:
                await keys.press("n")
            pair = compare.model.focused_pair
            heading = str(compare.query_one("#diff-heading").render())
            assert f"score {pair.score:.0f}" in heading
            why = str(compare.query_one("#explain-body").render())
            left, right = compare.model.reference, pair.other_id
            assert f"{left} #{pair.ref_sentence + 1} ↔ {right} #{pair.other_sentence + 1}" in why
            assert "shared by stem" in why or "no content word in common" in why
            assert compare.panes[0].text.in_view(compare.panes[0].text.line_of(pair.ref_sentence))
            seen.append(compare.model.pair_index)
        assert seen == list(range(len(seen))) and len(seen) >= 2
        assert keys.count <= MOST_KEYS


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_follow_a_theme_across_years_to_an_article(
    generated_workspace: Workspace, size: tuple[int, int]
) -> None:
    app = WorkbenchApp(workspace=generated_workspace)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        keys = Keys(pilot)
        await keys.press("3")
        assert isinstance(app.screen, ThemesScreen)
        await keys.press("slash")
        await keys.type("sanctions")
        await keys.press("enter", "enter")
        thread = app.screen
        assert isinstance(thread, ThemeThreadScreen) and thread.theme_id == "sanctions"
        await keys.press("y")  # one column per year
        first_year = thread.columns[0].key
        await keys.press("l", "j")
        column = thread.columns[1]
        assert column.key > first_year and thread.focused is column
        passage = column.current_row
        await keys.press("enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids[0] == passage["article_id"]
        assert compare.model.focus_target == (passage["article_id"], passage["sentence_id"])
        assert keys.count <= MOST_KEYS


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_from_a_phrase_spanning_the_years_to_its_lines_and_to_compare(
    bundled_workspace: Workspace, size: tuple[int, int]
) -> None:
    phrases = bundled_workspace.table("recurring_phrases")
    widest = phrases.sort(
        pl.col("last_year") - pl.col("first_year"), "phrase", descending=[True, False]
    ).row(0, named=True)
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        keys = Keys(pilot)
        await keys.press("4")
        screen = app.screen
        assert isinstance(screen, PhrasesScreen)
        await keys.press("slash")
        await keys.type(f"first_year:..{widest['first_year']} last_year:{widest['last_year']}..")
        await keys.press("enter")
        row = screen.table.current_row()
        assert row["first_year"] <= widest["first_year"] and row["last_year"] >= widest["last_year"]
        await keys.press("enter")
        assert screen.kwic.has_focus and screen.phrase == row["phrase"]
        line = screen.kwic.current_row()
        await keys.press("enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.focus_target == (line["article_id"], line["sentence_id"])
        assert keys.count <= MOST_KEYS


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_filter_sort_and_export_alignments_then_open_a_row_in_compare(
    generated_workspace: Workspace, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = WorkbenchApp(workspace=generated_workspace, exports_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        keys = Keys(pilot)
        await keys.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await keys.type("alignments")
        await pilot.pause(0.3)  # the palette searches in the background
        await keys.press("enter")
        screen = app.screen
        assert isinstance(screen, TablesScreen) and screen.current == "alignments"
        await keys.press("slash")
        await keys.type("score>=70")
        await keys.press("enter")
        await keys.press("s", "s")  # the cursor is on score, the column filtered on
        scores = screen.table.shown["score"].to_list()
        assert scores and min(scores) >= 70 and scores == sorted(scores, reverse=True)
        await keys.press("e")
        assert isinstance(app.screen, ExportPrompt)
        await keys.press("enter")
        written = pl.read_parquet(tmp_path / "alignments.parquet")
        assert written["score"].to_list() == scores
        row = screen.table.current_row()
        await keys.press("enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.model.article_ids == [row["left_id"], row["right_id"]]
        assert keys.count <= MOST_KEYS
