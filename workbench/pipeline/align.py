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

Every step is a function of ``workbench.analysis.blocking`` or ``workbench.analysis.corpus_align``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import polars as pl

from workbench.analysis import blocking, corpus_align, neighbours
from workbench.analysis.embeddings import embeddings_bytes, embeddings_matrix, embeddings_series
from workbench.analysis.scoring import embedding_signal, semantic_rows
from workbench.pipeline.corpus_stage import in_date_order
from workbench.pipeline.engines import engine_name
from workbench.pipeline.maps import partition_embeddings
from workbench.pipeline.partitioning import bucket_name
from workbench.pipeline.stages import BUCKET, SINGLE, StageSpec
from workbench.pipeline.tasks import Task, read_output

COUNTS_SCHEMA = {"article_id": pl.String, "rows": pl.UInt32}
YEARS_SCHEMA = {"year": pl.Int32, "count": pl.UInt32}
OFFSETS_SCHEMA = {"article_id": pl.String, "offset": pl.UInt32}
ROUTED_SCHEMA = {**blocking.CANDIDATE_SCHEMA}


def _base(task: Task) -> pl.DataFrame:
    """The partition's alignable sentences: made in step 1, read back after."""
    if task.inputs.get("own_rows"):
        return task.read("own_rows", "base")
    return corpus_align.alignable_sentences(
        task.read("ingest", "sentences"), task.read("ingest", "articles")
    )


@dataclass(frozen=True)
class _Shuffled:
    """Rows one stage sends on to the buckets of the next: the stage, the name of its output (a
    file per bucket) and the output's schema."""

    stage: str
    output: str
    schema: dict

    def read(self, task: Task) -> pl.DataFrame:
        """The rows of ``task``'s bucket, from every task of the stage."""
        return task.own_bucket(self.stage, self.output, self.schema)

    def write(self, task: Task, frame: pl.DataFrame, key: pl.Expr) -> dict[str, pl.DataFrame]:
        """The outputs of ``task``: ``frame`` split into the buckets of ``key``."""
        return task.to_buckets(frame, key, self.output)


# What the bucket steps of candidates (steps 3 to 6) and of alignments (8 to 11) pass along.
_POSTINGS = _Shuffled("postings", "postings", blocking.POSTING_SCHEMA)
_BLOCKED = _Shuffled("blocks", "pairs", blocking.PAIR_PARTIAL_SCHEMA)
_BEST_LEFT = _Shuffled("left", "pairs", blocking.CANDIDATE_SCHEMA)
_SCORED = _Shuffled("score", "scored", corpus_align.SCORED_SCHEMA)
_ONE_TO_ONE = _Shuffled("pairs", "kept", corpus_align.SCORED_SCHEMA)
_CAPPED = _Shuffled("cap", "kept", corpus_align.SCORED_SCHEMA)


def _exact(task: Task) -> bool:
    return bool(task.read("plan", "mode")["exact"][0])


def count_rows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 1 (partition): alignable sentences per article and year; shingle counts."""
    base = _base(task)
    counts = base.group_by("article_id").agg(pl.len().alias("rows")).cast(COUNTS_SCHEMA)
    years = base.drop_nulls("year").group_by("year").agg(pl.len().alias("count")).cast(YEARS_SCHEMA)
    local = pl.int_range(base.height, dtype=pl.UInt32, eager=True).rename("row")
    shingles = blocking.row_shingles(base, local)
    return {
        "counts": counts,
        "years": years,
        "base": base,
        "shingles_kept": shingles,
        **task.to_buckets(blocking.shingle_counts(shingles), pl.col("shingle"), "shingles"),
    }


def plan_rows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (corpus): each article's first row; exact or blocked scoring."""
    counts = task.gather("rows", "counts", COUNTS_SCHEMA)
    years = task.gather("rows", "years", YEARS_SCHEMA).group_by("year").agg(pl.col("count").sum())
    total = int(years["count"].sum())
    pairs = (total * total - int((years["count"].cast(pl.Int64) ** 2).sum())) // 2
    order = task.read("order", "order")
    offsets = blocking.row_offsets(counts, order)
    # Rows of dated articles are the ones searched by meaning, numbered in corpus order too.
    dated = counts.join(order.filter(pl.col("year").is_not_null()), on="article_id", how="semi")
    known = int(dated["rows"].sum())
    near = "none"
    if years.height >= 2 and known >= 2:
        near = "exact" if known <= neighbours.EXACT_LIMIT else "approximate"
    mode = pl.DataFrame(
        {
            "exact": [pairs <= task.params["exact_pairs"]],
            "pairs": [pairs],
            "known": [known],
            "near": [near],
        }
    )
    return {"offsets": offsets, "known_offsets": blocking.row_offsets(dated, order), "mode": mode}


def shingle_frequency(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (bucket): corpus-wide sentence counts of the shingles shared at all."""
    counts = task.own_bucket("rows", "shingles", blocking.SHINGLE_COUNT_SCHEMA)
    total = (
        counts.group_by("shingle")
        .agg(pl.col("df").sum())
        .filter(pl.col("df") >= 2)
        .cast(blocking.SHINGLE_COUNT_SCHEMA)
    )
    return {"df": total}


def _numbered(task: Task) -> tuple[pl.DataFrame, pl.Series]:
    base = _base(task)
    return base, blocking.numbered_rows(base, task.read("plan", "offsets"))


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
    postings = blocking.sentence_postings(shingles, frequency, years)
    return _POSTINGS.write(task, postings, pl.col("shingle"))


@dataclass(frozen=True)
class _Rebucket:
    """A bucket step: its bucket of ``source`` reduced by one analysis step (given the task
    parameters named in ``params``, by those names), sent on as ``target`` to the buckets of
    column ``by``. Plain data, so a task holding one pickles as a task holding a function."""

    source: _Shuffled
    step: Callable[..., pl.DataFrame]
    by: str
    target: _Shuffled
    params: tuple[str, ...] = ()

    def __call__(self, task: Task) -> dict[str, pl.DataFrame]:
        """The outputs of ``task``: its bucket reduced, by bucket of ``by``."""
        parameters = {name: task.params[name] for name in self.params}
        reduced = self.step(self.source.read(task), **parameters)
        return self.target.write(task, reduced, pl.col(self.by))


# Step 4 (bucket of shingles): pairs sharing a block, by bucket of left row.
block_pairs = _Rebucket(_POSTINGS, blocking.blocked_pairs, "left_row", _BLOCKED)

# Step 5 (bucket of left rows): each left sentence's best candidates.
best_left = _Rebucket(
    _BLOCKED, blocking.best_candidates_left, "right_row", _BEST_LEFT, ("per_sentence",)
)


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
    pairs = _BEST_LEFT.read(task)
    kept = blocking.best_candidates_right(pairs, task.params["per_sentence"])
    return _by_left_partition(kept, task, "pairs")


def _vectors(task: Task, base: pl.DataFrame) -> np.ndarray:
    """The embeddings of the partition's alignable sentences (rows of ``base``)."""
    return partition_embeddings(task, "own_embeddings")[base["frame_row"].to_numpy()]


def _sides(task: Task) -> pl.DataFrame:
    """The partition's sentences as a side of its pairs (``sentence_sides``), in row order."""
    base, rows = _numbered(task)
    sides = corpus_align.sentence_sides(
        base, rows, task.read("own_hits", "table"), _vectors(task, base)
    )
    return sides if sides["row"].is_sorted() else sides.sort("row")


def _mode(task: Task) -> dict:
    return task.read("plan", "mode").row(0, named=True)


def _known(task: Task) -> tuple[pl.DataFrame, np.ndarray]:
    """The partition's alignable sentences of dated articles (corpus row, index among dated
    rows, year) and their embeddings."""
    base, rows = _numbered(task)
    base = base.with_columns(rows.alias("row"))
    known_offsets = task.read("plan", "known_offsets")
    dated = base.filter(pl.col("year").is_not_null())
    known = dated.select(
        "row",
        "year",
        blocking.numbered_rows(dated, known_offsets).alias("known"),
    )
    return known, _vectors(task, dated)


def sample_meaning(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3b (partition): the rows that train the cells of the search by meaning (or, for a
    corpus small enough to search exactly, every dated row)."""
    mode = _mode(task)
    if mode["exact"] or mode["near"] == "none":
        return {}
    known, vectors = _known(task)
    if mode["near"] == "approximate":
        wanted = pl.Series(neighbours.sample_positions(mode["known"]), dtype=pl.UInt32)
        take = known["known"].is_in(wanted.implode())
        known, vectors = known.filter(take), vectors[take.to_numpy()]
    return {"sample": known.with_columns(embeddings_bytes(vectors, "vector"))}


def train_meaning(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3c (corpus): the cells' centroids; for a small corpus, the neighbours themselves."""
    mode = _mode(task)
    if mode["exact"] or mode["near"] == "none":
        return {}
    sample = task.gather("sample", "sample").sort("known")
    vectors = embeddings_matrix(sample["vector"])
    if mode["near"] == "approximate":
        cells = neighbours.train_cells(vectors, mode["known"])
        one_level = cells.coarse is None or cells.group is None
        # One level: no coarse cells, every cell in group -1.
        group = np.full(len(cells.centroids), -1) if one_level else cells.group
        coarse = cells.centroids[:0] if one_level else cells.coarse
        centroids = [embeddings_series(cells.centroids, "vector"), pl.Series("group", group)]
        return {
            "centroids": pl.DataFrame(centroids),
            "coarse": pl.DataFrame([embeddings_series(coarse, "vector")]),
        }
    near = neighbours.cross_year_neighbours(
        vectors, sample["year"], k=corpus_align.NEIGHBOURS_PER_SENTENCE, exact_limit=len(vectors)
    )
    rows = sample["row"]
    pairs = near.select(
        rows.gather(near["left_row"]).alias("a"), rows.gather(near["right_row"]).alias("b")
    ).select(
        pl.min_horizontal("a", "b").alias("left_row"),
        pl.max_horizontal("a", "b").alias("right_row"),
    )
    return _by_left_partition(pairs.cast(corpus_align.PAIR_SCHEMA), task, "near")


def _cells(task: Task) -> neighbours.Cells:
    """The cells trained in step 3c."""
    centroids = task.read("cells", "centroids")
    coarse = embeddings_matrix(task.read("cells", "coarse")["vector"])
    if not len(coarse):
        return neighbours.Cells(embeddings_matrix(centroids["vector"]))
    return neighbours.Cells(
        embeddings_matrix(centroids["vector"]), coarse, centroids["group"].to_numpy()
    )


def assign_cells(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3d (partition): each dated row listed in its nearest cells, by bucket of cell."""
    if _mode(task)["near"] != "approximate" or _mode(task)["exact"]:
        return {}
    known, vectors = _known(task)
    nearest = neighbours.nearest_cells(vectors, _cells(task))
    spread = nearest.shape[1]
    members = pl.DataFrame(
        {
            "cell": nearest.ravel().astype(np.uint32),
            "home": np.tile(np.arange(spread) == 0, len(known)),
            "known": np.repeat(known["known"].to_numpy(), spread),
            "row": np.repeat(known["row"].to_numpy(), spread),
            "year": np.repeat(known["year"].to_numpy(), spread),
        }
    ).with_columns(embeddings_bytes(np.repeat(vectors, spread, axis=0), "vector"))
    return task.to_buckets(members, pl.col("cell"), "members")


def search_meaning(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3e (bucket of cells): each row's nearest neighbours of other years in its home
    cell, sent to the left row's partition."""
    members = task.own_bucket("assign", "members", None)
    if members.is_empty():
        return {}
    k = corpus_align.NEIGHBOURS_PER_SENTENCE
    found = []
    for cell in members.sort("cell", "year", "known").partition_by("cell", maintain_order=True):
        queries = cell.filter(pl.col("home"))
        pool_vectors = embeddings_matrix(cell["vector"])
        near, _cosine = neighbours.search_cell(
            embeddings_matrix(queries["vector"]),
            queries["year"].to_numpy(),
            pool_vectors,
            cell["year"].to_numpy(),
            k,
        )
        valid = near >= 0
        query_rows = np.repeat(queries["row"].to_numpy(), k).reshape(near.shape)[valid]
        pool_rows = cell["row"].to_numpy()[near[valid]]
        found.append(
            pl.DataFrame(
                {
                    "left_row": np.minimum(query_rows, pool_rows),
                    "right_row": np.maximum(query_rows, pool_rows),
                }
            )
        )
    pairs = pl.concat(found).unique().cast(corpus_align.PAIR_SCHEMA) if found else None
    return _by_left_partition(pairs, task, "near") if pairs is not None else {}


def _by_partition(pairs: pl.DataFrame, side: str, task: Task, name: str) -> dict[str, pl.DataFrame]:
    """``pairs`` sent to the partition holding each pair's ``side`` row (``left_row``…)."""
    part = _partition_of_rows(pairs[side], task).cast(pl.UInt64)
    return task.to_buckets(pairs, part, name)


def _by_left_partition(pairs: pl.DataFrame, task: Task, name: str) -> dict[str, pl.DataFrame]:
    return {} if pairs.is_empty() else _by_partition(pairs, "left_row", task, name)


def attach_left(task: Task) -> dict[str, pl.DataFrame]:
    """Step 7 (partition): candidates by shingles and by meaning together, the left sentences
    attached, sent to the right's partition; and the partition's sentences as a side
    (``SIDES_OUTPUT``), which scoring attaches to the right of the pairs sent here."""
    blocked = task.own_bucket("right", "pairs", blocking.CANDIDATE_SCHEMA)
    near = pl.concat(
        [
            task.own_bucket("near", "near", corpus_align.PAIR_SCHEMA),
            task.own_bucket("cells", "near", corpus_align.PAIR_SCHEMA),
        ]
    )
    pairs = corpus_align.union_candidates(blocked, near)
    if pairs.is_empty():
        return {}
    sides = _sides(task)
    attached = corpus_align.attach_side(pairs, sides, "left")
    return {**_by_partition(attached, "right_row", task, "pairs"), SIDES_OUTPUT: sides}


# The sentences of a partition as a side of its pairs (``sentence_sides``): made once, by the
# partition's task of step 7, and read back by its task of step 8 (making them again took a
# tenth of scoring's time).
SIDES_OUTPUT = "sides"


def _own_sides(task: Task) -> pl.DataFrame:
    """The partition's sentences as a side: those step 7 wrote, else made here (step 7 writes
    none for a partition without candidates of its own)."""
    (folder,) = task.input_folders("own_attach")
    if (folder / f"{SIDES_OUTPUT}.parquet").exists():
        return read_output(folder, SIDES_OUTPUT)
    return _sides(task)


def score(task: Task) -> dict[str, pl.DataFrame]:
    """Step 8 (partition): the right sentences attached, scored, sent by article pair.

    Pairs are read and scored a chunk at a time: with both sentences' texts and embeddings
    attached, a partition's candidates would take gigabytes at once. The chunks are read in
    one pass over the files (reading each as a slice of them all decoded the files again and
    again: a third more time).
    """
    bucket = bucket_name("pairs", task.index)
    files = [
        folder / f"{bucket}.parquet"
        for folder in task.input_folders("attach")
        if (folder / f"{bucket}.parquet").exists()
    ]
    if not files:
        return {}
    sides = _own_sides(task)
    # The right sentences' embeddings stay in one matrix, each pair's taken from it by
    # position, rather than copied to every pair.
    vectors = embeddings_matrix(sides["vector"]) if "vector" in sides.columns else None
    signal = embedding_signal(vectors) if vectors is not None else None
    sentences = sides.drop("vector", strict=False)
    scored = []
    for pairs in pl.scan_parquet(files).collect_batches(chunk_size=corpus_align.SCORE_CHUNK):
        at = corpus_align.side_positions(sides, pairs["right_row"])
        semantic = None
        if vectors is not None and "left_vector" in pairs.columns:
            left = embeddings_matrix(pairs["left_vector"])
            semantic = semantic_rows(
                left,
                np.arange(len(left)),
                at,
                signal=embedding_signal(left),
                right_embeddings=vectors,
                right_signal=signal,
            )
            pairs = pairs.drop("left_vector")
        attached = corpus_align.attach_side(pairs, sentences, "right", at)
        scored.append(
            corpus_align.score_candidates(
                attached,
                task.params["threshold"],
                workers=task.params.get("threads", 1),
                semantic=semantic,
            )
        )
    if not scored:
        return {}
    key = pl.struct("left_article_id", "right_article_id").hash(seed=13)
    return _SCORED.write(task, pl.concat(scored), key)


# Step 9 (bucket of article pairs): one-to-one within each article pair.
one_to_one = _Rebucket(_SCORED, corpus_align.one_to_one_per_article_pair, "left_row", _ONE_TO_ONE)

# Step 10 (bucket of left rows): each left sentence in at most N pairs.
cap_left = _Rebucket(
    _ONE_TO_ONE,
    partial(corpus_align.cap_alignments, side="left"),
    "right_row",
    _CAPPED,
    ("max_per_sentence",),
)


def alignment_table(task: Task) -> dict[str, pl.DataFrame]:
    """Step 11 (bucket of right rows): each right sentence in at most N pairs; the table's
    rows. A corpus small enough to score every pair is aligned whole in bucket 0."""
    params = task.params
    if _exact(task):
        if task.index != 0:
            return {"table": pl.DataFrame(schema=corpus_align.CORPUS_ALIGNMENT_SCHEMA)}
        # The sentences (in date order) with their embeddings in the same order.
        vectors = np.concatenate(
            [
                embeddings_matrix(read_output(folder, "embeddings")["embedding"])
                for folder in task.input_folders("embeddings")
            ]
        )
        numbered = pl.concat(
            [read_output(folder, "sentences") for folder in task.input_folders("ingest")]
        ).with_row_index("_position")
        sentences = in_date_order(numbered, task.read("order", "order"))
        table = corpus_align.align_corpus(
            sentences.drop("_position"),
            task.read("order", "articles"),
            task.gather("hits", "table"),
            threshold=params["threshold"],
            max_per_sentence=params["max_per_sentence"],
            exact_pairs=params["exact_pairs"],
            embeddings=vectors[sentences["_position"].to_numpy()],
        )
        return {"table": table}
    kept = _CAPPED.read(task)
    capped = corpus_align.cap_alignments(kept, "right", params["max_per_sentence"])
    return {"table": corpus_align.alignment_table(capped)}


_ROWS = ("rows", "embeddings")  # a partition's alignable sentences and their embeddings

# Every stage of the table, in the order they run (``StageSpec`` says how one reads the others);
# ``hits`` and ``embeddings`` are the stages of the theme hits and of the sentence embeddings.
ALIGN_STAGES = (
    StageSpec("rows", "rows", count_rows),
    StageSpec("plan", "numbering", plan_rows, SINGLE, reads=("rows",)),
    StageSpec("df", "shingles", shingle_frequency, BUCKET, reads=("rows",)),
    StageSpec("postings", "postings", post_shingles, reads=("plan", "df"), own=("rows",)),
    StageSpec("blocks", "blocking", block_pairs, BUCKET, reads=("postings",)),
    StageSpec("left", "candidates", best_left, BUCKET, reads=("blocks",)),
    StageSpec("right", "candidates", best_right, BUCKET, reads=("left", "plan")),
    StageSpec("sample", "meaning sample", sample_meaning, reads=("plan",), own=_ROWS),
    StageSpec("cells", "meaning cells", train_meaning, SINGLE, reads=("sample", "plan")),
    StageSpec("assign", "meaning cells", assign_cells, reads=("plan", "cells"), own=_ROWS),
    StageSpec("near", "neighbours", search_meaning, BUCKET, reads=("assign", "plan")),
    StageSpec(
        "attach",
        "sentences",
        attach_left,
        reads=("right", "plan", "near", "cells"),
        own=("hits", *_ROWS),
    ),
    StageSpec("score", "scoring", score, reads=("attach", "plan"), own=("attach", "hits", *_ROWS)),
    StageSpec("pairs", "one to one", one_to_one, BUCKET, reads=("score",)),
    StageSpec("cap", "capping", cap_left, BUCKET, reads=("pairs",)),
    StageSpec(
        "table",
        "table",
        alignment_table,
        BUCKET,
        reads=("cap", "plan", "hits", "embeddings"),
        folder="alignments",
    ),
)


def plan_alignments(planner, hits, embeddings) -> tuple[str, ...]:
    """Plan the stages of `alignments` into ``planner``; the files of the table."""
    params = {
        **planner.settings.alignment_options(),
        "per_sentence": blocking.CANDIDATES_PER_SENTENCE,
        "exact_pairs": corpus_align.EXACT_PAIRS,
        "buckets": planner.buckets,
    }
    key = [params, *planner.theme_key]
    # One worker process per core on Dask; the local engine's one process may use them all.
    on_dask = engine_name(planner.index.options.engine) == "dask"
    params = {**params, "threads": 1 if on_dask else -1}
    given = {"hits": hits, "embeddings": embeddings}
    stages = planner.for_table(params, key, "alignments").plan(ALIGN_STAGES, "align_", given)
    return planner.outputs(stages["table"], "table")
