"""Word documents and PDFs read as articles (corpus.office_document, corpus.pdf_document)."""

from __future__ import annotations

import io

import polars as pl
import pytest
from document_support import make_docx, make_pdf

from workbench.corpus.ingest import load_corpus
from workbench.corpus.office_document import UnreadableDocument, word_text
from workbench.corpus.pdf_document import join_broken_words, pdf_text

BRIEF = [
    [
        "Russia and the West after Crimea",
        "The annexation of Crimea in March 2014 ended the period that began with the",
        "reset of 2009. Washington and Moscow have since differed on missile defense",
        "and on the fate of Bashar al-Assad, whom Moscow protected in the Security",
        "Council. In March the officials who had negotiated the reset in Wash-",
        "ington called the referendum that the government of the peninsula, Kremlin-",
        "backed, held illegal.",
        "Policy Brief No. 12                                  Page 1",
    ],
    [
        "Sanctions followed in the summer of 2014 and were widened twice in the nego-",
        "tiations that followed.",
        "Policy Brief No. 12                                  Page 2",
    ],
]


def test_a_pdf_is_read_page_by_page_with_its_broken_words_made_whole():
    text = pdf_text(make_pdf(BRIEF)).text
    assert "\f" in text  # the pages apart, as text converted from PDF has them
    assert "Washington\ncalled" in text and "peninsula, Kremlin-backed, held illegal." in text
    assert "negotiations\nthat followed." in text


def test_a_pages_number_alone_at_its_top_or_foot_is_left_out():
    pages = [["3", *BRIEF[0][1:4], "- 3 -"], ["iv", BRIEF[1][0], BRIEF[1][1], "4"]]
    text = pdf_text(make_pdf(pages)).text
    assert [line for line in text.split("\n") if line.strip(" -") in ("3", "4", "iv")] == []
    assert "reset of 2009." in text and "that followed." in text


def test_a_pdf_article_loses_its_running_footers_and_keeps_its_prose(make_corpus):
    corpus = load_corpus(make_corpus({"brief.pdf": make_pdf(BRIEF)}))
    row = corpus.articles.row(0, named=True)
    assert row["title"] == "Russia and the West after Crimea"
    sentences = corpus.sentences["text"].to_list()
    assert sentences[-1] == (
        "Sanctions followed in the summer of 2014 and were widened twice in the negotiations "
        "that followed."
    )
    assert (
        "In March the officials who had negotiated the reset in Washington called the referendum "
        "that the government of the peninsula, Kremlin-backed, held illegal."
    ) in sentences
    assert not any("Page" in sentence for sentence in sentences)


# An article a browser printed to PDF: the date, the title and the site above each page, the
# address and the page's number below.
PRINTED_HEADER = "5/17/19, 3:45 PM Can Putin, Trump reboot ties? - Al-Monitor"
PRINTED_FOOTER = "https://www.al-monitor.com/pulse/originals/2019/05/putin-trump.html {}/3"
PRINTED = [
    [
        "Can Putin, Trump reboot ties?",
        "U.S. Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi.",
        "The two sides spoke about Iran, Venezuela and Syria, and about arms control.",
    ],
    ["Russian officials said the talks were frank and useful, though nothing was agreed."],
    [
        "Analysts in Moscow said both capitals still want to keep a channel open.",
        "The Kremlin said Putin and Trump could meet at the summit in Osaka next month.",
    ],
]


def test_the_lines_a_printed_article_repeats_around_its_pages_are_removed(make_corpus):
    pages = [
        [PRINTED_HEADER, *page, PRINTED_FOOTER.format(number)]
        for number, page in enumerate(PRINTED, start=1)
    ]
    corpus = load_corpus(make_corpus({"printed.pdf": make_pdf(pages)}))
    assert corpus.articles["title"].to_list() == ["Can Putin, Trump reboot ties?"]
    body = [line for page in PRINTED for line in page][1:]
    assert corpus.sentences["text"].to_list() == body
    removed = dict(corpus.removed.select("text", "rule").iter_rows())
    assert all(removed.get(PRINTED_FOOTER.format(n)) for n in (1, 2, 3))
    assert {removed.get(PRINTED_HEADER)} == {"running-header"}
    running = corpus.removed.filter(pl.col("rule") == "running-header")
    assert running["text"].to_list().count(PRINTED_HEADER) == 3
    assert running["family"].unique().to_list() == ["Running header"]


def test_a_chapters_running_title_in_a_long_document_is_removed(make_corpus):
    prose = "The {} round of talks on arms control ended without agreement in Geneva."
    ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
    pages = [
        [f"Chapter {1 if n < 2 else 2}: {'The reset' if n < 2 else 'Sanctions'} {n + 1}",
         prose.format(ordinal), f"Moscow said on day {n} that it would wait for Washington."]
        for n, ordinal in enumerate(ordinals)
    ]  # fmt: skip
    pages[7][0] = "Annex"  # one page without the running title
    corpus = load_corpus(make_corpus({"report.pdf": make_pdf(pages)}))
    running = corpus.removed.filter(pl.col("rule") == "running-header")["text"].to_list()
    # the second chapter's title runs on five pages; the first's, on two of eight, does not
    assert running == [f"Chapter 2: Sanctions {n}" for n in range(3, 8)]
    texts = corpus.sentences["text"].to_list()
    assert "Chapter 1: The reset 2" in texts
    assert not any(text.startswith("Chapter 2") for text in texts)
    assert sum(text.startswith("The ") and "round" in text for text in texts) == 8


def test_the_day_a_browser_printed_an_article_does_not_date_it(make_corpus):
    pages = [
        [PRINTED_HEADER.replace("5/17/19", "11/28/19"), *page, PRINTED_FOOTER.format(number)]
        for number, page in enumerate(PRINTED, start=1)
    ]
    printed = load_corpus(make_corpus({"printed.pdf": make_pdf(pages)}))
    # the address printed below each page dates it as far as it goes (".../2019/05/...")
    row = printed.articles.row(0, named=True)
    assert (row["published"], row["date_precision"], row["date_source"]) == (
        "2019-05",
        "month",
        "address",
    )
    assert row["url"] == "https://www.al-monitor.com/pulse/originals/2019/05/putin-trump.html"
    assert row["outlet"] == "Al-Monitor"  # the printed title's site, the address's host
    pages[0].insert(2, "Maxim A. Suchkov May 17, 2019")  # its byline's date
    dated = load_corpus(make_corpus({"printed.pdf": make_pdf(pages)}))
    assert dated.articles.select("published", "date_source").row(0) == ("2019-05-17", "dateline")
    # without an address in the running lines, the day it was printed still dates nothing
    bare = [[line for line in page if not line.startswith("https://")] for page in pages]
    bare[0].remove("Maxim A. Suchkov May 17, 2019")
    undated = load_corpus(make_corpus({"printed.pdf": make_pdf(bare)}))
    assert undated.articles.select("published", "date_source", "url", "outlet").row(0) == (
        None,
        "unknown",
        None,
        None,
    )


def test_an_article_printed_on_one_page_gives_its_address_and_date(make_corpus):
    header = PRINTED_HEADER.replace("5/17/19", "11/28/19")  # the day it was printed
    page = [header, *PRINTED[0], PRINTED_FOOTER.format(1).replace("1/3", "1/1")]
    printed = load_corpus(make_corpus({"printed.pdf": make_pdf([page])}))
    row = printed.articles.row(0, named=True)
    assert row["url"] == "https://www.al-monitor.com/pulse/originals/2019/05/putin-trump.html"
    assert (row["outlet"], row["published"], row["date_source"]) == (
        "Al-Monitor",
        "2019-05",
        "address",
    )
    assert row["title"] == "Can Putin, Trump reboot ties?"
    assert printed.sentences["text"].to_list() == PRINTED[0][1:]
    rules = dict(printed.removed.select("text", "rule").iter_rows())
    assert rules[header] == "running-header"


def test_a_printed_pages_address_and_site():
    from workbench.corpus.running import printed_page

    def found(edges: list[str]) -> tuple[str | None, str | None]:
        text = "\f".join(
            f"{edges[0]}\nSome prose of the article, page {n}.\n{edges[1]}" for n in (1, 2)
        )
        lines, start = [], 0
        for line in text.replace("\f", "\n").split("\n"):
            lines.append((start, start + len(line)))
            start += len(line) + 1
        running = [n for n, (a, b) in enumerate(lines) if text[a:b] in edges]
        return tuple(printed_page(text, lines, running))

    assert found(["5/17/19 Putin and Trump | The Guardian", "https://www.theguardian.com/w/1"]) == (
        "https://www.theguardian.com/w/1",
        "The Guardian",
    )
    # a title whose last part is no name of the host: the host
    assert found(["Putin and Trump - Analysis", "https://news.bbc.co.uk/2/hi/1.stm"]) == (
        "https://news.bbc.co.uk/2/hi/1.stm",
        "news.bbc.co.uk",
    )
    assert found(["Putin and Trump - BBC", "https://www.bbc.co.uk/news/world-1"])[1] == "BBC"
    assert found(["Policy Brief No. 12", "Brookings"]) == (None, None)


def test_a_line_that_comes_back_but_not_around_most_pages_stays(make_corpus):
    refrain = "Moscow answered."
    sentence = "Moscow said on Friday that it would answer the new sanctions in kind."
    pages = [
        # in the middle of two pages, at the foot of one of three; a sentence at every foot
        ["The reset of 2009", "Obama met Medvedev.", refrain, "They spoke.", "Of arms.", sentence],
        ["Kerry spoke of it.", "Lavrov too.", refrain, "Then Syria.", "And Iran.", sentence],
        ["The talks ended.", "Nobody won.", refrain, sentence],
    ]
    corpus = load_corpus(make_corpus({"brief.pdf": make_pdf(pages)}))
    texts = corpus.sentences["text"].to_list()
    assert texts.count(refrain) == 3 and texts.count(sentence) == 3
    assert corpus.removed.filter(pl.col("rule") == "running-header").is_empty()


def test_a_printed_pages_address_and_number_below_it_is_removed(make_corpus):
    text = (
        "Can Putin, Trump reboot ties?\n\nPompeo met Putin in Sochi on Tuesday to talk about "
        "Iran, Venezuela and Syria.\n\n" + PRINTED_FOOTER.format(1) + "\n"
    )
    corpus = load_corpus(make_corpus({"printed.txt": text}))
    assert corpus.sentences["text"].to_list() == [
        "Pompeo met Putin in Sochi on Tuesday to talk about Iran, Venezuela and Syria."
    ]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"%PDF-1.4\nnot really", "not a PDF that can be read"),
        (make_pdf([[]]), "no text in the PDF"),
    ],
)
def test_a_pdf_without_text_is_skipped_with_the_reason(make_corpus, raw, reason):
    good = "Putin spoke of the reset today.\n"
    corpus = load_corpus(make_corpus({"good.txt": good, "x.pdf": raw}))
    assert corpus.articles["file"].to_list() == ["good.txt"]
    assert any(reason in warning and "x.pdf" in warning for warning in corpus.warnings)


def test_a_locked_pdf_is_skipped(make_corpus):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(BRIEF))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    stream = io.BytesIO()
    writer.write(stream)
    with pytest.raises(UnreadableDocument, match="locked with a password"):
        pdf_text(stream.getvalue())


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("in Wash-\nington today", "in Washington\ntoday"),
        ("the Kremlin-\nbacked vote", "the Kremlin-backed\nvote"),
        ("a well-\nknown fact", "a well-known\nfact"),
        ("ended with Rus-\nsia", "ended with Russia"),
        # a dash before a capital or a number is no broken word
        ("Syria -\nAssad", "Syria -\nAssad"),
        ("pages 12-\n14", "pages 12-\n14"),
    ],
)
def test_words_broken_at_line_ends(text, joined):
    assert join_broken_words(text) == joined


def test_a_word_document_is_read_in_order_without_its_footer():
    raw = make_docx(
        [
            "Kerry and Lavrov agree on Syria talks",
            "By Fred Weir, May 7, 2013",
            "Kerry and Lavrov said they would   convene a conference on Syria.",
            [["year", "talks"], ["2013", "Syria"]],
            "They differ over the fate of Bashar al-Assad.",
        ]
    )
    assert word_text(raw).text == (
        "Kerry and Lavrov agree on Syria talks\n\nBy Fred Weir, May 7, 2013\n\n"
        "Kerry and Lavrov said they would convene a conference on Syria.\n\n"
        "year | talks\n\n2013 | Syria\n\n"
        "They differ over the fate of Bashar al-Assad.\n"
    )


def test_a_word_article_gets_its_title_and_date_from_its_text(make_corpus):
    raw = make_docx(
        [
            "Kerry and Lavrov agree on Syria talks",
            "By Fred Weir, May 7, 2013",
            "Kerry and Lavrov said on Tuesday that they would convene an international "
            "conference on Syria, a year after the last one failed.",
            "The two sides have long differed over the fate of Bashar al-Assad, whom Moscow "
            "has protected at the United Nations.",
        ]
    )
    corpus = load_corpus(make_corpus({"kerry.docx": raw}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["date_source"]) == (
        "Kerry and Lavrov agree on Syria talks",
        "2013-05-07",
        "dateline",
    )
    assert corpus.sentences.height == 2


def test_a_file_that_is_no_word_document_is_skipped(make_corpus):
    corpus = load_corpus(
        make_corpus({"good.txt": "Putin spoke of the reset today.\n", "x.docx": b"PK\x03\x04junk"})
    )
    assert corpus.articles["file"].to_list() == ["good.txt"]
    assert any("not a Word document" in w and "x.docx" in w for w in corpus.warnings)


@pytest.mark.parametrize(
    ("kind", "title", "expected", "source"),
    [
        (
            "docx",
            "Kerry and Lavrov agree on Syria talks",
            "Kerry and Lavrov agree on Syria talks",
            "document-meta",
        ),
        (
            "pdf",
            "Russia and the West after Crimea",
            "Russia and the West after Crimea",
            "document-meta",
        ),
        # a program's title, or one the text does not state, is no article's
        ("docx", "Microsoft Word - draft3.docx", "Kerry and Lavrov agree on Syria talks", "text"),
        ("pdf", "Quarterly report template", "Russia and the West after Crimea", "text"),
    ],
)
def test_a_documents_title_is_read_when_its_text_states_it(
    make_corpus, kind, title, expected, source
):
    if kind == "pdf":
        raw = make_pdf(BRIEF, title=title)
    else:
        raw = make_docx(
            [
                "Kerry and Lavrov agree on Syria talks",
                "Kerry and Lavrov said on Tuesday that they would convene an international "
                "conference on Syria, a year after the last one failed.",
            ],
            title=title,
        )
    corpus = load_corpus(make_corpus({f"story.{kind}": raw}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["title_source"]) == (expected, source)
    assert not any(expected == sentence for sentence in corpus.sentences["text"].to_list())


def test_a_word_document_too_large_once_unpacked_is_skipped(make_corpus, monkeypatch):
    from workbench.corpus import office_document

    raw = make_docx(["Kerry and Lavrov agree on Syria talks", "They met for hours."])
    monkeypatch.setattr(office_document, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(UnreadableDocument, match="once unpacked, over the 0 MB"):
        word_text(raw)


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}}{\info{\title Kerry and Lavrov agree}"
    r"{\author A. Clerk}}{\header {\pard Running head\par}}{\footer {\pard Page 1\par}}"
    "\n"
    r"\pard\b Kerry and Lavrov agree\b0\par\par"
    "\n"
    r"Kerry and Lavrov said on Tuesday that they would convene a conference on Syria, "
    r"caf\'e9 talk aside, and called it \u8220?a beginning\u8221?.\par"
    "\n}"
)


def test_an_rtf_document_is_read_without_its_header_footer_and_information(make_corpus):
    corpus = load_corpus(make_corpus({"kerry.rtf": RTF.encode("ascii")}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["title_source"]) == ("Kerry and Lavrov agree", "document-meta")
    assert corpus.sentences["text"].to_list() == [
        "Kerry and Lavrov said on Tuesday that they would convene a conference on Syria, "
        "café talk aside, and called it “a beginning”."
    ]
    document = corpus.documents["text"][0]
    assert "Running head" not in document and "A. Clerk" not in document


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"plain text, not RTF", "not an RTF document"), (rb"{\rtf1 {\info{\title x}}}", "no text")],
)
def test_a_file_that_is_no_rtf_document_is_skipped(make_corpus, raw, reason):
    good = "Putin spoke of the reset today.\n"
    corpus = load_corpus(make_corpus({"good.txt": good, "x.rtf": raw}))
    assert corpus.articles["file"].to_list() == ["good.txt"]
    assert any(reason in w and "x.rtf" in w for w in corpus.warnings)


def test_an_opendocument_text_is_read_paragraphs_headings_and_tables_in_order(make_corpus):
    from document_support import make_odt

    from workbench.corpus.office_document import UnreadableDocument, odt_text

    blocks = [
        "# Kerry in Moscow: the memo",
        "Secretary of State John Kerry met Foreign Minister Sergei Lavrov in Moscow on Tuesday.",
        [["Topic", "Outcome"], ["Syria", "A conference in June"]],
        "The two  agreed to meet again before the summit in St. Petersburg.",
    ]
    raw = make_odt(blocks, title="Kerry in Moscow: the memo", notes="A footnote of the memo.")
    corpus = load_corpus(make_corpus({"memo.odt": raw, "no-suffix-memo": raw}))
    for article in ("memo", "no-suffix-memo"):
        row = corpus.articles.filter(article_id=article).row(0, named=True)
        assert (row["title"], row["title_source"]) == ("Kerry in Moscow: the memo", "document-meta")
        texts = corpus.sentences.filter(article_id=article)["text"].to_list()
        assert texts[0] == blocks[1]
        assert "Syria | A conference in June" in texts
        assert texts[-1] == "The two agreed to meet again before the summit in St. Petersburg."
        assert not any("footnote" in text for text in texts)
    assert corpus.warnings == ("no-suffix-memo: the same text as memo.odt (both kept)",)
    with pytest.raises(UnreadableDocument, match=r"^not an OpenDocument text that can be read$"):
        odt_text(b"PK\x03\x04 no zip")


def test_a_page_safari_saved_as_a_web_archive_is_read_as_its_page(make_corpus):
    from document_support import make_webarchive

    prose = "Kerry and Lavrov agreed on Tuesday to convene a conference on Syria – at last."
    page = f"<html><body><article><h1>Syria talks</h1><p>{prose}</p></article></body></html>"
    russian = "<html><body><article><h1>Сирия</h1><p>Лавров и Керри договорились.</p>"
    corpus = load_corpus(
        make_corpus(
            {
                "talks.webarchive": make_webarchive(page.encode(), "https://news.example.com/s"),
                "moscow.webarchive": make_webarchive(
                    (russian + "</article></body></html>").encode("cp1251"), "", "windows-1251"
                ),
                "saved-page": make_webarchive(page.replace("Syria talks", "Talks").encode()),
                "broken.webarchive": b"bplist00 WebMainResource and nothing else",
            }
        )
    )
    titles = dict(corpus.articles.select("article_id", "title").iter_rows())
    assert titles == {"talks": "Syria talks", "moscow": "Сирия", "saved-page": "Talks"}
    urls = dict(corpus.articles.select("article_id", "url").iter_rows())
    assert urls["talks"] == "https://news.example.com/s"
    assert prose in corpus.sentences.filter(article_id="talks")["text"].to_list()
    assert "Лавров и Керри договорились." in corpus.sentences["text"].to_list()
    assert corpus.warnings == ("broken.webarchive: no web page in the saved file (skipped)",)
