"""The headline of a text saved from a web page, found among the lines above its body.

A page saved as text opens with what surrounded the article: skip links, menus, section labels
("Politics & Government"), breadcrumbs, promotions, bylines, datelines and share lines. The
headline is chosen among the headline-like lines above the body by features that tell it from
them: how near it stands to the body, a byline or dateline below it, a longer line (its
standfirst) just below it, how many of its words the opening paragraphs use, its length and
how it ends, whether the page repeats it. Each feature's weight is fitted on public pages with
their true titles (``bench/fit_headline.py``) and kept as data. Lines that cleaning removed
never count. A paragraph wrapped at a fixed width (a browser saving a page as text wraps its
lines) is read as one line; a host name in the file's name is not read as the story's words.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from workbench.corpus.dates import (
    MONTHS,
    dated_lists,
    full_dates,
    is_date_alone,
    is_dateline,
    paragraphs,
)
from workbench.corpus.list_heading import is_list_heading
from workbench.corpus.venue import is_venue
from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml

BODY_MIN_WORDS = 25  # a paragraph of the body is at least this long
# ... or, in a text with no paragraph that long (wire copy written a sentence a line), this
SHORT_BODY_MIN_WORDS = 15
HEADLINE_WEIGHTS_NAME = "headline.toml"
_LOOK_BACK = 40  # lines further above the body than this are not searched
_BYLINE_REACH = 4  # a byline or dateline this many lines below a headline-like line marks it
_LEAD_LINES = 3  # the body's first lines, whose words a headline shares most
_WORD = re.compile(r"\w+")
# Kana and CJK ideographs: Chinese and Japanese put no spaces between words.
_CJK_CHARS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
# One leading character class (not a repeat) lets the engine scan for the first fast.
_CJK = re.compile(f"[{_CJK_CHARS}][{_CJK_CHARS}]*")
_CJK_CHARS_PER_WORD = 2  # about two characters a word in Chinese or Japanese text
_DATELINE_START = re.compile(r"^(published|updated|posted|last updated)\b", re.I)
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.I)
# A day without its year, alone on its line ("Saturday, 26 February", "Tuesday March 1").
_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_ALONE = re.compile(
    rf"(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? (\d{{1,2}}(st|nd|rd|th)? ({_MONTH_WORD})\.?"
    rf"|({_MONTH_WORD})\.? \d{{1,2}}(st|nd|rd|th)?)",
    re.I,
)
_NOT_A_HEADLINE = re.compile(
    r"^(by|posted|published|updated|written|share( (this|on|via|article|story|page|now)\b|\W*$)|"
    r"follow|related|advertisement|sponsored|"
    r"subscribe|sign (in|up|out)|log ?(in|out)|skip|welcome to|back to|powered by|do not sell|"
    r"(open|close|toggle|show|hide) (the )?(navigation|menu|search)|press \w+ to|jump to|"
    r"(zum|zur) (haupt)?(inhalt|navigation|suche) springen|springe zu(m|r) |direkt zu(m|r) )\b"
    r"|\b(my profile|saved (stories|articles))\b"
    r"|^(home|menu|search)\s*([|›»>/:-]|$)"
    r"|^((main|primary|secondary|footer|top|mobile) )?(navigation|nav)( menu)?\s*([:|›»>/-]|$)"
    r"|^social (icons|links)\b"
    r"|\((?:[^()]*\b(photo|credit|courtesy|file|illustration)\b[^()]*|[\w.-]+\.(com|org|net))\)$"
    r"|^(photos?|images?|video|watch|listen)\s*:"
    r"|\((left|right|center|centre|l|r|c|from left|l-r|l to r|top|bottom|above|inset)\)"
    r"|\b(min read|minutes? read|comments?|cookies?|newsletters?|javascript|all rights reserved)\b"
    r"|\b(filed (to|under)|copied|new window|share panel|getty|shutterstock|ap photo)"
    r"|\bcredits? ?[:–-]|^credits?\b|\(credits?\b"  # a photo's, not a "credit card"
    r"|\bimages?$|\b(copy (the |this )?link|sharing options|sign ?out|edit profile|click to|"
    r"affiliate|^disclosure\b|disclosure:|terms of (use|service)|privacy policy|latest news|"
    r"read more|advertise|»)"
    # an address or a handle ("@cgartenberg"), not an "at" between spaces ("KI @ China")
    r"|^[-–—|•·]|[|›»>/]\s*\S+\s*[|›»>/]|\S@|@\S|https?://|www\."
    r"|^\d+ (thoughts?|responses?|replies|reactions|gedanken|kommentare?|antworten) (on|to|zu)\b"
    r"|^(keine|no) (kommentare?|antworten|commentaires?|comentarios?|reacties)\b"
    # a caption's credit at its end or label at its start ("… escolar. Foto: Andina", "Abb.: …",
    # "… kanssa. Kuva: ALEXANDER BECHER", "… pasado. EFE", "… via Wikimedia Commons"),
    # a rating ("5 from 7 votes")
    r"|(^|[.!?]\s)(foto|photo|bild|imagen|crédito|quelle|kuva|fotó|zdjęcie|фото)s?\s?:\s?[^:]{1,40}$"
    r"|[.!?]\s(efe|afp|ap|reuters|dpa|epa|ansa|xinhua|europa press|getty images)$"
    r"|\bwikimedia commons$|\[cc[ -]by\b"
    r"|^(abb|fig|figure|abbildung)\.?\s?\d*\s?:|\b\d+ (from|of|von|de) \d+ (votes|stimmen|votos)\b",
    re.I,
)
_BYLINE = re.compile(
    r"^(by\b|by:|written by\b)|^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}\s*[-–—,|]\s*.{0,40}\b"
    r"(contributor|writer|reporter|editor|correspondent|staff|columnist|author)\b",
    re.I,
)
# A photo's caption ends with its credit: "… engines. (credit: NASA/Jude Guidry)".
_CREDIT_END = re.compile(
    r"\((?:[^()]*\b(photos?|photograph|credit|courtesy|illustration|image)\b[^()]*)\)$", re.I
)
_BRAND = re.compile(r"[a-z]{1,2}[A-Z][a-z]")  # a name written with a small first letter
_QUOTED = re.compile(r"'[^']*'|‘[^’]*’|\"[^\"]*\"|“[^”]*”")
_NAME = r"[A-Z][a-z'-]+( [A-Z]\.)?( [A-Z][a-z'-]+){1,2}"
_TWO_NAMES = re.compile(rf"^{_NAME},? (and|&) {_NAME}$")
_SENTENCE_BREAK = re.compile(r"\w[a-z]{2,}[.!?] [A-Z]")
_CLAUSE_END = re.compile(r"[.,;:)]\s*$")
# A time of day ("10:50", "5.52 p.m.", "15.00"), not a sum ("£5.05", "$4.25") or a rate ("4.75%").
_TIME = re.compile(r"(?<![£$€¥])\b\d{1,2}[:.]\d\d\s*(a\.?m\.?|p\.?m\.?)?\b(?!\s?%)", re.I)
_RELATIVE = re.compile(
    r"\b\d+\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?)"
    r"\s+ago\b|\bvor \d+ (sekunden|minuten|stunden|tagen|wochen|monaten|jahren)\b",
    re.I,
)
# A line that goes on below it or names no headline's end: a list's item ("Backpinsel oder
# etwas Küchenpapier,"), a comment's header ("Harm Otten sagt:"), a crumb or menu's end
# ("Blog | Mailaktion Bundestag |", "Gunter Frank /"), a link out ("Wüstenrot Stiftung ↗");
# not a closing guillemet (« Poutine dit non »).
_OPEN_END = re.compile(r"([,;|/\\↗→>]|\b(says|sagt|schreibt|écrit|dice|dijo)\s*:)\s*$", re.I)
# A host name in a file's name ("www.cnn.com", "people.com-story"): it names the site, not the
# story, and the site's name stands on every page of it.
_HOST = re.compile(
    r"\b(?:www\d?\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|co|uk|de|fr|ru|io|tv|eu|ch|"
    r"jp|ca|au)\b",
    re.I,
)


def _has_symbol_pictograph(line: str) -> bool:
    return any(unicodedata.category(char) == "So" for char in line)


def word_count(line: str) -> int:
    """How many words a line has: its runs between spaces, with Chinese or Japanese text
    (no spaces between words) counted at two characters a word."""
    tokens = line.split()
    if line.isascii() or not _CJK.search(line):
        return len(tokens)
    count = 0
    for token in tokens:
        cjk = sum(len(run) for run in _CJK.findall(token))
        count += max(1, round(cjk / _CJK_CHARS_PER_WORD)) if cjk else 1
    return count


def is_headline_like(line: str, min_words: int = 3) -> bool:
    """True when a line could be a headline: 3 (``min_words``) to 30 words of text, no date,
    byline or menu."""
    text = " ".join(word for word in line.split() if any(char.isalnum() for char in word))
    if not min_words <= word_count(text) <= 30:  # "Business & Finance": a section label, mostly
        return False
    letters = sum(char.isalpha() for char in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False
    if _NOT_A_HEADLINE.search(line) or _TIME.search(line) or _RELATIVE.search(line):
        return False
    if _OPEN_END.search(line):
        return False
    if full_dates(line) or _has_symbol_pictograph(line):
        return False
    # A headline opens with a capital, a digit, a quotation mark or a letter of a script
    # without capitals (Chinese, Japanese, Arabic, …).
    first = line[0]
    caseless = first.isalpha() and first.lower() == first.upper()
    brand = _BRAND.match(line) is not None  # "iTunes now selling …", "eBay buys …"
    # a quotation ("„AllerVielfalt“ bringt …"), a bracket, a sum ("£1.8m fine for Viacom"), a
    # Spanish question or exclamation ("¿Ha llegado …?", "¡Exclusividad! …")
    opening = "\"'‘“„«[「『【£$€¥¿¡"
    return first.isupper() or first.isdigit() or caseless or brand or first in opening


def is_body_paragraph(line: str, min_words: int = BODY_MIN_WORDS) -> bool:
    """A paragraph of the body: at least ``min_words`` words, ending as a sentence (a photo's
    caption ending with its credit is none)."""
    line = line.rstrip()
    return (
        line[-1:] in ".!?\"'”’)…:。！？」』"
        and word_count(line) >= min_words
        and not (line.endswith(")") and _CREDIT_END.search(line))
    )


def body_start(lines: Sequence[str], min_words: int = BODY_MIN_WORDS) -> int | None:
    """The first line of the body: a paragraph of ``min_words`` with another one close below.

    A paragraph is a line, or the lines of a paragraph wrapped at a fixed width (a browser
    saving a page as text wraps its lines at 72 or 80 columns)."""
    first = previous = None  # the first paragraph of the body's length, and the last one
    for number, end, text in paragraphs(lines):
        if not (text and is_body_paragraph(text, min_words)):
            continue
        if previous is not None:
            gap = sum(1 for n in range(previous[1], number) if lines[n])
            if gap <= 4:
                return previous[0]
        first = number if first is None else first
        previous = (number, end)
    return first


# The Daily Mail's byline: "John Hutchinson for MailOnline".
_FOR_OUTLET = re.compile(
    rf"^{_NAME} for (MailOnline|Dailymail\.com|(the )?Daily Mail|(the )?Mail on Sunday)$"
)


def _is_byline(line: str) -> bool:
    """A byline: "By Jane Doe", a lone "By", "Jane Doe - Staff Writer", "JANE DOE, OUTLET",
    "Jane Doe and John J. Roe", "Jane Doe for MailOnline"."""
    return bool(_BYLINE.match(line) or _TWO_NAMES.match(line) or _FOR_OUTLET.match(line)) or (
        len(line.split()) <= 8 and line.isupper() and "," in line
    )


SENTENCE_MIN_WORDS = 10  # a line ending as a sentence with this many words reads as one


def reads_as_sentence(line: str) -> bool:
    """Whether a line reads as a sentence of an article (``SENTENCE_MIN_WORDS`` words or more
    ending with a full stop), not as a headline (which may end with a question or an
    exclamation mark, seldom with a full stop): a text's first line that does is its lead,
    which stays in the article whatever its title."""
    line = line.rstrip().rstrip("\"'”’»)")
    return line.endswith(".") and not line.endswith("..") and word_count(line) >= SENTENCE_MIN_WORDS


# A date glued before a headline is this many words at most ("Tuesday, Sept. 8, 2015").
_DATE_WORDS = 5
_TITLE_AFTER_DATE = 3  # ... and the headline after it this many at least
_DATE_SEPARATOR = " -–—|:·•,"


def without_leading_date(line: str) -> str:
    """A headline's line without the full date written before it, on the same line
    ("September 8, 2015 Daily Prayer with …" → "Daily Prayer with …"); the line as it is when
    no date opens it or too little follows."""
    words = line.split()
    for count in range(1, min(_DATE_WORDS, len(words)) + 1):
        dates = full_dates(" ".join(words[:count]))
        if not dates:
            continue
        before = " ".join(words[:count])[: dates[0][0]]
        rest = " ".join(words[count:]).lstrip(_DATE_SEPARATOR)
        if before and not _WEEKDAY.match(before):
            return line
        if word_count(rest) < _TITLE_AFTER_DATE or not rest[:1].isupper():
            return line
        return rest
    return line


QUESTION_LEAD_WORDS = 15  # a question this long in small letters is prose, not a headline
_CAPITALIZED_SHARE = 0.5  # ... a headline's words are capitalized more often than this
_DISCOURSE_LEAD_WORDS = 6  # a question opening with "So", "But" this long is prose


def reads_as_question_lead(line: str, continued: bool = False) -> bool:
    """Whether a line that asks a question opens the article's first paragraph rather than
    heading it ("Here's a trivia question: if the Jays make the postseason, who …?"): long
    prose (``QUESTION_LEAD_WORDS`` words or more, most in small letters), or, of
    ``SENTENCE_MIN_WORDS`` or more, a paragraph the next line goes on with (``continued``),
    or one that opens with a word that goes on from what was said before ("So how critical
    can …?", ``[question_lead] words`` in ``data/headline.toml``). A question headline ("Is
    the reset over?", "Do You Know How To Read Jamaican?", "But is it art?") is shorter or
    capitalized."""
    line = line.rstrip().rstrip("\"'”’»)")
    words = line.split()
    if not line.endswith("?") or not words:
        return False
    capitalized = sum(word[:1].isupper() for word in words) / len(words)
    if capitalized >= _CAPITALIZED_SHARE:
        return False
    count = word_count(line)
    if count >= _DISCOURSE_LEAD_WORDS and words[0].strip(",").casefold() in discourse_words():
        return True
    return count >= QUESTION_LEAD_WORDS or (continued and count >= SENTENCE_MIN_WORDS)


@functools.cache
def discourse_words(path: Path = DATA_DIR / HEADLINE_WEIGHTS_NAME) -> frozenset[str]:
    """The words a sentence opens with to go on from the one before ("so", "but", "and"),
    lower-cased, from the ``[question_lead]`` table of ``data/headline.toml``."""
    data, _text = read_toml(path, "headline hints")
    return frozenset(word.casefold() for word in data.get("question_lead", {}).get("words", ()))


FURNITURE_MAX_WORDS = 12  # a line of page furniture (byline, time, link) is this short at most
_MARKER_WORDS = 4  # ... a time ("5:52 p.m. EDT", "(48 seconds ago)"), this short
_FURNITURE_START = re.compile(r"(by|posted|published|updated|created|last updated)\b[: ]", re.I)


def is_furniture(line: str) -> bool:
    """Whether a short line is page furniture above an article, never its title: a byline ("By
    ANI | ANI -", "John Hutchinson for MailOnline"), a line of when it was posted ("Posted
    Tuesday, September 29th 2015 @ 1pm", "Calcutta News.Net Tuesday 22nd September, 2015"), a
    time ("5:52 p.m. EDT"). A headline with a figure or a word of a page's furniture in it
    ("Bank holds interest rate at 4.75%", "S Korean credit card firm rescued") is none."""
    if word_count(line) > FURNITURE_MAX_WORDS:
        return False
    if _is_byline(line) or _FURNITURE_START.match(line) or is_dateline(line):
        return True
    return word_count(line) <= _MARKER_WORDS and is_date_marker(line)


def has_sentence_break(line: str) -> bool:
    """Whether a line holds two sentences (quotations aside): a standfirst, not a headline."""
    return bool(_SENTENCE_BREAK.search(_QUOTED.sub("", line)))


def find_headline(
    lines: Sequence[str],
    raw: Sequence[str] | None = None,
    bylines: frozenset[int] = frozenset(),
    *,
    name: str = "",
    weights: Mapping[str, float] | None = None,
) -> int | None:
    """The index of the headline among ``lines`` (removed lines given as ""), or None.

    ``raw`` are the same lines before cleaning (default: ``lines``): a headline is usually
    followed within a few lines by the byline or the dateline, which cleaning removes;
    ``bylines`` are the lines cleaning removed as bylines or datelines; ``name`` is the file's
    name (people name saved pages after their headline). Each headline-like line above the
    body is scored by its features (``headline_candidates``) times ``weights`` (default: the
    weights fitted on public pages, ``data/headline.toml``); the best wins, the nearest to the
    body on a tie. A text without a body paragraph has none.
    """
    raw = _unwrapped(lines if raw is None else raw)
    lines = _unwrapped(lines)
    start, above, lines_like = _headline_like_above(lines)
    if start is None or len(lines_like) <= 1:  # nothing to choose between
        return lines_like[0] if lines_like else None
    candidates = _with_features(lines, raw, bylines, start, above, lines_like, name)
    weights = headline_weights() if weights is None else weights
    scores = [
        sum(weights.get(feature, 0.0) * value for feature, value in features.items())
        for _, features in candidates
    ]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    chosen = candidates[best][0]
    # The article's headline over its standfirst, with no furniture around them to tell them
    # apart: a sentence chosen below a headline-like line that is none, or a long line chosen
    # below a shorter one that opens the text.
    above_chosen = [n for n in range(chosen) if raw[n].strip()]
    if above_chosen and above_chosen[-1] in dict(candidates):
        heading = lines[above_chosen[-1]]
        if reads_as_sentence(lines[chosen]) and not reads_as_sentence(heading):
            return above_chosen[-1]
        opens_text = len(above_chosen) == 1 and word_count(heading) >= 3
        if opens_text and word_count(lines[chosen]) >= SENTENCE_MIN_WORDS > word_count(heading):
            return above_chosen[-1]
    return chosen


def headline_candidates(
    lines: Sequence[str],
    raw: Sequence[str] | None = None,
    bylines: frozenset[int] = frozenset(),
    name: str = "",
) -> list[tuple[int, dict[str, float]]]:
    """The headline-like lines above the body, nearest first, each with its features."""
    raw = _unwrapped(lines if raw is None else raw)
    lines = _unwrapped(lines)
    start, above, candidates = _headline_like_above(lines)
    if start is None or not candidates:
        return []
    return _with_features(lines, raw, bylines, start, above, candidates, name)


def _with_features(
    lines: Sequence[str],
    raw: Sequence[str],
    bylines: frozenset[int],
    start: int,
    above: list[int],
    candidates: list[int],
    name: str,
) -> list[tuple[int, dict[str, float]]]:
    """``candidates``, the headline-like lines of ``above`` (the lines above the body that
    ``start``s, nearest first), each with its features."""
    rank = {n: r for r, n in enumerate(above)}
    chosen = set(candidates)
    header = [n for n in range(start) if lines[n] or _is_marker(raw[n], n in bylines)]
    position = {n: i for i, n in enumerate(header)}
    counts = Counter(line.casefold() for line in lines if line)
    body = [line for line in lines[start:] if line]
    # The stems of lines joined are those of each line (no word runs over a line break): one
    # search of the whole body rather than one per line.
    lead = _stems("\n".join(body[:_LEAD_LINES]))
    whole = lead | _stems("\n".join(body[_LEAD_LINES:]))
    topmost = min(candidates)
    named = _stems(_HOST.sub(" ", name).replace("_", " "))
    # The dates of a list of other stories mark its items' headlines, not the article's.
    shown = {n: line for n, line in enumerate(raw[:start]) if line and not line.isspace()}
    listed_dates = dated_lists(shown, list(shown))
    found = []
    for n in candidates:
        line = lines[n]
        words = line.split()
        count = word_count(line)
        stems = _stems(line)
        below = header[position[n] + 1 : position[n] + 1 + _BYLINE_REACH]
        above_n = header[max(0, position[n] - 2) : position[n]]
        close_above = [m for m in above_n if m in chosen]
        close_below = [m for m in below[:2] if m in chosen]
        features = {
            "nearness": 1 / (1 + rank[n]),
            "log_rank": math.log1p(rank[n]),
            "next_to_body": rank[n] == 0,
            "topmost": n == topmost,
            "marker_below": any(_is_marker(raw[m], m in bylines) for m in below),
            "byline_below": any(raw[m] and _is_byline(raw[m]) for m in below),
            "date_below": any(
                raw[m] and m not in listed_dates and is_date_marker(raw[m]) for m in below
            ),
            "marker_above": any(_is_marker(raw[m], m in bylines) for m in above_n),
            "log_words": math.log(count),
            "two_words": count == 2,
            "few_words": count <= 4,
            "some_words": 5 <= count <= 16,
            "many_words": count > 20,
            "clause_end": bool(_CLAUSE_END.search(line)),
            "period_end": line.rstrip().endswith("."),
            "sentence_break": has_sentence_break(line),
            "capitals": line.isupper(),
            "title_case": sum(word[:1].isupper() for word in words) / len(words),
            "repeated": counts[line.casefold()] > 1,
            "lead_overlap": _share(stems, lead),
            "body_overlap": _share(stems, whole),
            "headline_above": bool(close_above),
            "headline_below": bool(close_below),
            "echoes_above": max((_share(stems, _stems(lines[m])) for m in close_above), default=0),
            "echoes_below": max((_share(stems, _stems(lines[m])) for m in close_below), default=0),
            "in_file_name": _share(stems, named),
            "longer_below": count >= 5 and any(word_count(lines[m]) > count for m in close_below),
            "listed": _listed(raw, n),
        }
        found.append((n, {key: float(value) for key, value in features.items()}))
    return found


_LIST_REACH = 6  # a list's heading this many lines above a line or fewer: it is listed
_DATED_ITEM_LINES = 3  # ... or further, over items of a few lines each with a date of its own


def _listed(raw: Sequence[str], number: int) -> bool:
    """Whether a line stands in a list of other stories: a list's heading ("More On:",
    "Trending Now") is among the few lines above it, or further above over a list of dated
    items ("MORE STORIES LIKE THIS ONE", then section, headline, date, again and again)."""
    seen = since_date = 0
    for above in range(number - 1, -1, -1):
        line = raw[above]
        if not line:
            continue
        if is_list_heading(line):
            return True
        seen += 1
        since_date = 0 if is_date_alone(line) else since_date + 1
        if seen >= _LIST_REACH and since_date >= _DATED_ITEM_LINES:
            return False
    return False


def _headline_like_above(lines: Sequence[str]) -> tuple[int | None, list[int], list[int]]:
    """The body's first line, the lines above it (nearest first) and those of them that could
    be the headline."""
    start = body_start(lines)
    if start is None:  # wire copy, a sentence a line: its headline stands above it all the same
        start = body_start(lines, SHORT_BODY_MIN_WORDS)
    if start is None:
        return None, [], []
    above = [n for n in range(start - 1, -1, -1) if lines[n]][:_LOOK_BACK]
    body = " ".join(line for line in lines[start:] if line)
    candidates = [
        n
        for n in above
        if _could_be_headline(lines[n])
        and not _fixture_venue(lines, n, body)
        and not _field_value(lines, n)
        and not _goes_on_below(lines, n)
    ]
    return start, above, candidates


def _field_value(lines: Sequence[str], number: int) -> bool:
    """Whether a line is the value of a field labelled on the line above it ("Author:" over
    "Jane Roe", ``[field_label] words`` in ``data/headline.toml``)."""
    label = next((lines[n] for n in range(number - 1, -1, -1) if lines[n]), "").strip()
    return label.endswith(":") and label[:-1].strip().casefold() in field_labels()


_CONTINUATION_WORDS = 4  # a line going on in small letters this long: a sentence's rest
_BYLINE_WORD = re.compile(r"(by|von|par|por|di|door|av|am|le|el|on|from)\b", re.I)


def _goes_on_below(lines: Sequence[str], number: int) -> bool:
    """Whether the line below goes on with a line's sentence: it opens in small letters (not
    with a byline's "by", "von"), runs on (``_CONTINUATION_WORDS`` words or more) with no
    figure or separator (a post's details), the line ending with no stop ("Es sprechen
    Kunstschaffende" over "aus vielen Epochen zu uns, die …")."""
    line = lines[number].rstrip()
    if line[-1:] in ".!?:…\"'”’»)":
        return False
    below = next((lines[n] for n in range(number + 1, len(lines)) if lines[n]), "").strip()
    return (
        below[:1].islower()
        and word_count(below) >= _CONTINUATION_WORDS
        and not _BYLINE_WORD.match(below)
        # a post's details ("veröffentlicht am 14 Feb '20 | Kategorien: …", "vor 5 Stunden
        # in Aktuelles") are no sentence's rest
        and not any(char.isdigit() or char in "|•·" for char in below)
    )


@functools.cache
def field_labels(path: Path = DATA_DIR / HEADLINE_WEIGHTS_NAME) -> frozenset[str]:
    """The labels of a page's fields ("author", "publish date"), lower-cased, from the
    ``[field_label]`` table of ``data/headline.toml``."""
    data, _text = read_toml(path, "headline hints")
    return frozenset(word.casefold() for word in data.get("field_label", {}).get("words", ()))


_VENUE_REACH = 2  # a fixture's venue stands this many lines from its day or nearer


def _fixture_venue(lines: Sequence[str], number: int, body: str) -> bool:
    """Whether a line is a fixture's venue: a ground the body names again, its day next to it
    ("France v Wales (Sat)" / "Stade de France, Paris" / "Saturday, 26 February")."""
    if not is_venue(lines[number], body):
        return False
    shown = [n for n in range(len(lines)) if lines[n]]
    at = shown.index(number)
    near = shown[max(0, at - _VENUE_REACH) : at] + shown[at + 1 : at + 1 + _VENUE_REACH]
    return any(is_date_marker(lines[n]) for n in near)


def _unwrapped(lines: Sequence[str]) -> Sequence[str]:
    """``lines`` with each paragraph wrapped at a fixed width read as one: its text on its first
    line, its other lines blank (a standfirst or a caption wrapped in two is no headline)."""
    found = paragraphs(lines)
    if len(found) == len(lines):
        return lines
    joined = [""] * len(lines)
    for number, _, text in found:
        joined[number] = text
    return joined


def _could_be_headline(line: str) -> bool:
    return (
        is_headline_like(line, min_words=2)
        and not _is_byline(line)
        and not _DAY_ALONE.fullmatch(line.strip())
        and not _dangles(line)
        and not line.rstrip().endswith(":")  # it introduces what follows ("About the podcast:")
    )


def _dangles(line: str) -> bool:
    """Whether a line ends with a word no headline ends with ("… beschäftigt den"): a piece
    of a sentence broken over lines (``[dangling_end] words`` in ``data/headline.toml``)."""
    words = line.split()
    return len(words) > 1 and words[-1].casefold() in dangling_words()


@functools.cache
def dangling_words(path: Path = DATA_DIR / HEADLINE_WEIGHTS_NAME) -> frozenset[str]:
    """The words no headline ends with ("the", "and", "den"), lower-cased, from the
    ``[dangling_end]`` table of ``data/headline.toml``."""
    data, _text = read_toml(path, "headline hints")
    return frozenset(word.casefold() for word in data.get("dangling_end", {}).get("words", ()))


def _stems(line: str) -> set[str]:
    """The line's words of four letters or more, cut to five ("agreement" → "agree")."""
    folded = line.casefold()
    stems = {word[:5] for word in _WORD.findall(_CJK.sub(" ", folded)) if len(word) >= 4}
    # Chinese and Japanese: every two characters in a row (no spaces tell the words).
    for run in _CJK.findall(folded):
        stems.update(run[k : k + 2] for k in range(len(run) - 1))
    return stems


def _share(stems: set[str], others: set[str]) -> float:
    """The fraction of ``stems`` that ``others`` holds."""
    return len(stems & others) / len(stems) if stems else 0.0


@functools.cache
def headline_weights(path: Path = DATA_DIR / HEADLINE_WEIGHTS_NAME) -> dict[str, float]:
    """The weight of each headline feature, fitted on public pages (``data/headline.toml``)."""
    data, _text = read_toml(path, "headline weights")
    return {name: float(value) for name, value in data["weights"].items()}


def _is_marker(line: str, removed_as_byline: bool = False) -> bool:
    """A byline or a date: what follows a headline."""
    return bool(line) and (removed_as_byline or _is_byline(line) or is_date_marker(line))


def is_date_marker(line: str) -> bool:
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
