"""Choosing an engine from the workspace options."""

from __future__ import annotations

from typing import Protocol

from workbench.errors import WorkbenchError
from workbench.options import EngineOptions
from workbench.pipeline.stages import Progress, Stage
from workbench.pipeline.tasks import TaskReport

ENGINES = ("auto", "local", "dask")


class Engine(Protocol):
    """Something that runs stages of tasks: ``LocalEngine`` or ``DaskEngine``."""

    name: str

    def run(self, stages: list[Stage], progress: Progress | None = None) -> list[TaskReport]:
        """Run every task not done yet, stage after stage."""
        ...

    def close(self) -> None:
        """Release what the engine holds (a cluster it started)."""
        ...


def engine_name(options: EngineOptions) -> str:
    """The engine a partitioned index runs on: ``auto`` is Dask (a LocalCluster of one worker
    per core unless told otherwise), for a large corpus is what it is for."""
    return "dask" if options.name in ("auto", "dask") else "local"


def check_engine_options(options: EngineOptions) -> None:
    """One-line errors for combinations that make no sense."""
    if options.name not in ENGINES:
        raise WorkbenchError(f"unknown engine '{options.name}' (engines: {', '.join(ENGINES)})")
    if options.scheduler is not None and options.workers is not None:
        raise WorkbenchError("give either --scheduler or --workers, not both")
    if options.workers is not None and options.workers < 1:
        raise WorkbenchError(f"--workers {options.workers} is not a positive number of workers")
    if options.partitions is not None and options.partitions < 1:
        raise WorkbenchError(
            f"--partitions {options.partitions} is not a positive number of partitions"
        )
    if options.name == "local" and (options.scheduler is not None or options.workers is not None):
        flag = "--scheduler" if options.scheduler is not None else "--workers"
        raise WorkbenchError(f"{flag} needs --engine dask")


def make_engine(options: EngineOptions) -> Engine:
    """The engine ``options`` ask for (a Dask engine connects or starts its cluster now)."""
    check_engine_options(options)
    if engine_name(options) == "dask":
        from workbench.pipeline.engine_dask import DaskEngine

        return DaskEngine(options.scheduler, options.workers)
    from workbench.pipeline.engine_local import LocalEngine

    return LocalEngine()
