"""Archive exports as a corpus: one JSONL, CSV or Parquet file with an article per row."""

from __future__ import annotations

import json

import polars as pl
import pytest

from workbench.corpus.archive import load_archive
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


def test_no_text_column_names_the_columns_as_they_are_written(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("title,date\nA,2013\n")
    with pytest.raises(WorkbenchError) as raised:
        load_corpus(path)
    said = str(raised.value)
    # As the README writes them (a header matches in any case, with or without separators).
    assert "text, body, content, article_body, full_text, …" in said
    assert "abstract, summary, lead_paragraph, …" in said


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "title,date\nA,2013\n", r"x\.csv: no text column \(expected one named text"),
        ("x.csv", "id,text\na,one\na,two\n", r'x\.csv:3: duplicate id "a" \(first at x\.csv:2\)'),
        (  # ids are made file-name safe: two that become one say so
            "x.csv",
            "id,text\na b,one\na_b,two\n",
            r'x\.csv:3: duplicate id "a_b" \(first at x\.csv:2; "a b" read as "a_b"\)',
        ),
        ("x.jsonl", '{"text": "one"}\n{"text": \n', r"x\.jsonl:2: unreadable row"),
        (  # a quote left open would take the rows below it into its cell
            "x.csv",
            'id,text\na,"one"\nb,"two\nc,three\n',
            r"x\.csv:3: a quoted cell opened on this row is never closed",
        ),
        ("x.jsonl", '{"text": "one", "date": "soon"}\n', r'x\.jsonl:1: date "soon" is not a date'),
        ("x.csv", "id,text\n", r"no articles in .*x\.csv"),
        ("x.jsonl", "", r"no articles in .*x\.jsonl \(the file is empty\)"),
        ("x.jsonl", "\n\n", r"no articles in .*x\.jsonl \(the file is empty\)"),
        (  # a file without a header row: its first article read as column names
            "x.tsv",
            "a1\t" + BODY + "\n",
            r"x\.tsv: no header row \(its first row holds an article, not column names",
        ),
        (  # ... whose first row does not even parse as one
            "x.tsv",
            '"a1"\t"He said "no" twice"\n',
            r"x\.tsv:1: unreadable header row \(.*\); the first row must name the columns",
        ),
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


def test_cp1252_csv_and_utf16_tsv_archives_load_like_article_files(tmp_path):
    cp1252 = tmp_path / "a.csv"
    cp1252.write_bytes(f'id,title,text\nx1,Café – talks,"{BODY}"\n'.encode("cp1252"))
    archive = load_archive(cp1252)
    assert archive.rows[0].meta.title == "Café – talks"
    assert archive.warnings == ("a.csv: not UTF-8, read as cp1252",)
    # Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab-separated, CRLF.
    utf16 = tmp_path / "b.tsv"
    utf16.write_bytes(b"\xff\xfe" + f"id\ttitle\ttext\r\nx1\tNaïve\t{BODY}\r\n".encode("utf-16-le"))
    archive = load_archive(utf16)
    assert (archive.rows[0].meta.title, archive.rows[0].text, archive.warnings) == (
        "Naïve",
        BODY,
        (),
    )
    assert load_corpus(utf16).articles["title"].to_list() == ["Naïve"]


def test_a_csv_separator_is_found_from_its_header(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"id;title;date;text\nx1;Talks, again;13.09.2013;{BODY}\n", encoding="utf-8")
    [row] = load_archive(path).rows
    assert (row.meta.article_id, row.meta.title, row.meta.published) == (
        "x1",
        "Talks, again",
        "2013-09-13",
    )
    path.write_text(f'id,text\nx1,"{BODY} One; two; three."\n', encoding="utf-8")
    assert load_archive(path).rows[0].text.endswith("One; two; three.")
    path.write_text("id|text\nx1|a, b\n", encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"^a\.csv:2: 2 cells .*one column: separate cells"):
        load_archive(path)


# A made-up imitation of a German export quoted with "'" (as 10kGNAD's: ``Sport;'Die …'``).
_GERMAN = (
    'Der Verein gewann am Samstag 2:1; der Trainer sprach von einem "verdienten" Sieg. '
    "Die Fans feierten bis spät in die Nacht, die Spieler ließen sich Zeit."
)


def test_a_csv_quote_is_found_with_its_separator(tmp_path):
    path = tmp_path / "a.csv"
    rows = "".join(f"{label};'{_GERMAN} {n}'\n" for n, label in enumerate(["Sport", "Kultur"]))
    path.write_text("label;text\n" + rows, encoding="utf-8")
    texts = [row.text for row in load_archive(path).rows]
    assert texts == [f"{_GERMAN} 0", f"{_GERMAN} 1"]
    # An apostrophe in a '"'-quoted file is no quote: the rows split evenly with '"'.
    path.write_text(f'id,text\nx1,"It\'s over, {BODY}"\nx2,"\'Tis, {BODY}"\n', encoding="utf-8")
    assert [row.text[:9] for row in load_archive(path).rows] == ["It's over", "'Tis, The"]


def test_a_csv_without_a_header_row_says_which_header_to_add(tmp_path):
    path = tmp_path / "a.csv"
    rows = "".join(f"{label};'{_GERMAN} {n}'\n" for n, label in enumerate(["Sport", "Kultur"]))
    path.write_text(rows, encoding="utf-8")
    message = (
        r'^.*a\.csv: no header row \(.*\): add a first line naming the columns, .*"label;text"$'
    )
    with pytest.raises(WorkbenchError, match=message):
        load_archive(path)


def _jsonl(tmp_path, *records: dict):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_newsapi_objects_author_lists_and_number_ids_are_read_as_a_user_means(tmp_path):
    record = {
        "id": 5,
        "source": {"id": "reuters", "name": "Reuters"},
        "author": ["Jane Doe", {"name": "John Roe"}],
        "text": BODY,
    }
    [row] = load_archive(_jsonl(tmp_path, record)).rows
    meta = row.meta
    assert (meta.article_id, meta.outlet, meta.author) == ("5", "Reuters", "Jane Doe, John Roe")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": 678}, r'^a\.jsonl:2: "text" is a number, not text$'),
        ({"text": ["one", "two"]}, r'^a\.jsonl:2: "text" is a list, not text$'),
        ({"id": True, "text": BODY}, r'^a\.jsonl:2: "id" is true or false, not text$'),
        ({"title": {"en": "T"}, "text": BODY}, r'^a\.jsonl:2: "title" is an object, not text$'),
        ({"source": {"id": "x"}, "text": BODY}, r'^a\.jsonl:2: "source" is an object'),
    ],
)
def test_values_that_are_not_text_are_errors_naming_line_and_column(tmp_path, record, message):
    path = _jsonl(tmp_path, {"text": BODY}, record)
    with pytest.raises(WorkbenchError, match=message):
        load_archive(path)


def test_a_binary_parquet_text_column_is_decoded_like_a_file(tmp_path):
    path = tmp_path / "a.parquet"
    texts = [f"At the summit\n{BODY}".encode(), f"Café – {BODY}".encode("cp1252")] * 2
    pl.DataFrame({"text": texts}).write_parquet(path)
    archive = load_archive(path)
    assert archive.rows[0].text == f"At the summit\n{BODY}"
    assert archive.rows[1].text == f"Café – {BODY}"
    assert archive.warnings == (
        'a.parquet: row 2: "text" is not UTF-8, read as cp1252 (so are 1 more rows)',
    )
    quoted = "“Russia’s reset” — a phrase of 2009, “reset” again in 2013. " * 3
    pl.DataFrame({"text": [quoted.encode() + b"caf\xe9"]}).write_parquet(path)
    assert load_archive(path).warnings == (
        'a.parquet: row 1: "text" is UTF-8 but for 1 byte, read as \ufffd',
    )
    pl.DataFrame({"text": [b"\x00\x01\x02binary"]}).write_parquet(path)
    with pytest.raises(WorkbenchError, match=r'a\.parquet: row 1: "text" is binary data'):
        load_archive(path)


def test_a_row_with_an_empty_text_is_skipped_with_its_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\ne1,"{BODY}"\ne2,\ne3,"{BODY}"\n', encoding="utf-8")
    archive = load_archive(path)
    assert [row.meta.article_id for row in archive.rows] == ["e1", "e3"]
    assert archive.warnings == ("a.csv:3: empty text (row skipped)",)


def test_the_corpus_says_what_reading_its_archive_warned_of(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(f'id,title,text\ne1,Café,"{BODY}"\ne2,Empty,\n'.encode("cp1252"))
    corpus = load_corpus(path)
    assert corpus.articles["title"].to_list() == ["Café"]
    assert corpus.warnings == (
        "a.csv: not UTF-8, read as cp1252",
        "a.csv:3: empty text (row skipped)",
    )
    path.write_text("id,text\ne1,\ne2, \n", encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"the text of each of its 2 rows is empty"):
        load_corpus(path)


def test_numbers_given_to_rows_without_an_id_never_clash_with_given_ids(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\n0003,"{BODY}"\n,"{BODY}"\n,"{BODY}"\n', encoding="utf-8")
    ids = [row.meta.article_id for row in load_archive(path).rows]
    assert ids == ["0003", "0002", "row-0003"]
    path.write_text(f'id,text\n0003,"{BODY}"\nrow-0003,"{BODY}"\n,"{BODY}"\n', encoding="utf-8")
    assert [row.meta.article_id for row in load_archive(path).rows][-1] == "row-0003-2"


def test_an_archive_of_abstracts_reads_them_as_the_text_and_says_so(tmp_path):
    path = tmp_path / "abstracts.jsonl"
    rows = [
        {
            "headline": "Kerry and Lavrov agree on Syria talks",
            "pub_date": "2013-05-07",
            "abstract": "The two ministers agreed to convene a conference on ending the war.",
        },
        {
            "headline": "The reset is over",
            "pub_date": "2014-03-18",
            "abstract": "Sanctions follow the annexation of Crimea, and ties stay frozen.",
        },
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    archive = load_archive(path)
    assert [row.text for row in archive.rows] == [row["abstract"] for row in rows]
    assert [row.meta.title for row in archive.rows] == [row["headline"] for row in rows]
    assert any('summaries of "abstract"' in warning for warning in archive.warnings)
    # A full text, when there is one, is the text; the summary is left alone.
    rows[0]["content"] = rows[1]["content"] = "Full text of the article, longer than its abstract."
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    archive = load_archive(path)
    assert {row.text for row in archive.rows} == {rows[0]["content"]}
    assert not any("summaries" in warning for warning in archive.warnings)


def test_a_year_column_gives_the_date_where_no_date_is_given(tmp_path):
    years = tmp_path / "years.parquet"
    pl.DataFrame({"id": [1, 2], "body": [BODY, BODY], "Year": [2009, 2013]}).write_parquet(years)
    assert [row.meta.published for row in load_archive(years).rows] == ["2009", "2013"]
    # Beside a date column it is no second date column (which would be refused): the date
    # wins, and the year stands in where a row's date is empty.
    both = tmp_path / "both.parquet"
    frame = {"id": [1, 2], "text": [BODY] * 2, "date": ["2009-07-06", None], "pub_year": [2013] * 2}
    pl.DataFrame(frame).write_parquet(both)
    assert [row.meta.published for row in load_archive(both).rows] == ["2009-07-06", "2013"]


def test_a_summarization_collections_article_and_highlights_columns_are_text_and_summary(
    tmp_path,
):
    # The shape research collections of news publish (CNN and Daily Mail's): "article" is the
    # full text, "highlights" its summary, never read in its place.
    path = tmp_path / "validation.csv"
    pl.DataFrame(
        {"article": [BODY], "highlights": ["Talks end without a deal ."], "id": ["9f2a"]}
    ).write_csv(path)
    archive = load_archive(path)
    assert [row.text for row in archive.rows] == [BODY]
    assert archive.rows[0].meta.article_id == "9f2a"


def test_story_files_are_read_with_their_highlights_removed(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    highlights = "@highlight\n\nTalks end without a deal\n\n@highlight\n\nThey meet again\n"
    story = f"(CNN) -- {BODY}\n\n{highlights}"
    (folder / "0044e296.story").write_text(story, encoding="utf-8")
    corpus = load_corpus(folder)
    sentences = corpus.sentences["text"].to_list()
    assert sentences[-1].endswith("missile defense and Syria.")
    assert not any("highlight" in s or s == "They meet again" for s in sentences)
    removed = corpus.removed.filter(corpus.removed["rule"] == "story-highlights")
    assert removed.height == 1 and removed["text"][0].endswith("They meet again")
