"""HTML pages to plain text with the standard library's parser (scripts, styles, navigation dropped)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset(
    {"script", "style", "nav", "head", "noscript", "svg", "template", "form", "button", "iframe",
     "select", "aside", "footer", "menu"}
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "blockquote", "figure", "figcaption", "table",
     "tr", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr",
     "address", "details", "summary", "caption"}
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
                   "source", "track", "wbr", "param"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one paragraph per block, blank lines between them."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep what was read so far
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
