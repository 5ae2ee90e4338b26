"""A stage: a named list of tasks whose inputs are all produced by earlier stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.pipeline.tasks import Task

Progress = Callable[[str, int, int], None]  # stage label, tasks done, tasks in the stage


@dataclass(frozen=True)
class Stage:
    """Tasks that may run in any order and at once; the next stage starts when all are done."""

    name: str
    label: str
    tasks: tuple[Task, ...]
