"""A corpus: its files planned and read, each ingested (``corpus.document``), in worker
processes for many files, and put together as frames (``assemble_corpus``, ``load_corpus``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

import polars as pl

from workbench.columns import schema
from workbench.corpus.archive import ARCHIVE_SUFFIXES, corpus_home, is_archive, load_archive
from workbench.corpus.boilerplate import (
    RuleSet,
    load_rules,
)
from workbench.corpus.document import (
    IngestedDocument,
    ingest_document,
    skipped_document,
)
from workbench.corpus.listing import (
    FileSkipped,
    Listing,
    ReadPolicy,
    list_article_files,
    listed_file,
    read_file_bytes,
    unpacked,
)
from workbench.corpus.manifest import (
    MANIFEST_NAME,
    ArticleMeta,
    id_from_filename,
    ids_from_filenames,
    read_manifest,
)
from workbench.corpus.sidecar import load_sidecar, merge_metadata
from workbench.corpus.workers import die_with_parent, start_resource_tracker
from workbench.errors import WorkbenchError
from workbench.paths import bundled_corpus_dir

# Above this many files, documents are ingested in worker processes.
POOL_THRESHOLD = 200

ARTICLE_SCHEMA = schema(
    "article_id file title outlet author published year date_precision date_source title_source"
    " outlet_source language url note encoding words sentences removed_spans"
)


SENTENCE_SCHEMA = schema("article_id sentence_id paragraph_id start end text norm")
REMOVED_SCHEMA = schema("article_id start end rule family text")
DOCUMENT_SCHEMA = schema("article_id text")


@dataclass(frozen=True)
class Corpus:
    """A loaded corpus: its directory, frames of articles, sentences, removed spans, texts."""

    directory: Path
    articles: pl.DataFrame
    sentences: pl.DataFrame
    removed: pl.DataFrame
    documents: pl.DataFrame
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """An article file of a corpus: its path, its name relative to the corpus, its metadata."""

    path: Path
    name: str
    meta: ArticleMeta | None
    size: int = -1  # as listed (-1: not known)
    mtime_ns: int = -1
    text: str | None = None  # an archive row's text (the file is the whole archive)
    # The id of a file without metadata whose stem is not its own (``ids_from_filenames``).
    inferred_id: str | None = None

    @property
    def article_id(self) -> str:
        """The id of the file's article: its entry's, else the one inferred from its name."""
        if self.meta is not None:
            return self.meta.article_id
        return self.inferred_id or id_from_filename(self.name)


@dataclass(frozen=True)
class CorpusPlan:
    """What ``load_corpus`` will read: the files, the boilerplate rules, early warnings."""

    directory: Path
    sources: tuple[SourceFile, ...]
    rules: RuleSet
    warnings: tuple[str, ...] = field(default=())
    policy: ReadPolicy = field(default_factory=ReadPolicy)


def _columns_of(kept: Sequence[IngestedDocument]) -> dict[str, dict[str, list]]:
    """The columns of the corpus frames of some ingested documents, in the order given."""
    return {
        "articles": {name: [d.article.get(name) for d in kept] for name in ARTICLE_SCHEMA},
        "sentences": {
            "article_id": [d.article_id for d in kept for _ in d.sentence_starts],
            "sentence_id": [i for d in kept for i in range(len(d.sentence_starts))],
            "paragraph_id": [p for d in kept for p in d.paragraph_ids],
            "start": [s for d in kept for s in d.sentence_starts],
            "end": [e for d in kept for e in d.sentence_ends],
            "text": [t for d in kept for t in d.sentence_texts],
            "norm": [n for d in kept for n in d.sentence_norms],
        },
        "removed": {
            "article_id": [d.article_id for d in kept for _ in d.removed],
            "start": [r[0] for d in kept for r in d.removed],
            "end": [r[1] for d in kept for r in d.removed],
            "rule": [r[2] for d in kept for r in d.removed],
            "family": [r[3] for d in kept for r in d.removed],
            "text": [d.text[r[0] : r[1]] for d in kept for r in d.removed],
        },
        "documents": {
            "article_id": [d.article_id for d in kept],
            "text": [d.text for d in kept],
        },
    }


_SCHEMAS = {
    "articles": ARTICLE_SCHEMA,
    "sentences": SENTENCE_SCHEMA,
    "removed": REMOVED_SCHEMA,
    "documents": DOCUMENT_SCHEMA,
}


def _frames_of_columns(columns: dict[str, dict[str, list]]) -> dict[str, pl.DataFrame]:
    """The corpus frames of ``_columns_of``'s columns."""
    return {name: pl.DataFrame(columns[name], schema=_SCHEMAS[name]) for name in _SCHEMAS}


def _frames_of(kept: Sequence[IngestedDocument]) -> dict[str, pl.DataFrame]:
    """The corpus frames of some ingested documents, in the order given."""
    return _frames_of_columns(_columns_of(kept))


def _in_date_order(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Articles sorted by date (unknown last), then id; the other frames in the same order."""
    articles = frames["articles"].sort(
        pl.col("published").is_null(),
        pl.col("published").fill_null(""),
        "article_id",
        maintain_order=True,
    )
    order = articles.select("article_id", pl.int_range(pl.len()).alias("_order"))

    def in_order(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.join(order, on="article_id", how="left", maintain_order="left")
            .sort("_order", maintain_order=True)
            .drop("_order")
        )

    return {"articles": articles, **{k: in_order(v) for k, v in frames.items() if k != "articles"}}


def assemble_corpus(
    directory: Path,
    documents: Sequence[IngestedDocument],
    warnings: Sequence[str] = (),
    reused: Corpus | None = None,
    reused_warnings: Sequence[str] = (),
    *,
    allow_empty: bool = False,
    check_same_text: bool = True,
) -> Corpus:
    """Put per-document results together into a ``Corpus`` (skipped documents only warn).

    ``reused`` holds the frames of documents ingested before (read back from the index) and
    ``reused_warnings`` what reading them said; they join the fresh ones, and the whole is
    checked and ordered as if ingested together. The corpus's warnings are ``warnings`` (the
    plan's), then every document's in a fixed order, however the documents were read.
    ``allow_empty`` accepts no article at all (one partition of a corpus may have none).
    ``check_same_text`` False leaves texts found twice to the caller (a partition's texts are
    compared with every other partition's, ``same_text_keys``).
    """
    document_warnings = [w for document in documents for w in document.warnings]
    kept = [document for document in documents if not document.skipped]
    return _assembled(
        directory,
        [_frames_of(kept)],
        warnings,
        [*reused_warnings, *document_warnings],
        reused,
        allow_empty=allow_empty,
        check_same_text=check_same_text,
    )


def _assembled(
    directory: Path,
    parts: Sequence[dict[str, pl.DataFrame]],
    warnings: Sequence[str],
    document_warnings: Sequence[str],
    reused: Corpus | None = None,
    *,
    allow_empty: bool = False,
    check_same_text: bool = True,
) -> Corpus:
    """``assemble_corpus`` of the frames of documents in any order (``parts``, each in order)
    and what reading them said."""
    all_warnings = [*warnings, *sorted(document_warnings)]
    if reused is not None and reused.articles.height:
        parts = [{name: getattr(reused, name) for name in _SCHEMAS}, *parts]
    frames = _in_date_order({name: pl.concat([part[name] for part in parts]) for name in _SCHEMAS})
    articles = frames["articles"]
    if articles.height == 0 and not allow_empty:
        raise no_articles_error(directory, all_warnings)
    duplicated = articles.filter(pl.col("article_id").is_duplicated())
    if duplicated.height:
        first = duplicated.row(0, named=True)
        files = duplicated.filter(pl.col("article_id") == first["article_id"])["file"]
        raise WorkbenchError(
            f'duplicate article id "{first["article_id"]}": {" and ".join(files.to_list())} '
            f"in {directory}"
        )
    if check_same_text:
        all_warnings += same_text_warnings(articles, frames["documents"])
    return Corpus(directory=directory, warnings=tuple(all_warnings), **frames)


_REASONS_SHOWN = 3  # the files named in the error when none could be read


def no_articles_error(directory: Path | str, warnings: Sequence[str]) -> WorkbenchError:
    """The one-line error of a corpus none of whose files gave an article: why, for the first
    few files skipped ("no readable article files in DIR: a.txt: empty file; …")."""
    reasons = [w.removesuffix(" (skipped)") for w in warnings if w.endswith("(skipped)")]
    if not reasons:
        return WorkbenchError(f"no readable article files in {directory}")
    shown = "; ".join(reasons[:_REASONS_SHOWN])
    more = len(reasons) - _REASONS_SHOWN
    tail = f"; and {more} more skipped" if more > 0 else ""
    return WorkbenchError(f"no readable article files in {directory}: {shown}{tail}")


def same_text_warnings(articles: pl.DataFrame, documents: pl.DataFrame) -> list[str]:
    """A warning for each article whose text is another's to the letter (a page saved twice,
    the same export under two names): both are kept, but every count would have it twice."""
    if documents.height < 2:
        return []
    texts = documents["text"]
    same = [
        (article_id, first_id)
        for article_id, first_id, row, first in _repeats(same_text_keys(documents))
        if texts[row] == texts[first]  # the same keys are all but certainly the same text
    ]
    return _same_text_messages(articles, same)


def same_text_keys(documents: pl.DataFrame) -> pl.DataFrame:
    """Two 64-bit hashes of each document's text (``article_id``, ``key``, ``check``): texts
    with both the same are the same text, whichever partition they were read in."""
    return documents.select(
        "article_id",
        pl.col("text").hash(seed=3).alias("key"),
        pl.col("text").hash(seed=11).alias("check"),
    )


def same_text_warnings_of_keys(articles: pl.DataFrame, keys: pl.DataFrame) -> list[str]:
    """``same_text_warnings`` from ``same_text_keys`` (rows in the articles' date order)."""
    return _same_text_messages(articles, [(a, first) for a, first, _, _ in _repeats(keys)])


def _repeats(keys: pl.DataFrame) -> list[tuple[str, str, int, int]]:
    """(article, the first article with its keys, its row, the first's row) of each text
    whose keys an earlier row has."""
    keyed = keys.with_columns(pl.int_range(pl.len()).alias("n"))
    keyed = keyed.filter(pl.struct("key", "check").is_duplicated())
    repeats = []
    for group in keyed.partition_by("key", "check", maintain_order=True):
        ids, rows = group["article_id"].to_list(), group["n"].to_list()
        repeats.extend((i, ids[0], row, rows[0]) for i, row in zip(ids[1:], rows[1:], strict=True))
    return repeats


def _same_text_messages(articles: pl.DataFrame, same: list[tuple[str, str]]) -> list[str]:
    """The warnings, sorted, of (article, the earlier article with its text) pairs."""
    if not same:
        return []
    files = dict(zip(articles["article_id"], articles["file"], strict=True))
    return sorted(f"{files[a]}: the same text as {files[first]} (both kept)" for a, first in same)


def check_corpus_dir(directory: Path) -> Path:
    """``directory`` if it is an existing directory or archive file; WorkbenchError otherwise."""
    if not directory.exists():
        raise WorkbenchError(f"corpus directory {directory} does not exist")
    if not directory.is_dir() and not is_archive(directory):
        raise WorkbenchError(
            f"corpus directory {directory} is not a directory (nor an archive: "
            f"{', '.join(ARCHIVE_SUFFIXES)})"
        )
    return directory


def _plan_archive(path: Path, policy: ReadPolicy) -> CorpusPlan:
    """The plan of an archive file: one source per row, its text carried along (reads it)."""
    archive = load_archive(path)
    if not archive.rows:
        empty = archive.empty_rows
        reason = (
            "it has no rows"
            if not empty
            else "the text of its one row is empty"
            if empty == 1
            else f"the text of each of its {empty:,} rows is empty"
        )
        raise WorkbenchError(f"no articles in {path} ({reason})")
    sources = tuple(
        SourceFile(path, row.meta.file, row.meta, text=row.text) for row in archive.rows
    )
    return CorpusPlan(path, sources, load_rules(corpus_home(path)), archive.warnings, policy)


def plan_corpus(
    corpus_dir: Path | None = None,
    policy: ReadPolicy | None = None,
    *,
    listing: Listing | None = None,
    kept_ids: Mapping[str, str] | None = None,
) -> CorpusPlan:
    """List a corpus's article files with their manifest entries, and its rules (reads files).

    Files that may not be read (see ``workbench.corpus.listing``) are left out with a warning;
    a manifest entry naming such a file is left out the same way. ``kept_ids``: the ids the
    index gave files without an entry (file name → id), which they keep
    (``ids_from_filenames``).
    """
    policy = policy or ReadPolicy()
    directory = check_corpus_dir(bundled_corpus_dir() if corpus_dir is None else Path(corpus_dir))
    if not directory.is_dir():
        return _plan_archive(directory, policy)
    manifest = read_manifest(directory) or []
    listing = listing if listing is not None else list_article_files(directory, policy)
    sidecar = load_sidecar(directory, [f.name for f in listing.files], kept_ids)
    metas = merge_metadata(manifest, sidecar.entries)
    warnings = [*sidecar.warnings, *listing.skipped]
    by_name = {listed.name: listed for listed in listing.files}
    ids: dict[str, str] = {meta.article_id: meta.file for meta in metas}
    sources: list[SourceFile] = []
    for meta in metas:
        listed = by_name.get(meta.file)
        if listed is None:
            try:
                listed = listed_file(directory, meta.file, policy)
            except FileSkipped as reason:
                warnings.append(f"{meta.file}: {reason} (skipped)")
                continue
        sources.append(source_of(listed, meta))
    in_manifest = {meta.file for meta in metas}
    # Files without an entry are named by their stems, or by their paths where the corpus's
    # files' stems repeat ("2013/index.html", "2014/index.html": a site saved page by page) or
    # an entry has the id (the same ids whichever of them have entries).
    unlisted = [listed for listed in listing.files if listed.name not in in_manifest]
    names = [listed.name for listed in listing.files] if unlisted else []
    inferred = ids_from_filenames(names, taken=set(ids), kept=kept_ids)
    for listed in unlisted:
        article_id = inferred[listed.name]
        own = article_id == id_from_filename(listed.name)
        sources.append(source_of(listed, None, None if own else article_id))
    if not sources and not warnings:
        raise WorkbenchError(
            f"no article files in {directory} (expected .txt, .md, .html, .docx, .doc, .rtf, .pdf,"
            f" .eml, .msg, .xml or .json files, also gzipped, or a {MANIFEST_NAME})"
        )
    return CorpusPlan(directory, tuple(sources), load_rules(directory), tuple(warnings), policy)


def source_of(listed, meta: ArticleMeta | None, inferred_id: str | None = None) -> SourceFile:
    """The ``SourceFile`` of a listed file."""
    return SourceFile(
        Path(listed.path),
        listed.name,
        meta,
        listed.size,
        listed.mtime_ns,
        inferred_id=inferred_id,
    )


def read_source(source: SourceFile, max_bytes: int | None = None) -> bytes:
    """The bytes of one article file (reads a file); FileSkipped if it may not be read."""
    if source.text is not None:  # an archive row
        return source.text.encode("utf-8")
    limit = max_bytes or ReadPolicy().max_file_bytes
    return unpacked(read_file_bytes(os.fspath(source.path), limit), source.name, limit)


T = TypeVar("T")

_WORKER_STATE: tuple[Sequence[SourceFile], RuleSet, int] | None = None


def _init_worker(
    sources: Sequence[SourceFile], rules: RuleSet, max_bytes: int, parent_pid: int
) -> None:
    global _WORKER_STATE
    die_with_parent(parent_pid)
    _WORKER_STATE = (sources, rules, max_bytes)


def _read_and_ingest(source: SourceFile, rules: RuleSet, max_bytes: int) -> IngestedDocument:
    """Ingest one file; a file that cannot be read is skipped with a warning."""
    if source.text is not None:
        return ingest_document(source.text.encode("utf-8"), source.name, source.meta, rules)
    try:
        raw = read_source(source, max_bytes)
    except FileSkipped as reason:
        return skipped_document(source.name, source.meta, str(reason), source.inferred_id)
    return ingest_document(raw, source.name, source.meta, rules, source.inferred_id)


def _ingest_range_in_worker(
    task: tuple[Callable[[list[IngestedDocument]], T], int, int],
) -> T:
    """``finish`` of the documents of the sources ``start:stop`` (the worker has them all)."""
    finish, start, stop = task
    assert _WORKER_STATE is not None
    sources, rules, max_bytes = _WORKER_STATE
    return finish([_read_and_ingest(source, rules, max_bytes) for source in sources[start:stop]])


def _ingested(
    sources: Sequence[SourceFile],
    rules: RuleSet,
    finish: Callable[[list[IngestedDocument]], T],
    progress: Callable[[int, int], None] | None = None,
    policy: ReadPolicy | None = None,
    *,
    processes: bool = True,
) -> Iterator[T]:
    """Read and ingest files in chunks, in order, in worker processes when there are many
    (reads files): ``finish`` of each chunk's documents, made where they were ingested.

    ``processes`` False ingests in this process whatever the count (a process that may not
    start children, such as a Dask worker): one chunk of every file.
    """
    total = len(sources)
    max_bytes = (policy or ReadPolicy()).max_file_bytes
    workers = min(4, os.cpu_count() or 1) if processes else 1
    if total >= POOL_THRESHOLD and workers > 1:
        # fork is cheap and needs no importable __main__, but is unsafe once threads run
        # (the interface loads corpora in a thread): then start clean interpreters.
        method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
        if method == "spawn":
            start_resource_tracker()
        # The workers are given every source once (forked, they have them already) and
        # ranges of them to ingest; ``finish`` shrinks what they send back.
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context(method),
            initializer=_init_worker,
            initargs=(sources, rules, max_bytes, os.getpid()),
        ) as pool:
            size = max(1, min(64, total // (workers * 8)))
            tasks = [(finish, start, min(start + size, total)) for start in range(0, total, size)]
            for (_, _, stop), result in zip(
                tasks, pool.map(_ingest_range_in_worker, tasks), strict=True
            ):
                if progress:
                    progress(stop, total)
                yield result
        return
    documents: list[IngestedDocument] = []
    for source in sources:
        documents.append(_read_and_ingest(source, rules, max_bytes))
        if progress:
            progress(len(documents), total)
    yield finish(documents)


def _as_list(documents: list[IngestedDocument]) -> list[IngestedDocument]:
    return documents


def ingest_sources(
    sources: Sequence[SourceFile],
    rules: RuleSet,
    progress: Callable[[int, int], None] | None = None,
    policy: ReadPolicy | None = None,
    *,
    processes: bool = True,
) -> list[IngestedDocument]:
    """Read and ingest files in order, in worker processes when there are many (reads files).

    ``processes`` False ingests in this process whatever the count (a process that may not
    start children, such as a Dask worker).
    """
    chunks = _ingested(sources, rules, _as_list, progress, policy, processes=processes)
    return [document for chunk in chunks for document in chunk]


def _columns_and_warnings(
    documents: list[IngestedDocument],
) -> tuple[dict[str, dict[str, list]], list[str]]:
    """The frames' columns of the documents read, and what reading them all said."""
    kept = [document for document in documents if not document.skipped]
    return _columns_of(kept), [w for document in documents for w in document.warnings]


def load_corpus(
    corpus_dir: Path | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    policy: ReadPolicy | None = None,
) -> Corpus:
    """Read a corpus directory (None: the bundled corpus) into frames (reads files)."""
    plan = plan_corpus(corpus_dir, policy)
    # The workers send columns back, not documents (a fifth of the objects to unpickle), and
    # each chunk becomes frames here while the next ones are read: what is left to do once
    # the last file is read is to put the frames in date order.
    parts: list[dict[str, pl.DataFrame]] = []
    document_warnings: list[str] = []
    for columns, warnings in _ingested(
        plan.sources, plan.rules, _columns_and_warnings, progress, plan.policy
    ):
        parts.append(_frames_of_columns(columns))
        document_warnings.extend(warnings)
    return _assembled(plan.directory, parts, plan.warnings, document_warnings)
