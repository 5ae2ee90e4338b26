"""One way in: the workspace options every command takes, and the one place they are read."""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.options import EngineOptions, WorkspaceOptions
    from workbench.workspace import Workspace


def add_workspace_arguments(
    parser: argparse.ArgumentParser, *, positional_corpus: bool = False, threshold: bool = False
) -> None:
    """The options that say which workspace to open: corpus, lexicon, index."""
    if positional_corpus:
        parser.add_argument("corpus_dir", nargs="?", type=Path, default=None, metavar="CORPUS_DIR")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help="corpus directory, or an archive file with one article per row (.jsonl, .csv, "
        ".tsv, .parquet) (default: the bundled corpus)",
    )
    parser.add_argument(
        "--themes",
        type=Path,
        default=None,
        metavar="FILE",
        help="theme lexicon TOML (default: the corpus's themes.toml, else the bundled one)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="cache directory for the on-disk index (default: the platform cache dir)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the on-disk index"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="where labels of aligned pairs are kept (default: the platform data dir; "
        "point a team at one shared folder)",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="also read files that symbolic links lead to outside the corpus",
    )
    parser.add_argument(
        "--max-file-size",
        type=float,
        default=None,
        metavar="MB",
        help="skip article files larger than this (default: 20)",
    )
    parser.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="SCORE",
        help="the score (0-100) an aligned sentence pair must reach (default: 45 for two "
        "articles, 50 in the alignments table)",
    )
    if threshold:
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            metavar="SCORE",
            help="rapidfuzz score (0-100) a theme phrase must reach (default: 88)",
        )


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the analysis runs and how the index is partitioned (``index`` and ``export``)."""
    parser.add_argument(
        "--engine",
        choices=("auto", "local", "dask"),
        default="auto",
        help="where the analysis of a partitioned (large) corpus runs: in this process (local) "
        "or on a Dask cluster (dask); auto (the default): a Dask LocalCluster of one worker "
        "per core for a large corpus, this process for a small one",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="start a local Dask cluster of N worker processes (--engine dask; default: cores)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=None,
        metavar="N",
        help="partitions of the on-disk index (default: one per 2,500 articles above 5,000)",
    )


def engine_options(args: argparse.Namespace) -> EngineOptions:
    """The ``EngineOptions`` a parsed command line asks for (bad combinations: WorkbenchError)."""
    from workbench.options import EngineOptions
    from workbench.pipeline.engines import check_engine_options

    options = EngineOptions(
        name=getattr(args, "engine", None) or "local",  # only index and export take --engine
        scheduler=getattr(args, "scheduler", None),
        workers=getattr(args, "workers", None),
        partitions=getattr(args, "partitions", None),
    )
    check_engine_options(options)
    return options


def workspace_options(args: argparse.Namespace) -> WorkspaceOptions:
    """The ``WorkspaceOptions`` a parsed command line asks for (bad values: WorkbenchError)."""
    from workbench.corpus.listing import ReadPolicy
    from workbench.options import Settings, WorkspaceOptions

    corpus = getattr(args, "corpus", None)
    positional = getattr(args, "corpus_dir", None)
    if positional is not None:
        if corpus is not None and Path(corpus) != Path(positional):
            raise WorkbenchError(f"two corpora given: {positional} and --corpus {corpus}")
        corpus = positional
    settings = Settings()
    fields = {"threshold": ("theme_threshold",)}
    fields["min_score"] = ("align_threshold", "table_align_threshold")  # one flag sets both
    for flag, names in fields.items():
        value = getattr(args, flag, None)
        if value is None:
            continue
        if not 0 <= value <= 100:
            option = "--" + flag.replace("_", "-")
            raise WorkbenchError(f"{option} {value:g} is not between 0 and 100")
        settings = dataclasses.replace(settings, **dict.fromkeys(names, value))
    data = getattr(args, "data", None)
    if data is not None and data.exists() and not data.is_dir():
        raise WorkbenchError(f"data {data.resolve()}: not a directory (labels are kept in one)")
    reading = ReadPolicy(follow_symlinks=bool(getattr(args, "follow_symlinks", False)))
    size = getattr(args, "max_file_size", None)
    if size is not None:
        if not (size > 0 and math.isfinite(size)) or int(size * 2**20) < 1:
            raise WorkbenchError(f"--max-file-size {size:g} is not a positive number of MB")
        reading = ReadPolicy(reading.follow_symlinks, int(size * 2**20))
    engine = engine_options(args)
    asked = engine.name == "dask" or engine.partitions is not None
    if asked and corpus is not None and Path(corpus).is_file():
        raise WorkbenchError(
            f"{corpus}: an archive file is indexed whole; --partitions and --engine dask "
            "take a folder of article files"
        )
    return WorkspaceOptions(
        reading=reading,
        corpus=corpus,
        themes=getattr(args, "themes", None),
        cache_root=getattr(args, "cache", None),
        data_root=getattr(args, "data", None),
        use_cache=not getattr(args, "no_cache", False),
        settings=settings,
        engine=engine,
    )


def workspace_arguments(options: WorkspaceOptions) -> list[str]:
    """The workspace options of a command line that ``workspace_options`` reads back as these.

    The inverse of ``add_workspace_arguments`` and ``workspace_options`` (without
    ``--threshold``): how the SSH server hands each session the workspace it serves. Options
    that no command line of ``open`` can give are a ValueError.
    """
    from workbench.corpus.listing import ReadPolicy
    from workbench.options import EngineOptions, Settings

    arguments = [
        f"{flag}={value}"
        for flag, value in (
            ("--corpus", options.corpus),
            ("--themes", options.themes),
            ("--cache", options.cache_root),
            ("--data", options.data_root),
        )
        if value is not None
    ]
    if not options.use_cache:
        arguments.append("--no-cache")
    if options.reading.follow_symlinks:
        arguments.append("--follow-symlinks")
    size = options.reading.max_file_bytes
    if size != ReadPolicy().max_file_bytes:
        arguments.append(f"--max-file-size={size / 2**20!r}")
    settings, given = options.settings, Settings()
    if (settings.align_threshold, settings.table_align_threshold) != (
        given.align_threshold,
        given.table_align_threshold,
    ):
        arguments.append(f"--min-score={settings.align_threshold!r}")
        given = dataclasses.replace(
            given,
            align_threshold=settings.align_threshold,
            table_align_threshold=settings.align_threshold,
        )
    if settings != given or options.engine != EngineOptions():
        raise ValueError(f"no command line of `open` gives {settings} with {options.engine}")
    return arguments


def open_workspace(
    args: argparse.Namespace, progress: Callable[[str, float], None] | None = None
) -> Workspace:
    """The workspace a parsed command line asks for; the corpus's warnings go to stderr."""
    from workbench.cli.output import print_warnings
    from workbench.workspace import Workspace

    workspace = Workspace.open(workspace_options(args), progress=progress)
    print_warnings(workspace.corpus.warnings)
    return workspace
