"""Pairs of rows (of sentences, or any two numbers below 2^32: a phrase group and an article)
packed in one 64-bit key: sorting the keys sorts the pairs (by the left row, then the right),
and equal neighbours among sorted keys are the same pair. Counting and uniting pairs this way
takes a fraction of the time of polars' unique and sort of two columns."""

from __future__ import annotations

import numpy as np

_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def pair_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Each (left, right) pair of rows (below 2^32) packed in one uint64 key."""
    return left.astype(np.uint64) << _SHIFT | right.astype(np.uint64)


def unordered_pair_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each pair of rows packed with the lesser row on the left (a pair and its mirror: one key)."""
    a, b = a.astype(np.uint64), b.astype(np.uint64)
    return pair_keys(np.minimum(a, b), np.maximum(a, b))


def first_of_each(sorted_keys: np.ndarray) -> np.ndarray:
    """Per key of a sorted array: is it the first of its run of equal keys."""
    return np.r_[True, sorted_keys[1:] != sorted_keys[:-1]][: len(sorted_keys)]


def pair_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The left and the right rows (uint32) of packed keys."""
    return (keys >> _SHIFT).astype(np.uint32), (keys & _LOW).astype(np.uint32)
