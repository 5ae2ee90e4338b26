"""Words of normalized sentences as a polars frame, and the stopwords that carry no topic.

Phrases, alignment blocking and lexical similarity all work on the same words: runs of letters
and digits in a sentence's ``norm``, with inner hyphens and apostrophes kept (``us-russia``,
``putin's``) and dotted abbreviations whole (``u.s.``), so one definition lives here.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

import polars as pl

# A link ("https://t.co/x1", "www.state.gov/r/pa", "pic.twitter.com/ab1"), an e-mail address or
# a handle ("@mfa_russia") is one word: its pieces ("pic twitter com") are not words of the text.
# (The patterns run in Python's re and in polars' regex engine: no lookaround.)
_URL_CHAR = r"[^\s\"'<>()\[\]{}]"
_URL_END = r"[^\s\"'<>()\[\]{}.,;:!?]"  # a link ends before the sentence's punctuation
_DOMAINS = "com|org|net|gov|edu|mil|info|ru|uk"
LINK_PATTERN = (
    rf"(?:https?://|www\.){_URL_CHAR}*{_URL_END}"
    rf"|(?:[\w-]+\.)+(?:{_DOMAINS})\b(?:/(?:{_URL_CHAR}*{_URL_END})?)?"
    r"|[\w.+-]*@\w+(?:\.\w+)*"
)
# Dotted abbreviations ("u.s.") are one word, so are hyphenated compounds ("us-russia").
WORD_PATTERN = rf"{LINK_PATTERN}|(?:\w\.){{2,}}|\w+(?:['’-]\w+)*"
# What tells a word found by ``WORD_PATTERN`` for a link.
_LINK_MARK = rf"[/@]|^www\.|\.(?:{_DOMAINS})$"

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
_LINK = re.compile(_LINK_MARK)


def is_link(word: str) -> bool:
    """True when a word (as ``WORD_PATTERN`` finds it) is a link, e-mail address or handle."""
    return _LINK.search(word) is not None


def is_content_word(word: str) -> bool:
    """True when a word can carry a phrase: neither a stopword nor a link."""
    return word not in STOPWORDS and not is_link(word)


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


# A frame's column of each sentence's words of ``norm`` already found (``norm_words``): steps that
# need them take them from there rather than find them again.
NORM_WORDS = "norm_words"


def norm_words(sentences: pl.DataFrame) -> pl.Expr:
    """The words of each sentence's ``norm`` (``WORD_PATTERN``), as lists: its ``NORM_WORDS``
    column when it has one."""
    if NORM_WORDS in sentences.columns:
        return pl.col(NORM_WORDS)
    return pl.col("norm").str.extract_all(WORD_PATTERN)


def sentence_words(sentences: pl.DataFrame, languages: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per word of each sentence's ``norm``, in order (its ``NORM_WORDS``, if any).

    Columns: row (UInt32, the sentence's row index in ``sentences``), position (UInt32, word
    index within the sentence), length (UInt32, words in the sentence), word (String),
    stop (Boolean, a stopword or a link: no phrase or shingle begins or ends on it). In an
    article written in another language (``article_languages``, when ``sentences`` has
    ``article_id`` and ``sentence_id``), that language's function words are stopwords too
    (``languages``: those articles, when already told).
    """
    words = norm_words(sentences)
    frame = (
        sentences.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
            words.alias("word"),
        )
        .with_columns(length=pl.col("word").list.len().cast(pl.UInt32))
        .filter(pl.col("length") > 0)
        .with_columns(position=pl.int_ranges(0, pl.col("length"), dtype=pl.UInt32))
        .explode(["word", "position"])
        .collect()
    )
    # Stopwords and links are told once per distinct word: the link pattern on every word took
    # most of the time of marking them.
    distinct = frame.select(pl.col("word").unique())
    stopped = distinct.filter(
        pl.col("word").is_in(list(STOPWORDS)) | pl.col("word").str.contains(_LINK_MARK)
    ).get_column("word")
    frame = frame.with_columns(stop=pl.col("word").is_in(stopped.implode())).select(
        "row", "position", "length", "word", "stop"
    )
    if not {"article_id", "sentence_id"} <= set(sentences.columns):
        return frame
    if languages is None:
        languages = article_languages(sentences)
    if languages.is_empty():
        return frame
    foreign = (
        sentences.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), "article_id")
        .join(languages, on="article_id")
        .select("row", "language")
        .join(frame.select("row", "word"), on="row")
        .join(_function_word_frame(), on=["language", "word"], how="semi")
        .select("row", "word")
        .unique()
        .with_columns(pl.lit(True).alias("function"))
    )
    return (
        frame.join(foreign, on=["row", "word"], how="left", maintain_order="left")
        .with_columns(stop=pl.col("stop") | pl.col("function").fill_null(False))
        .select("row", "position", "length", "word", "stop")
    )


ENGLISH = "en"
_LANGUAGE_SAMPLE = 6  # the first sentences of an article tell its language
_LANGUAGE_MIN_WORDS = 5  # function words of a language it needs among them to be told


def article_languages(sentences: pl.DataFrame) -> pl.DataFrame:
    """The articles of ``sentences`` (with ``article_id``, ``sentence_id``, ``norm``) written in
    a language other than English: article_id, language.

    An article's language is the one whose function words (English: ``STOPWORDS``; others:
    ``function_words.toml``) are most of the words of its first sentences, English on a tie
    and when fewer than a handful are any language's; between two other languages on a tie,
    the one met first. (Counted as one join of the first sentences' words with the function
    words: a tenth of the time of counting word by word in Python at 10,000 articles.)
    """
    sample = sentences.filter(pl.col("sentence_id") < _LANGUAGE_SAMPLE).select(
        "article_id", pl.col("norm").fill_null("").str.split(" ").alias("word")
    )
    words = sample.explode("word").with_row_index("position")
    hits = words.join(_language_rows(), on="word", how="inner")
    if hits.is_empty():
        return pl.DataFrame(schema={"article_id": pl.String, "language": pl.String})
    counts = hits.group_by("article_id", "language").agg(
        pl.len().alias("hits"),
        (pl.col("position") * _LANGUAGES_AT_MOST + pl.col("rank")).min().alias("first"),
    )
    # English wins a tie: among an article's most frequent languages, English if it is one.
    best = (
        counts.with_columns(
            most=pl.col("hits").max().over("article_id"),
            english=(pl.col("language") == ENGLISH),
        )
        .filter(pl.col("hits") == pl.col("most"))
        .sort(["article_id", "english", "first"], descending=[False, True, False])
        .unique("article_id", keep="first", maintain_order=True)
    )
    found = best.filter(
        (pl.col("language") != ENGLISH) & (pl.col("hits") >= _LANGUAGE_MIN_WORDS)
    ).select("article_id", "language")
    order = sample.select("article_id").unique(maintain_order=True)
    return order.join(found, on="article_id", how="inner", maintain_order="left")


_LANGUAGES_AT_MOST = 1_000  # more languages than function_words.toml will ever hold


@lru_cache(maxsize=1)
def _language_rows() -> pl.DataFrame:
    """Each function word with each language it is one of, and the language's rank (English
    first, then the file's order): word, language, rank."""
    rows = [
        (word, language, rank)
        for rank, (language, words) in enumerate(function_words().items())
        for word in words
    ]
    return pl.DataFrame(
        rows, schema={"word": pl.String, "language": pl.String, "rank": pl.Int64}, orient="row"
    )


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """Each language's function words: English ``STOPWORDS``, the others from the package's
    ``function_words.toml`` (written by ``scripts/function_words.py`` from ``wordfreq``)."""
    from workbench.paths import DATA_DIR

    with (DATA_DIR / "function_words.toml").open("rb") as file:
        table = tomllib.load(file)
    return {ENGLISH: STOPWORDS, **{lang: frozenset(words) for lang, words in table.items()}}


@lru_cache(maxsize=1)
def _function_word_frame() -> pl.DataFrame:
    """``function_words`` as rows: language, word."""
    pairs = [(lang, word) for lang, words in function_words().items() for word in sorted(words)]
    return pl.DataFrame(pairs, schema={"language": pl.String, "word": pl.String}, orient="row")


def distinct_codes(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The distinct strings of ``values`` and each value's code (its index among them, UInt32),
    in one pass: a categorical of the column's own categories (half the time of ``unique`` and a
    join back on the strings). Nulls stay null."""
    categories = pl.Categories.random()
    coded = values.cast(pl.Categorical(categories))
    # The categories live only as long as a column uses them: read while ``coded`` holds them.
    return categories.to_series(), coded.to_physical()
