"""Recurring phrases: word n-grams shared by several articles, grouped with their near-variants,
and keyword-in-context lines.

Counting is done on hashed word windows in polars (one pass per length, ``group_by`` on the
hash), so the cost grows with the number of words, never with pairs of sentences. A phrase is
reported only where it is maximal: a window that always comes with a longer recurring window
found in the same articles is left out. Windows start and end on a content word.

Near-variants that differ inside the phrase ("intensify us-russia dialogue" and "intensify the
dialogue") share no exact n-gram, so they are found through gapped windows: a head and a tail
content word with one or two words between. Windows with the same head and tail in two or
more articles are candidates; rapidfuzz ``ratio`` against the group's most common form keeps
the true variants. Exact phrases that differ by a word ending ("press the reset button",
"pressed the reset button") are grouped by rapidfuzz within blocks of phrases whose words have
the same stems. Given an embedding function, a gapped variant (and a phrase joined to one it
contains) must also be close in meaning to the group's main form (cosine ``MEANING_VARIANT_GATE``):
"u.s. and russia" and "u.s. sanctions on russia" share a head, a tail and most letters, but not
what they say.

The table is ranked by salience, not by counts. Salience is the phrase's keyness against general
English (the mean, over its content words, of log10 of the word's frequency in the corpus over
its frequency in ``wordfreq``'s English list, clipped to 0–5) times log2(1 + articles). Some
windows are not recurring themes and are left out: fragments of a longer phrase found in nearly
the same articles ("legacy of the cold" beside "legacy of the cold war"), windows that begin or
end with a word that only links or reports ("noted that russia", "search for a new"), and time
fillers ("four hours ago", "earlier this month"). Names and titles ("president vladimir putin",
"secretary of state", "spokesman mark oaten") have ``kind`` "name" and come after the phrases:
they are the people side of the story (the ``people`` table counts who is named where). They are
told by title words, the people list and the words the corpus writes capitalized
(``workbench.analysis.capitals``), so a corpus of any story has them.

The table is built by steps (below) that work on any subset of the articles and return counts
that add up across subsets, so a partitioned index computes it partition by partition
(``workbench.pipeline.phrases``); ``recurring_phrases`` runs every step over the whole corpus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import polars as pl
import Stemmer
from rapidfuzz import fuzz, process

from workbench.analysis.capitals import capital_counts, capitalized
from workbench.analysis.hashing import combined
from workbench.analysis.row_pairs import first_of_each, pair_keys, pair_rows
from workbench.analysis.tokens import (
    ENGLISH,
    WORD_PATTERN,
    article_languages,
    function_words,
    is_content_word,
    sentence_words,
)
from workbench.columns import schema
from workbench.corpus.dates import FOREIGN_MONTHS

_WORD = re.compile(WORD_PATTERN)
Embed = Callable[[Sequence[str]], np.ndarray]  # texts → L2-normalised rows

VARIANT_THRESHOLD = 70.0  # rapidfuzz ratio a gapped variant must reach against the main form
EXACT_VARIANT_THRESHOLD = 85.0  # ratio for grouping two exact phrases as variants
MAX_GAP = 2  # words allowed between the head and the tail of a gapped window
MAX_VARIANTS = 12  # forms kept per head/tail pair, the most widespread first
RARE_SHARE = 0.02  # a gapped window's head or tail must be in at most this share of articles
RARE_MIN_ARTICLES = 20  # ...or in at most this many
MAX_FORMS = 40  # a head/tail pair seen in more forms than this is a collocation, not a phrase
MEANING_VARIANT_GATE = 0.75  # embedding cosine a variant must reach against the main form
NEAR_MAXIMAL = 0.9  # a phrase inside a longer one found in this share of its articles is a fragment
# A capitalized word this rare in general use is a name's ("Thanou", "Telewest"), not a
# common word's written with a capital ("Security Council").
RARE_NAME_ZIPF = 3.0
MAX_KEYNESS = 5.0  # log10 ratio cap: a word unknown to general English counts as very telling
COMMON_EDGE_ZIPF = 6.4  # an edge word this frequent in general English ("what", "just") links
PHRASE = "phrase"
NAME = "name"

# Words that open or close a fragment rather than a phrase: reporting verbs and linking words
# that are not in the stopword list...
_EDGE_WORDS_TEXT = """
    noted added told stated stressed argued warned explained insisted suggested claimed
    maintained believe believes believed acknowledged admitted conceded contended asserted
    announced declared reported wrote observed remarked recalled predicted cautioned complained
    according including like unlike well"""
EDGE_WORDS = frozenset(_EDGE_WORDS_TEXT.split())
# ...and words that close one: they wait for the noun that follows ("iran and north [korea]").
_END_WORDS_TEXT = """
    new former another other such several many much north south east west northern southern
    eastern western first second last next"""
END_WORDS = frozenset(_END_WORDS_TEXT.split())
_TIME_WORDS_TEXT = """
    ago hour hours minute minutes second seconds day days week weeks month months year years
    earlier later last next this past recent recently today yesterday tomorrow tonight morning
    afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec updated published posted edt est gmt utc pm am a.m.
    p.m. one two three four five six seven eight nine ten eleven twelve dozen few several"""
# ... and in the other languages whose dates are read (German, French, Spanish, Italian,
# Portuguese, Dutch, Russian): "17 30 uhr" and "às 20 13" are time stamps, not phrases.
_FOREIGN_TIME_WORDS_TEXT = """
    uhr stunde stunden minute minuten sekunden heute gestern morgen tag tage woche wochen jahr
    jahre heure heures minutes aujourd'hui hier demain jour jours semaine mois an ans année
    hora horas minuto minutos hoy ayer mañana día días semana mes año años hs às
    ore ora minuti oggi ieri domani giorno giorni settimana mese anno anni
    hoje ontem amanhã dia dias mês ano anos
    uur minuten vandaag gisteren morgen dag dagen week weken maand jaar
    час часа часов минута минут минуты сегодня вчера завтра день дня дней неделя месяц год года
    лет г montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag lundi mardi
    mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo
    lunedì martedì mercoledì giovedì venerdì sabato domenica segunda terça quarta quinta sexta
    segunda-feira terça-feira quarta-feira quinta-feira sexta-feira maandag dinsdag woensdag
    donderdag vrijdag zaterdag zondag понедельник вторник среда четверг пятница суббота
    воскресенье"""
TIME_WORDS = (
    frozenset(_TIME_WORDS_TEXT.split())
    | frozenset(_FOREIGN_TIME_WORDS_TEXT.split())
    | frozenset(FOREIGN_MONTHS)
)
_TITLE_WORDS_TEXT = """
    president vice prime minister foreign secretary state defense defence deputy ambassador
    senator sen rep representative spokesman spokeswoman spokesperson chancellor king queen
    general gen admiral director chairman chief leader official officials department ministry
    mr mrs ms dr former senior then national security adviser advisor envoy special assistant
    press attorney u.s. us russian american russia's america's united states kremlin white house
    judge justice clerk governor mayor congressman congresswoman lawmaker legislator commander
    coach manager captain prosecutor sheriff pope prince princess duke duchess premier speaker
    secretary-general president-elect ceo executive chairwoman chairperson co-chairman
    co-founder founder boss lawyer diplomat candidate nominee front-runner presidential acting
    interim supreme federal county district lord lady sir dame counsel gov lt col sgt capt shadow
    mp mep msp actor actress singer novelist striker midfielder goalkeeper winger fly-half
    scrum-half full-back flanker
    """
# Nationality adjectives: "Syrian President Bashar al-Assad" is a name, "syrian" no title.
_NATIONALITY_WORDS_TEXT = """
    afghan albanian algerian argentine argentinian armenian australian austrian azerbaijani
    belarusian belgian brazilian british bulgarian canadian chechen chilean chinese colombian
    croatian cuban czech danish dutch egyptian emirati english estonian ethiopian european
    filipino finnish french georgian german greek hungarian indian indonesian iranian iraqi
    irish israeli italian japanese jordanian kazakh kenyan korean kurdish latvian lebanese
    libyan lithuanian malaysian mexican moldovan nigerian norwegian pakistani palestinian
    polish portuguese qatari romanian saudi scottish serbian slovak somali spanish sudanese
    swedish swiss syrian taiwanese thai tunisian turkish ukrainian venezuelan vietnamese welsh
    yemeni
    """
TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split()) | frozenset(_NATIONALITY_WORDS_TEXT.split())

COUNTED_SCHEMA = schema(
    "phrase variants articles article_count years first_year last_year occurrences words",
    articles=pl.List(pl.String),
    words=pl.UInt32,
)
PHRASE_SCHEMA = {**COUNTED_SCHEMA, **schema("kind salience")}
KWIC_SCHEMA = schema("article_id year outlet sentence_id left match right")


@dataclass
class _Words:
    """The corpus's words with everything the passes need."""

    frame: pl.DataFrame  # idx, row, position, length, art, stop, h
    text: pl.Series  # the word strings, by idx
    # art, language: the articles written in another language than English
    languages: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_ART_LANGUAGE))
    # The base window keys by window length, made once: the base counts and the longer
    # windows both start from them.
    keys: dict[int, pl.Series] = field(default_factory=dict, repr=False)
    # Per word (hash): its articles, its count and one of its places (``_per_word``), made once
    # for the words' article counts and the vocabulary.
    per_word: pl.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Window texts gather words at random positions: from one chunk, a tenth of the time
        # of gathering across the chunks an explode or a Parquet file leaves (0.5 s → 0.05 s
        # for the 290,000 phrase texts of 10,000 articles).
        self.text = self.text.rechunk()


_ART_LANGUAGE = schema("art language", art=pl.UInt32)


def _corpus_words(
    sentences: pl.DataFrame, articles: pl.DataFrame, languages: pl.DataFrame | None
) -> _Words:
    told = {"article_id", "sentence_id"} <= set(sentences.columns)
    if not told:
        languages = None
    elif languages is None:
        languages = article_languages(sentences)
    words = sentence_words(sentences, languages).with_row_index("idx")
    article_codes = articles.select("article_id").with_row_index("art")
    # Each sentence row's article code, gathered by row (rows are positions): a join of the
    # words on their row took ten times as long.
    row_article = (
        sentences.select("article_id")
        .join(article_codes, on="article_id", how="left", maintain_order="left")
        .get_column("art")
    )
    frame = (
        words.lazy()
        # Window hashes are built by shifting, so the words must stay in text order.
        .with_columns(row_article.gather(words["row"]).alias("art"))
        .filter(pl.col("art").is_not_null())
        .with_columns(pl.col("word").hash(seed=17).alias("h"))
        .select("idx", "row", "position", "length", "art", "stop", "h")
        .collect()
    )
    if languages is None or languages.is_empty():
        return _Words(frame=frame, text=words["word"])
    foreign = languages.join(article_codes, on="article_id").select("art", "language")
    return _Words(frame=frame, text=words["word"], languages=foreign.cast(_ART_LANGUAGE))


def _extend_key(key: pl.Series, hashes: pl.Series, n: int) -> pl.Series:
    """The hash of the ``n``-word window at each position from that of the ``n - 1``-word one."""
    return (
        pl.DataFrame({"a": key, "b": hashes.shift(-(n - 1), fill_value=0)})
        .select(combined(pl.col("a"), pl.col("b")))
        .to_series()
        .rename("a")
    )


def _window_texts(windows: pl.DataFrame, text: pl.Series) -> pl.Series:
    """The words of each (idx, n) window joined by spaces."""
    if windows.is_empty():
        return pl.Series("text", [], dtype=pl.String)
    last = len(text) - 1
    longest = int(windows["n"].max())
    idx = windows["idx"].cast(pl.Int64)
    n = windows["n"].cast(pl.Int64)
    columns = []
    for k in range(longest):
        at = (idx + k).clip(upper_bound=last)
        word = text.gather(at)
        columns.append(pl.Series(f"w{k}", word).zip_with(n > k, pl.Series([None], dtype=pl.String)))
    return (
        pl.DataFrame(columns)
        .select(pl.concat_str(pl.all(), separator=" ", ignore_nulls=True).alias("text"))
        .to_series()
    )


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_exact(units: pl.DataFrame, union: _UnionFind) -> None:
    """Join exact phrases that differ only in word endings ("press"/"pressed the reset button").

    Phrases with the same stemmed words form a block; each is verified with rapidfuzz ``ratio``
    against the block's most widespread phrase.
    """
    if units.height < 2:
        return
    words = units.select("unit", pl.col("text").str.split(" ").alias("word"))
    vocabulary = words["word"].explode().unique().to_list()
    stems = Stemmer.Stemmer("english").stemWords(vocabulary)
    # Each phrase's stems in its own list: a group-by of the exploded words took twice as long.
    keys = words.select(
        "unit",
        pl.col("word")
        .list.eval(pl.element().replace_strict(vocabulary, stems))
        .list.join(" ")
        .alias("key"),
    )
    blocks = (
        units.select("unit", "text")
        .join(keys, on="unit")
        .sort("unit")  # units are numbered most widespread first
        .with_columns(
            pl.col("unit").first().over("key").alias("lead"),
            pl.col("text").first().over("key").alias("lead_text"),
        )
        .filter(pl.col("unit") != pl.col("lead"))
    )
    if blocks.is_empty():
        return
    scores = process.cpdist(
        blocks["text"].to_list(), blocks["lead_text"].to_list(), scorer=fuzz.ratio, workers=-1
    )
    joined = blocks.filter(pl.Series(scores) >= EXACT_VARIANT_THRESHOLD)
    for unit, lead in joined.select("unit", "lead").iter_rows():
        union.union(unit, lead)


# --------------------------------------------------------------------------------------------
# The steps. Each map step works on the words of any subset of the articles (a partition) and
# returns partial counts that add up across subsets (articles are never split); each reduce
# step works on the partial counts of one bucket of keys, or on what the buckets kept.
# ``recurring_phrases`` runs them all over one subset: the whole corpus.
# --------------------------------------------------------------------------------------------


def phrase_words(
    sentences: pl.DataFrame, articles: pl.DataFrame, languages: pl.DataFrame | None = None
) -> _Words:
    """The words of ``sentences`` with what the steps need; ``art`` is each article's rank in
    ``articles`` (the whole corpus in date order, whatever subset ``sentences`` covers).
    ``languages``: ``article_languages`` of ``sentences`` when already told."""
    return _corpus_words(sentences, articles, languages)


def _sorted_pairs(high: pl.Series, low: pl.Series) -> pl.DataFrame:
    """The distinct (high, low) pairs of two 32-bit columns, sorted: high, low (UInt32).

    Packed in one 64-bit integer, sorted and deduplicated as one column: a tenth of the time of
    a two-column sort or ``unique``; ``high`` is flagged sorted, so a group-by on it is a scan.
    The packed column is sorted by numpy (a vectorised sort: half the CPU of polars' sort of
    the 6 million pairs of 10,000 articles).
    """
    if high.null_count() or low.null_count():
        raise ValueError("pairs cannot hold nulls")
    packed = pair_keys(high.cast(pl.UInt32).to_numpy(), low.cast(pl.UInt32).to_numpy())
    # Pairs often come in order already (one subset's distinct pairs; the years of a group's
    # articles in date order): then only the repeats are left out.
    if len(packed) > 1 and not (packed[1:] >= packed[:-1]).all():
        packed.sort()
    first, second = pair_rows(packed[first_of_each(packed)])
    pairs = pl.DataFrame(
        {"high": first, "low": second}, schema={"high": pl.UInt32, "low": pl.UInt32}
    )
    return pairs.with_columns(pl.col("high").set_sorted())


def _article_counts(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Per value of ``key``, the distinct articles (``art``) it is found in: key, df.

    The base windows are in text order, so ``art`` is in order: a stable sort on the key alone
    leaves each key's articles in order, and its distinct articles are where the article
    changes along its run (half the time of a group-by's ``n_unique`` there; for the words and
    the windows of one length the group-by measured as fast or faster, and is kept).
    """
    if not frame["art"].is_sorted():
        return frame.group_by(key).agg(pl.col("art").n_unique().alias("df"))
    value = pl.col(key)
    return (
        frame.lazy()
        .select(key, "art")
        .sort(key, maintain_order=True)
        .filter(value.ne_missing(value.shift(1)) | pl.col("art").ne_missing(pl.col("art").shift(1)))
        .select(value.set_sorted())
        .group_by(key, maintain_order=True)
        .agg(pl.len().alias("df"))
        .collect()
    )


def sum_counts(partials: pl.DataFrame, keys: list[str], types: dict) -> pl.DataFrame:
    """Partial article counts of the same keys added up (articles never span two subsets)."""
    return (
        partials.lazy()
        .group_by(keys)
        .agg(pl.col("df").sum())
        .select(list(types))
        .collect()
        .cast(types)
    )


def _base_keys(words: _Words, min_n: int) -> pl.Series:
    """The hash of the ``min_n``-word window starting at each word."""
    if min_n not in words.keys:
        key = words.frame["h"]
        for n in range(2, min_n + 1):
            key = _extend_key(key, words.frame["h"], n)
        words.keys[min_n] = key
    return words.keys[min_n]


COUNT_SCHEMA = schema("key df")


def base_window_counts(words: _Words, min_n: int) -> pl.DataFrame:
    """Map: per ``min_n``-word window key, the articles of the subset that have it."""
    frame = words.frame
    fits = frame["position"] + min_n <= frame["length"]
    windows = frame.select("art").with_columns(_base_keys(words, min_n).alias("key")).filter(fits)
    return _article_counts(windows, "key").cast(COUNT_SCHEMA)


WORD_COUNT_SCHEMA = schema("h df")


def _per_word(words: _Words) -> pl.DataFrame:
    """Per word hash: df (its articles), n (its occurrences), idx (one of them)."""
    if words.per_word is None:
        words.per_word = words.frame.group_by("h").agg(
            pl.col("art").n_unique().alias("df"), pl.len().alias("n"), pl.col("idx").first()
        )
    return words.per_word


def word_counts(words: _Words) -> pl.DataFrame:
    """Map: per word (hash), the articles of the subset that have it."""
    return _per_word(words).select("h", "df").cast(WORD_COUNT_SCHEMA)


def recurring_counts(partials: pl.DataFrame, keys: list[str], min_articles: int) -> pl.DataFrame:
    """Reduce: keys whose partial article counts add up to ``min_articles`` or more."""
    types = WINDOW_COUNT_SCHEMA if "n" in keys else COUNT_SCHEMA
    return sum_counts(partials, keys, types).filter(pl.col("df") >= min_articles)


# Where an n-gram window stands (its first token, its sentence row, its article) and its key.
WINDOW_SCHEMA = schema("idx row art key n")


def phrase_windows(
    words: _Words, base_recurring: pl.Series, min_n: int, max_n: int
) -> pl.DataFrame:
    """Windows of ``min_n``–``max_n`` words that may recur: idx, row, art, key, n.

    A longer window can recur only where every ``min_n``-word window inside it recurs
    (``base_recurring``: the keys of those that do), so only such windows are listed; they
    start and end on a content word.
    """
    frame = words.frame.select("idx", "row", "art", "position", "length", "stop", "h")
    key = _base_keys(words, min_n)
    fits = frame["position"] + min_n <= frame["length"]
    flagged = key.is_in(base_recurring.implode()) & fits
    frame = frame.with_columns(flagged.alias("base_recurs"))
    found = []
    for n in range(min_n, max_n + 1):
        if n > min_n:
            key = _extend_key(key, frame["h"], n)
        inside = pl.all_horizontal(
            [pl.col("base_recurs").shift(-k).fill_null(False) for k in range(n - min_n + 1)]
        )
        possible = frame.select((pl.col("position") + n <= pl.col("length")) & inside)
        if not possible.to_series().any():
            break  # no longer window can recur either (one that ends on a stopword may, and
            # the word after it make a longer one that starts and ends on content words)
        valid = (
            possible.to_series() & ~frame["stop"] & ~frame["stop"].shift(-(n - 1)).fill_null(True)
        )
        # The window's columns picked before the filter, which would gather every column.
        windows = (
            frame.select("idx", "row", "art", key.alias("key"))
            .filter(valid)
            .with_columns(pl.lit(n, dtype=pl.UInt8).alias("n"))
        )
        found.append(windows)
    if not found:
        return pl.DataFrame(schema=WINDOW_SCHEMA)
    return pl.concat(found).cast(WINDOW_SCHEMA)


WINDOW_COUNT_SCHEMA = schema("key n df")


def window_counts(windows: pl.DataFrame) -> pl.DataFrame:
    """Map: per window key (and its length), the articles of the subset that have it."""
    # One length at a time, lazily: a hash of the one key column is a third of the time of
    # the eager group-by on (key, n) at 10,000 articles.
    frame = windows.lazy()
    by_length = [
        frame.filter(pl.col("n") == n)
        .group_by("key")
        .agg(pl.col("art").n_unique().alias("df"))
        .select("key", pl.lit(n, dtype=pl.UInt8).alias("n"), "df")
        for n in windows["n"].unique().sort().to_list()
    ]
    if not by_length:
        return pl.DataFrame(schema=WINDOW_COUNT_SCHEMA)
    return pl.concat(by_length).collect().cast(WINDOW_COUNT_SCHEMA)


OCCURRENCE_SCHEMA = {**WINDOW_SCHEMA, **schema("df")}


def phrase_occurrences(windows: pl.DataFrame, recurring: pl.DataFrame) -> pl.DataFrame:
    """The windows whose key recurs, with its article count: idx, row, art, key, n, df."""
    # Lazy: the eager join took 2.5 times the CPU at 10,000 articles (8 million occurrences).
    return (
        windows.lazy()
        .join(recurring.lazy().select("key", "df"), on="key")
        .select(list(OCCURRENCE_SCHEMA))
        .collect()
        .cast(OCCURRENCE_SCHEMA)
    )


def dominated_keys(occurrences: pl.DataFrame, max_n: int) -> pl.DataFrame:
    """Keys with an occurrence inside a longer recurring window of the same articles.

    A longer window has a subset of the shorter one's articles, so an equal article count means
    an equal article set. Shared passages longer than ``max_n`` words give a chain of
    overlapping ``max_n``-word windows with the same articles: all but the chain's first are
    dominated. Such a parent window lies in the same sentence, so each subset finds its own
    and the keys dominated anywhere are the union of the subsets' answers.
    """
    if occurrences.is_empty():
        return pl.DataFrame(schema={"key": pl.UInt64})
    # Looked up by position in one dense array per window length (its article count at each
    # start word): a gather per kind of parent instead of a hash join of every occurrence's
    # seven parents (3.2 s of CPU at 10,000 articles, now a tenth). Counts are capped as the
    # packed spots of the hash join capped them. The occurrences are put in order of length
    # once, so each length is a slice of one array of start words and one of counts (columns
    # kept in their own types: the Int64 casts and per-length gathers took half the time).
    n = occurrences["n"].cast(pl.UInt8).to_numpy()
    rows = {m: np.flatnonzero(n == m) for m in range(int(n.max()) + 1)}
    rows = {m: at for m, at in rows.items() if len(at)}
    order = np.concatenate(list(rows.values()))
    bounds = np.cumsum([0, *(len(at) for at in rows.values())])
    spans = {m: (int(bounds[i]), int(bounds[i + 1])) for i, m in enumerate(rows)}
    pad = 2  # the table starts two words early: a parent before the first word finds a 0
    start = occurrences["idx"].cast(pl.UInt32).to_numpy()[order].astype(np.intp)
    start += pad
    df = occurrences["df"].cast(pl.UInt32).to_numpy()[order]
    count = np.minimum(df, (1 << 20) - 1).astype(np.int32)
    count += 1
    dominated = np.zeros(len(order), dtype=bool)
    table = np.zeros(int(start.max()) + 1, dtype=np.int32)

    def mark(length: int, left: int) -> None:
        # Occurrences of ``length`` whose parent starts ``left`` words before with their count.
        lo, hi = spans[length]
        dominated[lo:hi] |= table[start[lo:hi] - left] == count[lo:hi]

    for m, (lo, hi) in spans.items():
        table[start[lo:hi]] = count[lo:hi]
        for left, extra in ((1, 1), (0, 1), (2, 2), (1, 2), (0, 2)):
            if m - extra in spans:
                mark(m - extra, left)
        if m == max_n:  # chain continuation: the same length one or two words earlier
            for shift in (1, 2):
                mark(m, shift)
        table[start[lo:hi]] = 0
    # The distinct keys by a numpy sort of the dominated ones (a fifth of the time of a hash
    # ``unique``).
    keys = occurrences["key"].cast(pl.UInt64).to_numpy()[order[dominated]]
    keys.sort()
    return pl.DataFrame({"key": keys[first_of_each(keys)]}, schema={"key": pl.UInt64})


KEY_TEXT_SCHEMA = schema("key text")


def key_texts(occurrences: pl.DataFrame, words: _Words, dominated: pl.DataFrame) -> pl.DataFrame:
    """The text of each recurring key of the subset not dominated there (one row per key)."""
    first = (
        occurrences.lazy()
        .join(dominated.lazy(), on="key", how="anti")
        .group_by("key")
        .agg(pl.col("idx").min(), pl.col("n").first())
        .collect()
    )
    return first.select("key", _window_texts(first, words.text)).cast(KEY_TEXT_SCHEMA)


def _rare_cap(articles: int, min_articles: int) -> int:
    return max(RARE_MIN_ARTICLES, min_articles, int(RARE_SHARE * articles))


GAPPED_SCHEMA = schema("idx row art n pair form")


def gapped_windows(
    words: _Words, word_df: pl.DataFrame, articles: int, min_n: int, max_n: int, min_articles: int
) -> pl.DataFrame:
    """Head…tail windows anchored on a rare word: idx, row, art, n, pair, form.

    ``word_df`` gives every word's article count in the whole corpus (``word_counts`` added up)
    and ``articles`` how many articles have words at all. Only pairs anchored on a rare word
    are listed: common pairs ("russia … states") have too many forms to be one phrase, and their
    exact forms are found as n-grams anyway.
    """
    rare_cap = _rare_cap(articles, min_articles)
    # A word is rare when its hash is among the rare words' (one row per word in ``word_df``):
    # a look-up in that set rather than a join of every word with its count.
    rare = word_df.filter(pl.col("df") <= rare_cap).get_column("h")
    frame = words.frame.lazy().with_columns(pl.col("h").is_in(rare.implode()).alias("rare"))
    parts = []
    for gap in range(1, MAX_GAP + 1):
        n = gap + 2
        if n < min_n or n > max_n:
            continue
        tail = pl.col("h").shift(-(n - 1), fill_value=0)
        form = combined(*(pl.col("h").shift(-k, fill_value=0) for k in range(n)))
        parts.append(
            frame.with_columns(
                combined(pl.col("h"), tail).alias("pair"),
                form.alias("form"),
            )
            .filter(
                (pl.col("position") + n <= pl.col("length"))
                & ~pl.col("stop")
                & ~pl.col("stop").shift(-(n - 1)).fill_null(True)
                & (pl.col("rare") | pl.col("rare").shift(-(n - 1)).fill_null(False))
            )
            .select("idx", "row", "art", pl.lit(n, dtype=pl.UInt8).alias("n"), "pair", "form")
        )
    if not parts:
        return pl.DataFrame(schema=GAPPED_SCHEMA)
    return pl.concat(parts).collect().cast(GAPPED_SCHEMA)


PAIR_COUNT_SCHEMA = schema("pair df")
FORM_COUNT_SCHEMA = schema("pair form form_df form_count n text")


def gapped_counts(gapped: pl.DataFrame, words: _Words) -> dict[str, pl.DataFrame]:
    """Map: per head/tail pair its articles (``pairs``); per form of a pair its articles,
    occurrences, length and text (``forms``)."""
    pairs = (
        gapped.group_by("pair").agg(pl.col("art").n_unique().alias("df")).cast(PAIR_COUNT_SCHEMA)
    )
    forms = gapped.group_by("pair", "form").agg(
        pl.col("art").n_unique().alias("form_df"),
        pl.len().alias("form_count"),
        pl.col("idx").min(),
        pl.col("n").first(),
    )
    forms = forms.with_columns(_window_texts(forms, words.text)).select(list(FORM_COUNT_SCHEMA))
    return {"pairs": pairs, "forms": forms.cast(FORM_COUNT_SCHEMA)}


VERIFIED_SCHEMA = schema("pair form text")


def verify_gapped(
    pairs: pl.DataFrame,
    forms: pl.DataFrame,
    min_articles: int,
    threshold: float,
    embed: Embed | None = None,
) -> pl.DataFrame:
    """Reduce: the forms of head/tail pairs that are true variants (pair, form, text).

    A pair is kept when it recurs in ``min_articles`` articles in two to ``MAX_FORMS`` forms;
    each form is verified with rapidfuzz ``ratio`` against the pair's most widespread form (and,
    given ``embed``, must be close to it in meaning).
    Every pair with all its forms must be in the partial counts given (one bucket of pairs).
    """
    totals = sum_counts(pairs, ["pair"], PAIR_COUNT_SCHEMA)
    forms = forms.group_by("pair", "form").agg(
        pl.col("form_df").sum(),
        pl.col("form_count").sum(),
        pl.col("n").first(),
        pl.col("text").first(),
    )
    variety = forms.group_by("pair").agg(pl.len().alias("forms"))
    keep = (
        totals.join(variety, on="pair")
        .filter(
            (pl.col("df") >= min_articles) & (pl.col("forms") >= 2) & (pl.col("forms") <= MAX_FORMS)
        )
        .select("pair")
    )
    forms = forms.join(keep, on="pair", how="semi").sort(
        "pair", "form_df", "form_count", "form", descending=[False, True, True, False]
    )
    if forms.is_empty():
        return pl.DataFrame(schema=VERIFIED_SCHEMA)
    forms = forms.with_columns(
        pl.col("text").first().over("pair").alias("main"),
        pl.col("n").first().over("pair").alias("main_n"),
    )
    scores = process.cpdist(
        forms["text"].to_list(), forms["main"].to_list(), scorer=fuzz.ratio, workers=1
    )
    forms = forms.with_columns(
        pl.Series("score", scores, dtype=pl.Float64),
        pl.Series("meaning", _cosines(forms["text"], forms["main"], embed), dtype=pl.Float64),
    )
    return (
        forms.filter(pl.col("meaning") >= MEANING_VARIANT_GATE)
        .filter(
            (pl.col("score") >= threshold)
            & ((pl.col("n").cast(pl.Int32) - pl.col("main_n").cast(pl.Int32)).abs() <= 1)
        )
        .filter(pl.int_range(pl.len()).over("pair") < MAX_VARIANTS)
        .filter(pl.len().over("pair") >= 2)
        .select(list(VERIFIED_SCHEMA))
        .cast(VERIFIED_SCHEMA)
    )


GAPPED_OCCURRENCE_SCHEMA = {**GAPPED_SCHEMA, **schema("text")}


def gapped_occurrences(gapped: pl.DataFrame, verified: pl.DataFrame) -> pl.DataFrame:
    """The occurrences of verified forms, with their text."""
    return (
        gapped.join(verified, on=["pair", "form"])
        .select(list(GAPPED_OCCURRENCE_SCHEMA))
        .cast(GAPPED_OCCURRENCE_SCHEMA)
    )


def pair_spread(gapped_occ: pl.DataFrame) -> pl.DataFrame:
    """Map: per pair, the articles of the subset with a verified form of it."""
    return (
        gapped_occ.group_by("pair")
        .agg(pl.col("art").n_unique().alias("df"))
        .cast(PAIR_COUNT_SCHEMA)
    )


# ``exact``: the containing side is an exact phrase (``id``: its key) or a head/tail pair.
CANDIDATE_SCHEMA = schema("exact id pair_g text text_g")


def containment_candidates(
    occurrences: pl.DataFrame,
    dominated: pl.DataFrame,
    gapped_occ: pl.DataFrame,
    words: _Words,
) -> pl.DataFrame:
    """Map: phrases (exact, or a pair's form) that contain a pair's form in the same sentence.

    Rows: exact (the containing side is an exact phrase), id (its key, or its pair), pair_g
    (the contained form's pair), text, text_g. Whether both sides survive is decided later.
    """
    if gapped_occ.is_empty():
        return pl.DataFrame(schema=CANDIDATE_SCHEMA)
    rows = gapped_occ.select("row").unique()
    # The few sentences with a gapped form first, then the dominated keys left out.
    exact = (
        occurrences.join(rows, on="row", how="semi")
        .join(dominated, on="key", how="anti")
        .select("row", "idx", "n", pl.col("key").alias("id"), pl.lit(True).alias("exact"))
    )
    exact = exact.with_columns(_window_texts(exact, words.text))
    gapped = gapped_occ.select(
        "row", "idx", "n", pl.col("pair").alias("id"), pl.lit(False).alias("exact"), "text"
    )
    near = pl.concat([exact, gapped], how="vertical_relaxed")
    return (
        near.join(gapped_occ, on="row", suffix="_g")
        .filter(
            (pl.col("exact") | (pl.col("id") != pl.col("pair")))
            & (pl.col("idx") <= pl.col("idx_g"))
            & (pl.col("idx") + pl.col("n") >= pl.col("idx_g") + pl.col("n_g"))
        )
        .select("exact", "id", pl.col("pair").alias("pair_g"), "text", pl.col("text_g"))
        .unique()
        .cast(CANDIDATE_SCHEMA)
    )


EXACT_SCHEMA = schema("key n df text")


def exact_phrases(
    recurring: pl.DataFrame, dominated: pl.DataFrame, texts: pl.DataFrame
) -> pl.DataFrame:
    """Reduce (per bucket of keys): the exact phrases, recurring keys that no longer window of
    the same articles dominates anywhere, with their text: key, n, df, text."""
    return (
        recurring.join(dominated.unique(), on="key", how="anti")
        .join(texts.unique("key", keep="first"), on="key", how="left")
        .select(list(EXACT_SCHEMA))
        .cast(EXACT_SCHEMA)
    )


# ``id``: the key of an exact phrase, the pair of a head/tail pair; ``text``: an exact phrase's
# text (null for a pair: its forms have theirs).
UNIT_SCHEMA = schema("unit exact id group text")


def phrase_units(
    exact: pl.DataFrame,
    spread: pl.DataFrame,
    candidates: pl.DataFrame,
    variant_threshold: float,
    embed: Embed | None = None,
) -> pl.DataFrame:
    """Reduce (whole corpus): number the phrases and group the variants.

    Units are the exact phrases (``exact_phrases`` of every bucket, numbered most widespread
    first) and the head/tail pairs whose verified forms recur in two articles (``spread``,
    added up). Exact phrases that differ in word endings, and phrases that contain a close form
    of a pair (and, given ``embed``, close to it in meaning), join one group.
    """
    exact_units = (
        exact.sort("df", "n", "key", descending=[True, True, False])
        .with_row_index("unit")
        .select("unit", "key", "text")
    )
    pairs = (
        sum_counts(spread, ["pair"], PAIR_COUNT_SCHEMA)
        .filter(pl.col("df") >= 2)
        .select("pair")
        .sort("pair")
        .with_row_index("unit")
        .with_columns(pl.col("unit") + exact_units.height)
    )
    union = _UnionFind(exact_units.height + pairs.height)
    _group_exact(exact_units, union)
    if not candidates.is_empty():
        exact_ids = exact_units.select(
            pl.col("key").alias("id"), pl.lit(True).alias("exact"), "unit"
        )
        pair_ids = pairs.select(pl.col("pair").alias("id"), pl.lit(False).alias("exact"), "unit")
        ids = pl.concat([exact_ids, pair_ids])
        contains = (
            candidates.join(ids, on=["exact", "id"])
            .join(
                pairs.select(pl.col("pair").alias("pair_g"), pl.col("unit").alias("unit_g")),
                on="pair_g",
            )
            .select("unit", "unit_g", "text", "text_g")
            .unique()
        )
        if not contains.is_empty():
            scores = process.cpdist(
                contains["text"].to_list(),
                contains["text_g"].to_list(),
                scorer=fuzz.ratio,
                workers=1,
            )
            meaning = _cosines(contains["text"], contains["text_g"], embed)
            joined = contains.filter(
                (pl.Series(scores) >= variant_threshold)
                & (pl.Series(meaning) >= MEANING_VARIANT_GATE)
            )
            for unit, unit_g in joined.select("unit", "unit_g").iter_rows():
                union.union(unit, unit_g)
    groups = pl.Series([union.find(i) for i in range(len(union.parent))], dtype=pl.UInt32)
    units = pl.concat(
        [
            exact_units.select(
                "unit", pl.lit(True).alias("exact"), pl.col("key").alias("id"), "text"
            ),
            pairs.select(
                "unit",
                pl.lit(False).alias("exact"),
                pl.col("pair").alias("id"),
                pl.lit(None, dtype=pl.String).alias("text"),
            ),
        ]
    )
    return (
        units.with_columns(groups.gather(units["unit"].cast(pl.Int64)).alias("group"))
        .select(list(UNIT_SCHEMA))
        .cast(UNIT_SCHEMA)
    )


GROUP_ARTS_SCHEMA = schema("group art")
GROUP_ROWS_SCHEMA = schema("group rows")
FORM_STATS_SCHEMA = schema("group unit text form_df form_rows")


def phrase_partials(
    occurrences: pl.DataFrame, gapped_occ: pl.DataFrame, units: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """Map: the subset's share of each group: its articles (``arts``), its sentences
    (``rows``) and, per form, articles and occurrences (``forms``)."""
    # Lazy, so that the join gathers only the columns used (a third of the eager time).
    exact = (
        occurrences.lazy()
        .join(
            units.lazy().filter(pl.col("exact")).select(pl.col("id").alias("key"), "unit", "group"),
            on="key",
        )
        .select("unit", "group", "row", "art")
        .collect()
    )
    gapped = gapped_occ.join(
        units.filter(~pl.col("exact")).select(pl.col("id").alias("pair"), "unit", "group"),
        on="pair",
    ).select("unit", "group", "row", "art", "text")
    located = pl.concat([exact, gapped.drop("text")])
    # Distinct (group, art) and (group, row) pairs, and the distinct articles of each exact
    # unit, each as one sorted packed column (``_sorted_pairs``): distinct values by a hash of
    # two columns, or per group, took three times as long.
    arts = _sorted_pairs(located["group"], located["art"]).rename({"high": "group", "low": "art"})
    rows = (
        _sorted_pairs(located["group"], located["row"])
        .group_by("high", maintain_order=True)
        .agg(pl.len().alias("rows"))
        .rename({"high": "group"})
        .cast(GROUP_ROWS_SCHEMA)
    )
    # An exact unit has one text (the units'): counted by unit, its text joined after; a gapped
    # unit's forms are the texts found. Units are small numbers, so the counts are bins of one
    # array each (its occurrences, its distinct articles) rather than a group-by and a join.
    unit = exact["unit"].cast(pl.UInt32).to_numpy()
    size = int(unit.max()) + 1 if len(unit) else 0
    form_rows = np.bincount(unit, minlength=size)
    form_df = np.bincount(_sorted_pairs(exact["unit"], exact["art"])["high"], minlength=size)
    found = np.flatnonzero(form_rows)
    exact_forms = pl.DataFrame(
        {"unit": found, "form_df": form_df[found], "form_rows": form_rows[found]},
        schema={"unit": pl.UInt32, "form_df": pl.UInt32, "form_rows": pl.UInt32},
    ).join(units.select("unit", "group", "text"), on="unit")
    counts = (pl.col("art").n_unique().alias("form_df"), pl.len().alias("form_rows"))
    gapped_forms = gapped.group_by("group", "unit", "text").agg(*counts)
    forms = pl.concat(
        [
            frame.select(list(FORM_STATS_SCHEMA)).cast(FORM_STATS_SCHEMA)
            for frame in (exact_forms, gapped_forms)
        ]
    )
    return {"arts": arts.cast(GROUP_ARTS_SCHEMA), "rows": rows, "forms": forms}


def phrase_table(
    arts: pl.DataFrame,
    rows: pl.DataFrame,
    forms: pl.DataFrame,
    articles: pl.DataFrame,
    min_articles: int,
) -> pl.DataFrame:
    """Reduce: the counted phrases of the groups whose partials are given (every subset's
    partials of each of those groups), before ``judge_phrases`` and ``rank_phrases``."""
    if forms.is_empty():
        return pl.DataFrame(schema=COUNTED_SCHEMA)
    # Each form with the articles and sentences it is found in.
    form_stats = forms.group_by("group", "unit", "text").agg(
        pl.col("form_df").sum(), pl.col("form_rows").sum()
    )
    variants = (
        form_stats.group_by("group", "text")
        .agg(pl.col("form_df").max(), pl.col("form_rows").max())
        .sort(
            "group",
            "form_df",
            "form_rows",
            pl.col("text").str.len_chars(),
            "text",
            descending=[False, True, True, True, False],
        )
        .group_by("group", maintain_order=True)
        .agg(pl.col("text").first().alias("phrase"), pl.col("text").alias("variants"))
    )
    # Each group's articles in date order: the (group, art) pairs sorted as one packed column
    # and gathered by the sorted group (a hash group-by with a sort of each group's list took
    # six times as long at 10,000 articles).
    pairs = _sorted_pairs(arts["group"], arts["art"]).rename({"high": "group", "low": "art"})
    # Article codes are rows of ``articles``: their ids gathered by position.
    spread = (
        pairs.with_columns(articles["article_id"].gather(pairs["art"]).alias("articles"))
        .group_by("group", maintain_order=True)
        .agg(pl.col("art").alias("arts"), "articles")
        .join(
            rows.group_by("group").agg(pl.col("rows").sum().alias("occurrences")),
            on="group",
        )
    )
    # Each group's years, sorted, the same way: (group, year) pairs made distinct as one column
    # (years offset by 2^31 to pack in 32 bits in order).
    year = articles["year"].cast(pl.Int32).gather(pairs["art"])
    dated = pairs.select("group").with_columns(year).filter(year.is_not_null())
    offset = 1 << 31
    years = (
        _sorted_pairs(dated["group"], (dated["year"].cast(pl.Int64) + offset).cast(pl.UInt32))
        .group_by("high", maintain_order=True)
        .agg((pl.col("low").cast(pl.Int64) - offset).cast(pl.Int32).alias("years"))
        .rename({"high": "group"})
    )
    table = (
        variants.join(spread, on="group")
        .join(years, on="group", how="left")
        .with_columns(
            pl.col("years").fill_null(pl.lit([], dtype=pl.List(pl.Int32))),
            pl.col("arts").list.len().alias("article_count"),
            pl.col("phrase").str.count_matches(" ").add(1).alias("words"),
        )
        .with_columns(
            pl.col("years").list.first().alias("first_year"),
            pl.col("years").list.last().alias("last_year"),
        )
        .filter(pl.col("article_count") >= min_articles)
        .select(list(COUNTED_SCHEMA))
        .cast(COUNTED_SCHEMA)
    )
    return table


def sort_phrases(table: pl.DataFrame) -> pl.DataFrame:
    """The `recurring_phrases` order: phrases before names, each by salience, then the most
    widespread, the longest span, the phrase, and its variants (a total order)."""
    return table.sort(
        pl.col("kind") == NAME,
        "salience",
        "article_count",
        pl.col("last_year") - pl.col("first_year"),
        "phrase",
        pl.col("variants").list.join("\x1f"),
        descending=[False, True, True, True, False, False],
        nulls_last=True,
    )


def recurring_phrases(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    min_n: int = 3,
    max_n: int = 8,
    min_articles: int = 2,
    variant_threshold: float = VARIANT_THRESHOLD,
    embed: Embed | None = None,
    names: Iterable[str] = (),
    languages: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Phrases of ``min_n``–``max_n`` words recurring in ``min_articles`` or more articles.

    One row per group of near-variants: phrase (its most widespread form), variants, articles
    (in date order), article_count, years, first_year, last_year, occurrences (sentences that
    contain a form), words (in the phrase), kind ("phrase", or "name" for names and titles)
    and salience; phrases first, then names, each by salience. ``embed`` (texts → unit rows,
    e.g. ``embeddings.embed_texts``) makes variants agree in meaning too; ``names`` are forms
    that name people (the people list's aliases), which mark a phrase made of them, of titles
    and of words the corpus capitalizes as a name; ``languages`` is ``article_languages`` of
    ``sentences`` when already told. The steps above, over the whole corpus at once.
    """
    if sentences.is_empty() or articles.is_empty() or min_n > max_n:
        return pl.DataFrame(schema=PHRASE_SCHEMA)
    words = phrase_words(sentences, articles, languages)
    base = recurring_counts(base_window_counts(words, min_n), ["key"], min_articles)
    windows = phrase_windows(words, base["key"], min_n, max_n)
    recurring = recurring_counts(window_counts(windows), ["key", "n"], min_articles)
    articles_with_words = words.frame["art"].n_unique()
    word_df = word_counts(words)
    gapped = gapped_windows(words, word_df, articles_with_words, min_n, max_n, min_articles)
    counts = gapped_counts(gapped, words)
    verified = verify_gapped(
        counts["pairs"], counts["forms"], min_articles, variant_threshold, embed
    )
    gapped_occ = gapped_occurrences(gapped, verified)
    occurrences = phrase_occurrences(windows, recurring)
    dominated = dominated_keys(occurrences, max_n)
    units = phrase_units(
        exact_phrases(recurring, dominated, key_texts(occurrences, words, dominated)),
        pair_spread(gapped_occ),
        containment_candidates(occurrences, dominated, gapped_occ, words),
        variant_threshold,
        embed,
    )
    partials = phrase_partials(occurrences, gapped_occ, units)
    counted = phrase_table(
        partials["arts"], partials["rows"], partials["forms"], articles, min_articles
    )
    judged = judge_phrases(counted, vocabulary(words), names, capital_counts(sentences))
    return rank_phrases(judged, fragments(judged.select("phrase", "article_count")))


def _cosines(left: pl.Series, right: pl.Series, embed: Embed | None) -> np.ndarray:
    """The embedding cosine of each (left, right) text pair; 1.0 without ``embed`` and where
    either text has no meaning signal (a zero row: a script the model cannot read), which
    leaves the spelling alone to decide."""
    if embed is None or left.len() == 0:
        return np.ones(left.len(), dtype=np.float64)
    texts = pl.concat([left, right]).unique().to_list()
    vectors = embed(texts)
    row = {text: i for i, text in enumerate(texts)}
    a = vectors[[row[t] for t in left.to_list()]]
    b = vectors[[row[t] for t in right.to_list()]]
    cosines = np.einsum("ij,ij->i", a, b).astype(np.float64)
    cosines[~(a.any(axis=1) & b.any(axis=1))] = 1.0
    return cosines


def _general_english() -> dict[str, float]:
    """Word frequencies of general English (``wordfreq``'s data, shipped in its wheel)."""
    return _general_words(ENGLISH)


@cache
def _general_words(language: str) -> dict[str, float]:
    """Word frequencies of a language in general use (``wordfreq``'s data; none for a
    language it does not know)."""
    from wordfreq import available_languages, get_frequency_dict

    if language not in available_languages(wordlist="best"):
        return {}
    return get_frequency_dict(language, wordlist="best")


def _general_frequency(word: str, language: str = ENGLISH) -> float:
    """How frequent a word is in general English or, for a word of articles in another
    language, in that language, whichever is more (a German corpus's "seit vielen jahren" is
    everyday German, not a rare find)."""
    languages = (ENGLISH,) if language == ENGLISH else (ENGLISH, language)
    return max(_frequency_in(word, each) for each in languages) or 1e-9


def _frequency_in(word: str, language: str) -> float:
    """A word's frequency in one language (0 when unknown). A word with digits ("2021",
    "1990s") gets wordfreq's estimate: its lists keep numbers with their digits as 0s, every
    year's share together."""
    table = _general_words(language)
    if not table:
        return 0.0
    if any(char.isdigit() for char in word):
        from wordfreq import word_frequency

        return word_frequency(word, language, wordlist="best")
    found = table.get(word)
    if found is None:
        found = table.get(word.replace(".", "").replace("'s", "").replace("’s", ""))
    return found or 0.0


VOCABULARY_SCHEMA = schema("word language n", n=pl.UInt32)
FRAGMENT_SCHEMA = schema("phrase article_count")


def vocabulary(words: _Words) -> pl.DataFrame:
    """Map: how often each word occurs in the subset, by the language of the articles it occurs
    in (English unless told otherwise; the counts add up across subsets)."""
    if words.languages.is_empty():
        if words.frame.height == len(words.text):  # every word is in an article counted
            # The words' counts by hash, already made for their article counts: a second
            # pass over the word strings took as long.
            per_word = _per_word(words)
            counts = pl.DataFrame(
                {"word": words.text.gather(per_word["idx"]), "n": per_word["n"]}
            ).with_columns(language=pl.lit(ENGLISH))
        else:
            counts = words.text.value_counts(name="n").with_columns(language=pl.lit(ENGLISH))
        return counts.select(list(VOCABULARY_SCHEMA)).cast(VOCABULARY_SCHEMA)
    foreign = words.frame.select("idx", "art").join(words.languages, on="art")
    language = pl.repeat(ENGLISH, len(words.text), eager=True).scatter(
        foreign["idx"], foreign["language"]
    )
    return (
        pl.DataFrame({"word": words.text, "language": language})
        .group_by("word", "language")
        .agg(pl.len().alias("n"))
        .select(list(VOCABULARY_SCHEMA))
        .cast(VOCABULARY_SCHEMA)
    )


def _word_languages(vocabulary: pl.DataFrame) -> dict[str, str]:
    """Each word that occurs mostly in articles of another language than English, with it
    (English wins a tie; between two others, the first by name)."""
    foreign = vocabulary.filter(pl.col("language") != ENGLISH).select("word").unique()
    if foreign.is_empty():  # an English corpus: nothing to weigh
        return {}
    per_language = (
        vocabulary.join(foreign, on="word", how="semi")
        .group_by("word", "language")
        .agg(pl.col("n").sum())
    )
    best = (
        per_language.sort(
            "word",
            "n",
            pl.col("language") == ENGLISH,
            "language",
            descending=[False, True, True, False],
        )
        .group_by("word", maintain_order=True)
        .first()
        .filter(pl.col("language") != ENGLISH)
    )
    return dict(zip(best["word"].to_list(), best["language"].to_list(), strict=True))


def judge_phrases(
    table: pl.DataFrame,
    vocabulary: pl.DataFrame,
    names: Iterable[str],
    capitals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Time fillers and phrases that open or close on a linking word left out; each other
    phrase's kind (phrase or name) and specificity (its words' keyness against general English,
    or the language of the articles a word occurs in, from ``vocabulary``: every word's count
    in the whole corpus by language) added.

    A phrase is a name when each of its content words is a title word, a word of ``names`` or
    one the corpus writes capitalized (``capitals``: ``capital_counts`` of the whole corpus),
    and one of them is a title on its own or the phrase holds one of ``names`` whole:
    "spokesman mark oaten" is a name, "security council" and "magnitsky act" (capitalized, no
    title) are phrases; so is a phrase of names alone, each content word one the corpus writes
    capitalized and general use hardly knows ("kenteris and katerina thanou").
    """
    if table.is_empty():
        return table.with_columns(
            pl.lit(None, dtype=pl.String).alias("kind"),
            pl.lit(None, dtype=pl.Float64).alias("specificity"),
        )
    counts = vocabulary.group_by("word").agg(pl.col("n").sum())
    total = float(counts["n"].sum())
    corpus_share = dict(zip(counts["word"].to_list(), (counts["n"] / total).to_list(), strict=True))
    language_of = _word_languages(vocabulary)
    function_words_of = function_words()
    names = list(names)
    name_words = {w.lower() for name in names for w in name.replace(".", ". ").split()}
    name_words |= {w.rstrip(".") for w in name_words}

    def keyness(word: str) -> float:
        general = _general_frequency(word, language_of.get(word, ENGLISH))
        ratio = corpus_share.get(word, 1.0 / total) / general
        return min(MAX_KEYNESS, max(0.0, math.log10(ratio)))

    # What a word says of a phrase it is in, once per word; then each phrase's verdict from its
    # words, as frame operations rather than one Python step per phrase.
    words = table.select(pl.col("phrase").str.split(" ").alias("word")).with_row_index("phrase_row")
    vocabulary_words = words["word"].explode().unique().sort().to_list()
    capitalized_words = _capitalized_among(capitals, vocabulary_words)

    def bare(word: str) -> str:
        """The word without a possessive ending ("putin's" → "putin")."""
        return word[:-2] if word.endswith(("'s", "’s")) else word

    def titled(word: str) -> bool:
        return word in TITLE_WORDS or bare(word) in TITLE_WORDS

    def listed(word: str) -> bool:
        return word in name_words or bare(word) in name_words

    def proper(word: str) -> bool:
        return bare(word) in _TITLES_PROPER

    def rare(word: str) -> bool:
        general = _general_frequency(bare(word), language_of.get(word, ENGLISH))
        return math.log10(general) + 9.0 < RARE_NAME_ZIPF

    traits = pl.DataFrame(
        {
            "word": vocabulary_words,
            # Function words of the language a word is mostly read in are stopwords too.
            "stop": [
                not is_content_word(w)
                or w in function_words_of.get(language_of.get(w, ENGLISH), ())
                for w in vocabulary_words
            ],
            "timely": [w in TIME_WORDS or w[:1].isdigit() for w in vocabulary_words],
            "ends": [w in END_WORDS for w in vocabulary_words],
            "loose": [w in EDGE_WORDS or _zipf(w) >= COMMON_EDGE_ZIPF for w in vocabulary_words],
            "keyness": [keyness(w) for w in vocabulary_words],
            # A day or a month is capitalized, and no name.
            "named": [
                titled(w) or listed(w) or (w in capitalized_words and w not in TIME_WORDS)
                for w in vocabulary_words
            ],
            "proper": [proper(w) for w in vocabulary_words],
            "rare_name": [
                w in capitalized_words and w not in TIME_WORDS and rare(w) for w in vocabulary_words
            ],
        },
        schema_overrides={"keyness": pl.Float64},
    )
    content = ~pl.col("stop")
    per_phrase = (
        words.explode("word")
        .join(traits, on="word", how="left", maintain_order="left")
        .group_by("phrase_row", maintain_order=True)
        .agg(
            content.sum().alias("content"),
            (pl.col("timely") | pl.col("stop")).all().alias("filler"),
            pl.col("keyness").filter(content).sum().alias("keyness"),
            (pl.col("named") | pl.col("stop")).all().alias("named"),
            # "mr" is a stopword and a title: "blair and mr brown" names.
            pl.col("proper").any().alias("proper"),
            (pl.col("rare_name") | pl.col("stop")).all().alias("names_only"),
            pl.col("loose").first().alias("loose_first"),
            pl.col("loose").last().alias("loose_last"),
            pl.col("ends").last().alias("ends"),
        )
    )
    # Time fillers, and fragments that open or close on a linking word, are left out.
    dropped = pl.col("filler") | pl.col("ends") | pl.col("loose_first") | pl.col("loose_last")
    # A person of the list is named by one of their whole forms: "r" (of "Joseph R. Biden") or
    # "page" (of "Carter Page") alone is no one.
    person = _names_someone(table["phrase"], names)
    verdict = per_phrase.with_columns(person.alias("person")).select(
        pl.when(dropped)
        .then(None)
        .when(pl.col("named") & (pl.col("proper") | pl.col("person")))
        .then(pl.lit(NAME))
        # Names alone, without a title: words written capitalized that general use hardly
        # knows ("kenteris and katerina thanou", a team's line-up, "ntl and telewest").
        .when(pl.col("names_only") & (pl.col("content") >= 2))
        .then(pl.lit(NAME))
        .otherwise(pl.lit(PHRASE))
        .alias("kind"),
        pl.when(dropped)
        .then(0.0)
        .otherwise(pl.col("keyness") / pl.col("content"))
        .alias("specificity"),
    )
    return pl.concat([table, verdict], how="horizontal").filter(pl.col("kind").is_not_null())


def _names_someone(phrases: pl.Series, names: Sequence[str]) -> pl.Series:
    """Whether each phrase holds one of ``names`` whole (its words as phrases have them; a
    possessive "'s" after it too)."""
    forms = {" ".join(_WORD.findall(name.lower())) for name in names} - {""}
    if not forms or phrases.is_empty():
        return pl.repeat(False, len(phrases), eager=True, dtype=pl.Boolean)
    padded = pl.concat_str(
        pl.lit(" "), pl.col("phrase").str.replace_all(r"['’]s\b", ""), pl.lit(" ")
    )
    return (
        phrases.rename("phrase")
        .to_frame()
        .select(padded.str.contains_any([f" {form} " for form in sorted(forms)]))
        .to_series()
    )


def _capitalized_among(capitals: pl.DataFrame | None, words: list[str]) -> frozenset[str]:
    """The ``words`` that ``capitals`` (whole-corpus capital counts) says the corpus writes
    capitalized."""
    if capitals is None or capitals.is_empty() or not words:
        return frozenset()
    wanted = pl.DataFrame({"word": words}, schema={"word": pl.String})
    found = capitalized(capitals.join(wanted, on="word", how="semi"))
    return frozenset(found["word"].to_list())


def fragments(keys: pl.DataFrame) -> pl.DataFrame:
    """Reduce (every judged phrase: phrase, article_count): the phrases inside a longer phrase
    found in nearly the same articles (``NEAR_MAXIMAL``), to be left out."""
    if keys.is_empty():
        return pl.DataFrame(schema=FRAGMENT_SCHEMA)
    split = keys.select(
        pl.col("phrase").str.split(" ").alias("word"), pl.col("article_count").alias("count")
    ).with_columns(pl.col("word").list.len().alias("length"))
    lengths = sorted(split["length"].unique().to_list())
    longest = lengths[-1] if lengths else 0
    # A piece of n words can only be a phrase of n words: pieces are cut only in the lengths
    # that phrases have (at 10,000 articles none has two words, which were a third of them).
    sizes = [size for size in lengths if 2 <= size < longest]
    if not sizes:
        return pl.DataFrame(schema=FRAGMENT_SCHEMA)
    # A piece can only be a phrase if it begins with a word some phrase begins with and ends
    # with one some phrase ends with: the other pieces are never cut (two thirds of them at
    # 10,000 articles; cutting them was most of the time).
    firsts = split.select(pl.col("word").list.first()).to_series().unique()
    lasts = split.select(pl.col("word").list.last()).to_series().unique()
    # One row per word of a phrase, with the words after it beside it (``w1``, ``w2``…): a
    # piece is the words of its first row joined, cut from one frame rather than a list slice
    # per piece's start (a third of the time).
    words = (
        split.with_columns(pl.int_ranges(0, pl.col("length"), dtype=pl.UInt32).alias("position"))
        .explode("word", "position")
        .with_columns(
            pl.col("word").is_in(firsts.implode()).alias("opens"),
            pl.col("word").is_in(lasts.implode()).alias("closes"),
            *[pl.col("word").shift(-k).alias(f"w{k}") for k in range(max(sizes))],
        )
        .lazy()
    )
    pieces = [
        words.filter(
            (pl.col("length") > size)
            & (pl.col("position") + size <= pl.col("length"))
            & pl.col("opens")
            & pl.col("closes").shift(-(size - 1)).fill_null(False)
        ).select(
            pl.concat_str([pl.col(f"w{k}") for k in range(size)], separator=" ").alias("phrase"),
            "count",
        )
        for size in sizes
    ]
    # Only pieces that are phrases themselves can make a phrase a fragment: the others are
    # left out before the pieces are grouped.
    longer = (
        pl.concat(pieces)
        .join(keys.lazy().select("phrase").unique(), on="phrase", how="semi")
        .group_by("phrase")
        .agg(pl.col("count").max().alias("longer"))
    )
    return (
        keys.lazy()
        .join(longer, on="phrase")
        .filter(pl.col("longer") >= NEAR_MAXIMAL * pl.col("article_count"))
        .select(list(FRAGMENT_SCHEMA))
        .unique()
        .collect()
        .cast(FRAGMENT_SCHEMA)
    )


def rank_phrases(judged: pl.DataFrame, dropped: pl.DataFrame) -> pl.DataFrame:
    """The `recurring_phrases` rows: judged phrases less the fragments, with their salience,
    in the table's order."""
    if judged.is_empty():
        return pl.DataFrame(schema=PHRASE_SCHEMA)
    table = judged.join(dropped, on=["phrase", "article_count"], how="anti")
    return sort_phrases(
        table.with_columns(
            (pl.col("specificity") * (1.0 + pl.col("article_count").cast(pl.Float64)).log(2))
            .round(3)
            .alias("salience"),
        )
        .select(list(PHRASE_SCHEMA))
        .cast(PHRASE_SCHEMA)
    )


# Words that make a phrase a title on their own (not "russian" or "former" alone). Not
# "general" (the "General Assembly", "General Motors": the rank is "gen" or comes with a name
# the corpus capitalizes after another title), "justice" (the "Justice Department"),
# "executive" (an "executive order"), "premier" (the "Premier League") or "lord" ("The Lord
# of the Rings"): they are title words, not titles alone.
_TITLES_PROPER_TEXT = """
    president minister secretary ambassador senator sen chancellor king queen gen
    admiral director chairman chairwoman chairperson co-chairman spokesman spokeswoman
    spokesperson envoy adviser advisor mr mrs ms dr official officials judge clerk governor
    mayor congressman congresswoman lawmaker legislator commander coach manager captain
    prosecutor sheriff pope prince princess duke duchess speaker secretary-general
    president-elect ceo chief founder co-founder boss lawyer attorney counsel leader candidate
    nominee representative rep gov lt col sgt capt sir dame diplomat mp mep msp actor actress
    singer novelist striker midfielder goalkeeper winger fly-half scrum-half full-back flanker"""
_TITLES_PROPER = frozenset(_TITLES_PROPER_TEXT.split())


def _zipf(word: str) -> float:
    """The word's Zipf frequency in general English (0 when unknown), the word as written."""
    frequency = _general_english().get(word)
    return math.log10(frequency) + 9.0 if frequency else 0.0


def _variant_pattern(variant: str) -> str:
    """A regex finding a normalized phrase in original text: any punctuation between words."""
    # Character by character: replacing one mark after another would rewrite the class that
    # replaced the first ("'" → "['’]", whose "’" the next replacement took for a word's).
    pieces = [
        "".join(_MARK_CLASSES.get(char) or re.escape(char) for char in word)
        for word in variant.split(" ")
    ]
    return r"\W+".join(pieces)


# Marks that one text writes one way and another text another (a hyphen also as a dash with
# spaces or a double hyphen, "pro – democracy", "pro -- democracy": "pro-democracy" normalized).
_MARK_CLASSES = {"-": r"\s?(?:--|[-‐‑‒–—])\s?", "'": "['’]", "’": "['’]"}


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters of ``text`` on each side of ``start:end``, without the piece
    of a word the cut would leave at either edge."""
    cut = max(0, start - width)
    left = text[cut:start]
    if cut > 0 and text[cut - 1].isalnum() and left[:1].isalnum():
        space = left.find(" ")
        left = left[space + 1 :] if space >= 0 else ""
    stop = end + width
    right = text[end:stop]
    if stop < len(text) and text[stop].isalnum() and right[-1:].isalnum():
        space = right.rfind(" ")
        right = right[:space] if space >= 0 else ""
    return left, right


def kwic(
    phrase: str | dict,
    sentences: pl.DataFrame | pl.LazyFrame,
    articles: pl.DataFrame,
    width: int = 50,
) -> pl.DataFrame:
    """Keyword-in-context lines of a phrase (text, or a ``recurring_phrases`` row with variants).

    One row per occurrence in date order: article_id, year, outlet, sentence_id, left, match,
    right (up to ``width`` characters of context on each side, whole words). ``sentences``
    may be a lazy scan: only the sentences that match are read into memory.
    """
    if isinstance(phrase, dict):
        variants = list(phrase.get("variants") or []) or [phrase["phrase"]]
    else:
        variants = [phrase]
    variants = [" ".join(v.lower().split()) for v in variants if v and v.strip()]
    if not variants:
        return pl.DataFrame(schema=KWIC_SCHEMA)
    # Longest first, so a longer variant wins where two start at the same place.
    body = "|".join(_variant_pattern(v) for v in sorted(set(variants), key=len, reverse=True))
    pattern = rf"(?i)\b(?:{body})\b"
    found = (
        sentences.lazy()
        .select("article_id", "sentence_id", "text")
        .filter(pl.col("text").str.contains(pattern))
        .collect()
    )
    compiled = re.compile(pattern)
    rows = []
    for article_id, sentence_id, text in found.iter_rows():
        for match in compiled.finditer(text):
            left, right = _context(text, match.start(), match.end(), width)
            rows.append((article_id, sentence_id, left, match.group(0), right))
    lines = pl.DataFrame(
        rows,
        schema=schema("article_id sentence_id left match right"),
        orient="row",
    )
    order = articles.select("article_id", "year", "outlet").with_row_index("date_order")
    return (
        lines.join(order, on="article_id", how="left")
        .sort("date_order", "sentence_id", nulls_last=True)
        .select(list(KWIC_SCHEMA))
        .cast(KWIC_SCHEMA)
    )
