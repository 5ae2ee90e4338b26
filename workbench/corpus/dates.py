"""Publication dates found in an article's text: datelines first, then a date the text states.

A dateline is a line of the article's header that carries its date: "Sept. 13, 2013",
"13 September 2013", "2013-09-13", "Updated 4:05 PM ET, Tue June 19, 2012", "By Jane Doe -
The Washington Times - Saturday, March 7, 2009", or the place-and-agency opening of the first
paragraph ("MOSCOW, May 7 (Reuters) -", whose year the text must state elsewhere). Failing one,
a full date that the text mentions (a caption's "…a news conference June 24, 2010 at the East
Room…") is taken with lower confidence. Relative expressions ("yesterday", "3 hours ago") are
never turned into dates, and a text that states no date has none. A numeric date that reads
either way ("04/11/2017") is not guessed, unless an American time zone follows it ("04/11/2017
05:01 AM EDT": month first). A paragraph wrapped at a fixed width (a browser saving a page as
text wraps its lines) is read whole: its middle lines are no datelines.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from workbench.corpus.list_heading import is_list_heading
from workbench.corpus.listing import article_name

_MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
# Month names of other languages, as a date writes them after its day ("17. März 2014",
# "17 mars 2014", "17 de marzo de 2014", "17 марта 2014 года", "11 maja 2021"): German (and
# its abbreviations English lacks: "6. Dez. 2022"), French, Spanish, Italian, Portuguese,
# Dutch, Russian, Ukrainian, Polish and Czech (the genitive a date takes).
_FOREIGN_MONTH_NAMES = (
    "januar janvier enero gennaio janeiro januari января січня stycznia ledna",
    "februar février fevrier febrero febbraio fevereiro februari февраля лютого lutego února",
    "märz maerz mär mrz mars marzo março maart марта березня marca března",
    "april avril abril aprile апреля квітня kwietnia dubna",
    "mai mayo maggio maio mei мая травня maja května",
    "juni juin junio giugno junho июня червня czerwca června",
    "juli juillet julio luglio julho июля липня lipca července",
    "august août aout agosto augustus августа серпня sierpnia srpna",
    "september septembre septiembre setiembre settembre setembro сентября вересня września září",
    "oktober okt octobre octubre ottobre outubro октября жовтня października října",
    "november novembre noviembre novembro ноября листопада listopada listopadu",
    "dezember dez décembre decembre diciembre dicembre dezembro december декабря грудня grudnia"
    " prosince",
)
FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate(_FOREIGN_MONTH_NAMES, start=1)
    for name in names.split()
    if name not in MONTHS
}
_FOREIGN_MONTH = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_WORDS = "|".join(names[0].capitalize() for names in _MONTH_NAMES)
# ... and their abbreviations, longest first ("Sept" before "Sep")
_MONTH_ABBREVIATIONS = "|".join(
    sorted(
        (name.capitalize() for names in _MONTH_NAMES for name in names[1:]), key=len, reverse=True
    )
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# A year, also glued to the time that follows it ("Nov 20 20194:29 AM") or to a capital's
# word (a page's published and updated days written as one: "15. April 2016Samstag, 4. März
# 2017").
_YEAR = r"((?:19|20)\d\d)(?=\b|\d{1,2}:\d\d|(?-i:[A-ZÄÖÜ]))"
# Each pattern: a regex and the order of (year, month, day) among its groups.
_FULL_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Sept. 13, 2013", "September 13th 2013", "Tue June 19, 2012", "Nov. 6,2012"
    (re.compile(rf"\b({_MONTH})\.?\s+{_DAY}(?:,\s*|\s+){_YEAR}", re.I), "mdy"),
    # A month glued to the byline before it ("Jane DoeNovember 6, 2023")
    (
        re.compile(
            rf"(?<=[a-z])((?-i:{_MONTH_WORDS}|{_MONTH_ABBREVIATIONS}))\.?\s+{_DAY},?\s+{_YEAR}",
            re.I,
        ),
        "mdy",
    ),
    # "13 September 2013", "13 Sept. 2013", "13th of September, 2013"; a German date whose
    # month is spelled as in English ("26. September 2019", "1. April 2020")
    (re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?({_MONTH})\.?,?\s+{_YEAR}", re.I), "dmy"),
    # "17. März 2014", "1er mars 2014", "17 de marzo de 2014", "17 марта 2014 года"
    (
        re.compile(
            rf"(?:\b|(?<=[^\W\d_]))(\d{{1,2}})(?:\.|er|º)?\s+(?:de\s+)?({_FOREIGN_MONTH})\.?,?\s+"
            rf"(?:de\s+)?{_YEAR}",
            re.I,
        ),
        "dmy-foreign",
    ),
    # "Abril 21, 2022", "März 7, 2018": another language's month written first
    (re.compile(rf"\b({_FOREIGN_MONTH})\.?\s+{_DAY},?\s+{_YEAR}", re.I), "mdy-foreign"),
    # "2013-09-13", "2013/09/13", "2013.09.13" (also inside "2013-09-13T10:00Z")
    (re.compile(r"(?<![\d/.-])((?:19|20)\d\d)([-/.])(\d\d)\2(\d\d)(?![\d/.-]|-\d)"), "ymd"),
    # "13.09.2013" (European order, unless only the other is a date: "11.14.2019"; not
    # "28.09.1915:08", a two-digit year glued to a time)
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.]\d|:\d)"), "dmy-num"),
    # "09/13/2013" or "13/09/2013": only when the order is unambiguous; so with dashes
    # ("07-30-2008", "30-07-2008"), the year written in full
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)(?![\d/])"), "slash"),
    (re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-((?:19|20)\d\d)(?![\d-])"), "dash"),
    # Chinese and Japanese "2013年9月13日", Korean "2013년 9월 13일"
    (
        re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"),
        "ymd-cjk",
    ),
)
_TWO_DIGITS = re.compile(r"\d\d")
_FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
# The shape of a date written with a month's name, tested before its pattern (an alternation of
# the names tried at every word): a day and a year in some order around a word. Most texts have
# none, and the names are then never tried. A month written first leaves a space, its day and a
# year (searched from the space: a search that stops at every letter takes as long as the names).
_DAY_AND_YEAR = re.compile(r"\s\d{1,2}(?:st|nd|rd|th)?(?:,\s*|\s+)(?:19|20)\d\d", re.I)
_SHAPES = {
    "mdy": _DAY_AND_YEAR,
    "mdy-foreign": _DAY_AND_YEAR,
    "dmy": re.compile(r"\d(?:st|nd|rd|th)?\.?\s+(?:of\s+)?[^\W\d_]+\.?,?\s+(?:19|20)\d\d", re.I),
    "dmy-foreign": re.compile(
        r"\d(?:\.|er|º)?\s+(?:de\s+)?[^\W\d_]+\.?,?\s+(?:de\s+)?(?:19|20)\d\d"
    ),
}
# A time in an American time zone after a numeric date: the date is written month first.
_US_TIME = re.compile(
    r"\s*(?:[-|,@]\s*|at\s+)?\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?\s*)?(?:E|C|M|P)[SD]?T\b",
    re.I,
)
# "MOSCOW, May 7 (Reuters) -", "WASHINGTON, Sept. 13 -": a place in capitals, a month and day.
_AGENCY_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'-]{{1,40}}(?:,\s*[A-Za-z .'-]{{2,30}})?,\s+({_MONTH})\.?\s+{_DAY}\b"
    rf"\s*(?:\(([A-Za-z .&-]{{2,30}})\))?\s*[-–—]",
    re.I,
)
# TASS writes its place and day, a full stop and its name between slashes: "MOSCOW, May 7.
# /TASS/.", "МОСКВА, 17 марта. /ТАСС/." (no year either).
_SLASH_AGENCY_DATELINE = re.compile(
    rf"^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{{1,40}},\s+(?:({_MONTH})\.?\s+{_DAY}|(\d{{1,2}})\s+"
    rf"({_FOREIGN_MONTH}))\.\s*/(?:TASS|ТАСС)/",
    re.I,
)
_ABOVE = 3  # a dateline may stand this many lines above the headline; further up: the masthead
_INTO_BODY = 8  # ... and below it, this many lines with text past where the body starts
_YEAR_ALONE = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-]|s\b)")  # no decade ("1990s")
# A year the text looks back to ("back in 2010", "since 2010", "in 2010 when"): a past one,
# which a dateline's day does not take (the story's own year is another).
_PAST_YEAR = re.compile(
    r"\b(?:(?:way )?back in|since|as (?:early|far back|long ago) as|dating (?:back )?(?:to|from))"
    r"(?: (?:the )?(?:early|late|mid-?)?)? ?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d,? when\b",
    re.I,
)
# A place in capitals and a wire's name between dashes, before a press release's date.
_PLACE_AND_WIRE = re.compile(
    r"[A-Z][A-Z .,'’-]{1,40}[-–—]{1,2} ?\([A-Z][\w .&-]{1,30}\) ?[-–—]{1,2} ?"
)
_DATELINE_WORDS = re.compile(
    r"^\W*(published|updated|posted|last updated|modified|first published|date|dated|by\b|"
    r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)",
    re.I,
)
# A line dating the article's last revision ("Updated March 28, 2022", "Aktualisiert am
# 19.02.2020", "Article mis à jour le 7 janvier 2020"): the publication date stated near it wins.
_UPDATED = re.compile(
    r"\W*((last|zuletzt) )?(updated|update|modified|aktualisiert|geändert|actualizado"
    r"|actualización|(article )?mis à jour|mise à jour|aggiornato)\b",
    re.I,
)
# A line labelled as the article's first publication ("Publiziert: 03.04.2020, 12:35",
# "Published: Nov. 19, 2019"): a page that states its update under the headline may state
# this below the article, at its foot.
_PUBLISHED_LABEL = re.compile(
    r"\W*(first published|published|publiziert|veröffentlicht|erstellt|publié|publicado"
    r"|pubblicato|gepubliceerd)\b",
    re.I,
)
_LABEL_WORDS = 12  # a labelled line this short is the label and its date, no sentence


def revision_stamp(line: str) -> bool:
    """Does the line date the article's last revision ("Updated 1:44 PM ET, Sun January 18,
    2015") rather than its publication."""
    return _UPDATED.match(line) is not None


_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d\d\s*([ap]\.?m\b|[ap]\.m\.)", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
# Lines whose dates are not the article's: copyright lines, file photos, embedded posts (a
# handle's "@", not a time's: "Nov 18, 2019 @17:19 PM").
_OTHER_DATE = re.compile(
    r"©|\(c\)|copyright|all rights reserved|\bfile\b|@(?!\d{1,2}:\d\d)\w", re.I
)


# The foot of an embedded Facebook post ("Posted by Jane Doe on Monday, February 7, 2022"): in
# an article's body, the post's day, not the article's.
_EMBEDDED_POST = re.compile(
    r"\W*posted by\b.{1,80}?\bon\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*,", re.I
)


# Lines whose date is labelled as another than the text's: a deadline, an event's, a release's.
_NOT_PUBLISHED = re.compile(
    r"\W*(deadline|closing date|expires?|valid (until|through)|until|bis|event( date)?"
    r"|release( date)?|released|on sale|in cinemas|einsendeschluss|anmeldeschluss|frist"
    r"|gültig bis|termin|veranstaltung(sdatum)?|antworten bis|date limite"
    r"|fecha límite|plazo)\b",
    re.IGNORECASE,
)


# Lines wrapped at a fixed width (a browser saving a page as text wraps at 72 or 80 columns):
# all but a paragraph's last line at least this long, the width at most this, at most this
# many lines to a paragraph.
_WRAP_MIN, _WRAP_MAX, _WRAP_LINES = 45, 100, 25


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text: ``YYYY-MM-DD``, how (dateline or text-mention), on which line."""

    date: str
    source: str  # "dateline" | "text-mention"
    line: int


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def full_dates(text: str) -> list[tuple[int, str]]:
    """Every full calendar date written in ``text``: (offset, ``YYYY-MM-DD``), in text order."""
    found: list[tuple[int, str]] = []
    if not _TWO_DIGITS.search(text):  # every full date has a year of two digits or more
        return found
    # Only "11/18/19" writes its year in two digits: without a year of four, the month names'
    # patterns (long alternations tried at every word) have nothing to find.
    four_digit_year = _FOUR_DIGIT_YEAR.search(text) is not None
    shaped: dict[re.Pattern[str], bool] = {}  # a shape searched once, whichever orders share it
    for pattern, order in _FULL_DATES:
        if order != "slash" and not four_digit_year:
            continue
        shape = _SHAPES.get(order)
        if shape is not None:
            if shape not in shaped:
                shaped[shape] = shape.search(text) is not None
            if not shaped[shape]:
                continue
        for match in pattern.finditer(text):
            groups = match.groups()
            if order == "mdy":
                year, month, day = int(groups[2]), MONTHS[groups[0].lower()], int(groups[1])
            elif order == "dmy":
                year, month, day = int(groups[2]), MONTHS[groups[1].lower()], int(groups[0])
            elif order == "dmy-foreign":
                year = int(groups[2])
                month, day = FOREIGN_MONTHS[groups[1].lower()], int(groups[0])
            elif order == "mdy-foreign":
                year = int(groups[2])
                month, day = FOREIGN_MONTHS[groups[0].lower()], int(groups[1])
            elif order == "ymd":
                year, month, day = int(groups[0]), int(groups[2]), int(groups[3])
            elif order == "ymd-cjk":
                year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
            elif order == "dmy-num":
                year, month, day = int(groups[2]), int(groups[1]), int(groups[0])
                named = _named_weekday(text, match.start())
                reading = None if named is None else _reading_of_weekday(year, day, month, named)
                if reading is not None:  # "Thursday, 09.10.2015": the reading that day falls on
                    month, day = reading
                elif month > 12 >= day:  # "11.14.2019": month first, as some sites write it
                    month, day = day, month
            else:
                first, second, year = int(groups[0]), int(groups[1]), int(groups[2])
                year += 2000 if year < 100 else 0  # "11/18/19"
                named = _named_weekday(text, match.start())
                reading = None if named is None else _reading_of_weekday(year, first, second, named)
                if reading is not None:  # "Tuesday 05/07/2013": the reading that day falls on
                    month, day = reading
                elif first > 12 >= second or first == second:  # "11/11/2021": either way
                    day, month = first, second
                elif second > 12 >= first or _US_TIME.match(text, match.end()):
                    month, day = first, second  # "04/11/2017 05:01 AM EDT": American
                else:
                    continue  # 05/07/2013: May 7 or 5 July; not guessed
            date = _valid(year, month, day)
            if date and not _contradicts_weekday(text, match.start(), date):
                found.append((match.start(), date))
    found.sort()
    # Overlapping matches of two patterns are one date.
    unique: list[tuple[int, str]] = []
    for offset, date in found:
        if not unique or offset != unique[-1][0]:
            unique.append((offset, date))
    return unique


# A weekday's name ending a text ("Thursday, ", "Tues. ", "Montag, "): its first three letters
# name the day (group 1). What a date's weekday is read from, and what a header line may have
# before its date.
WEEKDAY_BEFORE = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)(?:s|nes|rs?|ur)?(?:day|tag)?\.?,?\s*$", re.IGNORECASE
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _named_weekday(text: str, start: int) -> int | None:
    """The weekday (Monday 0) named right before ``start`` ("Thursday, 09.10.2015"), or None."""
    match = WEEKDAY_BEFORE.search(text[max(0, start - 12) : start])
    return _WEEKDAYS.index(match.group(1).lower()) if match else None


def _contradicts_weekday(text: str, start: int, date: str) -> bool:
    """Whether the weekday written right before a date is another day than the date falls on
    ("Thursday, August 10, 2015": a Monday); "Sun" alone names a newspaper as often as a day."""
    match = WEEKDAY_BEFORE.search(text[max(0, start - 12) : start])
    if match is None or match.group(0).rstrip(" ,.").lower() == "sun":
        return False
    return dt.date.fromisoformat(date).weekday() != _WEEKDAYS.index(match.group(1).lower())


def _reading_of_weekday(year: int, first: int, second: int, weekday: int) -> tuple[int, int] | None:
    """Of the two readings of a numeric date ("09.10.2015": 9 October or 10 September), the
    (month, day) that falls on ``weekday``, when just one does."""
    readings = {(second, first), (first, second)}
    fits = [
        (month, day)
        for month, day in readings
        if (date := _valid(year, month, day)) and dt.date.fromisoformat(date).weekday() == weekday
    ]
    return fits[0] if len(fits) == 1 else None


def first_date(value: str) -> str | None:
    """The first full calendar date written in ``value``, or None."""
    dates = full_dates(value)
    return dates[0][1] if dates else None


# A date a span of time starts or ends at, or a list's item in lower case: what a text says
# will happen or has been the case, not when it was published; so too the last day of a span
# of days ("9-23 Feb 2017", "9.–23. Februar 2017": an exhibition's, a festival's).
_SPAN_BEFORE = re.compile(
    r"(\b(ab|bis|seit|zum|until|till|since|from|through|starting|effective|à partir du|jusqu'au"
    r"|desde|hasta)|(?<![\w:./-])\d{1,2}\.?[-–]\s?)\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"\s*[-•*·]\s+[a-zäöüéèàç]")


_LONG_LINE_START = 400  # characters that hold a long line's first six words and a date


def is_dateline(line: str) -> bool:
    """True when a line is a dateline: short, or opening with its date or a dateline word."""
    words = line.split()
    if not words:
        return False
    # A line of more than 30 words is a dateline only by a date within its first six: its
    # start is searched, not all of it (a paragraph may be a whole article).
    dates = full_dates(line if len(words) <= 30 else line[:_LONG_LINE_START])
    if not dates:
        return False
    if _SPAN_BEFORE.search(line[: dates[0][0]]) or _LIST_ITEM.match(line):
        return False  # "ab 1. Januar 2022 für Zigaretten", "- until May 5, 2019 …": no dateline
    if line.rstrip().endswith(":") and not _DATELINE_WORDS.match(line):
        return False  # a quotation's source: "Benedikt XVI., Enzyklika …, 25. Dezember 2005:"
    if len(words) <= 12:
        return True
    if len(words) <= 30 and _DATELINE_WORDS.match(line):
        return True
    # A long line opening with the date ("MOSCOW, May 17, 2019 — ..."): the whole date within
    # its first six words, after nothing but a place in capitals, or a place and the wire
    # that sent a press release ("MISSION, KS -- (Marketwired) -- 09/17/15 -- ...").
    prefix = line[: dates[0][0]]
    if _PLACE_AND_WIRE.fullmatch(prefix):
        return True
    return len(line[: dates[0][0] + 12].split()) <= 6 and not any(c.islower() for c in prefix)


# A date glued to the word before it, its month capitalized after a small letter: where a
# scraper joined a headline or a byline to the dateline below it ("… bomb attack in TurkeySep
# 8, 2015 …", "Bob DwyerSeptember 16, 2015I'm …").
_GLUED_DATE = re.compile(
    rf"(?<=[a-z])(?:{_MONTH_WORDS}|{_MONTH_ABBREVIATIONS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
)
_GLUED_HEAD_WORDS = 20  # the words of a headline and a byline before it


def _glued_dateline(line: str) -> str | None:
    """The date of a text's first paragraph that opens with its header glued to its dateline
    (``_GLUED_DATE``), within its first words; None otherwise."""
    found = _GLUED_DATE.search(line[:_LONG_LINE_START])
    if found is None or len(line[: found.start()].split()) > _GLUED_HEAD_WORDS:
        return None
    dates = full_dates(line[: found.end()])
    if not dates or dates[0][0] != found.start() or _SPAN_BEFORE.search(line[: found.start()]):
        return None
    return dates[0][1]


def paragraphs(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """Each paragraph of ``lines`` as (first line, the line past its last, its text): a line,
    or a block of lines between blank lines wrapped at a fixed width (``_is_wrapped``)."""
    blocks = []  # (first line, past the last) of each block of two lines or more
    first = None
    for number, line in enumerate(lines):
        blank = not line or line.isspace()
        if not blank and first is None:
            first = number
        elif blank and first is not None:
            if number - first > 1:
                blocks.append((first, number))
            first = None
    if first is not None and len(lines) - first > 1:
        blocks.append((first, len(lines)))
    if not blocks:
        return [(number, number + 1, line) for number, line in enumerate(lines)]
    # The page's width: the longest line of its paragraphs of three lines or more that are
    # wrapped at their own width (two lines alone say too little: a headline over its
    # standfirst has their shape).
    long_blocks = [(top, end) for top, end in blocks if end - top > 2]
    width = max(
        (
            max(len(line) for line in lines[top:end])
            for top, end in long_blocks
            if _is_wrapped(lines[top:end])
        ),
        default=0,
    )
    # A block of two lines is wrapped only at the width of the page's longer ones.
    wrapped = {
        top: end
        for top, end in blocks
        if (width and _is_wrapped(lines[top:end], width))
        or (end - top > 2 and _is_wrapped(lines[top:end]))
    }
    found = []
    number, count = 0, len(lines)
    while number < count:
        end = wrapped.get(number)
        if end is not None:
            found.append((number, end, " ".join(lines[number:end])))
            number = end
        else:
            found.append((number, number + 1, lines[number]))
            number += 1
    return found


def _is_wrapped(block: Sequence[str], page_width: int = 0) -> bool:
    """Whether a block of lines is one paragraph wrapped at a width (the page's, when known;
    else the block's longest line but the last): each line but the last is as long as the
    width allows (the next line's first word would not have fitted), none is longer."""
    if not 1 < len(block) <= _WRAP_LINES:
        return False
    width = page_width or max(len(line) for line in block[:-1])
    if not _WRAP_MIN <= width <= _WRAP_MAX or max(len(line) for line in block) > width:
        return False
    return all(
        len(line) >= _WRAP_MIN and len(line) + 1 + len(following.split()[0]) > width
        for line, following in itertools.pairwise(block)
    )


def _agency_date(line: str, years: set[int]) -> str | None:
    """The date of a "MOSCOW, May 7 (Reuters) -" or "MOSCOW, May 7. /TASS/." opening, when the
    text states one year; a weekday in the place's stead ("Thursday, August 10 -") takes the
    one year of the text's that the day falls on, and no date when none fits."""
    match = _AGENCY_DATELINE.match(line)
    named = _named_weekday(line, match.start(1)) if match else None
    if named is not None:
        month, day = MONTHS[match.group(1).lower()], int(match.group(2))
        fits = [
            date
            for year in sorted(years)
            if (date := _valid(year, month, day)) and dt.date.fromisoformat(date).weekday() == named
        ]
        return fits[0] if len(fits) == 1 else None
    if len(years) != 1:
        return None
    year = next(iter(years))
    if match:
        return _valid(year, MONTHS[match.group(1).lower()], int(match.group(2)))
    match = _SLASH_AGENCY_DATELINE.match(line)
    if not match:
        return None
    if match.group(1):
        return _valid(year, MONTHS[match.group(1).lower()], int(match.group(2)))
    return _valid(year, FOREIGN_MONTHS[match.group(4).lower()], int(match.group(3)))


def _years(lines: Sequence[str]) -> set[int]:
    """The years a text states (copyright lines left out: they date the page, not the story;
    and years it looks back to: "back in 2010", "since 2010", "in 2010 when")."""
    return {
        int(year)
        for line in lines
        if not _COPYRIGHT.search(line)
        for year in _YEAR_ALONE.findall(_PAST_YEAR.sub(" ", line))
    }


def find_date(lines: Sequence[str], around: int | None = None, head_end: int | None = None):
    """The publication date a text's lines state, as a ``FoundDate``, or None.

    ``around`` is the line of the headline when known: datelines just below it (down to a few
    paragraphs into the body, which starts at ``head_end``) are preferred, then just above it;
    a date further up is the page's masthead (the day it was saved), not the article's.
    Without a headline, the header (the lines before ``head_end``) is searched from the top.
    Failing a dateline, one full date that the text below the headline mentions (the same date
    however often it recurs; copyright lines, file photos and embedded posts not counted) is a
    ``text-mention``. A paragraph wrapped at a fixed width is read whole (``paragraphs``).
    """
    count = len(lines)
    head_end = count if head_end is None else min(count, head_end)
    # Each paragraph by its first line: the lines of one wrapped at a fixed width are read as
    # one (a date they hold is no dateline of its own, and may be split between two lines).
    texts = {number: text for number, _, text in paragraphs(lines) if text.strip()}
    starts = list(texts)
    order: list[int] = []
    if around is not None:
        # Below the headline: its header, then a few paragraphs into the body (a page saved
        # as text puts blank lines between its crumbs, tags and dateline).
        below = [n for n in starts if n > around]
        into_body = [n for n in below if n >= head_end][:_INTO_BODY]
        order += [n for n in below if n < head_end] + into_body
        order += [n for n in reversed(starts) if n < around][:_ABOVE]
    else:
        order = [n for n in starts if n < head_end + 3]
    years: set[int] | None = None
    updated: FoundDate | None = None  # a revision's date, taken when no other line dates it
    listed: set[int] | None = None  # the dates of lists of other stories (made when needed)
    teasers: set[int] | None = None  # ... and their teasers, each opening with its date
    for number in order:
        line = texts[number]
        if _OTHER_DATE.search(line) or _NOT_PUBLISHED.match(line):
            continue
        if number >= head_end and _EMBEDDED_POST.match(line):
            continue
        found = None
        if is_dateline(line):
            date = first_date(line)
            if date and len(line) <= _DATE_ALONE_CHARS:
                if listed is None:
                    listed = dated_lists(texts, starts) | comment_stamps(texts, starts)
                date = None if number in listed else date
            elif date and full_dates(line)[0][0] == 0:
                teasers = dated_teasers(texts, starts) if teasers is None else teasers
                date = None if number in teasers else date
            if date:
                found = FoundDate(date, "dateline", number)
        if found is None and number == starts[0]:
            date = _glued_dateline(line)
            if date:
                found = FoundDate(date, "dateline", number)
        if found is None and (_AGENCY_DATELINE.match(line) or _SLASH_AGENCY_DATELINE.match(line)):
            years = _years(lines) if years is None else years
            date = _agency_date(line, years)
            if date:
                found = FoundDate(date, "dateline", number)
        if found is not None and _UPDATED.match(line):
            updated = updated or found
        elif found is not None:
            return found
    if updated is not None:
        return _published_before(texts, starts, around, updated) or updated
    return _mentioned_date(texts, starts, around)


def _published_before(
    texts: dict[int, str], starts: list[int], around: int | None, updated: FoundDate
) -> FoundDate | None:
    """The day a line below the headline labels as the article's publication ("Publiziert:
    03.04.2020, 12:35"), when the lines so labelled state one day, on or before the update's."""
    found: dict[str, int] = {}
    for number in starts:
        line = texts[number]
        if around is not None and number <= around:
            continue
        if len(line.split()) > _LABEL_WORDS or not _PUBLISHED_LABEL.match(line):
            continue
        if _OTHER_DATE.search(line) or not is_dateline(line):
            continue
        date = first_date(line)
        if date is not None and date <= updated.date:
            found.setdefault(date, number)
    if len(found) != 1:
        return None
    date, number = next(iter(found.items()))
    return FoundDate(date, "dateline", number)


_DATED_ITEM_GAP = 3  # paragraphs from a listed item's date to the next's (section, headline, date)
_DATED_LIST_ITEMS = 3  # days that a run of dates alone names to be a list
_DATE_ALONE_CHARS = 40


def is_date_alone(line: str) -> bool:
    """A line that is a date and little else ("January 14, 2019", "Nov 18, 2019 10:28")."""
    return len(line) <= _DATE_ALONE_CHARS and bool(_TWO_DIGITS.search(line)) and is_dateline(line)


def dated_lists(texts: dict[int, str], starts: list[int]) -> set[int]:
    """The lines of ``texts`` (paragraphs by their first line, ``starts`` in order) that are
    the dates of a list of other stories, each item with a date of its own ("MORE STORIES LIKE
    THIS ONE": section, headline, date, again and again): runs of dates alone, each within a
    few paragraphs of the last, no list's heading between, that name at least three days. An
    article's header states one day, or two (published, updated), however often; its own
    dateline may stand above such a list or below it, but seldom a line or two away from it."""
    found: set[int] = set()
    run: list[int] = []
    dates: set[str | None] = set()
    last = -_DATED_ITEM_GAP - 1  # the position in ``starts`` of the run's last date
    for position, number in enumerate(starts):
        line = texts[number]
        if not is_date_alone(line):
            if is_list_heading(line):  # a list's heading: what follows is another list
                last = -_DATED_ITEM_GAP - 1
            continue
        if position - last > _DATED_ITEM_GAP:
            run, dates = [], set()
        run.append(number)
        dates.add(first_date(line))
        last = position
        if len(dates) >= _DATED_LIST_ITEMS:
            found.update(run)
    return found


def dated_teasers(texts: dict[int, str], starts: list[int]) -> set[int]:
    """The lines of ``texts`` (paragraphs by their first line, ``starts`` in order) that are
    the teasers of a list of other stories, each opening with its story's date ("06.03.2016
    Werden Sie Ihr eigener Bike-Guide …"): runs of such lines, each within a few paragraphs of
    the last, that name at least three days."""
    found: set[int] = set()
    run: list[int] = []
    dates: set[str] = set()
    last = -_DATED_ITEM_GAP - 1
    for position, number in enumerate(starts):
        line = texts[number]
        opening = full_dates(line[:_DATE_ALONE_CHARS])
        if not opening or opening[0][0] != 0:
            continue
        if position - last > _DATED_ITEM_GAP:
            run, dates = [], set()
        run.append(number)
        dates.add(opening[0][1])
        last = position
        if len(dates) >= _DATED_LIST_ITEMS:
            found.update(run)
    return found


# A comment's stamp: its day and its time of day alone, joined by a word or a sign ("July 30,
# 2013 at 2:33 pm", "Juli 30, 2013 um 2:33 pm", "30.07.2013, 14:33", "2013-07-30 14:33").
_STAMP_AFTER_YEAR = re.compile(
    r"(?:[-/.]\d\d[-/.]\d\d)?(?:,?\s+(?:at|um|à|a las|alle|om|o)|\s*[,|@-])?\s*"
    r"\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?\s?m\.?|uhr|h)?\s*$",
    re.I,
)
_COMMENTS = 3  # days that comments' stamps name to be a thread of comments


def comment_stamps(texts: dict[int, str], starts: list[int]) -> set[int]:
    """The lines of ``texts`` (paragraphs by their first line, ``starts`` in order) that stamp
    comments: lines that are a date and a time of day alone ("July 30, 2013 at 2:33 pm") when
    such lines name three days at least, but the first (the post's own may be written so)."""
    stamps: list[int] = []
    days: set[str] = set()
    for number in starts:
        line = texts[number]
        if not is_date_alone(line):
            continue
        dates = full_dates(line)
        year = _FOUR_DIGIT_YEAR.search(line, dates[0][0]) if len(dates) == 1 else None
        if year is None or line[: dates[0][0]].strip():
            continue
        if _STAMP_AFTER_YEAR.match(line, year.end()):
            stamps.append(number)
            days.add(dates[0][1])
    return set(stamps[1:]) if len(days) >= _COMMENTS else set()


# A line stating when the text was published ("This page was last modified on 4 November
# 2020", "Dieser Eintrag wurde am 11. Dezember 2012 veröffentlicht").
_PUBLISHED_WORDS = re.compile(
    r"\b(published|posted|last (modified|edited|updated)|veröffentlicht|erschienen|publié"
    r"|publicado|pubblicato|gepubliceerd|opublikowano)\b",
    re.IGNORECASE,
)
_PUBLISHED_LINE_WORDS = 30  # a line this short saying "published" is about the publication
_PUBLISHED_REACH = 40  # ... in a longer one, the characters between the word and the date
# A news photo's caption: the event, its date, where ("… speaks during a news conference June
# 24, 2010 at the East Room …"); prose says "on June 24, 2010".
_CAPTION_DATE = re.compile(rf"(?:{_MONTH_WORDS})[a-z]*\.? \d{{1,2}}, (?:19|20)\d\d")
_CAPTION_DATE_AFTER = re.compile(r",? (at|in) (the )?[A-Z]")
_ON_BEFORE = re.compile(
    r"\b(on|since|until|till|by|from|before|after|for|of|to|at|through|between|and|or|a|an|the"
    r"|am|vom|seit|le|el)\s*$",
    re.I,
)
_CAPTION_WORDS = 80  # a caption is a short paragraph; a date in a longer one is prose's


def _mentioned_date(texts: dict[int, str], starts: list[int], around: int | None):
    """A date the text below the headline mentions, as a ``FoundDate`` (text-mention): the
    one date of the lines that say when it was published, else the one date the prose mentions
    when a photo's caption states it; None otherwise (a date in prose is an event's as often as
    not, the article's seldom)."""
    stated: dict[str, int] = {}
    mentions: dict[str, int] = {}
    captions: set[str] = set()
    # Below the headline: a date above it is the masthead's (the day the page was saved).
    for number in starts:
        if around is not None and number <= around:
            continue
        line = texts[number]
        # A mention is in prose; a short line with a time of day is a comment's or a post's.
        # (Every full date has a year of two digits or more: most lines are passed at once.)
        if len(line.split(maxsplit=7)) < 8 or not _TWO_DIGITS.search(line):
            continue
        if _OTHER_DATE.search(line) or _TIME_OF_DAY.search(line):
            continue
        published = [match.start() for match in _PUBLISHED_WORDS.finditer(line)]
        short = len(line.split(maxsplit=_PUBLISHED_LINE_WORDS)) <= _PUBLISHED_LINE_WORDS
        for offset, date in full_dates(line):
            mentions.setdefault(date, number)
            # "Published on 4 November 2020", "This entry was posted in Politics … on 11
            # December 2012": a line about the publication, or the words beside the date, not
            # anywhere in a paragraph ("… the advice has been published").
            if published and (
                short or any(abs(at - offset) <= _PUBLISHED_REACH for at in published)
            ):
                stated.setdefault(date, number)
            elif _is_caption_date(line, offset, date):
                captions.add(date)
    for found in (stated, mentions if set(mentions) == captions else {}):
        if len(found) == 1:
            date, number = next(iter(found.items()))
            return FoundDate(date, "text-mention", number)
    return None


def _is_caption_date(line: str, offset: int, date: str) -> bool:
    """Whether the date at ``offset`` stands as an agency photo's caption writes it: "June 24,
    2010" after the event without "on", before where it happened."""
    written = _CAPTION_DATE.match(line, offset)
    if written is None or _ON_BEFORE.search(line[:offset]) or len(line.split()) > _CAPTION_WORDS:
        return False
    return _CAPTION_DATE_AFTER.match(line, written.end()) is not None


_FILENAME_DATES = (
    # 2019-05-17, 2019_05_17: separated, wherever it stands.
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)(?!\d)"),
    # 20190517: eight digits standing alone, never inside a run of letters and digits (the
    # hex of a hash, "ac19330327d1", holds such digits often enough).
    re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(\d\d)(\d\d)(?![0-9A-Za-z])"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d\d)(?!\d)"),
)


# The folders of a site saved page by page ("2013/05/17/kerry-in-moscow/index.html"), or of
# articles sorted by month ("2013/05/") or year ("2013/"): each part a folder of its own.
_FOLDER_DATE = re.compile(r"(?:^|/)((?:19|20)\d\d)(?:/(\d\d)(?:/(\d\d))?)?(?=/|$)")


def date_from_filename(name: str) -> str | None:
    """A date in a file name, ``2019-05-17``, ``20190517``, ``2019_05`` and the like, else in
    the names of its folders (``2019-05-17/``, ``2019/05/17/``, ``2019/05/``, ``2019/``)."""
    path = PurePosixPath(article_name(name))
    found = _date_in(path.stem)
    if found is not None or not path.parent.parts:
        return found
    for folder in reversed(path.parent.parts):  # the nearest folder first
        found = _date_in(folder)
        if found is not None:
            return found
    for match in _FOLDER_DATE.finditer(path.parent.as_posix()):  # the nearest last
        year, month, day = match.groups()
        found = year  # as much of the date as the folders give rightly
        if month is not None and 1 <= int(month) <= 12:
            found = f"{year}-{month}"
            if day is not None:
                found = _valid(int(year), int(month), int(day)) or found
    return found


def _date_in(stem: str) -> str | None:
    """A date in one name (a file's stem or a folder's)."""
    for pattern in _FILENAME_DATES[:2]:
        match = pattern.search(stem)
        if match:
            date = _valid(*(int(g) for g in match.groups()))
            if date:
                return date
    match = _FILENAME_DATES[2].search(stem)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{match.group(2)}"
    return None
