"""Files whose names do not say what they hold: pages a crawler saved under their address,
documents without a suffix, pages a site's scripts served."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from document_support import make_docx, make_pdf

from workbench.corpus.ingest import load_corpus
from workbench.corpus.listing import article_name, kind_suffix, list_article_files
from workbench.corpus.manifest import ids_from_filenames
from workbench.corpus.sniff import sniffed_suffix

PROSE = [
    "Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow.",
    "The two agreed to convene an international conference on the war in Syria.",
    "Officials on both sides said the talks had been frank and at times difficult.",
]
PAGE = (
    "<!DOCTYPE html><html><head><title>Kerry and Lavrov agree on a Syria conference</title>"
    "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article>"
    "<h1>Kerry and Lavrov agree on a Syria conference</h1>"
    + "".join(f"<p>{sentence}</p>" for sentence in PROSE)
    + "</article><footer>Copyright 2013 Example News</footer></body></html>"
)
BRIEF, MEMO = "Kerry in Moscow: the brief", "Kerry in Moscow: the memo"
TEXT = "Kerry in Moscow\n\n" + " ".join(PROSE) + "\n"
MAIL = (
    "From: Jane Doe <jane@example.org>\nSubject: Fwd: Kerry in Moscow\n"
    "Date: Tue, 07 May 2013 18:00:00 +0400\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8\n\n" + " ".join(PROSE) + "\n"
).encode()


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("page.html", ".html"),
        ("page.HTML.gz", ".html"),
        ("story.php?id=12", ".php"),
        ("view.aspx", ".aspx"),
        ("kerry-in-moscow", ""),
        ("Putin. What next", ""),
        ("report.2013", ""),
        ("story?id=12", ""),
        ("index.php?id=12.html", ".html"),
        ("story.webarchive", ".webarchive"),
    ],
)
def test_the_suffix_that_says_what_a_file_holds(name, suffix):
    assert kind_suffix(name) == suffix


def test_a_page_saved_under_its_script_and_query_keeps_the_query_in_its_name():
    assert article_name("news/story.php?id=12") == "news/story_id=12.php"
    assert article_name("news/story.php?id=12.gz") == "news/story_id=12.php"
    assert article_name("story?id=12") == "story?id=12"  # no script: the name is all stem
    ids = ids_from_filenames(["news/story.php?id=12", "news/story.php?id=13", "story?id=5"])
    assert ids == {
        "news/story.php?id=12": "story_id_12",
        "news/story.php?id=13": "story_id_13",
        "story?id=5": "story_id_5",
    }


def test_files_without_a_suffix_are_listed_and_resources_and_readmes_are_not(tmp_path: Path):
    root = tmp_path / "mirror"
    (root / "world" / "2013").mkdir(parents=True)
    for name in (
        "world/2013/kerry-in-moscow",
        "story.php?id=12",
        "Putin. What next",
        "README",
        "Makefile",
        "Icon\r",
        "logo.png",
        "style.css",
        "metadata.csv",
        ".hidden",
    ):
        (root / name).write_text(TEXT)
    listed = [f.name for f in list_article_files(root).files]
    assert listed == ["Putin. What next", "story.php?id=12", "world/2013/kerry-in-moscow"]


@pytest.mark.parametrize(
    ("raw", "suffix"),
    [
        (make_pdf([PROSE]), ".pdf"),
        (make_docx(PROSE), ".docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), ".doc"),  # a Word 97-2003 file
        (b'<?xml version="1.0"?>\n<nitf><body></body></nitf>', ".xml"),  # a news item
        (b'<?xml version="1.0"?><html><body><p>Kerry met Lavrov.</p></body></html>', ""),
        (b"{\\rtf1\\ansi Kerry met Lavrov.}", ".rtf"),
        (MAIL, ".eml"),
        (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\n", ".mhtml"),
        (PAGE.encode(), ""),
        (TEXT.encode(), ""),
        # A text that opens with lines like a message's headers is no message without a header
        # only messages carry.
        (b"From: Reuters\nDate: May 7, 2013\n\nKerry met Lavrov in Moscow.\n", ""),
        (b"PK\x03\x04 not a zip at all", ""),
    ],
)
def test_the_kind_of_file_the_first_bytes_name(raw, suffix):
    assert sniffed_suffix(raw) == suffix


def test_files_without_a_suffix_are_read_as_what_they_hold(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "page-12345": PAGE,
                "plain-note": TEXT,
                "brief": make_pdf([[BRIEF, *PROSE]], title=BRIEF),
                "memo": make_docx([MEMO, *PROSE], title=MEMO),
                "forwarded": MAIL,
                "story.php?id=7": PAGE,
                "crawled-page": gzip.compress(PAGE.replace("Kerry and Lavrov", "Lavrov").encode()),
                "blob": bytes(range(256)) * 8,
            }
        )
    )
    articles = {row["article_id"]: row for row in corpus.articles.iter_rows(named=True)}
    assert sorted(articles) == [
        "brief",
        "crawled-page",
        "forwarded",
        "memo",
        "page-12345",
        "plain-note",
        "story_id_7",
    ]
    for page in ("page-12345", "story_id_7"):  # the page's article, without its furniture
        assert articles[page]["title"] == "Kerry and Lavrov agree on a Syria conference"
        texts = corpus.sentences.filter(article_id=page)["text"].to_list()
        assert texts == PROSE
    assert (articles["brief"]["title"], articles["memo"]["title"]) == (BRIEF, MEMO)
    assert articles["crawled-page"]["title"] == "Lavrov agree on a Syria conference"  # gzipped
    assert (articles["forwarded"]["title"], articles["forwarded"]["published"]) == (
        "Fwd: Kerry in Moscow",
        "2013-05-07",
    )
    assert articles["plain-note"]["title"] == "Kerry in Moscow"
    for article in ("brief", "memo", "forwarded", "plain-note"):
        assert corpus.sentences.filter(article_id=article)["text"].to_list()[-1] == PROSE[-1]
    assert set(corpus.warnings) == {
        "blob: not a text file (skipped)",
        "story.php?id=7: the same text as page-12345 (both kept)",
    }
