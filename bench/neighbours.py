"""Time sentence embedding and the cross-year neighbour search on a corpus; print the figures.

    python bench/neighbours.py --corpus DIR [--sizes 20000,60000,0] [--k 5] [--repeats 3]
                               [--cell-rows 600,800]

The corpus (e.g. one made by ``bench/generate.py --n 10000``) is ingested once; its sentences
of four words or more are embedded (median of ``--repeats``), then for each size (N of those
sentences drawn at random; 0 for all) the neighbour search is timed exactly (blocked matrix
products) up to ``--exact-max`` rows and approximately (exact within k-means cells) at every
size. The approximate search's recall is the share of the exact k neighbours it finds, over
2,000 random query rows (their exact neighbours found by brute force). ``--cell-rows`` times the
approximate search with each of several cell sizes (``neighbours.CELL_ROWS``; default: the
workbench's), the sizes taken in turn ``--repeats`` times, and prints the median of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.analysis import neighbours  # noqa: E402
from workbench.analysis.embeddings import embed_sentences, get_model  # noqa: E402
from workbench.analysis.tokens import WORD_PATTERN  # noqa: E402
from workbench.corpus.ingest import load_corpus  # noqa: E402

SAMPLE = 2000


def _timed(func):
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def _recall(vectors: np.ndarray, years: np.ndarray, found: pl.DataFrame, k: int) -> float:
    """Share of the exact k cross-year neighbours of sampled rows that ``found`` holds."""
    rng = np.random.default_rng(0)
    rows = rng.choice(len(vectors), size=min(SAMPLE, len(vectors)), replace=False)
    have = set(found.select("left_row", "right_row").iter_rows())
    hit = total = 0
    for row in rows:
        sims = vectors @ vectors[row]
        sims[years == years[row]] = -np.inf
        for other in np.argpartition(-sims, k)[:k]:
            total += 1
            hit += (min(row, other), max(row, other)) in have
    return hit / max(1, total)


def _compare_cells(
    vectors: np.ndarray, years: np.ndarray, k: int, sizes: list[int], repeats: int
) -> None:
    """The approximate search with each cell size, the sizes in turn ``repeats`` times (the
    machine's speed drifts): a table row per size, median seconds."""
    default = neighbours.CELL_ROWS
    seconds: dict[int, list[float]] = {size: [] for size in sizes}
    found: dict[int, pl.DataFrame] = {}
    try:
        for _ in range(repeats):
            for size in sizes:
                neighbours.CELL_ROWS = size
                elapsed, found[size] = _timed(
                    lambda: neighbours.cross_year_neighbours(vectors, years, k=k, exact_limit=0)
                )
                seconds[size].append(elapsed)
    finally:
        neighbours.CELL_ROWS = default
    for size in sizes:
        recall = _recall(vectors, years, found[size], k)
        print(
            f"| {len(vectors):,} | {size} | {statistics.median(seconds[size]):.2f} | "
            f"{recall:.3f} | {found[size].height:,} |"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the timings and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--sizes", default="20000,60000,0")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--exact-max", type=int, default=60_000)
    parser.add_argument("--cell-rows", help="cell sizes to compare, e.g. 600,800")
    args = parser.parse_args(argv)
    cell_rows = [int(v) for v in args.cell_rows.split(",")] if args.cell_rows else None

    corpus = load_corpus(args.corpus)
    sentences = corpus.sentences.filter(pl.col("norm").str.count_matches(WORD_PATTERN) >= 4)
    years = (
        sentences.select("article_id")
        .join(corpus.articles.select("article_id", "year"), on="article_id", how="left")["year"]
        .cast(pl.Int64)
        .fill_null(-1)
        .to_numpy()
    )
    load_s, _model = _timed(get_model)
    times = []
    for _ in range(args.repeats):
        seconds, vectors = _timed(lambda: embed_sentences(sentences))
        times.append(seconds)
    embed_s = statistics.median(times)
    print(
        f"{corpus.sentences.height:,} sentences, {sentences.height:,} of 4+ words; model load "
        f"{load_s:.2f} s; embedding {embed_s:.2f} s (median of {args.repeats}: "
        f"{sentences.height / embed_s:,.0f} sentences/s)"
    )
    if cell_rows:
        print("| rows | rows per cell | approximate s (median) | recall@k | pairs |")
        print("| ---: | ---: | ---: | ---: | ---: |")
    else:
        print("| rows | exact s | approximate s | recall@k | pairs |")
        print("| ---: | ---: | ---: | ---: | ---: |")
    rng = np.random.default_rng(1)
    for size in (int(s) for s in args.sizes.split(",")):
        n = min(size or len(vectors), len(vectors))
        rows = np.sort(rng.choice(len(vectors), size=n, replace=False))
        sub, sub_years = vectors[rows], years[rows]
        if cell_rows:
            _compare_cells(sub, sub_years, args.k, cell_rows, args.repeats)
            continue
        exact_s = "—"
        if n <= args.exact_max:
            seconds, _found = _timed(
                lambda sub=sub, sub_years=sub_years, n=n: neighbours.cross_year_neighbours(
                    sub, sub_years, k=args.k, exact_limit=n
                )
            )
            exact_s = f"{seconds:.2f}"
        seconds, found = _timed(
            lambda sub=sub, sub_years=sub_years: neighbours.cross_year_neighbours(
                sub, sub_years, k=args.k, exact_limit=0
            )
        )
        recall = _recall(sub, sub_years, found, args.k)
        print(f"| {n:,} | {exact_s} | {seconds:.2f} | {recall:.3f} | {found.height:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
