"""A page's title cut to the headline the page shows on a line of its own."""

from __future__ import annotations

import pytest

from workbench.corpus.title_line import (
    headline_above,
    plain_title,
    shown_line_title,
    tag_part_above,
)

SHOWN = ("Home", "Sport", "Chelsea hoping to sign Anelka before weekend", "By Jo Smith")


@pytest.mark.parametrize(
    "title",
    [
        "Chelsea hoping to sign Anelka before weekend - Soccer - Sport - Breaking News",
        "Chelsea hoping to sign Anelka before weekend | UK Latest",
        "Chelsea hoping to sign Anelka before weekend_English_Xinhua",
        "Chelsea Hoping To Sign Anelka Before Weekend (from The Bolton News)",
        "Chelsea hoping to sign Anelka before weekend- Football-Sections-The Times",
        "Daily Post :: Chelsea hoping to sign Anelka before weekend",
        "dailypost.com -- Chelsea hoping to sign Anelka before weekend",
        "DailyPost... Chelsea hoping to sign Anelka before weekend",
        "Football- Chelsea hoping to sign Anelka before weekend",
    ],
)
def test_the_shown_headline_is_kept_without_what_the_title_joins_to_it(title):
    found = shown_line_title(title, SHOWN, None, None)
    assert found is not None
    assert found.casefold() == "chelsea hoping to sign anelka before weekend"


@pytest.mark.parametrize(
    "title",
    [
        "Chelsea hoping to sign Anelka before weekend",  # the title is the line
        "Chelsea hoping to sign Anelka before weekend-long talks end",  # a compound word
        "Chelsea hoping to sign Anelka before weekend deadline - Sport",  # more words
        "Mr. Chelsea hoping to sign Anelka before weekend",  # no mark between
        "Transfers: Chelsea hoping to sign Anelka before weekend",  # a kicker
        "Chelsea hoping to sign Anelka before weekend - talks go on",  # a subtitle
        "Chelsea hoping to sign Anelka before weekend ?",  # a mark and no words
        "Sport - Home",  # a label of the page, never a headline
    ],
)
def test_a_title_without_a_shown_line_joined_by_a_mark_stays(title):
    assert shown_line_title(title, SHOWN, None, None) is None


def test_the_longest_shown_line_is_the_headline():
    shown = ("Obama wins Iowa", "Obama wins Iowa caucus by wide margin")
    title = "Obama wins Iowa caucus by wide margin - Politics - Daily Post"
    assert shown_line_title(title, shown, None, None) == "Obama wins Iowa caucus by wide margin"


def test_a_short_label_shown_is_no_headline():
    assert (
        shown_line_title("The Hindu : Sport / Racing : Horse", ("Racing : Horse",), None, None)
        is None
    )


def test_a_title_the_page_shows_whole_stays():
    shown = ("Dare to Play 3", "Dare to Play 3 / October pack")
    assert shown_line_title("Dare to Play 3 / October pack", shown, None, None) is None


@pytest.mark.parametrize(
    "title",
    [
        "Italien: Reise- und Sicherheitshinweise",  # a kicker, no site's name
        "Radon im Boden: Neue Karte gibt Orientierung",
        "Make-Ahead Side: Sweet Potato and Celery Root Mash",
    ],
)
def test_a_kicker_or_a_subtitle_beside_a_shown_part_stays(title):
    shown = ("Italien", "Reise- und Sicherheitshinweise", "Radon im Boden")
    shown += ("Sweet Potato and Celery Root Mash",)
    assert shown_line_title(title, shown, None, None) is None


@pytest.mark.parametrize(
    ("title", "site", "url"),
    [
        ("Daily Post: Chelsea hoping to sign Anelka before weekend", "Daily Post", None),
        ("dailypost.com: Chelsea hoping to sign Anelka before weekend", None, None),
        ("Chelsea hoping to sign Anelka before weekend: Sport: Football: Post", None, None),
    ],
)
def test_a_colon_joins_the_site_name_or_a_trail(title, site, url):
    assert (
        shown_line_title(title, SHOWN, site, url) == "Chelsea hoping to sign Anelka before weekend"
    )


LEAD = (
    "Chelsea manager Avram Grant hopes to sign Nicolas Anelka from Bolton before the "
    "weekend, the club said on Thursday after talks between the two sides."
)
PAGE = ("Home", "Sports", "Chelsea hoping to sign Anelka before weekend")
PAGE += ("By Jo Smith", LEAD, "Bolton want more than 15 million pounds for the striker.")


@pytest.mark.parametrize("title", ["Winona Daily News", "Please support local business!", None])
def test_a_title_none_of_the_articles_gives_way_to_the_headline_above_it(title):
    found = headline_above(title, PAGE, [LEAD, "Bolton want more than 15 million pounds."])
    assert found == "Chelsea hoping to sign Anelka before weekend"


@pytest.mark.parametrize(
    "title",
    [
        "Grant hopes to sign Anelka from Bolton",  # the article's words
        "Blues in a hurry",  # shown above the article
    ],
)
def test_a_title_of_the_article_stays(title):
    page = ("Blues in a hurry", *PAGE)
    assert headline_above(title, page, [LEAD]) is None


def test_a_section_label_is_no_headline():
    page = ("Winona Daily News", "Law & Justice", "By Jo Smith", LEAD)
    assert headline_above("Winona Daily News", page, [LEAD]) is None


OPENING = (
    "President Bush warned Iran on Wednesday of serious consequences after a naval clash in "
    "the Strait of Hormuz, speaking at a news conference in Jerusalem."
)
NAVAL = "Bush Strongly Warns Iran on Naval Clash"


@pytest.mark.parametrize(
    ("title", "title_tag"),
    [
        ("MyFox Houston", f"MyFox Houston | {NAVAL}"),  # the site's name beside the headline
        ("IOL", f"IOL: {NAVAL}"),
        (f"IOL: {NAVAL}", f"IOL: {NAVAL}"),  # a site's prefix the page does not show
        ("Other News Video", f"{NAVAL} - World News Story - WXYZ"),  # a heading of the site's
    ],
)
def test_the_title_tags_part_shown_above_the_article_is_its_headline(title, title_tag):
    shown = ("MyFox Houston", "Other News Video", "News", NAVAL, "Created: 9 Jan 2008", OPENING)
    assert tag_part_above(title, title_tag, shown, [OPENING], None, None) == NAVAL


@pytest.mark.parametrize(
    ("title", "shown", "others"),
    [
        (NAVAL, ("MyFox Houston", NAVAL, OPENING), ()),  # shown: it stands
        ("Iran clash", ("Iran: Bush Strongly Warns", "Iran clash", OPENING), ()),  # nearest
        ("Iran clash", ("Iran clash", NAVAL, OPENING), ("Iran clash",)),  # the og:title
        ("Naval clash", (f"Iran: {NAVAL}", OPENING), ()),  # the line only adds a kicker
        ("Navy", ("Navy", "Latest News Of Today", OPENING), ()),  # no line of the <title>
    ],
)
def test_a_title_the_page_shows_or_gives_as_its_own_stands(title, shown, others):
    tag = f"Iran: {NAVAL} - {title} - Latest News"
    assert tag_part_above(title, tag, shown, [OPENING], None, None, others) is None


def test_a_site_heading_over_the_headline_gives_way_only_to_words_the_article_uses_more():
    shown = ("Gulf Strait Naval Clash", NAVAL, OPENING)
    tag = f"{NAVAL} - Gulf Strait Naval Clash"
    assert tag_part_above("Gulf Strait Naval Clash", tag, shown, [OPENING], None, None) is None
    assert (
        tag_part_above(
            "Sports Wire",
            f"{NAVAL} - Sports Wire",
            ("Sports Wire", *shown[1:]),
            [OPENING],
            None,
            None,
        )
        == NAVAL
    )


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("=> The One to Watch: Harmony One <=", "The One to Watch: Harmony One"),
        ("» How to Make a Bad Bet :zenhabits", "How to Make a Bad Bet :zenhabits"),
        ("| Minor League Sports News | | | |", "Minor League Sports News"),
        (
            "Pace star's Bollywood adventure (from The Bolton News)",
            "Pace star's Bollywood adventure",
        ),
        # German quotation marks, a title's own brackets and bars stay
        ("»Haltet unsere Gewässer sauber!«", "»Haltet unsere Gewässer sauber!«"),
        (
            "The Worst Jobs I've Had (From Worst To Worst-Est)",
            "The Worst Jobs I've Had (From Worst To Worst-Est)",
        ),
        ("Kerry | Lavrov", "Kerry | Lavrov"),
    ],
)
def test_a_title_loses_its_ornaments_and_a_publishers_credit(title: str, plain: str):
    assert plain_title(title) == plain


def test_a_title_cased_title_gives_way_to_the_line_the_page_shows():
    shown = ["Home", "Pakistan’s stocks and currency pay heavy price", "By Staff"]
    title = "Pakistans Stocks And Currency Pay Heavy Price (from The Herald )"
    assert plain_title(title, shown) == "Pakistan’s stocks and currency pay heavy price"
