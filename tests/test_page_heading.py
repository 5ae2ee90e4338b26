"""The headline a page shows in its one <h1>, over another wording its markup gives."""

from __future__ import annotations

import pytest

from workbench.corpus.page_heading import shown_heading
from workbench.corpus.webpage import read_webpage

URL = "https://www.harbour-news.example/city/bridge-shut-123.html"
SITE = "Harbour News"
BODY = "The city council voted on Tuesday to close the old harbour bridge to lorries.\n"


@pytest.mark.parametrize(
    ("title", "headings", "title_tag", "expected"),
    [
        # A sharing headline against the one the page shows and its <title> repeats.
        (
            "Bridge closed: lorries must go round",
            ("Harbour bridge shut to lorries after cracks found",),
            "Harbour bridge shut to lorries after cracks found | Harbour News",
            "Harbour bridge shut to lorries after cracks found",
        ),
        # Another wording of the same story, the <title> as the markup's.
        (
            "Council shuts harbour bridge",
            ("Cracks in its piers: council shuts the harbour bridge to lorries",),
            "Council shuts harbour bridge | Harbour News",
            "Cracks in its piers: council shuts the harbour bridge to lorries",
        ),
        # The site's name, a section with the title, a label, another story: the title stands.
        ("Harbour bridge shut to lorries", ("Harbour News",), None, None),
        ("Harbour bridge shut", ("harbour-news.example",), None, None),
        ("Harbour bridge shut", ("Harbour News, the city's paper since 1901",), None, None),
        (
            "Harbour bridge shut to lorries",
            ("Local News | Harbour bridge shut to lorries",),
            None,
            None,
        ),
        ("Harbour bridge shut to lorries", ("Details",), None, None),
        ("Harbour bridge shut to lorries", ("Welcome to the city of ferries",), None, None),
        # Two headings of their own: no one headline shown.
        ("Harbour bridge shut", ("Bridge shut to lorries", "Ferry fares rise again"), None, None),
        # The title's end, its first word lost from the heading.
        ("Chaos: harbour bridge shut to lorries", ("harbour bridge shut to lorries",), None, None),
    ],
)
def test_shown_heading(title, headings, title_tag, expected):
    assert shown_heading(title, headings, title_tag, SITE, URL, BODY) == expected


def test_a_subheading_inside_the_article_is_no_headline():
    body = BODY + "\nLorries go round.\n\nHiking the harbour path\n\nThe path runs by the water.\n"
    heading = ("Hiking the harbour path",)
    assert shown_heading("Harbour path guide for hikers", heading, None, SITE, URL, body) is None


def test_page_title_is_the_shown_headline():
    html = (
        "<html><head><title>Harbour bridge shut to lorries after cracks found | Harbour News"
        '</title><meta property="og:title" content="Bridge closed: lorries must go round">'
        '<meta property="og:site_name" content="Harbour News"></head><body><article>'
        "<h1>Harbour bridge shut to lorries after cracks found</h1>"
        f"<p>{BODY * 3}</p><p>Drivers will have to use the ring road until the repairs are "
        "finished early next year, the council said on Tuesday.</p></article></body></html>"
    )
    page = read_webpage(html, URL)
    assert page is not None
    assert page.title == "Harbour bridge shut to lorries after cracks found"


def test_a_heading_style_is_not_its_text():
    html = (
        "<html><head><title>Harbour bridge shut</title></head><body><article><h1>Harbour "
        "<style>.x{clip:rect(0 0 0 0)}</style>bridge shut to lorries</h1>"
        f"<p>{BODY * 4}</p></article></body></html>"
    )
    page = read_webpage(html, URL)
    assert page is not None
    assert "clip" not in (page.title or "")
