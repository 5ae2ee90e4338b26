"""Corpus-wide alignments over partitions: blocking keys shuffled by key, scoring as a map.

1. per partition: the alignable sentences per article, their years, shingle counts by bucket;
2. once: each article's first row (rows are numbered in corpus order) and whether the corpus
   is small enough to score every cross-year pair (then step 12 does it all in one task);
   per bucket: the shingles' corpus-wide counts;
3. per partition: each sentence's rarest shared shingles (postings), by bucket of shingle;
4. per bucket of shingles: pairs sharing a block of a posting list, by bucket of left row;
5. per bucket of left rows: counts added up, each left sentence's best candidates;
6. per bucket of right rows: each right sentence's best, sent to the left row's partition;
7. per partition: the left sentences attached, sent to the right row's partition;
8. per partition: the right sentences attached, scored, sent by article pair;
9. per bucket of article pairs: one-to-one within each pair, by bucket of left row;
10. per bucket of left rows, then 11. of right rows: at most N pairs per sentence; the table.

Every step is a function of ``workbench.analysis.align``.
"""

from __future__ import annotations

import polars as pl

from workbench.analysis import align as steps
from workbench.pipeline.corpus_stage import corpus_sentences
from workbench.pipeline.partitioning import bucket_name, split_buckets
from workbench.pipeline.tasks import Task

COUNTS_SCHEMA = {"article_id": pl.String, "rows": pl.UInt32}
YEARS_SCHEMA = {"year": pl.Int32, "count": pl.UInt32}
OFFSETS_SCHEMA = {"article_id": pl.String, "offset": pl.UInt32}
ROUTED_SCHEMA = {**steps.CANDIDATE_SCHEMA}


def _base(task: Task) -> pl.DataFrame:
    """The partition's alignable sentences: made in step 1, read back after."""
    if task.inputs.get("own_rows"):
        return task.read("own_rows", "base")
    return steps.alignable_sentences(
        task.read("ingest", "sentences"), task.read("ingest", "articles")
    )


def _own_bucket(task: Task, stage: str, name: str, schema: dict) -> pl.DataFrame:
    return task.gather(stage, bucket_name(name, task.index), schema)


def _bucketed(frame: pl.DataFrame, key: pl.Expr, task: Task, name: str) -> dict[str, pl.DataFrame]:
    return split_buckets(frame, key, task.params["buckets"], name)


def _exact(task: Task) -> bool:
    return bool(task.read("plan", "mode")["exact"][0])


def count_rows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 1 (partition): alignable sentences per article and year; shingle counts."""
    base = _base(task)
    counts = base.group_by("article_id").agg(pl.len().alias("rows")).cast(COUNTS_SCHEMA)
    years = base.drop_nulls("year").group_by("year").agg(pl.len().alias("count")).cast(YEARS_SCHEMA)
    local = pl.int_range(base.height, dtype=pl.UInt32, eager=True).rename("row")
    shingles = steps.row_shingles(base, local)
    return {
        "counts": counts,
        "years": years,
        "base": base,
        "shingles_kept": shingles,
        **_bucketed(steps.shingle_counts(shingles), pl.col("shingle"), task, "shingles"),
    }


def plan_rows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (corpus): each article's first row; exact or blocked scoring."""
    counts = task.gather("rows", "counts", COUNTS_SCHEMA)
    years = task.gather("rows", "years", YEARS_SCHEMA).group_by("year").agg(pl.col("count").sum())
    total = int(years["count"].sum())
    pairs = (total * total - int((years["count"].cast(pl.Int64) ** 2).sum())) // 2
    offsets = steps.row_offsets(counts, task.read("order", "order"))
    mode = pl.DataFrame({"exact": [pairs <= task.params["exact_pairs"]], "pairs": [pairs]})
    return {"offsets": offsets, "mode": mode}


def shingle_frequency(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (bucket): corpus-wide sentence counts of the shingles shared at all."""
    counts = _own_bucket(task, "rows", "shingles", steps.SHINGLE_COUNT_SCHEMA)
    total = (
        counts.group_by("shingle")
        .agg(pl.col("df").sum())
        .filter(pl.col("df") >= 2)
        .cast(steps.SHINGLE_COUNT_SCHEMA)
    )
    return {"df": total}


def _numbered(task: Task) -> tuple[pl.DataFrame, pl.Series]:
    base = _base(task)
    return base, steps.numbered_rows(base, task.read("plan", "offsets"))


def post_shingles(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3 (partition): each sentence's rarest shared shingles, by bucket of shingle."""
    if _exact(task):
        return {}
    base, rows = _numbered(task)
    local = task.read("own_rows", "shingles_kept")
    shingles = local.select(rows.gather(local["row"]).alias("row"), "shingle")
    frequency = (
        pl.scan_parquet([folder / "df.parquet" for folder in task.input_folders("df")])
        .join(shingles.lazy().select("shingle").unique(), on="shingle", how="semi")
        .collect()
    )
    years = pl.DataFrame({"row": rows, "year": base["year"]})
    postings = steps.sentence_postings(shingles, frequency, years)
    return _bucketed(postings, pl.col("shingle"), task, "postings")


def block_pairs(task: Task) -> dict[str, pl.DataFrame]:
    """Step 4 (bucket of shingles): pairs sharing a block, by bucket of left row."""
    postings = _own_bucket(task, "postings", "postings", steps.POSTING_SCHEMA)
    pairs = steps.blocked_pairs(postings)
    return _bucketed(pairs, pl.col("left_row"), task, "pairs")


def best_left(task: Task) -> dict[str, pl.DataFrame]:
    """Step 5 (bucket of left rows): each left sentence's best candidates."""
    partials = _own_bucket(task, "blocks", "pairs", steps.PAIR_PARTIAL_SCHEMA)
    kept = steps.best_candidates_left(partials, task.params["per_sentence"])
    return _bucketed(kept, pl.col("right_row"), task, "pairs")


def _partition_of_rows(rows: pl.Series, task: Task) -> pl.Series:
    """The partition holding each corpus row (from the articles' first rows)."""
    offsets = task.read("plan", "offsets").join(
        task.read("order", "order").select("article_id", "partition"), on="article_id"
    )
    offsets = offsets.sort("offset", maintain_order=True)
    at = offsets["offset"].search_sorted(rows, side="right") - 1
    return offsets["partition"].gather(at)


def best_right(task: Task) -> dict[str, pl.DataFrame]:
    """Step 6 (bucket of right rows): each right sentence's best, sent to the left's partition."""
    pairs = _own_bucket(task, "left", "pairs", steps.CANDIDATE_SCHEMA)
    kept = steps.best_candidates_right(pairs, task.params["per_sentence"])
    kept = kept.with_columns(_partition_of_rows(kept["left_row"], task).alias("part"))
    return (
        _bucketed(kept.drop("part"), kept["part"].cast(pl.UInt64), task, "pairs")
        if kept.height
        else {}
    )


def _sides(task: Task) -> pl.DataFrame:
    base, rows = _numbered(task)
    return steps.sentence_sides(base, rows, task.read("hits", "table"))


def attach_left(task: Task) -> dict[str, pl.DataFrame]:
    """Step 7 (partition): the left sentences attached, sent to the right's partition."""
    pairs = _own_bucket(task, "right", "pairs", steps.CANDIDATE_SCHEMA)
    if pairs.is_empty():
        return {}
    attached = steps.attach_side(pairs, _sides(task), "left")
    part = _partition_of_rows(attached["right_row"], task).cast(pl.UInt64)
    return split_buckets(attached, part, task.params["buckets"], "pairs")


def score(task: Task) -> dict[str, pl.DataFrame]:
    """Step 8 (partition): the right sentences attached, scored, sent by article pair."""
    pairs = _own_bucket(task, "attached", "pairs", None)
    if pairs.is_empty():
        return {}
    attached = steps.attach_side(pairs, _sides(task), "right")
    scored = steps.score_candidates(
        attached, task.params["threshold"], workers=task.params.get("threads", 1)
    )
    key = pl.struct("left_article_id", "right_article_id").hash(seed=13)
    return _bucketed(scored, key, task, "scored")


def one_to_one(task: Task) -> dict[str, pl.DataFrame]:
    """Step 9 (bucket of article pairs): one-to-one within each article pair."""
    scored = _own_bucket(task, "scored", "scored", steps.SCORED_SCHEMA)
    kept = steps.one_to_one_per_article_pair(scored)
    return _bucketed(kept, pl.col("left_row"), task, "kept")


def cap_left(task: Task) -> dict[str, pl.DataFrame]:
    """Step 10 (bucket of left rows): each left sentence in at most N pairs."""
    kept = _own_bucket(task, "pairs", "kept", steps.SCORED_SCHEMA)
    capped = steps.cap_alignments(kept, "left", task.params["max_per_sentence"])
    return _bucketed(capped, pl.col("right_row"), task, "kept")


def alignment_table(task: Task) -> dict[str, pl.DataFrame]:
    """Step 11 (bucket of right rows): each right sentence in at most N pairs; the table's
    rows. A corpus small enough to score every pair is aligned whole in bucket 0."""
    params = task.params
    if _exact(task):
        if task.index != 0:
            return {"table": pl.DataFrame(schema=steps.CORPUS_ALIGNMENT_SCHEMA)}
        sentences = corpus_sentences(task)
        table = steps.align_corpus(
            sentences,
            task.read("order", "articles"),
            task.gather("hits", "table"),
            threshold=params["threshold"],
            max_per_sentence=params["max_per_sentence"],
            exact_pairs=params["exact_pairs"],
        )
        return {"table": table}
    kept = _own_bucket(task, "capped", "kept", steps.SCORED_SCHEMA)
    capped = steps.cap_alignments(kept, "right", params["max_per_sentence"])
    return {"table": steps.alignment_table(capped)}


def plan_alignments(planner, hits) -> tuple[str, ...]:
    """Plan the stages of `alignments` into ``planner``; the files of the table."""
    settings = planner.settings
    params = {
        "threshold": settings.align_threshold,
        "max_per_sentence": settings.max_alignments_per_sentence,
        "per_sentence": steps.CANDIDATES_PER_SENTENCE,
        "exact_pairs": steps.EXACT_PAIRS,
        "buckets": planner.buckets,
    }
    key = [params, planner.lexicon.fingerprint, settings.theme_threshold]
    # One worker process per core on Dask; the local engine's one process may use them all.
    params = {**params, "threads": -1 if planner.index.options.engine.name == "local" else 1}
    rows = planner.map_stage("align_rows", "alignments: rows", count_rows, {}, params, key)
    plan = planner.single(
        "align_plan", "alignments: numbering", plan_rows, {"rows": rows}, params, key
    )
    df = planner.bucket_stage(
        "align_df", "alignments: shingles", shingle_frequency, {"rows": rows}, params, key
    )
    postings = planner.map_stage(
        "align_postings",
        "alignments: postings",
        post_shingles,
        {"plan": plan, "df": df},
        params,
        key,
        aligned={"own_rows": rows},
    )
    blocks = planner.bucket_stage(
        "align_blocks", "alignments: blocking", block_pairs, {"postings": postings}, params, key
    )
    left = planner.bucket_stage(
        "align_left", "alignments: candidates", best_left, {"blocks": blocks}, params, key
    )
    right = planner.bucket_stage(
        "align_right",
        "alignments: candidates",
        best_right,
        {"left": left, "plan": plan},
        params,
        key,
    )
    attached = planner.map_stage(
        "align_attach",
        "alignments: sentences",
        attach_left,
        {"right": right, "plan": plan},
        params,
        key,
        aligned={"hits": hits, "own_rows": rows},
    )
    scored = planner.map_stage(
        "align_score",
        "alignments: scoring",
        score,
        {"attached": attached, "plan": plan},
        params,
        key,
        aligned={"hits": hits, "own_rows": rows},
    )
    pairs = planner.bucket_stage(
        "align_pairs", "alignments: one to one", one_to_one, {"scored": scored}, params, key
    )
    capped = planner.bucket_stage(
        "align_cap", "alignments: capping", cap_left, {"pairs": pairs}, params, key
    )
    table = planner.bucket_stage(
        "alignments",
        "alignments: table",
        alignment_table,
        {"capped": capped, "plan": plan, "hits": hits},
        params,
        key,
    )
    return planner.outputs(table, "table")
