"""The author a page's byline element names: ``rel="author"``, ``class="author"``, ``.byline``.

trafilatura reads a byline element where a page's ``<meta>`` tags and JSON-LD name no author,
but first prunes what it takes for no part of the article: elements whose class says
"category" anywhere, which is also the class of a blog's whole post (``<div class="post
hentry category-politik">``), and so the byline with it. Here only an element that is a
category's own (``post-category``) is pruned, no element that holds most of the page's text
(a layout's "has-sidebar" container), and with them the comments (``li.comment``,
``.comment-author``: a reader's name, not the article's author) and the comment form.
"""

from __future__ import annotations

import re
import zlib
from copy import deepcopy
from functools import cache
from typing import TYPE_CHECKING

from lxml import etree

from workbench.corpus.byline import without_role

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_MOST = 0.5  # an element with this share of the page's text or more holds the article
_LONGEST = 120  # a byline element's text is shorter than this (trafilatura's limit)
# What holds no byline of the article, by its id or its class: comments and their form,
# sidebars, a category's label, quotes, share and print boxes, dates, the labels before a
# byline's date and name ("Posted on", "by": a blog theme's "meta-prep-author"), the writer's
# job title beside the name ("author-title": "Games Editor").
_OUTSIDE_IDS = r"^comments|comment-?list|^comment-\d|^div-comment|^respond$|ProductReviews"
_OUTSIDE_CLASSES = (
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    r"|article-(?:share|support)|print|meta-date|meta-reviewer|meta-prep|meta-sep"
    r"|author-?title|job-?title"
    r"|(?:^|\s)(?:[\w-]*category|comment|comment[-_]\S+)(?:\s|$)"
)
# Plain strings, not lxml's "smart" ones that each keep a handle on their element: only the
# lengths are wanted (making the handles took a third of the time of counting).
_SHOWN_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False
)
_OUTSIDE_ID = re.compile(_OUTSIDE_IDS)
_OUTSIDE_CLASS = re.compile(_OUTSIDE_CLASSES)
_OUTSIDE_TAGS = ("a", "div", "section", "span", "li", "ol", "ul", "p", "footer")


def _shown_length(element: HtmlElement) -> int:
    """How many characters of text an element shows (its scripts' and styles' aside)."""
    return sum(len(text.strip()) for text in _SHOWN_TEXT(element))


def _outside(tree: HtmlElement) -> list[HtmlElement]:
    """The elements of ``tree`` that hold no byline of the article (see ``_OUTSIDE_CLASSES``),
    its times and figures. (Matched here rather than by an XPath's regular expressions, which
    call back into Python for every element: a third of the time.)"""
    found = []
    for element in tree.iter(*_OUTSIDE_TAGS):
        name, kind = element.get("id"), element.get("class")
        if (
            name == "comments"
            or kind in ("comments", "title", "date")
            or (name and _OUTSIDE_ID.search(name))
            or (kind and _OUTSIDE_CLASS.search(kind))
            or "Figure" in (element.get("data-component") or "")
        ):
            found.append(element)
    return found + tree.xpath(".//time | .//figure")


# What any of trafilatura's byline expressions (``AUTHOR_XPATHS``) needs in a page to find an
# element: one of these words in an element's class, id, rel, itemprop, data-testid or
# data-component, or an <author> or <rel> element. A page without any has no byline element,
# and copying and pruning it to look for one is spared.
_BYLINE_WORDS = re.compile(
    r"uthor|yline|byl|BBL|username|screenname|writer|channel-name|submitted-by|posted-by"
    r"|journalist-name|zuozhe|bianji|xiaobian"
)
_BYLINE_ATTRIBUTES = etree.XPath(
    "//@class | //@id | //@rel | //@itemprop | //@data-testid | //@data-component",
    smart_strings=False,
)
_BYLINE_ELEMENTS = etree.XPath("boolean(//author | //rel)")
# The expressions the words above were read from (their text's CRC-32): with others (another
# trafilatura's), every page is looked at.
_KNOWN_EXPRESSIONS = 537524232


@cache
def _expressions_known() -> bool:
    from trafilatura.xpaths import AUTHOR_XPATHS

    paths = "\n".join(getattr(expression, "path", "") for expression in AUTHOR_XPATHS)
    return zlib.crc32(paths.encode()) == _KNOWN_EXPRESSIONS


def may_have_byline(tree: HtmlElement) -> bool:
    """Whether a page has an element trafilatura's byline expressions could find (False: it
    has none, so no byline element names an author)."""
    if not _expressions_known():
        return True
    found = _BYLINE_WORDS.search("\n".join(_BYLINE_ATTRIBUTES(tree)))
    return found is not None or bool(_BYLINE_ELEMENTS(tree))


def markup_author(tree: HtmlElement) -> str | None:
    """The names the page's first byline element gives (its text as trafilatura normalizes
    an author's), comments and other parts outside the article left out; None without one."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_metainfo
    from trafilatura.xpaths import AUTHOR_XPATHS

    if not may_have_byline(tree):
        return None
    subtree = deepcopy(tree)
    most = _MOST * _shown_length(subtree)
    for element in _outside(subtree):
        # An element holding most of the page is its layout's ("layout-container
        # has-sidebar"), the article's with it, not a part beside the article. (Its whole text,
        # scripts and all, is at least what it shows: most elements are told by that alone.)
        if element.getparent() is not None and (
            len(element.text_content()) < most or _shown_length(element) < most
        ):
            element.drop_tree()  # its tail, the text after it, stays
    found = extract_metainfo(subtree, AUTHOR_XPATHS, len_limit=_LONGEST)
    return _names_only(normalize_authors(None, found)) if found else None


# The links a byline element has after the writer's name ("… See All Articles Send Email
# Subscribe").
_LINKS_AFTER = re.compile(
    r"(?:^|\s+)(?:(?:See|View|Read) (?:All|More)|Send (?:an )?E-?mail|E-?mail (?:me|the author)"
    r"|Follow (?:on|me|him|her|us)|Subscribe|More (?:from|by|articles|stories|posts))\b.*$"
)


def _names_only(found: str | None) -> str | None:
    """The names of a byline element's text, the links and the role after each taken off;
    None when no name is left ("Political Commentator")."""
    names = [without_role(_LINKS_AFTER.sub("", name)) for name in (found or "").split("; ")]
    return "; ".join(name for name in names if name and name.casefold() not in _LABELS) or None


_LABELS = frozenset(("author", "authors", "autor", "auteur", "writer", "posted", "staff"))
