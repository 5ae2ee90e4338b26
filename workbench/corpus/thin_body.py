"""Whether the body the fast extraction found is likely the wrong part of the page.

The extractor's fast mode keeps the block of the page it scores best. On a page whose article
paragraphs sit outside the block it expects (left between comments, after a gallery), it can
keep a comment policy or a list of video titles instead. Such a body is known by its little
prose: few words in lines long enough to be sentences, much in short lines (links, labels).
A body can also hold the article with the page's lists of other stories around it: more words
in short lines than in prose (crowded). A page whose fast body is thin or crowded is extracted
again with the extractor's fallbacks, and that body is kept when it reads clearly more as an
article: a short post's few sentences are not traded for a longer run of the page's other text
(a script's warnings, a sidebar's blurbs).
"""

from __future__ import annotations

from workbench.corpus.headline import word_count

PROSE_LINE_WORDS = 12  # a line with at least this many words reads as a sentence, not a link
THIN_PROSE_WORDS = 80  # a body with fewer words in such lines is looked at again
FULLER_BY = 100  # words of prose (less short-line words) another body has more to be taken


def prose_words(text: str) -> int:
    """The words of a text's lines long enough to be sentences."""
    return _prose_and_all(text)[0]


def _prose_and_all(text: str) -> tuple[int, int]:
    """The words of a text's lines long enough to be sentences, and of all its lines."""
    counts = [word_count(line) for line in text.splitlines()]
    return sum(count for count in counts if count >= PROSE_LINE_WORDS), sum(counts)


def is_thin(text: str) -> bool:
    """Whether an extracted body has too little prose to be a page's article."""
    return prose_words(text) < THIN_PROSE_WORDS


def is_crowded(text: str) -> bool:
    """Whether an extracted body has more words in short lines (links, labels, a list of
    other stories) than in prose: the article with the page's lists around it."""
    return body_score(text) < 0


def is_doubtful(text: str) -> bool:
    """Whether an extracted body is thin or crowded: worth extracting again."""
    return is_thin(text) or is_crowded(text)


def body_score(text: str) -> int:
    """How much a body reads as an article: its prose words less its short lines' words."""
    prose, every = _prose_and_all(text)
    return prose - (every - prose)


def is_fuller(found: str, thin: str) -> bool:
    """Whether a body found again reads clearly more as an article than a thin one."""
    return body_score(found) >= body_score(thin) + FULLER_BY
