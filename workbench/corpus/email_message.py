"""Articles saved as e-mail (``.eml``): a newsletter or a story a colleague forwarded.

The message's HTML part is read as a web page (its text through trafilatura), else its plain
text part as text; the subject is the title, the day it was sent the date (in the sender's
own time zone), and the sender's name the outlet ("POLITICO Playbook <…>"), each recorded as
coming from the e-mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL_SUFFIXES = (".eml",)


@dataclass(frozen=True)
class EmailArticle:
    """What an e-mail holds: its body (an HTML page or plain text, UTF-8) and its headers'
    fields (title, published, outlet)."""

    body: bytes
    is_html: bool
    fields: dict[str, str] = field(default_factory=dict)


def email_article(raw: bytes) -> EmailArticle | None:
    """The article of an e-mail message; None when it is none (no headers, or no text part)."""
    import email
    from email import policy

    try:
        message = email.message_from_bytes(raw, policy=policy.default)
        if not message.keys():
            return None
        part = message.get_body(preferencelist=("html", "plain"))
        if part is None:
            return None
        content = part.get_content()
    except Exception:  # the parser is lenient; what it still refuses is no e-mail to read
        return None
    if not isinstance(content, str) or not content.strip():
        return None
    is_html = part.get_content_subtype() == "html"
    if is_html:
        content = layout_tables_as_blocks(content)
    return EmailArticle(content.encode("utf-8"), is_html, _fields(message))


_LAYOUT_TABLE = re.compile(r"<(/?)(?:table|tbody|thead|tfoot|tr|td|th)\b[^>]*>", re.IGNORECASE)


def layout_tables_as_blocks(html: str) -> str:
    """A newsletter's HTML with its layout tables as blocks: a newsletter is laid out in
    tables, and its cells are its blocks of text."""
    return _LAYOUT_TABLE.sub(lambda tag: "</div>" if tag[1] else "<div>", html)


def _fields(message) -> dict[str, str]:
    """The title, date and outlet an e-mail's headers give."""
    from email.utils import parseaddr, parsedate_to_datetime

    fields: dict[str, str] = {}
    subject = " ".join(_header(message, "subject").split())
    if subject:
        fields["title"] = subject
    try:
        sent = parsedate_to_datetime(_header(message, "date"))
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is not None:
        fields["published"] = sent.date().isoformat()
    name, address = parseaddr(_header(message, "from"))
    sender = " ".join(name.split()) or address.partition("@")[2]
    if sender:
        fields["outlet"] = sender
    return fields


def _header(message, name: str) -> str:
    """A header's value as text: "" when it is missing or the header parser fails on it."""
    try:
        return str(message.get(name, ""))
    except Exception:  # a damaged header raises whatever the parser's step that met it raises
        return ""
