"""Articles saved as Word 97–2003 documents (``.doc``): the text of the main document.

Clippings from the years before Word's zipped format (2007) and many archives' downloads are
``.doc`` files: an OLE compound file (read with ``olefile``) whose ``WordDocument`` stream
holds the text in pieces that the table stream's piece table places (the format is
Microsoft's [MS-DOC]). The main document's characters are read in order, each piece as
cp1252 or UTF-16; paragraphs become lines a blank line apart and a table's rows lines of
their cells (" | " between them); footnotes, headers, comments and text boxes, stored after
the main document, are not read; a field's code (``HYPERLINK "…"``) is dropped and its
result (the link's text) kept. The title of the document's properties is kept only when the
text states it, as a ``.docx``'s is. A file named ``.doc`` that is RTF, a web page or a
``.docx`` (programs save all of these under that name) is read as what it is.
"""

from __future__ import annotations

import io
import re
import struct

from workbench.corpus.office_document import DocumentText, UnreadableDocument, stated_title

WORD97_SUFFIXES = (".doc",)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_WORD_IDENT = 0xA5EC  # the FIB's first two bytes
_WORD97_FIB = 0x00C0  # nFib from Word 97 on (0x00C1, Word 98 for the Mac 0x00C2, …); Word 95 and
# before wrote less, in a header of another layout
_ENCRYPTED = 0x0100  # FIB flags: fEncrypted
_TABLE_ONE = 0x0200  # FIB flags: fWhichTblStm (the table stream is "1Table", else "0Table")
_COMPRESSED = 0x40000000  # a piece's fc: its text is 8-bit (cp1252), at fc / 2
_MAX_CHARACTERS = 20_000_000  # more than this in the main document is no article

# Characters of the text stream that are marks, not text: a paragraph's end, a line break, a
# page or section break, a table cell's end; a field's begin, separator and end.
_PARAGRAPH, _LINE, _PAGE, _CELL = "\r", "\x0b", "\x0c", "\x07"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# Objects and references without text (a picture, a drawing, a footnote's or a comment's
# mark, an annotation) and an optional hyphen are dropped; a non-breaking hyphen is a hyphen.
_DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f"), None) | {0x1E: "-"}
_SPACES = re.compile(r"[ \t\u00a0]+")


def word97_text(raw: bytes) -> DocumentText:
    """The text of a Word 97–2003 document's main document and its title (when the text
    states it). UnreadableDocument when it is no such document or cannot be read."""
    import olefile  # imported when a .doc file is read

    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            if not ole.exists("WordDocument"):
                raise UnreadableDocument("not a Word document (no WordDocument stream)")
            document = ole.openstream("WordDocument").read()
            table_name = "1Table" if _fib_flags(document) & _TABLE_ONE else "0Table"
            if not ole.exists(table_name):
                raise UnreadableDocument(f"a damaged Word document (no {table_name} stream)")
            table = ole.openstream(table_name).read()
            title = _property_title(ole)
    except UnreadableDocument:
        raise
    except Exception as error:  # a damaged container raises whatever the step that met it did
        raise UnreadableDocument("not a Word 97-2003 document that can be read") from error
    characters = _main_document(document, table)
    text = _plain_text(characters)
    if not text.strip():
        raise UnreadableDocument("no text in the Word document")
    return DocumentText(text, stated_title(title, text))


def _fib_flags(document: bytes) -> int:
    """The FIB's flags, once it is known to be a Word 97 or later document's."""
    if len(document) < 0x20:
        raise UnreadableDocument("a damaged Word document (its header is cut short)")
    ident, fib_version = struct.unpack_from("<HH", document, 0)
    if ident != _WORD_IDENT:
        raise UnreadableDocument("not a Word document (no Word header)")
    if fib_version < _WORD97_FIB:
        raise UnreadableDocument("a Word 95 or older document: save it as .docx to read it")
    flags = struct.unpack_from("<H", document, 0x0A)[0]
    if flags & _ENCRYPTED:
        raise UnreadableDocument("an encrypted Word document: it cannot be read")
    return flags


def _main_document(document: bytes, table: bytes) -> str:
    """The characters of the main document (ccpText of them), piece by piece."""
    try:
        count, clx_at, clx_size = _fib_text_fields(document)
        pieces = _pieces(table, clx_at, clx_size)
    except (struct.error, IndexError) as error:
        raise UnreadableDocument("a damaged Word document (its piece table)") from error
    if count > _MAX_CHARACTERS:
        raise UnreadableDocument("a Word document with more text than any article")
    out: list[str] = []
    for start, end, fc in pieces:
        if start >= count:
            break
        length = min(end, count) - start
        if length <= 0:
            continue
        if fc & _COMPRESSED:
            offset = (fc & ~_COMPRESSED) // 2
            chunk = document[offset : offset + length].decode("cp1252", "replace")
        else:
            chunk = document[fc : fc + 2 * length].decode("utf-16-le", "replace")
        if len(chunk) < length:
            raise UnreadableDocument("a damaged Word document (its text is cut short)")
        out.append(chunk)
    return "".join(out)


def _fib_text_fields(document: bytes) -> tuple[int, int, int]:
    """(ccpText, fcClx, lcbClx) of the FIB, found through its variable-length parts."""
    position = 0x20
    (rg_w_count,) = struct.unpack_from("<H", document, position)
    position += 2 + 2 * rg_w_count
    (rg_lw_count,) = struct.unpack_from("<H", document, position)
    lw_start = position + 2
    (ccp_text,) = struct.unpack_from("<i", document, lw_start + 3 * 4)
    position = lw_start + 4 * rg_lw_count
    (fc_lcb_count,) = struct.unpack_from("<H", document, position)
    if fc_lcb_count < 34:
        raise UnreadableDocument("a damaged Word document (its header has no piece table)")
    fc_clx, lcb_clx = struct.unpack_from("<II", document, position + 2 + 33 * 8)
    return max(0, ccp_text), fc_clx, lcb_clx


def _pieces(table: bytes, at: int, size: int) -> list[tuple[int, int, int]]:
    """(first character, character past the last, fc) of each piece of the piece table."""
    end = at + size
    position = at
    while position < end and table[position] == 0x01:  # property modifiers before the table
        (modifier_size,) = struct.unpack_from("<H", table, position + 1)
        position += 3 + modifier_size
    if position >= end or table[position] != 0x02:
        raise UnreadableDocument("a damaged Word document (no piece table)")
    (plc_size,) = struct.unpack_from("<I", table, position + 1)
    position += 5
    count = (plc_size - 4) // 12
    if count <= 0 or position + plc_size > len(table):
        raise UnreadableDocument("a damaged Word document (its piece table is cut short)")
    positions = struct.unpack_from(f"<{count + 1}I", table, position)
    descriptors = position + 4 * (count + 1)
    return [
        (
            positions[k],
            positions[k + 1],
            struct.unpack_from("<I", table, descriptors + 8 * k + 2)[0],
        )
        for k in range(count)
    ]


def _plain_text(characters: str) -> str:
    """The document's characters as lines: fields' codes out, paragraphs a blank line apart,
    a table row one line of its cells.

    A cell's text ends with a cell mark and a row with one more (two marks in a row: a row's
    empty cell ends it early, leaving its cells on two lines). Paragraphs within a cell are
    the cell's; a paragraph before a row's first cell mark stands on its own."""
    characters = _field_results(characters).translate(_DROPPED).replace(_LINE, "\n")
    parts = re.split(f"([{_PARAGRAPH}{_PAGE}{_CELL}])", characters)
    blocks: list[str] = []
    row: list[str] = []
    cell: list[str] = []
    after_cell = False  # the last mark ended a cell
    for text, mark in zip(parts[::2], [*parts[1::2], ""], strict=True):
        if mark == _CELL:
            if not text and after_cell and not cell:  # the row's own mark: the row ends
                _close_row(row, blocks)
                after_cell = False
                continue
            cell.append(text)
            row.append(_one_line(" ".join(cell)))
            cell.clear()
            after_cell = True
            continue
        after_cell = False
        if row:  # a paragraph of the next cell of an open row
            cell.append(text)
        elif line := _one_line(text):
            blocks.append(line)
    if cell:
        row.append(_one_line(" ".join(cell)))
    _close_row(row, blocks)
    return "\n\n".join(blocks) + "\n"


def _close_row(row: list[str], blocks: list[str]) -> None:
    cells = [cell for cell in row if cell]
    if cells:
        blocks.append(" | ".join(cells))
    row.clear()


def _one_line(text: str) -> str:
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def _field_results(characters: str) -> str:
    """The text with each field's code removed and its result kept ("HYPERLINK "…" the link's
    text" → "the link's text"); fields nest."""
    if _FIELD_BEGIN not in characters:
        return characters
    out: list[str] = []
    in_code: list[bool] = []  # per open field: whether its code is being read
    for character in characters:
        if character == _FIELD_BEGIN:
            in_code.append(True)
        elif character == _FIELD_SEPARATOR and in_code:
            in_code[-1] = False
        elif character == _FIELD_END and in_code:
            in_code.pop()
        elif not any(in_code):
            out.append(character)
    return "".join(out)


_SUMMARY = "\x05SummaryInformation"
_TITLE_PROPERTY = 2  # PIDSI_TITLE
_CODE_PAGE_PROPERTY = 1
_MAX_PROPERTIES = 256  # a summary holds about twenty; more is a damaged count


def _property_title(ole) -> str | None:
    """The title of the document's summary information, when it has one (read here with every
    count and offset checked: a damaged property set must not stall the corpus)."""
    if not ole.exists(_SUMMARY):
        return None
    try:
        stream = ole.openstream(_SUMMARY).read(1 << 20)
        (section,) = struct.unpack_from("<I", stream, 44)
        _, count = struct.unpack_from("<II", stream, section)
        if count > _MAX_PROPERTIES:
            return None
        pairs = struct.unpack_from(f"<{2 * count}I", stream, section + 8)
        offsets = dict(zip(pairs[::2], pairs[1::2], strict=True))
    except Exception:  # a damaged summary (its sectors, its counts) names no title
        return None
    code_page = _property(stream, section, offsets.get(_CODE_PAGE_PROPERTY))
    value = _property(stream, section, offsets.get(_TITLE_PROPERTY), code_page)
    return value.strip("\x00 ") or None if isinstance(value, str) else None


def _property(stream: bytes, section: int, offset: int | None, code_page: object = None):
    """One property's value: a string (VT_LPSTR in the set's code page, or VT_LPWSTR), a 16-bit
    integer (VT_I2, the code page), or None."""
    if offset is None:
        return None
    at = section + offset
    try:
        (kind,) = struct.unpack_from("<I", stream, at)
        if kind == 0x02:  # VT_I2
            return struct.unpack_from("<h", stream, at + 4)[0]
        (length,) = struct.unpack_from("<I", stream, at + 4)
        if kind == 0x1E:  # VT_LPSTR: bytes in the code page
            encoding = f"cp{code_page & 0xFFFF}" if isinstance(code_page, int) else "cp1252"
            data = stream[at + 8 : at + 8 + min(length, 4096)]
            try:
                return data.decode(encoding, "replace")
            except LookupError:  # a code page Python does not know (UTF-8 is 65001)
                return data.decode("utf-8" if code_page == -535 else "cp1252", "replace")
        if kind == 0x1F:  # VT_LPWSTR: UTF-16 characters
            return stream[at + 8 : at + 8 + 2 * min(length, 2048)].decode("utf-16-le", "replace")
    except struct.error:
        return None
    return None
