"""Lines, paragraphs and sentences, as character offsets into the original text.

Sentences are found with rules rather than a model: a sentence ends at ``.``, ``!`` or ``?``
(and any closing quotes or brackets) followed by white space and a capital letter of any
script (Latin, Cyrillic, Greek, …), a letter of a script without case, a digit or an opening
quote — except after a title ("Mr.", "St.", "ST. PETERSBURG"), an initial ("Maxim A.
Suchkov"), a month before a number ("Dec. 3"), a German date's day ("28. Januar"), a US state
in a wire's dateline ("TALLAHASSEE, Fla. (AP) —"), an acronym ("U.S.") not followed by a
typical sentence opener, an ellipsis, or inside a quotation (“…”, "…" or «…»). The CJK
full-width enders ``。``, ``！`` and ``？`` end a sentence even with no space after them, as CJK
text has neither spaces nor capitals.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from operator import add

# A form feed (a page break in text converted from PDF) or a vertical tab ends a line too.
# (One leading character class, not an alternation: the engine scans for it fast.)
_LINE_BREAK = re.compile(r"[\r\n\f\v](?:(?<=\r)\n)?")
_QUOTE_MARK = re.compile('[“”"«»]')
# A single leading character class lets the regex engine scan for candidates fast (a top-level
# alternation made segmenting half again slower); the lookbehinds then pick the branch. ``.!?``
# needs white space and a likely opener after it, captured so that _is_boundary can reject
# lower case: ``[^\W_a-z]`` is a letter or digit but not ASCII lower case, which keeps the
# common non-boundary out of Python. The CJK enders ``。！？`` need nothing after them.
_SENTENCE_END = re.compile(
    r"[.!?。！？](?:"
    r"(?<=[.!?])[.!?]*[\"'”’)\]»]*(?=\s+[\"'“‘(\[«]*([^\W_a-z]|…))"
    r"|(?<=[。！？])[。！？]*[\"'”’)\]»」』）】〉》]*"
    # Two sentences a copy glued together, its space lost with a line break: "…altogether.It".
    r"|(?<=[a-z][a-z][.!?])(?=[A-Z][a-z])"
    r")"
)
_WORD_AFTER = re.compile(r"\s+[\"'“‘(\[«]*([^\W_]+)")
_TERMINAL = tuple('.!?:;"”’)]»…。！？」』')
_BULLET = re.compile(r"\s*[•·▪‣◦*–—-]\s")

# Never a sentence end: titles and other abbreviations that precede a name or number.
TITLES = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Mx",
        "Dr",
        "Prof",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Lt",
        "Col",
        "Capt",
        "Sgt",
        "Maj",
        "Adm",
        "Cmdr",
        "Rev",
        "Fr",
        "St",
        "Mt",
        "Ft",
        "Pres",
        "Amb",
        "Hon",
        "Messrs",
        "Mme",
        "Mlle",
        "Brig",
        "Cpl",
        "Pvt",
        "Supt",
        "Det",
        "Insp",
        "Atty",
        "Dept",
        "Univ",
        "Sec",
        "Gens",
        "Sens",
        "Reps",
        "No",
        "Nos",
        "Vol",
        "Nr",
        "Art",
        "Fig",
        "pp",
        "vs",
        "v",
        "cf",
        "approx",
        "ca",
        "est",
        "e.g",
        "i.e",
        "viz",
        "al",
        # German: sums, "respectively", "compare", "so-called", "including", "for example"
        *("Mio", "Mrd", "Tsd", "bzw", "vgl", "sog", "inkl", "ggf", "evtl", "z.B", "d.h", "u.a"),
    ]
)
# Titles written in capitals, as in a dateline or a headline; not "NO." or "EST.", which end
# sentences in capitals as often as not.
CAPITAL_TITLES = frozenset(
    ["ST", "MT", "FT", "MR", "MRS", "MS", "DR", "GEN", "GOV", "SEN", "REP", "LT", "COL", "CAPT"]
)
MONTHS = frozenset(
    ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
)
# A day or a century written as German writes them, its number and a period: "am 28. Januar
# 2015", "im 19. Jahrhundert". The period makes it an ordinal, not a sentence end.
ORDINAL_NOUNS = frozenset(
    [
        *("Januar", "Jänner", "Februar", "Feber", "März", "April", "Mai", "Juni", "Juli"),
        *("August", "September", "Oktober", "November", "Dezember"),
        *("Jahrhundert", "Jahrhunderts"),
    ]
)
# German words an ordinal written as a number and a period follows ("am 10. Spieltag", "zum
# 3. Mal", "der 2. Bundesliga"): the period is the ordinal's, not a sentence's end.
_ORDINAL_BEFORE_TEXT = """
    am im zum zur vom beim ans ins der die das den dem des ab bis seit jeder jede jedes
    jedem jeden sein seine seinem seinen seiner ihr ihre ihrem ihren ihrer unser unsere
"""
ORDINAL_BEFORE = frozenset(_ORDINAL_BEFORE_TEXT.split())
# Russian abbreviations before a name or a number, never a sentence's end: a title ("проф.
# Иванов", "акад. Сахаров", "ген. Герасимов"), "see" and "compare" ("см. Приложение"), a
# street, a square, "named after" ("им. Ленина"), "saint"; and "г." before a city's name ("г.
# Москва"), which after a year ("в 2014 г.") is the year's and may end a sentence.
RUSSIAN_TITLES = frozenset(["проф", "акад", "ген", "см", "ср", "ул", "пл", "им", "св", "тов"])
_CITY = "г"
# May end a sentence, but usually do not: break only before a typical sentence opener.
MAYBE_ABBREVIATIONS = frozenset(
    [
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "Jr",
        "Sr",
        "etc",
        "a.m",
        "p.m",
        "A.M",
        "P.M",
        "Bros",
        "Ave",
        "Blvd",
        "Rd",
    ]
)
# AP style's abbreviations of the US states and the capital's district, as a wire's dateline
# writes them after its city: "TALLAHASSEE, Fla. (AP) —", "ALBANY, N.Y. (AP) —". After a place
# opening its line and before what goes on with the dateline (a credit in brackets, a date), the
# full stop is the abbreviation's; elsewhere ("He moved to Tallahassee, Fla. He …") it may end a
# sentence.
US_STATES = frozenset(
    [
        *("Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan"),
        *("Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "N.H"),
        *("N.J", "N.M", "N.Y", "N.C", "N.D", "Okla", "Ore", "Pa", "R.I", "S.C", "S.D", "Tenn"),
        *("Vt", "Va", "Wash", "W.Va", "Wis", "Wyo", "D.C"),
    ]
)
# The place a dateline's state follows, opening its line: "TALLAHASSEE, ", "ST. PAUL, ",
# "Grayson, ", "WEST PALM BEACH/" ... up to the state's comma.
_DATELINE_PLACE = re.compile(r"[A-Z][A-Za-z.'’-]*(?:[ /-][A-Z][A-Za-z.'’-]*){0,3},[ \u00a0]")
# What goes on with a dateline after its state: a wire's credit in brackets ("(AP)", "(Reuters)",
# not a sentence in brackets), a dash, a date ("Sept. 15", "May 7").
_DATELINE_GOES_ON = re.compile(
    r"\s+(?:\([A-Z][A-Za-z.&' ]{0,30}\)(?=[\s\-–—]|$)|[-–—]"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d)"
)
SENTENCE_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "It",
        "He",
        "She",
        "We",
        "They",
        "I",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "His",
        "Her",
        "Its",
        "Our",
        "Their",
        "As",
        "At",
        "On",
        "For",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Yet",
        "So",
        "Still",
        "However",
        "Meanwhile",
        "Moreover",
        "Some",
        "Many",
        "Most",
        "Both",
        "One",
        "Now",
        "Then",
        "What",
        "Why",
        "How",
        "Who",
        "Although",
        "Though",
        "Since",
        "Because",
        "Instead",
        "Indeed",
        "Still",
        "Such",
        "Even",
        "Despite",
        "Nor",
        "Or",
        "Under",
        "With",
        "Without",
        "From",
        "Last",
        "Next",
    ]
)
# A quotation longer than this is treated as several sentences (likely an unclosed quote or
# a long statement quoted whole).
MAX_QUOTED_SENTENCE = 600
# A sentence is at most this many characters. A longer run with no sentence end in it (a table
# or a list saved without punctuation, a page's text on one line) is cut into pieces at the last
# clause break before the limit (``;``, ``:``, ``,``, a dash), else at the last space, else at
# the limit (text without spaces): whatever a later stage does per sentence, and some of it
# grows with the square of a sentence's words, stays bounded. Real sentences are far shorter
# (the longest of the bundled and generated corpora: 476 characters).
MAX_SENTENCE = 1_000
_CLAUSE_BREAK = re.compile(r"[;:,](?=\s)|\s[—–-]{1,2}(?=\s)")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, line breaks excluded."""
    if "\r" not in text and "\f" not in text and "\v" not in text:
        # Only "\n" breaks its lines (most texts): each line's offsets from their lengths,
        # without a match object per line.
        lengths = [len(line) for line in text.split("\n")]
        starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
        return list(zip(starts, map(add, starts, lengths), strict=True))
    spans = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return spans


def paragraph_spans(
    text: str, lines: list[tuple[int, int]], keep: list[bool]
) -> list[tuple[int, int]]:
    """Group the kept, non-blank lines into paragraphs: (start, end) trimmed of white space.

    Blank lines and removed lines separate paragraphs. A single line break separates them too
    unless it looks like a wrapped line: the line does not end a sentence and either the next
    line starts in lower case or the text is hard-wrapped (no line longer than 100 characters)
    and the line is nearly full.
    """
    width = max((end - start for start, end in lines), default=0)
    full = int(width * 0.6) if width <= 100 else None
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous_text = ""
    # The paragraph before a run of blank lines, kept open in case the text goes on below them
    # mid-sentence ("… the role they took was that of an" / "" / "agent provocateur and …").
    held: tuple[int, int] | None = None
    for (start, end), kept in zip(lines, keep, strict=True):
        content = text[start:end]
        stripped = content.strip()
        if not kept or not stripped:
            if current and kept:
                held = current
            elif held or current:
                paragraphs.append(held or current)  # a removed line ends it
                held = None
            current = None
            continue
        left = start + (len(content) - len(content.lstrip()))
        right = end - (len(content) - len(content.rstrip()))
        if held is not None:
            if _resumes_sentence(previous_text, stripped):
                current, held = (held[0], right), None
                previous_text = stripped
                continue
            paragraphs.append(held)
            held = None
        if current and _continues(previous_text, stripped, full):
            current = (current[0], right)
        else:
            if current:
                paragraphs.append(current)
            current = (left, right)
        previous_text = stripped
    if held or current:
        paragraphs.append(held or current)
    return paragraphs


def _resumes_sentence(previous: str, line: str) -> bool:
    """Whether ``line``, below a blank line, goes on with the sentence ``previous`` left open:
    that one ends without a mark closing a sentence or a clause and is prose (a few words at
    least), this one starts with a word in lower case."""
    if previous.endswith(_TERMINAL) or previous.endswith(",") or len(previous.split()) < 2:
        return False
    first = line.split()[0]
    return first.isalpha() and first.islower()  # "agent", "and"; not "iPhone" (a name) or "-"


def _continues(previous: str, line: str, full: int | None) -> bool:
    """Whether ``line`` is a wrapped continuation of the line before it."""
    if previous.endswith(_TERMINAL) or _BULLET.match(line):
        return False
    return line[0].islower() or (full is not None and len(previous) >= full)


def _quoted_intervals(text: str) -> list[tuple[int, int]]:
    """Spans between an opening and its closing quotation mark (unclosed ones ignored)."""
    intervals = []
    opened: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        char, position = match.group(), match.start()
        if char in "“«" or (char == '"' and opened is None):
            if opened is None or char != '"':
                opened = position
        elif opened is not None:
            intervals.append((opened, position + 1))
            opened = None
    return [(a, b) for a, b in intervals if b - a <= MAX_QUOTED_SENTENCE]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the sentences of the paragraph ``text[start:end]``, offsets into ``text``."""
    end = len(text) if end is None else end
    paragraph = text[start:end]
    quotes = (
        _quoted_intervals(paragraph)
        if '"' in paragraph or "“" in paragraph or "«" in paragraph
        else []
    )
    cuts: list[int] = []
    lows = [low for low, _ in quotes]  # in order, none overlapping: searched by bisection
    for match in _SENTENCE_END.finditer(paragraph):
        if _is_boundary(paragraph, match, quotes, lows):
            cuts.append(match.end())
    spans = []
    position = 0
    for cut in [*cuts, len(paragraph)]:
        piece = paragraph[position:cut]
        left = position + (len(piece) - len(piece.lstrip()))
        right = cut - (len(piece) - len(piece.rstrip()))
        if right - left > MAX_SENTENCE:
            spans.extend(_pieces(text, start + left, start + right))
        elif right > left:
            spans.append((start + left, start + right))
        position = cut
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]``, longer than a sentence may be, as pieces of at most
    ``MAX_SENTENCE`` characters (trimmed of white space), cut where ``MAX_SENTENCE`` says."""
    pieces = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE + 1]
        cut = _last_cut(window)
        piece = text[start : start + cut].rstrip()
        if piece:
            pieces.append((start, start + len(piece)))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _last_cut(window: str) -> int:
    """Where to end a piece of ``window`` (one character longer than a piece may be): after
    its last clause break in the second half, else at its last space past the first quarter,
    else at the limit."""
    half, quarter = MAX_SENTENCE // 2, MAX_SENTENCE // 4
    breaks = [m for m in _CLAUSE_BREAK.finditer(window, half) if m.end() <= MAX_SENTENCE]
    if breaks:
        last = breaks[-1]
        return last.end() if window[last.start()] in ";:," else last.start()
    space = max(window.rfind(blank, quarter) for blank in " \n\t\u00a0")
    return space if space > 0 else MAX_SENTENCE


_WORD_REACH = 100  # characters searched back for the start of the word before a full stop
# The last part of an address written with capitals ("Healthcare.Gov", "Bungie.Org").
_DOMAIN_ENDS = frozenset(["com", "net", "org", "gov", "edu", "co", "uk", "info", "io", "tv"])


def _glued_end(paragraph: str, end: int, point: int) -> bool:
    """Whether a full stop with a capitalised word glued to it ("…for lenders.It gets") ends a
    sentence: not in an address or a name ("Calcutta News.Net", "www.Facebook.com",
    "Texas.Gov"), nor after a title ("Col.Tony Shaffer")."""
    start = max(
        paragraph.rfind(" ", 0, end),
        paragraph.rfind("\n", 0, end),
        paragraph.rfind("\u00a0", 0, end),
    )
    before = paragraph[start + 1 : end].lstrip("\"'“‘(«[")
    if not before or any(mark in before for mark in "./@:") or before in TITLES:
        return False
    following = re.match(r"[^\s]*", paragraph[point:]).group()
    word = following.rstrip(".,;:!?\"'”’)]»")
    return "." not in word and "@" not in word and word.lower() not in _DOMAIN_ENDS


def _is_boundary(
    paragraph: str, match: re.Match[str], quotes: list[tuple[int, int]], lows: list[int]
) -> bool:
    """Whether the candidate sentence end ``match`` in ``paragraph`` really ends a sentence
    (``quotes``: its quoted spans in order, ``lows`` their starts)."""
    opener = match.group(1)
    if opener is not None and opener.islower():
        return False  # lower case outside ASCII goes on; caseless scripts give no such sign
    terminator = match.group()
    point = match.end()
    inside = bisect.bisect_left(lows, point) - 1  # the last quote opened before the point
    if inside >= 0 and point < quotes[inside][1]:
        return False
    if opener is None:
        if point < len(paragraph) and paragraph[point].isascii() and paragraph[point].isalpha():
            return _glued_end(paragraph, match.start(), point)
        return True  # a CJK full stop, which is never an abbreviation
    punctuation = terminator.rstrip("\"'”’)]»")
    if punctuation.startswith(".."):
        return False  # an ellipsis written with dots
    if punctuation != ".":
        return True
    end = match.start()
    reach = max(0, end - _WORD_REACH)  # not back to the paragraph's start at every full stop
    space = max(
        paragraph.rfind(" ", reach, end),
        paragraph.rfind("\n", reach, end),
        paragraph.rfind("\u00a0", reach, end),
        reach - 1,
    )
    word = paragraph[space + 1 : end].lstrip("\"'“‘(«[—–-").rstrip("'’")
    if not word:
        return True
    if not word[-1].isalpha():
        if len(word) <= 2 and word.isdigit():  # "28. Januar": a German date's day
            after = _WORD_AFTER.match(paragraph, point)
            if after and after.group(1) in ORDINAL_NOUNS:
                return False
            # "am 10. Spieltag", "zum 3. Mal": an ordinal after the word that governs it
            line_start = paragraph.rfind("\n", 0, end) + 1
            before = paragraph[line_start : space + 1].split()
            if not before or (len(before) == 1 and _BULLET.fullmatch(f"{before[0]} ")):
                # "2. Check the peep hole": a list's number opens its line, below a line that
                # ended (a line wrapped in mid-sentence may open with one that ends it)
                above = paragraph[: max(0, line_start - 1)].rstrip()
                return bool(above) and not above.endswith(_TERMINAL)
            return before[-1].lower() not in ORDINAL_BEFORE
        return True
    if word in US_STATES and _dateline_state(paragraph, space + 1, point):
        return False  # "TALLAHASSEE, Fla. (AP) —": a dateline's state
    if word[-1].islower() and "." not in word and len(word) > 4:
        return True  # an ordinary word: the common case, decided at once
    after = _WORD_AFTER.match(paragraph, point)
    next_word = after.group(1) if after else ""
    if word in TITLES or word.lower() in {"e.g", "i.e", "cf", "vs", "viz", "approx"}:
        return False
    if word in RUSSIAN_TITLES:
        return False
    if word == _CITY:  # "г. Москва" goes on; "в 2014 г." may end its sentence
        return paragraph[max(0, space - 4) : space].isdigit()
    if word in CAPITAL_TITLES and next_word[:1].isupper():
        return False  # a title in capitals: "ST. PETERSBURG, Russia —", "GEN. SMITH"
    if len(word) == 1 and word.isupper():
        return False  # an initial
    if word in MONTHS:
        return not next_word[:1].isdigit() and next_word in SENTENCE_OPENERS
    if "." in word or word in MAYBE_ABBREVIATIONS:
        # "U.S.", "a.m.", "Inc.": a sentence end only before a typical opener.
        return next_word in SENTENCE_OPENERS
    return True


def _dateline_state(paragraph: str, start: int, point: int) -> bool:
    """Whether the state abbreviated from ``start`` to its full stop (which ends at ``point``)
    is a dateline's: a place and a comma open its line before it, and a credit in brackets, a
    dash or a date follows it."""
    line_start = paragraph.rfind("\n", 0, start) + 1
    place = paragraph[line_start:start].lstrip()
    return bool(_DATELINE_PLACE.fullmatch(place)) and bool(
        _DATELINE_GOES_ON.match(paragraph, point)
    )
