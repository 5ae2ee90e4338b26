"""Subcommands: align, phrases, table, export."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.options import open_workspace, workspace_options
from workbench.cli.parser import command


def _print(frame, args: argparse.Namespace) -> None:
    from workbench.cli.output import write_frame

    write_frame(frame, args.format, sys.stdout)


@command("align")
def align_command(args: argparse.Namespace) -> int:
    """Print the aligned sentence pairs of two articles."""
    import polars as pl

    from workbench.cli.commands.corpus import resolve_article_id
    from workbench.errors import WorkbenchError
    from workbench.text_safety import safe_text

    workspace = open_workspace(args)
    known = workspace.corpus.articles["article_id"].to_list()
    left_id, right_id = (
        resolve_article_id(given, known) for given in (args.left_id, args.right_id)
    )
    if left_id == right_id:
        raise WorkbenchError(f"align: {left_id} given twice; name two different articles")
    pairs = workspace.align(left_id, right_id)
    if args.format == "table":
        pairs = pairs.select(
            pl.col("left_sentence") + 1,
            pl.col("right_sentence") + 1,
            "score",
            "lexical",
            "semantic",
            "shared_themes",
            "label",
            "left_text",
            "right_text",
        ).rename({"left_sentence": "left_#", "right_sentence": "right_#"})
    _print(pairs, args)
    if pairs.is_empty() and args.format == "table":
        print(
            f"no sentence pair of {safe_text(left_id)} and {safe_text(right_id)} "
            f"reaches the min score ({workspace.settings.align_threshold:g}; "
            "--min-score lowers it)",
            file=sys.stderr,
        )
    return 0


@command("phrases")
def phrases_command(args: argparse.Namespace) -> int:
    """Print the phrases that recur across articles and years."""
    frame = open_workspace(args).table("recurring_phrases")
    if args.format == "table":
        frame = frame.select(
            "phrase", "variants", "articles", "first_year", "last_year", "occurrences"
        )
    _print(frame, args)
    return 0


@command("table")
def table_command(args: argparse.Namespace) -> int:
    """Print one comparison table."""
    from workbench.analysis.tables import check_table_names, why_empty

    check_table_names([args.name])
    workspace = open_workspace(args)
    frame = workspace.table(args.name)
    _print(frame, args)
    if frame.is_empty():  # said on stderr, the output stays the table's
        minimum = workspace.settings.table_align_threshold
        print(
            f"{args.name}: {why_empty(args.name, workspace.corpus.articles, minimum)}",
            file=sys.stderr,
        )
    return 0


@command("export")
def export_command(args: argparse.Namespace) -> int:
    """Write comparison tables to Parquet files in a directory."""
    from workbench.store.export import export_tables, export_targets, parse_table_names
    from workbench.text_safety import safe_text

    # Bad names or a bad directory are reported before the corpus is read (the directory made
    # only once there is a table to write: a refused export leaves nothing behind).
    names = parse_table_names(args.tables)
    corpus = workspace_options(args).corpus_path
    export_targets(args.out, names, force=args.force, create=False, corpus=corpus)
    workspace = open_workspace(args)
    try:
        if workspace.partitions > 1 or workspace.options.engine.name == "dask":
            # A partitioned index: every table's stages in one run of the engine, with progress.
            from workbench.cli.commands.index import ProgressBar

            bar = ProgressBar()
            try:
                workspace.compute(names, bar.tasks)
            finally:
                bar.close()
        # Each file said as soon as it is written: an export cut short says what it wrote.
        export_tables(
            workspace,
            args.out,
            names,
            force=args.force,
            written=lambda path: print(safe_text(str(path), multiline=False), flush=True),
        )
    finally:
        workspace.close()
    return 0
