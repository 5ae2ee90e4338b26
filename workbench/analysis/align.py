"""Sentence alignment: pairs of sentences that make the same point in two articles, word-level
opcodes inside a pair, corpus-wide alignment across years, and theme threads.

A pair has three scores (``analysis.scoring``): ``lexical``, a rapidfuzz blend over the
normalized texts (``token_set_ratio`` recognizes a paraphrase that keeps the words but reorders
or pads them; ``token_sort_ratio`` keeps a short sentence whose words all occur in a long one
from scoring 100); ``semantic``, the cosine of the sentences' embeddings; and ``score``, their
combination fitted on public paraphrase data. Shared themes are reported as the reason a pair is
interesting; they add nothing to its score.
Assignment is one-to-one, best score first (``one_to_one``), the same for two articles and for
the corpus-wide table.

Corpus-wide alignment never compares all pairs: each sentence is indexed by its rarest few
shingles (pairs of consecutive content words, hashed), sentences meet only through a shared
shingle (long posting lists are cut into random blocks so a very common shingle costs linear
work), each sentence keeps its best few candidates by shared shingles, its nearest neighbours in
meaning across years join them, and only those are scored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from workbench.analysis.embeddings import embeddings_matrix, embeddings_series
from workbench.analysis.neighbours import cross_year_neighbours
from workbench.analysis.scoring import (
    combine,
    hybrid_scores,
    order_matrix,
    order_pairs,
    semantic_matrix,
    semantic_pairs,
    semantic_rows,
)
from workbench.analysis.themes import token_keys
from workbench.analysis.threads import at_once, side_by_side, usable_cores
from workbench.analysis.tokens import (
    LINK_PATTERN,
    STOPWORDS,
    WORD_PATTERN,
    content_word_set,
    sentence_words,
)
from workbench.columns import schema

_CONTENT_WORD = re.compile(WORD_PATTERN)
SET_WEIGHT = 0.5  # weight of token_set_ratio in the blend; token_sort_ratio has the rest
MIN_WORDS = 4  # shorter sentences ("Not so.") would match too much to mean anything
# A word as ``WORD_PATTERN`` finds one, with a letter in it: a line of figures ("10,04 10,25
# 10,22") or a reference ("2002;29(12):2492–9.") has none, and aligned with another such line
# at a high score (their embeddings are alike).
_LETTER_WORD = rf"{LINK_PATTERN}|(?:\w\.){{2,}}|\w*[^\W\d_]\w*(?:['’-]\w+)*"
_LETTER_WORD_RE = re.compile(_LETTER_WORD)
PREFIX_SHINGLES = 6  # rarest shingles per sentence used for blocking
BLOCK_SIZE = 12  # sentences per block of a long posting list
CANDIDATES_PER_SENTENCE = 6  # candidates verified with rapidfuzz per sentence
NEIGHBOURS_PER_SENTENCE = 5  # candidates by meaning per sentence (large corpora)
EXACT_PAIRS = 250_000  # up to this many cross-year sentence pairs, all are scored (no blocking)
MIN_SHARED = 2  # indexed shingles two sentences must share...
SHORT_SHINGLES = 3  # ...unless one has at most this many shingles

# The hybrid ``score`` (wording and meaning) is the lexical one without embeddings, and
# ``semantic`` is null then.
_PAIR_COLUMNS = "left_id left_sentence right_id right_sentence score lexical semantic shared_themes"
# Two articles (Compare); the corpus-wide table adds each side's year.
ALIGNMENT_SCHEMA = schema(f"{_PAIR_COLUMNS} left_text right_text")
CORPUS_ALIGNMENT_SCHEMA = schema(f"{_PAIR_COLUMNS} left_year right_year left_text right_text")
OPCODE_DTYPE = pl.List(
    pl.Struct(
        {
            "tag": pl.String,
            "left_start": pl.Int32,
            "left_end": pl.Int32,
            "right_start": pl.Int32,
            "right_end": pl.Int32,
        }
    )
)
THREAD_SCHEMA = schema(
    "year published article_id outlet title sentence_id text phrases matched_text",
    matched_text=pl.List(pl.String),
)


class _Side(NamedTuple):
    """What scoring needs of a list of normalized texts, computed once per text."""

    sorted_tokens: list[str]  # the text's tokens sorted: token_sort_ratio is ratio over these
    content_words: list[set[str]]  # its words other than stopwords


def _content_word_list(text: pl.Expr) -> pl.Expr:
    """The words of a text other than stopwords (``_content_words`` as an expression)."""
    stopwords = pl.lit(pl.Series(sorted(STOPWORDS), dtype=pl.String)).implode()
    return text.str.extract_all(WORD_PATTERN).list.set_difference(stopwords)


def _shares_content_word(pairs: pl.DataFrame) -> np.ndarray:
    """Per candidate pair: do its two sentences share a word other than a stopword (from the
    ``words`` of both sides)."""
    shared = pl.col("left_words").list.set_intersection(pl.col("right_words")).list.len() > 0
    return pairs.select(shared).to_series().to_numpy()


def sorted_tokens(texts: list[str]) -> list[str]:
    """Each text's tokens sorted and joined by spaces (token_sort_ratio is ratio over these)."""
    return [" ".join(sorted(text.split())) for text in texts]


def _content_words(texts: list[str]) -> list[set[str]]:
    return [set(_CONTENT_WORD.findall(text)) - STOPWORDS for text in texts]


def _side(texts: list[str], words: list[list[str]] | None = None) -> _Side:
    if words is None:
        words = [_CONTENT_WORD.findall(text) for text in texts]
    return _Side(sorted_tokens(texts), [set(w) - STOPWORDS for w in words])


def shares_content_word(left: list[str], right: list[str]) -> np.ndarray:
    """Boolean matrix: does left text i share a word other than a stopword with right text j."""
    return _shares(_content_words(left), _content_words(right))


_SMALL_MATRIX = 40_000


def _shares(left: list[set[str]], right: list[set[str]]) -> np.ndarray:
    if len(left) * len(right) <= _SMALL_MATRIX:  # two articles: set tests beat a matrix
        return np.array(
            [[not words.isdisjoint(other) for other in right] for words in left], dtype=bool
        ).reshape(len(left), len(right))
    vocabulary = {word: k for k, word in enumerate(set().union(*left, *right))}
    left_matrix = np.zeros((len(left), len(vocabulary)), dtype=np.float32)
    right_matrix = np.zeros((len(right), len(vocabulary)), dtype=np.float32)
    for matrix, words in ((left_matrix, left), (right_matrix, right)):
        for i, text_words in enumerate(words):
            matrix[i, [vocabulary[word] for word in text_words]] = 1.0
    return (left_matrix @ right_matrix.T) > 0


def _lexical(token_set: np.ndarray | float, token_sort: np.ndarray) -> np.ndarray:
    """The lexical score from its two rapidfuzz parts."""
    return SET_WEIGHT * token_set + (1.0 - SET_WEIGHT) * token_sort


def score_matrix(left: list[str], right: list[str], workers: int = 1) -> np.ndarray:
    """Blended rapidfuzz similarity (0–100) of every left text with every right text.

    ``token_set_ratio`` is computed only for pairs that share a word other than a stopword;
    for the others it is taken equal to ``token_sort_ratio``, which is what it is when two texts
    share no word at all, and such a pair says nothing alike whatever its function words.
    ``token_set_ratio`` compares the sets of the texts' tokens, whatever their order: it is
    given the texts with their tokens sorted (made for ``token_sort_ratio`` already), which it
    scores the same a fifth faster (its own sort of each text's tokens has nothing to do).
    """
    return _score_sides(left, right, _side(left), _side(right), workers)


def _score_sides(
    left: list[str], right: list[str], left_side: _Side, right_side: _Side, workers: int = 1
) -> np.ndarray:
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float64)
    # token_sort_ratio is ratio over the sorted tokens: sorting each text once, rather than
    # once per pair, gives the same scores several times faster.
    token_sort = process.cdist(
        left_side.sorted_tokens, right_side.sorted_tokens, scorer=fuzz.ratio, workers=workers
    ).astype(np.float64)
    token_set = token_sort.copy()
    rows, cols = np.nonzero(_shares(left_side.content_words, right_side.content_words))
    if rows.size:
        token_set[rows, cols] = process.cpdist(
            [left_side.sorted_tokens[i] for i in rows.tolist()],
            [right_side.sorted_tokens[j] for j in cols.tolist()],
            scorer=fuzz.token_set_ratio,
            workers=workers,
        )
    return _lexical(token_set, token_sort)


def score_pairs(
    left: list[str],
    right: list[str],
    workers: int = -1,
    share: np.ndarray | None = None,
    presorted: tuple[list[str], list[str]] | None = None,
) -> np.ndarray:
    """Blended rapidfuzz similarity of ``left[i]`` with ``right[i]`` for every i.

    ``share`` (one boolean per pair: do the two share a word other than a stopword) limits
    ``token_set_ratio`` to those pairs, as ``score_matrix`` does; without it every pair gets it.
    ``presorted``: both sides' texts with their tokens sorted, when already made.
    """
    if not left:
        return np.zeros(0, dtype=np.float64)
    left_sorted, right_sorted = presorted or (sorted_tokens(left), sorted_tokens(right))
    token_sort = _token_sort_pairs(left_sorted, right_sorted, workers)
    rows = np.arange(len(left)) if share is None else np.nonzero(share)[0]
    token_set = _token_set_pairs(left_sorted, right_sorted, token_sort, rows, workers)
    return _lexical(token_set, token_sort)


def _token_sort_pairs(left_sorted: list[str], right_sorted: list[str], workers: int) -> np.ndarray:
    """``token_sort_ratio`` of each pair: ``ratio`` over its texts' tokens sorted."""
    return process.cpdist(left_sorted, right_sorted, scorer=fuzz.ratio, workers=workers).astype(
        np.float64
    )


def _token_set_pairs(
    left_sorted: list[str],
    right_sorted: list[str],
    token_sort: np.ndarray,
    rows: np.ndarray,
    workers: int,
) -> np.ndarray:
    """``token_set_ratio`` of the pairs ``rows``, over their texts with the tokens sorted (see
    ``score_matrix``); ``token_sort`` stands for it elsewhere."""
    token_set = token_sort.copy()
    if rows.size:
        numbers = rows.tolist()
        token_set[rows] = process.cpdist(
            [left_sorted[i] for i in numbers],
            [right_sorted[i] for i in numbers],
            scorer=fuzz.token_set_ratio,
            workers=workers,
        )
    return token_set


def one_to_one(left: np.ndarray, right: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Which candidate pairs a one-to-one alignment keeps: best score first, each side once.

    ``left`` and ``right`` name each pair's two sentences as integer keys; a key stands for a
    sentence *within one article pair* (for corpus-wide alignment the key folds the other
    article in), so every article pair is aligned on its own. Ties go to the smaller keys, so
    the result is the same on every run. Returns a boolean mask over the candidates. This is
    the one assignment both Compare (two articles) and the `alignments` table (every article
    pair) use.
    """
    return up_to_k(left, right, scores, 1)


def up_to_k(left: np.ndarray, right: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Which candidate pairs a one-to-many alignment keeps: best first, each side at most k times.

    A sentence that answers two or three sentences of the other article keeps all of them;
    ties go to the smaller keys, as in ``one_to_one`` (which is this with k = 1).
    """
    count = len(scores)
    kept = np.zeros(count, dtype=bool)
    if not count:
        return kept
    if count <= _FEW_CANDIDATES:
        return _up_to_k_in_turn(left, right, scores, k)
    # A pair whose two sentences are in at most k pairs each is kept whatever the others score,
    # and leaves no sentence of a contested pair short of room (a contested sentence has more
    # than k pairs, none of them free): only the contested pairs need the greedy. Most pairs of
    # the corpus-wide table are free (a sentence and another article rarely meet twice).
    free = _free_of_rivals(left, right, k) if count >= _MANY_CANDIDATES else None
    if free is not None and free.any():
        kept[free] = True
        contested = np.flatnonzero(~free)
        if contested.size:
            kept[contested] = up_to_k(left[contested], right[contested], scores[contested], k)
        return kept
    # Greedy in a strict total order keeps, round after round, every open pair that is among
    # the first (remaining capacity) open pairs of both its sentences: the pairs the greedy
    # loop would keep, found as array operations rather than one Python step per candidate.
    rank = np.empty(count, dtype=np.int64)
    rank[np.lexsort((right, left, -scores))] = np.arange(count)
    _, left_id = np.unique(left, return_inverse=True)
    _, right_id = np.unique(right, return_inverse=True)
    left_room = np.full(int(left_id.max()) + 1, k, dtype=np.int64)
    right_room = np.full(int(right_id.max()) + 1, k, dtype=np.int64)
    open_pairs = np.arange(count)
    while open_pairs.size:
        lefts, rights, ranks = left_id[open_pairs], right_id[open_pairs], rank[open_pairs]
        chosen = (_place(lefts, ranks) < left_room[lefts]) & (
            _place(rights, ranks) < right_room[rights]
        )
        kept[open_pairs[chosen]] = True
        left_room -= np.bincount(lefts[chosen], minlength=left_room.size)
        right_room -= np.bincount(rights[chosen], minlength=right_room.size)
        still = ~chosen & (left_room[lefts] > 0) & (right_room[rights] > 0)
        open_pairs = open_pairs[still]
    return kept


# Up to this many candidates (two articles), one Python step per candidate beats the rounds of
# array operations, whose fixed cost is far larger.
_FEW_CANDIDATES = 256
# From this many (the corpus-wide table), counting each sentence's pairs first pays.
_MANY_CANDIDATES = 20_000


def _free_of_rivals(left: np.ndarray, right: np.ndarray, k: int) -> np.ndarray:
    """Per pair: are both its sentences in at most k pairs."""
    counts = pl.DataFrame({"left": left, "right": right}).select(
        (pl.len().over("left") <= k) & (pl.len().over("right") <= k)
    )
    return counts.to_series().to_numpy()


def _up_to_k_in_turn(left: np.ndarray, right: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """``up_to_k`` as the greedy loop itself: candidates in the same strict order, each kept
    while both its sentences have room."""
    lefts, rights, values = left.tolist(), right.tolist(), scores.tolist()
    ranked = sorted(range(len(values)), key=lambda t: (-values[t], lefts[t], rights[t]))
    left_room: dict = {}
    right_room: dict = {}
    kept = np.zeros(len(values), dtype=bool)
    for t in ranked:
        a, b = lefts[t], rights[t]
        if left_room.get(a, k) > 0 and right_room.get(b, k) > 0:
            kept[t] = True
            left_room[a] = left_room.get(a, k) - 1
            right_room[b] = right_room.get(b, k) - 1
    return kept


def _place(groups: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Each item's place (0, 1, …) among the items of its group, in order of rank."""
    order = np.lexsort((ranks, groups))
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    place = np.empty(len(groups), dtype=np.int64)
    place[order] = np.arange(len(groups)) - np.repeat(starts, sizes)
    return place


def greedy_one_to_one(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Index pairs (i, j) of a score matrix aligned one to one at ``threshold`` (sorted)."""
    rows, cols = np.nonzero(scores >= threshold)
    kept = one_to_one(rows, cols, scores[rows, cols])
    return sorted(zip(rows[kept].tolist(), cols[kept].tolist(), strict=True))


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
        common = self._token_set(k) & other._token_set(j)
        if any(token.isalnum() and token not in STOPWORDS for token in common):
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

    def scoring_side(self) -> _Side:
        """What a full score matrix needs of every sentence."""
        count = len(self.norms)
        return _Side(self.all_sorted_tokens(), [self.content_words(k) for k in range(count)])

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
    side = AlignableSide(
        article_id,
        rows,
        [ids[i] for i in rows],
        [norms[i] for i in rows],
        [texts[i] for i in rows],
        None if embeddings is None else np.asarray(embeddings)[rows],
        _themes_of(hits, article_id),
    )
    if sorted_texts is not None:
        side.__dict__["_sorted_texts"] = [sorted_texts[i] for i in rows]
    return side


def _themes_of(hits: pl.DataFrame | None, article_id: str) -> dict[int, set[str]]:
    """The themes of each sentence of one article, from theme hits (any articles')."""
    themes: dict[int, set[str]] = {}
    if hits is None or hits.is_empty():
        return themes
    columns = (hits.get_column(name).to_list() for name in ("article_id", "sentence_id", "theme"))
    for article, sentence, theme in zip(*columns, strict=True):
        if article == article_id:
            key = int(sentence)
            found = themes.get(key)
            if found is None:
                themes[key] = {theme}
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
    lexical = _score_sides(left.norms, right.norms, left.scoring_side(), right.scoring_side())
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
    semantic_all = semantic_matrix(left.embeddings, right.embeddings)
    sort_bound = _lexical(100.0, _length_bound(left.sorted_lengths, right.sorted_lengths))
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
    bound = combine(_lexical(100.0, token_sort), order, semantic)
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
    lexical_set = _lexical(token_set, token_sort)
    lexical_sort = _lexical(token_sort, token_sort)
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
                sorted(left_themes.get(i, no_themes) & right_themes.get(j, no_themes))
                for i, j in zip(left_ids, right_ids, strict=True)
            ],
            "left_text": [left.texts[i] for i in rows],
            "right_text": [right.texts[j] for j in cols],
        }
    )


def _rounded(values: list[float]) -> list[float | None]:
    """Scores as a table shows them: at most 100, two decimals; NaN (no meaning signal) null."""
    return [None if value != value else round(min(100.0, value), 2) for value in values]


def _alignment_frame(columns: dict[str, list]) -> pl.DataFrame:
    """An ``ALIGNMENT_SCHEMA`` frame from its columns, built from one dict per row (for a few
    rows, a sixth faster than from tuples, nearly twice as fast as from a dict of columns with
    a schema, and faster than a Series per column)."""
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
            for a, b in zip(_content_words(left_norms), _content_words(right_norms), strict=True)
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


_WORD_EDGES = "\"'“”‘’«»()[]{}.,;:!?…—–-"


def word_keys(words: list[str]) -> list[str]:
    """What each word is compared by in a word diff: case, quotes and surrounding punctuation
    don't count, and words of one stem are equal ("sanction" and "sanctions")."""
    stripped = [word.strip(_WORD_EDGES).lower() or word for word in words]
    unknown = [word for word in dict.fromkeys(stripped) if word not in _WORD_KEYS]
    if unknown:
        if len(_WORD_KEYS) > _WORD_KEYS_KEPT:
            _WORD_KEYS.clear()
        _WORD_KEYS.update(zip(unknown, token_keys(unknown), strict=True))
    return [_WORD_KEYS.get(word) or token_keys([word])[0] for word in stripped]


# Each word's key, kept across calls: Compare diffs the same articles' words again and again.
_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_KEPT = 200_000


def _opcodes(left_keys: list[str], right_keys: list[str]) -> list[dict[str, int | str]]:
    return [
        {
            "tag": op.tag,
            "left_start": op.src_start,
            "left_end": op.src_end,
            "right_start": op.dest_start,
            "right_end": op.dest_end,
        }
        for op in Levenshtein.opcodes(left_keys, right_keys)
    ]


_NO_OPCODES = pl.Series("opcodes", [], dtype=OPCODE_DTYPE)  # most article pairs align nothing


def _words(text: str) -> list[str]:
    return text.split(" ") if text else []


def word_opcodes(left_text: str, right_text: str) -> list[dict[str, int | str]]:
    """Edit operations turning the words of ``left_text`` into those of ``right_text``.

    Words are the texts split on spaces, compared by ``word_keys`` (so "sanction" and
    "sanctions" are equal); each operation has a tag (equal, replace, insert, delete) and the
    word index ranges [start, end) on both sides.
    """
    left_words, right_words = _words(left_text), _words(right_text)
    keys = word_keys(left_words + right_words)
    return _opcodes(keys[: len(left_words)], keys[len(left_words) :])


def opcodes_column(left_texts: list[str], right_texts: list[str]) -> pl.Series:
    """The ``word_opcodes`` of each (left, right) text pair, as one column of ``OPCODE_DTYPE``."""
    texts = [_words(text) for text in (*left_texts, *right_texts)]
    # Every word is stemmed once for the whole column.
    keys = iter(word_keys([word for words in texts for word in words]))
    keyed = [[next(keys) for _ in words] for words in texts]
    count = len(left_texts)
    if not count:
        return _NO_OPCODES
    return pl.Series(
        "opcodes",
        [_opcodes(keyed[i], keyed[count + i]) for i in range(count)],
        dtype=OPCODE_DTYPE,
    )


def _shingles(sentences: pl.DataFrame) -> pl.DataFrame:
    """Hashed pairs of consecutive content words per sentence row: row, shingle (unique)."""
    words = sentence_words(sentences).filter(~pl.col("stop"))
    return (
        words.lazy()
        .with_columns(
            pl.col("word").hash(seed=7).alias("h"),
            pl.col("row").shift(-1).alias("next_row"),
        )
        .with_columns(pl.col("h").shift(-1).alias("next_h"))
        .filter(pl.col("row") == pl.col("next_row"))
        .select("row", pl.struct("h", "next_h").hash(seed=11).alias("shingle"))
        .unique()
        .collect()
    )


def all_cross_year_pairs(years: pl.Series) -> pl.DataFrame:
    """Every row pair (left_row < right_row) of sentences whose known years differ."""
    rows = pl.DataFrame(
        {"row": pl.int_range(len(years), dtype=pl.UInt32, eager=True), "year": years}
    ).drop_nulls("year")
    return (
        rows.join(rows, how="cross", suffix="_r")
        .filter((pl.col("row") < pl.col("row_r")) & (pl.col("year") != pl.col("year_r")))
        .select(
            pl.col("row").alias("left_row"),
            pl.col("row_r").alias("right_row"),
            pl.lit(0, dtype=pl.UInt32).alias("shared"),
        )
    )


def _cross_year_pair_count(years: pl.Series) -> int:
    counts = years.drop_nulls().value_counts()["count"]
    total = int(counts.sum())
    return (total * total - int((counts * counts).sum())) // 2


def _sentence_themes(hits: pl.DataFrame | None) -> pl.DataFrame | None:
    if hits is None or hits.is_empty():
        return None
    return (
        hits.group_by("article_id", "sentence_id")
        .agg(pl.col("theme").unique().sort().alias("themes"))
        .with_columns(pl.col("sentence_id").cast(pl.Int32))
    )


# --------------------------------------------------------------------------------------------
# Corpus-wide alignment as steps. Rows are sentences long enough to align, numbered in corpus
# order (articles in date order, then sentence order): a subset of the articles numbers its rows
# from its articles' offsets (``row_offsets``), so every step gives the same rows whatever
# subsets the corpus is cut into. ``align_corpus`` and ``candidate_pairs`` run the steps over
# the whole corpus at once.
# --------------------------------------------------------------------------------------------

# ``frame_row``: a sentence's row in the sentences frame given (its embedding's row).
BASE_SCHEMA = schema("frame_row article_id sentence_id text norm year")


def alignable_sentences(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """The sentences long enough to align, in the order given, with their article's year and
    their row in ``sentences`` (``frame_row``)."""
    words = word_count(pl.col("norm"))
    return (
        sentences.select("article_id", "sentence_id", "text", "norm")
        .with_row_index("frame_row")
        .filter(words >= MIN_WORDS)
        .join(articles.select("article_id", "year"), on="article_id", how="left")
        .select(list(BASE_SCHEMA))
        .cast(BASE_SCHEMA)
    )


def row_offsets(counts: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Each article's first row: ``counts`` (article_id, rows) of every article, ``order``
    every article in date order. Columns: article_id, offset."""
    return (
        order.select("article_id")
        .join(counts, on="article_id", how="left", maintain_order="left")
        .select(
            "article_id",
            (pl.col("rows").fill_null(0).cum_sum() - pl.col("rows").fill_null(0))
            .cast(pl.UInt32)
            .alias("offset"),
        )
    )


def numbered_rows(base: pl.DataFrame, offsets: pl.DataFrame) -> pl.Series:
    """The corpus row of each sentence of ``base`` (articles whole, in corpus order inside)."""
    return (
        base.select("article_id")
        .join(offsets, on="article_id", how="left", maintain_order="left")
        .select(pl.col("offset") + pl.int_range(pl.len(), dtype=pl.UInt32).over("article_id"))
        .to_series()
        .cast(pl.UInt32)
        .rename("row")
    )


def row_shingles(base: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """Hashed pairs of consecutive content words of each sentence: row, shingle (unique)."""
    local = _shingles(base)
    return local.select(rows.gather(local["row"]).alias("row"), "shingle")


SHINGLE_COUNT_SCHEMA = schema("shingle df")


def shingle_counts(shingles: pl.DataFrame) -> pl.DataFrame:
    """Map: per shingle, the sentences of the subset that have it."""
    return shingles.group_by("shingle").agg(pl.len().alias("df")).cast(SHINGLE_COUNT_SCHEMA)


POSTING_SCHEMA = schema("shingle row year indexed")


def sentence_postings(
    shingles: pl.DataFrame,
    frequency: pl.DataFrame,
    years: pl.DataFrame,
    prefix: int = PREFIX_SHINGLES,
) -> pl.DataFrame:
    """Each dated sentence's ``prefix`` rarest shingles shared with another sentence.

    ``frequency``: the corpus-wide sentence count of the shingles of ``shingles`` (at least
    the ones counted twice or more); ``years``: row, year. Columns: shingle, row, year, indexed
    (how many shared shingles the sentence has).
    """
    return (
        shingles.lazy()
        .join(frequency.lazy().filter(pl.col("df") >= 2), on="shingle")
        .join(years.lazy().drop_nulls("year"), on="row")
        # The rarest shingles of a sentence are the most telling; ties broken by hash.
        .with_columns(pl.len().over("row").alias("indexed"))
        .sort("row", "df", "shingle")
        .group_by("row", maintain_order=True)
        .head(prefix)
        .select(list(POSTING_SCHEMA))
        .collect()
        .cast(POSTING_SCHEMA)
    )


PAIR_PARTIAL_SCHEMA = schema("left_row right_row shared left_indexed right_indexed")


def blocked_pairs(postings: pl.DataFrame, block_size: int = BLOCK_SIZE) -> pl.DataFrame:
    """Map (a bucket of shingles): sentence pairs of different years sharing a shingle, with
    how many of their indexed shingles they share there: left_row, right_row, shared and each
    side's indexed count. Every posting of each shingle must be in ``postings``.
    """
    # Random order inside a posting list, then blocks: a shingle shared by thousands of
    # sentences costs block_size pairs per sentence, not thousands.
    blocked = (
        postings.lazy()
        .sort("row", "shingle")
        .with_columns(
            (pl.col("row").hash(seed=3).rank("ordinal").over("shingle") // block_size).alias(
                "block"
            )
        )
        .select("shingle", "block", "row", "year", "indexed")
    )
    # Both rows packed in one 64-bit key: grouping on one integer column is much faster.
    return (
        blocked.join(blocked, on=["shingle", "block"], suffix="_r")
        .filter((pl.col("row") < pl.col("row_r")) & (pl.col("year") != pl.col("year_r")))
        .select(
            (pl.col("row").cast(pl.UInt64) * (1 << 32) + pl.col("row_r")).alias("pair"),
            "indexed",
            "indexed_r",
        )
        .group_by("pair")
        .agg(pl.len().alias("shared"), pl.col("indexed").first(), pl.col("indexed_r").first())
        .select(
            (pl.col("pair") // (1 << 32)).alias("left_row"),
            (pl.col("pair") % (1 << 32)).alias("right_row"),
            "shared",
            pl.col("indexed").alias("left_indexed"),
            pl.col("indexed_r").alias("right_indexed"),
        )
        .collect()
        .cast(PAIR_PARTIAL_SCHEMA)
    )


CANDIDATE_SCHEMA = schema("left_row right_row shared")


def _keep_top(frame: pl.DataFrame, by: str, limit: int) -> pl.DataFrame:
    """At most ``limit`` rows per value of ``by``, the first in the frame's order."""
    if frame.is_empty():
        return frame
    values = frame[by].to_numpy()
    return frame.filter(pl.Series(_place(values, np.arange(len(values))) < limit))


def _candidate_order(frame: pl.DataFrame) -> pl.DataFrame:
    tie = pl.struct("left_row", "right_row").hash(seed=5)
    return frame.with_columns(tie.alias("tie")).sort(
        "shared", "tie", "left_row", "right_row", descending=[True, False, False, False]
    )


def best_candidates_left(partials: pl.DataFrame, per_sentence: int) -> pl.DataFrame:
    """Reduce (a bucket of left rows): pair counts added up, pairs sharing too little dropped,
    and each left sentence's best ``per_sentence`` candidates (most shared shingles first)."""
    # Both rows packed in one 64-bit key: grouping on one integer column is much faster.
    pair = pl.col("left_row").cast(pl.UInt64) * (1 << 32) + pl.col("right_row")
    fewest = pl.min_horizontal("left_indexed", "right_indexed")
    pairs = (
        partials.lazy()
        .group_by(pair.alias("pair"))
        .agg(
            pl.col("shared").sum(), pl.col("left_indexed").first(), pl.col("right_indexed").first()
        )
        .select(
            (pl.col("pair") // (1 << 32)).alias("left_row"),
            (pl.col("pair") % (1 << 32)).alias("right_row"),
            "shared",
            "left_indexed",
            "right_indexed",
        )
        # One shared shingle is chance for long sentences; short ones may have only one.
        .filter((pl.col("shared") >= MIN_SHARED) | (fewest <= SHORT_SHINGLES))
        .collect()
        .cast(PAIR_PARTIAL_SCHEMA)
    )
    kept = _keep_top(_candidate_order(pairs), "left_row", per_sentence)
    return kept.select(list(CANDIDATE_SCHEMA)).cast(CANDIDATE_SCHEMA)


def best_candidates_right(pairs: pl.DataFrame, per_sentence: int) -> pl.DataFrame:
    """Reduce (a bucket of right rows): each right sentence's best ``per_sentence`` pairs of
    those its left sentence kept."""
    kept = _keep_top(_candidate_order(pairs), "right_row", per_sentence)
    return kept.select(list(CANDIDATE_SCHEMA)).sort("left_row", "right_row").cast(CANDIDATE_SCHEMA)


def candidate_pairs(
    sentences: pl.DataFrame,
    years: pl.Series,
    *,
    prefix: int = PREFIX_SHINGLES,
    block_size: int = BLOCK_SIZE,
    per_sentence: int = CANDIDATES_PER_SENTENCE,
) -> pl.DataFrame:
    """Row pairs (left_row < right_row) of sentences from different years sharing a shingle.

    ``years`` gives each sentence row's year (null: unknown, never paired). Columns: left_row,
    right_row, shared (how many of their indexed shingles they share).
    """
    if sentences.is_empty():
        return pl.DataFrame(schema=CANDIDATE_SCHEMA)
    rows = pl.int_range(len(years), dtype=pl.UInt32, eager=True).rename("row")
    shingles = row_shingles(sentences, rows)
    row_year = pl.DataFrame({"row": rows, "year": years})
    postings = sentence_postings(shingles, shingle_counts(shingles), row_year, prefix)
    # The steps run a bucket at a time, as they do over a partitioned index: the shingles' by
    # shingle (a posting list's self-join held whole took 1.5 GB at 10,000 articles), the
    # pairs' by left row (each left sentence's pairs are all in its bucket).
    buckets = max(1, min(CANDIDATE_BUCKETS, postings.height // POSTINGS_PER_BUCKET))
    partials = _by_buckets(
        postings, "shingle", buckets, lambda part: blocked_pairs(part, block_size)
    )
    left = _by_buckets(
        partials, "left_row", buckets, lambda part: best_candidates_left(part, per_sentence)
    )
    return best_candidates_right(left, per_sentence)


CANDIDATE_BUCKETS = 8  # at most, for a corpus's candidate pairs made in one process
POSTINGS_PER_BUCKET = 250_000  # at least (a bucket costs a join and a sort of its own)


def _by_buckets(
    frame: pl.DataFrame,
    key: str,
    buckets: int,
    step: Callable[[pl.DataFrame], pl.DataFrame],
) -> pl.DataFrame:
    """``step`` over the rows of ``frame`` cut in ``buckets`` by the integer column ``key``,
    its results put together (one call on the whole frame for a single bucket)."""
    if buckets <= 1 or frame.is_empty():
        return step(frame)
    bucket = (pl.col(key).cast(pl.UInt64) % buckets).alias("_bucket")
    parts = frame.with_columns(bucket).partition_by("_bucket", include_key=False)
    return pl.concat([step(part) for part in parts])


PAIR_SCHEMA = schema("left_row right_row")


def meaning_candidates(vectors: np.ndarray, years: pl.Series) -> pl.DataFrame:
    """Row pairs (left_row < right_row) of each sentence and its nearest neighbours in meaning
    across years (``NEIGHBOURS_PER_SENTENCE``)."""
    near = cross_year_neighbours(vectors, years, k=NEIGHBOURS_PER_SENTENCE)
    return near.select(list(PAIR_SCHEMA)).cast(PAIR_SCHEMA)


def union_candidates(blocked: pl.DataFrame, near: pl.DataFrame) -> pl.DataFrame:
    """Candidates by shingles and by meaning, each pair once, in row order."""
    return (
        pl.concat([blocked.select(list(PAIR_SCHEMA)), near.select(list(PAIR_SCHEMA))])
        .unique(maintain_order=False)
        .sort("left_row", "right_row")
        .cast(PAIR_SCHEMA)
    )


def sentence_sides(
    base: pl.DataFrame,
    rows: pl.Series,
    hits: pl.DataFrame | None,
    vectors: np.ndarray | None = None,
) -> pl.DataFrame:
    """What scoring needs of each sentence: row, article_id, sentence_id, year, text, norm,
    sorted (its tokens sorted), words (its content words, hashed), themes (its themes, sorted;
    null for none) and, given ``vectors`` (rows aligned with ``base``), its embedding."""
    sides = base.with_columns(rows.alias("row")).select(
        "row", "article_id", "sentence_id", "year", "text", "norm"
    )
    # Sorted tokens and content words made once per sentence here, not once per candidate
    # pair it is in; the words hashed: numbers are joined to the pairs and intersected in
    # two thirds of the time strings take.
    sides = sides.with_columns(
        pl.Series("sorted", sorted_tokens(sides["norm"].to_list()), dtype=pl.String),
        _content_word_list(pl.col("norm")).list.eval(pl.element().hash()).alias("words"),
    )
    if vectors is not None:
        sides = sides.with_columns(embeddings_series(np.asarray(vectors), "vector"))
    themes = _sentence_themes(hits)
    if themes is None:
        return sides.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("themes"))
    return sides.join(themes, on=["article_id", "sentence_id"], how="left", maintain_order="left")


def attach_side(pairs: pl.DataFrame, sides: pl.DataFrame, side: str) -> pl.DataFrame:
    """Candidate pairs with one side's sentence (``side``: left or right) joined by row."""
    renamed = sides.rename({c: f"{side}_{c}" for c in sides.columns})
    return pairs.join(renamed, on=f"{side}_row", maintain_order="left")


SIDE_COLUMNS = ("row", "article_id", "sentence_id", "year", "text")
_SIDE_SCHEMA = schema(" ".join(SIDE_COLUMNS))
SCORED_SCHEMA = {
    **{f"{side}_{c}": t for side in ("left", "right") for c, t in _SIDE_SCHEMA.items()},
    **schema("score lexical semantic rank_score shared_themes"),
}


class SideTexts(NamedTuple):
    """Every sentence's ``norm`` and ``sorted`` texts as Python lists, numbered by row: a pair's
    texts are then taken from them rather than converted from its columns, pair after pair."""

    norm: list[str]
    sorted: list[str]

    def of(self, rows: pl.Series) -> tuple[list[str], list[str]]:
        """The norm and sorted texts of ``rows``."""
        numbers = rows.to_list()
        if not numbers:
            return [], []
        take = itemgetter(*numbers)
        if len(numbers) == 1:
            return [take(self.norm)], [take(self.sorted)]
        return list(take(self.norm)), list(take(self.sorted))


def side_texts(sides: pl.DataFrame) -> SideTexts:
    """The ``SideTexts`` of ``sentence_sides`` (rows numbered 0, 1, … in order)."""
    return SideTexts(sides["norm"].to_list(), sides["sorted"].to_list())


def score_candidates(
    pairs: pl.DataFrame,
    threshold: float,
    workers: int = -1,
    embeddings: np.ndarray | None = None,
    texts: SideTexts | None = None,
) -> pl.DataFrame:
    """Pairs with both sides attached (``sentence_sides``), scored (lexical; with embeddings
    semantic and the hybrid score): those clearing ``threshold``, the earlier article on the
    left (``SCORED_SCHEMA``). Shared themes are reported, never scored.

    The embeddings ride with the pairs (``left_vector``, ``right_vector``) or are rows of
    ``embeddings`` numbered as the pairs' ``left_row`` and ``right_row``; the texts likewise
    (``left_norm``, ``left_sorted``, …) or come from ``texts`` by row.
    """
    if pairs.is_empty():
        return pl.DataFrame(schema=SCORED_SCHEMA)
    if texts is None:
        left_norms = pairs["left_norm"].to_list()
        right_norms = pairs["right_norm"].to_list()
        presorted = (pairs["left_sorted"].to_list(), pairs["right_sorted"].to_list())
    else:
        left_norms, left_sorted = texts.of(pairs["left_row"])
        right_norms, right_sorted = texts.of(pairs["right_row"])
        presorted = (left_sorted, right_sorted)
    token_sort = _token_sort_pairs(*presorted, workers)
    semantic = order = None
    if "left_vector" in pairs.columns:
        semantic = semantic_pairs(
            embeddings_matrix(pairs["left_vector"]), embeddings_matrix(pairs["right_vector"])
        )
    elif embeddings is not None:
        rows = (pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy())
        semantic = semantic_rows(embeddings, *rows)
    if semantic is not None:
        order = order_pairs(left_norms, right_norms, workers)
    # token_set_ratio, the dearest part, only where it can matter: a pair that would not
    # clear the threshold even with it at 100 is dropped below whatever it is.
    best = stable_scores(combine(_lexical(100.0, token_sort), order, semantic))
    needed = _shares_content_word(pairs) & (best >= threshold)
    token_set = _token_set_pairs(*presorted, token_sort, np.flatnonzero(needed), workers)
    lexical = _lexical(token_set, token_sort)
    scores = combine(lexical, order, semantic)
    scored = pairs.with_columns(
        rank_score=pl.Series(stable_scores(scores), dtype=pl.Float64),
        lexical=pl.Series(lexical, dtype=pl.Float64),
        semantic=pl.Series(semantic, dtype=pl.Float64)
        if semantic is not None
        else pl.lit(None, dtype=pl.Float64),
    ).filter(pl.col("rank_score") >= threshold)
    scored = scored.with_columns(
        pl.col("left_themes")
        .list.set_intersection(pl.col("right_themes"))
        .list.sort()
        .fill_null([])
        .alias("shared_themes")
    )
    # The earlier article on the left.
    swap = pl.col("left_year") > pl.col("right_year")
    return scored.select(
        *[
            pl.when(swap)
            .then(pl.col(f"right_{c}"))
            .otherwise(pl.col(f"left_{c}"))
            .alias(f"left_{c}")
            for c in SIDE_COLUMNS
        ],
        *[
            pl.when(swap)
            .then(pl.col(f"left_{c}"))
            .otherwise(pl.col(f"right_{c}"))
            .alias(f"right_{c}")
            for c in SIDE_COLUMNS
        ],
        *[
            pl.col(c).clip(upper_bound=100.0).round(2).alias(name)
            for c, name in (("rank_score", "score"), ("lexical", "lexical"))
        ],
        pl.col("semantic").fill_nan(None).clip(upper_bound=100.0).round(2),
        "rank_score",
        "shared_themes",
    ).cast(SCORED_SCHEMA)


def one_to_one_per_article_pair(scored: pl.DataFrame) -> pl.DataFrame:
    """Reduce (whole article pairs): ``one_to_one`` within each article pair of scored pairs."""
    if scored.is_empty():
        return scored
    articles = pl.concat([scored["left_article_id"], scored["right_article_id"]]).unique().sort()
    code = {article: k for k, article in enumerate(articles.to_list())}
    count = len(code)
    left_article = scored["left_article_id"].replace_strict(code, return_dtype=pl.Int64).to_numpy()
    right_article = (
        scored["right_article_id"].replace_strict(code, return_dtype=pl.Int64).to_numpy()
    )
    # A sentence is used once per *other* article: fold the other article into its key.
    left_key = scored["left_row"].cast(pl.Int64).to_numpy() * count + right_article
    right_key = scored["right_row"].cast(pl.Int64).to_numpy() * count + left_article
    kept = one_to_one(left_key, right_key, scored["rank_score"].to_numpy())
    return scored.filter(pl.Series(kept))


def _alignment_order(kept: pl.DataFrame) -> pl.DataFrame:
    return kept.sort("rank_score", "left_row", "right_row", descending=[True, False, False])


def cap_alignments(kept: pl.DataFrame, side: str, max_per_sentence: int) -> pl.DataFrame:
    """Reduce (a bucket of ``side`` rows): each sentence of that side in at most
    ``max_per_sentence`` pairs, the best first; the pairs kept in their order in ``kept``.

    Only the columns that rank the pairs are sorted: sorting the pairs with their texts took
    most of the time."""
    if kept.is_empty():
        return kept
    ranked = _alignment_order(
        kept.select("rank_score", "left_row", "right_row").with_row_index("position")
    )
    values = ranked[f"{side}_row"].to_numpy()
    within = _place(values, np.arange(len(values))) < max_per_sentence
    keep = np.zeros(kept.height, dtype=bool)
    keep[ranked["position"].to_numpy()[within]] = True
    return kept.filter(pl.Series(keep))


# The corpus-wide steps name a side's sentence by its article and sentence ids; the table, as
# Compare, by the ids it shows.
_TABLE_NAMES = {
    f"{side}_{step}": f"{side}_{table}"
    for side in ("left", "right")
    for step, table in (("article_id", "id"), ("sentence_id", "sentence"))
}


def alignment_table(kept: pl.DataFrame) -> pl.DataFrame:
    """The `alignments` rows of kept pairs, in the table's order."""
    return (
        kept.rename(_TABLE_NAMES)
        .select(list(CORPUS_ALIGNMENT_SCHEMA))
        .cast(CORPUS_ALIGNMENT_SCHEMA)
        .sort("left_id", "right_id", "left_sentence", "right_sentence")
    )


SCORE_CHUNK = 50_000  # candidate pairs scored at once: each carries two sentences' embeddings
SCORE_THREADS = 4  # chunks scored at the same time at most (each holds its pairs' texts)


def align_corpus(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame | None,
    *,
    threshold: float,
    max_per_sentence: int = 3,
    exact_pairs: int = EXACT_PAIRS,
    embeddings: np.ndarray | None = None,
) -> pl.DataFrame:
    """Aligned sentence pairs over every pair of articles from different years.

    A small corpus (at most ``exact_pairs`` cross-year sentence pairs) has every pair scored
    and made one-to-one within each article pair exactly as ``align_articles`` does, so for
    every article pair the table holds what Compare shows. A larger one is blocked by shared
    shingles (and, with ``embeddings`` — rows aligned with ``sentences`` — by nearest
    neighbours in meaning), and each sentence then keeps at most ``max_per_sentence`` pairs.
    The earlier article is on the left. The steps above, over the whole corpus at once.
    """
    base = alignable_sentences(sentences, articles)
    if base.is_empty():
        return pl.DataFrame(schema=CORPUS_ALIGNMENT_SCHEMA)
    vectors = None
    if embeddings is not None:
        vectors = np.asarray(embeddings)[base["frame_row"].to_numpy()]
    exact = _cross_year_pair_count(base["year"]) <= exact_pairs
    rows = pl.int_range(base.height, dtype=pl.UInt32, eager=True).rename("row")
    if exact:
        candidates = all_cross_year_pairs(base["year"])
        sides = sentence_sides(base, rows, hits)
    else:
        # Blocked candidates share a shingle of content words; with embeddings, each
        # sentence's nearest neighbours in meaning across years join them. The two searches
        # and the sentences' sides are made at once: each leaves a core idle at times.
        blocked, near, sides = at_once(
            partial(candidate_pairs, base, base["year"]),
            partial(meaning_candidates, vectors, base["year"]) if vectors is not None else None,
            partial(sentence_sides, base, rows, hits),
        )
        candidates = union_candidates(blocked, near) if near is not None else blocked
    if candidates.is_empty():
        return pl.DataFrame(schema=CORPUS_ALIGNMENT_SCHEMA)
    # The embeddings stay in one matrix (rows numbered as ``rows``) rather than ride with
    # every pair; a chunk of candidates at a time: with both sentences' texts attached, the
    # whole corpus's candidates would take gigabytes at once.
    chunks = list(candidates.iter_slices(SCORE_CHUNK))
    # The pairs scored go on without their texts, which are put back on the pairs kept: at
    # 10,000 articles four times as many pairs clear the score as are kept.
    scored: list[pl.DataFrame] = [pl.DataFrame(schema=SCORED_SCHEMA).drop(_PAIR_TEXTS)] * len(
        chunks
    )
    shares = max(1, min(usable_cores(), len(chunks), SCORE_THREADS))
    # The texts scored are taken by row from lists made once, not attached to every pair.
    texts = side_texts(sides)
    attached = sides.drop("norm", "sorted")

    def score_share(share: int) -> None:  # the chunks share % shares, on a core of their own
        for k in range(share, len(chunks), shares):
            pairs = attach_side(attach_side(chunks[k], attached, "left"), attached, "right")
            scored[k] = score_candidates(
                pairs, threshold, workers=1, embeddings=vectors, texts=texts
            ).drop(_PAIR_TEXTS)

    side_by_side(score_share, range(shares))
    kept = one_to_one_per_article_pair(pl.concat(scored))
    if not exact:
        kept = cap_alignments(
            cap_alignments(kept, "left", max_per_sentence), "right", max_per_sentence
        )
    text = base["text"]  # by row
    return alignment_table(
        kept.with_columns(
            text.gather(kept["left_row"]).alias("left_text"),
            text.gather(kept["right_row"]).alias("right_text"),
        )
    )


_PAIR_TEXTS = ("left_text", "right_text")


def theme_thread(
    theme: str,
    hits: pl.DataFrame,
    sentences: pl.DataFrame | pl.LazyFrame,
    articles: pl.DataFrame,
) -> pl.DataFrame:
    """The passages of one theme across the corpus in date order, one row per sentence
    (``sentences`` may be a lazy scan: only the sentences with a hit are read)."""
    theme_hits = hits.filter(pl.col("theme") == theme)
    if theme_hits.is_empty():
        return pl.DataFrame(schema=THREAD_SCHEMA)
    by_sentence = (
        theme_hits.sort("start", maintain_order=True)
        .group_by("article_id", "sentence_id", maintain_order=True)
        .agg(
            pl.col("phrase").unique(maintain_order=True).alias("phrases"),
            pl.col("matched_text").alias("matched_text"),
        )
        .with_columns(pl.col("sentence_id").cast(pl.Int32))
    )
    order = articles.select("article_id", "year", "published", "outlet", "title").with_row_index(
        "date_order"
    )
    texts = (
        sentences.lazy()
        .select("article_id", pl.col("sentence_id").cast(pl.Int32), "text")
        .join(
            by_sentence.lazy().select("article_id", "sentence_id"),
            on=["article_id", "sentence_id"],
            how="semi",
        )
        .collect()
    )
    return (
        by_sentence.join(order, on="article_id")
        .join(texts, on=["article_id", "sentence_id"])
        .sort("date_order", "sentence_id")
        .select(list(THREAD_SCHEMA))
        .cast(THREAD_SCHEMA)
    )
