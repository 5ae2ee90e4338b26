"""Compare: articles side by side with their aligned sentence pairs.

With more than two panes the pane in focus is the reference: its article is aligned against
each other pane's article, pairs are numbered in the reference's reading order and share a
colour with their partner in every other pane. Moving focus to another pane (Tab) makes it the
reference. The state (articles, reference, alignments, pairs, focus, minimum score) is a
``CompareModel``; this screen renders it and loads what it is missing in a thread worker.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.reactive import reactive
from textual.widgets import Footer, Static

from workbench.tui.compare_model import (
    MAX_PANES,
    AlignedRow,
    ArticlePair,
    CompareModel,
    alignment_rows,
)
from workbench.tui.screens.article_picker import ArticlePicker
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.widgets.article_pane import ArticleData, ArticlePane, ArticleText, build_blocks
from workbench.tui.widgets.diff_view import DiffView
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace

MIN_PANE_WIDTH = 38


def load_article(workspace: Workspace, article_id: str) -> ArticleData:
    """Everything a pane shows for one article (runs in a worker)."""
    return ArticleData(
        article_id=article_id,
        meta=workspace.article(article_id),
        sentences=workspace.article_sentences(article_id),
        hits=workspace.article_hits(article_id),
        removed=workspace.article_removed(article_id),
    )


def load_comparison(
    workspace: Workspace,
    article_ids: list[str],
    pairs: list[ArticlePair],
    threshold: float | None,
) -> tuple[dict[str, ArticleData], dict[ArticlePair, list[AlignedRow]]]:
    """The articles and alignments Compare is missing (runs in a worker)."""
    articles = {article_id: load_article(workspace, article_id) for article_id in article_ids}
    extra = {} if threshold is None else {"threshold": threshold}
    alignments = {pair: alignment_rows(workspace.align(*pair, **extra)) for pair in pairs}
    return articles, alignments


def interpolate(anchors: list[tuple[int, int]], position: float) -> float:
    """Map a line of one pane to a line of another through increasing anchor pairs."""
    keys = [a for a, _ in anchors]
    index = bisect_right(keys, position) - 1
    index = max(0, min(index, len(anchors) - 2))
    (x0, y0), (x1, y1) = anchors[index], anchors[index + 1]
    if x1 == x0:
        return float(y1)
    return y0 + (y1 - y0) * (position - x0) / (x1 - x0)


class CompareScreen(WorkbenchScreen):
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
        self.model = CompareModel.opening(article_ids or [], focus)
        self.shown = False  # the panes have shown the loaded articles once
        self._articles: dict[str, ArticleData] = {}
        self._jumping = False
        self._pane_serial = 0

    # -- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Grid(id="panes"):
            for index, article_id in enumerate(self.model.article_ids):
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

    def on_mount(self) -> None:
        for pane in self.panes:
            pane.text.on_scrolled = self._pane_scrolled
        self._update_layout(self.size.width)
        if not self.has_workspace:
            self.query_one(DiffView).show_message("loading the corpus…")
        self._update_status()

    def workspace_ready(self, workspace: Workspace) -> None:
        self._start_loading()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-short")
        self._update_layout(event.size.width)

    def _update_layout(self, width: int) -> None:
        count = len(self.model.article_ids)
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

    def _start_loading(self) -> None:
        """Load what the model is missing in a worker (a newer request replaces an older)."""
        if not self.has_workspace or not self.model.article_ids:
            return
        articles, pairs = self.model.missing()
        if not articles and not pairs:
            self._show()
            return
        for pane in self.panes:
            if pane.article_id in articles:
                pane.loading = True
        self.query_one(DiffView).show_message("aligning…" if pairs else "loading…")
        workspace, threshold = self.workspace, self.model.threshold
        run_work(
            self,
            "loading the comparison",
            lambda: load_comparison(workspace, articles, pairs, threshold),
            self._loaded,
            failed=self._failed,
            group="compare-load",
        )

    def _failed(self, message: str) -> None:
        for pane in self.panes:
            pane.loading = False
        self.query_one(DiffView).show_message(f"could not load: {message}")

    def _loaded(
        self, loaded: tuple[dict[str, ArticleData], dict[ArticlePair, list[AlignedRow]]]
    ) -> None:
        articles, alignments = loaded
        self._articles.update(articles)
        sentence_ids = {
            article_id: data.sentences["sentence_id"].to_list()
            for article_id, data in articles.items()
        }
        self.model.add_loaded(sentence_ids, alignments)
        for pane in self.panes:
            pane.loading = False
        self._show()

    def _show(self) -> None:
        """Put the loaded articles into the panes and restyle them for the model's pairs."""
        if len(self.panes) != len(self.model.article_ids):
            return  # a pane is being added or closed; the loading after it shows the result
        for pane, article_id in zip(self.panes, self.model.article_ids, strict=True):
            data = self._articles.get(article_id)
            if data is not None and (pane.data is None or pane.data.article_id != article_id):
                pane.show(data, self.show_removed, self.show_tags)
        self.model.update_pairs()
        first = not self.shown
        self.shown = True
        self._restyle()
        if first:
            self.panes[self.model.ref_index].text.focus()
            self.call_after_refresh(self._scroll_to_focus)

    # -- presentation ---------------------------------------------------------------------

    def _restyle(self) -> None:
        """Recolour the panes and the diff strip for the current pairs and focus."""
        panes = self.panes
        model = self.model
        if len(panes) != len(model.article_ids):
            return
        for index, (pane, marks) in enumerate(zip(panes, model.marks(), strict=True)):
            is_ref = index == model.ref_index
            pane.text.set_marks(marks, model.focus_sentence if is_ref else None)
            pane.border_subtitle = "reference" if is_ref and len(panes) > 2 else ""
        self._update_diff()
        self._update_status()

    def _update_diff(self) -> None:
        diff = self.query_one(DiffView)
        if not self.shown:
            return
        pair = self.model.focused_pair
        if pair is None:
            count = len(self.model.pairs)
            diff.show_message(
                f"{count} aligned pair{'s' if count != 1 else ''}"
                + (" · n / p to step through them" if count else " · - or [ lowers the min score"),
                "",
            )
            return
        ref_id, other_id = pair.ref_id, pair.other_id
        themes = f" · themes: {', '.join(pair.themes)}" if pair.themes else ""
        heading = (
            f"pair {self.model.pair_index + 1}/{len(self.model.pairs)} · "
            f"score {pair.score:.0f} · "
            f"{ref_id} s{pair.ref_sentence} → {other_id} s{pair.other_sentence}{themes}"
        )
        diff.show_pair(
            heading,
            (f"{ref_id} −", f"{other_id} +"),
            self._articles[ref_id].sentence_text(pair.ref_sentence),
            self._articles[other_id].sentence_text(pair.other_sentence),
            pair.opcodes,
            lines_per_side=2 if self.has_class("-short") else None,
        )

    @property
    def min_score(self) -> float | None:
        """The minimum score of the pairs shown."""
        default = self.workspace.settings.align_threshold if self.has_workspace else None
        return self.model.min_score(default)

    def _update_status(self) -> None:
        model = self.model
        parts = []
        if model.reference is not None:
            parts.append(f"ref {model.reference}")
        if self.min_score is not None:
            parts.append(f"min score {self.min_score:.0f} (-/+)")
        parts.append("scroll synced" if self.sync else "scroll free")
        if self.show_removed:
            parts.append("removed text shown")
        if model.pair_index is not None:
            parts.append(f"pair {model.pair_index + 1}/{len(model.pairs)}")
        self.query_one("#compare-status", Static).update(" · ".join(parts))

    # -- scrolling ------------------------------------------------------------------------

    def _scroll_to_focus(self) -> None:
        model = self.model
        pair = model.focused_pair
        if pair is not None:
            self._scroll_panes(
                {model.ref_index: pair.ref_sentence, pair.other: pair.other_sentence}
            )
        elif model.focus_sentence is not None:
            self._scroll_panes({model.ref_index: model.focus_sentence})
            if self.sync:
                self._pane_scrolled(self.panes[model.ref_index].text, force=True)

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
        ref_text, other_text = panes[self.model.ref_index].text, panes[other].text
        anchors = [(0, 0)]
        for pair in self.model.pairs:
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
        if not self.sync or (self._jumping and not force) or not self.shown:
            return
        panes = self.panes
        ref_index = self.model.ref_index
        if text is not panes[ref_index].text:
            return
        reading = text.scroll_y + text.size.height / 3
        self._jumping = True
        try:
            for index, pane in enumerate(panes):
                if index == ref_index:
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
        if not self.model.step(delta):
            hint = ""
            if self.min_score is not None:
                hint = f" at min score {self.min_score:.0f}; press - or [ to lower it"
            self.notify(f"No aligned pairs{hint}.", title="Compare")
            return
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
        if sync and self.shown:
            self._pane_scrolled(self.panes[self.model.ref_index].text, force=True)

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
        if not self.has_workspace:
            return
        if self.model.change_threshold(delta, self.workspace.settings.align_threshold):
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
        return self.model.ref_index

    def action_focus_pane(self, delta: int) -> None:
        """Move focus to the next or previous pane (it becomes the reference)."""
        panes = self.panes
        if panes:
            panes[(self._focused_index() + delta) % len(panes)].text.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.model.set_reference(self._focused_index()) and self.shown:
            self._start_loading()

    def _show_article_in(self, pane: ArticlePane, article_id: str) -> None:
        """Point a pane at another article; ``_show`` fills it once the article is loaded."""
        pane.data = None
        pane.set_reactive(ArticlePane.article_id, article_id)

    def action_swap_panes(self) -> None:
        """Swap the pane in focus with the next one."""
        swapped = self.model.swap(self._focused_index())
        if swapped is None:
            return
        first, second = swapped
        panes = self.panes
        scrolls = (panes[first].text.scroll_y, panes[second].text.scroll_y)
        for index in swapped:
            self._show_article_in(panes[index], self.model.article_ids[index])
        self._jumping = True
        try:
            if self.shown:
                self._show()
            panes[second].text.scroll_to(y=scrolls[0], animate=False, force=True)
            panes[first].text.scroll_to(y=scrolls[1], animate=False, force=True)
        finally:
            self._jumping = False
        panes[second].text.focus()

    def action_switch_article(self) -> None:
        """Choose another article for the pane in focus."""
        if not self.has_workspace or not self.model.article_ids:
            return
        index = self._focused_index()
        current = self.model.article_ids[index]
        self.app.push_screen(
            ArticlePicker(
                self.workspace.table("articles"),
                f"Show in pane {index + 1} instead of {current}:",
                current,
            ),
            lambda chosen: self._replace_article(index, chosen),
        )

    def _replace_article(self, index: int, chosen: str | None) -> None:
        if chosen is not None and self.model.replace(index, chosen):
            self._show_article_in(self.panes[index], chosen)
            self._start_loading()

    def action_add_pane(self) -> None:
        """Add a pane (up to four) showing an article chosen from a list."""
        if not self.has_workspace:
            return
        if len(self.model.article_ids) >= MAX_PANES:
            self.notify(f"At most {MAX_PANES} panes.", title="Compare")
            return
        self.app.push_screen(
            ArticlePicker(self.workspace.table("articles"), "Add a pane showing:"),
            self._add_article,
        )

    async def _add_article(self, chosen: str | None) -> None:
        if chosen is None or not self.model.add(chosen):
            return
        self._pane_serial += 1
        pane = ArticlePane(chosen, id=f"pane-added-{self._pane_serial}")
        await self.query_one("#panes", Grid).mount(pane)
        pane.text.on_scrolled = self._pane_scrolled
        self._update_layout(self.size.width)
        self._start_loading()

    async def action_close_pane(self) -> None:
        """Close the pane in focus (two panes stay at least)."""
        index = self._focused_index()
        if not self.model.close(index):
            self.notify("Compare keeps at least two panes.", title="Compare")
            return
        await self.panes[index].remove()
        self._update_layout(self.size.width)
        self.panes[0].text.focus()
        self._start_loading()

    def action_back(self) -> None:
        """Back out of Compare to the screen it was opened from."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
