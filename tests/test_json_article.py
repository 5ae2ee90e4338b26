"""Articles saved as one JSON object per file, as scrapers write them (corpus.json_article)."""

from __future__ import annotations

import json

import pytest

from workbench.corpus.ingest import load_corpus
from workbench.corpus.json_article import json_article
from workbench.corpus.office_document import UnreadableDocument

TEXT = (
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Tuesday to "
    "convene a conference on Syria.\n\nThe announcement came after Kerry met Putin."
)
# As news-please writes each article it scrapes.
NEWS_PLEASE = {
    "authors": ["Anna Petrova", "John Roe"],
    "date_download": "2019-06-01 10:00:00",
    "date_modify": None,
    "date_publish": "2013-05-07 12:00:00",
    "description": "Kerry and Lavrov agree",
    "image_url": None,
    "language": "en",
    "maintext": TEXT,
    "source_domain": "www.example.org",
    "title": "Kerry and Lavrov agree on Syria talks",
    "url": "https://www.example.org/2013/05/07/kerry",
}
# As NewsAPI gives an article.
NEWSAPI = {
    "source": {"id": None, "name": "Example Wire"},
    "author": "Jane Doe",
    "title": "Trump and Putin meet in Helsinki",
    "description": "The two leaders met for two hours.",
    "url": "https://example.net/helsinki",
    "publishedAt": "2018-07-16T14:02:00Z",
    "content": "President Donald Trump and President Vladimir Putin met in Helsinki on Monday.",
}


def test_a_scrapers_json_gives_the_text_and_its_metadata():
    article = json_article(json.dumps(NEWS_PLEASE))
    assert article.text == TEXT
    assert article.fields == {
        "title": "Kerry and Lavrov agree on Syria talks",
        "outlet": "example.org",  # the domain, as a page naming no site is its host's
        "author": "Anna Petrova, John Roe",
        "url": "https://www.example.org/2013/05/07/kerry",
        "language": "en",
        "published": "2013-05-07",  # date_publish, not the day it was downloaded
    }
    article = json_article(json.dumps(NEWSAPI))
    assert (
        article.fields["outlet"] == "Example Wire" and article.fields["published"] == "2018-07-16"
    )


def test_odd_fields_are_left_out_and_never_stop_the_file():
    odd = {"maintext": TEXT, "title": 5, "date_publish": "yesterday", "authors": {"x": 1}}
    assert json_article(json.dumps(odd)).fields == {}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[{"text": "a"}, {"text": "b"}]', "a JSON list of 2 items, not one article"),
        ('{"name": "x", "version": "1.0"}', "holds no article text"),
        ('{"maintext": "  "}', "holds no article text"),
        ('"just a string"', "holds no article"),
        ("{not json", "not a JSON file that can be read"),
    ],
)
def test_json_that_holds_no_article_says_why(text, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        json_article(text)


def test_a_folder_of_scraped_articles_opens_as_a_corpus(make_corpus):
    page = {
        **NEWSAPI,
        "content": "<html><body><nav>Home | World</nav><article><p>"
        + NEWSAPI["content"]
        + "</p></article></body></html>",
    }
    corpus = load_corpus(
        make_corpus(
            {
                "2013/kerry.json": json.dumps(NEWS_PLEASE),
                "2018/helsinki.json": json.dumps(page),  # the page's source: read as a page
                "package.json": '{"name": "scraper"}',
            }
        )
    )
    rows = {row["article_id"]: row for row in corpus.articles.rows(named=True)}
    assert set(rows) == {"kerry", "helsinki"}
    assert (rows["kerry"]["published"], rows["kerry"]["date_source"]) == ("2013-05-07", "json-meta")
    assert rows["kerry"]["title_source"] == "json-meta"
    helsinki = corpus.sentences.filter(corpus.sentences["article_id"] == "helsinki")
    assert helsinki["text"].to_list() == [NEWSAPI["content"]]  # the page's menu is gone
    assert rows["helsinki"]["outlet"] == "Example Wire"
    assert corpus.warnings[0].startswith("package.json: a JSON file that holds no article text")


def test_an_archive_of_scraped_articles_reads_news_please_fields(tmp_path):
    path = tmp_path / "scraped.jsonl"
    path.write_text(json.dumps(NEWS_PLEASE) + "\n", encoding="utf-8")
    row = load_corpus(path).articles.row(0, named=True)
    assert (row["published"], row["outlet"]) == ("2013-05-07", "example.org")


def test_trafilaturas_json_gives_the_sites_name_and_the_address():
    # trafilatura --json: "source" is the address, "source-hostname" the site's name.
    exported = {
        "title": "Kerry meets Lavrov",
        "author": "Anna Petrova",
        "hostname": "example.org",
        "date": "2013-05-07",
        "fingerprint": "49f341757de45ee2",
        "raw_text": "Kerry meets Lavrov " + TEXT,
        "text": TEXT,
        "filedate": "2026-12-05",
        "source": "https://www.example.org/2013/05/07/kerry",
        "source-hostname": "Example Times",
    }
    assert json_article(json.dumps(exported)).fields == {
        "title": "Kerry meets Lavrov",
        "author": "Anna Petrova",
        "outlet": "Example Times",
        "url": "https://www.example.org/2013/05/07/kerry",
        "published": "2013-05-07",  # the page's date, not the day the file was made
    }
    without_name = {key: v for key, v in exported.items() if key != "source-hostname"}
    fields = json_article(json.dumps(without_name)).fields
    assert (fields["outlet"], fields["url"]) == ("example.org", exported["source"])
