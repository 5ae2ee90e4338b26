"""Titles, dates, authors and outlets inferred from pages saved as text, scored against the true
ones.

    python bench/textpages.py FOLDER [--verbose] [--no-names]

FOLDER holds the saved pages (``.txt``) and ``truth.csv`` with the columns ``file``, ``title``,
``date`` (``YYYY-MM-DD``; empty when the text states none) and, optionally, ``author`` and
``outlet`` (empty when the page's metadata names none). Each page is ingested as a file
without a manifest entry would be. A title is right when it equals the true one (case, white
space, quotes and dashes aside); a date is right when equal, wrong when another date was
inferred, unknown when none was; an author is right when it names the marked people (in any
order; parts of the marked field that name the page's outlet, a known outlet or a role, "Jill
Disis; CNN Business", "Tom Krisher; Ap Auto Writer", left out), wrong when it names others; an
outlet is right when it is the site's name or its domain (the known outlets' other names and
domains count as theirs: "NYTimes", nytimes.com; a domain is right when its name is in the
site's, "Cicero Online" for cicero.de, or is its initials, aclu.org for the American Civil
Liberties Union).
Prints the counts and, with ``--verbose``, every miss.
``--no-names`` ingests every page under a name that says nothing (``page-001.txt``): how the
inference fares when the files are not named after their headline.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.corpus.address import host_label
from workbench.corpus.boilerplate import line_key, load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.outlet import gazetteer, known_outlet_name

_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)


def _same_title(found: str | None, true: str) -> bool:
    def key(value: str) -> str:
        return line_key(value).casefold().rstrip(" .")

    return found is not None and key(found) == key(true)


def _names(value: str | None) -> set[str]:
    """The people an author field names, each as letters and digits in lower case."""
    # "and" in any case; "y" and "e" (Spanish, Portuguese) in lower case only: "Sarah E Needleman"
    parts = re.split(r";|,|\s+(?:(?i:and|und|et)|&|y|e)\s+", value or "")
    keys = {re.sub(r"\W", "", unicodedata.normalize("NFKC", part).casefold()) for part in parts}
    return keys - {""}


# A part of a page's author field that names no person: a role ("AP Auto Writer", "Redaktion").
_ROLE = re.compile(
    r"(?:^|\s)(?:writer|reporter|editor|correspondent|columnist|contributor|staff|redaktion)$",
    re.IGNORECASE,
)


def _people(value: str, outlet: str | None) -> set[str]:
    """``_names`` of a true author field without the parts that name the page's outlet, a known
    outlet or a role ("Jill Disis; CNN Business", "Tom Krisher; Ap Auto Writer")."""
    parts = re.split(r";", value)
    kept = [
        part
        for part in parts
        if not _ROLE.search(part.strip())
        and not (outlet and _same_outlet(part.strip(), outlet))
        and part.strip() not in gazetteer().written
    ]
    return _names(";".join(kept)) or _names(value)


def _outlet_key(value: str) -> str:
    """An outlet as letters and digits in lower case: a known outlet's name for its other names
    and domains, a domain's name for an unknown one (osthessen-news.de → osthessennews)."""
    value = unicodedata.normalize("NFKC", value).strip()
    known = gazetteer()
    outlet = known.written.get(value)
    value = outlet.name if outlet else known_outlet_name(value) or value
    if _DOMAIN.fullmatch(value) and value not in known.written:
        value = host_label(value.lower().removeprefix("www."))
    value = _plain(value).casefold().removeprefix("the ")
    return re.sub(r"\W|_", "", value)


def _same_outlet(found: str | None, true: str) -> bool:
    """The same site: the same key, one key inside the other (four letters or more: cicero.de
    and "Cicero Online"), or a domain's name the initials of the name (aclu.org)."""
    if found is None:
        return False
    a, b = _outlet_key(found), _outlet_key(true)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    initials = "".join(word[0] for word in re.findall(r"\w+", _plain(true).casefold()))
    return a == initials or b == "".join(w[0] for w in re.findall(r"\w+", _plain(found).casefold()))


def _plain(value: str) -> str:
    """Letters without their accents (Clarín → Clarin)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def main() -> None:
    """Score every page of the folder and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--no-names", action="store_true", help="hide the files' names")
    args = parser.parse_args()
    with (args.folder / "truth.csv").open(encoding="utf-8", newline="") as stream:
        truth = list(csv.DictReader(stream))
    rules = load_rules()
    titles = dates_right = dates_wrong = authors = authors_right = authors_wrong = 0
    authors_people = 0  # right once the true field's outlet and role are left out
    outlets = outlets_right = outlets_wrong = 0
    outlet_sources: dict[str, int] = {}
    sources: dict[str, int] = {}
    for number, row in enumerate(truth, start=1):
        raw = (args.folder / row["file"]).read_bytes()
        name = f"page-{number:03d}.txt" if args.no_names else row["file"]
        document = ingest_document(raw, name, None, rules)
        article = document.article
        if _same_title(article.get("title"), row["title"]):
            titles += 1
        elif args.verbose:
            print(f"title {row['file']}: {article.get('title')!r} (true: {row['title']!r})")
        found, true = article.get("published"), row["date"] or None
        source = str(article.get("date_source"))
        sources[source] = sources.get(source, 0) + 1
        if found is not None and found == true:
            dates_right += 1
        elif found is not None:
            dates_wrong += 1
            if args.verbose:
                print(f"date  {row['file']}: {found} from {source} (true: {true})")
        elif args.verbose and true:
            print(f"date  {row['file']}: unknown (true: {true})")
        if row.get("author"):
            authors += 1
            author = article.get("author")
            if author and _names(author) == _names(row["author"]):
                authors_right += 1
            elif author and _names(author) == _people(row["author"], row.get("outlet")):
                authors_right += 1
                authors_people += 1
            else:
                authors_wrong += bool(author)
                if args.verbose:
                    print(f"author {row['file']}: {author!r} (true: {row['author']!r})")
        if row.get("outlet"):
            outlets += 1
            outlet = article.get("outlet")
            source = str(article.get("outlet_source"))
            outlet_sources[source] = outlet_sources.get(source, 0) + 1
            if _same_outlet(outlet, row["outlet"]):
                outlets_right += 1
            else:
                outlets_wrong += bool(outlet)
                if args.verbose:
                    print(
                        f"outlet {row['file']}: {outlet!r} from {source} (true: {row['outlet']!r})"
                    )
    total = len(truth)
    print(f"pages: {total}")
    print(f"titles right: {titles} of {total}")
    print(
        f"dates right: {dates_right} of {total}, wrong: {dates_wrong}, "
        f"unknown: {total - dates_right - dates_wrong}"
    )
    if authors:
        print(
            f"authors right: {authors_right} of {authors}, wrong: {authors_wrong}, "
            f"unknown: {authors - authors_right - authors_wrong} ({authors_people} of the right"
            " name the field's people, its outlet or role left out)"
        )
    if outlets:
        print(
            f"outlets right: {outlets_right} of {outlets}, wrong: {outlets_wrong}, "
            f"unknown: {outlets - outlets_right - outlets_wrong}"
        )
        print("outlet sources: " + ", ".join(f"{k} {v}" for k, v in sorted(outlet_sources.items())))
    print("date sources: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))


if __name__ == "__main__":
    main()
