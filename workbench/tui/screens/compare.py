"""Compare: articles side by side with their aligned sentence pairs.

With more than two panes the pane in focus is the reference: its article is aligned against
each other pane's article, pairs are numbered in the reference's reading order and share a
colour with their partner in every other pane. Moving focus to another pane (Tab) makes it the
reference. Alignments are computed once per pair of articles (a reversed pair is the same
alignment read the other way) in a thread worker.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

import polars as pl
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.tui.screens.article_picker import ArticlePicker
from workbench.tui.widgets.article_pane import (
    ArticleData,
    ArticlePane,
    ArticleText,
    PairMark,
    build_blocks,
)
from workbench.tui.widgets.diff_view import DiffView
from workbench.tui.widgets.mode_bar import ModeBar

MAX_PANES = 4
MIN_PANE_WIDTH = 38

_FLIP = {"insert": "delete", "delete": "insert"}

# An alignment row read from the left article: left sentence, right sentence, score, shared
# themes, opcodes as (tag, left_start, left_end, right_start, right_end).
AlignmentRow = tuple[int, int, float, tuple[str, ...], tuple[tuple[str, int, int, int, int], ...]]


@dataclass(frozen=True)
class Pair:
    """One aligned pair: a sentence of the reference pane and one of another pane."""

    ref_sentence: int
    other: int  # index of the other pane
    other_sentence: int
    score: float
    themes: tuple[str, ...]
    opcodes: tuple[tuple[str, int, int, int, int], ...]
    colour: int = 0
    other_id: str = ""


def alignment_rows(frame: pl.DataFrame) -> list[AlignmentRow]:
    """The rows of ``Workspace.align`` as plain tuples."""
    rows: list[AlignmentRow] = []
    for row in frame.iter_rows(named=True):
        opcodes = tuple(
            (op["tag"], op["left_start"], op["left_end"], op["right_start"], op["right_end"])
            for op in (row.get("opcodes") or ())
        )
        rows.append(
            (
                row["left_sentence"],
                row["right_sentence"],
                float(row["score"]),
                tuple(row.get("shared_themes") or ()),
                opcodes,
            )
        )
    return rows


def flip_rows(rows: list[AlignmentRow]) -> list[AlignmentRow]:
    """The same alignment read from the right article."""
    return [
        (
            right,
            left,
            score,
            themes,
            tuple((_FLIP.get(tag, tag), rs, re_, ls, le) for tag, ls, le, rs, re_ in opcodes),
        )
        for left, right, score, themes, opcodes in rows
    ]


def load_article(workspace, article_id: str) -> ArticleData:
    """Everything a pane shows for one article (runs in a worker)."""
    hits = workspace.table("theme_hits").filter(pl.col("article_id") == article_id)
    removed = workspace.table("removed").filter(pl.col("article_id") == article_id).sort("start")
    return ArticleData(
        article_id=article_id,
        meta=workspace.article(article_id),
        sentences=workspace.article_sentences(article_id),
        hits=hits,
        removed=removed,
    )


def interpolate(anchors: list[tuple[int, int]], position: float) -> float:
    """Map a line of one pane to a line of another through increasing anchor pairs."""
    keys = [a for a, _ in anchors]
    index = bisect_right(keys, position) - 1
    index = max(0, min(index, len(anchors) - 2))
    (x0, y0), (x1, y1) = anchors[index], anchors[index + 1]
    if x1 == x0:
        return float(y1)
    return y0 + (y1 - y0) * (position - x0) / (x1 - x0)


class CompareScreen(Screen):
    """Two to four articles side by side, aligned pairs highlighted and jumped between."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_pair", "Next pair", id="compare.next-pair"),
        Binding("p,N", "prev_pair", "Prev", id="compare.prev-pair"),
        Binding("s", "toggle_sync", "Sync", id="compare.toggle-sync"),
        Binding("x", "swap_panes", "Swap", id="compare.swap-panes"),
        Binding("o", "switch_article", "Article", id="compare.switch-article"),
        Binding("a", "add_pane", "Add pane", show=False, id="compare.add-pane"),
        Binding("w", "close_pane", "Close pane", show=False, id="compare.close-pane"),
        Binding("b", "toggle_removed", "Removed", id="compare.toggle-removed"),
        Binding("t", "toggle_tags", "Theme tags", show=False, id="compare.toggle-tags"),
        Binding("d", "toggle_diff", "Diff", show=False, id="compare.toggle-diff"),
        Binding(
            "minus,left_square_bracket",
            "threshold(-5)",
            "Lower min score",
            show=False,
            id="compare.threshold-down",
        ),
        Binding(
            "plus,equals_sign,right_square_bracket",
            "threshold(5)",
            "Raise min score",
            show=False,
            id="compare.threshold-up",
        ),
        Binding("tab,l", "focus_pane(1)", "Next pane", show=False, id="compare.next-pane"),
        Binding("shift+tab,h", "focus_pane(-1)", "Prev pane", show=False, id="compare.prev-pane"),
        Binding("escape", "back", "Back", show=False, id="compare.back"),
    ]

    DEFAULT_CSS = """
    CompareScreen #panes {
        grid-size: 2 1;
        grid-gutter: 0;
        height: 1fr;
    }
    CompareScreen #compare-hint {
        height: 1fr;
        content-align: center middle;
        color: $text-muted;
        padding: 1 2;
    }
    CompareScreen #compare-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    CompareScreen.-no-diff DiffView { display: none; }
    CompareScreen.-short DiffView { max-height: 6; }
    """

    sync: reactive[bool] = reactive(True, init=False)
    show_removed: reactive[bool] = reactive(False, init=False)
    show_tags: reactive[bool] = reactive(True, init=False)

    def __init__(
        self, article_ids: list[str] | None = None, focus: tuple[str, int] | None = None
    ) -> None:
        super().__init__()
        self.article_ids: list[str] = list(article_ids or [])[:MAX_PANES]
        self.initial_focus = focus
        self.ref_index = 0
        if focus is not None and focus[0] in self.article_ids:
            self.ref_index = self.article_ids.index(focus[0])
        self.pairs: list[Pair] = []
        self.pair_index: int | None = None
        self.focus_sentence: int | None = focus[1] if focus is not None else None
        self.loaded = False
        self._articles: dict[str, ArticleData] = {}
        self._alignments: dict[tuple[str, str], list[AlignmentRow]] = {}
        self._jumping = False
        self._pairs_ref: str | None = None
        self._pane_serial = 0
        self.threshold: float | None = None  # minimum pair score; None: the workspace's

    # -- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Grid(id="panes"):
            for index, article_id in enumerate(self.article_ids):
                yield ArticlePane(article_id, id=f"pane-{index}")
        yield Static(
            "No articles to compare.\n\nMark two or more in the Library (space) and press enter, "
            "or press a to add an article here.",
            id="compare-hint",
        )
        yield DiffView()
        yield Static("", id="compare-status", markup=False)
        yield Footer()

    @property
    def panes(self) -> list[ArticlePane]:
        """The panes in order, left to right."""
        return list(self.query(ArticlePane))

    @property
    def workspace(self):
        """The app's loaded workspace, or None while it loads."""
        return getattr(self.app, "workspace", None)

    def on_mount(self) -> None:
        for pane in self.panes:
            pane.text.on_scrolled = self._pane_scrolled
        self._update_layout(self.size.width)
        if self.workspace is not None:
            self._start_loading()
        else:
            self.query_one(DiffView).show_message("loading the corpus…")
        self._update_status()

    def on_workspace_ready(self, _message) -> None:
        """The app finished loading its workspace (``workbench.tui.messages.WorkspaceReady``)."""
        self._start_loading()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-short")
        self._update_layout(event.size.width)

    def _update_layout(self, width: int) -> None:
        count = len(self.article_ids)
        self.query_one("#compare-hint").display = count == 0
        grid = self.query_one("#panes", Grid)
        grid.display = count > 0
        self.query_one(DiffView).display = count > 0
        self.query_one("#compare-status").display = count > 0
        if not count:
            return
        columns = max(1, min(count, width // MIN_PANE_WIDTH))
        rows = -(-count // columns)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_size_rows = rows

    # -- loading --------------------------------------------------------------------------

    def _missing(self) -> tuple[list[str], list[tuple[str, str]]]:
        articles = [a for a in dict.fromkeys(self.article_ids) if a not in self._articles]
        ref = self.article_ids[self.ref_index] if self.article_ids else None
        pairs = [
            (ref, other)
            for other in dict.fromkeys(self.article_ids)
            if ref is not None
            and other != ref
            and (ref, other) not in self._alignments
            and (other, ref) not in self._alignments
        ]
        return articles, pairs

    def _start_loading(self) -> None:
        if self.workspace is None or not self.article_ids:
            return
        articles, pairs = self._missing()
        if not articles and not pairs:
            self._show()
            return
        for pane in self.panes:
            if pane.article_id in articles:
                pane.loading = True
        self.query_one(DiffView).show_message("aligning…" if pairs else "loading…")
        self._load(articles, pairs)

    @work(thread=True, exclusive=True, group="compare-load")
    def _load(self, article_ids: list[str], pairs: list[tuple[str, str]]) -> None:
        workspace = self.workspace
        try:
            articles = {
                article_id: load_article(workspace, article_id) for article_id in article_ids
            }
            extra = {} if self.threshold is None else {"threshold": self.threshold}
            alignments = {pair: alignment_rows(workspace.align(*pair, **extra)) for pair in pairs}
        except Exception as error:  # shown in the app, never a crash
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._loaded, articles, alignments)

    def _failed(self, message: str) -> None:
        for pane in self.panes:
            pane.loading = False
        self.query_one(DiffView).show_message(f"could not load: {message}")
        self.notify(message, title="Compare", severity="error")

    def _loaded(self, articles: dict[str, ArticleData], alignments: dict) -> None:
        self._articles.update(articles)
        self._alignments.update(alignments)
        for pane in self.panes:
            pane.loading = False
        self._show()

    def _alignment(self, left: str, right: str) -> list[AlignmentRow]:
        if left == right:
            data = self._articles[left]
            return [(s, s, 100.0, (), ()) for s in data.sentences["sentence_id"].to_list()]
        if (left, right) in self._alignments:
            return self._alignments[(left, right)]
        return flip_rows(self._alignments.get((right, left), []))

    def _show(self) -> None:
        """Put the loaded data into the panes and recompute the pairs."""
        if len(self.panes) != len(self.article_ids):
            return  # a pane is being added or closed; the loading after it shows the result
        for pane, article_id in zip(self.panes, self.article_ids, strict=True):
            data = self._articles.get(article_id)
            if data is not None and (pane.data is None or pane.data.article_id != article_id):
                pane.show(data, self.show_removed, self.show_tags)
        kept = self._pair_key()
        self._compute_pairs()
        if not self.loaded:
            self.loaded = True
            self._apply_initial_focus()
        else:
            self._focus_key(kept)
            self._restyle()

    def _compute_pairs(self) -> None:
        ref_id = self.article_ids[self.ref_index]
        self._pairs_ref = ref_id
        found = []
        for index, other_id in enumerate(self.article_ids):
            if index == self.ref_index or other_id not in self._articles:
                continue
            for left, right, score, themes, opcodes in self._alignment(ref_id, other_id):
                found.append((left, index, right, score, themes, opcodes, other_id))
        found.sort(key=lambda row: (row[0], row[1]))
        colours: dict[int, int] = {}
        self.pairs = [
            Pair(
                left,
                index,
                right,
                score,
                themes,
                opcodes,
                colours.setdefault(left, len(colours)),
                other_id,
            )
            for left, index, right, score, themes, opcodes, other_id in found
        ]
        self.pair_index = None

    def _key_of(self, pair: Pair) -> frozenset:
        return frozenset(
            {(self._pairs_ref, pair.ref_sentence), (pair.other_id, pair.other_sentence)}
        )

    def _pair_key(self) -> frozenset | None:
        if self.pair_index is None:
            return None
        return self._key_of(self.pairs[self.pair_index])

    def _focus_key(self, key: frozenset | None) -> None:
        if key is None:
            return
        for index, pair in enumerate(self.pairs):
            if self._key_of(pair) == key:
                self.pair_index = index
                return

    def _apply_initial_focus(self) -> None:
        panes = self.panes
        panes[self.ref_index].text.focus()
        if self.focus_sentence is not None:
            matching = [
                i for i, p in enumerate(self.pairs) if p.ref_sentence == self.focus_sentence
            ]
            if matching:
                self.pair_index = matching[0]
                self.focus_sentence = None
        self._restyle()
        self.call_after_refresh(self._scroll_to_focus)

    # -- presentation ---------------------------------------------------------------------

    def _restyle(self) -> None:
        """Recolour the panes and the diff strip for the current pairs and focus."""
        panes = self.panes
        if len(panes) != len(self.article_ids):
            return
        marks: list[dict[int, PairMark]] = [{} for _ in panes]
        for number, pair in enumerate(self.pairs, start=1):
            focused = number - 1 == self.pair_index
            for pane_index, sentence in (
                (self.ref_index, pair.ref_sentence),
                (pair.other, pair.other_sentence),
            ):
                existing = marks[pane_index].get(sentence)
                if existing is None or (focused and not existing.focused):
                    marks[pane_index][sentence] = PairMark(number, pair.colour, pair.score, focused)
        for index, pane in enumerate(panes):
            focus_sentence = self.focus_sentence if index == self.ref_index else None
            pane.text.set_marks(marks[index], focus_sentence)
            pane.border_subtitle = "reference" if index == self.ref_index and len(panes) > 2 else ""
        self._update_diff()
        self._update_status()

    def _update_diff(self) -> None:
        diff = self.query_one(DiffView)
        if not self.loaded:
            return
        if self.pair_index is None:
            count = len(self.pairs)
            diff.show_message(
                f"{count} aligned pair{'s' if count != 1 else ''}"
                + (" · n / p to step through them" if count else " · - or [ lowers the min score"),
                "",
            )
            return
        pair = self.pairs[self.pair_index]
        ref_id, other_id = self.article_ids[self.ref_index], self.article_ids[pair.other]
        ref_data, other_data = self._articles[ref_id], self._articles[other_id]
        themes = f" · themes: {', '.join(pair.themes)}" if pair.themes else ""
        heading = (
            f"pair {self.pair_index + 1}/{len(self.pairs)} · score {pair.score:.0f} · "
            f"{ref_id} s{pair.ref_sentence} → {other_id} s{pair.other_sentence}{themes}"
        )
        diff.show_pair(
            heading,
            (f"{ref_id} −", f"{other_id} +"),
            ref_data.sentence_text(pair.ref_sentence),
            other_data.sentence_text(pair.other_sentence),
            pair.opcodes,
            lines_per_side=2 if self.has_class("-short") else None,
        )

    @property
    def min_score(self) -> float | None:
        """The minimum score of the pairs shown."""
        if self.threshold is not None:
            return self.threshold
        settings = getattr(self.workspace, "settings", None)
        return getattr(settings, "align_threshold", None)

    def _update_status(self) -> None:
        parts = []
        if self.article_ids:
            parts.append(f"ref {self.article_ids[self.ref_index]}")
        if self.min_score is not None:
            parts.append(f"min score {self.min_score:.0f} (-/+)")
        parts.append("scroll synced" if self.sync else "scroll free")
        if self.show_removed:
            parts.append("removed text shown")
        if self.pair_index is not None:
            parts.append(f"pair {self.pair_index + 1}/{len(self.pairs)}")
        self.query_one("#compare-status", Static).update(" · ".join(parts))

    # -- scrolling ------------------------------------------------------------------------

    def _scroll_to_focus(self) -> None:
        panes = self.panes
        if self.pair_index is not None:
            pair = self.pairs[self.pair_index]
            self._scroll_panes({self.ref_index: pair.ref_sentence, pair.other: pair.other_sentence})
        elif self.focus_sentence is not None:
            self._scroll_panes({self.ref_index: self.focus_sentence})
            if self.sync:
                self._pane_scrolled(panes[self.ref_index].text, force=True)

    def _scroll_panes(self, targets: dict[int, int]) -> None:
        """Put each target sentence a third of the way down its pane."""
        panes = self.panes
        self._jumping = True
        try:
            for pane_index, sentence in targets.items():
                panes[pane_index].text.scroll_to_sentence(sentence)
        finally:
            self._jumping = False

    def _anchors(self, other: int) -> list[tuple[int, int]]:
        panes = self.panes
        ref_text, other_text = panes[self.ref_index].text, panes[other].text
        anchors = [(0, 0)]
        for pair in self.pairs:
            if pair.other != other:
                continue
            left, right = (
                ref_text.line_of(pair.ref_sentence),
                other_text.line_of(pair.other_sentence),
            )
            if (
                left is not None
                and right is not None
                and left > anchors[-1][0]
                and right > anchors[-1][1]
            ):
                anchors.append((left, right))
        end = (ref_text.line_count, other_text.line_count)
        if end[0] > anchors[-1][0] and end[1] >= anchors[-1][1]:
            anchors.append(end)
        return anchors

    def _pane_scrolled(self, text: ArticleText, force: bool = False) -> None:
        """Synchronized scrolling: the other panes follow the reference through the pairs."""
        if not self.sync or (self._jumping and not force) or not self.loaded:
            return
        panes = self.panes
        if text is not panes[self.ref_index].text:
            return
        reading = text.scroll_y + text.size.height / 3
        self._jumping = True
        try:
            for index, pane in enumerate(panes):
                if index == self.ref_index:
                    continue
                anchors = self._anchors(index)
                if len(anchors) < 2:
                    continue
                target = interpolate(anchors, reading) - pane.text.size.height / 3
                pane.text.scroll_to(y=max(round(target), 0), animate=False, force=True)
        finally:
            self._jumping = False

    # -- actions --------------------------------------------------------------------------

    def _step(self, delta: int) -> None:
        if not self.pairs:
            hint = ""
            if self.min_score is not None:
                hint = f" at min score {self.min_score:.0f}; press - or [ to lower it"
            self.notify(f"No aligned pairs{hint}.", title="Compare")
            return
        if self.pair_index is None:
            self.pair_index = 0 if delta > 0 else len(self.pairs) - 1
        else:
            self.pair_index = (self.pair_index + delta) % len(self.pairs)
        self.focus_sentence = None
        self._restyle()
        self._scroll_to_focus()

    def action_next_pair(self) -> None:
        """Focus the next aligned pair and scroll both panes to it."""
        self._step(1)

    def action_prev_pair(self) -> None:
        """Focus the previous aligned pair and scroll both panes to it."""
        self._step(-1)

    def action_toggle_sync(self) -> None:
        """Switch between synchronized and free scrolling."""
        self.sync = not self.sync

    def watch_sync(self, sync: bool) -> None:
        self._update_status()
        self.notify("Scrolling synchronized." if sync else "Scrolling free.", timeout=2)
        if sync and self.loaded:
            self._pane_scrolled(self.panes[self.ref_index].text, force=True)

    def action_toggle_removed(self) -> None:
        """Show or hide the boilerplate removed at ingest, inline where it was."""
        self.show_removed = not self.show_removed

    def action_toggle_tags(self) -> None:
        """Show or hide the theme labels after each theme hit (hits stay underlined)."""
        self.show_tags = not self.show_tags

    def watch_show_tags(self, show: bool) -> None:
        for pane in self.panes:
            if pane.data is not None:
                pane.text.set_blocks(build_blocks(pane.data, self.show_removed, show))
        self._scroll_to_focus()

    def watch_show_removed(self, show: bool) -> None:
        count = 0
        for pane in self.panes:
            if pane.data is not None:
                pane.text.set_blocks(build_blocks(pane.data, show, self.show_tags))
                count += pane.data.removed.height
        self._update_status()
        if show:
            self.notify(
                f"{count} removed span{'s' if count != 1 else ''} shown, marked “removed”.",
                timeout=3,
            )
        self._scroll_to_focus()

    def action_threshold(self, delta: float) -> None:
        """Lower or raise the minimum score a pair must reach, and realign."""
        current = self.min_score
        if current is None or self.workspace is None:
            return
        self.threshold = max(5.0, min(100.0, current + delta))
        self._alignments.clear()
        self.pair_index = None
        self._update_status()
        self._start_loading()

    def action_toggle_diff(self) -> None:
        """Show or hide the word-difference strip."""
        self.toggle_class("-no-diff")

    def _focused_index(self) -> int:
        focused = self.focused
        for index, pane in enumerate(self.panes):
            if focused is not None and (focused is pane or pane in focused.ancestors):
                return index
        return self.ref_index

    def action_focus_pane(self, delta: int) -> None:
        """Move focus to the next or previous pane (it becomes the reference)."""
        panes = self.panes
        if panes:
            panes[(self._focused_index() + delta) % len(panes)].text.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        index = self._focused_index()
        if self.article_ids and index != self.ref_index:
            self.ref_index = index
            if self.loaded:
                self._start_loading()

    def action_swap_panes(self) -> None:
        """Swap the pane in focus with the next one."""
        count = len(self.article_ids)
        if count < 2:
            return
        first = self._focused_index()
        second = (first + 1) % count
        ids = self.article_ids
        ids[first], ids[second] = ids[second], ids[first]
        panes = self.panes
        scrolls = (panes[first].text.scroll_y, panes[second].text.scroll_y)
        for pane_index in (first, second):
            panes[pane_index].data = None
            panes[pane_index].set_reactive(ArticlePane.article_id, ids[pane_index])
        if self.ref_index in (first, second):
            self.ref_index = second if self.ref_index == first else first
        self._jumping = True
        try:
            if self.loaded:
                self._show()
            panes[second].text.scroll_to(y=scrolls[0], animate=False, force=True)
            panes[first].text.scroll_to(y=scrolls[1], animate=False, force=True)
        finally:
            self._jumping = False
        panes[second].text.focus()

    def _articles_frame(self) -> pl.DataFrame:
        return self.workspace.table("articles")

    def action_switch_article(self) -> None:
        """Choose another article for the pane in focus."""
        if self.workspace is None or not self.article_ids:
            return
        index = self._focused_index()
        current = self.article_ids[index]
        self.app.push_screen(
            ArticlePicker(
                self._articles_frame(), f"Show in pane {index + 1} instead of {current}:", current
            ),
            lambda chosen: self._replace_article(index, chosen),
        )

    def _replace_article(self, index: int, chosen: str | None) -> None:
        if chosen is None or chosen == self.article_ids[index]:
            return
        self.article_ids[index] = chosen
        pane = self.panes[index]
        pane.data = None
        pane.set_reactive(ArticlePane.article_id, chosen)
        self.pair_index = None
        self._start_loading()

    def action_add_pane(self) -> None:
        """Add a pane (up to four) showing an article chosen from a list."""
        if self.workspace is None:
            return
        if len(self.article_ids) >= MAX_PANES:
            self.notify(f"At most {MAX_PANES} panes.", title="Compare")
            return
        self.app.push_screen(
            ArticlePicker(self._articles_frame(), "Add a pane showing:"),
            self._add_article,
        )

    async def _add_article(self, chosen: str | None) -> None:
        if chosen is None:
            return
        self.article_ids.append(chosen)
        self._pane_serial += 1
        pane = ArticlePane(chosen, id=f"pane-added-{self._pane_serial}")
        await self.query_one("#panes", Grid).mount(pane)
        pane.text.on_scrolled = self._pane_scrolled
        self._update_layout(self.size.width)
        self._start_loading()

    async def action_close_pane(self) -> None:
        """Close the pane in focus (two panes stay at least)."""
        if len(self.article_ids) <= 2:
            self.notify("Compare keeps at least two panes.", title="Compare")
            return
        index = self._focused_index()
        pane = self.panes[index]
        self.article_ids.pop(index)
        self.ref_index = 0
        self.pair_index = None
        await pane.remove()
        self._update_layout(self.size.width)
        self.panes[0].text.focus()
        self._start_loading()

    def action_back(self) -> None:
        """Back out of Compare to the screen it was opened from."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- for tests and the command palette ---------------------------------------------------

    @property
    def focused_pair(self) -> Pair | None:
        """The pair in focus, or None."""
        return self.pairs[self.pair_index] if self.pair_index is not None else None

    @property
    def focus_target(self) -> tuple[str, int] | None:
        """(article id, sentence id) of the reference sentence in focus."""
        if self.pair_index is not None:
            return self.article_ids[self.ref_index], self.pairs[self.pair_index].ref_sentence
        if self.focus_sentence is not None:
            return self.article_ids[self.ref_index], self.focus_sentence
        return None
