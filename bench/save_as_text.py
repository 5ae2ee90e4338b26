"""Render saved web pages as a browser's "save as text" would: every visible line of the page.

    python bench/save_as_text.py PAGES_DIR OUT_DIR [--compact]

Menus, section labels, bylines, datelines, captions and footers all stay, as they do when a
reader saves an article from a browser or copies the whole page: the material for checking
metadata inference and cleaning on text pages. ``--compact`` writes one line per block with no
blank lines between them (copy and paste); the default puts a blank line between blocks.
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

import lxml.html

_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "head", "select")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "ul",
        "ol",
        "blockquote",
        "figure",
        "figcaption",
        "tr",
        "table",
        "dt",
        "dd",
        "main",
        "form",
        "address",
        "pre",
        "time-block",
    ]
)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def page_lines(html: str) -> list[str]:
    """The visible lines of a page, one per block element, white space folded."""
    tree = lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    for element in list(tree.iter(*_INVISIBLE)):
        element.drop_tree()
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if element.get("hidden") is not None or "display:none" in style:
            element.drop_tree()
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCKS
        if block or tag == "br":
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(tree)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def read_page(path: Path) -> str | None:
    """The HTML of a saved page (``.html``, ``.htm``, ``.html.gz``); None for other files."""
    if path.name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    if path.suffix.lower() in (".html", ".htm"):
        return path.read_bytes().decode("utf-8", "replace")
    return None


def main() -> None:
    """Render every page of a folder (``.html``, ``.htm``, ``.html.gz``) into ``.txt`` files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--compact", action="store_true", help="no blank lines between blocks")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.pages.iterdir()):
        html = read_page(path)
        if html is None:
            continue
        stem = path.name.split(".")[0]
        lines = page_lines(html)
        joiner = "\n" if args.compact else "\n\n"
        (args.out / f"{stem}.txt").write_text(joiner.join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
