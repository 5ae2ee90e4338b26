"""Where the article stands in a page saved as text: below the page's header, above its footer.

A page saved from a browser holds the whole page: menus and labels above the headline, and
below the article's last paragraph newsletter boxes, lists of other stories, link lists and
the site's footer. The article is one block of paragraphs: long lines, at most a few short
ones between them (a subheading, a caption, a pull quote). Where a longer run of lines with no
paragraph among them follows, the page has left the article; what follows is the footer.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.corpus.headline import has_sentence_break, is_body_paragraph

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
    headline was found below)."""
    return headline > 0 and not any(_is_prose(line) for line in lines[:headline] if line)


def footer_start(lines: Sequence[str], start: int) -> int | None:
    """The first line of the page's footer below the article whose body starts at ``start``
    (removed lines given as ""), or None when the article runs to the end."""
    shown = [n for n in range(start, len(lines)) if lines[n]]
    last = None  # the article's last line so far
    run = 0
    for position, number in enumerate(shown):
        line = lines[number]
        if _is_paragraph(line):
            last, run = position, 0
            continue
        run += 1
        if last is not None and run >= FOOTER_RUN and not _resumes(lines, shown[position + 1 :]):
            # The sentences right after the last paragraph are its end ("Reporting by ...").
            end = last + 1
            while end < len(shown) and _ends_as_sentence(lines[shown[end]]):
                end += 1
            return shown[end] if end < len(shown) else None
    return None


def _is_paragraph(line: str) -> bool:
    """A line of the article's prose: a sentence or more of ``PARAGRAPH_WORDS`` words, or a
    line as long as few links or labels are (a list item of the article)."""
    return len(line.split()) >= LONG_LINE_WORDS or _is_sentences(line, PARAGRAPH_WORDS)


def _resumes(lines: Sequence[str], following: Sequence[int]) -> bool:
    """Whether the article goes on below a run of short lines (a gallery, a box of links to
    other stories inside it): paragraphs of its body close below."""
    ahead = following[:RESUME_WITHIN]
    return sum(is_body_paragraph(lines[n]) for n in ahead) >= RESUME_PARAGRAPHS


def _ends_as_sentence(line: str) -> bool:
    return len(line.split()) >= 4 and line.rstrip()[-1:] in _SENTENCE_END


def _is_prose(line: str) -> bool:
    """A line above the headline that is the article's: ``PROSE_WORDS`` of sentences."""
    return _is_sentences(line, PROSE_WORDS)


def _is_sentences(line: str, min_words: int) -> bool:
    """``min_words`` words or more that end as a sentence or hold two."""
    return len(line.split()) >= min_words and (
        line.rstrip()[-1:] in _SENTENCE_END or has_sentence_break(line)
    )
