"""Words of normalized sentences as a polars frame, and the stopwords that carry no topic.

Phrases, alignment blocking and lexical similarity all work on the same words: runs of letters
and digits in a sentence's ``norm``, with inner hyphens and apostrophes kept (``us-russia``,
``putin's``) and dotted abbreviations whole (``u.s.``), so one definition lives here.
"""

from __future__ import annotations

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
