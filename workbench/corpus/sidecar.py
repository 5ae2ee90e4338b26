"""A metadata sidecar: ``metadata.csv`` (``.tsv``, ``.jsonl``, ``.parquet``) beside the files.

The spreadsheet a scraper or a news archive exported, one row per article, as an alternative to
``manifest.toml``. Rows are matched to files by a ``file`` column (a path inside the corpus) or,
without one, by an ``id`` column equal to a file's name without its extension. Where both
describe a file, the manifest's values come first and the sidecar fills the fields it leaves
out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.corpus.manifest import ArticleMeta, id_from_filename, ids_from_filenames
from workbench.corpus.spreadsheet import ROW_FIELDS, read_table, row_meta, separator_hint
from workbench.errors import WorkbenchError

SIDECAR_NAMES = tuple(
    f"metadata{suffix}" for suffix in (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
)
_FIELDS = ("id", "file", *ROW_FIELDS)
_META_FIELDS = ("title", "outlet", "author", "published", "url", "language", "note")
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def find_sidecar(directory: Path) -> Path | None:
    """The corpus's metadata sidecar, if it has one; two of them are an error."""
    found = [directory / name for name in SIDECAR_NAMES if (directory / name).is_file()]
    if len(found) > 1:
        names = " and ".join(path.name for path in found)
        raise WorkbenchError(f"{directory}: two metadata sidecars, {names}; keep one")
    return found[0] if found else None


@dataclass(frozen=True)
class Sidecar:
    """A sidecar as read: an entry per row, and what reading it warns about (its encoding)."""

    entries: list[ArticleMeta]
    warnings: tuple[str, ...] = ()


def load_sidecar(
    directory: Path, article_files: Iterable[str], kept: Mapping[str, str] | None = None
) -> Sidecar:
    """The corpus's sidecar: its entries, one per row, each naming its file, and warnings.

    ``article_files`` are the corpus's article files (relative, forward slashes): rows without
    a ``file`` column find theirs by id. ``kept``: the ids files were given before
    (``ids_from_filenames``).
    """
    path = find_sidecar(directory)
    if path is None:
        return Sidecar([])
    table = read_table(path, _FIELDS)
    if "id" not in table.matched and "file" not in table.matched:
        columns = table.columns
        shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
        raise WorkbenchError(
            f"{path}: no id or file column (columns: {shown})" + separator_hint(table)
        )
    # A file's id as it would have without a row (its stem's, or its path's where stems
    # repeat); a row giving an id alone may also name its file by its stem.
    inferred = ids_from_filenames(article_files, kept=kept)
    by_id = {article_id: name for name, article_id in inferred.items()}
    for name in sorted(inferred):
        by_id.setdefault(id_from_filename(name), name)
    entries: list[ArticleMeta] = []
    seen_ids: dict[str, str] = {}
    seen_files: dict[str, str] = {}
    for row in table.rows:
        values = row.values
        article_id, file = values.get("id"), values.get("file")
        if file is not None:
            file = file.replace("\\", "/").removeprefix("./")
            if file.startswith("/") or ".." in file.split("/"):
                raise WorkbenchError(f'{row.where}: file "{file}" must be inside the corpus')
            if not (directory / file).is_file():
                raise WorkbenchError(f'{row.where}: file "{file}" does not exist')
        elif article_id is not None:
            file = by_id.get(article_id)
            if file is None:
                raise WorkbenchError(f'{row.where}: no article file for id "{article_id}"')
        else:
            raise WorkbenchError(f"{row.where}: row has neither an id nor a file")
        if article_id is not None and not _ID_PATTERN.match(article_id):
            raise WorkbenchError(
                f'{row.where}: id "{article_id}" is not valid (letters, digits, ".", "_" and "-")'
            )
        article_id = article_id or inferred.get(file) or id_from_filename(file)
        if file in seen_files:
            raise WorkbenchError(f'{row.where}: file "{file}" listed twice ({seen_files[file]})')
        if article_id in seen_ids:
            raise WorkbenchError(
                f'{row.where}: duplicate id "{article_id}" (first at {seen_ids[article_id]})'
            )
        seen_ids[article_id], seen_files[file] = row.where, row.where
        entries.append(row_meta(values, article_id, file, row.where, "sidecar"))
    return Sidecar(entries, table.warnings)


def merge_metadata(manifest: list[ArticleMeta], sidecar: list[ArticleMeta]) -> list[ArticleMeta]:
    """Manifest entries with the sidecar's values for the fields they leave out, then the
    sidecar's entries for files the manifest does not list."""
    by_file = {entry.file: entry for entry in sidecar}
    merged: list[ArticleMeta] = []
    for entry in manifest:
        extra = by_file.pop(entry.file, None)
        if extra is None:
            merged.append(entry)
            continue
        filled = {
            field: getattr(extra, field)
            for field in _META_FIELDS
            if getattr(entry, field) is None and getattr(extra, field) is not None
        }
        merged.append(dataclasses.replace(entry, **filled, sidecar_fields=tuple(filled)))
    manifest_ids = {entry.article_id: entry.file for entry in manifest}
    for entry in by_file.values():
        if entry.article_id in manifest_ids:
            raise WorkbenchError(
                f'duplicate article id "{entry.article_id}": {manifest_ids[entry.article_id]} '
                f"(manifest) and {entry.file} (metadata sidecar)"
            )
        merged.append(entry)
    return merged
