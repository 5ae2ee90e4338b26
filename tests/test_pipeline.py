"""The partitioned index and its local engine: partitions, the same tables for any partition
count, incremental re-ingest, resuming after an interrupted run, engine options."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from bench_support import load_generator

from workbench.analysis.tables import TABLES
from workbench.errors import WorkbenchError
from workbench.options import EngineOptions, WorkspaceOptions
from workbench.pipeline import partitioning
from workbench.pipeline.engines import check_engine_options
from workbench.pipeline.index import INDEX_NAME, PARTS, TASK_LOG, read_manifest
from workbench.pipeline.phrases import PHRASE_STAGES
from workbench.pipeline.stages import SINGLE
from workbench.pipeline.tasks import MARKER, TEMP_PREFIX, marker
from workbench.store.index import cache_dir_for
from workbench.workspace import Workspace

# Above 500 articles similarity keeps nearest neighbours (its partitioned steps); alignment
# blocks by shingles at any of these sizes.
GENERATED_ARTICLES = 520


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "corpus"
    load_generator().write_corpus(out, GENERATED_ARTICLES, seed=3)
    return out


@pytest.fixture(scope="module")
def plain_tables(generated_corpus: Path) -> dict[str, pl.DataFrame]:
    """Every table of the generated corpus computed whole, without any index."""
    workspace = Workspace.open(WorkspaceOptions(corpus=generated_corpus, use_cache=False))
    return {name: workspace.table(name) for name in TABLES}


def open_partitioned(corpus: Path, cache: Path, partitions: int | None) -> Workspace:
    engine = EngineOptions(partitions=partitions)
    return Workspace.open(WorkspaceOptions(corpus=corpus, cache_root=cache, engine=engine))


# --- partitions ----------------------------------------------------------------------------


def test_an_article_always_lands_in_the_same_partition() -> None:
    ids = [f"article-{n}" for n in range(2_000)]
    first = [partitioning.partition_of(i, 7) for i in ids]
    assert first == [partitioning.partition_of(i, 7) for i in ids]
    assert set(first) == set(range(7))  # every partition gets some
    assert partitioning.partition_of("anything", 1) == 0
    # A stable hash, not Python's salted one: this value holds in every process.
    assert partitioning.partition_of("000", 16) == partitioning.partition_of("000", 16)


def test_partition_count_grows_with_the_corpus() -> None:
    assert partitioning.partition_count(5) == 1
    assert partitioning.partition_count(partitioning.SINGLE_PARTITION_LIMIT) == 1
    assert partitioning.partition_count(10_000) == 4
    assert partitioning.partition_count(100_000) == 40
    assert partitioning.partition_count(100_000, requested=3) == 3


def test_buckets_split_rows_by_key() -> None:
    frame = pl.DataFrame({"key": pl.Series(range(100), dtype=pl.UInt64)})
    parts = partitioning.split_buckets(frame, pl.col("key"), 4, "x")
    assert sorted(parts) == [f"x.b0000{k}" for k in range(4)]
    assert sum(p.height for p in parts.values()) == 100
    assert parts["x.b00001"]["key"].to_list() == list(range(1, 100, 4))


# --- the same tables ---------------------------------------------------------------------


@pytest.mark.parametrize("partitions", [1, 3])
def test_every_table_is_the_same_for_any_partition_count(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, partitions: int
) -> None:
    workspace = open_partitioned(generated_corpus, tmp_path, partitions)
    assert workspace.partitions == partitions
    workspace.compute(list(TABLES))
    for name in TABLES:
        assert workspace.table(name).equals(plain_tables[name]), name
    # The lazy scan holds the same rows (in partition order).
    scanned = workspace.scan("alignments").collect()
    assert scanned.sort(scanned.columns[:4]).equals(
        plain_tables["alignments"].sort(scanned.columns[:4])
    )


def test_an_index_is_built_on_a_filesystem_without_locks(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, no_file_locks: list[int]
) -> None:
    workspace = open_partitioned(generated_corpus, tmp_path, 2)
    workspace.compute(["alignments", "recurring_phrases"])
    assert no_file_locks
    for name in ("articles", "alignments", "recurring_phrases"):
        assert workspace.table(name).equals(plain_tables[name]), name


def test_alignments_with_cells_in_two_levels_are_the_same_partitioned_or_whole(
    generated_corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    from workbench.analysis import neighbours

    # The corpus's 50 cells of the search by meaning trained and searched in two levels (a
    # corpus of some 10,000 articles and more): the local engine runs its tasks here.
    monkeypatch.setattr(neighbours, "ONE_LEVEL_CELLS", 10)
    trained = []
    real_train = neighbours.train_cells
    monkeypatch.setattr(
        neighbours, "train_cells", lambda *a: trained.append(real_train(*a)) or trained[-1]
    )
    whole = Workspace.open(WorkspaceOptions(corpus=generated_corpus, use_cache=False))
    expected = whole.table("alignments")
    assert trained and trained[-1].coarse is not None  # two levels
    workspace = open_partitioned(generated_corpus, tmp_path, 3)
    assert workspace.table("alignments").equals(expected)
    assert len(trained) == 2 and trained[1].coarse is not None


def test_compare_reads_an_articles_rows_and_embeddings_from_its_partition_by_position(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, monkeypatch
) -> None:
    import numpy as np
    import pyarrow.parquet as pq

    from workbench.analysis import embeddings
    from workbench.store import parquet

    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 20_000)  # files of many row groups
    built = open_partitioned(generated_corpus, tmp_path, 3)
    built.compute(["theme_hits"])  # and the embeddings it reads
    sentences_file = built.corpus.files("sentences")[0]
    assert pq.ParquetFile(sentences_file).metadata.num_row_groups > 3
    ids = plain_tables["articles"]["article_id"].to_list()[::37]
    whole = Workspace.open(WorkspaceOptions(corpus=generated_corpus, use_cache=False))
    expected = {a: embeddings.embed_sentences(whole.article_sentences(a)) for a in ids}
    aligned = {pair: whole.align(*pair) for pair in itertools.pairwise(ids)}

    def no_model(*_args, **_kwargs):
        raise AssertionError("embedded again: the index holds these embeddings")

    monkeypatch.setattr(embeddings, "embed_sentences", no_model)
    monkeypatch.setattr(embeddings, "get_model", no_model)
    reopened = open_partitioned(generated_corpus, tmp_path, 3)
    reopened.warm_up()  # nothing to load: the index holds every sentence's embedding
    for article in ids:
        sentences = reopened.article_sentences(article)
        assert sentences.select(whole.corpus.sentences.columns).equals(
            whole.article_sentences(article)
        ), article
        assert reopened.article_hits(article).equals(
            plain_tables["theme_hits"].filter(pl.col("article_id") == article)
        ), article
        assert reopened.article_removed(article).equals(whole.article_removed(article)), article
        stored = reopened.article_embeddings(article)
        assert stored.shape == expected[article].shape
        assert np.allclose(stored, expected[article], atol=1e-6), article
    for pair, frame in aligned.items():
        assert reopened.align(*pair).equals(frame), pair
    assert any(not frame.is_empty() for frame in aligned.values())
    # A theme's passages: its hits read from the partitions, the same rows as from the table.
    for theme in ("reset", "syria_war", "missile_defense"):
        thread = reopened.theme_thread(theme)
        assert thread.height and thread.equals(whole.theme_thread(theme)), theme


def test_a_pair_of_a_partitioned_index_has_its_two_articles_read_at_once(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, monkeypatch
) -> None:
    built = open_partitioned(generated_corpus, tmp_path, 3)
    built.compute(["theme_hits"])
    ids = plain_tables["articles"]["article_id"].to_list()[::23]
    whole = Workspace.open(WorkspaceOptions(corpus=generated_corpus, use_cache=False))
    reopened = open_partitioned(generated_corpus, tmp_path, 3)
    reopened.align(ids[0], ids[1])  # the theme hits' files learnt
    collected: list[int] = []
    one_by_one: list[str] = []
    real_collect_all = pl.collect_all

    def collect_all(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
        collected.append(len(frames))
        return real_collect_all(frames)

    monkeypatch.setattr(pl, "collect_all", collect_all)
    monkeypatch.setattr(reopened.corpus.rows, "read", lambda *args: one_by_one.append(args))
    for left, right in itertools.pairwise(ids[1:]):
        assert reopened.align(left, right).equals(whole.align(left, right)), (left, right)
    # Each pair's sentences, theme hits and embeddings of the article not read before: in
    # one collect, none read one at a time.
    assert collected == [3] * (len(ids) - 2)
    assert one_by_one == []
    # ... each one's words counted as its sentences were read, which are kept as they are;
    # so are those of an article whose sentences are read first for its pane.
    shown = plain_tables["articles"]["article_id"].to_list()[1]
    assert shown not in ids
    reopened.article_sentences(shown)
    for article_id in [*ids[1:], shown]:
        kept = reopened.article_sentences(article_id)
        assert kept.equals(whole.article_sentences(article_id))
        assert reopened._article_word_counts(article_id) == whole._article_word_counts(article_id)
    collected.clear()
    reopened.align(ids[1], ids[2])  # both made already: nothing read
    assert collected == []
    with pytest.raises(WorkbenchError, match="unknown article 'no-such-article'"):
        reopened.align(ids[0], "no-such-article")


def test_warming_up_a_partitioned_index_learns_where_every_articles_rows_are(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, monkeypatch
) -> None:
    from workbench.store import article_rows

    fresh = open_partitioned(generated_corpus, tmp_path, 3)
    fresh.warm_up()  # theme hits not computed yet: only the sentences' files, none computed
    assert set(fresh.corpus.rows._spans) == set(fresh.corpus.files("sentences"))
    assert fresh.tables_to_update()  # warming up computed nothing
    fresh.compute(["theme_hits"])
    reopened = open_partitioned(generated_corpus, tmp_path, 3)
    reopened.warm_up()

    def spans_read_again(*_args):
        raise AssertionError("read where an article's rows are after warming up")

    monkeypatch.setattr(article_rows, "article_spans", spans_read_again)
    ids = plain_tables["articles"]["article_id"].to_list()
    whole = Workspace.open(WorkspaceOptions(corpus=generated_corpus, use_cache=False))
    for left, right in itertools.pairwise(ids[::31]):
        assert reopened.align(left, right).equals(whole.align(left, right)), (left, right)


def test_a_labelled_pair_in_a_partitioned_index_reads_its_two_articles_only(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path, monkeypatch
) -> None:
    from workbench.store.labels import PairKey, sentence_fingerprint

    options = WorkspaceOptions(
        corpus=generated_corpus,
        cache_root=tmp_path / "cache",
        data_root=tmp_path / "data",
        engine=EngineOptions(partitions=3),
    )
    workspace = Workspace.open(options)
    ids = plain_tables["articles"]["article_id"].to_list()
    left, right = next(
        (a, b) for a, b in itertools.pairwise(ids) if not workspace.align(a, b).is_empty()
    )
    first = workspace.align(left, right).row(0, named=True)
    norms = {
        side: workspace.article_sentences(first[f"{side}_id"]).filter(
            pl.col("sentence_id") == first[f"{side}_sentence"]
        )["norm"][0]
        for side in ("left", "right")
    }
    key = PairKey.of(
        left, sentence_fingerprint(norms["left"]), right, sentence_fingerprint(norms["right"])
    )
    workspace.labels.set(key, "same")

    def every_partition(*_args):
        raise AssertionError("scanned every partition for two articles' labels")

    monkeypatch.setattr(workspace.corpus, "scan", every_partition)
    labelled = workspace.align(left, right)
    assert labelled["label"][0] == "same" and labelled["label"].null_count() == labelled.height - 1
    table = workspace.table("labels")  # a few labelled articles: read one at a time too
    assert table.select("left_sentence", "right_sentence", "label").rows() == [
        (first["left_sentence"], first["right_sentence"], "same")
    ]


def test_a_small_corpus_keeps_the_single_snapshot(tmp_path: Path) -> None:
    workspace = Workspace.open(WorkspaceOptions(cache_root=tmp_path))
    assert workspace.partitions == 1
    cache = cache_dir_for(workspace.corpus.directory, tmp_path)
    assert (cache / "corpus.json").exists() and not (cache / INDEX_NAME).exists()


def test_reopening_an_unchanged_corpus_computes_nothing(
    generated_corpus: Path, tmp_path: Path
) -> None:
    first = open_partitioned(generated_corpus, tmp_path, 3)
    first.compute(["theme_hits", "recurring_phrases"])
    assert first.tables_computed > 0
    again = open_partitioned(generated_corpus, tmp_path, 3)
    again.compute(["theme_hits", "recurring_phrases"])
    assert again.tables_computed == 0
    assert again.table("recurring_phrases").equals(first.table("recurring_phrases"))


def test_files_written_just_before_the_index_are_checked_by_content_on_reopening(
    generated_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from workbench.corpus import ingest
    from workbench.store import index as store_index

    monkeypatch.setattr(store_index, "_RACY_NS", 300_000_000)  # the clock's resolution: 0.3 s
    corpus = tmp_path / "corpus"
    shutil.copytree(generated_corpus, corpus)
    files = sorted((corpus / "articles").iterdir())
    for path in corpus.rglob("*"):  # written long ago, their mtimes are trusted...
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    for path in files[:3]:  # ...but for these, written as the index is built
        os.utime(path)
    open_partitioned(corpus, tmp_path / "cache", 2)
    time.sleep(0.5)  # their mtimes are trusted from now on
    plan = ingest.plan_corpus

    def refuse(*args, **kwargs):
        raise AssertionError("planned the corpus again though no file changed")

    monkeypatch.setattr(ingest, "plan_corpus", refuse)
    assert open_partitioned(corpus, tmp_path / "cache", 2).verified  # their content is the same
    # One of them changes in place, same size and same mtime: its hash gives it away.
    victim = files[0]
    stat = victim.stat()
    text = victim.read_bytes()
    position = text.index(b"the ")
    victim.write_bytes(text[:position] + b"THE " + text[position + 4 :])
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(AssertionError, match="planned the corpus again"):
        open_partitioned(corpus, tmp_path / "cache", 2)
    monkeypatch.setattr(ingest, "plan_corpus", plan)
    reopened = open_partitioned(corpus, tmp_path / "cache", 2)
    texts = reopened.corpus.articles.filter(pl.col("file") == f"articles/{victim.name}")
    assert texts.height == 1
    sentences = reopened.article_sentences(texts["article_id"][0])["text"]
    assert any("THE " in sentence for sentence in sentences)


def test_tables_of_other_code_are_removed_before_a_run_replaces_them(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import time

    from workbench.pipeline.tasks import code_version

    open_partitioned(generated_corpus, tmp_path, 2).compute(["theme_hits"])
    stage = cache_dir_for(generated_corpus, tmp_path) / PARTS / "theme_hits"
    made = sorted(f for f in stage.iterdir() if not f.name.startswith("."))
    an_hour_ago = time.time() - 3600

    def written_by(name: str, code: str | None) -> Path:
        """A task folder of another plan, written an hour ago by ``code``."""
        folder = stage / name
        shutil.copytree(made[0], folder)
        done = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        done.pop("code", None)
        if code is not None:
            done["code"] = code
        (folder / MARKER).write_text(json.dumps(done), encoding="utf-8")
        os.utime(folder, (an_hour_ago, an_hour_ago))
        return folder

    earlier = written_by("e" * 24, "an earlier version")
    unrecorded = written_by("u" * 24, None)
    other_settings = written_by("s" * 24, code_version())
    workspace = open_partitioned(generated_corpus, tmp_path, 2)
    engine = workspace._partitioned.engine
    seen = []

    def engine_after_the_removal():
        # An upgrade's tables are written beside the old ones: those go first (disk space).
        seen.append(earlier.exists() or unrecorded.exists())
        return engine()

    workspace._partitioned.engine = engine_after_the_removal
    workspace.compute(["theme_by_year"])
    assert seen == [False]
    assert not earlier.exists() and not unrecorded.exists()
    assert other_settings.exists()  # kept a week: the settings may come back
    assert all(folder.exists() for folder in made)


def test_a_finished_table_keeps_none_of_its_intermediate_steps(
    generated_corpus: Path, tmp_path: Path
) -> None:
    first = open_partitioned(generated_corpus, tmp_path, 3)
    parts = cache_dir_for(generated_corpus, tmp_path) / PARTS
    first.compute(["recurring_phrases", "similarity", "people"])
    expected = first.view("recurring_phrases").collect()
    # The steps only the table's later steps read are removed once the table is made; the
    # tables, their theme hits and the sentences' embeddings stay.
    scratch = [*parts.glob("phrases_*/*"), *parts.glob("similarity_*/*")]
    assert not [p for p in scratch if not p.name.startswith(".")]
    assert not [p for p in parts.glob("people_mentions/*") if not p.name.startswith(".")]
    for table in ("recurring_phrases", "similarity", "people", "theme_hits", "embeddings"):
        assert any((parts / table).glob(f"*/{MARKER}"))
    # What the removed steps took stays on record (their markers, one line each).
    logged = [json.loads(line) for line in (parts / TASK_LOG).read_text().splitlines()]
    assert {"phrases_counts", "phrases_judged", "people_mentions"} <= {m["stage"] for m in logged}
    assert all(m["seconds"] >= 0 and m["key"] for m in logged)
    # Reading the table and computing ahead (``workbench index``) both find it whole: nothing
    # is run again for want of its steps.
    again = open_partitioned(generated_corpus, tmp_path, 3)
    assert again.view("recurring_phrases").collect().equals(expected)
    again.compute(["recurring_phrases", "similarity", "people"])
    assert again.tables_computed == 0
    # A table whose own outputs are gone is made again, its steps with it, and then those
    # steps are removed again.
    for folder in parts.glob("recurring_phrases/*"):
        shutil.rmtree(folder)
    ahead = open_partitioned(generated_corpus, tmp_path, 3)
    ahead.compute(["recurring_phrases"])
    assert ahead.tables_computed > 0
    assert ahead.view("recurring_phrases").collect().equals(expected)
    assert not [p for p in parts.glob("phrases_*/*") if not p.name.startswith(".")]


def test_one_changed_file_reingests_its_partition_only(
    generated_corpus: Path, tmp_path: Path, ingest_calls: list[str]
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(generated_corpus, corpus)
    cache = tmp_path / "cache"
    open_partitioned(corpus, cache, 3)
    before = read_manifest(cache_dir_for(corpus, cache), corpus)
    ingest_calls.clear()
    victim = sorted((corpus / "articles").iterdir())[3]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text + "\n\nOne more paragraph about the reset, added later.\n")
    stat = victim.stat()
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    workspace = open_partitioned(corpus, cache, 3)
    after = read_manifest(cache_dir_for(corpus, cache), corpus)
    # The other files of its partition are reused.
    assert ingest_calls == [f"articles/{victim.name}"]
    changed = [a != b for a, b in zip(before["ingest"], after["ingest"], strict=True)]
    assert sum(changed) == 1
    article = workspace.corpus.articles.filter(pl.col("file") == f"articles/{victim.name}")
    sentences = workspace.article_sentences(article["article_id"][0])
    assert "added later" in sentences["text"].to_list()[-1]


def test_files_sharing_a_stem_keep_their_ids_in_a_partitioned_index(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    pages = {
        "2013/05/07/index.txt": "Kerry met Lavrov in Moscow to talk about Syria and arms.",
        "2013/05/08/index.txt": "Lavrov said Russia would keep its contracts with Syria.",
        "2019/07/16/index.txt": "Trump met Putin in Helsinki and spoke of the reset again.",
    }
    for name, text in pages.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text + "\n", encoding="utf-8")
    workspace = open_partitioned(corpus, cache, 2)
    assert workspace.partitions == 2
    articles = workspace.corpus.articles.sort("article_id")
    assert articles["article_id"].to_list() == [
        "2013-05-07-index",
        "2013-05-08-index",
        "2019-07-16-index",
    ]
    assert articles["published"].to_list() == ["2013-05-07", "2013-05-08", "2019-07-16"]
    # one more page: the index takes it in beside the others, ids unchanged
    (corpus / "2019/07/17").mkdir(parents=True)
    (corpus / "2019/07/17/index.txt").write_text("Putin said the talks went well.\n")
    again = open_partitioned(corpus, cache, 2)
    assert sorted(again.corpus.articles["article_id"]) == [
        "2013-05-07-index",
        "2013-05-08-index",
        "2019-07-16-index",
        "2019-07-17-index",
    ]
    assert "Putin" in again.article_sentences("2019-07-17-index")["text"][0]
    # a file whose stem was its own keeps its id when another file takes that stem too
    (corpus / "helsinki.txt").write_text("Trump and Putin met in Helsinki for two hours.\n")
    open_partitioned(corpus, cache, 2)
    (corpus / "2019/07/16/helsinki.txt").write_text("Putin and Trump spoke to reporters after.\n")
    third = open_partitioned(corpus, cache, 2)
    ids = sorted(third.corpus.articles["article_id"])
    assert "helsinki" in ids and "2019-07-16-helsinki" in ids
    assert "two hours" in third.article_sentences("helsinki")["text"][0]


def test_an_interrupted_run_resumes_from_the_finished_tasks(
    generated_corpus: Path, plain_tables: dict, tmp_path: Path
) -> None:
    workspace = open_partitioned(generated_corpus, tmp_path, 3)
    parts = cache_dir_for(generated_corpus, tmp_path) / PARTS

    def killed_at_judging(stage: str, done: int, _total: int) -> None:
        if stage.endswith("judging") and done:
            raise KeyboardInterrupt  # the run dies with steps finished and steps to go

    with pytest.raises(KeyboardInterrupt):
        workspace.compute(["recurring_phrases"], killed_at_judging)
    finished = [p for p in parts.glob("phrases_*/*") if (p / MARKER).exists()]
    assert finished  # the steps the rest still reads are kept
    # Some tasks never finished (their folders gone), one left a temporary folder behind, one
    # left a truncated file under a finished name.
    for folder in finished[::4]:
        shutil.rmtree(folder)
    (parts / "phrases_units" / f"{TEMP_PREFIX}dead-1234").mkdir()
    damaged = next(p for p in finished[1::4] if any(p.glob("*.parquet")))
    victim = next(damaged.glob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:50])
    again = open_partitioned(generated_corpus, tmp_path, 3)
    again.compute(["recurring_phrases"])
    rerun = again.tables_computed
    total = sum(1 if spec.kind == SINGLE else 3 for spec in PHRASE_STAGES)
    assert 0 < rerun < total  # only the missing, damaged and remaining tasks ran
    assert again.table("recurring_phrases").equals(plain_tables["recurring_phrases"])


def test_the_manifest_is_replaced_whole(generated_corpus: Path, tmp_path: Path) -> None:
    open_partitioned(generated_corpus, tmp_path, 2)
    cache = cache_dir_for(generated_corpus, tmp_path)
    manifest = json.loads((cache / INDEX_NAME).read_text())
    assert manifest["partitions"] == 2 and len(manifest["ingest"]) == 2
    for folder in [*manifest["ingest"], manifest["order"]]:
        assert marker(cache / PARTS / folder) is not None
    assert not list(cache.glob(f"{TEMP_PREFIX}*")) and not list(cache.glob(".workbench-*"))


# --- options -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (EngineOptions("dask", scheduler="tcp://x:1", workers=2), "either --scheduler or"),
        (EngineOptions("dask", workers=0), "--workers 0 is not a positive"),
        (EngineOptions(partitions=0), "--partitions 0 is not a positive"),
        (EngineOptions(workers=2), "--workers needs --engine dask"),
        (EngineOptions("spark"), "unknown engine 'spark'"),
    ],
)
def test_bad_engine_options_are_one_line_errors(options: EngineOptions, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message) as caught:
        check_engine_options(options)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"],
        ["--engine", "dask", "--workers", "0"],
        ["--partitions", "-1"],
        ["--engine", "local", "--workers", "2"],
    ],
)
def test_index_rejects_bad_engine_arguments(args: list[str], tmp_path: Path, capsys) -> None:
    from workbench.cli.parser import main

    assert main(["index", "--cache", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error:") and "\n" not in err
    assert not any(tmp_path.iterdir())  # nothing built


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, capsys) -> None:
    from workbench.cli.parser import main

    code = main(
        ["index", "--cache", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    )
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2
    assert last.startswith("workbench: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def _no_output(task) -> dict:
    return {}


def test_a_worker_with_other_code_refuses_the_task(tmp_path: Path) -> None:
    from workbench.pipeline.tasks import Task, code_version, run_task

    task = Task("stage", "0" * 24, 0, _no_output, str(tmp_path), version="another version")
    with pytest.raises(WorkbenchError, match="runs other workbench code") as caught:
        run_task(task)
    assert "\n" not in str(caught.value) and not (tmp_path / "stage").exists()
    done = run_task(Task("stage", "1" * 24, 0, _no_output, str(tmp_path)))
    assert not done.skipped and code_version() and marker(tmp_path / "stage" / ("1" * 24))
    assert run_task(Task("stage", "1" * 24, 0, _no_output, str(tmp_path))).skipped


def _wide_rows(task) -> dict:
    frame = pl.DataFrame(
        {"article_id": [f"a{n // 10}" for n in range(3_000)], "text": ["x" * 200] * 3_000}
    )
    return {"sentences": frame, "pairs.b00001": frame}


def test_a_buckets_file_is_written_in_large_row_groups_an_articles_file_in_small_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shuffle's bucket is read whole by one task: row groups of a megabyte (a few hundred
    # wide rows) only slowed its writing. A file read an article at a time keeps them.
    import pyarrow.parquet as pq

    from workbench.pipeline.partitioning import bucket_name, is_bucket
    from workbench.pipeline.tasks import Task, run_task
    from workbench.store import parquet

    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 20_000)  # index files of many row groups

    run_task(Task("stage", "2" * 24, 0, _wide_rows, str(tmp_path)))
    folder = tmp_path / "stage" / ("2" * 24)
    assert pq.ParquetFile(folder / "sentences.parquet").metadata.num_row_groups > 1
    assert pq.ParquetFile(folder / "pairs.b00001.parquet").metadata.num_row_groups == 1
    assert is_bucket(bucket_name("scored", 12)) and not is_bucket("sentences")
    assert not is_bucket("pairs.b1") and not is_bucket("table")


def test_the_interface_opens_a_published_index_first_and_checks_it_after(
    generated_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.corpus import listing
    from workbench.pipeline import index

    corpus = tmp_path / "corpus"
    shutil.copytree(generated_corpus, corpus)
    for path in corpus.rglob("*"):  # written long enough ago for their mtimes to be trusted
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    open_partitioned(corpus, tmp_path / "cache", 2)
    options = WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache")
    real = listing.list_article_files

    def refuse(*args, **kwargs):
        raise AssertionError("listed the files before showing the index")

    monkeypatch.setattr(index, "list_article_files", refuse)
    monkeypatch.setattr(listing, "list_article_files", refuse)
    shown = Workspace.open(options, verify=False)
    assert not shown.verified and shown.partitions == 2
    assert shown.corpus.articles.height == GENERATED_ARTICLES
    monkeypatch.setattr(index, "list_article_files", real)
    monkeypatch.setattr(listing, "list_article_files", real)
    assert not shown.stale() and shown.verified
    victim = sorted((corpus / "articles").iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nOne more line.\n")
    stat = victim.stat()
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = Workspace.open(options, verify=False)
    assert again.stale()
    assert Workspace.open(options).verified  # the checked open re-ingests it


def test_the_file_check_runs_under_a_captured_stderr(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys
    import textwrap

    open_partitioned(generated_corpus, tmp_path / "cache", 2)
    # A fresh process (no resource tracker yet) whose stderr has fd -1, as under Textual.
    script = textwrap.dedent(
        f"""
        import io, sys
        from pathlib import Path
        from workbench.options import WorkspaceOptions
        from workbench.workspace import Workspace

        class Captured(io.StringIO):
            def fileno(self):
                return -1

        options = WorkspaceOptions(corpus=Path({str(generated_corpus)!r}),
                                   cache_root=Path({str(tmp_path / "cache")!r}))
        workspace = Workspace.open(options, verify=False)
        sys.stderr = Captured()
        try:
            print("stale" if workspace.stale() else "unchanged")
        except Exception as error:
            print("failed:", type(error).__name__, error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.strip() == "unchanged", done.stdout + done.stderr


def test_the_interface_checks_the_files_a_moment_after_opening_and_updates_the_index(
    generated_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import time

    from tui_support import record_notifications

    from workbench.tui import app as app_module

    corpus = tmp_path / "corpus"
    shutil.copytree(generated_corpus, corpus)
    for path in corpus.rglob("*"):
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    open_partitioned(corpus, tmp_path / "cache", 2)
    victim = sorted((corpus / "articles").iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nOne more line.\n")
    monkeypatch.setattr(app_module, "FILE_CHECK_AFTER_S", 0.5)
    options = WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache")

    async def run() -> tuple[list, list]:
        app = app_module.WorkbenchApp(options)
        async with app.run_test(size=(100, 30)) as pilot:
            shown = record_notifications(app)
            while app.workspace is None:
                await pilot.pause(0.02)
            opened = app.workspace
            assert not opened.verified  # shown as published, not checked yet
            await pilot.pause(0.2)
            early = list(shown)  # the check waits while the first screen reads its rows
            deadline = time.monotonic() + 120
            while app.workspace is opened and time.monotonic() < deadline:
                await pilot.pause(0.1)
            assert app.workspace is not opened and app.workspace.verified
            return early, shown

    early, shown = asyncio.run(run())
    assert not any("changed" in message for _, message, _ in early)
    messages = [message for _, message, _ in shown]
    assert any(
        message.startswith("Files changed since the corpus was indexed") for message in messages
    )
    assert "The index is up to date with the corpus files." in messages


def test_tables_to_update_names_what_the_index_lacks_until_it_is_computed(
    generated_corpus: Path, tmp_path: Path
) -> None:
    workspace = open_partitioned(generated_corpus, tmp_path / "cache", 2)
    missing = workspace.tables_to_update()
    assert "alignments" in missing and "theme_hits" in missing
    assert all(not TABLES[name].live for name in missing)
    workspace.compute(["theme_hits"])
    assert "theme_hits" not in workspace.tables_to_update()
    workspace.compute(missing)
    assert workspace.tables_to_update() == []
    assert open_partitioned(generated_corpus, tmp_path / "cache", 2).tables_to_update() == []
    assert (
        Workspace.open(
            WorkspaceOptions(corpus=generated_corpus, use_cache=False)
        ).tables_to_update()
        == []
    )


def test_a_table_in_place_is_read_while_the_index_computes_another(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import threading

    workspace = open_partitioned(generated_corpus, tmp_path / "cache", 2)
    workspace.compute(["articles"])
    read: dict[str, pl.DataFrame] = {}

    def read_table(name: str) -> None:
        read[name] = workspace.table(name)

    with workspace._run_lock:  # a run of the engine is under way
        ready = threading.Thread(target=read_table, args=("articles",))
        waiting = threading.Thread(target=read_table, args=("alignments",))
        ready.start()
        waiting.start()
        ready.join(60)
        assert not ready.is_alive() and read["articles"].height == GENERATED_ARTICLES
        waiting.join(0.5)
        assert waiting.is_alive()  # it needs the engine: it waits for the run
    waiting.join(120)
    assert not waiting.is_alive() and "alignments" in read


def test_the_interface_computes_the_tables_the_index_lacks_and_says_so(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import asyncio
    import time

    from tui_support import record_notifications

    from workbench.tui.app import WorkbenchApp

    open_partitioned(generated_corpus, tmp_path / "cache", 2)  # ingested, no table computed
    options = WorkspaceOptions(corpus=generated_corpus, cache_root=tmp_path / "cache")

    async def run() -> tuple[list, set[str], list[str]]:
        app = WorkbenchApp(options)
        statuses: set[str] = set()
        async with app.run_test(size=(120, 30)) as pilot:
            shown = record_notifications(app)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                await pilot.pause(0.05)
                statuses.add(app.status)
                if any("Every table of the index is up to date" in m for _, m, _ in shown):
                    break
            left = app.workspace.tables_to_update()
            statuses.add(app.status)
            return shown, statuses, left

    shown, statuses, left = asyncio.run(run())
    messages = [message for _, message, _ in shown]
    assert left == []
    assert any("computing them here" in m and "`workbench index --corpus" in m for m in messages)
    assert any(s.startswith("indexing ") for s in statuses)
    assert "" in statuses  # cleared once done


def test_tables_computed_apart_are_the_same_and_can_be_stopped(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import threading
    import time

    open_partitioned(generated_corpus, tmp_path / "cache", 2)
    options = WorkspaceOptions(corpus=generated_corpus, cache_root=tmp_path / "cache")
    workspace = Workspace.open(options, verify=False)
    workspace.compute_apart()
    seen: list[tuple[str, int, int]] = []
    workspace.compute(["theme_hits"], lambda *step: seen.append(step))
    assert (
        seen and workspace.tables_to_update() and "theme_hits" not in workspace.tables_to_update()
    )
    in_process = open_partitioned(generated_corpus, tmp_path / "other", 2)
    assert workspace.table("theme_hits").equals(in_process.table("theme_hits"))

    # Stopped mid-run (once its first task has finished, however fast the machine): the
    # waiting thread ends at once with one line, nothing half-written.
    outcome: list[BaseException | None] = []
    running = threading.Event()

    def compute_all() -> None:
        try:
            workspace.compute(
                workspace.tables_to_update(), lambda _stage, done, _total: done and running.set()
            )
            outcome.append(None)
        except WorkbenchError as error:
            outcome.append(error)

    worker = threading.Thread(target=compute_all)
    worker.start()
    assert running.wait(60)
    started = time.monotonic()
    workspace.stop_computing()
    worker.join(30)
    assert not worker.is_alive() and time.monotonic() - started < 10
    assert isinstance(outcome[0], WorkbenchError) and "stopped" in str(outcome[0])
    missing = workspace.tables_to_update()
    assert missing
    with pytest.raises(WorkbenchError, match="stopped"):
        workspace.table(missing[-1])
    parts = cache_dir_for(generated_corpus, tmp_path / "cache") / PARTS
    for done in parts.glob(f"*/*/{MARKER}"):
        assert marker(done.parent) is not None  # every finished task is whole
    # A later run resumes from the tasks that finished.
    again = open_partitioned(generated_corpus, tmp_path / "cache", 2)
    again.compute(again.tables_to_update())
    assert again.tables_to_update() == []


def test_quitting_while_the_interface_computes_tables_ends_the_computation(
    generated_corpus: Path, tmp_path: Path
) -> None:
    import asyncio
    import time

    from workbench.tui.app import WorkbenchApp

    open_partitioned(generated_corpus, tmp_path / "cache", 2)  # ingested, no table computed
    options = WorkspaceOptions(corpus=generated_corpus, cache_root=tmp_path / "cache")

    async def run() -> WorkbenchApp:
        app = WorkbenchApp(options)
        async with app.run_test(size=(120, 30)) as pilot:
            deadline = time.monotonic() + 60
            while not app.status.startswith("indexing") and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert app.status.startswith("indexing")
            await pilot.press("q")
        return app

    app = asyncio.run(run())
    runs = app.workspace._apart
    deadline = time.monotonic() + 10
    while runs._process is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runs.stopped and runs._process is None  # the process ended, its waiter returned


def test_a_text_read_twice_is_said_once_whatever_partitions_its_copies_are_in(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = "Kerry and Lavrov agree\n\nThe two ministers agreed on Friday to resume the talks.\n"
    names = [f"copy-{n}" for n in range(40)]
    first = partitioning.partition_of(names[0], 3)
    same = next(n for n in names[1:] if partitioning.partition_of(n, 3) == first)
    other = next(n for n in names[1:] if partitioning.partition_of(n, 3) != first)
    for name in (names[0], same, other):
        (corpus / f"{name}.txt").write_text(page, encoding="utf-8")
    (corpus / "different.txt").write_text(page.replace("Friday", "Monday"), encoding="utf-8")
    whole = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))
    said = [w for w in whole.corpus.warnings if "the same text as" in w]
    assert len(said) == 2
    parted = open_partitioned(corpus, tmp_path / "cache", 3)
    assert [w for w in parted.corpus.warnings if "the same text as" in w] == said
    reopened = open_partitioned(corpus, tmp_path / "cache", 3)
    assert list(reopened.corpus.warnings) == list(parted.corpus.warnings)


def test_a_partitioned_index_of_no_readable_file_says_why_in_one_line(
    tmp_path: Path, capsys
) -> None:
    from workbench.cli.parser import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02\x03")
    cache = tmp_path / "cache"
    args = ["index", "--corpus", str(corpus), "--cache", str(cache), "--partitions", "2"]
    assert main([*args, "--engine", "local"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert err == [
        f"workbench: error: no readable article files in {corpus}: a.txt: empty file; "
        "b.txt: not a text file"
    ]
