"""Compare's labels: the pairs of the articles in view read from the label store, and changes
written to it. Everything here runs in a worker (SQLite may wait on another session's lock);
no Textual.

A stored label names its pair by article ids and sentence fingerprints; here it is resolved to
the sentences of the articles loaded (``label_pairs``), as the model's pair keys. Pairs made by
hand are scored as the aligner would score them, so they show in Compare like any other pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from workbench.analysis.alignment_eval import AlignmentEvaluation, evaluate_alignments
from workbench.store.labels import PairKey as StoredKey
from workbench.store.labels import UndoRefused, label_pairs, sentence_fingerprint
from workbench.tui.compare_model import (
    AlignedRow,
    ArticlePair,
    Pair,
    PairKey,
    PairLabel,
    aligned_row,
    by_hand,
    pair_key,
)

if TYPE_CHECKING:
    from workbench.workspace import Workspace

Sentences = Mapping[str, pl.DataFrame]  # article id → its sentences (sentence_id, text, norm)


@dataclass(frozen=True)
class LabelsRead:
    """The labels of the articles in view, and the pairs made by hand among them."""

    labels: dict[PairKey, PairLabel]
    hand_pairs: dict[ArticlePair, list[AlignedRow]]


def _sentence_row(sentences: Sentences, article_id: str, sentence: int) -> dict:
    frame = sentences[article_id].filter(pl.col("sentence_id") == sentence)
    return frame.row(0, named=True)


def stored_key(sentences: Sentences, pair: Pair) -> tuple[StoredKey, tuple[str, str]]:
    """The store's key of a pair shown in Compare, and the two texts in the key's order."""
    ref = _sentence_row(sentences, pair.ref_id, pair.ref_sentence)
    other = _sentence_row(sentences, pair.other_id, pair.other_sentence)
    ref_side = (pair.ref_id, sentence_fingerprint(ref["norm"]))
    other_side = (pair.other_id, sentence_fingerprint(other["norm"]))
    key = StoredKey.of(*ref_side, *other_side)
    in_order = (key.left_id, key.left_fingerprint) == ref_side
    texts = (ref["text"], other["text"]) if in_order else (other["text"], ref["text"])
    return key, texts


def read_labels(workspace: Workspace, sentences: Sentences) -> LabelsRead:
    """The stored labels between the articles of ``sentences``, resolved to their sentences."""
    articles = list(sentences)
    frame = workspace.labels.frame().filter(
        pl.col("left_id").is_in(articles) & pl.col("right_id").is_in(articles)
    )
    if frame.is_empty():
        return LabelsRead({}, {})
    resolved = label_pairs(frame, pl.concat([sentences[a] for a in articles], how="diagonal"))
    resolved = resolved.drop_nulls(["left_sentence", "right_sentence"])
    labels: dict[PairKey, PairLabel] = {}
    made: dict[ArticlePair, list[tuple[int, int]]] = {}
    for row in resolved.iter_rows(named=True):
        left, right = row["left_sentence"], row["right_sentence"]
        labels[pair_key(row["left_id"], left, row["right_id"], right)] = PairLabel(
            row["label"], row["note"], bool(row["manual"]), row["who"] or "", row["at"] or ""
        )
        if row["manual"] and row["label"] is not None:
            made.setdefault((row["left_id"], row["right_id"]), []).append((left, right))
    hand_pairs = {
        pair: [
            by_hand(aligned_row(row))
            for row in workspace.score_pairs(*pair, rows).iter_rows(named=True)
        ]
        for pair, rows in made.items()
    }
    return LabelsRead(labels, hand_pairs)


def write_label(
    workspace: Workspace,
    sentences: Sentences,
    pair: Pair,
    label: str | None,
) -> LabelsRead:
    """Label ``pair`` (None clears it; a pair made by hand stays so), then read the labels."""
    key, texts = stored_key(sentences, pair)
    workspace.labels.set(key, label, manual=True if pair.manual else None, texts=texts)
    return read_labels(workspace, sentences)


def write_note(
    workspace: Workspace, sentences: Sentences, pair: Pair, note: str | None
) -> LabelsRead:
    """Attach a note to ``pair`` (None or blank removes it), then read the labels."""
    key, _texts = stored_key(sentences, pair)
    workspace.labels.set_note(key, note)
    return read_labels(workspace, sentences)


@dataclass(frozen=True)
class Undone:
    """What undo did: the pair (its sentences, when shown here), its label after, and the
    labels read again. ``pair`` is None when there was nothing of this session to undo;
    ``refused`` says why nothing was undone when another session changed the pair since."""

    pair: PairKey | None
    label: str | None
    changed: bool
    read: LabelsRead
    refused: str | None = None


def undo_label(workspace: Workspace, sentences: Sentences) -> Undone:
    """Undo this session's last change of a label, then read the labels."""
    try:
        result = workspace.labels.undo()
    except UndoRefused as refusal:
        return Undone(None, None, False, read_labels(workspace, sentences), str(refusal))
    read = read_labels(workspace, sentences)
    if result is None:
        return Undone(None, None, False, read)
    key, after = result
    found = {
        (article_id, sentence)
        for article_id, fingerprint in (
            (key.left_id, key.left_fingerprint),
            (key.right_id, key.right_fingerprint),
        )
        if article_id in sentences
        for sentence in _sentences_with(sentences[article_id], fingerprint)
    }
    pair = frozenset(found) if len(found) == 2 else None
    return Undone(pair, after.label if after is not None else None, True, read)


def _sentences_with(sentences: pl.DataFrame, fingerprint: str) -> list[int]:
    """The first sentence whose normalized text has ``fingerprint`` (none: [])."""
    for sentence_id, norm in sentences.select("sentence_id", "norm").iter_rows():
        if sentence_fingerprint(norm) == fingerprint:
            return [sentence_id]
    return []


def check_writable(workspace: Workspace) -> str | None:
    """None when labels can be written, else why not (one line)."""
    return workspace.labels.check_writable()


@dataclass(frozen=True)
class Evaluations:
    """The aligner measured on the labels of the articles in view, and of the whole corpus."""

    in_view: AlignmentEvaluation
    corpus: AlignmentEvaluation
    min_score: float
    view_name: str  # "003 ↔ 004"


def evaluate(
    workspace: Workspace, reference: str, others: list[str], min_score: float
) -> Evaluations:
    """The aligner against the labels of the reference with the other articles in view, and
    against every label of the corpus, at ``min_score``."""
    labels = workspace.table("labels")
    in_view = labels.filter(
        ((pl.col("left_id") == reference) & pl.col("right_id").is_in(others))
        | ((pl.col("right_id") == reference) & pl.col("left_id").is_in(others))
    )
    return Evaluations(
        in_view=evaluate_alignments(in_view, workspace.score_pair, min_score),
        corpus=workspace.evaluate_alignments(min_score),
        min_score=min_score,
        view_name=" ↔ ".join([reference, *others]),
    )
