"""Rows of a CSV, TSV, JSONL or Parquet file, with columns matched by name and synonyms.

Scrapers and news archives export metadata (and whole articles) as spreadsheets; their column
names vary ("headline", "pub_date", "source_url"). Every row keeps where it came from
(``file:line`` for text formats, ``file: row N`` for Parquet) for one-line errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench.corpus.dates import full_dates
from workbench.corpus.manifest import ArticleMeta, parse_published
from workbench.errors import WorkbenchError

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
# Column names (compared lower-cased, without spaces, "_" or "-") and what they stand for.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "articleid", "docid", "documentid", "uid", "guid", "key", "recordid", "storyid"),
    "file": ("file", "filename", "filepath", "path", "localpath", "localfile", "savedas"),
    "url": ("url", "link", "canonical", "canonicalurl", "sourceurl", "articleurl", "permalink"),
    "title": ("title", "headline", "heading", "articletitle"),
    "published": (
        "date",
        "published",
        "publishdate",
        "publisheddate",
        "publicationdate",
        "pubdate",
        "publishedat",
        "publishedon",
        "datepublished",
        "datetime",
    ),
    "outlet": (
        "outlet",
        "source",
        "sourcename",
        "publication",
        "publisher",
        "site",
        "sitename",
        "newspaper",
        "media",
        "journal",
    ),
    "author": ("author", "authors", "byline", "creator", "writer", "by"),
    "language": ("language", "lang", "locale"),
    "note": ("note", "notes", "comment"),
    "text": (
        "text",
        "body",
        "content",
        "articlebody",
        "fulltext",
        "maintext",
        "articletext",
        "story",
    ),
}
_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d\d:?\d\d)?"
)


@dataclass(frozen=True)
class Row:
    """One row: its values by field (matched columns only) and where it is in its file."""

    values: dict[str, str | None]
    where: str  # "metadata.csv:7" or "articles.parquet: row 7"


def _key(column: str) -> str:
    return re.sub(r"[\s_.-]+", "", column.strip().lower())


def match_columns(columns: list[str], fields: tuple[str, ...]) -> dict[str, str]:
    """The column standing for each field that has one: ``{field: column}``."""
    by_key = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    found: dict[str, str] = {}
    for field in fields:
        for synonym in SYNONYMS[field]:
            if synonym in by_key and by_key[synonym] not in found.values():
                found[field] = by_key[synonym]
                break
    return found


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value if v is not None)
    text = str(value).strip()
    return text or None


def read_rows(path: Path, fields: tuple[str, ...]) -> tuple[list[str], dict[str, str], list[Row]]:
    """The columns of a table file, the columns matched to ``fields``, and its rows (reads it)."""
    display = path.name
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return _read_parquet(path, fields)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            if suffix in (".jsonl", ".ndjson"):
                return _read_jsonl(stream, display, fields)
            return _read_delimited(stream, display, fields, "\t" if suffix == ".tsv" else ",")
    except UnicodeDecodeError:
        raise WorkbenchError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise WorkbenchError(f"cannot read {path}: {error.strerror or error}") from None


def _read_delimited(stream, display: str, fields: tuple[str, ...], delimiter: str):
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts are long fields
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        columns = next(reader)
    except StopIteration:
        raise WorkbenchError(f"{display}: empty file (expected a header row)") from None
    except csv.Error as error:
        raise WorkbenchError(f"{display}:1: {error}") from None
    matched = match_columns(columns, fields)
    index = {field: columns.index(column) for field, column in matched.items()}
    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise WorkbenchError(f"{display}:{line}: unreadable row ({error})") from None
        if any(cell.strip() for cell in cells):
            if len(cells) > len(columns):
                raise WorkbenchError(
                    f"{display}:{line}: {len(cells)} cells for {len(columns)} columns"
                )
            values = {f: _text(cells[i]) if i < len(cells) else None for f, i in index.items()}
            rows.append(Row(values, f"{display}:{line}"))
        line = reader.line_num + 1
    return columns, matched, rows


def _read_jsonl(stream, display: str, fields: tuple[str, ...]):
    records: list[tuple[int, dict]] = []
    columns: list[str] = []
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except ValueError as error:
            raise WorkbenchError(f"{display}:{number}: unreadable row ({error})") from None
        if not isinstance(record, dict):
            raise WorkbenchError(f"{display}:{number}: a row must be a JSON object")
        columns.extend(key for key in record if key not in columns)
        records.append((number, record))
    matched = match_columns(columns, fields)
    rows = [
        Row({f: _text(record.get(c)) for f, c in matched.items()}, f"{display}:{number}")
        for number, record in records
    ]
    return columns, matched, rows


def _read_parquet(path: Path, fields: tuple[str, ...]):
    import polars as pl

    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises many kinds for a damaged file
        raise WorkbenchError(f"{path}: not a readable Parquet file ({error})") from None
    matched = match_columns(frame.columns, fields)
    selected = frame.select(list(matched.values())).rows()
    rows = [
        Row(
            {f: _text(value) for f, value in zip(matched, row, strict=True)},
            f"{path.name}: row {number}",
        )
        for number, row in enumerate(selected, start=1)
    ]
    return frame.columns, matched, rows


def table_date(value: str | None, where: str) -> str | None:
    """A date cell as ``YYYY[-MM[-DD]]``; WorkbenchError naming the cell when it is not one."""
    if value is None:
        return None
    try:
        return parse_published(value).text
    except ValueError:
        pass
    iso = _ISO_DATETIME.fullmatch(value)
    if iso:
        return iso.group(1)
    dates = {date for _, date in full_dates(value)}
    if len(dates) == 1:
        return dates.pop()
    raise WorkbenchError(
        f'{where}: date "{value}" is not a date (use YYYY-MM-DD, YYYY-MM, YYYY, '
        f'"13 September 2013" or "Sept. 13, 2013")'
    )


def row_meta(
    values: dict[str, str], article_id: str, file: str, where: str, origin: str
) -> ArticleMeta:
    """The metadata of one spreadsheet row (a sidecar's or an archive's); dates checked."""
    return ArticleMeta(
        article_id=article_id,
        file=file,
        title=values.get("title"),
        outlet=values.get("outlet"),
        author=values.get("author"),
        published=table_date(values.get("published"), where),
        url=values.get("url"),
        note=values.get("note"),
        language=values.get("language"),
        origin=origin,
    )
