"""Nearest neighbours across years: exact search, its approximate stand-in, and the pairs."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from workbench.analysis.embeddings import embed_texts, normalize_rows
from workbench.analysis.neighbours import NEIGHBOUR_SCHEMA, cross_year_neighbours


def _brute_force(vectors: np.ndarray, years: list[int | None], k: int) -> set[tuple[int, int]]:
    pairs = set()
    sims = vectors @ vectors.T
    for i, year in enumerate(years):
        if year is None:
            continue
        allowed = [j for j, other in enumerate(years) if other is not None and other != year]
        best = sorted(allowed, key=lambda j: (-sims[i, j], j))[:k]
        pairs.update((min(i, j), max(i, j)) for j in best)
    return pairs


def _clustered(rows: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((rows // 8, 32))
    return normalize_rows(
        centres[rng.integers(0, len(centres), rows)] + 0.3 * rng.standard_normal((rows, 32))
    )


def test_exact_search_matches_brute_force():
    vectors = _clustered(120)
    years = [2010 + (i % 4) if i % 11 else None for i in range(120)]
    found = cross_year_neighbours(vectors, years, k=3)
    assert found.schema == pl.Schema(NEIGHBOUR_SCHEMA)
    assert set(found.select("left_row", "right_row").iter_rows()) == _brute_force(vectors, years, 3)


def test_pairs_are_cross_year_ordered_and_carry_their_cosine():
    vectors = _clustered(80, seed=1)
    years = pl.Series([2012 + (i % 3) for i in range(80)])
    found = cross_year_neighbours(vectors, years, k=2)
    left = found["left_row"].to_numpy()
    right = found["right_row"].to_numpy()
    assert (left < right).all()
    assert (years.to_numpy()[left] != years.to_numpy()[right]).all()
    expected = np.einsum("ij,ij->i", vectors[left], vectors[right])
    np.testing.assert_allclose(found["cosine"].to_numpy(), expected, atol=1e-5)
    assert found.select(pl.struct("left_row", "right_row").is_unique().all()).item()


def test_min_cosine_drops_weak_pairs():
    vectors = _clustered(60, seed=2)
    years = [2015 + (i % 2) for i in range(60)]
    everything = cross_year_neighbours(vectors, years, k=4)
    strong = cross_year_neighbours(vectors, years, k=4, min_cosine=0.8)
    assert strong.height < everything.height
    assert strong["cosine"].min() >= 0.8


def test_one_known_year_or_no_rows_gives_no_pairs():
    vectors = _clustered(16)
    assert cross_year_neighbours(vectors, [2014] * 16).is_empty()
    assert cross_year_neighbours(vectors, [None] * 16).is_empty()
    assert cross_year_neighbours(vectors[:0], []).is_empty()
    with pytest.raises(ValueError, match="16 embedding rows but 3 years"):
        cross_year_neighbours(vectors, [2014, 2015, 2016])


def test_approximate_search_finds_nearly_all_exact_neighbours():
    vectors = _clustered(3000, seed=3)
    years = [2009 + (i % 7) for i in range(3000)]
    exact = set(
        cross_year_neighbours(vectors, years, k=5).select("left_row", "right_row").iter_rows()
    )
    approx = cross_year_neighbours(vectors, years, k=5, exact_limit=0)
    found = set(approx.select("left_row", "right_row").iter_rows())
    assert len(found & exact) / len(exact) >= 0.9
    approx_years = np.array(years)
    assert (
        approx_years[approx["left_row"].to_numpy()] != approx_years[approx["right_row"].to_numpy()]
    ).all()
    # Deterministic: the same input gives the same pairs.
    assert approx.equals(cross_year_neighbours(vectors, years, k=5, exact_limit=0))


def test_rows_of_unknown_year_are_left_out_of_the_approximate_search_as_if_absent():
    # The rows of known years are searched where they are (not copied out): the pairs are
    # those of a search over those rows alone, numbered as the rows given.
    vectors = _clustered(3000, seed=4)
    years = [None if i % 9 == 0 else 2009 + (i % 6) for i in range(3000)]
    known = np.array([i for i, year in enumerate(years) if year is not None])
    alone = cross_year_neighbours(vectors[known], [years[i] for i in known], k=4, exact_limit=0)
    found = cross_year_neighbours(vectors, years, k=4, exact_limit=0)
    assert found.height > 2000
    assert found["left_row"].to_list() == known[alone["left_row"].to_numpy()].tolist()
    assert found["right_row"].to_list() == known[alone["right_row"].to_numpy()].tolist()
    assert found["cosine"].equals(alone["cosine"])


def test_a_paraphrase_from_another_year_is_the_nearest_neighbour():
    texts = [
        "the talks collapsed after moscow refused to withdraw its troops.",
        "the museum reopened its gallery of dutch paintings on sunday.",
        "negotiations broke down when russia would not pull its soldiers out.",
        "the team won the championship after a penalty shoot-out.",
    ]
    found = cross_year_neighbours(embed_texts(texts), [2012, 2012, 2019, 2019], k=1)
    best = found.filter(pl.col("left_row") == 0).sort("cosine", descending=True).row(0)
    assert best[:2] == (0, 2)


def test_approximate_search_gives_the_same_pairs_on_one_core_or_several(monkeypatch):
    import workbench.analysis.neighbours as neighbours

    vectors = _clustered(12_000, seed=5)
    years = [2009 + (i % 5) for i in range(12_000)]
    monkeypatch.setattr(neighbours, "usable_cores", lambda: 1)
    alone = cross_year_neighbours(vectors, years, k=4)
    monkeypatch.setattr(neighbours, "usable_cores", lambda: 2)
    shared = cross_year_neighbours(vectors, years, k=4)
    assert alone.height > 12_000
    assert shared.equals(alone)


def test_cells_of_a_large_corpus_are_trained_in_two_levels_with_nearly_the_same_recall(
    monkeypatch,
):
    import workbench.analysis.neighbours as neighbours

    vectors = _clustered(6000, seed=7)
    years = [2009 + (i % 6) for i in range(6000)]
    exact = set(
        cross_year_neighbours(vectors, years, k=5).select("left_row", "right_row").iter_rows()
    )

    def recall() -> float:
        found = cross_year_neighbours(vectors, years, k=5, exact_limit=0)
        return len(set(found.select("left_row", "right_row").iter_rows()) & exact) / len(exact)

    one_level = recall()
    levels = []
    real_kmeans = neighbours._kmeans
    monkeypatch.setattr(
        neighbours, "_kmeans", lambda rows, cells: levels.append(cells) or real_kmeans(rows, cells)
    )
    monkeypatch.setattr(neighbours, "CELL_ROWS", 400)
    monkeypatch.setattr(neighbours, "ONE_LEVEL_CELLS", 4)  # 15 cells: two levels
    sample = vectors[neighbours.sample_positions(6000)]
    cells = neighbours.train_cells(sample, 6000)
    assert len(cells.centroids) == neighbours.cell_count(6000) == 15
    assert levels[0] == 3 and sum(levels[1:]) == 15  # √15 coarse cells, then 15 fine ones
    assert len(cells.coarse) == 3 and np.all(np.diff(cells.group) >= 0)  # fine cells in order
    assert np.allclose(np.linalg.norm(cells.centroids, axis=1), 1.0, atol=1e-4)
    again = neighbours.train_cells(sample, 6000)  # the same every run
    assert np.array_equal(cells.centroids, again.centroids)
    assert np.array_equal(cells.group, again.group)
    # Each row's nearest cells among its nearest coarse cells' are its nearest cells of all
    # (or nearly: a near cell under a farther coarse cell is missed).
    nearest = neighbours.nearest_cells(vectors, cells)
    among_all = neighbours.nearest_cells(vectors, neighbours.Cells(cells.centroids))
    assert nearest.shape == among_all.shape == (6000, neighbours.SPREAD)
    assert (nearest >= 0).all() and (nearest[:, 0] != nearest[:, 1]).all()
    assert (nearest[:, 0] == among_all[:, 0]).mean() >= 0.95
    assert recall() >= one_level - 0.05


def test_top_columns_are_the_largest_first_with_ties_to_the_lower_column():
    from workbench.analysis.neighbours import top_columns

    sims = np.array(
        [[0.1, 0.9, 0.5, 0.9, -np.inf], [-np.inf, -np.inf, 0.2, -np.inf, -np.inf]],
        dtype=np.float32,
    )
    columns, values = top_columns(sims.copy(), 3)
    assert columns[0].tolist() == [1, 3, 2]
    assert values[0].tolist() == pytest.approx([0.9, 0.9, 0.5])
    # A row with fewer finite columns than asked ends in -inf values (no neighbour).
    assert columns[1, 0] == 2 and np.isneginf(values[1, 1:]).all()
