"""The filter language of every list and table: words, fields, ranges, alternatives, negation.

A filter is a line of terms; a row is kept when it matches every term:

- ``reset`` — some text column contains "reset" (case-insensitive); ``"missile defense"`` keeps
  words together;
- ``outlet:cnn`` — the column contains "cnn"; ``outlet=cnn`` — it is exactly "cnn";
- ``theme:sanctions|crimea`` — alternatives (a list column such as ``themes`` holds one of them);
- ``theme:sanctions>=2`` — an article's count of hits of a theme (with ``article_facts``'s
  ``theme_hits``): ``>``, ``>=``, ``<``, ``<=``, ``=``;
- ``words<800``, ``score>=70``, ``year:2013..2014``, ``words:..800`` — numbers and ranges;
- ``date>=2013-05``, ``date:2013-09..2014`` — dates as precise as known (``2013``,
  ``2013-05``, ``2013-05-07``); a date known only to the year matches a range it overlaps;
- ``-syria``, ``-theme:syria_war`` — a leading minus keeps the rows that do *not* match.

Field names are matched case-insensitively against the frame's columns, with a few common
names (``date`` → ``published``, ``theme`` → ``themes``, ``id`` → ``article_id``). An unknown
field or a value of the wrong kind is a ``WorkbenchError`` naming it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import shlex
from dataclasses import dataclass

import polars as pl

from workbench.errors import WorkbenchError

FIELD_ALIASES = {
    "date": ("published", "date"),
    "published": ("published", "date"),
    "theme": ("themes", "theme"),
    "themes": ("themes", "theme"),
    "id": ("article_id", "id"),
    "article": ("article_id", "id"),
    "text": ("text",),
    "year": ("year", "years"),  # a phrase has the years it is found in
}
DATE_COLUMNS = ("published", "date")
_TERM = re.compile(
    r"^(?P<negate>-?)(?P<field>[A-Za-z_][A-Za-z0-9_]*)(?P<op>>=|<=|!=|>|<|=|:)(?P<value>.*)$"
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_THEME_COUNT = re.compile(r"^(?P<theme>[^<>=]+?)(?P<op>>=|<=|>|<|=)(?P<count>\d+)$")
THEME_COUNTS = "theme_hits"  # article_facts' column of (theme, hits) per article
SYNTAX_HINT = (
    "words · field:text · field=exact · theme:a|b · year:2013..2014 · date>=2013-05 · "
    "words<800 · -excluded"
)
# The filter language in a few lines, for help screens: (what is typed, what it keeps).
SYNTAX_HELP: tuple[tuple[str, str], ...] = (
    ("reset", "rows where some text contains “reset” (case does not matter)"),
    ('"missile defense"', "the quoted words together"),
    ("outlet:cnn", "the outlet contains “cnn”; outlet=cnn: it is exactly “cnn”"),
    ("theme:sanctions|crimea", "either one (| separates alternatives)"),
    ("theme:sanctions>=2", "an article with at least two sanctions hits"),
    ("year:2013..2014", "a range (either end may be left open: words:..800)"),
    ("date>=2013-05", "dates as precise as known: 2013, 2013-05, 2013-05-07"),
    ("words<800", "numbers compare with > >= < <= ="),
    ("-syria, -theme:x", "a leading minus keeps the rows that do not match"),
)


@dataclass(frozen=True)
class Term:
    """One term of a filter: a field (None: any text column), an operator, its values."""

    field: str | None
    op: str  # ":", "=", "!=", ">", ">=", "<", "<="
    values: tuple[str, ...]
    negate: bool = False


def split_terms(text: str) -> list[str]:
    """The terms of a filter line; quotes keep words together (an open quote is forgiven)."""
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote while the user is still typing
        return text.replace('"', " ").replace("'", " ").split()


def parse_filter(text: str) -> list[Term]:
    """The terms of a filter line (see the module doc)."""
    terms = []
    for word in split_terms(text):
        match = _TERM.match(word)
        if match and match["value"] != "":
            values = tuple(v for v in match["value"].split("|") if v != "")
            terms.append(
                Term(match["field"].lower(), match["op"], values or ("",), bool(match["negate"]))
            )
            continue
        negate = word.startswith("-") and len(word) > 1
        terms.append(Term(None, ":", (word[1:] if negate else word,), negate))
    return terms


def _column(schema: pl.Schema, field: str) -> str:
    by_lower = {name.lower(): name for name in schema}
    for candidate in FIELD_ALIASES.get(field, (field,)):
        if candidate in by_lower:
            return by_lower[candidate]
    if field in by_lower:
        return by_lower[field]
    known = ", ".join(sorted(by_lower))
    close = difflib.get_close_matches(field, [*by_lower, *FIELD_ALIASES], n=1)
    # The way out first: the filter line's status is cut at its end in a narrow terminal.
    hint = f"did you mean {close[0]}? " if close else ""
    raise WorkbenchError(f"{hint}'{field}' is not a field (fields: {known})")


def _text(name: str, dtype: pl.DataType) -> pl.Expr | None:
    column = pl.col(name)
    if dtype == pl.String:
        return column
    if isinstance(dtype, pl.List) and not isinstance(dtype.inner, pl.Struct | pl.List):
        return column.cast(pl.List(pl.String)).list.join("\n")
    if isinstance(dtype, pl.Struct | pl.List | pl.Array | pl.Object):
        return None
    return column.cast(pl.String)


def _number(value: str, field: str) -> float:
    try:
        return float(value.replace(",", ""))
    except ValueError:
        raise WorkbenchError(f"'{value}' is not a number (field {field})") from None


def _date_bounds(value: str, field: str) -> tuple[str, str]:
    """The first and last day a date as precise as given stands for, as ISO text."""
    match = _DATE.match(value.strip())
    if not match:
        raise WorkbenchError(
            f"'{value}' is not a date such as 2013, 2013-05 or 2013-05-07 ({field})"
        )
    year, month, day = match.groups()
    try:  # "2013-13", "2013-02-30": no such month or day
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise WorkbenchError(f"'{value}' is no day of the calendar ({field})") from None
    if day:
        exact = f"{year}-{int(month):02d}-{int(day):02d}"
        return exact, exact
    if month:
        return f"{year}-{int(month):02d}-01", f"{year}-{int(month):02d}-31"
    return f"{year}-01-01", f"{year}-12-31"


def _padded(text: pl.Expr, year_end: str, month_end: str) -> pl.Expr:
    """A date text of any precision padded to a day: ``2013`` + year_end, ``2013-05`` + …"""
    length = text.str.len_chars()
    return pl.when(length == 4).then(text + year_end).when(length == 7).then(text + month_end)


def _article_bounds(column: str) -> tuple[pl.Expr, pl.Expr]:
    """Each row's earliest and latest possible day, from a date text of any precision."""
    text = pl.col(column)
    return (
        _padded(text, "-01-01", "-01").otherwise(text),
        _padded(text, "-12-31", "-31").otherwise(text),
    )


def _range(value: str) -> tuple[str | None, str | None] | None:
    if ".." not in value:
        return None
    low, high = value.split("..", 1)
    return (low or None), (high or None)


def _ordered_term(term: Term, earliest: pl.Expr, latest: pl.Expr, bounds) -> pl.Expr:
    """A comparison or range on values that span [earliest, latest] (a number spans one point).

    ``bounds(value)`` gives the first and last point a typed value stands for.
    """
    conditions = []
    for value in term.values:
        if term.op == ":" and (limits := _range(value)) is not None:
            low, high = limits
            if low is not None and high is not None and bounds(low)[0] > bounds(high)[1]:
                raise WorkbenchError(
                    f"did you mean {high}..{low}? '{value}' ends before it starts "
                    f"(field {term.field})"
                )
            condition = pl.lit(True)
            if low is not None:
                condition = condition & (latest >= bounds(low)[0])
            if high is not None:
                condition = condition & (earliest <= bounds(high)[1])
        else:
            first, last = bounds(value)
            same = (earliest == first) & (latest == last)
            condition = {
                ":": (latest >= first) & (earliest <= last),
                "=": same,
                "!=": ~same,
                ">": latest > last,
                ">=": latest >= first,
                "<": earliest < first,
                "<=": earliest <= last,
            }[term.op]
        conditions.append(condition)
    return pl.any_horizontal(conditions)


def _date_term(column: str, term: Term) -> pl.Expr:
    earliest, latest = _article_bounds(column)
    return _ordered_term(term, earliest, latest, lambda value: _date_bounds(value, column))


def _number_term(column: str, term: Term) -> pl.Expr:
    target = pl.col(column)

    def point(value: str) -> tuple[float, float]:
        number = _number(value, column)
        return number, number

    return _ordered_term(term, target, target, point)


def _number_list_term(column: str, term: Term) -> pl.Expr:
    """A comparison or range on a list of numbers (a phrase's years): some item satisfies it;
    ``!=``: no item is the value."""

    def point(value: str) -> tuple[float, float]:
        number = _number(value, column)
        return number, number

    item = pl.element()
    if term.op == "!=":
        equal = dataclasses.replace(term, op="=")
        return ~pl.col(column).list.eval(_ordered_term(equal, item, item, point)).list.any()
    return pl.col(column).list.eval(_ordered_term(term, item, item, point)).list.any()


def _text_term(column: str, dtype: pl.DataType, term: Term) -> pl.Expr:
    if term.op in (">", ">=", "<", "<="):
        raise WorkbenchError(f"'{column}' is text: use {column}:word or {column}=exact")
    if isinstance(dtype, pl.List):
        items = pl.col(column).cast(pl.List(pl.String)).list.eval(pl.element().str.to_lowercase())
        wanted = [v.lower() for v in term.values]
        if term.op in ("=", "!="):
            found = pl.any_horizontal(items.list.contains(v) for v in wanted)
            return ~found if term.op == "!=" else found
        return pl.any_horizontal(
            items.list.eval(pl.element().str.contains(v, literal=True)).list.any() for v in wanted
        )
    text = _text(column, dtype)
    if text is None:
        raise WorkbenchError(f"'{column}' cannot be filtered")
    lowered = text.str.to_lowercase()
    if term.op in ("=", "!="):
        found = pl.any_horizontal(lowered == v.lower() for v in term.values)
        return ~found if term.op == "!=" else found
    return pl.any_horizontal(lowered.str.contains(v.lower(), literal=True) for v in term.values)


def _theme_count_term(schema: pl.Schema, term: Term) -> pl.Expr | None:
    """``theme:name>=n``: the article's hits of the themes whose name holds ``name``, compared.

    None when no value of the term is a count (``theme:name`` alone is a list match).
    """
    if term.op != ":" or THEME_COUNTS not in schema:
        return None
    counts = [_THEME_COUNT.match(value) for value in term.values]
    if not any(counts):
        return None
    conditions = []
    for value, count in zip(term.values, counts, strict=True):
        entries = pl.col(THEME_COUNTS)
        if count is None:
            theme, op, number = value.lower(), ">=", 1
        else:
            theme, op, number = count["theme"].lower(), count["op"], int(count["count"])
        hits = entries.list.eval(
            pl.element()
            .struct.field("hits")
            .filter(
                pl.element()
                .struct.field("theme")
                .str.to_lowercase()
                .str.contains(theme, literal=True)
            )
        ).list.sum()
        conditions.append(
            {
                ">": hits > number,
                ">=": hits >= number,
                "<": hits < number,
                "<=": hits <= number,
                "=": hits == number,
            }[op]
        )
    return pl.any_horizontal(conditions)


def term_expr(schema: pl.Schema, term: Term) -> pl.Expr:
    """The condition one term puts on the rows of a frame with ``schema``."""
    if term.field is None:
        texts = [t for name, dtype in schema.items() if (t := _text(name, dtype)) is not None]
        needle = term.values[0].lower()
        found = (
            pl.any_horizontal(
                t.str.to_lowercase().str.contains(needle, literal=True) for t in texts
            )
            if texts
            else pl.lit(False)
        )
    else:
        column = _column(schema, term.field)
        dtype = schema[column]
        counted = _theme_count_term(schema, term) if column == "themes" else None
        if counted is not None:
            found = counted
        elif column in DATE_COLUMNS and dtype == pl.String:
            found = _date_term(column, term)
        elif dtype.is_numeric():
            found = _number_term(column, term)
        elif isinstance(dtype, pl.List) and dtype.inner.is_numeric():
            found = _number_list_term(column, term)
        else:
            found = _text_term(column, dtype, term)
    found = found.fill_null(False)
    return ~found if term.negate else found


def filter_expr(schema: pl.Schema, text: str) -> pl.Expr | None:
    """The condition a filter line puts on rows of ``schema`` (None: no condition)."""
    terms = parse_filter(text)
    if not terms:
        return None
    return pl.all_horizontal(term_expr(schema, term) for term in terms)


def filter_columns(schema: pl.Schema, text: str) -> list[str]:
    """The columns of ``schema`` the field terms of a filter line look at, in their order."""
    columns: list[str] = []
    for term in parse_filter(text):
        if term.field is None:
            continue
        try:
            column = _column(schema, term.field)
        except WorkbenchError:
            continue
        if column not in columns:
            columns.append(column)
    return columns


def highlight_terms(text: str) -> dict[str | None, tuple[str, ...]]:
    """What a filter line looks for in text, to highlight it: column (lowercase) → words.

    Free words are under None; ``outlet:cnn`` gives ``cnn`` under ``outlet`` (and under the
    columns its field name stands for). Negated terms, comparisons and ranges are left out.
    """
    found: dict[str | None, list[str]] = {}
    for term in parse_filter(text):
        if term.negate or term.op not in (":", "="):
            continue
        words = []
        for value in term.values:
            count = _THEME_COUNT.match(value)
            value = count["theme"] if count else value
            if value and ".." not in value:
                words.append(value.lower())
        if not words:
            continue
        keys = [None] if term.field is None else [term.field, *FIELD_ALIASES.get(term.field, ())]
        for key in keys:
            found.setdefault(key, []).extend(words)
    return {key: tuple(dict.fromkeys(words)) for key, words in found.items()}


def filter_frame(frame: pl.DataFrame | pl.LazyFrame, text: str) -> pl.DataFrame | pl.LazyFrame:
    """The rows of ``frame`` that match the filter line ``text``; WorkbenchError if malformed."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    condition = filter_expr(schema, text)
    return frame if condition is None else frame.filter(condition)


def article_facts(
    articles: pl.DataFrame, theme_by_article: pl.DataFrame, documents: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Everything a filter over articles may look at: metadata, every theme, the full text.

    One row per article (in the articles' order): its metadata columns, ``themes`` (every theme
    with at least one hit, most hits first), ``theme_hits`` (the same themes with their counts of
    hits, as ``{theme, hits}``) and, when ``documents`` is given, ``text``.
    """
    counts_type = pl.List(pl.Struct({"theme": pl.String, "hits": pl.Int64}))
    themes = (
        theme_by_article.filter(pl.col("hits") > 0)
        .sort(["article_id", "hits", "theme"], descending=[False, True, False])
        .group_by("article_id", maintain_order=True)
        .agg(
            pl.col("theme").alias("themes"),
            pl.struct(pl.col("theme"), pl.col("hits").cast(pl.Int64)).alias(THEME_COUNTS),
        )
    )
    facts = articles.join(themes, on="article_id", how="left", maintain_order="left").with_columns(
        pl.col("themes").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col(THEME_COUNTS).cast(counts_type).fill_null(pl.lit([], dtype=counts_type)),
    )
    if documents is not None:
        facts = facts.join(
            documents.select("article_id", "text"),
            on="article_id",
            how="left",
            maintain_order="left",
        )
    return facts
