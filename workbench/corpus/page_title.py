"""A web page's title checked against the page's ``<title>`` and its article.

The title a page's markup gives (``og:title``, JSON-LD's headline, else the lone ``<h1>``) is
sometimes no headline at all: a section's name ("Pressemitteilungen", "Aktuelles"), a menu's
heading ("Navigation und Service", "Hauptmenü"), a category ("Allgemein"), the name of the
site or of the program that made it ("escenic"). Such a title is not part of the document's
``<title>``, which names the article, and its words are not the article's. When the title the
markup gives is of that kind and a part of the ``<title>`` (without the site's name) speaks
of the article, that part is the title. The site's name at either end of a title is taken
off ("How to Build a Terrarium | eHow"), and a title that is only the site's name ("L-Mag",
"seelenradio") gives way to the headline the article's text opens with, when it opens with one.
"""

from __future__ import annotations

import re

from workbench.corpus.address import host_label, host_of
from workbench.corpus.dates import full_dates, is_date_alone
from workbench.corpus.headline import has_sentence_break, is_headline_like, word_count
from workbench.corpus.outlet import gazetteer, known_outlet_name

# What sites put between a headline and their name in a <title>: "Headline | Site",
# "Site – Section – Headline", "Site: Headline", "Section / Headline".
_PARTS = re.compile(r"\s+[|–—/»«·•:-]+\s+|\s*::\s*|(?<=\w):\s+")
_WORD = re.compile(r"\w+")
_OPENING_WORDS = 400  # the article's words a title is looked for among

# A title whose words the article hardly uses, against a part of the <title> whose words it
# does (shares of the title's words of two letters or more found among the opening words).
_STRAY = 0.4
_SPEAKS = 0.6
_BETTER_BY = 0.4
_MIN_PART_WORDS = 3
# A title of one word (a section's or a site's name) gives way to a part of at least this
# many words that the article uses half of.
_LABEL_PART_WORDS = 4
_LABEL_SPEAKS = 0.5
_LABEL_WORDS = 2  # a title of so few words written inside a longer part of the <title>


def checked_title(
    title: str | None,
    title_tag: str | None,
    site: str | None,
    url: str | None,
    body: str,
    headings: tuple[str, ...] = (),
) -> str | None:
    """The page's title: ``title`` (the markup's), unless it is no headline of the article
    ``body`` and a part of the ``<title>`` text ``title_tag`` is one (see the module); a
    title that is a date alone (the day after the headline in "Site - Headline - May 4,
    2000") is none: the ``<title>``'s headline then, else no title (the text's is taken).
    ``headings``: the page's ``<h1>`` texts, where a site shows its name."""
    if not title:
        return title
    dated = is_date_alone(title)
    if not title_tag:
        return None if dated else title
    # A title the <title> writes as a part of its own beside others may be the site's name
    # there ("Das vermutlich schwulste Musikvideo der Welt : Krimiblog-Archiv | …"): it gives
    # way only to a part that speaks of the article where it does not.
    own_part = not dated and _whole_part(title, title_tag)
    shown = in_title_tag(title, title_tag) and not _label_inside(title, title_tag)
    if not dated and shown and not own_part:
        return title
    opening = {word.casefold() for word in _WORD.findall(" ".join(body.split()[:_OPENING_WORDS]))}
    part = _article_part(title_tag, site, url, opening, also=title if own_part else None)
    if dated:
        headline = part is not None and not full_dates(part) and word_count(part) >= _MIN_PART_WORDS
        return part if headline else None
    if part is None:
        return title
    mine, theirs = _share(title, opening), _share(part, opening)
    words = len(_WORD.findall(part))
    if own_part and any(text_key(part) in text_key(heading) for heading in headings):
        return title  # the part the page shows as its name in a heading
    if mine < _STRAY and theirs >= _SPEAKS and theirs - mine >= _BETTER_BY:
        return part if words >= _MIN_PART_WORDS else title
    if own_part:
        return part if _one_word_label(title, words, theirs) else title
    if mine == 0 and words >= _LABEL_PART_WORDS and theirs > 0:  # a program's name, a code
        return part
    return part if _one_word_label(title, words, theirs) else title


def _one_word_label(title: str, words: int, theirs: float) -> bool:
    """Whether a title of one word (a section's or a site's name) gives way to a part of the
    <title> of ``words`` words whose share ``theirs`` of words the article uses is enough."""
    one_word = len(_WORD.findall(title)) == 1
    return one_word and words >= _LABEL_PART_WORDS and theirs >= _LABEL_SPEAKS


def _whole_part(title: str, title_tag: str) -> bool:
    """Whether ``title`` is one of the parts of a ``<title>`` of several parts."""
    parts = [part for part in _PARTS.split(" ".join(title_tag.split())) if part.strip()]
    key = text_key(title)
    return len(parts) > 1 and any(text_key(part) == key for part in parts)


# A site's name joined to a headline in a title, with or without spaces ("NEWS WEB
# EASY|子ども…", "How to Build a Terrarium | eHow"); a hyphen only with spaces round it or
# beside Chinese or Japanese ("…英雄的城！-新华网").
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SITE_JOIN = re.compile(rf"\s*(?:\||::|·|•|–|—)\s*|\s+(?:-|»|›)\s+|(?<=[{_CJK}])-|-(?=[{_CJK}])")
_HOST_LABEL_CHARS = 5  # a host's name this long names the site inside a longer name too
_TITLE_LEFT_WORDS = 2  # a title without the site's name keeps at least this many words
_SITE_NAME_WORDS = 4  # a site's name of more words is trusted only when it names the host
_TAGLINE_WORDS = 8  # a site's name and its tagline after a headline have at most so many words


def site_title_mended(
    title: str | None, site: str | None, url: str | None, body: str
) -> str | None:
    """``title`` without the site's name at either end; or the headline ``body`` opens with
    when ``title`` only names the site."""
    host = host_of(url) or ""
    label = text_key(host_label(host))
    names = site_names(site, url)
    # A long "site name" that does not name the host may be the end of the headline itself.
    own = text_key(site or "")
    trusted = word_count(site or "") <= _SITE_NAME_WORDS or bool(label and label in own)
    endings = {text_key(host), label, own if trusted else ""} - {""}
    if title:
        title = _without_trail(_without_site_name(title, endings, label))
    if not title or text_key(title) not in names:
        return title
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    opening = first.rstrip()[-1:] not in ".!?…" and not has_sentence_break(first)
    return first if opening and is_headline_like(first) else title


def _without_site_name(title: str, names: set[str], label: str) -> str:
    """A title without a part at either end that names the site (one of ``names``, keyed, or
    a short name that opens or ends with the host's ``label``: "Teufel Blog" on
    blog.teufel.de), when what is left has words enough to be a headline."""
    joins = list(_SITE_JOIN.finditer(title))
    if not joins:
        return title
    first, last = joins[0], joins[-1]
    for kept, dropped in (
        (title[: last.start()], title[last.end() :]),  # the name after the headline, mostly
        (title[first.end() :], title[: first.start()]),
    ):
        key = text_key(dropped).removeprefix("www")
        named = (key in names and bool(key)) or (
            len(label) >= _HOST_LABEL_CHARS
            and (key.startswith(label) or key.endswith(label))
            and word_count(dropped) <= _SITE_NAME_WORDS
        )
        if (named or is_outlet_name(dropped)) and word_count(kept) >= _TITLE_LEFT_WORDS:
            return _without_sections(kept.strip())
    # The site's name and its tagline after the headline ("… - AOC media - Analyse Opinion
    # Critique"): the part after a join opens with the name.
    for join in joins[:-1]:
        kept, dropped = title[: join.start()], title[join.end() :]
        opening = text_key(_SITE_JOIN.split(dropped, maxsplit=1)[0])
        if (
            opening in names
            and word_count(dropped) <= _TAGLINE_WORDS
            and word_count(kept) >= _TITLE_LEFT_WORDS
        ):
            return kept.strip()
    return title


def is_outlet_name(text: str) -> bool:
    """Whether ``text`` is a known outlet's name or domain ("CNN.com", "BBC NEWS")."""
    text = text.strip()
    return bool(text) and (text in gazetteer().written or known_outlet_name(text) != text)


_SECTION_WORDS = 3  # a section's name in a site's title ("Politics", "U.S. & World")
_HEADLINE_WORDS = 4  # ... given up only for a part of at least this many words


def _without_sections(title: str) -> str:
    """A title whose site's name was taken off, without the short parts at either end that name
    the site's sections ("Views - Heritage Foundation - U.S. Must Take Firm Stand on Iran")."""
    spans, start = [], 0
    for join in _SITE_JOIN.finditer(title):
        spans.append((start, join.start()))
        start = join.end()
    spans.append((start, len(title)))
    if len(spans) < 2:
        return title
    headline = max(spans, key=lambda span: word_count(title[span[0] : span[1]]))
    if word_count(title[headline[0] : headline[1]]) < _HEADLINE_WORDS:
        return title
    if any(word_count(title[a:b]) > _SECTION_WORDS for a, b in spans if (a, b) != headline):
        return title
    return title[headline[0] : headline[1]].strip()


_TRAIL_PARTS = 3  # a headline holds no run of this many short parts joined by "|"


def _without_trail(title: str) -> str:
    """A title without a date or a trail of sections after its headline ("… - Sep 1, 2005",
    "… - Local News | News Articles | National News | US News")."""
    joins = list(_SITE_JOIN.finditer(title))
    if not joins:
        return title
    last = joins[-1]
    tail = title[last.end() :]
    if full_dates(tail) and word_count(tail) <= _SECTION_WORDS + 1:  # a date alone
        head = title[: last.start()].strip()
        return _without_trail(head) if word_count(head) >= _TITLE_LEFT_WORDS else title
    pipes = [join for join in joins if join.group().strip() == "|"]
    if len(pipes) < _TRAIL_PARTS - 1:
        return title
    # The trail runs from the join before its first "|" part to the end.
    before = [join for join in joins if join.start() < pipes[0].start()]
    if not before:
        return _without_pipe_trail(title, pipes[0])
    head, trail = title[: before[-1].start()].strip(), title[before[-1].end() :]
    parts = [part for part in _SITE_JOIN.split(trail) if part.strip()]
    short = all(word_count(part) <= _SECTION_WORDS + 1 for part in parts)
    if short and len(parts) >= _TRAIL_PARTS and word_count(head) >= _TITLE_LEFT_WORDS:
        return head
    return title


_TRAIL_WORDS = 2  # ... a part of a trail right after a headline's "|" ("… | iPhone | Forum")


def _without_pipe_trail(title: str, pipe: re.Match) -> str:
    """A title without the sections of a forum or a site written after its headline's first
    "|", each a word or two ("kein App Store mehr über Mobile Daten mit iOS 13 ? | iPhone |
    Forum"); the headline keeps words enough to be one."""
    head = title[: pipe.start()].strip()
    parts = [part for part in _SITE_JOIN.split(title[pipe.end() :]) if part.strip()]
    short = all(word_count(part) <= _TRAIL_WORDS for part in parts)
    if short and len(parts) >= _TRAIL_PARTS - 1 and word_count(head) >= _HEADLINE_WORDS:
        return head
    return title


def site_names(site: str | None, url: str | None) -> set[str]:
    """The names a site goes by, keyed (``text_key``): its own, its host's, the host's label."""
    host = host_of(url) or ""
    return {text_key(site or ""), text_key(host), text_key(host_label(host))} - {""}


def _article_part(
    title_tag: str, site: str | None, url: str | None, opening: set[str], also: str | None = None
) -> str | None:
    """The part of a ``<title>`` that names the article: the site's name (or ``also``, a name
    the page gives itself) taken off its ends, then the part the article's opening words
    match most (None: no part left)."""
    names = site_names(site, url) | ({text_key(also)} if also else set())
    text = " ".join(title_tag.split())
    spans, start = [], 0
    for separator in _PARTS.finditer(text):
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]

    def names_site(span: tuple[int, int]) -> bool:
        part = text[span[0] : span[1]]
        key = text_key(part)
        if not key or any(key in name for name in names):
            return True
        # A short part with the site's name in it ("CNN.com Blogs"), never a headline that
        # the site's name is glued to ("CNN.com -Bush, Gore briefs on …").
        return word_count(part) <= _SITE_NAME_WORDS and any(name in key for name in names)

    while len(spans) > 1 and names_site(spans[-1]):
        spans.pop()
    while len(spans) > 1 and names_site(spans[0]):
        spans.pop(0)
    if not spans or names_site(spans[0]):
        return None

    def matched(span: tuple[int, int]) -> tuple[int, int]:
        words = [word.casefold() for word in _WORD.findall(text[span[0] : span[1]])]
        return sum(word in opening for word in words), len(words)

    # A date is never the article's name ("Site - Section - Headline - Monday August 14, 2000
    # 11:34 PM"), however many of its words the article's dateline repeats.
    spans = [span for span in spans if not is_date_alone(text[span[0] : span[1]])]
    if not spans:
        return None
    best = max(spans, key=matched)
    return text[best[0] : best[1]]


# A word as titles are matched against the <title>: letters and digits; a run of Chinese or
# Japanese, written without spaces, is matched by its characters.
_TAG_WORD = re.compile(r"[^\W_]+")
_NO_SPACES = re.compile(f"[{_CJK}]")


def in_title_tag(title: str, title_tag: str) -> bool:
    """Whether ``title`` is written in the page's ``<title>`` ``title_tag``: its words in a
    row there, never inside other words (a section's "U.S." is not in "… | US News")."""
    if _NO_SPACES.search(title):
        return text_key(title) in text_key(title_tag)
    words = [word.casefold() for word in _TAG_WORD.findall(title)]
    if not words:
        return False
    tag = [word.casefold() for word in _TAG_WORD.findall(title_tag)]
    size = len(words)
    return any(tag[start : start + size] == words for start in range(len(tag) - size + 1))


def _label_inside(title: str, title_tag: str) -> bool:
    """Whether ``title`` is a label of a word or two (a section's "U.S.") that the <title>
    writes only inside a longer part ("Las Vegas Gunman Angry at U.S. Government"), not as a
    part of its own: a headline is a whole part."""
    if word_count(title) > _LABEL_WORDS:
        return False
    key = text_key(title)
    return all(text_key(part) != key for part in _PARTS.split(" ".join(title_tag.split())))


def _share(text: str, opening: set[str]) -> float:
    """The share of the words of ``text`` (two letters or more) among ``opening``."""
    words = [word.casefold() for word in _WORD.findall(text) if len(word) > 1]
    return sum(word in opening for word in words) / len(words) if words else 0.0


def text_key(text: str) -> str:
    """A text as names and titles are compared: its letters and digits, case aside."""
    return re.sub(r"[^\w]", "", text.casefold())


# Where a title joins its headline to a site's name, a section or a kicker: the joins of
# ``_SITE_JOIN``, a colon after a word ("Chronik: Lotte Tobisch ist tot") or between spaces,
# the marks some templates use ("› Nordish by Nature", "⋆ Leukefeld Handball"), and the
# bracket of a last part in brackets ("… (neues deutschland)").
_SHOWN_JOIN = re.compile(
    r"\s*(?:\||::|·|•|–|—|│|ǀ)\s*|\s+(?:-+|»|«|›|‹|⋆|/|:)\s+|(?<=[\w?!\"“”»«)])[:：]\s+"
    rf"|(?<=[{_CJK}])-|-(?=[{_CJK}])|\s+\((?=[^()]+\)$)"
)
_SHOWN_MIN_WORDS = 2  # a headline shown alone of fewer words only beside the site's name
_SHOWN_SHORTER_WORDS = 3  # ... and of fewer than this only beside a shorter part


def shown_headline(
    title: str | None,
    headings: tuple[str, ...],
    other_titles: tuple[str, ...],
    site: str | None,
    url: str | None,
) -> str | None:
    """The headline the page shows when ``title`` is that headline and more at one end (a
    site's name, a section, a kicker beyond a separator: "Faire Lieferketten - Evangelisches
    Jugendwerk", "Chronik: Lotte Tobisch ist tot"): one of its ``headings`` (its ``<h1>``
    texts) or ``other_titles`` (its other title fields); None when the title is none such."""
    if not title or not (headings or other_titles):
        return None
    key = text_key(title)
    shown = {text_key(heading) for heading in headings}
    if key in shown:
        return None
    shown = (shown | {text_key(other) for other in other_titles}) - {"", key}
    if not shown:
        return None
    names = site_names(site, url)
    label = text_key(host_label(host_of(url) or ""))
    found = None
    for join in _SHOWN_JOIN.finditer(title):
        for kept, rest in (
            (title[: join.start()], title[join.end() :]),
            (title[join.end() :], title[: join.start()]),
        ):
            kept = kept.strip()
            kept_key = text_key(kept)
            if kept_key not in shown or kept_key in names or (found and len(found) >= len(kept)):
                continue
            words, named = word_count(kept), _names_site(rest, names, label)
            if words < _SHOWN_MIN_WORDS and not named:
                continue
            if word_count(rest) > words and words < _SHOWN_SHORTER_WORDS and not named:
                continue
            found = kept
    return _without_date_part(found) if found else None


def _names_site(text: str, names: set[str], label: str) -> bool:
    """Whether a part of ``text`` names the site: one of its ``names``, a known outlet, a
    name that opens or ends with the host's ``label`` ("petri-heil.ch | Dein Magazin")."""
    for part in _SITE_JOIN.split(text.strip(" ()")):
        key = text_key(part).removeprefix("www")
        if not key:
            continue
        if key in names or is_outlet_name(part):
            return True
        if len(label) >= _HOST_LABEL_CHARS and (key.startswith(label) or key.endswith(label)):
            return True
    return False


def _without_date_part(title: str) -> str:
    """A title without a date alone written before or after it ("23.01.2022 - Headline")."""
    joins = list(_SHOWN_JOIN.finditer(title))
    if joins:
        head, tail = title[: joins[0].start()], title[joins[-1].end() :]
        if is_date_alone(head) and word_count(title[joins[0].end() :]) >= _SHOWN_MIN_WORDS:
            return title[joins[0].end() :].strip()
        if is_date_alone(tail) and word_count(title[: joins[-1].start()]) >= _SHOWN_MIN_WORDS:
            return title[: joins[-1].start()].strip()
    return title


# A colon that joins a headline to the site's sections and name ("How To Pack Everything for
# Your 3-Day Weekend Trip: The GQ Eye: GQ on Style: GQ").
_COLON = re.compile(r"(?<=\S):\s+")


def without_colon_trail(
    title: str | None, shown: list[str], site: str | None, url: str | None
) -> str | None:
    """A title whose last part after a colon is the site's name, without it and without the
    sections written between it and the headline: the longest of the title's opening parts
    that the page shows as a line of its own (``shown``), else all but the site's name."""
    if not title:
        return title
    joins = list(_COLON.finditer(title))
    if not joins:
        return title
    head, last = title[: joins[-1].start()].strip(), title[joins[-1].end() :].strip()
    named = text_key(last) in site_names(site, url) or is_outlet_name(last)
    if not named or word_count(head) < _TITLE_LEFT_WORDS:
        return title
    lines = {text_key(line) for line in shown}
    for join in reversed(joins[:-1]):
        opening = title[: join.start()].strip()
        if word_count(opening) >= _HEADLINE_WORDS and text_key(opening) in lines:
            return opening
    return head
