"""Labels in the workspace: the `labels` table, `alignments.label`, the aligner measured against
labels, the CLI's export, import and log, and labels surviving an edited article."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import SEED_MIN_SCORE

from workbench.cli.parser import main
from workbench.options import Settings, WorkspaceOptions
from workbench.store.labels import PairKey, sentence_fingerprint
from workbench.workspace import Workspace


@pytest.fixture
def corpus_copy(tmp_path: Path, bundled_dir: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(bundled_dir, target)
    return target


def open_copy(corpus: Path, tmp_path: Path) -> Workspace:
    settings = Settings(align_threshold=SEED_MIN_SCORE, table_align_threshold=SEED_MIN_SCORE)
    return Workspace.open(
        WorkspaceOptions(
            corpus=corpus,
            cache_root=tmp_path / "cache",
            data_root=tmp_path / "data",
            settings=settings,
        )
    )


def label_pair(workspace: Workspace, row: dict, label: str, manual: bool = False) -> PairKey:
    sentences = workspace.corpus.sentences

    def norm(article: str, sentence: int) -> str:
        return sentences.filter(
            (pl.col("article_id") == article) & (pl.col("sentence_id") == sentence)
        )["norm"][0]

    key = PairKey.of(
        row["left_id"],
        sentence_fingerprint(norm(row["left_id"], row["left_sentence"])),
        row["right_id"],
        sentence_fingerprint(norm(row["right_id"], row["right_sentence"])),
    )
    workspace.labels.set(key, label, manual=manual)
    return key


def test_labels_show_in_the_labels_table_and_on_alignments(corpus_copy, tmp_path):
    workspace = open_copy(corpus_copy, tmp_path)
    pairs = workspace.align("003", "004")
    assert pairs.height >= 2 and pairs["label"].null_count() == pairs.height
    first, second = pairs.row(0, named=True), pairs.row(1, named=True)
    label_pair(workspace, first, "same")
    label_pair(workspace, second, "unrelated")
    table = workspace.table("labels")
    assert sorted(table["label"].to_list()) == ["same", "unrelated"]
    assert table["left_sentence"].null_count() == 0
    # In reading order, whatever order the sentences' fingerprints sort in.
    order = ["left_id", "left_sentence", "right_id", "right_sentence"]
    assert table.select(order).rows() == table.select(order).sort(order).rows()
    again = workspace.align("003", "004")
    assert again["label"].to_list()[:2] == ["same", "unrelated"]
    reversed_pairs = workspace.align("004", "003")
    assert reversed_pairs["label"].drop_nulls().sort().to_list() == ["same", "unrelated"]
    corpus_wide = workspace.table("alignments").filter(
        (pl.col("left_id") == "003") & (pl.col("right_id") == "004")
    )
    assert corpus_wide["label"].drop_nulls().sort().to_list() == ["same", "unrelated"]


def test_the_aligner_is_measured_against_the_labels(corpus_copy, tmp_path):
    workspace = open_copy(corpus_copy, tmp_path)
    assert workspace.evaluate_alignments().empty
    proposed = workspace.align("003", "004")
    label_pair(workspace, proposed.row(0, named=True), "same")
    label_pair(workspace, proposed.row(1, named=True), "unrelated")
    # A pair the aligner missed, paired by hand: two sentences it does not propose.
    left = workspace.article_sentences("003")
    right = workspace.article_sentences("004")
    taken_left = set(proposed["left_sentence"])
    taken_right = set(proposed["right_sentence"])
    free_left = next(s for s in left["sentence_id"] if s not in taken_left)
    free_right = next(s for s in right["sentence_id"] if s not in taken_right)
    manual = {"left_id": "003", "left_sentence": free_left, "right_id": "004"}
    label_pair(workspace, {**manual, "right_sentence": free_right}, "related", manual=True)
    result = workspace.evaluate_alignments()
    assert (result.labelled, result.positives, result.negatives) == (3, 2, 1)
    at_min = result.at_min_score
    assert at_min["true_positives"] == 1 and at_min["false_positives"] == 1
    assert at_min["precision"] == pytest.approx(0.5)
    assert at_min["recall"] == pytest.approx(0.5)
    assert result.best is not None and result.best["f1"] >= at_min["f1"]
    assert result.sweep["min_score"].is_sorted()


def test_labels_survive_an_edited_article_except_its_changed_sentences(corpus_copy, tmp_path):
    workspace = open_copy(corpus_copy, tmp_path)
    pairs = workspace.align("003", "004")
    # The kept sentence is past the lead, whose dateline cleaning removes only at the top.
    kept, changed = pairs.row(2, named=True), pairs.row(1, named=True)
    assert kept["right_sentence"] > changed["right_sentence"] > 1
    label_pair(workspace, kept, "same")
    label_pair(workspace, changed, "related")
    path = corpus_copy / workspace.article("004")["file"]
    text = path.read_text(encoding="utf-8")
    changed_text = changed["right_text"]
    assert changed_text in " ".join(text.split())
    # A new paragraph at the top shifts every sentence; the second pair's sentence is reworded.
    first_words = changed_text.split()[:4]
    edited = " ".join(text.split(" ")).replace(" ".join(first_words), "Reworded: " + first_words[0])
    path.write_text("A new opening paragraph was added here.\n\n" + edited, encoding="utf-8")
    assert main(["index", "--corpus", str(corpus_copy), "--cache", str(tmp_path / "cache")]) == 0
    reopened = open_copy(corpus_copy, tmp_path)
    table = reopened.table("labels").sort("label")
    by_label = {row["label"]: row for row in table.iter_rows(named=True)}
    assert by_label["same"]["right_sentence"] is not None
    assert by_label["same"]["right_sentence"] != kept["right_sentence"]
    assert by_label["related"]["right_sentence"] is None
    now = reopened.align("003", "004")
    assert "same" in now["label"].to_list()


def test_labels_export_import_and_log_from_the_command_line(corpus_copy, tmp_path, capsys):
    import duckdb

    workspace = open_copy(corpus_copy, tmp_path)
    pairs = workspace.align("003", "004")
    label_pair(workspace, pairs.row(0, named=True), "same")
    label_pair(workspace, pairs.row(1, named=True), "related")
    common = ["--corpus", str(corpus_copy), "--cache", str(tmp_path / "cache")]
    out = tmp_path / "labels.parquet"
    assert main(["labels", "export", str(out), *common, "--data", str(tmp_path / "data")]) == 0
    assert pl.read_parquet(out).height == 2
    assert pq.read_table(out).num_rows == 2
    assert duckdb.sql(f"select count(*) from '{out}'").fetchall() == [(2,)]
    assert pl.read_parquet_metadata(out)["workbench.table"] == "labels"
    assert main(["labels", "export", str(out), *common, "--data", str(tmp_path / "data")]) == 2
    assert "exists" in capsys.readouterr().err
    other = tmp_path / "other-data"
    for suffix in (".csv", ".jsonl"):
        copy = tmp_path / f"labels{suffix}"
        assert main(["labels", "export", str(copy), *common, "--data", str(tmp_path / "data")]) == 0
        assert main(["labels", "import", str(copy), *common, "--data", str(other)]) == 0
    assert "0 labels imported, 2 kept" in capsys.readouterr().out
    assert main(["labels", "log", *common, "--data", str(other), "--format", "csv"]) == 0
    log = capsys.readouterr().out.splitlines()
    assert len(log) == 3 and log[0].startswith("seq,")
    imported = Workspace.open(
        WorkspaceOptions(corpus=corpus_copy, data_root=other, use_cache=False)
    )
    assert sorted(imported.table("labels")["label"]) == ["related", "same"]
    assert main(["evaluate", "--alignments", *common, "--data", str(other)]) == 0
    captured = capsys.readouterr()
    assert "2 labelled pairs" in captured.err and "at min score" in captured.out
    assert main(["evaluate", "--alignments", *common, "--data", str(tmp_path / "none")]) == 0
    assert "no labelled pairs yet" in capsys.readouterr().err
    assert main(["labels", "import", str(tmp_path / "missing.csv"), *common]) == 2
    assert "no such file" in capsys.readouterr().err
    # A file made by hand without what names a sentence: which file, which line, what is missing.
    by_hand = tmp_path / "by_hand.csv"
    by_hand.write_text(
        "left_id,left_fingerprint,right_id,right_fingerprint,label\n"
        "003,f1,004,f2,same\n004,,003,f4,related\n"
    )
    assert main(["labels", "import", str(by_hand), *common]) == 2
    assert capsys.readouterr().err == f"workbench: error: {by_hand}:3: no left_fingerprint\n"
    by_hand.write_text("left_id,right_id,label\n003,004,same\n")
    assert main(["labels", "import", str(by_hand), *common]) == 2
    assert f"{by_hand}: no left_fingerprint column" in capsys.readouterr().err
    # The log is printed, never a file quietly not written.
    assert main(["labels", "log", str(tmp_path / "log.csv"), *common]) == 2
    assert "labels log prints the log and takes no FILE" in capsys.readouterr().err
    assert not (tmp_path / "log.csv").exists()


def test_labels_naming_articles_the_corpus_no_longer_has_are_said_on_opening(corpus_copy, tmp_path):
    import asyncio

    from workbench.tui.app import WorkbenchApp

    workspace = open_copy(corpus_copy, tmp_path)
    row = workspace.align("003", "004").row(0, named=True)
    label_pair(workspace, row, "same")
    assert workspace.stray_label_ids() == []
    # the file of 004 goes; its labels stay in the store, naming an article no longer there
    manifest = corpus_copy / "manifest.toml"
    entries = manifest.read_text(encoding="utf-8").split("[[article]]")
    gone = next(entry for entry in entries if 'id = "004"' in entry)
    (corpus_copy / gone.split('file = "')[1].split('"')[0]).unlink()
    manifest.write_text("[[article]]".join(e for e in entries if e is not gone), encoding="utf-8")
    reopened = open_copy(corpus_copy, tmp_path)
    assert reopened.stray_label_ids() == ["004"]

    async def warnings() -> tuple[str, ...]:
        app = WorkbenchApp(workspace=reopened)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return app.corpus_warnings

    said = asyncio.run(warnings())
    assert said[-1].startswith("labels name 1 article this corpus does not have (004): ")
    assert "`workbench manifest write`" in said[-1] and "\n" not in said[-1]


def test_labels_follow_a_corpus_moved_to_another_folder_but_not_a_copy(corpus_copy, tmp_path):
    workspace = open_copy(corpus_copy, tmp_path)
    label_pair(workspace, workspace.align("003", "004").row(0, named=True), "same")
    copied = tmp_path / "elsewhere" / "corpus"
    shutil.copytree(corpus_copy, copied)
    copy = open_copy(copied, tmp_path)
    assert copy.table("labels").is_empty() and copy.labels_moved_from is None  # the first stays
    shutil.rmtree(copied)
    moved = tmp_path / "moved" / "corpus"
    moved.parent.mkdir()
    corpus_copy.rename(moved)
    reopened = open_copy(moved, tmp_path)
    assert reopened.table("labels")["label"].to_list() == ["same"]
    assert reopened.labels_moved_from == corpus_copy.resolve()
    again = open_copy(moved, tmp_path)  # taken over once: theirs from now on, nothing said
    assert again.table("labels").height == 1 and again.labels_moved_from is None
