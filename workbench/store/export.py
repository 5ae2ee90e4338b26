"""Exporting tables to Parquet for notebooks: every export, from the CLI or the interface.

Each file carries the same key-value metadata: the workbench version, the corpus and lexicon
fingerprints, the settings, the table's name and, for an export of a table as shown, the filter
and sort it was shown with. Writing is atomic (``workbench.store.parquet``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.analysis.tables import TABLES, check_table_names
from workbench.errors import WorkbenchError
from workbench.paths import inside_corpus
from workbench.store.parquet import remove_stale_temporaries, write_parquet_atomic

if TYPE_CHECKING:
    from workbench.workspace import Workspace


def parse_table_names(text: str | None) -> list[str]:
    """Table names from ``a,b,c`` (None: every table); WorkbenchError if unknown or empty."""
    if text is None:
        return list(TABLES)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise WorkbenchError(f"--tables {text!r} names no table (tables: {', '.join(TABLES)})")
    return check_table_names(list(dict.fromkeys(names)))


def check_export_dir(out_dir: Path, *, create: bool = True, corpus: Path | None = None) -> Path:
    """``out_dir`` as a writable directory, made (with its parents) if missing; WorkbenchError
    when it cannot be (a file of that name, no permission, inside the ``corpus``). With
    ``create`` False a missing directory is only checked to be one that could be made (nothing
    is left behind by an export refused later)."""
    out_dir = Path(out_dir)
    if corpus is not None and inside_corpus(out_dir, corpus):
        raise WorkbenchError(
            f"export directory {out_dir}: inside the corpus, which is never written to"
        )
    if not out_dir.exists() and not create:
        parent = next((p for p in out_dir.absolute().parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise WorkbenchError(f"cannot create export directory {out_dir}: {parent} is a file")
        if parent is not None and not os.access(parent, os.W_OK | os.X_OK):
            raise WorkbenchError(
                f"cannot create export directory {out_dir}: {parent} is not writable"
            )
        return out_dir
    if not out_dir.exists():
        try:
            out_dir.mkdir(parents=True)
        except FileExistsError:
            pass  # made meanwhile, or a file: said below
        except OSError as error:
            raise WorkbenchError(
                f"cannot create export directory {out_dir}: {error.strerror or error}"
            ) from None
    if not out_dir.is_dir():
        raise WorkbenchError(f"export directory {out_dir} is a file, not a directory")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise WorkbenchError(f"cannot write to export directory {out_dir}: permission denied")
    return out_dir


def export_metadata(
    workspace: Workspace, table: str, query: dict[str, object] | None = None
) -> dict[str, str]:
    """The metadata of an exported table: the workspace's, the table's name, the query shown."""
    metadata = {**workspace.export_metadata(), "workbench.table": table}
    if query:
        metadata["workbench.query"] = json.dumps(query, ensure_ascii=False, sort_keys=True)
    return metadata


def export_table(
    workspace: Workspace,
    frame: pl.DataFrame | pl.LazyFrame,
    path: Path,
    *,
    table: str,
    overwrite: bool,
    query: dict[str, object] | None = None,
    make_dirs: bool = False,
) -> Path:
    """Write one table (or the rows of it shown) to ``path`` with its metadata (writes a file;
    a lazy frame is streamed to it, never held whole)."""
    path = Path(path)
    if make_dirs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkbenchError(
                f"cannot create {path.parent}: {error.strerror or error}"
            ) from None
    remove_stale_temporaries(path.parent)
    return write_parquet_atomic(
        frame, path, export_metadata(workspace, table, query), overwrite=overwrite
    )


def export_targets(
    out_dir: Path,
    names: Sequence[str],
    *,
    force: bool,
    create: bool = True,
    corpus: Path | None = None,
) -> list[Path]:
    """The files exporting ``names`` writes; WorkbenchError if one exists and not ``force``
    (``create``: make the directory if missing, else only check that it could be made), or
    if the directory is inside the ``corpus``."""
    out_dir = check_export_dir(out_dir, create=create, corpus=corpus)
    targets = [out_dir / f"{name}.parquet" for name in names]
    if not force:
        existing = [t for t in targets if t.exists()]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            raise WorkbenchError(f"{existing[0]} exists{more} (use --force to overwrite)")
    return targets


def export_tables(
    workspace: Workspace,
    out_dir: Path,
    names: Sequence[str],
    *,
    force: bool,
    written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write each named table to ``out_dir/<name>.parquet`` (writes files); the paths written,
    each also given to ``written`` as soon as it is (an export cut short says what it wrote).

    Every check (names, directory, existing files) happens before the first table is computed,
    so a refused export writes nothing.
    """
    names = check_table_names(list(names) or list(TABLES))
    targets = export_targets(out_dir, names, force=force, corpus=workspace.corpus.directory)
    paths = []
    for name, target in zip(names, targets, strict=True):
        paths.append(
            export_table(workspace, workspace.table(name), target, table=name, overwrite=force)
        )
        if written is not None:
            written(paths[-1])
    return paths
