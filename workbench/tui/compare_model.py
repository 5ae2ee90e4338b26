"""Compare's state apart from its widgets: the articles side by side, the reference, the aligned
pairs in the reference's reading order, the pair in focus, the minimum score, the analyst's
labels of pairs and the pairs made by hand.

No Textual here: ``CompareScreen`` renders this model and loads what ``missing`` asks for. An
alignment is kept once per pair of articles; the reversed pair is the same alignment read from
the other side (``AlignedRow.flipped``). Every operation leaves the pairs recomputed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

MAX_PANES = 4
MIN_PANES = 2
MIN_SCORE_RANGE = (5.0, 100.0)
MANY = 3  # with one to many on, a sentence pairs with up to this many of the other article

ArticlePair = tuple[str, str]
PairKey = frozenset[tuple[str, int]]

# Columns of ``Workspace.align`` read into AlignedRow's own fields, and columns not kept (the ids
# and texts are the panes' own); any other column of a row is kept in ``AlignedRow.extra``.
_FIELDS = frozenset({"left_sentence", "right_sentence", "score", "shared_themes"})
MANUAL = "manual"  # the ``extra`` entry of a row paired by hand (True)
# The word diff is made for the pair in focus from the panes' texts (from the reference's side).
_NOT_KEPT = frozenset({"left_id", "right_id", "left_text", "right_text", "opcodes"})


def _read_from(
    rows: Mapping[ArticlePair, list[AlignedRow]], left: str, right: str
) -> list[AlignedRow]:
    """The rows of (left, right) kept either way round, read from ``left``."""
    if (left, right) in rows:
        return rows[(left, right)]
    return [row.flipped() for row in rows.get((right, left), [])]


def _other_side(name: str) -> str:
    """``left_x`` ↔ ``right_x``: the name of a one-sided column read from the other side."""
    for side, other in (("left_", "right_"), ("right_", "left_")):
        if name.startswith(side):
            return other + name[len(side) :]
    return name


@dataclass(frozen=True)
class AlignedRow:
    """One aligned pair of sentences, read from the left article."""

    left: int
    right: int
    score: float
    themes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # further columns, as they are

    def flipped(self) -> AlignedRow:
        """The same pair read from the right article."""
        return AlignedRow(
            self.right,
            self.left,
            self.score,
            self.themes,
            {_other_side(name): value for name, value in self.extra.items()},
        )


def aligned_row(record: Mapping[str, Any]) -> AlignedRow:
    """One row of ``Workspace.align`` (column name → value) as an AlignedRow."""
    extra = {name: value for name, value in record.items() if name not in _FIELDS | _NOT_KEPT}
    return AlignedRow(
        int(record["left_sentence"]),
        int(record["right_sentence"]),
        float(record["score"]),
        tuple(record.get("shared_themes") or ()),
        extra,
    )


def by_hand(row: AlignedRow) -> AlignedRow:
    """``row`` marked as a pair made by hand."""
    return AlignedRow(row.left, row.right, row.score, row.themes, {**row.extra, MANUAL: True})


def alignment_rows(frame: pl.DataFrame) -> list[AlignedRow]:
    """The rows of a ``Workspace.align`` frame."""
    return [aligned_row(record) for record in frame.iter_rows(named=True)]


@dataclass(frozen=True)
class Pair:
    """An aligned pair on screen: a sentence of the reference pane and one of another pane."""

    ref_id: str
    other: int  # index of the other pane
    other_id: str
    row: AlignedRow  # read from the reference
    colour: int = 0

    @property
    def ref_sentence(self) -> int:
        """The reference pane's sentence."""
        return self.row.left

    @property
    def other_sentence(self) -> int:
        """The other pane's sentence."""
        return self.row.right

    @property
    def score(self) -> float:
        """How alike the two sentences are (0–100)."""
        return self.row.score

    @property
    def themes(self) -> tuple[str, ...]:
        """Themes both sentences share."""
        return self.row.themes

    @property
    def key(self) -> PairKey:
        """The pair whichever side it is read from."""
        return pair_key(self.ref_id, self.row.left, self.other_id, self.row.right)

    @property
    def manual(self) -> bool:
        """Whether the pair was made by hand (the aligner did not propose it)."""
        return self.row.extra.get(MANUAL) is True


def pair_key(a_id: str, a_sentence: int, b_id: str, b_sentence: int) -> PairKey:
    """The key of a sentence pair given in either order."""
    return frozenset({(a_id, a_sentence), (b_id, b_sentence)})


@dataclass(frozen=True)
class PairLabel:
    """The analyst's judgement of a pair: same / related / unrelated (None: a note alone)."""

    label: str | None
    note: str | None = None
    manual: bool = False
    who: str = ""
    at: str = ""


@dataclass(frozen=True)
class PairMark:
    """How one sentence is marked: its pair number, colour, score, whether it has focus, its
    label and whether the pair was made by hand."""

    number: int
    colour: int
    score: float
    focused: bool = False
    label: str | None = None
    manual: bool = False


@dataclass
class CompareModel:
    """Which articles are compared, against which reference, and which pair is in focus."""

    article_ids: list[str] = field(default_factory=list)
    ref_index: int = 0
    threshold: float | None = None  # minimum pair score; None: the workspace's
    many: int = 1  # how many sentences of the other article one sentence may pair with
    # A sentence (article id, sentence id) asked to be in focus; its pair is focused once known.
    pending_focus: tuple[str, int] | None = None
    pairs: list[Pair] = field(default_factory=list)
    pair_index: int | None = None
    # The pair in focus while its alignment is redone (min score, one to many): focused again
    # once the pairs are back, else the next pair of the reference from its sentence on.
    refocus: tuple[PairKey, int] | None = None
    sentence_ids: dict[str, tuple[int, ...]] = field(default_factory=dict)  # loaded articles
    alignments: dict[ArticlePair, list[AlignedRow]] = field(default_factory=dict)
    labels: dict[PairKey, PairLabel] = field(default_factory=dict)
    # Pairs made by hand, per pair of articles (either way round), shown whatever their score.
    hand_pairs: dict[ArticlePair, list[AlignedRow]] = field(default_factory=dict)
    skip_labelled: bool = False  # n / p pass over labelled pairs
    selected: tuple[str, int] | None = None  # a sentence chosen to be paired by hand
    # A pair just made by hand, shown until it is labelled (then it is one of ``hand_pairs``).
    candidate: tuple[ArticlePair, AlignedRow] | None = None

    @classmethod
    def opening(
        cls, article_ids: Iterable[str], focus: tuple[str, int] | None = None
    ) -> CompareModel:
        """Compare ``article_ids`` (at most four); ``focus``'s article is the reference."""
        ids = list(article_ids)[:MAX_PANES]
        ref_index = ids.index(focus[0]) if focus is not None and focus[0] in ids else 0
        return cls(ids, ref_index=ref_index, pending_focus=focus)

    # -- what is shown --------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        """The reference pane's article."""
        return self.article_ids[self.ref_index] if self.article_ids else None

    @property
    def focused_pair(self) -> Pair | None:
        """The pair in focus, or None."""
        return self.pairs[self.pair_index] if self.pair_index is not None else None

    @property
    def focus_sentence(self) -> int | None:
        """The reference sentence asked to be in focus while it has no pair."""
        if self.pending_focus is not None and self.pending_focus[0] == self.reference:
            return self.pending_focus[1]
        return None

    @property
    def focus_target(self) -> tuple[str, int] | None:
        """(article id, sentence id) of the reference sentence in focus."""
        pair = self.focused_pair
        if pair is not None:
            return pair.ref_id, pair.ref_sentence
        return self.pending_focus

    def min_score(self, default: float | None) -> float | None:
        """The minimum score of the pairs shown (``default``: the workspace's)."""
        return self.threshold if self.threshold is not None else default

    def marks(self) -> list[dict[int, PairMark]]:
        """Per pane, sentence → mark; a sentence in several pairs shows the focused one, or the
        first."""
        marks: list[dict[int, PairMark]] = [{} for _ in self.article_ids]
        for number, pair in enumerate(self.pairs, start=1):
            focused = number - 1 == self.pair_index
            label = self.labels.get(pair.key)
            mark = PairMark(
                number,
                pair.colour,
                pair.score,
                focused,
                label.label if label is not None else None,
                pair.manual,
            )
            for pane, sentence in (
                (self.ref_index, pair.ref_sentence),
                (pair.other, pair.other_sentence),
            ):
                existing = marks[pane].get(sentence)
                if existing is None or (focused and not existing.focused):
                    marks[pane][sentence] = mark
        return marks

    # -- loading --------------------------------------------------------------------------

    def has_alignment(self, left: str, right: str) -> bool:
        """Whether the alignment of two articles is known (either way round)."""
        return (left, right) in self.alignments or (right, left) in self.alignments

    def missing(self) -> tuple[list[str], list[ArticlePair]]:
        """What must be loaded to show every pane: articles, and (reference, other) alignments."""
        shown = list(dict.fromkeys(self.article_ids))
        articles = [article_id for article_id in shown if article_id not in self.sentence_ids]
        ref = self.reference
        pairs = [
            (ref, other)
            for other in shown
            if ref is not None and other != ref and not self.has_alignment(ref, other)
        ]
        return articles, pairs

    def add_loaded(
        self,
        sentence_ids: Mapping[str, Sequence[int]],
        alignments: Mapping[ArticlePair, list[AlignedRow]],
    ) -> None:
        """Keep loaded articles (their sentence ids) and alignments; recompute the pairs."""
        self.sentence_ids.update({key: tuple(ids) for key, ids in sentence_ids.items()})
        self.alignments.update(alignments)
        self.update_pairs()

    def alignment(self, left: str, right: str) -> list[AlignedRow]:
        """The alignment of ``left`` with ``right`` read from ``left`` ([] when not loaded),
        with the pairs made by hand that the aligner did not propose."""
        if left == right:
            return [AlignedRow(s, s, 100.0) for s in self.sentence_ids.get(left, ())]
        rows = _read_from(self.alignments, left, right)
        made = dict(self.hand_pairs)
        if self.candidate is not None:
            pair, row = self.candidate
            made[pair] = [*made.get(pair, []), row]
        seen = {(row.left, row.right) for row in rows}
        hand = []
        for row in _read_from(made, left, right):
            if (row.left, row.right) not in seen:
                seen.add((row.left, row.right))
                hand.append(row)
        return rows + hand if hand else rows

    def update_pairs(self) -> None:
        """Pairs of the reference with every other loaded pane, in the reference's reading order;
        the pair in focus stays in focus (read from whichever side)."""
        kept = self.focused_pair.key if self.focused_pair is not None else None
        ref_id = self.reference
        found: list[tuple[int, int, str, AlignedRow]] = []
        for index, other_id in enumerate(self.article_ids):
            if ref_id is None or index == self.ref_index or other_id not in self.sentence_ids:
                continue
            found.extend(
                (row.left, index, other_id, row) for row in self.alignment(ref_id, other_id)
            )
        found.sort(key=lambda item: (item[0], item[1]))
        colours: dict[int, int] = {}
        self.pairs = [
            Pair(ref_id or "", index, other_id, row, colours.setdefault(left, len(colours)))
            for left, index, other_id, row in found
        ]
        self.pair_index = None
        if kept is None and self.refocus is not None and self.pairs:
            kept, after = self.refocus
            self.refocus = None
            self.pair_index = next(
                (i for i, p in enumerate(self.pairs) if p.key == kept),
                next((i for i, p in enumerate(self.pairs) if p.ref_sentence >= after), None),
            )
        elif kept is not None:
            self.pair_index = next((i for i, p in enumerate(self.pairs) if p.key == kept), None)
        elif self.focus_sentence is not None:
            wanted = self.focus_sentence
            index = next((i for i, p in enumerate(self.pairs) if p.ref_sentence == wanted), None)
            if index is not None:
                self.pair_index, self.pending_focus = index, None

    # -- operations -----------------------------------------------------------------------

    def label_of(self, pair: Pair | None) -> PairLabel | None:
        """The stored judgement of ``pair`` (None: none)."""
        return self.labels.get(pair.key) if pair is not None else None

    def is_labelled(self, pair: Pair) -> bool:
        """Whether ``pair`` carries a label (a note alone does not count)."""
        label = self.labels.get(pair.key)
        return label is not None and label.label is not None

    def step(self, delta: int) -> bool:
        """Focus the next (``delta`` 1) or previous (-1) pair, round the ends, passing over
        labelled pairs when ``skip_labelled``; False if there is none to go to."""
        count = len(self.pairs)
        if not count:
            return False
        # From before the first pair (or after the last) when none is in focus.
        start = self.pair_index if self.pair_index is not None else (-1 if delta > 0 else count)
        for offset in range(1, count + 1):
            index = (start + delta * offset) % count
            if not (self.skip_labelled and self.is_labelled(self.pairs[index])):
                self.pair_index = index
                self.pending_focus = None
                return True
        return False

    def step_from_focus(self, delta: int) -> bool:
        """As ``step``, but from a sentence alone in focus the next pair is the first after it
        (the previous pair the last before it) rather than the first (or last) of all."""
        sentence = self.focus_sentence
        if self.pair_index is not None or sentence is None or not self.pairs:
            return self.step(delta)
        at = [pair.ref_sentence for pair in self.pairs]  # in reading order
        start = bisect_right(at, sentence) - 1 if delta > 0 else bisect_left(at, sentence)
        self.pair_index = start % len(self.pairs)  # step from there goes one further
        if self.step(delta):
            return True
        self.pair_index = None  # none to go to: the sentence stays in focus
        return False

    def follow(self, in_view: Sequence[int]) -> bool:
        """Keep what is in focus among the reference sentences ``in_view`` (in reading order):
        when the pair (or sentence) in focus has left them, the nearest pair in view takes the
        focus, else the nearest sentence in view. False if the focus stays where it was."""
        target = self.focus_target
        reference = self.reference
        if not in_view or target is None or target[0] != reference or target[1] in in_view:
            return False
        here = target[1]
        shown = set(in_view)
        candidates = [
            (abs(pair.ref_sentence - here), index)
            for index, pair in enumerate(self.pairs)
            if pair.ref_sentence in shown
        ]
        if candidates:
            self.pair_index = min(candidates)[1]
            self.pending_focus = None
        else:
            self.pair_index = None
            self.pending_focus = (reference, min(in_view, key=lambda s: (abs(s - here), s)))
        return True

    def focus_sentence_at(self, sentence: int) -> None:
        """Put the reference's ``sentence`` in focus: its pair when it has one (the focused pair
        if it is one of them), else the sentence alone."""
        current = self.focused_pair
        if current is not None and current.ref_sentence == sentence:
            return
        index = next((i for i, p in enumerate(self.pairs) if p.ref_sentence == sentence), None)
        self.pair_index = index
        reference = self.reference
        self.pending_focus = (
            None if index is not None or reference is None else (reference, sentence)
        )

    def set_labels(
        self,
        labels: Mapping[PairKey, PairLabel],
        hand_pairs: Mapping[ArticlePair, list[AlignedRow]],
    ) -> None:
        """Take the labels and hand-made pairs read from the store; recompute the pairs."""
        self.labels = dict(labels)
        self.hand_pairs = dict(hand_pairs)
        if self.candidate is not None:
            (left_id, right_id), row = self.candidate
            if pair_key(left_id, row.left, right_id, row.right) in self.labels:
                self.candidate = None  # stored now
        self.update_pairs()

    def select(
        self, article_id: str, sentence: int
    ) -> tuple[tuple[str, int], tuple[str, int]] | None:
        """Choose a sentence to pair by hand. The first choice is remembered; a second one in
        another article returns both (first, second) and clears the choice; choosing the same
        sentence again drops it, one in the same article replaces it."""
        first = self.selected
        if first is None or first[0] == article_id:
            self.selected = None if first == (article_id, sentence) else (article_id, sentence)
            return None
        self.selected = None
        return first, (article_id, sentence)

    def add_hand_pair(self, left_id: str, right_id: str, row: AlignedRow) -> None:
        """Show a pair made by hand (``row`` read from ``left_id``) and put it in focus; it
        stays shown until labelled (or until another is made)."""
        row = by_hand(row)
        self.candidate = ((left_id, right_id), row)
        self.update_pairs()
        key = pair_key(left_id, row.left, right_id, row.right)
        index = next((i for i, p in enumerate(self.pairs) if p.key == key), None)
        if index is not None:
            self.pair_index, self.pending_focus = index, None

    def set_reference(self, index: int) -> bool:
        """Make pane ``index`` the reference; False if it is already."""
        if not self.article_ids or index == self.ref_index:
            return False
        self.ref_index = index
        self.update_pairs()
        return True

    def swap(self, index: int) -> tuple[int, int] | None:
        """Swap pane ``index`` with the next one (the reference moves with its article)."""
        count = len(self.article_ids)
        if count < 2:
            return None
        first, second = index, (index + 1) % count
        ids = self.article_ids
        ids[first], ids[second] = ids[second], ids[first]
        if self.ref_index in (first, second):
            self.ref_index = second if self.ref_index == first else first
        self.update_pairs()
        return first, second

    def replace(self, index: int, article_id: str) -> bool:
        """Show ``article_id`` in pane ``index``; False if it shows it already."""
        if article_id == self.article_ids[index]:
            return False
        self.article_ids[index] = article_id
        self.pair_index = None
        self.update_pairs()
        return True

    def add(self, article_id: str) -> bool:
        """Add a pane showing ``article_id``; False when there are four already."""
        if len(self.article_ids) >= MAX_PANES:
            return False
        self.article_ids.append(article_id)
        self.update_pairs()
        return True

    def close(self, index: int) -> bool:
        """Close pane ``index`` (the first pane becomes the reference); False if two are left."""
        if len(self.article_ids) <= MIN_PANES:
            return False
        self.article_ids.pop(index)
        self.ref_index = 0
        self.pair_index = None
        self.update_pairs()
        return True

    def toggle_many(self) -> None:
        """One to one, or one to up to ``MANY`` (a sentence that answers several of the other
        article's); every alignment is to be redone."""
        self.many = MANY if self.many == 1 else 1
        self._realign()

    def change_threshold(self, delta: float, default: float | None) -> bool:
        """Move the minimum score by ``delta`` (within 5–100); every alignment is to be redone."""
        current = self.min_score(default)
        if current is None:
            return False
        low, high = MIN_SCORE_RANGE
        self.threshold = max(low, min(high, current + delta))
        self._realign()
        return True

    def _realign(self) -> None:
        """Drop every alignment (to be redone), the pair in focus kept to be focused again."""
        pair = self.focused_pair
        if pair is not None:
            self.refocus = (pair.key, pair.ref_sentence)
        self.alignments.clear()
        self.pair_index = None
        self.update_pairs()
