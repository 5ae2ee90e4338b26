"""The corpus stages: ingest one partition of the files, then the corpus-wide article order."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from workbench.corpus.ingest import (
    ARTICLE_SCHEMA,
    Corpus,
    assemble_corpus,
    no_articles_error,
    same_text_keys,
    same_text_warnings_of_keys,
)
from workbench.pipeline.tasks import Task, TaskDamaged, read_output
from workbench.store.index import content_digest, files_frame, ingest_with_reuse

CORPUS_FRAMES = ("articles", "sentences", "removed", "documents")
ORDER_SCHEMA = {
    "article_id": pl.String,
    "date_order": pl.UInt32,
    "year": pl.Int32,
    "partition": pl.UInt32,
}
META_SCHEMA = {"fingerprint": pl.String, "articles": pl.UInt32, "warnings": pl.List(pl.String)}
SOURCES_SCHEMA = {
    "partition": pl.UInt32,
    "path": pl.String,
    "name": pl.String,
    "size": pl.Int64,
    "mtime_ns": pl.Int64,
    "meta": pl.String,  # the manifest entry as JSON (null: none)
    "inferred_id": pl.String,  # a file without an entry whose stem is not its own: its id
}


def sources_frame(groups: list[list]) -> pl.DataFrame:
    """The files of each partition as a frame (what the ingest tasks read, not ship)."""
    import dataclasses
    import json

    rows = [
        (
            number,
            os.fspath(source.path),
            source.name,
            source.size,
            source.mtime_ns,
            None
            if source.meta is None
            else json.dumps(dataclasses.asdict(source.meta), ensure_ascii=False),
            source.inferred_id,
        )
        for number, sources in enumerate(groups)
        for source in sources
    ]
    return pl.DataFrame(rows, schema=SOURCES_SCHEMA, orient="row")


def _sources(task: Task) -> list:
    """The files of this task's partition, from the plan the driver wrote."""
    import json

    from workbench.corpus.ingest import SourceFile
    from workbench.corpus.manifest import ArticleMeta
    from workbench.store.index import _meta_fields

    plan = pl.scan_parquet(task.input_folders("plan")[0] / "sources.parquet")
    mine = plan.filter(pl.col("partition") == task.index).collect()
    return [
        SourceFile(
            Path(path),
            name,
            None if meta is None else ArticleMeta(**_meta_fields(json.loads(meta))),
            size,
            mtime_ns,
            inferred_id=inferred_id,
        )
        for path, name, size, mtime_ns, meta, inferred_id in mine.select(
            "path", "name", "size", "mtime_ns", "meta", "inferred_id"
        ).iter_rows()
    ]


def plan_sources(task: Task) -> dict[str, pl.DataFrame]:
    """The plan task: the partitions' files, written once by the process that plans."""
    return {"sources": task.params["sources"]}


def _previous_rows(task: Task) -> tuple[Path | None, dict[str, dict]]:
    """The same partition of the index before, for reusing the rows of unchanged files."""
    for folder in task.input_folders("previous"):
        try:
            files = read_output(folder, "files")
        except TaskDamaged:
            return None, {}
        return folder, {row["file"]: row for row in files.iter_rows(named=True)}
    return None, {}


def ingest_partition(task: Task) -> dict[str, pl.DataFrame]:
    """Ingest the files of one partition (reusing the rows of files unchanged since before).

    Outputs the corpus frames of the partition's articles in date order, its ``files`` rows
    and ``meta`` (the digest of the partition's content, the partitions' adding up to the
    corpus's; its article count; its warnings).
    """
    params = task.params
    previous, cached_rows = _previous_rows(task)
    result = ingest_with_reuse(
        _sources(task),
        params["rules"],
        params["code"],
        params["policy"],
        cached_rows,
        processes=bool(params.get("processes", False)),
    )
    reused = None
    if previous is not None and result.reused_ids:
        wanted = pl.DataFrame({"article_id": result.reused_ids}, schema={"article_id": pl.String})
        reused = Corpus(
            directory=Path(),
            **{
                name: read_output(previous, name).join(
                    wanted, on="article_id", how="semi", maintain_order="left"
                )
                for name in CORPUS_FRAMES
            },
        )
    corpus = assemble_corpus(
        Path(params["directory"]),
        result.documents,
        (),
        reused=reused,
        reused_warnings=result.reused_warnings,
        allow_empty=True,
        check_same_text=False,  # across partitions, by the order task
    )
    meta = pl.DataFrame(
        {
            "fingerprint": [content_digest(corpus)],
            "articles": [corpus.articles.height],
            "warnings": [list(corpus.warnings)],
        },
        schema=META_SCHEMA,
    )
    frames = {name: getattr(corpus, name) for name in CORPUS_FRAMES}
    return {**frames, "files": files_frame(result.rows, params["scan_started"]), "meta": meta}


def in_date_order(frame: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Rows of articles (``article_id``) put in the articles' date order (``order``: the order
    task's), each article's rows kept in their order."""
    ranks = order.select("article_id", "date_order")
    return (
        frame.join(ranks, on="article_id", how="left", maintain_order="left")
        .sort("date_order", maintain_order=True)
        .drop("date_order")
    )


def corpus_sentences(task: Task) -> pl.DataFrame:
    """Every sentence of the corpus in date order (for tasks that handle a small corpus whole)."""
    return in_date_order(task.gather("ingest", "sentences"), task.read("order", "order"))


def date_order(articles: pl.DataFrame) -> pl.DataFrame:
    """Articles by date (unknown last), then id: the order every table lists articles in."""
    return articles.sort(
        pl.col("published").is_null(), pl.col("published").fill_null(""), "article_id"
    )


def order_corpus(task: Task) -> dict[str, pl.DataFrame]:
    """Every article in date order, each with its rank and partition (``order``), and the
    warnings of texts read twice anywhere in the corpus (``same_text``)."""
    parts, keys = [], []
    for number, folder in enumerate(task.input_folders("ingest")):
        parts.append(
            read_output(folder, "articles").with_columns(
                pl.lit(number, dtype=pl.UInt32).alias("partition")
            )
        )
        keys.append(same_text_keys(read_output(folder, "documents")))
    articles = pl.concat(parts) if parts else pl.DataFrame(schema=ARTICLE_SCHEMA)
    if articles.height == 0:
        warnings = [
            warning
            for folder in task.input_folders("ingest")
            for warning in read_output(folder, "meta")["warnings"].explode().drop_nulls()
        ]
        raise no_articles_error(task.params["directory"], warnings)
    articles = date_order(articles)
    order = articles.select(
        "article_id",
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("date_order"),
        "year",
        "partition",
    )
    in_order = articles.select("article_id").join(
        pl.concat(keys), on="article_id", how="left", maintain_order="left"
    )
    same_text = pl.DataFrame(
        {"warning": same_text_warnings_of_keys(articles, in_order)}, schema={"warning": pl.String}
    )
    return {"articles": articles.drop("partition"), "order": order, "same_text": same_text}
