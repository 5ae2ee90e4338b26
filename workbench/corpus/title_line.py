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


_PARAGRAPH_WORDS = 10  # the article's first paragraph has this many words at least
_KEY_CHARS = 40  # ... and is known among the shown lines by its start, this long
_LOOK_BACK = 40  # shown lines above the first paragraph searched for its headline
_BELOW = 3  # ... and below it, for the headline finder to see the body begin
_OPENING_WORDS = 400  # the article's words a headline's words are looked for among
_SPEAKS = 0.5  # a headline's share of words (two letters or more) the article uses
_STRAY = 0.3  # ... a title's that is none of the article's (a site's name, a section's)
_LINE_KEY = re.compile(r"\w+")
_HEADLINE_WORDS = 3  # a headline found so has this many words at least ("Law & Justice": 2)
_WORDS = re.compile(r"\w+")


def headline_above(
    title: str | None, shown: tuple[str, ...] | list[str], paragraphs: list[str]
) -> str | None:
    """The headline a page shows above its article's first paragraph (one of ``paragraphs``)
    among its ``shown`` lines, when ``title`` is none of the article's: a site's name, a
    section's, a slogan ("Winona Daily News", "Please support local business!"), or none at
    all; None when the title stands (the page shows it above the article, or the article uses
    its words) or the page shows no headline that speaks of the article."""
    first_paragraph = next((p for p in paragraphs if len(p.split()) >= _PARAGRAPH_WORDS), None)
    if first_paragraph is None or not shown:
        return None
    start = _line_key(first_paragraph)[:_KEY_CHARS]
    first = next((n for n, line in enumerate(shown) if start in _line_key(line)), None)
    if first is None:
        return None
    words = " ".join(paragraphs).split()[:_OPENING_WORDS]
    opening = {word.casefold() for word in _LINE_KEY.findall(" ".join(words))}
    mine = _share(title or "", opening)
    if mine >= _STRAY:
        return None
    top = max(0, first - _LOOK_BACK)
    lines = list(shown[top : first + _BELOW])
    if title and _shown_above(_line_key(title), lines[: first - top]):
        return None  # the page shows its title above the article: its headline, in its words
    found = find_headline(lines)
    if found is None or top + found >= first:
        return None
    headline = " ".join(lines[found].split())
    if len(_WORDS.findall(headline)) < _HEADLINE_WORDS or _share(headline, opening) < _SPEAKS:
        return None  # a section's name ("Law & Justice"), a line about something else
    return headline


def _shown_above(title: str, lines: list[str]) -> bool:
    """Whether one of ``lines`` is the title (keyed), or a part of it of a few words at least
    (the headline of "Sound Politics: Fight! Fight! Fight!")."""
    for line in lines:
        key = _line_key(line)
        if key == title or (len(key.split()) >= _MIN_WORDS and f" {key} " in f" {title} "):
            return True
    return False


def _line_key(text: str) -> str:
    """A line's words, lower case, single spaces (punctuation aside)."""
    return " ".join(_LINE_KEY.findall(text.casefold()))


def _share(text: str, opening: set[str]) -> float:
    """The share of the words of ``text`` (two letters or more) among ``opening``."""
    words = [word.casefold() for word in _LINE_KEY.findall(text) if len(word) > 1]
    return sum(word in opening for word in words) / len(words) if words else 0.0
