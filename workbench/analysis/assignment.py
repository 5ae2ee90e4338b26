"""Assignment of scored sentence pairs: one to one (or up to k to one), best score first.

The one assignment both Compare (two articles) and the corpus-wide `alignments` table (every
article pair) use; ties go to the smaller keys, so the result is the same on every run.
"""

from __future__ import annotations

import numpy as np
import polars as pl


def one_to_one(left: np.ndarray, right: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Which candidate pairs a one-to-one alignment keeps: best score first, each side once.

    ``left`` and ``right`` name each pair's two sentences as integer keys; a key stands for a
    sentence *within one article pair* (for corpus-wide alignment the key folds the other
    article in), so every article pair is aligned on its own. Ties go to the smaller keys, so
    the result is the same on every run. Returns a boolean mask over the candidates. This is
    the one assignment both Compare (two articles) and the `alignments` table (every article
    pair) use.
    """
    return up_to_k(left, right, scores, 1)


def up_to_k(left: np.ndarray, right: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Which candidate pairs a one-to-many alignment keeps: best first, each side at most k times.

    A sentence that answers two or three sentences of the other article keeps all of them;
    ties go to the smaller keys, as in ``one_to_one`` (which is this with k = 1).
    """
    count = len(scores)
    kept = np.zeros(count, dtype=bool)
    if not count:
        return kept
    if count <= _FEW_CANDIDATES:
        return _up_to_k_in_turn(left, right, scores, k)
    # A pair whose two sentences are in at most k pairs each is kept whatever the others score,
    # and leaves no sentence of a contested pair short of room (a contested sentence has more
    # than k pairs, none of them free): only the contested pairs need the greedy. Most pairs of
    # the corpus-wide table are free (a sentence and another article rarely meet twice).
    free = _free_of_rivals(left, right, k) if count >= _MANY_CANDIDATES else None
    if free is not None and free.any():
        kept[free] = True
        contested = np.flatnonzero(~free)
        if contested.size:
            kept[contested] = up_to_k(left[contested], right[contested], scores[contested], k)
        return kept
    # Greedy in a strict total order keeps, round after round, every open pair that is among
    # the first (remaining capacity) open pairs of both its sentences: the pairs the greedy
    # loop would keep, found as array operations rather than one Python step per candidate.
    rank = np.empty(count, dtype=np.int64)
    rank[np.lexsort((right, left, -scores))] = np.arange(count)
    _, left_id = np.unique(left, return_inverse=True)
    _, right_id = np.unique(right, return_inverse=True)
    left_room = np.full(int(left_id.max()) + 1, k, dtype=np.int64)
    right_room = np.full(int(right_id.max()) + 1, k, dtype=np.int64)
    open_pairs = np.arange(count)
    while open_pairs.size:
        lefts, rights, ranks = left_id[open_pairs], right_id[open_pairs], rank[open_pairs]
        chosen = (place_in_group(lefts, ranks) < left_room[lefts]) & (
            place_in_group(rights, ranks) < right_room[rights]
        )
        kept[open_pairs[chosen]] = True
        left_room -= np.bincount(lefts[chosen], minlength=left_room.size)
        right_room -= np.bincount(rights[chosen], minlength=right_room.size)
        still = ~chosen & (left_room[lefts] > 0) & (right_room[rights] > 0)
        open_pairs = open_pairs[still]
    return kept


# Up to this many candidates (two articles), one Python step per candidate beats the rounds of
# array operations, whose fixed cost is far larger.
_FEW_CANDIDATES = 256
# From this many (the corpus-wide table), counting each sentence's pairs first pays.
_MANY_CANDIDATES = 20_000


def _free_of_rivals(left: np.ndarray, right: np.ndarray, k: int) -> np.ndarray:
    """Per pair: are both its sentences in at most k pairs."""
    counts = pl.DataFrame({"left": left, "right": right}).select(
        (pl.len().over("left") <= k) & (pl.len().over("right") <= k)
    )
    return counts.to_series().to_numpy()


def _up_to_k_in_turn(left: np.ndarray, right: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """``up_to_k`` as the greedy loop itself: candidates in the same strict order, each kept
    while both its sentences have room."""
    lefts, rights, values = left.tolist(), right.tolist(), scores.tolist()
    ranked = sorted(range(len(values)), key=lambda t: (-values[t], lefts[t], rights[t]))
    left_room: dict = {}
    right_room: dict = {}
    kept = np.zeros(len(values), dtype=bool)
    for t in ranked:
        a, b = lefts[t], rights[t]
        if left_room.get(a, k) > 0 and right_room.get(b, k) > 0:
            kept[t] = True
            left_room[a] = left_room.get(a, k) - 1
            right_room[b] = right_room.get(b, k) - 1
    return kept


def place_in_group(groups: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Each item's place (0, 1, …) among the items of its group, in order of rank."""
    order = _group_rank_order(np.asarray(groups), np.asarray(ranks))
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    place = np.empty(len(groups), dtype=np.int64)
    place[order] = np.arange(len(groups)) - np.repeat(starts, sizes)
    return place


_HALF = 1 << 32


def _group_rank_order(groups: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """The items ordered by group, then rank, then position (``np.lexsort((ranks, groups))``).

    Groups and ranks that are integers in [0, 2³²) are packed in one 64-bit key: one sort of
    it takes half the time of lexsort's two, and when no two keys are equal (ranks told apart
    within every group) the order is the one a stable sort gives, without its cost."""
    if not (
        groups.dtype.kind in "iu"
        and ranks.dtype.kind in "iu"
        and len(groups)
        and int(groups.min()) >= 0
        and int(ranks.min()) >= 0
        and int(groups.max()) < _HALF
        and int(ranks.max()) < _HALF
    ):
        return np.lexsort((ranks, groups))
    key = groups.astype(np.uint64) << np.uint64(32) | ranks.astype(np.uint64)
    order = np.argsort(key)
    ordered = key[order]
    if (ordered[1:] == ordered[:-1]).any():  # equal keys: those in order of position
        order = np.argsort(key, kind="stable")
    return order


def greedy_one_to_one(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Index pairs (i, j) of a score matrix aligned one to one at ``threshold`` (sorted)."""
    rows, cols = np.nonzero(scores >= threshold)
    kept = one_to_one(rows, cols, scores[rows, cols])
    return sorted(zip(rows[kept].tolist(), cols[kept].tolist(), strict=True))
