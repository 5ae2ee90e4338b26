"""Article-body extraction from web pages, scored against human-marked bodies.

    python bench/extraction.py FOLDER [--runs 3] [--verbose] [--as-text]

FOLDER is laid out as the public article-extraction benchmark is: ``html/<id>.html`` (or
``.html.gz``) and ``ground-truth.json`` mapping each id to ``{"articleBody": "..."}``. Every
page goes through ingest as an HTML article file of a corpus would; the body ingest keeps (its
sentences joined) is compared with the marked body by token 4-gram shingles. Precision and
recall are averaged over pages (each page weighs the same), F1 is their harmonic mean, as in
the benchmark's own evaluation. Also printed: pages skipped, pages with a title and a date,
how many titles are right where ground-truth.json marks a page's ``"title"`` (case and white
space aside; a ``?`` of the marked title stands for any one character but a letter or digit,
as that set lost its non-ASCII characters so, and a marked title may read the found one's
UTF-8 as Latin-1; ``--verbose`` lists the wrong ones), and pages per second (median of
``--runs`` runs, one process). ``--as-text`` renders each page as a browser's "save as text"
would (``save_as_text.page_lines``: menus, footers and related
links stay) and ingests that text instead: how well cleaning finds the article in a page saved
as text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from save_as_text import page_lines

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    """The token n-grams of a text, counted."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def page_scores(true: str, found: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page's body (None where undefined, as the benchmark does)."""
    expected, got = shingles(true), shingles(found)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    if fp == fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def _title_pattern(marked: str) -> re.Pattern[str]:
    """The marked title as a pattern: white space collapsed, ``?`` for a lost character."""
    text = " ".join(marked.split()).casefold()
    return re.compile("".join("[^a-z0-9]" if char == "?" else re.escape(char) for char in text))


def title_right(found: str | None, marked: str) -> bool:
    """Whether a found title is the marked one (case, white space and lost characters aside)."""
    text = " ".join(unicodedata.normalize("NFC", found or "").split()).casefold()
    if not text:
        return False
    # The marked title's UTF-8 read as Latin-1 ("Â£15m"), as some of that set's were.
    latin = text.encode("utf-8").decode("latin-1").casefold()
    return any(_title_pattern(marked).fullmatch(variant) for variant in (text, latin))


def _pages(folder: Path) -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    for path in sorted((folder / "html").iterdir()):
        if path.name.endswith(".html.gz"):
            pages[path.name[: -len(".html.gz")]] = gzip.decompress(path.read_bytes())
        elif path.suffix in (".html", ".htm"):
            pages[path.stem] = path.read_bytes()
    return pages


def main() -> None:
    """Ingest every page, score the bodies and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="timed runs (median reported)")
    parser.add_argument("--verbose", action="store_true", help="print each page's scores")
    parser.add_argument("--as-text", action="store_true", help="ingest the pages saved as text")
    args = parser.parse_args()
    truth = json.loads((args.folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = _pages(args.folder)
    suffix = ".html"
    if args.as_text:
        suffix = ".txt"
        pages = {
            key: ("\n\n".join(page_lines(html.decode("utf-8", "replace"))) + "\n").encode()
            for key, html in pages.items()
        }
    missing = sorted(set(truth) - set(pages))
    if missing:
        sys.exit(f"{len(missing)} pages of ground-truth.json are not in html/ ({missing[0]}, …)")
    rules = load_rules()
    timings: list[float] = []
    documents = {}
    for _ in range(max(1, args.runs)):
        started = time.perf_counter()
        documents = {
            key: ingest_document(pages[key], f"{key}{suffix}", None, rules) for key in truth
        }
        timings.append(time.perf_counter() - started)
    precisions: list[float] = []
    recalls: list[float] = []
    skipped = titled = dated = marked_titles = titles_right = 0
    for key, expected in truth.items():
        document = documents[key]
        if document.skipped:
            skipped += 1
            print(f"skipped {key}: {'; '.join(document.warnings)}")
        found = " ".join(document.sentence_texts)
        precision, recall = page_scores(expected.get("articleBody", ""), found)
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
        titled += bool(document.article.get("title"))
        dated += bool(document.article.get("published"))
        if expected.get("title"):
            marked_titles += 1
            if title_right(document.article.get("title"), expected["title"]):
                titles_right += 1
            elif args.verbose:
                print(
                    f"title {key}: {document.article.get('title')!r} (marked {expected['title']!r})"
                )
        if args.verbose:
            print(f"{key[:16]}  P {precision or 0:.3f}  R {recall or 0:.3f}")
    precision = statistics.mean(precisions)
    recall = statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    total = len(truth)
    rate = total / statistics.median(timings)
    print(f"pages: {total}, skipped: {skipped}, with a title: {titled}, with a date: {dated}")
    if marked_titles:
        print(f"titles right: {titles_right} of {marked_titles}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"ingest: {rate:.1f} pages/s (one core, median of {len(timings)} runs)")


if __name__ == "__main__":
    main()
