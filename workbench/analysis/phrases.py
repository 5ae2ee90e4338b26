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
the same stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
import Stemmer
from rapidfuzz import fuzz, process

from workbench.analysis.tokens import sentence_words

VARIANT_THRESHOLD = 70.0  # rapidfuzz ratio a gapped variant must reach against the main form
EXACT_VARIANT_THRESHOLD = 85.0  # ratio for grouping two exact phrases as variants
MAX_GAP = 2  # words allowed between the head and the tail of a gapped window
MAX_VARIANTS = 12  # forms kept per head/tail pair, the most widespread first
RARE_SHARE = 0.02  # a gapped window's head or tail must be in at most this share of articles
RARE_MIN_ARTICLES = 20  # ...or in at most this many
MAX_FORMS = 40  # a head/tail pair seen in more forms than this is a collocation, not a phrase

PHRASE_SCHEMA = {
    "phrase": pl.String,
    "variants": pl.List(pl.String),
    "articles": pl.List(pl.String),
    "article_count": pl.UInt32,
    "years": pl.List(pl.Int32),
    "first_year": pl.Int32,
    "last_year": pl.Int32,
    "occurrences": pl.UInt32,
    "words": pl.UInt32,
}
KWIC_SCHEMA = {
    "article_id": pl.String,
    "year": pl.Int32,
    "outlet": pl.String,
    "sentence_id": pl.Int32,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
}


@dataclass
class _Words:
    """The corpus's words with everything the passes need."""

    frame: pl.DataFrame  # idx, row, position, length, art, stop, h
    text: pl.Series  # the word strings, by idx


def _corpus_words(sentences: pl.DataFrame, articles: pl.DataFrame) -> _Words:
    words = sentence_words(sentences).with_row_index("idx")
    article_codes = articles.select("article_id").with_row_index("art")
    row_article = (
        sentences.select("article_id")
        .with_row_index("row")
        .join(article_codes, on="article_id", how="left")
        .select("row", "art")
    )
    frame = (
        words.lazy()
        # Window hashes are built by shifting, so the words must stay in text order.
        .join(row_article.lazy(), on="row", how="left", maintain_order="left")
        .filter(pl.col("art").is_not_null())
        .with_columns(pl.col("word").hash(seed=17).alias("h"))
        .select("idx", "row", "position", "length", "art", "stop", "h")
        .collect()
    )
    return _Words(frame=frame, text=words["word"])


def _recurring_windows(
    words: pl.DataFrame, min_n: int, max_n: int, min_articles: int
) -> pl.DataFrame:
    """Occurrences of recurring windows: idx, n, row, art, key, df (articles sharing key).

    A longer window can recur only where every ``min_n``-word window inside it recurs, so
    those are counted first and longer windows are counted only at such positions.
    """
    frame = words.select("idx", "row", "art", "position", "length", "stop", "h")
    key = frame["h"]
    for n in range(2, min_n + 1):
        key = _extend_key(key, frame["h"], n)
    fits = frame["position"] + min_n <= frame["length"]
    base = frame.select("idx", "art").with_columns(key.alias("key")).filter(fits)
    recurring_base = (
        base.group_by("key")
        .agg(pl.col("art").n_unique().alias("df"))
        .filter(pl.col("df") >= min_articles)
        .select("key")
    )
    flagged = base.join(recurring_base, on="key", how="semi")["idx"]
    frame = frame.with_columns(pl.col("idx").is_in(flagged.implode()).alias("base_recurs"))
    found = []
    for n in range(min_n, max_n + 1):
        if n > min_n:
            key = _extend_key(key, frame["h"], n)
        inside = pl.all_horizontal(
            [pl.col("base_recurs").shift(-k).fill_null(False) for k in range(n - min_n + 1)]
        )
        valid = (
            (pl.col("position") + n <= pl.col("length"))
            & ~pl.col("stop")
            & ~pl.col("stop").shift(-(n - 1)).fill_null(True)
            & inside
        )
        windows = (
            frame.with_columns(key.alias("key"))
            .filter(valid)
            .select("idx", "row", "art", "key", pl.lit(n, dtype=pl.UInt8).alias("n"))
        )
        if windows.is_empty():
            break
        counts = (
            windows.group_by("key")
            .agg(pl.col("art").n_unique().cast(pl.UInt32).alias("df"))
            .filter(pl.col("df") >= min_articles)
        )
        found.append(windows.join(counts, on="key"))
    if not found:
        return pl.DataFrame(
            schema={
                "idx": pl.UInt32,
                "row": pl.UInt32,
                "art": pl.UInt32,
                "key": pl.UInt64,
                "n": pl.UInt8,
                "df": pl.UInt32,
            }
        )
    return pl.concat(found)


def _extend_key(key: pl.Series, hashes: pl.Series, n: int) -> pl.Series:
    """The hash of the ``n``-word window at each position from that of the ``n - 1``-word one."""
    return (
        pl.DataFrame({"a": key, "b": hashes.shift(-(n - 1))})
        .select(pl.struct("a", "b").hash(seed=n))
        .to_series()
    )


def _maximal(occurrences: pl.DataFrame, max_n: int) -> pl.DataFrame:
    """The occurrences of keys not always inside a longer recurring window of the same articles.

    A longer window has a subset of the shorter one's articles, so an equal article count means
    an equal article set. Shared passages longer than ``max_n`` words give a chain of
    overlapping ``max_n``-word windows with the same articles: only the chain's first is kept.
    """

    def spot(idx: pl.Expr, n: pl.Expr) -> pl.Expr:
        # Window start, length and article count packed in one integer: one-column joins.
        return (
            idx.cast(pl.UInt64) * (1 << 24)
            + n.cast(pl.UInt64) * (1 << 20)
            + pl.col("df").cast(pl.UInt64).clip(upper_bound=(1 << 20) - 1)
        )

    lookup = occurrences.lazy().select(spot(pl.col("idx"), pl.col("n")).alias("spot"))
    parents = []
    for left, extra in ((1, 1), (0, 1), (2, 2), (1, 2), (0, 2)):
        parents.append(
            occurrences.lazy()
            .filter(pl.col("idx") >= left, pl.col("n").cast(pl.Int32) + extra <= max_n)
            .select("key", spot(pl.col("idx") - left, pl.col("n") + extra).alias("spot"))
        )
    # Chain continuation: the same-length window one or two words earlier, same articles.
    for shift in (1, 2):
        parents.append(
            occurrences.lazy()
            .filter(pl.col("n") == max_n, pl.col("idx") >= shift)
            .select("key", spot(pl.col("idx") - shift, pl.col("n")).alias("spot"))
        )
    dominated = (
        pl.concat(parents).join(lookup, on="spot", how="semi").select("key").unique().collect()
    )
    return occurrences.join(dominated, on="key", how="anti")


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


def _gapped_windows(words: pl.DataFrame, min_n: int, max_n: int, min_articles: int) -> pl.DataFrame:
    """Occurrences of head…tail windows whose head/tail pair recurs with different middles.

    Columns: idx, n, row, art, pair (hash of head and tail), form (hash of the whole window).
    """
    # Only pairs anchored on a rare word: common pairs ("russia … states") have too many forms
    # to be one phrase, and their exact forms are found as n-grams anyway.
    articles = words["art"].n_unique()
    rare_cap = max(RARE_MIN_ARTICLES, min_articles, int(RARE_SHARE * articles))
    word_df = words.group_by("h").agg(pl.col("art").n_unique().alias("wdf"))
    frame = (
        words.lazy()
        .join(word_df.lazy(), on="h", how="left", maintain_order="left")
        .with_columns((pl.col("wdf") <= rare_cap).alias("rare"))
    )
    parts = []
    for gap in range(1, MAX_GAP + 1):
        n = gap + 2
        if n < min_n or n > max_n:
            continue
        tail = pl.col("h").shift(-(n - 1))
        form = pl.struct([pl.col("h").shift(-k).alias(f"w{k}") for k in range(n)]).hash(seed=99)
        parts.append(
            frame.with_columns(
                pl.struct(pl.col("h").alias("head"), tail.alias("tail")).hash(seed=5).alias("pair"),
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
        return pl.DataFrame(
            schema={
                "idx": pl.UInt32,
                "row": pl.UInt32,
                "art": pl.UInt32,
                "n": pl.UInt8,
                "pair": pl.UInt64,
                "form": pl.UInt64,
            }
        )
    windows = pl.concat(parts)
    keep = (
        windows.group_by("pair")
        .agg(
            pl.col("art").n_unique().alias("df"),
            pl.col("form").n_unique().alias("forms"),
        )
        .filter(
            (pl.col("df") >= min_articles) & (pl.col("forms") >= 2) & (pl.col("forms") <= MAX_FORMS)
        )
        .select("pair")
    )
    return windows.join(keep, on="pair", how="semi").collect()


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


def _verified_gapped_forms(gapped: pl.DataFrame, words: _Words, threshold: float) -> pl.DataFrame:
    """Gapped occurrences whose form is a true variant of its pair's most common form.

    Columns: idx, n, row, art, pair, form, text.
    """
    forms = (
        gapped.group_by("pair", "form")
        .agg(
            pl.col("art").n_unique().alias("form_df"),
            pl.len().alias("form_count"),
            pl.col("idx").first(),
            pl.col("n").first(),
        )
        .sort("pair", "form_df", "form_count", "form", descending=[False, True, True, False])
    )
    forms = forms.with_columns(_window_texts(forms, words.text))
    forms = forms.with_columns(
        pl.col("text").first().over("pair").alias("main"),
        pl.col("n").first().over("pair").alias("main_n"),
    )
    scores = process.cpdist(
        forms["text"].to_list(), forms["main"].to_list(), scorer=fuzz.ratio, workers=-1
    )
    verified = (
        forms.with_columns(pl.Series("score", scores, dtype=pl.Float64))
        .filter(
            (pl.col("score") >= threshold)
            & ((pl.col("n").cast(pl.Int32) - pl.col("main_n").cast(pl.Int32)).abs() <= 1)
        )
        .filter(pl.int_range(pl.len()).over("pair") < MAX_VARIANTS)
        .filter(pl.len().over("pair") >= 2)
        .select("pair", "form", "text")
    )
    if verified.is_empty():
        return gapped.clear().with_columns(pl.lit(None, dtype=pl.String).alias("text"))
    out = gapped.join(verified, on=["pair", "form"])
    # A pair must still recur in enough articles after dropping the false variants.
    spread = out.group_by("pair").agg(pl.col("art").n_unique().alias("df"))
    return out.join(spread.filter(pl.col("df") >= 2).select("pair"), on="pair", how="semi")


def _group_exact(units: pl.DataFrame, union: _UnionFind) -> None:
    """Join exact phrases that differ only in word endings ("press"/"pressed the reset button").

    Phrases with the same stemmed words form a block; each is verified with rapidfuzz ``ratio``
    against the block's most widespread phrase.
    """
    if units.height < 2:
        return
    words = units.select("unit", pl.col("text").str.split(" ").alias("word")).explode("word")
    vocabulary = words["word"].unique().to_list()
    stems = Stemmer.Stemmer("english").stemWords(vocabulary)
    keys = (
        words.with_columns(pl.col("word").replace_strict(vocabulary, stems).alias("stem"))
        .group_by("unit", maintain_order=True)
        .agg(pl.col("stem").str.join(" ").alias("key"))
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


def recurring_phrases(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    min_n: int = 3,
    max_n: int = 8,
    min_articles: int = 2,
    variant_threshold: float = VARIANT_THRESHOLD,
) -> pl.DataFrame:
    """Phrases of ``min_n``–``max_n`` words recurring in ``min_articles`` or more articles.

    One row per group of near-variants: phrase (its most widespread form), variants, articles
    (in date order), article_count, years, first_year, last_year, occurrences (sentences that
    contain a form), words (in the phrase).
    """
    if sentences.is_empty() or articles.is_empty() or min_n > max_n:
        return pl.DataFrame(schema=PHRASE_SCHEMA)
    words = _corpus_words(sentences, articles)
    exact = _maximal(_recurring_windows(words.frame, min_n, max_n, min_articles), max_n)
    gapped = _gapped_windows(words.frame, min_n, max_n, min_articles)
    gapped = _verified_gapped_forms(gapped, words, variant_threshold)

    # Units: each maximal exact phrase, and each verified head/tail pair.
    exact_units = (
        exact.group_by("key")
        .agg(
            pl.col("df").first(),
            pl.col("idx").first(),
            pl.col("n").first(),
        )
        .sort("df", "n", "key", descending=[True, True, False])
    )
    exact_units = exact_units.with_columns(_window_texts(exact_units, words.text)).with_row_index(
        "unit"
    )
    pair_units = (
        gapped.select("pair").unique(maintain_order=True).sort("pair").with_row_index("unit")
    ).with_columns(pl.col("unit") + exact_units.height)
    union = _UnionFind(exact_units.height + pair_units.height)

    _group_exact(exact_units, union)

    exact_occ = exact.join(exact_units.select("key", "unit"), on="key").select(
        "unit", "row", "art", "idx", "n"
    )
    gapped_occ = gapped.join(pair_units, on="pair").select("unit", "row", "art", "idx", "n", "text")
    unit_text = exact_units.select("unit", "text")
    # A phrase that contains a verified gapped form, and is itself close to it, joins that
    # form's group ("russian president vladimir putin" and "president vladimir putin"). Exact
    # phrases are not joined to each other this way: a common short phrase would chain them.
    if not gapped_occ.is_empty():
        near = pl.concat(
            [
                exact_occ.join(gapped_occ.select("row").unique(), on="row", how="semi").join(
                    unit_text, on="unit"
                ),
                gapped_occ,
            ]
        )
        contains = (
            near.join(gapped_occ, on="row", suffix="_g")
            .filter(
                (pl.col("unit") != pl.col("unit_g"))
                & (pl.col("idx") <= pl.col("idx_g"))
                & (pl.col("idx") + pl.col("n") >= pl.col("idx_g") + pl.col("n_g"))
            )
            .select("unit", "unit_g", "text", "text_g")
            .unique()
        )
        if not contains.is_empty():
            scores = process.cpdist(
                contains["text"].to_list(),
                contains["text_g"].to_list(),
                scorer=fuzz.ratio,
                workers=-1,
            )
            joined = contains.filter(pl.Series(scores) >= variant_threshold)
            for unit, unit_g in joined.select("unit", "unit_g").iter_rows():
                union.union(unit, unit_g)

    if exact_occ.is_empty() and gapped_occ.is_empty():
        return pl.DataFrame(schema=PHRASE_SCHEMA)
    roots = pl.DataFrame(
        {
            "unit": pl.Series(range(len(union.parent)), dtype=pl.UInt32),
            "group": pl.Series([union.find(i) for i in range(len(union.parent))], dtype=pl.UInt32),
        }
    )
    located = pl.concat(
        [exact_occ.select("unit", "row", "art"), gapped_occ.select("unit", "row", "art")]
    ).with_columns(pl.col("unit").cast(pl.UInt32))
    # Each form with the articles and sentences it is found in.
    form_stats = pl.concat(
        [
            exact_occ.group_by("unit")
            .agg(pl.col("art").n_unique().alias("form_df"), pl.len().alias("form_rows"))
            .join(unit_text, on="unit"),
            gapped_occ.group_by("unit", "text").agg(
                pl.col("art").n_unique().alias("form_df"), pl.len().alias("form_rows")
            ),
        ],
        how="diagonal_relaxed",
    ).with_columns(pl.col("unit").cast(pl.UInt32))
    forms = (
        form_stats.join(roots, on="unit")
        .group_by("group", "text")
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
    spread = (
        located.join(roots, on="unit")
        .group_by("group")
        .agg(
            pl.col("art").unique().sort().alias("arts"),
            pl.col("row").n_unique().alias("occurrences"),
        )
    )
    article_info = articles.select("article_id", "year").with_row_index("art")
    codes = article_info["art"]
    table = (
        forms.join(spread, on="group")
        .with_columns(
            pl.col("arts")
            .list.eval(pl.element().replace_strict(codes, article_info["article_id"]))
            .alias("articles"),
            pl.col("arts")
            .list.eval(
                pl.element()
                .replace_strict(codes, article_info["year"], return_dtype=pl.Int32)
                .drop_nulls()
                .unique()
                .sort()
            )
            .alias("years"),
            pl.col("arts").list.len().alias("article_count"),
            pl.col("phrase").str.count_matches(" ").add(1).alias("words"),
        )
        .with_columns(
            pl.col("years").list.first().alias("first_year"),
            pl.col("years").list.last().alias("last_year"),
        )
        .filter(pl.col("article_count") >= min_articles)
        .with_columns((pl.col("last_year") - pl.col("first_year")).alias("span"))
        .sort(
            "article_count",
            "span",
            "occurrences",
            "phrase",
            descending=[True, True, True, False],
            nulls_last=True,
        )
        .select(list(PHRASE_SCHEMA))
        .cast(PHRASE_SCHEMA)
    )
    return table


def _variant_pattern(variant: str) -> str:
    """A regex finding a normalized phrase in original text: any punctuation between words."""
    pieces = []
    for word in variant.split(" "):
        escaped = re.escape(word)
        escaped = escaped.replace(r"\-", "[-‐‑‒–—]").replace("'", "['’]").replace("’", "['’]")
        pieces.append(escaped)
    return r"\W+".join(pieces)


def kwic(
    phrase: str | dict,
    sentences: pl.DataFrame | pl.LazyFrame,
    articles: pl.DataFrame,
    width: int = 50,
) -> pl.DataFrame:
    """Keyword-in-context lines of a phrase (text, or a ``recurring_phrases`` row with variants).

    One row per occurrence in date order: article_id, year, outlet, sentence_id, left, match,
    right (``width`` characters of context on each side). ``sentences`` may be a lazy scan:
    only the sentences that match are read into memory.
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
            left = text[max(0, match.start() - width) : match.start()]
            right = text[match.end() : match.end() + width]
            rows.append((article_id, sentence_id, left, match.group(0), right))
    lines = pl.DataFrame(
        rows,
        schema={
            "article_id": pl.String,
            "sentence_id": pl.Int32,
            "left": pl.String,
            "match": pl.String,
            "right": pl.String,
        },
        orient="row",
    )
    order = articles.select("article_id", "year", "outlet").with_row_index("date_order")
    return (
        lines.join(order, on="article_id", how="left")
        .sort("date_order", "sentence_id", nulls_last=True)
        .select(list(KWIC_SCHEMA))
        .cast(KWIC_SCHEMA)
    )
