"""The author a page's byline element names, comments and parts beside the article aside."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from workbench.corpus.page_byline import markup_author
from workbench.corpus.webpage import read_webpage

TEXT = (
    "The council met on Tuesday evening to vote on the new budget for the coming year, and "
    "after a long debate the members agreed to spend more on schools and on the city's roads."
)
SIDEBAR = "".join(f"<li><a href='/p{n}'>Another post number {n}</a></li>" for n in range(3))
COMMENT = (
    "<ol class='commentlist'><li class='comment byuser comment-author-reader even'>"
    "<div class='comment-author vcard'><cite>Jim Reader</cite> says:</div>"
    "<p>Thanks for this post.</p></li></ol>"
)


def _post(byline: str, post_class: str = "post hentry category-politics", extra: str = "") -> str:
    """A blog's page: its post (``post_class``) with a byline, its comments and a sidebar."""
    return (
        "<html><head><title>Budget vote</title></head><body>"
        f"<div class='{post_class}'><h1>Budget vote</h1><div class='entry-meta'>{byline}</div>"
        f"<div class='entry-content'><p>{TEXT}</p><p>{TEXT}</p></div></div>{extra}"
        f"<div id='sidebar'><ul>{SIDEBAR}</ul></div></body></html>"
    )


WRITER = "<span class='author vcard'><a href='/author/ann' rel='author'>Ann Miller</a></span>"


@pytest.mark.parametrize(
    ("page", "author"),
    [
        # the post's class names its categories: the post is no category's label
        (_post(WRITER), "Ann Miller"),
        (_post(WRITER, extra=COMMENT), "Ann Miller"),
        # a layout's container holds the article beside its sidebar
        (_post(WRITER, post_class="layout-container has-sidebar"), "Ann Miller"),
        # a blog theme's label before the date and the name is no author
        (
            _post(
                "<span class='meta-prep meta-prep-author'>Posted on</span> 5 May "
                "<span class='meta-sep'>by</span> " + WRITER
            ),
            "Ann Miller",
        ),
        # a reader's name in the comments is not the article's author
        (_post("", extra=COMMENT), None),
        # the writer's role and the links after the name are no part of it; a role alone is
        # no one's name
        (
            _post(
                "<div class='author'>Christian Datoc Sports Editor <a href='/a'>See All "
                "Articles</a> <a href='mailto:c@d.com'>Send Email</a></div>"
            ),
            "Christian Datoc",
        ),
        (_post("<div class='authortitle'>Political Commentator</div>"), None),
        # the job title an element of its own writes under the name, a list's label
        (
            _post(
                "<div class='author'><a href='/a/ben'>Ben Silverman</a>"
                "<div class='author-title'>Games Editor</div></div>"
            ),
            "Ben Silverman",
        ),
        # a writer's box: the name, the job title, the links and a bio that ends "and author"
        (
            _post(
                "<div class='author-box'><div class='name'>Ann Coulter</div>"
                "<div class='authortitle'>Political Commentator</div><ul class='author'>"
                "<li><a href='/a/ac'>See All Articles</a></li><li><a href='#'>Bio</a>"
                "<p>Ann Coulter is a political commentator and author.</p></li></ul></div>"
            ),
            "Ann Coulter",
        ),
        # a category's own label is no byline
        (_post("<span class='post-category author-tag'>Politics</span>"), None),
    ],
)
def test_the_byline_element_names_the_author(page, author):
    assert markup_author(lxml_html.fromstring(page)) == author


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="author" content="Admin">',  # a blog software's user, no one's name
        '<meta name="author" content="Budget Daily">',  # the outlet's own name
        "",
    ],
)
def test_a_byline_element_names_the_author_the_meta_tags_do_not(meta):
    page = _post(WRITER).replace(
        "</head>", f'{meta}<meta property="og:site_name" content="Budget Daily"></head>'
    )
    found = read_webpage(page)
    assert found is not None
    assert found.author == "Ann Miller"


def test_a_person_the_meta_tags_name_is_kept_over_the_byline_element():
    page = _post(WRITER).replace("</head>", '<meta name="author" content="Jane Doe"></head>')
    found = read_webpage(page)
    assert found is not None
    assert found.author == "Jane Doe"


def _page_with_header(header: str) -> str:
    """A page without an author in its markup: its header's lines between headline and text."""
    return (
        "<html><head><title>Budget vote</title></head><body><h1>Budget vote</h1>"
        f"{header}<p>{TEXT}</p><p>{TEXT}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("<p>Tuesday, May 3, 2005</p><p>By Jane Doe</p>", "Jane Doe"),
        ("<div>Von Lisa Petrich, dpa</div>", "Lisa Petrich"),
        # a name alone under the headline may be a section's or a link's: not taken
        ("<p>Deutsche Sprache</p><p>Tuesday, May 3, 2005</p>", None),
        ("", None),
    ],
)
def test_a_page_without_an_author_in_its_markup_has_its_header_s_byline(header, author):
    found = read_webpage(_page_with_header(header))
    assert found is not None
    assert found.author == author


@pytest.mark.parametrize(
    "element",
    [
        "<span class='author vcard'>Ann Miller</span>",
        "<div class='ArticleByline'>Ann Miller</div>",
        "<p class='byl'>Ann Miller</p>",
        "<p class='BBL'>Ann Miller</p>",
        "<div class='post-meta submitted-by'>Ann Miller</div>",
        "<span id='authorBox'>Ann Miller</span>",
        "<span itemprop='creator author'>Ann Miller</span>",
        "<a rel='author' href='/ann'>Ann Miller</a>",
        "<div data-testid='AuthorCard'>Ann Miller</div>",
        "<div data-component='Byline'>Ann Miller</div>",
        "<em class='screenname'>annmiller</em>",
        "<author>Ann Miller</author>",
    ],
)
def test_a_page_with_an_element_the_byline_expressions_find_is_looked_at(element):
    from trafilatura.xpaths import AUTHOR_XPATHS

    from workbench.corpus.page_byline import may_have_byline

    tree = lxml_html.fromstring(f"<html><body>{element}<p>{TEXT}</p></body></html>")
    assert any(expression(tree) for expression in AUTHOR_XPATHS)
    assert may_have_byline(tree)


def test_a_page_without_a_byline_element_is_not_copied_to_look_for_one():
    from workbench.corpus.page_byline import may_have_byline

    page = (
        "<html><head><meta name='author' content='Ann Miller'></head><body>"
        f"<div class='story' id='main'><p>By Ann Miller</p><p>{TEXT}</p></div></body></html>"
    )
    tree = lxml_html.fromstring(page)
    assert not may_have_byline(tree)
    assert markup_author(tree) is None
