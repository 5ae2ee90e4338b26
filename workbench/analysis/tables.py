"""The named comparison tables and their registry ``TABLES``.

Each table is a plain function of frames; the registry binds a name to a description and to a
builder that takes a ``Workspace`` (so a table can reuse other memoized tables).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from workbench.columns import schema
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.workspace import Workspace

ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "outlet",
    "author",
    "published",
    "year",
    "date_precision",
    "date_source",
    "title_source",
    "outlet_source",
    "language",
    "words",
    "sentences",
    "removed_spans",
    "file",
    "url",
    "encoding",
    "note",
]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]
THEME_BY_YEAR_SCHEMA = schema(
    "theme year articles hits per_1k_words year_articles share_of_articles"
)
THEME_BY_OUTLET_SCHEMA = schema(
    "theme outlet articles hits per_1k_words outlet_articles share_of_articles"
)
THEME_BY_ARTICLE_SCHEMA = schema(
    "article_id year theme hits sentences share_of_sentences first_sentence",
    sentences=pl.UInt32,
)


def articles_table(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article in date order, with its metadata and size."""
    return articles.select([c for c in ARTICLE_COLUMNS if c in articles.columns])


def sentences_table(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence with its character span in the original text."""
    return sentences.select(SENTENCE_COLUMNS)


def theme_by_year(
    hits: pl.DataFrame, articles: pl.DataFrame, themes: Sequence[str] = ()
) -> pl.DataFrame:
    """Per theme and year: articles with a hit, hits, hits per 1,000 words, share of articles.

    Every theme (of ``themes`` and of the hits) appears for every year that has articles, with
    zeros where it is absent, so trends read straight down a column.
    """
    return _theme_grid(hits, articles, themes, "year", pl.col("year"), THEME_BY_YEAR_SCHEMA)


def theme_by_outlet(
    hits: pl.DataFrame, articles: pl.DataFrame, themes: Sequence[str] = ()
) -> pl.DataFrame:
    """Per theme and outlet: articles with a hit, hits, hits per 1,000 words, share of articles.

    As ``theme_by_year`` with outlets for years: every theme for every outlet that has
    articles (those with none named are left out), zeros where it is absent; the outlets with
    the most articles first, so that a row reads across the outlets that count most.
    """
    most_first = (-pl.col("outlet_articles").cast(pl.Int64), pl.col("outlet"))
    return _theme_grid(hits, articles, themes, "outlet", most_first, THEME_BY_OUTLET_SCHEMA)


def _theme_grid(
    hits: pl.DataFrame,
    articles: pl.DataFrame,
    themes: Sequence[str],
    key: str,
    order: pl.Expr | tuple[pl.Expr, ...],
    table_schema: dict[str, pl.DataType],
) -> pl.DataFrame:
    """Per theme and value of the articles' ``key`` column (its articles with a value): the
    articles with a hit, hits, hits per 1,000 words (null for a value without words) and the
    share of the value's articles, every theme for every value (zeros included), the values in
    ``order``."""
    present = articles.filter(pl.col(key).is_not_null())
    groups = present.group_by(key).agg(
        pl.len().cast(pl.UInt32).alias(f"{key}_articles"), pl.col("words").sum().alias("_words")
    )
    all_themes = list(dict.fromkeys([*themes, *hits["theme"].unique().sort().to_list()]))
    if not all_themes or groups.is_empty():
        return pl.DataFrame(schema=table_schema)
    order = order if isinstance(order, tuple) else (order,)
    groups = groups.sort(*order).with_row_index("_rank")
    grid = pl.DataFrame({"theme": all_themes}).join(groups, how="cross")
    counts = (
        hits.join(present.select("article_id", key), on="article_id")
        .group_by("theme", key)
        .agg(
            pl.col("article_id").n_unique().cast(pl.UInt32).alias("articles"),
            pl.len().cast(pl.UInt32).alias("hits"),
        )
    )
    return (
        grid.join(counts, on=["theme", key], how="left")
        .with_columns(pl.col("articles", "hits").fill_null(0))
        .with_columns(
            (pl.col("hits") * 1000.0 / pl.col("_words")).fill_nan(None).alias("per_1k_words"),
            (pl.col("articles") / pl.col(f"{key}_articles")).alias("share_of_articles"),
        )
        .with_columns(pl.col("per_1k_words").round(3), pl.col("share_of_articles").round(3))
        .sort(pl.col("theme").replace_strict(all_themes, range(len(all_themes))), "_rank")
        .select(list(table_schema))
        .cast(table_schema)
    )


def theme_by_article(hits: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Per article and theme: hits, sentences with a hit, their share, the first such sentence."""
    if hits.is_empty():
        return pl.DataFrame(schema=THEME_BY_ARTICLE_SCHEMA)
    order = articles.select("article_id", "year", pl.col("sentences").alias("article_sentences"))
    return (
        hits.group_by("article_id", "theme")
        .agg(
            pl.len().cast(pl.UInt32).alias("hits"),
            pl.col("sentence_id").n_unique().cast(pl.UInt32).alias("sentences"),
            pl.col("sentence_id").min().cast(pl.Int32).alias("first_sentence"),
        )
        .join(order.with_row_index("date_order"), on="article_id")
        .with_columns(
            (pl.col("sentences") / pl.col("article_sentences")).round(4).alias("share_of_sentences")
        )
        .sort("date_order", "hits", "theme", descending=[False, True, False])
        .select(list(THEME_BY_ARTICLE_SCHEMA))
        .cast(THEME_BY_ARTICLE_SCHEMA)
    )


def removed_table(removed: pl.DataFrame) -> pl.DataFrame:
    """The spans cleaning removed from each article, with the rule that removed them."""
    return removed.select("article_id", "start", "end", "rule", "family", "text")


@dataclass(frozen=True)
class TableSpec:
    """A named table: what it shows and how a workspace builds it."""

    name: str
    description: str
    builder: Callable[[Workspace], pl.DataFrame]
    # Read fresh on every request (never memoized or kept on disk): the analysts' labels.
    live: bool = False
    # Applied to the stored table on every request: what changes between requests (labels).
    finish: Callable[[Workspace, pl.DataFrame], pl.DataFrame] | None = None


def _spec(name: str, *, live: bool = False):
    """Register a table's builder; its docstring is the table's description."""

    def register(builder: Callable[[Workspace], pl.DataFrame]):
        description = " ".join((builder.__doc__ or "").split())
        TABLES[name] = TableSpec(name, description, builder, live)
        return builder

    return register


def _finish(name: str):
    def register(finish: Callable[[Workspace, pl.DataFrame], pl.DataFrame]):
        TABLES[name] = dataclasses.replace(TABLES[name], finish=finish)
        return finish

    return register


TABLES: dict[str, TableSpec] = {}


@_spec("articles")
def _articles(ws: Workspace) -> pl.DataFrame:
    """one row per article: its metadata (title, outlet, author, date, file, url), words,
    sentences"""
    return articles_table(ws.corpus.articles)


@_spec("sentences")
def _sentences(ws: Workspace) -> pl.DataFrame:
    """every sentence of the cleaned articles, its paragraph and character span"""
    return sentences_table(ws.corpus.sentences)


@_spec("theme_hits")
def _theme_hits(ws: Workspace) -> pl.DataFrame:
    """every theme hit: article, sentence, theme, lexicon phrase, text matched, span, score,
    method"""
    from workbench.analysis.themes import find_theme_hits, theme_prototypes

    prototypes = theme_prototypes(ws.lexicon)
    return find_theme_hits(
        ws.corpus.sentences,
        ws.lexicon,
        threshold=ws.settings.theme_threshold,
        documents=ws.corpus.documents,
        embeddings=ws.sentence_embeddings if prototypes.texts else None,
        prototypes=prototypes,
        languages=ws.article_languages(),
    )


@_spec("theme_by_year")
def _theme_by_year(ws: Workspace) -> pl.DataFrame:
    """per theme and year (dated articles): articles with a hit, hits, hits per 1,000 words,
    share"""
    return theme_by_year(ws.table("theme_hits"), ws.corpus.articles, ws.lexicon.ids)


@_spec("theme_by_outlet")
def _theme_by_outlet(ws: Workspace) -> pl.DataFrame:
    """per theme and outlet (articles with one): articles with a hit, hits, hits per 1,000
    words, share"""
    return theme_by_outlet(ws.table("theme_hits"), ws.corpus.articles, ws.lexicon.ids)


@_spec("theme_by_article")
def _theme_by_article(ws: Workspace) -> pl.DataFrame:
    """per article and theme with a hit: hits, sentences with one, their share, the first of them"""
    return theme_by_article(ws.table("theme_hits"), ws.corpus.articles)


@_spec("alignments")
def _alignments(ws: Workspace) -> pl.DataFrame:
    """sentence pairs of articles from different years, aligned one to one by score, with labels"""
    from workbench.analysis.corpus_align import CORPUS_ALIGNMENT_SCHEMA, align_corpus

    if ws.corpus.articles["year"].drop_nulls().n_unique() < 2:
        # Nothing to pair across years: no theme hits or embeddings made for it.
        return pl.DataFrame(schema=CORPUS_ALIGNMENT_SCHEMA)
    return align_corpus(
        ws.corpus.sentences,
        ws.corpus.articles,
        ws.table("theme_hits"),
        embeddings=ws.sentence_embeddings(),
        **ws.settings.alignment_options(),
    )


@_finish("alignments")
def _alignments_labelled(ws: Workspace, frame: pl.DataFrame) -> pl.DataFrame:
    from workbench.store.labels import with_labels

    return with_labels(frame, ws.table("labels"))


@_spec("labels", live=True)
def _labels(ws: Workspace) -> pl.DataFrame:
    """the analysts' judgements of sentence pairs: same, related or unrelated, with notes"""
    from workbench.store.labels import label_pairs

    stored = ws.labels.frame()
    named = pl.concat([stored["left_id"], stored["right_id"]]).unique(maintain_order=True)
    return label_pairs(stored, ws.sentences_of(named.to_list()))


@_spec("recurring_phrases")
def _recurring_phrases(ws: Workspace) -> pl.DataFrame:
    """word sequences found in two or more articles, most salient first: variants, articles,
    years"""
    from workbench.analysis.embeddings import embed_texts
    from workbench.analysis.people import all_aliases
    from workbench.analysis.phrases import recurring_phrases

    return recurring_phrases(
        ws.corpus.sentences,
        ws.corpus.articles,
        embed=embed_texts,
        names=all_aliases(ws.people),
        languages=ws.article_languages(),
        **ws.settings.phrase_options(),
    )


@_spec("similarity")
def _similarity(ws: Workspace) -> pl.DataFrame:
    """article pairs: lexical (TF-IDF cosine) and thematic similarity, shared terms"""
    from workbench.analysis.similarity import similarity

    return similarity(
        ws.corpus.sentences,
        ws.corpus.articles,
        ws.table("theme_hits"),
        languages=ws.article_languages(),
    )


@_spec("people")
def _people(ws: Workspace) -> pl.DataFrame:
    """each person of the people list named in an article: mentions, sentences"""
    from workbench.analysis.people import people

    return people(ws.corpus.sentences, ws.corpus.articles, ws.people)


@_spec("removed")
def _removed(ws: Workspace) -> pl.DataFrame:
    """boilerplate spans removed at ingest, with their rules"""
    return removed_table(ws.corpus.removed)


def why_empty(name: str, articles: pl.DataFrame, min_score: float) -> str:
    """What an empty table ``name`` of a corpus with these ``articles`` says of itself (the
    `alignments` table's pairs reach ``min_score``)."""
    years = articles["year"].drop_nulls().unique().sort().to_list()
    if name == "alignments":
        if not years:
            return "no article has a date, and alignments pair articles of different years"
        if len(years) == 1:
            return (
                f"every dated article is from {years[0]}, and alignments pair articles of "
                "different years"
            )
        return f"no sentence pair reaches the min score {min_score:g} (see --min-score)"
    if name == "theme_by_year" and not years:
        return "no article has a date"
    if name in ("theme_hits", "theme_by_year", "theme_by_outlet", "theme_by_article"):
        return "no sentence speaks of a theme of the lexicon (see --themes)"
    if name == "similarity" and articles.height < 2:
        return "fewer than two articles"
    if name == "labels":
        return "no pair labelled yet (Compare: y same, r related, f unrelated)"
    return "no rows"


def table_names() -> list[str]:
    """The names of all tables, in registry order."""
    return list(TABLES)


def check_table_names(names: Sequence[str]) -> list[str]:
    """``names`` validated; WorkbenchError listing the valid names if one is unknown."""
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise WorkbenchError(f"unknown table '{unknown[0]}' (tables: {', '.join(TABLES)})")
    return list(names)


def stored_table_names() -> list[str]:
    """The tables an index keeps on disk: every table but the live ones (labels)."""
    return [name for name, spec in TABLES.items() if not spec.live]
