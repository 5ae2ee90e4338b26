"""The analyst's judgements of aligned pairs, kept per corpus in SQLite so a team can share them.

A label says of one sentence pair that the two make the ``same`` point, are ``related``, or are
``unrelated``, with an optional note, who said it and when. A pair is named by its two articles
and the fingerprints of the two sentences' texts (not their positions), so a label survives
re-indexing and any re-segmentation that keeps the sentence. The pair is stored in a canonical
order, so (a, b) and (b, a) are one pair.

Several sessions (several users over SSH, each in their own process) write at once: the
database runs in WAL mode with a busy timeout and every change is one short transaction, so no
label is lost. Every change is also appended to a log, which ``undo`` and ``workbench labels
log`` read. A database that cannot be written (read-only folder, locked too long, damaged) is a
one-line ``WorkbenchError``; readers go on read-only.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from workbench.columns import schema
from workbench.errors import WorkbenchError

LABELS = ("same", "related", "unrelated")
DATABASE_NAME = "labels.sqlite"
USER_ENV = "WORKBENCH_USER"  # set by the SSH server to the session's key comment or fingerprint
BUSY_TIMEOUT_S = 10.0
SCHEMA_VERSION = 2  # 2: the log says which change an undo undid in its own column

_PAIR_SCHEMA = schema("left_id left_fingerprint right_id right_fingerprint")
_JUDGEMENT_SCHEMA = schema("label note manual who at left_text right_text")
LABEL_SCHEMA = {**_PAIR_SCHEMA, **_JUDGEMENT_SCHEMA}
LOG_SCHEMA = schema(
    "seq at who session action left_id left_fingerprint right_id right_fingerprint label note"
    " previous_label previous_note undoes",
    undoes=pl.Int64,
)

_DDL = """
CREATE TABLE IF NOT EXISTS labels (
    left_id TEXT NOT NULL,
    left_fingerprint TEXT NOT NULL,
    right_id TEXT NOT NULL,
    right_fingerprint TEXT NOT NULL,
    label TEXT CHECK (label IS NULL OR label IN ('same', 'related', 'unrelated')),
    note TEXT,
    manual INTEGER NOT NULL DEFAULT 0,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    left_text TEXT,
    right_text TEXT,
    PRIMARY KEY (left_id, left_fingerprint, right_id, right_fingerprint)
);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    session TEXT NOT NULL,
    action TEXT NOT NULL,
    left_id TEXT NOT NULL,
    left_fingerprint TEXT NOT NULL,
    right_id TEXT NOT NULL,
    right_fingerprint TEXT NOT NULL,
    label TEXT,
    note TEXT,
    previous_label TEXT,
    previous_note TEXT,
    previous_manual INTEGER,
    previous_existed INTEGER NOT NULL,
    left_text TEXT,
    right_text TEXT,
    manual INTEGER NOT NULL DEFAULT 0,
    undoes INTEGER
);
"""
# A database of version 1 kept the change an undo undid in its note: how its log reads.
_VERSION_1_LOG = {
    "note": "CASE WHEN action = 'undo' THEN NULL ELSE note END",
    "undoes": "CASE WHEN action = 'undo' THEN CAST(note AS INTEGER) END",
}
_MIGRATE_FROM_1 = """
ALTER TABLE log ADD COLUMN undoes INTEGER;
UPDATE log SET undoes = CAST(note AS INTEGER), note = NULL WHERE action = 'undo';
"""


def default_data_root() -> Path:
    """The platform's user data directory for workbench."""
    import platformdirs

    return platformdirs.user_data_path("workbench")


def labels_dir_for(corpus: Path, root: Path | None = None) -> Path:
    """The folder holding one corpus's labels: under ``root`` (default: the platform data dir)."""
    from workbench.store.index import cache_dir_for

    return cache_dir_for(corpus, root if root is not None else default_data_root())


CORPUS_RECORD = "corpus.txt"  # beside the database: the corpus folder the labels are of


def record_corpus(directory: Path, corpus: Path) -> None:
    """Note in a labels folder which corpus folder it is for (writes a file; best effort: a
    folder that cannot be written keeps its labels all the same)."""
    record = Path(directory) / CORPUS_RECORD
    text = f"{Path(corpus).resolve()}\n"
    with contextlib.suppress(OSError, UnicodeError):
        if record.is_file() and record.read_text(encoding="utf-8") == text:
            return
        temporary = record.with_name(f".{CORPUS_RECORD}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, record)


def take_over_moved_labels(corpus: Path, root: Path | None = None) -> Path | None:
    """Move to this corpus the labels of a corpus folder of the same name that was moved here:
    a labels folder of the data root recorded for a folder of that name which is gone, when
    there is exactly one and this corpus has no labels yet (renames it; returns where the
    corpus was, else None)."""
    target = labels_dir_for(corpus, root)
    if (target / DATABASE_NAME).exists():
        return None
    prefix = target.name.rsplit("-", 1)[0] + "-"
    found = []
    with contextlib.suppress(OSError):
        for folder in target.parent.iterdir():
            if folder == target or not folder.name.startswith(prefix):
                continue
            with contextlib.suppress(OSError, UnicodeError):
                was = Path((folder / CORPUS_RECORD).read_text(encoding="utf-8").strip())
                gone = was.name == Path(corpus).resolve().name and not was.exists()
                if gone and (folder / DATABASE_NAME).is_file():
                    found.append((folder, was))
    if len(found) != 1:
        return None
    folder, was = found[0]
    try:
        if target.exists():
            target.rmdir()  # made empty, never written: gives way
        os.replace(folder, target)
    except OSError:
        return None  # another session took them over meanwhile, or the folder is in use
    record_corpus(target, corpus)
    return was


def sentence_fingerprint(norm: str) -> str:
    """The fingerprint of a sentence: a hash of its normalized text (16 hex digits)."""
    return hashlib.blake2b(" ".join(norm.split()).encode("utf-8"), digest_size=8).hexdigest()


def fingerprints(norms: pl.Series) -> pl.Series:
    """``sentence_fingerprint`` of every normalized text of a column."""
    return norms.map_elements(sentence_fingerprint, return_dtype=pl.String)


def current_user() -> str:
    """Who is labelling: the SSH key's comment or fingerprint when served, else the local user."""
    served = os.environ.get(USER_ENV, "").strip()
    if served:
        return served[:200]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


@dataclass(frozen=True)
class PairKey:
    """One sentence pair, in canonical order (the smaller (article, fingerprint) first)."""

    left_id: str
    left_fingerprint: str
    right_id: str
    right_fingerprint: str

    @classmethod
    def of(cls, a_id: str, a_fingerprint: str, b_id: str, b_fingerprint: str) -> PairKey:
        """The key of a pair given in either order."""
        first, second = sorted([(a_id, a_fingerprint), (b_id, b_fingerprint)])
        return cls(first[0], first[1], second[0], second[1])

    def swapped(self, a_id: str) -> bool:
        """True when the pair was given with ``a_id`` second (its canonical order reversed)."""
        return self.left_id != a_id


@dataclass(frozen=True)
class Label:
    """A stored judgement."""

    key: PairKey
    label: str | None
    note: str | None
    manual: bool
    who: str
    at: str


_PAIR = "left_id=? AND left_fingerprint=? AND right_id=? AND right_fingerprint=?"


def _pair(key: PairKey) -> tuple[str, str, str, str]:
    return (key.left_id, key.left_fingerprint, key.right_id, key.right_fingerprint)


def _stored(connection: sqlite3.Connection, key: PairKey, columns: str) -> tuple | None:
    """Some columns of one pair's stored row, or None."""
    return connection.execute(f"SELECT {columns} FROM labels WHERE {_PAIR}", _pair(key)).fetchone()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _prepare_for_writing(connection: sqlite3.Connection) -> None:
    """Write-ahead logging on and the tables made, retried while another session holds a lock.

    Sessions opening a new database at once each switch it to write-ahead logging; two that
    hold a read lock and both want to write are told "locked" at once, without the busy
    timeout (SQLite's way out of a deadlock): the one told so tries again shortly after.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # A new database (or an older one): its tables made in one transaction that
                # waits its turn, not in a write of every session's every change.
                connection.execute("BEGIN IMMEDIATE")
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                log_columns = {row[1] for row in connection.execute("PRAGMA table_info(log)")}
                # (a database an older workbench set back to 1 may have the column already)
                migrate = version == 1 and "undoes" not in log_columns
                script = _DDL + (_MIGRATE_FROM_1 if migrate else "")
                if version != SCHEMA_VERSION:
                    for statement in filter(str.strip, script.split(";")):
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                connection.execute("COMMIT")
            return
        except sqlite3.OperationalError as error:
            if connection.in_transaction:
                connection.rollback()
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


class UndoRefused(WorkbenchError):
    """An undo not made: another session changed the pair since this session's change."""

    def __init__(self, key: PairKey, who: str) -> None:
        super().__init__(f"not undone: {who} changed this pair since (theirs is kept)")
        self.key, self.who = key, who


class LabelStore:
    """The labels of one corpus in ``<data dir>/labels.sqlite`` (reads and writes that file)."""

    def __init__(
        self, directory: Path, session: str | None = None, corpus: Path | None = None
    ) -> None:
        self.path = Path(directory) / DATABASE_NAME
        self.corpus = corpus  # recorded beside the database when it is written (if given)
        self._recorded = False
        self.session = session or f"{os.getpid()}-{time.time_ns()}"
        self.who = current_user()
        self.read_only_reason: str | None = None
        # The labels as last read, with the database's version then (``_version``).
        self._read: tuple[tuple, pl.DataFrame] | None = None

    def _version(self) -> tuple | None:
        """What changes whenever the database does: its file's and its write-ahead log's
        identity, size and modification time (None: no database yet)."""
        try:
            main = self.path.stat()
        except OSError:
            return None
        try:
            log = os.stat(f"{self.path}-wal")
            log_key: tuple | None = (log.st_ino, log.st_size, log.st_mtime_ns)
        except OSError:
            log_key = None
        return (main.st_ino, main.st_size, main.st_mtime_ns, log_key)

    # -- connection ---------------------------------------------------------------------

    def _problem(self, error: Exception) -> WorkbenchError:
        text = str(error)
        if isinstance(error, sqlite3.OperationalError) and "locked" in text:
            return WorkbenchError(f"labels {self.path}: database is locked by another session")
        if isinstance(error, sqlite3.DatabaseError) and (
            "malformed" in text or "not a database" in text
        ):
            return WorkbenchError(f"labels {self.path}: database is damaged ({text})")
        if isinstance(error, OSError):
            return WorkbenchError(f"labels {self.path}: {error.strerror or error}")
        return WorkbenchError(f"labels {self.path}: {text}")

    @contextlib.contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            raise FileNotFoundError(self.path)
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if self.corpus is not None and not self._recorded:
                    record_corpus(self.path.parent, self.corpus)
                    self._recorded = True
                connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
            else:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
        except (sqlite3.Error, OSError) as error:
            raise self._problem(error) from None
        try:
            if write:
                _prepare_for_writing(connection)
            yield connection
        except (sqlite3.Error, OSError) as error:
            raise self._problem(error) from None
        finally:
            connection.close()
            if write:
                self._read = None

    def check_writable(self) -> str | None:
        """None when labels can be written here, else the one-line reason (and remembers it)."""
        try:
            with self._connect(write=True) as connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
            self.read_only_reason = None
        except WorkbenchError as error:
            self.read_only_reason = str(error)
        return self.read_only_reason

    # -- reading ------------------------------------------------------------------------

    def _select(self, sql: str) -> list[tuple]:
        """Rows of a query; none while nothing was ever labelled here."""
        try:
            with self._connect(write=False) as connection:
                return connection.execute(sql).fetchall()
        except FileNotFoundError:
            return []
        except WorkbenchError as error:
            if "no such table" in str(error):
                return []
            raise

    def frame(self) -> pl.DataFrame:
        """Every current label (a pair whose label was cleared and has no note is not listed).

        Read again only when the database changed since (by this session or another): Compare
        asks for the labels of every pair it aligns.
        """
        version = self._version()
        if version is None:
            return _NO_LABELS
        if self._read is not None and self._read[0] == version:
            return self._read[1]
        for _ in range(2):  # the first read of a session makes the log's files: read again
            frame = self._frame()
            after = self._version()
            if after == version:  # nothing was written while reading
                self._read = (version, frame)
                break
            version = after
        return frame

    def _frame(self) -> pl.DataFrame:
        rows = self._select(
            f"SELECT {', '.join(LABEL_SCHEMA)} FROM labels"
            " WHERE label IS NOT NULL OR note IS NOT NULL"
            " ORDER BY left_id, right_id, left_fingerprint, right_fingerprint"
        )
        if not rows:
            return _NO_LABELS
        return pl.DataFrame(
            [(*row[:6], bool(row[6]), *row[7:]) for row in rows], schema=LABEL_SCHEMA, orient="row"
        )

    def get(self, key: PairKey) -> Label | None:
        """The label of one pair, or None."""
        frame = self.frame().filter(
            (pl.col("left_id") == key.left_id)
            & (pl.col("left_fingerprint") == key.left_fingerprint)
            & (pl.col("right_id") == key.right_id)
            & (pl.col("right_fingerprint") == key.right_fingerprint)
        )
        if frame.is_empty():
            return None
        row = frame.row(0, named=True)
        return Label(key, row["label"], row["note"], row["manual"], row["who"], row["at"])

    def log(self) -> pl.DataFrame:
        """Every change ever made, oldest first."""
        columns = ", ".join(LOG_SCHEMA)
        try:
            rows = self._select(f"SELECT {columns} FROM log ORDER BY seq")
        except WorkbenchError as error:
            if "no such column: undoes" not in str(error):
                raise
            # A database of version 1 that this session may not migrate (read-only).
            version_1 = ", ".join(_VERSION_1_LOG.get(name, name) for name in LOG_SCHEMA)
            rows = self._select(f"SELECT {version_1} FROM log ORDER BY seq")
        return pl.DataFrame(rows, schema=LOG_SCHEMA, orient="row")

    # -- writing ------------------------------------------------------------------------

    def _apply(
        self,
        connection: sqlite3.Connection,
        key: PairKey,
        action: str,
        label: str | None,
        note: str | None,
        manual: bool,
        texts: tuple[str | None, str | None],
        at: str,
        who: str,
    ) -> None:
        """Write one change and its log entry (inside the caller's transaction)."""
        previous = _stored(connection, key, "label, note, manual")
        connection.execute(
            "INSERT INTO labels (left_id, left_fingerprint, right_id, right_fingerprint, label,"
            " note, manual, who, at, left_text, right_text) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT DO UPDATE SET label=excluded.label, note=excluded.note,"
            " manual=excluded.manual, who=excluded.who, at=excluded.at,"
            " left_text=coalesce(excluded.left_text, left_text),"
            " right_text=coalesce(excluded.right_text, right_text)",
            (*_pair(key), label, note, int(manual), who, at, *texts),
        )
        connection.execute(
            "INSERT INTO log (at, who, session, action, left_id, left_fingerprint, right_id,"
            " right_fingerprint, label, note, previous_label, previous_note, previous_manual,"
            " previous_existed, left_text, right_text, manual)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                at,
                who,
                self.session,
                action,
                *_pair(key),
                label,
                note,
                previous[0] if previous else None,
                previous[1] if previous else None,
                previous[2] if previous else None,
                int(previous is not None),
                *texts,
                int(manual),
            ),
        )

    def set(
        self,
        key: PairKey,
        label: str | None,
        *,
        note: str | None = None,
        keep_note: bool = True,
        manual: bool | None = None,
        texts: tuple[str | None, str | None] = (None, None),
    ) -> None:
        """Label a pair (None clears the label); ``note`` None keeps the note it had."""
        if label is not None and label not in LABELS:
            raise WorkbenchError(f"unknown label '{label}' (labels: {', '.join(LABELS)})")
        with self._connect(write=True) as connection, connection:
            connection.execute("BEGIN IMMEDIATE")
            old = _stored(connection, key, "note, manual")
            if note is None and keep_note and old is not None:
                note = old[0]
            was_manual = bool(old[1]) if old is not None else False
            self._apply(
                connection,
                key,
                "clear" if label is None else "set",
                label,
                note.strip() or None if note else None,
                was_manual if manual is None else manual,
                texts,
                _now(),
                self.who,
            )

    def set_note(self, key: PairKey, note: str | None) -> None:
        """Attach (or, with None or blank, remove) a note, keeping the label."""
        with self._connect(write=True) as connection, connection:
            connection.execute("BEGIN IMMEDIATE")
            old = _stored(connection, key, "label, manual")
            self._apply(
                connection,
                key,
                "note",
                old[0] if old else None,
                (note or "").strip() or None,
                bool(old[1]) if old else False,
                (None, None),
                _now(),
                self.who,
            )

    def undo(self) -> tuple[PairKey, Label | None] | None:
        """Undo this session's last change not yet undone: the pair and its label after (None:
        no label any more); None when this session has nothing left to undo. A change that
        another session changed again since is not undone (``UndoRefused``): theirs is kept."""
        with self._connect(write=True) as connection, connection:
            connection.execute("BEGIN IMMEDIATE")
            undone = {
                row[0]
                for row in connection.execute(
                    "SELECT undoes FROM log WHERE session=? AND action='undo'", (self.session,)
                )
            }
            rows = connection.execute(
                "SELECT seq, left_id, left_fingerprint, right_id, right_fingerprint,"
                " previous_label, previous_note, previous_manual, previous_existed FROM log"
                " WHERE session=? AND action != 'undo' ORDER BY seq DESC",
                (self.session,),
            ).fetchall()
            last = next((row for row in rows if row[0] not in undone), None)
            if last is None:
                return None
            seq, *ids, label, note, manual, existed = last
            key = PairKey(*ids)
            since = connection.execute(
                f"SELECT who FROM log WHERE seq > ? AND session != ? AND {_PAIR}"
                " ORDER BY seq DESC LIMIT 1",
                (seq, self.session, *ids),
            ).fetchone()
            if since is not None:
                raise UndoRefused(key, since[0])
            current = _stored(connection, key, "label, note, manual")
            at = _now()
            if existed:
                connection.execute(
                    f"UPDATE labels SET label=?, note=?, manual=?, who=?, at=? WHERE {_PAIR}",
                    (label, note, manual or 0, self.who, at, *ids),
                )
            else:
                connection.execute(f"DELETE FROM labels WHERE {_PAIR}", tuple(ids))
            connection.execute(
                "INSERT INTO log (at, who, session, action, left_id, left_fingerprint, right_id,"
                " right_fingerprint, label, note, previous_label, previous_note,"
                " previous_manual, previous_existed, manual, undoes)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    at,
                    self.who,
                    self.session,
                    "undo",
                    *ids,
                    label if existed else None,
                    note if existed else None,
                    *(current if current is not None else (None, None, None)),
                    int(current is not None),
                    manual or 0,
                    seq,
                ),
            )
        return key, (Label(key, label, note, bool(manual), self.who, at) if existed else None)

    def import_frame(self, frame: pl.DataFrame) -> tuple[int, int]:
        """Merge labels (rows of ``LABEL_SCHEMA``): the newer ``at`` wins; (written, kept)."""
        missing = [
            c
            for c in ("left_id", "left_fingerprint", "right_id", "right_fingerprint", "label")
            if c not in frame.columns
        ]
        if missing:
            raise WorkbenchError(f"labels to import have no {missing[0]} column")
        written = kept = 0
        rows = frame.to_dicts()
        with self._connect(write=True) as connection, connection:
            connection.execute("BEGIN IMMEDIATE")
            for row in rows:
                label = row.get("label")
                if label is not None and label not in LABELS:
                    raise WorkbenchError(f"unknown label '{label}' in the labels to import")
                key = PairKey.of(
                    row["left_id"],
                    row["left_fingerprint"],
                    row["right_id"],
                    row["right_fingerprint"],
                )
                swapped = key.left_id != row["left_id"] or (
                    key.left_fingerprint != row["left_fingerprint"]
                )
                texts = (row.get("left_text"), row.get("right_text"))
                if swapped:
                    texts = texts[::-1]
                at = row.get("at") or _now()
                existing = _stored(connection, key, "at")
                if existing is not None and existing[0] >= at:
                    kept += 1
                    continue
                self._apply(
                    connection,
                    key,
                    "import",
                    label,
                    row.get("note"),
                    bool(row.get("manual") or False),
                    texts,
                    at,
                    row.get("who") or self.who,
                )
                written += 1
        return written, kept


# A pair read the other way round: its left side becomes the right one.
_SWAP_SIDES = {
    f"{side}_{column}": f"{other}_{column}"
    for side, other in (("left", "right"), ("right", "left"))
    for column in ("id", "sentence")
}

# A label resolved to today's sentences: their ids (null where the text is gone) lead.
RESOLVED_SCHEMA = {
    **schema("left_id left_sentence right_id right_sentence"),
    **_JUDGEMENT_SCHEMA,
    **schema("left_fingerprint right_fingerprint"),
}


# Empty frames made once: Compare asks for a pair's labels on every alignment, and most
# corpora have none (polars frames are not changed in place here).
_NO_LABELS = pl.DataFrame(schema=LABEL_SCHEMA)
_NO_RESOLVED = pl.DataFrame(schema=RESOLVED_SCHEMA)


def label_pairs(labels: pl.DataFrame, sentences: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Labels resolved to today's sentences: each side's sentence id (null if the text is gone).

    ``sentences`` needs article_id, sentence_id and norm; only the labelled articles' sentences
    are fingerprinted. When a sentence's text occurs twice in an article, the first occurrence
    stands for it.
    """
    if labels.is_empty():
        return _NO_RESOLVED
    articles = pl.concat([labels["left_id"], labels["right_id"]]).unique()
    # A lazy scan (a large corpus's partitions) reads only the labelled articles' sentences.
    wanted = sentences.lazy().filter(pl.col("article_id").is_in(articles.implode())).collect()
    ids = wanted.select(
        "article_id",
        pl.col("sentence_id").cast(pl.Int32),
        fingerprints(wanted["norm"]).alias("fingerprint"),
    ).unique(["article_id", "fingerprint"], keep="first", maintain_order=True)
    for side in ("left", "right"):
        labels = labels.join(
            ids.rename(
                {
                    "article_id": f"{side}_id",
                    "fingerprint": f"{side}_fingerprint",
                    "sentence_id": f"{side}_sentence",
                }
            ),
            on=[f"{side}_id", f"{side}_fingerprint"],
            how="left",
        )
    missing = [pl.lit(None).alias(c) for c in RESOLVED_SCHEMA if c not in labels.columns]
    return (
        labels.with_columns(missing)
        .select(list(RESOLVED_SCHEMA))
        .cast(RESOLVED_SCHEMA)
        # In reading order: by article, then sentence (a pair of a sentence not found, last).
        .sort(
            ["left_id", "left_sentence", "right_id", "right_sentence", "left_fingerprint"],
            nulls_last=True,
            maintain_order=True,
        )
    )


def with_labels(
    pairs: pl.DataFrame | pl.LazyFrame, resolved: pl.DataFrame
) -> pl.DataFrame | pl.LazyFrame:
    """``pairs`` (left_id, left_sentence, right_id, right_sentence, …) with their ``label``."""
    unlabelled = pl.lit(None, dtype=RESOLVED_SCHEMA["label"]).alias("label")
    if resolved.is_empty() and isinstance(pairs, pl.DataFrame):  # no join to make
        pairs = pairs.drop("label") if "label" in pairs.columns else pairs
        return pairs.hstack([pl.Series("label", [None] * pairs.height, RESOLVED_SCHEMA["label"])])
    keys = ["left_id", "left_sentence", "right_id", "right_sentence"]
    found = resolved.filter(
        pl.col("label").is_not_null()
        & pl.col("left_sentence").is_not_null()
        & pl.col("right_sentence").is_not_null()
    ).select(*keys, "label")
    if found.is_empty():
        return pairs.drop("label", strict=False).with_columns(unlabelled)
    both_ways = pl.concat(
        [
            found,
            found.rename(_SWAP_SIDES).select(found.columns),
        ]
    ).unique(keys, keep="first", maintain_order=True)
    if isinstance(pairs, pl.LazyFrame):  # a lazy scan of a large table stays lazy
        both_ways = both_ways.lazy()
    labelled = pairs.drop("label", strict=False).join(
        both_ways, on=keys, how="left", maintain_order="left"
    )
    return labelled
