"""Every table gives the same rows in the same order on every run (ties have tie-breakers)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from bench_support import load_generator

from workbench.analysis.corpus_align import align_corpus
from workbench.analysis.similarity import similarity
from workbench.analysis.tables import TABLES
from workbench.options import WorkspaceOptions
from workbench.workspace import Workspace

GENERATED_ARTICLES = 160
RUNS = 3


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "corpus"
    load_generator().write_corpus(out, GENERATED_ARTICLES, seed=5)
    return out


def fresh_workspace(corpus: Path | None) -> Workspace:
    """A workspace that computes everything anew: no index read or written."""
    return Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))


def assert_same(frames: list[pl.DataFrame], what: str) -> None:
    first = frames[0]
    for run, frame in enumerate(frames[1:], start=2):
        assert frame.height == first.height, f"{what}: {first.height} rows, then {frame.height}"
        assert frame.equals(first), f"{what}: run {run} differs from run 1"


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
def test_every_table_is_the_same_in_fresh_workspaces(
    corpus: str, generated_corpus: Path, request: pytest.FixtureRequest
) -> None:
    directory = None if corpus == "bundled" else generated_corpus
    workspaces = [fresh_workspace(directory) for _ in range(2)]
    for name in TABLES:
        assert_same([workspace.table(name) for workspace in workspaces], f"{corpus} {name}")


def test_similarity_top_neighbours_are_the_same_every_run(generated_corpus: Path) -> None:
    corpus = fresh_workspace(generated_corpus)
    hits = corpus.table("theme_hits")
    # Above all_pairs_limit only each article's top_k neighbours are kept, from its heaviest
    # terms: the path where ties in weight and in similarity decide what is in the table.
    frames = [
        similarity(
            corpus.corpus.sentences,
            corpus.corpus.articles,
            hits,
            all_pairs_limit=20,
            top_k=3,
        )
        for _ in range(RUNS)
    ]
    assert 0 < frames[0].height < GENERATED_ARTICLES * (GENERATED_ARTICLES - 1) // 2
    assert_same(frames, "similarity (top neighbours)")


def test_blocked_alignments_are_the_same_every_run(generated_corpus: Path) -> None:
    workspace = fresh_workspace(generated_corpus)
    frames = [
        align_corpus(
            workspace.corpus.sentences,
            workspace.corpus.articles,
            workspace.table("theme_hits"),
            threshold=workspace.settings.align_threshold,
            max_per_sentence=workspace.settings.max_alignments_per_sentence,
            exact_pairs=1_000,  # far fewer than the corpus has: candidates are blocked
        )
        for _ in range(RUNS)
    ]
    assert frames[0].height > 0
    assert_same(frames, "alignments (blocked)")
