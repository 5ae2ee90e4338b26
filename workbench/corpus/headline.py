"""The headline of a text saved from a web page, found among the lines above its body.

A page saved as text opens with what surrounded the article: skip links, menus, section labels
("Politics & Government"), breadcrumbs, promotions, bylines, datelines and share lines. The
headline is the headline-like line nearest above the body, passing over a standfirst, byline,
dateline or caption between them. Lines that cleaning removed never count.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from workbench.corpus.dates import full_dates, is_dateline

BODY_MIN_WORDS = 25  # a paragraph of the body is at least this long
_LOOK_BACK = 14  # headline-like lines further above the body than this are not searched
_BYLINE_REACH = 4  # a byline or dateline this many lines below a headline-like line marks it
_CLUSTER = 2  # marked lines this close above the last one belong to one article header
_DATELINE_START = re.compile(r"^(published|updated|posted|last updated)\b", re.I)
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.I)
_NOT_A_HEADLINE = re.compile(
    r"^(by|posted|published|updated|written|share|follow|related|advertisement|sponsored|"
    r"subscribe|sign (in|up|out)|log ?(in|out)|skip|welcome to|back to)\b"
    r"|^(home|menu|search)\s*([|›»>/:-]|$)"
    r"|\((?:[^()]*\b(photo|credit|courtesy|file|illustration)\b[^()]*|[\w.-]+\.(com|org|net))\)$"
    r"|^(photos?|images?|video|watch|listen)\s*:"
    r"|\b(min read|minutes? read|comments?|cookies?|newsletters?|javascript|all rights reserved)\b"
    r"|\b(filed (to|under)|credit\W|copied|new window|share panel|getty|shutterstock|ap photo)"
    r"|\bimages?$|\b(copy (the |this )?link|sharing options|sign ?out|edit profile|click to|"
    r"affiliate|disclosure|terms of (use|service)|privacy policy|latest news|read more|"
    r"advertise|»)"
    r"|^[-–—|•·]|[|›»>/]\s*\S+\s*[|›»>/]|@|https?://|www\.",
    re.I,
)
_BYLINE = re.compile(
    r"^(by\b|by:|written by\b)|^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}\s*[-–—,|]\s*.{0,40}\b"
    r"(contributor|writer|reporter|editor|correspondent|staff|columnist|author)\b",
    re.I,
)
_QUOTED = re.compile(r"'[^']*'|‘[^’]*’|\"[^\"]*\"|“[^”]*”")
_NAME = r"[A-Z][a-z'-]+( [A-Z]\.)?( [A-Z][a-z'-]+){1,2}"
_TWO_NAMES = re.compile(rf"^{_NAME},? (and|&) {_NAME}$")
_SENTENCE_BREAK = re.compile(r"\w[a-z]{2,}[.!?] [A-Z]")
_CLAUSE_END = re.compile(r"[.,;:)]\s*$")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\s*(a\.?m\.?|p\.?m\.?)?\b", re.I)
_RELATIVE = re.compile(r"\b\d+\s+(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b")


def _has_symbol_pictograph(line: str) -> bool:
    return any(unicodedata.category(char) == "So" for char in line)


def is_headline_like(line: str) -> bool:
    """True when a line could be a headline: 3 to 30 words of text, no date, byline or menu."""
    words = [word for word in line.split() if any(char.isalnum() for char in word)]
    if not 3 <= len(words) <= 30:  # "Business & Finance" is a section label, not a headline
        return False
    letters = sum(char.isalpha() for char in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False
    if _NOT_A_HEADLINE.search(line) or _TIME.search(line) or _RELATIVE.search(line):
        return False
    if full_dates(line) or _has_symbol_pictograph(line):
        return False
    # A headline opens with a capital, a digit or a quotation mark.
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'‘“«["


def _is_body(line: str) -> bool:
    return len(line.split()) >= BODY_MIN_WORDS and line.rstrip()[-1:] in ".!?\"'”’)…:"


def body_start(lines: Sequence[str]) -> int | None:
    """The first line of the body: a long paragraph with another one close below it."""
    long_lines = [n for n, line in enumerate(lines) if line and _is_body(line)]
    for position, number in enumerate(long_lines):
        following = long_lines[position + 1 : position + 2]
        gap = [n for n in range(number + 1, following[0]) if lines[n]] if following else None
        if gap is not None and len(gap) <= 4:
            return number
    return long_lines[0] if long_lines else None


def _is_byline(line: str) -> bool:
    """A byline: "By Jane Doe", a lone "By", "Jane Doe - Staff Writer", "JANE DOE, OUTLET",
    "Jane Doe and John J. Roe"."""
    return bool(_BYLINE.match(line) or _TWO_NAMES.match(line)) or (
        len(line.split()) <= 8 and line.isupper() and "," in line
    )


def _has_sentence_break(line: str) -> bool:
    """Whether a line holds two sentences (quotations aside): a standfirst, not a headline."""
    return bool(_SENTENCE_BREAK.search(_QUOTED.sub("", line)))


def find_headline(
    lines: Sequence[str], raw: Sequence[str] | None = None, bylines: frozenset[int] = frozenset()
) -> int | None:
    """The index of the headline among ``lines`` (removed lines given as ""), or None.

    ``raw`` are the same lines before cleaning (default: ``lines``): a headline is usually
    followed within a few lines by the byline or the dateline, which cleaning removes;
    ``bylines`` are the lines cleaning removed as bylines or datelines. Among
    the headline-like lines above the body, the one so followed wins, then one that does not
    end as a sentence does, then the nearest; a line in capitals (a section label or a byline)
    only when nothing else is there. A short text without a body has none: its first line is
    its title.
    """
    raw = lines if raw is None else raw
    start = body_start(lines)
    if start is None:
        return None
    above = [n for n in range(start - 1, -1, -1) if lines[n]][:_LOOK_BACK]
    candidates = [n for n in above if is_headline_like(lines[n]) and not _is_byline(lines[n])]
    if not candidates:
        return None
    # Headline-like lines with a byline or dateline close below: the headline is the first of
    # them (a standfirst, an outlet or a caption may stand between it and the byline).
    header = [n for n in range(start) if lines[n] or _is_marker(raw[n], n in bylines)]
    position = {n: i for i, n in enumerate(header)}
    marked = [
        n
        for n in candidates
        if any(
            not lines[m] or _is_marker(raw[m], m in bylines)
            for m in header[position[n] + 1 : position[n] + 1 + _BYLINE_REACH]
            if _is_marker(raw[m], m in bylines)
        )
    ]
    if marked:
        # The nearest marked line and the candidates just above it, up to another date (which
        # belongs to something else: a promoted story with its own date).
        nearest = max(marked)
        cluster = [nearest]
        for index in range(position[nearest] - 1, max(-1, position[nearest] - 1 - _CLUSTER), -1):
            line = header[index]
            if _is_date_marker(raw[line]):
                break
            if line in candidates:
                cluster.append(line)
        plain = [n for n in cluster if not raw[n].isupper()] or cluster
        # Of a headline, a standfirst, an outlet's name and a menu item, the headline is the
        # longest line that is not sentences (a standfirst's or a caption's).
        titles = [n for n in plain if not _CLAUSE_END.search(lines[n])]
        titles = [n for n in titles if not _has_sentence_break(lines[n])] or titles or plain
        # A page often repeats its headline (a breadcrumb, a gallery, a share text); a
        # standfirst or a caption is said once.
        counts = Counter(line.casefold() for line in lines if line)
        repeated = [n for n in titles if counts[lines[n].casefold()] > 1]
        return max(repeated or titles, key=lambda n: (len(lines[n].split()), -n))
    plain = [n for n in candidates if not lines[n].isupper()] or candidates
    return next((n for n in plain if not _CLAUSE_END.search(lines[n])), plain[0])


def _is_marker(line: str, removed_as_byline: bool = False) -> bool:
    """A byline or a date: what follows a headline."""
    return bool(line) and (removed_as_byline or _is_byline(line) or _is_date_marker(line))


def _is_date_marker(line: str) -> bool:
    """A dateline, or a short line with a time or a weekday ("Monday 6:30PM", "2 hours ago",
    "Updated Nov 19, 9:41 AM")."""
    if is_dateline(line):
        return True
    return len(line.split()) <= 12 and bool(
        _TIME.search(line)
        or _RELATIVE.search(line)
        or _WEEKDAY.match(line)
        or _DATELINE_START.match(line)
    )
