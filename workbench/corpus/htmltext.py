"""HTML pages to plain text with the standard library's parser (scripts, styles, nav dropped)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "head",
        "noscript",
        "svg",
        "template",
        "form",
        "button",
        "iframe",
        "select",
        "aside",
        "footer",
        "menu",
    }
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "hr",
        "address",
        "details",
        "summary",
        "caption",
    }
)
_VOID = frozenset(
    {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    }
)


# <meta> names and properties that carry an article's metadata.
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "title": "title",
    "article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "pubdate": "published",
    "publish-date": "published",
    "dc.date": "published",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "og:site_name": "outlet",
    "og:url": "url",
}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0
        self.meta: dict[str, str] = {}

    def _read_meta(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            field = _META_FIELDS.get(key.lower())
            content = " ".join(values.get("content", "").split())
            if field and content and field not in self.meta:
                self.meta[field] = content
        elif tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.meta.setdefault("url", values["href"])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link"):
            self._read_meta(tag, attrs)
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.parts.append("\n")
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n• ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n" if tag in _BLOCKS else "\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


@dataclass(frozen=True)
class HtmlPage:
    """The visible text of a page and the metadata its <meta> tags give."""

    text: str
    meta: dict[str, str]


def read_html(html: str) -> HtmlPage:
    """The visible text of an HTML page (one paragraph per block) and its <meta> metadata."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep what was read so far
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return HtmlPage(text + "\n" if text else "", collector.meta)
