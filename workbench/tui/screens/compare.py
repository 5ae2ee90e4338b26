"""Compare: articles side by side with their aligned sentence pairs.

With more than two panes the pane in focus is the reference: its article is aligned against
each other pane's article, pairs are numbered in the reference's reading order and share a
colour with their partner in every other pane. Moving focus to another pane (Tab) makes it the
reference. The state (articles, reference, alignments, pairs, focus, minimum score, labels) is a
``CompareModel``; this screen renders it and loads what it is missing in a thread worker.

The analyst labels the pair in focus (same / related / unrelated, a note), pairs two sentences by
hand, and undoes the last change; labels live in the workspace's label store, shared with other
sessions, and every read or write of it runs in a worker (``compare_labels``). A panel explains
why the pair in focus is paired. ``/`` searches the reference article, ``:`` goes to a sentence,
``c`` / ``C`` copy the sentence or the pair.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable
from textwrap import shorten
from typing import TYPE_CHECKING, ClassVar, TypeVar

import polars as pl
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Static

from workbench.analysis.word_diff import word_opcodes
from workbench.tui.compare_labels import (
    Evaluations,
    LabelsRead,
    Sentences,
    Undone,
    check_writable,
    evaluate,
    read_labels,
    undo_label,
    write_label,
    write_note,
)
from workbench.tui.compare_model import (
    MAX_PANES,
    MIN_SCORE_RANGE,
    AlignedRow,
    ArticlePair,
    CompareModel,
    Pair,
    aligned_row,
    alignment_rows,
)
from workbench.tui.screens.article_picker import ArticlePicker
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.note_prompt import NotePrompt
from workbench.tui.widgets.article_pane import (
    LABEL_GLYPHS,
    ArticleData,
    ArticlePane,
    ArticleText,
    TextMatch,
    build_blocks,
    find_in_blocks,
    id_label,
    sentence_label,
)
from workbench.tui.widgets.diff_view import DiffView
from workbench.tui.widgets.evaluation_view import EvaluationView, evaluation_text
from workbench.tui.widgets.explain_view import ExplainView, explanation, score_summary
from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.line_prompt import LinePrompt
from workbench.tui.widgets.mode_bar import ModeBar
from workbench.tui.work import run_work

if TYPE_CHECKING:
    from workbench.workspace import Workspace

T = TypeVar("T")
MIN_PANE_WIDTH = 38
SHORT_HEIGHT = 32  # below this many rows the strips under the panes take turns
FIXED_ROWS = 3  # the mode bar, the status line and the key footer
MIN_PANE_ROWS = 7  # a pane shorter shows next to nothing (border, title, four lines of text)
NOTE_SHOWN = 40  # characters of a pair's note its heading shows (`e` shows it whole)
PANE_ROOM = 10  # the rows a row of panes keeps before the word diff takes more lines
DIFF_LINES = 8  # the lines the diff's two sentences may take (more on a tall terminal)
LABEL_GROUP = Binding.Group("Label", compact=True)
EMPTY_HINT = (
    "No articles to compare.\n\n"
    "Press 1 for the Library: mark two to four articles with space and press enter "
    "(enter alone compares the article under the cursor with the next one).\n"
    "Themes (3) and Phrases (4) open passages here too; a adds an article to this screen."
)


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
    many: int = 1,
) -> tuple[dict[str, ArticleData], dict[ArticlePair, list[AlignedRow]], dict[ArticlePair, float]]:
    """The articles and alignments Compare is missing, and each article pair's best score
    (what the min score would have to come down to for a first pair; runs in a worker)."""
    articles = {article_id: load_article(workspace, article_id) for article_id in article_ids}
    extra = {} if threshold is None else {"threshold": threshold}
    # Labels are read apart (compare_labels): a damaged store must not stop the alignment.
    alignments = {
        pair: alignment_rows(
            workspace.align(*pair, many=many, labels=False, opcodes=False, **extra)
        )
        for pair in pairs
    }
    best = {}
    for pair in pairs:
        if alignments[pair]:  # the best pair is aligned: its score is shown already
            best[pair] = max(row.score for row in alignments[pair])
            continue
        scored = workspace.score_pair(*pair)
        if scored is not None and scored.scores.size:
            best[pair] = float(scored.scores.max())
    return articles, alignments, best


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
        # While a search is on, n / N step through its matches (the article panes' keys,
        # ``SEARCH_BINDINGS``); else they step through pairs, p staying the previous pair.
        Binding("n", "next_pair", "Next pair", id="compare.next-pair"),
        Binding("p,N", "prev_pair", "Prev", key_display="p", id="compare.prev-pair"),
        Binding(
            "e", "toggle_explain", "Why", tooltip="Why the pair is paired", id="compare.explain"
        ),
        Binding("slash", "search", "Search", tooltip="Search the article", id="compare.search"),
        Binding(
            "y",
            "label('same')",
            "Same",
            tooltip="Label the pair in focus: the same point",
            group=LABEL_GROUP,
            id="compare.label-same",
        ),
        Binding(
            "r",
            "label('related')",
            "Related",
            tooltip="Label the pair in focus: related",
            group=LABEL_GROUP,
            id="compare.label-related",
        ),
        Binding(
            "f",
            "label('unrelated')",
            "Unrelated",
            tooltip="Label the pair in focus: unrelated (a false pair)",
            group=LABEL_GROUP,
            id="compare.label-unrelated",
        ),
        Binding(
            "backspace,delete",
            "label('')",
            "Clear label",
            show=False,
            id="compare.label-clear",
        ),
        Binding(
            "m", "note", "Note", tooltip="A short note on the pair", show=False, id="compare.note"
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            tooltip="Undo your last label change",
            show=False,
            id="compare.undo",
        ),
        Binding(
            "v",
            "select_sentence",
            "Pair by hand",
            tooltip="Choose the sentence in focus; v in another pane pairs the two",
            show=False,
            id="compare.pair-by-hand",
        ),
        Binding(
            "L",
            "toggle_skip",
            "Skip labelled",
            tooltip="n / p pass over labelled pairs",
            show=False,
            id="compare.skip-labelled",
        ),
        Binding(
            "R",
            "refresh_labels",
            "Refresh labels",
            tooltip="Read labels saved elsewhere",
            show=False,
            id="compare.refresh-labels",
        ),
        Binding(
            "E",
            "toggle_evaluation",
            "Aligner vs labels",
            tooltip="Precision and recall of the aligner on the labels",
            show=False,
            id="compare.evaluation",
        ),
        Binding("colon", "jump", "Go to sentence", show=False, id="compare.go-to-sentence"),
        Binding("J", "sentence(1)", "Next sentence", show=False, id="compare.next-sentence"),
        Binding("K", "sentence(-1)", "Prev sentence", show=False, id="compare.prev-sentence"),
        Binding("c", "copy_sentence", "Copy sentence", show=False, id="compare.copy-sentence"),
        Binding("C", "copy_pair", "Copy pair", show=False, id="compare.copy-pair"),
        Binding("s", "toggle_sync", "Sync", show=False, id="compare.toggle-sync"),
        Binding("x", "swap_panes", "Swap", show=False, id="compare.swap-panes"),
        Binding("o", "switch_article", "Article", show=False, id="compare.switch-article"),
        Binding("a", "add_pane", "Add pane", show=False, id="compare.add-pane"),
        Binding("w", "close_pane", "Close pane", show=False, id="compare.close-pane"),
        Binding("b", "toggle_removed", "Removed", show=False, id="compare.toggle-removed"),
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
        Binding(
            "M",
            "toggle_many",
            "One to many",
            show=False,
            tooltip="Let a sentence pair with up to three sentences of the other article",
            id="compare.toggle-many",
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
        display: none;
        height: 1fr;
        content-align: center middle;
        color: $text-muted;
        padding: 1 2;
    }
    CompareScreen.-empty #compare-hint { display: block; }
    CompareScreen.-empty #panes, CompareScreen.-empty DiffView,
    CompareScreen.-empty #compare-status { display: none; }
    CompareScreen ExplainView { display: none; }
    CompareScreen.-explain ExplainView { display: block; }
    CompareScreen.-explain.-short DiffView { display: none; }
    CompareScreen EvaluationView { display: none; }
    CompareScreen.-evaluation EvaluationView { display: block; }
    CompareScreen.-evaluation.-short DiffView,
    CompareScreen.-evaluation.-short ExplainView { display: none; }
    /* Notifications sit above the status line, never over it (or over an open prompt). */
    CompareScreen > ToastRack { margin-bottom: 2; }
    CompareScreen.-prompting > ToastRack { margin-bottom: 3; }
    CompareScreen #compare-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    CompareScreen.-no-diff DiffView { display: none; }
    /* Too small for the panes side by side or stacked: one pane at a time (tab: the next). */
    CompareScreen.-one-pane ArticlePane.-away { display: none; }
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
        self.read_only: str | None = None  # why labels cannot be written here, if they cannot
        self.best_scores: dict[ArticlePair, float] = {}  # each article pair's best pair score
        self._label_lock = threading.Lock()  # label changes reach the store one at a time
        self._label_serial = 0  # readings of the labels made (under the lock)
        self._label_shown = 0  # the reading shown
        self.search_term = ""  # what is searched in the reference article ("" no search)
        self.matches: list[TextMatch] = []
        self.match_index: int | None = None
        self.one_pane = False  # the terminal is too small to show more than one pane

    # -- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Grid(id="panes"):
            for index, article_id in enumerate(self.model.article_ids):
                yield ArticlePane(article_id, id=f"pane-{index}")
        yield Static(EMPTY_HINT, id="compare-hint")
        yield ExplainView()
        yield DiffView()
        yield EvaluationView()
        yield LinePrompt(id="compare-prompt")
        yield Static("", id="compare-status", markup=False)
        yield KeyFooter()

    @property
    def panes(self) -> list[ArticlePane]:
        """The panes in order, left to right."""
        return list(self.query(ArticlePane))

    def on_mount(self) -> None:
        for pane in self.panes:
            self._watch_pane(pane)
        self._update_layout()
        if not self.has_workspace:
            self.query_one(DiffView).show_message("loading the corpus…")
        self._update_status()

    def workspace_ready(self, workspace: Workspace) -> None:
        self._start_loading()
        if self.model.article_ids:
            self._check_writable(workspace)

    def _check_writable(self, workspace: Workspace) -> None:
        """Find out in the background whether labels can be written here."""
        run_work(
            self,
            "checking the labels folder",
            lambda: check_writable(workspace),
            self._writable_checked,
            group="labels-check",
        )

    def on_screen_resume(self) -> None:
        if self.shown:
            self._read_labels()  # labels written meanwhile, here or by other sessions

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self._update_layout(event.size)

    def _watch_pane(self, pane: ArticlePane) -> None:
        pane.text.on_scrolled = self._pane_scrolled
        pane.text.on_resized = self._pane_resized
        pane.text.on_moved = self._pane_moved

    def _update_layout(self, size: Size | None = None) -> None:
        """Lay the panes out for the terminal: side by side as many as fit, in rows, or one at
        a time when rows of them would be too short to read; the word diff takes the lines
        the panes can spare."""
        width, height = size if size is not None else self.size
        count = len(self.model.article_ids)
        self.set_class(count == 0, "-empty")
        grid = self.query_one("#panes", Grid)
        if not count:
            return
        columns = max(1, min(count, width // MIN_PANE_WIDTH))
        rows = -(-count // columns)
        least_diff = 4  # its rule, heading and a line of each sentence
        self.one_pane = count > 1 and (height - FIXED_ROWS - least_diff) // rows < MIN_PANE_ROWS
        if self.one_pane:
            columns = rows = 1
        self.set_class(self.one_pane, "-one-pane")
        self._show_pane(self.model.ref_index)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_size_rows = rows
        spare = height - FIXED_ROWS - rows * PANE_ROOM - 2  # less the diff's rule and heading
        self.query_one(DiffView).set_room(min(max(DIFF_LINES, height // 4), spare))
        self._label_panes()

    def _show_pane(self, index: int) -> None:
        """With one pane at a time, show pane ``index`` (the others are away)."""
        for position, pane in enumerate(self.panes):
            pane.set_class(self.one_pane and position != index, "-away")

    def _label_panes(self) -> None:
        """Each pane's subtitle: the reference among more than two, or which one is shown."""
        panes = self.panes
        for index, pane in enumerate(panes):
            if self.one_pane:
                role = " · reference" if len(panes) > 2 and index == self.model.ref_index else ""
                pane.border_subtitle = (
                    f"pane {index + 1} of {len(panes)}{role} · too small for more · tab: next"
                )
            else:
                is_ref = index == self.model.ref_index
                pane.border_subtitle = "reference" if is_ref and len(panes) > 2 else ""

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
        workspace, threshold, many = self.workspace, self.model.threshold, self.model.many
        run_work(
            self,
            "loading the comparison",
            lambda: load_comparison(workspace, articles, pairs, threshold, many),
            self._loaded,
            failed=self._failed,
            group="compare-load",
        )

    def _failed(self, message: str) -> None:
        for pane in self.panes:
            pane.loading = False
        self.query_one(DiffView).show_message(f"could not load: {message}")

    def _loaded(
        self,
        loaded: tuple[
            dict[str, ArticleData], dict[ArticlePair, list[AlignedRow]], dict[ArticlePair, float]
        ],
    ) -> None:
        articles, alignments, best = loaded
        self.best_scores.update(best)
        self._articles.update(articles)
        sentence_ids = {
            article_id: data.sentences["sentence_id"].to_list()
            for article_id, data in articles.items()
        }
        self.model.add_loaded(sentence_ids, alignments)
        for pane in self.panes:
            pane.loading = False
        self._show()
        if articles:
            self._read_labels()

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
        if first and self.model.pair_index is None and self.model.focus_sentence is None:
            self.model.step(1)  # opened on no sentence in particular: the first pair is in focus
        self._restyle()
        if first:
            self.panes[self.model.ref_index].text.focus()
            self._scroll_to_focus()
            self.mark_ready()

    # -- presentation ---------------------------------------------------------------------

    def _restyle(self) -> None:
        """Recolour the panes and the diff strip for the current pairs and focus."""
        panes = self.panes
        model = self.model
        if len(panes) != len(model.article_ids):
            return
        selected = model.selected
        for index, (pane, marks) in enumerate(zip(panes, model.marks(), strict=True)):
            is_ref = index == model.ref_index
            chosen = selected[1] if selected and selected[0] == pane.article_id else None
            pane.text.set_marks(marks, model.focus_sentence if is_ref else None, chosen)
        self._label_panes()
        self._update_diff()
        self._update_explain()
        self._update_status()

    def _update_diff(self) -> None:
        diff = self.query_one(DiffView)
        if not self.shown:
            return
        pair = self.model.focused_pair
        if pair is None:
            count = len(self.model.pairs)
            hint = " · n / p to step through them"
            if len(set(self.model.article_ids)) < 2:  # nothing to align with: say how to add
                hint = " · a adds an article beside it"
            elif not count:
                shown = set(self.model.article_ids)
                best = max(
                    (v for pair, v in self.best_scores.items() if set(pair) <= shown), default=None
                )
                near = f" (the best pair here scores {best:.0f})" if best is not None else ""
                hint = f"{near} · - or [ lowers the min score"
            diff.show_message(f"{count} aligned pair{'s' if count != 1 else ''}{hint}", "")
            return
        ref_id, other_id = pair.ref_id, pair.other_id
        themes = f" · themes: {', '.join(pair.themes)}" if pair.themes else ""
        label = self.model.label_of(pair)
        labelled = ""
        if label is not None and label.label is not None:
            labelled = f" · {LABEL_GLYPHS[label.label]} {label.label}"
        if label is not None and label.note:
            labelled += f" · note “{shorten(label.note, NOTE_SHOWN, placeholder=' …')}”"
        heading = (
            f"pair {self.model.pair_index + 1}/{len(self.model.pairs)} · "
            f"{score_summary(pair)}{' by hand' if pair.manual else ''} · "
            f"{id_label(ref_id)} {sentence_label(pair.ref_sentence)} → "
            f"{id_label(other_id)} {sentence_label(pair.other_sentence)}{labelled}{themes}"
        )
        ref_text = self._articles[ref_id].sentence_text(pair.ref_sentence)
        other_text = self._articles[other_id].sentence_text(pair.other_sentence)
        diff.show_pair(
            heading,
            (f"{id_label(ref_id)} −", f"{id_label(other_id)} +"),
            ref_text,
            other_text,
            word_opcodes(ref_text, other_text),  # the pair in focus alone is diffed
        )

    @property
    def min_score(self) -> float | None:
        """The minimum score of the pairs shown."""
        default = self.workspace.settings.align_threshold if self.has_workspace else None
        return self.model.min_score(default)

    def _update_explain(self) -> None:
        view = self.query_one(ExplainView)
        if not self.has_class("-explain") or not self.shown:
            return
        pair = self.model.focused_pair
        if pair is None:
            view.show("No pair in focus: n / p step through the pairs, and this says why each is.")
            return
        view.show(explanation(pair, self._articles, self.model.label_of(pair)))

    def _update_status(self) -> None:
        model = self.model
        parts = []
        if model.pair_index is not None:
            parts.append(f"pair {model.pair_index + 1}/{len(model.pairs)}")
        elif model.focus_sentence is not None:
            parts.append(f"{sentence_label(model.focus_sentence)} in focus")
        if model.reference is not None:
            parts.append(f"ref {id_label(model.reference)}")
        if self.min_score is not None:
            parts.append(f"min {self.min_score:.0f} (-/+)")
        if model.many > 1:
            parts.append(f"one to {model.many} (M)")
        parts.append("synced" if self.sync else "free scroll")
        if self.show_removed:
            parts.append("removed shown")
        if model.skip_labelled:
            parts.append("skip labelled")
        if model.selected is not None:
            article_id, sentence = model.selected
            parts.append(f"◆ {id_label(article_id)} {sentence_label(sentence)} chosen")
        if self.read_only is not None:
            parts.append("labels read-only")
        if self.search_term:
            found = len(self.matches)
            where = f"{self.match_index + 1}/{found}" if self.match_index is not None else found
            parts.append(f"“{self.search_term}” {where if found else 'not found'}")
        self.query_one("#compare-status", Static).update(" · ".join(parts))

    # -- scrolling ------------------------------------------------------------------------

    def _scroll_to_focus(self) -> None:
        """Scroll the panes to what is in focus (once they are laid out: each pane's resize
        brings the focus back, so the last one puts it in place whatever order they came in)."""
        panes = self.panes
        targets = {
            index: sentence
            for index, sentence in self._focus_targets().items()
            if index < len(panes) and not panes[index].has_class("-away")
        }
        if not targets or any(
            index >= len(panes) or not panes[index].text.laid_out for index in targets
        ):
            return
        self._scroll_panes(targets)
        if self.model.focused_pair is None and self.sync:
            self._pane_scrolled(panes[self.model.ref_index].text, force=True)

    def _focus_targets(self) -> dict[int, int]:
        """Pane → sentence of what is in focus (the pair, or the sentence alone)."""
        model = self.model
        pair = model.focused_pair
        if pair is not None:
            return {model.ref_index: pair.ref_sentence, pair.other: pair.other_sentence}
        if model.focus_sentence is not None:
            return {model.ref_index: model.focus_sentence}
        return {}

    def _pane_resized(self, _text: ArticleText) -> None:
        """A pane changed size (the terminal, a strip under the panes): put what is in focus
        back in place; the last pane to be resized puts it where it stays."""
        if self.shown:
            self._scroll_to_focus()

    def _scroll_panes(self, targets: dict[int, int]) -> None:
        """Put the target sentences level with each other, a third of the way down their panes
        (higher when one of them is nearer its article's top than that)."""
        panes = self.panes
        lines = {index: panes[index].text.line_of(sentence) for index, sentence in targets.items()}
        self._jumping = True
        try:
            if len(targets) > 1 and None not in lines.values():
                row = min(
                    min(panes[index].text.size.height // 3 for index in targets),
                    *lines.values(),
                )
                for index, line in lines.items():
                    panes[index].text.scroll_to(y=line - row, animate=False, force=True)
            else:
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

    def _pane_moved(self, text: ArticleText) -> None:
        """The reader scrolled a pane: when what is in focus leaves the reference pane, the
        nearest pair in view takes the focus (else the nearest sentence), so that the label
        keys, the diff and the status line speak of something on screen."""
        pane = self.reference_pane
        if pane is not None and text is pane.text and self.model.follow(text.sentences_in_view()):
            self._restyle()

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
        """Focus the pair ``delta`` pairs on (pressed while the articles load: once they are
        shown)."""
        if not self.is_ready:
            self.when_ready(lambda: self._step(delta))
            return
        if not self.model.step_from_focus(delta):
            hint = ""
            if len(self.model.article_ids) < 2:
                hint = ": one article alone; press a to add another beside it"
            elif self.min_score is not None and self.min_score > MIN_SCORE_RANGE[0]:
                hint = f" at min score {self.min_score:.0f}; press - or [ to lower it"
            elif self.min_score is not None:
                hint = f" even at the lowest min score, {self.min_score:.0f}"
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
        self._refind()
        self._scroll_to_focus()

    def watch_show_removed(self, show: bool) -> None:
        count = 0
        for pane in self.panes:
            if pane.data is not None:
                pane.text.set_blocks(build_blocks(pane.data, show, self.show_tags))
                count += pane.data.removed.height
        self._refind()
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
            self._update_evaluation()

    def action_toggle_many(self) -> None:
        """Pair sentences one to one, or one to several, and realign."""
        if not self.has_workspace:
            return
        self.model.toggle_many()
        self._update_status()
        self._start_loading()
        self.notify(
            "One to one." if self.model.many == 1 else f"One to up to {self.model.many}.",
            timeout=2,
        )

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
            index = (self._focused_index() + delta) % len(panes)
            self._show_pane(index)  # one pane at a time: the next one comes into view
            panes[index].text.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.model.set_reference(self._focused_index()) and self.shown:
            self._start_loading()
            if self.search_term:
                self._find(self.search_term)  # the search follows the reference

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
        self._show_pane(second)
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
        self._watch_pane(pane)
        self._update_layout()
        self._start_loading()

    async def action_close_pane(self) -> None:
        """Close the pane in focus (two panes stay at least)."""
        index = self._focused_index()
        if not self.model.close(index):
            self.notify("Compare keeps at least two panes.", title="Compare")
            return
        await self.panes[index].remove()
        self._update_layout()
        self.panes[0].text.focus()
        self._start_loading()

    def action_back(self) -> None:
        """End the search, or close why the pair is paired, or drop the sentence chosen for
        pairing, or back out of Compare to the screen it was opened from."""
        if self.search_term:
            self._end_search()
        elif self.has_class("-explain"):
            self.action_toggle_explain()
        elif self.model.selected is not None:
            self.model.selected = None
            self._restyle()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- reading: search, go to a sentence, copy ------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step_match":
            return bool(self.search_term)  # else n / N are the pair keys
        if not self.model.article_ids:
            return action in ("add_pane", "back")  # nothing else to do on an empty screen
        return True

    @property
    def prompt(self) -> LinePrompt:
        """The line asking for a search or a sentence number."""
        return self.query_one("#compare-prompt", LinePrompt)

    @property
    def reference_pane(self) -> ArticlePane | None:
        """The reference pane, once the panes are shown."""
        panes = self.panes
        index = self.model.ref_index
        return panes[index] if self.shown and index < len(panes) else None

    def _ask(self, kind: str, label: str, placeholder: str, value: str = "") -> None:
        self.add_class("-prompting")
        self.prompt.ask(kind, label, placeholder, value)

    def _prompt_closed(self) -> None:
        self.remove_class("-prompting")
        pane = self.reference_pane
        if pane is not None:
            pane.text.focus()

    def action_search(self) -> None:
        """Search the reference article: matches are highlighted, n / N step through them."""
        if self.reference_pane is not None:
            where = self.model.reference
            self._ask("search", "Search", f"words in {where} · enter · n/N · esc", self.search_term)

    def action_jump(self) -> None:
        """Go to a sentence of the reference article by its number."""
        pane = self.reference_pane
        if pane is not None and pane.data is not None:
            count = pane.data.sentences.height
            self._ask("jump", "Sentence #", f"1–{count} in {pane.article_id}")

    def on_line_prompt_changed(self, message: LinePrompt.Changed) -> None:
        if message.kind == "search":
            self._find(message.value)

    def on_line_prompt_submitted(self, message: LinePrompt.Submitted) -> None:
        self._prompt_closed()
        if message.kind == "search":
            self._find(message.value)
            if not self.search_term:
                return
            if not self.matches:
                # No search is left on: n and p step the pairs again.
                self.notify(
                    f"“{self.search_term}” is not in {self.model.reference} (the pane in focus; "
                    "tab moves to another).",
                    timeout=5,
                )
                self._end_search()
                return
            self._go_to_match(self._first_match_from_reading_line())
        elif message.kind == "jump":
            self._jump_to(message.value)

    def on_line_prompt_cancelled(self, message: LinePrompt.Cancelled) -> None:
        self._prompt_closed()
        if message.kind == "search":
            self._end_search()

    def _find(self, term: str) -> None:
        """Highlight ``term`` in the reference pane (and nowhere else)."""
        self.search_term = " ".join(term.split())
        pane = self.reference_pane
        for other in self.panes:
            if other is not pane:
                other.text.set_matches([])
        self.matches = find_in_blocks(pane.text.blocks, self.search_term) if pane else []
        self.match_index = None
        if pane is not None:
            pane.text.set_matches(self.matches)
        self._update_status()

    def _refind(self) -> None:
        """Search again after the text shown changed (tags or removed spans toggled)."""
        if self.search_term:
            self._find(self.search_term)

    def _end_search(self) -> None:
        self.search_term = ""
        for pane in self.panes:
            pane.text.set_matches([])
        self.matches, self.match_index = [], None
        self.refresh_bindings()
        self._update_status()

    def _first_match_from_reading_line(self) -> int:
        pane = self.reference_pane
        if pane is None:
            return 0
        reading = round(pane.text.scroll_y) + pane.text.size.height // 3
        for index, match in enumerate(self.matches):
            line = pane.text.line_of_offset(match.block, match.start)
            if line is not None and line >= reading:
                return index
        return 0

    def _go_to_match(self, index: int) -> None:
        """Make match ``index`` current: its sentence in focus, its line in view."""
        pane = self.reference_pane
        if pane is None or not self.matches:
            return
        self.match_index = index % len(self.matches)
        match = self.matches[self.match_index]
        pane.text.set_matches(self.matches, self.match_index)
        if match.sentence is not None:
            self.model.focus_sentence_at(match.sentence)
            self._restyle()
            self._scroll_to_focus()
        line = pane.text.line_of_offset(match.block, match.start)
        if line is not None and not pane.text.in_view(line):
            pane.text.scroll_to_line(line)
        self.refresh_bindings()
        self._update_status()

    def action_step_match(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) match of the search."""
        if not self.matches:
            self.notify(f"“{self.search_term}” is not in {self.model.reference}.", timeout=3)
            return
        if self.match_index is None:
            start = self._first_match_from_reading_line()
            self._go_to_match(start if delta > 0 else start - 1)
        else:
            self._go_to_match(self.match_index + delta)

    def _jump_to(self, typed: str) -> None:
        pane = self.reference_pane
        if pane is None or pane.data is None:
            return
        ids = pane.data.sentences["sentence_id"].to_list()
        text = typed.strip().lstrip("#")
        if not text.isdigit() or not 1 <= int(text) <= len(ids):
            self.notify(
                f"{pane.article_id} has sentences #1 to #{len(ids)}: “{typed}” is not one.",
                title="Go to sentence",
                timeout=4,
            )
            return
        self._focus_sentence(ids[int(text) - 1])

    def _focus_sentence(self, sentence: int) -> None:
        self.model.focus_sentence_at(sentence)
        self._restyle()
        self._scroll_to_focus()

    def _current_sentence(self) -> int | None:
        """The reference sentence in focus (▶), else the one at its reading line."""
        model = self.model
        target = model.focus_target
        if target is not None and target[0] == model.reference:
            return target[1]
        pane = self.reference_pane
        return pane.text.reading_sentence() if pane is not None else None

    def action_sentence(self, delta: int) -> None:
        """Put the next (1) or previous (-1) sentence of the reference article in focus."""
        if not self.is_ready:
            self.when_ready(lambda: self.action_sentence(delta))
            return
        pane = self.reference_pane
        current = self._current_sentence()
        if pane is None or pane.data is None or current is None:
            return
        ids = pane.data.sentences["sentence_id"].to_list()
        index = ids.index(current) + delta if current in ids else 0
        self._focus_sentence(ids[max(0, min(index, len(ids) - 1))])

    def _quoted(self, article_id: str, sentence: int) -> str:
        text = self._articles[article_id].sentence_text(sentence)
        return f"{article_id} {sentence_label(sentence)}: {text}"

    def action_copy_sentence(self) -> None:
        """Copy the sentence in focus (with its article and number) to the clipboard."""
        sentence = self._current_sentence()
        reference = self.model.reference
        if sentence is None or reference is None or reference not in self._articles:
            return
        self.app.copy_to_clipboard(self._quoted(reference, sentence))
        self.notify(f"Copied {reference} {sentence_label(sentence)}.", timeout=2)

    def action_copy_pair(self) -> None:
        """Copy both sentences of the pair in focus (with articles and numbers)."""
        pair = self.model.focused_pair
        if pair is None:
            self.notify("No pair in focus: n / p step to one.", title="Compare", timeout=3)
            return
        self.app.copy_to_clipboard(
            self._quoted(pair.ref_id, pair.ref_sentence)
            + "\n"
            + self._quoted(pair.other_id, pair.other_sentence)
        )
        self.notify(f"Copied pair {self.model.pair_index + 1}.", timeout=2)

    def action_toggle_explain(self) -> None:
        """Show or hide why the pair in focus is paired."""
        self.toggle_class("-explain")
        self._update_explain()

    # -- labels ---------------------------------------------------------------------------

    def _sentences(self) -> Sentences:
        """The sentences of the loaded articles in view, for reading and writing labels."""
        shown = dict.fromkeys(self.model.article_ids)
        return {a: self._articles[a].sentences for a in shown if a in self._articles}

    def _label_io(
        self,
        what: str,
        compute: Callable[[Workspace, Sentences], LabelsRead | Undone],
        after: Callable[[Undone], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Read or write labels in a worker. Changes reach the store one at a time, each
        followed by a reading; of the readings, the last one made is the one shown (whatever
        order the workers finish in), and none is dropped unseen."""
        if not self.has_workspace or not self.shown:
            return
        workspace, sentences, lock = self.workspace, self._sentences(), self._label_lock

        def run() -> tuple[int, LabelsRead | Undone]:
            with lock:
                value = compute(workspace, sentences)
                self._label_serial += 1  # counted under the lock: the order of the readings
                return self._label_serial, value

        def done(result: tuple[int, LabelsRead | Undone]) -> None:
            serial, value = result
            read = value.read if isinstance(value, Undone) else value
            if serial > self._label_shown:
                self._label_shown = serial
                self._labels_read(read)
            if after is not None and isinstance(value, Undone):
                after(value)

        # Labels reach the store through here: quitting waits for them (``writes``).
        run_work(self, what, run, done, failed=failed, exclusive=False, writes=True)

    def _read_labels(self) -> None:
        self._label_io("reading labels", read_labels)

    def _labels_read(self, read: LabelsRead) -> None:
        self.model.set_labels(read.labels, read.hand_pairs)
        self._restyle()
        self._update_evaluation()

    def action_toggle_evaluation(self) -> None:
        """Show or hide the aligner's precision and recall on the labels so far."""
        self.toggle_class("-evaluation")
        self._update_evaluation()

    def _update_evaluation(self) -> None:
        """Measure the aligner again (in a worker) when the panel is shown."""
        model = self.model
        reference = model.reference
        if not self.has_class("-evaluation") or not self.shown or reference is None:
            return
        others = [a for a in dict.fromkeys(model.article_ids) if a != reference]
        min_score = self.min_score
        if min_score is None:
            return
        self.query_one(EvaluationView).show("measuring the aligner on the labels…")
        workspace, lock = self.workspace, self._label_lock

        def measure() -> Evaluations:
            with lock:  # after any label change under way
                return evaluate(workspace, reference, others, min_score)

        run_work(
            self,
            "measuring the aligner",
            measure,
            lambda found: self.query_one(EvaluationView).show(evaluation_text(found)),
            group="evaluation",
        )

    def _writable_checked(self, reason: str | None) -> None:
        was = self.read_only
        self.read_only = reason
        if reason is not None and was is None:
            self.notify(
                f"{reason}. Labels are shown but not saved.",
                title="Labels read-only",
                severity="warning",
                timeout=8,
            )
        self._update_status()

    def _write_failed(self, error: str) -> None:
        if "is locked by another session" in error:
            return  # a lock passes: the change was said to have failed, the next one tries
        self.read_only = error
        self._update_status()

    def _can_write(self) -> bool:
        if self.read_only is not None:
            self.notify(f"{self.read_only} (R tries again).", title="Labels read-only", timeout=5)
            return False
        return True

    def _pair_in_focus(self) -> Pair | None:
        pair = self.model.focused_pair
        if pair is None:
            self.notify(
                "No pair in focus: n / p step to one, or v pairs two sentences by hand.",
                title="Labels",
                timeout=4,
            )
        return pair

    def action_label(self, label: str) -> None:
        """Label the pair in focus same / related / unrelated ("": clear its label)."""
        pair = self._pair_in_focus()
        if pair is None or not self._can_write():
            return
        if not label and not self.model.is_labelled(pair):
            return
        self._label_io(
            "saving the label",
            lambda workspace, sentences: write_label(workspace, sentences, pair, label or None),
            failed=self._write_failed,
        )

    def action_note(self) -> None:
        """Write a short note on the pair in focus (an empty note removes it)."""
        pair = self._pair_in_focus()
        if pair is None or not self._can_write():
            return
        if pair.manual and not self.model.is_labelled(pair):
            self.notify("Label the pair made by hand first (y / r / f).", timeout=4)
            return
        current = self.model.label_of(pair)

        def save(note: str | None) -> None:
            if note is None:
                return
            self._label_io(
                "saving the note",
                lambda workspace, sentences: write_note(workspace, sentences, pair, note or None),
                failed=self._write_failed,
            )

        described = (
            f"{pair.ref_id} {sentence_label(pair.ref_sentence)} ↔ "
            f"{pair.other_id} {sentence_label(pair.other_sentence)}"
        )
        self.app.push_screen(NotePrompt(described, current.note if current else None), save)

    def action_undo(self) -> None:
        """Undo your last change of a label or note (this session's)."""
        if self._can_write():
            self._label_io("undoing", undo_label, self._undone, failed=self._write_failed)

    def _undone(self, undone: Undone) -> None:
        if undone.refused is not None:
            self.notify(f"{undone.refused}.", title="Not undone", severity="warning", timeout=6)
            return
        if not undone.changed:
            self.notify("Nothing of yours to undo in this session.", timeout=3)
            return
        index = next(
            (i for i, pair in enumerate(self.model.pairs) if pair.key == undone.pair), None
        )
        if index is not None:
            self.model.pair_index = index
            self._restyle()
            self._scroll_to_focus()
        now = undone.label or "no label"
        self.notify(
            f"Undone: the pair has {now} again."
            if index is not None
            else f"Undone (the pair is not shown here): {now}.",
            timeout=3,
        )

    def action_refresh_labels(self) -> None:
        """Read the labels again (others' changes), and try writing again if it failed."""
        if not self.has_workspace:
            return
        self._read_labels()
        if self.read_only is not None:
            workspace = self.workspace
            self.read_only = None
            self._check_writable(workspace)
        self.notify("Labels read again.", timeout=2)

    def action_toggle_skip(self) -> None:
        """n / p pass over labelled pairs, or stop at every pair."""
        self.model.skip_labelled = not self.model.skip_labelled
        self._update_status()
        state = "pass over labelled pairs" if self.model.skip_labelled else "stop at every pair"
        self.notify(f"n / p {state}.", timeout=2)

    def action_select_sentence(self) -> None:
        """Choose the sentence in focus for pairing by hand; the second choice, in another
        article, pairs the two (label the pair to keep it)."""
        sentence = self._current_sentence()
        reference = self.model.reference
        if sentence is None or reference is None or not self.has_workspace:
            return
        chosen = self.model.select(reference, sentence)
        self._restyle()
        if chosen is None:
            if self.model.selected is not None:
                self.notify(
                    f"{reference} {sentence_label(sentence)} chosen: put a sentence of another "
                    "pane in focus and press v to pair them.",
                    timeout=4,
                )
            return
        (first_id, first), (second_id, second) = chosen
        workspace = self.workspace
        run_work(
            self,
            "pairing by hand",
            lambda: workspace.score_pairs(first_id, second_id, [(first, second)]),
            lambda frame: self._hand_pair_scored(first_id, second_id, frame),
        )

    def _hand_pair_scored(self, left_id: str, right_id: str, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        self.model.add_hand_pair(left_id, right_id, aligned_row(frame.row(0, named=True)))
        self._restyle()
        self._scroll_to_focus()
        self.notify("Paired by hand: y / r / f label the pair to keep it.", timeout=4)
