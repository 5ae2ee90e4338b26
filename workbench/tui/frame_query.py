"""Sorting, filtering and cell text of frames shown in the interface (plain polars, no Textual).

The filter is a line of words, every one of which must match a row:

- ``reset``: some column contains "reset" (case-insensitive);
- ``outlet:cnn``: the ``outlet`` column contains "cnn";
- ``year=2013``: the ``year`` column is exactly "2013" (case-insensitive);
- ``words>800``, ``score<=90``: a numeric comparison (``>``, ``>=``, ``<``, ``<=``);
- ``"missile defense"``: quotes keep words together.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

import polars as pl

from workbench.text_safety import safe_text

Frame = pl.DataFrame | pl.LazyFrame

_COMPARISON = re.compile(r"^(?P<column>[^<>=:]+?)(?P<op>>=|<=|>|<|=|:)(?P<value>.*)$")


@dataclass(frozen=True)
class SortOrder:
    """A sort column and its direction."""

    column: str
    descending: bool = False


def display_expr(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """An expression giving the column as text for filtering, or None if it has no text form."""
    column = pl.col(name)
    if dtype == pl.String:
        return column
    if isinstance(dtype, pl.List) and not isinstance(dtype.inner, (pl.Struct, pl.List)):
        return column.cast(pl.List(pl.String)).list.join(", ")
    if isinstance(dtype, (pl.Struct, pl.List, pl.Array, pl.Object)):
        return None
    return column.cast(pl.String)


def cell_text(value: object) -> str:
    """One cell as the interface shows it: null as an em dash, floats to three figures."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return "NaN"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    # Cells are drawn as segments, past Rich's and Textual's control-code tables.
    return safe_text(" ".join(str(value).split()), multiline=False)


def _split_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote while the user is still typing
        return text.replace('"', " ").replace("'", " ").split()


def _find_column(schema: pl.Schema, name: str) -> str | None:
    lowered = name.strip().lower()
    for column in schema.names():
        if column.lower() == lowered:
            return column
    return None


def _word_expr(schema: pl.Schema, word: str) -> pl.Expr | None:
    match = _COMPARISON.match(word)
    if match and (column := _find_column(schema, match["column"])) is not None:
        op, value = match["op"], match["value"]
        dtype = schema[column]
        if op in (">", ">=", "<", "<=") and dtype.is_numeric():
            try:
                number = float(value)
            except ValueError:
                return pl.lit(False)
            target = pl.col(column)
            return {
                ">": target > number,
                ">=": target >= number,
                "<": target < number,
                "<=": target <= number,
            }[op].fill_null(False)
        text = display_expr(column, dtype)
        if text is None:
            return pl.lit(False)
        text = text.str.to_lowercase()
        if op == "=":
            return (text == value.lower()).fill_null(False)
        if op == ":":
            return text.str.contains(value.lower(), literal=True).fill_null(False)
    texts = [
        expr for name, dtype in schema.items() if (expr := display_expr(name, dtype)) is not None
    ]
    if not texts:
        return pl.lit(False)
    needle = word.lower()
    return pl.any_horizontal(
        expr.str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
        for expr in texts
    )


def filter_frame(frame: Frame, text: str) -> Frame:
    """The rows of ``frame`` matching every word of the filter ``text`` (see the module doc);
    a lazy frame gives a lazy query (the filter runs where the rows are read)."""
    words = _split_words(text)
    if not words:
        return frame
    schema = frame.collect_schema()
    conditions = [expr for word in words if (expr := _word_expr(schema, word)) is not None]
    return frame.filter(pl.all_horizontal(conditions))


def sortable(dtype: pl.DataType) -> bool:
    """Whether a column of this type can be sorted."""
    return not isinstance(dtype, (pl.Struct, pl.List, pl.Array, pl.Object))


def sort_frame(frame: Frame, order: SortOrder | None) -> Frame:
    """``frame`` sorted by ``order`` (nulls last, stable), or unchanged when there is none."""
    schema = frame.collect_schema()
    if order is None or order.column not in schema:
        return frame
    if not sortable(schema[order.column]):
        return frame
    return frame.sort(
        order.column, descending=order.descending, nulls_last=True, maintain_order=True
    )


def query_frame(frame: Frame, filter_text: str, order: SortOrder | None) -> Frame:
    """``frame`` filtered by ``filter_text``, then sorted by ``order``: what a table pane shows
    (for a lazy frame, a query run a page at a time)."""
    return sort_frame(filter_frame(frame, filter_text), order)


def column_widths(
    frame: pl.DataFrame, limit: int = 40, sample: int = 2_000, headers: bool = True
) -> list[int]:
    """The natural width of each column (longest cell or header), at most ``limit``.

    Text and integer columns are measured whole (one polars pass each); floats, lists and
    structs, which are formatted in Python, are measured on their first ``sample`` rows.
    """
    widths: list[int] = []
    for name, dtype in frame.schema.items():
        column = frame[name]
        longest = 0
        if frame.height:
            if dtype == pl.String:
                longest = column.str.len_chars().max() or 0
            elif dtype.is_integer() or dtype in (pl.Date, pl.Datetime, pl.Boolean):
                longest = (
                    frame.select(pl.col(name).cast(pl.String).str.len_chars().max()).item() or 0
                )
            else:
                longest = max((len(cell_text(v)) for v in column.head(sample).to_list()), default=0)
        header = len(name) + 2 if headers else 1  # room for the sort mark
        widths.append(max(min(longest, limit), header, 1))
    return widths
