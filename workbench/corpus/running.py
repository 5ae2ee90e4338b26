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
