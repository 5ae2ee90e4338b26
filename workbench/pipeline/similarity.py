"""Article similarity over partitions: term counts by bucket of term, products by bucket of
article pair, nearest neighbours by bucket of article.

1. per partition: term counts per article (kept), article counts per term by bucket;
2. per bucket of terms: corpus-wide article counts;
3. per partition: TF-IDF weights, vector lengths, the terms compared, by bucket of term;
4. per bucket of terms: weight products of article pairs sharing a term, by bucket of pair;
5. per bucket of pairs: cosines, sent by left and by right article;
6. per bucket of articles: each article's nearest neighbours on either side, by pair;
7. per partition: theme vectors; 8. per bucket of pairs: the table's rows.

A corpus small enough to list every pair is done in one task (step 8, bucket 0).
"""

from __future__ import annotations

import polars as pl

from workbench.analysis import similarity as steps
from workbench.pipeline.corpus_stage import corpus_sentences
from workbench.pipeline.tasks import Task


def _hashed(column: str) -> pl.Expr:
    return pl.col(column).hash(seed=17)


def _pair_hash() -> pl.Expr:
    return pl.struct("left_id", "right_id").hash(seed=19)


def count_terms(task: Task) -> dict[str, pl.DataFrame]:
    """Step 1 (partition): term counts per article; article counts per term, by bucket."""
    counts = steps.term_counts(task.read("ingest", "sentences"))
    df = steps.term_document_counts(counts)
    return {"counts": counts, **task.to_buckets(df, _hashed("term"), "df")}


def sum_terms(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (bucket of terms): corpus-wide article counts of the terms."""
    df = task.own_bucket("terms", "df", steps.TERM_DF_SCHEMA)
    return {"df": df.group_by("term").agg(pl.col("df").sum()).cast(steps.TERM_DF_SCHEMA)}


def weigh_terms(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3 (partition): weights, vector lengths and compared terms, by bucket of term."""
    order = task.read("order", "articles")
    total = order.height
    counts = task.read("terms", "counts")
    df = (
        pl.concat([pl.scan_parquet(folder / "df.parquet") for folder in task.input_folders("df")])
        .join(counts.lazy().select("term").unique(), on="term", how="semi")
        .collect()
    )
    weights = steps.term_weights(counts, df, total)
    compared = steps.compared_terms(weights, total, order, small=False)
    return {
        "norms": steps.article_norms(weights),
        **task.to_buckets(compared, _hashed("term"), "compared"),
    }


def multiply(task: Task) -> dict[str, pl.DataFrame]:
    """Step 4 (bucket of terms): weight products of the pairs sharing a term, by pair."""
    compared = task.own_bucket("weights", "compared", steps.COMPARED_SCHEMA)
    return task.to_buckets(steps.term_products(compared), _pair_hash(), "products")


def score_pairs(task: Task) -> dict[str, pl.DataFrame]:
    """Step 5 (bucket of pairs): cosines and shared terms, sent by left and by right id."""
    products = task.own_bucket("products", "products", steps.PRODUCT_SCHEMA)
    norms = task.gather("weights", "norms", steps.NORM_SCHEMA)
    pairs = steps.pair_similarity(products, norms)
    return {
        **task.to_buckets(pairs, _hashed("left_id"), "left"),
        **task.to_buckets(pairs, _hashed("right_id"), "right"),
    }


def nearest(task: Task) -> dict[str, pl.DataFrame]:
    """Step 6 (bucket of articles): each article's nearest neighbours, by bucket of pair."""
    top_k = task.params["top_k"]
    left = steps.nearest(task.own_bucket("pairs", "left", steps.PAIR_SCHEMA), "left", top_k)
    right = steps.nearest(task.own_bucket("pairs", "right", steps.PAIR_SCHEMA), "right", top_k)
    return task.to_buckets(pl.concat([left, right]), _pair_hash(), "nearest")


def vectors(task: Task) -> dict[str, pl.DataFrame]:
    """Step 7 (partition): each article's hit counts per theme."""
    return {"vectors": steps.theme_vectors(task.read("hits", "table"))}


def similarity_table(task: Task) -> dict[str, pl.DataFrame]:
    """Step 8 (bucket of pairs): the table's rows; a small corpus whole in bucket 0."""
    articles = task.read("order", "articles")
    if articles.height <= steps.ALL_PAIRS_LIMIT:
        if task.index != 0:
            return {"table": pl.DataFrame(schema=steps.SIMILARITY_SCHEMA)}
        sentences = corpus_sentences(task)
        return {"table": steps.similarity(sentences, articles, task.gather("hits", "table"))}
    pairs = task.own_bucket("nearest", "nearest", steps.PAIR_SCHEMA)
    theme = task.gather("vectors", "vectors", steps.VECTOR_SCHEMA)
    return {"table": steps.similarity_table(pairs, theme, articles)}


def plan_similarity(planner, hits) -> tuple[str, ...]:
    """Plan the stages of `similarity` into ``planner``; the files of the table."""
    params = {"top_k": steps.TOP_NEIGHBOURS, "buckets": planner.buckets}
    stages = planner.for_table(params, [params, *planner.theme_key], "similarity")
    table_inputs: dict = {"hits": hits}
    if planner.index.corpus.articles.height > steps.ALL_PAIRS_LIMIT:
        scratch = stages.steps()  # read by the table alone: removed once it is made
        terms = scratch.map("similarity_terms", "terms", count_terms)
        df = scratch.bucket("similarity_df", "merging", sum_terms, {"terms": terms})
        weights = scratch.map(
            "similarity_weights", "weights", weigh_terms, {"df": df}, aligned={"terms": terms}
        )
        products = scratch.bucket("similarity_products", "products", multiply, {"weights": weights})
        pairs = scratch.bucket(
            "similarity_pairs", "cosines", score_pairs, {"products": products, "weights": weights}
        )
        near = scratch.bucket("similarity_nearest", "neighbours", nearest, {"pairs": pairs})
        theme = scratch.map("similarity_themes", "themes", vectors, aligned={"hits": hits})
        table_inputs.update(nearest=near, vectors=theme)
    table = stages.bucket("similarity", "table", similarity_table, table_inputs)
    return planner.outputs(table, "table")
