"""The wording signal of a sentence pair: ``lexical``, a rapidfuzz blend over normalized texts.

``token_set_ratio`` recognizes a paraphrase that keeps the words but reorders or pads them;
``token_sort_ratio`` keeps a short sentence whose words all occur in a long one from scoring
100. The blend is ``SET_WEIGHT`` of the first and the rest of the second, for a matrix of texts
(two articles) or a list of pairs (the corpus); it stays the signal of the word diff and the
phrase matcher, and is one of the two signals of the hybrid score (``analysis.scoring``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from workbench.analysis.tokens import STOPWORDS, WORD_PATTERN

_CONTENT_WORD = re.compile(WORD_PATTERN)
SET_WEIGHT = 0.5  # weight of token_set_ratio in the blend; token_sort_ratio has the rest


class LexicalSide(NamedTuple):
    """What scoring needs of a list of normalized texts, computed once per text."""

    sorted_tokens: list[str]  # the text's tokens sorted: token_sort_ratio is ratio over these
    content_words: list[set[str]]  # its words other than stopwords


def sorted_tokens(texts: list[str]) -> list[str]:
    """Each text's tokens sorted and joined by spaces (token_sort_ratio is ratio over these)."""
    return [" ".join(sorted(text.split())) for text in texts]


def content_word_sets(texts: list[str]) -> list[set[str]]:
    """Each text's words other than stopwords."""
    return [set(_CONTENT_WORD.findall(text)) - STOPWORDS for text in texts]


def _side(texts: list[str], words: list[list[str]] | None = None) -> LexicalSide:
    if words is None:
        words = [_CONTENT_WORD.findall(text) for text in texts]
    return LexicalSide(sorted_tokens(texts), [set(w) - STOPWORDS for w in words])


def shares_content_word(left: list[str], right: list[str]) -> np.ndarray:
    """Boolean matrix: does left text i share a word other than a stopword with right text j."""
    return _shares(content_word_sets(left), content_word_sets(right))


_SMALL_MATRIX = 40_000


def _shares(left: list[set[str]], right: list[set[str]]) -> np.ndarray:
    if len(left) * len(right) <= _SMALL_MATRIX:  # two articles: set tests beat a matrix
        return np.array(
            [[not words.isdisjoint(other) for other in right] for words in left], dtype=bool
        ).reshape(len(left), len(right))
    vocabulary = {word: k for k, word in enumerate(set().union(*left, *right))}
    left_matrix = np.zeros((len(left), len(vocabulary)), dtype=np.float32)
    right_matrix = np.zeros((len(right), len(vocabulary)), dtype=np.float32)
    for matrix, words in ((left_matrix, left), (right_matrix, right)):
        for i, text_words in enumerate(words):
            matrix[i, [vocabulary[word] for word in text_words]] = 1.0
    return (left_matrix @ right_matrix.T) > 0


def lexical_blend(token_set: np.ndarray | float, token_sort: np.ndarray) -> np.ndarray:
    """The lexical score from its two rapidfuzz parts."""
    return SET_WEIGHT * token_set + (1.0 - SET_WEIGHT) * token_sort


def score_matrix(left: list[str], right: list[str], workers: int = 1) -> np.ndarray:
    """Blended rapidfuzz similarity (0–100) of every left text with every right text.

    ``token_set_ratio`` is computed only for pairs that share a word other than a stopword;
    for the others it is taken equal to ``token_sort_ratio``, which is what it is when two texts
    share no word at all, and such a pair says nothing alike whatever its function words.
    ``token_set_ratio`` compares the sets of the texts' tokens, whatever their order: it is
    given the texts with their tokens sorted (made for ``token_sort_ratio`` already), which it
    scores the same a fifth faster (its own sort of each text's tokens has nothing to do).
    """
    return score_prepared(left, right, _side(left), _side(right), workers)


def score_prepared(
    left: list[str],
    right: list[str],
    left_side: LexicalSide,
    right_side: LexicalSide,
    workers: int = 1,
) -> np.ndarray:
    """``score_matrix`` of texts whose ``LexicalSide`` is made already (an article's, once)."""
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float64)
    # token_sort_ratio is ratio over the sorted tokens: sorting each text once, rather than
    # once per pair, gives the same scores several times faster.
    token_sort = process.cdist(
        left_side.sorted_tokens, right_side.sorted_tokens, scorer=fuzz.ratio, workers=workers
    ).astype(np.float64)
    token_set = token_sort.copy()
    rows, cols = np.nonzero(_shares(left_side.content_words, right_side.content_words))
    if rows.size:
        token_set[rows, cols] = process.cpdist(
            [left_side.sorted_tokens[i] for i in rows.tolist()],
            [right_side.sorted_tokens[j] for j in cols.tolist()],
            scorer=fuzz.token_set_ratio,
            workers=workers,
        )
    return lexical_blend(token_set, token_sort)


def score_pairs(
    left: list[str],
    right: list[str],
    workers: int = -1,
    share: np.ndarray | None = None,
    presorted: tuple[list[str], list[str]] | None = None,
) -> np.ndarray:
    """Blended rapidfuzz similarity of ``left[i]`` with ``right[i]`` for every i.

    ``share`` (one boolean per pair: do the two share a word other than a stopword) limits
    ``token_set_ratio`` to those pairs, as ``score_matrix`` does; without it every pair gets it.
    ``presorted``: both sides' texts with their tokens sorted, when already made.
    """
    if not left:
        return np.zeros(0, dtype=np.float64)
    left_sorted, right_sorted = presorted or (sorted_tokens(left), sorted_tokens(right))
    token_sort = token_sort_pairs(left_sorted, right_sorted, workers)
    rows = np.arange(len(left)) if share is None else np.nonzero(share)[0]
    token_set = token_set_pairs(left_sorted, right_sorted, token_sort, rows, workers)
    return lexical_blend(token_set, token_sort)


def token_sort_pairs(left_sorted: list[str], right_sorted: list[str], workers: int) -> np.ndarray:
    """``token_sort_ratio`` of each pair: ``ratio`` over its texts' tokens sorted."""
    return process.cpdist(left_sorted, right_sorted, scorer=fuzz.ratio, workers=workers).astype(
        np.float64
    )


def token_set_pairs(
    left_sorted: list[str],
    right_sorted: list[str],
    token_sort: np.ndarray,
    rows: np.ndarray,
    workers: int,
) -> np.ndarray:
    """``token_set_ratio`` of the pairs ``rows``, over their texts with the tokens sorted (see
    ``score_matrix``); ``token_sort`` stands for it elsewhere."""
    token_set = token_sort.copy()
    if rows.size:
        numbers = rows.tolist()
        token_set[rows] = process.cpdist(
            [left_sorted[i] for i in numbers],
            [right_sorted[i] for i in numbers],
            scorer=fuzz.token_set_ratio,
            workers=workers,
        )
    return token_set
