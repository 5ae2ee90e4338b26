"""Files that hold many articles of a news archive's export (LexisNexis, Nexis Uni, Factiva).

A file is one article; a news archive's download puts tens of articles in one text, Word, RTF
or PDF file, each closed by the archive's mark ("End of Document", "Document NYTF0000…") or
opened by it ("1 of 100 DOCUMENTS"). Ingest reads such a file as one article and says so;
``workbench split`` cuts LexisNexis's and Nexis Uni's exports into one text per article, with
the title, outlet, date and byline each article's header gives (``split_export``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.corpus.dates import first_date

# Each article's mark in an export: LexisNexis Academic's "12 of 100 DOCUMENTS", Nexis Uni's
# "End of Document", Factiva's "Document NYTF000020191119efbj0001x".
_ARTICLE_MARK = re.compile(
    r"^[ \t]*(\d{1,5} of \d{1,5} DOCUMENTS|End of Document|Document [A-Za-z0-9]{20,40})[ \t]*$",
    re.MULTILINE,
)
MIN_MARKS = 2  # two articles or more: an export
_OPENING = re.compile(r"^[ \t]*\d{1,5} of \d{1,5} DOCUMENTS[ \t]*$", re.MULTILINE)
_CLOSING = re.compile(r"^[ \t]*End of Document[ \t]*$", re.MULTILINE)
# A field of an article's header or of its end ("BYLINE: …", "Length: 355 words").
_FIELD = re.compile(r"^[ \t]*([A-Za-z][A-Za-z-]{1,30}):[ \t]*(.*)$")
_HEADER_FIELDS = {
    "byline", "section", "length", "dateline", "highlight", "edition", "column", "type",
}  # fmt: skip
_COPYRIGHT = re.compile(r"[ \t]*Copyright (\d{4}|©)")
_BY = re.compile(r"^by:?\s+", re.IGNORECASE)
_END_FIELDS = {
    "load-date", "language", "publication-type", "graphic", "url", "subject", "organization",
    "person", "geographic", "industry", "correction-date", "document-type", "journal-code",
    "notes", "classification", "company", "ticker", "country", "city", "state",
}  # fmt: skip


def export_articles(text: str) -> int:
    """How many articles of a news archive's export a text holds (0: it is not one)."""
    if "Document" not in text and "DOCUMENTS" not in text:
        return 0
    marks = len(_ARTICLE_MARK.findall(text))
    return marks if marks >= MIN_MARKS else 0


def export_warning(name: str, articles: int) -> str:
    """The warning for a file that holds a news archive's export of ``articles`` articles."""
    return (
        f"{name}: holds {articles} articles of a news archive's export, read as one article "
        "(`workbench split` cuts it into one file per article)"
    )


@dataclass(frozen=True)
class ExportedArticle:
    """One article of an export: its header's fields (None when not given) and its text."""

    title: str | None
    outlet: str | None
    published: str | None  # YYYY-MM-DD
    author: str | None
    text: str


def split_export(text: str) -> list[ExportedArticle]:
    """The articles of a LexisNexis ("1 of 100 DOCUMENTS" over each) or Nexis Uni ("End of
    Document" under each) export, in order; [] when the text is neither."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_OPENING.findall(text)) >= MIN_MARKS:
        parts = _OPENING.split(text)[1:]  # what stands before the first mark is the request
        return [_lexis_article(part) for part in parts if part.strip()]
    if len(_CLOSING.findall(text)) >= MIN_MARKS:
        parts = _CLOSING.split(text)[:-1]  # what follows the last mark is no article
        return [_nexis_uni_article(part) for part in parts if part.strip()]
    return []


def _blocks(lines: list[str]) -> list[list[str]]:
    """The lines' blocks (runs of non-blank lines), each line stripped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _field(line: str, names: set[str], capitals: bool = False) -> tuple[str, str] | None:
    """(name, value) of a header or end field of ``names`` (case aside, or with ``capitals``
    written in capitals, as LexisNexis writes them: "LOAD-DATE:"), else None."""
    match = _FIELD.match(line)
    if match and match.group(1).lower() in names and (not capitals or match.group(1).isupper()):
        return match.group(1).lower(), match.group(2).strip()
    return None


def _lexis_article(part: str) -> ExportedArticle:
    """One article of a LexisNexis Academic text export: outlet, date line (an edition line may
    follow), title, then BYLINE:/SECTION:/LENGTH: fields, the body, LOAD-DATE: and the like,
    and the copyright."""
    lines = part.split("\n")
    fields: dict[str, str] = {}
    first_field = next(
        (n for n, line in enumerate(lines) if _field(line, _HEADER_FIELDS, capitals=True)), None
    )
    head = _blocks(lines[:first_field]) if first_field is not None else []
    body_start = first_field or 0
    if first_field is not None:
        number = first_field
        while number < len(lines):
            found = _field(lines[number], _HEADER_FIELDS, capitals=True)
            if found:
                fields.setdefault(*found)
            elif lines[number].strip():
                break
            number += 1
        body_start = number
    body_end = next(
        (
            n
            for n in range(body_start, len(lines))
            if _field(lines[n], _END_FIELDS, capitals=True) or _COPYRIGHT.match(lines[n])
        ),
        len(lines),
    )
    outlet = head[0][0] if head else None
    dated = next((k for k, block in enumerate(head) if first_date(" ".join(block))), None)
    published = first_date(" ".join(head[dated])) if dated is not None else None
    title_blocks = head[dated + 1 :] if dated is not None else head[1:]
    title = " ".join(title_blocks[-1]) if title_blocks else None
    return _article(title, outlet, published, fields.get("byline"), lines[body_start:body_end])


def _nexis_uni_article(part: str) -> ExportedArticle:
    """One article of a Nexis Uni export (Word or PDF): title, outlet, date line, copyright,
    Section:/Length:/Byline: fields, "Body", the body, then Classification, Load-Date: and
    the like."""
    lines = part.split("\n")
    body_mark = next((n for n, line in enumerate(lines) if line.strip() == "Body"), None)
    if body_mark is None:
        return _article(None, None, None, None, lines)
    head = [line.strip() for line in lines[:body_mark] if line.strip()]
    fields: dict[str, str] = {}
    while head and (_field(head[-1], _HEADER_FIELDS) or head[-1].startswith("Copyright ")):
        found = _field(head.pop(), _HEADER_FIELDS)
        if found:
            fields[found[0]] = found[1]
    published = first_date(head[-1]) if head else None
    if published:
        head.pop()
    outlet = head.pop() if len(head) >= 2 else None
    title = head[-1] if head else None
    body = lines[body_mark + 1 :]
    end = next(
        (
            n
            for n, line in enumerate(body)
            if line.strip() in ("Classification", "Graphic") or _field(line, {"load-date"})
        ),
        len(body),
    )
    return _article(title, outlet, published, fields.get("byline"), body[:end])


def _article(
    title: str | None,
    outlet: str | None,
    published: str | None,
    author: str | None,
    body: list[str],
) -> ExportedArticle:
    """An article of its header's fields and its body's lines (title first, a blank line
    between them)."""
    text = "\n".join(line.rstrip() for line in body).strip("\n")
    if author:
        author = _BY.sub("", author) or None
    if title:
        text = f"{title}\n\n{text}"
    return ExportedArticle(title, outlet, published, author, text + "\n")
