"""Alignment of two articles: the sentence pairs that make the same point, as Compare shows them.

A pair has three scores (``analysis.scoring``): ``lexical``, the rapidfuzz blend over the
normalized texts (``analysis.lexical``); ``semantic``, the cosine of the sentences' embeddings;
and ``score``, their combination fitted on public paraphrase data. Shared themes are reported as
the reason a pair is interesting; they add nothing to its score. Assignment is one-to-one, best
score first (``analysis.assignment``), the same for two articles and for the corpus-wide table
(``analysis.corpus_align``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from workbench.analysis.assignment import up_to_k
from workbench.analysis.lexical import (
    LexicalSide,
    content_word_sets,
    lexical_blend,
    score_pairs,
    score_prepared,
    sorted_tokens,
)
from workbench.analysis.scoring import (
    combine,
    embedding_signal,
    hybrid_scores,
    order_matrix,
    order_pairs,
    semantic_matrix,
)
from workbench.analysis.tokens import LINK_PATTERN, STOPWORDS, content_word_set
from workbench.columns import schema

MIN_WORDS = 4  # shorter sentences ("Not so.") would match too much to mean anything
# A word as ``WORD_PATTERN`` finds one, with a letter in it: a line of figures ("10,04 10,25
# 10,22") or a reference ("2002;29(12):2492–9.") has none, and aligned with another such line
# at a high score (their embeddings are alike).
_LETTER_WORD = rf"{LINK_PATTERN}|(?:\w\.){{2,}}|\w*[^\W\d_]\w*(?:['’-]\w+)*"
_LETTER_WORD_RE = re.compile(_LETTER_WORD)


# The hybrid ``score`` (wording and meaning) is the lexical one without embeddings, and
# ``semantic`` is null then.
PAIR_COLUMNS = "left_id left_sentence right_id right_sentence score lexical semantic shared_themes"
# Two articles (Compare); the corpus-wide table adds each side's year.
ALIGNMENT_SCHEMA = schema(f"{PAIR_COLUMNS} left_text right_text")


def word_count(norm: pl.Expr) -> pl.Expr:
    """The number of words with a letter of normalized sentences (what ``MIN_WORDS`` counts)."""
    return norm.str.count_matches(_LETTER_WORD)


@dataclass(eq=False)
class AlignableSide:
    """One article's sentences long enough to align, prepared once per article (Compare and
    the benchmarks align the same articles again and again). The content words, which only
    the pairs that might align need, are found per sentence on first use."""

    article_id: str
    rows: list[int]  # their rows in the article's sentences frame
    sentence_ids: list[int]
    norms: list[str]
    texts: list[str]
    embeddings: np.ndarray | None  # one row per sentence above (None: no meaning signal)
    themes: dict[int, set[str]]  # sentence id → the themes it speaks of
    _words: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _tokens: dict[int, set[str]] = field(default_factory=dict, repr=False)

    def sorted_tokens(self, k: int) -> str:
        """Sentence k's tokens sorted (token_sort_ratio is ratio over these)."""
        return self.all_sorted_tokens()[k]

    def content_words(self, k: int) -> set[str]:
        """Sentence k's words other than stopwords."""
        found = self._words.get(k)
        if found is None:
            found = self._words[k] = content_word_set(self.norms[k])
        return found

    def shares_content_word(self, k: int, other: AlignableSide, j: int) -> bool:
        """Whether sentence k and the other side's sentence j share a content word.

        Told by the tokens both hold when one of them is made of letters and digits alone and
        is no stopword (such a token is a content word whole), as for most pairs that clear a
        floor; by the sentences' content words, which take longer to find, otherwise."""
        for token in self._token_set(k) & other._token_set(j):  # a loop: no generator to make
            if token.isalnum() and token not in STOPWORDS:
                return True
        return not self.content_words(k).isdisjoint(other.content_words(j))

    def _token_set(self, k: int) -> set[str]:
        found = self._tokens.get(k)
        if found is None:
            found = self._tokens[k] = set(self.norms[k].split())
        return found

    def all_sorted_tokens(self) -> list[str]:
        """Every sentence's tokens sorted (all at once: the pairs that might align name nearly
        every sentence of an article)."""
        return self._sorted_texts

    @cached_property
    def _sorted_texts(self) -> list[str]:
        return sorted_tokens(self.norms)

    def scoring_side(self) -> LexicalSide:
        """What a full score matrix needs of every sentence."""
        count = len(self.norms)
        return LexicalSide(self.all_sorted_tokens(), [self.content_words(k) for k in range(count)])

    @cached_property
    def signal(self) -> np.ndarray | None:
        """Per sentence: does its embedding carry a meaning signal (None: no embeddings)."""
        return None if self.embeddings is None else embedding_signal(self.embeddings)

    @cached_property
    def norm_lengths(self) -> np.ndarray:
        """The length of each sentence's normalized text."""
        return np.array([len(norm) for norm in self.norms], dtype=np.float64)

    @cached_property
    def sorted_lengths(self) -> np.ndarray:
        """The length of each sentence's sorted tokens joined by spaces."""
        return np.array([len(text) for text in self.all_sorted_tokens()], dtype=np.float64)


def alignable_side(
    sentences: pl.DataFrame,
    hits: pl.DataFrame | None = None,
    embeddings: np.ndarray | None = None,
    word_counts: list[int] | None = None,
    sorted_texts: list[str] | None = None,
) -> AlignableSide:
    """The sentences of one article long enough to align (``sentences`` in text order, its
    theme ``hits`` and embedding rows aligned with ``sentences``), ready to be scored.

    ``word_counts``: each sentence's number of words, and ``sorted_texts``: its tokens sorted
    (``sorted_tokens``), when made already (for a whole corpus at once: what Compare would
    otherwise do for each article it opens).
    """
    column = sentences.get_column
    article_id = str(column("article_id")[0]) if sentences.height else ""
    norms = column("norm").to_list()
    if word_counts is None:
        word_counts = [len(_LETTER_WORD_RE.findall(norm)) for norm in norms]
    rows = [i for i, count in enumerate(word_counts) if count >= MIN_WORDS]
    ids = column("sentence_id").to_list()
    texts = column("text").to_list()
    return prepared_side(
        article_id,
        rows,
        [ids[i] for i in rows],
        [norms[i] for i in rows],
        [texts[i] for i in rows],
        None if embeddings is None else np.asarray(embeddings)[rows],
        _themes_of(hits, article_id),
        None if sorted_texts is None else [sorted_texts[i] for i in rows],
    )


def prepared_side(
    article_id: str,
    rows: list[int],
    sentence_ids: list[int],
    norms: list[str],
    texts: list[str],
    embeddings: np.ndarray | None,
    themes: dict[int, set[str]],
    sorted_texts: list[str] | None = None,
    signal: np.ndarray | None = None,
    sorted_lengths: np.ndarray | None = None,
) -> AlignableSide:
    """One article's side from its alignable sentences picked already (``rows``: where they
    are in the article's sentences), with their sorted tokens, those's lengths and their
    embeddings' ``embedding_signal`` when made already."""
    side = AlignableSide(article_id, rows, sentence_ids, norms, texts, embeddings, themes)
    if sorted_texts is not None:
        side.__dict__["_sorted_texts"] = sorted_texts
    if sorted_lengths is not None:
        side.__dict__["sorted_lengths"] = sorted_lengths
    if signal is not None and embeddings is not None:
        side.__dict__["signal"] = signal
    return side


def _themes_of(hits: pl.DataFrame | None, article_id: str) -> dict[int, set[str]]:
    """The themes of each sentence of one article, from theme hits (any articles')."""
    if hits is None or hits.is_empty():
        return {}
    columns = (hits.get_column(name).to_list() for name in ("article_id", "sentence_id", "theme"))
    return sentence_themes(
        (sentence, theme)
        for article, sentence, theme in zip(*columns, strict=True)
        if article == article_id
    )


def sentence_themes(hits: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    """Each sentence's themes, from one article's theme hits as (sentence id, theme) pairs."""
    themes: dict[int, set[str]] = {}
    for sentence, theme in hits:
        found = themes.get(sentence)
        if found is None:
            themes[sentence] = {theme}
        else:
            found.add(theme)
    return themes


class ArticlePairScores(NamedTuple):
    """Every alignable sentence of two articles scored against every other (rows: left)."""

    left_id: str
    right_id: str
    left_sentences: list[int]
    right_sentences: list[int]
    left_texts: list[str]
    right_texts: list[str]
    scores: np.ndarray  # the hybrid score (the lexical one without embeddings), 0–100
    lexical: np.ndarray
    semantic: np.ndarray | None  # None without embeddings
    left_themes: dict[int, set[str]]
    right_themes: dict[int, set[str]]

    def shared_themes(self, i: int, j: int) -> list[str]:
        """The themes left sentence row i and right sentence row j share."""
        mine = self.left_themes.get(self.left_sentences[i], set())
        return sorted(mine & self.right_themes.get(self.right_sentences[j], set()))


def stable_scores(scores: np.ndarray) -> np.ndarray:
    """Scores rounded to 1e-4: the same pair scores the same whether computed in a matrix (two
    articles) or in a list of pairs (the corpus), whatever order floating point summed in."""
    return np.round(np.asarray(scores, dtype=np.float64), 4)


def score_sides(left: AlignableSide, right: AlignableSide) -> ArticlePairScores | None:
    """The score of every sentence pair of two prepared articles (None: one has no alignable
    sentence). Without embeddings on both sides the score is the lexical one; shared themes
    are reported, never added to the score."""
    if not left.sentence_ids or not right.sentence_ids:
        return None
    lexical = score_prepared(left.norms, right.norms, left.scoring_side(), right.scoring_side())
    vectors = (left.embeddings, right.embeddings)
    if vectors[0] is None or vectors[1] is None:
        vectors = (None, None)
    lexical, semantic, scores = hybrid_scores(left.norms, right.norms, *vectors, lexical=lexical)
    return ArticlePairScores(
        left.article_id,
        right.article_id,
        left.sentence_ids,
        right.sentence_ids,
        left.texts,
        right.texts,
        stable_scores(scores),
        lexical,
        semantic,
        left.themes,
        right.themes,
    )


def score_article_pair(
    left: pl.DataFrame,
    right: pl.DataFrame,
    hits: pl.DataFrame | None,
    left_embeddings: np.ndarray | None = None,
    right_embeddings: np.ndarray | None = None,
) -> ArticlePairScores | None:
    """The score of every sentence pair of two articles (None: one has no alignable sentence).

    The embeddings are rows aligned with each article's sentences frame; without them the
    score is the lexical one. Shared themes are reported, never added to the score.
    """
    return score_sides(
        alignable_side(left, hits, left_embeddings), alignable_side(right, hits, right_embeddings)
    )


class _Candidates(NamedTuple):
    """Sentence pairs of two articles (row i of the left, row j of the right) and their scores."""

    rows: np.ndarray
    cols: np.ndarray
    score: np.ndarray
    lexical: np.ndarray
    semantic: np.ndarray | None


# Below the floor by less than this, a bound still lets a pair through: the bounds and the
# scores are sums of the same floats, so they differ by rounding at most.
_BOUND_SLACK = 1e-6


def _length_bound(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The most ``ratio`` can be for texts of these lengths (every left with every right): an
    Indel distance is at least the difference of the lengths."""
    a, b = left[:, None], right[None, :]
    if len(left) and len(right) and left.min() > 0 and right.min() > 0:  # sentences: no 0 / 0
        return 200.0 * np.minimum(a, b) / (a + b)
    total = a + b
    return np.where(total > 0, 200.0 * np.minimum(a, b) / np.maximum(total, 1.0), 100.0)


_MOSTLY_OPEN = 0.3  # from this share of a matrix's pairs open, whole matrices are computed
# Up to this many sentence pairs (two articles), the order ratio of every pair is computed
# before any is ruled out: the texts' lengths rule out too few of an article pair's pairs to
# pay for the bound (its order ratios were computed whole anyway).
_ORDER_FIRST = 20_000


def _scores_from(left: AlignableSide, right: AlignableSide, floor: float) -> _Candidates | None:
    """The sentence pairs of two articles that score at least ``floor``, exactly as
    ``score_sides`` scores them, without computing the scores of pairs that cannot reach it.

    The meaning signal is one small matrix product; the wording signals are bounded from above
    (a ratio by the texts' lengths, token_set_ratio by 100) and computed one after the other,
    each only for the pairs whose best possible score still reaches the floor with what is
    known so far (``None``: no embeddings, no bound).
    """
    if left.embeddings is None or right.embeddings is None:
        return None
    semantic_all = semantic_matrix(left.embeddings, right.embeddings, left.signal, right.signal)
    sort_bound = lexical_blend(100.0, _length_bound(left.sorted_lengths, right.sorted_lengths))
    size = semantic_all.size
    # The order ratio first: with it known, most pairs of two articles can no longer reach a
    # usual floor, and only the others need their sorted-token ratio.
    if size <= _ORDER_FIRST:
        order_all = order_matrix(left.norms, right.norms, _workers(size))
        bound = combine(sort_bound, order_all, semantic_all)
        rows, cols = np.nonzero(bound >= floor - _BOUND_SLACK)
        order, semantic = order_all[rows, cols], semantic_all[rows, cols]
    else:  # two long texts: the order ratio only where the lengths let a pair reach the floor
        bound = combine(
            sort_bound, _length_bound(left.norm_lengths, right.norm_lengths), semantic_all
        )
        rows, cols = np.nonzero(bound >= floor - _BOUND_SLACK)
        semantic = semantic_all[rows, cols]
        order = _ratios(left.norms, right.norms, rows, cols, size)
        bound = combine(sort_bound[rows, cols], order, semantic)
        still = np.flatnonzero(bound >= floor - _BOUND_SLACK)
        rows, cols, order, semantic = rows[still], cols[still], order[still], semantic[still]
    token_sort = _ratios(left.all_sorted_tokens(), right.all_sorted_tokens(), rows, cols, size)
    # With the order and the sorted-token ratios known, only token_set_ratio is still bounded.
    bound = combine(lexical_blend(100.0, token_sort), order, semantic)
    open_pairs = np.flatnonzero(bound >= floor - _BOUND_SLACK)
    rows, cols = rows[open_pairs], cols[open_pairs]
    order, semantic, token_sort = order[open_pairs], semantic[open_pairs], token_sort[open_pairs]
    if not len(rows):
        return _Candidates(rows, cols, token_sort, token_sort, semantic)
    left_sorted, right_sorted = left.all_sorted_tokens(), right.all_sorted_tokens()
    token_set = process.cpdist(
        [left_sorted[i] for i in rows.tolist()],
        [right_sorted[j] for j in cols.tolist()],
        scorer=fuzz.token_set_ratio,
        workers=_workers(len(rows)),
    ).astype(np.float64)
    # token_set_ratio counts for a pair that shares a content word, token_sort_ratio stands
    # for it otherwise: whether a pair shares one is asked only where the answer can decide
    # whether it clears the floor (finding a sentence's words costs more than a ratio).
    lexical_set = lexical_blend(token_set, token_sort)
    lexical_sort = lexical_blend(token_sort, token_sort)
    with_set = stable_scores(combine(lexical_set, order, semantic))
    with_sort = stable_scores(combine(lexical_sort, order, semantic))
    ask = np.flatnonzero((with_set >= floor) | (with_sort >= floor))
    share = left.shares_content_word
    shares = np.array(
        [share(i, right, j) for i, j in zip(rows[ask].tolist(), cols[ask].tolist(), strict=True)],
        dtype=bool,
    )
    score = np.where(shares, with_set[ask], with_sort[ask])
    lexical = np.where(shares, lexical_set[ask], lexical_sort[ask])
    keep = ask[score >= floor]
    kept = score >= floor
    return _Candidates(rows[keep], cols[keep], score[kept], lexical[kept], semantic[keep])


def _ratios(
    left: list[str], right: list[str], rows: np.ndarray, cols: np.ndarray, size: int
) -> np.ndarray:
    """rapidfuzz ``ratio`` of ``left[rows[k]]`` with ``right[cols[k]]`` for every k: the whole
    matrix when these are a good share of its ``size`` pairs (each text prepared once rather
    than once per pair), else pair by pair."""
    if len(rows) >= _MOSTLY_OPEN * size:
        return order_matrix(left, right, _workers(size))[rows, cols]
    return order_pairs(
        [left[i] for i in rows.tolist()], [right[j] for j in cols.tolist()], _workers(len(rows))
    )


# From this many sentence pairs (two long reports, not two articles), rapidfuzz scores them on
# every core: waking threads costs more than it saves on an article pair's thousand or two.
_PARALLEL_PAIRS = 200_000


def _workers(pairs: int) -> int:
    """rapidfuzz's workers for scoring this many pairs of two articles (-1: every core)."""
    return -1 if pairs >= _PARALLEL_PAIRS else 1


def _all_candidates(scored: ArticlePairScores, floor: float) -> _Candidates:
    rows, cols = np.nonzero(scored.scores >= floor)
    semantic = None if scored.semantic is None else scored.semantic[rows, cols]
    return _Candidates(rows, cols, scored.scores[rows, cols], scored.lexical[rows, cols], semantic)


def align_sides(
    left: AlignableSide, right: AlignableSide, *, threshold: float, many: int = 1
) -> pl.DataFrame:
    """Sentence pairs of two prepared articles whose score clears ``threshold``: one to one,
    or with ``many`` > 1 each sentence paired with up to that many of the other article."""
    if not left.sentence_ids or not right.sentence_ids:
        return pl.DataFrame(schema=ALIGNMENT_SCHEMA)
    found = _scores_from(left, right, threshold)
    if found is None:
        found = _all_candidates(score_sides(left, right), threshold)
    kept = up_to_k(found.rows, found.cols, found.score, max(1, many))
    order = np.lexsort((found.cols[kept], found.rows[kept]))
    picked = np.flatnonzero(kept)[order]
    rows, cols = found.rows[picked].tolist(), found.cols[picked].tolist()
    if not rows:
        return pl.DataFrame(schema=ALIGNMENT_SCHEMA)

    def column(values: np.ndarray | None) -> list[float | None]:
        if values is None:
            return [None] * len(picked)
        return _rounded(values[picked].tolist())

    left_ids = [left.sentence_ids[i] for i in rows]
    right_ids = [right.sentence_ids[j] for j in cols]
    left_themes, right_themes = left.themes, right.themes
    no_themes: set[str] = set()
    return _alignment_frame(
        {
            "left_id": [left.article_id] * len(rows),
            "left_sentence": left_ids,
            "right_id": [right.article_id] * len(rows),
            "right_sentence": right_ids,
            "score": column(found.score),
            "lexical": column(found.lexical),
            "semantic": column(found.semantic),
            "shared_themes": [
                theme_list(
                    tuple(sorted(left_themes.get(i, no_themes) & right_themes.get(j, no_themes)))
                )
                for i, j in zip(left_ids, right_ids, strict=True)
            ],
            "left_text": [left.texts[i] for i in rows],
            "right_text": [right.texts[j] for j in cols],
        }
    )


def _rounded(values: list[float]) -> list[float | None]:
    """Scores as a table shows them: at most 100, two decimals; NaN (no meaning signal) null."""
    return [None if value != value else round(min(100.0, value), 2) for value in values]


@lru_cache(maxsize=4096)
def theme_list(themes: tuple[str, ...]) -> pl.Series:
    """A pair's shared themes (sorted) as a Series, made once per distinct list (a lexicon's
    themes make few): polars makes a Series of every list a frame is built from, which took
    half the time of building a pair's frame."""
    return pl.Series(list(themes), dtype=pl.String)


def _alignment_frame(columns: dict[str, list]) -> pl.DataFrame:
    """An ``ALIGNMENT_SCHEMA`` frame from its columns, built from one dict per row (for a few
    rows, a sixth faster than from tuples, nearly twice as fast as from a dict of columns with
    a schema, and faster than a Series per column); ``shared_themes`` given as ``theme_list``
    Series."""
    names = list(columns)
    rows = [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    return pl.from_dicts(rows, schema=ALIGNMENT_SCHEMA)


def align_articles(
    left: pl.DataFrame,
    right: pl.DataFrame,
    hits: pl.DataFrame | None,
    *,
    threshold: float,
    left_embeddings: np.ndarray | None = None,
    right_embeddings: np.ndarray | None = None,
    many: int = 1,
) -> pl.DataFrame:
    """Sentence pairs of two articles whose score clears ``threshold``: one to one, or with
    ``many`` > 1 each sentence paired with up to that many of the other article."""
    return align_sides(
        alignable_side(left, hits, left_embeddings),
        alignable_side(right, hits, right_embeddings),
        threshold=threshold,
        many=many,
    )


def score_sentence_pairs(
    left: pl.DataFrame,
    right: pl.DataFrame,
    hits: pl.DataFrame | None,
    pairs: list[tuple[int, int]],
    left_embeddings: np.ndarray | None = None,
    right_embeddings: np.ndarray | None = None,
) -> pl.DataFrame:
    """Given (left sentence, right sentence) pairs of two articles (paired by hand), scored as
    ``align_articles`` scores its pairs whatever the score, with its columns.

    The embeddings are rows aligned with each article's sentences frame (None: the score is the
    lexical one). A pair naming a sentence that does not exist is left out.
    """
    if not pairs or left.is_empty() or right.is_empty():
        return pl.DataFrame(schema=ALIGNMENT_SCHEMA)
    left_id, right_id = left["article_id"][0], right["article_id"][0]
    left_row = {sentence: k for k, sentence in enumerate(left["sentence_id"].to_list())}
    right_row = {sentence: k for k, sentence in enumerate(right["sentence_id"].to_list())}
    found = [(i, j) for i, j in pairs if i in left_row and j in right_row]
    left_rows = [left_row[i] for i, _ in found]
    right_rows = [right_row[j] for _, j in found]
    left_norms = left["norm"].gather(left_rows).to_list()
    right_norms = right["norm"].gather(right_rows).to_list()
    # As in a score matrix, token_set_ratio only for texts sharing a content word.
    share = np.array(
        [
            not a.isdisjoint(b)
            for a, b in zip(
                content_word_sets(left_norms), content_word_sets(right_norms), strict=True
            )
        ],
        dtype=bool,
    )
    vectors = (None, None)
    if left_embeddings is not None and right_embeddings is not None:
        vectors = (left_embeddings[left_rows], right_embeddings[right_rows])
    lexical, semantic, scores = hybrid_scores(
        left_norms,
        right_norms,
        *(vectors if found else (None, None)),
        pairwise=True,
        lexical=score_pairs(left_norms, right_norms, share=share),
        workers=-1,
    )
    left_themes, right_themes = _themes_of(hits, left_id), _themes_of(hits, right_id)

    def column(values: np.ndarray | None) -> list[float | None]:
        if values is None:
            return [None] * len(found)
        return _rounded(values.tolist())

    return pl.DataFrame(
        {
            "left_id": [left_id] * len(found),
            "left_sentence": [i for i, _ in found],
            "right_id": [right_id] * len(found),
            "right_sentence": [j for _, j in found],
            "score": column(stable_scores(scores)),
            "lexical": column(lexical),
            "semantic": column(semantic),
            "shared_themes": [
                sorted(left_themes.get(i, set()) & right_themes.get(j, set())) for i, j in found
            ],
            "left_text": left["text"].gather(left_rows).to_list(),
            "right_text": right["text"].gather(right_rows).to_list(),
        },
        schema=ALIGNMENT_SCHEMA,
    )
