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
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.corpus.dates import (
    WEEKDAY_BEFORE,
    find_date,
    full_dates,
    is_date_alone,
    revision_stamp,
)

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
PARAGRAPH_WORDS = 10  # the first paragraph has this many words at least (a byline has not)
KEY_CHARS = 40  # ... and is known by its start, this long
_SAME_HEADLINE = 85  # similarity (0-100) of a line to the page's title to be its headline
# ... or a line that is part of the title (or the title part of it): this many words at least,
# this share of the longer's characters.
_HEADLINE_WORDS = 3
_HEADLINE_SHARE = 0.6
_ABOVE_HEADLINE = 3  # a dateline may stand this many lines above the headline (a kicker's)
_BYLINE = re.compile(r"\b(?i:by|par|von|por|door)\s+[A-ZÀ-Þ]")  # "Par Loïc Le Clerc"
_UNDER_STANDFIRST = 4  # lines under the first paragraph searched for a date alone (a byline's)


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


def line_key(text: str) -> str:
    """A line's words, lower case, single spaces (punctuation aside)."""
    return " ".join(_WORD.findall(text.casefold()))


def _is_headline(line: str, title: str) -> bool:
    """Whether a line (keyed) is the page's headline: like its title, or all of the title but
    a site's name or a section's label the title adds ("Tomaten schneiden - Tipp mit Bild"),
    or written in the title with its kicker ("Kicker: Headline"), the larger share of it."""
    from rapidfuzz import fuzz

    if fuzz.ratio(line, title) >= _SAME_HEADLINE:
        return True
    short, long = sorted((line, title), key=len)
    return (
        len(short.split()) >= _HEADLINE_WORDS
        and len(short) >= _HEADLINE_SHARE * len(long)
        and f" {short} " in f" {long} "
    )


def _headline_above(lines: Sequence[str], first: int, title: str) -> tuple[int, int] | None:
    """The lines (first, past the last) of the headline nearest above line ``first``: one
    line, or two the page broke it over ("Tanz in der Lokremise:" / "Mit allen Wassern")."""
    for n in range(first - 1, max(-1, first - 1 - _HEADER_LINES), -1):
        if _is_headline(line_key(lines[n]), title):
            return n, n + 1
        if n + 1 < first and _is_headline(line_key(f"{lines[n]} {lines[n + 1]}"), title):
            return n, n + 2
    return None


# A label naming what a date is ("Last Updated:", "Published on"): part of it too.
_DATE_LABEL = re.compile(
    r"\s*(?:last\s+)?(?:updated|modified|edited|published|posted|created|dated?|stand"
    r"|(?:for\s+)?immediate\s+release"
    r"|aktualisiert|veröffentlicht|publié|mis à jour|publicado|actualizado)"
    r"(?:\s+(?:on|at|am|le|el))?\s*:?\s*",
    re.I,
)
_DAY_AND_DASH = re.compile(r"\s*(.{6,40}?)\s+[–—-]{1,2}\s+\w")


def _opens_with_date(line: str) -> bool:
    """Whether a line is a date alone, its label and a word at most before it ("Samstag,
    9. September 2017", "12.12.2022 12:22", "Published Thursday, January 10, 2008", "Last
    Updated: Tuesday, 4 December 2007, 17:04 GMT")."""
    labelled = _DATE_LABEL.match(line)
    date = line[labelled.end() :] if labelled else line
    dates = full_dates(date)
    if not dates or not is_date_alone(date):
        return False
    return len(WEEKDAY_BEFORE.sub("", date[: dates[0][0]]).split()) <= 1


def article_header(
    lines: Sequence[str], headline: str | None, body: Sequence[str]
) -> tuple[int, int, list[str]] | None:
    """Where a page's article header stands among its ``shown_lines``: the line its headline
    opens on, the line of the article's first paragraph (``body``: the extracted paragraphs)
    and the starts (keyed) of its first two paragraphs; None when the page shows no headline
    above its first paragraph."""
    title = line_key(headline or "")
    if not title:
        return None
    # The article's first paragraphs (not its headline, which the text may begin with).
    starts = list(
        itertools.islice(
            (
                key[:KEY_CHARS]
                for line in body
                if len(line.split()) >= PARAGRAPH_WORDS
                and not _is_headline(key := line_key(line), title)
            ),
            2,
        )
    )
    if not starts:
        return None
    # Lines keyed only up to the first paragraph: every page's header is read, and the rest
    # of a long page's lines would be keyed for nothing.
    # A first paragraph may open with the headline's words: the headline is not its line.
    first = next(
        (
            n
            for n, line in enumerate(lines)
            if starts[0] in (key := line_key(line)) and not _is_headline(key, title)
        ),
        None,
    )
    if first is None:
        return None
    found_headline = _headline_above(lines, first, title)
    if found_headline is None:
        return None
    return found_headline[0], first, starts


def header_date(
    lines: Sequence[str],
    headline: str | None,
    body: Sequence[str],
    *,
    revisions: bool = True,
    markup: str | None = None,
) -> str | None:
    """The day (YYYY-MM-DD) a dateline states between a page's headline and the first
    paragraph of its article (``body``: the extracted paragraphs), among the page's
    ``shown_lines``; None when the page has no such header or it states no day, or, without
    ``revisions``, when the only day it states is a revision's ("Updated …"). A dateline may
    stand just above the headline, or alone under a standfirst (the first paragraph, when the
    article's text begins with it). ``markup``: the day the page's markup states; the header
    stating it too (beside an update's day, a registration's, a book's) confirms it."""
    found_header = article_header(lines, headline, body)
    if found_header is None:
        return None
    top, first, starts = found_header
    above = max(0, top - _ABOVE_HEADLINE)
    # Above the headline only a date alone ("Samstag, 9. September 2017") or a byline's: a
    # line with a date there is as often a link to another story ("Tram works - May 2, 2005").
    header = [
        line if n >= top or _opens_with_date(line) or _BYLINE.search(line) else ""
        for n, line in enumerate(lines[above:first], start=above)
    ]
    # A page may open the first paragraph with the day and a dash, in an element of its own
    # that the extractor leaves out of the article's text ("16 January 2008 – The Security
    # Council today …"): that day is the header's last line.
    opening = _DAY_AND_DASH.match(lines[first])
    if opening and _opens_with_date(opening[1]) and full_dates(opening[1])[0][0] == 0:
        header.append(opening[1])
    if markup is not None and any(
        markup in (day for _, day in full_dates(line)) and not revision_stamp(line)
        for line in header
    ):
        return markup
    found = find_date(header, top - above, len(header))
    if found is None or found.source != "dateline":
        # A date alone under the standfirst, before the next paragraph.
        end = first + 1 + _UNDER_STANDFIRST
        if len(starts) > 1:
            end = next((n for n in range(first + 1, end) if starts[1] in line_key(lines[n])), end)
        under = [line for line in lines[first + 1 : end] if is_date_alone(line)]
        found = find_date(under, None, len(under)) if under else None
        header = under
    if found is None or found.source != "dateline":
        return None
    return None if not revisions and revision_stamp(header[found.line]) else found.date
