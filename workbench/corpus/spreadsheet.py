"""Rows of a CSV, TSV, JSONL or Parquet file, with columns matched by name and synonyms.

Scrapers and news archives export metadata (and whole articles) as spreadsheets; their column
names vary ("headline", "pub_date", "source_url"). Every row keeps where it came from
(``file:line`` for text formats, ``file: row N`` for Parquet) for one-line errors.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from workbench.corpus.address import outlet_and_url
from workbench.corpus.csv_dialect import SEPARATORS, separator_name, sniff_dialect
from workbench.corpus.manifest import ArticleMeta, stated_date
from workbench.corpus.textio import NotTextError, decode_text
from workbench.errors import WorkbenchError

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
_ONE_COLUMN = ' (the header is one column: separate cells with ",", ";" or a tab)'
# The metadata a row of a sidecar or an archive may give of its article, read by ``row_meta``.
ROW_FIELDS = ("title", "outlet", "author", "published", "year", "url", "language", "note")
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
        "datepublish",
        "datetime",
    ),
    # A year alone: the date of a row whose date cell is empty, or of every row without one.
    "year": ("year", "pubyear", "publicationyear", "yearpublished"),
    "outlet": (
        "outlet",
        "sourcehostname",  # trafilatura's JSON: the site's name (its "source" is the address)
        "source",
        "sourcename",
        "publication",
        "publisher",
        "site",
        "sitename",
        "newspaper",
        "media",
        "journal",
        "sourcedomain",
        "domain",
        "hostname",
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
        "article",
    ),
    # An article's summary, read as its text by an archive that has no full text (a news
    # archive's API exports abstracts and lead paragraphs, not articles).
    "summary": (
        "abstract",
        "summary",
        "leadparagraph",
        "lede",
        "lead",
        "description",
        "shortdescription",
        "snippet",
        "excerpt",
        "teaser",
        "standfirst",
        "highlights",
    ),
}


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d\d|\d{4})")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class Row:
    """One row: its values by field (matched columns only) and where it is in its file."""

    values: dict[str, str | None]
    where: str  # "metadata.csv:7" or "articles.parquet: row 7"


@dataclass(frozen=True)
class Table:
    """A table file as read: its columns, the column matched to each field, rows, warnings."""

    columns: list[str]
    matched: dict[str, str]
    rows: list[Row]
    warnings: tuple[str, ...] = ()
    separator: str | None = None  # of a CSV or TSV file
    quote: str = '"'  # likewise


def _key(column: str) -> str:
    return re.sub(r"[\s_.-]+", "", column.strip().lower())


# Synonyms are kept as matched (no case, no separators); in messages they are written the way
# the README and most exports write them (any spelling of the same key matches all the same).
_WRITTEN = {
    "articlebody": "article_body",
    "fulltext": "full_text",
    "maintext": "main_text",
    "articletext": "article_text",
    "leadparagraph": "lead_paragraph",
    "shortdescription": "short_description",
}


def written_names(field: str, count: int) -> str:
    """The first ``count`` column names that stand for ``field``, as a message writes them."""
    return ", ".join(_WRITTEN.get(name, name) for name in SYNONYMS[field][:count])


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


def _kind(value: object) -> str:
    """What a value that is not text is, in words."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    return f"a {type(value).__name__}"


def cell_text(value: object, field: str, column: str, where: str) -> str | None:
    """A cell's value as ``field``'s text; WorkbenchError naming the cell when it is not text.

    Besides text: dates; a number for an id or a date (a year); for an outlet or an author, an
    object with a "name" (NewsAPI's ``source: {id, name}``); for an author, a list of them.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if number and field in ("id", "published", "year"):
        integral = isinstance(value, float) and value.is_integer()
        return str(int(value) if integral else value)
    if isinstance(value, dict) and field in ("outlet", "author") and "name" in value:
        return cell_text(value["name"], field, f"{column}.name", where)
    if isinstance(value, list | tuple) and field == "author":
        names = (cell_text(item, field, column, where) for item in value)
        return ", ".join(name for name in names if name) or None
    raise WorkbenchError(f'{where}: "{column}" is {_kind(value)}, not text')


def read_table(path: Path, fields: tuple[str, ...]) -> Table:
    """A table file's columns, the columns matched to ``fields``, and its rows (reads it).

    Text files are decoded as article files are (UTF-8, UTF-16 with a byte-order mark, else
    cp1252 or latin-1 with a warning); a CSV's separator and quote are found from its opening
    (``csv_dialect``).
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            table = _read_parquet(path, fields)
        else:
            table = _read_text_table(path, fields, suffix)
    except OSError as error:
        raise WorkbenchError(f"cannot read {path}: {error.strerror or error}") from None
    dates = [column for column in table.columns if _key(column) in SYNONYMS["published"]]
    if "published" in fields and len(dates) > 1:
        # Which is the publication date ("date" may be the day it was scraped) is not known.
        named = " and ".join(f'"{column}"' for column in dates)
        raise WorkbenchError(
            f"{path}: {len(dates)} date columns, {named}; keep one (or rename the others)"
        )
    keys = Counter(_key(column) for column in table.columns)
    twice = [c for c in table.matched.values() if keys[_key(c)] > 1]
    if twice:
        said = ", ".join(f'"{column}"' for column in twice)
        warning = f"{path.name}: two columns named {said}: the first is read"
        return dataclasses.replace(table, warnings=(*table.warnings, warning))
    return table


def _read_text_table(path: Path, fields: tuple[str, ...], suffix: str) -> Table:
    display = path.name
    try:
        decoded = decode_text(path.read_bytes())
    except NotTextError:
        raise WorkbenchError(f"{path}: not a text file") from None
    warnings = (f"{display}: {decoded.problem}",) if decoded.problem else ()
    stream = io.StringIO(decoded.text, newline="")
    if suffix in (".jsonl", ".ndjson"):
        table = _read_jsonl(stream, display, fields)
    else:

        def known(cells: list[str]) -> int:
            return len(match_columns(cells, fields))

        separators = ("\t",) if suffix == ".tsv" else SEPARATORS
        separator, quote = sniff_dialect(decoded.text, known, separators)
        table = _read_delimited(stream, display, fields, separator, quote)
    return dataclasses.replace(table, warnings=warnings + table.warnings)


def separator_hint(table: Table) -> str:
    """A hint for a CSV or TSV whose header is one column: its cells are not separated."""
    if table.separator is None or len(table.columns) != 1:
        return ""
    return _ONE_COLUMN


def _read_delimited(
    stream, display: str, fields: tuple[str, ...], separator: str, quote: str
) -> Table:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts are long fields
    # Strict: a quote left open would otherwise take every row below it into its cell.
    reader = csv.reader(stream, delimiter=separator, quotechar=quote, strict=True)
    try:
        columns = next(reader)
    except StopIteration:
        raise WorkbenchError(f"{display}: empty file (expected a header row)") from None
    except csv.Error as error:
        raise WorkbenchError(
            f"{display}:1: unreadable header row ({error}); the first row must name the columns"
        ) from None
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
            if "unexpected end of data" in str(error):
                raise WorkbenchError(
                    f"{display}:{line}: a quoted cell opened on this row is never closed"
                ) from None
            raise WorkbenchError(f"{display}:{line}: unreadable row ({error})") from None
        if any(cell.strip() for cell in cells):
            if len(cells) > len(columns):
                hint = (
                    _ONE_COLUMN
                    if len(columns) == 1
                    else f" (cells separated by {separator_name(separator)}; "
                    "a cell holding one must be in quotes)"
                )
                raise WorkbenchError(
                    f"{display}:{line}: {len(cells)} cells for {len(columns)} columns{hint}"
                )
            values = {
                f: cells[i].strip() or None if i < len(cells) else None for f, i in index.items()
            }
            rows.append(Row(values, f"{display}:{line}"))
        line = reader.line_num + 1
    return Table(columns, matched, rows, separator=separator, quote=quote)


def _read_jsonl(stream, display: str, fields: tuple[str, ...]) -> Table:
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
    rows = []
    for number, record in records:
        where = f"{display}:{number}"
        values = {f: cell_text(record.get(c), f, c, where) for f, c in matched.items()}
        rows.append(Row(values, where))
    return Table(columns, matched, rows)


def _read_parquet(path: Path, fields: tuple[str, ...]) -> Table:
    import polars as pl

    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises many kinds for a damaged file
        raise WorkbenchError(f"{path}: not a readable Parquet file ({error})") from None
    matched = match_columns(frame.columns, fields)
    problems: dict[tuple[str, str], list[str]] = {}  # (column, problem): rows so decoded
    rows: list[Row] = []
    for number, row in enumerate(frame.select(list(matched.values())).iter_rows(), start=1):
        where = f"{path.name}: row {number}"
        values: dict[str, str | None] = {}
        for (field, column), value in zip(matched.items(), row, strict=True):
            if isinstance(value, bytes):  # a binary column: text in some encoding
                try:
                    decoded = decode_text(value)
                except NotTextError:
                    raise WorkbenchError(f'{where}: "{column}" is binary data, not text') from None
                value = decoded.text
                if decoded.problem:
                    problems.setdefault((column, decoded.problem), []).append(where)
            values[field] = cell_text(value, field, column, where)
        rows.append(Row(values, where))
    warnings = tuple(
        f'{wheres[0]}: "{column}" is {problem}'
        + (f" (so are {len(wheres) - 1} more rows)" if len(wheres) > 1 else "")
        for (column, problem), wheres in problems.items()
    )
    return Table(frame.columns, matched, rows, warnings)


def table_date(value: str | None, where: str) -> str | None:
    """A date cell as ``YYYY[-MM[-DD]]``; WorkbenchError naming the cell when it is not one."""
    if value is None:
        return None
    stated = stated_date(value)
    if stated is not None:
        return stated
    slashed = _SLASHED.fullmatch(value)
    if slashed:
        first, second, year = (int(group) for group in slashed.groups())
        year += 2000 if year < 100 else 0  # as full_dates reads "11/18/19"
        readings = sorted({_iso(year, first, second), _iso(year, second, first)} - {None})
        if len(readings) == 1:  # 05/05/2013: either order gives the same day
            return readings[0]
        if readings:
            raise WorkbenchError(
                f'{where}: date "{value}" is ambiguous (day/month order unknown): write it as '
                f"YYYY-MM-DD ({' or '.join(readings)})"
            )
    raise WorkbenchError(
        f'{where}: date "{value}" is not a date (use YYYY-MM-DD, YYYY-MM, YYYY, '
        f'"13 September 2013", "Sept. 13, 2013" or "September 2013")'
    )


def row_meta(
    values: dict[str, str], article_id: str, file: str, where: str, origin: str
) -> ArticleMeta:
    """The metadata of one spreadsheet row (a sidecar's or an archive's); dates checked."""
    outlet, url = outlet_and_url(values.get("outlet"), values.get("url"))
    return ArticleMeta(
        article_id=article_id,
        file=file,
        title=values.get("title"),
        outlet=outlet,
        author=values.get("author"),
        published=table_date(values.get("published") or values.get("year"), where),
        url=url,
        note=values.get("note"),
        language=values.get("language"),
        origin=origin,
    )
