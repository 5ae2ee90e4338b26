"""Damaged page sources mended so that a parser reads the article they hold.

A page saved in part, or spliced, can lose the tag that ends an element whose content a parser
reads as plain text: everything after an unclosed ``<script>`` is script, everything after an
unclosed ``<title>`` is the title, and the page shows no body at all. A page whose opening was
cut off (no ``<html>`` left) is taken by the extractor's loader for something other than HTML.
Each repair is made only where its damage is seen; a sound page is returned as it is.
"""

from __future__ import annotations

import re

_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)
_SNIFFED = 50  # the characters the extractor's loader looks at for a sign of HTML


def close_unclosed_scripts(html: str) -> str:
    """The page with a ``<script>`` that is never closed cut off where it opens.

    An HTML parser reads everything after an unclosed ``<script>`` as script: the article behind
    it would be lost. Only a last, unclosed opening tag is affected.
    """
    opens = [m.start() for m in _SCRIPT_OPEN.finditer(html)]
    if not opens:
        return html
    closes = [m.start() for m in _SCRIPT_CLOSE.finditer(html)]
    if closes and closes[-1] > opens[-1]:
        return html
    tag_end = html.find(">", opens[-1])
    return html[: opens[-1]] + (html[tag_end + 1 :] if tag_end != -1 else "")


def close_unclosed_title(html: str) -> str:
    """The page with a ``<title>`` that is never closed closed before the first tag after it
    (a title holds no markup); the page as it is when its title is closed or has no tag after."""
    opened = _TITLE_OPEN.search(html)
    if opened is None or _TITLE_CLOSE.search(html, opened.end()):
        return html
    tag = html.find("<", opened.end())
    return html if tag == -1 else f"{html[:tag]}</title>{html[tag:]}"


def with_html_opening(html: str) -> str:
    """A page's source that does not name HTML at its start (its start cut off, or a fragment
    of a page) with ``<html>`` put before it; a source that does as it is."""
    return html if "html" in html[:_SNIFFED].lower() else f"<html>{html}"


def repaired_page(html: str) -> str:
    """A page's source with each repair this module knows made where it is needed."""
    return with_html_opening(close_unclosed_title(close_unclosed_scripts(html)))


# A script's code read into a title left open (the page's source cut or spliced): a call with a
# quoted argument ("ntById("font");"), strings joined with "+", a function, the document's or
# the window's objects, a variable declared, a statement setting an object's property.
_CODE = re.compile(
    r"""[\w$.]*\(\s*["'][^"'\n]*["']\s*\)\s*;|["']\s*\+\s*[\w$.]+\s*\+"""
    r"""|\bfunction\s+\w+\s*\(|\b(?:document|window)\.\w+|\bvar\s+\w+\s*="""
    r"""|['"]?\s*;\s*[\w$]+\.[\w$.]+\s*=\s*['"\w]"""
)
_CODE_EDGE = " '\"?+;(=,"


def title_without_code(title: str | None, shown: tuple[str, ...] | list[str] = ()) -> str | None:
    """A title without the script code a damaged page read into it: the words before the code,
    or the line the page shows that they begin (its headline, whole); None when no words are
    left before it; a title without code as it is."""
    if not title:
        return title
    code = _CODE.search(title)
    if code is None:
        return title
    kept = title[: code.start()].rstrip(_CODE_EDGE)
    if len(kept.split()) < 2:
        return None
    whole = next((line for line in shown if line.startswith(kept) and line != kept), None)
    return whole if whole is not None and not _CODE.search(whole) else kept
