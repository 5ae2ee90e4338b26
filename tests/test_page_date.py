"""A page's date from its markup: an ambiguous numeric date read as the page's own text writes
it, a declared publication over a declared last change or the address's day."""

from __future__ import annotations

import pytest

from workbench.corpus.webpage import read_webpage

STAMP = "<meta name='timestamp' content='07/06/00'>"
BODY = (
    "A new programming language was shown by the company on Thursday, which it hopes will make "
    "writing programs for the web easier for the many developers who use its tools every day. "
    "Analysts said the language looked much like another that a rival has promoted for years, "
    "and that developers would take time to decide whether to move their work over to it."
)


def page(head: str = "", body_extra: str = "", stated: str = "") -> str:
    """An article page of 2000 with ``head`` in its head, ``stated`` above the article."""
    return (
        f"<html><head><title>A New Language</title>{head}</head><body><main>{stated}"
        f"<h1>A New Language</h1><p>{BODY}</p><p>{BODY}</p></main>{body_extra}</body></html>"
    )


def test_an_ambiguous_meta_date_is_read_as_the_page_states_it():
    stated = "<p class='date'>Thursday, July 6, 2000</p>"
    others = "<ul><li>Perfect Dark reigns, June 7, 2000</li></ul>"  # a list after the date
    found = read_webpage(page(STAMP, others, stated))
    assert found is not None
    assert found.published == "2000-07-06"


def test_an_ambiguous_meta_date_the_page_does_not_state_is_read_as_before():
    found = read_webpage(page(STAMP))
    assert found is not None
    assert found.published == "2000-06-07"  # day first, as the date extractor reads it


def test_a_page_stating_the_day_first_reading_keeps_it():
    stated = "<p class='date'>7 June 2000</p>"
    found = read_webpage(page(STAMP, stated=stated))
    assert found is not None
    assert found.published == "2000-06-07"


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        # The extractor reads a stamp in the page's text day first; an American time zone or a
        # twelve-hour clock after it says the month comes first.
        ("Article Launched: 01/09/2008 09:37:25 PM PST", "2008-01-09"),
        ("Updated at: 01/02/2008 04:01:05 PM", "2008-01-02"),
        ("Posted 01/07/2008 (6:00 pm)", "2008-01-07"),
        # A twenty-four-hour clock says nothing of the order: read as the extractor reads it.
        ("Updated at: 01/02/2008 16:01", "2008-02-01"),
    ],
)
def test_a_stamp_in_the_page_text_is_read_the_way_its_clock_writes_it(stamp: str, day: str):
    found = read_webpage(page(stated=f"<p class='date'>{stamp}</p>"))
    assert found is not None
    assert found.published == day


@pytest.mark.parametrize(
    ("html_tag", "extra"),
    [
        # Latin America writes the day first and a twelve-hour clock.
        ("<html lang='es-MX'>", ""),
        # The page's <time> states the day-first reading in ISO 8601.
        ("<html>", "<time datetime='2008-02-01T16:01:05-05:00'></time>"),
    ],
)
def test_a_twelve_hour_stamp_stays_day_first_where_the_page_says_so(html_tag: str, extra: str):
    stated = f"<p class='date'>{extra}Actualizado 01/02/2008 04:01 p.m.</p>"
    found = read_webpage(page(stated=stated).replace("<html>", html_tag, 1))
    assert found is not None
    assert found.published == "2008-02-01"


def test_the_declared_publication_wins_over_a_declared_last_change():
    # The extractor takes the modified meta tag (no other is there) over the JSON-LD's
    # datePublished; the markup says which is which.
    head = (
        "<meta property='article:modified_time' content='2022-12-20T16:55:21+01:00'>"
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2022-12-21T06:49:28+01:00", '
        '"dateModified": "2022-12-20T16:55:21+01:00"}</script>'
    )
    found = read_webpage(page(head))
    assert found is not None
    assert found.published == "2022-12-21"


@pytest.mark.parametrize(
    ("address", "published_time", "day"),
    [
        # The address keeps the day the story was first filed under; the markup declares
        # another, in the page's own zone.
        ("2022/05/02", "2022-05-08T06:00:00-05:00", "2022-05-08"),
        # 02:25 UTC is the evening before in the Americas: the address's day may well be right.
        ("2020/02/24", "2020-02-25T02:25:54+00:00", "2020-02-24"),
    ],
)
def test_an_address_day_against_the_one_day_the_markup_declares_published(
    address: str, published_time: str, day: str
):
    head = (
        f"<link rel='canonical' href='https://news.example.com/{address}/a-new-language/'>"
        f"<meta property='article:published_time' content='{published_time}'>"
    )
    found = read_webpage(page(head))
    assert found is not None
    assert found.published == day


def test_declared_days_read_meta_tags_items_and_json_ld():
    from trafilatura.utils import load_html

    from workbench.corpus.page_date import declared_days

    html = page(
        "<meta itemprop='dateModified' content='2018-08-29'>"
        '<script type="application/ld+json">{"datePublished": "2018-06-22T23:30:00Z"}</script>',
        stated="<time itemprop='datePublished' datetime='2018-06-22 10:20:00'>22.06.2018</time>",
    )
    declared = declared_days(load_html(html))
    assert declared.published == {"2018-06-22", "2018-06-23"}  # 23:30 UTC: either day
    assert declared.modified == {"2018-08-29"}


def test_an_analytics_tags_publication_day_over_a_day_the_markup_does_not_declare():
    from trafilatura.utils import load_html

    from workbench.corpus.page_date import declared_days, declared_reading

    parsely = (
        """<meta name="parsely-page" content='{"title": "A New Language", """
        """"pub_date": "2014-12-02T10:00:00", "section": "tech"}'>"""
    )
    declared = declared_days(load_html(page(parsely)))
    assert declared.published == {"2014-12-02"}
    # A day found elsewhere in the page (a list of other stories) gives way to the one the
    # markup declares; not where the markup declares a change too or the address a day.
    assert declared_reading("2014-12-31", declared) == "2014-12-02"
    assert declared_reading("2014-12-31", declared, url_day="2014-12-31") == "2014-12-02"
    assert declared_reading("2014-12-31", declared, url_day="2014-12-30") == "2014-12-31"
    changed = declared._replace(modified=frozenset({"2014-12-20"}))
    assert declared_reading("2014-12-31", changed) == "2014-12-31"


def test_an_ambiguous_meta_date_is_read_as_the_address_names_its_month():
    address = "<link rel='canonical' href='https://news.example.com/2000/07/a-new-language/'>"
    found = read_webpage(page(STAMP + address))
    assert found is not None
    assert found.published == "2000-07-06"
    # An address naming neither reading's month leaves the date as the extractor read it.
    elsewhere = address.replace("/2000/07/", "/2000/09/")
    assert read_webpage(page(STAMP + elsewhere)).published == "2000-06-07"


def test_an_ambiguous_meta_date_is_read_in_the_order_the_pages_other_stamps_write():
    archive = "<ul><li><a href='/a'>Older story</a> 06/16/2000</li></ul>"  # month first only
    found = read_webpage(page(STAMP, archive))
    assert found is not None
    assert found.published == "2000-07-06"
    european = archive.replace("06/16/2000", "16/06/2000")  # day first only
    assert read_webpage(page(STAMP, european)).published == "2000-06-07"
    both = archive + european.replace("16/06", "17/06")  # the stamps disagree: as read before
    assert read_webpage(page(STAMP, both)).published == "2000-06-07"
