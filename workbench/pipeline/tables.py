"""The analysis stages over a partitioned index, and where each table's rows end up.

``TablePlanner`` turns a table name into the stages that compute it (shared stages planned
once) and the files that hold it; ``TableStages`` declares the stages of one table, whose tasks
all share its parameters and key (a call a stage, or a tuple of ``StageSpec`` walked in order).
Per-article tables are maps over partitions; summaries reduce the partitions' partial counts;
recurring phrases, corpus-wide alignments and similarity shuffle hashed keys between partitions
and buckets (``pipeline.phrases``, ``pipeline.align``, ``pipeline.similarity``). Every task
calls the same analysis functions the whole-corpus tables use, so a one-partition index gives
exactly the tables of the single snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import polars as pl

from workbench.analysis.lexicon import Lexicon
from workbench.analysis.people import Person
from workbench.analysis.tables import ARTICLE_COLUMNS, SENTENCE_COLUMNS
from workbench.options import Settings
from workbench.pipeline.index import PartitionedIndex
from workbench.pipeline.stages import BUCKET, MAP, SINGLE, Stage, StageSpec
from workbench.pipeline.tasks import Task, TaskFunction, task_key


@dataclass(frozen=True)
class TableParts:
    """Where a table's rows are: one file per part, the columns to keep, how to order them.

    ``order`` sorts the concatenated parts into the table's own (total) order; a table made by
    one task is already in it.
    """

    files: tuple[str, ...]
    columns: tuple[str, ...] | None = None
    order: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame] | None = None


def _by_date_order(frame: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Rows of articles in date order, each article's rows kept in their order."""
    from workbench.pipeline.corpus_stage import in_date_order

    return in_date_order(frame, order)


def _by_left_right_order(frame: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Pairs of articles in date order of the left article, then of the right one."""
    ranks = order.select("article_id", "date_order")
    return (
        frame.join(ranks.rename({"article_id": "left_id", "date_order": "_l"}), on="left_id")
        .join(ranks.rename({"article_id": "right_id", "date_order": "_r"}), on="right_id")
        .sort("_l", "_r")
        .drop("_l", "_r")
    )


def _by_columns(*columns: str) -> Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame]:
    def order_by(frame: pl.DataFrame, _order: pl.DataFrame) -> pl.DataFrame:
        return frame.sort(*columns, maintain_order=True)

    return order_by


class TablePlanner:
    """Plans the stages of the tables of one index, lexicon, people list and settings."""

    def __init__(
        self,
        index: PartitionedIndex,
        lexicon: Lexicon,
        people: tuple[Person, ...],
        settings: Settings,
        code: str,
    ) -> None:
        self.index = index
        self.lexicon = lexicon
        self.people = people
        self.settings = settings
        self.code = code
        self.stages: dict[str, Stage] = {}
        self.root = str(index.root)
        self.ingest = tuple(index.manifest["ingest"])
        self.order = index.manifest["order"]

    # ------------------------------------------------------------------ building blocks
    def stage(self, name: str) -> Stage | None:
        """A stage planned already, by name."""
        return self.stages.get(name)

    def add(self, name: str, label: str, tasks: list[Task], scratch: bool = False) -> Stage:
        """Record a planned stage (after the stages it reads from)."""
        stage = Stage(name, label, tuple(tasks), scratch)
        self.stages[name] = stage
        return stage

    def task(
        self,
        stage: str,
        index: int,
        function: TaskFunction,
        inputs: dict[str, tuple[str, ...]],
        params: dict[str, object] | None = None,
        key_params: object = None,
    ) -> Task:
        """A task whose key joins the stage, the analysis code, ``key_params`` and its inputs."""
        key = task_key(stage, self.code, index, key_params, sorted(inputs.items()))
        return Task(stage, key, index, function, self.root, inputs, params or {})

    @staticmethod
    def folders(stage: Stage) -> tuple[str, ...]:
        """The task folders of a stage, relative to the root."""
        return tuple(f"{task.stage}/{task.key}" for task in stage.tasks)

    @property
    def buckets(self) -> int:
        """How many buckets shuffled keys go to (as many as partitions)."""
        return len(self.ingest)

    def outputs(self, stage: Stage, output: str) -> tuple[str, ...]:
        """The files of output ``output`` of every task of ``stage``."""
        return tuple(f"{folder}/{output}.parquet" for folder in self.folders(stage))

    def for_table(
        self, params: dict[str, object], key_params: object, table: str = ""
    ) -> TableStages:
        """Stages whose every task gets ``params`` and a key joining ``key_params``; their
        labels start with ``table``."""
        return TableStages(self, params, key_params, table)

    @property
    def theme_key(self) -> list[object]:
        """What a table computed from theme hits depends on beyond its own parameters."""
        return [self.lexicon.fingerprint, self.settings.theme_threshold]

    # ------------------------------------------------------------------ stages
    def embeddings(self) -> Stage:
        """Sentence embeddings of each partition (kept in the index, as for small corpora)."""
        from workbench.pipeline import maps

        stages = self.for_table({}, None)
        return stages.map("embeddings", "sentence embeddings", maps.sentence_embeddings)

    def theme_hits(self) -> Stage:
        """Theme hits of each partition."""
        from workbench.pipeline import maps

        params = {"lexicon": self.lexicon, "threshold": self.settings.theme_threshold}
        stages = self.for_table(params, self.theme_key)
        embeddings = {"embeddings": self.embeddings()}
        return stages.map("theme_hits", "theme hits", maps.theme_hits, aligned=embeddings)

    def plan(self, name: str) -> TableParts:
        """Plan the stages table ``name`` needs (into ``stages``); where its rows will be."""
        return self._plan(name)

    def _plan(self, name: str) -> TableParts:
        from workbench.pipeline import maps

        ingest_files = tuple(f"{folder}/{{}}.parquet" for folder in self.ingest)
        if name == "articles":
            return TableParts((f"{self.order}/articles.parquet",), tuple(ARTICLE_COLUMNS))
        if name == "sentences":
            files = tuple(f.format("sentences") for f in ingest_files)
            return TableParts(files, tuple(SENTENCE_COLUMNS), _by_date_order)
        if name == "removed":
            files = tuple(f.format("removed") for f in ingest_files)
            columns = ("article_id", "start", "end", "rule", "family", "text")
            return TableParts(files, columns, _by_date_order)
        if name == "theme_hits":
            order = _by_columns("article_id", "sentence_id", "start", "theme")
            return TableParts(self.outputs(self.theme_hits(), "table"), None, order)
        if name == "theme_by_article":
            hits = {"hits": self.theme_hits()}
            stage = self.for_table({}, self.theme_key).map(
                "theme_by_article", "themes by article", maps.theme_by_article, aligned=hits
            )
            return TableParts(self.outputs(stage, "table"), None, _by_date_order)
        if name == "theme_by_year":
            hits = {"hits": self.theme_hits()}
            stage = self.for_table({"themes": self.lexicon.ids}, self.theme_key).single(
                "theme_by_year", "themes by year", maps.theme_by_year, hits
            )
            return TableParts(self.outputs(stage, "table"))
        if name == "theme_by_outlet":
            hits = {"hits": self.theme_hits()}
            stage = self.for_table({"themes": self.lexicon.ids}, self.theme_key).single(
                "theme_by_outlet", "themes by outlet", maps.theme_by_outlet, hits
            )
            return TableParts(self.outputs(stage, "table"))
        if name == "people":
            people = self.for_table({"people": self.people}, [repr(self.people)])
            mentions = people.steps().map("people_mentions", "people named", maps.people_mentions)
            stage = people.single(
                "people", "people table", maps.people_table, {"mentions": mentions}
            )
            return TableParts(self.outputs(stage, "table"))
        if name == "recurring_phrases":
            from workbench.analysis.phrases import sort_phrases
            from workbench.pipeline.phrases import plan_phrases

            return TableParts(plan_phrases(self), None, lambda frame, _order: sort_phrases(frame))
        if name == "alignments":
            from workbench.pipeline.align import plan_alignments

            order = _by_columns("left_id", "right_id", "left_sentence", "right_sentence")
            alignments = plan_alignments(self, self.theme_hits(), self.embeddings())
            return TableParts(alignments, None, order)
        if name == "similarity":
            from workbench.pipeline.similarity import plan_similarity

            order = _by_left_right_order
            return TableParts(plan_similarity(self, self.theme_hits()), None, order)
        raise KeyError(name)


@dataclass(frozen=True)
class TableStages:
    """Plans the stages of one table into ``planner``: every task gets the same ``params``, and
    its key joins the same ``key_params`` (with the stage, the code and the task's inputs)."""

    planner: TablePlanner
    params: dict[str, object]
    key_params: object
    table: str = ""  # the progress labels of the stages say "table: label"
    scratch: bool = False  # the stages planned are steps of the table, read by its later ones

    def steps(self) -> TableStages:
        """These stages planned as the table's scratch steps (``Stage.scratch``): only its
        later stages read them, and their outputs are removed once those are done."""
        return replace(self, scratch=True)

    def map(
        self,
        name: str,
        label: str,
        function: TaskFunction,
        broadcast: dict[str, Stage] | None = None,
        aligned: dict[str, Stage] | None = None,
    ) -> Stage:
        """One task per partition, reading its ingest folder, the article order, every task of
        the ``broadcast`` stages and its own task of the ``aligned`` stages."""
        return self._stage(name, label, function, MAP, broadcast, aligned)

    def bucket(
        self,
        name: str,
        label: str,
        function: TaskFunction,
        broadcast: dict[str, Stage],
        aligned: dict[str, Stage] | None = None,
    ) -> Stage:
        """One task per bucket (its number is the task's index), reading every task of the
        ``broadcast`` stages (which shuffled their rows into buckets), its own task of the
        ``aligned`` ones, every partition's ingest folder and the article order."""
        return self._stage(name, label, function, BUCKET, broadcast, aligned)

    def single(
        self, name: str, label: str, function: TaskFunction, inputs: dict[str, Stage]
    ) -> Stage:
        """A reduce stage of one task reading every task of ``inputs``, every partition's
        ingest folder and the article order."""
        return self._stage(name, label, function, SINGLE, inputs, None)

    def plan(
        self, specs: Sequence[StageSpec], prefix: str, given: Mapping[str, Stage] | None = None
    ) -> dict[str, Stage]:
        """Plan ``specs`` in order, each reading stages planned before it or ``given`` (stages of
        other tables, by the names the specs read them by); every stage, by name. The last
        spec makes the table: the others are its scratch steps."""
        planned = dict(given or {})
        steps = self.steps()
        for spec in specs:
            planned[spec.name] = (self if spec is specs[-1] else steps)._stage(
                spec.folder or f"{prefix}{spec.name}",
                spec.label,
                spec.function,
                spec.kind,
                {name: planned[name] for name in spec.reads},
                {f"own_{name}": planned[name] for name in spec.own},
            )
        return planned

    def _stage(
        self,
        name: str,
        label: str,
        function: TaskFunction,
        kind: str,
        broadcast: dict[str, Stage] | None,
        aligned: dict[str, Stage] | None,
    ) -> Stage:
        """The tasks of a stage of ``kind`` (``MAP``, ``BUCKET`` or ``SINGLE``), planned once by
        name: task ``n`` of a map reads ingest folder ``n`` (the others read them all), and
        every task reads every task of the ``broadcast`` stages and task ``n`` of the
        ``aligned`` ones."""
        planner = self.planner
        found = planner.stage(name)
        if found is not None:
            return found
        count = {MAP: len(planner.ingest), BUCKET: planner.buckets, SINGLE: 1}[kind]
        tasks = []
        for number in range(count):
            inputs = {"order": (planner.order,), "ingest": planner.ingest}
            if kind == MAP:
                inputs["ingest"] = (planner.ingest[number],)
            for input_name, stage in (broadcast or {}).items():
                inputs[input_name] = planner.folders(stage)
            for input_name, stage in (aligned or {}).items():
                inputs[input_name] = (planner.folders(stage)[number],)
            task = planner.task(name, number, function, inputs, self.params, self.key_params)
            tasks.append(task)
        label = f"{self.table}: {label}" if self.table else label
        return planner.add(name, label, tasks, self.scratch)
