"""The local engine: every task of every stage in this process, one after another.

Memory stays bounded by the largest task (one partition or one bucket at a time); nothing is
started, so it suits small corpora, machines without Dask, and debugging.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.pipeline.stages import Progress, Stage, start_stage
from workbench.pipeline.tasks import TaskReport, run_task


class LocalEngine:
    """Runs stages in order and their tasks one by one in this process."""

    name = "local"

    def run(self, stages: Sequence[Stage], progress: Progress | None = None) -> list[TaskReport]:
        """Run every task not done yet, stage after stage; reports of the tasks run."""
        reports: list[TaskReport] = []
        for stage in stages:
            pending, finished = start_stage(stage, progress)
            for task in pending:
                reports.append(run_task(task))
                finished()
        return reports

    def close(self) -> None:
        """Nothing to release."""
