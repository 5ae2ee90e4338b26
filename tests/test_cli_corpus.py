"""The ``info`` and ``show`` commands, and how corpus errors reach the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workbench.cli.parser import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_info_table(capsys):
    code, out, err = run(capsys, "info")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == [
        "id",
        "date",
        "date_source",
        "outlet",
        "author",
        "title",
        "words",
        "sentences",
        "removed",
    ]
    assert [line.split()[0] for line in lines[2:]] == ["000", "002", "003", "001", "004"]
    assert all(line.split()[2] == "manifest" for line in lines[2:])
    assert "2019-05-17" in lines[-1] and "Al-Monitor" in lines[-1]


def test_info_and_show_read_through_the_index_unless_told_not_to(capsys, tmp_path):
    cached, uncached = tmp_path / "cached", tmp_path / "uncached"
    assert run(capsys, "info", "--cache", str(cached))[0] == 0
    assert run(capsys, "show", "004", "--cache", str(cached))[0] == 0
    assert list(cached.glob("*/corpus.json"))
    assert run(capsys, "info", "--cache", str(uncached), "--no-cache")[0] == 0
    assert run(capsys, "show", "004", "--cache", str(uncached), "--no-cache")[0] == 0
    assert not uncached.exists()


def test_info_json_matches_the_corpus(capsys, bundled_corpus):
    code, out, _ = run(capsys, "info", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["id"] for row in rows] == bundled_corpus.articles["article_id"].to_list()
    first = rows[0]
    assert set(first) == {
        "id",
        "date",
        "date_source",
        "outlet",
        "outlet_source",
        "author",
        "title",
        "words",
        "sentences",
        "removed",
    }
    assert first["sentences"] == bundled_corpus.articles["sentences"][0]
    assert first["removed"] == bundled_corpus.articles["removed_spans"][0]


def test_info_csv_and_unknown_dates(capsys, make_corpus):
    corpus_dir = make_corpus({"undated.txt": "Heading\n\nNo date here."})
    code, out, _ = run(capsys, "info", "--corpus", str(corpus_dir), "--format", "csv")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header == "id,date,date_source,outlet,outlet_source,author,title,words,sentences,removed"
    assert row.startswith("undated,,unknown,")
    code, out, _ = run(capsys, "info", "--corpus", str(corpus_dir))
    assert "unknown" in out.splitlines()[2]


def test_show_prints_numbered_sentences_by_paragraph(capsys, bundled_corpus):
    code, out, _ = run(capsys, "show", "002")
    assert code == 0
    assert out.startswith("002  Obama's Dim Prospects for Reviving the Russian 'Reset'\n")
    assert "Heather Stetten" in out.splitlines()[1]
    body = " ".join(out.split())
    # Numbered from #1, as Compare and `workbench align` show sentences.
    assert "#1 Talks between the U.S. and Russia are unlikely" in body
    assert "#27 If they don't, September's talks are liable" in body
    assert "#0 " not in body
    assert "[See a collection" not in body
    assert "Removed spans" not in out


def test_show_removed_lists_rules_and_families(capsys):
    code, out, _ = run(capsys, "show", "001", "--removed")
    assert code == 0
    removed = out.split("Removed spans (7):\n")[1]
    assert "support-outlet (Donation appeal): Support The Moscow Times!" in removed
    assert "donation-appeal-block (Donation appeal): A Message from The Moscow Times:" in removed


def test_show_unknown_id_is_a_one_line_error(capsys):
    code, out, err = run(capsys, "show", "4")
    assert code == 2 and out == ""
    assert err.startswith('workbench: error: unknown article id "4" (did you mean: ')
    assert "004" in err and err.count("\n") == 1


def test_an_article_is_named_by_the_beginning_of_its_id(capsys, tmp_path):
    # Ids made of a file's hash are long, and the interface shows them cut: the beginning of
    # one names it in `show` and `align`; a beginning several ids share is a one-line error.
    corpus_dir = tmp_path / "c"
    corpus_dir.mkdir()
    body = "The sanctions bill passed the committee after two days of testimony."
    for name in ("612cd29826aa", "612cd29826bb", "30b771a40a"):
        (corpus_dir / f"{name}.txt").write_text(f"Title {name}\n\n{body} {name}.\n")
    code, out, _ = run(capsys, "show", "--no-cache", "--corpus", str(corpus_dir), "30b7")
    assert code == 0 and out.startswith("30b771a40a  Title 30b771a40a\n")
    # ... its removed spans too (the title line here).
    code, out, _ = run(
        capsys, "show", "--no-cache", "--corpus", str(corpus_dir), "30b", "--removed"
    )
    assert (
        code == 0
        and "Removed spans (1):\n" in out
        and "Title 30b771a40a" in out.split("Removed spans")[1]
    )
    code, out, _ = run(
        capsys, "align", "--no-cache", "--corpus", str(corpus_dir), "612cd29826a", "30b"
    )
    assert code == 0 and "sanctions bill" in out
    code, out, err = run(capsys, "show", "--no-cache", "--corpus", str(corpus_dir), "612cd")
    assert code == 2 and out == ""
    assert err == (
        'workbench: error: article id "612cd" begins several ids (612cd29826aa, 612cd29826bb): '
        "give more of it\n"
    )


@pytest.mark.parametrize(
    ("files", "manifest", "fragment"),
    [
        ({}, None, "no article files in"),
        (
            {"a.txt": "A"},
            '[[article]]\nid = "a"\nfile = "a.txt"\npublished = "2013-13"\n',
            'manifest.toml:4: published "2013-13" is not a date',
        ),
        ({"a.txt": "A"}, "[[article]\n", "manifest.toml:1: malformed TOML"),
        (
            {"a.txt": "A", "b.txt": "B"},
            '[[article]]\nid = "x"\nfile = "a.txt"\n[[article]]\nid = "x"\nfile = "b.txt"\n',
            'duplicate id "x"',
        ),
    ],
)
def test_corpus_errors_exit_2_without_traceback(capsys, make_corpus, files, manifest, fragment):
    corpus_dir = make_corpus(files, manifest=manifest)
    code, out, err = run(capsys, "info", "--corpus", str(corpus_dir))
    assert code == 2 and out == ""
    assert err.startswith("workbench: error: ") and fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_corpus_dir_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "show", "000", "--corpus", str(tmp_path / "nope"))
    assert code == 2
    assert err == f"workbench: error: corpus directory {tmp_path / 'nope'} does not exist\n"


def test_skipped_files_are_warned_on_stderr(capsys, make_corpus):
    corpus_dir = make_corpus({"good.txt": "Title\n\nFine.", "bad.txt": b"\x00\x01\x02\x03"})
    code, out, err = run(capsys, "info", "--corpus", str(corpus_dir), "--format", "json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == ["good"]
    assert err == (
        "workbench: warning: bad.txt: not a text file (skipped)\n"
        "workbench: warning: 1 file skipped (see above)\n"
    )


def test_python_dash_m_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "info", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 6


def test_a_narrow_table_cuts_its_long_columns_before_dates_and_counts():
    import polars as pl

    from workbench.cli.output import format_table

    frame = pl.DataFrame(
        {
            "id": ["kerry-moscow"],
            "date": ["2013-05-07"],
            "author": ["Anton Troianovski and Karen DeYoung"],
            "title": ["Kerry and Lavrov agree to resume Syria talks in Geneva next month"],
            "words": [845],
        }
    )
    _, _, row = format_table(frame, width=50).splitlines()
    assert len(row) <= 50
    assert "2013-05-07" in row and "845" in row  # whole
    assert "Troianovski" not in row and "…" in row  # the long ones cut


def test_show_marks_an_outlet_and_a_date_found_in_the_file(capsys, make_corpus):
    body = (
        "Russian and American negotiators met behind closed doors for more than six hours on "
        "Monday, the longest session yet in a process both sides call the last chance.\n"
    )
    corpus_dir = make_corpus({"nyt_2014-03-18_crimea.txt": "Crimea votes\n\n" + body})
    code, out, _ = run(capsys, "show", "nyt_2014-03-18_crimea", "--corpus", str(corpus_dir))
    assert code == 0
    assert out.splitlines()[1].startswith("The New York Times~ · 2014-03-18~ · ")
    # Given by the manifest, they are shown as they are.
    code, out, _ = run(capsys, "show", "004")
    assert out.splitlines()[1].startswith("Al-Monitor · ") and "~" not in out.splitlines()[1]
