"""What opening a workspace needs, in one object the command line fills once.

Every entry (each CLI command, the interface, a served session) builds a ``WorkspaceOptions``
and opens the workspace through ``Workspace.open(options)``; nothing else reads an argument
parser's namespace.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from workbench.analysis.phrases import VARIANT_THRESHOLD
from workbench.analysis.scoring import DEFAULT_MIN_SCORE as DEFAULT_ALIGN_THRESHOLD
from workbench.analysis.scoring import DEFAULT_TABLE_MIN_SCORE
from workbench.analysis.themes import DEFAULT_THRESHOLD as DEFAULT_THEME_THRESHOLD
from workbench.corpus.listing import ReadPolicy
from workbench.paths import bundled_corpus_dir


@dataclass(frozen=True)
class Settings:
    """Thresholds and sizes every analysis of a workspace uses."""

    theme_threshold: float = DEFAULT_THEME_THRESHOLD  # rapidfuzz score a theme phrase must reach
    align_threshold: float = DEFAULT_ALIGN_THRESHOLD  # hybrid score of a pair of two articles
    table_align_threshold: float = DEFAULT_TABLE_MIN_SCORE  # ... of a pair of `alignments`
    phrase_min_n: int = 3
    phrase_max_n: int = 8
    phrase_variant_threshold: float = VARIANT_THRESHOLD  # rapidfuzz ratio of a phrase variant
    max_alignments_per_sentence: int = 3  # corpus-wide: pairs kept per sentence

    def alignment_options(self) -> dict[str, float | int]:
        """The parameters of the corpus-wide alignment these settings fix."""
        return {
            "threshold": self.table_align_threshold,
            "max_per_sentence": self.max_alignments_per_sentence,
        }

    def phrase_options(self) -> dict[str, float | int]:
        """The parameters of the recurring-phrase finder these settings fix."""
        return {
            "min_n": self.phrase_min_n,
            "max_n": self.phrase_max_n,
            "variant_threshold": self.phrase_variant_threshold,
        }

    def as_metadata(self) -> dict[str, str]:
        """The settings as Parquet key-value metadata (``workbench.<name>``)."""
        return {f"workbench.{k}": str(v) for k, v in asdict(self).items()}

    def key(self) -> str:
        """A stable text of every setting, for cache keys."""
        return repr(sorted(asdict(self).items()))


@dataclass(frozen=True)
class EngineOptions:
    """Where the analysis runs: in this process, or on a Dask cluster."""

    name: str = "local"  # "local", "dask", or "auto" (Dask for a partitioned index)
    scheduler: str | None = None  # address of a running Dask scheduler
    workers: int | None = None  # workers of a LocalCluster started for the run
    partitions: int | None = None  # partitions of the on-disk index (None: chosen by size)


@dataclass(frozen=True)
class WorkspaceOptions:
    """A corpus, its lexicon, the on-disk index and the settings: all a workspace is opened from."""

    corpus: Path | None = None  # None: the bundled corpus
    themes: Path | None = None  # None: the corpus's themes.toml, else the bundled lexicon
    cache_root: Path | None = None  # None: the platform cache directory
    use_cache: bool = True  # False: neither read nor write the on-disk index
    data_root: Path | None = None  # where saved judgements live; None: the platform data dir
    settings: Settings = field(default_factory=Settings)
    engine: EngineOptions = field(default_factory=EngineOptions)
    reading: ReadPolicy = field(default_factory=ReadPolicy)  # which files ingest may read

    @property
    def corpus_path(self) -> Path:
        """The corpus to open (the bundled one when none was given)."""
        return Path(self.corpus) if self.corpus is not None else bundled_corpus_dir()

    @property
    def corpus_label(self) -> str:
        """How the interface names the corpus."""
        return str(self.corpus) if self.corpus is not None else "bundled corpus"

    def with_settings(self, **changes: object) -> WorkspaceOptions:
        """The same options with some settings changed."""
        return replace(self, settings=replace(self.settings, **changes))
