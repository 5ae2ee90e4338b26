"""A page's date from its markup, read the way the page's own text writes it.

A ``<meta>`` value such as "07/06/00" can be 7 June or July 6, and so can a stamp in the page's
text ("Article Launched: 01/09/2008 09:37:25 PM PST"); the date extractor reads both day first.
When the page's text states the other reading ("Thursday, July 6, 2000"; the stamp itself, month
first before an American time zone, as ``dates.full_dates`` reads it) before the one taken (if
it states that at all: a list of other stories may), the page's text decides.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from workbench.corpus.dates import full_dates

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# A numeric date whose first two numbers could each be the month: "07/06/00", "05.07.2013".
_AMBIGUOUS = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
# ... and one written in a text, not within a longer run of numbers.
_AMBIGUOUS_IN_TEXT = re.compile(r"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/.-]?\d)")
# A time on a twelve-hour clock after a stamp ("01/09/2008 09:37:25 PM", "1/10/2008 (6:00 pm)"):
# the way American pages stamp their stories, month first.
_TWELVE_HOUR = re.compile(r"\s*(?:[-|,@(]\s*|at\s+)?\d{1,2}:\d\d(?::\d\d)?\s*[ap]\.?m\b", re.I)
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


def stated_reading(tree: HtmlElement, date: str | None, url: str | None = None) -> str | None:
    """``date`` (the extractor's), or the other reading of the ambiguous numeric date it was
    read from (a ``<meta>`` value or a stamp in the page's text) when the page's text states
    that one before it states ``date``, or the page's address (``url``: "…/2012/11/…") its
    month, or the page's other stamps their order ("12/16/07": month first)."""
    if not date:
        return date
    month, day = date[5:7], date[8:10]
    if not (month.isdigit() and day.isdigit()) or month == day or int(day) > 12:
        return date  # no numeric date reads as this one and as another
    text = " ".join(tree.xpath(_PAGE_TEXT))
    stamps = list(_AMBIGUOUS_IN_TEXT.finditer(text))
    others = set()
    day_first = set()  # whether ``date`` is the day-first reading of the values it is read from
    for value in (*tree.xpath("//meta/@content"), *(stamp.group(0) for stamp in stamps)):
        readings = _readings(value)
        if readings and date in readings:
            others.add(readings[1] if readings[0] == date else readings[0])
            day_first.add(readings[0] == date)
    if len(others) != 1:
        return date
    other = others.pop()
    for _, stated in full_dates(text):
        if stated in (date, other):
            return stated  # the first the page states: a list of other stories comes after
    if date in _time_days(tree):
        return date
    address = _ADDRESS_MONTH.search(url or "")
    if address is not None:
        named = [one for one in (date, other) if one[:7] == f"{address[1]}-{address[2]}"]
        if len(named) == 1:
            return named[0]
    order = _stamps_order(stamps)
    if order is not None and len(day_first) == 1:
        return date if day_first.pop() == (order == "day") else other
    if not _may_be_american(tree):
        return date
    for stamp in stamps:
        readings = _readings(stamp.group(0))
        if readings == (date, other) and _TWELVE_HOUR.match(text, stamp.end()):
            return other  # read day first, stamped the American way
    return date


# The year and month of a page's address ("…/2012/11/election-live-blog.html").
_ADDRESS_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def _stamps_order(stamps: list[re.Match[str]]) -> str | None:
    """Which ("day" or "month") the page's numeric stamps write first, where those that read
    one way only ("16.12.2007", "12/16/07") all agree; None when none or they disagree."""
    orders = set()
    for stamp in stamps:
        first, second = (int(part) for part in re.split(r"[/.-]", stamp.group(0))[:2])
        if first > 12 >= second >= 1:
            orders.add("day")
        elif second > 12 >= first >= 1 and second <= 31:
            orders.add("month")
    return orders.pop() if len(orders) == 1 else None


# The language a page declares: its <html> tag's, else its <meta> tags'.
_LANGUAGE = (
    "(/html/@lang|/html/@xml:lang|//meta[@http-equiv='content-language']/@content"
    "|//meta[@property='og:locale']/@content)[1]"
)


def _may_be_american(tree: HtmlElement) -> bool:
    """Whether a page may write its dates month first: it declares no language, or English
    without another country's (a twelve-hour clock is as common in Latin America and India,
    which write the day first)."""
    declared = tree.xpath(_LANGUAGE)
    if not declared:
        return True
    language = str(declared[0]).strip().lower().replace("_", "-")
    return language in ("", "en", "en-us")


def _time_days(tree: HtmlElement) -> set[str]:
    """The days the page's ``<time datetime>`` elements state in ISO 8601."""
    return {value.strip()[:10] for value in tree.xpath("//time/@datetime")}


# What a page's markup declares its publication ("datePublished", "article:published_time")
# and its last change ("dateModified", "article:modified_time", "og:updated_time") to be: in
# <meta> tags (name, property or itemprop), in elements marked with itemprop, in JSON-LD.
_PUBLISHED_NAMES = frozenset(
    ["article:published_time", "og:article:published_time", "datepublished", "parsely-pub-date",
     "pub_date", "publish-date", "publishdate", "dc.date.issued", "dcterms.issued"]
)  # fmt: skip
_MODIFIED_NAMES = frozenset(
    ["article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
     "last-modified", "dc.date.modified", "dcterms.modified", "dc:date.modified"]
)  # fmt: skip
# One pass over the page: its <meta> tags, the elements marked with itemprop (a <time>'s
# datetime, a tag's content, else its text), its JSON-LD.
_DECLARING = etree.XPath(
    "//meta[@content]|//*[@itemprop][@datetime or @content or @itemprop='datePublished'"
    " or @itemprop='dateModified']|//script[@type='application/ld+json']"
)
_PARSELY_DATE = re.compile(r'"pub_date"\s*:\s*"([^"]{10,40})"')
_LD_DATE = re.compile(r'"(datePublished|dateModified)"\s*:\s*"([^"]{10,40})"')
# A day as ISO 8601 writes it, with the hour and the zone of a time after it, if any.
_ISO_DAY = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})(?![\d])(?:[T ](\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]00:?00)?)?"
)
# A time in UTC this late or this early may fall on the next or the day before where the page
# was published (23:11 UTC is the next morning in Berlin, 02:25 UTC the evening before in New
# York): either day may be the page's own.
_UTC_LATE, _UTC_EARLY = 20, 6


class Declared(NamedTuple):
    """The days a page's markup declares as its publication's and as its last change's."""

    published: frozenset[str]
    modified: frozenset[str]


def _days(value: str) -> list[str]:
    """The day an ISO 8601 date or time states (YYYY-MM-DD): and the next or the one before
    when it is a time in UTC near midnight (``_UTC_LATE``, ``_UTC_EARLY``)."""
    match = _ISO_DAY.match(value)
    if match is None:
        return []
    day = match[1]
    if match[3] is None or match[2] is None:
        return [day]
    hour = int(match[2])
    shift = 1 if hour >= _UTC_LATE else -1 if hour < _UTC_EARLY else 0
    if not shift:
        return [day]
    try:
        other = dt.date.fromisoformat(day) + dt.timedelta(days=shift)
    except (ValueError, OverflowError):  # no such day, or the calendar's first or last
        return [day]
    return [day, other.isoformat()]


def declared_days(tree: HtmlElement) -> Declared:
    """The days (YYYY-MM-DD, as the markup writes them) a page's markup declares as published
    and as modified."""
    published: set[str] = set()
    modified: set[str] = set()
    for element in _DECLARING(tree):
        if element.tag == "script":
            for key, value in _LD_DATE.findall(element.text or ""):
                (published if key == "datePublished" else modified).update(_days(value))
            continue
        name = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        if name == "parsely-page":  # an analytics tag's JSON: {"pub_date": "2014-12-02T…", …}
            for value in _PARSELY_DATE.findall(element.get("content") or ""):
                published.update(_days(value))
            continue
        kind = (
            published if name in _PUBLISHED_NAMES else modified if name in _MODIFIED_NAMES else None
        )
        if kind is not None:
            value = element.get("datetime") or element.get("content")
            kind.update(_days(element.text_content() if value is None else value))
    return Declared(frozenset(published), frozenset(modified))


def declared_reading(
    date: str | None, declared: Declared, url_day: str | None = None
) -> str | None:
    """``date`` (the extractor's), or the one day the markup declares as the publication's
    when ``date`` is only a day it declares as the last change's, or the day of the page's
    address (``url_day``: a story's address keeps the day it was first filed under), or a
    day found elsewhere in a page (a list of other stories) whose markup declares no change
    and whose address no day."""
    if date is None or date in declared.published or len(declared.published) != 1:
        return date
    if date in declared.modified or date == url_day or not (declared.modified or url_day):
        return next(iter(declared.published))
    return date
