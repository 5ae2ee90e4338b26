"""An archive export as a corpus: one JSONL, CSV, TSV or Parquet file with an article per row.

A news archive or a scraper exports articles as a table: a text column and metadata columns
(id, title, date, outlet, author, url, in any order, matched by name and common synonyms). Such
a file opens like a folder of articles. Its side files (``themes.toml``, ``boilerplate.toml``,
``people.toml``) are those of the folder that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbench.corpus.manifest import ArticleMeta
from workbench.corpus.spreadsheet import SYNONYMS, read_rows, row_meta
from workbench.errors import WorkbenchError

ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")
_FIELDS = ("id", "title", "outlet", "author", "published", "url", "language", "note", "text")


@dataclass(frozen=True)
class ArchiveRow:
    """One article of an archive: its metadata and its text."""

    meta: ArticleMeta
    text: str


def is_archive(path: Path) -> bool:
    """True when ``path`` is a file of a kind an archive export comes as."""
    return path.suffix.lower() in ARCHIVE_SUFFIXES and path.is_file()


def corpus_home(corpus: Path) -> Path:
    """The folder whose side files a corpus uses: itself, or the folder holding an archive."""
    return corpus.parent if corpus.suffix.lower() in ARCHIVE_SUFFIXES else corpus


def read_archive(path: Path) -> list[ArchiveRow]:
    """The articles of an archive file, one per row, in file order (reads it).

    Ids come from an id column (characters other than letters, digits, ".", "_" and "-" made
    "_"), else from the row number. A missing text column, a duplicate id, an unreadable row or
    a date that is not one are one-line errors naming the file and line (or row).
    """
    columns, matched, rows = read_rows(path, _FIELDS)
    if "text" not in matched:
        shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
        expected = ", ".join(SYNONYMS["text"][:5])
        raise WorkbenchError(
            f"{path}: no text column (expected one named {expected}, …; columns: {shown})"
        )
    width = max(4, len(str(len(rows))))
    articles: list[ArchiveRow] = []
    seen: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        values = row.values
        given = values.get("id")
        article_id = (
            re.sub(r"[^A-Za-z0-9._-]+", "_", given).strip("._-") if given else f"{number:0{width}d}"
        )
        if not article_id:
            raise WorkbenchError(f'{row.where}: id "{given}" has no letters or digits')
        if article_id in seen:
            raise WorkbenchError(
                f'{row.where}: duplicate id "{article_id}" (first at {seen[article_id]})'
            )
        seen[article_id] = row.where
        meta = row_meta(values, article_id, f"{path.name}#{article_id}", row.where, "archive")
        articles.append(ArchiveRow(meta, values.get("text") or ""))
    return articles
