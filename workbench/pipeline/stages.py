"""A stage: a named list of tasks whose inputs are all produced by earlier stages; and a stage of
a table's plan written as data (``StageSpec``), before it has tasks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.pipeline.tasks import Task, TaskFunction, is_done

Progress = Callable[[str, int, int], None]  # stage label, tasks done, tasks in the stage

# How many tasks a planned stage has: one per partition, one per bucket of shuffled keys, or one.
MAP, BUCKET, SINGLE = "map", "bucket", "single"


@dataclass(frozen=True)
class Stage:
    """Tasks that may run in any order and at once; the next stage starts when all are done.

    A ``scratch`` stage's outputs are read by the later stages of its own table alone: they
    are removed once every task reading them is done (at 100,000 articles they took nine
    tenths of the index)."""

    name: str
    label: str
    tasks: tuple[Task, ...]
    scratch: bool = False


@dataclass(frozen=True)
class StageSpec:
    """One stage of a table's plan as data (``TableStages.plan`` walks a tuple of them in order).

    Its tasks (``kind``: one per partition, one per bucket, or one) run ``function``; each task
    reads every task of the stages named in ``reads`` (as inputs of those names) and, of the
    stages named in ``own``, the task of its own number (as input ``own_<name>``). The folder
    of the stage is the table's prefix followed by ``name``, unless ``folder`` gives another.
    """

    name: str
    label: str
    function: TaskFunction
    kind: str = MAP
    reads: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    folder: str | None = None


def start_stage(stage: Stage, progress: Progress | None) -> tuple[list[Task], Callable[[], None]]:
    """The stage's tasks not done yet, and what to call as each of them finishes: both tell
    ``progress`` how many of the stage's tasks are done."""
    pending = [task for task in stage.tasks if not is_done(task)]
    total = len(stage.tasks)
    done = total - len(pending)

    def finished() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(stage.label, done, total)

    if progress is not None:
        progress(stage.label, done, total)
    return pending, finished
