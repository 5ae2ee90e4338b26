"""The command line: ``workbench [CORPUS_DIR]`` opens the app; subcommands print or export tables.

Heavy imports (polars, textual) happen inside the command functions so that ``--version`` and
``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import __version__
from workbench.cli.options import add_workspace_arguments
from workbench.errors import WorkbenchError

COMMANDS = (
    "info",
    "show",
    "themes",
    "evaluate",
    "align",
    "phrases",
    "table",
    "export",
    "compare",
    "index",
    "serve",
    "open",
)


def _format_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default: table)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Compare how a long-running story is told across years and outlets.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the workbench on a corpus (the default command)")
    add_workspace_arguments(p, positional_corpus=True)
    p.add_argument(
        "--exports",
        type=Path,
        default=None,
        metavar="DIR",
        help="where exports go (default: exports/ in the current directory)",
    )
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser("info", help="one row per article: date, outlet, title, words, ...")
    add_workspace_arguments(p)
    _format_arg(p)

    p = sub.add_parser("show", help="print a cleaned article with sentence numbers")
    p.add_argument("article_id", metavar="ID")
    add_workspace_arguments(p)
    p.add_argument(
        "--removed",
        action="store_true",
        help="also list the spans removed as boilerplate, with their rules",
    )

    p = sub.add_parser("themes", help="theme hits per article and year")
    add_workspace_arguments(p, threshold=True)
    _format_arg(p)
    p.add_argument("--hits", action="store_true", help="list every hit instead of the summary")

    p = sub.add_parser("evaluate", help="precision and recall of theme detection (gold file)")
    add_workspace_arguments(p, threshold=True)
    _format_arg(p)
    p.add_argument(
        "--gold",
        type=Path,
        default=None,
        metavar="FILE",
        help="gold annotations TOML (default: the bundled corpus's gold file)",
    )
    p.add_argument(
        "--sweep",
        action="store_true",
        help="micro precision and recall over a range of thresholds, with and without typos",
    )

    p = sub.add_parser("align", help="aligned sentence pairs of two articles")
    p.add_argument("left_id", metavar="ID1")
    p.add_argument("right_id", metavar="ID2")
    add_workspace_arguments(p)
    _format_arg(p)

    p = sub.add_parser("phrases", help="phrases that recur across articles and years")
    add_workspace_arguments(p)
    _format_arg(p)

    p = sub.add_parser("table", help="print one comparison table")
    p.add_argument("name", metavar="NAME")
    add_workspace_arguments(p)
    _format_arg(p)

    p = sub.add_parser("export", help="write comparison tables to Parquet")
    add_workspace_arguments(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument(
        "--tables",
        default=None,
        metavar="a,b,...",
        help="comma-separated table names (default: all)",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    add_engine_arguments(p)

    p = sub.add_parser("compare", help="open the workbench straight into Compare")
    p.add_argument("article_ids", nargs="+", metavar="ID")
    add_workspace_arguments(p)
    p.add_argument("--exports", type=Path, default=None, metavar="DIR")

    p = sub.add_parser("index", help="build the on-disk index of a corpus ahead of time")
    add_workspace_arguments(p)
    add_engine_arguments(p)

    p = sub.add_parser("serve", help="serve the workbench to a team over SSH")
    p.add_argument("--ssh", action="store_true", required=True, help="serve over SSH")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=2222)
    p.add_argument("--authorized-keys", type=Path, required=True, metavar="FILE")
    p.add_argument("--host-key", type=Path, default=None, metavar="FILE")
    p.add_argument("--corpus", type=Path, default=None, metavar="DIR")
    p.add_argument("--themes", type=Path, default=None, metavar="FILE")
    p.add_argument("--exports", type=Path, default=None, metavar="DIR")
    p.add_argument("--max-sessions", type=int, default=8, metavar="N")
    return parser


def _normalize_argv(argv: Sequence[str]) -> list[str]:
    """``workbench`` and ``workbench DIR`` mean ``workbench open [DIR]``."""
    args = list(argv)
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None:
        if any(a in ("-h", "--help", "--version") for a in args):
            return args
        return ["open", *args]
    if first not in COMMANDS:
        index = args.index(first)
        return [*args[:index], "open", *args[index:]]
    return args


def _not_built(args: argparse.Namespace) -> int:
    raise WorkbenchError(f"the '{args.command}' command is not available in this build")


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable]:
    """Register a function as the handler of a subcommand."""

    def register(func: Callable[[argparse.Namespace], int]) -> Callable:
        HANDLERS[name] = func
        return func

    return register


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbench`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(_normalize_argv(sys.argv[1:] if argv is None else argv))
    import workbench.cli.commands  # noqa: F401  (its modules register the handlers)

    handler = HANDLERS.get(args.command, _not_built)
    try:
        return handler(args)
    except WorkbenchError as error:
        print(f"workbench: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        return 0
