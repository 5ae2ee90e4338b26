"""Which partition an article belongs to, how many partitions a corpus gets, and buckets.

An article's partition is a stable hash of its id (BLAKE2b, not Python's salted ``hash``), so
the same article lands in the same partition in every process, on every machine and on every
run, and an edit to one file touches one partition. Shuffles send rows to buckets by the value
of an already hashed 64-bit key modulo the bucket count.
"""

from __future__ import annotations

import hashlib
import math
import re

import polars as pl

ARTICLES_PER_PARTITION = 2_500  # the size a partition is aimed at
SINGLE_PARTITION_LIMIT = 5_000  # up to this many files, one partition (the whole corpus)
MAX_PARTITIONS = 4_096


def partition_of(article_id: str, partitions: int) -> int:
    """The partition (0 … partitions - 1) of an article id: a stable hash of the id."""
    if partitions <= 1:
        return 0
    digest = hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % partitions


def partition_count(files: int, requested: int | None = None) -> int:
    """How many partitions a corpus of ``files`` article files gets (``requested`` wins)."""
    if requested is not None:
        return max(1, min(int(requested), MAX_PARTITIONS))
    if files <= SINGLE_PARTITION_LIMIT:
        return 1
    return min(math.ceil(files / ARTICLES_PER_PARTITION), MAX_PARTITIONS)


def bucket_of(key: pl.Expr, buckets: int) -> pl.Expr:
    """The bucket of each row from a hashed unsigned 64-bit key column (``key % buckets``)."""
    return (key.cast(pl.UInt64) % buckets).cast(pl.UInt32)


def split_buckets(
    frame: pl.DataFrame, key: pl.Expr, buckets: int, name: str
) -> dict[str, pl.DataFrame]:
    """``frame`` cut into non-empty buckets by ``key``: ``{"<name>.b<k>": rows of bucket k}``."""
    if buckets <= 1:
        return {bucket_name(name, 0): frame}
    parts = frame.with_columns(bucket_of(key, buckets).alias("_bucket")).partition_by(
        "_bucket", as_dict=True, include_key=False, maintain_order=True
    )
    return {bucket_name(name, int(k[0])): part for k, part in parts.items()}


def bucket_name(name: str, bucket: int) -> str:
    """The output name of one bucket of a shuffled output."""
    return f"{name}.b{bucket:05d}"


_BUCKET = re.compile(r".+\.b\d{5}")


def is_bucket(name: str) -> bool:
    """Whether an output name is one bucket of a shuffled output (read whole, by the task of
    its bucket, never an article at a time)."""
    return _BUCKET.fullmatch(name) is not None
