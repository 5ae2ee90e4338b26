"""Subcommand: ``manifest write`` (the manifest that was inferred, for correcting by hand)."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.options import open_workspace, workspace_options
from workbench.cli.parser import command
from workbench.errors import WorkbenchError
from workbench.store.parquet import write_text_new


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
    write_text_new(path, manifest_text(articles, header), force=args.force)
    print(f"wrote {path} ({articles.height} articles)", file=sys.stderr)
    return 0
