"""Articles saved as Word documents (``.docx``): the text of the body, in reading order.

Analysts keep articles they clipped, and news archives' downloads, as Word files. The body's
paragraphs become lines a blank line apart and a table's rows lines of their cells (" | "
between them); page headers and footers (running titles, page numbers), comments and tracked
deletions are not part of the text. Reading is python-docx's. The document's own properties
(its author, its creation date) describe the file, not the article, and are not read.
"""

from __future__ import annotations

import io

WORD_SUFFIXES = (".docx",)


class UnreadableDocument(Exception):
    """The file is not a document of its kind that can be read (the message says why)."""


def word_text(raw: bytes) -> str:
    """The text of a Word document's body: a paragraph a line, a blank line between them, a
    table row a line of its cells. UnreadableDocument when it is no Word document."""
    from docx import Document  # imported when a Word file is read
    from docx.table import Table

    try:
        document = Document(io.BytesIO(raw))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks.extend(_row_lines(block))
            else:
                blocks.append(block.text)
    except Exception as error:  # a damaged file raises whatever the step that met it raises
        raise UnreadableDocument("not a Word document that can be read") from error
    return "\n\n".join(" ".join(block.split()) for block in blocks if block.strip()) + "\n"


def _row_lines(table) -> list[str]:
    """Each row of a table as one line of its cells' texts (a merged cell once)."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines
