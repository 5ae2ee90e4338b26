"""``Workspace``: a loaded corpus, a lexicon and settings, with every table computed on first use
and memoized (and, with an on-disk cache, read back on the next opening of the same corpus)."""

from __future__ import annotations

import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from functools import partial
from itertools import compress
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

import numpy as np
import polars as pl

from workbench import __version__
from workbench.analysis.align import (
    MIN_WORDS,
    AlignableSide,
    ArticlePairScores,
    align_sides,
    alignable_side,
    prepared_side,
    score_sentence_pairs,
    score_sides,
    sentence_themes,
    word_count,
)
from workbench.analysis.alignment_eval import AlignmentEvaluation, evaluate_alignments
from workbench.analysis.lexical import sorted_tokens
from workbench.analysis.lexicon import Lexicon, load_lexicon, resolve_lexicon_path
from workbench.analysis.people import Person, load_people, people_fingerprint, resolve_people_path
from workbench.analysis.phrases import kwic
from workbench.analysis.scoring import embedding_signal
from workbench.analysis.tables import TABLES, check_table_names
from workbench.analysis.theme_thread import theme_thread
from workbench.analysis.word_diff import opcodes_column
from workbench.corpus.archive import corpus_home
from workbench.corpus.ingest import Corpus, check_corpus_dir
from workbench.errors import WorkbenchError
from workbench.options import Settings, WorkspaceOptions
from workbench.store.article_rows import scan_rows
from workbench.store.labels import (
    LabelStore,
    label_pairs,
    labels_dir_for,
    take_over_moved_labels,
    with_labels,
)

Progress = Callable[[str, float], None]
K = TypeVar("K")
V = TypeVar("V")
# Code whose change changes the tables: every analysis module and the workspace that runs them.
ANALYSIS_CODE = ("analysis", "workspace.py")
# ... and, for a partitioned index, the pipeline that splits them into tasks.
PIPELINE_CODE = ("analysis", "pipeline")
EMBEDDINGS = "sentence_embeddings"  # kept beside the tables in the index
# Up to this many sentences (50 MB of embeddings) Compare reads them all from the index rather
# than load the model (0.4 s) to embed its two articles.
READ_WHOLE_EMBEDDINGS = 50_000
_SIDES_KEPT = 512  # articles kept prepared for alignment (Compare returns to the same few)
_ROWS_KEPT = 64  # one article's rows read from a partition, kept (sentences, hits)
_WORD_COUNT = "__word_count"  # a column of sentences read ahead, taken off before they are kept
# Up to this many articles' sentences are read an article at a time (1–2 ms each) rather than
# filtered from a scan of every partition (a second or two at 100,000 articles).
FEW_ARTICLES = 100
_NO_ROWS = np.zeros(0, dtype=np.int64)  # the sentence rows of an article without sentences


def _corpus_fingerprint(corpus: Corpus) -> str:
    from workbench.store.index import corpus_fingerprint

    return corpus_fingerprint(corpus)


def _open_partitioned(
    directory, corpus_cache, options: WorkspaceOptions, report: Progress, verify: bool
):
    """The corpus's partitioned index when it opens through one (large, Dask, partitions asked
    for), else None: the single snapshot then serves. ``verify`` False opens a published
    index as it is, without listing the files (``Workspace.stale`` checks them later)."""
    from workbench.corpus.listing import list_article_files
    from workbench.pipeline.index import (
        corpus_progress,
        open_partitioned,
        open_published,
        wants_partitions,
    )

    if not verify:
        published = open_published(directory, corpus_cache, options)
        if published is not None:
            return published
    listing = list_article_files(directory, options.reading)
    if not wants_partitions(options, len(listing.files), corpus_cache, directory):
        return None
    return open_partitioned(directory, corpus_cache, options, corpus_progress(report), listing)


class Recent(Generic[K, V]):
    """The last few values made, by key: a value is made once while it stays among the last
    ``size`` used (thread-safe; two threads may both make a missing value, one is kept)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def has(self, key: K) -> bool:
        """Whether the value of ``key`` is kept."""
        with self._lock:
            return key in self._values

    def peek(self, key: K) -> V | None:
        """The value of ``key`` if it is kept (None otherwise), not made."""
        with self._lock:
            return self._values.get(key)

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value of ``key``, made with ``make`` if it is not kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


def _index_stale(cache_dir: Path, manifest: dict, options: WorkspaceOptions) -> bool:
    """Whether the corpus of a published partitioned index changed (run in another process)."""
    from workbench.pipeline.index import PartitionedIndex

    return PartitionedIndex(cache_dir, manifest, options).stale()


class Workspace:
    """A corpus + lexicon + settings; the one object the CLI and the interface hold."""

    def __init__(
        self,
        corpus: Corpus,
        lexicon: Lexicon,
        settings: Settings | None = None,
        *,
        people: tuple[Person, ...] | None = None,
        table_cache=None,
    ) -> None:
        self.corpus = corpus
        self.lexicon = lexicon
        self._people = people
        self._labels: LabelStore | None = None
        # Where the corpus was when its labels were taken over on moving here (else None).
        self.labels_moved_from: Path | None = None
        self.settings = settings or Settings()
        self.options = WorkspaceOptions(settings=self.settings)
        self._tables: dict[str, pl.DataFrame] = {}
        self._building: dict[str, threading.Event] = {}  # tables being built (in memory)
        self._table_cache = table_cache
        self._lock = threading.RLock()
        # Runs of a partitioned index's engine, one at a time; the tables already made stay
        # readable meanwhile (a run can take minutes).
        self._run_lock = threading.Lock()
        self._apart = None  # ApartRuns: the interface computes tables in another process
        self._fingerprint: str | None = None
        self._article_index: dict[str, int] | None = None
        self._by_article: dict[str, pl.DataFrame] | None = None
        self._hits_by_article: dict[str, pl.DataFrame] | None = None
        self._partitioned = None  # a PartitionedIndex when the corpus was opened through one
        self._parts: dict[str, object] = {}  # where each table's rows are (partitioned index)
        self._embeddings: np.ndarray | None = None
        self._languages: pl.DataFrame | None = None
        self._languages_lock = threading.Lock()  # not the workspace's: embedding holds that
        self._embedding_files: list[Path] | None = None  # per partition (partitioned index)
        self._article_embeddings: Recent[str, np.ndarray] = Recent(_SIDES_KEPT)
        self._sides: Recent[str, AlignableSide] = Recent(_SIDES_KEPT)
        self._rows_kept: Recent[tuple[str, str], pl.DataFrame] = Recent(_ROWS_KEPT)
        self._word_counts: np.ndarray | None = None
        self._word_counts_kept: Recent[str, list[int]] = Recent(_ROWS_KEPT)  # partitioned
        self._sorted_tokens: list[str] | None = None
        self._align_columns: _AlignColumns | None = None
        self._rows_by_article: dict[str, np.ndarray] | None = None

    @classmethod
    def open(
        cls,
        options: WorkspaceOptions | None = None,
        *,
        progress: Progress | None = None,
        verify: bool = True,
    ) -> Workspace:
        """Open the workspace ``options`` describe (reads files; uses the on-disk index).

        ``verify`` False opens a large corpus's published index without first checking every
        file against it (the interface shows it at once and calls ``stale()`` afterwards).
        """
        from workbench.store.index import (
            TableCache,
            cache_dir_for,
            code_fingerprint,
            default_cache_root,
            load_corpus_cached,
            table_cache_key,
        )

        options = options or WorkspaceOptions()
        directory = check_corpus_dir(options.corpus_path)
        report = progress or (lambda stage, fraction: None)

        report("lexicon", 0.0)
        home = corpus_home(directory)  # where the corpus's side files are
        lexicon = load_lexicon(resolve_lexicon_path(home, options.themes))
        corpus_cache = None
        if options.use_cache:
            root = options.cache_root if options.cache_root is not None else default_cache_root()
            corpus_cache = cache_dir_for(directory, root)

        def documents(done: int, total: int) -> None:
            report("reading articles", done / total if total else 1.0)

        report("reading articles", 0.0)
        index = None
        if corpus_cache is not None and directory.is_dir():
            index = _open_partitioned(directory, corpus_cache, options, report, verify)
        if index is not None:
            corpus = index.corpus
        else:
            corpus = load_corpus_cached(directory, corpus_cache, documents, options.reading)
        report("reading articles", 1.0)
        people = load_people(resolve_people_path(home))
        workspace = cls(corpus, lexicon, options.settings, people=people)
        workspace.options = options
        workspace._partitioned = index
        if corpus_cache is not None and index is None:
            key = table_cache_key(
                workspace.corpus_fingerprint,
                lexicon.fingerprint,
                people_fingerprint(people),
                options.settings.key(),
                code_fingerprint(ANALYSIS_CODE),
            )
            workspace._table_cache = TableCache(corpus_cache, key)
        return workspace

    # ---------------------------------------------------------------- identity
    @property
    def labels(self) -> LabelStore:
        """The saved judgements of this corpus's aligned pairs (shared by every session)."""
        if self._labels is None:
            directory, root = self.corpus.directory, self.options.data_root
            self.labels_moved_from = take_over_moved_labels(directory, root)
            self._labels = LabelStore(labels_dir_for(directory, root), corpus=directory)
        return self._labels

    @property
    def people(self) -> tuple[Person, ...]:
        """The people the `people` table counts (the corpus's list, else the bundled one)."""
        if self._people is None:
            self._people = load_people()
        return self._people

    @property
    def corpus_fingerprint(self) -> str:
        """A fingerprint of the corpus content (metadata and original texts)."""
        if self._fingerprint is None:
            if self._partitioned is not None:
                self._fingerprint = self._partitioned.fingerprint
            else:
                self._fingerprint = _corpus_fingerprint(self.corpus)
        return self._fingerprint

    @property
    def tables_computed(self) -> int:
        """How many tables were computed rather than read back from the on-disk cache."""
        if self._partitioned is not None:
            return self._partitioned.tasks_run
        return int(getattr(self._table_cache, "misses", len(self._tables)))

    @property
    def partitioned(self) -> bool:
        """Whether the corpus's index is partitioned (its tables computed as tasks, any count)."""
        return self._partitioned is not None

    @property
    def partitions(self) -> int:
        """How many partitions the corpus's index has (1: the single snapshot, or none)."""
        return self._partitioned.partitions if self._partitioned is not None else 1

    @property
    def verified(self) -> bool:
        """False when the index was opened as published, its files not checked yet."""
        return self._partitioned is None or self._partitioned.verified

    def stale(self) -> bool:
        """Whether a corpus file changed since its index was built (for an index opened
        unverified; otherwise False: opening checked already).

        The files are listed and stat'ed in another process: at 100,000 articles that is a
        second of Python work, which in this one would slow the interface by as much.
        """
        index = self._partitioned
        if index is None or index.verified:
            return False
        from workbench.corpus.workers import start_resource_tracker

        start_resource_tracker()  # under the interface, stderr is Textual's and has no fd
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            changed = pool.submit(_index_stale, index.cache_dir, index.manifest, index.options)
            stale = changed.result()
        index.verified = not stale
        return stale

    def warm_up(self) -> None:
        """Make ready what a first comparison would otherwise wait for: the sentences'
        embeddings read from the index when they are few enough, else (unless a partitioned
        index holds them, read an article at a time) the embedding model, which embeds the
        sentences of articles whose embeddings are not in memory; for a corpus in memory, its
        sentences split by article, their words counted and sorted (and, with the embeddings
        and the theme hits at hand, the columns articles are prepared from for scoring); for a
        partitioned index, where each article's rows are in its partition's files."""
        from workbench.analysis.embeddings import get_model

        if self._stored_embeddings_are_small():
            self.sentence_embeddings()
        elif not self._partition_embedding_files():  # else each article's are read
            get_model()
        if self._partitioned is None and self.corpus.articles.height:
            first = self.corpus.articles["article_id"][0]
            self.article_sentences(first)
            self._article_word_counts(first)
            self._article_sorted_tokens(first)
            if self._embeddings is not None and self._table_at_hand("theme_hits"):
                self._corpus_align_columns()  # made here, not computing a table for it
        if self._partitioned is not None:
            self._read_row_spans()

    def _table_at_hand(self, name: str) -> bool:
        """Whether table ``name`` of a corpus in memory is made, in memory or in the index."""
        with self._lock:
            if name in self._tables:
                return True
        return self._table_cache is not None and self._table_cache.has(name)

    def _read_row_spans(self) -> None:
        """Where each article's rows are in every partition's sentences file and, once
        computed, theme-hits file (``ArticleRows``): learnt here, not by the first pair Compare
        aligns in each partition (15–25 ms a file: at 100,000 articles the first pairs' p95
        was twice the rest's)."""
        files = self.corpus.files("sentences")
        files += self._computed_paths(self._planner().plan("theme_hits").files) or []
        for path in files:
            try:
                self.corpus.rows.spans(path)
            except (OSError, pl.exceptions.PolarsError):
                return  # read ahead only: reading the article itself says what is wrong

    def close(self) -> None:
        """Release what computing tables started (a Dask cluster); the workspace stays usable."""
        if self._partitioned is not None:
            self._partitioned.close()

    def compute_apart(self, watch: Callable[[str, int, int], None] | None = None) -> None:
        """From now on compute the tables a partitioned index lacks in another process, which
        ``stop_computing`` ends (the interface's choice: its thread stays free, and quitting
        never waits for a task); ``watch(stage, done, total)`` hears every run, ``("", 0, 0)``
        when one ends."""
        from workbench.pipeline.apart import ApartRuns

        if self._partitioned is not None and self._apart is None:
            self._apart = ApartRuns(watch)

    def stop_computing(self) -> None:
        """End the computation of tables under way in another process (``compute_apart``);
        the tables already made stay readable, and one still missing is an error."""
        if self._apart is not None:
            self._apart.stop()

    @property
    def cache_errors(self) -> list[str]:
        """Problems met writing the on-disk cache (the workspace works on without it)."""
        return list(getattr(self._table_cache, "errors", []) or [])

    def export_metadata(self) -> dict[str, str]:
        """Key-value metadata for Parquet files: version, fingerprints, thresholds, time."""
        return {
            "workbench.version": __version__,
            "workbench.corpus_fingerprint": self.corpus_fingerprint,
            "workbench.corpus_articles": str(self.corpus.articles.height),
            "workbench.lexicon_fingerprint": self.lexicon.fingerprint,
            "workbench.lexicon_source": str(self.lexicon.source or ""),
            **self.settings.as_metadata(),
            "workbench.created": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    # ---------------------------------------------------------------- articles
    def _index(self) -> dict[str, int]:
        if self._article_index is None:
            ids = self.corpus.articles["article_id"].to_list()
            self._article_index = {a: i for i, a in enumerate(ids)}
        return self._article_index

    def article(self, article_id: str) -> dict:
        """One row of ``articles`` as a dict; WorkbenchError if there is no such article."""
        index = self._index().get(article_id)
        if index is None:
            known = list(self._index())
            shown = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
            raise WorkbenchError(f"unknown article '{article_id}' (articles: {shown})")
        return self.corpus.articles.row(index, named=True)

    def article_sentences(self, article_id: str) -> pl.DataFrame:
        """The sentences of one article in text order; WorkbenchError if unknown."""
        if article_id not in self._index():
            self.article(article_id)  # says which articles there are
        if self._partitioned is not None:
            return self._kept_rows(
                "sentences",
                article_id,
                lambda: self._counted(article_id, self._sentences_scan(article_id).collect()),
            )
        with self._lock:
            if self._by_article is None:
                # Split once: filtering 300,000 sentences for every pair would cost more than
                # aligning the pair.
                self._by_article = _split_by_article(
                    self.corpus.sentences.sort("article_id", "sentence_id")
                )
        found = self._by_article.get(article_id)
        return found if found is not None else self.corpus.sentences.clear()

    def _kept_rows(
        self, name: str, article_id: str, read: Callable[[], pl.DataFrame]
    ) -> pl.DataFrame:
        """One article's rows of frame ``name`` of a partitioned index: read from its partition
        once, the last few kept (Compare reads an article for its pane, then to align it)."""
        return self._rows_kept.get((name, article_id), read)

    def article_hits(self, article_id: str) -> pl.DataFrame:
        """The theme hits of one article (reads only its partition of a partitioned index)."""
        return self._article_hits([article_id])

    def article_removed(self, article_id: str) -> pl.DataFrame:
        """The spans cleaning removed from one article, in text order."""
        if self._partitioned is not None:
            removed = self.corpus.article_frame("removed", article_id)
        else:
            removed = self.table("removed").filter(pl.col("article_id") == article_id)
        return removed.sort("start")

    def _article_hits(self, article_ids: list[str]) -> pl.DataFrame:
        """The theme hits of a few articles."""
        if self._partitioned is not None:
            frames = [
                self._kept_rows("theme_hits", a, lambda a=a: self._partition_rows("theme_hits", a))
                for a in article_ids
            ]
            return pl.concat(frames) if len(frames) > 1 else frames[0]
        hits = self.table("theme_hits")
        with self._lock:
            if self._hits_by_article is None:
                self._hits_by_article = _split_by_article(hits)
        frames = [self._hits_by_article[a] for a in article_ids if a in self._hits_by_article]
        if len(frames) == 1:
            return frames[0]
        return pl.concat(frames) if frames else hits.clear()

    # ---------------------------------------------------------------- meaning
    def article_languages(self) -> pl.DataFrame:
        """The corpus's articles written in another language than English (told once: the
        embeddings, theme hits, phrases and similarity each need them)."""
        from workbench.analysis.tokens import article_languages

        with self._languages_lock:
            if self._languages is None:
                self._languages = article_languages(self.corpus.sentences)
            return self._languages

    def sentence_embeddings(self) -> np.ndarray:
        """One embedding per row of ``corpus.sentences`` (computed once; kept in the index)."""
        from workbench.analysis.embeddings import (
            embed_sentences,
            embeddings_matrix,
            embeddings_series,
        )

        with self._lock:
            if self._embeddings is None:
                stored = (
                    self._table_cache.get(EMBEDDINGS, counted=False) if self._table_cache else None
                )
                if stored is not None and stored.height == self.corpus.sentences.height:
                    self._embeddings = embeddings_matrix(stored["embedding"])
                else:
                    self._embeddings = embed_sentences(
                        self.corpus.sentences, languages=self.article_languages()
                    )
                    if self._table_cache is not None:
                        frame = pl.DataFrame([embeddings_series(self._embeddings)])
                        self._table_cache.put(EMBEDDINGS, frame)
            return self._embeddings

    def article_embeddings(self, article_id: str) -> np.ndarray:
        """The embeddings of one article's sentences, in text order."""
        from workbench.analysis.embeddings import embed_sentences

        sentences = self.article_sentences(article_id)
        found = self._article_embeddings.peek(article_id)
        if found is not None:
            return found
        with self._lock:
            if self._embeddings is None and self._stored_embeddings_are_small():
                self.sentence_embeddings()  # read from the index: no model to load
            if self._embeddings is not None:
                found = self._embeddings[self._rows_of(article_id)]
        # Read from its partition or embedded outside the lock (the interface's workers prepare
        # articles side by side); the last few hundred articles' kept.
        if found is None:
            found = self._stored_article_embeddings(article_id, sentences)
        if found is None:
            found = embed_sentences(sentences)
        return self._article_embeddings.get(article_id, lambda: found)

    def _stored_article_embeddings(
        self, article_id: str, sentences: pl.DataFrame
    ) -> np.ndarray | None:
        """One article's embeddings read from its partition of a partitioned index (rows of the
        partition's sentences); None where the index does not hold them."""
        from workbench.analysis.embeddings import embeddings_matrix

        if sentences.is_empty():
            return None
        found = self._embeddings_scan(article_id)
        if found is None or found[1] != sentences.height:
            return None
        return embeddings_matrix(found[0].collect()["embedding"])

    def _embeddings_scan(self, article_id: str) -> tuple[pl.LazyFrame, int] | None:
        """One article's rows of its partition's embeddings file, as a lazy frame, and how many
        there are; None where the index does not hold them (a corpus in memory, embeddings not
        computed yet, an article whose rows are not together)."""
        files = self._partition_embedding_files()
        where = self.corpus.sentence_rows(article_id) if files else None
        if where is None:
            return None
        number, start, length = where
        return scan_rows(files[number], start, length), length

    def _partition_embedding_files(self) -> list[Path]:
        """The embeddings file of each partition of a partitioned index, once every one is
        computed (none before, or for a corpus in memory)."""
        if self._partitioned is None:
            return []
        if self._embedding_files is None:
            planner = self._planner()
            paths = self._computed_paths(planner.outputs(planner.embeddings(), "embeddings"))
            if paths is None:
                return []  # looked at again next time: the index may be computing them
            self._embedding_files = paths
        return self._embedding_files

    def _computed_paths(self, files: Iterable[str]) -> list[Path] | None:
        """The paths of output files of a partitioned index (relative to its root) when every
        one's task is done; None while any is not (never computed here)."""
        from workbench.pipeline.tasks import marker

        paths = [self._partitioned.root / file for file in files]
        return paths if all(marker(path.parent) is not None for path in paths) else None

    def _stored_embeddings_are_small(self) -> bool:
        """Whether the index holds every sentence's embedding and they are few enough to read
        whole (a few tens of MB) rather than embed two articles with a model loaded for them."""
        return (
            self._partitioned is None
            and self._table_cache is not None
            and self.corpus.sentences.height <= READ_WHOLE_EMBEDDINGS
            and self._table_cache.has(EMBEDDINGS)
        )

    def _rows_of(self, article_id: str) -> np.ndarray:
        """One article's rows in ``corpus.sentences`` (none for an article without sentences)."""
        return self._sentence_rows().get(article_id, _NO_ROWS)

    def _sentence_rows(self) -> dict[str, np.ndarray]:
        """Each article's rows in ``corpus.sentences``, in text order (worked out once)."""
        with self._lock:
            if self._rows_by_article is None:
                rows = (
                    self.corpus.sentences.select("article_id", "sentence_id")
                    .with_row_index("row")
                    .sort("article_id", "sentence_id")
                )
                ids = rows["article_id"].to_numpy()
                numbers = rows["row"].to_numpy().astype(np.int64)
                starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else []
                ends = np.r_[starts[1:], len(ids)] if len(ids) else []
                self._rows_by_article = {
                    str(ids[a]): numbers[a:b] for a, b in zip(starts, ends, strict=True)
                }
            return self._rows_by_article

    # ---------------------------------------------------------------- tables
    def table(self, name: str) -> pl.DataFrame:
        """A table of ``TABLES`` (computed once, then memoized); WorkbenchError if unknown."""
        check_table_names([name])
        spec = TABLES[name]
        if spec.live:
            return spec.builder(self)
        if self._partitioned is not None:
            with self._lock:
                frame = self._tables.get(name)
            if frame is None:  # read outside the lock: another table may be being computed
                frame = self._read_parts(name)
                with self._lock:
                    frame = self._tables.setdefault(name, frame)
            return spec.finish(self, frame) if spec.finish is not None else frame
        frame = self._built(name)
        return spec.finish(self, frame) if spec.finish is not None else frame

    def _built(self, name: str) -> pl.DataFrame:
        """Table ``name`` of a corpus in memory: memoized, else read from the table cache or
        built. Built outside the workspace lock, so that the workspace's other reads (another
        table, an article, Compare's pairs) do not wait for it; a thread asking for a table
        another thread is building waits for it (and builds it itself if that build failed,
        raising its error in turn)."""
        while True:
            with self._lock:
                frame = self._tables.get(name)
                if frame is not None:
                    return frame
                building = self._building.get(name)
                mine = building is None
                if mine:
                    building = self._building[name] = threading.Event()
            if not mine:
                building.wait()
                continue
            try:
                frame = self._table_cache.get(name) if self._table_cache is not None else None
                if frame is None:
                    frame = TABLES[name].builder(self)
                    if self._table_cache is not None:
                        self._table_cache.put(name, frame)
                with self._lock:
                    self._tables[name] = frame
                return frame
            finally:
                with self._lock:
                    del self._building[name]
                building.set()

    def score_pair(self, left_id: str, right_id: str) -> ArticlePairScores | None:
        """Every sentence pair of two articles scored as Compare scores them."""
        return score_sides(*self._alignables(left_id, right_id))

    def _article_word_counts(self, article_id: str) -> list[int] | None:
        """The word counts of one article's sentences in text order, from counts of the whole
        corpus made on first use; of a partitioned index, those counted as its sentences were
        read (None if they are no longer kept)."""
        if self._partitioned is not None:
            return self._word_counts_kept.peek(article_id)
        with self._lock:
            if self._word_counts is None:
                counts = self.corpus.sentences.select(word_count(pl.col("norm")))
                self._word_counts = counts.to_series().to_numpy()
            return self._word_counts[self._rows_of(article_id)].tolist()

    def _article_sorted_tokens(self, article_id: str) -> list[str] | None:
        """One article's sentences with their tokens sorted (what token_sort_ratio compares), in
        text order, from the whole corpus's made on first use (None for a partitioned index)."""
        if self._partitioned is not None:
            return None
        with self._lock:
            if self._sorted_tokens is None:
                self._sorted_tokens = sorted_tokens(self.corpus.sentences["norm"].to_list())
            every = self._sorted_tokens
            return [every[row] for row in self._rows_of(article_id).tolist()]

    def _alignable(self, article_id: str) -> AlignableSide:
        """One article's sentences prepared for scoring (made once, the last few hundred kept)."""

        def make() -> AlignableSide:
            columns = self._corpus_align_columns()
            if columns is not None:
                return self._sliced_side(article_id, columns)
            sentences = self.article_sentences(article_id)
            embeddings = self.article_embeddings(article_id)
            return alignable_side(
                sentences,
                self.article_hits(article_id),
                embeddings,
                self._article_word_counts(article_id),
                self._article_sorted_tokens(article_id),
            )

        return self._sides.get(article_id, make)

    def _corpus_align_columns(self) -> _AlignColumns | None:
        """What preparing any article of a corpus in memory for scoring needs, for the whole
        corpus, made on first use (None for a partitioned index, or while the sentences'
        embeddings are not in memory: each article's are then read or embedded on its own).

        An article's side is then sliced from these lists: reading its frames' columns and its
        theme hits one article at a time took a sixth of the time of aligning two articles."""
        if self._partitioned is not None:
            return None
        with self._lock:
            if self._embeddings is None and self._stored_embeddings_are_small():
                self.sentence_embeddings()  # read from the index: no model to load
            if self._embeddings is None:
                return None
            if self._align_columns is not None:
                return self._align_columns
        hits = self.table("theme_hits")  # outside the lock: it may be being built
        with self._lock:
            if self._align_columns is None:
                self._align_columns = self._make_align_columns(hits)
            return self._align_columns

    def _make_align_columns(self, hits: pl.DataFrame) -> _AlignColumns:
        """``_AlignColumns`` of the corpus (under the workspace lock)."""
        sentences = self.corpus.sentences
        if self._sorted_tokens is None:
            self._sorted_tokens = sorted_tokens(sentences["norm"].to_list())
        if self._word_counts is None:
            counts = sentences.select(word_count(pl.col("norm")))
            self._word_counts = counts.to_series().to_numpy()
        by_article = self._sentence_rows()
        # Each article's rows one after the other, in text order: an article's values are then
        # a slice of each list below rather than gathered row by row.
        order = np.concatenate([_NO_ROWS, *by_article.values()])
        ends = np.cumsum([len(rows) for rows in by_article.values()], dtype=np.int64)
        starts = ends - np.array([len(rows) for rows in by_article.values()], dtype=np.int64)
        hits = hits.select("article_id", "sentence_id", "theme").sort(
            "article_id", maintain_order=True
        )
        hit_counts = hits.group_by("article_id", maintain_order=True).len()
        hit_ends = np.cumsum(hit_counts["len"].to_numpy(), dtype=np.int64)
        hit_starts = hit_ends - hit_counts["len"].to_numpy()
        hit_spans = dict(
            zip(
                hit_counts["article_id"].to_list(),
                zip(hit_starts.tolist(), hit_ends.tolist(), strict=True),
                strict=True,
            )
        )
        # Where an article's rows follow each other in the corpus (as they do when it was read
        # article by article), its embeddings are a slice of the matrix, not a copy.
        breaks = np.concatenate([[0], np.cumsum(np.diff(order) != 1)])
        first_rows = [
            int(order[start]) if end > start and breaks[end - 1] == breaks[start] else -1
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        spans = {
            article_id: (start, end, *hit_spans.get(article_id, (0, 0)), first_row)
            for article_id, start, end, first_row in zip(
                by_article, starts.tolist(), ends.tolist(), first_rows, strict=True
            )
        }
        tokens = [self._sorted_tokens[row] for row in order.tolist()]
        return _AlignColumns(
            spans,
            order,
            sentences["sentence_id"].gather(order).to_list(),
            sentences["norm"].gather(order).to_list(),
            sentences["text"].gather(order).to_list(),
            tokens,
            np.fromiter(map(len, tokens), dtype=np.float64, count=len(tokens)),
            (self._word_counts >= MIN_WORDS)[order],
            embedding_signal(self._embeddings)[order],
            hits["sentence_id"].to_list(),
            hits["theme"].to_list(),
        )

    def _sliced_side(self, article_id: str, columns: _AlignColumns) -> AlignableSide:
        """One article's side sliced from the corpus's columns: the same as ``alignable_side``
        makes of its sentences, theme hits and embeddings."""
        if article_id not in self._index():
            self.article(article_id)  # says which articles there are
        span = columns.spans.get(article_id)
        if span is None:  # no sentences
            return prepared_side("", [], [], [], [], self._embeddings[_NO_ROWS], {}, [])
        start, end, hit_start, hit_end, first_row = span
        themes = sentence_themes(
            zip(
                columns.hit_sentences[hit_start:hit_end],
                columns.hit_themes[hit_start:hit_end],
                strict=True,
            )
        )
        alignable = columns.alignable[start:end]
        if first_row >= 0 and alignable.all():  # every sentence, rows in a run: slices alone
            return prepared_side(
                article_id,
                list(range(end - start)),
                columns.sentence_ids[start:end],
                columns.norms[start:end],
                columns.texts[start:end],
                self._embeddings[first_row : first_row + end - start],
                themes,
                columns.sorted_tokens[start:end],
                columns.signal[start:end],
                columns.sorted_lengths[start:end],
            )
        kept = alignable.tolist()
        return prepared_side(
            article_id,
            np.flatnonzero(alignable).tolist(),
            list(compress(columns.sentence_ids[start:end], kept)),
            list(compress(columns.norms[start:end], kept)),
            list(compress(columns.texts[start:end], kept)),
            self._embeddings[columns.rows[start:end][alignable]],
            themes,
            list(compress(columns.sorted_tokens[start:end], kept)),
            columns.signal[start:end][alignable],
            columns.sorted_lengths[start:end][alignable],
        )

    def _alignables(self, left_id: str, right_id: str) -> tuple[AlignableSide, AlignableSide]:
        """Two articles prepared for scoring; from a partitioned index, what both need is read
        at once (``_read_ahead``)."""
        made = self._sides.has(left_id) and self._sides.has(right_id)
        if self._partitioned is not None and not made:
            self._read_ahead([left_id, right_id])
        return self._alignable(left_id), self._alignable(right_id)

    def _read_ahead(self, article_ids: list[str]) -> None:
        """Read what preparing these articles of a partitioned index for scoring needs and is
        not kept — each one's sentences, embeddings and (once computed) theme hits — in one
        ``polars.collect_all``, which reads the files side by side on polars' own threads.

        Each article's rows are three reads of its partition's files, a millisecond or more
        apiece, mostly the fixed cost of a scan: a pair's six reads took 9.4 ms one after the
        other, 6.3 ms in three threads of this process, 5.0 ms collected at once. Read ahead
        only: whatever cannot be read this way is read (or its error told) as before.
        """
        corpus = self.corpus
        with self._lock:
            hits_parts = self._parts.get("theme_hits")
        keep: list[Callable[[pl.DataFrame], None]] = []
        scans: list[pl.LazyFrame] = []

        def add(scan: pl.LazyFrame, store: Callable[[pl.DataFrame], None]) -> None:
            scans.append(scan)
            keep.append(store)

        for article_id in dict.fromkeys(article_ids):
            if corpus.partition_of(article_id) is None or self._sides.has(article_id):
                continue
            if not self._rows_kept.has(("sentences", article_id)):
                add(self._sentences_scan(article_id), partial(self._keep_sentences, article_id))
            if hits_parts is not None and not self._rows_kept.has(("theme_hits", article_id)):
                add(
                    corpus.rows.scan(self._part_path(hits_parts, article_id), article_id),
                    partial(self._keep_rows, "theme_hits", article_id),
                )
            if not self._article_embeddings.has(article_id):
                found = self._embeddings_scan(article_id)
                if found is not None:
                    add(found[0], partial(self._keep_embeddings, article_id, found[1]))
        if not scans:
            return
        try:
            frames = pl.collect_all(scans)
        except (OSError, pl.exceptions.PolarsError):
            return
        for store, frame in zip(keep, frames, strict=True):
            store(frame)

    def _keep_rows(self, name: str, article_id: str, frame: pl.DataFrame) -> None:
        self._rows_kept.get((name, article_id), lambda: frame)

    def _keep_sentences(self, article_id: str, frame: pl.DataFrame) -> None:
        self._keep_rows("sentences", article_id, self._counted(article_id, frame))

    def _sentences_scan(self, article_id: str) -> pl.LazyFrame:
        """One article's sentences of a partitioned index in text order, each one's words
        counted as it is read (``_counted`` takes the count off): counting them in Python
        once read took half a millisecond an article."""
        return (
            self.corpus.article_scan("sentences", article_id)
            .sort("sentence_id")
            .with_columns(word_count(pl.col("norm")).alias(_WORD_COUNT))
        )

    def _counted(self, article_id: str, frame: pl.DataFrame) -> pl.DataFrame:
        """An article's sentences as ``_sentences_scan`` read them, their word counts kept."""
        counts = frame[_WORD_COUNT].to_list()
        self._word_counts_kept.get(article_id, lambda: counts)
        return frame.drop(_WORD_COUNT)

    def _keep_embeddings(self, article_id: str, rows: int, frame: pl.DataFrame) -> None:
        """Keep an article's embeddings read ahead: its ``rows`` sentences' rows."""
        from workbench.analysis.embeddings import embeddings_matrix

        if frame.height == rows and "embedding" in frame.columns:
            found = embeddings_matrix(frame["embedding"])
            self._article_embeddings.get(article_id, lambda: found)

    def evaluate_alignments(self, min_score: float | None = None) -> AlignmentEvaluation:
        """The aligner's proposals against the labels so far (see ``analysis.alignment_eval``)."""
        threshold = self.settings.align_threshold if min_score is None else min_score
        return evaluate_alignments(self.table("labels"), self.score_pair, threshold)

    def scan(self, name: str) -> pl.LazyFrame:
        """A table of ``TABLES`` as a lazy frame: over its partition files when the index is
        partitioned (nothing is read until collected; rows in partition order), else the
        table in memory."""
        check_table_names([name])
        spec = TABLES[name]
        if self._partitioned is None or spec.live:
            return self.table(name).lazy()
        parts = self._table_parts([name])[name]
        frame = pl.scan_parquet([self._partitioned.root / f for f in parts.files])
        frame = frame.select(list(parts.columns)) if parts.columns else frame
        return spec.finish(self, frame) if spec.finish is not None else frame

    def view(self, name: str) -> pl.DataFrame | pl.LazyFrame:
        """A table as the interface shows it: in memory, or (a partitioned index) a lazy scan
        that a table pane reads a page at a time."""
        return self.scan(name) if self._partitioned is not None else self.table(name)

    def compute(self, names: list[str], progress: Callable[[str, int, int], None] | None = None):
        """Compute tables ahead of use, all in one run of the engine on a partitioned index
        (``progress(stage, done, total)`` counts tasks); memoizes them otherwise."""
        check_table_names(names)
        names = [name for name in names if not TABLES[name].live]  # read fresh, never stored
        if self._partitioned is None:
            for done, name in enumerate(names):
                if progress is not None:
                    progress("tables", done, len(names))
                self.table(name)
            if progress is not None:
                progress("tables", len(names), len(names))
            return
        self._table_parts(names, progress, check_stages=True)

    def _table_parts(self, names: list[str], progress=None, *, check_stages: bool = False) -> dict:
        """Where the rows of tables ``names`` are, computing what is missing (partitioned);
        ``check_stages``: every stage's tasks are looked at, not only the tables' own."""
        from workbench.pipeline.tasks import marker

        with self._lock:
            missing = [n for n in names if n not in self._parts]
            if not missing:
                return {name: self._parts[name] for name in names}
            planner = self._planner()
            found = {name: planner.plan(name) for name in missing}
        # A task's key chains its inputs', so a table whose own tasks are done was made from
        # the very stages planned: to read it, nothing upstream needs looking at.
        root = self._partitioned.root
        folders = {(root / file).parent for parts in found.values() for file in parts.files}
        if check_stages or any(marker(folder) is None for folder in folders):
            with self._run_lock:  # a second run of the same stages finds their tasks done
                if self._apart is not None:
                    self._apart.run(self.options, missing, progress)
                else:
                    self._partitioned.run(list(planner.stages.values()), progress)
        with self._lock:
            self._parts.update(found)
            return {name: self._parts[name] for name in names}

    def _planner(self):
        """The tasks that make each table of the partitioned index, for this code, lexicon
        and settings."""
        from workbench.pipeline.tables import TablePlanner
        from workbench.store.index import code_fingerprint

        return TablePlanner(
            self._partitioned,
            self.lexicon,
            self.people,
            self.settings,
            code_fingerprint(PIPELINE_CODE),
        )

    def tables_to_update(self) -> list[str]:
        """The tables a partitioned index does not hold for this code, lexicon and settings
        (each would be computed on first use); none for a corpus held in memory."""
        if self._partitioned is None:
            return []
        planner = self._planner()
        names = [name for name, spec in TABLES.items() if not spec.live]
        return [name for name in names if self._computed_paths(planner.plan(name).files) is None]

    def _read_parts(self, name: str) -> pl.DataFrame:
        """Table ``name`` of a partitioned index, read whole and put in its order."""
        from workbench.pipeline.tasks import read_output

        parts = self._table_parts([name])[name]
        frames = []
        for relative in parts.files:
            path = self._partitioned.root / relative
            frames.append(read_output(path.parent, path.stem))
        frame = pl.concat(frames) if len(frames) > 1 else frames[0]
        if parts.columns:
            frame = frame.select(list(parts.columns))
        if parts.order is not None and len(frames) > 1:
            frame = parts.order(frame, self.corpus.order)
        return frame

    def _partition_rows(self, name: str, article_id: str) -> pl.DataFrame:
        """The rows of one article in a per-partition table (reads its partition's part)."""
        parts = self._table_parts([name])[name]
        return self.corpus.rows.read(self._part_path(parts, article_id), article_id)

    def _part_path(self, parts, article_id: str) -> Path:
        """The file of a per-partition table's ``parts`` that holds an article's rows."""
        number = self.corpus.partition_of(article_id)
        return self._partitioned.root / parts.files[number if number is not None else 0]

    def align(
        self,
        left_id: str,
        right_id: str,
        threshold: float | None = None,
        many: int = 1,
        labels: bool = True,
        opcodes: bool = True,
    ) -> pl.DataFrame:
        """Aligned sentence pairs of two articles, with word opcodes and labels per pair.

        One to one by default; ``many`` > 1 lets a sentence pair with up to that many
        sentences of the other article (one answer to several points). ``labels`` False leaves
        the label store unread (Compare reads it on its own, and aligns even when it is
        damaged); ``opcodes`` False leaves the word diffs out (Compare diffs the pair in focus
        alone: a third of the time of aligning two articles went into diffing every pair).
        """
        pairs = align_sides(
            *self._alignables(left_id, right_id),
            threshold=self.settings.align_threshold if threshold is None else threshold,
            many=many,
        )
        if opcodes:
            diffs = opcodes_column(pairs["left_text"].to_list(), pairs["right_text"].to_list())
            pairs = pairs.hstack([diffs])
        return with_labels(pairs, self.pair_labels(left_id, right_id)) if labels else pairs

    def stray_label_ids(self) -> list[str]:
        """The article ids that saved labels name and this corpus does not have (a file
        renamed or removed, or named by its folders since another took its name), sorted."""
        stored = self.labels.frame()
        if stored.is_empty():
            return []
        named = set(stored["left_id"].to_list()) | set(stored["right_id"].to_list())
        return sorted(named - set(self.corpus.articles["article_id"].to_list()))

    def pair_labels(self, left_id: str, right_id: str) -> pl.DataFrame:
        """The labels of sentence pairs between two articles, resolved to today's sentences."""
        between = self.labels.frame().filter(
            pl.col("left_id").is_in([left_id, right_id])
            & pl.col("right_id").is_in([left_id, right_id])
        )
        if between.is_empty():  # nothing to resolve: no sentences read
            return label_pairs(between, self.sentences())
        return label_pairs(between, self.sentences_of([left_id, right_id]))

    def score_pairs(
        self, left_id: str, right_id: str, pairs: list[tuple[int, int]]
    ) -> pl.DataFrame:
        """Given sentence pairs of two articles (paired by hand), with ``align``'s columns."""
        frame = score_sentence_pairs(
            self.article_sentences(left_id),
            self.article_sentences(right_id),
            self._article_hits([left_id, right_id]),
            pairs,
            self.article_embeddings(left_id),
            self.article_embeddings(right_id),
        )
        opcodes = opcodes_column(frame["left_text"].to_list(), frame["right_text"].to_list())
        return frame.with_columns(opcodes.alias("opcodes"))

    def theme_thread(self, theme: str) -> pl.DataFrame:
        """One theme's passages across the corpus in date order; WorkbenchError if unknown."""
        self.lexicon.theme(theme)
        if self._partitioned is not None:  # the theme's hits read, not the whole table kept
            hits = self.scan("theme_hits").filter(pl.col("theme") == theme).collect()
        else:
            hits = self.table("theme_hits")
        return theme_thread(theme, hits, self.sentences(), self.corpus.articles)

    def kwic(self, phrase: str, width: int = 50) -> pl.DataFrame:
        """Keyword-in-context lines of a phrase; a recurring phrase brings its variants along."""
        wanted = " ".join(phrase.lower().split())
        row = (
            self.scan("recurring_phrases")
            .filter((pl.col("phrase") == wanted) | pl.col("variants").list.contains(wanted))
            .head(1)
            .collect()
        )
        target: str | dict = row.row(0, named=True) if row.height else wanted
        return kwic(target, self.sentences(), self.corpus.articles, width)

    def sentences_of(self, article_ids: Iterable[str]) -> pl.DataFrame | pl.LazyFrame:
        """The sentences of these articles (others may come along): a large index's read an
        article at a time when they are few, not through a scan of every partition."""
        if self._partitioned is None:
            return self.corpus.sentences
        known = [a for a in dict.fromkeys(article_ids) if a in self._index()]
        if len(known) > FEW_ARTICLES:
            return self.sentences()
        if not known:
            return self.corpus.scan("sentences").clear()
        return pl.concat([self.article_sentences(a) for a in known])

    def sentences(self) -> pl.DataFrame | pl.LazyFrame:
        """Every sentence: in memory, or a lazy scan over the partitions of a large corpus."""
        if self._partitioned is not None:
            return self.corpus.scan("sentences")
        return self.corpus.sentences


class _AlignColumns(NamedTuple):
    """The columns of a corpus in memory that its articles' alignable sides are sliced from:
    the sentences' article by article, in text order (``spans``), and the theme hits'."""

    # per article: its sentences' and hits' spans, and its first row in ``corpus.sentences``
    # when its rows there follow each other in text order (else -1)
    spans: dict[str, tuple[int, int, int, int, int]]
    rows: np.ndarray  # each sentence's row in ``corpus.sentences``
    sentence_ids: list[int]
    norms: list[str]
    texts: list[str]
    sorted_tokens: list[str]
    sorted_lengths: np.ndarray  # the length of each one's sorted tokens (float64)
    alignable: np.ndarray  # does the sentence have words enough to align
    signal: np.ndarray  # does its embedding carry a meaning signal
    hit_sentences: list[int]  # the theme hits, article after article
    hit_themes: list[str]


def _split_by_article(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Each article's rows of ``frame`` (in their order), by article id. The keys are read off
    the column once: polars' ``as_dict`` selects each part's key on its own, which took 0.4 s
    for 10,000 articles, ten times the split itself."""
    parts = frame.partition_by("article_id", maintain_order=True)
    keys = frame["article_id"].unique(maintain_order=True).to_list()
    return dict(zip(keys, parts, strict=True))
