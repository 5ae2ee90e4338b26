"""Words of normalized sentences as a polars frame, and the stopwords that carry no topic.

Phrases, alignment blocking and lexical similarity all work on the same words: runs of letters
and digits in a sentence's ``norm``, with inner hyphens and apostrophes kept (``us-russia``,
``putin's``) and dotted abbreviations whole (``u.s.``), so one definition lives here.
"""

from __future__ import annotations

import re

import polars as pl

# Dotted abbreviations ("u.s.") are one word, so are hyphenated compounds ("us-russia").
WORD_PATTERN = r"(?:\w\.){2,}|\w+(?:['’-]\w+)*"

# English function words: a phrase made only of these, or a shingle of these, says nothing
# about what an article is about.
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    it's that's there's he's she's they're we're i'm don't doesn't didn't isn't wasn't aren't
    weren't won't wouldn't can't cannot said says say mr mrs ms one two may might must shall
    whether though although however yet still even ever since per via upon within without
    among amid onto toward towards also s t
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(WORD_PATTERN)


def content_word_set(text: str) -> set[str]:
    """The words of a text other than stopwords: ``set(findall(WORD_PATTERN)) - STOPWORDS``,
    about twice as fast.

    A word never holds whitespace, so the words of a text are those of its space-separated
    tokens; a token of letters and digits alone (``str.isalnum``: what ``\\w`` matches, the
    underscore aside) is one word whole, and the few others ("concern,", "u.s.") are looked up
    once in a table of tokens kept across calls (scanning a text with the pattern took most
    of the time).
    """
    words = set(text.split()) - STOPWORDS  # a stopword token is one stopword
    odd = [token for token in words if not token.isalnum()]
    if odd:
        words.difference_update(odd)
        for token in odd:
            found = _TOKEN_WORDS.get(token)
            if found is None:
                if len(_TOKEN_WORDS) > _TOKEN_WORDS_KEPT:
                    _TOKEN_WORDS.clear()
                found = _TOKEN_WORDS[token] = frozenset(_WORD.findall(token)) - STOPWORDS
            words |= found
    return words


# The content words of each token that is not a word whole ("concern,"), kept across calls.
_TOKEN_WORDS: dict[str, frozenset[str]] = {}
_TOKEN_WORDS_KEPT = 100_000


def sentence_words(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per word of each sentence's ``norm``, in order.

    Columns: row (UInt32, the sentence's row index in ``sentences``), position (UInt32, word
    index within the sentence), length (UInt32, words in the sentence), word (String),
    stop (Boolean, a stopword).
    """
    words = pl.col("norm").str.extract_all(WORD_PATTERN)
    return (
        sentences.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
            words.alias("word"),
        )
        .with_columns(length=pl.col("word").list.len().cast(pl.UInt32))
        .filter(pl.col("length") > 0)
        .with_columns(position=pl.int_ranges(0, pl.col("length"), dtype=pl.UInt32))
        .explode(["word", "position"])
        .with_columns(stop=pl.col("word").is_in(list(STOPWORDS)))
        .select("row", "position", "length", "word", "stop")
        .collect()
    )
