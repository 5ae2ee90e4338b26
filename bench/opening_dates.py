"""Web pages' dates scored against the dateline their marked bodies open with.

    python bench/opening_dates.py FOLDER [--verbose]

FOLDER is laid out as the public article-extraction benchmark is (``html/<id>.html`` and
``ground-truth.json`` mapping each id to ``{"articleBody": "..."}``). Hand-corrected bodies such
as Dragnet's open with the page's date line and headline ("July 24, 2012 12:11 AM" / "Latest
Amelia Earhart search falls short"): the one day those opening lines state as a dateline (a
line that is a date, a byline with one, or the part of a line set apart by "|", "•", "//") is
the page's truth, where there is exactly one and no numeric date reads either way; an update's
day does not count. Every page with a truth goes through ingest as an HTML file of a corpus
would, and its date is counted right, wrong (another day) or unknown.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document

_MONTH_NAMES = (
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
    "aug august", "sep sept september", "oct october", "nov november", "dec december",
)  # fmt: skip
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(rf"(?<![\w/]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),  # July 24, 2012
    re.compile(rf"(?<![\w/]){_DAY}(?:\s+|\s*-\s*|\.\s*){_MONTH},?\s+{_YEAR}(?!\d)", re.I),
    re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)"),
    # numeric, either order: a day only when one reading alone is possible (a number over 12)
    re.compile(
        r"(?<![\d/.-])(?P<a>\d{1,2})([/.])(?P<b>\d{1,2})\2(?P<year>(?:19|20)\d\d|\d\d)(?![\d/.])"
    ),
)
_FIRST_YEAR, _LAST_YEAR = 1990, 2035


def dates_in(line: str) -> list[tuple[int, int, str | None]]:
    """The full dates of a line: (start, end, YYYY-MM-DD), None for a numeric date that reads
    either way."""
    found: list[tuple[int, int, str | None]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue
            parts = match.groupdict()
            year = int(parts["year"])
            year += 2000 if year < 100 else 0
            if parts.get("mon"):
                month, day = MONTHS[parts["mon"].lower().rstrip(".")], int(parts["day"])
            elif parts.get("mnum"):
                month, day = int(parts["mnum"]), int(parts["day"])
            else:
                first, second = int(parts["a"]), int(parts["b"])
                if first > 12 >= second:
                    day, month = first, second
                elif second > 12 >= first:
                    month, day = first, second
                else:
                    found.append((match.start(), match.end(), None))
                    continue
            if 1 <= month <= 12 and 1 <= day <= 31 and _FIRST_YEAR <= year <= _LAST_YEAR:
                found.append((match.start(), match.end(), f"{year}-{month:02d}-{day:02d}"))
    return sorted(found)


_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\b\.?", re.I
)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b"
    r"|\b(?:[ECMP][SD]T|GMT|UTC|BST|CET|ET|PT)\b",
    re.I,
)
_LABEL = re.compile(
    r"\b(?:posted|published|updated|last updated|modified|filed|date|written|by|on|at|in|under"
    r"|and|comments?|for immediate release|category|author|no comments|leave a comment"
    r"|\d+ comments?)\b",
    re.I,
)
_UPDATE = re.compile(r"\b(?:updated?|modified|revised|edited)\b", re.I)
_SEPARATORS = re.compile(r"\s(?:\||•|·|//)\s|\s+\|")
_NAME_ON = re.compile(r"^(?:[A-Z][\w.'-]*\s+){1,3}on\s+$")  # "Jane Doe on July 24, 2012"
_PLACE = re.compile(r"^[A-Z][A-Z.,' -]{2,}\s+$")  # "HONOLULU July 24, 2012 (AP)"
_BYLINE = re.compile(r"\b(?:by|posted|written)\b", re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
_FIRST_PARAGRAPH_WORDS = 25  # the body's first paragraph: its lines end the opening lines
_OPENING_LINES = 6


def opening_lines(body: str) -> list[str]:
    """A marked body's first lines before its first paragraph, a date broken over short lines
    ("24" / "Jul" / "2012") joined; comments after Dragnet's separator left out."""
    lines = [" ".join(line.split()) for line in body.split("!@#$%^&*()")[0].splitlines()]
    opening: list[str] = []
    for line in [line for line in lines if line][:_OPENING_LINES]:
        if len(line.split()) >= _FIRST_PARAGRAPH_WORDS:
            break
        broken = opening and len(line.split()) <= 2 and len(opening[-1].split()) <= 3
        if broken and not dates_in(opening[-1]):
            opening[-1] = f"{opening[-1]} {line}"
            continue
        opening.append(line)
    return opening


def is_dateline(line: str, start: int, end: int) -> bool:
    """Whether the date at ``start:end`` of a line stands as a dateline: in the part of the line
    its separators set apart, with a label, a weekday, a time and a word at most beside it, or a
    byline's few words."""
    left = max([0, *[m.end() for m in _SEPARATORS.finditer(line) if m.end() <= start]])
    right = min([len(line), *[m.start() for m in _SEPARATORS.finditer(line) if m.start() >= end]])
    line, start, end = line[left:right], start - left, end - left
    before = line[:start]
    if _NAME_ON.match(before) or (_PLACE.match(before) and re.match(r"\s*\(AP\)\s*$", line[end:])):
        return True
    rest = _LABEL.sub(" ", _TIME.sub(" ", _WEEKDAY.sub(" ", f"{line[:start]} {line[end:]}")))
    words = _WORD.findall(rest)
    return len(words) <= 1 or (bool(_BYLINE.search(line)) and len(words) <= 6)


def opening_date(body: str) -> tuple[str, str] | None:
    """The day a marked body's opening lines state as the page's (and its line), or None when
    they state none, several, or a numeric date that reads either way."""
    days: set[str] = set()
    where = None
    for line in opening_lines(body):
        for start, end, day in dates_in(line):
            if not is_dateline(line, start, end):
                continue
            if day is None:
                return None
            if _UPDATE.search(line[:start]):
                continue
            days.add(day)
            where = where or line
    if len(days) != 1 or where is None:
        return None
    return days.pop(), where


def main() -> None:
    """Ingest every page with a truth, score its date and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every wrong and unknown date")
    args = parser.parse_args()
    marked = json.loads((args.folder / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {
        key: found
        for key, page in marked.items()
        if (found := opening_date(page.get("articleBody") or "")) is not None
    }
    rules = load_rules()
    counts = {"right": 0, "wrong": 0, "unknown": 0}
    for key, (day, line) in sorted(truth.items()):
        raw = (args.folder / "html" / f"{key}.html").read_bytes()
        article = ingest_document(raw, f"{key}.html", None, rules).article or {}
        published = str(article.get("published") or "")[:10] or None
        verdict = "right" if published == day else "unknown" if published is None else "wrong"
        counts[verdict] += 1
        if args.verbose and verdict != "right":
            source = article.get("date_source")
            print(f"{verdict:8} {key}: {published} from {source} (marked {day}: {line!r})")
    print(f"pages with a date in their marked opening lines: {len(truth)} of {len(marked)}")
    print(f"dates right: {counts['right']}, wrong: {counts['wrong']}, unknown: {counts['unknown']}")


if __name__ == "__main__":
    main()
