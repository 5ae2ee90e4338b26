"""Corpus-wide alignment: the `alignments` table of sentence pairs across years.

Candidates come from shared shingles (``analysis.blocking``) united with each sentence's
nearest neighbours in meaning across years (``analysis.neighbours``); only those are scored, as
Compare scores a pair (``analysis.lexical``, ``analysis.scoring``), made one to one within each
article pair (``analysis.assignment``) and capped per sentence. Each step is a function of its
own, so that ``workbench.pipeline.align`` runs them over the partitions of an index; a small
corpus has every cross-year pair scored, exactly as Compare would.
"""

from __future__ import annotations

from functools import partial
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import polars as pl

from workbench.analysis.align import (
    MIN_WORDS,
    PAIR_COLUMNS,
    stable_scores,
    word_count,
)
from workbench.analysis.assignment import one_to_one, place_in_group
from workbench.analysis.blocking import candidate_pairs
from workbench.analysis.embeddings import embeddings_bytes, embeddings_matrix
from workbench.analysis.lexical import (
    lexical_blend,
    sorted_tokens,
    token_set_pairs,
    token_sort_pairs,
)
from workbench.analysis.neighbours import cross_year_neighbours
from workbench.analysis.row_pairs import first_of_each, pair_keys, pair_rows
from workbench.analysis.scoring import (
    combine,
    embedding_signal,
    order_pairs,
    semantic_pairs,
    semantic_rows,
)
from workbench.analysis.threads import at_once, side_by_side, usable_cores
from workbench.analysis.tokens import NORM_WORDS, STOPWORDS, norm_words
from workbench.columns import schema

CORPUS_ALIGNMENT_SCHEMA = schema(f"{PAIR_COLUMNS} left_year right_year left_text right_text")
NEIGHBOURS_PER_SENTENCE = 5  # candidates by meaning per sentence (large corpora)
EXACT_PAIRS = 250_000  # up to this many cross-year sentence pairs, all are scored (no blocking)


def _content_word_hashes(words: pl.Expr) -> pl.Expr:
    """The hashes of a text's words (``tokens.norm_words``) other than stopwords
    (``lexical.content_word_sets`` as an expression; a word may be there twice)."""
    stopwords = pl.lit(pl.Series(sorted(STOPWORDS), dtype=pl.String)).implode()
    # Filtered inside each list rather than as a set difference: two pairs' lists share an
    # element all the same, in two thirds of the time.
    word = pl.element()
    return words.list.eval(word.filter(~word.is_in(stopwords)).hash())


def _shares_content_word(pairs: pl.DataFrame) -> np.ndarray:
    """Per candidate pair: do its two sentences share a word other than a stopword (from the
    ``words`` of both sides)."""
    shared = pl.col("left_words").list.set_intersection(pl.col("right_words")).list.len() > 0
    return pairs.select(shared).to_series().to_numpy()


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


PAIR_SCHEMA = schema("left_row right_row")


def meaning_candidates(
    vectors: np.ndarray, years: pl.Series, matrix_rows: np.ndarray | None = None
) -> pl.DataFrame:
    """Row pairs (left_row < right_row) of each sentence and its nearest neighbours in meaning
    across years (``NEIGHBOURS_PER_SENTENCE``). ``vectors``: the rows' embeddings or, with
    ``matrix_rows`` (each row's, increasing), a matrix holding them among others."""
    if matrix_rows is None:
        near = cross_year_neighbours(vectors, years, k=NEIGHBOURS_PER_SENTENCE)
        return near.select(list(PAIR_SCHEMA)).cast(PAIR_SCHEMA)
    # The other rows of the matrix have no year: never searched, and the rows searched are
    # numbered in the same order as without them.
    matrix_years = pl.repeat(None, len(vectors), dtype=years.dtype, eager=True)
    matrix_years = matrix_years.scatter(matrix_rows, years)
    near = cross_year_neighbours(vectors, matrix_years, k=NEIGHBOURS_PER_SENTENCE)
    # Numbered back by a table over the matrix's rows (a binary search per pair: 60 times as
    # long).
    row_of = np.zeros(len(vectors), dtype=np.uint32)
    row_of[matrix_rows] = np.arange(len(matrix_rows), dtype=np.uint32)
    return pl.DataFrame(
        {side: row_of[near[side].to_numpy()] for side in ("left_row", "right_row")}
    ).cast(PAIR_SCHEMA)


def union_candidates(blocked: pl.DataFrame, near: pl.DataFrame) -> pl.DataFrame:
    """Candidates by shingles and by meaning, each pair once, in row order."""
    # Both rows packed in one 64-bit key, sorted and told apart from their neighbours: a
    # fifteenth of the time polars' unique and sort of the two columns took.
    keys = [
        pair_keys(frame["left_row"].to_numpy(), frame["right_row"].to_numpy())
        for frame in (blocked, near)
    ]
    pairs = np.sort(np.concatenate(keys))
    left, right = pair_rows(pairs[first_of_each(pairs)])
    return pl.DataFrame({"left_row": left, "right_row": right}, schema=PAIR_SCHEMA)


def sentence_sides(
    base: pl.DataFrame,
    rows: pl.Series,
    hits: pl.DataFrame | None,
    vectors: np.ndarray | None = None,
) -> pl.DataFrame:
    """What scoring needs of each sentence: row, article_id, sentence_id, year, text, norm,
    sorted (its tokens sorted), words (its content words, hashed), themes (its themes, sorted;
    null for none) and, given ``vectors`` (rows aligned with ``base``), its embedding as
    bytes (``embeddings_bytes``: sides travel to other partitions through Parquet files)."""
    sides = base.with_columns(rows.alias("row")).select(
        "row", "article_id", "sentence_id", "year", "text", "norm", norm_words(base).alias("words")
    )
    # Sorted tokens and content words made once per sentence here, not once per candidate
    # pair it is in; the words hashed: numbers are joined to the pairs and intersected in
    # two thirds of the time strings take.
    sides = sides.with_columns(
        pl.Series("sorted", sorted_tokens(sides["norm"].to_list()), dtype=pl.String),
        _content_word_hashes(pl.col("words")),
    )
    if vectors is not None:
        sides = sides.with_columns(embeddings_bytes(np.asarray(vectors), "vector"))
    themes = _sentence_themes(hits)
    if themes is None:
        return sides.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("themes"))
    return sides.join(themes, on=["article_id", "sentence_id"], how="left", maintain_order="left")


def side_positions(sides: pl.DataFrame, rows: pl.Series) -> np.ndarray:
    """Where each of ``rows`` is among the rows of ``sides`` (``sentence_sides`` in row order,
    as it makes them of rows in order); ValueError if one is not there."""
    known, wanted = sides["row"].to_numpy(), rows.to_numpy()
    at = np.searchsorted(known, wanted)
    if len(wanted) and (at.max() >= len(known) or not np.array_equal(known[at], wanted)):
        raise ValueError("a pair's sentence is not among the sentences given for it")
    return at


def attach_side(
    pairs: pl.DataFrame, sides: pl.DataFrame, side: str, positions: np.ndarray | None = None
) -> pl.DataFrame:
    """Candidate pairs with one side's sentence (``side``: left or right) taken by row from
    ``sides`` (in row order; ``positions``: their ``side_positions``, when found already): a
    join copied the pairs' every column again, and took longer than scoring them."""
    if positions is None:
        positions = side_positions(sides, pairs[f"{side}_row"])
    taken = sides.drop("row")[positions]
    return pairs.hstack(taken.rename(lambda column: f"{side}_{column}").get_columns())


SIDE_COLUMNS = ("row", "article_id", "sentence_id", "year", "text")
_SIDE_SCHEMA = schema(" ".join(SIDE_COLUMNS))
SCORED_SCHEMA = {
    **{f"{side}_{c}": t for side in ("left", "right") for c, t in _SIDE_SCHEMA.items()},
    **schema("score lexical semantic rank_score shared_themes"),
}


class SideTexts(NamedTuple):
    """Every sentence's ``norm`` and ``sorted`` texts as Python lists, numbered by row: a pair's
    texts are then taken from them rather than converted from its columns, pair after pair.
    With them, what tells rows' texts and content words apart (``side_texts``)."""

    norm: list[str]
    sorted: list[str]
    ids: np.ndarray  # each row's text (uint64): rows with the same ``norm`` have the same number
    common: np.ndarray  # per block of 64 common content words, per row, a bit for each it has
    words: pl.Series  # each row's content words, hashed (``sentence_sides``)

    def of(self, rows: pl.Series | np.ndarray) -> tuple[list[str], list[str]]:
        """The norm and sorted texts of ``rows``."""
        numbers = rows.tolist() if isinstance(rows, np.ndarray) else rows.to_list()
        if not numbers:
            return [], []
        take = itemgetter(*numbers)
        if len(numbers) == 1:
            return [take(self.norm)], [take(self.sorted)]
        return list(take(self.norm)), list(take(self.sorted))

    def shares(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Per row pair (``left[i]``, ``right[i]``): do the two sentences share a content word
        (as ``_shares_content_word`` tells it from their ``words``)."""
        # Nearly every pair shares one of the corpus's commonest content words, which their
        # bits tell at once; only the others' word lists are intersected.
        shared = np.zeros(len(left), dtype=bool)
        for bits in self.common:
            shared |= (bits[left] & bits[right]) != 0
        rest = np.flatnonzero(~shared)
        if rest.size:
            words = pl.DataFrame(
                {
                    "left_words": self.words.gather(left[rest]),
                    "right_words": self.words.gather(right[rest]),
                }
            )
            shared[rest] = _shares_content_word(words)
        return shared


COMMON_WORDS = 512  # content words given a bit of their own, 64 to a block


def _text_ids(norm: pl.Series) -> np.ndarray:
    """A number per text (uint64), equal for equal texts: the texts' hashes numbered densely, or
    should two texts share a hash, each row a number of its own (no text then met again)."""
    hashes = norm.hash().to_numpy()
    distinct, ids = np.unique(hashes, return_inverse=True)
    if len(distinct) != norm.n_unique():
        return np.arange(len(norm), dtype=np.uint64)
    return ids.astype(np.uint64)


def _common_word_bits(words: pl.Series) -> np.ndarray:
    """Per block of 64 of the ``COMMON_WORDS`` content words in most sentences (ties by hash),
    per row of ``words`` (lists of content word hashes), a bit for each of them it has."""
    rows = len(words)
    listed = (
        pl.DataFrame({"row": np.arange(rows, dtype=np.int64), "word": words.list.unique()})
        .explode("word")
        .drop_nulls("word")
    )
    ranked = listed.group_by("word").len().sort("len", "word", descending=[True, False])
    common = ranked.head(COMMON_WORDS).select("word", pl.int_range(pl.len()).alias("bit"))
    marked = listed.join(common, on="word")
    bit = marked["bit"].to_numpy()
    bits = np.zeros((-(-common.height // 64), rows), dtype=np.uint64)
    np.bitwise_or.at(
        bits, (bit // 64, marked["row"].to_numpy()), np.uint64(1) << (bit % 64).astype(np.uint64)
    )
    return bits


def side_texts(sides: pl.DataFrame) -> SideTexts:
    """The ``SideTexts`` of ``sentence_sides`` (rows numbered 0, 1, … in order)."""
    return SideTexts(
        sides["norm"].to_list(),
        sides["sorted"].to_list(),
        _text_ids(sides["norm"]),
        _common_word_bits(sides["words"]),
        sides["words"],
    )


class RowVectors(NamedTuple):
    """The sentences' embeddings taken by row from a matrix as given (copying out a corpus's
    rows took a second at 10,000 articles): sentence row i's is row ``rows[i]`` of ``matrix``."""

    matrix: np.ndarray  # float32, C order
    rows: np.ndarray
    signal: np.ndarray  # per row of ``matrix``: does it carry a meaning signal


def row_vectors(embeddings: np.ndarray, rows: np.ndarray) -> RowVectors:
    """The ``RowVectors`` of sentences whose rows of ``embeddings`` are ``rows``."""
    matrix = np.ascontiguousarray(embeddings, dtype=np.float32)
    return RowVectors(matrix, np.asarray(rows, dtype=np.int64), embedding_signal(matrix))


def _each_pair(values: np.ndarray, back: np.ndarray | None) -> np.ndarray:
    """Values of distinct text pairs given back to every pair (``back``: each pair's; None:
    every pair its own)."""
    return values if back is None else values[back]


def score_candidates(
    pairs: pl.DataFrame,
    threshold: float,
    workers: int = -1,
    embeddings: np.ndarray | None = None,
    texts: SideTexts | None = None,
    vectors: RowVectors | None = None,
    semantic: np.ndarray | None = None,
) -> pl.DataFrame:
    """Pairs with both sides attached (``sentence_sides``), scored (lexical; with embeddings
    semantic and the hybrid score): those clearing ``threshold``, the earlier article on the
    left (``SCORED_SCHEMA``). Shared themes are reported, never scored.

    The embeddings ride with the pairs (``left_vector``, ``right_vector``) or are rows of
    ``embeddings`` numbered as the pairs' ``left_row`` and ``right_row`` or taken by row from
    ``vectors``, or the pairs' ``semantic`` scores are given; the texts likewise
    (``left_norm``, ``left_sorted``, …, ``left_words``, …) or come from ``texts`` by row.
    """
    if pairs.is_empty():
        return pl.DataFrame(schema=SCORED_SCHEMA)
    back = None  # each pair's distinct pair of texts: the wording is scored per those
    if texts is None:
        left_norms = pairs["left_norm"].to_list()
        right_norms = pairs["right_norm"].to_list()
        presorted = (pairs["left_sorted"].to_list(), pairs["right_sorted"].to_list())
        shares = _shares_content_word(pairs)
    else:
        # A pair of texts met again (a sentence repeated across articles) has its wording
        # scored once: at 10,000 articles a thirteenth of the pairs in a chunk.
        left_rows, right_rows = pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy()
        key = pair_keys(texts.ids[left_rows], texts.ids[right_rows])
        _, first, back = np.unique(key, return_index=True, return_inverse=True)
        left_rows, right_rows = left_rows[first], right_rows[first]
        left_norms, left_sorted = texts.of(left_rows)
        right_norms, right_sorted = texts.of(right_rows)
        presorted = (left_sorted, right_sorted)
        shares = texts.shares(left_rows, right_rows)
    distinct_token_sort = token_sort_pairs(*presorted, workers)
    token_sort = _each_pair(distinct_token_sort, back)
    order = None
    if semantic is not None:
        semantic = np.asarray(semantic, dtype=np.float64)
    elif "left_vector" in pairs.columns:
        semantic = semantic_pairs(
            embeddings_matrix(pairs["left_vector"]), embeddings_matrix(pairs["right_vector"])
        )
    elif vectors is not None:
        rows = (pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy())
        semantic = semantic_rows(
            vectors.matrix, *(vectors.rows[side] for side in rows), signal=vectors.signal
        )
    elif embeddings is not None:
        rows = (pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy())
        semantic = semantic_rows(embeddings, *rows)
    if semantic is not None:
        order = _each_pair(order_pairs(left_norms, right_norms, workers), back)
    # token_set_ratio, the dearest part, only where it can matter: a pair that would not
    # clear the threshold even with it at 100 is dropped below whatever it is.
    best = stable_scores(combine(lexical_blend(100.0, token_sort), order, semantic))
    needed = _each_pair(shares, back) & (best >= threshold)
    # A pair of texts met again is scored if any of its pairs needs it; a pair that does not
    # has token_sort_ratio for it all the same, as if scored alone.
    wanted = needed if back is None else np.bincount(back[needed], minlength=len(shares)) > 0
    token_set = token_set_pairs(*presorted, distinct_token_sort, np.flatnonzero(wanted), workers)
    token_set = np.where(needed, _each_pair(token_set, back), token_sort)
    lexical = lexical_blend(token_set, token_sort)
    scores = combine(lexical, order, semantic)
    scored = pairs.with_columns(
        rank_score=pl.Series(stable_scores(scores), dtype=pl.Float64),
        lexical=pl.Series(lexical, dtype=pl.Float64),
        semantic=pl.Series(semantic, dtype=pl.Float64)
        if semantic is not None
        else pl.lit(None, dtype=pl.Float64),
    ).filter(pl.col("rank_score") >= threshold)
    # Pairs without their sentences' texts or themes (``align_corpus``) go on without them
    # and without shared themes: those are put on the pairs kept.
    sides = [c for c in SIDE_COLUMNS if f"left_{c}" in pairs.columns]
    themes = "left_themes" in pairs.columns
    if themes:
        scored = scored.with_columns(_shared_themes(pl.col("left_themes"), pl.col("right_themes")))
    # The earlier article on the left.
    swap = pl.col("left_year") > pl.col("right_year")
    scored = scored.select(
        *[
            pl.when(swap)
            .then(pl.col(f"right_{c}"))
            .otherwise(pl.col(f"left_{c}"))
            .alias(f"left_{c}")
            for c in sides
        ],
        *[
            pl.when(swap)
            .then(pl.col(f"left_{c}"))
            .otherwise(pl.col(f"right_{c}"))
            .alias(f"right_{c}")
            for c in sides
        ],
        *[
            pl.col(c).clip(upper_bound=100.0).round(2).alias(name)
            for c, name in (("rank_score", "score"), ("lexical", "lexical"))
        ],
        pl.col("semantic").fill_nan(None).clip(upper_bound=100.0).round(2),
        "rank_score",
        *(["shared_themes"] if themes else []),
    )
    return scored.cast({c: t for c, t in SCORED_SCHEMA.items() if c in scored.columns})


def _shared_themes(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """The themes two sentences share, sorted (none: an empty list)."""
    return left.list.set_intersection(right).list.sort().fill_null([]).alias("shared_themes")


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
    within = place_in_group(values, np.arange(len(values))) < max_per_sentence
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


def _scoring_sides(
    base: pl.DataFrame, rows: pl.Series, hits: pl.DataFrame | None
) -> tuple[pl.DataFrame, SideTexts]:
    """The ``sentence_sides`` of ``base`` and their ``side_texts``."""
    sides = sentence_sides(base, rows, hits)
    # The texts scored are taken by row from lists made once, not attached to every pair.
    return sides, side_texts(sides)


SCORE_CHUNK = 50_000  # candidate pairs scored at once: their texts are listed for the chunk
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
    vectors = matrix_rows = None
    if embeddings is not None:
        frame_rows = base["frame_row"].to_numpy()
        if np.all(frame_rows[1:] > frame_rows[:-1]):  # in order: taken from the matrix by row
            vectors, matrix_rows = row_vectors(embeddings, frame_rows), frame_rows
        else:
            vectors = row_vectors(np.asarray(embeddings)[frame_rows], np.arange(len(frame_rows)))
    exact = _cross_year_pair_count(base["year"]) <= exact_pairs
    if not exact:
        # The sentences' words found once for both the shingles and the sides' content words
        # (each found them by the pattern on its own: half a CPU second at 10,000 articles).
        base = base.with_columns(norm_words(base).alias(NORM_WORDS))
    rows = pl.int_range(base.height, dtype=pl.UInt32, eager=True).rename("row")
    if exact:
        candidates = all_cross_year_pairs(base["year"])
        sides, texts = _scoring_sides(base, rows, hits)
    else:
        # Blocked candidates share a shingle of content words; with embeddings, each
        # sentence's nearest neighbours in meaning across years join them. The two searches
        # and the sentences' sides are made at once: each leaves a core idle at times.
        blocked, near, (sides, texts) = at_once(
            partial(candidate_pairs, base, base["year"]),
            partial(meaning_candidates, vectors.matrix, base["year"], matrix_rows)
            if vectors is not None
            else None,
            partial(_scoring_sides, base, rows, hits),
        )
        candidates = union_candidates(blocked, near) if near is not None else blocked
    if candidates.is_empty():
        return pl.DataFrame(schema=CORPUS_ALIGNMENT_SCHEMA)
    # The embeddings stay in one matrix (rows numbered as ``rows``) rather than ride with
    # every pair; a chunk of candidates at a time: with both sentences' texts attached, the
    # whole corpus's candidates would take gigabytes at once.
    chunks = list(candidates.iter_slices(SCORE_CHUNK))
    # The pairs are scored without their texts and themes, which are put on the pairs kept: at
    # 10,000 articles four times as many pairs clear the score as are kept.
    scored: list[pl.DataFrame] = [pl.DataFrame(schema=SCORED_SCHEMA).drop(_KEPT_ONLY)] * len(chunks)
    shares = max(1, min(usable_cores(), len(chunks), SCORE_THREADS))
    attached = sides.select("article_id", "sentence_id", "year")

    def score_share(share: int) -> None:  # the chunks share % shares, on a core of their own
        for k in range(share, len(chunks), shares):
            # Rows are numbered as ``sides``: each side taken by row (a join took five times
            # as long).
            pairs = chunks[k].with_columns(
                attached[c].gather(chunks[k][f"{side}_row"]).alias(f"{side}_{c}")
                for side in ("left", "right")
                for c in attached.columns
            )
            scored[k] = score_candidates(pairs, threshold, workers=1, texts=texts, vectors=vectors)

    side_by_side(score_share, range(shares))
    kept = one_to_one_per_article_pair(pl.concat(scored))
    if not exact:
        kept = cap_alignments(
            cap_alignments(kept, "left", max_per_sentence), "right", max_per_sentence
        )
    text, themes = sides["text"], sides["themes"]  # by row
    kept = kept.with_columns(
        text.gather(kept["left_row"]).alias("left_text"),
        text.gather(kept["right_row"]).alias("right_text"),
        themes.gather(kept["left_row"]).alias("left_themes"),
        themes.gather(kept["right_row"]).alias("right_themes"),
    )
    return alignment_table(
        kept.with_columns(_shared_themes(pl.col("left_themes"), pl.col("right_themes")))
    )


_KEPT_ONLY = ("left_text", "right_text", "shared_themes")
