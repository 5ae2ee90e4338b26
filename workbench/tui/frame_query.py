"""What a table pane shows of a frame: its rows filtered and sorted, and its columns' widths.

Filtering is the filter language of ``workbench.analysis.query`` (one language for every list
and table); sorting and measuring are plain polars, on a DataFrame or a LazyFrame alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from workbench.analysis.query import filter_frame
from workbench.cells import cell_text

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


@dataclass(frozen=True)
class SortOrder:
    """A sort column and its direction."""

    column: str
    descending: bool = False

    def as_pair(self) -> list[str]:
        """``[column, "ascending" | "descending"]``, as an export's metadata records it."""
        return [self.column, "descending" if self.descending else "ascending"]


def sortable(dtype: pl.DataType) -> bool:
    """Whether a column of this type can be sorted."""
    return not isinstance(dtype, (pl.Struct, pl.List, pl.Array, pl.Object))


def _schema(frame: pl.DataFrame | pl.LazyFrame) -> pl.Schema:
    return frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema


# Column → what it sorts by when its text is not its meaning (counts written in a text, say):
# expressions over the frame, compared in turn.
SortKeys = Mapping[str, Sequence[pl.Expr]]


def sort_frame(frame: Frame, order: SortOrder | None, keys: SortKeys | None = None) -> Frame:
    """``frame`` sorted by ``order`` (nulls last, stable), or unchanged when there is none;
    a column of ``keys`` sorts by its expressions rather than by its cells."""
    schema = _schema(frame)
    if order is None or order.column not in schema:
        return frame
    by = list((keys or {}).get(order.column, ()))
    if not by and not sortable(schema[order.column]):
        return frame
    return frame.sort(
        by or order.column, descending=order.descending, nulls_last=True, maintain_order=True
    )


def query_frame(
    frame: Frame, filter_text: str, order: SortOrder | None, keys: SortKeys | None = None
) -> Frame:
    """``frame`` filtered by ``filter_text``, then sorted by ``order``: what a table pane shows.

    A malformed filter raises ``WorkbenchError`` (see ``workbench.analysis.query``).
    """
    return sort_frame(filter_frame(frame, filter_text), order, keys)


def column_widths(
    frame: pl.DataFrame, limit: int = 40, sample: int = 2_000, headers: bool = True
) -> list[int]:
    """The natural width of each column (longest cell or header), at most ``limit``.

    Text and integer columns are measured whole (one polars pass each); floats, lists and
    structs, which are formatted in Python, are measured on their first ``sample`` rows.
    """
    return fit_widths(frame.columns, cell_widths(frame, sample), limit, headers)


def fit_widths(names: list[str], longest: list[int], limit: int, headers: bool) -> list[int]:
    """Column widths from each column's longest cell: at most ``limit``, and with ``headers``
    at least the header and room for the sort mark."""
    return [
        max(min(cells, limit), len(name) + 2 if headers else 1, 1)
        for name, cells in zip(names, longest, strict=True)
    ]


def cell_widths(frame: pl.DataFrame, sample: int = 2_000) -> list[int]:
    """The longest cell of each column, in characters (as ``column_widths`` measures)."""
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
        widths.append(longest)
    return widths
