"""Files that hold many articles of a news archive's export (LexisNexis, Nexis Uni, Factiva,
ProQuest).

A file is one article; a news archive's download puts tens of articles in one text, Word, RTF,
PDF or HTML file, each closed by the archive's mark ("End of Document", "Document NYTF0000…")
or opened by it ("1 of 100 DOCUMENTS"), or between lines of underscores (ProQuest's). Ingest
reads such a file as one article and says so; ``workbench split`` cuts them into one text per
article, with the title, outlet, date and byline each article's header gives (``split_export``,
and ``split_factiva_html`` for Factiva's HTML, whose header is a table of field codes: HD, BY,
PD, SN, LP, TD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.corpus.dates import first_date

# Each article's mark in an export: LexisNexis Academic's "12 of 100 DOCUMENTS", Nexis Uni's
# "End of Document", Factiva's "Document NYTF000020191119efbj0001x".
_ARTICLE_MARK = re.compile(
    r"^[ \t\f]*(\d{1,5} of \d{1,5} DOCUMENTS|End of Document"
    r"|(AN[ \t]+)?Document [A-Za-z0-9]{20,40})[ \t\r]*$",
    re.MULTILINE,
)
MIN_MARKS = 2  # two articles or more: an export
_OPENING = re.compile(r"^[ \t]*\d{1,5} of \d{1,5} DOCUMENTS[ \t]*$", re.MULTILINE)
_CLOSING = re.compile(r"^[ \t]*End of Document[ \t]*$", re.MULTILINE)
_FACTIVA_CLOSING = re.compile(
    r"^[ \t]*(?:AN[ \t]+)?Document [A-Za-z0-9]{20,40}[ \t]*$", re.MULTILINE
)
# Factiva's HTML export: each article a <div class="article enArticle"> (its language's code).
_FACTIVA_HTML_ARTICLE = re.compile(r"""<div[^>]*class=["']article [a-z]{2}Article["']""")
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


def export_articles(text: str, *, html: bool = False) -> int:
    """How many articles of a news archive's export a text (``html``: a web page's source)
    holds (0: it is not one)."""
    if html:
        marks = len(_FACTIVA_HTML_ARTICLE.findall(text)) if "Article" in text else 0
    elif _PROQUEST_MARK in text:
        marks = len(_proquest_parts(text))
    elif "Document" not in text and "DOCUMENTS" not in text:
        return 0
    else:
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
    """The articles of a LexisNexis ("1 of 100 DOCUMENTS" over each), Nexis Uni ("End of
    Document" under each), Factiva ("Document NYTF0000…" under each) or ProQuest (between
    lines of underscores) export, in order; [] when the text is none of them."""
    # A page break (Factiva's RTF puts one after each article, a PDF one between pages) is
    # read as a line break.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if _PROQUEST_MARK in text:
        parts = _proquest_parts(text)
        if len(parts) >= MIN_MARKS:
            return [_proquest_article(part) for part in parts]
    if len(_OPENING.findall(text)) >= MIN_MARKS:
        parts = _OPENING.split(text)[1:]  # what stands before the first mark is the request
        return [_lexis_article(part) for part in parts if part.strip()]
    if len(_CLOSING.findall(text)) >= MIN_MARKS:
        parts = _CLOSING.split(text)[:-1]  # what follows the last mark is no article
        return [_nexis_uni_article(part) for part in parts if part.strip()]
    if len(_FACTIVA_CLOSING.findall(text)) >= MIN_MARKS:
        parts = _FACTIVA_CLOSING.split(text)[:-1]
        return [_factiva_article(part) for part in parts if part.strip()]
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


# Factiva's field codes, as its "with indexing" formats print them before each field.
_FACTIVA_CODES = {
    "HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "VOL", "LA", "CY", "LP", "TD",
    "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "CLM", "ART", "NGC", "GC",
}  # fmt: skip
_FACTIVA_CODE_LINE = re.compile(r"^[ \t]*([A-Z]{2,3})(?:[ \t]+(.*))?$")
# The word count under a Factiva article's headline (and byline), in the export's language.
_WORD_COUNT = re.compile(
    r"^[\d,. ]+ (words?|mots?|wörter|palabras|parole|palavras|woorden|слов[ао]?)$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d\d( ?[A-Z]{2,4})?$")
_RIGHTS = re.compile(r"^(\(c\)|©|copyright\b|all rights reserved)", re.IGNORECASE)
_HEADER_LINES = 10  # a Factiva header's lines under the word count, at most
_LANGUAGES = {
    "english", "french", "français", "german", "deutsch", "spanish", "español", "italian",
    "italiano", "portuguese", "português", "dutch", "nederlands", "russian", "русский",
}  # fmt: skip


def split_factiva_html(html: str) -> list[ExportedArticle]:
    """The articles of Factiva's HTML export (each a ``div.article`` holding a table of field
    codes and values), in order; [] when the page holds none."""
    if not _FACTIVA_HTML_ARTICLE.search(html):
        return []
    import lxml.etree
    import lxml.html

    try:  # a text with an XML declaration is parsed as its bytes
        tree = lxml.html.fromstring(html.encode("utf-8") if html.startswith("<?xml") else html)
    except (lxml.etree.ParserError, ValueError):
        return []
    articles = []
    for block in tree.xpath(
        '//div[contains(concat(" ", normalize-space(@class), " "), " article ")]'
    ):
        fields: dict[str, list[str]] = {}
        for row in block.xpath(".//tr"):
            cells = row.xpath("./td")
            if len(cells) < 2:
                continue
            code = cells[0].text_content().replace("\xa0", " ").strip()
            if code not in _FACTIVA_CODES:
                continue
            paragraphs = [p.text_content() for p in cells[1].xpath(".//p")]
            values = paragraphs or [cells[1].text_content()]
            fields.setdefault(code, []).extend(" ".join(v.split()) for v in values if v.strip())
        if "HD" in fields or "TD" in fields or "LP" in fields:
            articles.append(_factiva_fields(fields))
    return articles


def _factiva_article(part: str) -> ExportedArticle:
    """One article of a Factiva text, Word, RTF or PDF export: with field codes ("HD", "BY",
    "PD", "SN", "LP", "TD", …) before its fields, or as Factiva prints an article: section,
    headline, byline, "512 words", date, time, source, its code, page, language, copyright,
    then the body."""
    lines = part.split("\n")
    coded = _factiva_coded(lines)
    if coded is not None:
        return _factiva_fields(coded)
    count = next((n for n, line in enumerate(lines) if _WORD_COUNT.match(line.strip())), None)
    if count is None:
        return _article(None, None, None, None, lines)
    head = [line.strip() for line in lines[:count] if line.strip()]
    author = head.pop() if len(head) >= 2 and _BY.match(head[-1]) else None
    title = head[-1] if head else None
    published = outlet = rights = language = None
    last = count  # the header's last line known so far
    shown = [n for n in range(count + 1, len(lines)) if lines[n].strip()][:_HEADER_LINES]
    for number in shown:
        line = lines[number].strip()
        if _RIGHTS.match(line):
            rights = number
            break
        if line.lower() in _LANGUAGES:
            language = number
        elif published is None and first_date(line):
            published, last = first_date(line), number
        elif _CLOCK.match(line):
            last = number
        elif published is not None and outlet is None:
            outlet, last = line, number
    body_start = next(n for n in (rights, language, last) if n is not None) + 1
    return _article(title, outlet, published, author, lines[body_start:])


def _factiva_coded(lines: list[str]) -> dict[str, list[str]] | None:
    """The fields of an article written with Factiva's field codes (a code alone on its line
    or before its value, the value's further lines below; a blank line between two of its
    paragraphs), or None when it is not."""
    fields: dict[str, list[str]] = {}
    code = None
    apart = True  # the next line of the field starts a paragraph
    for line in lines:
        match = _FACTIVA_CODE_LINE.match(line)
        if match and match.group(1) in _FACTIVA_CODES:
            code, apart = match.group(1), True
            fields.setdefault(code, [])
            line = match.group(2) or ""
        if code is None:
            continue
        if not line.strip():
            apart = True
        elif apart or not fields[code]:
            fields[code].append(" ".join(line.split()))
            apart = False
        else:
            fields[code][-1] += " " + " ".join(line.split())
    if "HD" not in fields or not ({"TD", "LP"} & set(fields)):
        return None
    return fields


def _factiva_fields(fields: dict[str, list[str]]) -> ExportedArticle:
    """An article of Factiva's fields: HD the headline, BY the byline, PD the date, SN the
    source, LP and TD the paragraphs."""

    def one(code: str) -> str | None:
        return " ".join(fields.get(code, [])) or None

    date = one("PD")
    body = [*fields.get("LP", []), *fields.get("TD", [])]
    lines = [line for paragraph in body for line in (paragraph, "")]
    return _article(one("HD"), one("SN"), first_date(date) if date else None, one("BY"), lines)


# ProQuest's text export ("TXT - Text Only"): a report's header, then the articles between lines
# of underscores, each its title (a "Document 3 of 25" line may stand over it), then its fields,
# a paragraph each ("Author: …", "Publication title: …"), "Full text:" running over the
# paragraphs up to the next field; the copyright and contact lines last.
_PROQUEST_MARK = "ProQuest document ID:"
_PROQUEST_RULE = re.compile(r"^[ \t]*_{30,}[ \t]*$", re.MULTILINE)
_PROQUEST_FIELD = re.compile(r"^([A-Z][A-Za-z]*(?: ?/? ?[A-Za-z]+){0,4}):(?: (.*)|$)")
_PROQUEST_FIELDS = {
    "title", "author", "publication info", "full text", "abstract", "links", "subject",
    "location", "people", "company / organization", "identifier / keyword", "credit",
    "illustration", "caption", "publication title", "first page", "publication year",
    "publication date", "year", "section", "edition", "publisher", "place of publication",
    "country of publication", "publication subject", "issn", "source type",
    "language of publication", "document type", "proquest document id", "document url",
    "copyright", "last updated", "database", "dateline", "column", "volume", "issue", "pages",
    "document feature", "update", "accession number", "isbn", "number of pages", "notes",
}  # fmt: skip
_PROQUEST_NUMBER = re.compile(r"^[ \t]*Document \d+ of \d+[ \t]*$")


def _proquest_parts(text: str) -> list[str]:
    """The articles' parts of a ProQuest export: those between its rules that have a
    "ProQuest document ID:" field."""
    return [
        part
        for part in _PROQUEST_RULE.split(text)
        if any(line.startswith(_PROQUEST_MARK) for line in part.splitlines())
    ]


def _proquest_article(part: str) -> ExportedArticle:
    """One article of a ProQuest export: its title, "Author:", "Publication title:" (the
    outlet, without its place), "Publication date:" (else the date of "Publication info:")
    and "Full text:" (else "Abstract:"). The full text runs up to the fields that end the
    article: a paragraph of it that reads as a field ("Location: Geneva …") stays its own."""
    paragraphs = _blocks(part.replace("\r", "").split("\n"))

    def field_of(paragraph: list[str]) -> str | None:
        match = _PROQUEST_FIELD.match(paragraph[0])
        name = match.group(1).lower() if match else None
        return name if name in _PROQUEST_FIELDS else None

    names = [field_of(paragraph) for paragraph in paragraphs]
    tail = len(paragraphs)
    while tail > 0 and names[tail - 1] is not None:
        tail -= 1
    text_at = next((k for k, name in enumerate(names) if name == "full text"), None)
    fields: dict[str, str] = {}
    for k, (paragraph, name) in enumerate(zip(paragraphs, names, strict=True)):
        inside_text = text_at is not None and text_at < k < tail
        if name is not None and not inside_text:
            value = _PROQUEST_FIELD.match(paragraph[0]).group(2) or ""
            fields.setdefault(name, " ".join(" ".join([value, *paragraph[1:]]).split()))
    first_field = next((k for k, name in enumerate(names) if name is not None), len(paragraphs))
    head = [
        line
        for paragraph in paragraphs[:first_field]
        for line in paragraph
        if not _PROQUEST_NUMBER.match(line)
    ]
    body: list[str] = []
    if text_at is not None:
        end = max(tail, text_at + 1)
        opening = paragraphs[text_at]
        first = (_PROQUEST_FIELD.match(opening[0]).group(2) or "").strip()
        for paragraph in [[first, *opening[1:]], *paragraphs[text_at + 1 : end]]:
            body += [*(line for line in paragraph if line), ""]
    elif fields.get("abstract"):
        body = [fields["abstract"]]
    title = fields.get("title") or (" ".join(head) or None)
    outlet = (fields.get("publication title") or "").split(";")[0].strip() or None
    date = fields.get("publication date") or fields.get("publication info")
    author = fields.get("author") or None
    return _article(title, outlet, first_date(date) if date else None, author, body)


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
