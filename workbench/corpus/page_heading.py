"""The headline a web page shows in its ``<h1>``, over another wording its markup gives.

A page's ``og:title`` or JSON-LD headline is often written for sharing ("Dank dieser
Lebensmittel wachsen eure Haare viel schneller"), search ("Receita de Sequilho com Chocolate
Amargo") or an earlier version of the story, while the page shows its reader another
headline in its one ``<h1>`` ("Lange Haare: Dank dieser Lebensmittel wachsen sie viel
schneller"). The shown headline is the article's title when it is the page's only heading of
its kind and reads as one: not the site's name ("POLITICO", "Gnaur", a blog's name on every
page), not the title with a section, a date or the site's name joined to it ("Local News |
…"), not a word or two ("Details"), and about the same story (a word of the title in it)
unless the ``<title>`` shows the same headline.
"""

from __future__ import annotations

import re

from workbench.corpus.address import host_label, host_of
from workbench.corpus.headline import word_count
from workbench.corpus.page_title import (
    in_title_tag,
    is_outlet_name,
    site_names,
    text_key,
)

_MIN_WORDS = 3  # a heading of fewer words is a label ("Details", "Brasília", "privacy policy")
_HOST_LABEL_CHARS = 5  # a host's name this long names the site inside a longer heading too
_SITE_NAME_CHARS = 5  # ... and a site's name this long at a heading's start
# What joins a site's name, a section or a date to a headline ("Local News | …", "… • Presse").
_JOIN = re.compile(r"\s*(?:\||::|·|•|–|—)\s*|\s+(?:-+|»|›)\s+")
_STEM = 5  # words are matched by their first letters ("Gladbach", "Gladbacher")
_WORD = re.compile(r"\w{4,}")


def shown_heading(
    title: str | None,
    headings: tuple[str, ...],
    title_tag: str | None,
    site: str | None,
    url: str | None,
    body: str = "",
) -> str | None:
    """The page's one ``<h1>`` headline (see the module) when ``title`` is another wording
    of it; None when the title stands. ``body``: the article's text, whose subheadings are
    no headline."""
    if not title:
        return None
    names = site_names(site, url)
    label = text_key(host_label(host_of(url) or ""))
    shown = {text_key(h): h for h in headings if not _names_site(h, names, label)}
    shown.pop("", None)
    if len(shown) != 1:
        return None
    key, heading = next(iter(shown.items()))
    if key == text_key(title) or word_count(heading) < _MIN_WORDS:
        return None
    if in_title_tag(title, heading) and _JOIN.search(heading):
        return None  # the title with a section, a date or a name beside it
    if heading[:1].islower() and text_key(title).endswith(key):
        return None  # the title's end, its first words left out of the heading
    if _subheading(heading, body):
        return None
    if _in_title_tag_parts(heading, title_tag) or _stems(heading) & _stems(title):
        return heading
    return None


def _names_site(heading: str, names: set[str], label: str) -> bool:
    """Whether a heading names the site: one of its ``names``, a known outlet, a name that
    opens or ends with the host's ``label`` or opens with the site's name ("El Mostrador, el
    primer diario digital de Chile")."""
    key = text_key(heading).removeprefix("www")
    if not key or key in names or is_outlet_name(heading):
        return True
    if len(label) >= _HOST_LABEL_CHARS and (key.startswith(label) or key.endswith(label)):
        return True
    return any(len(name) >= _SITE_NAME_CHARS and key.startswith(name) for name in names)


def _in_title_tag_parts(heading: str, title_tag: str | None) -> bool:
    """Whether the ``<title>`` shows ``heading`` as a part of its own ("… | Express.de")."""
    if not title_tag:
        return False
    key = text_key(heading)
    return any(text_key(part) == key for part in _JOIN.split(title_tag))


def _stems(text: str) -> set[str]:
    """The first letters of the words of four letters or more of ``text``, case aside."""
    return {word.casefold()[:_STEM] for word in _WORD.findall(text)}


_TOP_LINES = 2  # a heading below the article's first lines is a subheading


def _subheading(heading: str, body: str) -> bool:
    """Whether the article's text has ``heading`` as a line of its own below its opening
    lines (a subheading the page marks up as an ``<h1>``)."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return heading.strip() in lines[_TOP_LINES:]
