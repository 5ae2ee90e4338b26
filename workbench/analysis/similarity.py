"""Article × article similarity: lexical (TF-IDF cosine over informative words) and thematic
(cosine of theme-hit counts)."""

from __future__ import annotations

import polars as pl

from workbench.analysis.tokens import sentence_words
from workbench.columns import schema

ALL_PAIRS_LIMIT = 500  # up to this many articles, `similarity` holds every pair
TOP_NEIGHBOURS = 20  # above it, each article's nearest neighbours by lexical similarity
TERMS_PER_ARTICLE = 64  # above it, the heaviest terms of each article are compared
TERM_ARTICLE_CAP = 300  # above it, terms in more than 5% of the articles (at most this many)
# are not compared

SIMILARITY_SCHEMA = schema("left_id right_id lexical thematic left_year right_year shared_terms")
TF_SCHEMA = schema("article_id term tf")
TERM_DF_SCHEMA = schema("term df")
NORM_SCHEMA = schema("article_id norm", norm=pl.Float64)  # the length of a term vector
COMPARED_SCHEMA = schema("article_id term weight date_order")
PRODUCT_SCHEMA = schema("left_id right_id term product")
PAIR_SCHEMA = schema("left_id right_id lexical shared_terms")
VECTOR_SCHEMA = schema("article_id theme c", c=pl.Float64)


def term_counts(sentences: pl.DataFrame, languages: pl.DataFrame | None = None) -> pl.DataFrame:
    """Map: how often each informative word (a term) occurs in each article (``languages``:
    ``article_languages`` of ``sentences`` when already told)."""
    words = sentence_words(sentences, languages).filter(
        ~pl.col("stop")
        & (pl.col("word").str.len_chars() >= 3)
        & ~pl.col("word").str.contains(r"^\d+$")
    )
    row_article = sentences.select("article_id").with_row_index("row")
    return (
        words.join(row_article, on="row")
        # "putin's" and "putin" are one term.
        .with_columns(pl.col("word").str.replace(r"['’]s$", ""))
        .group_by("article_id", pl.col("word").alias("term"))
        .agg(pl.len().alias("tf"))
        .cast(TF_SCHEMA)
    )


def term_document_counts(counts: pl.DataFrame) -> pl.DataFrame:
    """Map: per term, the articles of the subset that have it (they add up across subsets)."""
    return counts.group_by("term").agg(pl.len().alias("df")).cast(TERM_DF_SCHEMA)


def term_weights(counts: pl.DataFrame, df: pl.DataFrame, total: int) -> pl.DataFrame:
    """TF-IDF weight of each term in each article: article_id, term, tf, df, weight.

    ``df`` is every term's article count in the whole corpus, ``total`` its article count.
    """
    total = max(total, 1)
    return counts.join(df, on="term", how="left", maintain_order="left").with_columns(
        (
            (1.0 + pl.col("tf").cast(pl.Float64).log())
            * (((1.0 + total) / (1.0 + pl.col("df").cast(pl.Float64))).log() + 1.0)
        ).alias("weight")
    )


def article_norms(weights: pl.DataFrame) -> pl.DataFrame:
    """Each article's TF-IDF vector length.

    Sums are taken in term order: a float sum in whatever order the rows came would differ in
    its last bits from run to run, and that can tip a rounded score or a top-k cut.
    """
    return (
        weights.group_by("article_id")
        .agg((pl.col("weight") ** 2).sort_by("term").sum().sqrt().alias("norm"))
        .cast(NORM_SCHEMA)
    )


def compared_terms(
    weights: pl.DataFrame, total: int, order: pl.DataFrame, small: bool
) -> pl.DataFrame:
    """The terms each article is compared by, with its rank in date order (``order``).

    In a large corpus, terms found in very many articles are skipped and each article keeps
    its ``TERMS_PER_ARTICLE`` heaviest terms.
    """
    compared = weights.filter(pl.col("df") >= 2)
    if not small:
        compared = (
            compared.filter(pl.col("df") <= min(TERM_ARTICLE_CAP, max(20, total // 20)))
            # Terms of equal weight are taken in alphabetical order, the same every run.
            .sort(["article_id", "weight", "term"], descending=[False, True, False])
            .group_by("article_id", maintain_order=True)
            .head(TERMS_PER_ARTICLE)
        )
    ranks = order.select("article_id").with_row_index("date_order")
    return compared.join(ranks, on="article_id").select(list(COMPARED_SCHEMA)).cast(COMPARED_SCHEMA)


def term_products(compared: pl.DataFrame) -> pl.DataFrame:
    """Map (a bucket of terms): for each pair of articles sharing a term, its weights'
    product. Every article of each term must be in ``compared``."""
    return (
        compared.join(compared, on="term", suffix="_r")
        .filter(pl.col("date_order") < pl.col("date_order_r"))
        .select(
            pl.col("article_id").alias("left_id"),
            pl.col("article_id_r").alias("right_id"),
            "term",
            (pl.col("weight") * pl.col("weight_r")).alias("product"),
        )
        .cast(PRODUCT_SCHEMA)
    )


def pair_similarity(products: pl.DataFrame, norms: pl.DataFrame) -> pl.DataFrame:
    """Reduce (whole pairs): each pair's cosine and its five most shared terms."""
    shared = products.group_by("left_id", "right_id").agg(
        pl.col("product").sort_by(pl.col("term")).sum().alias("dot"),
        # Ties in weight are broken by the term itself, so the list is the same every run.
        pl.col("term")
        .sort_by([pl.col("product"), pl.col("term")], descending=[True, False])
        .head(5)
        .alias("shared_terms"),
    )
    return _lexical(shared, norms)


def _lexical(pairs: pl.DataFrame, norms: pl.DataFrame) -> pl.DataFrame:
    return (
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
        .select(list(PAIR_SCHEMA))
        .cast(PAIR_SCHEMA)
    )


def nearest(pairs: pl.DataFrame, side: str, top_k: int) -> pl.DataFrame:
    """Reduce (a bucket of ``side`` ids): each article's ``top_k`` most similar pairs on that
    side. Equally similar neighbours are ranked by id, so the cut is the same every run."""
    within = pl.int_range(pl.len())
    ranked = pairs.sort(["lexical", "left_id", "right_id"], descending=[True, False, False])
    return ranked.filter(within.over(f"{side}_id") < top_k)


def theme_vectors(hits: pl.DataFrame) -> pl.DataFrame:
    """Map: per article and theme, its hits (as a float, for cosines)."""
    return (
        hits.group_by("article_id", "theme")
        .agg(pl.len().cast(pl.Float64).alias("c"))
        .cast(VECTOR_SCHEMA)
    )


def similarity_table(
    pairs: pl.DataFrame, vectors: pl.DataFrame, articles: pl.DataFrame
) -> pl.DataFrame:
    """The `similarity` rows of ``pairs`` (each once), with thematic similarity, in order."""
    pairs = pairs.unique(["left_id", "right_id"], keep="first")
    pairs = pairs.with_columns(thematic=_thematic(pairs, vectors))
    order = articles.select("article_id", "year").with_row_index("date_order")
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


def similarity(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    all_pairs_limit: int = ALL_PAIRS_LIMIT,
    top_k: int = TOP_NEIGHBOURS,
    languages: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Article × article similarity: lexical (TF-IDF cosine) and thematic (theme-hit cosine).

    Up to ``all_pairs_limit`` articles every pair is listed (left_id before right_id in date
    order). Above it only pairs that share compared terms are scored, each article's heaviest
    terms are compared, terms found in very many articles are skipped, and each article keeps
    its ``top_k`` most similar neighbours. ``languages`` is ``article_languages`` of
    ``sentences`` when already told.
    """
    n = articles.height
    if n < 2:
        return pl.DataFrame(schema=SIMILARITY_SCHEMA)
    counts = term_counts(sentences, languages)
    weights = term_weights(counts, term_document_counts(counts), n)
    norms = article_norms(weights)
    small = n <= all_pairs_limit
    pairs = pair_similarity(term_products(compared_terms(weights, n, articles, small)), norms)
    if small:
        order = articles.select("article_id").with_row_index("date_order")
        ids = order.select(pl.col("article_id").alias("left_id"), pl.col("date_order"))
        every = (
            ids.join(ids, how="cross", suffix="_r")
            .filter(pl.col("date_order") < pl.col("date_order_r"))
            .select("left_id", pl.col("left_id_r").alias("right_id"))
        )
        found = pairs.select("left_id", "right_id", "lexical", "shared_terms")
        pairs = every.join(found, on=["left_id", "right_id"], how="left").with_columns(
            pl.col("lexical").fill_null(0.0), pl.col("shared_terms").fill_null([])
        )
    else:
        pairs = pl.concat([nearest(pairs, "left", top_k), nearest(pairs, "right", top_k)])
    return similarity_table(pairs, theme_vectors(hits), articles)


def _thematic(pairs: pl.DataFrame, vectors: pl.DataFrame) -> pl.Series:
    """Cosine of the two articles' hit counts per theme, for each pair (0 if either has none)."""
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
