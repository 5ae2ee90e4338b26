"""Article × article similarity: lexical (TF-IDF cosine over informative words) and thematic
(cosine of theme-hit counts)."""

from __future__ import annotations

import polars as pl

from workbench.analysis.tokens import sentence_words

ALL_PAIRS_LIMIT = 500  # up to this many articles, `similarity` holds every pair
TOP_NEIGHBOURS = 20  # above it, each article's nearest neighbours by lexical similarity
TERMS_PER_ARTICLE = 64  # above it, the heaviest terms of each article are compared
TERM_ARTICLE_CAP = 300  # above it, terms in more than 5% of the articles (at most this many)
# are not compared

SIMILARITY_SCHEMA = {
    "left_id": pl.String,
    "right_id": pl.String,
    "lexical": pl.Float64,
    "thematic": pl.Float64,
    "left_year": pl.Int32,
    "right_year": pl.Int32,
    "shared_terms": pl.List(pl.String),
}


def _term_weights(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """TF-IDF weight of each informative word in each article: article_id, term, weight, df."""
    words = sentence_words(sentences).filter(
        ~pl.col("stop")
        & (pl.col("word").str.len_chars() >= 3)
        & ~pl.col("word").str.contains(r"^\d+$")
    )
    row_article = sentences.select("article_id").with_row_index("row")
    counts = (
        words.join(row_article, on="row")
        # "putin's" and "putin" are one term.
        .with_columns(pl.col("word").str.replace(r"['’]s$", ""))
        .group_by("article_id", pl.col("word").alias("term"))
        .agg(pl.len().alias("tf"))
    )
    total = max(articles.height, 1)
    return counts.with_columns(pl.len().over("term").alias("df")).with_columns(
        (
            (1.0 + pl.col("tf").cast(pl.Float64).log())
            * (((1.0 + total) / (1.0 + pl.col("df"))).log() + 1.0)
        ).alias("weight")
    )


def similarity(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    all_pairs_limit: int = ALL_PAIRS_LIMIT,
    top_k: int = TOP_NEIGHBOURS,
) -> pl.DataFrame:
    """Article × article similarity: lexical (TF-IDF cosine) and thematic (theme-hit cosine).

    Up to ``all_pairs_limit`` articles every pair is listed (left_id before right_id in date
    order). Above it only pairs that share compared terms are scored, each article's heaviest
    terms are compared, terms found in very many articles are skipped, and each article keeps
    its ``top_k`` most similar neighbours.
    """
    n = articles.height
    if n < 2:
        return pl.DataFrame(schema=SIMILARITY_SCHEMA)
    weights = _term_weights(sentences, articles)
    # Sums are taken in term order: a float sum in whatever order the rows came would differ in
    # its last bits from run to run, and that can tip a rounded score or a top-k cut.
    norms = weights.group_by("article_id").agg(
        (pl.col("weight") ** 2).sort_by("term").sum().sqrt().alias("norm")
    )
    small = n <= all_pairs_limit
    compared = weights.filter(pl.col("df") >= 2)
    if not small:
        compared = (
            compared.filter(pl.col("df") <= min(TERM_ARTICLE_CAP, max(20, n // 20)))
            # Terms of equal weight are taken in alphabetical order, the same every run.
            .sort(["article_id", "weight", "term"], descending=[False, True, False])
            .group_by("article_id", maintain_order=True)
            .head(TERMS_PER_ARTICLE)
        )
    order = articles.select("article_id", "year").with_row_index("date_order")
    compared = compared.join(order.select("article_id", "date_order"), on="article_id")
    shared = (
        compared.join(compared, on="term", suffix="_r")
        .filter(pl.col("date_order") < pl.col("date_order_r"))
        .group_by(pl.col("article_id").alias("left_id"), pl.col("article_id_r").alias("right_id"))
        .agg(
            (pl.col("weight") * pl.col("weight_r")).sort_by(pl.col("term")).sum().alias("dot"),
            # Ties in weight are broken by the term itself, so the list is the same every run.
            pl.col("term")
            .sort_by(
                [pl.col("weight") * pl.col("weight_r"), pl.col("term")],
                descending=[True, False],
            )
            .head(5)
            .alias("shared_terms"),
        )
    )
    if small:
        ids = order.select(pl.col("article_id").alias("left_id"), pl.col("date_order"))
        pairs = (
            ids.join(ids, how="cross", suffix="_r")
            .filter(pl.col("date_order") < pl.col("date_order_r"))
            .select("left_id", pl.col("left_id_r").alias("right_id"))
            .join(shared, on=["left_id", "right_id"], how="left")
        )
    else:
        pairs = shared
    pairs = (
        pairs.join(
            norms.rename({"article_id": "left_id", "norm": "left_norm"}), on="left_id", how="left"
        )
        .join(
            norms.rename({"article_id": "right_id", "norm": "right_norm"}),
            on="right_id",
            how="left",
        )
        .with_columns(
            (pl.col("dot") / (pl.col("left_norm") * pl.col("right_norm")))
            .fill_null(0.0)
            .fill_nan(0.0)
            .round(4)
            .alias("lexical"),
            pl.col("shared_terms").fill_null([]),
        )
    )
    if not small:
        within = pl.int_range(pl.len())
        # Equally similar neighbours are ranked by id, so the top_k cut is the same every run.
        ranked = pairs.sort(["lexical", "left_id", "right_id"], descending=[True, False, False])
        left_best = ranked.filter(within.over("left_id") < top_k)
        right_best = ranked.filter(within.over("right_id") < top_k)
        pairs = pl.concat([left_best, right_best]).unique(["left_id", "right_id"])
    pairs = pairs.with_columns(thematic=_thematic(pairs, hits))
    return (
        pairs.join(
            order.rename(
                {"article_id": "left_id", "year": "left_year", "date_order": "left_order"}
            ),
            on="left_id",
        )
        .join(
            order.rename(
                {"article_id": "right_id", "year": "right_year", "date_order": "right_order"}
            ),
            on="right_id",
        )
        .sort("left_order", "right_order")
        .select(list(SIMILARITY_SCHEMA))
        .cast(SIMILARITY_SCHEMA)
    )


def _thematic(pairs: pl.DataFrame, hits: pl.DataFrame) -> pl.Series:
    """Cosine of the two articles' hit counts per theme, for each pair (0 if either has none)."""
    vectors = hits.group_by("article_id", "theme").agg(pl.len().cast(pl.Float64).alias("c"))
    norms = vectors.group_by("article_id").agg((pl.col("c") ** 2).sum().sqrt().alias("norm"))
    keyed = pairs.select("left_id", "right_id").with_row_index("pair")
    dots = (
        keyed.join(vectors.rename({"article_id": "left_id"}), on="left_id")
        .join(vectors.rename({"article_id": "right_id"}), on=["right_id", "theme"], suffix="_r")
        .group_by("pair")
        .agg((pl.col("c") * pl.col("c_r")).sum().alias("dot"))
    )
    return (
        keyed.join(dots, on="pair", how="left")
        .join(norms.rename({"article_id": "left_id", "norm": "ln"}), on="left_id", how="left")
        .join(norms.rename({"article_id": "right_id", "norm": "rn"}), on="right_id", how="left")
        .sort("pair")
        .select((pl.col("dot") / (pl.col("ln") * pl.col("rn"))).fill_null(0.0).round(4))
        .to_series()
        .rename("thematic")
    )
