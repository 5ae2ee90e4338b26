"""Hostile or unlucky command lines: each ends with one line and an exit code, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.parser import main, parse_arguments

CLI = (sys.executable, "-m", "workbench")
EVIL = "Moscow\x1b[2J\x1b]0;PWNED\x07 talks\x9b31m \u202eevil\u202c done"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_cli(
    *argv: str, env: dict[str, str] | None = None, **options
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *argv],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **options,
    )


def one_error_line(stderr: str | bytes) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.startswith("workbench: error:")]
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def evil_corpus(make_corpus) -> Path:
    """One article whose title line, text and file name carry escape sequences."""
    return make_corpus(
        {
            "evil\x1b[31m.txt": f"{EVIL}\n\nThe ministers met{EVIL}. They talked again.\n",
            "plain.txt": "Plain title\n\nNothing to see here. Quiet day.\n",
        }
    )


def test_info_and_show_print_no_escape_sequence(capsys, evil_corpus: Path) -> None:
    for argv in (
        ["info", "--corpus", str(evil_corpus), "--no-cache"],
        ["info", "--corpus", str(evil_corpus), "--no-cache", "--format", "json"],
        ["show", "evil_31m", "--corpus", str(evil_corpus), "--no-cache"],
        ["show", "evil_31m", "--corpus", str(evil_corpus), "--no-cache", "--removed"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        for unsafe in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert unsafe not in out and unsafe not in err, (argv, unsafe)
    _, table, _ = run(capsys, "info", "--corpus", str(evil_corpus), "--no-cache")
    assert "␛[2J␛]0;PWNED␇" in table and "�31m" in table and "�evil" in table
    _, shown, _ = run(capsys, "show", "evil_31m", "--corpus", str(evil_corpus), "--no-cache")
    assert shown.startswith("evil_31m  Moscow␛[2J") and "evil␛[31m.txt" in shown


def test_json_keeps_the_data_and_csv_to_a_file_keeps_it_raw(capsys, evil_corpus: Path) -> None:
    import json

    code, out, _ = run(capsys, "info", "--corpus", str(evil_corpus), "--no-cache", "--format=json")
    assert code == 0
    titles = {row["id"]: row["title"] for row in json.loads(out)}
    assert titles["evil_31m"] == EVIL  # escaped in the JSON text, the same once parsed
    code, out, _ = run(capsys, "info", "--corpus", str(evil_corpus), "--no-cache", "--format=csv")
    assert code == 0 and EVIL in out  # not a terminal: CSV is data, kept as it is


def test_csv_on_a_terminal_is_shown_not_interpreted(evil_corpus: Path) -> None:
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*CLI, "info", "--corpus", str(evil_corpus), "--no-cache", "--format", "csv"],
            stdout=slave,
            stderr=subprocess.PIPE,
        )
        os.close(slave)
        slave = -1
        output = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    assert b"PWNED" in output and b"\x1b" not in output and b"\x07" not in output


def test_ascii_output_encoding_degrades_to_escapes(make_corpus) -> None:
    corpus = make_corpus({"moscow.txt": "Москва — «перезагрузка»\n\nСлова и дела. Ещё раз.\n"})
    for argv in (["info"], ["show", "moscow"], ["info", "--format", "json"]):
        result = run_cli(
            *argv, "--corpus", str(corpus), "--no-cache", env={"PYTHONIOENCODING": "ascii"}
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        result.stdout.decode("ascii")  # nothing but ASCII was written
    assert (
        b"\\u041c\\u043e\\u0441"
        in run_cli(
            "show",
            "moscow",
            "--corpus",
            str(corpus),
            "--no-cache",
            env={"PYTHONIOENCODING": "ascii"},
        ).stdout
    )


def test_closed_stdout_is_one_line() -> None:
    # `workbench info >&-`: the command starts with no standard output at all.
    command = f"exec {sys.executable} -m workbench info --no-cache >&-"
    closed = subprocess.run(["sh", "-c", command], stderr=subprocess.PIPE, timeout=120)
    assert closed.returncode == 2
    assert one_error_line(closed.stderr) == (
        "workbench: error: standard output is closed; give the command somewhere to write "
        "(e.g. > FILE)"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "workbench", "info", "--no-cache"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        "workbench: error: cannot write the output: No space left on device"
    )
    assert b"Exception ignored" not in result.stderr


def test_export_out_naming_a_file_says_not_a_directory(capsys, tmp_path: Path) -> None:
    target = tmp_path / "file.parquet"
    target.write_bytes(b"x")
    code, _, err = run(capsys, "export", "--out", str(target), "--no-cache")
    assert code == 2
    assert one_error_line(err) == (
        f"workbench: error: export directory {target} is a file, not a directory"
    )
    assert target.read_bytes() == b"x"


@pytest.mark.parametrize("tables", [",,,", " , ", ","])
def test_export_tables_naming_nothing_is_refused(capsys, tmp_path: Path, tables: str) -> None:
    code, _, err = run(capsys, "export", "--out", str(tmp_path), "--tables", tables, "--no-cache")
    assert code == 2
    assert one_error_line(err).startswith(f"workbench: error: --tables {tables!r} names no table")
    assert list(tmp_path.iterdir()) == []


def test_the_same_article_twice_is_refused(capsys) -> None:
    code, _, err = run(capsys, "align", "004", "004", "--no-cache")
    assert code == 2
    assert one_error_line(err) == (
        "workbench: error: align: 004 given twice; name two different articles"
    )
    code, _, err = run(capsys, "compare", "004", "002", "004", "--no-cache")
    assert code == 2
    assert one_error_line(err) == (
        "workbench: error: compare: 004 given twice; name different articles"
    )


def test_index_on_a_cache_that_is_not_a_directory(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "index", "--cache", os.devnull)
    assert code == 2 and out == ""
    assert one_error_line(err) == (
        f"workbench: error: --cache {os.devnull} is not a directory; give a directory for the index"
    )


def test_index_that_cannot_write_does_not_claim_it_was_built(capsys, tmp_path: Path) -> None:
    from workbench.paths import bundled_corpus_dir
    from workbench.store.index import cache_dir_for

    blocked = cache_dir_for(bundled_corpus_dir(), tmp_path)
    blocked.write_text("in the way")  # the index's own directory is a file
    code, out, err = run(capsys, "index", "--cache", str(tmp_path))
    assert code == 1
    assert "built" not in out
    assert "not written:" in out
    assert "workbench: warning: cache: cannot write" in err
    assert blocked.read_text() == "in the way"


@pytest.mark.parametrize("partitions", [(), ("--partitions", "1")])
def test_index_counts_what_it_ran_and_an_index_up_to_date_prints_no_stages(
    capsys, tmp_path: Path, partitions: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "index", "--cache", str(tmp_path), *partitions)
    assert code == 0 and "built in" in out
    assert "tables ..." in err or "reading articles ..." in err  # a build shows its stages
    if partitions:  # a partitioned index runs tasks, more of them than there are tables
        assert "tasks run on local" in out and "tables computed" not in out
    else:
        from workbench.analysis.tables import stored_table_names

        tables = len(stored_table_names())
        assert f"{tables} of {tables} tables computed" in out
    code, out, err = run(capsys, "index", "--cache", str(tmp_path))
    assert code == 0 and "up to date" in out
    assert err == ""


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, as the progress bar's stderr is in a shell."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream", [_Terminal, io.StringIO])
def test_the_progress_bar_shows_nothing_of_a_run_that_proved_to_have_nothing_to_do(
    stream: type[io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.cli.commands.index import ProgressBar

    quick = ProgressBar(stream())
    for stage in ("lexicon", "reading articles", "tables"):
        quick.update(stage, 0.0)
        quick.update(stage, 1.0)
    quick.close(shown=False)  # up to date
    assert quick.stream.getvalue() == ""

    built = ProgressBar(stream())
    built.update("reading articles", 1.0)
    monkeypatch.setattr(ProgressBar, "HOLD", 0.0)  # the run goes on longer: shown as it goes
    built.update("tables", 0.5)
    built.close()
    lines = built.stream.getvalue().replace("\r", "\n").split("\n")
    assert [line.split()[0] for line in lines if line.strip()] == ["reading", "tables"]


def test_error_lines_show_typed_text_not_run_it(capsys) -> None:
    code, _, err = run(capsys, "show", "x\x1b]0;PWNED\x07", "--no-cache")
    assert code == 2
    line = one_error_line(err)
    assert "\x1b" not in line and "\x07" not in line and "␛]0;PWNED␇" in line


def test_align_prints_the_three_scores_and_takes_a_min_score(capsys) -> None:
    from workbench.cli.parser import main

    assert main(["align", "003", "004", "--no-cache", "--min-score", "40", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert {"score", "lexical", "semantic", "label"} <= set(header)
    assert main(["align", "003", "004", "--no-cache", "--min-score", "101"]) == 2
    assert "--min-score 101 is not between 0 and 100" in capsys.readouterr().err
    assert main(["align", "000", "004", "--no-cache", "--min-score", "55"]) == 0
    assert "reaches the min score (55" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "command", "corpus", "positional"),
    [
        ([], "open", None, None),
        (["notes"], "open", None, "notes"),
        (["--corpus", "notes"], "open", "notes", None),  # as the README's corpus section has it
        (["--no-cache", "--corpus", "a.parquet"], "open", "a.parquet", None),
        (["info", "--corpus", "notes"], "info", "notes", None),
        (["compare", "001", "002", "--corpus", "notes"], "compare", "notes", None),
    ],
)
def test_a_command_line_without_a_command_opens_the_workbench(
    argv: list[str], command: str, corpus: str | None, positional: str | None
) -> None:
    args = parse_arguments(argv)
    assert args.command == command
    assert args.corpus == (Path(corpus) if corpus else None)
    assert getattr(args, "corpus_dir", None) == (Path(positional) if positional else None)


def test_the_version_is_asked_of_workbench_itself(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_arguments(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("workbench ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["table"], "the following arguments are required: NAME"),
        (["labels", "frob"], "invalid choice: 'frob'"),
        (["info", "--max-file-size", "abc"], "invalid float value: 'abc'"),
        (["phrases", "--min-articles", "3"], "unrecognized arguments: --min-articles 3"),
    ],
)
def test_a_mistake_on_the_command_line_is_one_line(capsys, argv: list[str], said: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("workbench: error: ")
    assert said in err and f"see `workbench {argv[0]} --help`" in err


@pytest.mark.parametrize("option", [["--partitions", "2"], ["--engine", "dask"]])
def test_an_archive_file_is_not_partitioned_and_says_so(capsys, tmp_path: Path, option) -> None:
    archive = tmp_path / "k.jsonl"
    archive.write_text('{"id": "a", "text": "Kerry met Lavrov in Moscow for hours."}\n')
    assert main(["index", "--corpus", str(archive), "--cache", str(tmp_path / "c"), *option]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "an archive file is indexed whole" in err


def test_a_labels_folder_that_is_a_file_is_one_line(capsys, tmp_path: Path) -> None:
    (tmp_path / "labels").write_text("x")
    assert main(["table", "labels", "--no-cache", "--data", str(tmp_path / "labels")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"data {tmp_path.resolve()}/labels: not a directory" in err


@pytest.mark.parametrize("size", ["0", "-1", "nan", "inf", "1e400", "1e-9"])
def test_a_file_size_limit_that_is_no_size_is_one_line(capsys, size: str) -> None:
    assert main(["info", "--max-file-size", size]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a positive number of MB" in err


def test_opening_a_corpus_that_is_not_there_fails_before_the_app(capsys, tmp_path: Path) -> None:
    # A mistyped command reads as a corpus folder: said in one line, with the likely command.
    assert main(["infoo"]) == 2
    assert capsys.readouterr().err == (
        "workbench: error: corpus directory infoo does not exist (did you mean `workbench info`?)\n"
    )
    assert main(["--corpus", str(tmp_path / "nope")]) == 2
    missing = tmp_path / "nope"
    assert capsys.readouterr().err.endswith(f"corpus directory {missing} does not exist\n")


_TALKS = (
    "Russian and American negotiators met behind closed doors for more than six hours on "
    "Monday, the longest session yet in a process both sides call the last chance.\n"
)


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        ((None, None), "alignments: no article has a date, and alignments pair articles of"),
        (("2015", "2015"), "alignments: every dated article is from 2015, and alignments pair"),
        (("2013", "2015"), "alignments: no sentence pair reaches the min score 99"),
    ],
)
def test_an_empty_table_says_why_on_stderr(make_corpus, capsys, dates, said) -> None:
    other = _TALKS.replace("six hours on Monday", "an hour on Friday")
    files = {"a.txt": "Talks\n\n" + _TALKS, "b.txt": "More talks\n\n" + other}
    entries = [
        f'[[article]]\nid = "{n}"\nfile = "{n}.txt"\n' + (f'published = "{d}"\n' if d else "")
        for n, d in zip("ab", dates, strict=True)
    ]
    corpus = make_corpus({**files, "manifest.toml": "\n".join(entries)})
    args = ["table", "alignments", "--corpus", str(corpus), "--no-cache", "--format", "csv"]
    assert main([*args, "--min-score", "99"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("left_id,") and out.count("\n") == 1  # the header alone
    assert err.startswith(said) and err.count("\n") == 1
