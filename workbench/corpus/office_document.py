"""Articles saved as Word documents (``.docx``), OpenDocument text (``.odt``, LibreOffice's) or
as RTF: the text of the body, in reading order.

Analysts keep articles they clipped, and news archives' downloads, as Word files. The body's
paragraphs become lines a blank line apart and a table's rows lines of their cells (" | "
between them); page headers and footers (running titles, page numbers), comments and tracked
deletions are not part of the text. Reading is python-docx's. Of the document's own
properties only its title is read (its author and dates describe the file, not the article),
and only kept when the text states it (``stated_title``): a template's or an older version's
title is no article's.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import NamedTuple

WORD_SUFFIXES = (".docx",)
OPENDOCUMENT_SUFFIXES = (".odt",)
RTF_SUFFIXES = (".rtf",)


class UnreadableDocument(Exception):
    """The file is not a document of its kind that can be read (the message says why)."""


class DocumentText(NamedTuple):
    """The text of a Word document or a PDF, and the title its properties give (or None)."""

    text: str
    title: str | None


# Titles that programs put in a document's properties, naming no article.
_NO_TITLE = re.compile(
    r"(microsoft (word|powerpoint|excel) - .*|untitled.*|document\d*|.*\.(docx?|pdf|rtf|odt|txt"
    r"|indd|pages))",
    re.IGNORECASE,
)
_TITLE_LINES = 40  # a title the properties give must stand as a line among the text's first


def stated_title(title: str | None, text: str) -> str | None:
    """A document's title from its properties when one of the text's first lines is that
    title (case and spacing aside), else None."""
    title = " ".join((title or "").split())
    if not title or _NO_TITLE.fullmatch(title):
        return None
    key = title.casefold()
    lines = (" ".join(line.split()).casefold() for line in text.splitlines()[: _TITLE_LINES * 2])
    return title if key in lines else None


def word_text(raw: bytes) -> DocumentText:
    """The text of a Word document's body (a paragraph a line, a blank line between them, a
    table row a line of its cells) and its title. UnreadableDocument when it is no Word
    document."""
    from docx import Document  # imported when a Word file is read
    from docx.table import Table

    _check_unpacked_size(raw)
    try:
        document = Document(io.BytesIO(raw))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks.extend(_row_lines(block))
            else:
                blocks.append(block.text)
        title = document.core_properties.title
    except Exception as error:  # a damaged file raises whatever the step that met it raises
        raise UnreadableDocument("not a Word document that can be read") from error
    text = "\n\n".join(" ".join(block.split()) for block in blocks if block.strip()) + "\n"
    return DocumentText(text, stated_title(title, text))


def rtf_text(raw: bytes) -> DocumentText:
    """The text of an RTF document (its body: headers, footers and the document's information
    left out, by striprtf) and the title its information gives. UnreadableDocument when it is
    no RTF."""
    from striprtf.striprtf import rtf_to_text  # imported when an RTF file is read

    if not raw.lstrip().startswith(b"{\\rtf"):
        raise UnreadableDocument("not an RTF document")
    code_page = _RTF_CODE_PAGE.search(raw[:4096])
    encoding = f"cp{int(code_page.group(1))}" if code_page else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    source = raw.decode(encoding, "replace")
    title = _RTF_TITLE.search(source)
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
        found = rtf_to_text("{\\rtf1 " + title.group(1) + "}", encoding=encoding) if title else None
    except Exception as error:  # a damaged file raises whatever the step that met it raises
        raise UnreadableDocument("not an RTF document that can be read") from error
    text = "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
    if not text.strip():
        raise UnreadableDocument("no text in the RTF document")
    return DocumentText(text, stated_title(found, text))


_RTF_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_RTF_TITLE = re.compile(r"\{\\title\s?([^{}]{1,500})\}")


# A Word document unpacks to its XML parts; more than this is no article (a zip bomb, or a
# document of images, which hold no text).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def _check_unpacked_size(raw: bytes, kind: str = "a Word document") -> None:
    """UnreadableDocument when the document is no zip file or unpacks to more than
    ``MAX_UNPACKED_BYTES`` (as its directory says, before anything is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:  # a damaged zip raises whatever the step that met it raises
        raise UnreadableDocument(f"not {kind} that can be read") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(
            f"{kind} of {unpacked / 2**20:,.0f} MB once unpacked, over the "
            f"{MAX_UNPACKED_BYTES // 2**20} MB that is read"
        )


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# What an OpenDocument body holds besides its text: notes (footnotes' bodies are not the
# article's sentences), tracked deletions, an index's or a table of contents' copy of headings.
_ODF_SKIPPED = {
    f"{{{_ODF_TEXT}}}{name}"
    for name in ("note", "tracked-changes", "table-of-content", "alphabetical-index", "bookmark")
}


def odt_text(raw: bytes) -> DocumentText:
    """The text of an OpenDocument text file's body (a paragraph or heading a line, a blank line
    between them, a table row a line of its cells) and its title. UnreadableDocument when it
    is none."""
    from xml.etree import ElementTree

    kind = "an OpenDocument text"
    _check_unpacked_size(raw, kind)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            content = ElementTree.fromstring(archive.read("content.xml"))
            meta = ElementTree.fromstring(archive.read("meta.xml")) if "meta.xml" in names else None
    except Exception as error:  # a damaged zip or XML raises whatever the step that met it raises
        raise UnreadableDocument(f"not {kind} that can be read") from error
    body = content.find(f"{{{_ODF_OFFICE}}}body/{{{_ODF_OFFICE}}}text")
    if body is None:
        raise UnreadableDocument(f"not {kind} that can be read (no text body)")
    blocks: list[str] = []
    _odf_blocks(body, blocks)
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text.strip():
        raise UnreadableDocument(f"{kind} without text")
    title = None
    if meta is not None:
        found = meta.find(".//{http://purl.org/dc/elements/1.1/}title")
        title = found.text if found is not None else None
    return DocumentText(text + "\n", stated_title(title, text))


def _odf_blocks(element, blocks: list[str]) -> None:
    """The paragraphs and headings under ``element`` in order, a table's rows as cell lines."""
    for child in element:
        tag = child.tag
        if tag in _ODF_SKIPPED:
            continue
        if tag in (f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"):
            blocks.append(" ".join(_odf_inline(child).split()))
        elif tag == f"{{{_ODF_TABLE}}}table-row":
            cells = [
                " ".join(_odf_inline(cell).split())
                for cell in child
                if cell.tag == f"{{{_ODF_TABLE}}}table-cell"
            ]
            blocks.append(" | ".join(cell for cell in cells if cell))
        else:
            _odf_blocks(child, blocks)


def _odf_inline(element) -> str:
    """The text of a paragraph: its spans' text, ``text:s`` as spaces, a tab or a line break as
    a space; notes and other skipped parts left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{_ODF_TEXT}}}s":
            count = child.get(f"{{{_ODF_TEXT}}}c", "1")
            parts.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif tag in (f"{{{_ODF_TEXT}}}tab", f"{{{_ODF_TEXT}}}line-break"):
            parts.append(" ")
        elif tag not in _ODF_SKIPPED:
            parts.append(_odf_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _row_lines(table) -> list[str]:
    """Each row of a table as one line of its cells' texts (a merged cell once)."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines
