"""Ingest's worker processes end with the command that started them, even under SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench_support import load_generator

from workbench.corpus.ingest import POOL_THRESHOLD


def children_of(pid: int) -> list[int]:
    """Live (non-zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "corpus"
    load_generator().write_corpus(out, POOL_THRESHOLD + 200, seed=11)
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool runs only with two or more CPUs")
def test_workers_die_when_the_command_is_killed(big_corpus: Path) -> None:
    for attempt in range(3):
        command = subprocess.Popen(
            [sys.executable, "-m", "workbench", "info", "--corpus", str(big_corpus), "--no-cache"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while command.poll() is None and time.monotonic() < deadline:
            workers = children_of(command.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.005)
        if command.poll() is not None:  # finished before the pool was seen: try again
            continue
        os.kill(command.pid, signal.SIGKILL)
        command.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in workers if alive(pid)]
        for pid in survivors:  # do not leave them behind for the next test
            os.kill(pid, signal.SIGKILL)
        assert survivors == [], f"workers outlived the killed command (attempt {attempt})"
        return
    pytest.fail("the command ended before its worker pool was seen three times")


CAPTURED_STDERR_LOAD = """
import io, sys, threading
from pathlib import Path
from workbench.corpus.ingest import load_corpus

class Captured(io.StringIO):  # as an interface captures stderr: no file descriptor
    def fileno(self):
        return -1

sys.stderr = Captured()
found = {}
loader = threading.Thread(target=lambda: found.update(corpus=load_corpus(Path(sys.argv[1]))))
loader.start()
loader.join()
print(found["corpus"].articles.height)
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool runs only with two or more CPUs")
def test_worker_processes_start_when_stderr_is_captured(big_corpus: Path) -> None:
    # The interface loads in a thread (so workers are spawned) with stderr captured.
    done = subprocess.run(
        [sys.executable, "-c", CAPTURED_STDERR_LOAD, str(big_corpus)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) == POOL_THRESHOLD + 200
