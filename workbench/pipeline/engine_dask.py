"""The Dask engine: the same tasks on a Dask cluster (``distributed``).

Either a ``LocalCluster`` started for the run (``workers`` processes, one thread each) or a
running scheduler at an address (a Slurm/PBS cluster through ``dask-jobqueue``, Kubernetes,
``SSHCluster``): the client code is the same. Workers read and write the index directory
themselves, so on a cluster it must be on a filesystem every worker sees at the same path.
Each stage is submitted whole and waited for (``as_completed`` feeds the progress bar); a task
whose worker dies is run again elsewhere by the scheduler, a task that raises is retried
``RETRIES`` times, and a run that still fails stops with one line naming the task.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence

from workbench.errors import WorkbenchError
from workbench.pipeline.stages import Progress, Stage, start_stage
from workbench.pipeline.tasks import TaskReport, run_task

RETRIES = 2  # a task that raises is tried this many more times before the run fails
CONNECT_TIMEOUT_S = 5


# Polars allocates through jemalloc, and tells it on import to hand pages freed for half a
# second back to the system (``dirty_decay_ms:500``, appending what ``_RJEM_MALLOC_CONF``
# held): a task that frees a frame and makes the next one faults every page in anew, zeroed by
# the kernel. Kept for ten seconds (jemalloc's own default), they are used again: 10,000
# articles on 2 workers built in 62–65 s instead of 67–73 (docs/scale.md), the largest worker
# 1.3 → 1.6 GB. Not in this process: an analysis in memory would hold a gigabyte more.
ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
ALLOCATOR_CONF = "dirty_decay_ms:10000"


def worker_env() -> dict[str, str]:
    """The environment of the workers a ``LocalCluster`` is started with: one thread each for
    polars and rapidfuzz (the workers are the parallelism), and freed memory kept a while for
    reuse (``ALLOCATOR_CONF``, which polars appends to its own settings)."""
    return {"POLARS_MAX_THREADS": "1", "OMP_NUM_THREADS": "1", ALLOCATOR_ENV: ALLOCATOR_CONF}


class DaskEngine:
    """Runs stages on a Dask cluster: a ``LocalCluster`` of ``workers`` or a scheduler address."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise WorkbenchError(
                "--engine dask needs Dask: pip install 'dask[distributed]'"
            ) from None
        self._cluster = None
        if scheduler is not None:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                raise WorkbenchError(
                    f"cannot reach the Dask scheduler at {scheduler}: {error}".rstrip(": ")
                ) from None
            except ValueError as error:
                raise WorkbenchError(f"bad Dask scheduler address {scheduler!r}: {error}") from None
        else:
            count = workers if workers is not None else max(1, len(os.sched_getaffinity(0)))
            self._cluster = LocalCluster(
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never a clash with another cluster
                # A task's failure is told once, in one line (``_result``), not by every
                # worker that tried it with its traceback.
                silence_logs=logging.CRITICAL,
                env=worker_env(),
            )
            self.client = Client(self._cluster)

    @property
    def worker_count(self) -> int:
        """How many workers the cluster has now."""
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def run(self, stages: Sequence[Stage], progress: Progress | None = None) -> list[TaskReport]:
        """Run every task not done yet, a stage at a time; reports of the tasks run."""
        from distributed import as_completed

        reports: list[TaskReport] = []
        for stage in stages:
            pending, finished = start_stage(stage, progress)
            if not pending:
                continue
            futures = self.client.map(
                run_task,
                pending,
                key=[f"{task.stage}-{task.index}-{task.key}" for task in pending],
                retries=RETRIES,
                pure=False,
            )
            labels = {future.key: task.label for future, task in zip(futures, pending, strict=True)}
            try:
                for future in as_completed(futures):
                    reports.append(self._result(future, labels[future.key]))
                    finished()
            except BaseException:
                self.client.cancel(futures)
                raise
        return reports

    @staticmethod
    def _result(future, label: str) -> TaskReport:
        """A finished future's report, or one clear line saying what failed."""
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            raise WorkbenchError(
                f"{label}: the Dask workers running it died (killed, or out of memory); "
                "run again to resume from the partitions that are complete"
            ) from None
        except WorkbenchError as error:
            raise WorkbenchError(f"{label}: {error}") from None
        except Exception as error:  # a task's own failure, raised again here by Dask
            raise WorkbenchError(
                f"{label} failed: {type(error).__name__}: {error}; "
                "run again to resume from the partitions that are complete"
            ) from None

    def close(self) -> None:
        """Disconnect, and stop the cluster this engine started."""
        with contextlib.suppress(Exception):
            self.client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
