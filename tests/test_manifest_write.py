"""``workbench manifest write``: the inferred manifest, written once, read back the same."""

from __future__ import annotations

import polars as pl

from workbench.cli.parser import main
from workbench.corpus.ingest import load_corpus
from workbench.store.parquet import current_umask

PAGE = (
    "Skip to content\n\nPolitics & Government\n\nUS & World\n\n"
    "Kerry and Lavrov agree on a “reset” of talks\n\nBy Jane Doe\n\nSept. 13, 2013\n\n"
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to "
    "resume talks on Syria's chemical weapons, officials said after the meeting in Geneva.\n\n"
    "The two men met for several hours and said they would meet again later this month in "
    "New York, where the United Nations General Assembly opens.\n"
)


def test_manifest_write_then_read_back(tmp_path, capsys):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "kerry.txt").write_text(PAGE, encoding="utf-8")
    before = load_corpus(corpus_dir).articles.row(0, named=True)
    assert before["title"] == "Kerry and Lavrov agree on a “reset” of talks"
    assert (before["published"], before["date_source"]) == ("2013-09-13", "dateline")
    code = main(["manifest", "write", "--corpus", str(corpus_dir), "--no-cache"])
    assert code == 0
    text = (corpus_dir / "manifest.toml").read_text(encoding="utf-8")
    assert 'published = "2013-09-13"' in text and "date source: dateline" in text
    after = load_corpus(corpus_dir).articles.row(0, named=True)
    assert after["title"] == before["title"] and after["published"] == before["published"]
    assert (after["date_source"], after["title_source"]) == ("manifest", "manifest")
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["kerry.txt", "manifest.toml"]
    # Readable as the umask allows, as any file the user writes (a team reads the corpus).
    mode = (corpus_dir / "manifest.toml").stat().st_mode & 0o777
    assert mode == 0o666 & ~current_umask()


def test_a_file_a_manifest_cannot_name_is_left_out_and_the_corpus_still_opens(tmp_path, capsys):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "kerry.txt").write_text(PAGE, encoding="utf-8")
    (corpus_dir / "back \\ slash.txt").write_text(PAGE.replace("Kerry", "Tillerson"), "utf-8")
    (corpus_dir / b"caf\xe9.txt".decode("utf-8", "surrogateescape")).write_text(
        PAGE.replace("Kerry", "Pompeo"), encoding="utf-8"
    )
    assert main(["manifest", "write", "--corpus", str(corpus_dir), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "left out of the manifest" in err and "back \\ slash.txt" in err
    assert "caf\\xe9.txt" in err
    text = (corpus_dir / "manifest.toml").read_text(encoding="utf-8")
    assert text.count("[[article]]") == 1 and 'file = "kerry.txt"' in text
    articles = load_corpus(corpus_dir).articles  # every file read again, the manifest's first
    assert articles.height == 3
    sources = dict(articles.select("file", "title_source").iter_rows())
    assert sources["kerry.txt"] == "manifest"


def test_manifest_write_never_overwrites_without_force(tmp_path, capsys):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "a.txt").write_text(PAGE, encoding="utf-8")
    (corpus_dir / "manifest.toml").write_text("# mine\n", encoding="utf-8")
    assert main(["manifest", "write", "--corpus", str(corpus_dir), "--no-cache"]) == 2
    assert "exists; pass --force" in capsys.readouterr().err
    assert (corpus_dir / "manifest.toml").read_text(encoding="utf-8") == "# mine\n"
    assert main(["manifest", "write", "--corpus", str(corpus_dir), "--no-cache", "--force"]) == 0
    assert "[[article]]" in (corpus_dir / "manifest.toml").read_text(encoding="utf-8")


def test_manifest_write_refuses_archives_and_the_bundled_corpus(tmp_path, capsys):
    path = tmp_path / "articles.parquet"
    pl.DataFrame({"text": [PAGE]}).write_parquet(path)
    assert main(["manifest", "write", "--corpus", str(path), "--no-cache"]) == 2
    assert "is an archive" in capsys.readouterr().err
    assert main(["manifest", "write", "--no-cache"]) == 2
    assert "--corpus DIR" in capsys.readouterr().err


def test_a_manifest_written_from_a_sidecar_says_so(tmp_path, capsys):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "kerry.txt").write_text(PAGE, encoding="utf-8")
    (corpus_dir / "metadata.csv").write_text(
        "file,title,date\nkerry.txt,Kerry and Lavrov agree,2013-09-14\n", encoding="utf-8"
    )
    assert main(["manifest", "write", "--corpus", str(corpus_dir), "--no-cache"]) == 0
    text = (corpus_dir / "manifest.toml").read_text(encoding="utf-8")
    assert 'published = "2013-09-14"' in text
    assert "title from the metadata sidecar (date source: sidecar)" in text
    assert 'author = "Jane Doe"' in text  # the sidecar has no author: the byline names one
