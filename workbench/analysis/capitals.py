"""Words a corpus writes capitalized: the evidence that a word names someone or something.

A word is counted where it is not the first word of its sentence (there every word is
capitalized): how often it stands there at all, and how often with a capital initial, in any
part of a hyphenated word ("al-Assad", "Ki-moon"). The counts of two subsets of the articles
add up, so a partitioned index counts them partition by partition. Words are read from the
sentences' original ``text`` and lower-cased the way ``norm`` is, so they are the words of the
phrases.
"""

from __future__ import annotations

import polars as pl

from workbench.analysis.tokens import WORD_PATTERN
from workbench.columns import schema

# A word written with a capital initial in at least this share of the places it stands after
# its sentence's first word is one the corpus writes capitalized: a name is (nearly) always
# written so, a common word only in a title-case headline or after a colon; a word that is
# both ("Brown", "brown") is read as what the corpus mostly makes it.
CAPITAL_SHARE = 0.5

CAPITALS_SCHEMA = schema("word after capital", after=pl.UInt32, capital=pl.UInt32)

_CAPITAL_INITIAL = r"^\p{Lu}|-\p{Lu}"


def capital_counts(sentences: pl.DataFrame) -> pl.DataFrame:
    """Map: per word (lower-cased), how often the sentences' ``text`` has it after the first
    word of a sentence (after), and how often with a capital initial there (capital)."""
    if sentences.is_empty() or "text" not in sentences.columns:
        return pl.DataFrame(schema=CAPITALS_SCHEMA)
    # Split at spaces and read the word of each distinct token (most tokens are one word):
    # the word pattern over every text took most of the time.
    spelled = pl.col("spelled")
    return (
        sentences.lazy()
        .select(pl.col("text").str.split(" ").list.slice(1).alias("token"))
        .explode("token")
        .group_by("token")
        .agg(pl.len().alias("after"))
        .select(pl.col("token").str.extract(f"({WORD_PATTERN})").alias("spelled"), "after")
        .drop_nulls("spelled")
        .select(
            spelled.str.to_lowercase().str.replace_all("’", "'", literal=True).alias("word"),
            "after",
            pl.when(spelled.str.contains(_CAPITAL_INITIAL))
            .then("after")
            .otherwise(0)
            .alias("capital"),
        )
        .group_by("word")
        .agg(pl.col("after").sum(), pl.col("capital").sum())
        .collect()
        .cast(CAPITALS_SCHEMA)
    )


def sum_capitals(partials: pl.DataFrame) -> pl.DataFrame:
    """Reduce: the counts of the same words added up."""
    return (
        partials.group_by("word")
        .agg(pl.col("after").sum(), pl.col("capital").sum())
        .cast(CAPITALS_SCHEMA)
    )


def capitalized(counts: pl.DataFrame) -> pl.DataFrame:
    """The words of whole-corpus ``counts`` that the corpus writes capitalized
    (``CAPITAL_SHARE``), with their counts."""
    return counts.filter(
        pl.col("capital").cast(pl.Float64) >= CAPITAL_SHARE * pl.col("after").cast(pl.Float64)
    ).filter(pl.col("capital") > 0)
