"""The manifest: the bundled one, validation errors with lines, dates, metadata inference."""

from __future__ import annotations

import pytest

from workbench.corpus.dates import date_from_filename, find_date
from workbench.corpus.manifest import (
    id_from_filename,
    ids_from_filenames,
    parse_published,
    read_manifest,
)
from workbench.errors import WorkbenchError


def test_bundled_manifest_describes_the_five_seeds(bundled_dir):
    metas = {meta.article_id: meta for meta in read_manifest(bundled_dir)}
    assert sorted(metas) == ["000", "001", "002", "003", "004"]
    assert metas["000"].author == "Mark N. Katz"
    assert metas["000"].outlet == "CNN"
    assert metas["000"].published == "2012-06"
    assert metas["001"].outlet == "The Moscow Times"
    assert metas["001"].published == "2015"
    assert metas["002"].author == "Heather Stetten"
    assert metas["002"].published == "2013"
    assert metas["003"].author is None
    assert metas["003"].published == "2013-05"
    assert metas["004"].title == "Can Putin, Trump reboot ties over Syria?"
    assert metas["004"].published == "2019-05-17"
    for article_id in ("000", "001", "002", "003"):
        assert "inferred" in metas[article_id].note
    for meta in metas.values():
        assert (bundled_dir / meta.file).is_file()
        assert meta.file.startswith("articles/" + meta.article_id)


@pytest.mark.parametrize(
    ("value", "precision", "year"),
    [
        ("2019-05-17", "day", 2019),
        ("2013-05", "month", 2013),
        ("2015", "year", 2015),
        (None, "unknown", None),
        ("2012-02-29", "day", 2012),
    ],
)
def test_parse_published(value, precision, year):
    date = parse_published(value)
    assert (date.precision, date.year, date.text) == (precision, year, value)


@pytest.mark.parametrize(
    "value", ["2013-13", "2013-02-30", "May 2013", "13", "2019/05/17", "2019-5-1", "2011-02-29"]
)
def test_parse_published_rejects_non_dates(value):
    with pytest.raises(ValueError, match="not a date"):
        parse_published(value)


ENTRY = '[[article]]\nid = "a"\nfile = "a.txt"\ntitle = "A"\npublished = "2014-03"\n'


@pytest.mark.parametrize(
    ("manifest", "line", "fragment"),
    [
        ('[[article]]\nid = "a"\nfile = "a.txt"\ntitle = "unclosed\n', 4, "malformed TOML"),
        (
            '[[article]]\nid = "a"\nfile = "a.txt"\npublished = "2013-13"\n',
            4,
            'published "2013-13" is not a date',
        ),
        (ENTRY + '\n[[article]]\nid = "a"\nfile = "b.txt"\n', 8, 'duplicate id "a"'),
        ('[[article]]\nid = "a"\nfile = "missing.txt"\n', 3, 'file "missing.txt" does not exist'),
        ('[[article]]\nid = "a"\nfile = "sub"\n', 3, 'file "sub" is a directory, not an article'),
        ('[[article]]\nid = "a"\n', 1, 'no "file"'),
        ('[[article]]\nfile = "a.txt"\n', 1, 'no "id"'),
        ('[[article]]\nid = "a"\nfile = "a.txt"\npubished = "2014"\n', 4, 'unknown key "pubished"'),
        ('[[article]]\nid = "a"\nfile = "a.txt"\ntitle = 5\n', 4, '"title" must be a string'),
        ('[[article]]\nid = "a b"\nfile = "a.txt"\n', 2, "is not valid"),
        ('[[article]]\nid = "a"\nfile = "../a.txt"\n', 3, "inside the corpus directory"),
    ],
)
def test_manifest_errors_name_the_file_and_line(make_corpus, manifest, line, fragment):
    files = {"a.txt": "Text.", "b.txt": "More text.", "sub/c.txt": "Text below."}
    corpus_dir = make_corpus(files, manifest=manifest)
    with pytest.raises(WorkbenchError) as error:
        read_manifest(corpus_dir)
    message = str(error.value)
    assert message.startswith(f"{corpus_dir / 'manifest.toml'}:{line}: ")
    assert fragment in message
    assert "\n" not in message


def test_manifest_accepts_toml_dates_and_optional_fields(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": "Text."},
        manifest='[[article]]\nid = "a"\nfile = "a.txt"\npublished = 2019-05-17\n',
    )
    (meta,) = read_manifest(corpus_dir)
    assert meta.published == "2019-05-17"
    assert meta.title is None and meta.author is None
    # a date and time: its day, as written
    (corpus_dir / "manifest.toml").write_text(
        '[[article]]\nid = "a"\nfile = "a.txt"\npublished = 2019-05-17T23:30:00-05:00\n'
    )
    assert read_manifest(corpus_dir)[0].published == "2019-05-17"


def test_no_manifest_is_not_an_error(make_corpus):
    assert read_manifest(make_corpus({"a.txt": "Text."})) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nMay 17, 2019\n\nMOSCOW — text", "2019-05-17"),
        ("Posted Dec. 3, 2012 at 10:00", "2012-12-03"),
        ("Updated 17 May 2019", "2019-05-17"),
        ("Published 2013-05-07T10:00", "2013-05-07"),
        ("In 2013 the reset ended.", None),
        ("February 30, 2013 is no day", None),
    ],
)
def test_date_from_text(text, expected):
    found = find_date(text.splitlines())
    assert (found.date if found else None) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2019-05-17-putin-trump.txt", "2019-05-17"),
        ("articles/20130507_kerry.md", "2013-05-07"),
        ("reset_2009_03.txt", "2009-03"),
        ("000_e5d2eadf58c3603a.txt", None),
        ("38704_ac19330327d15b0d.txt", None),  # digits inside a hash are no date
        ("38704_19330327d15b0dac.txt", None),
        ("2019_05_17_cnn.txt", "2019-05-17"),
        ("putin-trump.20190517.html", "2019-05-17"),
        ("report-2013-13.txt", None),
        # the folders of a site saved page by page, or of articles sorted by month or year
        ("cnn/2013/05/17/kerry-in-moscow/index.html", "2013-05-17"),
        ("reset/2009/03/notes.txt", "2009-03"),
        ("2013/notes.txt", "2013"),
        ("2019-05-17/index.html", "2019-05-17"),
        ("2013/02/30/x.txt", "2013-02"),  # as much as is a date
        ("2012/old/2013/05/x.txt", "2013-05"),  # the nearest folder
        ("2019-05-17/2013-01-02-x.txt", "2013-01-02"),  # the file's own first
        ("photos-2013/x.txt", None),
        ("archive/x.txt", None),
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


def test_id_from_filename():
    assert id_from_filename("sub/My Article (copy).txt") == "My_Article_copy"
    assert id_from_filename("000_e5d2eadf58c3603a.txt") == "000_e5d2eadf58c3603a"


def test_ids_from_filenames_keep_files_apart():
    names = [
        "site/2013/05/07/kerry-in-moscow/index.html",
        "site/2013/05/08/lavrov/index.html.gz",
        "2019/07/16/index.txt",
        "2019/07/17/index.txt",
        "x/2013/notes.txt",
        "y/2013/notes.txt",
        "memo.txt",
        "memo.PDF",
        "alone.txt",
        "a-b.txt",
        "a/b.txt",
        "c/a/b.txt",
        "Кремль/story.html",
        "Белый дом/story.html",
    ]
    ids = ids_from_filenames(names)
    assert ids == {
        # the nearest folders that tell them apart, a date's folders whole
        "site/2013/05/07/kerry-in-moscow/index.html": "kerry-in-moscow-index",
        "site/2013/05/08/lavrov/index.html.gz": "lavrov-index",
        "2019/07/16/index.txt": "2019-07-16-index",
        "2019/07/17/index.txt": "2019-07-17-index",
        "x/2013/notes.txt": "x-2013-notes",
        "y/2013/notes.txt": "y-2013-notes",
        "memo.txt": "memo-txt",  # no folder tells them apart: their suffixes
        "memo.PDF": "memo-pdf",
        "alone.txt": "alone",
        "a-b.txt": "a-b",  # a stem of its own keeps its id ...
        "a/b.txt": "a-b-txt",  # ... which another path would have made
        "c/a/b.txt": "c-a-b",
        "Кремль/story.html": "Kreml-story",
        "Белый дом/story.html": "Belyy_dom-story",
    }
    assert len(set(ids.values())) == len(names)
    # the same names in another order give the same ids; an id an entry has is not given
    assert ids_from_filenames(reversed(names)) == ids
    assert ids_from_filenames(["b.txt", "x.txt"], taken={"b"}) == {"b.txt": "b-txt", "x.txt": "x"}
    assert ids_from_filenames(["b.txt"], taken={"b", "b-txt"}) == {"b.txt": "b-txt-2"}


def test_files_keep_the_ids_they_were_given_before():
    names = ["a/index.html", "b/index.html", "brief.txt", "brief.pdf", "kerry-index.txt"]
    kept = {"a/index.html": "index", "brief.txt": "brief", "gone.txt": "gone"}
    assert ids_from_filenames(names, kept=kept) == {
        "a/index.html": "index",  # kept, though another file has its stem now
        "b/index.html": "b-index",
        "brief.txt": "brief",
        "brief.pdf": "brief-pdf",
        "kerry-index.txt": "kerry-index",
    }
    # an id an entry has now, or two files kept with one id, are given afresh
    assert ids_from_filenames(names[:2], taken={"index"}, kept=kept) == {
        "a/index.html": "a-index",
        "b/index.html": "b-index",
    }
    twice = {"a/index.html": "index", "b/index.html": "index"}
    assert ids_from_filenames(names[:2], kept=twice) == ids_from_filenames(names[:2])
    # a newcomer whose stem is an id kept by another file does not take it
    assert ids_from_filenames(["x/y.txt", "x-y.txt"], kept={"x/y.txt": "x-y"}) == {
        "x/y.txt": "x-y",
        "x-y.txt": "x-y-txt",
    }


def test_a_reader_services_header_is_read_and_nothing_else_is():
    from workbench.corpus.manifest import reader_header

    page = (
        "Title: Kerry and Lavrov agree\n\nURL Source: https://example.org/k\n\n"
        "Published Time: 2013-05-07T18:30:00Z\n\nMarkdown Content:\nKerry met Lavrov.\n"
    )
    end, fields, unread = reader_header(page)
    assert unread == ()
    assert page[end:] == "Kerry met Lavrov.\n"
    assert fields == {
        "title": "Kerry and Lavrov agree",
        "url": "https://example.org/k",
        "published": "2013-05-07",
    }
    # a text that opens with "Title:" but goes on as prose, or never says where the page
    # begins, has no such header
    assert reader_header("Title: notes on the reset\nKerry met Lavrov today.\n") is None
    assert reader_header("Title: notes\n\nURL Source: https://example.org\n") is None
