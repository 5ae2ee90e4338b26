"""Printing frames for the command line: an aligned text table, CSV or JSON."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from typing import TextIO

import polars as pl

from workbench.cells import cell_text
from workbench.text_safety import escape_unsafe, safe_text

FORMATS = ("table", "csv", "json")


_WHOLE_WIDTH = 10  # a column this narrow (a date, an id, a count) is cut last
_LONG_FLOOR = 6  # a long column is cut down to this many characters first ...
_FLOOR = 8  # ... then every column to this many


def _shrink(widths: list[int], columns: Iterable[int], floor: int, width: int) -> None:
    """Narrow the widest of ``columns`` one character at a time, none below ``floor``, until
    the table (two spaces between columns) fits ``width``."""
    columns = list(columns)
    while sum(widths) + 2 * (len(widths) - 1) > width:
        open_columns = [i for i in columns if widths[i] > floor]
        if not open_columns:
            return
        widths[max(open_columns, key=widths.__getitem__)] -= 1


def format_table(frame: pl.DataFrame, width: int | None = None) -> str:
    """Render a frame as an aligned plain-text table that fits ``width`` columns."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    headers = [safe_text(name, multiline=False) for name in frame.columns]
    rows = [[cell_text(v) for v in row] for row in frame.iter_rows()]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    # Shrink the widest columns until the table fits: the long ones (titles, names) first, down
    # to 6 characters, so that dates, ids and counts stay whole; then any, down to 8.
    long_columns = [i for i, size in enumerate(widths) if size > _WHOLE_WIDTH]
    _shrink(widths, long_columns, _LONG_FLOOR, width)
    _shrink(widths, range(len(widths)), _FLOOR, width)

    def fit(text: str, size: int) -> str:
        return text if len(text) <= size else text[: max(size - 1, 0)] + "…"

    lines = ["  ".join(fit(h, w).ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("─" * w for w in widths))
    for row in rows:
        lines.append("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def _jsonable(frame: pl.DataFrame) -> list[dict]:
    return frame.to_dicts()


def _json_text(frame: pl.DataFrame) -> str:
    # json escapes C0 controls but leaves DEL, C1 controls, bidi overrides and lone surrogates
    # raw; as \uXXXX escapes too the JSON stays valid and means the same.
    return escape_unsafe(json.dumps(_jsonable(frame), ensure_ascii=False, indent=1, default=str))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def write_frame(frame: pl.DataFrame, fmt: str, stream: TextIO) -> None:
    """Write ``frame`` to ``stream`` as ``table``, ``csv`` or ``json``.

    The table is always made safe to show; JSON escapes every control character; CSV keeps its
    data unless the stream is a terminal.
    """
    if fmt == "csv":
        flat = frame.with_columns(
            pl.col(name).cast(pl.List(pl.String)).list.join("; ")
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.List)
        ).select(
            pl.exclude([n for n, d in frame.schema.items() if isinstance(d, (pl.Struct, pl.Array))])
        )
        text = flat.write_csv()
        # CSV into a file or a pipe keeps the data as it is; on a terminal it is shown, not run.
        stream.write(safe_text(text) if _is_terminal(stream) else text)
    elif fmt == "json":
        stream.write(_json_text(frame) + "\n")
    else:
        stream.write(format_table(frame) + "\n")


def print_warnings(warnings: Iterable[str], stream: TextIO | None = None) -> None:
    """Each warning as one ``workbench: warning: ...`` line on stderr."""
    stream = stream if stream is not None else sys.stderr
    warnings = list(warnings)
    for warning in warnings:
        print(f"workbench: warning: {safe_text(warning, multiline=False)}", file=stream)
    skipped = sum(1 for warning in warnings if warning.endswith("(skipped)"))
    if skipped:
        files = "file" if skipped == 1 else "files"
        print(f"workbench: warning: {skipped} {files} skipped (see above)", file=stream)
