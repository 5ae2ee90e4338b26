"""A page's date from its markup, read the way the page's own text writes it.

A ``<meta>`` value such as "07/06/00" can be 7 June or July 6; the date extractor reads it day
first. When the page's text states the other reading ("Thursday, July 6, 2000") before the one
taken (if it states that at all: a list of other stories may), the page's text decides.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.corpus.dates import full_dates

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# A numeric date whose first two numbers could each be the month: "07/06/00", "05.07.2013".
_AMBIGUOUS = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
_PAGE_TEXT = "//body//text()[not(ancestor::script) and not(ancestor::style)]"


def _readings(value: str) -> tuple[str, str] | None:
    """The two readings (day first, month first) of an ambiguous numeric date, as YYYY-MM-DD."""
    match = _AMBIGUOUS.match(value)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    if first == second or first > 12 or second > 12 or first == 0 or second == 0:
        return None
    year += 2000 if year < 50 else 1900 if year < 100 else 0
    return f"{year}-{second:02d}-{first:02d}", f"{year}-{first:02d}-{second:02d}"


def stated_reading(tree: HtmlElement, date: str | None) -> str | None:
    """``date`` (the extractor's), or the other reading of the ambiguous ``<meta>`` date it was
    read from when the page's text states that one before it states ``date``."""
    if not date:
        return date
    others = set()
    for value in tree.xpath("//meta/@content"):
        readings = _readings(value)
        if readings and date in readings:
            others.add(readings[1] if readings[0] == date else readings[0])
    if len(others) != 1:
        return date
    other = others.pop()
    for _, stated in full_dates(" ".join(tree.xpath(_PAGE_TEXT))):
        if stated in (date, other):
            return stated  # the first the page states: a list of other stories comes after
    return date
