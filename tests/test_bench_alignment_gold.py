"""bench/alignment_gold.py on the hand-marked article pairs: the default min score does well."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bench_support import load_bench

from workbench.analysis.scoring import DEFAULT_MIN_SCORE
from workbench.options import WorkspaceOptions
from workbench.workspace import Workspace

alignment_gold = load_bench("alignment_gold")


def test_the_default_min_score_aligns_the_marked_pairs_far_better_than_a_paraphrase_one(
    tmp_path: Path,
):
    with alignment_gold.GOLD.open("rb") as stream:
        pairs = tomllib.load(stream)["pair"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    marked = alignment_gold.write_corpus(pairs, corpus)
    assert len(marked) == sum(len(pair["same"]) for pair in pairs) >= 12
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    default, paraphrase = alignment_gold.sweep(workspace, pairs, marked, [DEFAULT_MIN_SCORE, 67.0])
    assert default["f1"] >= 0.65 and default["precision"] >= 0.65
    assert paraphrase["f1"] < 0.2
    assert default["proposed"] > paraphrase["proposed"]
