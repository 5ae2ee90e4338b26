"""Measure ingest of a corpus directory: wall time, CPU time (workers included), sizes.

python bench/generate.py --n 10000 --out bench/data/n10000
python scripts/bench_ingest.py bench/data/n10000 [--serial]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import workbench.corpus.ingest as ingest


def cpu_seconds() -> float:
    """User + system time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--serial", action="store_true", help="no worker processes")
    args = parser.parse_args()
    if args.serial:
        ingest.POOL_THRESHOLD = 10**9
    wall, cpu = time.perf_counter(), cpu_seconds()
    corpus = ingest.load_corpus(args.corpus)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    words = corpus.articles["words"].sum()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ingest: {corpus.articles.height} articles, {words:,} words, "
        f"{corpus.sentences.height:,} sentences, {corpus.removed.height:,} removed spans, "
        f"{len(corpus.warnings)} warnings"
    )
    print(
        f"wall {wall:.1f} s, cpu {cpu:.1f} s ({cpu / max(corpus.articles.height, 1) * 1000:.2f} "
        f"ms per article), peak rss (parent) {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
