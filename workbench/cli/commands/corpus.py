"""Subcommands about the corpus: ``info`` (one row per article) and ``show`` (one article)."""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import textwrap

from workbench.cli.options import open_workspace
from workbench.cli.parser import command
from workbench.wording import counted


def unknown_article_message(article_id: str, known: list[str]) -> str:
    """A one-line error for an unknown article id, naming close or first known ids."""
    close = difflib.get_close_matches(article_id, known, n=5, cutoff=0.5)
    shown = close or known[:8]
    more = "" if close or len(known) <= 8 else f", … ({len(known)} in all)"
    label = "did you mean" if close else "known ids"
    return f'unknown article id "{article_id}" ({label}: {", ".join(shown)}{more})'


def resolve_article_id(given: str, known: list[str]) -> str:
    """The article id ``given`` names: itself, else the one id it begins (ids made of a file's
    hash are long, and the interface shows them cut: ``612cd29826…2aaf84e90``); WorkbenchError
    naming the candidates when it begins several or none."""
    from workbench.errors import WorkbenchError

    if given in known:
        return given
    starting = [article_id for article_id in known if article_id.startswith(given)] if given else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        shown = ", ".join(starting[:5]) + (
            f", … ({len(starting)} in all)" if len(starting) > 5 else ""
        )
        raise WorkbenchError(f'article id "{given}" begins several ids ({shown}): give more of it')
    raise WorkbenchError(unknown_article_message(given, known))


@command("info")
def info(args: argparse.Namespace) -> int:
    """Print one row per article: id, date, outlet, author, title, words, sentences, removed."""
    import polars as pl

    from workbench.cli.output import write_frame
    from workbench.corpus.outlet import INFERRED_OUTLET_SOURCES

    corpus = open_workspace(args).corpus
    frame = corpus.articles.select(
        pl.col("article_id").alias("id"),
        pl.col("published").alias("date"),
        "date_source",
        "outlet",
        "outlet_source",
        "author",
        "title",
        "words",
        "sentences",
        pl.col("removed_spans").alias("removed"),
    )
    if args.format == "table":
        # On a terminal an outlet found in the file rather than given is marked "~", as the
        # Library marks it; its source is a column of the CSV and JSON.
        inferred = pl.col("outlet_source").is_in(list(INFERRED_OUTLET_SOURCES))
        frame = frame.with_columns(
            pl.col("date").fill_null("unknown"),
            pl.when(inferred).then(pl.col("outlet") + "~").otherwise("outlet").alias("outlet"),
        ).drop("outlet_source")
    write_frame(frame, args.format, sys.stdout)
    return 0


@command("show")
def show(args: argparse.Namespace) -> int:
    """Print a cleaned article by paragraph with sentence numbers (and the removed spans)."""
    import polars as pl

    from workbench.corpus.document import INFERRED_DATE_SOURCES
    from workbench.corpus.outlet import INFERRED_OUTLET_SOURCES
    from workbench.text_safety import safe_text

    corpus = open_workspace(args).corpus
    article_id = resolve_article_id(args.article_id, corpus.articles["article_id"].to_list())
    article = corpus.articles.filter(pl.col("article_id") == article_id).row(0, named=True)
    sentences = corpus.sentences.filter(pl.col("article_id") == article_id)
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)

    def put(text: str) -> None:
        # Article text and metadata are shown, never interpreted by the terminal.
        sys.stdout.write(safe_text(text))

    put(f"{article['article_id']}  {article['title'] or '(untitled)'}\n")
    # An outlet or a date found in the file rather than given is marked "~", as the Library
    # and `info` mark it: never shown as certain.
    outlet, published = article["outlet"], article["published"]
    if outlet and article.get("outlet_source") in INFERRED_OUTLET_SOURCES:
        outlet += "~"
    if published and article.get("date_source") in INFERRED_DATE_SOURCES:
        published += "~"
    details = [outlet, article["author"], published or "date unknown", article["file"]]
    put(" · ".join(d for d in details if d) + "\n")
    put(
        f"{counted(article['sentences'], 'sentence')}, {counted(article['words'], 'word')}, "
        f"{counted(article['removed_spans'], 'boilerplate span')} removed\n"
    )
    if article["note"]:
        put(textwrap.fill(f"note: {article['note']}", width) + "\n")
    for _, group in sentences.group_by("paragraph_id", maintain_order=True):
        # Numbered as Compare and `workbench align` number them: #1 is sentence_id 0.
        marked = " ".join(
            f"#{row[0] + 1} {row[1]}" for row in group.select("sentence_id", "text").rows()
        )
        put("\n" + textwrap.fill(marked, width, break_on_hyphens=False) + "\n")
    if args.removed:
        removed = corpus.removed.filter(pl.col("article_id") == article_id)
        put(f"\nRemoved spans ({removed.height}):\n")
        for row in removed.iter_rows(named=True):
            text = " ".join(row["text"].split())
            if len(text) > 90:
                text = text[:89] + "…"
            put(f"  {row['start']:>6}-{row['end']:<6} {row['rule']} ({row['family']}): {text}\n")
    return 0
