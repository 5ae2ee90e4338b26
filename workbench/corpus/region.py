"""Where the article stands in a page saved as text: below the page's header, above its footer.

A page saved from a browser holds the whole page: menus and labels above the headline, and
below the article's last paragraph newsletter boxes, lists of other stories, link lists and
the site's footer. The article is one block of paragraphs: long lines, at most a few short
ones between them (a subheading, a caption, a pull quote). Where a longer run of lines with no
paragraph among them follows, the page has left the article; what follows is the footer.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Sequence
from functools import cached_property

from workbench.corpus.headline import body_start, has_sentence_break, is_body_paragraph
from workbench.corpus.list_heading import HEADING_CHARS, is_list_heading

PROSE_WORDS = 15  # a line above the headline this long, ending as a sentence, is the article's
PARAGRAPH_WORDS = 8  # a sentence this long is the article's prose, not a link or a label
LONG_LINE_WORDS = 12  # a line this long is the article's too, however it ends
FOOTER_RUN = 8  # this many lines in a row without a paragraph: the article has ended, ...
RESUME_WITHIN = 12  # ... unless the lines this close below the run hold
RESUME_PARAGRAPHS = 2  # this many paragraphs of the body: the article goes on
_SENTENCE_END = ".!?\"'”’)…"


def is_page_header(lines: Sequence[str], headline: int) -> bool:
    """Whether the lines above the headline are the page's header (menus, labels, links), to
    be removed: there are some, and none of them is prose (a paragraph of the article that the
    headline was found below), or but one line of prose stands a run of ``FOOTER_RUN`` lines
    or more above the headline (a promotion in the masthead, not the article)."""
    if headline <= 0:
        return False
    prose = [n for n in range(headline) if lines[n] and _is_prose(lines[n])]
    if not prose:
        return True
    # Lines of paragraphs (wrapped at a width, each short of a sentence) say an article is
    # there, whatever line was taken for its headline.
    if len(prose) > 1 or sum(_is_paragraph(line) for line in lines[:headline] if line) > 2:
        return False
    return sum(1 for n in range(prose[0] + 1, headline) if lines[n]) >= FOOTER_RUN


# A comments section opens with its count and what they are on ("34 responses to “…”") or its
# form ("Leave a Reply", "Laisser un commentaire"), or a commenter's name over each comment (a
# count alone may stand under the headline, a link to the comments), or a commenter's name and
# the time below each ("Posted by: Ellen at September 10, 2012 11:40 AM", "Posted by: Amy |
# Apr 6, 2007 1:21:27 PM": the blog's own line under the post has no colon).
_COMMENTS_OPENING = re.compile(
    r"(\d+ (comments?|responses?|replies|reactions|thoughts|gedanken|kommentare?|commentaires?"
    r"|comentarios?"
    r"|comentários?|reacties) (to|on|zu|sur|a|em|op) .{1,200}"
    r"|(leave|post|add|write) a (reply|comment|response)( to .{1,200})?|cancel reply"
    r"|join the (discussion|conversation)|comments are closed|schreibe einen kommentar"
    r"|kommentar (schreiben|verfassen)|laisser un commentaire|deja un comentario"
    r"|deixe um comentário|deixe uma resposta)[.!:]?",
    re.IGNORECASE,
)
_COMMENTER = re.compile(
    r"[^ ]+( [^ ]+){0,4}( on .{6,40})? (says|said|schreibt|sagt|dit|dice|disse|wrote):",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"(posted|written|submitted) by: .{1,80}?( at| on|,| \|) .{0,40}\d:\d\d(:\d\d)?( ?[ap]\.?m\.?)?"
    r"( \|.{0,40})?",
    re.IGNORECASE,
)
# The heading such a section has above its first comment: "Comments", "12 Comments",
# "Comments (12)", "Trackback Pings".
_COMMENTS_HEADING = re.compile(
    r"(\d+ )?(comments?|responses?|trackbacks?( pings)?)( \(\d+\))?:?", re.IGNORECASE
)
COMMENTERS = 3  # commenters' names within ...
COMMENTERS_WITHIN = 20  # ... this many lines: a comments section


def comments_start(written: Sequence[str], start: int) -> int | None:
    """The first line of a comments section below the line ``start`` (the article's first
    paragraph), from the lines as written: its opening, or the first of ``COMMENTERS`` lines
    naming a commenter close together (or the section's heading above them); None when there
    is none."""
    named: list[int] = []
    chain: list[int] = []  # the commenters' lines so far, each close to the one before
    signed: int | None = None  # the first comment's signature, however long the comments
    for number in range(start + 1, len(written)):
        line = written[number]
        if not line or len(line) > 240:
            continue
        if _COMMENTS_OPENING.fullmatch(line):
            return number
        signature = _SIGNATURE.fullmatch(line)
        if signature or _COMMENTER.fullmatch(line):
            named = [n for n in named if number - n < COMMENTERS_WITHIN] + [number]
            close = chain and number - chain[-1] < COMMENTERS_WITHIN
            chain = [*chain, number] if close else [number]
            signed = number if signature and signed is None else signed
            if len(named) >= COMMENTERS:
                first = chain[0] if signed is None else min(chain[0], signed)
                return _heading_above(written, first, start)
    return None


def _heading_above(written: Sequence[str], first: int, start: int) -> int:
    """The comments section's heading within ``COMMENTERS_WITHIN`` lines above its first
    commenter's line (below the line ``start``), else that line."""
    for number in range(first - 1, max(start, first - COMMENTERS_WITHIN), -1):
        if written[number] and _COMMENTS_HEADING.fullmatch(written[number]):
            return number
    return first


def before_comments(shown: Sequence[str], written: Sequence[str]) -> list[str]:
    """``shown`` with a comments section blanked (its lines ""), for finding the headline: a
    commenter's question is never the article's. The lines as they are when no comments
    section stands below a paragraph of the article's body (a "Leave a comment" link under
    the headline is none)."""
    first = next((n for n, line in enumerate(shown) if line and is_body_paragraph(line)), None)
    start = None if first is None else comments_start(written, first)
    if start is None:
        return list(shown)
    kept = [line if n < start else "" for n, line in enumerate(shown)]
    return kept if body_start(kept) is not None else list(shown)


# The author's box: "About the author", "About Brigit Katz", "Über Moritz Bachmann" over a
# paragraph of biography.
_AUTHOR_HEADING = re.compile(
    r"(?i:about the authors?|über den autor(in)?|sobre o autor|sobre el autor"
    r"|à propos de l'auteur)"
    r"|(About|Über|Sobre|À propos de) [A-Z][\w'’-]+( [A-Z][\w'’.-]+){1,2}:?"
)
HEADING_RESUME_WITHIN = 12  # two paragraphs in a row this close below the heading: the article
HEADING_BOX_LINES = 3  # a paragraph of the body after this many lines or fewer: the article


def listing_start(shown: Sequence[str], written: Sequence[str], start: int) -> int | None:
    """The first heading of a list of other stories or of the author's box below the line
    ``start`` (the article's first paragraph) that the article does not resume below, or
    None. The headings are read as written (another rule may have removed them)."""
    resumes = _Resumption(shown)
    for number in range(start + 1, len(written)):
        line = written[number]
        if not line or len(line) > HEADING_CHARS:
            continue
        if is_list_heading(line) and not resumes.below(number):
            return number
        if _AUTHOR_HEADING.fullmatch(line) and not resumes.below(number, box=False):
            return number
    return None


class _Resumption:
    """Whether the article goes on below a line of a page, asked of many lines in linear
    time: the page's shown lines are indexed once, on the first question (most pages have
    no heading to ask about)."""

    def __init__(self, shown: Sequence[str]) -> None:
        self._shown = shown

    @cached_property
    def _index(self) -> tuple[list[int], list[bool], list[bool]]:
        """The shown lines' numbers, whether each is a paragraph of the body, and whether two
        such paragraphs stand in a row at each of them or below."""
        visible = [n for n, line in enumerate(self._shown) if line]
        body = [is_body_paragraph(self._shown[n]) for n in visible]
        pair_from = [False] * (len(body) + 1)
        for k in range(len(body) - 2, -1, -1):
            pair_from[k] = (body[k] and body[k + 1]) or pair_from[k + 1]
        return visible, body, pair_from

    def below(self, heading: int, *, box: bool = True) -> bool:
        """Whether the article goes on below a heading: a paragraph of its body right below
        a box of a few links (``box``), two lines of sentences in a row close below (cards of
        other stories alternate a headline, however long, and a teaser) or two paragraphs of
        its body's anywhere below."""
        visible, body, pair_from = self._index
        first = bisect.bisect_right(visible, heading)
        close = range(first, min(first + HEADING_RESUME_WITHIN, len(visible)))
        if box and any(body[k] for k in close[: HEADING_BOX_LINES + 1]):
            return True  # a link or two, and the article's paragraph again
        lines = [self._shown[visible[k]] for k in close]
        if any(
            _is_sentences(a, PARAGRAPH_WORDS) and _is_sentences(b, PARAGRAPH_WORDS)
            for a, b in itertools.pairwise(lines)
        ):
            return True
        # ... or further below, after a long box (the most read stories inside the article)
        return pair_from[first]


BOX_LINKS = 2  # a list's heading over this many links or more inside the article: a box


def boxed_lists(shown: Sequence[str], written: Sequence[str], start: int) -> list[range]:
    """The lines of boxes of links to other stories inside the article below the line
    ``start``: a list's heading ("Trending News", "More in World", "Editors' picks") that the
    article resumes below, and the ``BOX_LINKS`` or more lines under it that are no sentences
    of prose, up to the article's next one."""
    boxes: list[range] = []
    resumes = _Resumption(shown)
    number = start + 1
    while number < len(written):
        line = written[number]
        if not is_list_heading(line):
            number += 1
            continue
        if not resumes.below(number):
            break  # the list ends the article: the footer's (``listing_start``)
        links = []
        for below in range(number + 1, len(shown)):
            if not shown[below]:
                continue
            if _is_box_end(shown[below]):
                break
            links.append(below)
        if len(links) >= BOX_LINKS:
            boxes.append(range(number, links[-1] + 1))
            number = links[-1] + 1
        else:
            number += 1
    return boxes


def _is_box_end(line: str) -> bool:
    """Whether a line below a list's heading is the article's again: a sentence of prose, a
    line as long as a paragraph, one ending as a statement does, or a line of dialogue."""
    return (
        _is_sentences(line, PARAGRAPH_WORDS)
        or len(line.split(maxsplit=25)) > 25
        or line.rstrip()[-1:] in ".:;"
        or line[:1] in "—–-"
    )


# Other stories listed in cards, each with the time it was posted ("32M ago", "2 hours ago",
# "Nov 18"): a list, wherever it stands in the page. Clock times and dates with a year are no
# card's: a live blog's entries and a chronology's have them.
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CARD_TIME = re.compile(
    r"\(?((updated|posted) )?((\d{1,3}|an?|one) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?"
    rf"|hours?|d|days?|w|weeks?|months?) ago|{_MONTH} \d{{1,2}}(st|nd|rd|th)?|\d{{1,2}} {_MONTH}"
    r"|yesterday)\)?",
    re.IGNORECASE,
)
CARDS = 3  # this many cards in a row make a list of stories ...
CARD_LINES = 4  # ... a card at most this many lines, its time among them ...
HEADLINE_CARDS = 0.5  # ... and this share of the cards holding a headline (no sentence's end)


def story_lists(shown: Sequence[str], written: Sequence[str], start: int) -> list[range]:
    """The lines of lists of story cards below the line ``start`` (the article's first
    paragraph): ``CARDS`` or more lines with a card's time, each within ``CARD_LINES`` lines
    of the next (counting the lines left shown), from the first card's first line (or the
    list's heading above it) to the last card's time, when half the cards hold a headline. A
    card's lines before its time are as many as between two times, less one."""
    timed = {n for n in range(start + 1, len(written)) if _CARD_TIME.fullmatch(written[n] or "")}
    visible = [n for n in range(start + 1, len(written)) if shown[n] or n in timed]
    times = [k for k, n in enumerate(visible) if n in timed]
    lists: list[range] = []
    run: list[int] = []
    for k in [*times, None]:
        if k is not None and run and k - run[-1] <= CARD_LINES:
            run.append(k)
            continue
        if len(run) >= CARDS:
            gap = int(statistics.median(b - a for a, b in itertools.pairwise(run)))
            first = max(0, run[0] - (gap - 1))
            cards = [visible[max(first, time - (gap - 1)) : time] for time in run]
            if _headline_cards(cards, shown) >= HEADLINE_CARDS * len(cards):
                if first > 0 and _is_label(shown[visible[first - 1]]):
                    first -= 1  # the list's heading ("More in World", "Latest news")
                lists.append(range(visible[first], visible[run[-1]] + 1))
        run = [k] if k is not None else []
    return lists


_SLIDE = re.compile(r"[-•*·]? ?(\d{1,3}) ?(?:/|of) ?(\d{1,3})(?: |$)")
SLIDES = 3  # this many numbered slides in a row ("1/50", "2/50", "3/50") make a slide show


def slide_shows(shown: Sequence[str], start: int) -> list[range]:
    """The lines of slide shows below the line ``start``: ``SLIDES`` or more lines opening
    with a slide's number out of the same count ("- 12/50 Blockbusters aid Pinewood expansion
    …"), each a little after the last (a slide the extractor dropped leaves a gap), from the
    list's heading above the first (a gallery's "Business news in pictures", repeated) to the
    last slide's caption; a caption runs on until the next slide, the last's as far as the
    others' at most and not into a paragraph of the article's."""
    slides = []  # (line, number, count)
    for n in range(start + 1, len(shown)):
        found = _SLIDE.match(shown[n]) if shown[n] else None
        if found and int(found[2]) >= SLIDES and 1 <= int(found[1]) <= int(found[2]):
            slides.append((n, int(found[1]), int(found[2])))
    shows: list[range] = []
    run: list[tuple[int, int, int]] = []
    for slide in [*slides, None]:
        if slide is not None and run and slide[2] == run[-1][2] and 0 < slide[1] - run[-1][1] <= 3:
            run.append(slide)
            continue
        if len(run) >= SLIDES:
            lines = [n for n, _, _ in run]
            longest = max(b - a for a, b in itertools.pairwise(lines))
            end = lines[-1] + 1
            while end < min(len(shown), lines[-1] + longest) and not (
                _SLIDE.match(shown[end]) or is_body_paragraph(shown[end])
            ):
                end += 1
            first, above, labels = lines[0], lines[0] - 1, 0
            while above > start and labels < 2 and (not shown[above] or _is_label(shown[above])):
                if shown[above]:  # the heading, and its repetition
                    first, labels = above, labels + 1
                above -= 1
            shows.append(range(first, end))
        run = [slide] if slide is not None else []
    return shows


LABEL_WORDS = 5  # a line this short that ends as no sentence does heads what follows it


def _is_label(line: str) -> bool:
    return 0 < len(line.split()) <= LABEL_WORDS and line.rstrip()[-1:] not in _SENTENCE_END


def _headline_cards(cards: list[list[int]], shown: Sequence[str]) -> int:
    """How many cards (their lines before their time) hold a line that ends as no sentence
    does: a headline."""
    return sum(
        any(shown[n] and shown[n].rstrip()[-1:] not in _SENTENCE_END for n in card)
        for card in cards
    )


def footer_start(lines: Sequence[str], start: int) -> int | None:
    """The first line of the page's footer below the article whose body starts at ``start``
    (removed lines given as ""), or None when the article runs to the end."""
    shown = [n for n in range(start, len(lines)) if lines[n]]
    last = None  # the article's last line so far
    run = 0
    named = _Named(lines, shown)
    for position, number in enumerate(shown):
        line = lines[number]
        if _is_paragraph(line):
            last, run = position, 0
            continue
        run += 1
        if run == 1 and last is not None and _tags_at(lines, shown, position, last, named):
            return number
        if last is not None and run >= FOOTER_RUN and not _resumes_below(lines, shown, position):
            # The sentences right after the last paragraph are its end ("Reporting by ...").
            end = last + 1
            while end < len(shown) and _ends_as_sentence(lines[shown[end]]):
                end += 1
            return shown[end] if end < len(shown) else None
    return None


TAG_RUN = 4  # this many short lines in a row, below the article, that name its topics ...
TAG_SHARE = 0.6  # ... this share of them (and three at least) words of the article: its tags
TAG_WORDS = 4  # a tag is this many words at most
_WORD = re.compile(r"\w+")


class _Named:
    """The word sequences of up to ``TAG_WORDS`` words that a page's lines name, from the
    article's first line on, gathered as far down as asked (each line's words once)."""

    def __init__(self, lines: Sequence[str], shown: Sequence[int]) -> None:
        self._lines, self._shown = lines, shown
        self._done = 0  # positions in ``shown`` whose words are gathered
        self._words: list[str] = []
        self._grams: set[tuple[str, ...]] = set()

    def names(self, words: list[str], through: int) -> bool:
        """Whether ``words`` stand in a row in the lines down to position ``through``."""
        while self._done <= through:
            first = len(self._words)
            self._words += _WORD.findall(self._lines[self._shown[self._done]].casefold())
            for end in range(first + 1, len(self._words) + 1):
                for size in range(1, min(TAG_WORDS, end) + 1):
                    self._grams.add(tuple(self._words[end - size : end]))
            self._done += 1
        return tuple(words) in self._grams


def _tags_at(
    lines: Sequence[str], shown: Sequence[int], position: int, last: int, named: _Named
) -> bool:
    """Whether the lines from ``shown[position]`` on, right below the paragraph at ``last``,
    are the article's tags ("China", "Xi Jinping", "Hong Kong", "Protests"): a run of short
    labels that the article's own text mostly names, not a list its last paragraph opens. They
    close an article; what follows them is another story's (the page's next article, a box of
    other stories), however long."""
    if lines[shown[last]].rstrip().endswith(":"):
        return False  # a list the article introduces ("The classic ways are:")
    run = []
    for number in shown[position:]:
        line = lines[number].strip()
        if len(line.split()) > TAG_WORDS or line[-1:] in _SENTENCE_END or line[-1:] in ",;:":
            break
        run.append(line)
    if len(run) < TAG_RUN or _is_table(run):
        return False
    found = 0
    for tag in run:
        words = _WORD.findall(tag.casefold())
        found += bool(words) and named.names(words, last)
    return found >= max(3, TAG_SHARE * len(run))


def _is_paragraph(line: str) -> bool:
    """A line of the article's prose: a sentence or more of ``PARAGRAPH_WORDS`` words, or a
    line as long as few links or labels are (a list item of the article)."""
    # Words counted up to the limit only (split no further): most lines are long prose.
    return len(line.split(maxsplit=LONG_LINE_WORDS - 1)) >= LONG_LINE_WORDS or _is_sentences(
        line, PARAGRAPH_WORDS
    )


TABLE_FIGURES = 0.4  # this share of a run of short lines figures alone: a table's cells
_FIGURE = re.compile(r"[-+–−]?[$£€]?\.?\d[\d,.:/%]*[a-z%]{0,2}", re.IGNORECASE)


def _resumes_below(lines: Sequence[str], shown: Sequence[int], position: int) -> bool:
    """Whether the article goes on below the run of short lines at ``shown[position]``: close
    below it, or, a table whose cells stand a line each (figures and their labels), below the
    whole table however long when a paragraph of the body follows it."""
    if _resumes(lines, shown[position + 1 :]):
        return True
    end = position
    while end < len(shown) and not _is_paragraph(lines[shown[end]]):
        end += 1
    first = position
    while first > 0 and not _is_paragraph(lines[shown[first - 1]]):
        first -= 1
    run = [lines[n] for n in shown[first:end]]
    return _is_table(run) and end < len(shown) and is_body_paragraph(lines[shown[end]])


def _is_table(run: Sequence[str]) -> bool:
    """Whether short lines are a table's cells, a line each: ``TABLE_FIGURES`` of them figures
    alone ("310", ".316", "1,170", "12%")."""
    figures = sum(bool(_FIGURE.fullmatch(line.strip())) for line in run)
    return bool(run) and figures >= TABLE_FIGURES * len(run)


def _resumes(lines: Sequence[str], following: Sequence[int]) -> bool:
    """Whether the article goes on below a run of short lines (a gallery, a box of links to
    other stories inside it): paragraphs of its body close below."""
    ahead = following[:RESUME_WITHIN]
    return sum(is_body_paragraph(lines[n]) for n in ahead) >= RESUME_PARAGRAPHS


# A label's count in brackets ("2020 Election (611 posts)", "Iowa Caucus (140)") ends no sentence.
_COUNT_END = re.compile(r"\(\d[\d,.]*(?: \w+)?\)$")


def _ends_as_sentence(line: str) -> bool:
    line = line.rstrip()
    return (
        len(line.split(maxsplit=3)) >= 4
        and line[-1:] in _SENTENCE_END
        and not _COUNT_END.search(line)
    )


def _is_prose(line: str) -> bool:
    """A line above the headline that is the article's: ``PROSE_WORDS`` of sentences."""
    return _is_sentences(line, PROSE_WORDS)


def _is_sentences(line: str, min_words: int) -> bool:
    """``min_words`` words or more that end as a sentence or hold two."""
    return len(line.split(maxsplit=min_words - 1)) >= min_words and (
        line.rstrip()[-1:] in _SENTENCE_END or has_sentence_break(line)
    )
