"""Unicode block timelines: a theme's rise and fall in one short string."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

BLOCKS = "▁▂▃▄▅▆▇█"
EMPTY = "·"


def block_line(values: Sequence[float | None]) -> str:
    """One character per value, scaled to the largest; zero or missing as a dot."""
    peak = max((v for v in values if v), default=0)
    if not peak:
        return EMPTY * len(values)
    out = []
    for value in values:
        if not value:
            out.append(EMPTY)
        else:
            out.append(BLOCKS[min(len(BLOCKS) - 1, round((len(BLOCKS) - 1) * value / peak))])
    return "".join(out)


UNDATED = "undated"  # the column of the articles without a year, after the years'


def undated_values(
    by_article: pl.DataFrame, words: int, metric: str, themes: Sequence[str] = ()
) -> pl.DataFrame:
    """Per theme (of the undated articles' hits and of ``themes``), ``metric`` over the undated
    articles (their rows of theme_by_article, which hold ``words`` words in all): hits,
    articles with a hit or hits per 1,000 words (null without words to count by); columns
    theme, hits, articles and ``UNDATED``."""
    counts = theme_totals(by_article.filter(pl.col("year").is_null()))
    counted = set(counts["theme"].to_list())
    absent = [theme for theme in dict.fromkeys(themes) if theme not in counted]
    if absent:
        zeros = pl.DataFrame({"theme": absent, "hits": 0, "articles": 0}, schema=counts.schema)
        counts = pl.concat([counts, zeros])
    if metric == "per_1k_words":
        no_words = pl.lit(None, dtype=pl.Float64)
        value = (pl.col("hits") * 1000.0 / words).round(2) if words else no_words
    else:
        value = pl.col(metric)
    return counts.with_columns(value.alias(UNDATED))


def with_data(table: pl.DataFrame, key: str, metric: str) -> set[object]:
    """The values of ``key`` (years, outlets) that have a value of ``metric``: those with
    articles (a rate per 1,000 words needs words as well); any other has no value, not zero."""
    known = table.filter(pl.col(key).is_not_null(), pl.col(metric).is_not_null())
    return set(known[key].unique().to_list())


def theme_year_frame(
    by_year: pl.DataFrame, metric: str, undated: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, list[int]]:
    """The theme × year table with a timeline column: one row per theme, one column per year.

    ``metric`` is one of theme_by_year's columns (hits, articles, per_1k_words). A year with
    articles and no hit of a theme is zero; a year of the span without articles (or, for the
    rate, without words) is null, shown as no data. Every timeline has one character per year
    of the span. ``undated`` (``undated_values``) adds their column after the years' and their
    hits and articles to each theme's.
    """
    years_present = by_year.filter(pl.col("year").is_not_null())["year"]
    if years_present.is_empty():
        return pl.DataFrame(
            {"theme": [], "timeline": []}, schema={"theme": pl.String, "timeline": pl.String}
        ), []
    years = list(range(int(years_present.min()), int(years_present.max()) + 1))
    wide = by_year.filter(pl.col("year").is_not_null()).pivot(
        on="year", index="theme", values=metric, aggregate_function="sum"
    )
    year_columns = [str(year) for year in years]
    known = with_data(by_year, "year", metric)
    counted = [str(year) for year in years if year in known]
    no_data = pl.lit(None, dtype=by_year.schema[metric])
    wide = wide.with_columns(
        pl.col(counted).fill_null(0),
        *[no_data.alias(str(year)) for year in years if year not in known],
    )
    totals = by_year.group_by("theme").agg(
        pl.col("hits").sum().alias("hits"), pl.col("articles").sum().alias("articles")
    )
    values = wide.select(year_columns).rows()
    timelines = [block_line(row) for row in values]
    peaks = [
        years[max(range(len(row)), key=lambda i: (row[i] or 0, -i))] if any(row) else None
        for row in values
    ]
    wide = wide.with_columns(
        pl.Series("timeline", timelines, dtype=pl.String),
        pl.Series("peak", peaks, dtype=pl.Int32),
    )
    if metric == "per_1k_words":
        wide = wide.with_columns(pl.col(year_columns).cast(pl.Float64).round(2))
    frame = wide.join(totals, on="theme", how="left")
    last = []
    if undated is not None:
        frame = frame.join(undated, on="theme", how="full", coalesce=True, suffix="_undated")
        zero = 0.0 if metric == "per_1k_words" else 0
        frame = frame.with_columns(
            *[
                (pl.col(name).fill_null(0) + pl.col(f"{name}_undated").fill_null(0)).alias(name)
                for name in ("hits", "articles")
            ],
            pl.col(counted).fill_null(zero),
            pl.col("timeline").fill_null(EMPTY * len(years)),
        )
        last = [UNDATED]
    frame = frame.select("theme", "timeline", "hits", "articles", "peak", *year_columns, *last)
    return frame.sort(["hits", "theme"], descending=[True, False]), years


def theme_totals(by_article: pl.DataFrame) -> pl.DataFrame:
    """Per theme, its hits and the articles it is in over the whole corpus (from
    theme_by_article), most hits first: what the Themes screen shows of a corpus without
    dates, which has no year to count by."""
    return (
        by_article.group_by("theme")
        .agg(
            pl.col("hits").sum().cast(pl.Int64).alias("hits"),
            pl.col("article_id").n_unique().cast(pl.Int64).alias("articles"),
        )
        .sort(["hits", "theme"], descending=[True, False])
    )


_FIXED_COLUMNS = ("theme", "hits", "articles")


def outlet_column(outlet: str) -> str:
    """The column an outlet's values are in (an outlet named as a fixed column is marked)."""
    return f"{outlet} ·" if outlet in _FIXED_COLUMNS else outlet


def theme_outlet_frame(by_outlet: pl.DataFrame, metric: str) -> tuple[pl.DataFrame, list[str]]:
    """The theme × outlet table: one row per theme (most hits first), its hits and articles
    over the outlets, then one column per outlet in the table's order (most articles first).

    ``metric`` is one of theme_by_outlet's columns (hits, articles, per_1k_words); an outlet
    without words has no rate (null), not zero."""
    outlets = by_outlet["outlet"].unique(maintain_order=True).to_list()
    if not outlets:
        schema = {"theme": pl.String, "hits": pl.Int64, "articles": pl.Int64}
        return pl.DataFrame(schema=schema), []
    columns = [outlet_column(outlet) for outlet in outlets]
    wide = by_outlet.with_columns(
        pl.col("outlet").replace_strict(outlets, columns, return_dtype=pl.String)
    ).pivot(on="outlet", index="theme", values=metric, aggregate_function="sum")
    known = with_data(by_outlet, "outlet", metric)
    no_data = pl.lit(None, dtype=by_outlet.schema[metric])
    wide = wide.with_columns(
        *[
            pl.col(column).fill_null(0) if outlet in known else no_data.alias(column)
            for outlet, column in zip(outlets, columns, strict=True)
        ]
    )
    if metric == "per_1k_words":
        wide = wide.with_columns(pl.col(columns).cast(pl.Float64).round(2))
    totals = by_outlet.group_by("theme").agg(
        pl.col("hits").sum().cast(pl.Int64).alias("hits"),
        pl.col("articles").sum().cast(pl.Int64).alias("articles"),
    )
    frame = wide.join(totals, on="theme", how="left").select(*_FIXED_COLUMNS, *columns)
    return frame.sort(["hits", "theme"], descending=[True, False]), outlets
