"""Title, date and author of web pages as ingest finds them, against marked metadata.

    python bench/page_metadata.py FOLDER [--verbose]

FOLDER is laid out as trafilatura's evaluation set is (its repository's ``tests`` folder):
``evaldata.json`` maps each page's address to ``{"file": ..., "title": ..., "date": ...,
"author": ...}`` and the pages are ``eval/<file>``. Each page goes through ingest as an HTML
article file of a corpus would. A title is right when it equals the marked one (case, white
space and punctuation aside); a date when it is the marked day, wrong when another day was
found; an author when the names are the marked ones (in any order). Prints the counts and,
with ``--verbose``, every miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document


def _key(value: str | list[str] | None) -> str:
    """A title or a name as compared: letters and digits, case aside."""
    text = "; ".join(value) if isinstance(value, list) else (value or "")
    return re.sub(r"\W", "", unicodedata.normalize("NFKC", text).casefold())


def _names(value: str | list[str] | None) -> set[str]:
    """The names of an author field, each keyed."""
    parts = value if isinstance(value, list) else re.split(r";|\s+und\s+|\s+and\s+", value or "")
    return {_key(part) for part in parts} - {""}


def main() -> None:
    """Score every marked page and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    marked = json.loads((args.folder / "evaldata.json").read_text(encoding="utf-8"))
    rules = load_rules()
    counts = dict.fromkeys(
        ("pages", "titles", "titles_right", "dates", "dates_right", "dates_wrong"), 0
    )
    counts |= {"authors": 0, "authors_right": 0}
    for truth in marked.values():
        path = args.folder / "eval" / truth["file"]
        if not path.is_file():
            continue
        counts["pages"] += 1
        article = ingest_document(path.read_bytes(), truth["file"], None, rules).article
        if truth.get("title"):
            counts["titles"] += 1
            if _key(article.get("title")) == _key(truth["title"]):
                counts["titles_right"] += 1
            elif args.verbose:
                print(
                    f"title  {truth['file']}: {article.get('title')!r} (marked {truth['title']!r})"
                )
        if truth.get("date"):
            counts["dates"] += 1
            found = article.get("published")
            if found == truth["date"]:
                counts["dates_right"] += 1
            elif found:
                counts["dates_wrong"] += 1
                if args.verbose:
                    print(f"date   {truth['file']}: {found} (marked {truth['date']})")
        if truth.get("author"):
            counts["authors"] += 1
            if _names(article.get("author")) == _names(truth["author"]):
                counts["authors_right"] += 1
            elif args.verbose:
                found = article.get("author")
                print(f"author {truth['file']}: {found!r} (marked {truth['author']!r})")
    print(f"pages: {counts['pages']}")
    print(f"titles right: {counts['titles_right']} of {counts['titles']}")
    print(
        f"dates right: {counts['dates_right']} of {counts['dates']}, "
        f"wrong: {counts['dates_wrong']}, unknown: "
        f"{counts['dates'] - counts['dates_right'] - counts['dates_wrong']}"
    )
    print(f"authors right: {counts['authors_right']} of {counts['authors']}")


if __name__ == "__main__":
    main()
