"""Subcommand: ``manifest write`` (the manifest that was inferred, for correcting by hand)."""

from __future__ import annotations

import argparse
import sys

import polars as pl

from workbench.cli.options import open_workspace, workspace_options
from workbench.cli.output import print_warnings
from workbench.cli.parser import command
from workbench.errors import WorkbenchError
from workbench.store.parquet import write_text_new
from workbench.wording import counted


@command("manifest")
def manifest_command(args: argparse.Namespace) -> int:
    """Write the corpus's manifest.toml from what is known and was inferred."""
    from workbench import __version__
    from workbench.corpus.manifest import MANIFEST_NAME
    from workbench.corpus.manifest_text import manifest_text

    options = workspace_options(args)
    if options.corpus is None:
        raise WorkbenchError("manifest write: name the corpus with --corpus DIR")
    corpus = options.corpus_path
    if corpus.is_file():
        raise WorkbenchError(
            f"{corpus} is an archive: its metadata is in its columns, there is no manifest to write"
        )
    path = corpus / MANIFEST_NAME
    if path.exists() and not args.force:
        raise WorkbenchError(f"{path} exists; pass --force to replace it")
    articles = open_workspace(args).corpus.articles
    header = (
        f"Written by workbench {__version__} (`workbench manifest write`) from what the files\n"
        "carry and what was inferred from them. Correct it by hand: it now takes precedence\n"
        "over the metadata sidecar, the pages' own metadata and inference."
    )
    # A manifest reads "\\" as a folder separator (paths written on Windows), and a name that
    # is not UTF-8 is known here only as shown ("caf\\xe9.txt"): such files cannot be named in
    # it, and stay read as they are (with what is inferred), unlisted.
    nameable = ~pl.col("file").str.contains("\\", literal=True)
    unnamed, articles = articles.filter(~nameable), articles.filter(nameable)
    write_text_new(path, manifest_text(articles, header), force=args.force)
    print(f"wrote {path} ({counted(articles.height, 'article')})", file=sys.stderr)
    if unnamed.height:
        names = ", ".join(unnamed["file"].head(3).to_list())
        more = f" and {unnamed.height - 3} more" if unnamed.height > 3 else ""
        print_warnings(
            [
                "left out of the manifest, their names holding a backslash or bytes that are "
                f"not UTF-8 (a manifest cannot name them): {names}{more}"
            ]
        )
    return 0
