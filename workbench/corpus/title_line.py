"""A page's title cut to the headline the page shows as a line of its own.

Older pages have no ``og:title``: their title is the ``<title>``, which joins the headline to
the site's name, its sections or a trail of both, in any order and with any mark between
("Chelsea hoping to sign Anelka before weekend - Soccer - Sport - Breaking News",
"oHERALDo :: CM hints SEZs may be shown the door", "Aidy Recalls Big Guns (from Harrow
Times)", "… before weekend_English_Xinhua"). The headline is the part the page shows its
reader alone, on a line of its own: the title is cut to the longest such line that opens or
ends it, where a separating mark joins it to the site's name or a trail of its sections. A
kicker or a subtitle beside the headline ("Radon im Boden: Neue Karte gibt Orientierung")
stays, though the page shows the headline's part alone in a list of topics.
"""

from __future__ import annotations

import re

from workbench.corpus.address import host_label, host_of
from workbench.corpus.headline import find_headline
from workbench.corpus.page_header import KEY_CHARS, PARAGRAPH_WORDS, line_key
from workbench.corpus.page_title import is_outlet_name, site_names, text_key

_MIN_WORDS = 3  # a shown line of fewer words is a label ("World", "Top Stories")
_MAX_WORDS = 40  # ... of more, a paragraph
# The mark between the headline and the rest, next to the headline: a dash, a bar, a colon,
# a guillemet, a slash, an underscore, a bracket opening the rest after it, dots closing the
# rest before it ("AdelaideNow... Heart surgeon to detail affair"); a hyphen only with a space
# beside it (never inside a compound: "Gaza-Israel").
_MARKS = "-–—|:»«·•/~>@"
_AFTER = re.compile(rf"\s+(?:[{_MARKS}(\[]+|\.\.\.|…)|[|:_(\[]+|\.\.\.|…|[-–—]+\s")
_BEFORE = re.compile(rf"(?:[{_MARKS})\]]+|\.\.\.|…)\s+$|[|_)\]]+$|\s[-–—]+$")
_WORD = re.compile(r"[^\W_]")


def shown_line_title(
    title: str | None, shown: tuple[str, ...] | list[str], site: str | None, url: str | None
) -> str | None:
    """The headline ``title`` holds beside the site's name or sections (see the module): the
    longest of the page's ``shown`` lines the title opens or ends with, where a mark joins it
    to the site's furniture (``_furniture``); None when the title holds none such, or the page
    shows the whole title as a line ("Dare to Play 3 / October pack" in its ``<h1>``)."""
    if not title:
        return None
    text = " ".join(title.split())
    folded = text.casefold()
    if len(folded) != len(text):  # a letter that folds to two ("ß"): case kept
        folded = text
    lines = [" ".join(line.split()) for line in shown]
    if any(line.casefold() == text.casefold() for line in lines):
        return None  # the page shows the whole title as a line: its headline
    names = site_names(site, url)
    found: str | None = None
    for key in lines:
        key = key.casefold() if folded is not text else key
        words = sum(1 for word in key.split() if _WORD.search(word))
        if not _MIN_WORDS <= words <= _MAX_WORDS or len(key) >= len(folded):
            continue
        if (found and len(found) >= len(key)) or text_key(key) in names:
            continue
        if folded.startswith(key):
            rest, kept = text[len(key) :], text[: len(key)]
            mark = _AFTER.match(rest)
        elif folded.endswith(key):
            rest, kept = text[: -len(key)], text[-len(key) :]
            mark = _BEFORE.search(rest)
        else:
            continue
        if mark and _furniture(rest, mark.group().strip() == ":", names, url):
            found = kept
    return found


_PART_MARKS = re.compile(r"[-–—|:»«·•/~>@()\[\]_]+|\.\.\.|…")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}$", re.IGNORECASE)
_FURNITURE_WORDS = 3  # a section's or a site's name ("Breaking News", "The Economic Times")
_FROM = re.compile(r"^from\s+", re.IGNORECASE)  # "(from The Bolton News)"


def _furniture(rest: str, colon: bool, names: set[str], url: str | None) -> bool:
    """Whether the words a title joins to its headline are the site's furniture: the site's
    name (one of ``names``, a known outlet's, a domain), or, joined by another mark than a
    single colon (a kicker's: "Italien: Reise- und Sicherheitshinweise"), a trail of sections
    and names, each a few words, the first with a capital ("Soccer - Sport - Breaking News",
    "oHERALDo")."""
    parts = [part.strip() for part in _PART_MARKS.split(rest) if _WORD.search(part)]
    if not parts:
        return False
    label = text_key(host_label(host_of(url) or ""))
    for part in parts:
        key = text_key(part).removeprefix("www")
        if key in names or (label and key == label) or _DOMAIN.match(part) or is_outlet_name(part):
            return True
    if colon and len([part for part in rest.split(":") if _WORD.search(part)]) == 1:
        return False
    for part in parts:
        words = _FROM.sub("", part).split()
        if len(words) > _FURNITURE_WORDS or not any(c.isupper() or c.isdigit() for c in words[0]):
            return False
    return True


_LOOK_BACK = 40  # shown lines above the first paragraph searched for its headline
_BELOW = 3  # ... and below it, for the headline finder to see the body begin
_OPENING_WORDS = 400  # the article's words a headline's words are looked for among
_SPEAKS = 0.5  # a headline's share of words (two letters or more) the article uses
_STRAY = 0.3  # ... a title's that is none of the article's (a site's name, a section's)
_HEADLINE_WORDS = 3  # a headline found so has this many words at least ("Law & Justice": 2)


def headline_above(
    title: str | None, shown: tuple[str, ...] | list[str], paragraphs: list[str]
) -> str | None:
    """The headline a page shows above its article's first paragraph (one of ``paragraphs``)
    among its ``shown`` lines, when ``title`` is none of the article's: a site's name, a
    section's, a slogan ("Winona Daily News", "Please support local business!"), or none at
    all; None when the title stands (the page shows it above the article, or the article uses
    its words) or the page shows no headline that speaks of the article."""
    first = _first_line(shown, paragraphs)
    if first is None:
        return None
    opening = _opening_words(paragraphs)
    mine = _share(title or "", opening)
    if mine >= _STRAY:
        return None
    top = max(0, first - _LOOK_BACK)
    lines = list(shown[top : first + _BELOW])
    if title and _shown_above(line_key(title), lines[: first - top]):
        return None  # the page shows its title above the article: its headline, in its words
    found = find_headline(lines)
    if found is None or top + found >= first:
        return None
    headline = " ".join(lines[found].split())
    if len(line_key(headline).split()) < _HEADLINE_WORDS or _share(headline, opening) < _SPEAKS:
        return None  # a section's name ("Law & Justice"), a line about something else
    return headline


_TAG_PARTS = re.compile(r"\s+[|–—/»«·•:~-]+\s+|\s*::\s*|(?<=\w):\s+|\s*\|\s*")
_TAG_LOOK_BACK = 25  # shown lines above the first paragraph searched for a part of the <title>
_TAG_SPEAKS = 0.25  # ... a part's share of words (two letters or more) the article uses


def tag_part_above(
    title: str | None,
    title_tag: str | None,
    shown: tuple[str, ...] | list[str],
    paragraphs: list[str],
    site: str | None,
    url: str | None,
    other_titles: tuple[str, ...] = (),
) -> str | None:
    """The part of the ``<title>`` ``title_tag`` the page shows as a line of its own just above
    its article's first paragraph (one of ``paragraphs``), the nearest such line, when the
    page shows ``title`` nowhere there: the headline beside the site's name or a section in
    the ``<title>`` ("MyFox Houston | Bush Strongly Warns Iran on Naval Clash"), where the
    title is the other part, a heading of the site's ("Other News Video") or no headline at
    all; the title without a kicker or the site's name the page does not show ("IOL: Trio
    set for Derby debuts"). None when the title stands: the page shows it nearer the article
    or as its first line, it is one of ``other_titles`` (``og:title``), or the line adds to it."""
    if not title_tag or not shown:
        return None
    first = _first_line(shown, paragraphs)
    if first is None:
        return None
    lines = [" ".join(line.split()) for line in shown[max(0, first - _TAG_LOOK_BACK) : first]]
    mine = line_key(title or "")
    # The title as the article's first line, or the markup's own headline.
    if mine and mine in {line_key(line) for line in (shown[first], *other_titles)}:
        return None
    parts = _tag_parts(title_tag)
    opening = _opening_words(paragraphs)
    names = site_names(site, url)
    for at in range(len(lines) - 1, -1, -1):
        line, key = lines[at], line_key(lines[at])
        if mine and key == mine:
            return None  # the title shown nearest the article
        if key not in parts or len(key.split()) < _HEADLINE_WORDS:
            continue
        if text_key(line) in names or is_outlet_name(line) or _share(line, opening) < _TAG_SPEAKS:
            continue
        # A line that holds the title and more adds a kicker to it ("Klimaschutz: …"): the
        # title stands; shown above the line, it stands only as the words the article uses
        # more (a heading of the site's over its headline: "Football", "Sports Wire").
        if mine and f" {mine} " in f" {key} ":
            return None
        above = any(line_key(other) == mine for other in lines[:at])
        if above and _share(title or "", opening) >= _share(line, opening):
            return None
        return line
    return None


def _tag_parts(title_tag: str) -> set[str]:
    """The runs of parts of a ``<title>`` between its separators, each keyed (``line_key``):
    the whole text, each part, and each run of parts in a row."""
    text = " ".join(title_tag.split())
    bounds = [0]
    for mark in _TAG_PARTS.finditer(text):
        bounds += [mark.start(), mark.end()]
    bounds.append(len(text))
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))
    return {
        line_key(text[spans[i][0] : spans[j][1]])
        for i in range(len(spans))
        for j in range(i, len(spans))
    } - {""}


def _first_line(shown: tuple[str, ...] | list[str], paragraphs: list[str]) -> int | None:
    """The index among ``shown`` of the line the article's first paragraph (one of
    ``paragraphs`` of ``PARAGRAPH_WORDS`` words or more) stands on; None if none shows it."""
    first_paragraph = next((p for p in paragraphs if len(p.split()) >= PARAGRAPH_WORDS), None)
    if first_paragraph is None:
        return None
    start = line_key(first_paragraph)[:KEY_CHARS]
    return next((n for n, line in enumerate(shown) if start in line_key(line)), None)


def _opening_words(paragraphs: list[str]) -> set[str]:
    """The words (case aside) of the article's first ``_OPENING_WORDS`` words."""
    return set(line_key(" ".join(" ".join(paragraphs).split()[:_OPENING_WORDS])).split())


def _shown_above(title: str, lines: list[str]) -> bool:
    """Whether one of ``lines`` is the title (keyed), or a part of it of a few words at least
    (the headline of "Sound Politics: Fight! Fight! Fight!")."""
    for line in lines:
        key = line_key(line)
        if key == title or (len(key.split()) >= _MIN_WORDS and f" {key} " in f" {title} "):
            return True
    return False


def _share(text: str, opening: set[str]) -> float:
    """The share of the words of ``text`` (two letters or more) among ``opening``."""
    words = [word for word in line_key(text).split() if len(word) > 1]
    return sum(word in opening for word in words) / len(words) if words else 0.0


# Ornaments around a title ("=> The One to Watch <=", ">> …", "» …", "*** …"; not German
# quotation marks: "»Haltet …!«") and the empty cells of a table's row read into it ("| Minor
# League News | | | |").
_ORNAMENT_START = re.compile(r"^(?:\s*(?:=+>|-+>|>{2,}|»(?=\s)|\*{2,}|:{2,}|~+|\|))+\s*")
_ORNAMENT_END = re.compile(r"(?:\s+(?:<=+|<-+|<{2,}|«|\*{2,}|:{2,}|~+)|\s*\|)+\s*$")
# A regional publisher's credit after its headline: "… (from The Bolton News)".
_FROM_CREDIT = re.compile(r"\s*\(from [A-Z][^()]{1,60}\)\s*$")  # not "(From Worst To …)"
_LOOSE = re.compile(r"[^\w\s]|_")


def plain_title(title: str | None, shown: tuple[str, ...] | list[str] = ()) -> str | None:
    """A title without ornaments around it, the empty cells of a table row, or a publisher's
    "(from …)" credit after it; where a line the page shows reads the same but for case and
    punctuation (its title-cased "Pakistans Stocks …" beside the headline's "Pakistan's
    stocks …"), that line. None when nothing is left."""
    if not title:
        return title
    plain = _FROM_CREDIT.sub("", _ORNAMENT_END.sub("", _ORNAMENT_START.sub("", title)))
    plain = " ".join(plain.split())
    if plain == title:
        return title
    key = _loose_key(plain)
    return (
        next((" ".join(line.split()) for line in shown if _loose_key(line) == key), plain) or None
    )


def _loose_key(text: str) -> str:
    """A text's letters and digits, lower case, words single-spaced (marks dropped, not split)."""
    return " ".join(_LOOSE.sub("", text.casefold()).split())
