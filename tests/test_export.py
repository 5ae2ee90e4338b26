"""Parquet export: round trips, metadata, refusals, atomicity."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.tables import TABLES
from workbench.cli.parser import main
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path
from workbench.store import export
from workbench.store.export import export_tables, parse_table_names, write_parquet_atomic
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


def test_existing_file_refused_without_force(tmp_path):
    frame = pl.DataFrame({"a": [1]})
    target = tmp_path / "t.parquet"
    write_parquet_atomic(frame, target, {"k": "v"}, force=False)
    with pytest.raises(WorkbenchError, match="exists"):
        write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, force=False)
    assert pl.read_parquet(target)["a"].to_list() == [1]
    write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, force=True)
    assert pl.read_parquet(target)["a"].to_list() == [2]


def test_missing_directory_is_one_line_error(tmp_path):
    with pytest.raises(WorkbenchError, match="does not exist") as info:
        write_parquet_atomic(
            pl.DataFrame({"a": [1]}), tmp_path / "no" / "t.parquet", {}, force=False
        )
    assert "\n" not in str(info.value)


def test_unwritable_directory_is_one_line_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.tempfile, "mkstemp", refuse)
    with pytest.raises(WorkbenchError, match=r"cannot write to .*Permission denied"):
        write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet", {}, force=False)


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


def test_failure_mid_write_leaves_no_file(tmp_path, monkeypatch):
    def broken(frame, path, metadata):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_write_frame", broken)
    with pytest.raises(WorkbenchError, match=r"No space left"):
        write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet", {}, force=False)
    assert list(tmp_path.iterdir()) == []


def test_interrupt_mid_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "t.parquet"
    write_parquet_atomic(pl.DataFrame({"a": [1]}), target, {}, force=False)

    def interrupted(frame, path, metadata):
        Path(path).write_bytes(b"PAR1 half")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_write_frame", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]
    assert pl.read_parquet(target)["a"].to_list() == [1]


def test_killed_export_leaves_no_partial_file(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        import polars as pl
        from workbench.store import export

        def slow(frame, path, metadata):
            Path(path).write_bytes(b"PAR1 partial")
            print("writing", flush=True)
            time.sleep(60)

        export._write_frame = slow
        target = Path({str(tmp_path)!r}) / "t.parquet"
        export.write_parquet_atomic(pl.DataFrame({{"a": [1]}}), target, {{}}, force=False)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "writing"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    time.sleep(0.05)
    names = [p.name for p in tmp_path.iterdir()]
    assert "t.parquet" not in names
    # Only the hidden temporary file can remain, never a file under the final name.
    assert all(n.startswith(export.TEMP_PREFIX) for n in names)


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
    assert main(["export", "--no-cache", "--out", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
