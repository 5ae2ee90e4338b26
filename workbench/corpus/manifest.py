"""Reading and validating ``manifest.toml``; metadata inference for files without an entry."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import stat
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from workbench.corpus.dates import MONTHS, first_date, full_dates
from workbench.corpus.listing import article_name
from workbench.errors import WorkbenchError
from workbench.store.tomlfile import read_toml

MANIFEST_NAME = "manifest.toml"
REQUIRED_KEYS = ("id", "file")
OPTIONAL_KEYS = ("title", "outlet", "author", "published", "url", "language", "note")
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about one article: from its manifest entry, or inferred from the file."""

    article_id: str
    file: str  # relative to the corpus directory, with forward slashes
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD; None when unknown
    url: str | None = None
    note: str | None = None
    language: str | None = None
    origin: str = "manifest"  # where the entry comes from: manifest | sidecar | archive
    sidecar_fields: tuple[str, ...] = ()  # fields of a manifest entry filled from the sidecar

    def source_of(self, field: str) -> str:
        """Where the value of ``field`` comes from: manifest, sidecar or archive."""
        return "sidecar" if field in self.sidecar_fields else self.origin


@dataclass(frozen=True)
class PublishedDate:
    """A validated publication date and how precise it is."""

    text: str | None
    year: int | None
    precision: str  # day | month | year | unknown


def parse_published(value: str | None) -> PublishedDate:
    """Validate ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``ValueError`` when it is not a date."""
    if value is None or value == "":
        return PublishedDate(None, None, "unknown")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        raise ValueError(f'"{value}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)')
    year, month, day = match.groups()
    if not int(year) >= 1:
        raise ValueError(f'"{value}" is not a date')
    try:
        if day is not None:
            dt.date(int(year), int(month), int(day))
            return PublishedDate(value, int(year), "day")
        if month is not None:
            dt.date(int(year), int(month), 1)
            return PublishedDate(value, int(year), "month")
    except ValueError:
        raise ValueError(f'"{value}" is not a date') from None
    return PublishedDate(value, int(year), "year")


_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d\d:?\d\d)?"
)
# A month and its year, as archives give an issue's date: "June 2013", "Sept. 2013", "Jun, 2013".
_MONTH_YEAR = re.compile(
    rf"({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?,?\s+((?:19|20)\d\d)", re.I
)


def stated_date(value: str) -> str | None:
    """A date as a table cell or a front matter states it, as ``YYYY[-MM[-DD]]``: as
    ``parse_published`` reads it, an ISO date-time's day, the one full date it holds
    ("Sept. 13, 2013"), or a month and its year; None when it is none of these."""
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
    month_year = _MONTH_YEAR.fullmatch(value.strip())
    if month_year:
        return f"{month_year.group(2)}-{MONTHS[month_year.group(1).lower()]:02d}"
    return None


def _entry_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[article]]`` header, in order."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*\[\[\s*article\s*\]\]", line)
    ]


@functools.lru_cache(maxsize=2)
def _split_lines(text: str) -> list[str]:
    """The lines of a manifest, split once (every entry looks its keys up in them)."""
    return text.splitlines()


def _key_line(text: str, start_line: int, key: str) -> int:
    """The line setting ``key`` in the entry that begins at ``start_line`` (else the header)."""
    lines = _split_lines(text)
    for number in range(start_line, len(lines)):
        line = lines[number]
        if number > start_line - 1 and re.match(r"\s*\[", line):
            break
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number + 1
    return start_line


def _kind_of(path: str) -> str | None:
    """ "directory" for a directory (or a link to one), None for nothing there (not even a
    broken link), else "file"; one ``lstat`` for a file."""
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and os.path.isdir(path)):
        return "directory"
    return "file"


def read_manifest(corpus_dir: Path) -> list[ArticleMeta] | None:
    """Read and validate ``corpus_dir/manifest.toml``; None when the corpus has no manifest."""
    path = corpus_dir / MANIFEST_NAME
    if not os.path.lexists(path):
        return None
    display = str(path)
    data, text = read_toml(path, "manifest", display)
    unknown_tables = sorted(set(data) - {"article"})
    if unknown_tables:
        raise WorkbenchError(
            f'{display}: unknown key "{unknown_tables[0]}" (expected [[article]] tables)'
        )
    entries = data.get("article", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WorkbenchError(f"{display}: 'article' must be [[article]] tables")
    # Line numbers are only looked up for an error: finding them for every entry took
    # longer than the rest of the checks.
    header_lines: list[int] = []

    def header_of(index: int) -> int:
        if not header_lines:
            header_lines.extend(_entry_lines(text))
        return header_lines[index] if index < len(header_lines) else 1

    def line_of(index: int, key: str) -> int:
        return _key_line(text, header_of(index), key)

    metas: list[ArticleMeta] = []
    seen: dict[str, int] = {}  # id → the index of its entry
    seen_files: dict[str, int] = {}
    folder = os.fspath(corpus_dir)
    for index, entry in enumerate(entries):

        def fail(message: str, key: str | None = None, index: int = index) -> WorkbenchError:
            line = line_of(index, key) if key else header_of(index)
            return WorkbenchError(f"{display}:{line}: {message}")

        for key in entry:
            if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
                raise fail(
                    f'unknown key "{key}" (allowed: {", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)})',
                    key,
                )
        for key in REQUIRED_KEYS:
            if key not in entry:
                raise fail(f'article entry has no "{key}"')
        values: dict[str, str | None] = {}
        for key in REQUIRED_KEYS + OPTIONAL_KEYS:
            value = entry.get(key)
            if key == "published" and isinstance(value, dt.datetime):
                value = value.date()  # its day as written (2013-05-07T23:00:00-05:00: the 7th)
            if key == "published" and isinstance(value, dt.date):
                value = value.isoformat()
            if key == "published" and isinstance(value, int) and not isinstance(value, bool):
                value = f"{value:04d}" if 0 < value < 10000 else str(value)
            if value is not None and not isinstance(value, str):
                raise fail(f'"{key}" must be a string', key)
            if isinstance(value, str):
                value = value.strip() or None
            values[key] = value
        article_id = values["id"] or ""
        if not _ID_PATTERN.match(article_id):
            raise fail(
                f'id "{article_id}" is not valid (letters, digits, ".", "_" and "-" only)', "id"
            )
        if article_id in seen:
            first = line_of(seen[article_id], "id")
            raise fail(f'duplicate id "{article_id}" (first at line {first})', "id")
        seen[article_id] = index
        file = (values["file"] or "").replace("\\", "/")
        if not file or file.startswith("/") or ".." in file.split("/"):
            raise fail(f'file "{file}" must be a path inside the corpus directory', "file")
        if file in seen_files:
            first = line_of(seen_files[file], "file")
            raise fail(f'file "{file}" is listed twice (first at line {first})', "file")
        seen_files[file] = index
        kind = _kind_of(os.path.join(folder, file))
        if kind is None:
            raise fail(f'file "{file}" does not exist', "file")
        if kind == "directory":
            raise fail(f'file "{file}" is a directory, not an article file', "file")
        try:
            parse_published(values["published"])
        except ValueError as error:
            raise fail(f"published {error}", "published") from None
        metas.append(
            ArticleMeta(
                article_id=article_id,
                file=file,
                title=values["title"],
                outlet=values["outlet"],
                author=values["author"],
                published=values["published"],
                url=values["url"],
                note=values["note"],
                language=values["language"],
            )
        )
    return metas


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._-]+")
# Russian and Ukrainian letters in a simple BGN/PCGN-like romanisation without diacritics
# (Кремль → Kreml, Белый дом → Belyy dom), so that Cyrillic file names keep readable ids.
# fmt: off
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ґ": "g", "є": "ye", "і": "i", "ї": "yi",
}
# Latin letters that NFKD does not split into a base letter and accents.
_LATIN = {
    "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th",
}
# fmt: on
_ROMAN = str.maketrans(
    _CYRILLIC | {letter.upper(): roman.capitalize() for letter, roman in _CYRILLIC.items()} | _LATIN
)


def id_from_filename(name: str) -> str:
    """An article id from a file name: its stem romanised, with other characters made ``_``
    (``page`` for ``page.html`` and ``page.html.gz``)."""
    return _id_of(Path(article_name(name)).stem)


def ids_from_filenames(
    names: Iterable[str], taken: Collection[str] = (), kept: Mapping[str, str] | None = None
) -> dict[str, str]:
    """An id for each file name (relative, forward slashes) of files without metadata: its
    stem's (``id_from_filename``) where no other file has that stem and no entry that id;
    else its stem after the nearest folders that tell it apart ("cnn/kerry/index.html",
    "cnn/lavrov/index.html" → ``kerry-index``, ``lavrov-index``; a date's folders whole,
    "2013/05/07/index.html" → ``2013-05-07-index``), with its suffix when the folders do not
    ("brief.txt", "brief.pdf" → ``brief-txt``, ``brief-pdf``), and a number after that if it
    must. The same names and ``taken`` ids give the same ids.

    ``kept``: the ids files were given before (the index remembers them): a file keeps its id
    while no entry has it, so a file added beside ``a/index.html`` takes a name of its own
    (``b-index``) and ``a/index.html`` stays ``index``, its labels and exported rows with it."""
    names = sorted(set(names))
    stems = {name: id_from_filename(name) for name in names}
    shared = Counter(stems.values())
    before = {name: kept[name] for name in names if kept and name in kept}
    twice = Counter(before.values())
    ids = {name: old for name, old in before.items() if twice[old] == 1 and old not in taken}
    used = set(taken) | set(ids.values())
    for name, stem in stems.items():
        if name not in ids and shared[stem] == 1 and stem not in used:
            ids[name] = stem
            used.add(stem)
    rest = [name for name in names if name not in ids]
    nearest = 1  # folders, counted from the file up
    while rest:
        wanted = {name: _path_id(name, nearest) for name in rest}
        counts = Counter(wanted.values())
        deeper = []
        for name in rest:
            found = wanted[name]
            if counts[found] == 1 and found not in used:
                ids[name] = found
                used.add(found)
            elif nearest < len(PurePosixPath(name).parts) - 1:
                deeper.append(name)
            else:  # its folders do not tell it apart: its suffix, then a number
                found = _path_id(name, nearest, with_suffix=True)
                number, base = 1, found
                while found in used:
                    number += 1
                    found = f"{base}-{number}"
                ids[name] = found
                used.add(found)
        rest, nearest = deeper, nearest + 1
    return ids


_DATE_FOLDER = re.compile(r"\d{1,4}")


def _path_id(name: str, nearest: int, *, with_suffix: bool = False) -> str:
    """An id from a file's path: its ``nearest`` folders (more when they cut a date's
    folders, "2013/05/07", apart), its stem (and its suffix), joined by ``-``."""
    path = PurePosixPath(article_name(name))
    folders = path.parent.parts
    start = max(0, len(folders) - nearest)
    while 0 < start < len(folders) and all(
        _DATE_FOLDER.fullmatch(part) for part in folders[start - 1 : start + 1]
    ):
        start -= 1
    parts = [*folders[start:], path.stem]
    if with_suffix and path.suffix:
        parts.append(path.suffix.lstrip(".").lower())
    return "-".join(_id_of(part) for part in parts)


def _id_of(stem: str) -> str:
    """An id from a name without its suffix (see ``id_from_filename``)."""
    if stem.isascii():  # unchanged from before, as existing ids and manifests rely on them
        return _NOT_IN_ID.sub("_", stem).strip("._-") or "article"
    stem = unicodedata.normalize("NFC", stem)
    # Cyrillic before NFKD, which would turn Й into И and Ё into Е; then accents are dropped.
    # Only letters and digits are decomposed: other symbols become "_" as they always did
    # (NFKD would make "…" three dots and "™" TM, changing ids that exist already).
    decomposed = "".join(
        unicodedata.normalize("NFKD", char) if char.isalnum() else char
        for char in stem.translate(_ROMAN)
    )
    romanised = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _NOT_IN_ID.sub("_", romanised).strip("._-")
    if cleaned and not any(char.isalnum() and not char.isascii() for char in romanised):
        return cleaned
    # Letters were lost (Chinese, Greek, …): a digest of the name keeps different names apart.
    digest = hashlib.sha1(stem.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return f"{cleaned or 'article'}-{digest.hexdigest()[:8]}"


_FRONT_MATTER_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "author": "author",
    "byline": "author",
    "authors": "author",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "site": "outlet",
    "url": "url",
    "link": "url",
    "canonical": "url",
}


class Header(NamedTuple):
    """A metadata block above a text: where it ends, the fields it names (title, published,
    author, outlet, url) and the values it gives that could not be read (a date that is none)."""

    end: int
    fields: dict[str, str]
    unread: tuple[str, ...] = ()


def front_matter(text: str) -> Header | None:
    """A Markdown front-matter block at the top: ``---`` lines around ``key: value`` lines
    (YAML's form), or ``+++`` lines around TOML (Hugo's); None when the text has none."""
    fence = text[:3]
    if fence not in ("---", "+++"):
        return None
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != fence:
        return None
    closing = (fence, "...") if fence == "---" else (fence,)  # YAML may end a document "..."
    offset = len(lines[0])
    for count, line in enumerate(lines[1:80], start=1):
        offset += len(line)
        if line.strip() in closing:
            block = lines[1:count]
            unread: list[str] = []
            fields = (_toml_fields if fence == "+++" else _yaml_fields)(block, unread)
            return None if fields is None else Header(offset, fields, tuple(unread))
    return None


# A page read into Markdown by a reader service (Jina's Reader: "Title: …", "URL Source: …",
# "Published Time: …", then "Markdown Content:" and the page): its header's fields.
_READER_KEYS = {
    "title": "title",
    "url source": "url",
    "published time": "published",
    "author": "author",
    "site name": "outlet",
}
_READER_BODY = "markdown content:"
_READER_LINES = 40  # the header ends this many lines down at most


def reader_header(text: str) -> Header | None:
    """The header a reader service writes above a page it read into Markdown ("Title: …",
    "URL Source: …", "Published Time: …", … "Markdown Content:"), as ``front_matter`` gives a
    front matter: the offset just past it and its fields; None when the text has none."""
    if not text.startswith("Title:"):
        return None
    fields: dict[str, str] = {}
    unread: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True)[:_READER_LINES]:
        offset += len(line)
        key, colon, value = line.strip().partition(":")
        if key.lower() + colon == _READER_BODY:
            return Header(offset, fields, tuple(unread)) if "title" in fields else None
        if line.strip() and not colon:
            return None  # a line that is no field: not such a header
        _add_field(fields, _READER_KEYS.get(key.strip().lower()), value.strip(), unread)
    return None


def _yaml_fields(lines: list[str], unread: list[str]) -> dict[str, str]:
    """The known fields of ``key: value`` lines (a list in brackets joined with commas); what
    could not be read goes to ``unread``."""
    fields: dict[str, str] = {}
    for line in lines:
        key, colon, value = line.strip().partition(":")
        field = _FRONT_MATTER_KEYS.get(key.strip().lower())
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = ", ".join(item.strip().strip("\"'") for item in value[1:-1].split(","))
        _add_field(fields, field if colon else None, value.strip("\"'").strip(), unread)
    return fields


def _toml_fields(lines: list[str], unread: list[str]) -> dict[str, str] | None:
    """The known fields of a TOML block (None when it is not TOML: then it is no front matter);
    what could not be read goes to ``unread``."""
    try:
        data = tomllib.loads("".join(lines))
    except tomllib.TOMLDecodeError:
        return None
    fields: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        _add_field(fields, _FRONT_MATTER_KEYS.get(key.lower()), str(value).strip(), unread)
    return fields


def _add_field(fields: dict[str, str], field: str | None, value: str, unread: list[str]) -> None:
    """Keep ``value`` as ``field`` unless it is empty, the field is set already, or it is a
    date that is none (said in ``unread``)."""
    if not field or not value or field in fields:
        return
    if field == "published":
        date = _front_matter_date(value)
        if date is None:
            unread.append(f'date "{value}" is not a date')
            return
        value = date
    fields[field] = value


def _front_matter_date(value: str) -> str | None:
    """A front matter's date as ``YYYY[-MM[-DD]]``: as ``stated_date`` reads it, else the
    first full date it holds."""
    return stated_date(value) or first_date(value)
