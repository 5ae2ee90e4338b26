"""The command line: ``workbench [CORPUS_DIR]`` opens the app; subcommands print or export tables.

Heavy imports (polars, textual) happen inside the command functions so that ``--version`` and
``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from workbench import __version__
from workbench.cli.options import add_engine_arguments, add_workspace_arguments
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
    "manifest",
    "split",
    "labels",
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


def _command(
    sub: argparse._SubParsersAction,
    name: str,
    help: str,
    *positionals: tuple[str, str] | tuple[str, str, tuple[str, ...]],
    printing: bool = False,
    threshold: bool = False,
    positional_corpus: bool = False,
    **parser_options: str,
) -> argparse.ArgumentParser:
    """A subcommand taking the workspace options (and ``--format`` when it prints a frame)."""
    parser = sub.add_parser(name, help=help, **parser_options)
    for dest, metavar, *choices in positionals:
        parser.add_argument(dest, metavar=metavar, choices=choices[0] if choices else None)
    add_workspace_arguments(parser, positional_corpus=positional_corpus, threshold=threshold)
    if printing:
        _format_arg(parser)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line said in one line (not its usage block)."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong and where help is, then exit with status 2."""
        _error(f"{message} (see `{self.prog} --help`)")
        sys.exit(2)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """argparse's, with arguments no command knows pointed at the command's own help
        (argparse reports them from the top parser, whose help does not list them)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            where = f"{self.prog} {command}" if command else self.prog
            _error(f"unrecognized arguments: {' '.join(extras)} (see `{where} --help`)")
            sys.exit(2)
        return parsed


def _exports_arg(
    parser: argparse.ArgumentParser,
    help: str = "where exports go (default: exports/ in the current directory)",
) -> None:
    parser.add_argument("--exports", type=Path, default=None, metavar="DIR", help=help)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(
        prog="workbench",
        description="Compare how a long-running story is told across years and outlets.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _command(
        sub, "open", "open the workbench on a corpus (the default command)", positional_corpus=True
    )
    _exports_arg(p)
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)

    _command(
        sub, "info", "one row per article: date, outlet, author, title, words, ...", printing=True
    )

    p = _command(sub, "show", "print a cleaned article with sentence numbers", ("article_id", "ID"))
    p.add_argument(
        "--removed",
        action="store_true",
        help="also list the spans removed as boilerplate, with their rules",
    )

    p = _command(sub, "themes", "theme hits per article and year", printing=True, threshold=True)
    p.add_argument("--hits", action="store_true", help="list every hit instead of the summary")

    p = _command(
        sub,
        "evaluate",
        "precision and recall of theme detection (gold file), or of the aligner (labels)",
        printing=True,
        threshold=True,
    )
    p.add_argument(
        "--gold",
        type=Path,
        default=None,
        metavar="FILE",
        help="gold annotations TOML (default: the corpus's themes_gold.toml)",
    )
    p.add_argument(
        "--by-method",
        action="store_true",
        help="one row per method (word, meaning, word+meaning) instead of one per theme",
    )
    p.add_argument(
        "--sweep",
        action="store_true",
        help="micro precision and recall over a range of thresholds, with and without typos",
    )
    p.add_argument(
        "--alignments",
        action="store_true",
        help="measure the aligner against the labels of pairs instead of the themes",
    )

    _command(
        sub,
        "align",
        "aligned sentence pairs of two articles",
        ("left_id", "ID1"),
        ("right_id", "ID2"),
        printing=True,
    )

    _command(sub, "phrases", "phrases that recur across articles and years", printing=True)

    _command(sub, "table", "print one comparison table", ("name", "NAME"), printing=True)

    p = _command(sub, "export", "write comparison tables to Parquet")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write to (made if missing)",
    )
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
    _exports_arg(p)

    p = _command(sub, "index", "build the on-disk index of a corpus ahead of time")
    add_engine_arguments(p)

    p = _command(
        sub,
        "manifest",
        "write the manifest that was inferred, to correct by hand",
        ("action", "write", ("write",)),
        description="Write CORPUS_DIR/manifest.toml with every article's id, file, title, "
        "outlet, author, date, url and language as they were given or inferred, and a note "
        "saying where each inferred value came from. This is the one command that writes into "
        "a corpus directory, and it writes that one file only: atomically, and never over an "
        "existing manifest unless --force is given. An archive corpus has no manifest.",
    )
    p.add_argument("--force", action="store_true", help="replace an existing manifest.toml")

    p = sub.add_parser(
        "split",
        help="cut news archives' exports into a corpus folder, one file per article",
        description="Cut exports of LexisNexis (a text file, '1 of 100 DOCUMENTS' over each "
        "article), Nexis Uni (Word, RTF or PDF, 'End of Document' under each) and Factiva "
        "(text, Word, RTF or PDF, 'Document ...' under each; or its HTML) and ProQuest (its "
        "text export, articles between lines of underscores) into a new corpus "
        "folder: one text file per article under OUT/articles/ and OUT/manifest.toml giving "
        "each its title, outlet, date and author from its header. OUT must not exist; it "
        "appears whole or not at all. The exports are only read. A folder given as EXPORT "
        "stands for the export files directly in it.",
    )
    p.add_argument("exports", nargs="+", type=Path, metavar="EXPORT")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="the new corpus folder")

    p = _command(
        sub,
        "labels",
        "the labels of aligned pairs: export, import, log",
        ("action", "export|import|log", ("export", "import", "log")),
        printing=True,
        description="Labels say of a sentence pair that the two make the same point, are "
        "related or unrelated. They are kept per corpus in the data folder (--data DIR), "
        "shared by every session. export writes them (.parquet, .csv or .jsonl by the file's "
        "suffix), import merges a file written by export (the newer judgement of a pair wins), "
        "log prints every change ever made.",
    )
    p.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE")
    p.add_argument("--force", action="store_true", help="export: overwrite an existing file")

    p = sub.add_parser(
        "serve",
        help="serve the workbench to a team over SSH",
        description="Serve the workbench over SSH: every session opens the workspace the "
        "options below describe (--corpus, --themes, --cache, --data, ...), as `workbench open` "
        "would with them, so that the whole team shares one data folder of labels and one index.",
    )
    p.add_argument("--ssh", action="store_true", required=True, help="serve over SSH")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=2222, help="port to listen on (default: 2222)")
    p.add_argument(
        "--authorized-keys",
        type=Path,
        required=True,
        metavar="FILE",
        help="the public keys allowed in, one per line (OpenSSH authorized_keys format)",
    )
    p.add_argument(
        "--host-key",
        type=Path,
        default=None,
        metavar="FILE",
        help="the server's private host key (default: one generated and kept in the user's "
        "data folder)",
    )
    add_workspace_arguments(p)
    _exports_arg(p, "where sessions write exports (default: exports/ beside the corpus)")
    p.add_argument(
        "--max-sessions",
        type=int,
        default=8,
        metavar="N",
        help="sessions at once; more are turned away (default: 8)",
    )
    return parser


_OWN_OPTIONS = ("-h", "--help", "--version")  # what ``workbench`` takes before a command


def _normalize_argv(argv: Sequence[str]) -> list[str]:
    """``workbench``, ``workbench DIR`` and ``workbench --corpus DIR …`` (any options of
    ``open``) mean ``workbench open …``."""
    args = list(argv)
    if args and (args[0] in COMMANDS or args[0] in _OWN_OPTIONS):
        return args
    return ["open", *args]


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line parsed, ``open`` filled in where no command is named."""
    return build_parser().parse_args(_normalize_argv(argv))


def _not_built(args: argparse.Namespace) -> int:
    raise WorkbenchError(f"the '{args.command}' command is not available in this build")


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable]:
    """Register a function as the handler of a subcommand."""

    def register(func: Callable[[argparse.Namespace], int]) -> Callable:
        HANDLERS[name] = func
        return func

    return register


def _prepare_streams() -> str | None:
    """Make stdout and stderr unable to fail on encoding; a message if stdout is closed.

    With ``PYTHONIOENCODING=ascii`` or a C locale, what cannot be encoded is written as
    backslash escapes rather than ending the command with a traceback.
    """
    if sys.stderr is None:  # started with stderr closed: messages have nowhere to go
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")
    if sys.stdout is None:
        return "standard output is closed; give the command somewhere to write (e.g. > FILE)"
    return None


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so that the exit-time flush of what is left cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _error(message: str) -> None:
    from workbench.text_safety import safe_text

    print(f"workbench: error: {safe_text(message, multiline=False)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbench`` console script; returns the exit status."""
    closed = _prepare_streams()
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if closed is not None and args.command != "serve":  # the server writes only its log
        _error(closed)
        return 2
    import workbench.cli.commands  # noqa: F401  (its modules register the handlers)

    handler = HANDLERS.get(args.command, _not_built)
    try:
        status = handler(args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
        return status
    except WorkbenchError as error:
        _error(str(error))
        return 2
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        _silence_stdout()
        return 0
    except OSError as error:
        # Anything the core did not turn into a WorkbenchError: the output could not be written
        # (a full disk, /dev/full, a closed terminal) or a file went away under us.
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        _silence_stdout()
        _error(f"{where}{error.strerror or error}")
        return 2
