"""Running headers and footers: the lines a document repeats at the top or foot of its pages.

A PDF (a brief, or an article a browser printed: "5/17/19, 3:45 PM  Can Putin, Trump reboot
ties? - Al-Monitor" above each page, its address and "1/4" below) and text converted from one
put a form feed between pages. A line that stands among the first or last lines of most pages
(or of three, a chapter's running title in a long document), its numbers aside, is the
document's furniture, not its text: cleaning removes it from every page where it stands so,
with its rule.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple

from workbench.corpus.address import host_label, host_of

PAGE_BREAK = "\f"
EDGE_LINES = 2  # the first and the last lines of a page that may be running ones
RUNNING_SHARE = 0.5  # ... when they stand so on at least this share of the pages (two or more)
RUNNING_PAGES = 3  # ... or on this many (a chapter's running title in a long document)
MAX_WORDS = 25  # a running line is short (a paragraph repeated is quoted text, not furniture)
SENTENCE_WORDS = 8  # ... and no sentence of this many words (it would end with a full stop)
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def running_lines(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """The numbers of the lines (``lines``: spans of ``text``) that run at the top or the foot
    of the document's pages, in order; none for a text of one page."""
    if PAGE_BREAK not in text:
        return []
    pages: list[list[int]] = [[]]
    for number, (start, end) in enumerate(lines):
        if not text[start:end].isspace() and end > start:
            pages[-1].append(number)
        if text.startswith(PAGE_BREAK, end):
            pages.append([])
    pages = [page for page in pages if page]
    if len(pages) < 2:
        return []
    keys = {}
    edges = []
    for page in pages:
        edge = sorted(set(page[:EDGE_LINES] + page[-EDGE_LINES:]))
        for number in edge:
            line = text[slice(*lines[number])]
            words = line.split()
            sentence = len(words) >= SENTENCE_WORDS and _SENTENCE_END.search(line.rstrip())
            keys[number] = (
                None
                if len(words) > MAX_WORDS or sentence
                else _NUMBER.sub("#", " ".join(words).casefold())
            )
        edges.append(edge)
    pages_with = Counter(key for edge in edges for key in {keys[n] for n in edge} if key)
    needed = max(2, min(RUNNING_PAGES, math.ceil(RUNNING_SHARE * len(pages))))
    return [n for edge in edges for n in edge if keys[n] and pages_with[keys[n]] >= needed]


class PrintedPage(NamedTuple):
    """What a browser prints around each page of an article: its address and its site."""

    url: str | None
    outlet: str | None


_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", re.IGNORECASE)
# A printed title's site after its last separator: "Can Putin, Trump reboot ties? - Al-Monitor".
_SEPARATOR = re.compile(r"\s[-–—|·]\s")


def printed_page(text: str, lines: list[tuple[int, int]], running: list[int]) -> PrintedPage:
    """The address a document's running lines give (the first one) and its site: the name a
    running title ends with when it is the address's host ("… - Al-Monitor" for
    al-monitor.com), else the host itself."""
    url = outlet = None
    shown = [text[slice(*lines[number])].strip() for number in dict.fromkeys(running)]
    for line in shown:
        found = _ADDRESS.search(line)
        if found:
            url = found[0].rstrip(".,;)")
            break
    if url is None:
        return PrintedPage(None, None)
    host = host_of(url) or url
    label = _letters(host_label(host))
    for line in shown:
        parts = _SEPARATOR.split(line)
        site = parts[-1].strip() if len(parts) > 1 else ""
        if site and label and _letters(site) == label:
            outlet = site
            break
    return PrintedPage(url, outlet or host)


# The day and time a browser prints at the top of a page, before or after the title:
# "5/17/19, 3:45 PM", "17/05/2019, 15:45", "2019-05-17 15:45".
_PRINTED_AT = r"(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d\d-\d\d),?\s+\d{1,2}:\d\d(\s*[AP]M)?"
_PRINT_HEADER = re.compile(rf"^{_PRINTED_AT}\s+\S.{{0,200}}|^.{{1,200}}\S\s+{_PRINTED_AT}$", re.I)


def print_header(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """The line a browser prints above a page (the day and time it printed, and the page's
    title), when the text's first line is one: its number, else none."""
    for number, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        if line:
            return [number] if _PRINT_HEADER.match(line) else []
    return []


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())
