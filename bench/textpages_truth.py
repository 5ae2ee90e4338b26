"""Make a folder for ``bench/textpages.py`` from saved web pages: each page rendered as text,
with its title and date from the page's own metadata as the truth.

    python bench/textpages_truth.py PAGES_DIR OUT_DIR [--split] [--compact] [--wrap COLUMNS]

PAGES_DIR holds pages (``.html``, ``.htm``, ``.html.gz``), such as the ``html/`` folder of the
public article-extraction benchmark. Each page is rendered as a browser's "save as text" would
(``save_as_text.page_lines``); its title, date, author and site name are what trafilatura
reads from the page's metadata. A page is kept only when its title (or the title without a
" | Site" suffix) stands as a line of the text, so that the right answer is a line of the
page. ``--split`` writes every other page to ``OUT_DIR/tune`` and the rest to
``OUT_DIR/check``, each with its ``truth.csv``; ``--compact`` writes the texts one line per
block with no blank lines between them (copy and paste) instead of a blank line between
blocks; ``--wrap 80`` wraps every block's line at 80 columns, as a browser saving a page as
text does (a title longer than that is wrapped too, and is then found only in part).
Dates from metadata are in the site's or UTC's day: a page that says "Nov 19, 10:31 pm CST" may
have the 20th as its truth, so the date figures are indicative.
"""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from save_as_text import page_lines, read_page

_SUFFIXES = (" | ", " - ", " – ", " — ", " :: ")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().strip(" .")


def title_line(title: str, lines: list[str]) -> str | None:
    """The page's title as it stands as a line of the text (a site suffix dropped), or None."""
    keys = {_key(line) for line in lines}
    if _key(title) in keys:
        return title.strip()
    for separator in _SUFFIXES:
        head = title.rsplit(separator, 1)[0]
        if separator in title and _key(head) in keys:
            return head.strip()
    return None


def _stem(name: str) -> str:
    """A page's file name without its page suffixes (``a.b-c.html.gz`` → ``a.b-c``)."""
    for suffix in (".gz", ".html", ".htm"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def main() -> None:
    """Render the pages, keep those whose title is a line, write the texts and truth.csv."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", action="store_true", help="tune/ and check/ halves")
    parser.add_argument("--compact", action="store_true", help="no blank lines between blocks")
    parser.add_argument("--wrap", type=int, default=0, help="wrap lines at this many columns")
    args = parser.parse_args()
    kept: list[tuple[str, str, dict]] = []
    joiner = "\n" if args.compact else "\n\n"
    for path in sorted(args.pages.iterdir()):
        html = read_page(path)
        if html is None:
            continue
        meta = trafilatura.extract_metadata(html)
        lines = page_lines(html)
        title = title_line(meta.title or "", lines) if meta is not None else None
        if not title:
            continue
        name = f"{_stem(path.name)}.txt"
        if args.wrap:
            lines = [
                "\n".join(textwrap.wrap(line, args.wrap, break_on_hyphens=False)) for line in lines
            ]
        truth = {
            "title": title,
            "date": meta.date or "",
            "author": meta.author or "",
            "outlet": meta.sitename or "",
        }
        kept.append((name, joiner.join(lines) + "\n", truth))
    folders = {"": kept}
    if args.split:
        folders = {"tune": kept[0::2], "check": kept[1::2]}
    for folder, pages in folders.items():
        target = args.out / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text, _ in pages:
            (target / name).write_text(text, encoding="utf-8")
        with (target / "truth.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, ["file", "title", "date", "author", "outlet"])
            writer.writeheader()
            writer.writerows({"file": name, **truth} for name, _, truth in pages)
        print(f"{len(pages)} pages in {target}")


if __name__ == "__main__":
    main()
