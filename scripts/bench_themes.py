"""Measure theme matching on a corpus directory: wall time, CPU time, hits.

python bench/generate.py --n 10000 --out bench/data/n10000
python scripts/bench_themes.py bench/data/n10000 [--themes FILE] [--threshold 88]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from workbench.analysis.lexicon import load_lexicon, resolve_lexicon_path
from workbench.analysis.themes import DEFAULT_THRESHOLD, find_theme_hits
from workbench.corpus.ingest import load_corpus


def cpu_seconds() -> float:
    """User + system time of this process (all threads) and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--themes", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--repeat", type=int, default=3, help="runs (the best is reported)")
    args = parser.parse_args()
    corpus = load_corpus(args.corpus)
    lexicon = load_lexicon(resolve_lexicon_path(args.corpus, args.themes))
    phrases = sum(len(t.phrases) + len(t.exclusions) for t in lexicon.themes)
    words = corpus.articles["words"].sum()
    print(
        f"corpus: {corpus.articles.height:,} articles, {words:,} words, "
        f"{corpus.sentences.height:,} sentences; lexicon: {len(lexicon.themes)} themes, "
        f"{phrases} phrases"
    )
    best = None
    for _ in range(max(1, args.repeat)):
        wall, cpu = time.perf_counter(), cpu_seconds()
        hits = find_theme_hits(
            corpus.sentences, lexicon, threshold=args.threshold, documents=corpus.documents
        )
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"themes: {hits.height:,} hits in {hits.select('article_id', 'sentence_id').n_unique():,}"
        f" sentences; best of {args.repeat}: {best[0]:.2f} s wall, {best[1]:.2f} s CPU; "
        f"peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
