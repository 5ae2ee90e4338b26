"""Old pages' text that an extractor reading paragraphs would pass over, put in paragraphs.

Pages of the early web wrote text straight into a cell or a ``<font>`` between paragraphs
(``<td>Lead …<p>Next``, ``</table>Loose text<p>``) and left a named anchor open
(``<a name="2"><h3>Heading</h3><p>…``), so that the rest of the article is inside a link. The
extractor keeps the paragraphs of a block, and drops what is in links: the lead, the text after
a boxed aside and everything after the anchor would be lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_BLOCKS = frozenset(
    ["p", "div", "table", "ul", "ol", "dl", "blockquote", "pre", "form", "center",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr"]
)  # fmt: skip
# The markup old pages wrote inside running text; loose text with anything else (a caption's
# <span>, a <figure>, a script) is left as it is.
_INLINE = frozenset(
    ["b", "strong", "i", "em", "u", "font", "a", "big", "small", "br", "sup", "sub", "tt",
     "cite", "q", "img"]
)  # fmt: skip


def _is_inline(element: HtmlElement) -> bool:
    """Whether an element is part of running text: old inline markup, or a comment."""
    return not isinstance(element.tag, str) or element.tag in _INLINE


def _is_loose_text(text: str | None, inline: list[HtmlElement]) -> bool:
    """Whether text and the inline elements after it hold words (within them or after them)."""
    return bool((text or "").strip()) or any(
        (isinstance(e.tag, str) and e.text_content().strip()) or (e.tail or "").strip()
        for e in inline
    )


def open_anchors_dropped(tree: HtmlElement) -> None:
    """Named anchors (no ``href``) that hold blocks replaced by what they hold, in place."""
    for anchor in list(tree.iter("a")):
        if anchor.get("href") is None and any(child.tag in _BLOCKS for child in anchor):
            anchor.drop_tag()


def paragraph_loose_text(tree: HtmlElement) -> None:
    """The text a block holds between its paragraphs and other blocks, outside any
    (``<td>Lead …<p>Next``, ``</table>Loose text<p>``), made paragraphs of their own, in place:
    the extractor reads a block's paragraphs and would lose it. Only blocks with a ``<p>``,
    only running text: words in old inline markup (``_INLINE``). Any other element (a
    caption's ``<span>``, a script) stays as it is, and the text after it starts anew."""
    for block in dict.fromkeys(p.getparent() for p in tree.iter("p")):
        order: list[HtmlElement] = []
        text, loose = block.text, []
        block.text = None
        for child in [*block, None]:
            if child is not None and _is_inline(child):
                loose.append(child)
                continue
            if _is_loose_text(text, loose):
                paragraph = block.makeelement("p", {})
                paragraph.text = text
                paragraph.extend(loose)
                order.append(paragraph)
            else:  # nothing but white space, images, breaks: as they were
                if order:
                    order[-1].tail = text
                else:
                    block.text = text
                order += loose
            if child is not None:
                text, loose = child.tail, []
                child.tail = None
                order.append(child)
        block.extend(order)  # each element moves to its place in turn
