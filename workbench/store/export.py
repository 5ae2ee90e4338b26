"""Writing tables to Parquet: zstd, key-value metadata, atomic (temporary file, then rename).

An interrupted export leaves no half-written file under the final name: the data goes to a
hidden temporary file in the same directory, which replaces the target only once complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.analysis.tables import TABLES, check_table_names
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.workspace import Workspace

TEMP_PREFIX = ".workbench-export-"


def _write_frame(frame: pl.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    """Write the Parquet bytes (the step an interruption can cut short)."""
    frame.write_parquet(path, compression="zstd", metadata=metadata)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_parquet_atomic(
    frame: pl.DataFrame, path: Path, metadata: dict[str, str], *, force: bool
) -> Path:
    """Write ``frame`` to ``path`` as zstd Parquet with ``metadata`` (writes a file).

    Refuses an existing file unless ``force``; a missing or unwritable directory is a
    WorkbenchError. Returns the path written.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbenchError(f"export directory {directory} does not exist")
    if path.is_dir():
        raise WorkbenchError(f"{path} is a directory, not a file")
    if path.exists() and not force:
        raise WorkbenchError(f"{path} exists (use --force to overwrite)")
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=TEMP_PREFIX, suffix=".parquet.tmp", dir=directory
        )
    except OSError as error:
        raise WorkbenchError(f"cannot write to {directory}: {_reason(error)}") from error
    os.close(handle)
    temp = Path(temp_name)
    try:
        _write_frame(frame, temp, {str(k): str(v) for k, v in metadata.items()})
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WorkbenchError(f"cannot write {path}: {_reason(error)}") from error
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return path


def parse_table_names(text: str | None) -> list[str]:
    """Table names from ``a,b,c`` (None or empty: every table); WorkbenchError if unknown."""
    if text is None or not text.strip():
        return list(TABLES)
    names = [n.strip() for n in text.split(",") if n.strip()]
    return check_table_names(list(dict.fromkeys(names)))


def check_export_dir(out_dir: Path) -> Path:
    """``out_dir`` if it is an existing writable directory; WorkbenchError otherwise."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise WorkbenchError(f"export directory {out_dir} does not exist")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise WorkbenchError(f"cannot write to export directory {out_dir}: permission denied")
    return out_dir


def export_tables(
    workspace: Workspace, out_dir: Path, names: Sequence[str], *, force: bool
) -> list[Path]:
    """Write each named table to ``out_dir/<name>.parquet`` (writes files); the paths written.

    Every check (names, directory, existing files) happens before the first table is computed,
    so a refused export writes nothing.
    """
    names = check_table_names(list(names) or list(TABLES))
    out_dir = check_export_dir(out_dir)
    targets = [out_dir / f"{name}.parquet" for name in names]
    if not force:
        existing = [t for t in targets if t.exists()]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            raise WorkbenchError(f"{existing[0]} exists{more} (use --force to overwrite)")
    written = []
    for name, target in zip(names, targets, strict=True):
        frame = workspace.table(name)
        metadata = {**workspace.export_metadata(), "workbench.table": name}
        written.append(write_parquet_atomic(frame, target, metadata, force=force))
    return written
