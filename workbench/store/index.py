"""The on-disk index: ingested documents and computed tables as Parquet, keyed by fingerprints.

Layout of one corpus's cache directory (see ``cache_dir_for``)::

    corpus.json                     pointer to the current snapshot + what it was built from
    snapshot-<token>/files.parquet  one row per article file: path, size, mtime_ns, content
                                    hash, the key of its metadata and rules, its article id
    snapshot-<token>/<frame>.parquet  the corpus frames (articles, sentences, removed, documents)
    tables/<key hash>/<table>.parquet  computed tables, each stamped with its full key

A snapshot is written whole into a fresh directory and then published by replacing
``corpus.json`` atomically, so readers never see half of one, even with several processes
opening the same corpus. Everything read back is checked (format marker, key, schema); anything
that does not check out is ignored and rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl

from workbench import __version__
from workbench.corpus.listing import FileSkipped, Listing, ReadPolicy, list_article_files
from workbench.errors import WorkbenchError
from workbench.store.parquet import read_parquet_checked, write_parquet_atomic, write_text_atomic
from workbench.store.table_cache import (  # noqa: F401  (re-exported: the index's public face)
    CACHE_FORMAT,
    TableCache,
    cache_marks,
    table_cache_key,
)

_RACY_NS = 2_000_000_000  # files modified this close to a scan get their hash checked next time
_STALE_SNAPSHOT_S = 300  # superseded snapshots are removed once this old (readers may linger)


def default_cache_root() -> Path:
    """The platform's user cache directory for workbench."""
    import platformdirs

    return platformdirs.user_cache_path("workbench")


def cache_dir_for(corpus_dir: Path, root: Path | None = None) -> Path:
    """The cache directory of one corpus: under ``root`` (default: the platform cache dir)."""
    corpus_dir = Path(corpus_dir).resolve()
    digest = hashlib.sha256(os.fsencode(corpus_dir)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", corpus_dir.name)[:40] or "corpus"
    return Path(root if root is not None else default_cache_root()).resolve() / f"{name}-{digest}"


def check_cache_location(cache_dir: Path, corpus_dir: Path) -> None:
    """Refuse a cache directory inside the corpus directory: the corpus is never written to."""
    cache = Path(cache_dir).resolve()
    corpus = Path(corpus_dir).resolve()
    if cache == corpus or corpus in cache.parents:
        raise WorkbenchError(
            f"cache directory {cache} is inside the corpus directory {corpus}; choose another"
        )


# --------------------------------------------------------------------------------------------
# The corpus snapshot
# --------------------------------------------------------------------------------------------


def content_hash(raw: bytes) -> str:
    """The fingerprint of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def file_hash(path: str, max_bytes: int) -> str:
    """The fingerprint of a file's bytes, read (FileSkipped if it may not be)."""
    from workbench.corpus.listing import read_file_bytes

    return content_hash(read_file_bytes(path, max_bytes))


def _hash_lines(lines: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for line in lines:
        digest.update(line.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


_FINGERPRINTS: dict[int, tuple[weakref.ref, str]] = {}


def corpus_fingerprint(corpus) -> str:
    """A fingerprint of a corpus's content: every article's metadata and original text."""
    known = _FINGERPRINTS.get(id(corpus))
    if known is not None and known[0]() is corpus:
        return known[1]
    fingerprint = fingerprint_of_digests([content_digest(corpus)])
    _remember_fingerprint(corpus, fingerprint)
    return fingerprint


# Digests are added modulo 2**64 so that a corpus read in partitions (any number, any engine)
# has the fingerprint of the same corpus read whole: the sum does not depend on the grouping.
_DIGEST_MODULUS = 2**64


def content_digest(corpus) -> str:
    """The sum of the hashes of a corpus's (or a partition's) article rows and texts."""
    rows = (
        json.dumps(row, default=str, ensure_ascii=False, sort_keys=True)
        for row in corpus.articles.iter_rows(named=True)
    )
    documents = corpus.documents
    texts = (f"{i}\x01{t}" for i, t in zip(documents["article_id"], documents["text"], strict=True))
    total = 0
    for line in (*(f"row\x00{r}" for r in rows), *(f"text\x00{t}" for t in texts)):
        total += int(_hash_lines([line]), 16)
    return f"{total % _DIGEST_MODULUS:016x}"


def fingerprint_of_digests(digests: Iterable[str]) -> str:
    """The corpus fingerprint of the content digests of its parts, in any order."""
    total = sum(int(digest, 16) for digest in digests) % _DIGEST_MODULUS
    return _hash_lines([f"format={CACHE_FORMAT}", f"{total:016x}"])


def _remember_fingerprint(corpus, fingerprint: str) -> None:
    """Memoize a corpus's fingerprint for as long as the corpus object lives."""
    key = id(corpus)
    try:
        ref = weakref.ref(corpus, lambda _ref: _FINGERPRINTS.pop(key, None))
    except TypeError:  # not weak-referenceable: compute again next time
        return
    _FINGERPRINTS[key] = (ref, fingerprint)


def _progress_every(progress: Callable[[int, int], None] | None, total: int):
    """A callback reporting at most ~200 times over ``total`` steps (and always the last)."""
    if progress is None:
        return lambda done: None
    step = max(1, total // 200)
    last = [-1]

    def report(done: int) -> None:
        if done == total or done - last[0] >= step:
            last[0] = done
            progress(done, total)

    return report


# --------------------------------------------------------------------------------------------
# Ingested documents: a snapshot of the corpus frames + the files they came from
# --------------------------------------------------------------------------------------------

POINTER_NAME = "corpus.json"
FILES_SCHEMA = pl.Schema(
    {
        "file": pl.String,  # relative to the corpus directory, forward slashes
        "article_id": pl.String,
        "size": pl.Int64,
        "mtime_ns": pl.Int64,
        "content_hash": pl.String,
        "meta_key": pl.String,  # manifest entry + rules + ingest code the rows were made with
        "skipped": pl.Boolean,
        "warnings": pl.List(pl.String),
        "meta": pl.String,  # the manifest entry as JSON; null for a file without one
    }
)
# Code (and data) whose change changes what ingest produces: every module of the corpus stage.
_INGEST_CODE = ("corpus",)
_INGEST_DATA = ("data/words.txt.gz", "data/headline.toml", "data/outlets.toml")


def _frame_schemas() -> dict[str, pl.Schema]:
    from workbench.corpus import ingest

    return {
        "articles": pl.Schema(ingest.ARTICLE_SCHEMA),
        "sentences": pl.Schema(ingest.SENTENCE_SCHEMA),
        "removed": pl.Schema(ingest.REMOVED_SCHEMA),
        "documents": pl.Schema(ingest.DOCUMENT_SCHEMA),
        "files": FILES_SCHEMA,
    }


def code_fingerprint(
    packages: tuple[str, ...], data: tuple[str, ...] = (), root: Path | None = None
) -> str:
    """The workbench version and the content of the code of ``packages`` and data.

    ``packages`` are folders (every ``.py`` below them) or files, relative to ``root`` (default:
    the workbench package). Content, not modification times: the same code installed again (a
    new virtualenv, a rebuilt container, a file checked out again) keeps every index, which at
    100,000 articles takes a quarter of an hour to build.
    """
    root = root if root is not None else Path(__file__).resolve().parent.parent
    parts = [f"workbench={__version__}", f"format={CACHE_FORMAT}"]
    files = sorted(
        p
        for package in packages
        for p in ((root / package).rglob("*.py") if (root / package).is_dir() else [root / package])
    )
    files += [root / name for name in data]
    for path in files:
        name = path.relative_to(root).as_posix()
        try:
            parts.append(f"{name}:{_file_digest(path)}")
        except OSError:
            parts.append(f"{name}:-")
    return _hash_lines(parts)


# A file's content hash by its state (path, size, mtime): each file is read once per state in a
# process (the tables' planner asks for the analysis code's fingerprint again and again).
_FILE_DIGESTS: dict[tuple[str, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """The BLAKE2b hash of a file's content (OSError if it cannot be read)."""
    stat = path.stat()
    key = (os.fspath(path), stat.st_size, stat.st_mtime_ns)
    found = _FILE_DIGESTS.get(key)
    if found is None:
        found = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        _FILE_DIGESTS[key] = found
    return found


def _code_fingerprint() -> str:
    """The state of the ingest code."""
    return code_fingerprint(_INGEST_CODE, _INGEST_DATA)


def _meta_key(meta, rules_fingerprint: str, code: str, inferred_id: str | None = None) -> str:
    """What, besides its bytes, decides a document's rows: its manifest entry, rules, code,
    and the id of a file without an entry when its stem's is not its own."""
    fields = None if meta is None else dataclasses.asdict(meta)
    lines = [json.dumps(fields, ensure_ascii=False, sort_keys=True), rules_fingerprint, code]
    return _hash_lines([*lines, f"id:{inferred_id}"] if inferred_id else lines)


def _manifest_hash(directory: Path) -> str:
    """The fingerprint of the corpus's metadata files: its manifest and its sidecar."""
    from workbench.corpus.manifest import MANIFEST_NAME
    from workbench.corpus.sidecar import SIDECAR_NAMES
    from workbench.store.tomlfile import MAX_TOML_BYTES

    parts = []
    for name in (MANIFEST_NAME, *SIDECAR_NAMES):
        path = directory / name
        if not os.path.lexists(path):
            continue
        limit = MAX_TOML_BYTES if name == MANIFEST_NAME else ReadPolicy().max_file_bytes
        try:
            parts.append(f"{name}:{file_hash(os.fspath(path), limit)}")
        except FileSkipped as reason:
            parts.append(f"{name}: unreadable: {reason}")  # reading it will say what is wrong
    return _hash_lines(parts) if parts else "-"


class _Snapshot:
    """A published corpus snapshot read back from a cache directory (checked on reading)."""

    def __init__(self, pointer: dict, frames: dict[str, pl.DataFrame]) -> None:
        self.pointer = pointer
        self.frames = frames

    @property
    def files(self) -> pl.DataFrame:
        return self.frames["files"]


def current_snapshot(cache_dir: Path) -> str | None:
    """The name of the published corpus snapshot in ``cache_dir``, if any (reads a file)."""
    try:
        return json.loads((Path(cache_dir) / POINTER_NAME).read_text(encoding="utf-8")).get(
            "snapshot"
        )
    except (OSError, ValueError, AttributeError):
        return None


def read_published(path: Path, directory: Path, **fields: object) -> dict | None:
    """The JSON object an index published at ``path``, if this version of the workbench wrote it
    for the corpus ``directory`` (with ``fields`` as given); None otherwise (reads a file)."""
    try:
        published = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(published, dict):
        return None
    expected = {
        "format": CACHE_FORMAT,
        "workbench": __version__,
        "corpus_dir": str(Path(directory).resolve()),
        **fields,
    }
    if any(published.get(key) != value for key, value in expected.items()):
        return None  # another version's, another corpus's: rebuilt, not trusted
    return published


def _read_pointer(cache_dir: Path, directory: Path) -> dict | None:
    pointer = read_published(cache_dir / POINTER_NAME, directory)
    if pointer is None:
        return None
    if not re.fullmatch(r"snapshot-[0-9a-f]{16}", str(pointer.get("snapshot", ""))):
        return None
    return pointer


def _read_snapshot(cache_dir: Path, directory: Path) -> _Snapshot | None:
    """The current snapshot of ``cache_dir`` if every part of it checks out (reads files)."""
    pointer = _read_pointer(cache_dir, directory)
    if pointer is None:
        return None
    folder = cache_dir / pointer["snapshot"]
    frames: dict[str, pl.DataFrame] = {}
    for name, schema in _frame_schemas().items():
        marks = cache_marks(pointer["snapshot"], name)
        frame = read_parquet_checked(folder / f"{name}.parquet", marks, schema)
        if frame is None:
            return None
        frames[name] = frame
    kept = frames["files"].filter(~pl.col("skipped"))
    ids = frames["articles"]["article_id"]
    if (
        kept.height != frames["articles"].height
        or ids.n_unique() != ids.len()
        or frames["documents"].height != ids.len()
        or not kept["article_id"].sort().equals(ids.sort())
    ):
        return None
    return _Snapshot(pointer, frames)


def _write_snapshot(
    cache_dir: Path, directory: Path, corpus, files: pl.DataFrame, extra: dict[str, str]
) -> None:
    """Write a snapshot whole, then publish it by replacing the pointer (writes files)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    token = f"snapshot-{os.urandom(8).hex()}"
    folder = cache_dir / token
    folder.mkdir()
    frames = {
        "articles": corpus.articles,
        "sentences": corpus.sentences,
        "removed": corpus.removed,
        "documents": corpus.documents,
        "files": files,
    }
    try:
        for name, frame in frames.items():
            write_parquet_atomic(
                frame, folder / f"{name}.parquet", cache_marks(token, name), fast=True
            )
        pointer = {
            "format": CACHE_FORMAT,
            "workbench": __version__,
            "corpus_dir": str(directory.resolve()),
            "snapshot": token,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **extra,
        }
        write_text_atomic(cache_dir / POINTER_NAME, json.dumps(pointer, indent=1) + "\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _remove_old_snapshots(cache_dir, keep=token)


def _remove_old_snapshots(cache_dir: Path, keep: str) -> None:
    """Drop superseded snapshots (after a grace period: another process may be reading one)."""
    now = time.time()
    for folder in cache_dir.glob("snapshot-*"):
        if folder.name == keep:
            continue
        try:
            if now - folder.stat().st_mtime > _STALE_SNAPSHOT_S:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _snapshot_still_matches(
    snapshot: _Snapshot, directory: Path, listing: Listing, policy: ReadPolicy
) -> bool:
    """True when every file the snapshot was built from is listed with the same size and mtime.

    Files the snapshot holds that the listing has not (a manifest entry with another suffix) are
    checked one by one; a file listed now that the snapshot lacks means a change.
    """
    from workbench.corpus.listing import listed_file

    listed = {f.name: (f.size, f.mtime_ns) for f in listing.files}
    files = snapshot.files
    known = set(files["file"].to_list())
    if any(name not in known for name in listed):
        return False
    for name, size, mtime_ns in zip(files["file"], files["size"], files["mtime_ns"], strict=True):
        found = listed.get(name)
        if found is None:
            try:
                extra = listed_file(directory, name, policy)
            except FileSkipped:
                return False
            found = (extra.size, extra.mtime_ns)
        if found != (size, mtime_ns):
            return False
    return True


def _unchanged_corpus(
    snapshot: _Snapshot, directory: Path, code: str, listing: Listing, policy: ReadPolicy
):
    """The cached corpus when nothing it was built from has changed, else None (stats files)."""
    from workbench.corpus.boilerplate import rules_fingerprint
    from workbench.corpus.ingest import Corpus, same_text_warnings

    pointer = snapshot.pointer
    if (
        pointer.get("code") != code
        or pointer.get("policy") != policy.key()
        or pointer.get("manifest") != _manifest_hash(directory)
        or pointer.get("listing_skipped") != list(listing.skipped)
        or pointer.get("rules") != rules_fingerprint(directory)
        or not _snapshot_still_matches(snapshot, directory, listing, policy)
    ):
        return None
    frames = snapshot.frames
    warnings = (
        *pointer.get("plan_warnings", []),
        *sorted(w for ws in snapshot.files["warnings"].to_list() for w in ws),
        *same_text_warnings(frames["articles"], frames["documents"]),
    )
    corpus = Corpus(
        directory=directory,
        articles=frames["articles"],
        sentences=frames["sentences"],
        removed=frames["removed"],
        documents=frames["documents"],
        warnings=warnings,
    )
    if pointer.get("fingerprint"):
        _remember_fingerprint(corpus, pointer["fingerprint"])
    return corpus


def _reused_frames(snapshot: _Snapshot, reused_ids: list[str]):
    """The snapshot's frames of the documents reused unchanged, as a ``Corpus`` of parts."""
    from workbench.corpus.ingest import Corpus

    wanted = pl.DataFrame({"article_id": reused_ids}, schema={"article_id": pl.String})
    parts = {
        name: snapshot.frames[name].join(wanted, on="article_id", how="semi", maintain_order="left")
        for name in ("articles", "sentences", "removed", "documents")
    }
    return Corpus(directory=Path(), **parts)


def kept_ids_of(files: pl.DataFrame) -> dict[str, str]:
    """File name → id of the indexed files without a manifest entry, or with a sidecar's row
    (their ids were made from their names unless the row gave one, and they keep them:
    ``ids_from_filenames``)."""
    if "article_id" not in files.columns:
        return {}
    origin = pl.col("meta").str.json_path_match("$.origin")
    inferred = files.filter(
        (pl.col("meta").is_null() | (origin == "sidecar")) & pl.col("article_id").is_not_null()
    )
    return dict(inferred.select("file", "article_id").iter_rows())


def _plan_from_snapshot(
    snapshot: _Snapshot,
    directory: Path,
    manifest: str,
    code: str,
    listing: Listing,
    policy: ReadPolicy,
):
    """``plan_corpus``'s answer rebuilt from the snapshot when only file contents changed.

    With the same manifest, rules, code, policy and set of files, the plan (files, their
    manifest entries, warnings) is the one the snapshot was built from; parsing and validating a
    large manifest again is the slowest part of reopening after an edit. Anything else: None.
    """
    from workbench.corpus.boilerplate import load_rules
    from workbench.corpus.ingest import CorpusPlan, SourceFile
    from workbench.corpus.manifest import ArticleMeta, id_from_filename

    pointer = snapshot.pointer
    if (
        pointer.get("manifest") != manifest
        or pointer.get("code") != code
        or pointer.get("policy") != policy.key()
        or pointer.get("listing_skipped") != list(listing.skipped)
    ):
        return None
    files = snapshot.files
    listed = {f.name: f for f in listing.files}
    if not set(listed) <= set(files["file"].to_list()):
        return None
    rules = load_rules(directory)
    if rules.fingerprint != pointer.get("rules"):
        return None
    sources = []
    columns = (files[name] for name in ("file", "meta", "article_id"))
    for name, meta, article_id in zip(*columns, strict=True):
        entry = None if meta is None else ArticleMeta(**_meta_fields(json.loads(meta)))
        found = listed.get(name)
        if found is None and entry is None:
            return None  # a file without a manifest entry is gone: plan again
        path = Path(found.path) if found is not None else directory / name
        size, mtime = (found.size, found.mtime_ns) if found is not None else (-1, -1)
        # The same files as when it was built: the same ids (``ids_from_filenames``).
        inferred = article_id if entry is None and article_id != id_from_filename(name) else None
        sources.append(SourceFile(path, name, entry, size, mtime, inferred_id=inferred))
    warnings = tuple(pointer.get("plan_warnings", []))
    return CorpusPlan(directory, tuple(sources), rules, warnings, policy)


def _meta_fields(fields: dict) -> dict:
    """An ``ArticleMeta``'s fields read back from JSON (lists made tuples again)."""
    return {key: tuple(v) if isinstance(v, list) else v for key, v in fields.items()}


_TRACKER_LOCK = threading.Lock()


def _ensure_process_pools_can_start() -> None:
    """Start multiprocessing's resource tracker against the real stderr if it is hidden.

    Inside a Textual app ``sys.stderr`` is a capture object whose ``fileno()`` is -1; the
    tracker, started with the first process pool, passes that descriptor on and fails with
    "bad value(s) in fds_to_keep", so a corpus big enough to be ingested in worker processes
    would never open in the app.
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker

    with _TRACKER_LOCK:
        hidden = sys.stderr
        try:
            sys.stderr = sys.__stderr__
            resource_tracker.ensure_running()
        except (OSError, ValueError):
            pass  # ingest falls back to what it can do; the error is not ours to raise
        finally:
            sys.stderr = hidden


def _load_archive_cached(
    path: Path, cache_dir: Path, code: str, progress: Callable[[int, int], None] | None
):
    """An archive corpus through the index: reused whole while the file, its rules and the
    ingest code are unchanged, ingested again whole when any of them changed."""
    from workbench.corpus.archive import corpus_home
    from workbench.corpus.boilerplate import rules_fingerprint
    from workbench.corpus.ingest import Corpus, assemble_corpus, ingest_sources, plan_corpus

    try:
        stat = path.stat()
        archive_hash = content_hash(path.read_bytes())
    except OSError as error:
        raise WorkbenchError(f"cannot read {path}: {error.strerror or error}") from None
    key = _hash_lines([archive_hash, code, rules_fingerprint(corpus_home(path))])
    snapshot = _read_snapshot(cache_dir, path)
    if snapshot is not None and snapshot.pointer.get("archive") == key:
        frames = snapshot.frames
        warnings = tuple(w for ws in frames["files"]["warnings"].to_list() for w in ws)
        corpus = Corpus(
            path,
            frames["articles"],
            frames["sentences"],
            frames["removed"],
            frames["documents"],
            warnings,
        )
        if snapshot.pointer.get("fingerprint"):
            _remember_fingerprint(corpus, snapshot.pointer["fingerprint"])
        if progress is not None:
            progress(corpus.articles.height, corpus.articles.height)
        return corpus
    plan = plan_corpus(path)
    documents = ingest_sources(plan.sources, plan.rules, progress)
    corpus = assemble_corpus(path, documents, plan.warnings)
    files = pl.DataFrame(
        [
            {
                "file": document.file,
                "article_id": document.article_id,
                "size": stat.st_size,
                "mtime_ns": -1,
                "content_hash": archive_hash,
                "meta_key": key,
                "skipped": document.skipped,
                "warnings": list(document.warnings),
                "meta": None,
            }
            for document in documents
        ],
        schema=FILES_SCHEMA,
        orient="row",
    )
    fingerprint = corpus_fingerprint(corpus)
    try:
        _write_snapshot(
            cache_dir, path, corpus, files, {"archive": key, "fingerprint": fingerprint}
        )
    except OSError as error:
        problem = f"cache: cannot write {cache_dir}: {error.strerror or error}"
        corpus = dataclasses.replace(corpus, warnings=(*corpus.warnings, problem))
        _remember_fingerprint(corpus, fingerprint)
    return corpus


@dataclasses.dataclass
class IngestResult:
    """Documents ingested afresh and the rows reused from an earlier index, one row per file."""

    rows: list[dict]  # one FILES_SCHEMA row per source, in the order given
    documents: list  # IngestedDocument of each source that was (re)ingested
    reused_ids: list[str]  # article ids whose rows are reused unchanged
    reused_warnings: list[str]  # what reading the reused files said
    reused: int  # files reused


def ingest_with_reuse(
    sources,
    rules,
    code: str,
    policy: ReadPolicy,
    cached_rows: dict[str, dict],
    report: Callable[[int], None] = lambda done: None,
    processes: bool = True,
) -> IngestResult:
    """Ingest the files of ``sources`` whose rows ``cached_rows`` (by file) cannot supply.

    A file's cached row is reused when its metadata key matches and its size and mtime do, or
    its size does and its content hash confirms it is unchanged. ``report(done)`` counts files;
    ``processes`` False keeps ingest in this process (inside a worker that may not fork).
    """
    from workbench.corpus.ingest import ingest_sources, read_source

    rows: list[dict] = []
    reused_ids: list[str] = []
    reused_rows: set[tuple[str, str | None]] = set()
    reused = 0
    to_ingest = []
    for index, source in enumerate(sources):
        key = _meta_key(source.meta, rules.fingerprint, code, source.inferred_id)
        size, mtime_ns = source.size, source.mtime_ns
        if size < 0:
            try:
                stat = source.path.stat()
                size, mtime_ns = stat.st_size, stat.st_mtime_ns
            except OSError:
                size, mtime_ns = -1, -1
        row = {
            "file": source.name,
            "article_id": None,
            "size": size,
            "mtime_ns": mtime_ns,
            "content_hash": None,
            "meta_key": key,
            "skipped": False,
            "warnings": [],
            "meta": None
            if source.meta is None
            else json.dumps(dataclasses.asdict(source.meta), ensure_ascii=False),
        }
        rows.append(row)
        old = cached_rows.get(source.name)
        if old is not None and old["meta_key"] == key and size >= 0:
            same = old["size"] == size and old["mtime_ns"] == mtime_ns
            if not same and old["size"] == size:
                try:
                    same = (
                        content_hash(read_source(source, policy.max_file_bytes))
                        == old["content_hash"]
                    )
                except FileSkipped:
                    same = False
            if same:
                row.update(
                    article_id=old["article_id"],
                    content_hash=old["content_hash"],
                    skipped=old["skipped"],
                    warnings=old["warnings"],
                )
                if not old["skipped"]:
                    reused_ids.append(old["article_id"])
                reused_rows.add((source.name, old["article_id"]))
                reused += 1
                report(reused)
                continue
        to_ingest.append((index, source))

    # Hash before ingesting: should a file change in between, the next open sees it changed.
    for index, source in to_ingest:
        try:
            rows[index]["content_hash"] = content_hash(read_source(source, policy.max_file_bytes))
        except FileSkipped:
            rows[index]["mtime_ns"] = -1  # ingest skips it with a warning; look again next time
    documents = ingest_sources(
        [source for _, source in to_ingest],
        rules,
        lambda done, _total: report(reused + done),
        policy,
        processes=processes,
    )
    for (index, _source), document in zip(to_ingest, documents, strict=True):
        rows[index].update(
            article_id=document.article_id,
            skipped=document.skipped,
            warnings=list(document.warnings),
        )
    reused_warnings = [
        w
        for row, source in zip(rows, sources, strict=True)
        if (source.name, row["article_id"]) in reused_rows
        for w in row["warnings"]
    ]
    return IngestResult(rows, documents, reused_ids, reused_warnings, reused)


def files_frame(rows: list[dict], scan_started: int) -> pl.DataFrame:
    """The ``files`` frame of an index from its rows (files modified near the scan: no mtime).

    A file modified within the clock's resolution of the scan could change again unseen with
    the same size and mtime: it gets no mtime, so the next open checks its hash.
    """
    for row in rows:
        row["mtime_ns"] = recorded_mtime(row["mtime_ns"], scan_started)
    return pl.DataFrame(rows, schema=FILES_SCHEMA, orient="row")


def recorded_mtime(mtime_ns: int, scan_started: int) -> int:
    """The mtime an index records for a file listed at ``scan_started``: -1 (none, check the
    hash next time) when the file was modified within the clock's resolution of the scan."""
    return -1 if mtime_ns >= scan_started - _RACY_NS else mtime_ns


def load_corpus_cached(
    corpus_dir: Path | None,
    cache_dir: Path | None,
    progress: Callable[[int, int], None] | None = None,
    policy: ReadPolicy | None = None,
):
    """``load_corpus`` through the on-disk index in ``cache_dir`` (reads and writes files).

    Files whose path, size and mtime match the index reuse their cached rows; changed or added
    files are re-ingested alone (a content hash first confirms the change); removed files are
    dropped; a changed manifest entry or rule set re-ingests only the documents it affects.
    ``cache_dir`` None means no index: a plain ``load_corpus``. A damaged or foreign index is
    ignored and rebuilt. ``progress(done, total)`` counts documents.
    """
    from workbench.corpus.ingest import assemble_corpus, check_corpus_dir, load_corpus, plan_corpus
    from workbench.paths import bundled_corpus_dir

    policy = policy or ReadPolicy()
    _ensure_process_pools_can_start()
    if cache_dir is None:
        return load_corpus(corpus_dir, progress=progress, policy=policy)
    directory = check_corpus_dir(bundled_corpus_dir() if corpus_dir is None else Path(corpus_dir))
    cache_dir = Path(cache_dir)
    check_cache_location(cache_dir, directory)
    code = _code_fingerprint()
    if directory.is_file():
        return _load_archive_cached(directory, cache_dir, code, progress)

    scan_started = time.time_ns()
    listing = list_article_files(directory, policy)
    snapshot = _read_snapshot(cache_dir, directory)
    if snapshot is not None:
        corpus = _unchanged_corpus(snapshot, directory, code, listing, policy)
        if corpus is not None:
            if progress is not None:
                progress(corpus.articles.height, corpus.articles.height)
            return corpus

    manifest = _manifest_hash(directory)
    plan = None
    if snapshot is not None:
        plan = _plan_from_snapshot(snapshot, directory, manifest, code, listing, policy)
    if plan is None:
        kept = kept_ids_of(snapshot.files) if snapshot is not None else None
        plan = plan_corpus(directory, policy, listing=listing, kept_ids=kept)
    cached_rows: dict[str, dict] = {}
    if snapshot is not None:
        cached_rows = {row["file"]: row for row in snapshot.files.iter_rows(named=True)}
    total = len(plan.sources)
    report = _progress_every(progress, total)
    result = ingest_with_reuse(plan.sources, plan.rules, code, policy, cached_rows, report)
    rows, documents, reused_ids = result.rows, result.documents, result.reused_ids
    report(total)

    corpus = assemble_corpus(
        directory,
        documents,
        plan.warnings,
        reused=_reused_frames(snapshot, reused_ids)
        if snapshot is not None and reused_ids
        else None,
        reused_warnings=result.reused_warnings,
    )
    files = files_frame(rows, scan_started)
    fingerprint = corpus_fingerprint(corpus)
    try:
        _write_snapshot(
            cache_dir,
            directory,
            corpus,
            files,
            {
                "code": code,
                "policy": policy.key(),
                "manifest": manifest,
                "rules": plan.rules.fingerprint,
                "fingerprint": fingerprint,
                "plan_warnings": list(plan.warnings),
                "listing_skipped": list(listing.skipped),
                "reused": result.reused,
                "ingested": len(documents),
            },
        )
    except (OSError, WorkbenchError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        problem = f"cache: cannot write {cache_dir}: {reason or error}"
        corpus = dataclasses.replace(corpus, warnings=(*corpus.warnings, problem))
        _remember_fingerprint(corpus, fingerprint)
    return corpus
