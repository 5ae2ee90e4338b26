"""Phrases: the recurring phrases with their years, and each one's keyword-in-context lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

from workbench.tui.screens.base import TableScreen, filter_bindings
from workbench.tui.widgets.filter_bar import FilterBar
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.kwic import KwicList
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.workspace import Workspace

NO_PHRASES = "no phrase of three words or more recurs in two articles or more"
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
        Binding(
            "enter",
            "show_kwic",
            "KWIC lines",
            show=False,
            tooltip="Move to the phrase's keyword-in-context lines (there, enter: Compare)",
            id="phrases.show-kwic",
        ),
        Binding(
            "c",
            "compare",
            "Compare",
            tooltip="Open the KWIC line's sentence in Compare, beside another article with it",
            id="phrases.compare",
        ),
        Binding("tab", "switch_focus", "Table/KWIC", id="phrases.switch-focus"),
        Binding(
            "shift+tab", "switch_focus", "Table/KWIC", show=False, id="phrases.switch-focus-back"
        ),
        *filter_bindings("phrases"),
    ]

    DEFAULT_CSS = """
    PhrasesScreen #phrases-title { height: 1; padding: 0 1; background: $panel; }
    PhrasesScreen #phrases-table { height: 1fr; }
    PhrasesScreen #kwic-title { height: 1; padding: 0 1; color: $text-muted; }
    PhrasesScreen KwicList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.phrase: str | None = None
        self._wanted: str | None = None  # a phrase asked for before the phrases were loaded
        self._kwic_phrase: str | None = None  # the phrase whose lines the KWIC list shows
        self._compare_wanted = False  # c was pressed before the lines under the cursor came

    def compose(self) -> ComposeResult:
        yield ModeBar()
        yield Static("Recurring phrases · loading…", id="phrases-title", markup=False)
        yield FilterBar(
            "#phrases-table",
            "words · kind=name · articles>=3 · year:2013..2014 · -excluded",
            id="phrases-bar",
            input_id="phrases-filter",
            what="phrase",
        )
        yield FrameTable(empty_text="loading phrases…", id="phrases-table")
        yield Static("", id="kwic-title", markup=False)
        yield KwicList(id="kwic")
        yield KeyFooter()

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
        self.table.empty_text = NO_PHRASES
        self.table.set_frame(frame)
        self.query_one("#phrases-title", Static).update(
            f"Recurring phrases · {self.table.total_rows:,} · enter: its lines · c: compare · "
            "s: sort"
        )
        self.show_row(self.table.current_row())
        if self._wanted is not None:
            self.show_phrase(self._wanted)
        self.mark_ready()

    def show_phrase(self, phrase: str) -> None:
        """Put the cursor on ``phrase`` (clearing a filter that hides it) and go to its lines."""
        if not self.table.frame.height:
            self._wanted = phrase
            return
        self._wanted = None
        row = self.table.find_row("phrase", phrase)
        if row is None and self.filter_bar is not None:
            self.filter_bar.input.value = ""
            self.table.set_filter("")
            row = self.table.find_row("phrase", phrase)
        if row is None:
            self.notify(f"no recurring phrase “{phrase}”", severity="warning")
            return
        self.table.move_cursor(row)
        self.kwic.focus()

    @on(FrameTable.RowSelected, "#phrases-table")
    def _selected(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        self.kwic.focus()

    def show_row(self, row: dict | None) -> None:
        if row is None:
            self.phrase = self._kwic_phrase = None
            self._compare_wanted = False
            self.kwic.set_lines(pl.DataFrame())
            self.query_one("#kwic-title", Static).update("")
            return
        if row["phrase"] == self.phrase:
            return
        self.phrase = row["phrase"]
        self.kwic.set_lines(pl.DataFrame())  # not the last phrase's lines under this one's name
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
        self._kwic_phrase = phrase
        self.kwic.set_lines(lines)
        articles = lines["article_id"].n_unique() if lines.height else 0
        repeated = lines.height - self.kwic.shown_lines.height
        same = f" ({counted(repeated, 'repeat')} shown as ×n)" if repeated else ""
        self.query_one("#kwic-title", Static).update(
            f"“{phrase}” · {lines.height} line{'s' if lines.height != 1 else ''}{same} in "
            f"{articles} article{'s' if articles != 1 else ''} · enter or c: open in Compare"
        )
        if self._compare_wanted and phrase == self.phrase:
            self.action_compare()

    @on(OptionList.OptionSelected, "#kwic")
    def _kwic_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_compare()

    def action_compare(self) -> None:
        """Open the KWIC line under the cursor in Compare beside another article with the phrase
        (pressed while the phrases or the lines load: once they are shown)."""
        self._compare_wanted = not self._lines_shown()
        if self._compare_wanted:
            return
        lines = self.kwic.shown_lines
        index = self.kwic.current_index
        if not lines.height or index is None:
            return
        row = lines.row(index, named=True)
        partner = compare_partner(lines, index)
        if partner is None:
            self.notify("This phrase occurs in one article only.", title="Phrases")
            return
        ids = [row["article_id"], partner]
        self.workbench.open_compare(ids, focus=(row["article_id"], row["sentence_id"]))
        self.notify(
            f"{row['article_id']} beside {partner}, the article of the nearest line in another "
            "article (a adds one more).",
            title=f"“{self.phrase}”",
            timeout=5,
        )

    def _lines_shown(self) -> bool:
        """Whether the phrases are loaded and the KWIC list shows the lines of the phrase under
        the cursor."""
        return self.is_ready and not self.table.waiting and self._kwic_phrase == self.phrase

    def action_show_kwic(self) -> None:
        """Move to the KWIC lines of the phrase under the cursor."""
        self.kwic.focus()

    def action_switch_focus(self) -> None:
        """Move between the phrase table and the KWIC lines."""
        (self.kwic if self.focused is self.table else self.table).focus()

    def action_clear_filter(self) -> None:
        """Escape: clear the filter; from the KWIC lines, back to the phrases first."""
        if self.focused is self.kwic:
            self.table.focus()
            return
        super().action_clear_filter()
