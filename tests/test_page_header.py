"""The day a page's article header states, under its headline, when its markup states none."""

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


def page(header: str, after: str = OTHERS, headline: str = "Harbour bridge shut to lorries") -> str:
    """An old article page: a list of other stories above, ``header`` under the headline."""
    return (
        "<html><head><title>Site.com - Harbour bridge shut to lorries</title></head><body>"
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
