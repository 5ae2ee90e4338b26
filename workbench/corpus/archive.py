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
from workbench.corpus.spreadsheet import (
    ROW_FIELDS,
    Table,
    read_table,
    row_meta,
    separator_hint,
    written_names,
)
from workbench.errors import WorkbenchError

ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")
_FIELDS = ("id", *ROW_FIELDS, "text", "summary")
_HEADER_CELL_CHARS = 80  # a column's name is shorter; a longer first-row cell is an article's


@dataclass(frozen=True)
class ArchiveRow:
    """One article of an archive: its metadata and its text."""

    meta: ArticleMeta
    text: str


@dataclass(frozen=True)
class Archive:
    """An archive as read: its articles (rows with text) and what reading it warns about."""

    rows: tuple[ArchiveRow, ...]
    warnings: tuple[str, ...]  # the file's encoding, rows skipped for an empty text
    empty_rows: int = 0  # rows skipped for an empty text


def is_archive(path: Path) -> bool:
    """True when ``path`` is a file of a kind an archive export comes as."""
    return path.suffix.lower() in ARCHIVE_SUFFIXES and path.is_file()


def corpus_home(corpus: Path) -> Path:
    """The folder whose side files a corpus uses: itself, or the folder holding an archive."""
    return corpus.parent if corpus.suffix.lower() in ARCHIVE_SUFFIXES else corpus


def load_archive(path: Path) -> Archive:
    """The articles of an archive file, one per row with text, in file order (reads it).

    Ids come from an id column (characters other than letters, digits, ".", "_" and "-" made
    "_"), else from the row number; a row number another row has as its id is made "row-0003".
    A missing text column, a duplicate id, an unreadable row or a date that is not one are
    one-line errors naming the file and line (or row).
    """
    table, rows = _read(path)
    kept = tuple(row for row, _ in rows if row.text.strip())
    skipped = tuple(
        f"{where}: empty text (row skipped)" for row, where in rows if not row.text.strip()
    )
    summary = (
        (
            f'{path.name}: no full-text column; the summaries of "{table.matched["summary"]}" are '
            "read as the articles' text",
        )
        if "text" not in table.matched
        else ()
    )
    return Archive(kept, table.warnings + summary + skipped, len(skipped))


def _read(path: Path) -> tuple[Table, list[tuple[ArchiveRow, str]]]:
    """The archive's table and each row as an article, with where it is in the file."""
    table = read_table(path, _FIELDS)
    text_field = "text" if "text" in table.matched else "summary"
    if not table.columns and not table.rows:  # an empty JSONL file has no columns to name
        raise WorkbenchError(f"no articles in {path} (the file is empty)")
    if text_field not in table.matched:
        columns = table.columns
        shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
        expected = written_names("text", 5)
        summaries = written_names("summary", 3)
        if any(len(column) > _HEADER_CELL_CHARS for column in columns):
            raise WorkbenchError(
                f"{path}: no header row (its first row holds an article, not column names): "
                f"add a first line naming the columns, such as {_header_for(table)}"
            )
        raise WorkbenchError(
            f"{path}: no text column (expected one named {expected}, …, or a summary: "
            f"{summaries}, …; columns: {shown})" + separator_hint(table)
        )
    width = max(4, len(str(len(table.rows))))
    given = {row.where: _clean_id(row.values["id"]) for row in table.rows if row.values.get("id")}
    taken = set(given.values())
    articles: list[tuple[ArchiveRow, str]] = []
    seen: dict[str, str] = {}
    seen_as: dict[str, str | None] = {}  # each id as given
    for number, row in enumerate(table.rows, start=1):
        values = row.values
        if row.where in given:
            article_id = given[row.where]
            if not article_id:
                raise WorkbenchError(f'{row.where}: id "{values["id"]}" has no letters or digits')
        else:
            article_id = _number_id(number, width, taken)
        if article_id in seen:
            # Ids are made file-name safe: say so where it made two ids one ("a b", "a_b").
            told = [
                f'"{value}" read as "{article_id}"'
                for value in (seen_as.get(article_id), values.get("id"))
                if value is not None and value.strip() != article_id
            ]
            raise WorkbenchError(
                f'{row.where}: duplicate id "{article_id}" (first at {seen[article_id]}'
                + "".join(f"; {told_once}" for told_once in told)
                + ")"
            )
        seen_as[article_id] = values.get("id")
        seen[article_id] = row.where
        meta = row_meta(values, article_id, f"{path.name}#{article_id}", row.where, "archive")
        articles.append((ArchiveRow(meta, values.get(text_field) or ""), row.where))
    return table, articles


def _header_for(table: Table) -> str:
    """A header line for a table whose first row is an article: its longest cell "text", the
    others "label", "label2", … (a JSONL file's keys are its columns: "text" for the longest)."""
    longest = max(range(len(table.columns)), key=lambda i: len(table.columns[i]))
    names, labels = [], 0
    for index in range(len(table.columns)):
        if index == longest:
            names.append("text")
        else:
            labels += 1
            names.append("label" if labels == 1 else f"label{labels}")
    if table.separator is None:
        return '"text" as the key of the article\'s text'
    if table.separator == "\t":
        return '"' + "<tab>".join(names) + '" (the names separated by a tab)'
    return '"' + table.separator.join(names) + '"'


def _clean_id(given: str) -> str:
    """An id as given, characters other than letters, digits, ".", "_" and "-" made "_"."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", given).strip("._-")


def _number_id(number: int, width: int, taken: set[str]) -> str:
    """The id of a row without one: its number, unless a row has that as its id."""
    # Zero-padded numbers are the ids archives without an id column have always had (saved
    # labels refer to them); "row-" only where a given id holds the number.
    base = f"{number:0{width}d}"
    article_id, suffix = base, 2
    if article_id in taken:
        article_id = f"row-{base}"
    while article_id in taken:
        article_id, suffix = f"row-{base}-{suffix}", suffix + 1
    return article_id
