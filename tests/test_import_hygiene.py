"""The layering holds: the core imports no Textual, and the interface touches files only through
the core (it reads and writes nothing itself)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).resolve().parent
CORE_PACKAGES = ("corpus", "analysis", "store")
CORE_MODULES = ("workbench.options", "workbench.workspace", "workbench.errors", "workbench.paths")


def core_modules() -> list[str]:
    names = list(CORE_MODULES)
    for package in CORE_PACKAGES:
        names.append(f"workbench.{package}")
        for info in pkgutil.iter_modules([str(PACKAGE / package)]):
            names.append(f"workbench.{package}.{info.name}")
    return names


def test_the_core_imports_no_textual() -> None:
    modules = core_modules()
    assert len(modules) > 20
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_command_line_starts_without_textual() -> None:
    script = (
        "import sys\n"
        "from workbench.cli.parser import build_parser\n"
        "build_parser()\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# What reading or writing files looks like in Python: the builtin open(), a function of a module
# that works on files, or a method only paths and frames have for files.
FILE_MODULES = {"os", "shutil", "tempfile", "tomllib", "gzip", "io"}
PATH_METHODS = {
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "mkdir",
    "unlink",
    "rmdir",
    "touch",
    "iterdir",
    "glob",
    "rglob",
    "exists",
    "is_file",
    "is_dir",
    "read_parquet",
    "scan_parquet",
    "write_parquet",
    "read_csv",
    "write_csv",
    "read_ndjson",
}


def file_io_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{path.name}:{node.lineno}: open()")
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in FILE_MODULES:
                found.append(f"{path.name}:{node.lineno}: {owner.id}.{func.attr}()")
            elif func.attr in PATH_METHODS:
                found.append(f"{path.name}:{node.lineno}: .{func.attr}()")
    return found


def test_the_interface_touches_files_only_through_the_core() -> None:
    modules = sorted((PACKAGE / "tui").rglob("*.py"))
    assert len(modules) > 10
    found = [line for module in modules for line in file_io_in(module)]
    assert found == []


def test_the_file_io_scan_sees_file_io(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom pathlib import Path\n"
        "def f(p: Path):\n    p.write_text('x')\n    open(p)\n    os.replace(p, p)\n"
        "    'a'.replace('a', 'b')\n    os.environ.get('HOME')\n    p.exists()\n"
    )
    assert file_io_in(sample) == [
        "sample.py:4: .write_text()",
        "sample.py:5: open()",
        "sample.py:6: os.replace()",
        "sample.py:9: .exists()",
    ]
