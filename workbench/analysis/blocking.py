"""Candidate sentence pairs across years by shared shingles, as steps over numbered rows.

Corpus-wide alignment never compares all pairs: each sentence is indexed by its rarest few
shingles (pairs of consecutive content words, hashed), sentences meet only through a shared
shingle (long posting lists are cut into random blocks so a very common shingle costs linear
work), and each sentence keeps its best few candidates by shared shingles.

Rows are sentences long enough to align, numbered in corpus order (articles in date order, then
sentence order): a subset of the articles numbers its rows from its articles' offsets
(``row_offsets``), so every step gives the same rows whatever subsets the corpus is cut into.
``candidate_pairs`` runs the steps over the whole corpus at once; ``workbench.pipeline.align``
runs them over the partitions of an index.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

from workbench.analysis.assignment import place_in_group
from workbench.analysis.tokens import sentence_words
from workbench.columns import schema

PREFIX_SHINGLES = 6  # rarest shingles per sentence used for blocking
BLOCK_SIZE = 12  # sentences per block of a long posting list
CANDIDATES_PER_SENTENCE = 6  # candidates verified with rapidfuzz per sentence


MIN_SHARED = 2  # indexed shingles two sentences must share...
SHORT_SHINGLES = 3  # ...unless one has at most this many shingles


def _shingles(sentences: pl.DataFrame) -> pl.DataFrame:
    """Hashed pairs of consecutive content words per sentence row: row, shingle (unique)."""
    words = sentence_words(sentences).filter(~pl.col("stop"))
    return (
        words.lazy()
        .with_columns(
            pl.col("word").hash(seed=7).alias("h"),
            pl.col("row").shift(-1).alias("next_row"),
        )
        .with_columns(pl.col("h").shift(-1).alias("next_h"))
        .filter(pl.col("row") == pl.col("next_row"))
        .select("row", pl.struct("h", "next_h").hash(seed=11).alias("shingle"))
        .unique()
        .collect()
    )


# Corpus-wide alignment as steps. Rows are sentences long enough to align, numbered in corpus
# order (articles in date order, then sentence order): a subset of the articles numbers its rows
# from its articles' offsets (``row_offsets``), so every step gives the same rows whatever
# subsets the corpus is cut into. ``align_corpus`` and ``candidate_pairs`` run the steps over
# the whole corpus at once.
# --------------------------------------------------------------------------------------------


def row_offsets(counts: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Each article's first row: ``counts`` (article_id, rows) of every article, ``order``
    every article in date order. Columns: article_id, offset."""
    return (
        order.select("article_id")
        .join(counts, on="article_id", how="left", maintain_order="left")
        .select(
            "article_id",
            (pl.col("rows").fill_null(0).cum_sum() - pl.col("rows").fill_null(0))
            .cast(pl.UInt32)
            .alias("offset"),
        )
    )


def numbered_rows(base: pl.DataFrame, offsets: pl.DataFrame) -> pl.Series:
    """The corpus row of each sentence of ``base`` (articles whole, in corpus order inside)."""
    return (
        base.select("article_id")
        .join(offsets, on="article_id", how="left", maintain_order="left")
        .select(pl.col("offset") + pl.int_range(pl.len(), dtype=pl.UInt32).over("article_id"))
        .to_series()
        .cast(pl.UInt32)
        .rename("row")
    )


def row_shingles(base: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """Hashed pairs of consecutive content words of each sentence: row, shingle (unique)."""
    local = _shingles(base)
    return local.select(rows.gather(local["row"]).alias("row"), "shingle")


SHINGLE_COUNT_SCHEMA = schema("shingle df")


def shingle_counts(shingles: pl.DataFrame) -> pl.DataFrame:
    """Map: per shingle, the sentences of the subset that have it."""
    return shingles.group_by("shingle").agg(pl.len().alias("df")).cast(SHINGLE_COUNT_SCHEMA)


POSTING_SCHEMA = schema("shingle row year indexed")


def sentence_postings(
    shingles: pl.DataFrame,
    frequency: pl.DataFrame,
    years: pl.DataFrame,
    prefix: int = PREFIX_SHINGLES,
) -> pl.DataFrame:
    """Each dated sentence's ``prefix`` rarest shingles shared with another sentence.

    ``frequency``: the corpus-wide sentence count of the shingles of ``shingles`` (at least
    the ones counted twice or more); ``years``: row, year. Columns: shingle, row, year, indexed
    (how many shared shingles the sentence has).
    """
    return (
        shingles.lazy()
        .join(frequency.lazy().filter(pl.col("df") >= 2), on="shingle")
        .join(years.lazy().drop_nulls("year"), on="row")
        # The rarest shingles of a sentence are the most telling; ties broken by hash.
        .with_columns(pl.len().over("row").alias("indexed"))
        .sort("row", "df", "shingle")
        .group_by("row", maintain_order=True)
        .head(prefix)
        .select(list(POSTING_SCHEMA))
        .collect()
        .cast(POSTING_SCHEMA)
    )


PAIR_PARTIAL_SCHEMA = schema("left_row right_row shared left_indexed right_indexed")


def blocked_pairs(postings: pl.DataFrame, block_size: int = BLOCK_SIZE) -> pl.DataFrame:
    """Map (a bucket of shingles): sentence pairs of different years sharing a shingle, with
    how many of their indexed shingles they share there: left_row, right_row, shared and each
    side's indexed count. Every posting of each shingle must be in ``postings``.
    """
    # Random order inside a posting list, then blocks: a shingle shared by thousands of
    # sentences costs block_size pairs per sentence, not thousands.
    blocked = (
        postings.lazy()
        .sort("row", "shingle")
        .with_columns(
            (pl.col("row").hash(seed=3).rank("ordinal").over("shingle") // block_size).alias(
                "block"
            )
        )
        .select("shingle", "block", "row", "year", "indexed")
    )
    # Both rows packed in one 64-bit key: grouping on one integer column is much faster.
    return (
        blocked.join(blocked, on=["shingle", "block"], suffix="_r")
        .filter((pl.col("row") < pl.col("row_r")) & (pl.col("year") != pl.col("year_r")))
        .select(
            (pl.col("row").cast(pl.UInt64) * (1 << 32) + pl.col("row_r")).alias("pair"),
            "indexed",
            "indexed_r",
        )
        .group_by("pair")
        .agg(pl.len().alias("shared"), pl.col("indexed").first(), pl.col("indexed_r").first())
        .select(
            (pl.col("pair") // (1 << 32)).alias("left_row"),
            (pl.col("pair") % (1 << 32)).alias("right_row"),
            "shared",
            pl.col("indexed").alias("left_indexed"),
            pl.col("indexed_r").alias("right_indexed"),
        )
        .collect()
        .cast(PAIR_PARTIAL_SCHEMA)
    )


CANDIDATE_SCHEMA = schema("left_row right_row shared")


def _keep_top(frame: pl.DataFrame, by: str, limit: int) -> pl.DataFrame:
    """At most ``limit`` rows per value of ``by``, the first in the frame's order."""
    if frame.is_empty():
        return frame
    values = frame[by].to_numpy()
    return frame.filter(pl.Series(place_in_group(values, np.arange(len(values))) < limit))


def _candidate_order(frame: pl.DataFrame) -> pl.DataFrame:
    tie = pl.struct("left_row", "right_row").hash(seed=5)
    return frame.with_columns(tie.alias("tie")).sort(
        "shared", "tie", "left_row", "right_row", descending=[True, False, False, False]
    )


def best_candidates_left(partials: pl.DataFrame, per_sentence: int) -> pl.DataFrame:
    """Reduce (a bucket of left rows): pair counts added up, pairs sharing too little dropped,
    and each left sentence's best ``per_sentence`` candidates (most shared shingles first)."""
    # Both rows packed in one 64-bit key: grouping on one integer column is much faster.
    pair = pl.col("left_row").cast(pl.UInt64) * (1 << 32) + pl.col("right_row")
    fewest = pl.min_horizontal("left_indexed", "right_indexed")
    pairs = (
        partials.lazy()
        .group_by(pair.alias("pair"))
        .agg(
            pl.col("shared").sum(), pl.col("left_indexed").first(), pl.col("right_indexed").first()
        )
        .select(
            (pl.col("pair") // (1 << 32)).alias("left_row"),
            (pl.col("pair") % (1 << 32)).alias("right_row"),
            "shared",
            "left_indexed",
            "right_indexed",
        )
        # One shared shingle is chance for long sentences; short ones may have only one.
        .filter((pl.col("shared") >= MIN_SHARED) | (fewest <= SHORT_SHINGLES))
        .collect()
        .cast(PAIR_PARTIAL_SCHEMA)
    )
    kept = _keep_top(_candidate_order(pairs), "left_row", per_sentence)
    return kept.select(list(CANDIDATE_SCHEMA)).cast(CANDIDATE_SCHEMA)


def best_candidates_right(pairs: pl.DataFrame, per_sentence: int) -> pl.DataFrame:
    """Reduce (a bucket of right rows): each right sentence's best ``per_sentence`` pairs of
    those its left sentence kept."""
    kept = _keep_top(_candidate_order(pairs), "right_row", per_sentence)
    return kept.select(list(CANDIDATE_SCHEMA)).sort("left_row", "right_row").cast(CANDIDATE_SCHEMA)


def candidate_pairs(
    sentences: pl.DataFrame,
    years: pl.Series,
    *,
    prefix: int = PREFIX_SHINGLES,
    block_size: int = BLOCK_SIZE,
    per_sentence: int = CANDIDATES_PER_SENTENCE,
) -> pl.DataFrame:
    """Row pairs (left_row < right_row) of sentences from different years sharing a shingle.

    ``years`` gives each sentence row's year (null: unknown, never paired). Columns: left_row,
    right_row, shared (how many of their indexed shingles they share).
    """
    if sentences.is_empty():
        return pl.DataFrame(schema=CANDIDATE_SCHEMA)
    rows = pl.int_range(len(years), dtype=pl.UInt32, eager=True).rename("row")
    shingles = row_shingles(sentences, rows)
    row_year = pl.DataFrame({"row": rows, "year": years})
    postings = sentence_postings(shingles, shingle_counts(shingles), row_year, prefix)
    # The steps run a bucket at a time, as they do over a partitioned index: the shingles' by
    # shingle (a posting list's self-join held whole took 1.5 GB at 10,000 articles), the
    # pairs' by left row (each left sentence's pairs are all in its bucket).
    buckets = max(1, min(CANDIDATE_BUCKETS, postings.height // POSTINGS_PER_BUCKET))
    partials = _by_buckets(
        postings, "shingle", buckets, lambda part: blocked_pairs(part, block_size)
    )
    left = _by_buckets(
        partials, "left_row", buckets, lambda part: best_candidates_left(part, per_sentence)
    )
    return best_candidates_right(left, per_sentence)


CANDIDATE_BUCKETS = 8  # at most, for a corpus's candidate pairs made in one process
POSTINGS_PER_BUCKET = 250_000  # at least (a bucket costs a join and a sort of its own)


def _by_buckets(
    frame: pl.DataFrame,
    key: str,
    buckets: int,
    step: Callable[[pl.DataFrame], pl.DataFrame],
) -> pl.DataFrame:
    """``step`` over the rows of ``frame`` cut in ``buckets`` by the integer column ``key``,
    its results put together (one call on the whole frame for a single bucket)."""
    if buckets <= 1 or frame.is_empty():
        return step(frame)
    bucket = (pl.col(key).cast(pl.UInt64) % buckets).alias("_bucket")
    parts = frame.with_columns(bucket).partition_by("_bucket", include_key=False)
    return pl.concat([step(part) for part in parts])
