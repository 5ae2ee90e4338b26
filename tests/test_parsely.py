from __future__ import annotations

import pytest
from lxml import html as lxml_html

from workbench.corpus.parsely import parsely_authors
from workbench.corpus.webpage import read_webpage

PROSE = (
    "<p>The council voted on Tuesday to close two of the city's libraries at the end of the "
    "year, after a long debate in which residents asked it to find the money elsewhere.</p>"
) * 3


def _tree(head: str):
    return lxml_html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            """<meta name="parsely-page" content='{"title": "T", "author": "Jane  Doe"}'>""",
            "Jane Doe",
        ),
        (
            """<meta name="parsely-page" content='{"author": ["Jane Doe", "John Roe"]}'>""",
            "Jane Doe; John Roe",
        ),
        (
            '<meta name="parsely-author" content="Jane Doe">'
            '<meta name="parsely-author" content="John Roe">',
            "Jane Doe; John Roe",
        ),
        ("""<meta name="parsely-page" content='{"author": ""}'>""", None),
        ("""<meta name="parsely-page" content='{"author": '>""", None),  # broken JSON
        ("", None),
    ],
)
def test_the_writers_a_parsely_tag_names(head, expected):
    assert parsely_authors(_tree(head)) == expected


def test_a_page_without_an_author_tag_takes_the_parsely_tags_writer():
    head = (
        "<title>Libraries to close</title>"
        """<meta name="parsely-page" content='{"title": "Libraries to close", """
        """"pub_date": "2014-12-29T10:00:00Z", "author": "Jane Doe"}'>"""
    )
    article = f"<article><h1>Libraries to close</h1>{PROSE}</article>"
    page = f"<html><head>{head}</head><body>{article}</body></html>"
    found = read_webpage(page)
    assert found is not None
    assert found.author == "Jane Doe"
