"""The partitioned index of a corpus: its files ingested partition by partition, published by one
manifest.

Layout inside a corpus's cache directory (beside the single-snapshot index of small corpora)::

    index.json                        the manifest: partitions, their ingest folders, checks
    parts/ingest/<key>/               one partition: articles, sentences, removed, documents,
                                      files, meta (.parquet) and _done.json
    parts/order/<key>/                every article in date order (articles, order)
    parts/<stage>/<key>/              the analysis stages' outputs (see ``pipeline.tables``)

Every folder under ``parts/`` is a task's output, named by the hash of what it was computed
from and complete once under that name (``pipeline.tasks``). The manifest is replaced
atomically once every partition it names is in place, so a reader (the app, another session)
sees the previous index or the new one, never half of one; a killed run leaves the partitions
it finished, and the next run reuses them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import polars as pl

from workbench import __version__
from workbench.corpus.listing import Listing, ReadPolicy, list_article_files
from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.pipeline.corpus_stage import (
    in_date_order,
    ingest_partition,
    order_corpus,
    plan_sources,
    sources_frame,
)
from workbench.pipeline.engines import Engine, check_engine_options, engine_name, make_engine
from workbench.pipeline.partitioning import partition_count, partition_of
from workbench.pipeline.stages import Progress, Stage
from workbench.pipeline.tasks import (
    MARKER,
    Task,
    TaskDamaged,
    TaskFunction,
    code_version,
    is_done,
    marker,
    read_output,
    remove_stale_temporaries,
    run_task,
    task_key,
)
from workbench.store.article_rows import ArticleRows
from workbench.store.locks import lock_exclusive, unlock
from workbench.store.parquet import write_text_atomic
from workbench.store.table_cache import CACHE_FORMAT

INDEX_NAME = "index.json"
PARTS = "parts"
RUN_LOCK = ".run.lock"  # held while a process runs an index's tasks (``PartitionedIndex.run``)
# The completion markers of the scratch tasks removed, one JSON line each: what ran, for how
# long and in how much memory stays on record (the benchmark reads it with the markers).
TASK_LOG = ".tasks.jsonl"
LAYOUT = "partitioned"
_STALE_S = 300  # superseded partitions are removed once this old (readers may linger)
_UNUSED_TABLES_S = 7 * 24 * 3600  # tasks of other settings or lexicons, kept this long
# Tasks of other code (an earlier version of workbench) can never be used again: removed once
# this old, like superseded partitions. At 100,000 articles they take some 5 GB (46 GB for
# an index made before its tables' scratch steps were removed).
_OTHER_CODE_S = _STALE_S
_KEEP_PARTITIONS_WITHIN = 2.0  # the partition count stays while the corpus grows less than this


def read_manifest(cache_dir: Path, directory: Path) -> dict | None:
    """The published manifest of a partitioned index of ``directory``, if it is one we trust."""
    from workbench.store.index import read_published

    manifest = read_published(Path(cache_dir) / INDEX_NAME, directory, layout=LAYOUT)
    if manifest is None:
        return None
    folders = [*manifest.get("ingest", []), manifest.get("order", "")]
    if not all(
        isinstance(f, str) and re.fullmatch(r"(ingest|order)/[0-9a-f]{24}", f) for f in folders
    ):
        return None
    return manifest


class PartitionedCorpus:
    """A corpus read from a partitioned index: the articles at hand, the rest read on demand.

    ``articles`` (every article in date order) is read when opening; sentences, removed spans
    and texts stay on disk, read a partition at a time (``partition``, ``article_frame``) or
    scanned lazily (``scan``). The whole-corpus frames (``sentences`` …) are still there for
    code that wants them, read and put in date order on first use.
    """

    def __init__(
        self,
        directory: Path,
        ingest_folders: list[Path],
        order_folder: Path,
        warnings: tuple[str, ...],
    ) -> None:
        self.directory = directory
        self.warnings = warnings
        self.ingest_folders = ingest_folders
        self.order_folder = order_folder
        self.articles = read_output(order_folder, "articles")
        self._order: pl.DataFrame | None = None
        self._whole: dict[str, pl.DataFrame] = {}
        self._partition_of: dict[str, int] | None = None
        self.rows = ArticleRows()  # one article's rows of a partition's files, read by position

    @property
    def partitions(self) -> int:
        """How many partitions the corpus has."""
        return len(self.ingest_folders)

    @property
    def order(self) -> pl.DataFrame:
        """article_id, date_order, year, partition of every article, in date order."""
        if self._order is None:
            self._order = read_output(self.order_folder, "order")
        return self._order

    def files(self, name: str) -> list[Path]:
        """The Parquet files of corpus frame ``name``, one per partition."""
        return [folder / f"{name}.parquet" for folder in self.ingest_folders]

    def partition(self, name: str, number: int) -> pl.DataFrame:
        """Corpus frame ``name`` of one partition (reads it)."""
        return read_output(self.ingest_folders[number], name)

    def scan(self, name: str) -> pl.LazyFrame:
        """Corpus frame ``name`` as a lazy scan over every partition (nothing read yet)."""
        return pl.scan_parquet(self.files(name))

    def partition_of(self, article_id: str) -> int | None:
        """The partition holding an article, or None if there is no such article."""
        if self._partition_of is None:
            order = self.order
            self._partition_of = dict(
                zip(order["article_id"].to_list(), order["partition"].to_list(), strict=True)
            )
        return self._partition_of.get(article_id)

    def article_frame(self, name: str, article_id: str) -> pl.DataFrame:
        """The rows of corpus frame ``name`` for one article (reads its partition's file)."""
        return self.article_scan(name, article_id).collect()

    def article_scan(self, name: str, article_id: str) -> pl.LazyFrame:
        """The rows of corpus frame ``name`` for one article, as a lazy frame (none for an
        article the corpus does not have)."""
        number = self.partition_of(article_id)
        if number is None:
            return self.scan(name).clear()
        return self.rows.scan(self.files(name)[number], article_id)

    def sentence_rows(self, article_id: str) -> tuple[int, int, int] | None:
        """Where an article's sentences are: (partition, first row, row count) in its
        partition's sentences file (and its embeddings); None if that is not known."""
        number = self.partition_of(article_id)
        if number is None:
            return None
        span = self.rows.span(self.files("sentences")[number], article_id)
        return None if span is None else (number, *span)

    def _whole_frame(self, name: str) -> pl.DataFrame:
        """Corpus frame ``name`` of every partition, articles in date order (reads them all)."""
        if name not in self._whole:
            frames = [read_output(folder, name) for folder in self.ingest_folders]
            whole = pl.concat(frames) if frames else pl.DataFrame()
            self._whole[name] = in_date_order(whole, self.order)
        return self._whole[name]

    @property
    def sentences(self) -> pl.DataFrame:
        """Every sentence, articles in date order (reads every partition)."""
        return self._whole_frame("sentences")

    @property
    def removed(self) -> pl.DataFrame:
        """Every removed span, articles in date order (reads every partition)."""
        return self._whole_frame("removed")

    @property
    def documents(self) -> pl.DataFrame:
        """Every original text, articles in date order (reads every partition)."""
        return self._whole_frame("documents")


class PartitionedIndex:
    """An opened partitioned index: its manifest, its corpus, and the engine that extends it."""

    def __init__(
        self,
        cache_dir: Path,
        manifest: dict,
        options: WorkspaceOptions,
        engine: Engine | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.manifest = manifest
        self.options = options
        self._engine = engine
        self.tasks_run = 0  # tasks run since opening (ingest included), not read back
        self.verified = True  # False: opened as published, the corpus files not checked
        root = self.root
        self.corpus = PartitionedCorpus(
            options.corpus_path,
            [root / folder for folder in manifest["ingest"]],
            root / manifest["order"],
            tuple(manifest.get("warnings", [])),
        )

    @property
    def root(self) -> Path:
        """Where the task folders are."""
        return self.cache_dir / PARTS

    @property
    def partitions(self) -> int:
        """How many partitions the corpus has."""
        return int(self.manifest["partitions"])

    @property
    def fingerprint(self) -> str:
        """A fingerprint of the corpus content."""
        return str(self.manifest["fingerprint"])

    def engine(self) -> Engine:
        """The engine of the options (started on first use, kept until ``close``)."""
        if self._engine is None:
            self._engine = make_engine(self.options.engine)
        return self._engine

    def run(self, stages: list[Stage], progress: Progress | None = None) -> int:
        """Run the tasks of ``stages`` not done yet that a table still needs (starts the engine
        only if there are any), a stage at a time; how many ran.

        A scratch stage's task is needed only while a task reading it is still to run: once
        every reader is done its outputs are removed, and a table made whole is never made
        again for want of them. One run at a time per index (a lock), so no run removes what
        another one still reads."""
        with _run_lock(self.root):
            done = {_relative(task) for stage in stages for task in stage.tasks if is_done(task)}
            wanted = _tasks_to_run(stages, done)
            pending = {_relative(task) for tasks in wanted.values() for task in tasks}
            readers = _readers(stages)
            removed: set[str] = set()
            _remove_scratch(self.root, stages, readers, pending, removed)
            if pending:
                # Another version's tasks of these stages first: at 100,000 articles they take
                # gigabytes, and their replacements are about to be written beside them.
                _remove_unused(self.root, stages)
            ran = 0
            for stage in stages:
                tasks = wanted[stage.name]
                if not tasks:
                    if progress is not None:
                        progress(stage.label, len(stage.tasks), len(stage.tasks))
                    continue
                reports = self.engine().run([replace(stage, tasks=tuple(tasks))], progress)
                ran += len(reports)
                self.tasks_run += len(reports)
                pending.difference_update(_relative(task) for task in tasks)
                _remove_scratch(self.root, stages, readers, pending, removed)
            if ran:
                _remove_unused(self.root, stages)
            return ran

    def stale(self) -> bool:
        """Whether the corpus changed since the index was built (lists and stats every file)."""
        from workbench.store.index import _code_fingerprint

        directory = Path(self.manifest["corpus_dir"])
        policy = self.options.reading
        listing = list_article_files(directory, policy)
        changed = not _unchanged(
            self.manifest, directory, _code_fingerprint(), listing, policy, self.root
        )
        self.verified = not changed
        return changed

    def close(self) -> None:
        """Release the engine (a Dask cluster started for the run)."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None


def _files_unchanged(
    folders: list[Path], listing: Listing, directory: Path, policy: ReadPolicy
) -> bool:
    """True when every file the partitions were built from is listed with the same size and
    mtime, and no file is listed that they lack (reads each partition's ``files``)."""
    from workbench.corpus.listing import FileSkipped, listed_file

    schema = {"file": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64}
    built = pl.concat(
        [read_output(folder, "files").select(*schema, "content_hash") for folder in folders]
    )
    listed = pl.DataFrame(
        {
            "file": [f.name for f in listing.files],
            "size": [f.size for f in listing.files],
            "mtime_ns": [f.mtime_ns for f in listing.files],
        },
        schema=schema,
    )
    if listed.join(built, on="file", how="anti").height:
        return False  # a file listed now that the index lacks
    paired = built.join(listed, on="file", how="left", suffix="_now")
    # Files the index has that the listing has not (a manifest entry with another suffix).
    for name, size, mtime_ns in (
        paired.filter(pl.col("size_now").is_null()).select("file", "size", "mtime_ns").iter_rows()
    ):
        try:
            extra = listed_file(directory, name, policy)
        except FileSkipped:
            return False
        if (extra.size, extra.mtime_ns) != (size, mtime_ns):
            return False
    listed_pairs = paired.filter(pl.col("size_now").is_not_null())
    changed = listed_pairs.filter(
        (pl.col("size") != pl.col("size_now")) | (pl.col("mtime_ns") != pl.col("mtime_ns_now"))
    )
    if changed.is_empty():
        return True
    # Files written just before the index was built carry no mtime in it (``files_frame``):
    # their content hash tells whether they changed since.
    unsure = changed.filter((pl.col("mtime_ns") == -1) & (pl.col("size") == pl.col("size_now")))
    if unsure.height < changed.height:
        return False
    return _same_content(unsure, listing, policy)


def _same_content(files: pl.DataFrame, listing: Listing, policy: ReadPolicy) -> bool:
    """Whether each of ``files`` (``file``, ``content_hash``) still has the content hashed."""
    from workbench.corpus.listing import FileSkipped
    from workbench.store.index import file_hash

    wanted = dict(files.select("file", "content_hash").iter_rows())
    for listed in listing.files:
        expected = wanted.get(listed.name)
        if expected is None:
            continue
        try:
            if file_hash(listed.path, policy.max_file_bytes) != expected:
                return False
        except (FileSkipped, OSError):
            return False
    return True


def _unchanged(
    manifest: dict, directory: Path, code: str, listing: Listing, policy: ReadPolicy, root: Path
) -> bool:
    """Whether nothing the published index was built from has changed (stats every file)."""
    from workbench.corpus.boilerplate import rules_fingerprint
    from workbench.store.index import _manifest_hash

    folders = [root / f for f in [*manifest["ingest"], manifest["order"]]]
    if (
        manifest.get("code") != code
        or manifest.get("policy") != policy.key()
        or manifest.get("listing_skipped") != list(listing.skipped)
        or any(marker(folder) is None for folder in folders)
        or manifest.get("manifest") != _manifest_hash(directory)
        or manifest.get("rules") != rules_fingerprint(directory)
    ):
        return False
    try:
        return _files_unchanged(folders[:-1], listing, directory, policy)
    except Exception:  # a damaged partition: build again
        return False


def open_published(
    directory: Path, cache_dir: Path, options: WorkspaceOptions
) -> PartitionedIndex | None:
    """The published partitioned index of ``directory`` as it is, when it was built by this
    code with these options and every task folder it names is in place; its files are not
    listed (``PartitionedIndex.stale`` does that). None: open it the checked way."""
    from workbench.store.index import _code_fingerprint

    manifest = read_manifest(cache_dir, directory)
    if manifest is None or options.engine.partitions not in (None, manifest["partitions"]):
        return None
    root = Path(cache_dir) / PARTS
    folders = [root / f for f in [*manifest["ingest"], manifest["order"]]]
    if (
        manifest.get("code") != _code_fingerprint()
        or manifest.get("policy") != options.reading.key()
        or any(marker(folder) is None for folder in folders)
    ):
        return None
    index = PartitionedIndex(Path(cache_dir), manifest, options)
    index.verified = False
    return index


def _kept_ids(root: Path, existing: dict) -> dict[str, str]:
    """The ids the index gave files without a manifest entry (file name → id), from its
    partitions' files; a partition that cannot be read gives none."""
    from workbench.store.index import kept_ids_of

    kept: dict[str, str] = {}
    for folder in existing.get("ingest", []):
        try:
            kept.update(kept_ids_of(read_output(root / folder, "files")))
        except TaskDamaged:
            continue
    return kept


def _choose_partitions(files: int, requested: int | None, existing: dict | None) -> int:
    """The partition count: asked for, else the published one while the corpus is about the
    same size (so an edit re-ingests one partition), else chosen from the size."""
    if requested is not None:
        return partition_count(files, requested)
    if existing is not None:
        before = int(existing["partitions"])
        built_for = max(int(existing.get("files", files)), 1)
        ratio = files / built_for
        if 1 / _KEEP_PARTITIONS_WITHIN <= ratio <= _KEEP_PARTITIONS_WITHIN:
            return before
    return partition_count(files)


def wants_partitions(
    options: WorkspaceOptions, files: int, cache_dir: Path, directory: Path
) -> bool:
    """Whether a corpus opens through the partitioned index rather than the single snapshot:
    a large corpus, a Dask engine, partitions asked for, or a partitioned index already there."""
    engine = options.engine
    if engine.name == "dask" or engine.partitions is not None:
        return True
    if partition_count(files) > 1:
        return True
    return read_manifest(cache_dir, directory) is not None


def open_partitioned(
    directory: Path,
    cache_dir: Path,
    options: WorkspaceOptions,
    progress: Progress | None = None,
    listing: Listing | None = None,
) -> PartitionedIndex:
    """Open the partitioned index of ``directory``, ingesting what changed since it was built.

    An unchanged corpus opens from the manifest without starting the engine; otherwise the
    files are planned, sent to partitions by a stable hash of their article ids, and only the
    partitions whose files changed are ingested again (reusing the rows of their unchanged
    files). The new manifest is published last.
    """
    from workbench.corpus.ingest import plan_corpus
    from workbench.store.index import (
        _code_fingerprint,
        _manifest_hash,
        _meta_key,
        fingerprint_of_digests,
        recorded_mtime,
    )

    check_engine_options(options.engine)
    policy = options.reading
    code = _code_fingerprint()
    root = Path(cache_dir) / PARTS
    scan_started = time.time_ns()
    listing = listing if listing is not None else list_article_files(directory, policy)
    existing = read_manifest(cache_dir, directory)
    partitions = _choose_partitions(len(listing.files), options.engine.partitions, existing)
    if (
        existing is not None
        and int(existing["partitions"]) == partitions
        and _unchanged(existing, directory, code, listing, policy, root)
    ):
        return PartitionedIndex(Path(cache_dir), existing, options)

    manifest_hash = _manifest_hash(directory)
    kept = _kept_ids(root, existing) if existing is not None else None
    plan = plan_corpus(directory, policy, listing=listing, kept_ids=kept)
    rules = plan.rules
    groups: list[list] = [[] for _ in range(partitions)]
    for source in plan.sources:
        groups[partition_of(source.article_id, partitions)].append(source)
    previous = existing["ingest"] if existing and int(existing["partitions"]) == partitions else []
    keys = [
        task_key(
            "ingest",
            code,
            policy.key(),
            rules.fingerprint,
            partitions,
            number,
            # The mtimes as the partition's files rows record them: a file written just
            # before a build has none, so once its mtime is trusted its partition's key
            # changes, and the rows it keeps are confirmed by content.
            [
                (
                    s.name,
                    s.size,
                    recorded_mtime(s.mtime_ns, scan_started),
                    _meta_key(s.meta, rules.fingerprint, code, s.inferred_id),
                )
                for s in sources
            ],
        )
        for number, sources in enumerate(groups)
    ]
    # The files of every partition go to the tasks as one Parquet file, not inside each task.
    plan_task = _corpus_task(
        root, code, "plan", plan_sources, keys, params={"sources": sources_frame(groups)}
    )
    run_task(plan_task)
    tasks = []
    for number, key in enumerate(keys):
        inputs = {"plan": (f"plan/{plan_task.key}",)}
        if previous:
            inputs["previous"] = (previous[number],)
        tasks.append(
            Task(
                stage="ingest",
                key=key,
                index=number,
                function=ingest_partition,
                root=str(root),
                inputs=inputs,
                params={
                    "rules": rules,
                    "code": code,
                    "policy": policy,
                    "directory": str(directory),
                    "scan_started": scan_started,
                    "processes": engine_name(options.engine) == "local",
                },
            )
        )
    ingest_folders = tuple(f"ingest/{task.key}" for task in tasks)
    order = _corpus_task(
        root,
        code,
        "order",
        order_corpus,
        ingest_folders,
        inputs={"ingest": ingest_folders},
        params={"directory": str(directory)},
    )
    index_engine = make_engine(options.engine)
    try:
        reports = index_engine.run(
            [
                Stage("ingest", "reading articles", tuple(tasks)),
                Stage("order", "ordering articles", (order,)),
            ],
            progress,
        )
    except BaseException:
        index_engine.close()
        raise
    metas = [read_output(task.folder, "meta") for task in tasks]
    warnings = [
        *plan.warnings,
        *sorted(w for meta in metas for w in meta["warnings"][0]),
        *read_output(order.folder, "same_text")["warning"].to_list(),
    ]
    manifest = {
        "format": CACHE_FORMAT,
        "layout": LAYOUT,
        "workbench": __version__,
        "corpus_dir": str(directory.resolve()),
        "partitions": partitions,
        "files": len(listing.files),
        "ingest": list(ingest_folders),
        "order": f"order/{order.key}",
        "plan": f"plan/{plan_task.key}",
        "fingerprint": fingerprint_of_digests(m["fingerprint"][0] for m in metas),
        "code": code,
        "policy": policy.key(),
        "manifest": manifest_hash,
        "rules": rules.fingerprint,
        "listing_skipped": list(listing.skipped),
        "warnings": warnings,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        write_text_atomic(Path(cache_dir) / INDEX_NAME, json.dumps(manifest, indent=1) + "\n")
    except OSError as error:
        index_engine.close()
        raise WorkbenchError(f"cannot write the index in {cache_dir}: {error.strerror}") from None
    _remove_superseded(root, manifest)
    index = PartitionedIndex(Path(cache_dir), manifest, options, engine=index_engine)
    index.tasks_run = len(reports)
    return index


def _corpus_task(
    root: Path,
    code: str,
    stage: str,
    function: TaskFunction,
    source: object,
    inputs: dict[str, tuple[str, ...]] | None = None,
    params: dict[str, object] | None = None,
) -> Task:
    """The one task of index stage ``stage`` (over the whole corpus), keyed by the stage, the
    code and ``source``, what it is computed from."""
    key = task_key(stage, code, source)
    return Task(stage, key, 0, function, str(root), inputs or {}, params or {})


def _remove_superseded(root: Path, manifest: dict) -> None:
    """Drop partitions and orders no manifest names any more (after a grace period)."""
    keep = {*manifest["ingest"], manifest["order"], manifest.get("plan", "")}
    now = time.time()
    for stage in ("plan", "ingest", "order"):
        folder = root / stage
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                name = f"{stage}/{entry.name}"
                if name in keep or entry.name.startswith("."):
                    continue
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > _STALE_S:
                        shutil.rmtree(entry, ignore_errors=True)
    remove_stale_temporaries(root, ("ingest", "order"))


def _relative(task: Task) -> str:
    """A task's folder as the inputs of the tasks reading it name it."""
    return f"{task.stage}/{task.key}"


def _readers(stages: list[Stage]) -> dict[str, list[str]]:
    """The tasks reading each task folder, both by their relative names."""
    readers: dict[str, list[str]] = {}
    for stage in stages:
        for task in stage.tasks:
            name = _relative(task)
            for folders in task.inputs.values():
                for folder in folders:
                    readers.setdefault(folder, []).append(name)
    return readers


def _tasks_to_run(stages: list[Stage], done: set[str]) -> dict[str, list[Task]]:
    """Per stage, its tasks not ``done`` that are needed: a table's own, and a scratch task
    while a task needed reads it (walked from the last stage back)."""
    wanted: dict[str, list[Task]] = {}
    read: set[str] = set()  # folders the tasks to run read
    for stage in reversed(stages):
        tasks = []
        for task in stage.tasks:
            name = _relative(task)
            if name not in done and (not stage.scratch or name in read):
                tasks.append(task)
        for task in tasks:
            for folders in task.inputs.values():
                read.update(folders)
        wanted[stage.name] = tasks
    return wanted


def _remove_scratch(
    root: Path,
    stages: list[Stage],
    readers: dict[str, list[str]],
    pending: set[str],
    removed: set[str],
) -> None:
    """Remove the outputs of scratch tasks that no task still to run reads (``readers``: the
    tasks reading each folder; ``pending``: the folders of the tasks still to run; a task not
    done that no table needs never will), their markers kept in the task log; ``removed``:
    the tasks this run removed already (added to)."""
    markers = []
    for stage in stages:
        if not stage.scratch:
            continue
        for task in stage.tasks:
            name = _relative(task)
            reading = readers.get(name)
            if name in removed or not reading or any(reader in pending for reader in reading):
                continue
            removed.add(name)
            with contextlib.suppress(OSError, ValueError):
                markers.append(json.loads((task.folder / MARKER).read_text(encoding="utf-8")))
            shutil.rmtree(task.folder, ignore_errors=True)
    if markers:
        with contextlib.suppress(OSError), open(root / TASK_LOG, "a", encoding="utf-8") as log:
            log.writelines(json.dumps(done, sort_keys=True) + "\n" for done in markers)


@contextlib.contextmanager
def _run_lock(root: Path) -> Iterator[None]:
    """Hold the index's run lock (another process's run of its tasks waits for it); an index
    this process cannot write is read without it (it runs and removes nothing there)."""
    try:
        handle = open(root / RUN_LOCK, "a+b")  # noqa: SIM115 (closed below)
    except OSError:
        yield
        return
    with handle:
        held = lock_exclusive(handle)  # none where the filesystem has no locks
        try:
            yield
        finally:
            if held:
                unlock(handle)


def _remove_unused(root: Path, stages: list[Stage]) -> None:
    """Drop task folders of these stages that the plan does not name and that are old: tasks of
    other code (an earlier version of workbench) after minutes, tasks of a corpus since
    changed or of settings and lexicons not used for a week."""
    now = time.time()
    code = code_version()
    for stage in stages:
        keep = {task.key for task in stage.tasks}
        for task in stage.tasks:
            with contextlib.suppress(OSError):
                os.utime(task.folder)  # in use: its age counts from now
        with contextlib.suppress(OSError):
            for entry in os.scandir(root / stage.name):
                if entry.name in keep or entry.name.startswith("."):
                    continue
                with contextlib.suppress(OSError):
                    age = now - entry.stat().st_mtime
                    if age > _UNUSED_TABLES_S or (
                        age > _OTHER_CODE_S and _written_by(Path(entry.path)) != code
                    ):
                        shutil.rmtree(entry.path, ignore_errors=True)
    remove_stale_temporaries(root, [stage.name for stage in stages])


def _written_by(folder: Path) -> str | None:
    """The code that wrote a task folder (None: unknown, or written before it was recorded)."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")).get("code")
    except (OSError, ValueError, AttributeError):
        return None


def corpus_progress(report: Callable[[str, float], None]) -> Progress:
    """A pipeline progress callback feeding a workspace's ``(stage, fraction)`` reports."""

    def progress(stage: str, done: int, total: int) -> None:
        report(stage, done / total if total else 1.0)

    return progress
