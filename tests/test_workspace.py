"""Workspace: opening, articles, memoized and cached tables, metadata."""

from __future__ import annotations

import os

import numpy as np
import pytest

from workbench.analysis.tables import TABLES, TableSpec
from workbench.cli.parser import main
from workbench.errors import WorkbenchError
from workbench.options import Settings, WorkspaceOptions
from workbench.workspace import Workspace


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(WorkspaceOptions(use_cache=False))


def test_open_bundled_corpus(workspace):
    assert workspace.corpus.articles.height == 5
    assert "reset" in workspace.lexicon.ids
    assert workspace.settings == Settings()


def test_open_missing_directory(tmp_path):
    with pytest.raises(WorkbenchError, match="does not exist"):
        Workspace.open(WorkspaceOptions(corpus=tmp_path / "nope", use_cache=False))


def test_article_and_sentences(workspace):
    row = workspace.article("004")
    assert row["year"] == 2019 and row["outlet"] == "Al-Monitor"
    sentences = workspace.article_sentences("004")
    assert (sentences["article_id"] == "004").all()
    assert sentences["sentence_id"].to_list() == list(range(sentences.height))
    with pytest.raises(WorkbenchError, match="unknown article '999'"):
        workspace.article("999")


def test_tables_are_memoized(workspace):
    assert workspace.table("people") is workspace.table("people")


def test_the_corpus_languages_are_told_once(workspace):
    told = workspace.article_languages()
    assert told is workspace.article_languages()
    assert told.columns == ["article_id", "language"]
    assert told.is_empty()  # the bundled articles are all written in English


def test_export_metadata(workspace):
    meta = workspace.export_metadata()
    assert meta["workbench.corpus_fingerprint"] == workspace.corpus_fingerprint
    assert meta["workbench.lexicon_fingerprint"] == workspace.lexicon.fingerprint
    assert float(meta["workbench.align_threshold"]) == workspace.settings.align_threshold
    assert meta["workbench.created"].endswith("+00:00")
    assert all(isinstance(v, str) for v in meta.values())


def test_progress_is_reported(tmp_path):
    seen = []
    Workspace.open(
        WorkspaceOptions(use_cache=False), progress=lambda stage, f: seen.append((stage, f))
    )
    assert seen and all(0.0 <= f <= 1.0 for _, f in seen)
    assert seen[-1][1] == 1.0


def test_cached_tables_are_read_back(tmp_path, monkeypatch):
    first = Workspace.open(WorkspaceOptions(cache_root=tmp_path))
    phrases = first.table("recurring_phrases")
    assert any(tmp_path.rglob("recurring_phrases.parquet"))

    def no_recompute(workspace):
        raise AssertionError("recomputed instead of read from the cache")

    spec = TABLES["recurring_phrases"]
    monkeypatch.setitem(
        TABLES, "recurring_phrases", TableSpec(spec.name, spec.description, no_recompute)
    )
    second = Workspace.open(WorkspaceOptions(cache_root=tmp_path))
    assert second.corpus_fingerprint == first.corpus_fingerprint
    assert second.table("recurring_phrases").equals(phrases)
    uncached = Workspace.open(WorkspaceOptions(cache_root=tmp_path, use_cache=False))
    with pytest.raises(AssertionError, match="recomputed"):
        uncached.table("recurring_phrases")


def test_compare_on_a_reopened_small_index_reads_the_embeddings_without_the_model(
    tmp_path, monkeypatch
):
    from workbench.analysis import embeddings

    first = Workspace.open(WorkspaceOptions(cache_root=tmp_path))
    first.sentence_embeddings()  # kept in the index, as building it does
    aligned = first.align("003", "004", labels=False)

    def no_model():
        raise AssertionError("loaded the model to embed two articles")

    monkeypatch.setattr(embeddings, "get_model", no_model)
    second = Workspace.open(WorkspaceOptions(cache_root=tmp_path))
    second.warm_up()  # reads them, the model left unloaded
    assert second._embeddings is not None
    assert second._align_columns is not None  # the theme hits are in the index too
    assert second.align("003", "004", labels=False).equals(aligned)
    uncached = Workspace.open(WorkspaceOptions(cache_root=tmp_path, use_cache=False))
    with pytest.raises(AssertionError, match="loaded the model"):
        uncached.align("003", "004", labels=False)


def test_kwic_by_variant_brings_the_whole_group(workspace):
    lines = workspace.kwic("Intensify US-Russia dialogue")
    assert lines["article_id"].to_list() == ["003", "004"]


def test_cli_commands_print(capsys):
    assert main(["phrases", "--no-cache", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("phrase,")
    assert "intensify" in out
    assert main(["table", "people", "--no-cache", "--format", "json"]) == 0
    assert '"person": "Vladimir Putin"' in capsys.readouterr().out
    assert main(["align", "003", "004", "--no-cache"]) == 0
    assert main(["table", "nope", "--no-cache"]) == 2
    assert "unknown table 'nope'" in capsys.readouterr().err
    assert main(["align", "003", "999", "--no-cache"]) == 2


def test_code_fingerprint_follows_every_module_of_a_stage(tmp_path):
    from workbench.store.index import code_fingerprint

    (tmp_path / "analysis").mkdir()
    module = tmp_path / "analysis" / "phrases.py"
    module.write_text("A = 1\n")
    (tmp_path / "workspace.py").write_text("")
    before = code_fingerprint(("analysis", "workspace.py"), root=tmp_path)
    assert code_fingerprint(("analysis", "workspace.py"), root=tmp_path) == before
    module.write_text("A = 2\n")  # the same size, another content
    os.utime(module, ns=(module.stat().st_atime_ns, module.stat().st_mtime_ns + 10**9))
    changed = code_fingerprint(("analysis", "workspace.py"), root=tmp_path)
    assert changed != before
    # The same content written again (installed again, checked out again): the same code.
    module.write_text("A = 1\n")
    os.utime(module, ns=(module.stat().st_atime_ns, module.stat().st_mtime_ns + 2 * 10**9))
    assert code_fingerprint(("analysis", "workspace.py"), root=tmp_path) == before
    (tmp_path / "analysis" / "themes.py").write_text("")  # a module added
    assert code_fingerprint(("analysis", "workspace.py"), root=tmp_path) != before


def test_tables_are_recomputed_when_the_analysis_code_or_the_people_list_changes(
    tmp_path, monkeypatch, make_corpus, bundled_dir
):
    from workbench.store import index

    corpus = make_corpus(
        {"a.txt": (bundled_dir / "articles" / "004_69e3072bd258ceb6.txt").read_text()}
    )
    options = WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache")
    Workspace.open(options).table("people")
    again = Workspace.open(options)
    again.table("people")
    assert again.tables_computed == 0
    monkeypatch.setattr(index, "code_fingerprint", lambda *a, **k: "changed analysis code")
    changed = Workspace.open(options)
    changed.table("people")
    assert changed.tables_computed == 1
    monkeypatch.undo()
    (corpus / "people.toml").write_text(
        '[[person]]\nname = "Lavrov"\nrole = "minister"\naliases = ["Lavrov"]\n'
    )
    own = Workspace.open(options)
    frame = own.table("people")
    assert own.tables_computed == 1
    assert frame["person"].to_list() == ["Lavrov"]


def test_warm_up_makes_ready_what_a_first_comparison_needs(monkeypatch):
    import polars as pl

    from workbench import workspace as workspace_module
    from workbench.analysis import embeddings

    fresh = Workspace.open(WorkspaceOptions(use_cache=False))
    loaded = []
    monkeypatch.setattr(embeddings, "get_model", lambda: loaded.append(True))
    fresh.warm_up()
    assert loaded == [True]

    def no_more_splitting(*args, **kwargs):
        raise AssertionError("the sentences were split again")

    monkeypatch.setattr(pl.DataFrame, "partition_by", no_more_splitting)
    monkeypatch.setattr(workspace_module, "word_count", no_more_splitting)  # nor counting
    monkeypatch.setattr(workspace_module, "sorted_tokens", no_more_splitting)  # nor sorting
    sentences = fresh.article_sentences("003")
    assert sentences.height > 0 and sentences["sentence_id"].is_sorted()
    assert len(fresh._article_word_counts("003")) == sentences.height
    assert len(fresh._article_sorted_tokens("003")) == sentences.height


def test_compare_takes_each_sentences_sorted_tokens_from_the_whole_corpus(workspace):
    from workbench.analysis.align import align_articles, alignable_side
    from workbench.analysis.lexical import sorted_tokens

    for article_id in ("000", "004"):
        side = workspace._alignable(article_id)
        assert side.all_sorted_tokens() == sorted_tokens(side.norms)
        assert (
            side.all_sorted_tokens()
            == alignable_side(workspace.article_sentences(article_id)).all_sorted_tokens()
        )
    # the same pairs as two articles aligned from their frames alone
    expected = align_articles(
        workspace.article_sentences("000"),
        workspace.article_sentences("004"),
        workspace.table("theme_hits"),
        threshold=45,
        left_embeddings=workspace.article_embeddings("000"),
        right_embeddings=workspace.article_embeddings("004"),
    )
    aligned = workspace.align("000", "004", threshold=45, labels=False, opcodes=False)
    assert aligned.height > 0 and aligned.equals(expected)


def test_a_table_asked_for_by_two_threads_is_built_once(monkeypatch):
    import threading

    spec = TABLES["people"]
    builds = []
    release = threading.Event()

    def slow(workspace):
        builds.append(threading.current_thread().name)
        release.wait(30)
        return spec.builder(workspace)

    monkeypatch.setitem(TABLES, "people", TableSpec(spec.name, spec.description, slow))
    workspace = Workspace.open(WorkspaceOptions(use_cache=False))
    frames = []
    threads = [
        threading.Thread(target=lambda: frames.append(workspace.table("people"))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    while not builds:
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join(30)
    assert len(builds) == 1 and len(frames) == 2 and frames[0] is frames[1]


def test_a_failed_build_is_raised_and_tried_again_later(monkeypatch):
    spec = TABLES["people"]
    calls = []

    def failing_once(workspace):
        calls.append(1)
        if len(calls) == 1:
            raise WorkbenchError("people: the list could not be read")
        return spec.builder(workspace)

    monkeypatch.setitem(TABLES, "people", TableSpec(spec.name, spec.description, failing_once))
    workspace = Workspace.open(WorkspaceOptions(use_cache=False))
    with pytest.raises(WorkbenchError, match="could not be read"):
        workspace.table("people")
    assert workspace.table("people").height > 0 and len(calls) == 2


def test_other_tables_and_articles_are_read_while_a_table_is_being_built(monkeypatch):
    import threading

    spec = TABLES["people"]
    started, release = threading.Event(), threading.Event()

    def slow(workspace):
        started.set()
        release.wait(30)
        return spec.builder(workspace)

    monkeypatch.setitem(TABLES, "people", TableSpec(spec.name, spec.description, slow))
    workspace = Workspace.open(WorkspaceOptions(use_cache=False))
    builder = threading.Thread(target=workspace.table, args=("people",))
    builder.start()
    assert started.wait(30)
    read = []
    reader = threading.Thread(
        target=lambda: read.append(
            (workspace.table("theme_hits").height, workspace.article_sentences("004").height)
        )
    )
    reader.start()
    reader.join(20)
    built_meanwhile = not reader.is_alive()
    release.set()
    builder.join(30)
    reader.join(30)
    assert built_meanwhile and read[0][0] > 0 and read[0][1] > 0


def test_only_the_last_articles_embeddings_are_kept(bundled_dir, tmp_path, monkeypatch):
    # Compare keeps the embeddings of the articles it aligned last, not of every article an
    # analyst has opened in a long session over a large corpus.
    from workbench import workspace as workspace_module

    monkeypatch.setattr(workspace_module, "_SIDES_KEPT", 2)
    opened = Workspace.open(
        WorkspaceOptions(corpus=bundled_dir, cache_root=tmp_path / "cache", use_cache=False)
    )
    ids = opened.corpus.articles["article_id"].to_list()[:3]
    first = [opened.article_embeddings(article_id) for article_id in ids]
    assert not opened._article_embeddings.has(ids[0])
    assert all(opened._article_embeddings.has(article_id) for article_id in ids[1:])
    again = opened.article_embeddings(ids[0])  # made again, the same
    assert (again == first[0]).all() and again.shape[1] == 256


def _assert_sides_sliced(workspace) -> None:
    """Every article's side sliced from the corpus's columns is what ``alignable_side`` makes of
    its own frames."""
    from workbench.analysis.align import alignable_side

    workspace.sentence_embeddings()
    for article_id in workspace.corpus.articles["article_id"].to_list():
        side = workspace._alignable(article_id)
        expected = alignable_side(
            workspace.article_sentences(article_id),
            workspace.article_hits(article_id),
            workspace.article_embeddings(article_id),
        )
        assert side.sentence_ids and side.article_id == expected.article_id
        assert (side.rows, side.sentence_ids) == (expected.rows, expected.sentence_ids)
        assert (side.norms, side.texts) == (expected.norms, expected.texts)
        assert side.all_sorted_tokens() == expected.all_sorted_tokens()
        assert side.themes == expected.themes
        assert np.array_equal(side.embeddings, expected.embeddings)
        assert np.array_equal(side.signal, expected.signal)
        assert np.array_equal(side.sorted_lengths, expected.sorted_lengths)
    assert workspace._align_columns is not None  # sliced, not made from the frames


def test_compare_slices_each_side_from_the_whole_corpus(workspace):
    """With the sentences' embeddings in memory, an article's side is sliced from columns of
    the whole corpus: the same as made from its own frames."""
    _assert_sides_sliced(workspace)
    with pytest.raises(WorkbenchError):
        workspace._alignable("no such article")


def test_sliced_sides_leave_out_sentences_too_short_to_align(make_corpus, tmp_path):
    """Sentences with too few words to align are left out of a sliced side, as from the
    article's frames (the articles' other sentences and their themes kept in order)."""
    text = (
        "Washington imposed new sanctions on Moscow over the annexation of Crimea. Not so. "
        "The Kremlin answered with sanctions of its own on American farm goods. Why now? "
        "Diplomats in Geneva said the talks on missile defense had stalled again."
    )
    corpus = make_corpus({"a.txt": text, "b.txt": "Really? " + text})
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    _assert_sides_sliced(workspace)
    side = workspace._alignable(workspace.corpus.articles["article_id"][1])
    assert len(side.sentence_ids) == 3 and side.rows == [1, 3, 5]
