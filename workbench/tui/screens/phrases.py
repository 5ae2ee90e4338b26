"""Phrases: the recurring phrases with their years, and each one's keyword-in-context lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Input, OptionList, Static

from workbench.tui.screens.base import TableScreen
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.kwic import KwicList
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace

# The columns shown first; the rest of the table follows.
LEADING_COLUMNS = (
    "phrase",
    "first_year",
    "last_year",
    "article_count",
    "occurrences",
    "years",
    "variants",
)


KWIC_CONTEXT = 90  # characters of context asked for on each side; the list shows what fits


def compare_partner(lines: pl.DataFrame, index: int) -> str | None:
    """The article to compare a KWIC line's article with: the nearest other article in the list."""
    article_id = lines["article_id"][index]
    ids = lines["article_id"].to_list()
    for distance in range(1, len(ids)):
        for candidate in (index + distance, index - distance):
            if 0 <= candidate < len(ids) and ids[candidate] != article_id:
                return ids[candidate]
    return None


class PhrasesScreen(TableScreen):
    """Recurring phrases; the highlighted one's KWIC lines below; c jumps to Compare."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "show_kwic", "KWIC lines", show=False, id="phrases.show-kwic"),
        Binding("c", "compare", "Compare", id="phrases.compare"),
        Binding("slash", "filter", "Filter", id="phrases.filter"),
        Binding("tab", "switch_focus", "Table/KWIC", id="phrases.switch-focus"),
        Binding(
            "shift+tab", "switch_focus", "Table/KWIC", show=False, id="phrases.switch-focus-back"
        ),
        Binding("escape", "back", "Back", show=False, id="phrases.back"),
    ]

    DEFAULT_CSS = """
    PhrasesScreen #phrases-title { height: 1; padding: 0 1; background: $panel; }
    PhrasesScreen #phrases-filter { display: none; height: 3; }
    PhrasesScreen.-filtering #phrases-filter { display: block; }
    PhrasesScreen #phrases-table { height: 1fr; }
    PhrasesScreen #kwic-title { height: 1; padding: 0 1; color: $text-muted; }
    PhrasesScreen KwicList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.phrase: str | None = None

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static("Recurring phrases · loading…", id="phrases-title", markup=False)
        yield Input(placeholder="filter phrases (enter: keep, escape: clear)", id="phrases-filter")
        yield FrameTable(empty_text="loading phrases…", id="phrases-table")
        yield Static("", id="kwic-title", markup=False)
        yield KwicList(id="kwic")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()

    def workspace_ready(self, workspace: Workspace) -> None:
        # A large corpus's phrases stay on disk: the table pages them from a lazy scan.
        run_work(self, "loading phrases", lambda: workspace.view("recurring_phrases"), self._loaded)

    @property
    def kwic(self) -> KwicList:
        """The KWIC lines of the phrase in view."""
        return self.query_one(KwicList)

    def _loaded(self, phrases: pl.DataFrame | pl.LazyFrame) -> None:
        columns = phrases.collect_schema().names()
        leading = [c for c in LEADING_COLUMNS if c in columns]
        frame = phrases.select(*leading, *[c for c in columns if c not in leading])
        first = frame.head(2_000).collect() if isinstance(frame, pl.LazyFrame) else frame
        longest = first["phrase"].str.len_chars().max() if first.height else 0
        self.table.min_widths = {"phrase": min(longest or 0, 40)}
        self.table.set_frame(frame)
        self.query_one("#phrases-title", Static).update(
            f"Recurring phrases · {self.table.total_rows} · s: sort · /: filter · tab: KWIC · "
            "c: compare"
        )
        self.show_row(self.table.current_row())

    @on(FrameTable.RowSelected, "#phrases-table")
    def _selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        self.kwic.focus()

    def show_row(self, row: dict | None) -> None:
        if row is None:
            self.phrase = None
            self.kwic.set_lines(pl.DataFrame())
            self.query_one("#kwic-title", Static).update("")
            return
        if row["phrase"] == self.phrase:
            return
        self.phrase = row["phrase"]
        self.query_one("#kwic-title", Static).update(f"“{self.phrase}” · loading…")
        phrase, workspace = self.phrase, self.workspace
        run_work(
            self,
            f"finding “{phrase}” in context",
            lambda: workspace.kwic(phrase, width=KWIC_CONTEXT),
            lambda lines: self._kwic_loaded(phrase, lines),
            group="phrases-kwic",
        )

    def _kwic_loaded(self, phrase: str, lines: pl.DataFrame) -> None:
        self.kwic.set_lines(lines)
        articles = lines["article_id"].n_unique() if lines.height else 0
        self.query_one("#kwic-title", Static).update(
            f"“{phrase}” · {lines.height} line{'s' if lines.height != 1 else ''} in {articles} "
            f"article{'s' if articles != 1 else ''} · enter or c: open in Compare"
        )

    @on(OptionList.OptionSelected, "#kwic")
    def _kwic_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_compare()

    def action_compare(self) -> None:
        """Open the KWIC line under the cursor in Compare beside another article with the phrase."""
        lines = self.kwic.kwic_lines
        if not lines.height:
            return
        index = self.kwic.highlighted or 0
        row = lines.row(index, named=True)
        partner = compare_partner(lines, index)
        if partner is None:
            self.notify("This phrase occurs in one article only.", title="Phrases")
            return
        ids = [row["article_id"], partner]
        self.workbench.open_compare(ids, focus=(row["article_id"], row["sentence_id"]))

    def action_show_kwic(self) -> None:
        """Move to the KWIC lines of the phrase under the cursor."""
        self.kwic.focus()

    def action_switch_focus(self) -> None:
        """Move between the phrase table and the KWIC lines."""
        (self.kwic if self.focused is self.table else self.table).focus()

    def action_filter(self) -> None:
        """Filter the phrases by typing."""
        self.add_class("-filtering")
        self.query_one("#phrases-filter", Input).focus()

    @on(Input.Changed, "#phrases-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)

    @on(Input.Submitted, "#phrases-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        """Clear the filter, or leave a pushed screen."""
        field = self.query_one("#phrases-filter", Input)
        if self.has_class("-filtering"):
            field.value = ""
            self.remove_class("-filtering")
            self.table.focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()
