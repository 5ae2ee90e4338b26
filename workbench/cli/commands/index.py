"""Subcommands: index (build the on-disk index of a corpus ahead of time)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from workbench.cli.options import open_workspace, workspace_options
from workbench.cli.parser import command
from workbench.errors import WorkbenchError
from workbench.wording import counted


class ProgressBar:
    """A one-line text progress bar on a terminal; plain stage lines when not a terminal.

    Nothing is shown for the first ``HOLD`` seconds: an index found up to date (checked in a
    fraction of a second) shows no stage, ``close(shown=False)`` dropping the stages held back;
    a longer run shows them, those already done as done.
    """

    HOLD = 2.0

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        # sys.stderr is looked up now, not at import: it may have been replaced since.
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.live = self.stream.isatty()
        self._stage: str | None = None
        self._shown = -1
        self._started = time.monotonic()
        self._held: list[str] | None = []  # stages seen while holding; None once shown

    def update(self, stage: str, fraction: float) -> None:
        """Show ``stage`` at ``fraction`` (0–1) done."""
        fraction = min(1.0, max(0.0, fraction))
        if self._held is not None:
            if time.monotonic() - self._started < self.HOLD:
                if stage not in self._held:
                    self._held.append(stage)
                return
            self._release(current=stage)
        if not self.live:
            if stage != self._stage:
                self._stage = stage
                print(f"  {stage} ...", file=self.stream, flush=True)
            return
        self._draw(stage, fraction)

    def _draw(self, stage: str, fraction: float) -> None:
        """Draw the bar of ``stage`` on the terminal (a new line for a new stage)."""
        percent = int(fraction * 100)
        if stage == self._stage and percent == self._shown:
            return
        if self._stage is not None and stage != self._stage:
            self.stream.write("\n")
        self._stage, self._shown = stage, percent
        filled = int(fraction * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r  {stage:<24.24} [{bar}] {percent:3d}%")
        self.stream.flush()

    def _release(self, current: str | None) -> None:
        """Show the stages held back, done (but ``current``, going on), and the rest as they
        come."""
        held, self._held = self._held or [], None
        for stage in held:
            if stage != current:
                self.update(stage, 1.0)

    def tasks(self, stage: str, done: int, total: int) -> None:
        """Show a pipeline stage with ``done`` of its ``total`` tasks (partitions) finished."""
        self.update(stage, done / total if total else 1.0)

    def close(self, shown: bool = True) -> None:
        """End the bar's line; ``shown=False``: drop the stages still held back."""
        if shown:
            self._release(current=None)
        self._held = None
        if self.live and self._stage is not None:
            self.stream.write("\n")
            self.stream.flush()


def _size_of(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


@command("index")
def index_command(args: argparse.Namespace) -> int:
    """Build the cache of a corpus: its ingested documents and every table."""
    from workbench.analysis.tables import stored_table_names
    from workbench.cli.output import print_warnings
    from workbench.corpus.ingest import check_corpus_dir
    from workbench.pipeline.engines import engine_name
    from workbench.store.index import cache_dir_for, check_cache_location, current_snapshot
    from workbench.text_safety import safe_text

    if args.no_cache:
        raise WorkbenchError("index: --no-cache leaves nothing to build")
    options = workspace_options(args)
    root = options.cache_root
    if root is not None and Path(root).exists() and not Path(root).is_dir():
        raise WorkbenchError(f"--cache {root} is not a directory; give a directory for the index")
    corpus_dir = check_corpus_dir(options.corpus_path)
    cache_dir = cache_dir_for(corpus_dir, options.cache_root)
    check_cache_location(cache_dir, corpus_dir)

    names = stored_table_names()  # labels are read fresh, never stored
    snapshot_before = current_snapshot(cache_dir)
    started = time.perf_counter()
    bar = ProgressBar()
    try:
        workspace = open_workspace(args, progress=bar.update)
        try:
            workspace.compute(names, bar.tasks)
        finally:
            workspace.close()
    except BaseException:
        bar.close()
        raise
    elapsed = time.perf_counter() - started
    computed = workspace.tables_computed
    fresh = current_snapshot(cache_dir) == snapshot_before and computed == 0
    bar.close(shown=not fresh)  # an index up to date went through no stage worth a line

    errors = workspace.cache_errors
    print_warnings(errors)
    articles = workspace.corpus.articles.height
    size = _size_of(cache_dir) if cache_dir.is_dir() else 0
    print(f"index: {safe_text(str(cache_dir), multiline=False)}")
    partitions = workspace.partitions
    if errors:
        # Computing is not building: a summary never claims an index it could not write.
        errors_said = counted(len(errors), "error")
        done = f"not written: {errors_said} writing the index (see the warnings above)"
    elif fresh:
        done = f"up to date, checked in {elapsed:.1f} s"
    elif workspace.partitioned:  # even in one partition its count is of tasks, not tables
        engine = engine_name(workspace.options.engine) if partitions > 1 else "local"
        done = f"built in {elapsed:.1f} s ({counted(computed, 'task')} run on {engine})"
    else:
        done = f"built in {elapsed:.1f} s ({computed} of {len(names)} tables computed)"
    where = f", {partitions} partitions" if partitions > 1 else ""
    said = f"{counted(articles, 'article')}{where}, {len(names)} tables, {size / 1e6:.1f} MB"
    print(f"  {said}, {done}")
    return 1 if errors else 0
