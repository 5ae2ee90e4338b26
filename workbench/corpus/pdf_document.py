"""Articles saved as PDF: the text of every page, words broken over lines made whole again.

Think tanks publish their briefs as PDF and analysts print articles to PDF. Each page's text
(pypdf's extraction) is a page of the text, a form feed between pages, so that page numbers and
running footers are removed as the cleaning rules remove them from text converted from PDF; a
page's number alone on its first or last line is left out. A word hyphenated at a line's end
("Wash-" / "ington") is joined when the word it makes is one of general English
("Washington"); otherwise the hyphen stays ("Kremlin-backed"). A scanned page holds no text: a
PDF with none is skipped, as is one locked with a password. The title in its properties is
read as a Word document's is.
"""

from __future__ import annotations

import io
import logging
import re

from workbench.corpus.office_document import DocumentText, UnreadableDocument, stated_title

PDF_SUFFIXES = (".pdf",)
# pypdf reports damage it repairs through logging; with no handler set up, Python prints such
# records on stderr, over the interface. Reading goes on, so the reports are not shown.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

# A word broken at a line's end: letters, a hyphen, the line break, lowercase letters (and the
# space after them, if the line goes on).
_BROKEN_WORD = re.compile(r"([^\W\d_]+)-[ \t]*\r?\n[ \t]*([a-z][^\W\d_]*)([ \t]+)?")
# A joined word must be at least this common in general English (wordfreq's Zipf scale: 3 is
# once in a million words; "washington" is 5.1, "negotiations" 4.4, "kremlinbacked" 0).
_WHOLE_WORD_ZIPF = 2.5


def pdf_text(raw: bytes) -> DocumentText:
    """The text of a PDF's pages (a form feed between pages, words broken at line ends joined)
    and its title. UnreadableDocument when it is no PDF, is locked, or holds no text."""
    from pypdf import PdfReader  # imported when a PDF is read

    try:
        reader = PdfReader(io.BytesIO(raw))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = [] if locked else [page.extract_text() or "" for page in reader.pages]
        title = None if locked or reader.metadata is None else reader.metadata.title
    except Exception as error:  # a damaged file raises whatever the step that met it raises
        raise UnreadableDocument("not a PDF that can be read") from error
    if locked:
        raise UnreadableDocument("a PDF locked with a password")
    if not any(page.strip() for page in pages):
        raise UnreadableDocument("no text in the PDF (a scanned page holds none)")
    text = join_broken_words("\n\f\n".join(_without_folio(page) for page in pages)) + "\n"
    return DocumentText(text, stated_title(title if isinstance(title, str) else None, text))


# A page's number alone on its first or last line ("12", "- 12 -", "xii").
_FOLIO = re.compile(r"[-–—\s]*(\d{1,4}|[ivxlc]{1,7})[-–—\s]*", re.IGNORECASE)


def _without_folio(page: str) -> str:
    """A page's text without its number standing alone on its first or last line."""
    lines = page.strip("\n").split("\n")
    if len(lines) > 1 and _FOLIO.fullmatch(lines[-1]):
        lines.pop()
    if len(lines) > 1 and _FOLIO.fullmatch(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def join_broken_words(text: str) -> str:
    """Words hyphenated at a line's end made whole where the whole word is common English, the
    hyphen kept otherwise; the line break then follows the word (the next line's rest stays a
    line of its own)."""
    if "-\n" not in text and "-\r\n" not in text and not re.search(r"-[ \t]+\r?\n", text):
        return text
    from wordfreq import zipf_frequency  # its word list is read on first use

    def joined(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        word = head + tail if zipf_frequency(head + tail, "en") >= _WHOLE_WORD_ZIPF else None
        word = word or f"{head}-{tail}"
        return f"{word}\n" if match.group(3) else word

    return _BROKEN_WORD.sub(joined, text)
