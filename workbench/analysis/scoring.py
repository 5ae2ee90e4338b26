"""Sentence-pair scores: lexical (wording), semantic (meaning) and their fitted combination.

- ``lexical``: today's rapidfuzz blend (``lexical.score_matrix`` / ``lexical.score_pairs``): the
  wording signal, 0–100.
- ``semantic``: the cosine of the two sentences' embeddings (``embeddings``), clipped at 0 and
  scaled to 0–100.
- ``score``: ``LEXICAL_WEIGHT * lexical + ORDER_WEIGHT * order + SEMANTIC_WEIGHT * semantic``,
  where ``order`` is rapidfuzz's plain ``ratio`` of the two normalized texts (the one wording
  signal that sees word order). The weights were fitted on the public training splits
  (``bench/paraphrase.py --fit``): among weights on a 0.05 grid summing to 1, those with the
  best MSRP train accuracy whose STS-B train Pearson is at least 0.79. STS-B (graded
  similarity) alone asks for mostly meaning (least squares: 18 % lexical), MSRP (paraphrase or
  not) alone for mostly wording (logistic fit: 75 % lexical); aligning sentences that make the
  same point is closer to MSRP's question, so it decides within what keeps STS-B's correlation.
  Figures and the comparison with every single scorer: docs/meaning.md.

Without embeddings the score is the lexical score, as before embeddings existed. A pair one of
whose sentences has no meaning signal (a zero embedding: no tokens, a script the model cannot
read, an article in another language), whose ``semantic`` is NaN here and null in the tables,
is scored by its wording alone on the hybrid's scale (``wording_only``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from workbench.analysis.lexical import score_matrix, score_pairs

LEXICAL_WEIGHT = 0.25
ORDER_WEIGHT = 0.25
SEMANTIC_WEIGHT = 0.50
# The least hybrid score of an aligned pair of two articles (Compare, `workbench align`): near
# the one-to-one alignment's best F1 on article pairs whose same-point sentences were marked by
# hand (bench/alignment_gold.py: 0.70 at 42-46, 0.64 at 50, 0.00 at 67). MSRP's
# accuracy-maximising threshold, 67.1, aligns paraphrases only: sentences that make one point
# in other words score 40-65 with this model.
DEFAULT_MIN_SCORE = 45.0
# ... and of a pair of the corpus-wide `alignments` table, which lists each sentence's best
# pairs across all articles of other years: stricter, what the table asserts rather than what
# Compare proposes (and 20 % faster at 10,000 articles than at 45).
DEFAULT_TABLE_MIN_SCORE = 50.0
# A pair scored by its wording alone reaches the min score at this lexical score. The hybrid's
# meaning half pulls unrelated sentences down (their cosine is near 0); without it, the lexical
# score of two unrelated sentences sharing a language's little words sits near 45-50: at 45,
# two unrelated English articles aligned 12 pairs on average with their embeddings taken away
# (0.14 with them), two German ones 12. On the hand-marked article pairs with embeddings taken
# away the one-to-one F1 is flat from 52 to 56 (0.51 pooled) and falls below and above; at 55
# the unrelated articles' pairs fall to the hybrid's rate (0.17 a pair of articles).
WORDING_ONLY_AT_MIN = 55.0
# Pairs whose embeddings are gathered at once: two buffers of 256 KB at 256 dimensions, which
# stay in a core's cache for the products (8,192 pairs, 2 × 8 MB, took twice as long).
PAIR_BLOCK = 256


class PairScores(NamedTuple):
    """The three scores of sentence pairs (same shape: a matrix or one value per pair)."""

    lexical: np.ndarray
    semantic: np.ndarray | None  # None when there were no embeddings
    score: np.ndarray


def semantic_matrix(
    left: np.ndarray,
    right: np.ndarray,
    left_known: np.ndarray | None = None,
    right_known: np.ndarray | None = None,
) -> np.ndarray:
    """Embedding cosine (0–100, negatives as 0) of every left row with every right row; NaN
    where either row is zero (no meaning signal). ``left_known``/``right_known``: each side's
    ``embedding_signal``, when told already (an article aligned with many others).

    The products are numpy's own (``einsum``), not BLAS's: each sums its row pair as
    ``semantic_pairs`` and ``semantic_rows`` do, so a pair of two articles scores bit for bit
    what it scores in the corpus-wide table, on one thread whatever the machine (a BLAS
    product sums in another order, and in another again when its threads share the work), and
    without a thread limit to set and lift for every pair (a third of this function's time).
    """
    left = np.asarray(left, dtype=np.float32)
    right = np.asarray(right, dtype=np.float32)
    if len(left) == 0 or len(right) == 0:
        return np.zeros((len(left), len(right)), dtype=np.float64)
    scores = _as_score(np.einsum("ik,jk->ij", left, right))
    left_known = _signal(left) if left_known is None else left_known
    right_known = _signal(right) if right_known is None else right_known
    if not (left_known.all() and right_known.all()):
        scores[~(left_known[:, None] & right_known[None, :])] = np.nan
    return scores


def semantic_pairs(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Embedding cosine (0–100) of ``left[i]`` with ``right[i]`` for every i; NaN where either
    row is zero."""
    left = np.asarray(left, dtype=np.float32)
    right = np.asarray(right, dtype=np.float32)
    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    scores = _as_score(np.einsum("ij,ij->i", left, right))
    scores[~(_signal(left) & _signal(right))] = np.nan
    return scores


def _signal(rows: np.ndarray) -> np.ndarray:
    """Per row: does it carry a meaning signal (is it not all zeros)."""
    return rows.any(axis=1)


def embedding_signal(embeddings: np.ndarray) -> np.ndarray:
    """Per row of an embedding matrix: does it carry a meaning signal (for ``semantic_rows``)."""
    return _signal(np.asarray(embeddings, dtype=np.float32))


def semantic_rows(
    embeddings: np.ndarray,
    left_rows: np.ndarray,
    right_rows: np.ndarray,
    signal: np.ndarray | None = None,
    right_embeddings: np.ndarray | None = None,
    right_signal: np.ndarray | None = None,
) -> np.ndarray:
    """Embedding cosine (0–100; NaN with a zero row) of row pairs of one embedding matrix (or,
    given ``right_embeddings``, of a row of ``embeddings`` with a row of that), a block at a
    time; ``signal`` (``right_signal``): ``embedding_signal`` of the matrix, when made already.

    The rows are gathered into two buffers made once: gathering into fresh memory block after
    block (faulting its pages in) took as long as the products."""
    embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
    if right_embeddings is None:
        right_embeddings, right_signal = embeddings, signal
    else:
        right_embeddings = np.ascontiguousarray(right_embeddings, dtype=np.float32)
    left_rows = np.asarray(left_rows, dtype=np.int64)
    right_rows = np.asarray(right_rows, dtype=np.int64)
    cosine = np.zeros(len(left_rows), dtype=np.float32)
    told = signal is not None and right_signal is not None
    if not told:
        known = np.ones(len(left_rows), dtype=bool)
    else:  # told per row once, not per pair: each row is in many pairs
        known = signal[left_rows] & right_signal[right_rows]
    block = max(1, min(PAIR_BLOCK, len(left_rows)))
    left = np.empty((block, embeddings.shape[1]), dtype=np.float32)
    right = np.empty_like(left)
    for first in range(0, len(left_rows), block):
        rows = slice(first, first + block)
        size = len(left_rows[rows])
        np.take(embeddings, left_rows[rows], axis=0, out=left[:size])
        np.take(right_embeddings, right_rows[rows], axis=0, out=right[:size])
        cosine[rows] = np.einsum("ij,ij->i", left[:size], right[:size])
        if not told:
            known[rows] = _signal(left[:size]) & _signal(right[:size])
    scores = _as_score(cosine)
    scores[~known] = np.nan
    return scores


def _as_score(cosine: np.ndarray) -> np.ndarray:
    # In place on one fresh float64 copy: the same values as clipping into new arrays.
    scores = cosine.astype(np.float64)
    np.clip(scores, 0.0, 1.0, out=scores)
    scores *= 100.0
    return scores


def order_matrix(left: Sequence[str], right: Sequence[str], workers: int = 1) -> np.ndarray:
    """rapidfuzz ``ratio`` (0–100) of every left text with every right text (normalized)."""
    if not len(left) or not len(right):
        return np.zeros((len(left), len(right)), dtype=np.float64)
    return process.cdist(list(left), list(right), scorer=fuzz.ratio, workers=workers).astype(
        np.float64
    )


def order_pairs(left: Sequence[str], right: Sequence[str], workers: int = -1) -> np.ndarray:
    """rapidfuzz ``ratio`` (0–100) of ``left[i]`` with ``right[i]`` for every i."""
    if not len(left):
        return np.zeros(0, dtype=np.float64)
    return process.cpdist(list(left), list(right), scorer=fuzz.ratio, workers=workers).astype(
        np.float64
    )


def wording_only(lexical: np.ndarray) -> np.ndarray:
    """The score of pairs without a meaning signal: the lexical score stretched below 100 so
    that ``WORDING_ONLY_AT_MIN`` reaches ``DEFAULT_MIN_SCORE`` (the same words score 100)."""
    stretch = (100.0 - DEFAULT_MIN_SCORE) / (100.0 - WORDING_ONLY_AT_MIN)
    return np.maximum(100.0 - (100.0 - np.asarray(lexical, dtype=np.float64)) * stretch, 0.0)


def combine(
    lexical: np.ndarray, order: np.ndarray | None, semantic: np.ndarray | None
) -> np.ndarray:
    """The hybrid score from its parts (any shape); the lexical score when ``semantic`` is None,
    and ``wording_only`` for the pairs whose ``semantic`` is NaN (no meaning signal)."""
    lexical = np.asarray(lexical, dtype=np.float64)
    if semantic is None:
        return lexical.copy()
    if order is None:
        raise ValueError("the hybrid score needs the order scores with the semantic ones")
    semantic = np.asarray(semantic)
    hybrid = (
        LEXICAL_WEIGHT * lexical + ORDER_WEIGHT * np.asarray(order) + SEMANTIC_WEIGHT * semantic
    )
    unread = np.isnan(semantic)
    if unread.any():
        hybrid = np.where(unread, wording_only(lexical), hybrid)
    return hybrid


def hybrid_scores(
    left: Sequence[str],
    right: Sequence[str],
    left_embeddings: np.ndarray | None = None,
    right_embeddings: np.ndarray | None = None,
    *,
    pairwise: bool = False,
    lexical: np.ndarray | None = None,
    workers: int = 1,
) -> PairScores:
    """Lexical, semantic and hybrid scores of every left text with every right text, or with
    ``pairwise`` of ``left[i]`` with ``right[i]`` for every i.

    ``left``/``right`` are normalized texts (``norm``); the embeddings are rows aligned with
    them (None: no semantic score, and the score is the lexical one). ``lexical`` may be
    passed when already computed (``lexical.score_matrix`` or ``lexical.score_pairs`` of the same
    texts). For pairs given as rows of one embedding matrix (corpus-wide alignment), gather
    with ``semantic_rows`` and pass the result through ``combine``.
    """
    if pairwise and len(left) != len(right):
        raise ValueError(f"{len(left)} left texts but {len(right)} right texts")
    if lexical is None:
        lexical_scores = score_pairs if pairwise else score_matrix
        lexical = lexical_scores(list(left), list(right), workers=workers)
    lexical = np.asarray(lexical, dtype=np.float64)
    if left_embeddings is None or right_embeddings is None:
        return PairScores(lexical, None, lexical.copy())
    _check_rows(left, left_embeddings, "left")
    _check_rows(right, right_embeddings, "right")
    if pairwise:
        semantic = semantic_pairs(left_embeddings, right_embeddings)
        order = order_pairs(left, right, workers=workers)
    else:
        semantic = semantic_matrix(left_embeddings, right_embeddings)
        order = order_matrix(left, right, workers=workers)
    return PairScores(lexical, semantic, combine(lexical, order, semantic))


def _check_rows(texts: Sequence[str], embeddings: np.ndarray, side: str) -> None:
    if len(embeddings) != len(texts):
        raise ValueError(f"{side}: {len(texts)} texts but {len(embeddings)} embedding rows")
