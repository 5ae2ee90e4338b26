"""One article's rows of an index file, read by position rather than by a scan of the file.

An index file whose rows are grouped by article (a partition's sentences, removed spans, texts,
theme hits) and written in row groups of about a megabyte (``parquet.ROW_GROUP_BYTES``) gives
one article's rows by decoding the one or two row groups that hold them: where each article's
rows start is read once per file from its ``article_id`` column. A file whose articles are not
grouped is filtered as before.
"""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl

Span = tuple[int, int]  # an article's first row in a file and how many rows it has there


def article_spans(ids: pl.Series) -> dict[str, Span] | None:
    """Each article's (first row, row count) in a column of article ids; None unless every
    article's rows are together."""
    if ids.is_empty():
        return {}
    runs = ids.rle().struct.unnest()
    if runs.height != ids.n_unique():
        return None
    lengths = runs["len"].to_list()
    starts = runs["len"].cum_sum().shift(1, fill_value=0).to_list()
    return dict(zip(runs["value"].to_list(), zip(starts, lengths, strict=True), strict=True))


def read_rows(path: Path, start: int, length: int) -> pl.DataFrame:
    """Rows ``start`` to ``start + length`` of a Parquet file (only their row groups decoded)."""
    return scan_rows(path, start, length).collect()


def scan_rows(path: Path, start: int, length: int) -> pl.LazyFrame:
    """Rows ``start`` to ``start + length`` of a Parquet file, as a lazy frame."""
    return pl.scan_parquet(path).slice(start, length)


class ArticleRows:
    """Reads one article's rows of index files; where they are is learnt once per file."""

    def __init__(self) -> None:
        self._spans: dict[Path, dict[str, Span] | None] = {}
        self._lock = threading.Lock()

    def spans(self, path: Path) -> dict[str, Span] | None:
        """Where each article's rows are in ``path`` (None: its articles are not grouped)."""
        with self._lock:
            if path in self._spans:
                return self._spans[path]
        spans = article_spans(pl.read_parquet(path, columns=["article_id"])["article_id"])
        with self._lock:
            self._spans[path] = spans
        return spans

    def span(self, path: Path, article_id: str) -> Span | None:
        """Where one article's rows are in ``path``: (0, 0) if it has none there, None if the
        file's articles are not grouped."""
        spans = self.spans(path)
        return None if spans is None else spans.get(article_id, (0, 0))

    def read(self, path: Path, article_id: str) -> pl.DataFrame:
        """The rows of ``article_id`` in ``path``, in the file's order."""
        return self.scan(path, article_id).collect()

    def scan(self, path: Path, article_id: str) -> pl.LazyFrame:
        """The rows of ``article_id`` in ``path``, in the file's order, as a lazy frame (to be
        collected with others at once)."""
        span = self.span(path, article_id)
        if span is None:
            return pl.scan_parquet(path).filter(pl.col("article_id") == article_id)
        return scan_rows(path, *span)
