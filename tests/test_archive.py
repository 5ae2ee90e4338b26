"""Archive exports as a corpus: one JSONL, CSV or Parquet file with an article per row."""

from __future__ import annotations

import json

import polars as pl
import pytest

from workbench.corpus.ingest import load_corpus
from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.workspace import Workspace

BODY = (
    "The talks in Geneva ended without agreement on Friday, officials said. Both sides "
    "promised to meet again before the end of the year to discuss missile defense and Syria."
)


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "headline": ["Geneva talks end", "Reset revisited", "No date here"],
            "body": [BODY, "Obama and Medvedev pressed the reset button. " + BODY, BODY],
            "pub_date": ["2013-09-13", "2009-07-06T10:00:00Z", None],
            "source": ["Daily", "Weekly", None],
            "doc_id": ["a-1", "b/2", "c 3"],
        }
    )


def test_parquet_archive_opens_like_a_folder(tmp_path):
    path = tmp_path / "articles.parquet"
    _frame().write_parquet(path)
    corpus = load_corpus(path)
    rows = {row["article_id"]: row for row in corpus.articles.iter_rows(named=True)}
    assert set(rows) == {"a-1", "b_2", "c_3"}
    assert rows["a-1"]["title"] == "Geneva talks end"
    assert (rows["b_2"]["published"], rows["b_2"]["date_source"]) == ("2009-07-06", "archive")
    assert rows["b_2"]["file"] == "articles.parquet#b_2"
    assert (rows["c_3"]["published"], rows["c_3"]["date_source"]) == (None, "unknown")
    assert corpus.articles["article_id"].to_list() == ["b_2", "a-1", "c_3"]  # by date
    sentences = corpus.sentences.filter(pl.col("article_id") == "b_2")["text"].to_list()
    assert sentences[0] == "Obama and Medvedev pressed the reset button."
    documents = dict(corpus.documents.iter_rows())
    start, end = (
        corpus.sentences.filter(pl.col("article_id") == "a-1").select("start", "end").row(0)
    )
    assert (
        documents["a-1"][start:end]
        == "The talks in Geneva ended without agreement on Friday, officials said."
    )


def test_jsonl_and_csv_archives_give_the_same_articles(tmp_path):
    frame = _frame()
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in frame.iter_rows(named=True)), encoding="utf-8"
    )
    frame.write_csv(tmp_path / "a.csv")
    from_jsonl = load_corpus(tmp_path / "a.jsonl")
    from_csv = load_corpus(tmp_path / "a.csv")
    columns = ["article_id", "title", "published", "outlet", "words", "sentences"]
    assert from_jsonl.articles.select(columns).equals(from_csv.articles.select(columns))
    assert from_jsonl.sentences.equals(from_csv.sentences)


def test_rows_without_an_id_column_are_numbered(tmp_path):
    path = tmp_path / "export.csv"
    pl.DataFrame({"text": [BODY, BODY + " Again."]}).write_csv(path)
    assert sorted(load_corpus(path).articles["article_id"]) == ["0001", "0002"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "title,date\nA,2013\n", r"x\.csv: no text column \(expected one named text"),
        ("x.csv", "id,text\na,one\na,two\n", r'x\.csv:3: duplicate id "a" \(first at x\.csv:2\)'),
        ("x.jsonl", '{"text": "one"}\n{"text": \n', r"x\.jsonl:2: unreadable row"),
        ("x.jsonl", '{"text": "one", "date": "soon"}\n', r'x\.jsonl:1: date "soon" is not a date'),
        ("x.csv", "id,text\n", r"no articles in .*x\.csv"),
    ],
)
def test_archive_errors_name_the_file_and_row(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WorkbenchError, match=message) as error:
        load_corpus(path)
    assert "\n" not in str(error.value)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"is not a directory .*nor an archive"):
        load_corpus(path)


def test_workspace_over_an_archive_uses_the_index_and_sees_changes(tmp_path):
    path = tmp_path / "data" / "articles.parquet"
    path.parent.mkdir()
    _frame().write_parquet(path)
    options = WorkspaceOptions(corpus=path, cache_root=tmp_path / "cache")
    first = Workspace.open(options)
    assert first.corpus.articles.height == 3
    assert first.table("theme_by_year").height > 0
    again = Workspace.open(options)
    assert again.corpus_fingerprint == first.corpus_fingerprint
    assert again.table("theme_by_year").equals(first.table("theme_by_year"))
    assert again.tables_computed == 0  # read back from the index
    _frame().head(2).write_parquet(path)
    assert Workspace.open(options).corpus.articles.height == 2
    assert not any(p.name == "exports" for p in path.parent.iterdir())  # nothing written there


def test_archive_uses_the_side_files_of_its_folder(tmp_path):
    path = tmp_path / "articles.csv"
    pl.DataFrame({"text": ["Sponsored by Acme\n\n" + BODY]}).write_csv(path)
    (tmp_path / "boilerplate.toml").write_text(
        "[[rule]]\nid = \"acme\"\nfamily = \"Sponsor\"\npattern = '''Sponsored by Acme'''\n",
        encoding="utf-8",
    )
    corpus = load_corpus(path)
    assert corpus.removed["rule"].to_list() == ["acme"]
