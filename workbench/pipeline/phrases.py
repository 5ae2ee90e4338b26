"""Recurring phrases over partitions: n-gram counts by hash bucket, then merged.

1. per partition: article counts of every ``min_n``-word window and every word, and how often
   each word is written capitalized, by bucket;
2. per bucket: the windows and words that recur, the words the corpus capitalizes (counts
   added up);
3. per partition: counts of the longer windows inside recurring ones, and of head…tail forms;
4. per bucket: the recurring windows; the verified forms of each head/tail pair;
5. per partition: the occurrences, the keys a longer window dominates, texts, containment;
6. per bucket: the exact phrases; then once for the corpus: units and their groups;
7. per partition: each group's share (articles, sentences, forms), by bucket of group;
8. per bucket: the counted phrases of those groups, judged (kind, keyness);
9. once: the fragments (phrases inside a longer one of nearly the same articles);
10. per bucket: the table's rows, fragments left out, with their salience.

Every step is a function of ``workbench.analysis.phrases``; buckets are keyed by the hashes the
steps already use.
"""

from __future__ import annotations

import polars as pl

from workbench.analysis import phrases as steps
from workbench.analysis.capitals import CAPITALS_SCHEMA, capital_counts, capitalized, sum_capitals
from workbench.analysis.people import all_aliases
from workbench.pipeline.partitioning import split_buckets
from workbench.pipeline.stages import BUCKET, SINGLE, StageSpec
from workbench.pipeline.tasks import Task


def _words(task: Task) -> steps._Words:
    """The partition's words: made from its sentences in step 1, read back after."""
    if task.inputs.get("own_counts"):
        frame = task.read("own_counts", "words")
        return steps._Words(frame=frame, text=task.read("own_counts", "text")["word"])
    return steps.phrase_words(task.read("ingest", "sentences"), task.read("order", "articles"))


def _embed(task: Task):
    """The embedding function variants must agree under, when the table uses one."""
    if not task.params.get("embed"):
        return None
    from workbench.analysis.embeddings import embed_texts

    return embed_texts


def count_windows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 1 (partition): article counts of base windows and of words; word counts and
    capital counts."""
    sentences = task.read("ingest", "sentences")
    words = steps.phrase_words(sentences, task.read("order", "articles"))
    vocabulary = steps.vocabulary(words)
    capitals = capital_counts(sentences)
    kept = {"words": words.frame, "text": words.text.rename("word").to_frame()}
    articles = pl.DataFrame(
        {"articles": [words.frame["art"].n_unique()]}, schema={"articles": pl.UInt32}
    )
    return {
        **task.to_buckets(steps.base_window_counts(words, task.params["min_n"]), "key", "base"),
        **task.to_buckets(steps.word_counts(words), "h", "words"),
        **split_buckets(vocabulary, pl.col("word").hash(seed=23), task.params["buckets"], "vocab"),
        **split_buckets(capitals, pl.col("word").hash(seed=23), task.params["buckets"], "caps"),
        "articles": articles,
        **kept,
    }


def recurring_base(task: Task) -> dict[str, pl.DataFrame]:
    """Step 2 (bucket): the base windows that recur, every word's article count and count,
    the words the corpus writes capitalized."""
    base = task.own_bucket("counts", "base", steps.COUNT_SCHEMA)
    capitals = task.own_bucket("counts", "caps", CAPITALS_SCHEMA)
    words = task.own_bucket("counts", "words", steps.WORD_COUNT_SCHEMA)
    vocabulary = task.own_bucket("counts", "vocab", steps.VOCABULARY_SCHEMA)
    return {
        "base": steps.recurring_counts(base, ["key"], task.params["min_articles"]),
        "words": steps.sum_counts(words, ["h"], steps.WORD_COUNT_SCHEMA),
        "vocab": vocabulary.group_by("word", "language")
        .agg(pl.col("n").sum())
        .cast(steps.VOCABULARY_SCHEMA),
        "caps": capitalized(sum_capitals(capitals)),
    }


def _windows_and_gapped(task: Task, words: steps._Words) -> tuple[pl.DataFrame, pl.DataFrame]:
    params = task.params
    base = task.gather("base", "base", steps.COUNT_SCHEMA)["key"]
    windows = steps.phrase_windows(words, base, params["min_n"], params["max_n"])
    articles = int(task.gather("counts", "articles", {"articles": pl.UInt32})["articles"].sum())
    gapped = steps.gapped_windows(
        words,
        task.gather("base", "words", steps.WORD_COUNT_SCHEMA),
        articles,
        params["min_n"],
        params["max_n"],
        params["min_articles"],
    )
    return windows, gapped


def count_longer(task: Task) -> dict[str, pl.DataFrame]:
    """Step 3 (partition): article counts of the longer windows and of head…tail forms."""
    words = _words(task)
    windows, gapped = _windows_and_gapped(task, words)
    counts = steps.gapped_counts(gapped, words)
    return {
        "windows_kept": windows,
        "gapped_kept": gapped,
        **task.to_buckets(steps.window_counts(windows), "key", "windows"),
        **task.to_buckets(counts["pairs"], "pair", "pairs"),
        **task.to_buckets(counts["forms"], "pair", "forms"),
    }


def recurring_longer(task: Task) -> dict[str, pl.DataFrame]:
    """Step 4 (bucket): the recurring windows; the verified forms of head/tail pairs."""
    params = task.params
    windows = task.own_bucket("longer", "windows", steps.WINDOW_COUNT_SCHEMA)
    pairs = task.own_bucket("longer", "pairs", steps.PAIR_COUNT_SCHEMA)
    forms = task.own_bucket("longer", "forms", steps.FORM_COUNT_SCHEMA)
    return {
        "recurring": steps.recurring_counts(windows, ["key", "n"], params["min_articles"]),
        "verified": steps.verify_gapped(
            pairs, forms, params["min_articles"], params["variant_threshold"], _embed(task)
        ),
    }


def find_occurrences(task: Task) -> dict[str, pl.DataFrame]:
    """Step 5 (partition): occurrences, dominated keys, texts and containment candidates."""
    words = _words(task)
    windows = task.read("own_longer", "windows_kept")
    gapped = task.read("own_longer", "gapped_kept")
    recurring = task.gather("recurring", "recurring", steps.WINDOW_COUNT_SCHEMA)
    verified = task.gather("recurring", "verified", steps.VERIFIED_SCHEMA)
    occurrences = steps.phrase_occurrences(windows, recurring)
    dominated = steps.dominated_keys(occurrences, task.params["max_n"])
    gapped_occ = steps.gapped_occurrences(gapped, verified)
    texts = steps.key_texts(occurrences, words, dominated)
    return {
        "occurrences": occurrences,
        "gapped": gapped_occ,
        "spread": steps.pair_spread(gapped_occ),
        "candidates": steps.containment_candidates(occurrences, dominated, gapped_occ, words),
        **task.to_buckets(dominated, "key", "dominated"),
        **task.to_buckets(texts, "key", "texts"),
    }


def exact_phrases(task: Task) -> dict[str, pl.DataFrame]:
    """Step 6 (bucket): the exact phrases of one bucket of keys, with their text."""
    recurring = task.read("own_recurring", "recurring")
    dominated = task.own_bucket("occurrences", "dominated", {"key": pl.UInt64})
    texts = task.own_bucket("occurrences", "texts", steps.KEY_TEXT_SCHEMA)
    return {"exact": steps.exact_phrases(recurring, dominated, texts)}


def phrase_units(task: Task) -> dict[str, pl.DataFrame]:
    """Step 6 (corpus): every unit numbered and grouped with its variants."""
    units = steps.phrase_units(
        task.gather("exact", "exact", steps.EXACT_SCHEMA),
        task.gather("occurrences", "spread", steps.PAIR_COUNT_SCHEMA),
        task.gather("occurrences", "candidates", steps.CANDIDATE_SCHEMA),
        task.params["variant_threshold"],
        _embed(task),
    )
    return {"units": units}


def group_partials(task: Task) -> dict[str, pl.DataFrame]:
    """Step 7 (partition): this partition's share of every group, by bucket of group."""
    partials = steps.phrase_partials(
        task.read("own_occurrences", "occurrences"),
        task.read("own_occurrences", "gapped"),
        task.read("units", "units"),
    )
    return {
        name: part
        for kind, frame in partials.items()
        for name, part in task.to_buckets(frame, "group", kind).items()
    }


def judge_rows(task: Task) -> dict[str, pl.DataFrame]:
    """Step 8 (bucket): the counted phrases of one bucket of groups, judged."""
    counted = steps.phrase_table(
        task.own_bucket("partials", "arts", steps.GROUP_ARTS_SCHEMA),
        task.own_bucket("partials", "rows", steps.GROUP_ROWS_SCHEMA),
        task.own_bucket("partials", "forms", steps.FORM_STATS_SCHEMA),
        task.read("order", "articles"),
        task.params["min_articles"],
    )
    vocabulary = task.gather("base", "vocab", steps.VOCABULARY_SCHEMA)
    capitals = task.gather("base", "caps", CAPITALS_SCHEMA)
    judged = steps.judge_phrases(counted, vocabulary, task.params["names"], capitals)
    return {"judged": judged, "keys": judged.select("phrase", "article_count")}


def find_fragments(task: Task) -> dict[str, pl.DataFrame]:
    """Step 9 (corpus): the phrases inside a longer one of nearly the same articles."""
    return {"fragments": steps.fragments(task.gather("judged", "keys", steps.FRAGMENT_SCHEMA))}


def phrase_table(task: Task) -> dict[str, pl.DataFrame]:
    """Step 10 (bucket): the table's rows of one bucket of groups, in the table's order."""
    judged = task.read("own_judged", "judged")
    return {"table": steps.rank_phrases(judged, task.read("fragments", "fragments"))}


# Every stage of the table, in the order they run (``StageSpec`` says how one reads the others).
PHRASE_STAGES = (
    StageSpec("counts", "counting", count_windows),
    StageSpec("base", "merging", recurring_base, BUCKET, reads=("counts",)),
    StageSpec("longer", "longer windows", count_longer, reads=("base", "counts"), own=("counts",)),
    StageSpec("recurring", "recurring", recurring_longer, BUCKET, reads=("longer",)),
    StageSpec(
        "occurrences",
        "occurrences",
        find_occurrences,
        reads=("base", "counts", "recurring"),
        own=("counts", "longer"),
    ),
    StageSpec("exact", "exact", exact_phrases, BUCKET, reads=("occurrences",), own=("recurring",)),
    StageSpec("units", "grouping", phrase_units, SINGLE, reads=("exact", "occurrences")),
    StageSpec("partials", "gathering", group_partials, reads=("units",), own=("occurrences",)),
    StageSpec("judged", "judging", judge_rows, BUCKET, reads=("partials", "base")),
    StageSpec("fragments", "fragments", find_fragments, SINGLE, reads=("judged",)),
    StageSpec(
        "table",
        "table",
        phrase_table,
        BUCKET,
        reads=("fragments",),
        own=("judged",),
        folder="recurring_phrases",
    ),
)


def plan_phrases(planner) -> tuple[str, ...]:
    """Plan the stages of `recurring_phrases` into ``planner``; the files of the table."""
    params = {
        **planner.settings.phrase_options(),
        "min_articles": 2,
        "buckets": planner.buckets,
        "embed": True,
        "names": all_aliases(planner.people),
    }
    stages = planner.for_table(params, [params], "phrases").plan(PHRASE_STAGES, "phrases_")
    return planner.outputs(stages["table"], "table")
