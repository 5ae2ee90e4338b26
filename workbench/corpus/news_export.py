"""Files that hold many articles of a news archive's export (LexisNexis, Nexis Uni, Factiva).

A file is one article; a news archive's download puts tens of articles in one text, Word or PDF
file, each closed by the archive's mark ("End of Document", "Document NYTF0000…") or opened by
it ("1 of 100 DOCUMENTS"). Such a file is still read as one article, and ingest says so, with
what to do instead, rather than let one article that is fifty pass unnoticed.
"""

from __future__ import annotations

import re

# Each article's mark in an export: LexisNexis Academic's "12 of 100 DOCUMENTS", Nexis Uni's
# "End of Document", Factiva's "Document NYTF000020191119efbj0001x".
_ARTICLE_MARK = re.compile(
    r"^[ \t]*(\d{1,5} of \d{1,5} DOCUMENTS|End of Document|Document [A-Za-z0-9]{20,40})[ \t]*$",
    re.MULTILINE,
)
MIN_MARKS = 2  # two articles or more: an export


def export_articles(text: str) -> int:
    """How many articles of a news archive's export a text holds (0: it is not one)."""
    if "Document" not in text and "DOCUMENTS" not in text:
        return 0
    marks = len(_ARTICLE_MARK.findall(text))
    return marks if marks >= MIN_MARKS else 0


def export_warning(name: str, articles: int) -> str:
    """The warning for a file that holds a news archive's export of ``articles`` articles."""
    return (
        f"{name}: holds {articles} articles of a news archive's export, read as one article "
        "(download one file per article, or export a spreadsheet and open it as an archive)"
    )
