"""Articles saved as Outlook messages (``.msg``): a newsletter or a story forwarded by e-mail,
dragged out of Outlook into a folder.

A ``.msg`` file is an OLE compound file (read with ``olefile``) holding the message's MAPI
properties: each string or binary property a stream named ``__substg1.0_`` and its tag, the
fixed-size ones (times) in ``__properties_version1.0``. It is read as an ``.eml`` is
(``email_message``): the HTML body (``PR_HTML``) as a web page, else the plain text body
(``PR_BODY``) as text; the subject is the title, the day it was sent (``PR_CLIENT_SUBMIT_TIME``,
else the day it arrived; UTC, as Outlook keeps it) the date, the sender's name the outlet. A
message whose body is kept only as compressed RTF, or that is no message (another compound
file), has no text read here.
"""

from __future__ import annotations

import codecs
import io
import struct
from datetime import UTC, datetime, timedelta

from workbench.corpus.email_message import EmailArticle, layout_tables_as_blocks

MSG_SUFFIXES = (".msg",)

PROPERTIES = "__properties_version1.0"
_SUBJECT, _BODY, _HTML = 0x0037, 0x1000, 0x1013
_SENDER_NAMES = (0x0C1A, 0x0042)  # PR_SENDER_NAME, PR_SENT_REPRESENTING_NAME
_SENT_TIMES = (0x0039, 0x0E06)  # PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME
_CODE_PAGE, _INTERNET_CODE_PAGE = 0x3FFD, 0x3FDE
_UNICODE, _STRING8, _BINARY, _INT32, _SYSTIME = 0x001F, 0x001E, 0x0102, 0x0003, 0x0040
_HEADER = 32  # the top-level properties stream's header before its 16-byte entries
_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)  # FILETIME counts 100 ns from here


def msg_article(raw: bytes) -> EmailArticle | None:
    """The article of an Outlook message; None when it is none (no message, no text body)."""
    import olefile  # imported when a .msg file is read

    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            if not ole.exists(PROPERTIES):
                return None
            fixed = _fixed_properties(ole.openstream(PROPERTIES).read())
            code_page = _code_page(fixed.get(_CODE_PAGE))
            html = _stream(ole, _HTML, _BINARY) or _stream(ole, _HTML, _UNICODE)
            fields = _fields(ole, fixed, code_page)
            if html is not None:
                page = _decoded(html, _code_page(fixed.get(_INTERNET_CODE_PAGE)) or code_page)
                if page.strip():
                    return EmailArticle(layout_tables_as_blocks(page).encode(), True, fields)
            body = _string(ole, _BODY, code_page)
    except Exception:  # a damaged container raises whatever the step that met it raised
        return None
    if not body or not body.strip():
        return None
    return EmailArticle(body.encode("utf-8"), False, fields)


def _fields(ole, fixed: dict[int, bytes], code_page: str) -> dict[str, str]:
    """The title, date and outlet a message's properties give."""
    fields: dict[str, str] = {}
    subject = " ".join((_string(ole, _SUBJECT, code_page) or "").split())
    if subject:
        fields["title"] = subject
    for tag in _SENT_TIMES:
        sent = _time(fixed.get(tag))
        if sent is not None:
            fields["published"] = sent.date().isoformat()
            break
    for tag in _SENDER_NAMES:
        sender = " ".join((_string(ole, tag, code_page) or "").split())
        if sender:
            fields["outlet"] = sender
            break
    return fields


def _stream(ole, tag: int, kind: int) -> bytes | None:
    """The bytes of property ``tag`` of type ``kind`` (None when the message has none)."""
    name = f"__substg1.0_{tag:04X}{kind:04X}"
    return ole.openstream(name).read() if ole.exists(name) else None


def _string(ole, tag: int, code_page: str) -> str | None:
    """A string property, stored as UTF-16 or in the message's code page."""
    wide = _stream(ole, tag, _UNICODE)
    if wide is not None:
        return wide.decode("utf-16-le", errors="replace").rstrip("\x00")
    narrow = _stream(ole, tag, _STRING8)
    return None if narrow is None else _decoded(narrow, code_page).rstrip("\x00")


def _fixed_properties(stream: bytes) -> dict[int, bytes]:
    """The fixed-size properties of the message (its top-level properties stream): property
    id → its 8 value bytes."""
    found: dict[int, bytes] = {}
    for at in range(_HEADER, len(stream) - 15, 16):
        tag, _flags = struct.unpack_from("<II", stream, at)
        if tag & 0xFFFF in (_INT32, _SYSTIME):
            found[tag >> 16] = stream[at + 8 : at + 16]
    return found


def _time(value: bytes | None) -> datetime | None:
    """A FILETIME value as a datetime (None when absent or out of range)."""
    if value is None:
        return None
    (ticks,) = struct.unpack("<q", value)
    try:
        moment = _EPOCH + timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None
    return moment if 1900 <= moment.year <= 2200 else None


def _code_page(value: bytes | None) -> str:
    """The Python codec of a Windows code page property ("" when absent or unknown)."""
    if value is None:
        return ""
    (number,) = struct.unpack_from("<I", value)
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return ""


def _decoded(data: bytes, code_page: str) -> str:
    """Bytes in a code page (UTF-8 when it is unknown and they are UTF-8, else Windows-1252)."""
    if code_page:
        return data.decode(code_page, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
