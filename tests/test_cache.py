"""The on-disk index: tables and ingested documents come back only when they can be trusted."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from workbench.corpus.listing import list_article_files
from workbench.errors import WorkbenchError
from workbench.store import index as cache
from workbench.store import table_cache
from workbench.store.index import TableCache, cache_dir_for, table_cache_key

FRAME = pl.DataFrame(
    {"theme": ["reset", "sanctions"], "year": [2013, 2019], "hits": [3, 1]},
    schema={"theme": pl.String, "year": pl.Int32, "hits": pl.Int64},
)


# --- TableCache ---------------------------------------------------------------------------


def test_table_round_trip(tmp_path: Path) -> None:
    tables = TableCache(tmp_path, table_cache_key("corpus-a", "lexicon-a"))
    assert tables.get("theme_by_year") is None
    tables.put("theme_by_year", FRAME)
    again = TableCache(tmp_path, table_cache_key("corpus-a", "lexicon-a"))
    got = again.get("theme_by_year", schema=FRAME.schema)
    assert got is not None
    assert got.equals(FRAME) and got.schema == FRAME.schema


def test_another_key_does_not_see_the_tables(tmp_path: Path) -> None:
    TableCache(tmp_path, table_cache_key("corpus-a", "lexicon-a")).put("t", FRAME)
    assert TableCache(tmp_path, table_cache_key("corpus-a", "lexicon-b")).get("t") is None
    assert TableCache(tmp_path, table_cache_key("corpus-b", "lexicon-a")).get("t") is None


def test_a_file_carrying_someone_elses_key_is_not_trusted(tmp_path: Path) -> None:
    mine = TableCache(tmp_path, "key-1")
    theirs = TableCache(tmp_path, "key-2")
    theirs.put("t", FRAME)
    mine.directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(theirs.directory / "t.parquet", mine.directory / "t.parquet")
    assert mine.get("t") is None
    # ... nor a file of another table under this one's name.
    mine.put("other", FRAME)
    shutil.copy(mine.directory / "other.parquet", mine.directory / "t.parquet")
    assert mine.get("t") is None


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_table_is_a_miss_and_is_rewritten(tmp_path: Path, damage: str) -> None:
    tables = TableCache(tmp_path, "key")
    tables.put("t", FRAME)
    path = tables.directory / "t.parquet"
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"PAR1" + os.urandom(200) + b"PAR1")
    else:
        path.write_bytes(b"")
    assert tables.get("t") is None
    tables.put("t", FRAME)
    assert tables.get("t").equals(FRAME)


def test_a_table_of_another_schema_is_a_miss(tmp_path: Path) -> None:
    tables = TableCache(tmp_path, "key")
    tables.put("t", FRAME)
    wanted = dict(FRAME.schema) | {"hits": pl.Float64}
    assert tables.get("t", schema=wanted) is None
    assert tables.get("t", schema=FRAME.schema) is not None


def test_a_disabled_cache_reads_and_writes_nothing(tmp_path: Path) -> None:
    tables = TableCache(None, "key")
    tables.put("t", FRAME)
    assert tables.get("t") is None
    assert not tables.enabled


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    tables = TableCache(tmp_path, "key")
    for name in ("a", "b", "a"):
        tables.put(name, FRAME)
    assert sorted(p.name for p in tables.directory.iterdir()) == ["a.parquet", "b.parquet"]


def test_an_unwritable_cache_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    tables = TableCache(blocker, "key")
    tables.put("t", FRAME)
    assert tables.errors and "cannot write" in tables.errors[0]
    assert tables.get("t") is None


def test_old_table_sets_are_pruned(tmp_path: Path) -> None:
    for index in range(table_cache.KEEP_TABLE_KEYS + 3):
        TableCache(tmp_path, f"key-{index}").put("t", FRAME)
        os.utime(TableCache(tmp_path, f"key-{index}").directory, (index, index))
    kept = list((tmp_path / "tables").iterdir())
    assert len(kept) == table_cache.KEEP_TABLE_KEYS + 1
    assert TableCache(tmp_path, f"key-{table_cache.KEEP_TABLE_KEYS + 2}").get("t") is not None


# --- where the cache lives -------------------------------------------------------------------


def test_cache_dir_is_per_corpus_and_stable(tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    assert cache_dir_for(one, tmp_path / "c") == cache_dir_for(one, tmp_path / "c")
    assert cache_dir_for(one, tmp_path / "c") != cache_dir_for(two, tmp_path / "c")
    assert cache_dir_for(one, tmp_path / "c").parent == (tmp_path / "c").resolve()
    assert cache_dir_for(one).is_relative_to(cache.default_cache_root())


def test_a_cache_inside_the_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="inside the corpus directory"):
        cache.check_cache_location(tmp_path / "corpus" / ".cache", tmp_path / "corpus")
    cache.check_cache_location(tmp_path / "elsewhere", tmp_path / "corpus")


# --- the corpus snapshot ---------------------------------------------------------------------

FRAMES = ("articles", "sentences", "removed", "documents")


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    from workbench.paths import bundled_corpus_dir

    target = tmp_path / "corpus"
    shutil.copytree(bundled_corpus_dir(), target)
    return target


def _assert_same_corpus(got, expected) -> None:
    for name in FRAMES:
        assert getattr(got, name).equals(getattr(expected, name)), name
    assert got.warnings == expected.warnings


def _state(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(directory).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _rewrite(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_cold_and_warm_loads_equal_a_plain_load(corpus_copy, tmp_path, ingest_calls) -> None:
    from workbench.corpus.ingest import load_corpus

    plain = load_corpus(corpus_copy)
    ingest_calls.clear()
    cache_dir = tmp_path / "cache"
    before = _state(corpus_copy)
    cold = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 5
    warm = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 5  # nothing ingested again
    _assert_same_corpus(cold, plain)
    _assert_same_corpus(warm, plain)
    assert cache.corpus_fingerprint(warm) == cache.corpus_fingerprint(plain)
    assert _state(corpus_copy) == before  # the corpus is never written to


def test_a_changed_file_is_reingested_alone(corpus_copy, tmp_path, ingest_calls) -> None:
    from workbench.corpus.ingest import load_corpus

    cache_dir = tmp_path / "cache"
    first = cache.load_corpus_cached(corpus_copy, cache_dir)
    target = next((corpus_copy / "articles").glob("002_*.txt"))
    _rewrite(
        target,
        target.read_text(encoding="utf-8").replace(
            "Yet on each of these fronts", "Yet on every one of these fronts"
        ),
    )
    ingest_calls.clear()
    with pytest.MonkeyPatch.context() as patch:
        # Same manifest, same files: the plan comes from the index, not from parsing again.
        patch.setattr("workbench.corpus.ingest.plan_corpus", _must_not_plan)
        changed = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert ingest_calls == [f"articles/{target.name}"]
    _assert_same_corpus(changed, load_corpus(corpus_copy))
    assert cache.corpus_fingerprint(changed) != cache.corpus_fingerprint(first)
    assert changed.sentences["text"].str.contains("every one of these fronts").any()


def _must_not_plan(directory):
    raise AssertionError("the manifest was parsed again although nothing but content changed")


def test_a_touched_but_unchanged_file_is_not_reingested(
    corpus_copy, tmp_path, ingest_calls
) -> None:
    cache_dir = tmp_path / "cache"
    first = cache.load_corpus_cached(corpus_copy, cache_dir)
    target = next((corpus_copy / "articles").glob("000_*.txt"))
    _rewrite(target, target.read_text(encoding="utf-8"))
    ingest_calls.clear()
    again = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert ingest_calls == []
    _assert_same_corpus(again, first)


def test_added_and_removed_files(corpus_copy, tmp_path, ingest_calls) -> None:
    from workbench.corpus.ingest import load_corpus

    cache_dir = tmp_path / "cache"
    cache.load_corpus_cached(corpus_copy, cache_dir)
    (corpus_copy / "articles" / "2016-12-30_expulsions.txt").write_text(
        "Obama expels Russian diplomats\n\nPresident Obama expelled 35 Russian diplomats on "
        "Thursday. Moscow said it would respond.\n",
        encoding="utf-8",
    )
    ingest_calls.clear()
    added = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert ingest_calls == ["articles/2016-12-30_expulsions.txt"]
    assert added.articles.height == 6
    _assert_same_corpus(added, load_corpus(corpus_copy))

    (corpus_copy / "articles" / "2016-12-30_expulsions.txt").unlink()
    ingest_calls.clear()
    removed = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert ingest_calls == []
    _assert_same_corpus(removed, load_corpus(corpus_copy))


def _a_page_in_a_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of one page saved as ``a/index.txt``, and where its index goes."""
    corpus, cache_dir = tmp_path / "corpus", tmp_path / "cache"
    (corpus / "a").mkdir(parents=True)
    (corpus / "a" / "index.txt").write_text("Kerry met Lavrov in Moscow on Tuesday.\n")
    return corpus, cache_dir


def test_a_file_keeps_its_id_when_another_file_with_its_stem_is_added(
    tmp_path, ingest_calls
) -> None:
    from workbench.corpus.ingest import load_corpus

    corpus, cache_dir = _a_page_in_a_folder(tmp_path)
    first = cache.load_corpus_cached(corpus, cache_dir)
    assert first.articles["article_id"].to_list() == ["index"]
    # a second page saved as index.txt: the newcomer is named by its folder, the first keeps
    # its id (its labels and exported rows with it) and is not ingested again
    (corpus / "b").mkdir()
    (corpus / "b" / "index.txt").write_text("Obama met Putin in Los Cabos on Monday.\n")
    ingest_calls.clear()
    both = cache.load_corpus_cached(corpus, cache_dir)
    assert ingest_calls == ["b/index.txt"]
    assert sorted(both.articles["article_id"]) == ["b-index", "index"]
    assert both.sentences.filter(article_id="index")["text"].to_list() == [
        "Kerry met Lavrov in Moscow on Tuesday."
    ]
    # read afresh, without the index, both are named by their folders
    assert sorted(load_corpus(corpus).articles["article_id"]) == ["a-index", "b-index"]
    # an edit keeps the ids (the plan comes from the index) and ingests that file alone
    _rewrite(corpus / "b" / "index.txt", "Obama met Putin in Los Cabos on Tuesday.\n")
    ingest_calls.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("workbench.corpus.ingest.plan_corpus", _must_not_plan)
        edited = cache.load_corpus_cached(corpus, cache_dir)
    assert ingest_calls == ["b/index.txt"]
    assert sorted(edited.articles["article_id"]) == ["b-index", "index"]
    # the newcomer gone, the first is as it was: nothing to ingest
    shutil.rmtree(corpus / "b")
    ingest_calls.clear()
    alone = cache.load_corpus_cached(corpus, cache_dir)
    assert ingest_calls == []
    assert alone.articles["article_id"].to_list() == ["index"]
    # a file named in the manifest with the id another file kept takes it; the other is
    # named by its folder
    (corpus / "c").mkdir()
    (corpus / "c" / "note.txt").write_text("Putin met Trump in Helsinki on Monday.\n")
    (corpus / "manifest.toml").write_text(
        '[[article]]\nid = "index"\nfile = "c/note.txt"\ntitle = "Helsinki"\n'
        'published = "2018-07-16"\noutlet = "Example"\n'
    )
    named = cache.load_corpus_cached(corpus, cache_dir)
    assert sorted(named.articles["article_id"]) == ["a-index", "index"]
    assert named.sentences.filter(article_id="index")["text"].to_list() == [
        "Putin met Trump in Helsinki on Monday."
    ]


def test_a_manifest_change_reingests_only_the_entry_it_touches(
    corpus_copy, tmp_path, ingest_calls
) -> None:
    from workbench.corpus.ingest import load_corpus

    cache_dir = tmp_path / "cache"
    cache.load_corpus_cached(corpus_copy, cache_dir)
    manifest = corpus_copy / "manifest.toml"
    _rewrite(
        manifest,
        manifest.read_text(encoding="utf-8").replace(
            'title = "Why Putin Can\'t Be Forced To Deal"', 'title = "Putin will not be forced"'
        ),
    )
    ingest_calls.clear()
    changed = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 1 and ingest_calls[0].startswith("articles/000_")
    assert "Putin will not be forced" in changed.articles["title"].to_list()
    _assert_same_corpus(changed, load_corpus(corpus_copy))


def test_new_boilerplate_rules_reingest_everything(corpus_copy, tmp_path, ingest_calls) -> None:
    from workbench.corpus.ingest import load_corpus

    cache_dir = tmp_path / "cache"
    cache.load_corpus_cached(corpus_copy, cache_dir)
    (corpus_copy / "boilerplate.toml").write_text(
        '[[rule]]\nid = "house-rule"\nfamily = "House rule"\n'
        'pattern = "It.s a possibility worth exploring\\\\."\n',
        encoding="utf-8",
    )
    ingest_calls.clear()
    changed = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 5
    _assert_same_corpus(changed, load_corpus(corpus_copy))
    assert "house-rule" in changed.removed["rule"].to_list()


@pytest.mark.parametrize("damage", ["truncate", "delete", "pointer", "foreign"])
def test_a_damaged_or_foreign_snapshot_is_rebuilt(
    corpus_copy, tmp_path, ingest_calls, damage: str
) -> None:
    from workbench.corpus.ingest import load_corpus

    cache_dir = tmp_path / "cache"
    cache.load_corpus_cached(corpus_copy, cache_dir)
    pointer = cache_dir / cache.POINTER_NAME
    snapshot = cache_dir / json.loads(pointer.read_text(encoding="utf-8"))["snapshot"]
    if damage == "truncate":
        path = snapshot / "sentences.parquet"
        path.write_bytes(path.read_bytes()[:300])
    elif damage == "delete":
        (snapshot / "documents.parquet").unlink()
    elif damage == "pointer":
        pointer.write_text("{not json", encoding="utf-8")
    else:
        data = json.loads(pointer.read_text(encoding="utf-8"))
        data["corpus_dir"] = "/somewhere/else"
        pointer.write_text(json.dumps(data), encoding="utf-8")
    ingest_calls.clear()
    rebuilt = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 5
    _assert_same_corpus(rebuilt, load_corpus(corpus_copy))
    ingest_calls.clear()
    cache.load_corpus_cached(corpus_copy, cache_dir)
    assert ingest_calls == []  # and the rebuilt snapshot is good


def test_a_snapshot_file_swapped_from_another_snapshot_is_not_trusted(
    corpus_copy, tmp_path, ingest_calls
) -> None:
    cache_dir = tmp_path / "cache"
    other_corpus = tmp_path / "other"
    shutil.copytree(corpus_copy, other_corpus)
    changed = next((other_corpus / "articles").glob("000_*.txt"))
    _rewrite(changed, changed.read_text(encoding="utf-8") + "\nOne more line.\n")
    other_cache = tmp_path / "other-cache"
    cache.load_corpus_cached(other_corpus, other_cache)
    cache.load_corpus_cached(corpus_copy, cache_dir)
    mine = cache_dir / json.loads((cache_dir / cache.POINTER_NAME).read_text())["snapshot"]
    theirs = other_cache / json.loads((other_cache / cache.POINTER_NAME).read_text())["snapshot"]
    shutil.copy(theirs / "articles.parquet", mine / "articles.parquet")
    ingest_calls.clear()
    loaded = cache.load_corpus_cached(corpus_copy, cache_dir)
    assert len(ingest_calls) == 5 and loaded.articles.height == 5


def test_progress_counts_documents(corpus_copy, tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    cache.load_corpus_cached(corpus_copy, tmp_path / "cache", lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)
    seen.clear()
    cache.load_corpus_cached(corpus_copy, tmp_path / "cache", lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)


def test_an_unwritable_cache_still_loads_with_a_warning(corpus_copy, tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    loaded = cache.load_corpus_cached(corpus_copy, blocker / "cache")
    assert loaded.articles.height == 5
    assert any(w.startswith("cache: cannot write") for w in loaded.warnings)


def test_load_corpus_cached_refuses_a_cache_inside_the_corpus(corpus_copy) -> None:
    with pytest.raises(WorkbenchError, match="inside the corpus directory"):
        cache.load_corpus_cached(corpus_copy, corpus_copy / ".cache")
    assert not (corpus_copy / ".cache").exists()


def test_no_cache_dir_is_a_plain_load(corpus_copy, tmp_path) -> None:
    from workbench.corpus.ingest import load_corpus

    _assert_same_corpus(cache.load_corpus_cached(corpus_copy, None), load_corpus(corpus_copy))


def test_the_reopen_listing_agrees_with_plan_corpus(tmp_path: Path) -> None:
    from workbench.corpus.ingest import plan_corpus

    corpus = tmp_path / "c"
    for name in (
        "a.txt",
        "b.MD",
        "c.html",
        "README.md",
        "notes.txt",
        ".hidden.txt",
        "d.pdf",
        "sub/e.txt",
        "sub/deeper/f.htm",
        ".git/g.txt",
        "sub/LICENSE.txt",
        "h.markdown",
    ):
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title {path.stem}\n\nSome prose about the reset in 2013.\n", encoding="utf-8"
        )
    planned = {source.name for source in plan_corpus(corpus).sources}
    assert {f.name for f in list_article_files(corpus).files} == planned


# --- `workbench index` and the workspace reading tables back ----------------------------------


def test_index_builds_everything_the_next_open_reads_back(
    corpus_copy, tmp_path, capsys, monkeypatch
) -> None:
    from workbench.analysis.tables import TABLES, stored_table_names
    from workbench.cli.parser import main
    from workbench.options import WorkspaceOptions
    from workbench.workspace import EMBEDDINGS, Workspace

    stored_names = stored_table_names()
    root = tmp_path / "cache"
    assert main(["index", "--corpus", str(corpus_copy), "--cache", str(root)]) == 0
    out = capsys.readouterr()
    corpus_cache = cache_dir_for(corpus_copy, root)
    assert str(corpus_cache) in out.out and "5 articles" in out.out
    stored = {p.stem for p in corpus_cache.glob("tables/*/*.parquet")}
    # The tables, and the sentences' embeddings they were computed with.
    assert stored == {*stored_names, EMBEDDINGS} and "labels" not in stored
    assert f"{len(stored_names)} of {len(stored_names)} tables computed" in out.out
    assert main(["index", "--corpus", str(corpus_copy), "--cache", str(root)]) == 0
    assert "up to date" in capsys.readouterr().out

    written = {p.stem: pl.read_parquet(p) for p in corpus_cache.glob("tables/*/*.parquet")}
    fresh = Workspace.open(WorkspaceOptions(corpus=corpus_copy, use_cache=False))
    assert written["theme_hits"].equals(fresh.table("theme_hits"))
    assert written["articles"].equals(fresh.table("articles"))
    for name in stored_names:  # from now on, computing a table is a failure
        monkeypatch.setitem(
            TABLES, name, dataclasses.replace(TABLES[name], builder=_must_not_compute)
        )
    reopened = Workspace.open(WorkspaceOptions(corpus=corpus_copy, cache_root=root))
    for name in stored_names:
        finish = TABLES[name].finish
        expected = written[name] if finish is None else finish(reopened, written[name])
        assert reopened.table(name).equals(expected), name


def _must_not_compute(workspace):
    raise AssertionError("table computed although it was in the index")


def test_index_refuses_no_cache(corpus_copy, capsys) -> None:
    from workbench.cli.parser import main

    assert main(["index", "--corpus", str(corpus_copy), "--no-cache"]) == 2
    assert "workbench: error:" in capsys.readouterr().err


def test_index_refuses_a_cache_inside_the_corpus(corpus_copy, capsys) -> None:
    from workbench.cli.parser import main

    assert main(["index", "--corpus", str(corpus_copy), "--cache", str(corpus_copy / "cache")]) == 2
    assert "inside the corpus directory" in capsys.readouterr().err
    assert not (corpus_copy / "cache").exists()


def test_process_pools_can_start_while_stderr_is_captured(monkeypatch) -> None:
    """Inside a Textual app stderr has no descriptor; ingest's process pool must still start."""
    import sys
    from multiprocessing import resource_tracker

    class Capture:  # what Textual puts in sys.stderr while an app runs
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return -1

    seen: list[object] = []
    monkeypatch.setattr(resource_tracker, "ensure_running", lambda: seen.append(sys.stderr))
    capture = Capture()
    monkeypatch.setattr(sys, "stderr", capture)
    cache._ensure_process_pools_can_start()
    assert seen == [sys.__stderr__]
    assert sys.stderr is capture


def test_the_same_text_under_two_names_is_said_when_read_and_when_reopened(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    page = "Kerry and Lavrov agree\n\nThe two ministers agreed on Friday to resume the talks.\n"
    (corpus_dir / "a.txt").write_text(page, encoding="utf-8")
    (corpus_dir / "a (1).txt").write_text(page, encoding="utf-8")
    (corpus_dir / "b.txt").write_text(page.replace("Friday", "Monday"), encoding="utf-8")
    said = ("a (1).txt: the same text as a.txt (both kept)",)
    cold = cache.load_corpus_cached(corpus_dir, tmp_path / "cache")
    assert cold.articles.height == 3 and cold.warnings == said
    warm = cache.load_corpus_cached(corpus_dir, tmp_path / "cache")
    assert warm.warnings == said


def test_a_file_a_sidecar_row_describes_keeps_its_id_when_another_takes_its_stem(
    tmp_path, ingest_calls
) -> None:
    corpus, cache_dir = _a_page_in_a_folder(tmp_path)
    (corpus / "metadata.csv").write_text("file,outlet,date\na/index.txt,Example News,2013-05-07\n")
    first = cache.load_corpus_cached(corpus, cache_dir)
    assert first.articles.select("article_id", "outlet").rows() == [("index", "Example News")]
    (corpus / "b").mkdir()
    (corpus / "b" / "index.txt").write_text("Obama met Putin in Los Cabos on Monday.\n")
    both = cache.load_corpus_cached(corpus, cache_dir)
    ids = dict(both.articles.select("file", "article_id").iter_rows())
    assert ids == {"a/index.txt": "index", "b/index.txt": "b-index"}
