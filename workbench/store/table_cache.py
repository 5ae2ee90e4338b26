"""Computed tables kept on disk, keyed by everything they were computed from.

A key joins the fingerprints of the corpus, the lexicon, the people list, the settings and the
analysis code (and the workbench version); a table read back must carry exactly that key, its
own name and the format marker, and have the schema asked for, or it is computed again.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import polars as pl

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.store.parquet import read_parquet_checked, write_parquet_atomic

# 3: a corpus fingerprint is one sum of its articles' hashes, read whole or in partitions
CACHE_FORMAT = "3"
META_FORMAT = "workbench.cache.format"
META_KEY = "workbench.cache.key"
META_NAME = "workbench.cache.table"
KEEP_TABLE_KEYS = 4  # table sets of other settings/lexicons kept beside the current one


def cache_marks(key: str, name: str) -> dict[str, str]:
    """The metadata marks a cached Parquet file must carry to be trusted."""
    return {META_FORMAT: CACHE_FORMAT, META_KEY: key, META_NAME: name}


def table_cache_key(*parts: object) -> str:
    """A ``TableCache`` key from fingerprints and settings (the workbench version is added)."""
    return "|".join([f"workbench={__version__}", f"format={CACHE_FORMAT}", *map(str, parts)])


class TableCache:
    """Computed tables of one corpus + lexicon + settings, as Parquet files under ``cache_dir``."""

    def __init__(self, cache_dir: Path | None, key: str) -> None:
        self.key = key
        self.errors: list[str] = []
        self.hits = 0  # tables read back
        self.misses = 0  # tables asked for and not found (or not trusted)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        self.directory = None if cache_dir is None else Path(cache_dir) / "tables" / digest
        self._pruned = False

    @property
    def enabled(self) -> bool:
        """False when there is no cache directory (nothing read, nothing written)."""
        return self.directory is not None

    def _path(self, name: str) -> Path:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise WorkbenchError(f"cache: invalid table name '{name}'")
        assert self.directory is not None
        return self.directory / f"{name}.parquet"

    def get(
        self, name: str, schema: pl.Schema | dict | None = None, *, counted: bool = True
    ) -> pl.DataFrame | None:
        """The cached table ``name`` (reads it), or None when absent, damaged or foreign.

        ``counted`` False keeps the read out of ``hits``/``misses`` (for what is not a table).
        """
        if self.directory is None:
            return None
        frame = read_parquet_checked(self._path(name), cache_marks(self.key, name), schema)
        if counted:
            if frame is None:
                self.misses += 1
            else:
                self.hits += 1
        return frame

    def has(self, name: str) -> bool:
        """Whether a file of table ``name`` is there (not whether it can be trusted)."""
        return self.directory is not None and self._path(name).is_file()

    def put(self, name: str, frame: pl.DataFrame) -> None:
        """Store ``frame`` as table ``name`` (writes atomically; failures go to ``errors``)."""
        if self.directory is None:
            return
        try:
            write_parquet_atomic(
                frame, self._path(name), cache_marks(self.key, name), make_dirs=True, fast=True
            )
        except WorkbenchError as error:
            self.errors.append(f"cache: {error}")
            return
        if not self._pruned:
            self._pruned = True
            self._prune_other_keys()

    def _prune_other_keys(self) -> None:
        """Keep the table sets of a few recent keys; drop older ones."""
        assert self.directory is not None
        root = self.directory.parent
        try:
            others = [p for p in root.iterdir() if p.is_dir() and p != self.directory]
            others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in others[KEEP_TABLE_KEYS:]:
            shutil.rmtree(old, ignore_errors=True)
