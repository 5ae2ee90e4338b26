"""Sentence-pair scores: lexical, semantic and their fitted combination."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.analysis import scoring
from workbench.analysis.embeddings import embed_texts
from workbench.analysis.lexical import score_matrix as lexical_matrix
from workbench.analysis.lexical import score_pairs as lexical_pairs
from workbench.corpus.normalize import normalize_many

LEFT = normalize_many(
    [
        "Russia has vetoed every Security Council resolution on Syria.",
        "The museum reopened its gallery of Dutch paintings on Sunday.",
        "Washington and Moscow agreed to extend the New START treaty for five years.",
    ]
)
RIGHT = normalize_many(
    [
        "Moscow blocked each UN Security Council measure on the Syrian war.",
        "The United States and Russia decided to prolong New START by five more years.",
    ]
)


def test_weights_sum_to_one():
    total = scoring.LEXICAL_WEIGHT + scoring.ORDER_WEIGHT + scoring.SEMANTIC_WEIGHT
    assert total == pytest.approx(1.0)


def test_matrix_scores_combine_the_three_signals():
    left, right = embed_texts(LEFT), embed_texts(RIGHT)
    scores = scoring.hybrid_scores(LEFT, RIGHT, left, right)
    assert scores.score.shape == scores.lexical.shape == scores.semantic.shape == (3, 2)
    np.testing.assert_allclose(scores.lexical, lexical_matrix(LEFT, RIGHT))
    np.testing.assert_allclose(scores.semantic, np.clip(left @ right.T, 0, 1) * 100, atol=1e-4)
    order = scoring.order_matrix(LEFT, RIGHT)
    expected = 0.25 * scores.lexical + 0.25 * order + 0.50 * scores.semantic
    np.testing.assert_allclose(scores.score, expected)
    # Each paraphrase outscores every unrelated pairing of its sentences.
    assert scores.score[0, 0] > max(scores.score[1, 0], scores.score[2, 0])
    assert scores.score[2, 1] > max(scores.score[0, 1], scores.score[1, 1])


def test_pair_scores_match_the_matrix_diagonal():
    left, right = embed_texts(LEFT[:2]), embed_texts(RIGHT)
    pairs = scoring.hybrid_scores(LEFT[:2], RIGHT, left, right, pairwise=True)
    matrix = scoring.hybrid_scores(LEFT[:2], RIGHT, left, right)
    np.testing.assert_allclose(pairs.semantic, np.diag(matrix.semantic), atol=1e-4)
    np.testing.assert_allclose(pairs.lexical, lexical_pairs(LEFT[:2], RIGHT))
    order = scoring.order_pairs(LEFT[:2], RIGHT)
    np.testing.assert_allclose(order, np.diag(scoring.order_matrix(LEFT[:2], RIGHT)))
    np.testing.assert_allclose(pairs.score, scoring.combine(pairs.lexical, order, pairs.semantic))
    both = np.vstack([left, right])
    rows = scoring.semantic_rows(both, np.array([0, 1]), np.array([2, 3]))
    np.testing.assert_allclose(rows, pairs.semantic)


def test_without_embeddings_the_score_is_the_lexical_score():
    scores = scoring.hybrid_scores(LEFT, RIGHT)
    assert scores.semantic is None
    np.testing.assert_array_equal(scores.score, scores.lexical)
    pairs = scoring.hybrid_scores(LEFT[:2], RIGHT, pairwise=True)
    assert pairs.semantic is None
    np.testing.assert_array_equal(pairs.score, pairs.lexical)


def test_precomputed_lexical_scores_are_used_as_given():
    given = np.full((3, 2), 50.0)
    left, right = embed_texts(LEFT), embed_texts(RIGHT)
    scores = scoring.hybrid_scores(LEFT, RIGHT, left, right, lexical=given)
    np.testing.assert_array_equal(scores.lexical, given)


def test_negative_cosines_count_as_zero_and_shapes_are_checked():
    a = np.array([[1.0, 0.0]], dtype=np.float32)
    b = np.array([[-1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    np.testing.assert_allclose(scoring.semantic_matrix(a, b), [[0.0, 60.0]], atol=1e-5)
    assert scoring.semantic_matrix(a[:0], b).shape == (0, 2)
    with pytest.raises(ValueError, match="left: 3 texts but 1 embedding rows"):
        scoring.hybrid_scores(LEFT, RIGHT, embed_texts(LEFT[:1]), embed_texts(RIGHT))
    with pytest.raises(ValueError, match="3 left texts but 2 right texts"):
        scoring.hybrid_scores(LEFT, RIGHT, pairwise=True)
    with pytest.raises(ValueError, match="order"):
        scoring.combine(np.zeros(2), None, np.zeros(2))


def test_a_pair_without_a_meaning_signal_is_scored_by_its_wording_alone_on_the_same_scale():
    read = np.array([[0.6, 0.8]], dtype=np.float32)
    unread = np.zeros((1, 2), dtype=np.float32)  # a sentence the model cannot read
    semantic = scoring.semantic_matrix(np.vstack([read, unread]), np.vstack([read, read]))
    assert semantic[0].tolist() == pytest.approx([100.0, 100.0])
    assert np.isnan(semantic[1]).all()
    pairs = scoring.semantic_pairs(np.vstack([read, unread]), np.vstack([read, read]))
    assert pairs[0] == pytest.approx(100.0) and np.isnan(pairs[1])
    rows = scoring.semantic_rows(np.vstack([read, unread]), np.array([0, 1]), np.array([0, 0]))
    assert rows[0] == pytest.approx(100.0) and np.isnan(rows[1])
    lexical, order = np.array([40.0, 60.0]), np.array([30.0, 30.0])
    combined = scoring.combine(lexical, order, pairs)
    # the wording alone, on the hybrid's scale: 55 reaches the min score 45, 100 stays 100
    assert combined[0] == pytest.approx(0.25 * 40 + 0.25 * 30 + 0.5 * 100)
    assert combined[1] == pytest.approx(100 - 40 * 55 / 45)
    assert scoring.wording_only(np.array([55.0, 100.0, 0.0])).tolist() == pytest.approx(
        [45.0, 100.0, 0.0]
    )


@pytest.mark.parametrize(
    ("left_count", "right_count"), [(1, 1), (1, 9), (9, 1), (40, 40), (300, 70)]
)
def test_two_articles_score_their_pairs_as_the_corpus_wide_table_does(left_count, right_count):
    """Every cosine of two articles' sentences (Compare) is bit for bit the one the corpus-wide
    table computes for the same rows, whatever the shapes, with a row of no meaning signal."""
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((500, 256)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[3] = 0.0
    left = rng.choice(500, left_count, replace=False)
    right = rng.choice(500, right_count, replace=False)
    left[0] = 3  # no meaning signal: NaN on both sides alike
    matrix = scoring.semantic_matrix(vectors[left], vectors[right])
    rows = scoring.semantic_rows(
        vectors, np.repeat(left, right_count), np.tile(right, left_count)
    ).reshape(left_count, right_count)
    assert np.isnan(matrix[0]).all()
    assert np.array_equal(matrix, rows, equal_nan=True)
    pairs = scoring.semantic_pairs(
        vectors[np.repeat(left, right_count)], vectors[np.tile(right, left_count)]
    )
    assert np.array_equal(matrix.ravel(), pairs, equal_nan=True)
