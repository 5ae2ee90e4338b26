"""The day a page's article header states under its headline: the page's date when its markup
states none, and over a day its markup states otherwise (an update stamp aside)."""

from __future__ import annotations

from workbench.corpus import document as one_document
from workbench.corpus.boilerplate import load_rules
from workbench.corpus.webpage import read_webpage

BODY = (
    "<p>(Wire) -- The city council voted on Tuesday to close the old harbour bridge to heavy "
    "lorries after engineers found cracks in two of its supporting piers last month.</p>"
    "<p>Drivers of lorries will have to use the ring road, which adds some twenty minutes to a "
    "crossing, until the repairs are finished early next year, the council said.</p>"
)
OTHERS = (
    "<h3>More stories</h3><ul><li>Ferry fares rise - March 3, 2005</li>"
    "<li>New tram line opens - March 1, 2005</li></ul>"
)


def page(
    header: str,
    after: str = OTHERS,
    headline: str = "Harbour bridge shut to lorries",
    meta: str = "",
) -> str:
    """An old article page: a list of other stories above, ``header`` under the headline;
    ``meta``: tags of its head."""
    return (
        f"<html><head><title>Site.com - Harbour bridge shut to lorries</title>{meta}</head><body>"
        "<table><tr><td><a href='/a'>Tram works - February 2, 2005</a></td></tr></table>"
        f"<h2>{headline}</h2>{header}<div>{BODY}</div>{after}</body></html>"
    )


def test_a_dateline_under_the_headline_dates_a_page_without_a_date_in_its_markup():
    found = read_webpage(page("<div class='cap'>Tuesday, March 08, 2005</div><p>By A. Writer</p>"))
    assert found is not None
    assert found.published is None  # the markup states none
    assert found.dateline == "2005-03-08"


def test_a_script_written_dateline_is_read_as_the_page_shows_it_at_its_own_address():
    script = (
        "<script>if (location.hostname.indexOf('edition.') > -1) "
        "{document.write('<p>March 9, 2005 -- Updated 0101 GMT (0901 HKT)</p>');} "
        "else {document.write('<p>March 8, 2005 8:01 p.m. EST</p>');}</script>"
    )
    found = read_webpage(page(script))
    assert found is not None
    assert found.dateline == "2005-03-08"  # the else: the home edition's line


def test_dates_elsewhere_on_the_page_are_not_its_dateline():
    found = read_webpage(page("<p>By A. Writer</p>"))
    assert found is not None
    assert found.dateline is None  # other stories' dates above and below the article


def test_a_header_date_without_its_headline_is_not_taken():
    found = read_webpage(page("<p>March 8, 2005</p>", headline="Latest news"))
    assert found is not None
    assert found.dateline is None


def test_the_headers_dateline_dates_the_ingested_page():
    raw = page("<div>Tuesday, March 08, 2005</div>").encode()
    article = one_document.ingest_document(raw, "2005/bridge.html", None, load_rules()).article
    assert article["published"] == "2005-03-08"
    assert article["date_source"] == "dateline"


MODIFIED = '<meta name="date" content="2005-03-10T09:12:00">'


def ingested(html: str) -> dict:
    return one_document.ingest_document(html.encode(), "bridge.html", None, load_rules()).article


def test_the_day_the_header_shows_wins_over_another_day_in_the_markup():
    # A page's markup often carries the day it was last changed, or a time in another zone;
    # the day under its headline is what its readers (and its archive's editors) take.
    article = ingested(page("<div>Tuesday, March 08, 2005</div>", meta=MODIFIED))
    assert article["published"] == "2005-03-08"
    assert article["date_source"] == "dateline"


def test_the_markups_day_stands_when_the_header_shows_the_same_day_or_none():
    same = ingested(page("<div>Thursday, March 10, 2005</div>", meta=MODIFIED))
    assert (same["published"], same["date_source"]) == ("2005-03-10", "html-meta")
    none = ingested(page("<p>By A. Writer</p>", meta=MODIFIED))
    assert (none["published"], none["date_source"]) == ("2005-03-10", "html-meta")


def test_an_update_stamp_in_the_header_does_not_override_the_markups_day():
    stamped = page("<div>Updated 1:44 PM ET, Sat March 12, 2005</div>", meta=MODIFIED)
    assert read_webpage(stamped).dateline is None
    assert ingested(stamped)["published"] == "2005-03-10"
    # With no day in the markup the update's day is the best the page gives.
    assert read_webpage(page("<div>Updated 1:44 PM ET, Sat March 12, 2005</div>")).dateline == (
        "2005-03-12"
    )


def test_a_date_alone_just_above_the_headline_is_the_header_date():
    above = (
        "<html><head><title>Harbour bridge shut to lorries</title></head><body>"
        "<nav>Home | News</nav><div>Tuesday, 8 March 2005</div>"
        f"<h1>Harbour bridge shut to lorries</h1>{BODY}</body></html>"
    )
    assert read_webpage(above).dateline == "2005-03-08"
    byline = above.replace("Tuesday, 8 March 2005", "News | By Ann Writer | 8 March 2005")
    assert read_webpage(byline).dateline == "2005-03-08"
    # A label and the weekday before the date: still a date alone.
    for stated in (
        "Published Tuesday, March 8, 2005",
        "POSTED ON March 8th, 2005",
        "Last Updated: Tuesday, 8 March 2005, 17:04 GMT",
    ):
        published = above.replace("Tuesday, 8 March 2005", stated)
        assert read_webpage(published).dateline == "2005-03-08"
    # Two words before it: a link to another story.
    linked = above.replace("Tuesday, 8 March 2005", "Tram works closed Tuesday, March 8, 2005")
    assert read_webpage(linked).dateline is None


def test_a_day_opening_the_first_paragraph_in_an_element_of_its_own_dates_the_page():
    # The extractor leaves the day's <span> out of the article's text; the page shows it.
    html = (
        "<html><head><title>Harbour bridge shut to lorries</title></head><body>"
        "<h1>Harbour bridge shut to lorries</h1>"
        "<p><span class='date'>8 March 2005 – </span>The city council voted on Tuesday to close "
        "the old harbour bridge to heavy lorries after engineers found cracks in two piers.</p>"
        f"{BODY}</body></html>"
    )
    assert read_webpage(html).dateline == "2005-03-08"
    # A year the first paragraph mentions dates no wire dateline of its own.
    wire = html.replace("8 March 2005 – ", "LONDON, March 8 (Wire) - ").replace(
        "two piers", "two piers built in 1998"
    )
    assert read_webpage(wire).dateline is None


def test_a_date_under_the_standfirst_is_the_header_date():
    # The article's text begins with its headline and its standfirst; the byline and the
    # date stand under the standfirst.
    html = (
        "<html><head><title>Harbour bridge shut to lorries | Site</title></head><body>"
        "<article><h1>Harbour bridge shut to lorries</h1>"
        "<p class='lead'>Engineers found cracks in two piers; lorries must now take the ring "
        "road for a year.</p><p>By Ann Writer</p><p>8 March 2005</p>"
        f"{BODY}</article></body></html>"
    )
    assert read_webpage(html).dateline == "2005-03-08"


def test_a_headline_broken_over_two_lines_or_with_a_section_in_the_title_is_found():
    broken = (
        "<html><head><title>Harbour bridge: shut to lorries</title></head><body>"
        "<h1><span>Harbour bridge:</span><br><span>shut to lorries</span></h1>"
        f"<div>8 March 2005</div><div>{BODY}</div></body></html>"
    )
    assert read_webpage(broken).dateline == "2005-03-08"
    section = (
        "<html><head><title>Harbour bridge shut to lorries - Tip of the day</title></head>"
        "<body><h1>Harbour bridge shut to lorries</h1>"
        f"<div>8 March 2005</div><div>{BODY}</div></body></html>"
    )
    assert read_webpage(section).dateline == "2005-03-08"


def test_the_markups_day_stands_when_the_header_states_it_beside_another():
    # A forum's post: the poster's registration day above the post's; a review: the book's
    # release day under the blog post's; an update's day beside the publication's.
    for other in (
        "<div>Registered: 18.09.2004</div><div>Post by ann » 10.03.2005, 05:42</div>",
        "<div>Thursday, 10 March 2005</div><div>Release date: 14.02.2005</div>",
        "<div>9 March 2005</div><div>10 March 2005</div>",
    ):
        article = ingested(page(other, meta=MODIFIED))
        assert (article["published"], article["date_source"]) == ("2005-03-10", "html-meta")


def test_a_first_paragraph_opening_with_the_headlines_words_is_not_the_headline():
    headline = "Harbour bridge shut to lorries after engineers find cracks in two piers"
    opening = (
        "<p>Harbour bridge shut to lorries after engineers find cracks in two piers, the city "
        "council said on Tuesday, and drivers must take the ring road until next year.</p>"
    )
    found = read_webpage(
        f"<html><head><title>{headline}</title></head><body><h1>{headline}</h1>"
        f"<div>By Ann Writer • Mar 8, 2005 • Harbour City</div><div>{opening}{BODY}</div>"
        "</body></html>"
    )
    assert found.dateline == "2005-03-08"


def test_a_press_releases_date_above_the_headline_is_the_header_date():
    release = (
        "<html><head><title>Harbour bridge shut to lorries</title></head><body>"
        "<div>NEWS RELEASE</div><div>For Immediate Release: Mar. 8, 2005</div>"
        "<div>Media inquiries: 555-0100</div>"
        f"<h1>Harbour bridge shut to lorries</h1>{BODY}</body></html>"
    )
    assert read_webpage(release).dateline == "2005-03-08"
    # Another label's date there is a link to another story.
    other = release.replace("For Immediate Release:", "Tram works closed")
    assert read_webpage(other).dateline is None
