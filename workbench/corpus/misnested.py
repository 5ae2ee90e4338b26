"""A page's navigation that the parser made hold the whole page, read as a plain block.

A page whose menu leaves an element open (``<nav><div>…</nav>``) is read by a browser with the
menu closed at ``</nav>``. The HTML parser the extractor uses (libxml2's, from before HTML5)
skips that end tag instead, so the ``<nav>`` and the ``<header>`` around it hold everything
after them, the article too, and the extractor, which drops navigation, headers, footers and
asides whole, finds no article: it falls back to the page's text as one paragraph, byline and
lists of links in it. Such an element is known by what it holds: most of the page's
paragraphs, which no real menu does. It is made a plain block (``div``), so the extractor looks
inside it for the article as anywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements the extractor drops whole (navigation, a page's header and footer, asides).
_DROPPED_WHOLE = ("nav", "header", "footer", "aside", "menu")
_MOST = 0.5  # share of the page's paragraph text a misnested element holds (more than this)
_MIN_TEXT = 500  # characters of paragraphs a page has at least for this to be looked at


def _paragraph_chars(element: HtmlElement) -> int:
    """The characters of the paragraphs (``<p>``) inside an element."""
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


def misnested_unwrapped(tree: HtmlElement) -> None:
    """Navigation, headers, footers and asides holding most of the page's paragraphs made
    plain blocks, in place (see the module)."""
    total = _paragraph_chars(tree)
    if total < _MIN_TEXT:
        return
    for element in list(tree.iter(*_DROPPED_WHOLE)):
        if _paragraph_chars(element) > _MOST * total:
            element.tag = "div"
