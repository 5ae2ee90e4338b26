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

import numpy as np
import polars as pl

from workbench.analysis.assignment import place_in_group
from workbench.analysis.row_pairs import first_of_each, pair_rows, unordered_pair_keys
from workbench.analysis.tokens import sentence_words
from workbench.columns import schema

PREFIX_SHINGLES = 6  # rarest shingles per sentence used for blocking
BLOCK_SIZE = 12  # sentences per block of a long posting list
CANDIDATES_PER_SENTENCE = 6  # candidates verified with rapidfuzz per sentence


MIN_SHARED = 2  # indexed shingles two sentences must share...
SHORT_SHINGLES = 3  # ...unless one has at most this many shingles


def _shingles(sentences: pl.DataFrame) -> pl.DataFrame:
    """Hashed pairs of consecutive content words per sentence row: row, shingle (unique), in
    row order."""
    words = sentence_words(sentences).filter(~pl.col("stop"))
    shingles = (
        words.lazy()
        .with_columns(
            pl.col("word").hash(seed=7).alias("h"),
            pl.col("row").shift(-1).alias("next_row"),
        )
        .with_columns(pl.col("h").shift(-1).alias("next_h"))
        .filter(pl.col("row") == pl.col("next_row"))
        .select("row", pl.struct("h", "next_h").hash(seed=11).alias("shingle"))
        .collect()
    )
    return _first_of_each(shingles)


def _first_of_each(shingles: pl.DataFrame) -> pl.DataFrame:
    """Each (row, shingle) once, its first, in the frame's order: ``shingles`` in row order."""
    # A row and its shingle's low half packed in one 64-bit key and sorted (stably): a repeat
    # is next to its first. Polars' unique on the two columns took a fifth of a CPU second
    # more at 10,000 articles; it is still the way should two shingles of a row share their
    # low half (a repeat is then not told apart from another shingle by the key alone).
    rows, hashes = shingles["row"].to_numpy(), shingles["shingle"].to_numpy()
    key = rows.astype(np.uint64) << np.uint64(32) | (hashes & np.uint64(0xFFFFFFFF))
    order = np.argsort(key, kind="stable")
    key, hashes = key[order], hashes[order]
    again = np.flatnonzero(key[1:] == key[:-1])
    if not np.array_equal(hashes[again + 1], hashes[again]):
        return shingles.unique(maintain_order=True)
    keep = np.ones(len(key), dtype=bool)
    keep[order[again + 1]] = False
    return shingles.filter(pl.Series(keep))


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
    side's indexed count, one row per pair in pair order. Every posting of each shingle must
    be in ``postings``.
    """
    # Random order inside a posting list, then blocks: a shingle shared by thousands of
    # sentences costs block_size pairs per sentence, not thousands. A posting's block is its
    # rank (from 1) by row hash within its shingle, ties by row, floor-divided by block_size.
    if postings.height < 2:
        return pl.DataFrame(schema=PAIR_PARTIAL_SCHEMA)
    rows = postings["row"].to_numpy()
    shingle = postings["shingle"].to_numpy()
    hashes = postings.select(pl.col("row").hash(seed=3)).to_series().to_numpy()
    order = np.lexsort((rows, hashes, shingle))
    rows, shingle = rows[order], shingle[order]
    years = postings["year"].to_numpy()[order]
    first = np.r_[True, shingle[1:] != shingle[:-1]]
    block = (_places(first) + 1) // block_size
    # Each block's pairs as array passes, one per distance apart in the block, rather than
    # the postings joined to themselves (nine tenths of a join's rows are dropped pairs):
    # the pairs then counted by sorting their rows packed in one 64-bit key.
    start = first | np.r_[True, block[1:] != block[:-1]]
    last = np.r_[start[1:], True]
    after = _places(last[::-1])[::-1]  # postings after each in its block
    keys = [np.zeros(0, dtype=np.uint64)]
    for distance in range(1, int(after.max()) + 1):
        one = np.flatnonzero(after >= distance)
        other = one + distance
        crossed = years[one] != years[other]
        keys.append(unordered_pair_keys(rows[one[crossed]], rows[other[crossed]]))
    pairs = np.sort(np.concatenate(keys))
    if not len(pairs):
        return pl.DataFrame(schema=PAIR_PARTIAL_SCHEMA)
    firsts = np.flatnonzero(first_of_each(pairs))
    shared = np.diff(np.r_[firsts, len(pairs)])
    left, right = pair_rows(pairs[firsts])
    # Each row's indexed count looked up in an array over the rows' range (a join of the
    # pairs with the postings took 30 times as long).
    low = int(rows.min())
    indexed = np.zeros(int(rows.max()) - low + 1, dtype=np.uint32)
    indexed[rows - low] = postings["indexed"].to_numpy()[order]
    return pl.DataFrame(
        {
            "left_row": left,
            "right_row": right,
            "shared": shared,
            "left_indexed": indexed[left - low],
            "right_indexed": indexed[right - low],
        }
    ).cast(PAIR_PARTIAL_SCHEMA)


def _places(first: np.ndarray) -> np.ndarray:
    """Each item's place (0, 1, …) in its run, runs starting where ``first`` is True."""
    starts = np.flatnonzero(first)
    return np.arange(len(first)) - np.repeat(starts, np.diff(np.r_[starts, len(first)]))


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
    fewest = pl.min_horizontal("left_indexed", "right_indexed")
    # One shared shingle is chance for long sentences; short ones may have only one.
    pairs = _pair_totals(partials).filter(
        (pl.col("shared") >= MIN_SHARED) | (fewest <= SHORT_SHINGLES)
    )
    kept = _keep_top(_candidate_order(pairs), "left_row", per_sentence)
    return kept.select(list(CANDIDATE_SCHEMA)).cast(CANDIDATE_SCHEMA)


def _pair_totals(partials: pl.DataFrame) -> pl.DataFrame:
    """Partial pair counts added up, one row per pair; partials that are so already (one
    ``blocked_pairs`` of every shingle, in pair order) as they are."""
    # Both rows packed in one 64-bit key: grouping on one integer column is much faster.
    pair = pl.col("left_row").cast(pl.UInt64) * (1 << 32) + pl.col("right_row")
    if partials.select(pair.diff().min() > 0).item() is not False:
        return partials
    return (
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
        .collect()
        .cast(PAIR_PARTIAL_SCHEMA)
    )


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
    # The steps as they run over a partitioned index, all shingles and all left rows at once:
    # one row per pair already, the pairs' counts have nothing to add up.
    partials = blocked_pairs(postings, block_size)
    return best_candidates_right(best_candidates_left(partials, per_sentence), per_sentence)
