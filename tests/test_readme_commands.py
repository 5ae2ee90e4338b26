"""The README's two commands, run as written in a fresh copy of the checkout.

The first command installs the workbench and opens it; without a terminal the app cannot be
opened, so after its install part the installed ``workbench`` is run from another directory
(``--version`` and ``info`` on the bundled corpus). The second installs the test extra and runs
the suite; here the suite is collected whole and one quick test file is run, so that the test
does not run itself again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_IGNORED_NAMES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
    "build",
    "dist",
    "exports",
    "*.pyc",
)
# Generated, git-ignored folders that may be large in a working copy.
_IGNORED_PATHS = {ROOT / "bench" / "data", ROOT / "bench" / "out", ROOT / "tmp"}


def _ignored(directory: str, names: list[str]) -> set[str]:
    skipped = set(_IGNORED_NAMES(directory, names))
    return skipped | {name for name in names if Path(directory) / name in _IGNORED_PATHS}


pytestmark = pytest.mark.readme


def readme_commands() -> list[str]:
    """The README's first two indented code lines."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.startswith("    ") and line.strip()]
    return commands[:2]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def _run(command: str, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_readme_has_the_two_commands():
    install_open, install_test = readme_commands()
    assert install_open.endswith("workbench")
    assert "pip install" in install_open and "pip install" in install_test
    assert install_test.endswith("pytest -q")


def test_readme_commands_run_from_a_fresh_checkout(tmp_path):
    install_open, install_test = readme_commands()
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=_ignored)

    *install, _open = install_open.split(" && ")
    result = _run(" && ".join(install), checkout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    workbench = checkout / ".venv" / "bin" / "workbench"
    result = _run(f"{workbench} --version", elsewhere, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("workbench "), result.stderr
    result = _run(f"{workbench} info --format csv", elsewhere, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "000",
        "002",
        "003",
        "001",
        "004",
    ]

    *install, run_tests = install_test.split(" && ")
    result = _run(" && ".join(install), checkout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collect = run_tests.replace("pytest -q", "pytest -q --collect-only -p no:cacheprovider")
    result = _run(collect, checkout, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "test_readme_commands.py" in result.stdout
    quick = run_tests.replace("pytest -q", "pytest -q -p no:cacheprovider tests/test_segment.py")
    result = _run(quick, checkout, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
