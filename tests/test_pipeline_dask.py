"""The Dask engine on a real LocalCluster: the same exported tables as the local engine, and a
worker killed mid-run neither corrupts the index nor stops a rerun from finishing it."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from bench_support import load_generator

from workbench.analysis.tables import TABLES
from workbench.errors import WorkbenchError
from workbench.options import EngineOptions, WorkspaceOptions
from workbench.pipeline.index import PARTS
from workbench.pipeline.tasks import MARKER, TEMP_PREFIX
from workbench.store.index import cache_dir_for
from workbench.workspace import Workspace

distributed = pytest.importorskip("distributed")

GENERATED_ARTICLES = 520
PARTITIONS = 4


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "corpus"
    load_generator().write_corpus(out, GENERATED_ARTICLES, seed=11)
    return out


@pytest.fixture()
def cluster():
    """A LocalCluster of two single-threaded worker processes, closed after the test."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield local, client


def _export(corpus: Path, cache: Path, out: Path, *engine: str) -> None:
    from workbench.cli.parser import main

    out.mkdir()
    args = ["export", "--corpus", str(corpus), "--cache", str(cache), "--out", str(out)]
    assert main([*args, "--partitions", str(PARTITIONS), *engine]) == 0


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in an order that does not depend on how the table was put together."""
    keys = [c for c, t in frame.schema.items() if not isinstance(t, (pl.List, pl.Struct))]
    return frame.sort(keys, nulls_last=True)


def test_both_engines_export_the_same_tables(
    generated_corpus: Path, cluster, tmp_path: Path, capsys
) -> None:
    local_cluster, _client = cluster
    _export(generated_corpus, tmp_path / "cache-local", tmp_path / "local")
    _export(
        generated_corpus,
        tmp_path / "cache-dask",
        tmp_path / "dask",
        "--engine",
        "dask",
        "--scheduler",
        local_cluster.scheduler_address,
    )
    capsys.readouterr()
    for name in TABLES:
        local = pl.read_parquet(tmp_path / "local" / f"{name}.parquet")
        dask = pl.read_parquet(tmp_path / "dask" / f"{name}.parquet")
        assert dask.height == local.height, name
        assert _sorted(dask).equals(_sorted(local)), name
        assert dask.equals(local), name  # the same order too: each table's own
    assert local.height > 0


def _worker_pids(client) -> list[int]:
    return sorted(client.run(os.getpid).values())


def test_a_worker_killed_mid_run_leaves_a_good_index_and_a_rerun_finishes(
    generated_corpus: Path, cluster, tmp_path: Path
) -> None:
    local_cluster, client = cluster
    options = WorkspaceOptions(
        corpus=generated_corpus,
        cache_root=tmp_path,
        engine=EngineOptions(
            "dask", scheduler=local_cluster.scheduler_address, partitions=PARTITIONS
        ),
    )
    parts = cache_dir_for(generated_corpus, tmp_path) / PARTS
    victim = _worker_pids(client)[0]
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            workspace = Workspace.open(options)
            workspace.compute(list(TABLES))
            outcome["done"] = True
        except WorkbenchError as error:
            outcome["error"] = str(error)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    # Kill a worker once the analysis is under way (some task of a later stage is done).
    while time.monotonic() < deadline and not any(parts.glob("theme_hits/*/" + MARKER)):
        time.sleep(0.02)
    os.kill(victim, signal.SIGKILL)
    thread.join(timeout=600)
    assert not thread.is_alive()
    # Either Dask ran the lost tasks elsewhere, or the run stopped with one clear line.
    if "error" in outcome:
        assert "\n" not in outcome["error"] and "run again" in outcome["error"]
    else:
        assert outcome.get("done")
    # Nothing half-written under a final name: every task folder is complete.
    for folder in parts.glob("*/*"):
        if not folder.name.startswith(TEMP_PREFIX):
            assert (folder / MARKER).exists(), folder
    # A rerun (the cluster has replaced the worker) finishes the index and gives the tables
    # a clean local run gives.
    again = Workspace.open(options)
    again.compute(list(TABLES))
    again.close()
    clean = Workspace.open(
        WorkspaceOptions(
            corpus=generated_corpus,
            cache_root=tmp_path / "clean",
            engine=EngineOptions(partitions=PARTITIONS),
        )
    )
    for name in TABLES:
        assert again.table(name).equals(clean.table(name)), name
    assert victim not in _worker_pids(client)


def _after_importing_polars() -> tuple[str | None, int]:
    """In a worker: the allocator's settings once polars is imported (polars puts its own
    first and appends the environment's), and the threads polars runs on."""
    import polars

    return os.environ.get("_RJEM_MALLOC_CONF"), polars.thread_pool_size()


def test_a_started_cluster_runs_polars_on_one_thread_keeping_freed_memory_a_while() -> None:
    from workbench.pipeline.engine_dask import ALLOCATOR_CONF, DaskEngine

    engine = DaskEngine(workers=1)
    try:
        [(allocator, threads)] = engine.client.run(_after_importing_polars).values()
    finally:
        engine.close()
    assert threads == 1
    # Polars' own settings first, ours last (the last of an option wins).
    assert allocator is not None and allocator.split(",")[-1] == ALLOCATOR_CONF
