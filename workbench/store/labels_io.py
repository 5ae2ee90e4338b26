"""Labels in and out of files: Parquet (with the metadata of every export), CSV, JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.errors import WorkbenchError
from workbench.store.export import export_table
from workbench.store.labels import LABEL_SCHEMA
from workbench.store.parquet import write_text_atomic

if TYPE_CHECKING:
    from workbench.workspace import Workspace


def write_labels(workspace: Workspace, frame: pl.DataFrame, path: Path, *, overwrite: bool) -> Path:
    """Write labels to ``path`` (its suffix says the format; writes atomically)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return export_table(workspace, frame, path, table="labels", overwrite=overwrite)
    if path.exists() and not overwrite:
        raise WorkbenchError(f"{path} exists (use --force to overwrite)")
    if not path.parent.is_dir():
        raise WorkbenchError(f"directory {path.parent} does not exist")
    text = frame.write_csv() if suffix == ".csv" else frame.write_ndjson()
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise WorkbenchError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def read_labels(path: Path) -> pl.DataFrame:
    """Labels read from a file written by ``write_labels`` (or any with the same columns)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif suffix == ".jsonl":
            frame = pl.read_ndjson(path, infer_schema_length=None)
        else:
            raise WorkbenchError(f"{path}: give a .parquet, .csv or .jsonl file of labels")
    except FileNotFoundError:
        raise WorkbenchError(f"{path}: no such file") from None
    except (OSError, pl.exceptions.PolarsError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WorkbenchError(f"{path}: not a readable labels file ({first})") from None
    if "manual" in frame.columns and frame.schema["manual"] == pl.String:
        frame = frame.with_columns(pl.col("manual").str.to_lowercase().is_in(["true", "1"]))
    for column in _PAIR_COLUMNS:
        if column not in frame.columns:
            raise WorkbenchError(
                f"{path}: no {column} column (a labels file comes from `workbench labels export`)"
            )
        empty = frame.select(pl.col(column).is_null().arg_true().first()).item()
        if empty is not None:
            where = f"{path}:{empty + 2}" if suffix == ".csv" else f"{path}: row {empty + 1}"
            raise WorkbenchError(f"{where}: no {column}")
    known = [c for c in LABEL_SCHEMA if c in frame.columns]
    return frame.select(known)


# What names a pair of sentences: without them a row says nothing that can be kept.
_PAIR_COLUMNS = ("left_id", "left_fingerprint", "right_id", "right_fingerprint", "label")
