"""Where a table row opens: the articles and sentence to compare, or the phrase to read.

Plain functions of frames (no Textual): the Tables screen asks ``row_target`` what Enter on a
row of a table means, then opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class CompareTarget:
    """Compare ``article_ids`` with ``focus`` (article id, sentence id) in view, if any."""

    article_ids: tuple[str, ...]
    focus: tuple[str, int] | None = None


@dataclass(frozen=True)
class PhraseTarget:
    """Show ``phrase`` with its keyword-in-context lines."""

    phrase: str


# Tables whose rows are an article pair: the two columns holding its ids.
PAIR_TABLES = {name: ("left_id", "right_id") for name in ("alignments", "labels", "similarity")}
# Tables whose rows are one sentence of one article: the sentence's column.
SENTENCE_TABLES = {"theme_hits": "sentence_id", "sentences": "sentence_id"}
# Tables whose rows are one article, with a sentence worth showing first.
ARTICLE_TABLES = {"theme_by_article": "first_sentence"}


def nearest_other(order: list[str], article_id: str, candidates: set[str]) -> str | None:
    """The article of ``candidates`` nearest ``article_id`` in ``order`` (the next one first)."""
    if article_id not in order:
        return next((c for c in order if c in candidates and c != article_id), None)
    at = order.index(article_id)
    for distance in range(1, len(order)):
        for index in (at + distance, at - distance):
            if 0 <= index < len(order) and order[index] in candidates:
                return order[index]
    return None


def needs_partner(table: str) -> bool:
    """Whether Enter on a row of ``table`` looks for the article its sentence is aligned with
    (``row_target``'s ``alignments``)."""
    return table in SENTENCE_TABLES or table in ARTICLE_TABLES


def aligned_partner(
    alignments: pl.DataFrame | pl.LazyFrame, article_id: str, sentence_id: int
) -> str | None:
    """The article the sentence's best-scored aligned pair is with, if it has one
    (``alignments`` may be a lazy scan of a large index: only the sentence's pairs are read)."""
    pairs = alignments.lazy()
    left = pairs.filter(
        (pl.col("left_id") == article_id) & (pl.col("left_sentence") == sentence_id)
    ).select(pl.col("right_id").alias("other"), "score")
    right = pairs.filter(
        (pl.col("right_id") == article_id) & (pl.col("right_sentence") == sentence_id)
    ).select(pl.col("left_id").alias("other"), "score")
    both = pl.concat([left, right]).sort("score", descending=True, maintain_order=True)
    best = both.head(1).collect()
    return best["other"][0] if best.height else None


def row_target(
    table: str,
    row: dict,
    *,
    order: list[str],
    frame: pl.DataFrame | pl.LazyFrame | None = None,
    alignments: pl.DataFrame | pl.LazyFrame | None = None,
) -> CompareTarget | PhraseTarget | None:
    """What Enter on ``row`` of ``table`` opens (None: nothing but the row itself).

    ``order`` is every article id in date order; ``frame`` the whole table (a theme hit is
    compared with the nearest other article with a hit of the theme); ``alignments`` pairs a
    sentence with the article it is aligned with.
    """
    if table == "recurring_phrases":
        return PhraseTarget(row["phrase"])
    if table in PAIR_TABLES:
        left, right = (row[column] for column in PAIR_TABLES[table])
        focus = (left, row["left_sentence"]) if "left_sentence" in row else None
        return CompareTarget((left, right), focus)
    if table in SENTENCE_TABLES or table in ARTICLE_TABLES:
        article_id = row["article_id"]
        sentence = row.get(SENTENCE_TABLES.get(table) or ARTICLE_TABLES[table])
        partner = None
        if sentence is not None and alignments is not None:
            partner = aligned_partner(alignments, article_id, sentence)
        if partner is None and frame is not None and "theme" in row:
            same = frame.lazy().filter(pl.col("theme") == row["theme"]).select("article_id")
            others = set(same.collect()["article_id"].to_list()) - {article_id}
            partner = nearest_other(order, article_id, others)
        if partner is None:
            partner = nearest_other(order, article_id, set(order) - {article_id})
        if partner is None:
            return None
        focus = (article_id, sentence) if sentence is not None else None
        return CompareTarget((article_id, partner), focus)
    return None
