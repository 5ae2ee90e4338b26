"""Candidate sentence pairs across years by meaning: nearest neighbours in embedding space.

Each sentence keeps its ``k`` most similar sentences of other years (cosine of L2-normalised
embeddings). Up to ``EXACT_LIMIT`` rows the search is exact: per year, that year's rows against
all rows of other years in blocked matrix products (faiss ``knn``). Above that an exact search
costs rows² × dimensions (at 300,000 rows about 23 TFLOP, many minutes on two cores), so an
inverted-file index of faiss (k-means cells, each query scanning the ``PROBE`` nearest cells)
finds the neighbours approximately; each query asks for ``OVERFETCH`` × k and drops those of
its own year. Measured figures: docs/meaning.md.

The result is a set of unordered pairs (left_row < right_row), each with its cosine: a pair
is there when either side has the other among its neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

EXACT_LIMIT = 20_000  # rows up to which the search is exact
OVERFETCH = 4  # approximate search: neighbours asked per query, as a multiple of k
PROBE = 8  # approximate search: cells scanned per query
TRAIN_PER_CELL = 40  # approximate search: k-means sample rows per cell
NEIGHBOUR_SCHEMA = {"left_row": pl.UInt32, "right_row": pl.UInt32, "cosine": pl.Float32}


def cross_year_neighbours(
    embeddings: np.ndarray,
    years: Sequence[int | None] | np.ndarray | pl.Series,
    *,
    k: int = 5,
    min_cosine: float = 0.0,
    exact_limit: int = EXACT_LIMIT,
) -> pl.DataFrame:
    """Pairs of rows from different known years, each row with its ``k`` nearest neighbours.

    ``embeddings`` are L2-normalised rows; ``years`` gives each row's year (None or null:
    unknown, never paired). Columns: left_row, right_row (left_row < right_row), cosine;
    pairs under ``min_cosine`` are left out. Exact up to ``exact_limit`` usable rows,
    approximate (faiss inverted file) above.
    """
    embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
    year_values = _years(years, len(embeddings))
    known = np.flatnonzero(year_values >= 0)
    if k <= 0 or len(known) < 2 or len(np.unique(year_values[known])) < 2:
        return pl.DataFrame(schema=NEIGHBOUR_SCHEMA)
    vectors = embeddings[known]
    row_years = year_values[known]
    if len(known) <= exact_limit:
        neighbour, cosine = _exact(vectors, row_years, k)
    else:
        neighbour, cosine = _approximate(vectors, row_years, k)
    return _pairs(known, neighbour, cosine, min_cosine)


def _years(years, count: int) -> np.ndarray:
    """Years as int64 with -1 for unknown."""
    series = pl.Series("year", years) if not isinstance(years, pl.Series) else years
    if series.len() != count:
        raise ValueError(f"{count} embedding rows but {series.len()} years")
    return series.cast(pl.Int64).fill_null(-1).to_numpy()


def _exact(vectors: np.ndarray, years: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's k most similar rows of other years (row indexes, cosines; -1 if fewer).

    One brute-force search per year: that year's rows against the rows of every other year
    (faiss ``knn``: blocked BLAS products and a heap per row, no rows × rows matrix kept).
    """
    import faiss

    count = len(vectors)
    neighbour = np.full((count, k), -1, dtype=np.int64)
    cosine = np.full((count, k), -np.inf, dtype=np.float32)
    for year in np.unique(years):
        mine = np.flatnonzero(years == year)
        others = np.flatnonzero(years != year)
        take = min(k, len(others))
        values, found = faiss.knn(
            vectors[mine], vectors[others], take, metric=faiss.METRIC_INNER_PRODUCT
        )
        neighbour[mine, :take] = np.where(found >= 0, others[np.maximum(found, 0)], -1)
        cosine[mine, :take] = values
    neighbour[~np.isfinite(cosine)] = -1
    return neighbour, cosine


def _approximate(vectors: np.ndarray, years: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """As ``_exact``, through a faiss inverted-file index (inner product on unit vectors)."""
    import faiss

    count, dim = vectors.shape
    # About sqrt(probe × rows) cells balances the cells compared with the rows scanned.
    cells = max(16, int(math.sqrt(PROBE * count)))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, cells, faiss.METRIC_INNER_PRODUCT)
    # A fixed, spread sample trains the cells: the same input gives the same index.
    sample = vectors[np.linspace(0, count - 1, min(count, cells * TRAIN_PER_CELL)).astype(int)]
    index.cp.seed = 1234
    index.cp.niter = 8
    index.train(sample)
    index.add(vectors)
    index.nprobe = PROBE
    fetch = min(count, k * OVERFETCH + 1)
    cosine, found = index.search(vectors, fetch)
    found = found.astype(np.int64)
    other = found >= 0
    other[other] = years[found[other]] != np.repeat(years, fetch).reshape(-1, fetch)[other]
    # Keep the first k of other years per row (faiss returns them best first).
    rank = np.cumsum(other, axis=1)
    keep = other & (rank <= k)
    neighbour = np.full((count, k), -1, dtype=np.int64)
    best = np.full((count, k), -np.inf, dtype=np.float32)
    rows, cols = np.nonzero(keep)
    slots = rank[rows, cols] - 1
    neighbour[rows, slots] = found[rows, cols]
    best[rows, slots] = cosine[rows, cols]
    return neighbour, best


def _pairs(
    known: np.ndarray, neighbour: np.ndarray, cosine: np.ndarray, min_cosine: float
) -> pl.DataFrame:
    valid = (neighbour >= 0) & (cosine >= min_cosine)
    rows = np.repeat(np.arange(len(neighbour)), neighbour.shape[1]).reshape(neighbour.shape)
    a = known[rows[valid]]
    b = known[neighbour[valid]]
    frame = pl.DataFrame(
        {
            "left_row": np.minimum(a, b).astype(np.uint32),
            "right_row": np.maximum(a, b).astype(np.uint32),
            "cosine": cosine[valid].astype(np.float32),
        },
        schema=NEIGHBOUR_SCHEMA,
    )
    return frame.unique(["left_row", "right_row"], keep="first").sort("left_row", "right_row")
