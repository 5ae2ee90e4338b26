"""An article saved as one JSON object per file, as scrapers write them (news-please's
``maintext``, ``title``, ``date_publish``, ``authors``, ``source_domain``, ``url``; NewsAPI's
``content`` and ``source: {name}``; any object with a text field).

The fields are matched by name and common synonyms as an archive's columns are
(``spreadsheet.SYNONYMS``): the text (or, without one, a summary) is the article, the others
are the file's own metadata (``json-meta``). A field of the wrong kind or a date that is none
is left out, never an error: one file's odd field must not stop a corpus. A JSON list of
articles is an archive, not one article: the reason says how to open it.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from workbench.corpus.address import host_of, outlet_and_url
from workbench.corpus.office_document import UnreadableDocument
from workbench.corpus.spreadsheet import ROW_FIELDS, cell_text, match_columns, table_date
from workbench.errors import WorkbenchError

JSON_SUFFIXES = (".json",)
_FIELDS = (*ROW_FIELDS, "text", "summary")
_METADATA = ("title", "outlet", "author", "url", "language")


class JsonArticle(NamedTuple):
    """The text of an article saved as a JSON object and the metadata it carries."""

    text: str
    fields: dict[str, str]


def json_article(text: str) -> JsonArticle:
    """The article a JSON file holds; UnreadableDocument when it holds none."""
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise UnreadableDocument("not a JSON file that can be read") from error
    if isinstance(value, list):
        raise UnreadableDocument(
            f"a JSON list of {len(value)} items, not one article: save it as .jsonl and open "
            "it with --corpus FILE"
        )
    if not isinstance(value, dict):
        raise UnreadableDocument("a JSON file that holds no article (no object with a text)")
    matched = match_columns([key for key in value if isinstance(key, str)], _FIELDS)

    def field(name: str) -> str | None:
        column = matched.get(name)
        if column is None:
            return None
        try:
            return cell_text(value[column], name, column, "")
        except WorkbenchError:  # a list where text was expected, a number, an object
            return None

    body = field("text") or field("summary")
    if not body:
        raise UnreadableDocument(
            "a JSON file that holds no article text (no text, body, content or maintext field)"
        )
    fields = {name: found for name in _METADATA if (found := field(name))}
    # news-please's source_domain, trafilatura's source (the address): the host, as a page's.
    source = value.get("source")
    address = source if isinstance(source, str) and host_of(source) else None
    outlet, url = outlet_and_url(fields.pop("outlet", None), fields.pop("url", None) or address)
    fields.update({name: value for name, value in (("outlet", outlet), ("url", url)) if value})
    try:
        published = table_date(field("published") or field("year"), "")
    except WorkbenchError:  # a date that is none ("yesterday") dates nothing
        published = None
    if published:
        fields["published"] = published
    return JsonArticle(body, fields)
