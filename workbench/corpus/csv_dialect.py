"""A CSV file's dialect: the separator between its cells and the quote around them.

Excel writes ";" where the decimal mark is a comma (most of Europe), and a script's CSV writer
may quote with "'" (the 10kGNAD corpus: ``Sport;'Die Premier League …'``). Both are found from
the file's opening: the header's known column names first, then how evenly its first rows split.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable

SEPARATORS = (",", ";", "\t")  # a CSV's, in order of preference
QUOTES = ('"', "'")  # likewise
_SAMPLE_CHARS = 200_000  # of the file's opening
_SAMPLE_ROWS = 50  # rows after the header


def sniff_dialect(
    text: str, known: Callable[[list[str]], int], separators: tuple[str, ...] = SEPARATORS
) -> tuple[str, str]:
    """The separator and quote of the CSV ``text``: those whose header row has the most known
    column names (``known`` counts them), then the most rows of the header's width without a
    cell opening with the other quote, then the fewest such rows, then the most cells the quote
    opens, then cells; a tie is the one first in ``separators`` and ``QUOTES``. A quote other
    than '"' must open a cell somewhere in the opening."""
    sample = text[:_SAMPLE_CHARS]
    truncated = len(text) > len(sample)
    candidates = [(separator, quote) for separator in separators for quote in QUOTES]

    def score(candidate: tuple[str, str]) -> tuple[int, ...]:
        separator, quote = candidate
        # Cells the quote opens right after the separator or at a line's start: a quote other
        # than '"' is one only where it opens some.
        opens = f"(?:^|{re.escape(separator)}){re.escape(quote)}"
        quoted = len(re.findall(opens, sample, re.MULTILINE))
        rows = _rows(sample, separator, quote, truncated)
        if not rows or (quote != QUOTES[0] and not quoted):
            return (-1, 0, 0, 0, 0, -candidates.index(candidate))
        header = rows[0]
        # A cell opening with the other quote is one that quote wraps, or a quoted cell cut
        # where its text holds the separator: the file's quote may be that one.
        others = tuple(other for other in QUOTES if other != quote)
        opened = [any(cell.startswith(others) for cell in row) for row in rows]
        # A split into one cell says nothing of the separator: its rows are "even" whatever.
        even = 0
        if len(header) > 1:
            even = sum(
                len(row) == len(header) and not o for row, o in zip(rows, opened, strict=True)
            )
        return (
            known(header),
            even,
            -sum(opened),
            quoted,
            len(header),
            -candidates.index(candidate),
        )

    return max(candidates, key=score)


def _rows(sample: str, separator: str, quote: str, truncated: bool) -> list[list[str]]:
    """The sample's rows as ``separator`` and ``quote`` split them, up to one that does not
    parse (and without the last, cut short, of a truncated sample)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts are long fields
    reader = csv.reader(
        io.StringIO(sample, newline=""), delimiter=separator, quotechar=quote, strict=True
    )
    rows: list[list[str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > _SAMPLE_ROWS + 1:
                break
        else:
            if truncated and rows:
                rows.pop()
    except csv.Error:
        pass
    return rows


def separator_name(separator: str) -> str:
    """A separator as a message writes it: "a tab", or the character in quotes."""
    return "a tab" if separator == "\t" else f'"{separator}"'
