"""Web pages through trafilatura: the article body, the page's metadata, pages without a body."""

from __future__ import annotations

import warnings

import pytest

from workbench.corpus.address import archived_address
from workbench.corpus.ingest import load_corpus
from workbench.corpus.page_repair import close_unclosed_scripts
from workbench.corpus.page_title import checked_title
from workbench.corpus.webpage import (
    declared_charset,
    page_author,
    page_site,
    read_webpage,
    with_initials_stops,
)

PARAGRAPHS = [
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to resume "
    "talks on Syria's chemical weapons, officials said after a long meeting in Geneva.",
    "The two men met for several hours and said they would meet again later this month in New "
    "York, where the United Nations General Assembly opens its annual session next week.",
    "Russian officials said the agreement showed that the reset in relations between Moscow and "
    "Washington had not been forgotten, even after a difficult year for both governments.",
]
MENU = "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(30))
RELATED = "".join(f"<li><a href='/r{n}'>Related story number {n} here</a></li>" for n in range(8))


def page(head: str = "", body_extra: str = "", lang: str = "en") -> str:
    """A news page: menus, the article, related links and a footer."""
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><title>Kerry and Lavrov agree | Daily</title>"
        f"{head}</head><body><header><nav><ul>{MENU}</ul></nav></header><main><article>"
        f"<h1>Kerry and Lavrov agree to resume Syria talks</h1>{article}</article>"
        f"<aside><h3>Related</h3><ul>{RELATED}</ul></aside></main>{body_extra}"
        "<footer><p>© 2013 Daily Media. All rights reserved.</p><a href='/about'>About us</a>"
        "</footer></body></html>"
    )


META = (
    '<meta property="og:title" content="Kerry and Lavrov agree to resume Syria talks">'
    '<meta property="article:published_time" content="2013-09-13T10:00:00Z">'
    '<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Daily">'
    '<link rel="canonical" href="https://daily.example/kerry-lavrov">'
)


def test_the_article_body_without_menus_related_links_or_footer():
    found = read_webpage(page(META))
    assert found is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in found.text
    for furniture in ("Section 12", "Related story number 3", "All rights reserved", "About us"):
        assert furniture not in found.text
    assert (found.title, found.author, found.published, found.site, found.url, found.language) == (
        "Kerry and Lavrov agree to resume Syria talks",
        "Jane Doe",
        "2013-09-13",
        "Daily",
        "https://daily.example/kerry-lavrov",
        "en",
    )


def test_html_articles_in_a_corpus_carry_the_pages_metadata(make_corpus):
    corpus = load_corpus(make_corpus({"p.html": page(META, lang="en-GB")}))
    row = corpus.articles.row(0, named=True)
    assert (row["title_source"], row["date_source"], row["language"]) == (
        "html-meta",
        "html-meta",
        "en",
    )
    assert corpus.sentences["text"].to_list()[0].startswith("Secretary of State John Kerry")
    start, end = corpus.sentences.select("start", "end").row(0)
    assert corpus.documents["text"][0][start:end] == corpus.sentences["text"][0]


def test_a_pages_source_saved_as_text_is_read_as_the_page_and_plain_text_named_html_as_text(
    make_corpus, tmp_path
):
    import json

    text = "Kerry and Lavrov agree\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    corpus = load_corpus(
        make_corpus(
            {
                "source.txt": "\ufeff<!-- saved -->\n" + page(META),  # a scraper's .txt
                "notes-as-page.html": text,  # plain text named .html
                "prose.txt": "<b>Bold</b> claims were made.\n\n" + text,  # no page: text
            }
        )
    )
    rows = {row["file"]: row for row in corpus.articles.iter_rows(named=True)}
    assert rows["source.txt"]["title"] == "Kerry and Lavrov agree to resume Syria talks"
    assert rows["source.txt"]["date_source"] == "html-meta"
    assert rows["notes-as-page.html"]["title"] == "Kerry and Lavrov agree"
    assert rows["prose.txt"]["title_source"] == "text"
    sentences = corpus.sentences.filter(corpus.sentences["article_id"] == "source")
    assert sentences["text"].to_list() == PARAGRAPHS
    # an archive's text column holding pages' sources, as scrapers export them
    archive = tmp_path / "pages.jsonl"
    archive.write_text(json.dumps({"id": "k", "text": page(META)}) + "\n", encoding="utf-8")
    rows = load_corpus(archive).articles.row(0, named=True)
    assert rows["title"] == "Kerry and Lavrov agree to resume Syria talks"


def test_a_page_without_an_article_is_skipped_saying_so(make_corpus):
    empty = "<html><body><nav><a href='/'>Home</a></nav><div></div></body></html>"
    corpus = load_corpus(make_corpus({"good.html": page(META), "blank.html": empty}))
    assert corpus.articles["article_id"].to_list() == ["good"]
    assert corpus.warnings == ("blank.html: no article text found in the page (skipped)",)


def test_an_unclosed_script_does_not_hide_the_article():
    broken = page(META).replace("<header>", "<script>var tracking = {a: 1};<header>", 1)
    assert "</script>" not in broken
    found = read_webpage(broken)
    assert found is not None and PARAGRAPHS[0] in found.text
    assert close_unclosed_scripts("<p>a</p><script>x</script>") == "<p>a</p><script>x</script>"
    assert close_unclosed_scripts("<p>a</p><script src=x>y") == "<p>a</p>y"


def test_a_time_zone_dateutil_cannot_name_warns_nobody():
    stamped = page('<meta name="last-modified" content="2013-09-14 08:57:25 EST">' + META)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning reaching the terminal fails the test
        found = read_webpage(stamped)
    assert found is not None and found.published == "2013-09-13"


def test_a_declared_character_set_is_used(make_corpus):
    text = page('<meta charset="windows-1251">').replace(
        PARAGRAPHS[0], PARAGRAPHS[0] + " Москва заявила, что переговоры продолжатся."
    )
    raw = text.encode("windows-1251")
    assert declared_charset(raw) == "cp1251"
    corpus = load_corpus(make_corpus({"ru.html": raw}))
    assert corpus.articles["encoding"][0] == "cp1251" and corpus.warnings == ()
    assert "Москва заявила" in corpus.documents["text"][0]


def test_a_page_that_declares_utf8_wrongly_is_read_as_what_it_is_and_said(make_corpus):
    # Old pages often declare UTF-8 over Windows-1252 bytes: é and a no-break space are not
    # UTF-8 there, and decoding as declared would put U+FFFD in their place.
    text = page('<meta charset="utf-8">').replace(
        PARAGRAPHS[0], PARAGRAPHS[0] + " The caf\u00e9 r\u00e9sum\u00e9 talks went on\u00a0late."
    )
    corpus = load_corpus(make_corpus({"old.html": text.encode("cp1252")}))
    assert corpus.articles["encoding"][0] == "cp1252"
    assert corpus.warnings == ("old.html: not UTF-8 as the page declares, read as cp1252",)
    assert "The café résumé talks" in corpus.documents["text"][0]
    assert "\ufffd" not in corpus.documents["text"][0]


@pytest.mark.parametrize(
    ("field", "author"),
    [
        ("Steven Shepard Link Copied", "Steven Shepard"),
        ("Jakob Ulbrich Follow", "Jakob Ulbrich"),
        ("Jeremy Herron More stories by Jeremy Herron", "Jeremy Herron"),
        ("Oli Coleman View author archive Get author RSS feed", "Oli Coleman"),
        ("Howard Blume Staff Writer", "Howard Blume"),
        ("Emily Kirkpatrick Updated", "Emily Kirkpatrick"),
        ("Saibal Dasgupta; TNN; Updated Oct 9", "Saibal Dasgupta; TNN"),
        ("October ; Marc Lifsher", "Marc Lifsher"),
        ("Laura E Adkins December", "Laura E Adkins"),
        ("By Josh Haskell; DAVID CAPLAN", "Josh Haskell; DAVID CAPLAN"),
        ("Julian Borger in Washington and Shaun Walker in Moscow", "Julian Borger; Shaun Walker"),
        ("Peter Baker, Julie Hirschfeld Davis", "Peter Baker; Julie Hirschfeld Davis"),
        ("Sam Stein, Senior Politics Editor", "Sam Stein"),
        ("Pete Evans · CBC News", "Pete Evans"),  # a known outlet beside its writer
        ("Natasha Daly •", "Natasha Daly"),
        ("Confreaks Confreaks", "Confreaks"),
        ("Smith, John", "Smith, John"),
        ("Theresa May", "Theresa May"),
        ("Текст Венера Ерофеева", "Венера Ерофеева"),
        ("Автор: Иван Петров", "Иван Петров"),
        ("Von Hans Müller", "Hans Müller"),
        ("Von Miller", "Von Miller"),  # a name, not "by Miller"
        ("par Jean Dupont", "Jean Dupont"),
        ("Text: Anna Schmidt", "Anna Schmidt"),
        ("Interview: Julia Lauter", "Julia Lauter"),
        ("Artikel von hausinfo", "hausinfo"),
        ("责任编辑：孔德明", "孔德明"),  # the editor in charge: the role's label goes
        ("作者: 焦鹏", "焦鹏"),
        ("Zum Profil von jesusfreak", "jesusfreak"),
        ("Posted by Jane Doe", "Jane Doe"),
        ("Art Edwards says", "Art Edwards"),  # a comment's heading
        ("Says Who", "Says Who"),
        # A job title, a degree or a weekday written after the name.
        ("Ben Silverman Games Editor", "Ben Silverman"),
        ("Anna Smith Senior Editor", "Anna Smith"),
        ("Mary Ann Smith Editor", "Mary Ann Smith"),
        ("Brenda Goodman; MA", "Brenda Goodman"),
        ("Joe Wee Monday; February", "Joe Wee"),
        ("Ma Jian", "Ma Jian"),
        ("Tom Krisher; Ap Auto Writer", "Tom Krisher"),
        ("Sara Zinnecker Stand: 12.03.2022", "Sara Zinnecker"),  # "as of" a date
        ("Sara Zinnecker Stand", "Sara Zinnecker"),
        ("Stand: 20. April 2020", None),
        ("Stand", None),
        # a name that opens as a month's abbreviation does
        ("Martin Junker", "Martin Junker"),
        ("Marc", "Marc"),
        ("Augustin Decker", "Augustin Decker"),
        # an address or a site's name where a name should be, or after it
        ("Lüder Hoppe info@hoppe.de", "Lüder Hoppe"),
        ("Lüder Hoppe info-hoppe de", "Lüder Hoppe"),
        ("Frank Bueltge; Bueltge De", "Frank Bueltge"),
        ("Www Portalspozywczy Pl", None),
        ("Bradley M Kuhn http; Bkuhn", "Bradley M Kuhn; Bkuhn"),
        ("Michiel de Jong", "Michiel de Jong"),
        ("STEVE PEOPLES; AP National Political Writer", "STEVE PEOPLES"),
        # What a template or a blog's software puts where no author was given.
        ("Name", None),
        ("Super User", None),
        ("Username", None),
        ("Authority control", None),  # an encyclopedia's box of identifiers
        ("Admin; Jane Doe", "Jane Doe"),
        ("Unknown", None),
        ("Beitrag von r", None),
        ("September", None),
        ("Dec", None),
        ("See full bio", None),
        ("", None),
        # The outlet a byline credits (data/outlets.toml), after the name, before it with the
        # writer's role, with a role alone or after "For"; alone, it is the page's author.
        ("Jane Doe; Associated Press", "Jane Doe"),
        ("Jane Doe CNN com", "Jane Doe"),
        ("Jane Doe Reuters", "Jane Doe"),
        ("CNN Correspondent Jane Doe reports", "Jane Doe"),
        ("By Jane Doe, CNN Senior Pentagon Producer", "Jane Doe"),
        ("Jane Doe; For Cnn", "Jane Doe"),
        ("By Jane Doe, Special to CNN", "Jane Doe"),
        ("Reuters", "Reuters"),
        # A publication an unknown outlet's story came from, beside its writer; a second
        # writer stays, whatever the words of the name
        ("Jane Doe; The Garden Magazine", "Jane Doe"),
        ("Jane Doe; Founder; Garden TV", "Jane Doe"),
        ("Jane Doe; Garden.com", "Jane Doe"),
        ("The Garden Magazine", "The Garden Magazine"),
        ("Jane Doe; John Newsome", "Jane Doe; John Newsome"),
        ("Eyal Press; Emily Post", "Eyal Press; Emily Post"),
        # A label, a job title in small letters and the link to the writer's stories
        ("Article written by Jane Doe Chief business correspondent More", "Jane Doe"),
        ("Jane Doe Social affairs reporter", "Jane Doe"),
        ("Jane Doe Presenter", "Jane Doe"),
        ("Jane Doe is a reporter for the paper", "Jane Doe"),
        ("Article by", None),
        ("Thomas More", "Thomas More"),
        # A page's controls, a section or a date where the author belongs
        ("Please create a screen name to participate", None),
        ("Account You're logged in", None),
        ("Politics", None),
        ("SciTech", None),
        ("Jul 6", None),
        ("Jane Doe; Tuesday", "Jane Doe"),
        ("National Desk", None),  # a desk's or a column's name
        ("Letters", None),  # the weekday of a dateline beside the byline
        # a script the template left in its author element
        ("Googletag Cmd Push Function Googletag Display Dfp Ad Author 1", None),
        # the credits for pictures and production after the writer's, and their names
        ("Jane Doe; Photography by John Roe; Mary Poe", "Jane Doe"),
        ("Jane Doe; Photos by John Roe", "Jane Doe"),
        # ... and a picture's credit alone, a file picture's too
        ("STAFF PHOTO BY JOHN ROE", None),
        ("John Roe; File", None),
        ("John Roe, file", None),
        ("Ann File", "Ann File"),
        # a job title the field cut short, a French envoy's
        ("Jane Doe Senior Washington", "Jane Doe"),
        ("Par JANE DOE; JOHN ROE Envoyés spéciaux à Lyon", "JANE DOE; JOHN ROE"),
        # a site's address and its section, no person
        ("GARDEN com; Life; Love News", None),
        ("Reuters; reuters com", "Reuters"),
    ],
)
def test_a_pages_author_field_keeps_the_names_alone(field, author):
    assert page_author(field) == author


@pytest.mark.parametrize(
    ("site", "title", "url", "expected"),
    [
        # The headline given as the site name: the host names the outlet.
        (
            "Nikki Haley to Resign as Trump’s Ambassador to the U.N.",
            "Nikki Haley to Resign as Trump’s Ambassador to the U.N.",
            "https://www.nytimes.com/2018/10/09/us/politics/nikki-haley-united-nations.html",
            ("nytimes.com", "Nikki Haley to Resign as Trump’s Ambassador to the U.N."),
        ),
        # Site and title swapped.
        (
            "U.S. Stocks Rise to Records, Bonds Gain on ECB Stimulus Optimism",
            "Bloomberg",
            "https://www.bloomberg.com/news/articles/2016-12-06/stock-rally",
            ("bloomberg.com", "U.S. Stocks Rise to Records, Bonds Gain on ECB Stimulus Optimism"),
        ),
        # A tagline beside the name, and a copyright line.
        (
            "CORRECTIV - Recherchen für die Gesellschaft",
            "Wir haben bereits die Zusage",
            "https://correctiv.org/aktuelles/2019/05/14/zusage/",
            ("CORRECTIV", "Wir haben bereits die Zusage"),
        ),
        ("Copyright 2003 - 2019 by example.de GbR", "Ein Titel", None, (None, "Ein Titel")),
        # What a copyright line or a contact line left: the year, an address, a date alone.
        ("2020 Propellets Austria", "Energie", None, ("Propellets Austria", "Energie")),
        ("Jane Doe info@example.de", "Ein Titel", None, ("Jane Doe", "Ein Titel")),
        ("02.11.2021", "Ein Titel", "https://www.example.de/x", ("example.de", "Ein Titel")),
        ("Start", "Wir sind da", "https://www.example.eu/wir", ("example.eu", "Wir sind da")),
        ("2001 Nights", "A story", None, None),  # a year that is part of a name stays
        ("http://www.tmz.com", "A story", None, ("tmz.com", "A story")),  # an address: its host
        # Left alone.
        (
            "The Guardian",
            "Russia expels diplomats",
            "https://www.theguardian.com/world/x",
            ("The Guardian", "Russia expels diplomats"),
        ),
        ("BBC News", "Putin meets Trump", "https://www.bbc.co.uk/news/x", None),
        # No site name: the host names the outlet, unless it is an archive of other sites.
        (
            None,
            "Putin meets Trump",
            "https://www.example.com/2018/07/16/x",
            ("example.com", "Putin meets Trump"),
        ),
        (None, "Putin meets Trump", "https://web.archive.org/web/2018/https://cnn.com/x", None),
        (None, "Putin meets Trump", None, None),
        # ... nor is the archive's host when the extractor gives it as the site's name
        (
            "web.archive.org",
            "Putin meets Trump",
            "https://web.archive.org/web/2018/x",
            (None, "Putin meets Trump"),
        ),
    ],
)
def test_a_site_name_that_is_a_headline_or_has_a_tagline_is_mended(site, title, url, expected):
    assert page_site(site, title, url) == (expected or (site, title))


@pytest.mark.parametrize("head", [META, ""])
def test_the_metadata_is_read_as_trafilatura_reads_it(head, monkeypatch):
    # Ingest reads the metadata it keeps itself (trafilatura's way, without categories, tags
    # and licence); trafilatura's own reading, the fallback, gives the same page.
    from workbench.corpus import webpage

    html = page(head)
    found = read_webpage(html)
    monkeypatch.setattr(webpage, "_page_metadata", lambda tree: None)
    fallback = read_webpage(html)
    assert found is not None and found == fallback
    assert found.title  # from og:title, else from <title> or the headline


@pytest.mark.parametrize(
    ("title", "site", "url", "body", "expected"),
    [
        # Only the site's name (or its host's): the headline the text opens with.
        ("L-Mag", None, "https://www.l-mag.de/x", "Holocaust-Gedenktag in Berlin\n\nZum Tag …", 1),
        ("seelenradio", "seelenradio", None, "Nummer zwei: Leo\n\nEs ist schon …", 1),
        # ... unless the text opens with a sentence: the site's name stays.
        ("ICON Magazine", "ICON Magazine", None, "Es gibt Ereignisse, die zählen.\n\nMehr.", 0),
        # A headline of its own stays.
        ("Putin meets Trump", "Daily", None, "Talks in Helsinki\n\nThe two men met.", 0),
    ],
)
def test_a_title_that_only_names_the_site_gives_way_to_the_texts_headline(
    title, site, url, body, expected
):
    from workbench.corpus.page_title import site_title_mended

    assert site_title_mended(title, site, url, body) == (title, body.split("\n")[0])[expected]


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        (
            "How to Build a Terrarium | eHow",
            "Ehow",
            "https://www.ehow.com/x",
            "How to Build a Terrarium",
        ),
        ("BBC News - Putin meets Trump", "BBC News", None, "Putin meets Trump"),
        (
            "Kerry – Lavrov talks – The Moscow Times",
            "The Moscow Times",
            None,
            "Kerry – Lavrov talks",
        ),
        (
            "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる",
            "NEWS WEB EASY",
            None,
            "子どもへの体罰を禁止する法律ができる",
        ),
        ("Sanctions | Reuters", "Reuters", None, "Sanctions | Reuters"),  # one word is left
        # a short name that opens or ends with the host's name; "www." before it
        ("Songs and sport | Teufel Blog", None, "https://blog.teufel.de/x", "Songs and sport"),
        (
            "Streit ums Feuerholz - www.AussenGedanken.de",
            None,
            "https://www.aussengedanken.de/x",
            "Streit ums Feuerholz",
        ),
        (
            "Lockdown: Gottesdienste bleiben › evang.at",
            None,
            "https://evang.at/x",
            "Lockdown: Gottesdienste bleiben",
        ),
        ("武汉的声音：有英勇的你！-新华网", "新华网", None, "武汉的声音：有英勇的你！"),
        # ... not a headline that names the host's brand
        (
            "How we designed Dropbox’s ATF - an async task framework",
            None,
            "https://dropbox.tech/x",
            "How we designed Dropbox’s ATF - an async task framework",
        ),
        ("Putin-Trump summit ends", "Reuters", None, "Putin-Trump summit ends"),
        # quotation marks are no separator; a long "site name" that is not the host's is the
        # end of the headline
        ("»Kein Geld mehr« (nd)", "nd", None, "»Kein Geld mehr« (nd)"),
        (
            "[Rezi] Love is War - Sehnsucht von R. K. Lilley",
            "Sehnsucht von R. K. Lilley",
            "https://weinlachgummis.blogspot.com/2017/09/rezi.html",
            "[Rezi] Love is War - Sehnsucht von R. K. Lilley",
        ),
        # a known outlet's name or domain, the page naming no site; its sections and the day
        # beside it
        (
            "CNN.com - Fats Domino missing in city floods - Sep 1, 2005",
            None,
            None,
            "Fats Domino missing in city floods",
        ),
        (
            "FOXNews.com - Views - Think Tank - U.S. Must Take Firm Stand on Iran",
            None,
            None,
            "U.S. Must Take Firm Stand on Iran",
        ),
        (
            "FOXNews.com - Robot Soldier Ready to Report for Duty - U.S. & World",
            None,
            None,
            "Robot Soldier Ready to Report for Duty",
        ),
        (
            "BBC NEWS | World | Europe | Putin says he will stay on",
            None,
            None,
            "Putin says he will stay on",
        ),
        # the site's name and its tagline after the headline
        (
            "Les pourparlers reprennent à Genève - Daily Notes - Analyse et critique",
            "Daily Notes",
            "https://dailynotes.example/monde/geneve/",
            "Les pourparlers reprennent à Genève",
        ),
        # a trail of sections after the headline
        (
            "Dubai Opens Tallest Building - International News | News of the World | Europe News",
            None,
            None,
            "Dubai Opens Tallest Building",
        ),
        # ... and a headline's own parts stay
        (
            "No history without titles - Mourinho",
            None,
            None,
            "No history without titles - Mourinho",
        ),
        ("Oil prices | What comes next", None, None, "Oil prices | What comes next"),
    ],
)
def test_the_sites_name_at_either_end_of_a_title_is_taken_off(title, site, url, expected):
    from workbench.corpus.page_title import site_title_mended

    assert site_title_mended(title, site, url, "The talks went on.") == expected


@pytest.mark.parametrize(
    ("author", "site", "url", "expected"),
    [
        ("Tagesschau De", "tagesschau.de", "https://www.tagesschau.de/x", None),
        ("Rob Picheta; CNN", "CNN", None, "Rob Picheta"),
        ("Badische Zeitung", "Badische Zeitung", None, None),
        # a personal site is named after its author
        ("Wolfgang Michal", "wolfgangmichal.de", "https://wolfgangmichal.de/x", "Wolfgang Michal"),
        ("Charles de Gaulle", "Charles de Gaulle", None, "Charles de Gaulle"),
        ("Jane Doe", "Daily", None, "Jane Doe"),
    ],
)
def test_the_outlet_is_no_author(author, site, url, expected):
    from workbench.corpus.webpage import _without_outlet

    assert _without_outlet(author, site, url) == expected


@pytest.mark.parametrize(
    ("meta_author", "byline", "expected"),
    [
        # The markup names the magazine, the byline the writer.
        ("Daily Magazine", "By Mary Jones", "Mary Jones"),
        ("Daily", "By Mary Jones", "Mary Jones"),  # the site's own name
        # A byline that names no person (the section's words) leaves the markup's name.
        ("Daily Magazine", "Politics", "Daily Magazine"),
        # A person the markup names is not looked past.
        ("Jane Doe", "By Mary Jones", "Jane Doe"),
    ],
)
def test_a_byline_person_over_the_outlet_the_markup_names(meta_author, byline, expected):
    head = META.replace('content="Jane Doe"', f'content="{meta_author}"')
    html = page(head).replace(
        "<h1>", f"<p class='byline'><span class='author'>{byline}</span></p><h1>"
    )
    found = read_webpage(html)
    assert found is not None and found.author == expected


def test_a_title_escaped_twice_reads_as_written():
    head = META.replace(
        'content="Kerry and Lavrov agree to resume Syria talks"',
        'content="Kerry and Lavrov &amp;amp;#039;agree&amp;amp;#039; to resume Syria talks"',
    )
    found = read_webpage(
        page(head).replace("<h1>Kerry and Lavrov agree", "<h1>Kerry and Lavrov 'agree'")
    )
    assert found is not None
    assert found.title == "Kerry and Lavrov 'agree' to resume Syria talks"


def test_the_name_a_host_is_known_by():
    from workbench.corpus.address import host_label, host_of

    assert host_of("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert host_of("not an address") is None
    names = {
        host: host_label(host)
        for host in ("bbc.co.uk", "edition.cnn.com", "abc.net.au", "example.com", "localhost")
    }
    assert names == {
        "bbc.co.uk": "bbc",
        "edition.cnn.com": "cnn",
        "abc.net.au": "abc",
        "example.com": "example",
        "localhost": "localhost",
    }


def test_a_whole_page_the_extractor_gives_back_is_cut_to_its_article(monkeypatch):
    """An extractor's fallback may return the page whole (hundreds of menu lines around the
    article): the page-region steps of a page saved as text then find the article."""
    import workbench.corpus.document as one_document
    from workbench.corpus.boilerplate import load_rules
    from workbench.corpus.webpage import WebPage

    menu = [f"Conselho {n}" for n in range(260)]
    article = [
        "Lavrov and Kerry met in Moscow on Tuesday to prepare a conference on the war in Syria, "
        "their first meeting since the spring, and spoke for more than three hours at the "
        "ministry.",
        "The two ministers agreed that the talks would open in Geneva before the end of June, "
        "with the government in Damascus and the opposition both invited to send a delegation.",
        "Officials on both sides said the meeting had been frank and at times very difficult, "
        "but that neither minister had wanted to leave Moscow without a date for the talks.",
    ]
    footer = [f"Secretaria {n}" for n in range(60)]
    whole = "\n\n".join([*menu, *article, *footer]) + "\n"
    monkeypatch.setattr(
        one_document, "read_webpage", lambda html, url=None: WebPage(whole, title="Kerry in Moscow")
    )
    page = b"<html><body><p>the extractor's input</p></body></html>"
    document = one_document.ingest_document(page, "page.html", None, load_rules())
    assert list(document.sentence_texts) == article
    # an extracted article of ordinary length is left as the extractor gave it
    short = "\n\n".join([*menu[:20], *article]) + "\n"
    monkeypatch.setattr(
        one_document, "read_webpage", lambda html, url=None: WebPage(short, title="Kerry in Moscow")
    )
    document = one_document.ingest_document(page, "page.html", None, load_rules())
    assert "Conselho 0" in document.sentence_texts


def _extracted_below(monkeypatch, lines: list[str]) -> list[str]:
    """The sentences ingest keeps of a page whose extracted text is the article's paragraphs
    with ``lines`` below them."""
    import workbench.corpus.document as one_document
    from workbench.corpus.boilerplate import load_rules
    from workbench.corpus.webpage import WebPage

    whole = "\n\n".join([*PARAGRAPHS, *lines]) + "\n"
    monkeypatch.setattr(
        one_document,
        "read_webpage",
        lambda html, url=None: WebPage(whole, title="Kerry and Lavrov"),
    )
    page = b"<html><body><p>the extractor's input</p></body></html>"
    return list(one_document.ingest_document(page, "page.html", None, load_rules()).sentence_texts)


def test_a_list_of_other_stories_the_extractor_kept_below_the_article_is_removed(monkeypatch):
    """Extractors keep a list of other stories marked up as the article's (a slide show's
    controls, "You might also like"); a section below a heading that is most of the text
    ("See also" in a manual) is the article's."""

    listing = [
        "You Might Also Like",
        "Featured Slide Shows",
        "- Share on Twitter",
        "- 1 of 5",
        "- Previous",
        "- Next",
        "Putin's visit to Crimea in pictures slideshow The president in Sevastopol",
        "Loading Comments...",
    ]

    def extracted(lines: list[str]) -> list[str]:
        return _extracted_below(monkeypatch, lines)

    assert extracted(listing) == PARAGRAPHS
    section = [
        "See also",
        "- The treaty's text, as both governments published it",
        "Environment variables",
        *(f"- WORKBENCH_SETTING_{n}, a setting of the reader, e.g. {n}" for n in range(12)),
    ]
    assert "- The treaty's text, as both governments published it" in extracted(section)


def test_comments_the_extractor_kept_below_the_article_are_removed(monkeypatch):
    """Extractors keep a blog's comments when its markup does not mark them as comments: from
    the form's or the section's opening on, however long the comments, they are the footer."""

    def extracted(lines: list[str]) -> list[str]:
        return _extracted_below(monkeypatch, lines)

    opinion = (
        "I have read every report on these talks for years, and I do not believe that either "
        "minister wants them to succeed, whatever they told the reporters waiting in Geneva."
    )
    signed = [
        "Comments",
        opinion,
        "Posted by: Anna at September 10, 2012 11:40 AM",
        opinion.replace("I have", "We have"),
        "Posted by: Boris at September 10, 2012 12:11 PM",
        opinion.replace("I have", "They have"),
        "Posted by: Carl at September 10, 2012 12:12 PM",
    ]
    assert extracted(signed) == PARAGRAPHS
    assert extracted(["Leave a Reply", opinion]) == PARAGRAPHS
    # one signed opinion is no comments section
    assert opinion in extracted(signed[:3])


def test_a_short_posts_one_line_over_its_templates_furniture_is_its_body(monkeypatch):
    import workbench.corpus.document as one_document
    from workbench.corpus.boilerplate import load_rules
    from workbench.corpus.webpage import WebPage

    line = "You know me ..I love pixels and I love superheroes…Drawn by Sam Falconer"
    whole = f"{line}\n\nNo comments yet.\n\nName (required)\n\nWebsite\n"
    monkeypatch.setattr(
        one_document, "read_webpage", lambda html, url=None: WebPage(whole, title="Pixel heroes")
    )
    page = b"<html><body><p>the extractor's input</p></body></html>"
    document = one_document.ingest_document(page, "page.html", None, load_rules())
    assert list(document.sentence_texts) == [line]


def test_a_text_that_is_only_a_list_of_other_stories_is_no_article():
    from workbench.corpus.boilerplate import load_rules
    from workbench.corpus.document import ingest_document

    stories = "\n\n".join(
        f"{headline}   [ 2015-09-2{n} ]"
        for n, headline in enumerate(
            ["Trade talks resume", "Leaders agree to cooperate", "Summit hailed as success"]
        )
    )
    document = ingest_document(
        f"{stories}\n\nSpecial Cover\n".encode(), "list.txt", None, load_rules()
    )
    assert document.skipped


def test_text_typed_at_a_fixed_width_in_a_pre_block_is_read_in_whole_sentences(make_corpus):
    """A mailing list's archive or a newsletter shows its text as typed (<pre>, wrapped at 72
    columns): its paragraphs are read whole, not a sentence cut at every line's end."""
    import textwrap

    paragraphs = [
        "Russia and the United States agreed on Friday to extend the New START treaty for "
        "five more years, the foreign ministry in Moscow said in a statement published on "
        "its website late in the evening.",
        "The treaty limits the number of strategic nuclear warheads each side may deploy and "
        "sets out inspections that both governments have described as essential to trust.",
    ]
    typed = "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
    html = (
        "<html><head><title>Russia list, 2021-01-29</title></head><body>"
        f"<h1>Russia list, 2021-01-29</h1><pre>{typed}</pre></body></html>"
    )
    corpus = make_corpus({"list.html": html})
    assert load_corpus(corpus).sentences["text"].to_list() == paragraphs


def test_a_persons_card_glued_into_a_sentence_is_taken_out(make_corpus):
    from workbench.corpus.ingest import load_corpus
    from workbench.corpus.webpage import without_people_cards

    glued = (
        "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan OmarIlhan "
        "OmarHillicon Valley: Progressives oppose funding bill | Senators call for 5G security "
        "coordinator Omar asks court to apply 'system of compassion' MORE (D-Minn.), the U.S. "
        "Attorney's Office announced Monday."
    )
    assert without_people_cards(glued) == (
        "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar "
        "(D-Minn.), the U.S. Attorney's Office announced Monday."
    )
    prose = "Lavrov said MORE troops would not help, and Kerry Kerry-style diplomacy MORE so."
    assert without_people_cards(prose) == prose
    card = (
        '<span class="rollover-people"><a href="/people/ilhan-omar">Ilhan Omar</a>'
        '<span class="rollover-people-block"><span class="rollover-block"><span>'
        '<a class="name" href="/people/ilhan-omar">Ilhan Omar</a>'
        '<a class="people-articles" href="/a">Hillicon Valley: Progressives oppose funding bill</a>'
        '<a class="people-articles" href="/b">Omar asks court to apply compassion</a>'
        '<a class="more" href="/people/ilhan-omar">MORE</a></span></span></span></span>'
    )
    page = (
        "<html><head><title>New York man pleads guilty</title></head><body><article>"
        "<h1>New York man pleads guilty</h1>"
        f"<p>A New York man pleaded guilty to charges he threatened to kill Rep. {card} "
        "(D-Minn.), the U.S. Attorney's Office for the Western District of New York announced "
        "on Monday, after a hearing that lasted most of the morning.</p>"
        "<p>The man faces up to ten years in prison when he is sentenced in the spring, his "
        "lawyer said outside the courthouse in Buffalo on Monday afternoon.</p>"
        "</article></body></html>"
    )
    corpus = load_corpus(make_corpus({"hill.html": page}))
    first = corpus.sentences["text"][0]
    assert "Hillicon" not in first and "MORE" not in first
    assert first.startswith("A New York man pleaded guilty to charges he threatened to kill Rep.")


def labelled_page(title_tag: str, label_head: str) -> str:
    """A page whose markup names a section, a menu or a program where its headline belongs."""
    return page(label_head).replace(
        "<title>Kerry and Lavrov agree | Daily</title>", f"<title>{title_tag}</title>"
    )


@pytest.mark.parametrize(
    ("label_head", "title_tag", "expected"),
    [
        # a section's name as og:title: the <title> names the article
        (
            '<meta property="og:title" content="Pressemitteilungen">',
            "Daily: Kerry and Lavrov agree to resume talks on Syria",
            "Kerry and Lavrov agree to resume talks on Syria",
        ),
        # a program's name as the headline, the site's name on both ends of the <title>
        (
            '<meta property="og:title" content="escenic">',
            "Daily | Kerry and Lavrov resume talks in Geneva | daily.example",
            "Kerry and Lavrov resume talks in Geneva",
        ),
        # a menu's heading: the <title>'s part that speaks of the article, not the section's
        (
            '<meta property="og:title" content="Navigation und Service">',
            "Daily / Reden / Kerry and Lavrov agree on Syria talks in Geneva",
            "Kerry and Lavrov agree on Syria talks in Geneva",
        ),
        # a section's label, written in the <title> only inside the headline ...
        (
            '<meta property="og:title" content="U.S.">',
            "Kerry and Lavrov agree on U.S. talks in Geneva - World | Daily",
            "Kerry and Lavrov agree on U.S. talks in Geneva",
        ),
        # ... or inside other words ("US News")
        (
            '<meta property="og:title" content="U.S.">',
            "Kerry and Lavrov agree on Syria talks in Geneva - US News | Daily",
            "Kerry and Lavrov agree on Syria talks in Geneva",
        ),
    ],
)
def test_a_title_that_names_a_section_or_program_gives_way_to_the_pages_title(
    label_head, title_tag, expected
):
    # A page that shows no headline of its own (its <h1> would be its title).
    html = labelled_page(title_tag, label_head).replace(f"<h1>{HEADLINE}</h1>", "")
    found = read_webpage(html)
    assert found is not None and found.title == expected


@pytest.mark.parametrize(
    ("og_title", "title_tag"),
    [
        # a headline the <title> words otherwise (sites write two): the markup's stands
        ("Kerry and Lavrov agree to resume Syria talks", "Syria: Geneva talks resume | Daily"),
        # a headline of few words that the article does not use, the <title> no better
        ("A long night in Geneva", "Daily | News | World"),
        # a one-word headline that the <title> holds
        ("Geneva", "Geneva | Daily"),
    ],
)
def test_a_headline_stands_when_the_pages_title_is_no_better(og_title, title_tag):
    found = read_webpage(
        labelled_page(title_tag, f'<meta property="og:title" content="{og_title}">')
    )
    assert found is not None and found.title == og_title


@pytest.mark.parametrize("day", ["December  3, 2000", "Dec 3, 2000"])
def test_a_title_that_is_the_day_after_the_headline_gives_way_to_the_headline(day):
    # An old page (its headline an <h2>) whose <title> ("Site - Headline - December 3, 2000")
    # was read as its last part.
    title_tag = f"Daily.com - Kerry and Lavrov agree to resume Syria talks - {day}"
    found = read_webpage(labelled_page(title_tag, "").replace("h1>", "h2>"))
    assert found is not None and found.title == "Kerry and Lavrov agree to resume Syria talks"


JAPANESE = [
    "ケリー国務長官とラブロフ外相は金曜日、シリアの化学兵器をめぐる協議を再開することで合意した。",
    "両氏はジュネーブで数時間にわたって会談し、今月下旬にニューヨークで再び会うと述べた。",
    "ロシア当局者は、この合意は両国関係のリセットが忘れられていないことを示していると語った。",
]


def test_an_article_in_japanese_is_read_and_its_words_counted(make_corpus):
    # No spaces between words: a body of a few sentences is no "page without an article".
    article = "".join(f"<p>{p}</p>" for p in JAPANESE)
    html = (
        "<html lang='ja'><head><title>シリア協議再開で合意</title></head><body><article>"
        f"<h1>シリア協議再開で合意</h1>{article}</article></body></html>"
    )
    found = read_webpage(html)
    assert found is not None and JAPANESE[1] in found.text
    corpus = load_corpus(make_corpus({"ja.html": html}))
    row = corpus.articles.row(0, named=True)
    assert row["sentences"] == 3
    characters = sum(len(p) for p in JAPANESE)
    assert characters // 3 < row["words"] < characters  # about two characters a word


def test_a_japanese_article_saved_as_text_keeps_its_sentences_and_its_date(make_corpus):
    # Paragraphs of two sentences (one alone is as short as a caption).
    paragraphs = [JAPANESE[0] + JAPANESE[1], JAPANESE[2] + JAPANESE[0]]
    text = "ホーム\nニュース\n\nシリア協議再開で合意\n\n2013年9月13日\n\n" + "\n\n".join(paragraphs)
    corpus = load_corpus(make_corpus({"syria.txt": text + "\n"}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["date_source"]) == (
        "シリア協議再開で合意",
        "2013-09-13",
        "dateline",
    )
    assert corpus.sentences["text"].to_list() == [*JAPANESE, JAPANESE[0]]


def test_a_web_archives_toolbar_read_into_an_open_title_is_no_part_of_it():
    toolbar = (
        "<!-- BEGIN WAYBACK TOOLBAR INSERT --><script>var wbPrefix = '/web/';</script>"
        "<div id='wm-ipp'><table><tr><td>Close</td></tr></table></div>"
        "<!-- END WAYBACK TOOLBAR INSERT -->"
    )
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f"<html><head><title>Daily.com - World - {toolbar} <b>Talks:</b> Kerry and Lavrov agree"
        f"</title></head><body><div>{article}</div></body></html>"
    )
    found = read_webpage(html)
    assert found is not None
    assert "WAYBACK" not in (found.title or "") and "<" not in (found.title or "")
    assert (found.title or "").endswith("Talks: Kerry and Lavrov agree")


def test_a_title_that_is_the_day_and_time_the_article_repeats_gives_way_to_the_headline():
    # An old page whose <title> ends with its day and time ("Site - Section - Headline -
    # Monday August 14, 2000 11:34 PM") and whose dateline repeats them: more of the date's
    # words than of the headline's are the article's, but a date is never its name.
    day = "Monday    August    14, 2000 11:34 PM"
    title_tag = f"Daily.com - World - Diplomats strike a deal in Geneva - {day}"
    html = labelled_page(title_tag, "").replace("h1>", "h2>")
    html = html.replace("<p>Secretary", f"<p>Latest: {day} EDT</p><p>Secretary")
    found = read_webpage(html)
    assert found is not None and found.title == "Diplomats strike a deal in Geneva"


def test_a_headline_the_site_s_name_is_glued_to_is_no_site_name():
    # "Daily.com -Kerry and …": the site's name before the headline without a space after
    # its dash; the page's address names the site, but the part is the headline with it.
    title_tag = "Daily.com -Kerry and Lavrov agree to resume talks - August 14, 2000"
    head = '<link rel="canonical" href="https://daily.com/2000/08/14/talks">'
    found = read_webpage(labelled_page(title_tag, head).replace("h1>", "h2>"))
    assert found is not None and found.title is not None
    assert "Kerry and Lavrov agree to resume talks" in found.title


def test_a_title_that_is_a_date_alone_with_no_headline_beside_it_is_none():
    assert checked_title("Monday August 14, 2000 11:34 PM", None, None, None, "Text.") is None
    found = checked_title("August 14, 2000", "Daily.com - August 14, 2000", None, None, "Text.")
    assert found is None


@pytest.mark.parametrize(
    ("script", "address"),
    [
        (
            'var wbPrefix = "/web/"; var wbCurrentUrl = "http://www.reuters.com/article/talks";',
            "http://www.reuters.com/article/talks",
        ),
        (
            '__wm.wombat("http://www.reuters.com:80/article/talks","20130913100000",'
            '"https://web.archive.org/","web","/_static/");',
            "http://www.reuters.com/article/talks",
        ),
    ],
)
def test_a_web_archives_copy_of_a_page_has_the_page_s_own_address(script, address, make_corpus):
    # The archive's toolbar names the address the copy is of; the page names no site: the
    # address names its outlet.
    html = page().replace("</head>", f"<script>{script}</script></head>")
    html = html.replace(" | Daily", "")
    found = read_webpage(html)
    assert found is not None and found.url == address
    corpus = load_corpus(make_corpus({"talks.html": html}))
    assert corpus.articles.row(0, named=True)["outlet"] == "Reuters"


def test_a_page_no_archive_kept_has_no_archived_address():
    assert archived_address(page()) is None


@pytest.mark.parametrize(
    ("field", "opening", "author"),
    [
        # the dateline credits the second name as the story's source: a publication
        ("Jane Doe; Garden Floss", "(Garden Floss) -- ", "Jane Doe"),
        # no dateline names it: two writers
        ("Jane Doe; Gordon Floss", "", "Jane Doe; Gordon Floss"),
        # the dateline credits another: both stay
        ("Jane Doe; Gordon Floss", "(Garden Floss) -- ", "Jane Doe; Gordon Floss"),
    ],
)
def test_a_name_the_dateline_credits_as_the_source_is_no_author(
    make_corpus, field, opening, author
):
    html = page(f'<meta name="author" content="{field}">').replace(
        "<p>Secretary", f"<p>{opening}Secretary"
    )
    corpus = load_corpus(make_corpus({"story.html": html}))
    row = corpus.articles.row(0, named=True)
    assert row["author"] == author
    assert corpus.sentences["text"][0].startswith("Secretary of State")


def test_a_paragraph_wrapped_in_the_pages_source_stays_one_paragraph():
    # An old page: after a quote box, a <FONT> of unclosed <P>s whose text the source wraps
    # at a fixed width (a browser shows the breaks as spaces); a <pre> keeps its lines.
    wrapped = [
        "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on\n"
        "Friday to resume talks on Syria's chemical weapons, officials said after a\n"
        "long meeting in Geneva.",
        "The two men met for several hours and said they would meet again later\n"
        "this month in New York, where the United Nations General Assembly opens\n"
        "its annual session next week.",
        PARAGRAPHS[2],
    ]
    body = "\n<P>\n".join(wrapped)
    html = (
        "<HTML><HEAD><TITLE>Kerry and Lavrov agree</TITLE></HEAD><BODY><TABLE><TR><TD>"
        "<FONT SIZE=2>Talks on Syria will resume.<P><TABLE ALIGN=RIGHT><TR><TD>A quote</TD>"
        f"</TR></TABLE><FONT SIZE=2>\n\n{body}\n</FONT><PRE>Table 1\nfirst row</PRE></TD></TR>"
        "</TABLE></BODY></HTML>"
    )
    found = read_webpage(html)
    assert found is not None
    paragraphs = found.text.split("\n\n")
    assert [" ".join(p.split()) for p in wrapped] == paragraphs[1:4]
    assert "Table 1 first row" not in found.text  # typed lines stay lines


HEADLINE = "Kerry and Lavrov agree to resume Syria talks"


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # the site's name after a mark the extractor keeps ...
        (f'<meta property="og:title" content="{HEADLINE} › Nordish Notes">', HEADLINE, HEADLINE),
        # ... a section before the headline, the site's name in brackets after it
        (f'<meta property="og:title" content="Diplomacy: {HEADLINE}">', HEADLINE, HEADLINE),
        (f'<meta property="og:title" content="{HEADLINE} (daily news)">', HEADLINE, HEADLINE),
        # a kicker the heading shows in an element of its own
        (
            f'<meta property="og:title" content="Diplomacy: {HEADLINE}">',
            f"<span class='kicker'>Diplomacy</span><span hidden>: </span><span>{HEADLINE}</span>",
            HEADLINE,
        ),
        # a date beside the headline the heading shows too
        (
            f'<meta property="og:title" content="23.01.2022 - {HEADLINE} - Daily News">',
            f"23.01.2022 - {HEADLINE}",
            HEADLINE,
        ),
        # a control inside the heading ("Add to ..." a watch list) is none of its words
        (
            f'<meta property="og:title" content="{HEADLINE} | Daily">',
            f"{HEADLINE} <a href='#' class='addtowatchlist'>Add to ...</a><button>Share</button>",
            HEADLINE,
        ),
        # a one-word headline beside the site's name
        (
            '<meta property="og:title" content="Geneva - Stardew Notes">'
            '<meta property="og:site_name" content="Stardew Notes">',
            "Geneva",
            "Geneva",
        ),
    ],
)
def test_a_title_gives_way_to_the_headline_the_page_shows_alone(head, h1, expected):
    html = labelled_page("Daily", head).replace(f"<h1>{HEADLINE}</h1>", f"<h1>{h1}</h1>")
    found = read_webpage(html)
    assert found is not None and found.title == expected


@pytest.mark.parametrize(
    ("og_title", "h1"),
    [
        # words the heading stresses are no kicker
        (f"Diplomacy: {HEADLINE}", f"<b>Diplomacy:</b> {HEADLINE}"),
        # links are a trail of sections, no kicker
        (
            "Diplomacy | Kerry and Lavrov agree",
            "<a href='/d'>Diplomacy</a> | <a href='/k'>Kerry and Lavrov agree</a>",
        ),
        # a heading of one word beside a longer part is a section's name, not the headline
        ("Diplomacy: Kerry and Lavrov agree", "Diplomacy"),
        # a heading that is the site's name
        ("Daily Notes | Kerry and Lavrov agree", "Daily Notes"),
    ],
)
def test_a_title_stands_when_the_page_shows_no_part_of_it_as_its_headline(og_title, h1):
    head = f'<meta property="og:title" content="{og_title}">'
    html = labelled_page("Daily", head + '<meta property="og:site_name" content="Daily Notes">')
    found = read_webpage(html.replace(f"<h1>{HEADLINE}</h1>", f"<h1>{h1}</h1>"))
    assert found is not None and found.title == og_title.removeprefix("Daily Notes | ")


def test_a_title_the_title_tag_writes_as_the_sites_name_gives_way_to_the_headline():
    body = "The quiet death of the detective novel was announced again this week by critics."
    tag = "The quiet death of the detective novel : Crime Archive | Notes on a genre"
    found = checked_title("Crime Archive", tag, None, None, body, ("Crime Archive",))
    assert found == "The quiet death of the detective novel"
    # A part the page shows in a heading as its name is no headline.
    tag = "Small sheep lore | Mosley the sheep - Webcomic"
    body = "Mosley the sheep is an ordinary sheep, the kind that crowds the meadow."
    headings = ("Mosley the sheep - Webcomic", "Small sheep lore")
    assert checked_title("Small sheep lore", tag, None, None, body, headings) == "Small sheep lore"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a forum's sections after the headline's first "|"
        (
            "Is the app store gone over mobile data? | iPhone | Forum",
            "Is the app store gone over mobile data?",
        ),
        # one section, or a headline too short to stand alone: as written
        ("Kerry and Lavrov agree | Politics", "Kerry and Lavrov agree | Politics"),
        ("Brexit | Live | Politics", "Brexit | Live | Politics"),
    ],
)
def test_a_trail_of_sections_after_a_headlines_first_bar_is_taken_off(title, expected):
    from workbench.corpus.page_title import site_title_mended

    assert site_title_mended(title, None, None, "The talks went on.") == expected


def test_a_title_that_lost_characters_reads_as_the_headline_shows_it():
    head = META.replace("resume Syria talks", "resume Syria???s talks")
    html = page(head).replace(
        "<h1>Kerry and Lavrov agree to resume Syria talks",
        "<h1>Kerry and Lavrov agree to resume Syria’s talks",
    )
    found = read_webpage(html)
    assert found is not None
    assert found.title == "Kerry and Lavrov agree to resume Syria’s talks"


@pytest.mark.parametrize(
    ("title", "headings", "expected"),
    [
        # the headline numbers the list the title does not
        ("Brides Who Don???t Want", ("6 Brides Who Don’t Want",), "6 Brides Who Don’t Want"),
        ("Brides Who Don\ufffdt Want", ("Brides Who Don’t Want",), "Brides Who Don’t Want"),
        # no headline that reads the same: as it is
        ("Brides Who Don???t Want", ("Other news",), "Brides Who Don???t Want"),
        # a question asked is no lost character
        ("Who Wants It? Nobody", ("Who Wants It! Nobody",), "Who Wants It? Nobody"),
    ],
)
def test_lost_characters_are_read_from_the_headline(title, headings, expected):
    from workbench.corpus.webpage import with_lost_characters_shown

    assert with_lost_characters_shown(title, headings) == expected


@pytest.mark.parametrize(
    ("author", "written", "expected"),
    [
        ("Jane Q Doe", "By <a>Jane Q. Doe</a>", "Jane Q. Doe"),
        ("J R Doe", '"author": "J.R. Doe"', "J.R. Doe"),
        ("C Jane Doe; John Roe", "C. Jane Doe and John Roe", "C. Jane Doe; John Roe"),
        ("Jane Q Doe", "By Jane Q Doe", "Jane Q Doe"),  # the page writes no full stop
        ("Jane Q Doe", "Jane Q.Doey", "Jane Q Doe"),  # another name
    ],
)
def test_a_names_initials_keep_the_full_stops_the_page_writes(author, written, expected):
    assert with_initials_stops(author, f"<html><body><p>{written}</p></body></html>") == expected


def test_a_place_alone_above_its_dateline_is_no_paragraph():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    html = page().replace(
        "<h1>Kerry and Lavrov agree to resume Syria talks</h1>",
        "<h1>Kerry and Lavrov agree to resume Syria talks</h1><p>GENEVA</p>"
        f"<p>GENEVA (Reuters) - {PARAGRAPHS[0]}</p>{body}",
    )
    text = read_webpage(html).text
    assert "GENEVA\n" not in text
    assert "GENEVA (Reuters) - Secretary of State" in text


def test_a_heading_that_opens_the_next_paragraph_stays():
    html = page().replace(
        "<h1>Kerry and Lavrov agree to resume Syria talks</h1>",
        "<h1>Kerry and Lavrov agree to resume Syria talks</h1><h2>Secretary of State</h2>",
    )
    assert "Secretary of State\n" in read_webpage(html).text


def test_a_titles_sections_and_site_after_colons_are_taken_off():
    headline = "Kerry and Lavrov agree to resume Syria talks"
    html = page().replace(
        "<title>Kerry and Lavrov agree | Daily</title>",
        f"<title>{headline}: The Talks Blog: Daily on World: Daily</title>"
        "<meta property='og:site_name' content='Daily'>",
    )
    html = html.replace(f"<h1>{headline}</h1>", f"<div class='hed'>{headline}</div>")
    assert read_webpage(html).title == headline
