"""Subcommand: ``manifest write`` (the manifest that was inferred, for correcting by hand)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from workbench.cli.options import open_workspace, workspace_options
from workbench.cli.parser import command
from workbench.errors import WorkbenchError


def write_new_file(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` atomically; an existing file is kept unless ``force``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the file appeared meanwhile: never overwritten
    except FileExistsError:
        raise WorkbenchError(f"{path} exists; pass --force to replace it") from None
    except OSError as error:
        raise WorkbenchError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


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
    write_new_file(path, manifest_text(articles, header), args.force)
    print(f"wrote {path} ({articles.height} articles)", file=sys.stderr)
    return 0
