"""Shared fixtures: the bundled corpus loaded once, and a factory for small corpora on disk."""

from __future__ import annotations

import errno
import fcntl
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.corpus.boilerplate import RuleSet, load_rules
from workbench.corpus.ingest import Corpus, load_corpus
from workbench.paths import bundled_corpus_dir

SEED_IDS = ("000", "001", "002", "003", "004")
SEED_MIN_SCORE = 40.0  # a min score at which the seeds' same-subject passages pair up


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "readme: runs the README's commands in a fresh virtual environment (slow)"
    )


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The platform cache and data directories of every test (and its subprocesses): fresh."""
    import os

    home = tmp_path_factory.mktemp("cache-home")
    os.environ["XDG_CACHE_HOME"] = str(home)
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    return home


@pytest.fixture(scope="session")
def bundled_corpus() -> Corpus:
    """The bundled corpus, loaded once for the whole test session."""
    return load_corpus()


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    """The bundled corpus directory."""
    return bundled_corpus_dir()


@pytest.fixture(scope="session")
def seed_texts(bundled_dir: Path) -> dict[str, str]:
    """The raw text of every seed article, by id."""
    texts = {}
    for path in sorted((bundled_dir / "articles").iterdir()):
        texts[path.name[:3]] = path.read_bytes().decode("utf-8")
    return texts


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    """The default boilerplate rules."""
    return load_rules()


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write a small corpus: ``make_corpus({"a.txt": "text" or b"bytes"}, manifest="...")``."""

    def make(
        files: dict[str, str | bytes], manifest: str | None = None, boilerplate: str | None = None
    ) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        if manifest is not None:
            (root / "manifest.toml").write_text(manifest, encoding="utf-8")
        if boilerplate is not None:
            (root / "boilerplate.toml").write_text(boilerplate, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def bundled_workspace(tmp_path_factory: pytest.TempPathFactory):
    """A Workspace over the bundled corpus, opened once (the interface tests share it).

    Its min score is ``SEED_MIN_SCORE``: the five seeds share few sentences that make the same
    point, so at the default min score Compare pairs almost none of them, and the interface
    tests need pairs to step through.
    """
    from workbench.options import Settings, WorkspaceOptions
    from workbench.workspace import Workspace

    options = WorkspaceOptions(
        cache_root=tmp_path_factory.mktemp("workspace-cache"),
        settings=Settings(align_threshold=SEED_MIN_SCORE, table_align_threshold=SEED_MIN_SCORE),
    )
    return Workspace.open(options)


@pytest.fixture
def labelled_workspace(bundled_workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bundled workspace with a label store of its own under ``tmp_path`` (the labels one
    test writes are never seen by another)."""
    from workbench.store.labels import LabelStore

    monkeypatch.setattr(bundled_workspace, "_labels", LabelStore(tmp_path / "labels"))
    return bundled_workspace


@pytest.fixture(scope="session")
def generated_workspace(tmp_path_factory: pytest.TempPathFactory):
    """A Workspace over 30 generated articles, 2011–2024 (bench/generate.py, seed 1): an
    analyst's folder, with many aligned pairs and a year column per year."""
    from bench_support import load_generator

    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    corpus = tmp_path_factory.mktemp("generated") / "c30"
    load_generator().write_corpus(corpus, 30, 1)
    return Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))


@pytest.fixture()
def ingest_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the documents ingested (small corpora: ingest runs in-process)."""
    from workbench.corpus import ingest

    calls: list[str] = []
    real = ingest.ingest_document

    def counting(raw, name, meta, rules, inferred_id=None):
        calls.append(name)
        return real(raw, name, meta, rules, inferred_id)

    monkeypatch.setattr(ingest, "ingest_document", counting)
    return calls


@pytest.fixture()
def no_file_locks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A filesystem without advisory locks (Lustre without ``flock``, NFS without its lock
    daemon): every ``flock`` fails with ENOLCK. The operations asked for are listed."""
    calls: list[int] = []

    def flock(file, operation):
        calls.append(operation)
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)
    return calls
