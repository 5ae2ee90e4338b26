"""News items in XML read as articles (corpus.news_xml): NITF, NewsML 1 and G2, Reuters'
newsitem."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.corpus.ingest import load_corpus
from workbench.corpus.news_xml import news_xml_article
from workbench.corpus.office_document import UnreadableDocument

FIXTURES = Path(__file__).parent / "fixtures" / "news_xml"
NITF = (FIXTURES / "nitf-kerry-lavrov.xml").read_bytes()
NEWSITEM = (FIXTURES / "newsitem-lebed.xml").read_bytes()
G2 = (FIXTURES / "newsml-g2-helsinki.xml").read_bytes()


def test_a_nitf_file_gives_its_full_text_once_and_the_publications_data():
    item = news_xml_article(NITF)
    paragraphs = item.text.strip().split("\n\n")
    # The lead paragraph block and the "LEAD:" paragraph repeat the full text's opening.
    assert paragraphs == [
        "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Tuesday to "
        "convene a conference on Syria, a rare moment of agreement after two years of dispute.",
        "The announcement came after Mr. Kerry met President Vladimir V. Putin for more than "
        "two hours.",
    ]
    assert item.fields == {
        "title": "Kerry and Lavrov Agree on a Syria Conference",
        "author": "Anna Petrova",  # the normalized byline says how "ANNA PETROVA" is written
        "published": "2013-05-07",
        "outlet": "The Example Times",
        "url": "http://example.org/2013/05/07/world/kerry.html",
    }


def test_a_reuters_newsitem_and_a_newsml_g2_item():
    item = news_xml_article(NEWSITEM)
    assert item.text.startswith("Russian security chief Alexander Lebed said on Tuesday")
    assert '"We have agreed on the main points," Lebed told reporters' in item.text
    assert item.fields == {
        "title": "Lebed says peace plan for Chechnya agreed.",
        "published": "1996-08-20",
        "outlet": "Reuters",  # from "(c) Reuters Limited 1996"
        "language": "en",
    }
    item = news_xml_article(G2)
    assert item.text.split("\n\n")[1] == (
        "The two leaders spoke about Syria, arms control and the election of 2016.\n"
    )
    assert item.fields == {
        "title": "Trump and Putin meet in Helsinki",
        "author": "Jane Doe",
        "published": "2018-07-16",
        "outlet": "Example Press",
        "language": "en-US",
    }


def test_newsml_1_carries_its_nitf():
    inner = NITF.split(b"?>", 1)[1].split(b"\n", 2)[2]  # the <nitf> element, no declarations
    wrapped = (
        b'<?xml version="1.0"?><NewsML><NewsItem><NewsComponent><ContentItem><DataContent>'
        + inner
        + b"</DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"
    )
    assert (
        news_xml_article(wrapped).fields["title"] == "Kerry and Lavrov Agree on a Syria Conference"
    )


def test_news_items_open_as_a_corpus_dated_by_their_metadata_and_named_or_not(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "nyt/1000001.xml": NITF,
                "reuters/2286": NEWSITEM,  # no suffix: told by its first bytes
                "g2.nitf": G2,
                "feed.xml": '<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>',
                "page.xml": '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                "<head><title>Sanctions renewed</title></head><body><article><p>The council "
                "renewed the sanctions on Tuesday after a long debate about their effect."
                "</p></article></body></html>",
            }
        )
    )
    rows = {row["file"]: row for row in corpus.articles.rows(named=True)}
    assert set(rows) == {"nyt/1000001.xml", "reuters/2286", "g2.nitf", "page.xml"}
    nyt = rows["nyt/1000001.xml"]
    assert (nyt["published"], nyt["date_source"], nyt["title_source"]) == (
        "2013-05-07",
        "xml-meta",
        "xml-meta",
    )
    assert (nyt["outlet"], nyt["author"]) == ("The Example Times", "Anna Petrova")
    assert rows["reuters/2286"]["outlet"] == "Reuters"
    assert rows["page.xml"]["title"] == "Sanctions renewed"  # XHTML under .xml: a page
    assert corpus.warnings[0] == (
        "feed.xml: an XML file that holds no news article (NITF, NewsML or Reuters' newsitem) "
        "(skipped)"
    )


@pytest.mark.parametrize(
    "raw",
    [
        # An external entity is never read, nor the network asked for the DTD.
        b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<nitf><body><body.content><p>&x;</p></body.content></body></nitf>",
        # Nested entities are not expanded ("billion laughs").
        b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<nitf><body><body.content><p>&c;</p></body.content></body></nitf>",
    ],
)
def test_entities_are_neither_read_nor_expanded(raw):
    text = news_xml_article(raw).text
    assert "root:" not in text and "aaaaaaaaaa" not in text and len(text) < 10


@pytest.mark.parametrize("raw", [b"<nitf><body></body></nitf>", b"\x00\x01 not xml", b""])
def test_empty_or_broken_xml_is_skipped_with_a_reason(raw):
    with pytest.raises(UnreadableDocument):
        news_xml_article(raw)
