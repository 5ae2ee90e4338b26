"""Articles as news agencies and news archives deliver them in XML: NITF (the New York Times
Annotated Corpus, agencies' feeds), NewsML 1 and NewsML-G2 (IPTC's), and Reuters' ``newsitem``
(the Reuters Corpus, RCV1).

The body's paragraphs become the text, a blank line apart; the headline, byline, date of
publication, publication's name, address and language are the file's own metadata
(``xml-meta``), as a web page's are. The New York Times' files hold the lead paragraphs twice
(a ``lead_paragraph`` block and the ``full_text``): the full text alone is read, without the
"LEAD:" paragraph its older articles open with. The XML is parsed without its DTD, without
entities and without the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from workbench.corpus.office_document import UnreadableDocument

NEWS_XML_SUFFIXES = (".xml", ".nitf")
_KINDS = (b"<nitf", b"<newsitem", b"newsItem", b"<NewsML", b"newsMessage")
_G2 = "{http://iptc.org/std/nar/2006-10-01/}"
_SPACES = re.compile(r"\s+")
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_COMPACT_DATE = re.compile(r"^((?:19|20)\d\d)-?(\d\d)-?(\d\d)")
_COPYRIGHT = re.compile(
    r"\(c\)|©|copyright|\b(?:19|20)\d\d\b|\b(?:limited|ltd|inc|llc)\b\.?|all rights reserved\.?",
    re.IGNORECASE,
)


class NewsXml(NamedTuple):
    """The text of a news item in XML and the metadata it carries (title, author, published,
    outlet, url, language; only those it has)."""

    text: str
    fields: dict[str, str]


def is_news_xml(raw: bytes) -> bool:
    """Whether the first bytes of a file name a news item in XML (for files without a suffix)."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and any(kind in head for kind in _KINDS)


def is_xhtml(raw: bytes) -> bool:
    """Whether an XML file is a web page (XHTML: its root element is ``html``)."""
    head = raw[:4096].lower()
    return b"<html" in head and not any(kind.lower() in head for kind in _KINDS)


def news_xml_article(raw: bytes) -> NewsXml:
    """The article of a NITF, NewsML or Reuters ``newsitem`` file; UnreadableDocument when it
    is none of these or holds no text."""
    from lxml import etree  # imported when such a file is read

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableDocument("not an XML file that can be read") from error
    if root is None or not isinstance(root.tag, str):
        raise UnreadableDocument("not an XML file that can be read")
    name = _local(root.tag)
    if name == "nitf":
        item = _nitf(root)
    elif name == "newsitem":
        item = _reuters(root)
    elif root.tag in (f"{_G2}newsItem", f"{_G2}newsMessage"):
        item = _newsml_g2(root)
    elif name == "NewsML":
        item = _newsml_1(root)
    else:
        raise UnreadableDocument(
            "an XML file that holds no news article (NITF, NewsML or Reuters' newsitem)"
        )
    if not item.text.strip():
        raise UnreadableDocument("no article text in the news item")
    return item


def _nitf(root) -> NewsXml:
    """NITF: the body's paragraphs (the full text block when there is one), the headline,
    byline and the publication's data."""
    body = _first(root, "body")
    content = _first(body, "body.content") if body is not None else None
    blocks = _all(content, "block") if content is not None else []
    full = [block for block in blocks if block.get("class") == "full_text"]
    paragraphs = _paragraphs(full[0] if full else content)
    head = _first(root, "head")
    pubdata = _first(head, "pubdata") if head is not None else None
    docdata = _first(head, "docdata") if head is not None else None
    issued = _first(docdata, "date.issue") if docdata is not None else None
    headline = _first(body, "hl1") if body is not None else None
    bylines = _all(body, "byline") if body is not None else []
    fields = {
        "title": _text(headline) or _text(_first(head, "title") if head is not None else None),
        "author": _author(bylines),
        "published": _date(
            (issued.get("norm") if issued is not None else None)
            or _attr(pubdata, "date.publication")
        ),
        "outlet": _attr(pubdata, "name") or "",
        "url": _attr(pubdata, "ex-ref") or "",
        "language": _language(root),
    }
    return NewsXml(_joined(_without_lead(paragraphs)), _kept(fields))


def _reuters(root) -> NewsXml:
    """Reuters' ``newsitem`` (RCV1): its headline, byline, date and paragraphs."""
    copyright_holder = _COPYRIGHT.sub("", _text(_first(root, "copyright"))).strip(" ,.")
    fields = {
        "title": _text(_first(root, "headline")) or _text(_first(root, "title")),
        "author": _BY.sub("", _text(_first(root, "byline"))),
        "published": _date(root.get("date")),
        "outlet": copyright_holder,
        "language": _language(root),
    }
    return NewsXml(_joined(_paragraphs(_first(root, "text"))), _kept(fields))


def _newsml_g2(root) -> NewsXml:
    """NewsML-G2: the first news item's headline, creator, date and its XHTML's paragraphs."""
    item = root if root.tag == f"{_G2}newsItem" else _first(root, "newsItem")
    if item is None:
        raise UnreadableDocument("a NewsML-G2 message without a news item")
    content_meta = _first(item, "contentMeta")
    item_meta = _first(item, "itemMeta")
    created = None
    for holder, name in (
        (content_meta, "contentCreated"),
        (item_meta, "firstCreated"),
        (item_meta, "versionCreated"),
    ):
        if holder is not None and created is None:
            created = _text(_first(holder, name)) or None
    provider = _first(item_meta, "provider") if item_meta is not None else None
    fields = {
        "title": _text(_first(content_meta, "headline")) if content_meta is not None else "",
        "author": _BY.sub("", _text(_first(content_meta, "by")))
        if content_meta is not None
        else "",
        "published": _date(created),
        "outlet": (_text(_first(content_meta, "creditline")) if content_meta is not None else "")
        or _attr(provider, "literal")
        or "",
        "language": _language(item) or _language(root),
    }
    content = _first(item, "contentSet")
    return NewsXml(_joined(_paragraphs(content)), _kept(fields))


def _newsml_1(root) -> NewsXml:
    """NewsML 1: the NITF inside it when there is one, else its headline and paragraphs."""
    inner = _first(root, "nitf")
    if inner is not None:
        item = _nitf(inner)
        if item.text.strip():
            return item
    lines = _first(root, "NewsLines")
    fields = {
        "title": _text(_first(lines, "HeadLine")) if lines is not None else "",
        "author": _BY.sub("", _text(_first(lines, "ByLine"))) if lines is not None else "",
        "published": _date(_text(_first(root, "FirstCreated")) or None),
        "language": _language(root),
    }
    return NewsXml(_joined(_paragraphs(_first(root, "DataContent"))), _kept(fields))


def _author(bylines: list) -> str:
    """The author a NITF's bylines name: the printed one without its "By", in capitals only
    when the normalized one ("Petrova, Anna") cannot say how the name is written."""
    if not bylines:
        return ""
    printed = [b for b in bylines if b.get("class") == "print_byline"] or bylines
    author = _BY.sub("", _text(printed[0]))
    normalized = [_text(b) for b in bylines if b.get("class") == "normalized_byline"]
    if author.isupper() and normalized and normalized[0].count(",") == 1:
        last, first = (part.strip() for part in normalized[0].split(","))
        return f"{first} {last}" if first and last else author
    return author


def _named(element, name: str) -> Iterator:
    """The descendants of ``element`` whose local name is ``name`` (any namespace), in order."""
    for found in element.iter():
        if found is not element and isinstance(found.tag, str) and _local(found.tag) == name:
            yield found


def _first(element, name: str):
    """The first descendant of ``element`` named ``name``, or None."""
    return next(_named(element, name), None)


def _all(element, name: str) -> list:
    return list(_named(element, name))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _paragraphs(element) -> list[str]:
    """The text of each paragraph (``p``, and a subhead's ``hl2``) below ``element``, in order."""
    if element is None:
        return []
    found = [
        _text(p) for p in element.iter() if isinstance(p.tag, str) and _local(p.tag) in ("p", "hl2")
    ]
    return [text for text in found if text]


def _text(element) -> str:
    """An element's text with its inline elements', its white space folded."""
    if element is None:
        return ""
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _attr(element, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _date(value: str | None) -> str:
    """``YYYY-MM-DD`` from ``20130507T120000``, ``2013-05-07T12:00:00Z`` or ``2013-05-07``."""
    found = _COMPACT_DATE.match(value.strip()) if value else None
    return "-".join(found.groups()) if found else ""


def _language(element) -> str:
    return (element.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()


def _without_lead(paragraphs: list[str]) -> list[str]:
    """The paragraphs without a first "LEAD: …" one that the next repeats (the New York
    Times' older articles)."""
    if len(paragraphs) > 1 and paragraphs[0].startswith("LEAD:"):
        lead = paragraphs[0][len("LEAD:") :].strip()
        if paragraphs[1].startswith(lead[:60]):
            return paragraphs[1:]
    return paragraphs


def _joined(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _kept(fields: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in fields.items() if value}
