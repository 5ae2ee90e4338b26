"""Tasks: one unit of work with its own output folder and completion marker.

A task's folder is ``<root>/<stage>/<key>``, where the key is a hash of everything the output
depends on (the stage, its code, its parameters, the keys of its inputs). The output is written
into a hidden temporary folder beside it, with a marker file (``_done.json``: the files, their
sizes and row counts, the seconds taken) written last, and the folder is renamed into place:
a folder under its final name is always complete, a task killed half-way leaves only a
temporary folder that a later run removes, and a rerun finds finished tasks by their key and
skips them (a killed run resumes from the partitions that are complete).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from workbench.errors import WorkbenchError
from workbench.pipeline.partitioning import is_bucket
from workbench.store.parquet import read_parquet_checked, write_parquet_atomic

MARKER = "_done.json"
TEMP_PREFIX = ".tmp-"
_STALE_TEMP_S = 3600  # a temporary task folder this old belongs to a run that is gone

TaskFunction = Callable[["Task"], dict[str, pl.DataFrame]]


_CODE_PACKAGES = ("corpus", "analysis", "pipeline")
_VERSION: list[str] = []


def code_version() -> str:
    """A hash of the content of the code tasks run (cached per process): a worker whose
    installed workbench differs from the driver's refuses to run its tasks."""
    if not _VERSION:
        root = Path(__file__).resolve().parent.parent
        digest = hashlib.blake2b(digest_size=8)
        for package in _CODE_PACKAGES:
            for path in sorted((root / package).rglob("*.py")):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
        _VERSION.append(digest.hexdigest())
    return _VERSION[0]


def task_key(*parts: object) -> str:
    """A task key: a hash of the stage, its code, its parameters and its inputs' keys."""
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        text = part if isinstance(part, str) else json.dumps(part, sort_keys=True, default=str)
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def output_marks(key: str, name: str) -> dict[str, str]:
    """The metadata a task's output file carries (checked when read back)."""
    return {"workbench.task.key": key, "workbench.task.output": name}


@dataclass(frozen=True)
class Task:
    """One task: a plain function of frames, where its output goes, and what it reads.

    ``inputs`` maps a name to task folders (relative to ``root``); ``params`` holds plain values
    (settings, paths of the corpus files, small frames). Tasks are pickled to Dask workers, so
    everything here is a plain value and ``function`` a module-level function (or a
    module-level instance of a plain class that is called like one).
    """

    stage: str
    key: str
    index: int
    function: TaskFunction
    root: str
    inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    version: str = field(default_factory=lambda: code_version())  # the code that planned it

    @property
    def folder(self) -> Path:
        """Where this task's outputs are once it is done."""
        return Path(self.root) / self.stage / self.key

    @property
    def label(self) -> str:
        """How messages name the task."""
        return f"{self.stage}[{self.index}]"

    def input_folders(self, name: str) -> list[Path]:
        """The folders of the tasks feeding input ``name``."""
        return [Path(self.root) / relative for relative in self.inputs.get(name, ())]

    def read(self, name: str, output: str) -> pl.DataFrame:
        """Output ``output`` of the single task feeding input ``name``."""
        (folder,) = self.input_folders(name)
        return read_output(folder, output)

    def own_bucket(self, stage: str, output: str, schema: dict | None = None) -> pl.DataFrame:
        """This task's bucket of ``output``, from every task of input ``stage``."""
        from workbench.pipeline.partitioning import bucket_name

        return self.gather(stage, bucket_name(output, self.index), schema)

    def to_buckets(
        self, frame: pl.DataFrame, key: pl.Expr | str, output: str
    ) -> dict[str, pl.DataFrame]:
        """``frame`` split by ``key`` (an expression or a column) into the stage's buckets, as
        outputs named after ``output``."""
        from workbench.pipeline.partitioning import split_buckets

        by = pl.col(key) if isinstance(key, str) else key
        return split_buckets(frame, by, self.params["buckets"], output)

    def gather(self, name: str, output: str, schema: dict | None = None) -> pl.DataFrame:
        """Output ``output`` of every task feeding ``name`` that has it, concatenated in order."""
        frames = [
            read_output(folder, output)
            for folder in self.input_folders(name)
            if (folder / f"{output}.parquet").exists()
        ]
        if not frames:
            return pl.DataFrame(schema=schema or {})
        return pl.concat(frames, how="vertical_relaxed") if len(frames) > 1 else frames[0]


@dataclass(frozen=True)
class TaskReport:
    """What running (or skipping) a task came to."""

    stage: str
    index: int
    skipped: bool
    seconds: float = 0.0
    rows: int = 0
    peak_rss_mb: float = 0.0
    pid: int = 0


class TaskDamaged(Exception):
    """An output a task needs is missing or does not check out (its producer must run again)."""


def read_output(folder: Path, name: str) -> pl.DataFrame:
    """A task's output read back and checked against the key it was written with."""
    path = folder / f"{name}.parquet"
    frame = read_parquet_checked(path, output_marks(folder.name, name))
    if frame is None:
        raise TaskDamaged(f"{path} is missing or damaged")
    return frame


def marker(folder: Path) -> dict | None:
    """The completion marker of a task folder if the task is done and intact, else None.

    Intact: every file the marker lists is there with the size it was written with (a file
    truncated or removed since means the task must run again).
    """
    try:
        done = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        for name, size in done["files"].items():
            if (folder / name).stat().st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return done


def is_done(task: Task) -> bool:
    """Whether ``task``'s output is in place and intact."""
    return marker(task.folder) is not None


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def run_task(task: Task) -> TaskReport:
    """Run ``task`` unless its output is in place; write its output and marker atomically."""
    folder = task.folder
    if marker(folder) is not None:
        return TaskReport(task.stage, task.index, skipped=True, pid=os.getpid())
    if task.version != code_version():
        raise WorkbenchError(
            f"{task.label}: this worker ({os.uname().nodename}) runs other workbench code than "
            "the process that planned the run; install the same version everywhere"
        )
    started = time.perf_counter()
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = folder.parent / f"{TEMP_PREFIX}{task.key}-{os.getpid()}-{os.urandom(4).hex()}"
    temporary.mkdir()
    try:
        frames = task.function(task)
        files: dict[str, int] = {}
        rows: dict[str, int] = {}
        for name, frame in frames.items():
            path = temporary / f"{name}.parquet"
            marks = output_marks(task.key, name)
            write_parquet_atomic(frame, path, marks, fast=True, whole=is_bucket(name))
            files[path.name] = path.stat().st_size
            rows[name] = frame.height
        seconds = time.perf_counter() - started
        done = {
            "stage": task.stage,
            "index": task.index,
            "key": task.key,
            "code": task.version,
            "files": files,
            "rows": rows,
            "seconds": round(seconds, 3),
            "peak_rss_mb": round(_peak_rss_mb(), 1),
            "host": os.uname().nodename,
            "pid": os.getpid(),
        }
        (temporary / MARKER).write_text(json.dumps(done, indent=1) + "\n", encoding="utf-8")
        _publish(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return TaskReport(
        task.stage,
        task.index,
        skipped=False,
        seconds=seconds,
        rows=sum(rows.values()),
        peak_rss_mb=_peak_rss_mb(),
        pid=os.getpid(),
    )


def _publish(temporary: Path, folder: Path) -> None:
    """Rename a finished temporary folder into place (another run may have finished first)."""
    try:
        os.rename(temporary, folder)
    except OSError:
        if marker(folder) is None:
            # A stale, incomplete folder under the final name (written by hand, or damaged):
            # replace it.
            shutil.rmtree(folder, ignore_errors=True)
            os.rename(temporary, folder)
        else:
            shutil.rmtree(temporary, ignore_errors=True)


def remove_stale_temporaries(root: Path, stages: Iterable[str]) -> None:
    """Remove temporary task folders left by runs that were killed (after a grace period)."""
    now = time.time()
    for stage in stages:
        with contextlib.suppress(OSError):
            for entry in os.scandir(Path(root) / stage):
                if entry.name.startswith(TEMP_PREFIX):
                    with contextlib.suppress(OSError):
                        if now - entry.stat().st_mtime > _STALE_TEMP_S:
                            shutil.rmtree(entry.path, ignore_errors=True)
