"""One article's rows of an index file read by position: where each article's rows are, the
row groups an index file is written in, and the fallback for files whose articles are apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq
import pytest

from workbench.analysis.embeddings import embeddings_series
from workbench.store import parquet
from workbench.store.article_rows import ArticleRows, article_spans
from workbench.store.parquet import index_row_group_rows, write_parquet_atomic


def test_spans_give_each_articles_first_row_and_count() -> None:
    ids = pl.Series(["b", "b", "a", "c", "c", "c"])
    assert article_spans(ids) == {"b": (0, 2), "a": (2, 1), "c": (3, 3)}
    assert article_spans(pl.Series([], dtype=pl.String)) == {}


def test_spans_are_refused_when_an_articles_rows_are_apart() -> None:
    assert article_spans(pl.Series(["a", "b", "a"])) is None


def _rows(ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": ids, "sentence_id": list(range(len(ids))), "text": [f"t{i}" for i in ids]}
    )


def test_an_articles_rows_read_by_position_equal_a_filter(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 200)  # many row groups of a few rows
    ids = [f"a{k:03d}" for k in range(60) for _ in range(k % 5)]  # some articles have none
    frame = _rows(ids)
    path = write_parquet_atomic(frame, tmp_path / "sentences.parquet", fast=True)
    assert pq.ParquetFile(path).metadata.num_row_groups > 5
    reader = ArticleRows()
    for k in range(60):
        article = f"a{k:03d}"
        read = reader.read(path, article)
        assert read.equals(frame.filter(pl.col("article_id") == article)), article
    assert reader.read(path, "nobody").is_empty()
    assert reader.span(path, "a001") == (0, 1) and reader.span(path, "a002") == (1, 2)


def test_a_file_whose_articles_are_apart_is_filtered(tmp_path: Path) -> None:
    frame = _rows(["a", "b", "a", "c"])
    path = write_parquet_atomic(frame, tmp_path / "hits.parquet", fast=True)
    reader = ArticleRows()
    assert reader.span(path, "a") is None
    assert reader.read(path, "a")["sentence_id"].to_list() == [0, 2]


def test_index_row_groups_hold_about_a_megabyte() -> None:
    vectors = pl.DataFrame([embeddings_series(np.ones((5000, 256), dtype=np.float32))])
    assert index_row_group_rows(vectors) == 1024  # 1 KB a row
    small = pl.DataFrame({"a": list(range(10))})
    assert index_row_group_rows(small) == 10  # one group for a small file
    assert index_row_group_rows(small.clear()) == 1


@pytest.mark.parametrize(
    ("frame", "compression"),
    [
        (pl.DataFrame([embeddings_series(np.ones((10, 8), dtype=np.float32))]), "UNCOMPRESSED"),
        (pl.DataFrame({"article_id": ["a"] * 10, "x": [1.0] * 10}), "ZSTD"),
    ],
)
def test_only_frames_of_vectors_are_written_uncompressed(
    frame: pl.DataFrame, compression: str, tmp_path: Path
) -> None:
    path = write_parquet_atomic(frame, tmp_path / "f.parquet", fast=True)
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == compression
    assert pl.read_parquet(path).equals(frame)
