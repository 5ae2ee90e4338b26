"""Broken corpora through `info`, `export` and `index`: no traceback, no hang, the corpus unchanged,
the same warnings from every command.

Each case builds a corpus in a temporary folder, then one subprocess runs the three commands in
turn (a hang shows as a timeout of that subprocess) and reports what each printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ARTICLE = "A headline about the reset\n\nWashington and Moscow spoke of a reset in 2009.\n"

DRIVER = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from workbench.cli import main

    corpus, out, cache, *extra = sys.argv[1:]
    runs = {}
    for name, argv in {
        "info": ["info", "--corpus", corpus, "--no-cache", *extra],
        "export": ["export", "--corpus", corpus, "--out", out, "--no-cache", *extra],
        "index": ["index", "--corpus", corpus, "--cache", cache, *extra],
    }.items():
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(argv)
            except SystemExit as exit:
                code = exit.code
            except BaseException as error:
                import traceback
                traceback.print_exc(file=stderr)
                code = "raised"
        runs[name] = {"code": code, "out": stdout.getvalue(), "err": stderr.getvalue()}
    print(json.dumps(runs))
    """
)


def tree_state(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` as it stands: type, mode, size, mtime, and the bytes' hash.

    Walks with folder descriptors, so paths longer than the system allows are seen too.
    """
    state = {}
    for folder, dirs, files, fd in os.fwalk(root, follow_symlinks=False):
        for name in dirs + files:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            digest = None
            if stat.S_ISREG(info.st_mode):
                handle = os.open(name, os.O_RDONLY, dir_fd=fd)
                with os.fdopen(handle, "rb") as stream:
                    digest = hashlib.sha256(stream.read()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(name, dir_fd=fd)
            state[f"{folder}/{name}"] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return state


def run_commands(tmp_path: Path, corpus: Path, *extra: str) -> dict[str, dict]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(corpus), str(out), str(tmp_path / "cache"), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def warnings_of(run: dict) -> list[str]:
    return [line for line in run["err"].splitlines() if line.startswith("workbench: warning:")]


def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    return secret


def deep_path(root: Path) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(25):
            os.mkdir("d" * 200, dir_fd=fd)
            child = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        note = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(note, ARTICLE.encode())
        os.close(note)
    finally:
        os.close(fd)


# name → (builder(corpus, tmp_path), expected exit code of every command, text in a warning or
# error line, extra arguments)
CASES: dict[str, tuple[Callable[[Path, Path], None], int, str, tuple[str, ...]]] = {
    "name-not-utf8": (
        lambda c, t: Path(os.fsdecode(os.fsencode(c) + b"/caf\xe9.txt")).write_text(ARTICLE),
        0,
        "",
        (),
    ),
    "manifest-nested-deeply": (
        lambda c, t: (c / "manifest.toml").write_text("a = " + "[" * 50000),
        2,
        "manifest.toml: malformed TOML: nested too deeply",
        (),
    ),
    "manifest-is-a-directory": (
        lambda c, t: (c / "manifest.toml").mkdir(),
        2,
        "manifest.toml: manifest is a directory, not a file",
        (),
    ),
    "manifest-link-loop": (
        lambda c, t: (c / "manifest.toml").symlink_to(c / "manifest.toml"),
        2,
        "manifest.toml: cannot read manifest: Too many levels of symbolic links",
        (),
    ),
    "manifest-to-dev-urandom": (
        lambda c, t: (c / "manifest.toml").symlink_to("/dev/urandom"),
        2,
        "manifest.toml: manifest is not a regular file",
        (),
    ),
    "file-to-dev-zero": (
        lambda c, t: (c / "zero.txt").symlink_to("/dev/zero"),
        0,
        "zero.txt: symbolic link leading outside the corpus",
        (),
    ),
    "file-to-dev-zero-followed": (
        lambda c, t: (c / "zero.txt").symlink_to("/dev/zero"),
        0,
        "zero.txt: not a regular file",
        ("--follow-symlinks",),
    ),
    "fifo": (lambda c, t: os.mkfifo(c / "pipe.txt"), 0, "pipe.txt: not a regular file", ()),
    "dangling-link": (
        lambda c, t: (c / "gone.txt").symlink_to(c / "nowhere.txt"),
        0,
        "gone.txt: broken symbolic link (skipped)",
        (),
    ),
    "link-loop": (
        lambda c, t: (c / "loop.txt").symlink_to(c / "loop.txt"),
        0,
        "loop.txt: symbolic link loop (skipped)",
        (),
    ),
    "link-out-of-the-corpus": (
        lambda c, t: (c / "passwd.txt").symlink_to(outside(t)),
        0,
        "passwd.txt: symbolic link leading outside the corpus",
        (),
    ),
    "path-too-long": (lambda c, t: deep_path(c), 0, "cannot list: File name too long", ()),
    "file-over-the-limit": (
        lambda c, t: (c / "big.txt").write_text("word " * 2000),
        0,
        "big.txt: 10,000 bytes, over the 5,242 bytes limit (skipped)",
        ("--max-file-size", "0.005"),
    ),
    "binary-and-empty": (
        lambda c, t: ((c / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01"), (c / "e.md").touch()),
        0,
        "image.txt: not a text file (skipped)",
        (),
    ),
    "not-utf8-text": (
        lambda c, t: (c / "latin.txt").write_bytes(
            "Caf\xe9 talks on the reset.\n".encode("cp1252")
        ),
        0,
        "latin.txt: not UTF-8, read as cp1252",
        (),
    ),
    "rules-file-is-a-directory": (
        lambda c, t: (c / "boilerplate.toml").mkdir(),
        2,
        "boilerplate.toml: boilerplate rules is a directory, not a file",
        (),
    ),
    "lexicon-nested-deeply": (
        lambda c, t: (c / "themes.toml").write_text("x = " + "{a=" * 50000),
        2,
        "themes.toml: malformed TOML: nested too deeply",
        (),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_corpus(tmp_path: Path, case: str) -> None:
    build, expected_code, expected_text, extra = CASES[case]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE)
    build(corpus, tmp_path)
    before = tree_state(corpus)
    runs = run_commands(tmp_path, corpus, *extra)
    assert tree_state(corpus) == before
    for name, run in runs.items():
        assert "Traceback" not in run["err"], (name, run["err"])
        assert run["code"] == expected_code, (name, run)
        if expected_code == 2:
            errors = [line for line in run["err"].splitlines() if line.startswith("workbench: ")]
            assert len(errors) == 1 and errors[0].startswith("workbench: error: "), (name, errors)
            assert expected_text in errors[0]
    if expected_code == 0:
        warnings = warnings_of(runs["info"])
        assert warnings == warnings_of(runs["export"]) == warnings_of(runs["index"])
        if expected_text:
            assert any(expected_text in w for w in warnings), warnings
        skipped = sum(1 for w in warnings if w.endswith("(skipped)"))
        if skipped:
            noun = "file" if skipped == 1 else "files"
            assert warnings[-1] == f"workbench: warning: {skipped} {noun} skipped (see above)"
        assert "good" in runs["info"]["out"]


def test_a_corpus_whose_every_file_is_unreadable_is_one_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    runs = run_commands(tmp_path, corpus)
    for run in runs.values():
        assert run["code"] == 2
        errors = [line for line in run["err"].splitlines() if "error:" in line]
        # one line, saying why for each file
        assert errors == [
            f"workbench: error: no readable article files in {corpus}: gone.txt: broken "
            "symbolic link; pipe.txt: not a regular file (a FIFO, socket or device)"
        ]
        assert "Traceback" not in run["err"]


def test_show_never_prints_a_file_from_outside_the_corpus(tmp_path: Path, capsys) -> None:
    from workbench.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE)
    (corpus / "passwd.txt").symlink_to(outside(tmp_path))
    assert main(["show", "passwd", "--corpus", str(corpus), "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert "root:x:0:0" not in captured.out + captured.err
    assert 'unknown article id "passwd"' in captured.err
