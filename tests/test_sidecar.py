"""Metadata sidecars: metadata.csv / .tsv / .jsonl / .parquet beside the article files."""

from __future__ import annotations

import json

import polars as pl
import pytest

from workbench.corpus.ingest import load_corpus
from workbench.corpus.sidecar import load_sidecar
from workbench.errors import WorkbenchError

BODY = (
    "The talks in Geneva ended without agreement on Friday, officials said, and both sides "
    "promised to meet again before the end of the year to discuss missile defense and Syria.\n"
)


def _rows(corpus) -> dict[str, dict]:
    return {row["article_id"]: row for row in corpus.articles.iter_rows(named=True)}


def test_csv_sidecar_gives_metadata_with_columns_in_any_order_and_synonyms(make_corpus):
    corpus_dir = make_corpus(
        {
            "a.txt": "Menu\n\n" + BODY,
            "sub/b.txt": "Heading\n\n" + BODY,
            "metadata.csv": "Headline,Source URL,file,Pub Date,Publication,byline\n"
            "Geneva talks end,https://example.org/a,a.txt,2013-09-13T10:00:00Z,Daily,Jane Doe\n"
            '"Talks, again",,sub/b.txt,"Sept. 14, 2013",,\n',
        }
    )
    rows = _rows(load_corpus(corpus_dir))
    assert rows["a"]["title"] == "Geneva talks end"
    assert rows["a"]["published"] == "2013-09-13"
    assert (rows["a"]["outlet"], rows["a"]["author"]) == ("Daily", "Jane Doe")
    assert rows["a"]["url"] == "https://example.org/a"
    assert (rows["a"]["date_source"], rows["a"]["title_source"]) == ("sidecar", "sidecar")
    assert rows["b"]["title"] == "Talks, again"
    assert rows["b"]["published"] == "2013-09-14"


def test_a_scrapers_sidecar_of_pages_that_share_a_name(make_corpus):
    # every page saved as index.html in a folder of its own, the scraper's rows naming them
    corpus_dir = make_corpus(
        {
            "cnn/kerry/index.txt": BODY,
            "cnn/lavrov/index.txt": BODY.replace("Friday", "Monday"),
            "metadata.csv": "file,title,date\n"
            "cnn/kerry/index.txt,Kerry in Geneva,2013-09-13\n"
            "cnn/lavrov/index.txt,Lavrov in Geneva,2013-09-16\n",
        }
    )
    rows = _rows(load_corpus(corpus_dir))
    assert {key: row["title"] for key, row in rows.items()} == {
        "kerry-index": "Kerry in Geneva",
        "lavrov-index": "Lavrov in Geneva",
    }
    # a row may name its page by that id alone
    (corpus_dir / "metadata.csv").write_text(
        "id,title\nlavrov-index,Lavrov again\n", encoding="utf-8"
    )
    rows = _rows(load_corpus(corpus_dir))
    assert rows["lavrov-index"]["title"] == "Lavrov again"
    assert rows["lavrov-index"]["title_source"] == "sidecar"
    assert set(rows) == {"kerry-index", "lavrov-index"}


def test_manifest_wins_over_the_sidecar_which_fills_what_it_leaves_out(make_corpus):
    corpus_dir = make_corpus(
        {
            "a.txt": "Heading\n\n" + BODY,
            "metadata.jsonl": json.dumps(
                {"id": "a", "title": "Sidecar title", "date": "2013-09-13", "author": "J. Doe"}
            )
            + "\n",
        },
        manifest='[[article]]\nid = "A1"\nfile = "a.txt"\ntitle = "Manifest title"\n',
    )
    row = load_corpus(corpus_dir).articles.row(0, named=True)
    assert row["article_id"] == "A1"
    assert (row["title"], row["title_source"]) == ("Manifest title", "manifest")
    assert (row["published"], row["date_source"]) == ("2013-09-13", "sidecar")
    assert row["author"] == "J. Doe"


def test_parquet_and_tsv_sidecars(make_corpus, tmp_path):
    corpus_dir = make_corpus({"a.txt": "Heading\n\n" + BODY})
    pl.DataFrame({"ID": ["a"], "Title": ["From Parquet"], "published": ["2014"]}).write_parquet(
        corpus_dir / "metadata.parquet"
    )
    row = load_corpus(corpus_dir).articles.row(0, named=True)
    assert (row["title"], row["published"], row["date_precision"]) == (
        "From Parquet",
        "2014",
        "year",
    )
    (corpus_dir / "metadata.parquet").unlink()
    (corpus_dir / "metadata.tsv").write_text("file\ttitle\na.txt\tFrom TSV\n", encoding="utf-8")
    assert load_corpus(corpus_dir).articles["title"][0] == "From TSV"


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        (
            "title,date\nX,2013-01-01\n",
            r"metadata\.csv: no id or file column \(columns: title, date\)",
        ),
        ("file,date\na.txt,next tuesday\n", r'metadata\.csv:2: date "next tuesday" is not a date'),
        (
            "file,date\na.txt,05/07/2013\n",
            r'metadata\.csv:2: date "05/07/2013" is ambiguous \(day/month order unknown\): '
            r"write it as YYYY-MM-DD \(2013-05-07 or 2013-07-05\)",
        ),
        (
            "file,date,pub_date\na.txt,2013-09-13,2013-09-14\n",
            r'metadata\.csv: 2 date columns, "date" and "pub_date"; keep one',
        ),
        (
            "file|title\na.txt|A\n",
            r"metadata\.csv: no id or file column .*the header is one column",
        ),
        ("file,title\na.txt,A\ngone.txt,B\n", r'metadata\.csv:3: file "gone.txt" does not exist'),
        ("id,title\nzzz,A\n", r'metadata\.csv:2: no article file for id "zzz"'),
        ("file,title\na.txt,A\na.txt,B\n", r'metadata\.csv:3: file "a.txt" listed twice'),
        (
            'file,title\na.txt,"unclosed\nb.txt,B\n',
            r"metadata\.csv:2: a quoted cell opened on this row is never closed",
        ),
    ],
)
def test_sidecar_errors_are_one_line_with_file_and_line(make_corpus, sidecar, message):
    corpus_dir = make_corpus({"a.txt": "Heading\n\n" + BODY, "metadata.csv": sidecar})
    with pytest.raises(WorkbenchError, match=message) as error:
        load_corpus(corpus_dir)
    assert "\n" not in str(error.value)


def test_two_sidecars_are_an_error(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": BODY, "metadata.csv": "file\na.txt\n", "metadata.jsonl": '{"file": "a.txt"}\n'}
    )
    with pytest.raises(WorkbenchError, match="two metadata sidecars"):
        load_corpus(corpus_dir)


def test_a_column_named_twice_is_read_once_and_said(make_corpus):
    sidecar = "file,title,Title\na.txt,First,Second\n"
    corpus = load_corpus(make_corpus({"a.txt": "Heading\n\n" + BODY, "metadata.csv": sidecar}))
    assert corpus.articles["title"].to_list() == ["First"]
    assert 'metadata.csv: two columns named "title": the first is read' in corpus.warnings


def test_a_changed_sidecar_is_seen_through_the_index(make_corpus, tmp_path):
    from workbench.store.index import load_corpus_cached

    corpus_dir = make_corpus(
        {"a.txt": "Heading\n\n" + BODY, "metadata.csv": "file,title\na.txt,One\n"}
    )
    cache = tmp_path / "cache"
    assert load_corpus_cached(corpus_dir, cache).articles["title"][0] == "One"
    (corpus_dir / "metadata.csv").write_text("file,title\na.txt,Two\n", encoding="utf-8")
    assert load_corpus_cached(corpus_dir, cache).articles["title"][0] == "Two"


def test_a_cp1252_sidecar_loads_and_says_how_it_was_read(make_corpus):
    sidecar = "file,title,date\na.txt,Café – talks,13.09.2013\n".encode("cp1252")
    corpus_dir = make_corpus({"a.txt": "Heading\n\n" + BODY, "metadata.csv": sidecar})
    assert load_sidecar(corpus_dir, ["a.txt"]).warnings == (
        "metadata.csv: not UTF-8, read as cp1252",
    )
    corpus = load_corpus(corpus_dir)
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"]) == ("Café – talks", "2013-09-13")
    assert corpus.warnings == ("metadata.csv: not UTF-8, read as cp1252",)


def test_a_semicolon_sidecar_is_read_by_its_header(make_corpus):
    corpus_dir = make_corpus(
        {
            "a.txt": "Heading\n\n" + BODY,
            "metadata.csv": "file;title;date\na.txt;Talks, again;2013\n",
        }
    )
    row = load_corpus(corpus_dir).articles.row(0, named=True)
    assert (row["title"], row["published"]) == ("Talks, again", "2013")
