"""The analysis of a generated corpus measured against a reference tree on this machine.

    python bench/against.py [--reference REV] [--rounds 3] [--size 10000] [--seed 1] \\
        [--stated-full SECONDS] [--stated-difflib RATIO] [--json FILE]

Machines differ by more than a change does (one tree's full analysis of 10,000 articles has
taken 26 s on one machine and 35 s on another), so a target set in seconds on one machine is
read on another through a reference: the tree the target was measured on. The reference (a
git worktree of REV in a temporary directory, removed afterwards) and the working tree each run
``bench/run.py``'s analysis worker on the same generated corpus, one after the other, ``--rounds``
times; the medians of each step and their ratios are printed. ``--stated-full`` (the reference's
full analysis on the machine where the target was set) scales the working tree's median to that
machine; ``--stated-difflib`` (the reference's ratio to difflib there) does the same for the
ratio of a pair alignment to difflib's.

The default reference, 42f8210, is the tree whose full analysis of 10,000 articles took 21.8 s,
a pair alignment ~107 times faster than difflib's, where the targets of 30 s and 300 times were
set (docs/scale.md); those stated figures are used at 10,000 articles unless given.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import corpus_for, machine  # noqa: E402  (bench/run.py)

REFERENCE = "42f8210"
STATED_FULL_S = 21.8
STATED_DIFFLIB = 107.0

# (label, how a figure is read from a worker's result)
STEPS = (
    ("ingest (s)", lambda r: r["ingest_s"]),
    ("theme matching (s)", lambda r: r["themes_s"]),
    ("recurring phrases (s)", lambda r: r["phrases_s"]),
    ("alignments (s)", lambda r: r["per_table_s"]["alignments"]),
    ("similarity (s)", lambda r: r["per_table_s"]["similarity"]),
    ("full analysis (s)", lambda r: r["full_s"]),
    ("peak memory, analysis (MB)", lambda r: r["analysis_peak_rss_mb"]),
    ("pair alignment p50 (ms)", lambda r: r["pair_p50_ms"]),
    ("difflib / ours (×)", lambda r: r["difflib_ratio"]),
)


def _analysis(tree: Path, corpus: Path, n: int, seed: int) -> dict:
    """One run of ``tree``'s analysis worker on ``corpus``, importing ``tree``'s code."""
    runner = tree / "bench" / "run.py"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    command = [sys.executable, str(runner), "--worker", "analysis", "--corpus", str(corpus)]
    command += ["--n", str(n), "--seed", str(seed), "--repeats", "1", "--result", str(result)]
    if "--no-index" in runner.read_text(encoding="utf-8"):
        command.append("--no-index")  # the index is not compared: half the run's time
    environment = dict(os.environ, PYTHONPATH=str(tree))
    try:
        completed = subprocess.run(command, cwd=tree, env=environment, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"against: the analysis of {tree} exited with {completed.returncode}")
        return json.loads(result.read_text(encoding="utf-8"))
    finally:
        with contextlib.suppress(OSError):
            result.unlink()


def _worktree(revision: str, parent: Path) -> Path:
    """A detached git worktree of ``revision`` under ``parent``."""
    tree = parent / "reference"
    completed = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), revision],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()[-1:] or ["git worktree add failed"]
        raise SystemExit(f"against: reference {revision!r}: {message[0]}")
    return tree


def _median(results: list[dict], read) -> float | None:
    values = []
    for result in results:
        with contextlib.suppress(KeyError, TypeError):
            values.append(float(read(result)))
    return statistics.median(values) if values else None


def _figure(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def render(
    reference: list[dict],
    current: list[dict],
    stated_full: float | None = None,
    stated_difflib: float | None = None,
) -> str:
    """The medians of both trees side by side, their ratios, and the figures scaled to where
    the reference's were stated."""
    lines = [
        "| | reference | working tree | working / reference |",
        "| --- | ---: | ---: | ---: |",
    ]
    medians = {}
    for label, read in STEPS:
        mine, theirs = _median(current, read), _median(reference, read)
        medians[label] = (theirs, mine)
        ratio = f"{mine / theirs:.3f}" if mine is not None and theirs else "—"
        lines.append(f"| {label} | {_figure(theirs)} | {_figure(mine)} | {ratio} |")
    theirs, mine = medians["full analysis (s)"]
    if theirs and mine is not None and stated_full:
        lines.append("")
        lines.append(
            f"full analysis where the reference took {stated_full:g} s: "
            f"{mine / theirs * stated_full:.1f} s"
        )
    theirs, mine = medians["difflib / ours (×)"]
    if theirs and mine is not None and stated_difflib:
        lines.append(
            f"difflib / ours where the reference's was {stated_difflib:g}×: "
            f"{mine / theirs * stated_difflib:.0f}×"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=REFERENCE, metavar="REV")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each tree (default: 3)")
    parser.add_argument("--size", type=int, default=10_000, help="articles (default: 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, metavar="DIR")
    parser.add_argument(
        "--stated-full",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"the reference's full analysis where a target was set (default at 10,000 "
        f"articles: {STATED_FULL_S:g})",
    )
    parser.add_argument(
        "--stated-difflib",
        type=float,
        default=None,
        metavar="RATIO",
        help=f"the reference's difflib / ours there (default at 10,000: {STATED_DIFFLIB:g})",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="FILE")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.size == 10_000:  # the size the stated figures are of
        args.stated_full = args.stated_full or STATED_FULL_S
        args.stated_difflib = args.stated_difflib or STATED_DIFFLIB

    print(f"machine: {machine()}", file=sys.stderr)
    corpus, _ = corpus_for(args.size, args.seed, args.data)
    reference: list[dict] = []
    current: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="wb-against-") as scratch:
        tree = _worktree(args.reference, Path(scratch))
        try:
            for number in range(1, args.rounds + 1):
                for name, tree_used, results in (
                    ("reference", tree, reference),
                    ("working tree", ROOT, current),
                ):
                    print(f"round {number}: {name}", file=sys.stderr)
                    results.append(_analysis(tree_used, corpus, args.size, args.seed))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                capture_output=True,
                check=False,
            )
    if args.json:
        figures = {"reference": args.reference, "rounds": {"reference": reference}}
        figures["rounds"]["working tree"] = current
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    print(render(reference, current, args.stated_full, args.stated_difflib))
    return 0


if __name__ == "__main__":
    sys.exit(main())
