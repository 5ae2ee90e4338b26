"""What a file holds when its name does not say: the suffix its first bytes call for.

Crawlers and scripts save pages under their address ("kerry-in-moscow", "story?id=12"), and
some archives hand out documents without a suffix. Such a file is read as the kind its opening
bytes name (a PDF's ``%PDF-``, RTF's ``{\\rtf``, a Word document's zip holding
``word/document.xml``, a Word 97-2003 document's compound file, an OpenDocument text's, a
message's headers, a page saved as a single file, Safari's web archive); anything else is read
as text, and a text opening as a page's source as the page (``webpage.is_markup``).
"""

from __future__ import annotations

import io
import re
import zipfile

from workbench.corpus.news_xml import is_news_xml
from workbench.corpus.word97 import OLE_MAGIC

# The first header lines of a message (an e-mail, or MHTML: a page saved as a single file).
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]*[^\r\n]*\r?\n")
_MESSAGE_HEADERS = (b"from", b"to", b"subject", b"date")
# ... and those only a message carries (a text may open with "From:" and "Date:" lines).
_MAIL_HEADERS = (
    b"received",
    b"return-path",
    b"delivered-to",
    b"message-id",
    b"mime-version",
    b"content-type",
)
_HEAD = 4096  # bytes looked at
# The name of an Outlook message's properties stream, as its compound file's directory holds it.
_MSG_PROPERTIES = "__properties_version1.0".encode("utf-16-le")


def sniffed_suffix(raw: bytes) -> str:
    """The suffix of the kind of file ``raw`` is (``.pdf``, ``.rtf``, ``.docx``, ``.doc``,
    ``.msg``, ``.odt``, ``.xml`` for a news item, ``.mhtml``, ``.webarchive``, ``.eml``), or
    ``""`` for text (and for bytes of no kind read here: decoding says so)."""
    head = raw[:_HEAD].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    if raw.startswith(b"PK\x03\x04"):
        if b"application/vnd.oasis.opendocument.text" in raw[:200]:  # its first entry
            return ".odt"
        return ".docx" if _is_word(raw) else ""
    if raw.startswith(OLE_MAGIC):  # a compound file: an Outlook message, a Word 97-2003 document
        return ".msg" if _MSG_PROPERTIES in raw else ".doc"
    if is_news_xml(raw):  # NITF, NewsML, Reuters' newsitem
        return ".xml"
    if raw.startswith(b"bplist00") and b"WebMainResource" in raw:
        return ".webarchive"
    return _message_kind(head)


def _is_word(raw: bytes) -> bool:
    """Whether a zip file is a Word document (it holds ``word/document.xml``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except Exception:  # a damaged zip raises whatever the step that met it raises: no Word
        return False


def _message_kind(head: bytes) -> str:
    """``.mhtml`` for a page saved as one message, ``.eml`` for an e-mail: header lines first,
    one of them only a message's and another a message's; else ``""``."""
    position, names = 0, []
    while len(names) < 30:
        line = _HEADER_LINE.match(head, position)
        if line is None:
            break
        names.append(line[0].split(b":", 1)[0].lower())
        position = line.end()
        while position < len(head) and head[position] in b" \t":  # a folded header's rest
            end = head.find(b"\n", position)
            position = len(head) if end < 0 else end + 1
    mail = sum(name in _MAIL_HEADERS for name in names)
    if not mail or mail + sum(name in _MESSAGE_HEADERS for name in names) < 2:
        return ""
    lowered = head.lower()
    if b"multipart/related" in lowered or b"snapshot-content-location" in lowered:
        return ".mhtml"
    return ".eml"
