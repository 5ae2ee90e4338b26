"""Subcommands that open the interface: ``open`` (the default) and ``compare``."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from workbench.cli.options import workspace_options
from workbench.cli.parser import command


def _needs_terminal() -> int | None:
    """Exit status 2 with a one-line message when there is no terminal to draw on."""
    from workbench.cli.terminal import check_terminal

    problem = check_terminal()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    return None


def _ended(code: int) -> int:
    """The app's exit status; the process ends here when only reading or computing is left
    in its worker threads (``tui.work.abandonable``).

    A thread cannot be stopped, and the interpreter waits for it at exit: minutes, for a table
    of a large corpus. Nothing it does is wanted once the user quit, and it writes nothing but
    index files that are renamed into place when complete.
    """
    from workbench.tui.work import abandonable

    if abandonable():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _check_corpus_exists(corpus: Path | None, named_alone: bool) -> None:
    """A corpus that is not there fails here, in one line, before the app takes the screen
    (``workbench infoo`` is more often a mistyped command than a folder)."""
    from workbench.corpus.ingest import check_corpus_dir
    from workbench.errors import WorkbenchError

    if corpus is None:
        return
    try:
        check_corpus_dir(corpus)
    except WorkbenchError as error:
        if os.path.lexists(corpus) or not named_alone or len(corpus.parts) != 1:
            raise
        from workbench.cli.parser import COMMANDS

        close = difflib.get_close_matches(str(corpus), COMMANDS, n=1)
        hint = f" (did you mean `workbench {close[0]}`?)" if close else " (`workbench --help`)"
        raise WorkbenchError(f"{error}{hint}") from None


@command("open")
def open_app(args: argparse.Namespace) -> int:
    """Open the workbench on a corpus."""
    options = workspace_options(args)
    if not getattr(args, "served", False):  # a served session shows what is wrong in the app
        _check_corpus_exists(options.corpus, getattr(args, "corpus_dir", None) is not None)
    if (status := _needs_terminal()) is not None:
        return status
    from workbench.tui.app import run_app

    return _ended(
        run_app(
            options,
            exports_dir=args.exports,
            served=getattr(args, "served", False),
        )
    )


@command("compare")
def compare_app(args: argparse.Namespace) -> int:
    """Open the workbench straight into Compare; unknown ids fail before the app starts (an id
    may be given by its beginning, as ``show`` and ``align`` take it)."""
    from workbench.cli.commands.corpus import resolve_article_id
    from workbench.errors import WorkbenchError

    if len(args.article_ids) < 2:
        raise WorkbenchError("compare needs at least two article ids")
    if len(args.article_ids) > 4:
        raise WorkbenchError("compare shows at most four articles side by side")
    twice = [i for n, i in enumerate(args.article_ids) if i in args.article_ids[:n]]
    if twice:
        raise WorkbenchError(f"compare: {twice[0]} given twice; name different articles")
    if (status := _needs_terminal()) is not None:
        return status
    from workbench.tui.app import run_app
    from workbench.workspace import Workspace

    def progress(step: str, fraction: float) -> None:
        print(f"\rworkbench: {step} {fraction:4.0%}".ljust(60), end="", file=sys.stderr, flush=True)

    try:
        workspace = Workspace.open(workspace_options(args), progress=progress)
    finally:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)
    known = workspace.table("articles")["article_id"].to_list()
    unknown = [
        given
        for given in args.article_ids
        if given not in known and not any(article_id.startswith(given) for article_id in known)
    ]
    if unknown:
        raise WorkbenchError(
            f"unknown article id {', '.join(unknown)} in {workspace.corpus.directory} "
            "(see `workbench info`)"
        )
    article_ids = [resolve_article_id(given, known) for given in args.article_ids]
    twice = [i for n, i in enumerate(article_ids) if i in article_ids[:n]]
    if twice:
        raise WorkbenchError(f"compare: {twice[0]} given twice; name different articles")
    return _ended(
        run_app(
            workspace.options,
            exports_dir=args.exports,
            start_compare=article_ids,
            workspace=workspace,
        )
    )
