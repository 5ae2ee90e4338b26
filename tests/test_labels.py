"""Saved judgements of aligned pairs: SQLite shared by several sessions, a log, undo, import."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from workbench.errors import WorkbenchError
from workbench.store.labels import (
    LabelStore,
    PairKey,
    UndoRefused,
    _prepare_for_writing,
    current_user,
    label_pairs,
    sentence_fingerprint,
)


def key(n: int = 0) -> PairKey:
    return PairKey.of("b", f"fb{n}", "a", f"fa{n}")


def test_a_pair_is_one_pair_in_either_order():
    assert PairKey.of("b", "x", "a", "y") == PairKey.of("a", "y", "b", "x")
    assert PairKey.of("b", "x", "a", "y").left_id == "a"


def test_label_note_clear_and_the_log(tmp_path: Path):
    store = LabelStore(tmp_path)
    store.set(key(), "same", texts=("sentence a", "sentence b"))
    store.set_note(key(), "both quote Lavrov")
    store.set(key(), "related")
    label = store.get(key())
    assert (label.label, label.note, label.who) == ("related", "both quote Lavrov", current_user())
    frame = store.frame()
    assert frame.height == 1
    assert frame.row(0, named=True)["left_text"] == "sentence a"
    store.set(key(), None, keep_note=False)
    assert store.frame().is_empty()
    log = store.log()
    assert log["action"].to_list() == ["set", "note", "set", "clear"]
    assert log["previous_label"].to_list() == [None, "same", "same", "related"]


def test_labels_read_again_only_when_any_session_changed_them(tmp_path: Path, monkeypatch):
    mine = LabelStore(tmp_path, session="mine")
    theirs = LabelStore(tmp_path, session="theirs")
    assert mine.frame().is_empty()  # no database yet
    theirs.set(key(1), "same")
    assert mine.frame()["label"].to_list() == ["same"]  # another session's write is seen
    queries = []
    monkeypatch.setattr(mine, "_select", lambda sql: queries.append(sql) or [])
    assert mine.frame()["label"].to_list() == ["same"]  # unchanged: not read again
    assert queries == []
    monkeypatch.undo()
    theirs.set(key(2), "related")
    assert sorted(mine.frame()["label"].to_list()) == ["related", "same"]
    mine.set(key(2), None, keep_note=False)  # its own write too
    assert mine.frame()["label"].to_list() == ["same"]


def test_undo_walks_back_this_sessions_changes_only(tmp_path: Path):
    mine = LabelStore(tmp_path, session="mine")
    theirs = LabelStore(tmp_path, session="theirs")
    mine.set(key(1), "same")
    mine.set(key(1), "unrelated")
    theirs.set(key(2), "related")
    undone, label = mine.undo()
    assert undone == key(1) and label.label == "same"
    assert mine.undo() == (key(1), None)  # the pair had no label before: removed
    assert mine.get(key(1)) is None
    assert mine.undo() is None  # nothing left of this session
    assert theirs.get(key(2)).label == "related"
    assert mine.log()["action"].to_list().count("undo") == 2


def test_undo_keeps_a_change_another_session_made_since(tmp_path: Path):
    mine = LabelStore(tmp_path, session="mine")
    theirs = LabelStore(tmp_path, session="theirs")
    theirs.who = "alice"
    mine.set(key(1), "unrelated")
    theirs.set(key(1), "same")
    with pytest.raises(UndoRefused, match="alice changed this pair since"):
        mine.undo()
    assert mine.get(key(1)).label == "same"  # alice's label kept
    assert mine.log()["action"].to_list() == ["set", "set"]


def test_the_log_says_what_an_undo_restored_and_what_it_replaced(tmp_path: Path):
    store = LabelStore(tmp_path, session="mine")
    store.set(key(1), "same", note="first")
    store.set(key(1), "related", note="second")
    store.undo()
    undo = store.log().row(-1, named=True)
    assert (undo["action"], undo["label"], undo["note"]) == ("undo", "same", "first")
    assert (undo["previous_label"], undo["previous_note"]) == ("related", "second")
    assert undo["undoes"] == store.log()["seq"][1]


def test_a_version_1_database_is_read_and_migrated(tmp_path: Path):
    store = LabelStore(tmp_path, session="mine")
    store.set(key(1), "same")
    store.set(key(1), "related")
    connection = sqlite3.connect(store.path)
    # The database as version 1 left it: no undoes column, an undo's target in its note.
    connection.executescript(
        "ALTER TABLE log DROP COLUMN undoes;"
        "INSERT INTO log (at, who, session, action, left_id, left_fingerprint, right_id,"
        " right_fingerprint, label, note, previous_existed)"
        " SELECT at, who, session, 'undo', left_id, left_fingerprint, right_id,"
        " right_fingerprint, 'same', '2', 1 FROM log WHERE seq = 2;"
        "UPDATE labels SET label = 'same';"
        "PRAGMA user_version = 1;"
    )
    connection.close()
    read_only = store.log()  # read before any write migrates it
    assert read_only["undoes"].to_list() == [None, None, 2]
    assert read_only["note"].to_list() == [None, None, None]
    assert store.undo() == (key(1), None)  # change 2 was undone: change 1 is next
    log = store.log()
    assert log["undoes"].to_list() == [None, None, 2, 1]
    assert sqlite3.connect(store.path).execute("PRAGMA user_version").fetchone()[0] == 2
    # An older workbench on the same folder sets the version back to 1: nothing to migrate.
    connection = sqlite3.connect(store.path)
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    store.set(key(2), "same")
    assert store.log()["undoes"].to_list() == [None, None, 2, 1, None]


def _label_many(directory: str, worker: int, count: int) -> None:
    store = LabelStore(Path(directory), session=f"worker-{worker}")
    for n in range(count):
        store.set(PairKey.of("a", f"w{worker}-{n}", "b", "x"), "same")


def test_several_processes_writing_at_once_lose_no_label(tmp_path: Path):
    workers, count = 4, 40
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_label_many, args=(str(tmp_path), w, count)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    store = LabelStore(tmp_path)
    assert store.frame().height == workers * count
    assert store.log().height == workers * count
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


class _LockedAtFirst:
    """A connection whose first attempts at one statement are told "locked" at once, as SQLite
    tells one of two sessions that would otherwise wait for each other."""

    def __init__(self, connection: sqlite3.Connection, statement: str, times: int) -> None:
        self.connection, self.statement, self.left = connection, statement, times

    def execute(self, sql: str):
        if sql == self.statement and self.left:
            self.left -= 1
            raise sqlite3.OperationalError("database is locked")
        return self.connection.execute(sql)

    def executescript(self, sql: str):
        return self.connection.executescript(sql)

    def rollback(self) -> None:
        self.connection.rollback()

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction


def test_a_session_told_locked_while_opening_the_database_tries_again(tmp_path: Path):
    connection = sqlite3.connect(tmp_path / "labels.sqlite")
    locked = _LockedAtFirst(connection, "PRAGMA journal_mode=WAL", times=3)
    _prepare_for_writing(locked)
    assert locked.left == 0
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"labels", "log"} <= tables


def test_other_errors_while_opening_the_database_are_not_retried(tmp_path: Path):
    connection = sqlite3.connect(tmp_path / "labels.sqlite")

    class Broken(_LockedAtFirst):
        def execute(self, sql: str):
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _prepare_for_writing(Broken(connection, "", 0))


def test_labels_follow_sentence_texts_not_positions():
    before = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "sentence_id": [0, 1, 0],
            "norm": ["first sentence", "the reset was announced", "the reset was announced."],
        }
    )
    labels = pl.DataFrame(
        {
            "left_id": ["a"],
            "left_fingerprint": [sentence_fingerprint("the reset was announced")],
            "right_id": ["b"],
            "right_fingerprint": [sentence_fingerprint("the reset was announced.")],
            "label": ["same"],
        }
    )
    resolved = label_pairs(labels, before)
    assert resolved.select("left_sentence", "right_sentence").row(0) == (1, 0)
    # A sentence added before it: the label moves with the text.
    after = pl.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "sentence_id": [0, 1, 2, 0],
            "norm": ["new lead", "first sentence", "the reset was announced", "something else"],
        }
    )
    moved = label_pairs(labels, after)
    assert moved.select("left_sentence", "right_sentence").row(0) == (2, None)


def test_import_merges_with_the_newer_judgement_winning(tmp_path: Path):
    store = LabelStore(tmp_path / "one")
    store.set(key(1), "same")
    store.set(key(2), "related")
    exported = store.frame()
    other = LabelStore(tmp_path / "two")
    other.set(key(2), "unrelated")  # newer than the export
    written, kept = other.import_frame(exported)
    assert (written, kept) == (1, 1)
    assert other.get(key(1)).label == "same"
    assert other.get(key(2)).label == "unrelated"
    with pytest.raises(WorkbenchError, match="unknown label 'maybe'"):
        other.import_frame(exported.with_columns(pl.lit("maybe").alias("label")))


def test_a_read_only_folder_is_said_in_one_line_and_reading_goes_on(tmp_path: Path):
    store = LabelStore(tmp_path / "ro")
    store.set(key(), "same")
    blocked = LabelStore(tmp_path / "file-not-folder")
    (tmp_path / "file-not-folder").write_text("x")
    reason = blocked.check_writable()
    assert reason is not None and "\n" not in reason and "labels" in reason
    with pytest.raises(WorkbenchError):
        blocked.set(key(), "same")
    assert blocked.frame().is_empty()
    assert store.frame().height == 1


def test_a_damaged_database_is_one_line(tmp_path: Path):
    store = LabelStore(tmp_path)
    store.path.write_bytes(b"this is not a database at all, just bytes" * 100)
    with pytest.raises(WorkbenchError, match="damaged") as error:
        store.frame()
    assert "\n" not in str(error.value)
    assert store.check_writable() is not None


def test_a_lock_held_too_long_is_one_line(tmp_path: Path, monkeypatch):
    from workbench.store import labels

    monkeypatch.setattr(labels, "BUSY_TIMEOUT_S", 0.2)
    store = LabelStore(tmp_path)
    store.set(key(), "same")
    holder = sqlite3.connect(store.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkbenchError, match="locked by another session"):
            store.set(key(), "related")
    finally:
        holder.rollback()
        holder.close()
    assert store.get(key()).label == "same"


def test_the_served_user_is_the_key_named_by_the_server(monkeypatch):
    monkeypatch.setenv("WORKBENCH_USER", "ana@laptop")
    assert current_user() == "ana@laptop"
    monkeypatch.delenv("WORKBENCH_USER")
    assert current_user()  # the local account
