"""A modal list of articles, filtered by typing, that returns the chosen article id."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

_SHOWN_AT_MOST = 500


def article_label(row: dict) -> str:
    """One line for an article: id, date, outlet, title."""
    date = row.get("published") or "undated"
    return f"{row['article_id']}  {date:<10}  {row.get('outlet') or '—'} · {row.get('title') or ''}"


def picker_count(shown: int, total: int, typed: str) -> str:
    """The line under the picker's filter: how many articles it shows, and the keys."""
    if not shown:
        return f"nothing matches “{typed.strip()}” (backspace widens) · esc cancels"
    count = f"{shown} of {total} articles" if shown < total else f"{total} articles"
    return f"{count} · ↑↓ move · enter opens · esc cancels"


class ArticlePicker(ModalScreen[str | None]):
    """Choose an article; type to filter by id, date, outlet or title."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        # Letters filter (the filter line has the focus): the arrows move.
        Binding("down", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("up", "cursor_up", "Up", show=False, id="picker.up"),
    ]

    DEFAULT_CSS = """
    ArticlePicker { align: center middle; }
    ArticlePicker > Vertical {
        width: 90%;
        max-width: 110;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ArticlePicker #picker-help { color: $text-muted; height: 1; }
    ArticlePicker #picker-count { color: $text-muted; height: 1; }
    ArticlePicker OptionList { height: 1fr; border: none; }
    """

    def __init__(self, articles: pl.DataFrame, prompt: str, current: str | None = None) -> None:
        super().__init__()
        self.articles = articles
        self.prompt = prompt
        self.current = current
        self._labels = [
            (row["article_id"], article_label(row)) for row in articles.iter_rows(named=True)
        ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.prompt, id="picker-help", markup=False)
            yield Input(
                placeholder="filter: id, date, outlet or title words",
                id="picker-filter",
                compact=True,
            )
            yield Static("", id="picker-count", markup=False)
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        options = [
            Option(label, id=article_id)
            for article_id, label in self._labels
            if all(word in label.lower() for word in words)
        ][:_SHOWN_AT_MOST]
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            ids = [option.id for option in options]
            option_list.highlighted = ids.index(self.current) if self.current in ids else 0
        self.query_one("#picker-count", Static).update(
            picker_count(len(options), len(self._labels), text)
        )

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
