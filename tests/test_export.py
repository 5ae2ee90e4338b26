"""Parquet export: round trips, metadata, refusals, atomicity."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.tables import TABLES
from workbench.cli.parser import main
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path
from workbench.store.export import export_tables, parse_table_names
from workbench.workspace import Workspace

METADATA_KEYS = {
    "workbench.version",
    "workbench.corpus_fingerprint",
    "workbench.lexicon_fingerprint",
    "workbench.theme_threshold",
    "workbench.align_threshold",
    "workbench.created",
    "workbench.table",
}


@pytest.fixture(scope="module")
def workspace(bundled_corpus) -> Workspace:
    return Workspace(bundled_corpus, load_lexicon(default_lexicon_path()))


@pytest.fixture(scope="module")
def exported(workspace, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    paths = export_tables(workspace, out, list(TABLES), force=False)
    return {p.stem: p for p in paths}


def test_every_table_exported(exported):
    assert set(exported) == set(TABLES)
    assert not [p for p in next(iter(exported.values())).parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", list(TABLES))
def test_round_trip_polars_and_pyarrow(workspace, exported, name):
    original = workspace.table(name)
    back = pl.read_parquet(exported[name])
    assert back.schema == original.schema
    assert back.equals(original)
    arrow = pq.read_table(exported[name])
    assert arrow.num_rows == original.height
    assert arrow.column_names == original.columns
    assert pl.from_arrow(arrow).equals(original)
    file_meta = pq.ParquetFile(exported[name]).metadata.metadata
    meta = {k.decode(): v.decode() for k, v in file_meta.items()}
    assert set(meta) >= METADATA_KEYS
    assert meta["workbench.table"] == name
    assert meta["workbench.corpus_fingerprint"] == workspace.corpus_fingerprint
    assert meta["workbench.lexicon_fingerprint"] == workspace.lexicon.fingerprint
    assert (
        pl.read_parquet_metadata(exported[name])["workbench.version"] == meta["workbench.version"]
    )
    parquet = pq.ParquetFile(exported[name]).metadata
    if parquet.num_row_groups:
        assert parquet.row_group(0).column(0).compression == "ZSTD"


def test_unknown_table_names_listed():
    with pytest.raises(WorkbenchError, match=r"unknown table 'bogus' \(tables: articles, "):
        parse_table_names("articles,bogus")
    assert parse_table_names(None) == list(TABLES)
    assert parse_table_names("people, articles,people") == ["people", "articles"]


def test_refused_export_writes_nothing(workspace, tmp_path):
    (tmp_path / "people.parquet").write_bytes(b"keep")
    with pytest.raises(WorkbenchError, match=r"people\.parquet exists"):
        export_tables(workspace, tmp_path, ["articles", "people"], force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.parquet"]
    assert (tmp_path / "people.parquet").read_bytes() == b"keep"


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    args = ["export", "--no-cache", "--out", str(out), "--tables", "articles,people"]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["articles.parquet", "people.parquet"]
    capsys.readouterr()
    assert main(args) == 2
    assert "(use --force to overwrite)" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
    assert main(["export", "--no-cache", "--out", str(out), "--tables", "bogus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench: error: unknown table 'bogus'") and err.count("\n") == 1
    # a folder that does not exist yet is made, with its parents
    missing = tmp_path / "notebooks" / "reset"
    assert main(["export", "--no-cache", "--out", str(missing), "--tables", "people"]) == 0
    assert [p.name for p in missing.iterdir()] == ["people.parquet"]
    (tmp_path / "a-file").write_text("x")
    assert main(["export", "--no-cache", "--out", str(tmp_path / "a-file" / "x")]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("workbench: error: cannot create export directory") and err.count("\n") == 1
    )


def test_an_export_refused_for_its_corpus_leaves_no_folder_and_each_file_is_said(tmp_path, capsys):
    out = tmp_path / "notebooks" / "reset"
    assert main(["export", "--corpus", str(tmp_path / "nope"), "--out", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "notebooks").exists()
    assert main(["export", "--no-cache", "--out", str(out), "--tables", "people,articles"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [str(out / "people.parquet"), str(out / "articles.parquet")]


def test_an_export_into_the_corpus_is_refused_and_writes_nothing(tmp_path, capsys):
    corpus = tmp_path / "stories"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Moscow, 2013. The reset was over, officials said.\n")
    out = corpus / "exports"
    assert main(["export", "--no-cache", "--corpus", str(corpus), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "inside the corpus, which is never written to" in err
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_an_export_as_shown_records_its_table_and_query(workspace, tmp_path):
    from workbench.store.export import export_table

    shown = workspace.table("articles").filter(pl.col("year") >= 2013)
    query = {"filter": "year>=2013", "sort": [["year", "descending"]]}
    path = export_table(
        workspace,
        shown,
        tmp_path / "recent.parquet",
        table="articles",
        overwrite=False,
        query=query,
    )
    meta = pl.read_parquet_metadata(path)
    assert meta["workbench.table"] == "articles"
    assert json.loads(meta["workbench.query"]) == query
    assert meta["workbench.corpus_fingerprint"] == workspace.corpus_fingerprint
    assert pl.read_parquet(path).equals(shown)


def test_the_next_export_removes_what_a_killed_export_left(workspace, tmp_path):
    from workbench.store.parquet import TEMP_PREFIX, TEMP_SUFFIX

    leftover = tmp_path / f"{TEMP_PREFIX}articles.parquet.x1{TEMP_SUFFIX}"
    leftover.write_bytes(b"PAR1 cut short")
    export_tables(workspace, tmp_path, ["articles"], force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet"]


def test_export_refuses_a_file_as_directory_and_an_empty_table_list(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["export", "--no-cache", "--out", str(target)]) == 2
    assert "is a file, not a directory" in capsys.readouterr().err
    assert main(["export", "--no-cache", "--out", str(tmp_path), "--tables", ",,,"]) == 2
    err = capsys.readouterr().err
    assert "names no table" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_cli_export_files_follow_the_umask(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = os.umask(0o022)
    try:
        assert main(["export", "--no-cache", "--out", str(out), "--tables", "articles"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "articles.parquet").stat().st_mode) == 0o644


def test_the_corpus_fingerprint_is_the_same_however_the_corpus_was_indexed(
    bundled_dir: Path, tmp_path: Path, capsys
) -> None:
    # Whole, in one partition and in two: three ways to read one unchanged corpus.
    fingerprints = set()
    for number, partitions in enumerate([None, "1", "2"]):
        out = tmp_path / f"out{number}"
        args = ["export", "--corpus", str(bundled_dir), "--out", str(out), "--tables", "articles"]
        args += ["--cache", str(tmp_path / f"cache{number}")]
        assert main([*args, *(["--partitions", partitions] if partitions else [])]) == 0
        meta = pl.read_parquet_metadata(out / "articles.parquet")
        fingerprints.add(meta["workbench.corpus_fingerprint"])
    capsys.readouterr()
    assert len(fingerprints) == 1
