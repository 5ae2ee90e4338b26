"""Theme hits: where each sentence speaks of each theme of a lexicon.

Matching goes through the corpus vocabulary, never sentence × phrase:

1. the ``norm`` column is cut into word tokens and exploded (polars);
2. every distinct token gets a key: apostrophes and accents dropped, British spellings made
   American, then a Snowball stem ("defences" → "defens", "resetting" → "reset");
3. each phrase token is matched once against the distinct keys: equal keys score 100, and
   rapidfuzz finds small typos among keys of six letters or more that share the first letter;
4. phrases are found as ordered token sequences by a few polars joins (one per phrase word),
   allowing one intervening word between neighbours (``...`` in a phrase allows a few);
5. overlapping hits of one theme keep the best; exclusions veto the hits they overlap;
6. the character span of each hit is mapped back to the original text.

Tokens are whole words, so "reset" never fires inside "preset".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
import Stemmer
from rapidfuzz import fuzz, process

from workbench.lexicon import GAP_MARK, Lexicon

DEFAULT_THRESHOLD = 88.0
NEAR_GAP = 1  # words that may stand between two neighbouring phrase words
WIDE_GAP = 6  # words that ``...`` lets stand between them
GAP_PENALTY = 4.0  # score lost per intervening word (``...`` gaps cost nothing)
FUZZY_MIN_KEY = 6  # keys shorter than this match exactly or not at all

_LETTERS = (
    "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
)
TOKEN_PATTERN = f"[{_LETTERS}]+(?:'[{_LETTERS}]+)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)

HIT_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int32,
    "theme": pl.String,
    "phrase": pl.String,
    "matched_text": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "score": pl.Float64,
}

# British → American spellings, so that both sides of a match share one key.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"^(def|off|lic|pret)ence(s|less)?$", "${1}ense${2}"),
    (r"^(arm|behavi|col|endeav|fav|flav|hon|harb|hum|lab|neighb|rum|savi|vap|vig|rig"
     r"|parl|splend|ard|clam|glam|odo|val)our(s|ed|ing|ite|ites|able|ably|er|ers|hood)?$",
     "${1}or${2}"),
    (r"^(..+)is(e|es|ed|ing|ation|ations|ational|er|ers)$", "${1}iz${2}"),
    (r"^(anal|paral|catal)ys(e|es|ed|ing)$", "${1}yz${2}"),
    (r"^(cent|theat|met|lit|fib|calib|spect|somb|lust)re(s|d)?$", "${1}er${2}"),
    (r"^(travel|cancel|label|model|signal|fuel|channel|level|counsel|total|equal|dial"
     r"|quarrel|rival|tunnel)l(ed|ing|er|ers)$", "${1}${2}"),
    (r"^(dialog|catalog|analog|monolog|prolog|epilog)ue(s)?$", "${1}${2}"),
    (r"^programme(s)?$", "program${1}"),
    (r"^judgement(s)?$", "judgment${1}"),
    (r"^manoeuvre(s|d)?$", "maneuver${1}"),
    (r"^sceptic(s|al|ism)?$", "skeptic${1}"),
    (r"^grey(s|er|est|ing)?$", "gray${1}"),
)

# Suffixes that the stemmer strips although they change the word's sense
# ("important" is not "import", "independent" not "independ").
_SENSE_SUFFIX = r"^(an|en)[tc]"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def token_keys(tokens: Iterable[str]) -> list[str]:
    """The matching key of each token: spelling made American, then a Snowball stem."""
    words = pl.Series("word", list(tokens), dtype=pl.String)
    if words.len() == 0:
        return []
    spelled = pl.col("word").str.replace(r"'s$", "").str.replace_all("'", "", literal=True)
    spelled = spelled.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")
    for pattern, replacement in _SPELLING_RULES:
        spelled = spelled.str.replace(pattern, replacement)
    frame = words.to_frame().select(spelled.alias("spelled"))
    stems = pl.Series("stem", _stemmer().stemWords(frame.get_column("spelled").to_list()),
                      dtype=pl.String)
    rest = pl.col("spelled").str.slice(pl.col("stem").str.len_chars())
    return (
        frame.with_columns(stems)
        .select(
            pl.when(
                pl.col("spelled").str.starts_with(pl.col("stem"))
                & rest.str.contains(_SENSE_SUFFIX)
            )
            .then(pl.col("stem") + "+" + rest.str.slice(0, 2))
            .otherwise(pl.col("stem"))
        )
        .to_series()
        .to_list()
    )


def tokenize(norm: str) -> list[tuple[str, int, int]]:
    """Word tokens of a normalized string with their character spans."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(norm)]


@dataclass(frozen=True)
class _Pattern:
    theme: str
    phrase: str
    is_exclusion: bool
    keys: tuple[str, ...]
    gaps: tuple[int, ...]  # allowed intervening words before each key (0 for the first)
    wide: tuple[bool, ...]


def _compile(phrase: str, normalize) -> tuple[tuple[str, ...], tuple[int, ...], tuple[bool, ...]]:
    keys: list[str] = []
    gaps: list[int] = []
    wide: list[bool] = []
    for part_index, part in enumerate(phrase.split(GAP_MARK)):
        tokens = [t for t, _, _ in tokenize(normalize(part))]
        for i, key in enumerate(token_keys(tokens)):
            if not keys:
                gaps.append(0)
                wide.append(False)
            elif i == 0 and part_index > 0:
                gaps.append(WIDE_GAP)
                wide.append(True)
            else:
                gaps.append(NEAR_GAP)
                wide.append(False)
            keys.append(key)
    return tuple(keys), tuple(gaps), tuple(wide)


def _patterns(lexicon: Lexicon) -> list[_Pattern]:
    normalize = _normalizer()
    patterns: list[_Pattern] = []
    seen: set[tuple] = set()
    for theme in lexicon.themes:
        for is_exclusion, phrases in ((False, theme.phrases), (True, theme.exclusions)):
            for phrase in phrases:
                variants = [phrase]
                if "-" in phrase:
                    # "anti-missile" is also written "antimissile".
                    variants.append(re.sub(r"(?<=\w)-(?=\w)", "", phrase))
                for variant in variants:
                    keys, gaps, wide = _compile(variant, normalize)
                    marker = (theme.id, is_exclusion, keys, gaps)
                    if keys and marker not in seen:
                        seen.add(marker)
                        patterns.append(_Pattern(theme.id, phrase, is_exclusion, keys, gaps, wide))
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


def find_theme_hits(
    sentences: pl.DataFrame,
    lexicon: Lexicon,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    documents: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Theme hits of ``sentences`` (article_id, sentence_id, start, norm, text).

    ``documents`` (article_id, text) gives exact spans in the original text; without it the
    spans are computed on each sentence's ``text``, exact only where it equals the original.
    """
    patterns = _patterns(lexicon)
    if sentences.height == 0 or not patterns:
        return pl.DataFrame(schema=HIT_SCHEMA)

    tokens = (
        sentences.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
            pl.col("norm").str.extract_all(TOKEN_PATTERN).alias("token"),
        )
        .filter(pl.col("token").list.len() > 0)
        .with_columns(pos=pl.int_ranges(0, pl.col("token").list.len(), dtype=pl.Int32))
        .explode(["token", "pos"])
    )
    vocab = tokens.select(pl.col("token").unique())
    vocab = vocab.with_columns(
        pl.Series("key", token_keys(vocab.get_column("token").to_list()), dtype=pl.String)
    )

    pattern_keys = sorted({k for p in patterns for k in p.keys})
    matches = _key_matches(pattern_keys, vocab, threshold)
    relevant = (
        tokens.join(vocab.join(matches, on="key"), on="token")
        .select("row", "pos", "pkey", "token_score")
    )

    steps = pl.DataFrame(
        {
            "pid": [i for i, p in enumerate(patterns) for _ in p.keys],
            "idx": [j for p in patterns for j in range(len(p.keys))],
            "pkey": [k for p in patterns for k in p.keys],
            "gap": [g for p in patterns for g in p.gaps],
            "wide": [w for p in patterns for w in p.wide],
        },
        schema={"pid": pl.Int32, "idx": pl.Int32, "pkey": pl.String, "gap": pl.Int32,
                "wide": pl.Boolean},
    )
    lengths = pl.DataFrame(
        {"pid": list(range(len(patterns))), "n": [len(p.keys) for p in patterns]},
        schema={"pid": pl.Int32, "n": pl.Int32},
    )

    # Start only in sentences that hold the phrase's rarest word: "new" or "after" begin
    # phrases but are everywhere.
    present = relevant.select("row", "pkey").unique()
    frequency = dict(present.group_by("pkey").len().iter_rows())
    anchors = pl.DataFrame(
        {
            "pid": list(range(len(patterns))),
            "pkey": [min(p.keys, key=lambda k: (frequency.get(k, 0), k)) for p in patterns],
        },
        schema={"pid": pl.Int32, "pkey": pl.String},
    )
    candidates = anchors.join(present, on="pkey").select("pid", "row")
    state = (
        candidates.join(steps.filter(pl.col("idx") == 0).drop("idx", "gap", "wide"), on="pid")
        .join(relevant, on=["row", "pkey"])
        .select(
            "pid", "row",
            pl.col("pos").alias("first"), pl.col("pos").alias("last"),
            pl.col("token_score").alias("total"),
            pl.lit(0, dtype=pl.Int32).alias("gaps"),
        )
        .join(lengths, on="pid")
    )
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
                "pid", "row", "first",
                pl.col("pos").alias("last"),
                (pl.col("total") + pl.col("token_score")).alias("total"),
                (
                    pl.col("gaps")
                    + pl.when(pl.col("wide")).then(0).otherwise(pl.col("pos") - pl.col("last") - 1)
                ).cast(pl.Int32).alias("gaps"),
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
        schema={"pid": pl.Int32, "theme": pl.String, "phrase": pl.String,
                "exclusion": pl.Boolean},
    )
    found = (
        pl.concat(done)
        .with_columns(
            (pl.col("total") / pl.col("n") - GAP_PENALTY * pl.col("gaps")).alias("score")
        )
        .filter(pl.col("score") >= threshold)
        .join(meta, on="pid")
    )
    hits = found.filter(~pl.col("exclusion"))
    vetoes = found.filter(pl.col("exclusion")).select(
        "row", "theme", pl.col("first").alias("x_first"), pl.col("last").alias("x_last")
    )
    if vetoes.height:
        vetoed = (
            hits.join(vetoes, on=["row", "theme"])
            .filter((pl.col("first") <= pl.col("x_last")) & (pl.col("x_first") <= pl.col("last")))
            .select("row", "theme", "first", "last", "pid")
            .unique()
        )
        hits = hits.join(vetoed, on=["row", "theme", "first", "last", "pid"], how="anti")

    # Overlapping hits of one theme in one sentence are one mention: keep the best.
    hits = (
        hits.sort(["row", "theme", "first", "last"])
        .with_columns(
            (
                pl.col("first")
                > pl.col("last").cum_max().shift(1).over(["row", "theme"]).fill_null(-1)
            )
            .cum_sum()
            .over(["row", "theme"])
            .alias("cluster")
        )
        .sort(
            ["row", "theme", "cluster", "score", "last", "first", "pid"],
            descending=[False, False, False, True, True, False, False],
        )
        .group_by(["row", "theme", "cluster"], maintain_order=True)
        .first()
        .select("row", "theme", "phrase", "first", "last", "score")
    )
    return _with_spans(hits, sentences, documents)


def _with_spans(
    hits: pl.DataFrame, sentences: pl.DataFrame, documents: pl.DataFrame | None
) -> pl.DataFrame:
    """Map token positions of hits to character spans in the original text."""
    if hits.height == 0:
        return pl.DataFrame(schema=HIT_SCHEMA)
    normalize = _normalize_with_map()
    texts: dict[str, str] = {}
    if documents is not None:
        texts = dict(documents.select("article_id", "text").iter_rows())
    info = sentences.select("article_id", "sentence_id", "start", "end", "text", "norm")
    prepared: dict[int, tuple] = {}
    out: dict[str, list] = {name: [] for name in HIT_SCHEMA}
    for row, theme, phrase, first, last, score in hits.iter_rows():
        if row not in prepared:
            article_id, sentence_id, start, end, text, norm = info.row(row)
            document = texts.get(article_id)
            # Without the document, `text` stands in for the original slice.
            source = document[start:end] if document is not None else text
            normalized, offsets = normalize(source)
            found = tokenize(normalized)
            positions = [(s, e) for _, s, e in found]
            norm_tokens = tokenize(norm)
            consistent = [t for t, _, _ in found] == [t for t, _, _ in norm_tokens]
            prepared[row] = (article_id, sentence_id, start, source, offsets, positions,
                             norm_tokens, consistent)
        article_id, sentence_id, start, source, offsets, positions, norm_tokens, consistent = (
            prepared[row]
        )
        span = None
        if consistent:
            span = (offsets[positions[first][0]], offsets[positions[last][1] - 1] + 1)
        else:
            # The norm was made from other text than the one at hand: find its words in it.
            span = _find_words([t for t, _, _ in norm_tokens[first : last + 1]], source)
        if span is None:
            continue
        begin, finish = span
        out["article_id"].append(article_id)
        out["sentence_id"].append(sentence_id)
        out["theme"].append(theme)
        out["phrase"].append(phrase)
        out["matched_text"].append(source[begin:finish])
        out["start"].append(start + begin)
        out["end"].append(start + finish)
        out["score"].append(round(score, 2))
    frame = pl.DataFrame(out, schema=HIT_SCHEMA)
    return frame.sort(["article_id", "sentence_id", "start", "theme"])


_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def _plain_lower(text: str) -> tuple[str, list[int]]:
    lowered = text.translate(_PLAIN).lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[:1] or c for c in text.translate(_PLAIN))
    return lowered, list(range(len(text)))


def _normalize_with_map():
    try:
        from workbench.normalize import normalize_for_matching
    except ImportError:  # pragma: no cover - ingest provides it
        return _plain_lower
    return normalize_for_matching


def _find_words(words: list[str], source: str) -> tuple[int, int] | None:
    """The span in ``source`` of these words in order, separated by anything but letters."""
    pattern = r"[\W_]*".join(re.escape(w).replace("'", "['\u2019]") for w in words)
    match = re.search(pattern, source, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None
