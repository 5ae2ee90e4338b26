"""The date a page's article header states, between its headline and its first paragraph.

Pages of the 2000s stated the article's day only in its header: a line under the headline
("Tuesday, October 04, 2005", "February 1, 2010 7:01 p.m. EST"), often written by a script
that picks the edition's wording (``if (edition) document.write('…') else
document.write('…')``), with no date in their markup. The extractor leaves the header out of
the article's text, so the header is read from the page as it shows it: its lines in order,
a script's text as the page shows it at its own address (the last of the alternatives it
writes, the ``else``). Only a dateline between the headline and the first paragraph counts; a
date elsewhere on the page (a list of other stories, the day an archive kept the page) does
not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.corpus.dates import find_date, revision_stamp

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_BLOCKS = frozenset(
    ["p", "div", "table", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
     "pre", "form", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "section",
     "article", "header", "footer", "figure", "figcaption", "time", "address"]
)  # fmt: skip
_UNSHOWN = frozenset(["style", "noscript", "select", "template", "head", "title"])
_WRITE = re.compile(r"""document\.write(?:ln)?\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*\)""", re.S)
_ESCAPE = re.compile(r"\\(.)", re.S)
_BREAK = re.compile(r"<\s*(?:br|/?p|/?div|/?h\d|/?li|/?tr|/?td)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
# A headline further above the first paragraph is some other part's: an article's header
# runs to a few dozen lines (its boxes of videos, related stories and polls among them).
_HEADER_LINES = 60
_PARAGRAPH_WORDS = 10  # the first paragraph has this many words at least (a byline has not)
_KEY_CHARS = 40  # ... and is known by its start, this long
_SAME_HEADLINE = 85  # similarity (0-100) of a line to the page's title to be its headline


def _written(script: str) -> list[str]:
    """The lines a script writes into the page (``document.write('…')``): of alternatives
    (an ``if … else``), the last, which the page shows at its own address."""
    writes = [_ESCAPE.sub(r"\1", match[2]) for match in _WRITE.finditer(script)]
    if len(writes) > 1 and re.search(r"\belse\b", script):
        writes = writes[-1:]
    lines = []
    for written in writes:
        lines += [html.unescape(_TAG.sub(" ", part)) for part in _BREAK.split(written)]
    return lines


def shown_lines(tree: HtmlElement) -> list[str]:
    """A page's text as it shows it, a line for each block (scripts' written text among
    them), in order; white space made single spaces, empty lines left out."""
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    lines: list[list[str]] = [[]]
    hidden = 0  # depth inside elements whose text is not shown

    def new_line() -> None:
        if lines[-1]:
            lines.append([])

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _UNSHOWN or tag == "script" or (hidden and tag is not None):
                hidden += 1
                if tag == "script" and hidden == 1:
                    for line in _written(element.text or ""):
                        new_line()
                        lines[-1].append(line)
                    new_line()
                continue
            if tag in _BLOCKS:
                new_line()
            if tag is not None and element.text:
                lines[-1].append(element.text)
            continue
        if tag is not None and hidden:
            hidden -= 1
        elif tag in _BLOCKS:
            new_line()
        if element.tail and not hidden and element is not root:
            lines[-1].append(element.tail)
    found = (" ".join(" ".join(parts).split()) for parts in lines)
    return [line for line in found if line]


def _key(text: str) -> str:
    """A line's words, lower case, single spaces (punctuation aside)."""
    return " ".join(_WORD.findall(text.lower()))


def header_date(
    lines: Sequence[str], headline: str | None, body: Sequence[str], *, revisions: bool = True
) -> str | None:
    """The day (YYYY-MM-DD) a dateline states between a page's headline and the first
    paragraph of its article (``body``: the extracted paragraphs), among the page's
    ``shown_lines``; None when the page has no such header or it states no day, or, without
    ``revisions``, when the only day it states is a revision's ("Updated …")."""
    from rapidfuzz import fuzz

    start = next(
        (_key(line)[:_KEY_CHARS] for line in body if len(line.split()) >= _PARAGRAPH_WORDS), None
    )
    title = _key(headline or "")
    if not start or not title:
        return None
    # Lines keyed only up to the first paragraph: every page's header is read, and the rest
    # of a long page's lines would be keyed for nothing.
    first = next((n for n, line in enumerate(lines) if start in _key(line)), None)
    if first is None:
        return None
    top = next(
        (
            n
            for n in range(first - 1, max(-1, first - 1 - _HEADER_LINES), -1)
            if fuzz.ratio(_key(lines[n]), title) >= _SAME_HEADLINE
        ),
        None,
    )
    if top is None:
        return None
    header = list(lines[top:first])
    found = find_date(header, 0, len(header))
    if found is None or found.source != "dateline":
        return None
    return None if not revisions and revision_stamp(header[found.line]) else found.date
