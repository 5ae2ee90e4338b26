"""The named comparison tables and their registry ``TABLES``.

Each table is a plain function of frames; the registry binds a name to a description and to a
builder that takes a ``Workspace`` (so a table can reuse other memoized tables).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from workbench.analysis.tokens import sentence_words
from workbench.errors import WorkbenchError
from workbench.paths import DATA_DIR

if TYPE_CHECKING:
    from workbench.workspace import Workspace

PEOPLE_FILE = DATA_DIR / "people.toml"
ALL_PAIRS_LIMIT = 500  # up to this many articles, `similarity` holds every pair
TOP_NEIGHBOURS = 20  # above it, each article's nearest neighbours by lexical similarity
TERMS_PER_ARTICLE = 64  # above it, the heaviest terms of each article are compared
TERM_ARTICLE_CAP = 300  # above it, terms in more than 5% of the articles (at most this many)
# are not compared

ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "outlet",
    "author",
    "published",
    "year",
    "date_precision",
    "words",
    "sentences",
    "removed_spans",
    "file",
    "url",
    "encoding",
    "note",
]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]
THEME_BY_YEAR_SCHEMA = {
    "theme": pl.String,
    "year": pl.Int32,
    "articles": pl.UInt32,
    "hits": pl.UInt32,
    "per_1k_words": pl.Float64,
    "year_articles": pl.UInt32,
    "share_of_articles": pl.Float64,
}
THEME_BY_ARTICLE_SCHEMA = {
    "article_id": pl.String,
    "year": pl.Int32,
    "theme": pl.String,
    "hits": pl.UInt32,
    "sentences": pl.UInt32,
    "share_of_sentences": pl.Float64,
    "first_sentence": pl.Int32,
}
SIMILARITY_SCHEMA = {
    "left_id": pl.String,
    "right_id": pl.String,
    "lexical": pl.Float64,
    "thematic": pl.Float64,
    "left_year": pl.Int32,
    "right_year": pl.Int32,
    "shared_terms": pl.List(pl.String),
}
PEOPLE_SCHEMA = {
    "person": pl.String,
    "role": pl.String,
    "article_id": pl.String,
    "year": pl.Int32,
    "mentions": pl.UInt32,
    "sentences": pl.UInt32,
}


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
    dated = articles.filter(pl.col("year").is_not_null())
    years = dated.group_by("year").agg(
        pl.len().cast(pl.UInt32).alias("year_articles"), pl.col("words").sum().alias("year_words")
    )
    all_themes = list(dict.fromkeys([*themes, *hits["theme"].unique().sort().to_list()]))
    if not all_themes or years.is_empty():
        return pl.DataFrame(schema=THEME_BY_YEAR_SCHEMA)
    grid = pl.DataFrame({"theme": all_themes}).join(years, how="cross")
    counts = (
        hits.join(dated.select("article_id", "year"), on="article_id")
        .group_by("theme", "year")
        .agg(
            pl.col("article_id").n_unique().cast(pl.UInt32).alias("articles"),
            pl.len().cast(pl.UInt32).alias("hits"),
        )
    )
    return (
        grid.join(counts, on=["theme", "year"], how="left")
        .with_columns(pl.col("articles", "hits").fill_null(0))
        .with_columns(
            (pl.col("hits") * 1000.0 / pl.col("year_words")).fill_nan(0.0).alias("per_1k_words"),
            (pl.col("articles") / pl.col("year_articles")).alias("share_of_articles"),
        )
        .with_columns(pl.col("per_1k_words").round(3), pl.col("share_of_articles").round(3))
        .sort(pl.col("theme").replace_strict(all_themes, range(len(all_themes))), "year")
        .select(list(THEME_BY_YEAR_SCHEMA))
        .cast(THEME_BY_YEAR_SCHEMA)
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


def _term_weights(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """TF-IDF weight of each informative word in each article: article_id, term, weight, df."""
    words = sentence_words(sentences).filter(
        ~pl.col("stop")
        & (pl.col("word").str.len_chars() >= 3)
        & ~pl.col("word").str.contains(r"^\d+$")
    )
    row_article = sentences.select("article_id").with_row_index("row")
    counts = (
        words.join(row_article, on="row")
        # "putin's" and "putin" are one term.
        .with_columns(pl.col("word").str.replace(r"['’]s$", ""))
        .group_by("article_id", pl.col("word").alias("term"))
        .agg(pl.len().alias("tf"))
    )
    total = max(articles.height, 1)
    return counts.with_columns(pl.len().over("term").alias("df")).with_columns(
        (
            (1.0 + pl.col("tf").cast(pl.Float64).log())
            * (((1.0 + total) / (1.0 + pl.col("df"))).log() + 1.0)
        ).alias("weight")
    )


def similarity(
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    all_pairs_limit: int = ALL_PAIRS_LIMIT,
    top_k: int = TOP_NEIGHBOURS,
) -> pl.DataFrame:
    """Article × article similarity: lexical (TF-IDF cosine) and thematic (theme-hit cosine).

    Up to ``all_pairs_limit`` articles every pair is listed (left_id before right_id in date
    order). Above it only pairs that share compared terms are scored, each article's heaviest
    terms are compared, terms found in very many articles are skipped, and each article keeps
    its ``top_k`` most similar neighbours.
    """
    n = articles.height
    if n < 2:
        return pl.DataFrame(schema=SIMILARITY_SCHEMA)
    weights = _term_weights(sentences, articles)
    norms = weights.group_by("article_id").agg((pl.col("weight") ** 2).sum().sqrt().alias("norm"))
    small = n <= all_pairs_limit
    compared = weights.filter(pl.col("df") >= 2)
    if not small:
        compared = (
            compared.filter(pl.col("df") <= min(TERM_ARTICLE_CAP, max(20, n // 20)))
            .sort("weight", descending=True)
            .group_by("article_id")
            .head(TERMS_PER_ARTICLE)
        )
    order = articles.select("article_id", "year").with_row_index("date_order")
    compared = compared.join(order.select("article_id", "date_order"), on="article_id")
    shared = (
        compared.join(compared, on="term", suffix="_r")
        .filter(pl.col("date_order") < pl.col("date_order_r"))
        .group_by(pl.col("article_id").alias("left_id"), pl.col("article_id_r").alias("right_id"))
        .agg(
            (pl.col("weight") * pl.col("weight_r")).sum().alias("dot"),
            # Ties in weight are broken by the term itself, so the list is the same every run.
            pl.col("term")
            .sort_by(
                [pl.col("weight") * pl.col("weight_r"), pl.col("term")],
                descending=[True, False],
            )
            .head(5)
            .alias("shared_terms"),
        )
    )
    if small:
        ids = order.select(pl.col("article_id").alias("left_id"), pl.col("date_order"))
        pairs = (
            ids.join(ids, how="cross", suffix="_r")
            .filter(pl.col("date_order") < pl.col("date_order_r"))
            .select("left_id", pl.col("left_id_r").alias("right_id"))
            .join(shared, on=["left_id", "right_id"], how="left")
        )
    else:
        pairs = shared
    pairs = (
        pairs.join(
            norms.rename({"article_id": "left_id", "norm": "left_norm"}), on="left_id", how="left"
        )
        .join(
            norms.rename({"article_id": "right_id", "norm": "right_norm"}),
            on="right_id",
            how="left",
        )
        .with_columns(
            (pl.col("dot") / (pl.col("left_norm") * pl.col("right_norm")))
            .fill_null(0.0)
            .fill_nan(0.0)
            .round(4)
            .alias("lexical"),
            pl.col("shared_terms").fill_null([]),
        )
    )
    if not small:
        within = pl.int_range(pl.len())
        ranked = pairs.sort("lexical", descending=True)
        left_best = ranked.filter(within.over("left_id") < top_k)
        right_best = ranked.filter(within.over("right_id") < top_k)
        pairs = pl.concat([left_best, right_best]).unique(["left_id", "right_id"])
    pairs = pairs.with_columns(thematic=_thematic(pairs, hits))
    return (
        pairs.join(
            order.rename(
                {"article_id": "left_id", "year": "left_year", "date_order": "left_order"}
            ),
            on="left_id",
        )
        .join(
            order.rename(
                {"article_id": "right_id", "year": "right_year", "date_order": "right_order"}
            ),
            on="right_id",
        )
        .sort("left_order", "right_order")
        .select(list(SIMILARITY_SCHEMA))
        .cast(SIMILARITY_SCHEMA)
    )


def _thematic(pairs: pl.DataFrame, hits: pl.DataFrame) -> pl.Series:
    """Cosine of the two articles' hit counts per theme, for each pair (0 if either has none)."""
    vectors = hits.group_by("article_id", "theme").agg(pl.len().cast(pl.Float64).alias("c"))
    norms = vectors.group_by("article_id").agg((pl.col("c") ** 2).sum().sqrt().alias("norm"))
    keyed = pairs.select("left_id", "right_id").with_row_index("pair")
    dots = (
        keyed.join(vectors.rename({"article_id": "left_id"}), on="left_id")
        .join(vectors.rename({"article_id": "right_id"}), on=["right_id", "theme"], suffix="_r")
        .group_by("pair")
        .agg((pl.col("c") * pl.col("c_r")).sum().alias("dot"))
    )
    return (
        keyed.join(dots, on="pair", how="left")
        .join(norms.rename({"article_id": "left_id", "norm": "ln"}), on="left_id", how="left")
        .join(norms.rename({"article_id": "right_id", "norm": "rn"}), on="right_id", how="left")
        .sort("pair")
        .select((pl.col("dot") / (pl.col("ln") * pl.col("rn"))).fill_null(0.0).round(4))
        .to_series()
        .rename("thematic")
    )


@dataclass(frozen=True)
class Person:
    """Someone the `people` table counts: name, role, and the forms that name them."""

    name: str
    role: str
    aliases: tuple[str, ...]


def load_people(path: Path = PEOPLE_FILE) -> tuple[Person, ...]:
    """Read a people list TOML (reads ``path``); WorkbenchError naming the entry if malformed."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise WorkbenchError(f"cannot read people list {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise WorkbenchError(f"{path}: {error}") from error
    people = []
    for index, entry in enumerate(data.get("person", []), start=1):
        name = entry.get("name")
        aliases = entry.get("aliases", [name])
        if not isinstance(name, str) or not name.strip():
            raise WorkbenchError(f"{path}: person {index} has no name")
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise WorkbenchError(f"{path}: person {index} ({name}): aliases must be strings")
        people.append(Person(name, str(entry.get("role", "")), tuple(aliases)))
    return tuple(people)


@lru_cache(maxsize=4)
def _bundled_people() -> tuple[Person, ...]:
    return load_people(PEOPLE_FILE)


def people(
    sentences: pl.DataFrame, articles: pl.DataFrame, persons: Sequence[Person] | None = None
) -> pl.DataFrame:
    """Who is named where: person, role, article_id, year, mentions, sentences naming them."""
    persons = _bundled_people() if persons is None else tuple(persons)
    alias_to_person: dict[str, str] = {}
    for person in persons:
        for alias in person.aliases:
            alias_to_person.setdefault(alias, person.name)
    if not alias_to_person or sentences.is_empty():
        return pl.DataFrame(schema=PEOPLE_SCHEMA)
    # Longest form first: alternation takes the first form that matches at a position.
    forms = sorted(alias_to_person, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")(?:\b|$)"
    roles = pl.DataFrame(
        {"person": [p.name for p in persons], "role": [p.role for p in persons]}
    ).unique("person", keep="first")
    order = articles.select("article_id", "year").with_row_index("date_order")
    mentions = (
        sentences.select("article_id", "sentence_id", pl.col("text").str.extract_all(pattern))
        .explode("text")
        .drop_nulls("text")
        .with_columns(
            pl.col("text").replace_strict(alias_to_person, return_dtype=pl.String).alias("person")
        )
    )
    if mentions.is_empty():
        return pl.DataFrame(schema=PEOPLE_SCHEMA)
    return (
        mentions.group_by("person", "article_id")
        .agg(
            pl.len().cast(pl.UInt32).alias("mentions"),
            pl.col("sentence_id").n_unique().cast(pl.UInt32).alias("sentences"),
        )
        .join(roles, on="person", how="left")
        .join(order, on="article_id")
        .with_columns(pl.col("mentions").sum().over("person").alias("total"))
        .sort("total", "person", "date_order", descending=[True, False, False])
        .select(list(PEOPLE_SCHEMA))
        .cast(PEOPLE_SCHEMA)
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


def _spec(name: str, description: str):
    def register(builder: Callable[[Workspace], pl.DataFrame]):
        TABLES[name] = TableSpec(name, description, builder)
        return builder

    return register


TABLES: dict[str, TableSpec] = {}


@_spec("articles", "one row per article: date, outlet, author, title, words, sentences")
def _articles(ws: Workspace) -> pl.DataFrame:
    return articles_table(ws.corpus.articles)


@_spec("sentences", "every sentence with its paragraph and character span")
def _sentences(ws: Workspace) -> pl.DataFrame:
    return sentences_table(ws.corpus.sentences)


@_spec("theme_hits", "every theme hit: article, sentence, theme, phrase, matched text, span")
def _theme_hits(ws: Workspace) -> pl.DataFrame:
    from workbench.analysis.themes import find_theme_hits

    return find_theme_hits(
        ws.corpus.sentences,
        ws.lexicon,
        threshold=ws.settings.theme_threshold,
        documents=ws.corpus.documents,
    )


@_spec("theme_by_year", "per theme and year: articles, hits, hits per 1,000 words")
def _theme_by_year(ws: Workspace) -> pl.DataFrame:
    return theme_by_year(ws.table("theme_hits"), ws.corpus.articles, ws.lexicon.ids)


@_spec("theme_by_article", "per article and theme: hits and share of sentences")
def _theme_by_article(ws: Workspace) -> pl.DataFrame:
    return theme_by_article(ws.table("theme_hits"), ws.corpus.articles)


@_spec("alignments", "sentence pairs saying the same thing in articles of different years")
def _alignments(ws: Workspace) -> pl.DataFrame:
    from workbench.analysis.align import align_corpus

    return align_corpus(
        ws.corpus.sentences,
        ws.corpus.articles,
        ws.table("theme_hits"),
        threshold=ws.settings.align_threshold,
        max_per_sentence=ws.settings.max_alignments_per_sentence,
    )


@_spec("recurring_phrases", "phrases recurring across articles, with variants and years")
def _recurring_phrases(ws: Workspace) -> pl.DataFrame:
    from workbench.analysis.phrases import recurring_phrases

    return recurring_phrases(
        ws.corpus.sentences,
        ws.corpus.articles,
        min_n=ws.settings.phrase_min_n,
        max_n=ws.settings.phrase_max_n,
        variant_threshold=ws.settings.phrase_variant_threshold,
    )


@_spec("similarity", "article × article: lexical (TF-IDF cosine) and thematic similarity")
def _similarity(ws: Workspace) -> pl.DataFrame:
    return similarity(ws.corpus.sentences, ws.corpus.articles, ws.table("theme_hits"))


@_spec("people", "who is named in each article and year")
def _people(ws: Workspace) -> pl.DataFrame:
    return people(ws.corpus.sentences, ws.corpus.articles)


@_spec("removed", "boilerplate spans removed at ingest, with their rules")
def _removed(ws: Workspace) -> pl.DataFrame:
    return removed_table(ws.corpus.removed)


def table_names() -> list[str]:
    """The names of all tables, in registry order."""
    return list(TABLES)


def check_table_names(names: Sequence[str]) -> list[str]:
    """``names`` validated; WorkbenchError listing the valid names if one is unknown."""
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise WorkbenchError(f"unknown table '{unknown[0]}' (tables: {', '.join(TABLES)})")
    return list(names)
