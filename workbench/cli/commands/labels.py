"""Subcommand ``labels``: export, import and the log of the analysts' judgements of pairs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.options import open_workspace
from workbench.cli.parser import command
from workbench.errors import WorkbenchError
from workbench.wording import counted

LABEL_FORMATS = (".parquet", ".csv", ".jsonl")


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in LABEL_FORMATS:
        raise WorkbenchError(f"{path}: give a file ending in {', '.join(LABEL_FORMATS)}")
    return suffix


@command("labels")
def labels_command(args: argparse.Namespace) -> int:
    """Export, import or list the labels of a corpus's aligned pairs."""
    from workbench.cli.output import write_frame

    if args.action in ("export", "import") and args.file is None:
        raise WorkbenchError(f"labels {args.action} needs a FILE")
    if args.action == "log" and args.file is not None:  # never a file quietly not written
        raise WorkbenchError(
            f"labels log prints the log and takes no FILE ({args.file}); "
            "`--format csv > FILE` keeps it"
        )
    if args.action == "export":
        _format_of(args.file)
    workspace = open_workspace(args)
    store = workspace.labels
    if args.action == "log":
        write_frame(store.log(), args.format, sys.stdout)
        return 0
    if args.action == "export":
        from workbench.store.labels_io import write_labels

        frame = workspace.table("labels")
        path = write_labels(workspace, frame, args.file, overwrite=args.force)
        print(f"{counted(frame.height, 'label')} → {path}")
        return 0
    from workbench.store.labels_io import read_labels

    written, kept = store.import_frame(read_labels(args.file))
    imported = counted(written, "label")
    print(f"{imported} imported, {kept:,} kept (already as new or newer) → {store.path}")
    return 0
