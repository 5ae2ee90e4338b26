"""A stage: a named list of tasks whose inputs are all produced by earlier stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.pipeline.tasks import Task, is_done

Progress = Callable[[str, int, int], None]  # stage label, tasks done, tasks in the stage


@dataclass(frozen=True)
class Stage:
    """Tasks that may run in any order and at once; the next stage starts when all are done."""

    name: str
    label: str
    tasks: tuple[Task, ...]


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
