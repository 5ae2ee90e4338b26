"""The outlet an article comes from when no metadata names one: its address, its file's name,
the furniture cleaning removed from it; never an outlet its own sentences mention."""

from __future__ import annotations

import json

import polars as pl
import pytest

from workbench.cli.parser import main
from workbench.corpus.address import own_address
from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.manifest import ArticleMeta
from workbench.corpus.outlet import (
    infer_outlet,
    known_outlet_name,
    outlet_in_file_name,
    outlet_in_furniture,
    outlet_of_address,
    page_outlet,
)
from workbench.tui.screens.library import library_frame

BODY = (
    "Russian and American negotiators met behind closed doors for more than six hours on "
    "Monday, the longest session yet in a process both sides call the last chance to save the "
    "arms control framework, according to officials who spoke to Reuters afterwards.\n\n"
    "Officials on both sides said the talks had been businesslike but that deep differences "
    "remained over missile defense and the deployment of intermediate-range weapons, as the "
    "Washington Post first reported on Sunday.\n"
)


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        # A browser saves a page under its title, the site's name last.
        ("Why Obama and Putin Are Tied to Each Other - The Moscow Times.txt", "The Moscow Times"),
        ("Can Putin, Trump reboot ties over Syria_ - Al-Monitor.html", "Al-Monitor"),
        ("Sejm zagłosował _za_ - Polityka - rp.pl.txt", "rp.pl"),
        # Analysts' names: a short form, the site's words, its domain.
        ("nyt_2014-03-18_crimea.txt", "The New York Times"),
        ("wapo-helsinki-summit.txt", "The Washington Post"),
        ("2013-05-07 CSM Kerry Putin.txt", "The Christian Science Monitor"),
        ("moscow-times-2015-frolov.txt", "The Moscow Times"),
        ("edition.cnn.com_2019_putin.txt", "CNN"),
        ("clarin.com-albertofernandez.txt", "clarin.com"),
        ("exports/2019/reuters_moscow_0517.txt", "Reuters"),
        # No outlet: a title that mentions one, words that are also short forms, plain names.
        ("Putin tells NBC he did not meddle.txt", None),
        ("clean-slate-reset.txt", None),
        ("time-to-reset.txt", None),
        ("Putin - Trump summit.txt", None),
        ("obama.putin.meeting.txt", None),
        ("000_e5d2eadf58c3603a.txt", None),
    ],
)
def test_outlet_in_file_name(name: str, outlet: str | None) -> None:
    assert outlet_in_file_name(name) == outlet


@pytest.mark.parametrize(
    ("removed", "outlet"),
    [
        ([("Donation appeal", "support-outlet", "Support The Moscow Times!")], "The Moscow Times"),
        (
            [("Disclaimer", "copyright-line", "© 2019 Cable News Network. All Rights Reserved.")],
            "CNN",
        ),
        (
            [("Paywall teaser", "paywall-block", "Continue reading: Al-Monitor Archives")],
            "Al-Monitor",
        ),
        # The article's own address in a share link.
        (
            [
                (
                    "Share buttons",
                    "share-buttons",
                    "https://twitter.com/intent/tweet?url=https%3A%2F%2Fwww.washingtonpost.com%2Fw",
                )
            ],
            "The Washington Post",
        ),
        # A wire only when no other outlet writes of itself.
        (
            [
                ("Disclaimer", "copyright-line", "Copyright 2019 The Associated Press."),
                ("Disclaimer", "copyright-line", "© 2019 FOX NEWS CHANNEL"),
            ],
            "Fox News",
        ),
        (
            [("Disclaimer", "copyright-line", "Copyright 2019 The Associated Press. All rights")],
            "Associated Press",
        ),
        # Another outlet's name inside a longer one, or after a capitalized word.
        ([("Disclaimer", "copyright-line", "© 2022, The Nassau Guardian. All Rights")], None),
        ([("Donation appeal", "appeal-line", "Support The Times of Trenton today")], None),
        ([("Promotion", "emoji-promo", "Watch Face The Nation on Sunday")], None),
        ([("Disclaimer", "copyright-line", "© CNBC TV18")], None),
        ([("Disclaimer", "copyright-line", "© 2019 Vox Media, LLC. All Rights")], None),
        ([("Social links", "follow-us", "Follow BBC World Service on X")], "BBC News"),
        # A page's footer lists other stories; a list of links names its outlet only as where
        # more comes from.
        ([("Page footer", "page-footer", "Swalwell denies it live on MSNBC")], None),
        ([("Related links", "read-more", "Putin's interview with NBC News")], None),
        ([("Related links", "read-more", "More From Reuters")], "Reuters"),
        # Bylines, datelines, credits and bios name an outlet other than a wire, after the
        # outlet's own words; a wire they credit is copy another site carries.
        ([("Byline", "byline-by", "By Jane Doe, CNN White House Reporter")], "CNN"),
        ([("Dateline", "slashed-dateline", "Updated on: July 16, 2018 / CBS News")], "CBS News"),
        ([("Dateline", "wire-dateline", "MOSCOW (Reuters) -")], None),
        ([("Byline", "byline-by", "By REUTERS")], None),
        (
            [
                ("Byline", "byline-by", "By Jane Doe, CNN"),
                ("Disclaimer", "copyright-line", "© 2019 FOX NEWS CHANNEL"),
            ],
            "Fox News",
        ),
        (
            [
                (
                    "Author bio",
                    "author-bio",
                    "Anton Troianovski is The Washington Post's bureau chief.",
                )
            ],
            "The Washington Post",
        ),
        ([("Author bio", "author-bio", "Her writing has also appeared in The Nation.")], None),
        ([("Author bio", "author-bio", "He is a former editor at Politico.")], None),
        ([("Author bio", "author-bio", "She is a senior fellow at Brookings.")], None),
        (
            [("Author bio", "author-bio", "Jo Roe writes on Russia. She is a reporter for NPR.")],
            None,
        ),
        # A paywall's "LIMITED TIME OFFER" is not Time, a retweet not RT.
        ([("Paywall teaser", "paywall-block", "LIMITED TIME OFFER")], None),
        ([("Social links", "follow-us", "RT @someone: read this")], None),
    ],
)
def test_outlet_in_furniture(removed: list[tuple[str, str, str]], outlet: str | None) -> None:
    assert outlet_in_furniture(removed) == outlet


def test_an_address_names_the_outlet_before_the_file_and_the_furniture() -> None:
    assert outlet_of_address("https://edition.cnn.com/2019/05/17/x") == "CNN"
    assert outlet_of_address("https://www.example.org/story") == "example.org"
    assert outlet_of_address(None) is None
    # an archive's copy: the page's own address inside the archive's names the outlet
    wayback = "https://web.archive.org/web/20130507120000/http://www.nytimes.com/2013/05/x"
    assert outlet_of_address(wayback) == "The New York Times"
    assert outlet_of_address("https://web.archive.org/web/2013id_/example.org/x") == "example.org"
    assert outlet_of_address("https://archive.ph/AbC12") is None
    furniture = [("Donation appeal", "support-outlet", "Support The Moscow Times!")]
    assert infer_outlet("https://www.rferl.org/a/x", "nyt_2014.txt", furniture) == (
        "Radio Free Europe/Radio Liberty",
        "address",
    )
    assert infer_outlet(None, "nyt_2014.txt", furniture) == ("The New York Times", "file-name")
    assert infer_outlet(None, "page.txt", furniture) == ("The Moscow Times", "text")
    assert infer_outlet(None, "page.txt", []) is None
    assert known_outlet_name("nytimes.com") == "The New York Times"
    assert known_outlet_name("NYTimes") == "The New York Times"
    assert known_outlet_name("POLITICO") == "Politico"
    assert known_outlet_name("Washington Post") == "The Washington Post"
    assert known_outlet_name("example.org") == "example.org"
    assert known_outlet_name("Der Freitag") == "Der Freitag"


def _ingest(text: str, name: str = "page.txt", meta: ArticleMeta | None = None):
    return ingest_document(text.encode(), name, meta, load_rules())


def test_a_page_saved_as_text_takes_its_outlet_from_its_appeal_not_its_sentences() -> None:
    page = "Talks resume in Geneva\n\n" + BODY + "\nSupport The Moscow Times!\n"
    article = _ingest(page).article
    assert article["outlet"] == "The Moscow Times"
    assert article["outlet_source"] == "text"
    assert "outlet taken from what the page says of itself" in article["note"]
    # Reuters and the Washington Post, which its sentences mention, are not its outlet.
    plain = _ingest("Talks resume in Geneva\n\n" + BODY).article
    assert plain["outlet"] is None and plain["outlet_source"] == "unknown"


def test_a_typed_outlet_stays_as_written_and_a_file_name_counts_before_the_furniture() -> None:
    page = "Talks resume in Geneva\n\n" + BODY + "\nSupport The Moscow Times!\n"
    meta = ArticleMeta(article_id="page", file="page.txt", outlet="nytimes.com")
    article = _ingest(page, meta=meta).article
    assert (article["outlet"], article["outlet_source"]) == ("nytimes.com", "manifest")
    named = _ingest(page, name="wapo_2018-07-16_helsinki.txt").article
    assert (named["outlet"], named["outlet_source"]) == ("The Washington Post", "file-name")


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_info_marks_an_inferred_outlet_and_says_where_it_came_from(capsys, make_corpus) -> None:
    corpus = make_corpus(
        {
            "nyt_2014-03-18_crimea.txt": "Crimea votes\n\n" + BODY,
            "page.txt": "Talks resume\n\n" + BODY + "\nSupport The Moscow Times!\n",
            "plain.txt": "Talks go on\n\n" + BODY,
        }
    )
    rows = json.loads(_run(capsys, "info", "--corpus", str(corpus), "--format", "json"))
    found = {row["id"]: (row["outlet"], row["outlet_source"]) for row in rows}
    assert found == {
        "nyt_2014-03-18_crimea": ("The New York Times", "file-name"),
        "page": ("The Moscow Times", "text"),
        "plain": (None, "unknown"),
    }
    table = _run(capsys, "info", "--corpus", str(corpus))
    assert "outlet_source" not in table and "The New York Times~" in table


def test_the_library_marks_an_inferred_outlet() -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "published": ["2012", "2013", None],
            "outlet": ["CNN", "The Moscow Times", None],
            "outlet_source": ["manifest", "text", "unknown"],
            "author": [None, None, None],
            "title": ["One", "Two", "Three"],
            "words": [1, 2, 3],
        }
    )
    assert library_frame(articles, None)["outlet"].to_list() == ["CNN", "The Moscow Times~", None]


@pytest.mark.parametrize(
    ("lines", "found"),
    [
        (["Crimea votes", "Source: https://www.nytimes.com/2014/03/17/crimea.html"], 1),
        (["<https://www.themoscowtimes.com/2015/07/23/x>", "Why Obama and Putin"], 0),
        (["Home", "World", "Europe", "Markets", "https://www.example.com/crimea-votes-to-join"], 4),
        # Not the article's: another story's, a social page, a picture, deep in a menu.
        (["Home", "World", "Europe", "Markets", "https://www.example.com/weather-today"], None),
        (["Home", "https://www.facebook.com/groups/news", "Crimea votes"], None),
        (["Home", "https://www.example.com/photos/crimea-votes.jpg"], None),
        (["Crimea votes", "See https://www.example.com/crimea for more"], None),
    ],
)
def test_own_address_is_a_line_above_the_body_that_gives_the_article_s_address(
    lines: list[str], found: int | None
) -> None:
    result = own_address(lines, "Crimea votes to join Russia")
    assert (result[0] if result else None) == found


def test_a_text_s_own_address_names_its_outlet_and_leaves_its_sentences() -> None:
    address = "https://www.rferl.org/a/crimea-referendum-vote/25299124.html"
    page = f"Crimea votes to join Russia\n\nSource: {address}\n\n{BODY}"
    document = _ingest(page)
    article = document.article
    assert article["url"] == address
    assert (article["outlet"], article["outlet_source"]) == (
        "Radio Free Europe/Radio Liberty",
        "address",
    )
    assert "address taken from the text" in article["note"]
    assert not any("rferl" in sentence for sentence in document.sentence_texts)
    removed = {page[start:end] for start, end, _rule, _family in document.removed}
    assert f"Source: {address}" in removed
    # An address alone on its line goes as the article's metadata.
    alone = _ingest(f"Crimea votes to join Russia\n\n{address}\n\n{BODY}")
    assert alone.article["url"] == address
    assert (address, "address-line") in {
        (alone.text[start:end], rule) for start, end, rule, _family in alone.removed
    }


def test_a_web_page_s_site_name_is_a_known_outlet_s_name_or_its_address_names_one(
    make_corpus,
) -> None:
    from test_webpage import META, page

    from workbench.corpus.ingest import load_corpus

    politico = META.replace('content="Daily"', 'content="POLITICO"')
    unnamed = META.replace('<meta property="og:site_name" content="Daily">', "").replace(
        "https://daily.example/kerry-lavrov", "https://www.reuters.com/article/kerry-lavrov"
    )
    corpus = load_corpus(
        make_corpus(
            {
                "a.html": page(politico),
                "b.html": page(unnamed).replace(" | Daily", ""),
                "c.html": page(META),
            }
        )
    )
    found = {
        row["file"]: (row["outlet"], row["outlet_source"])
        for row in corpus.articles.iter_rows(named=True)
    }
    assert found["a.html"] == ("Politico", "html-meta")  # grouped with "Politico" from texts
    assert found["c.html"] == ("Daily", "html-meta")  # an unknown site's name as given
    # A page naming no site: its address's host, a known outlet's.
    assert found["b.html"] == ("Reuters", "html-meta")


def test_a_masthead_above_the_page_names_its_outlet_a_menu_below_does_not() -> None:
    masthead = _ingest("The Moscow Times\n\nKremlin says talks resume\n\n" + BODY).article
    assert (masthead["outlet"], masthead["outlet_source"]) == ("The Moscow Times", "text")
    assert masthead["title"] == "Kremlin says talks resume"  # the masthead is no headline
    menu = "Home\n\nWorld\n\nPolitics\n\nU.S. News\n\nOpinion\n\nKremlin says talks resume\n\n"
    assert _ingest(menu + BODY).article["outlet"] is None


def _kept(page: str, meta: ArticleMeta | None = None) -> list[str]:
    return list(_ingest(page, meta=meta).sentence_texts)


def test_the_outlet_s_word_about_itself_goes_what_the_story_says_of_it_stays() -> None:
    meta = ArticleMeta(article_id="page", file="page.txt", outlet="Newsweek")
    about = "Newsweek is committed to challenging conventional wisdom and finding common ground."
    kept = _kept(f"Talks resume\n\n{BODY}\n{about}\n", meta)
    assert about not in kept and any("negotiators" in s for s in kept)
    story = "The Moscow Times has been unable to verify the claims made in the video."
    meta = ArticleMeta(article_id="page", file="page.txt", outlet="The Moscow Times")
    assert story in _kept(f"Talks resume\n\n{BODY}\n{story}\n", meta)
    # Found in the page rather than given, the outlet's paragraph about itself goes too.
    team = (
        "The Moscow Times's team of journalists has been first to report on some of the most "
        "important developments in Russia for over three decades."
    )
    page = f"The Moscow Times\n\nTalks resume\n\n{BODY}\n{team}\n"
    assert team not in _kept(page)


@pytest.mark.parametrize(
    ("line", "removed"),
    [
        ("THE HILL 1625 K STREET, NW SUITE 900 | 202-628-8500 TEL | 202-628-8503 FAX", True),
        ("Phone: 316-831-6143", True),
        ("Telefon: (0341) 696290, Fax: (0341) 6892826", True),
        ("He said by phone that the talks had failed after six hours.", False),
    ],
)
def test_an_outlet_s_contact_line_goes(line: str, removed: bool) -> None:
    kept = _kept(f"Talks resume\n\n{BODY}\n{line}\n")
    assert (line not in kept) == removed


REGIONAL = """
[[outlet]]
name = "Odesa Courier"
also = ["The Odesa Courier", "Odesa Courier Media"]
keys = ["odc"]
domains = ["odesacourier.example"]
"""


def test_a_corpus_names_its_own_outlets_beside_its_articles(make_corpus) -> None:
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    files = {
        "odc_2014-05-02_port.txt": "Port talks\n\n" + BODY,
        "page.txt": "Port talks go on\n\n" + BODY + "\nSupport The Odesa Courier today!\n",
        "cnn-2014.txt": "Talks\n\n" + BODY,
    }
    corpus = make_corpus(files)
    (corpus / "outlets.toml").write_text(REGIONAL, encoding="utf-8")
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))
    found = dict(workspace.corpus.articles.select("article_id", "outlet").iter_rows())
    assert found == {
        "odc_2014-05-02_port": "Odesa Courier",
        "page": "Odesa Courier",
        "cnn-2014": "CNN",  # the bundled outlets are still known
    }


def test_a_corpus_s_own_outlet_above_a_date_is_no_one_s_byline(make_corpus) -> None:
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    page = "Port talks go on\n\nOdesa Courier\nNov 13, 2019 4:26 pm\n\n" + BODY
    corpus = make_corpus({"page.txt": page, "other.txt": page.replace("Odesa", "Ivan")})
    (corpus / "outlets.toml").write_text(REGIONAL, encoding="utf-8")
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))
    found = dict(workspace.corpus.articles.select("article_id", "author").iter_rows())
    assert found == {"page": None, "other": "Ivan Courier"}  # a name the corpus does not know


def test_the_index_follows_a_corpus_s_outlets(make_corpus, tmp_path) -> None:
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    corpus = make_corpus({"odc_2014.txt": "Port talks\n\n" + BODY})
    options = WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache")
    assert Workspace.open(options).corpus.articles["outlet"].to_list() == [None]
    (corpus / "outlets.toml").write_text(REGIONAL, encoding="utf-8")
    assert Workspace.open(options).corpus.articles["outlet"].to_list() == ["Odesa Courier"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[outlet]]\nalso = ["X"]\n', 'outlets.toml: outlet 1 has no "name"'),
        ('[[outlet]]\nname = "X"\nalias = ["Y"]\n', 'outlet "X": unknown key "alias"'),
        ('[[outlet]]\nname = "X"\ndomains = "x.com"\n', '"domains" is not a list of strings'),
        ("[[outlet]\n", "outlets.toml"),
    ],
)
def test_a_bad_outlets_file_is_one_line_naming_it(make_corpus, text: str, message: str) -> None:
    from workbench.corpus.boilerplate import load_rules
    from workbench.errors import WorkbenchError

    corpus = make_corpus({"a.txt": "Talks\n\n" + BODY})
    (corpus / "outlets.toml").write_text(text, encoding="utf-8")
    with pytest.raises(WorkbenchError) as raised:
        load_rules(corpus)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("site", "url", "outlet"),
    [
        ("FOX News", None, "Fox News"),  # a known name, its case aside
        ("FOXNews.com - Politics", None, "Fox News"),  # the site's domain, its section after it
        ("FOXNews.com - Views - Junk Science", None, "Fox News"),
        ("CNN.com - Scientists decode chimp DNA", None, "CNN"),  # a headline after it
        ("CNN/AllPolitics.com - Election 2000", None, "CNN"),
        ("Politics | Reuters", None, "Reuters"),
        # a sub-site named with its outlet's name, on the outlet's address
        ("CNNSI.com", "http://sportsillustrated.cnn.com/olympics/story/", "CNN"),
        ("CNN.com Blogs", "http://marquee.blogs.cnn.com/2010/02/10/story/", "CNN"),
        # a known outlet's name going on is a brand of its own; another name stays as given
        ("BBC Sport", "http://news.bbc.co.uk/sport2/hi/football/1.stm", "BBC Sport"),
        ("Madame Daily", "https://madame.reuters.com/story", "Madame Daily"),
        ("Daily", None, "Daily"),
        # an unknown site's address, its sections after it
        ("Example.com - Tennis - Wimbledon 2000", None, "Example.com"),
        ("www.example.de | Das Portal", None, "example.de"),
    ],
)
def test_a_page_s_site_name_is_its_outlet_s_name(site: str, url: str | None, outlet: str) -> None:
    assert page_outlet(site, url) == outlet


def test_a_web_page_s_site_name_with_its_section_is_grouped_with_its_outlet(make_corpus) -> None:
    from test_webpage import META, page

    from workbench.corpus.ingest import load_corpus

    sectioned = META.replace('content="Daily"', 'content="Reuters.com - Politics"')
    corpus = load_corpus(make_corpus({"a.html": page(sectioned)}))
    row = corpus.articles.row(0, named=True)
    assert (row["outlet"], row["outlet_source"]) == ("Reuters", "html-meta")
