"""Theme hits: where each sentence speaks of each theme of a lexicon.

Matching goes through the corpus vocabulary, never sentence × phrase:

1. the ``norm`` column is cut into word tokens and exploded (polars);
2. every distinct token gets a key: apostrophes and accents dropped, British spellings made
   American, then a Snowball stem ("defences" → "defens", "resetting" → "reset");
3. each phrase token is matched once against the distinct keys: equal keys score 100, and
   rapidfuzz finds small typos among keys of six letters or more that share the first letter;
4. phrases are found as ordered token sequences by a few polars joins (one per phrase word),
   allowing one intervening word between neighbours (``...`` in a phrase allows a few); small
   words of a phrase ("of", "the") are not matched but leave a gap any word may fill;
5. overlapping hits of one theme keep the best; exclusions veto the hits they overlap;
6. the character span of each hit is mapped back to the original text.

Tokens are whole words, so "reset" never fires inside "preset".

Given sentence embeddings, themes are also found by meaning. Each theme's prototypes (its
description and example sentences) are embedded and averaged into one direction; a sentence
whose closest theme direction is within ``MEANING_GATE`` (cosine) is a hit of that theme even
without its words. Only the closest theme counts: static embeddings place a sentence on US–Russia
relations near every theme a little, and the closest one is the telling one. Such a
hit has ``method`` "meaning", ``phrase`` "(meaning)", the whole sentence as ``matched_text``
and its span as ``start``/``end``, and 100 × the cosine as ``score``. A sentence that already
has a word hit of the theme, or whose match of the theme was vetoed by an exclusion, gets no
meaning hit of it; nor does a sentence of fewer than ``MEANING_MIN_WORDS`` words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl
import Stemmer
from rapidfuzz import fuzz, process

from workbench.analysis.lexicon import GAP_MARK, Lexicon
from workbench.analysis.threads import at_once, one_thread
from workbench.analysis.tokens import article_languages, distinct_codes
from workbench.columns import schema

DEFAULT_THRESHOLD = 88.0
NEAR_GAP = 1  # words that may stand between two neighbouring phrase words
WIDE_GAP = 6  # words that ``...`` lets stand between them
GAP_PENALTY = 4.0  # score lost per intervening word (``...`` gaps cost nothing)
FUZZY_MIN_KEY = 6  # keys shorter than this match exactly or not at all

# Words too common to anchor a match; inside a phrase they only widen the gap they stand in.
SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
    }
)

_LETTERS = "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
TOKEN_PATTERN = f"[{_LETTERS}]+(?:'[{_LETTERS}]+)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)

HIT_SCHEMA = schema("article_id sentence_id theme phrase matched_text start end score method")
WORD = "word"
MEANING = "meaning"
MEANING_PHRASE = "(meaning)"
# Least cosine between a sentence and its closest theme: the lowest gate at which theme
# precision stays at its word-only value on both gold sets (docs/meaning.md).
MEANING_GATE = 0.45
MEANING_MIN_WORDS = 6  # shorter sentences say too little to be placed by meaning

# British → American spellings, so that both sides of a match share one key.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"^(def|off|lic|pret)ence(s|less)?$", "${1}ense${2}"),
    (
        r"^(arm|behavi|col|endeav|fav|flav|hon|harb|hum|lab|neighb|rum|savi|vap|vig|rig"
        r"|parl|splend|ard|clam|glam|odo|val)our(s|ed|ing|ite|ites|able|ably|er|ers|hood)?$",
        "${1}or${2}",
    ),
    (r"^(..+)is(e|es|ed|ing|ation|ations|ational|er|ers)$", "${1}iz${2}"),
    (r"^(anal|paral|catal)ys(e|es|ed|ing)$", "${1}yz${2}"),
    (r"^(cent|theat|met|lit|fib|calib|spect|somb|lust)re(s|d)?$", "${1}er${2}"),
    (
        r"^(travel|cancel|label|model|signal|fuel|channel|level|counsel|total|equal|dial"
        r"|quarrel|rival|tunnel)l(ed|ing|er|ers)$",
        "${1}${2}",
    ),
    (r"^(dialog|catalog|analog|monolog|prolog|epilog)ue(s)?$", "${1}${2}"),
    (r"^programme(s)?$", "program${1}"),
    (r"^judgement(s)?$", "judgment${1}"),
    (r"^manoeuvre(s|d)?$", "maneuver${1}"),
    (r"^sceptic(s|al|ism)?$", "skeptic${1}"),
    (r"^grey(s|er|est|ing)?$", "gray${1}"),
)

_ANY_SPELLING_RULE = "|".join(f"(?:{pattern})" for pattern, _ in _SPELLING_RULES)

# Suffixes that the stemmer strips although they change the word's sense
# ("important" is not "import", "independent" not "independ", "extremism" not "extremely",
# "nationalism" not "nationally").
_SENSE_SUFFIX = r"^((an|en)[tc]|(al)?ism)"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def token_keys(tokens: Iterable[str]) -> list[str]:
    """The matching key of each token: spelling made American, then a Snowball stem."""
    tokens = list(tokens)
    if len(tokens) <= _FEW_TOKENS:
        return _token_keys_in_turn(tokens)
    words = pl.Series("word", tokens, dtype=pl.String)
    spelled = pl.col("word").str.replace(r"'s$", "").str.replace_all("'", "", literal=True)
    spelled = spelled.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")
    frame = words.to_frame().select(spelled.alias("spelled"))
    # Few words have a British spelling: run the rules on those alone.
    british = frame.get_column("spelled").str.contains(_ANY_SPELLING_RULE)
    if british.any():
        respelled = pl.col("spelled")
        for pattern, replacement in _SPELLING_RULES:
            respelled = respelled.str.replace(pattern, replacement)
        changed = frame.filter(british).select(respelled).get_column("spelled")
        frame = frame.with_columns(frame.get_column("spelled").scatter(british.arg_true(), changed))
    stems = pl.Series(
        "stem", _stemmer().stemWords(frame.get_column("spelled").to_list()), dtype=pl.String
    )
    rest = pl.col("spelled").str.slice(pl.col("stem").str.len_chars())
    return (
        frame.with_columns(stems)
        .select(
            pl.when(
                pl.col("spelled").str.starts_with(pl.col("stem")) & rest.str.contains(_SENSE_SUFFIX)
            )
            .then(pl.col("stem") + "+" + rest.str.slice(0, 2))
            .otherwise(pl.col("stem"))
        )
        .to_series()
        .to_list()
    )


# Up to this many tokens (a word diff of a few sentences) the same steps in plain Python are
# faster than a polars frame; both give the same keys (tests compare them on a vocabulary).
_FEW_TOKENS = 64
_PY_SPELLING_RULES = tuple(
    (re.compile(pattern.replace("$", r"\Z")), re.sub(r"\$\{(\d)\}", r"\\g<\1>", replacement))
    for pattern, replacement in _SPELLING_RULES
)
_PY_ANY_SPELLING_RULE = re.compile(_ANY_SPELLING_RULE.replace("$", r"\Z"))
_PY_POSSESSIVE = re.compile(r"'s\Z")
_PY_SENSE_SUFFIX = re.compile(_SENSE_SUFFIX)


def _token_keys_in_turn(tokens: list[str]) -> list[str]:
    """``token_keys`` one token at a time in Python (for a few tokens)."""
    spelled = []
    for token in tokens:
        word = _PY_POSSESSIVE.sub("", token, count=1).replace("'", "")
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        if _PY_ANY_SPELLING_RULE.search(word):
            for pattern, replacement in _PY_SPELLING_RULES:
                word = pattern.sub(replacement, word, count=1)
        spelled.append(word)
    keys = []
    for word, stem in zip(spelled, _stemmer().stemWords(spelled), strict=True):
        rest = word[len(stem) :]
        if word.startswith(stem) and _PY_SENSE_SUFFIX.search(rest):
            stem = f"{stem}+{rest[:2]}"
        keys.append(stem)
    return keys


def tokenize(norm: str) -> list[tuple[str, int, int]]:
    """Word tokens of a normalized string with their character spans."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(norm)]


@dataclass(frozen=True)
class _Pattern:
    theme: str
    phrase: str
    is_exclusion: bool
    keys: tuple[str, ...]
    gaps: tuple[int, ...]  # intervening words allowed before each key (0 for the first)
    free: tuple[int, ...]  # of those, how many cost nothing (the phrase's own small words)


def _patterns(lexicon: Lexicon) -> list[_Pattern]:
    normalize = _normalizer()
    entries: list[tuple[str, str, bool, list[list[str]]]] = []
    for theme in lexicon.themes:
        for is_exclusion, phrases in ((False, theme.phrases), (True, theme.exclusions)):
            for phrase in phrases:
                variants = [phrase]
                if "-" in phrase:
                    # "anti-missile" is also written "antimissile".
                    variants.append(re.sub(r"(?<=\w)-(?=\w)", "", phrase))
                for variant in variants:
                    parts = [
                        [t for t, _, _ in tokenize(normalize(part))]
                        for part in variant.split(GAP_MARK)
                    ]
                    entries.append((theme.id, phrase, is_exclusion, parts))
    words = sorted({w for *_, parts in entries for part in parts for w in part})
    key_of = dict(zip(words, token_keys(words), strict=True))
    patterns: list[_Pattern] = []
    seen: set[tuple] = set()
    for theme_id, phrase, is_exclusion, parts in entries:
        # Small words of a phrase ("future of ... Assad", "turn the page") are not matched
        # themselves: the gap they leave may hold any word, at no cost. Frequent words would
        # make the joins below large for nothing.
        content = any(w not in SMALL_WORDS for part in parts for w in part)
        keys: list[str] = []
        gaps: list[int] = []
        free: list[int] = []
        for part_index, part in enumerate(parts):
            skipped = 0
            for i, word in enumerate(part):
                if content and word in SMALL_WORDS:
                    skipped += 1
                    continue
                if not keys:
                    gaps.append(0)
                    free.append(0)
                elif part_index > 0 and i == skipped:
                    gaps.append(WIDE_GAP + skipped)
                    free.append(WIDE_GAP + skipped)
                else:
                    gaps.append(NEAR_GAP + skipped)
                    free.append(skipped)
                keys.append(key_of[word])
                skipped = 0
        marker = (theme_id, is_exclusion, tuple(keys), tuple(gaps), tuple(free))
        if keys and marker not in seen:
            seen.add(marker)
            patterns.append(
                _Pattern(theme_id, phrase, is_exclusion, tuple(keys), tuple(gaps), tuple(free))
            )
    return patterns


def _normalizer():
    normalize = _normalize_with_map()
    return lambda text: normalize(text)[0]


def _key_matches(pattern_keys: list[str], vocab: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Rows (pkey, key, token_score): which vocabulary keys stand for each phrase key."""
    vocab_keys = vocab.get_column("key").unique().sort().to_list()
    known = set(vocab_keys)
    rows_p: list[str] = [k for k in pattern_keys if k in known]
    rows_k: list[str] = list(rows_p)
    rows_s: list[float] = [100.0] * len(rows_p)
    long_keys = [k for k in vocab_keys if len(k) >= FUZZY_MIN_KEY - 1]
    by_initial: dict[str, list[str]] = {}
    for key in long_keys:
        by_initial.setdefault(key[0], []).append(key)
    for pkey in pattern_keys:
        if len(pkey) < FUZZY_MIN_KEY:
            continue
        choices = by_initial.get(pkey[0], [])
        for key, score, _ in process.extract(
            pkey, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            # A key that extends another ("russiag" / "russia") is another word, not a typo.
            if not key.startswith(pkey) and not pkey.startswith(key):
                rows_p.append(pkey)
                rows_k.append(key)
                rows_s.append(float(score))
    return pl.DataFrame(
        {"pkey": rows_p, "key": rows_k, "token_score": rows_s},
        schema={"pkey": pl.String, "key": pl.String, "token_score": pl.Float64},
    )


def _without_typos_in_other_languages(
    relevant: pl.DataFrame, sentences: pl.DataFrame, languages: pl.DataFrame | None
) -> pl.DataFrame:
    """The word matches of ``relevant`` (row, pos, pkey, token_score) without those taken as
    typos in articles written in another language than English: there a near spelling is
    another language's word (Spanish "crimen" is no "Crimean", German "Müller" no
    "Mueller"), while a word spelt as the lexicon's ("Ukraine") still matches. ``languages``:
    ``article_languages`` of ``sentences`` when already told (an article's language is told
    from its own sentences, so the whole corpus's verdicts hold for any of its articles)."""
    typo_rows = relevant.filter(pl.col("token_score") < 100).get_column("row").unique()
    if typo_rows.is_empty() or "sentence_id" not in sentences.columns:
        return relevant
    if languages is not None:
        foreign = languages
    else:
        articles = sentences.get_column("article_id").gather(typo_rows).unique()
        sample = sentences.filter(pl.col("article_id").is_in(articles.implode()))
        foreign = article_languages(sample.select("article_id", "sentence_id", "norm"))
    if foreign.is_empty():
        return relevant
    in_foreign = (
        sentences.get_column("article_id")
        .gather(typo_rows)
        .is_in(foreign.get_column("article_id").implode())
    )
    dropped = typo_rows.filter(in_foreign)
    return relevant.filter((pl.col("token_score") >= 100) | ~pl.col("row").is_in(dropped.implode()))


def _sentence_rows(sentences: pl.DataFrame, *extra: str) -> pl.DataFrame:
    """Each sentence's row number with its article, id, span and text (and ``extra`` columns)."""
    return sentences.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
        "article_id",
        "sentence_id",
        "start",
        "end",
        "text",
        *extra,
    )


def find_theme_hits(
    sentences: pl.DataFrame,
    lexicon: Lexicon,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    documents: pl.DataFrame | None = None,
    embeddings: np.ndarray | Callable[[], np.ndarray] | None = None,
    prototypes: ThemePrototypes | None = None,
    meaning_gate: float = MEANING_GATE,
    languages: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Theme hits of ``sentences`` (article_id, sentence_id, start, end, text, norm).

    ``documents`` (article_id, text) gives exact spans in the original text; without it the
    spans are computed on each sentence's ``text``, exact only where it equals the original.
    ``embeddings`` (one row per sentence row, L2-normalised) add hits found by meaning;
    ``prototypes`` are the lexicon's embedded prototypes (``theme_prototypes``), made with the
    embedding model when not given. Without embeddings every hit is found by its words.
    ``languages`` is ``article_languages`` of ``sentences`` when already told.

    ``embeddings`` may be a function that makes them: it runs beside the search by words
    (embedding a corpus is one core's numpy, the search by words mostly polars: at 10,000
    articles the two took 6.8–7.5 s one after the other, 4.7–5.6 s side by side).
    """
    if callable(embeddings):
        (words, claimed), embeddings = at_once(
            lambda: _word_hits(sentences, lexicon, threshold, documents, languages), embeddings
        )
    else:
        words, claimed = _word_hits(sentences, lexicon, threshold, documents, languages)
    if embeddings is None:
        return words
    if prototypes is None:
        prototypes = theme_prototypes(lexicon)
    meaning = meaning_hits(
        sentences, embeddings, prototypes, gate=meaning_gate, claimed=claimed, documents=documents
    )
    if meaning.is_empty():
        return words
    return pl.concat([words, meaning]).sort(["article_id", "sentence_id", "start", "theme"])


def _word_hits(
    sentences: pl.DataFrame,
    lexicon: Lexicon,
    threshold: float,
    documents: pl.DataFrame | None,
    languages: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Hits found by the lexicon's phrases, and the (row, theme) pairs they settle.

    A pair is settled when the sentence has a hit of the theme or an exclusion vetoed one.
    """
    claimed = pl.DataFrame(schema={"row": pl.UInt32, "theme": pl.String})
    patterns = _patterns(lexicon)
    if sentences.height == 0 or not patterns:
        return pl.DataFrame(schema=HIT_SCHEMA), claimed

    token_lists = sentences.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
        pl.col("norm").str.extract_all(TOKEN_PATTERN).alias("token"),
    )
    tokens = (
        token_lists.filter(pl.col("token").list.len() > 0)
        .with_columns(pos=pl.int_ranges(0, pl.col("token").list.len(), dtype=pl.Int32))
        .explode(["token", "pos"])
    )
    # The distinct tokens and each token's code, not the tokens' ``unique`` and a join back.
    distinct, codes = distinct_codes(tokens.get_column("token"))
    vocab = distinct.rename("token").to_frame()
    tokens = tokens.select("row", "pos", codes.alias("code"))
    vocab = vocab.with_columns(
        pl.Series("key", token_keys(vocab.get_column("token").to_list()), dtype=pl.String)
    )

    pattern_keys = sorted({k for p in patterns for k in p.keys})
    # Phrase keys by their rank in ``pattern_keys``: the joins below on (row, pkey) run on two
    # integers rather than an integer and a string (a third of their time).
    code = {key: i for i, key in enumerate(pattern_keys)}
    matches = _key_matches(pattern_keys, vocab, threshold).with_columns(
        pl.col("pkey").replace_strict(code, return_dtype=pl.UInt32)
    )
    wanted = (
        vocab.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("code"))
        .join(matches, on="key")
        .select("code", "pkey", "token_score")
    )
    relevant = tokens.join(wanted, on="code").select("row", "pos", "pkey", "token_score")
    relevant = _without_typos_in_other_languages(relevant, sentences, languages)

    steps = pl.DataFrame(
        {
            "pid": [i for i, p in enumerate(patterns) for _ in p.keys],
            "idx": [j for p in patterns for j in range(len(p.keys))],
            "pkey": [code[k] for p in patterns for k in p.keys],
            "gap": [g for p in patterns for g in p.gaps],
            "free": [f for p in patterns for f in p.free],
        },
        schema={
            "pid": pl.Int32,
            "idx": pl.Int32,
            "pkey": pl.UInt32,
            "gap": pl.Int32,
            "free": pl.Int32,
        },
    )
    lengths = pl.DataFrame(
        {"pid": list(range(len(patterns))), "n": [len(p.keys) for p in patterns]},
        schema={"pid": pl.Int32, "n": pl.Int32},
    )

    # Start only in sentences that hold the phrase's rarest word: "new" or "after" begin
    # phrases but are everywhere.
    frequency = dict(relevant.group_by("pkey").len().iter_rows())
    anchors = pl.DataFrame(
        {
            "pid": list(range(len(patterns))),
            "pkey": [
                code[min(p.keys, key=lambda k: (frequency.get(code[k], 0), k))] for p in patterns
            ],
        },
        schema={"pid": pl.Int32, "pkey": pl.UInt32},
    )
    # A phrase anchored on its first word starts at each of that word's places; any other
    # starts at its first word's places in the sentences that hold its anchor.
    first_keys = steps.filter(pl.col("idx") == 0).select("pid", "pkey")
    at_first = anchors.join(first_keys, on=["pid", "pkey"], how="semi")
    elsewhere = anchors.join(first_keys, on=["pid", "pkey"], how="anti")
    candidates = (
        elsewhere.join(relevant.select("row", "pkey"), on="pkey").select("pid", "row").unique()
    )
    starts = pl.concat(
        [
            at_first.join(relevant, on="pkey"),
            candidates.join(first_keys, on="pid").join(relevant, on=["row", "pkey"]),
        ],
        how="diagonal",
    )
    state = starts.select(
        "pid",
        "row",
        pl.col("pos").alias("first"),
        pl.col("pos").alias("last"),
        pl.col("token_score").alias("total"),
        pl.lit(0, dtype=pl.Int32).alias("gaps"),
    ).join(lengths, on="pid")
    done = [state.filter(pl.col("n") == 1)]
    state = state.filter(pl.col("n") > 1)
    step = 1
    while state.height:
        state = (
            state.join(steps.filter(pl.col("idx") == step), on="pid")
            .join(relevant, on=["row", "pkey"])
            .filter(
                (pl.col("pos") > pl.col("last"))
                & (pl.col("pos") <= pl.col("last") + 1 + pl.col("gap"))
            )
            .sort("pos")
            .group_by(["pid", "row", "first"], maintain_order=True)
            .first()
            .select(
                "pid",
                "row",
                "first",
                pl.col("pos").alias("last"),
                (pl.col("total") + pl.col("token_score")).alias("total"),
                (
                    pl.col("gaps")
                    + (pl.col("pos") - pl.col("last") - 1 - pl.col("free")).clip(lower_bound=0)
                )
                .cast(pl.Int32)
                .alias("gaps"),
                "n",
            )
        )
        step += 1
        done.append(state.filter(pl.col("n") == step))
        state = state.filter(pl.col("n") > step)

    meta = pl.DataFrame(
        {
            "pid": list(range(len(patterns))),
            "theme": [p.theme for p in patterns],
            "phrase": [p.phrase for p in patterns],
            "exclusion": [p.is_exclusion for p in patterns],
        },
        schema={"pid": pl.Int32, "theme": pl.String, "phrase": pl.String, "exclusion": pl.Boolean},
    )
    found = (
        pl.concat(done)
        .with_columns((pl.col("total") / pl.col("n") - GAP_PENALTY * pl.col("gaps")).alias("score"))
        .filter(pl.col("score") >= threshold)
        .join(meta, on="pid")
    )
    hits = found.filter(~pl.col("exclusion"))
    vetoes = found.filter(pl.col("exclusion")).select(
        "row", "theme", pl.col("first").alias("x_first"), pl.col("last").alias("x_last")
    )
    claimed = pl.concat(
        [hits.select("row", "theme"), vetoes.select("row", "theme")], how="vertical_relaxed"
    ).unique()
    if vetoes.height:
        vetoed = (
            hits.join(vetoes, on=["row", "theme"])
            .filter((pl.col("first") <= pl.col("x_last")) & (pl.col("x_first") <= pl.col("last")))
            .select("row", "theme", "first", "last", "pid")
            .unique()
        )
        hits = hits.join(vetoed, on=["row", "theme", "first", "last", "pid"], how="anti")

    # Overlapping hits of one theme in one sentence are one mention: keep the best. Window
    # functions over many small groups are slow, so clusters are found in one sorted pass:
    # a hit opens a new cluster when it starts after every earlier hit of its group ended.
    hits = hits.sort(["row", "theme", "first", "last"])
    group = (
        ((pl.col("row") != pl.col("row").shift(1)) | (pl.col("theme") != pl.col("theme").shift(1)))
        .fill_null(True)
        .cum_sum()
        .cast(pl.Int64)
    )
    reach = group * 1_000_000 + pl.col("last")
    hits = (
        hits.with_columns(
            (group * 1_000_000 + pl.col("first") > reach.cum_max().shift(1).fill_null(-1))
            .cum_sum()
            .alias("cluster")
        )
        .sort(
            ["cluster", "score", "last", "first", "pid"],
            descending=[False, True, True, False, False],
        )
        .unique(subset="cluster", keep="first", maintain_order=True)
        .select("row", "theme", "phrase", "first", "last", "score")
    )
    return _with_spans(hits, sentences, documents, token_lists.get_column("token")), claimed


_QUOTES = ["\u2018", "\u2019", "\u201a", "\u201b", "\u2032", "`", "\u00b4"]
# A word with the run of other characters before it: such pieces tile a text up to its last
# word (a word begins on a letter, and no letter stands between two words).
_GAP_AND_WORD = f"[^{_LETTERS}]*(?:{TOKEN_PATTERN})"


# A sentence's span of its article's original text (``document``, see ``_with_documents``).
_ORIGINAL_SLICE = pl.col("document").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))


def _with_documents(frame: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (rows with an article_id) with its article's whole original text, ``document``
    (null where ``documents`` has no row for the article)."""
    return frame.join(
        documents.select("article_id", pl.col("text").alias("document")),
        on="article_id",
        how="left",
    )


def _with_spans(
    hits: pl.DataFrame,
    sentences: pl.DataFrame,
    documents: pl.DataFrame | None,
    norm_tokens: pl.Series,
) -> pl.DataFrame:
    """Map token positions of hits to character spans in the original text.

    Normalization keeps each word's letters one for one (it changes case and quotes, and
    splits glued words), so the words of the lower-cased original line up with the words of
    ``norm``; sentences where they do not (a rare rewrite) go through the offset map of
    ``normalize_for_matching`` one by one. ``norm_tokens``: the list of ``norm``'s tokens of
    each sentence row, in row order.
    """
    if hits.height == 0:
        return pl.DataFrame(schema=HIT_SCHEMA)
    # A hit's row is its sentence's index: its rows are gathered, not joined.
    rows = hits.get_column("row").unique()
    info = _sentence_rows(sentences, "norm").with_columns(norm_tokens.alias("token"))[rows]
    if documents is not None:
        info = _with_documents(info, documents).with_columns(
            source=_ORIGINAL_SLICE, base=pl.col("start")
        )
    else:
        # Without the document, `text` stands in for the original slice.
        info = info.with_columns(source=pl.col("text"), base=pl.col("start"))
    # The lower-cased source once as a column: as an expression it was computed three times.
    # Only the columns read below are kept (each filter copies every column it keeps).
    info = info.select(
        "row",
        "article_id",
        "sentence_id",
        "source",
        "base",
        "norm",
        "token",
        pl.col("source")
        .str.replace_many(_QUOTES, ["'"] * len(_QUOTES))
        .str.to_lowercase()
        .alias("lowered"),
    )
    lowered = pl.col("lowered")
    # A sentence lines up when the lowered source keeps the source's length and has the
    # norm's words. Nine lowered sources in ten are the norm itself: only the others are cut
    # into words to compare.
    same_length = pl.col("source").str.len_chars() == lowered.str.len_chars()
    info = info.with_columns(ok=same_length & (lowered == pl.col("norm")))
    unsure = info.filter(~pl.col("ok") & same_length)
    if unsure.height:
        lined_up = unsure.filter(
            lowered.str.extract_all(TOKEN_PATTERN) == pl.col("token")
        ).get_column("row")
        info = info.with_columns(pl.col("ok") | pl.col("row").is_in(lined_up.implode()))
    good = info.filter(pl.col("ok"))

    # A word's end is the running sum of the lengths of the pieces up to it, each piece a word
    # with the gap before it. The pieces of all sentences are summed in one flat run, and each
    # sentence's ends are that run less its total before the sentence: a hit then reads its
    # two ends by index, without carrying the lists of its sentence through a join.
    pieces = good.get_column("lowered").str.extract_all(_GAP_AND_WORD)
    piece_lengths = (
        pieces.explode(empty_as_null=False, keep_nulls=False).str.len_chars().cast(pl.Int64)
    )
    # The run from zero: a sentence's pieces are run[at + 1 :], ending at run[at + i + 1].
    run = pl.concat([pl.Series([0], dtype=pl.Int64), piece_lengths.cum_sum()])
    # The words of a sentence that lines up are its norm's tokens: their lengths, flat too.
    word_lengths = (
        good.get_column("token")
        .explode(empty_as_null=False, keep_nulls=False)
        .str.len_chars()
        .cast(pl.Int64)
    )
    piece_counts = pieces.list.len().cast(pl.Int64)
    token_counts = good.get_column("token").list.len().cast(pl.Int64)
    good = good.select(
        "row",
        "article_id",
        "sentence_id",
        "source",
        "base",
        (piece_counts.cum_sum() - piece_counts).alias("piece_at"),
        (token_counts.cum_sum() - token_counts).alias("token_at"),
    )
    spans = hits.join(good, on="row")
    piece_at = spans.get_column("piece_at")
    first = spans.get_column("first").cast(pl.Int64)
    before = run.gather(piece_at)
    first_end = run.gather(piece_at + first + 1) - before
    first_length = word_lengths.gather(spans.get_column("token_at") + first)
    spans = spans.select(
        "row",
        "theme",
        "phrase",
        "score",
        "article_id",
        "sentence_id",
        "source",
        "base",
        (first_end - first_length).alias("begin"),
        (run.gather(piece_at + spans.get_column("last").cast(pl.Int64) + 1) - before).alias(
            "finish"
        ),
    )
    odd = hits.join(good, on="row", how="anti")
    if odd.height:
        spans = pl.concat(
            [
                spans,
                _spans_one_by_one(odd, info)
                .join(info.select("row", "article_id", "sentence_id", "source", "base"), on="row")
                .select(spans.columns),
            ]
        )
    return spans.select(
        "article_id",
        pl.col("sentence_id").cast(pl.Int32),
        "theme",
        "phrase",
        pl.col("source")
        .str.slice(pl.col("begin"), pl.col("finish") - pl.col("begin"))
        .alias("matched_text"),
        (pl.col("base") + pl.col("begin")).cast(pl.Int64).alias("start"),
        (pl.col("base") + pl.col("finish")).cast(pl.Int64).alias("end"),
        pl.col("score").round(2).cast(pl.Float64),
        pl.lit(WORD).alias("method"),
    ).sort(["article_id", "sentence_id", "start", "theme"])


def _spans_one_by_one(hits: pl.DataFrame, info: pl.DataFrame) -> pl.DataFrame:
    """Spans of hits in sentences whose words do not line up, through the offset map."""
    normalize = _normalize_with_map()
    # The texts of these hits' rows only (a few hundred): making dicts of every hit row's
    # texts was most of this function's time at 10,000 articles.
    info = info.join(hits.select("row").unique(), on="row", how="semi")
    sources = dict(info.select("row", "source").iter_rows())
    norms = dict(info.select("row", "norm").iter_rows())
    cache: dict[int, tuple] = {}
    rows: list[tuple] = []
    for row, theme, phrase, first, last, score in hits.select(
        "row", "theme", "phrase", "first", "last", "score"
    ).iter_rows():
        if row not in cache:
            normalized, offsets = normalize(sources[row])
            found = tokenize(normalized)
            expected = tokenize(norms[row])
            consistent = [t for t, _, _ in found] == [t for t, _, _ in expected]
            cache[row] = (found, offsets, expected, consistent)
        found, offsets, expected, consistent = cache[row]
        if consistent:
            span = (offsets[found[first][1]], offsets[found[last][2] - 1] + 1)
        else:
            # The norm was made from other text than the one at hand: find its words in it.
            span = _find_words([t for t, _, _ in expected[first : last + 1]], sources[row])
        if span is None:
            # Nothing to line up with: the hit stands for the whole sentence.
            span = (0, len(sources[row]))
        rows.append((row, theme, phrase, score, span[0], span[1]))
    return pl.DataFrame(
        rows,
        schema=schema("row theme phrase score begin finish", begin=pl.Int64, finish=pl.Int64),
        orient="row",
    )


_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def _plain_lower(text: str) -> tuple[str, list[int]]:
    lowered = text.translate(_PLAIN).lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[:1] or c for c in text.translate(_PLAIN))
    return lowered, list(range(len(text)))


def _normalize_with_map():
    try:
        from workbench.corpus.normalize import normalize_for_matching
    except ImportError:  # pragma: no cover - ingest provides it
        return _plain_lower
    return normalize_for_matching


# A word may be broken at a line's end in the source ("sanc-" / "tions": text pasted from a PDF)
# where its sentence shows it whole.
_LINE_BREAK_IN_WORD = r"(?:-[ \t]*\r?\n[ \t]*)?"


def _find_words(words: list[str], source: str) -> tuple[int, int] | None:
    """The span in ``source`` of these words in order, separated by anything but letters."""
    pattern = r"[\W_]*".join(_LINE_BREAK_IN_WORD.join(map(_word_char, w)) for w in words)
    match = re.search(pattern, source, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _word_char(char: str) -> str:
    return "['\u2019]" if char == "'" else re.escape(char)


@dataclass(frozen=True)
class ThemePrototypes:
    """A lexicon's prototypes embedded: one row per prototype text, with its theme."""

    themes: tuple[str, ...]
    texts: tuple[str, ...]
    vectors: np.ndarray

    def directions(self) -> tuple[list[str], np.ndarray]:
        """The themes (sorted) and each one's unit-length mean of its prototype vectors."""
        from workbench.analysis.embeddings import normalize_rows

        names = sorted(set(self.themes))
        index = {name: i for i, name in enumerate(names)}
        sums = np.zeros((len(names), self.vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, [index[t] for t in self.themes], self.vectors)
        return names, normalize_rows(sums)


def theme_prototypes(lexicon: Lexicon, model=None) -> ThemePrototypes:
    """Embed each theme's description and example sentences (with the embedding model)."""
    from workbench.analysis.embeddings import embed_texts
    from workbench.corpus.normalize import normalize_many

    themes = [t.id for t in lexicon.themes for _ in t.prototypes]
    texts = [p for t in lexicon.themes for p in t.prototypes]
    return ThemePrototypes(tuple(themes), tuple(texts), embed_texts(normalize_many(texts), model))


def meaning_hits(
    sentences: pl.DataFrame,
    embeddings: np.ndarray,
    prototypes: ThemePrototypes,
    *,
    gate: float = MEANING_GATE,
    claimed: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Hits of sentences whose closest theme (by its prototypes' mean) is within ``gate``.

    ``claimed`` (row, theme) lists sentence rows that get no meaning hit of that theme (they
    have a word hit of it, or an exclusion vetoed one). Columns as ``HIT_SCHEMA``, with
    ``method`` "meaning".
    """
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if len(embeddings) != sentences.height:
        raise ValueError(f"{sentences.height} sentences but {len(embeddings)} embedding rows")
    if sentences.height == 0 or not prototypes.themes:
        return pl.DataFrame(schema=HIT_SCHEMA)
    names, directions = prototypes.directions()
    with one_thread():
        similarity = embeddings @ directions.T  # sentences × themes
    closest = np.argmax(similarity, axis=1)
    cosine = similarity[np.arange(len(similarity)), closest]
    # Words are counted in the sentences close enough only (a few of them, at any size).
    near = np.flatnonzero(cosine >= gate)
    words = sentences.get_column("norm").gather(near).str.count_matches(r"\S+").to_numpy()
    rows = near[words >= MEANING_MIN_WORDS]
    themes = closest[rows]
    found = pl.DataFrame(
        {
            "row": rows.astype(np.uint32),
            "theme": [names[t] for t in themes],
            "cosine": cosine[rows].astype(np.float64),
        },
        schema={"row": pl.UInt32, "theme": pl.String, "cosine": pl.Float64},
    )
    if claimed is not None and claimed.height:
        found = found.join(claimed.select("row", "theme"), on=["row", "theme"], how="anti")
    if found.is_empty():
        return pl.DataFrame(schema=HIT_SCHEMA)
    hits = found.join(_sentence_rows(sentences), on="row")
    if documents is not None:
        hits = _with_documents(hits, documents).with_columns(
            pl.coalesce(_ORIGINAL_SLICE, pl.col("text")).alias("text")
        )
    return (
        hits.select(
            "article_id",
            pl.col("sentence_id").cast(pl.Int32),
            "theme",
            pl.lit(MEANING_PHRASE).alias("phrase"),
            pl.col("text").alias("matched_text"),
            pl.col("start").cast(pl.Int64),
            pl.col("end").cast(pl.Int64),
            (100.0 * pl.col("cosine")).round(2).alias("score"),
            pl.lit(MEANING).alias("method"),
        )
        .sort(["article_id", "sentence_id", "start", "theme"])
        .cast(HIT_SCHEMA)
    )


SUMMARY_OUTLETS = 5  # the outlets with most hits a theme's summary names


def theme_summary(hits: pl.DataFrame, articles: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """One row per lexicon theme: label, articles, sentences and hits, years, outlets, top
    phrases.

    ``articles`` needs article_id and year (and outlet, when known); ``by_year`` lists "YEAR:
    hits" in year order (unknown years as "?"), ``by_outlet`` "OUTLET: hits" for the
    ``SUMMARY_OUTLETS`` outlets with most hits (articles without an outlet left out),
    ``top_phrases`` the three phrases that matched most.
    """
    outlet = pl.col("outlet") if "outlet" in articles.columns else pl.lit(None, dtype=pl.String)
    years = articles.select("article_id", pl.col("year").cast(pl.Int32), outlet.alias("outlet"))
    joined = hits.join(years, on="article_id", how="left")
    per_year = (
        joined.group_by("theme", "year")
        .len("n")
        .sort("theme", pl.col("year").fill_null(1 << 30))
        .group_by("theme", maintain_order=True)
        .agg(
            (
                pl.col("year").cast(pl.String).fill_null("?") + ": " + pl.col("n").cast(pl.String)
            ).alias("by_year")
        )
    )
    per_outlet = (
        joined.filter(pl.col("outlet").is_not_null())
        .group_by("theme", "outlet")
        .len("n")
        .sort(["theme", "n", "outlet"], descending=[False, True, False])
        .group_by("theme", maintain_order=True)
        .agg(
            (pl.col("outlet") + ": " + pl.col("n").cast(pl.String))
            .head(SUMMARY_OUTLETS)
            .alias("by_outlet")
        )
    )
    phrases = (
        hits.group_by("theme", "phrase")
        .len("n")
        .sort(["theme", "n", "phrase"], descending=[False, True, False])
        .group_by("theme", maintain_order=True)
        .agg(pl.col("phrase").head(3).alias("top_phrases"))
    )
    counts = joined.group_by("theme").agg(
        pl.col("article_id").n_unique().cast(pl.Int64).alias("articles"),
        pl.struct("article_id", "sentence_id").n_unique().cast(pl.Int64).alias("sentences"),
        pl.len().cast(pl.Int64).alias("hits"),
        pl.col("year").min().alias("first_year"),
        pl.col("year").max().alias("last_year"),
    )
    themes = pl.DataFrame(
        {"theme": list(lexicon.ids), "label": [t.label for t in lexicon.themes]},
        schema={"theme": pl.String, "label": pl.String},
    )
    return (
        themes.join(counts, on="theme", how="left", maintain_order="left")
        .join(per_year, on="theme", how="left", maintain_order="left")
        .join(per_outlet, on="theme", how="left", maintain_order="left")
        .join(phrases, on="theme", how="left", maintain_order="left")
        .with_columns(pl.col("articles", "sentences", "hits").fill_null(0))
        .select(
            "theme",
            "label",
            "articles",
            "sentences",
            "hits",
            "first_year",
            "last_year",
            "by_year",
            "by_outlet",
            "top_phrases",
        )
    )
