"""Atomic Parquet writing: refusals, failures and kills leave nothing half-written; umask;
temporaries of killed writers removed by the next export."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polars as pl
import pytest

from workbench.errors import WorkbenchError
from workbench.store import parquet
from workbench.store.parquet import remove_stale_temporaries, write_parquet_atomic


def test_existing_file_refused_without_force(tmp_path):
    frame = pl.DataFrame({"a": [1]})
    target = tmp_path / "t.parquet"
    write_parquet_atomic(frame, target, {"k": "v"}, overwrite=False)
    with pytest.raises(WorkbenchError, match="exists"):
        write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, overwrite=False)
    assert pl.read_parquet(target)["a"].to_list() == [1]
    write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, overwrite=True)
    assert pl.read_parquet(target)["a"].to_list() == [2]


def test_missing_directory_is_one_line_error(tmp_path):
    with pytest.raises(WorkbenchError, match="does not exist") as info:
        write_parquet_atomic(
            pl.DataFrame({"a": [1]}), tmp_path / "no" / "t.parquet", {}, overwrite=False
        )
    assert "\n" not in str(info.value)


def test_unwritable_directory_is_one_line_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(parquet.tempfile, "mkstemp", refuse)
    with pytest.raises(WorkbenchError, match=r"cannot write to .*Permission denied"):
        write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet", {}, overwrite=False)


def test_failure_mid_write_leaves_no_file(tmp_path, monkeypatch):
    def broken(frame, path, metadata, fast):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parquet, "_write_frame", broken)
    with pytest.raises(WorkbenchError, match=r"No space left"):
        write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet", {}, overwrite=False)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_under_polars_is_one_line_naming_the_file(tmp_path, monkeypatch):
    write_frame = parquet._write_frame

    def full_disk(frame, path, metadata, fast):
        Path(path).write_bytes(b"PAR1 half a file")
        write_frame(frame, "/dev/full", metadata, fast)  # polars's own error for a full disk

    monkeypatch.setattr(parquet, "_write_frame", full_disk)
    target = tmp_path / "t.parquet"
    with pytest.raises(WorkbenchError) as raised:
        write_parquet_atomic(pl.DataFrame({"a": [1]}), target, {}, overwrite=False)
    assert str(raised.value) == f"cannot write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_interrupt_mid_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "t.parquet"
    write_parquet_atomic(pl.DataFrame({"a": [1]}), target, {}, overwrite=False)

    def interrupted(frame, path, metadata, fast):
        Path(path).write_bytes(b"PAR1 half")
        raise KeyboardInterrupt

    monkeypatch.setattr(parquet, "_write_frame", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_parquet_atomic(pl.DataFrame({"a": [2]}), target, {}, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]
    assert pl.read_parquet(target)["a"].to_list() == [1]


def test_killed_export_leaves_no_partial_file(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        import polars as pl
        from workbench.store import parquet

        def slow(frame, path, metadata, fast):
            Path(path).write_bytes(b"PAR1 partial")
            print("writing", flush=True)
            time.sleep(60)

        parquet._write_frame = slow
        target = Path({str(tmp_path)!r}) / "t.parquet"
        parquet.write_parquet_atomic(pl.DataFrame({{"a": [1]}}), target, {{}}, overwrite=False)
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
    assert all(n.startswith(parquet.TEMP_PREFIX) for n in names)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_are_written_with_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        path = write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


def test_leftovers_of_killed_writers_are_removed_but_a_live_writers_file_is_kept(tmp_path):
    dead = tmp_path / f"{parquet.TEMP_PREFIX}t.parquet.abc{parquet.TEMP_SUFFIX}"
    dead.write_bytes(b"PAR1 half")
    live = tmp_path / f"{parquet.TEMP_PREFIX}u.parquet.def{parquet.TEMP_SUFFIX}"
    live.write_bytes(b"PAR1 being written")
    other = tmp_path / ".hidden-note.tmp"
    other.write_bytes(b"not ours")
    with open(live, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        assert remove_stale_temporaries(tmp_path) == 1
    assert not dead.exists() and live.exists() and other.exists()


def test_a_filesystem_without_locks_writes_files_and_keeps_temporaries_it_cannot_check(
    tmp_path, no_file_locks
):
    path = write_parquet_atomic(pl.DataFrame({"a": [1, 2]}), tmp_path / "t.parquet", {"k": "v"})
    assert pl.read_parquet(path)["a"].to_list() == [1, 2]
    assert no_file_locks == [fcntl.LOCK_EX]
    # A temporary whose writer cannot be told alive or gone is left alone.
    unknown = tmp_path / f"{parquet.TEMP_PREFIX}u.parquet.abc{parquet.TEMP_SUFFIX}"
    unknown.write_bytes(b"PAR1 half")
    assert remove_stale_temporaries(tmp_path) == 0
    assert unknown.exists()


def test_a_lock_that_fails_otherwise_is_still_an_error(tmp_path, monkeypatch):
    def flock(file, operation):
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(fcntl, "flock", flock)
    with pytest.raises(WorkbenchError, match=r"cannot write .*t\.parquet: Bad file descriptor"):
        write_parquet_atomic(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet")
    assert list(tmp_path.iterdir()) == []


def test_a_lazy_frame_is_streamed_to_its_file_with_its_metadata(tmp_path):
    source = write_parquet_atomic(
        pl.DataFrame({"a": list(range(100)), "b": [f"r{i}" for i in range(100)]}),
        tmp_path / "source.parquet",
        fast=True,
    )
    query = pl.scan_parquet(source).filter(pl.col("a") % 3 == 0).sort("a", descending=True)
    target = write_parquet_atomic(query, tmp_path / "out.parquet", {"workbench.table": "t"})
    assert pl.read_parquet(target).equals(query.collect())
    assert pl.read_parquet_metadata(target)["workbench.table"] == "t"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet", "source.parquet"]


def test_a_lazy_frame_that_fails_midway_leaves_nothing(tmp_path):
    missing = pl.scan_parquet(tmp_path / "gone.parquet")  # an index file removed meanwhile
    with pytest.raises(WorkbenchError, match=r"gone\.parquet"):
        write_parquet_atomic(missing, tmp_path / "out.parquet", {})
    assert list(tmp_path.iterdir()) == []
