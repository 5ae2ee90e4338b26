"""The authors a page's analytics tag names, where its markup names them nowhere else.

Many news sites of the 2010s tagged each article for Parse.ly's analytics: a JSON object in
``<meta name="parsely-page" content='{"title": …, "pub_date": …, "author": …}'>``, or one
``<meta name="parsely-author">`` per writer. Where a page has no author tag the extractor
reads, that is its markup's statement of who wrote it (the byline it shows names the same).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_PAGE = "//meta[@name='parsely-page']/@content"
_AUTHORS = "//meta[@name='parsely-author']/@content"


def parsely_authors(tree: HtmlElement) -> str | None:
    """The writers a page's Parse.ly tag names, joined by "; " (None: no tag, or none named)."""
    names = [" ".join(value.split()) for value in tree.xpath(_AUTHORS)]
    for value in tree.xpath(_PAGE):
        try:
            fields = json.loads(value)
        except ValueError:
            continue
        author = fields.get("author") if isinstance(fields, dict) else None
        found = author if isinstance(author, list) else [author]
        names += [" ".join(name.split()) for name in found if isinstance(name, str)]
    unique = list(dict.fromkeys(name for name in names if name))
    return "; ".join(unique) or None
