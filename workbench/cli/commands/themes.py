"""Subcommands: ``themes`` (theme summary or every hit) and ``evaluate`` (precision / recall)."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.options import open_workspace
from workbench.cli.parser import command
from workbench.wording import counted


@command("themes")
def themes(args: argparse.Namespace) -> int:
    """Print one row per theme (articles, hits, years, top phrases), or every hit."""
    from workbench.analysis.themes import theme_summary
    from workbench.cli.output import write_frame

    workspace = open_workspace(args)
    hits = workspace.table("theme_hits")
    corpus, lexicon = workspace.corpus, workspace.lexicon
    frame = hits if args.hits else theme_summary(hits, corpus.articles, lexicon)
    write_frame(frame, args.format, sys.stdout)
    return 0


@command("evaluate")
def evaluate(args: argparse.Namespace) -> int:
    """Print per-theme precision, recall, F1 and support against a gold file.

    Hits are found by words and by meaning (the gold articles' sentences are embedded);
    ``--by-method`` prints one row per method instead of one per theme.
    """
    import polars as pl

    from workbench.analysis.embeddings import embed_sentences
    from workbench.analysis.evaluate import (
        SWEEP_THRESHOLDS,
        evaluate,
        evaluate_by_method,
        load_gold,
        resolve_gold_path,
        threshold_sweep,
    )
    from workbench.analysis.themes import find_theme_hits
    from workbench.cli.output import write_frame

    workspace = open_workspace(args)
    if args.alignments:
        return _evaluate_alignments(workspace, args)
    gold_path = resolve_gold_path(workspace.corpus.directory, args.gold)
    gold = load_gold(gold_path)
    corpus, lexicon = workspace.corpus, workspace.lexicon
    if args.sweep:
        frame = threshold_sweep(
            corpus.sentences, lexicon, gold, SWEEP_THRESHOLDS, documents=corpus.documents
        )
    else:
        scored = corpus.sentences.filter(pl.col("article_id").is_in(list(gold.article_ids)))
        hits = find_theme_hits(
            scored,
            lexicon,
            threshold=workspace.settings.theme_threshold,
            documents=corpus.documents,
            embeddings=embed_sentences(scored),
        )
        if args.by_method:
            frame = evaluate_by_method(hits, corpus.sentences, gold, themes=lexicon.ids)
        else:
            frame = evaluate(hits, corpus.sentences, gold, themes=lexicon.ids)
    print(
        f"gold {gold_path} ({counted(len(gold.sentences), 'annotation')}, "
        f"{counted(len(gold.article_ids), 'article')}) · "
        f"lexicon {lexicon.source or '(inline)'} [{lexicon.fingerprint}] · "
        f"threshold {workspace.settings.theme_threshold:g}",
        file=sys.stderr,
    )
    write_frame(frame, args.format, sys.stdout)
    return 0


def _evaluate_alignments(workspace, args: argparse.Namespace) -> int:
    """Print the aligner's precision and recall against the labels, and the best min score."""
    import polars as pl

    from workbench.cli.output import write_frame

    result = workspace.evaluate_alignments()
    if result.empty:
        print(
            "no labelled pairs yet: label pairs in Compare (or `workbench labels import FILE`), "
            "then measure again",
            file=sys.stderr,
        )
        return 0
    rows = [dict(result.at_min_score, figure="at min score")]
    if result.best is not None:
        rows.append(dict(result.best, figure="best min score"))
    frame = pl.DataFrame(rows).select("figure", *result.sweep.columns)
    print(
        f"{result.labelled} labelled pairs ({result.positives} same or related, "
        f"{result.negatives} unrelated) · precision among the proposed pairs that were "
        "labelled · recall of the pairs labelled same or related",
        file=sys.stderr,
    )
    write_frame(frame, args.format, sys.stdout)
    return 0
