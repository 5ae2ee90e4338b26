"""Task functions of the per-partition tables and the summaries that reduce them.

Each is a plain function of the frames its task reads; the analysis itself is the analysis
modules' (the same functions the whole-corpus tables call).
"""

from __future__ import annotations

import polars as pl

from workbench.analysis.tables import theme_by_article as theme_by_article_table
from workbench.analysis.tables import theme_by_outlet as theme_by_outlet_table
from workbench.analysis.tables import theme_by_year as theme_by_year_table
from workbench.pipeline.tasks import Task


def _articles_in_order(task: Task) -> pl.DataFrame:
    """Every article in date order (the order task's output)."""
    return task.read("order", "articles")


def sentence_embeddings(task: Task) -> dict[str, pl.DataFrame]:
    """One embedding per sentence of one partition, in the order of its sentences frame."""
    from workbench.analysis.embeddings import embed_sentences, embeddings_series

    vectors = embed_sentences(task.read("ingest", "sentences"))
    return {"embeddings": pl.DataFrame([embeddings_series(vectors)])}


def partition_embeddings(task: Task, name: str = "embeddings"):
    """The embeddings of the task's partition (rows of its sentences frame) as a matrix."""
    from workbench.analysis.embeddings import embeddings_matrix

    return embeddings_matrix(task.read(name, "embeddings")["embedding"])


def theme_hits(task: Task) -> dict[str, pl.DataFrame]:
    """The theme hits of one partition (by words, and by meaning where the lexicon allows)."""
    from workbench.analysis.themes import find_theme_hits, theme_prototypes

    lexicon = task.params["lexicon"]
    prototypes = theme_prototypes(lexicon)
    hits = find_theme_hits(
        task.read("ingest", "sentences"),
        lexicon,
        threshold=task.params["threshold"],
        documents=task.read("ingest", "documents"),
        embeddings=partition_embeddings(task) if prototypes.texts else None,
        prototypes=prototypes,
    )
    return {"table": hits}


def theme_by_article(task: Task) -> dict[str, pl.DataFrame]:
    """Per article and theme of one partition (articles ranked in the whole corpus's order)."""
    articles = _articles_in_order(task)
    mine = task.read("ingest", "articles").select("article_id")
    ranked = articles.join(mine, on="article_id", how="semi", maintain_order="left")
    return {"table": theme_by_article_table(task.read("hits", "table"), ranked)}


def _all_hits(task: Task) -> pl.DataFrame:
    """Every partition's theme hits: article_id, theme."""
    return pl.concat(
        [
            pl.scan_parquet(folder / "table.parquet").select("article_id", "theme")
            for folder in task.input_folders("hits")
        ]
    ).collect()


def theme_by_year(task: Task) -> dict[str, pl.DataFrame]:
    """Per theme and year over every partition's hits."""
    table = theme_by_year_table(_all_hits(task), _articles_in_order(task), task.params["themes"])
    return {"table": table}


def theme_by_outlet(task: Task) -> dict[str, pl.DataFrame]:
    """Per theme and outlet over every partition's hits."""
    articles = _articles_in_order(task)
    table = theme_by_outlet_table(_all_hits(task), articles, task.params["themes"])
    return {"table": table}


def people_mentions(task: Task) -> dict[str, pl.DataFrame]:
    """Who is named in the articles of one partition."""
    from workbench.analysis.people import people_mentions as mentions

    return {"table": mentions(task.read("ingest", "sentences"), task.params["people"])}


def people_table(task: Task) -> dict[str, pl.DataFrame]:
    """The `people` table from every partition's mentions."""
    from workbench.analysis.people import MENTION_SCHEMA
    from workbench.analysis.people import people_table as table

    mentions = task.gather("mentions", "table", MENTION_SCHEMA)
    return {"table": table(mentions, _articles_in_order(task), task.params["people"])}
