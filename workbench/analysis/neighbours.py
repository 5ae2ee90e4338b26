"""Candidate sentence pairs across years by meaning: nearest neighbours in embedding space.

Each sentence keeps its ``k`` most similar sentences of other years (cosine of L2-normalised
embeddings). Up to ``EXACT_LIMIT`` rows the search is exact: per year, that year's rows against
all rows of other years in blocked matrix products (faiss ``knn``). Above that an exact search
costs rows² × dimensions (at 300,000 rows about 23 TFLOP, many minutes on two cores), so the
rows are cut into k-means cells and searched exactly within them (``_approximate``): the same
blocked products, on rows that are already near each other. faiss's own inverted-file search
scans its cells one query at a time and was 2–3 times slower here at equal recall. Measured
figures: docs/meaning.md.

The result is a set of unordered pairs (left_row < right_row), each with its cosine: a pair
is there when either side has the other among its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import polars as pl

from workbench.analysis.row_pairs import first_of_each, pair_rows, unordered_pair_keys
from workbench.analysis.threads import one_thread, side_by_side, usable_cores

EXACT_LIMIT = 10_000  # rows up to which the search is exact
# Approximate search: rows per k-means cell, and k-means sample rows per cell. One k-means
# costs sample rows × cells: at 390,000 rows (10,000 articles) 400 rows a cell and 40 sample
# rows took 5.8 of the search's 8.8 s; 600 and 20 take 4.1–5.0 s in all and find more of the
# exact neighbours (recall@5 0.813 → 0.832: larger cells hold more of each row's neighbours).
CELL_ROWS = 600
SPREAD = 2  # approximate search: cells each row is listed in
TRAIN_PER_CELL = 20
ONE_LEVEL_CELLS = 1_000  # approximate search: cells trained by one k-means, at most
PROBES = 5  # approximate search, cells in two levels: coarse cells whose fine cells a row tries
MIN_SHARE_ROWS = 5_000  # approximate search: fewest rows worth a thread of their own
CELL_FINDING_ROWS = 32_768  # approximate search: rows whose cells are found at once
NEAREST_BLOCK = 4_000_000  # rows × centroids scored at once when finding rows' cells (16 MB)
NEIGHBOUR_SCHEMA = {"left_row": pl.UInt32, "right_row": pl.UInt32, "cosine": pl.Float32}


class Cells(NamedTuple):
    """The k-means cells of the approximate search: their centroids and, when trained in two
    levels, the coarse centroids and each cell's coarse cell (cells are in coarse order)."""

    centroids: np.ndarray
    coarse: np.ndarray | None = None
    group: np.ndarray | None = None


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
    approximate (exact within k-means cells) above.
    """
    embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
    year_values = _years(years, len(embeddings))
    known = np.flatnonzero(year_values >= 0)
    if k <= 0 or len(known) < 2 or len(np.unique(year_values[known])) < 2:
        return pl.DataFrame(schema=NEIGHBOUR_SCHEMA)
    if len(known) <= exact_limit:
        neighbour, cosine = _exact(embeddings[known], year_values[known], k)
    else:
        neighbour, cosine = _approximate(embeddings, year_values, k, known)
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
        with one_thread():
            values, found = faiss.knn(
                vectors[mine], vectors[others], take, metric=faiss.METRIC_INNER_PRODUCT
            )
        neighbour[mine, :take] = np.where(found >= 0, others[np.maximum(found, 0)], -1)
        cosine[mine, :take] = values
    neighbour[~np.isfinite(cosine)] = -1
    return neighbour, cosine


def cell_count(count: int) -> int:
    """How many k-means cells the approximate search cuts ``count`` rows into."""
    return max(2, count // CELL_ROWS)


def sample_positions(count: int) -> np.ndarray:
    """The rows (of ``count``, in order) that train the cells: a fixed spread sample, so the
    same input gives the same cells."""
    cells = cell_count(count)
    return np.linspace(0, count - 1, min(count, cells * TRAIN_PER_CELL)).astype(int)


def train_cells(sample: np.ndarray, count: int) -> Cells:
    """The cells (faiss k-means on the unit sphere) from the sample rows.

    Up to ``ONE_LEVEL_CELLS`` cells, one k-means. Its cost grows with sample rows × cells, both
    in proportion to ``count``: at 3.9 million rows (9,750 cells) one k-means took 167 s on one
    core, and it is one task that nothing runs beside. Above that the cells are trained in two
    levels: about √cells coarse cells, then each coarse cell's sample rows cut into fine cells
    in proportion to their number (as faiss's ``two_level_clustering``): rows × 2√cells.
    """
    sample = np.ascontiguousarray(sample, dtype=np.float32)
    cells = min(cell_count(count), len(sample))
    if cells <= ONE_LEVEL_CELLS:
        return Cells(_kmeans(sample, cells))
    groups = int(np.sqrt(cells))
    coarse = _kmeans(sample, groups)
    group_of = _nearest(sample, coarse, 1)[:, 0]
    order = np.argsort(group_of, kind="stable")
    sizes = np.bincount(group_of, minlength=groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # Fine cells per coarse cell in proportion to its rows, summing to ``cells``.
    bounds = np.concatenate([[0], np.cumsum(sizes) * cells // len(sample)])
    centroids, group = [], []
    for number, first in enumerate(starts):
        rows = sample[order[first : first + sizes[number]]]
        fine = min(int(bounds[number + 1] - bounds[number]), len(rows))
        if fine >= 1:
            centroids.append(_kmeans(rows, fine))
            group.append(np.full(fine, number, dtype=np.int64))
    return Cells(np.vstack(centroids), coarse, np.concatenate(group))


def _kmeans(rows: np.ndarray, cells: int) -> np.ndarray:
    """The centroids of one spherical k-means (a fixed seed, one thread: the same every run)."""
    import faiss

    if cells == 1:
        mean = rows.mean(axis=0, keepdims=True)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)
    kmeans = faiss.Kmeans(
        rows.shape[1], cells, niter=10, seed=1234, spherical=True, min_points_per_centroid=1
    )
    with one_thread():
        kmeans.train(rows)
    return kmeans.centroids


def nearest_cells(vectors: np.ndarray, cells: Cells, spread: int = SPREAD) -> np.ndarray:
    """Each row's ``spread`` nearest cells, nearest first (its home, then the others).

    Cells trained in two levels: among the cells of the row's ``PROBES`` nearest coarse cells
    (rows × (√cells + PROBES × √cells) products instead of rows × cells); a row finding fewer
    than ``spread`` there is searched among all cells."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if cells.coarse is None or cells.group is None:
        return _nearest(vectors, cells.centroids, spread)
    centroids = np.ascontiguousarray(cells.centroids, dtype=np.float32)
    probes = _nearest(vectors, cells.coarse, min(PROBES, len(cells.coarse)))
    bounds = np.searchsorted(cells.group, np.arange(len(cells.coarse) + 1))
    # The rows probing each coarse cell, in row order: the probes sorted by coarse cell once.
    by_coarse = np.argsort(probes.ravel(), kind="stable")
    probe_bounds = np.searchsorted(probes.ravel()[by_coarse], np.arange(len(cells.coarse) + 1))
    found_rows, found_cells, found_sims = [], [], []
    for number in range(len(cells.coarse)):
        first, last = int(bounds[number]), int(bounds[number + 1])
        rows = by_coarse[probe_bounds[number] : probe_bounds[number + 1]] // probes.shape[1]
        if first == last or not len(rows):
            continue
        with one_thread():
            sims = vectors[rows] @ centroids[first:last].T
        take = min(spread, last - first)
        best, values = top_columns(sims, take)
        found_rows.append(np.repeat(rows, take))
        found_cells.append((best + first).ravel())
        found_sims.append(values.ravel())
    rows = np.concatenate(found_rows)
    found = np.concatenate(found_cells)
    sims = np.concatenate(found_sims)
    order = np.lexsort((found, -sims, rows))  # by row, the most similar first, then by cell
    rows, found = rows[order], found[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    nearest = np.full((len(vectors), spread), -1, dtype=np.int64)
    kept = rank < spread
    nearest[rows[kept], rank[kept]] = found[kept]
    short = np.flatnonzero((nearest < 0).any(axis=1))
    if len(short):
        nearest[short] = _nearest(vectors[short], centroids, spread)
    return nearest


def _nearest(vectors: np.ndarray, centroids: np.ndarray, spread: int) -> np.ndarray:
    """Each row's ``spread`` nearest centroids, nearest first (an exact search: blocked
    products, each block's best columns by ``top_columns``)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    centroids = np.ascontiguousarray(centroids, dtype=np.float32)
    take = min(spread, len(centroids))
    nearest = np.full((len(vectors), spread), -1, dtype=np.int64)
    block = max(1, NEAREST_BLOCK // max(1, len(centroids)))
    for first in range(0, len(vectors), block):
        rows = slice(first, first + block)
        with one_thread():
            sims = vectors[rows] @ centroids.T
        nearest[rows, :take], _values = top_columns(sims, take)
    return nearest


def top_columns(sims: np.ndarray, take: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``take`` largest columns, the largest first (ties: the lower column), and
    their values; ``sims`` is overwritten.

    ``take`` passes of a row-wise argmax: for the few neighbours asked of a few hundred
    columns, six times faster than ``argpartition`` (which also leaves ties to chance)."""
    rows = np.arange(len(sims))
    columns = np.empty((len(sims), take), dtype=np.int64)
    values = np.empty((len(sims), take), dtype=sims.dtype)
    for rank in range(take):
        best = sims.argmax(axis=1)
        columns[:, rank] = best
        values[:, rank] = sims[rows, best]
        sims[rows, best] = -np.inf
    return columns, values


def search_cell(
    queries: np.ndarray, query_years: np.ndarray, pool: np.ndarray, pool_years: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each query's ``k`` most similar pool rows of other years (positions in the pool, -1
    when fewer; cosines). Queries and pool are one cell's, each sorted by year."""
    neighbour = np.full((len(queries), k), -1, dtype=np.int64)
    cosine = np.full((len(queries), k), -np.inf, dtype=np.float32)
    if len(queries) == 0 or len(pool) < 2:
        return neighbour, cosine
    with one_thread():
        sims = queries @ pool.T
    for year in np.unique(query_years):
        rows = slice(*np.searchsorted(query_years, [year, year + 1]))
        cols = slice(*np.searchsorted(pool_years, [year, year + 1]))
        sims[rows, cols] = -np.inf
    take = min(k, len(pool))
    neighbour[:, :take], cosine[:, :take] = top_columns(sims, take)
    neighbour[~np.isfinite(cosine)] = -1
    return neighbour, cosine


def _approximate(
    vectors: np.ndarray, years: np.ndarray, k: int, known: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """As ``_exact``, within k-means cells: exact products inside each cell. ``known``: the
    rows searched (all by default), numbered 0, 1, … in the result; the others are left where
    they are rather than the searched ones copied out (a corpus's embeddings take hundreds of
    MB).

    Rows are put in ``CELL_ROWS``-sized cells (faiss k-means on the unit sphere); each row is
    listed in its ``SPREAD`` nearest cells and queried in its nearest one, so a neighbour is
    missed only when the two rows share none of those cells. Each cell is one matrix product
    of its queries with its members, sorted by year so that the same-year block of each query
    year is one slice to mask. The steps are functions of their own so that a partitioned index
    runs them a partition and a cell at a time (``workbench.pipeline.align``); here the rows'
    cells and the cells' searches are shared out between the cores, each product on one.
    """
    if known is None:
        known = np.arange(len(vectors))
    years = years[known]
    count = len(known)
    trained = train_cells(vectors[known[sample_positions(count)]], count)
    cells = len(trained.centroids)
    shares = max(1, min(usable_cores(), count // MIN_SHARE_ROWS))
    nearest = np.empty((count, SPREAD), dtype=np.int64)
    bounds = np.linspace(0, count, shares + 1).astype(int)

    def find_cells(share: int) -> None:
        for first in range(bounds[share], bounds[share + 1], CELL_FINDING_ROWS):
            rows = slice(first, min(first + CELL_FINDING_ROWS, bounds[share + 1]))
            nearest[rows] = nearest_cells(vectors[known[rows]], trained)

    side_by_side(find_cells, range(shares))
    home = nearest[:, 0]
    # Members of each cell and queries of each cell, each sorted by (cell, year, row).
    member_rows = np.repeat(np.arange(count), SPREAD)
    member_cells = nearest.ravel()
    members = member_rows[np.lexsort((member_rows, years[member_rows], member_cells))]
    member_cells = np.sort(member_cells, kind="stable")
    queries = np.lexsort((np.arange(count), years, home))
    member_bounds = np.searchsorted(member_cells, np.arange(cells + 1))
    query_bounds = np.searchsorted(home[queries], np.arange(cells + 1))
    neighbour = np.full((count, k), -1, dtype=np.int64)
    cosine = np.full((count, k), -np.inf, dtype=np.float32)

    def search_cells(share: int) -> None:
        for cell in range(share, cells, shares):
            mine = queries[query_bounds[cell] : query_bounds[cell + 1]]
            pool = members[member_bounds[cell] : member_bounds[cell + 1]]
            found, values = search_cell(
                vectors[known[mine]], years[mine], vectors[known[pool]], years[pool], k
            )
            neighbour[mine] = np.where(found >= 0, pool[np.maximum(found, 0)], -1)
            cosine[mine] = values

    side_by_side(search_cells, range(shares))
    return neighbour, cosine


def _pairs(
    known: np.ndarray, neighbour: np.ndarray, cosine: np.ndarray, min_cosine: float
) -> pl.DataFrame:
    valid = (neighbour >= 0) & (cosine >= min_cosine)
    rows = np.repeat(np.arange(len(neighbour)), neighbour.shape[1]).reshape(neighbour.shape)
    a, b = known[rows[valid]], known[neighbour[valid]]
    # Each pair once (its first cosine), in row order: both rows packed in one 64-bit key and
    # sorted stably, a quarter of the time polars' unique and sort of the two columns took.
    keys = unordered_pair_keys(a, b)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = first_of_each(keys)
    left, right = pair_rows(keys[first])
    return pl.DataFrame(
        {
            "left_row": left,
            "right_row": right,
            "cosine": cosine[valid][order[first]].astype(np.float32),
        },
        schema=NEIGHBOUR_SCHEMA,
    )
