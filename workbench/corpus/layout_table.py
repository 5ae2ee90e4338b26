"""Tables a page is laid out with, told from tables of data and made plain blocks.

Pages of the early web put their whole layout in tables: the menus in one cell, the article in
another, the legal lines in a third. An extractor that keeps tables then gives the article as a
row of cells among rows of menus ("| | You are in: Business | |"). A table that holds another
table, has a single row or column, or is too small to be data is layout (the test Mozilla's
Readability makes), and so is one with a cell of running text (an article's paragraphs, under
a header cell that is its headline); its rows and cells are made ``<div>``s, so that the
extractor judges each cell's text as it judges any other block of the page. Tables of data
stay tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th")
_DATA_MARKS = frozenset(["thead", "tfoot", "th"])  # <col>, <colgroup>: widths of a layout too
# A table of this many rows or more, or of more columns than this, or of more cells than this,
# is data.
_DATA_ROWS = 10
_DATA_COLUMNS = 4
_DATA_CELLS = 10
# A cell of this many words or more holds running text (an article's paragraphs): its table
# lays the page out, whatever headers it has.
_PROSE_CELL_WORDS = 150


def _table_of(element: HtmlElement) -> HtmlElement | None:
    """The nearest table an element is part of."""
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(cell: HtmlElement) -> int:
    value = (cell.get("colspan") or "1").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 100 else 1


def _has_text(cell: HtmlElement) -> bool:
    return cell.tag in ("td", "th") and any(c.isalnum() for c in cell.text_content())


def is_data_table(table: HtmlElement) -> bool:
    """Whether a ``<table>`` holds data rather than laying a page out."""
    if (table.get("role") or "").lower() == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    caption = table.find("caption")
    if caption is not None and caption.text_content().strip():
        return True
    if any(True for _ in table.iterdescendants("table")):
        return False
    if any(
        len(cell.text_content().split()) >= _PROSE_CELL_WORDS
        for cell in table.iterdescendants("td", "th")
    ):
        return False  # no table inside: each cell's words are its own
    if any(_table_of(part) is table for part in table.iterdescendants(*_DATA_MARKS)):
        return True
    rows = [row for row in table.iterdescendants("tr") if _table_of(row) is table]
    columns = max(
        (sum(_span(cell) for cell in row if cell.tag in ("td", "th")) for row in rows), default=0
    )
    if not any(sum(_has_text(cell) for cell in row) >= 2 for row in rows):
        return False  # a list laid out in rows: one cell of each with words, the rest spacers
    if len(rows) <= 1 or columns <= 1:
        return False
    if len(rows) >= _DATA_ROWS or columns > _DATA_COLUMNS:
        return True
    return len(rows) * columns > _DATA_CELLS


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """The page with its layout tables (``is_data_table`` says no) made ``<div>``s, in place;
    the number of tables so unwrapped."""
    layout = [table for table in tree.iter("table") if not is_data_table(table)]
    for table in layout:
        for part in list(table.iterdescendants(*_PARTS)):
            if _table_of(part) is table:
                part.tag = "div"
        table.tag = "div"
    return len(layout)
