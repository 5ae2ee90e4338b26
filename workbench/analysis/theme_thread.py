"""A theme's thread: its passages across the corpus in date order, one row per sentence."""

from __future__ import annotations

import polars as pl

from workbench.columns import schema

THREAD_SCHEMA = schema(
    "year published article_id outlet title sentence_id text phrases matched_text",
    matched_text=pl.List(pl.String),
)


def theme_thread(
    theme: str,
    hits: pl.DataFrame,
    sentences: pl.DataFrame | pl.LazyFrame,
    articles: pl.DataFrame,
) -> pl.DataFrame:
    """The passages of one theme across the corpus in date order, one row per sentence
    (``sentences`` may be a lazy scan: only the sentences with a hit are read)."""
    theme_hits = hits.filter(pl.col("theme") == theme)
    if theme_hits.is_empty():
        return pl.DataFrame(schema=THREAD_SCHEMA)
    by_sentence = (
        theme_hits.sort("start", maintain_order=True)
        .group_by("article_id", "sentence_id", maintain_order=True)
        .agg(
            pl.col("phrase").unique(maintain_order=True).alias("phrases"),
            pl.col("matched_text").alias("matched_text"),
        )
        .with_columns(pl.col("sentence_id").cast(pl.Int32))
    )
    order = articles.select("article_id", "year", "published", "outlet", "title").with_row_index(
        "date_order"
    )
    texts = (
        sentences.lazy()
        .select("article_id", pl.col("sentence_id").cast(pl.Int32), "text")
        .join(
            by_sentence.lazy().select("article_id", "sentence_id"),
            on=["article_id", "sentence_id"],
            how="semi",
        )
        .collect()
    )
    return (
        by_sentence.join(order, on="article_id")
        .join(texts, on=["article_id", "sentence_id"])
        .sort("date_order", "sentence_id")
        .select(list(THREAD_SCHEMA))
        .cast(THREAD_SCHEMA)
    )
