"""Parquet in and out: the one home of atomic writes with metadata and of checked reads.

A write goes to a hidden temporary file in the target's directory, which replaces the target only
once complete, so an interrupted write (even ``kill -9``) never leaves a partial file under the
final name. The writer holds an advisory lock on its temporary file; a later write into the same
directory removes temporaries whose writer is gone (where the filesystem has no locks, none are
taken and no temporary is removed: ``workbench.store.locks``). Files are created with the
permissions the user's umask gives, like any other file they write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from pathlib import Path

import polars as pl

from workbench.errors import WorkbenchError
from workbench.store.locks import lock_exclusive

TEMP_PREFIX = ".workbench-"
TEMP_SUFFIX = ".tmp"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# How polars words an error of the system under one of its own: "... IO error: No space left on
# device (os error 28)".
_SYSTEM_ERROR = re.compile(r"([^:]+?) \(os error \d+\)")


def _system_error(error: BaseException) -> str | None:
    """The system's error inside a polars error (``No space left on device``), if it is one."""
    if not isinstance(error, pl.exceptions.PolarsError):
        return None
    found = _SYSTEM_ERROR.search(str(error))
    return found.group(1).strip() if found else None


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(directory: Path) -> int:
    """Remove temporary files left in ``directory`` by writes that were killed; how many."""
    removed = 0
    try:
        names = [n for n in os.listdir(directory) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return 0
    for name in names:
        if not name.endswith(TEMP_SUFFIX):
            continue
        path = os.path.join(directory, name)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # its writer is still at work
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


# An index file's row groups hold about this much (in memory): one article's rows of a
# partition's file are then read by decoding a group or two, not the whole file
# (``article_rows``), and whole files read as fast as in one group.
ROW_GROUP_BYTES = 1 << 20


# A file read whole (a shuffle's bucket) is written in row groups of this many rows: groups of
# a megabyte are a few hundred wide rows (a candidate pair with both sentences and an
# embedding), and writing those took twice as long for nothing.
WHOLE_ROW_GROUP_ROWS = 32_768


def index_row_group_rows(frame: pl.DataFrame) -> int:
    """How many rows an index file's row group of ``frame`` holds (``ROW_GROUP_BYTES``)."""
    size = frame.estimated_size()
    if frame.height == 0 or size == 0:
        return max(frame.height, 1)
    return max(1, min(frame.height, int(ROW_GROUP_BYTES * frame.height / size)))


def _only_vectors(frame: pl.DataFrame) -> bool:
    """Whether every column holds float vectors (embeddings: zstd saves them 9 %, and reading
    them back takes 1.3–2× as long)."""
    return frame.width > 0 and all(
        isinstance(dtype, pl.Array | pl.List) and dtype.inner in (pl.Float32, pl.Float64)
        for dtype in frame.dtypes
    )


def _write_frame(
    frame: pl.DataFrame | pl.LazyFrame, path: str, metadata: dict[str, str], layout: str
) -> None:
    """Write the Parquet bytes (the step an interruption can cut short); a lazy frame is
    streamed (a large index's table exported as shown). ``layout``: "plain" (an export), or
    for the index, "index" (row groups an article's rows are read from) or "whole" (a file
    only ever read whole: ``WHOLE_ROW_GROUP_ROWS``), both fast to write rather than small."""
    if isinstance(frame, pl.LazyFrame):
        frame.sink_parquet(path, compression="zstd", metadata=metadata, maintain_order=True)
        return
    if layout == "plain":
        frame.write_parquet(path, compression="zstd", metadata=metadata)
        return
    vectors = _only_vectors(frame)
    frame.write_parquet(
        path,
        compression="uncompressed" if vectors else "zstd",
        compression_level=None if vectors else 1,
        statistics=False,
        row_group_size=WHOLE_ROW_GROUP_ROWS if layout == "whole" else index_row_group_rows(frame),
        metadata=metadata,
    )


def write_parquet_atomic(
    frame: pl.DataFrame | pl.LazyFrame,
    path: Path,
    metadata: dict[str, str] | None = None,
    *,
    overwrite: bool = True,
    make_dirs: bool = False,
    fast: bool = False,
    whole: bool = False,
) -> Path:
    """Write ``frame`` to ``path`` as zstd Parquet with key-value ``metadata`` (writes a file).

    ``overwrite`` False refuses an existing file; ``make_dirs`` creates missing folders;
    ``fast`` trades size for speed (for the index), in row groups an article's rows are read
    from, or, ``whole``, larger ones for a file only ever read whole. Every failure is a
    one-line WorkbenchError naming the path, and leaves nothing behind. Returns the path
    written.
    """
    path = Path(path)
    directory = path.parent
    if make_dirs:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkbenchError(f"cannot write {path}: {_reason(error)}") from None
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise WorkbenchError(f"directory {directory} {what}")
    if path.is_dir():
        raise WorkbenchError(f"{path} is a directory, not a file")
    if not overwrite and os.path.lexists(path):
        raise WorkbenchError(f"{path} exists (use --force to overwrite)")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{path.name[:40]}.", suffix=TEMP_SUFFIX, dir=directory
        )
    except OSError as error:
        raise WorkbenchError(f"cannot write to {directory}: {_reason(error)}") from None
    try:
        lock_exclusive(handle)
        marks = {str(k): str(v) for k, v in (metadata or {}).items()}
        layout = "whole" if whole else "index" if fast else "plain"
        _write_frame(frame, temporary, marks, layout)
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WorkbenchError(f"cannot write {path}: {_reason(error)}") from None
        reason = _system_error(error)
        if reason is not None:  # polars reports the system's error inside its own
            raise WorkbenchError(f"cannot write {path}: {reason}") from None
        raise
    finally:
        os.close(handle)
    return path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file (writes; creates the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name[:40]}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically, readable as the umask allows; an existing file is
    kept unless ``force`` (WorkbenchError)."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{path.name[:40]}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except OSError as error:
        raise WorkbenchError(f"cannot write {path}: {_reason(error)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp's 0600 would hide it from a team
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the file appeared meanwhile: never overwritten
    except FileExistsError:
        raise WorkbenchError(f"{path} exists; pass --force to replace it") from None
    except OSError as error:
        raise WorkbenchError(f"cannot write {path}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _same_schema(actual: pl.Schema, expected: pl.Schema | dict | None) -> bool:
    if expected is None:
        return True
    return dict(actual) == dict(pl.Schema(expected))


def read_parquet_checked(
    path: Path, marks: dict[str, str], schema: pl.Schema | dict | None = None
) -> pl.DataFrame | None:
    """``path`` read back if it carries exactly these metadata marks and schema, else None."""
    try:
        metadata = pl.read_parquet_metadata(path)
        if any(metadata.get(key) != value for key, value in marks.items()):
            return None
        frame = pl.read_parquet(path, memory_map=False)
    except FileNotFoundError:
        return None
    except Exception:  # any damage (truncated, garbage, wrong format) means rebuild
        return None
    return frame if _same_schema(frame.schema, schema) else None


def read_parquet_metadata(path: Path) -> dict[str, str]:
    """The key-value metadata of a Parquet file (reads it); WorkbenchError if unreadable."""
    try:
        return dict(pl.read_parquet_metadata(path))
    except Exception as error:
        raise WorkbenchError(f"{path}: not a readable Parquet file ({error})") from None
