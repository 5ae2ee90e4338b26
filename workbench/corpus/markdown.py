"""Markdown read as what it says: the text a reader sees, without the markup around it.

Scrapers and note-taking tools save articles as Markdown (`[the talks](https://…)`,
`**Putin**`, `![photo](…)`, tables, HTML blocks). Rendered to plain text, links keep their
words, images and markup go, and every block stands as the paragraph it is; the lines of a
paragraph stay the lines they were, so the cleaning rules and the headline finder see the
same lines a text file would give them. Parsing is markdown-it-py's (CommonMark, with tables
and strikethrough), the library Textual itself renders Markdown with.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MARKDOWN_SUFFIXES = (".md", ".markdown")

# Elements whose content is no text: scripts, styles, comments.
_HIDDEN_HTML = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported when a Markdown file is read

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def plain_text(markdown: str) -> str:
    """The text of a Markdown document: one paragraph per block (blank lines between), the
    lines of each as written, link text without its address, no images, emphasis, code
    fences, heading or list markers (an ordered list's numbers kept), a table row a line of
    its cells, HTML blocks' text without tags."""
    blocks: list[str] = []
    row: list[str] | None = None
    item_numbers: list[str] = []  # the marker of each open list item ("" for a bullet)
    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "list_item_open":
            item_numbers.append(f"{token.info}{token.markup} " if token.info else "")
        elif kind == "list_item_close":
            item_numbers.pop()
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(row):
                blocks.append(" | ".join(cell for cell in row if cell))
            row = None
        elif kind == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(" ".join(text.split()))
            elif text.strip():
                if item_numbers and item_numbers[-1]:
                    text = item_numbers[-1] + text  # the item's number, on its first line
                    item_numbers[-1] = ""
                blocks.append(text)
        elif kind in ("fence", "code_block"):
            blocks.append(token.content)
        elif kind == "html_block":
            blocks.append(_html_text(token.content))
    return "\n\n".join(_lines(block) for block in blocks if block.strip()) + "\n"


def _inline_text(children: list[Token]) -> str:
    """The words of a paragraph's inline tokens, its soft and hard line breaks as new lines."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and _LINE_BREAK_TAG.fullmatch(child.content.strip())
        ):
            parts.append("\n")
        # images, inline HTML tags, and the opening and closing marks of links, emphasis and
        # strikethrough: no text of their own
    return "".join(parts)


def _html_text(markup: str) -> str:
    """The text of an HTML block: tags, scripts, styles and comments removed, entities read."""
    text = _LINE_BREAK_TAG.sub("\n", _HIDDEN_HTML.sub("", markup))
    return html.unescape(_TAG.sub(" ", text))


def _lines(block: str) -> str:
    """A block's non-blank lines, stripped (one paragraph: no blank line within)."""
    return "\n".join(line.strip() for line in block.splitlines() if line.strip())
