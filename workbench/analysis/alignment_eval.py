"""How good is the aligner? Its proposals measured against the analyst's labels.

A labelled pair is *positive* when it was judged ``same`` or ``related`` (hand-made pairs
included) and *negative* when judged ``unrelated``. At a minimum score the aligner proposes the
one-to-one pairs that Compare shows; of those, the labelled ones give the precision (positives
among them) and the positives give the recall (how many of them were proposed). Sweeping the
minimum score finds the one that would have maximised F1 on the labels so far. Pairs nobody
labelled count for neither figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from workbench.analysis.align import ArticlePairScores
from workbench.analysis.assignment import greedy_one_to_one
from workbench.columns import schema

POSITIVE = ("same", "related")
SWEEP = tuple(range(20, 101))

SWEEP_SCHEMA = schema(
    "min_score proposed_labelled true_positives false_positives positives precision recall f1"
)


@dataclass(frozen=True)
class AlignmentEvaluation:
    """The aligner against the labels: figures at the min score in use, the best, the sweep."""

    labelled: int  # labelled pairs whose two sentences still exist
    positives: int
    negatives: int
    at_min_score: dict[str, float | int | None]  # one row of ``sweep``
    best: dict[str, float | int | None] | None  # the row of ``sweep`` with the highest F1
    sweep: pl.DataFrame

    @property
    def empty(self) -> bool:
        """True when there is nothing to measure yet (no usable labels)."""
        return self.labelled == 0


def _figures(
    min_score: float, proposed: set, positives: set, negatives: set
) -> dict[str, float | int | None]:
    true_positives = len(proposed & positives)
    false_positives = len(proposed & negatives)
    judged = true_positives + false_positives
    precision = true_positives / judged if judged else None
    recall = true_positives / len(positives) if positives else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else (0.0 if precision is not None and recall is not None else None)
    )
    return {
        "min_score": float(min_score),
        "proposed_labelled": judged,
        "true_positives": true_positives,
        "false_positives": false_positives,
        "positives": len(positives),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def evaluate_alignments(
    labels: pl.DataFrame,
    score_pair: Callable[[str, str], ArticlePairScores | None],
    min_score: float,
    sweep: Iterable[float] = SWEEP,
) -> AlignmentEvaluation:
    """Precision and recall of the aligner against resolved labels (see the module doc).

    ``labels`` has left_id, left_sentence, right_id, right_sentence (null where a sentence is
    gone: not counted) and label; ``score_pair(left_id, right_id)`` scores two articles as
    Compare does.
    """
    usable = labels.filter(
        pl.col("label").is_not_null()
        & pl.col("left_sentence").is_not_null()
        & pl.col("right_sentence").is_not_null()
    )
    thresholds = sorted({float(t) for t in sweep} | {float(min_score)})
    positives: set[tuple] = set()
    negatives: set[tuple] = set()
    for left_id, left_sentence, right_id, right_sentence, label in usable.select(
        "left_id", "left_sentence", "right_id", "right_sentence", "label"
    ).iter_rows():
        pair = (left_id, int(left_sentence), right_id, int(right_sentence))
        (positives if label in POSITIVE else negatives).add(pair)
    proposed: dict[float, set[tuple]] = {t: set() for t in thresholds}
    article_pairs = sorted({(p[0], p[2]) for p in positives | negatives})
    for left_id, right_id in article_pairs:
        scored = score_pair(left_id, right_id)
        if scored is None:
            continue
        for threshold in thresholds:
            for i, j in greedy_one_to_one(scored.scores, threshold):
                proposed[threshold].add(
                    (left_id, scored.left_sentences[i], right_id, scored.right_sentences[j])
                )
    rows = [_figures(t, proposed[t], positives, negatives) for t in thresholds]
    frame = pl.DataFrame(rows, schema=SWEEP_SCHEMA, orient="row")
    at_min = next(row for row in rows if row["min_score"] == float(min_score))
    scored_rows = [row for row in rows if row["f1"] is not None]
    best = max(scored_rows, key=lambda row: (row["f1"], -row["min_score"])) if scored_rows else None
    return AlignmentEvaluation(
        labelled=len(positives) + len(negatives),
        positives=len(positives),
        negatives=len(negatives),
        at_min_score=at_min,
        best=best,
        sweep=frame,
    )
