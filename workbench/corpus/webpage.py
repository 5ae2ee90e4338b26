"""Web pages: the article's main text and metadata, extracted with trafilatura.

trafilatura (with htmldate for dates) finds the article body among menus, related-links lists,
comments and footers, and reads the page's metadata (``<meta>`` tags, JSON-LD, ``<time>``
elements, the canonical link). The raw HTML stays the article's source file; the extracted text
is what cleaning, sentences and offsets work on.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import html as html_module
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from workbench.corpus.address import ARCHIVE_HOSTS, archived_address, host_label, host_of
from workbench.corpus.byline import byline_author
from workbench.corpus.headline import word_count
from workbench.corpus.layout_table import unwrap_layout_tables
from workbench.corpus.loose_text import open_anchors_dropped, paragraph_loose_text
from workbench.corpus.misnested import misnested_unwrapped
from workbench.corpus.outlet import gazetteer
from workbench.corpus.page_byline import markup_author
from workbench.corpus.page_date import (
    declared_days,
    declared_reading,
    stated_reading,
)
from workbench.corpus.page_header import article_header, header_date, shown_lines
from workbench.corpus.page_heading import shown_heading
from workbench.corpus.page_repair import repaired_page, title_without_code
from workbench.corpus.page_title import (
    checked_title,
    shown_headline,
    site_names,
    site_title_mended,
    text_key,
    without_colon_trail,
)
from workbench.corpus.parsely import parsely_authors
from workbench.corpus.place_line import without_place_lines
from workbench.corpus.thin_body import is_doubtful, is_fuller
from workbench.corpus.title_line import (
    headline_above,
    plain_title,
    shown_line_title,
    tag_part_above,
)
from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml

MIN_BODY_WORDS = 5  # less is a menu item or a label, not an article ("Home")

# A declared character set: <meta charset="..."> or the http-equiv Content-Type form.
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.I)
_META_LANG = re.compile(
    r"""<meta[^>]{0,200}?(?:http-equiv\s*=\s*["']?content-language|property\s*=\s*["']?og:locale)"""
    r"""[^>]{0,200}?content\s*=\s*["']?\s*([A-Za-z]{2,3})\b""",
    re.I,
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# trafilatura and htmldate log every page they find little in at WARNING/ERROR; ingest reports
# skipped pages itself, once, in its own words.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class WebPage:
    """What a page yields: its main text (paragraphs apart by blank lines) and its metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD from the page's markup, None when it has none
    # YYYY-MM-DD a dateline under the page's headline states, None when it states none
    dateline: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639 code the page declares


def declared_charset(raw: bytes) -> str | None:
    """The character set an HTML page declares in its first bytes, if Python knows it."""
    match = _CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


WEB_ARCHIVE_SUFFIX = ".webarchive"  # Safari's "Web Archive": the page in a property list


@dataclass(frozen=True)
class SavedPage:
    """A web page saved as a single file: the page's HTML and the address it was saved from."""

    html: bytes
    url: str | None


def saved_page(raw: bytes) -> SavedPage | None:
    """The page of a web page saved as a single file (MHTML: ``.mht``, ``.mhtml``): the bytes
    of its first HTML part, transfer encoding undone, and the address the browser noted; None
    when it holds no page."""
    import email
    from email import policy

    try:
        message = email.message_from_bytes(raw, policy=policy.compat32)
    except Exception:  # the email parser is lenient; anything it still refuses is no MHTML
        return None
    for part in message.walk():
        if part.get_content_type() == "text/html":
            html = part.get_payload(decode=True)
            if not html:
                continue
            charset = part.get_content_charset()
            if charset and not declared_charset(html):  # the part says what the page does not
                with contextlib.suppress(LookupError, UnicodeDecodeError):
                    html = html.decode(charset).encode("utf-8")
            where = message["Snapshot-Content-Location"] or part["Content-Location"] or ""
            url = str(where).strip()
            return SavedPage(html, url if url.startswith(("http://", "https://")) else None)
    return None


def web_archive_page(raw: bytes) -> SavedPage | None:
    """The page of a Safari web archive (``.webarchive``, a binary property list): its main
    resource's HTML (in the character set the archive names, made UTF-8 when the page declares
    none) and address; None when it holds no page."""
    import plistlib

    try:
        archive = plistlib.loads(raw)
        main = archive["WebMainResource"]
        html = main["WebResourceData"]
    except Exception:  # a damaged or foreign property list: no web archive to read
        return None
    if not isinstance(html, bytes) or not html.strip():
        return None
    charset = main.get("WebResourceTextEncodingName")
    if isinstance(charset, str) and charset and not declared_charset(html):
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            html = html.decode(charset).encode("utf-8")
    url = main.get("WebResourceURL")
    url = url.strip() if isinstance(url, str) else ""
    return SavedPage(html, url if url.startswith(("http://", "https://")) else None)


def page_language(html: str) -> str | None:
    """The language a page declares (``<html lang>``, Content-Language, ``og:locale``)."""
    head = html[:20000]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).lower() if match else None


# What a page's author field carries besides names: its controls and labels ("Link Copied",
# "Follow", "More stories by …", "View author archive"), an update stamp ("Updated Oct 9"), a
# date's label ("Stand: 05. Februar 2020", German "as of"; alone, nothing is left) and
# everything after them.
_AUTHOR_TAIL = re.compile(
    r"\s*\b(?:link copied|follow|see full bio|view author archive|get author rss feed|"
    r"more stories by|more from|updated|published|posted|lesedauer|staff (?:writer|reporter)|"
    r"envoy[ée]e?s? sp[ée]cia(?:l|le|ux|les)|"
    r"(?:^|(?<=\w ))stand(?=:|\s+\d|\s*$)|"
    r"(?<=\w )(?:says|reports|is an?))\b.*$",
    re.I,
)
_AUTHOR_PARTS = re.compile(r"\s*(?:;|\s[·•|]\s|\s+and\s+)\s*")
# An address or a site's name written as the author, or after the name: "info@hoppe.de",
# "Bueltge De" and "info-hoppe de" (an address whose dots a template made spaces), what is
# left of a link ("… http").
_AUTHOR_ADDRESS = re.compile(
    r"(?:^|\s+)(?:(?:www|https?)\s+)?"
    r"(?:\S+@\S+\.\w+|[\w-]+\s(?:de|com|org|net|at|ch|pl|fr|uk|ru|it|es|nl|info))$"
    r"|\s+(?:https?|www)$",
    re.I,
)
# Where a reporter filed from ("Julian Borger in Washington").
_AUTHOR_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}$")
_AUTHOR_EDGES = " \t·•|,;:-–—《》«»()[]"
# A full month's or weekday's name and the day or year after it, ending an author ("Laura
# Adkins December", "Joe Wee Monday").
_AUTHOR_DATE = re.compile(
    r"\s+(?:january|february|march|april|june|july|august|september|october|november|december"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+\d{1,4})*\s*$",
    re.I,
)
_NOT_A_NAME = re.compile(
    r"(?:(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|\d+|editor|staff|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"writer|reporter|by|the|[^\w\s]+"
    # degrees written after a name ("Brenda Goodman, MA")
    r"|ma|md|ph\.?d\.?|mph|rn|msc|bsc|mba|jd|dds|lcsw)(?:\s+|$))+",  # "Jul 6"
    re.I,
)
_CREDIT_BEFORE = re.compile(r"(?i:for|special to)(?:\s+|$)")  # "For CNN", "Special to CNN"
# A credit for the pictures or the production that a page's list of contributors writes after
# its writers ("Mayer Rus; Photography by Scott Frances; Howard Christian"): neither it nor
# the names after it are authors.
_OTHER_CREDIT = re.compile(
    r"(?i:photo(?:graph)?s?|photography|illustrations?|video|produced|production|styl(?:ed|ing)"
    r"|design(?:ed)?)\s+by\b"
)

# ... and one standing first, where the field credits the pictures alone ("STAFF PHOTO BY Kathy
# Anderson"), or a file picture's ("Kevork Djansezian, file").
_PHOTO_CREDIT = re.compile(
    r"(?:(?:staff|ap|afp|reuters)\s+)?(?:photo(?:graph)?s?|photography)\s+by\b", re.I
)
_FILE = re.compile(r"(?:^|,\s*)file(?: photo)?$", re.I)


@functools.cache
def _author_words(path: Path = DATA_DIR / "authors.toml") -> dict[str, frozenset[str]]:
    """The word lists of ``data/authors.toml``, lower-cased: "roles", "first", "desks" (its
    ``[roles]`` table) and "furniture"."""
    data, _text = read_toml(path, "author words")
    roles, furniture = data.get("roles", {}), data.get("furniture", {})
    lists = {key: roles.get(key, ()) for key in ("words", "first", "desks")}
    lists["furniture"] = furniture.get("words", ())
    return {key: frozenset(word.casefold() for word in words) for key, words in lists.items()}


def _is_role(part: str) -> bool:
    """A job title standing as an author ("Senior Politics Editor", "AP Auto Writer")."""
    words = part.lower().split()
    known = _author_words()
    return (
        0 < len(words) <= 5
        and words[-1] in known["words"]
        and (words[0] in known["first"] | _AGENCIES or len(words) <= 2)
    )


# The words that open a job title written after a name, as the title writes them.
_ROLE_OPENINGS = frozenset(["Senior", "Chief", "Deputy", "Contributing", "Associate", "Managing"])
_AGENCIES = frozenset(["ap", "afp", "reuters", "upi", "dpa", "efe", "ansa", "tass"])


def _without_role(part: str) -> str:
    """A name without the job title written after it ("Jane Doe Staff Writer" → "Jane Doe"),
    as long as two words of it are left."""
    words = part.split()
    known = _author_words()
    if len(words) < 3:
        return part
    if words[-1].lower() not in known["words"]:
        # A job title the field cut short after its first word ("Andrea Stone Senior
        # Washington", of "… Senior Washington Correspondent").
        opening = next((i for i in range(2, len(words)) if words[i] in _ROLE_OPENINGS), None)
        return " ".join(words[:opening]) if opening else part
    end = len(words) - 1
    while end > 2 and words[end - 1].lower() in known["first"] | known["desks"]:
        end -= 1
    return " ".join(words[:end])


# "By", "Text:", "Interview:", "Автор", "Текст" before a name; a Chinese credit's role
# ("责任编辑：", the editor in charge; "作者：", the author; "记者：", the reporter); "von",
# "par", "por", "door" (German, French, Spanish, Dutch "by") only before a name of two words
# or more ("Von Miller" is a name).
_AUTHOR_LABEL = re.compile(
    r"^(?:(?i:by|text|autor|autorin|auteur|author|автор|текст|posted by|interview|"
    r"(?:article |story |analysis )?(?:written )?by|zeige alle beiträge von|"
    r"zum profil von|beitrag von|artikel von|geschrieben von)(?::\s*|\s+|$)"
    r"|(?:责任编辑|编辑|作者|记者|撰稿|文)\s*[:：]\s*"
    r"|(?i:von|par|por|door)\s+(?=\S+\s+\S))"
)
# What a template or a blog's software puts where no author was given.
_NO_AUTHOR = re.compile(
    r"(user ?)?name|unknown|anonymous|admin(istrator)?|(super |site )?user|wordpress ?admin|"
    r"no author|unbenannt|autor unbekannt|default|authority control|www|https?|zespół|źródło",
    re.I,
)


def page_author(value: str | None) -> str | None:
    """A page's author field as names: each author once, joined by "; ", without the labels,
    controls and dates that page templates put beside them (None when nothing is left)."""
    if not value:
        return None
    names: list[str] = []
    parts = []
    for part in _AUTHOR_PARTS.split(" ".join(value.split())):
        # Commas part names ("Peter Baker, Julie Davis"), not a name written "Smith, John".
        pieces = [piece.strip() for piece in part.split(",")]
        parts += pieces if all(len(piece.split()) >= 2 for piece in pieces) else [part]
    cut = next((i for i, part in enumerate(parts) if i and _OTHER_CREDIT.match(part)), None)
    if parts and (_PHOTO_CREDIT.match(parts[0]) or any(_FILE.search(p) for p in parts)):
        return None  # a picture's credit ("STAFF PHOTO BY …", "Kevork Djansezian, file")
    parts, site_credited = parts[:cut], False
    for part in parts:
        if part and not _AUTHOR_ADDRESS.sub("", part).strip(_AUTHOR_EDGES):
            site_credited = True  # a site's address ("ELLE com") credited as the author
        part = _AUTHOR_LABEL.sub("", part.strip(_AUTHOR_EDGES))
        part = _AUTHOR_DATE.sub("", _AUTHOR_TAIL.sub("", part)).strip(_AUTHOR_EDGES)
        part = _AUTHOR_PLACE.sub("", _AUTHOR_ADDRESS.sub("", part)).strip(_AUTHOR_EDGES)
        part = _without_more_link(part)
        part = _without_outlet_credit(part)
        part = part if _is_role(part) else _without_role(part)
        words = part.split()
        for size in (1, 2, 3):  # a name written twice ("Confreaks Confreaks")
            if len(words) >= 2 * size and words[:size] == words[size : 2 * size]:
                part = " ".join(words[:size])
                break
        is_name = (
            len(part) > 1
            and not _NOT_A_NAME.fullmatch(part + " ")
            and not _is_role(part)
            and not _NO_AUTHOR.fullmatch(part)
            and not _is_furniture(part)
        )
        if is_name and part not in names:
            names.append(part)
    # An outlet credited beside its writers ("Heather Clark; Associated Press"), or a name that
    # reads as a publication's ("Martha Beck; The Oprah Magazine", the source of a story
    # another site carries), is no author; alone, it is the author the page names.
    people = [name for name in names if not _is_outlet(name) and not _PUBLICATION.search(name)]
    if site_credited:  # beside the site's address, a publication's name is its section's
        names = [name for name in names if _is_outlet(name) or not _PUBLICATION.search(name)]
    return "; ".join(people or names) or None


# What a publication's name has and a person's has not: "The" before it ("The Oprah
# Magazine"), a word of a periodical or a broadcaster ("VBS TV", "Garden News"), a domain's
# ending ("OPRAH.com"). Words that are also surnames ("Post", "Press", "Times") are left out.
_PUBLICATION = re.compile(
    r"^The [A-Z]|\b(?i:magazine|tv|radio|news|media|network|online|journal|gazette|tribune|"
    r"blog|podcast)\b|\.(?i:com|org|net|tv)\b"
)


_MORE_LINK_AFTER = 3  # "… More" ends a field of a name and a role, not a name ("Thomas More")


def _without_more_link(part: str) -> str:
    """An author without the link to the author's other stories after the name and the role
    ("Linda Yueh Chief business correspondent More")."""
    words = part.split()
    return " ".join(words[:-1]) if len(words) > _MORE_LINK_AFTER and words[-1] == "More" else part


def _is_outlet(part: str) -> bool:
    """Whether an author is a known outlet's name ("Associated Press", "CNN")."""
    return part in gazetteer().written


def _without_outlet_credit(part: str) -> str:
    """An author without the outlet a byline credits with the names (data/outlets.toml):
    after the name ("Kevin Rawlinson BBC News", "Beth Nissen CNN com"), before it with the
    writer's role ("CNN Correspondent Bill Delaney"), with a role alone ("CNN Senior
    Pentagon", nothing left) or after "For", "Special to" (nothing left)."""
    if _CREDIT_BEFORE.match(part):  # "For Cnn": no one's name opens so
        return ""
    known = gazetteer()
    found = known.names.search(part) if known.names else None
    if found is None or found.group(0) == part:
        return part
    before, after = part[: found.start()].strip(), part[found.end() :].split()
    if len(before.split()) >= 2:
        return before
    if before:
        return part
    words = _author_words()
    roles = words["words"] | words["first"] | words["desks"]
    rest = after[:]
    while rest and rest[0].lower().strip(".,:") in roles:
        rest.pop(0)
    if len(rest) >= 2 and rest[0][:1].isupper():  # "CNN Correspondent Bill Delaney"
        return " ".join(rest)
    return "" if len(rest) < len(after) or not rest else part


def _is_furniture(part: str) -> bool:
    """Whether an author is a page's words, not a name: a control's or a notice's ("Please
    create a screen name"), or only a desk's ("Politics", "SciTech": the section's name)."""
    words = [word.casefold().strip(".,:!?") for word in part.split()]
    known = _author_words()
    return bool(known["furniture"].intersection(words)) or all(w in known["desks"] for w in words)


def _without_outlet(author: str | None, site: str | None, url: str | None) -> str | None:
    """An author field without the names that are the outlet's ("Tagesschau De" on
    tagesschau.de, "Oberösterreichische Nachrichten; Claudia Riedler"): the outlet has a
    column of its own."""
    if not author:
        return author
    outlet = site_names(site, url)
    names = author.split("; ")
    outlets = [name for name in names if text_key(name) in outlet]
    if len(outlets) == len(names) and not any(_OUTLET_WORD.search(name) for name in names):
        return author  # a personal site: its author's name is its name ("Wolfgang Michal")
    return "; ".join(name for name in names if name not in outlets) or None


# A word a name of an outlet has and a person's has not, or a domain's ending as its last word
# ("Tagesschau De"; "Michiel de Jong" is a person).
_OUTLET_WORD = re.compile(
    r"\b(?:news|zeitung|times|post|magazine?|online|presse?|media|blog|tv|radio|journal|"
    r"tagblatt|world|nachrichten|insider|economist|daily|herald|tribune|gazette|network|"
    r"group|gmbh|verlag|redaktion|deutschland|austria)\b"
    r"|\s(?:de|com|org|net|at|ch|fr|cl|cr|es|it|info|io|co|uk|ru)$",
    re.I,
)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    # A value escaped once more than its markup needed ("Penn &#039;proposes&#039;", from
    # "&amp;#039;"), some twice: its character references read.
    for _ in range(_ESCAPED_TWICE):
        if "&" not in value:
            break
        value = html_module.unescape(value)
    value = " ".join(value.split())
    return value or None


_ESCAPED_TWICE = 2


class _Extracted(NamedTuple):
    """What a page's one parse gives: trafilatura's document (its main text and metadata;
    None: no tree), the text of its ``<title>`` and the lines of its ``<pre>`` blocks."""

    document: object | None
    title_tag: str | None
    typed: frozenset[str]
    shown: tuple[str, ...] = ()  # the page's lines as it shows them
    headings: tuple[str, ...] = ()  # the texts of its <h1> elements, kickers aside
    other_titles: tuple[str, ...] = ()  # its og:title and twitter:title
    metadata: object | None = None  # its title, author, address, date and site (``_page_metadata``)


def _extract(html: str, *, fast: bool = True) -> _Extracted:
    """trafilatura's document of a page, its ``<title>`` and its typed lines (``_typed_lines``);
    ``fast`` False: with the extractor's fallback extractors compared."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return _Extracted(None, None, frozenset())
    # The metadata and the typed lines first, from the whole page: the extraction prunes the
    # tree it is given.
    title_tag, typed, headings = _title_tag(tree), _typed_lines(tree), _headings(tree)
    other_titles = tuple(_clean(value) or "" for value in tree.xpath(_OTHER_TITLES))
    metadata = _page_metadata(tree)
    # The page as it shows itself, for the day its article's header states: read before the
    # extraction prunes the tree.
    shown = () if metadata is None else shown_lines(tree)
    if metadata is None:  # a trafilatura whose metadata functions differ: its own way
        document = trafilatura.bare_extraction(
            html, with_metadata=True, date_extraction_params=_date_params(), **_EXTRACTION
        )
        return _Extracted(document, title_tag, typed)
    # A menu the parser made hold the page (an element left open in it) a plain block; old
    # pages' layout tables made blocks, their loose text paragraphs (not lost, not cells).
    document = _article(tree, metadata, fast=fast)
    return _Extracted(document, title_tag, typed, tuple(shown), headings, other_titles, metadata)


def _article(tree, metadata, *, fast: bool) -> object | None:
    """trafilatura's document of a page's tree (pruned in the doing) with ``metadata``'s
    fields (``_page_metadata``'s); ``fast`` False: the fallback extractors compared."""
    import trafilatura

    misnested_unwrapped(tree)
    unwrap_layout_tables(tree)
    open_anchors_dropped(tree)
    paragraph_loose_text(tree)
    _newlines_as_spaces(tree)
    document = trafilatura.bare_extraction(
        tree, with_metadata=False, url=metadata.url, **{**_EXTRACTION, "fast": fast}
    )
    if document is not None:
        for field in ("title", "author", "url", "hostname", "date", "sitename"):
            setattr(document, field, getattr(metadata, field))
    return document


_MAX_HEADINGS = 8  # a page's first <h1> elements looked at for its headline
_OTHER_TITLES = (
    "//meta[@property='og:title' or @name='og:title' or @name='twitter:title'"
    " or @property='twitter:title']/@content"
)
_KICKER_EDGES = " \t-–—:|·•"
# Words a heading stresses, and a link (a trail of sections: "World | The Mideast"): no kicker.
_NO_KICKER = frozenset(("b", "i", "em", "strong", "u", "mark", "a"))


def _headings(tree) -> tuple[str, ...]:
    """The texts of a page's first ``<h1>`` elements, white space made single spaces; one
    that opens with an element of its own before more text (a kicker's ``<span>``:
    "<span>Klimaschutz</span> Bohren, bis es heiß wird") without that element's text."""
    found = []
    for element in tree.iter("h1"):
        text = " ".join(_shown_text(element).split())
        if not text:
            continue
        kicker = _kicker(element)
        if kicker and text.startswith(kicker):
            rest = text[len(kicker) :].strip(_KICKER_EDGES)
            text = rest if word_count(rest) >= 2 else text
        found.append(text)
        if len(found) == _MAX_HEADINGS:
            break
    return tuple(found)


# What a heading holds besides its words: styles, scripts and its controls (a button, a link
# that goes nowhere: "Add to ..." of a watch list inside an <h1>).
_NOT_SHOWN = (
    "self::style or self::script or self::noscript or self::button"
    " or self::a[@href='#' or starts-with(@href, 'javascript:')]"
)


def _shown_text(element) -> str:
    """An element's text as a page shows it: its styles', scripts' and controls' text aside."""
    if not element.xpath(f".//*[{_NOT_SHOWN}]"):
        return element.text_content()
    # Inside the element only: a heading inside a link that goes nowhere keeps its words.
    outside = int(element.xpath(f"count(ancestor-or-self::*[{_NOT_SHOWN}])"))
    return "".join(element.xpath(f".//text()[count(ancestor::*[{_NOT_SHOWN}]) = {outside}]"))


def _kicker(heading) -> str | None:
    """The text of the element a heading opens with, before text of the heading's own or of
    a later element: its kicker, if it has one (None: it opens with its own text)."""
    for element in heading.iter():
        if (element.text or "").strip():
            if element is heading or element.tag in _NO_KICKER:
                return None
            kicker = " ".join(element.text_content().split())
            return kicker or None
    return None


# Elements whose text is shown as it was typed, its line breaks kept.
_AS_TYPED = ("pre", "code", "textarea", "listing", "xmp", "plaintext")
# A line break inside a run of text, between two words: where the source wrapped a line.
_LINE_BREAKS = re.compile(r"(?<=\S)[ \t]*\r?\n[ \t]*(?=\S)")
# The runs of text holding a line break and a word, found by lxml itself, scripts' and
# styles' aside (walking every element in Python and reading every script took 5 ms a page, a
# fifth of reading it).
_BROKEN_RUNS = (
    ".//text()[not(parent::script or parent::style)][contains(., '\n')][normalize-space(.) != '']"
)


def _newlines_as_spaces(tree) -> None:
    """The line breaks of the page's source inside a run of its text made spaces, in place,
    as a browser shows them: an old page's paragraph wrapped in its source ("<P>… from
    working\ntogether, …") stays one paragraph (the extractor keeps such breaks, and each of
    its lines became one). Breaks at a run's ends, next to markup, and blank lines stay (the
    extractor parts paragraphs of loose text there); text shown as typed (``<pre>``) keeps its
    lines."""
    for run in tree.xpath(_BROKEN_RUNS):
        joined = _LINE_BREAKS.sub(" ", run)
        if joined == run:
            continue
        owner = run.getparent()
        # The element the run is shown in: its own for its text, its parent's for its tail.
        shown_in = owner.getparent() if run.is_tail else owner
        if shown_in is not None and _typed(shown_in):
            continue
        if run.is_tail:
            owner.tail = joined
        else:
            owner.text = joined


def _typed(element) -> bool:
    """Is the element's text shown as it was typed (inside ``<pre>`` and its kind)."""
    return any(
        isinstance(e.tag, str) and e.tag in _AS_TYPED for e in (element, *element.iterancestors())
    )


def _title_tag(tree) -> str | None:
    """The text of a page's ``<title>`` (the head's, not an image's), None without one."""
    element = tree.find(".//head/title")
    if element is None:
        element = tree.find(".//title")
    return without_archive_toolbar(_clean(element.text_content())) if element is not None else None


_EXTRACTION = {
    "fast": True,  # no fallback extractors: as good on article benchmarks, twice as fast
    "include_comments": False,
    "include_tables": True,
}


def _date_params() -> dict:
    """Dates from the page's markup (meta tags, JSON-LD, <time>, the URL); a date merely
    mentioned in the text is not taken for the page's date here."""
    from trafilatura.settings import set_date_params

    return set_date_params(False)


# The warning dateutil gives for a time zone it cannot name.
_UNKNOWN_ZONE = r"tzname \S+ identified but not understood"


def _page_metadata(tree):
    """A page's title, author, URL, date and site name, as trafilatura's ``extract_metadata``
    finds them, without the categories, tags and licence it also looks for (a tenth of the
    time of reading a page, for fields ingest does not keep). None when this trafilatura's
    metadata functions are not the ones this follows."""
    try:
        from trafilatura.metadata import (
            META_URL,
            examine_meta,
            extract_domain,
            extract_meta_json,
            extract_sitename,
            extract_title,
            extract_url,
            find_date,
        )
    except ImportError:
        return None
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # trafilatura guards its reading of JSON-LD the same way (its parser has known bugs).
    with contextlib.suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, None)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    with warnings.catch_warnings():
        # dateutil warns of every time zone it cannot name ("2014-12-29 08:57:25 EST"): the
        # day is read all the same, and the warning would reach the user's terminal.
        warnings.filterwarnings("ignore", message=_UNKNOWN_ZONE)
        found = find_date(tree, **{**_date_params(), "url": metadata.url})
    date = stated_reading(tree, found, metadata.url)
    # A day the markup declares as the page's last change gives way to the one it declares as
    # its publication.
    metadata.date = declared_reading(date, declared_days(tree), _url_day(metadata.url))
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if "." not in metadata.sitename and not metadata.sitename[:1].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        found = META_URL.match(metadata.url)
        if found:
            metadata.sitename = found[1]
    # No author in the meta tags and JSON-LD, only a template's ("Admin") or the outlet's own
    # name: the page's byline element names the writer, if it has one.
    if not _without_outlet(page_author(metadata.author), metadata.sitename, metadata.url):
        metadata.author = markup_author(tree) or metadata.author
    metadata.author = _person_over_outlet(metadata.author, tree, metadata.sitename, metadata.url)
    if not metadata.author:  # the writers the page's analytics tag names, if it does
        metadata.author = parsely_authors(tree)
    metadata.clean_and_trim()
    return metadata


def _person_over_outlet(author: str | None, tree, site: str | None, url: str | None) -> str | None:
    """A page's author: where its markup names the outlet ("Glamour Magazine", "UPROXX Media"
    in ``<meta name="author">``), the person the page's byline names, if it names one."""
    if not author or not _names_outlet(author, site, url):
        return author
    from trafilatura.metadata import extract_author

    with contextlib.suppress(Exception):  # another trafilatura's internals: the markup's
        shown = page_author(extract_author(tree))
        names = shown.split("; ") if shown else []
        if names and all(_is_person(name, site, url) for name in names):
            return shown
    return author


def _is_person(name: str, site: str | None, url: str | None) -> bool:
    """Whether a byline's name reads as a person's: two to four words, not an outlet's."""
    return 2 <= len(name.split()) <= 4 and not _names_outlet(name, site, url)


def _names_outlet(name: str, site: str | None, url: str | None) -> bool:
    """Whether an author's name reads as a publication's or is the site's own."""
    return bool(_PUBLICATION.search(name)) or text_key(name) in site_names(site, url)


def _url_day(url: str | None) -> str | None:
    """The day (YYYY-MM-DD) a page's address states ("…/2022/05/02/…"), as the date extractor
    reads it."""
    if not url:
        return None
    with contextlib.suppress(Exception):  # another htmldate's internals: no day
        from htmldate.extractors import extract_url_date
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date

        latest = get_max_date(_date_params()["max_date"])
        options = Extractor(False, latest, get_min_date(None), True, "%Y-%m-%d")
        return extract_url_date(url, options)
    return None


def _has_body(document) -> bool:
    return document is not None and word_count(document.text or "") >= MIN_BODY_WORDS


# A whole page's source: its doctype or <html> first (after comments and white space).
_PAGE_SOURCE = re.compile(r"\ufeff?\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", re.I | re.S)
_ANY_TAG = re.compile(r"<(!--|!doctype|/?[a-z][a-z0-9]*[\s/>])", re.I)
_SNIFFED = 65_536  # characters looked at


def is_markup(text: str, *, named_as_page: bool) -> bool:
    """Whether a file's text is a web page's source: for a file named as a page (``.html``),
    unless it holds no tag at all; for another (a ``.txt``), if it opens as a page does."""
    if named_as_page:
        return _ANY_TAG.search(text, 0, _SNIFFED) is not None
    return _PAGE_SOURCE.match(text, 0, _SNIFFED) is not None


# Text a page shows as it was typed (a <pre> block: a mailing list's archive, a newsletter, an
# RFC) keeps its lines wrapped at a fixed width: a run of this many lines or more, none longer
# than the widest a typed line runs to, is looked at for them.
_TYPED_RUN = 3
_TYPED_MAX = 100
_TYPED_MIN = 45  # a wrapped line (all of a paragraph's but its last) is at least this long
# ... and the next line's first word would not have fitted within the width less this (typing
# tools wrap a column or two short of the widest line, a page's running header).
_TYPED_SLACK = 2


def _typed_lines(tree) -> frozenset[str]:
    """The lines of a page's ``<pre>`` blocks (text shown as it was typed), stripped."""
    return frozenset(
        line.strip() for block in tree.iter("pre") for line in block.text_content().splitlines()
    ) - {""}


def unwrapped_lines(lines: list[str], typed: frozenset[str]) -> list[str]:
    """The lines an extractor gave, with each paragraph of a text typed at a fixed width
    (``typed``: the lines of the page's ``<pre>`` blocks; each but its last line as long as
    the width allows, the next line's first word would not have fitted) made one line; other
    lines, a list's items and a page's running header as they are."""
    if not typed:
        return lines
    found: list[str] = []
    number, count = 0, len(lines)
    while number < count:
        end = number
        while end < count and lines[end].strip() in typed and len(lines[end]) <= _TYPED_MAX:
            end += 1
        if end - number < _TYPED_RUN:
            found.append(lines[number])
            number += 1
            continue
        run = [line.rstrip() for line in lines[number:end]]
        width = max(len(line) for line in run)
        paragraph = [run[0]]
        for line in run[1:]:
            last = paragraph[-1]
            if (
                len(last.strip()) >= _TYPED_MIN
                and len(last) + 1 + len(line.split()[0]) > width - _TYPED_SLACK
                and last[-1] not in _PARAGRAPH_END
                and not _ITEM.match(line)
                and _is_prose(last)
                and _is_prose(line)
                and "   " not in last.strip() + " " + line.strip()
            ):
                paragraph.append(line)
            else:
                found.append(" ".join(part.strip() for part in paragraph))
                paragraph = [line]
        found.append(" ".join(part.strip() for part in paragraph))
        number = end
    return found


_PARAGRAPH_END = '.!?:;"”'
_PROSE_SHARE = 0.85  # a line of prose is letters and spaces at least this much (code is not)


def _is_prose(line: str) -> bool:
    text = line.strip()
    return sum(c.isalpha() or c == " " for c in text) >= _PROSE_SHARE * len(text)


# A list's item: a bullet or a number opening the line.
_ITEM = re.compile(r"\s*(?:[-*•·+]|\d{1,3}[.)]|\(?[a-z]\))\s")


def read_webpage(html: str, url: str | None = None) -> WebPage | None:
    """The main text and metadata of an HTML page; None when it has no extractable body.
    ``url``: where the page was saved from, when its markup does not say."""
    extracted, source = _extract(html), html
    if not _has_body(extracted.document):
        repaired = repaired_page(html)
        if repaired != html:
            extracted, source = _extract(repaired), repaired
    if not _has_body(extracted.document):  # the extractor's fallbacks may find what it missed
        extracted = _extract(source, fast=False)
    if _has_body(extracted.document) and is_doubtful(extracted.document.text):
        extracted = _fuller(extracted, source)
    document, title_tag, typed, shown, headings, other_titles, _metadata = extracted
    if not _has_body(document):
        return None
    paragraphs = [
        without_people_cards(" ".join(line.split()))
        for line in unwrapped_lines(document.text.splitlines(), typed)
    ]
    paragraphs = without_place_lines(paragraphs)
    text = "\n\n".join(p for p in paragraphs if p) + "\n"
    date = document.date if document.date and _DAY.fullmatch(document.date) else None
    # The page's own address: its markup's, an archive's copy's as the archive names it, or
    # where it was saved from.
    url = _clean(document.url) or archived_address(html) or url
    title = title_without_code(without_archive_toolbar(_clean(document.title)), shown or ())
    site, title = page_site(_clean(document.sitename), title, url)
    # The headline the page shows alone, where the title adds a site's name or a section to
    # it; else the title checked against the <title> and without the site's name.
    title = shown_headline(title, headings, other_titles, site, url) or site_title_mended(
        checked_title(title, title_tag, site, url, text, headings), site, url, text
    )
    # The headline the page shows in its one <h1>, where the title is another wording of it.
    title = shown_heading(title, headings, title_tag, site, url, text) or title
    title = with_lost_characters_shown(title, headings)
    title = without_colon_trail(title, shown or [], site, url)
    title = shown_line_title(title, shown, site, url) or title
    title = tag_part_above(title, title_tag, shown, paragraphs, site, url, other_titles) or title
    title = headline_above(title, shown, paragraphs) or title
    title = plain_title(title, shown or ())
    # The day its header states, an update's only when the markup states no day at all.
    dateline = (
        header_date(shown, title, paragraphs, revisions=date is None, markup=date)
        if shown
        else None
    )
    author = _without_outlet(page_author(document.author), site, url)
    if author is None and shown:  # no author in the markup: the byline its header shows
        author = _without_outlet(page_author(_header_author(shown, title, paragraphs)), site, url)
    author = with_initials_stops(author, html)
    return WebPage(
        text=text,
        title=title,
        author=author,
        published=date,
        dateline=dateline,
        site=site,
        url=url,
        language=page_language(html),
    )


# A name's initial as the extractor leaves it: one capital letter, its full stop taken off.
_INITIAL = re.compile(r"[A-Z]")


def with_initials_stops(author: str | None, html: str) -> str | None:
    """An author field whose names' initials have the full stops the page writes them with
    ("Jared T Miller" → "Jared T. Miller", "J R Stone" → "J.R. Stone"), which the extractor
    takes off; a name the page never writes with them stays as it is."""
    if not author:
        return author
    names = []
    for name in author.split("; "):
        words = name.split()
        if any(_INITIAL.fullmatch(word) for word in words) and len(words) > 1:
            written = [
                re.escape(word) + r"\.\s*" if _INITIAL.fullmatch(word) else re.escape(word) + r"\s+"
                for word in words
            ]
            pattern = r"(?<![\w.])" + "".join(written).removesuffix(r"\s+") + r"(?!\w)"
            found = re.search(pattern, html)
            name = " ".join(found.group().split()) if found else name
        names.append(name)
    return "; ".join(names)


def _header_author(shown: list[str], title: str | None, paragraphs: list[str]) -> str | None:
    """The names a byline between the page's headline and its article's first paragraph gives
    ("Von Lisa Petrich", "By J.R. Stone"), among the lines the page shows; None without one."""
    found = article_header(shown, title, paragraphs)
    if found is None:
        return None
    top, first, _starts = found
    return byline_author(shown, top, first, first, title, alone=False)


def _fuller(extracted: _Extracted, html: str) -> _Extracted:
    """A page's extraction with the extractor's fallbacks where its body reads more as an
    article than the fast extraction's thin or crowded one (``thin_body``); else the fast one.
    The page's metadata, title and lines are the fast extraction's: only its article is read
    again."""
    if extracted.metadata is None:
        again = _extract(html, fast=False)
    else:
        from trafilatura.utils import load_html

        tree = load_html(html)  # the first tree was pruned by its extraction
        document = None if tree is None else _article(tree, extracted.metadata, fast=False)
        again = extracted._replace(document=document)
    if _has_body(again.document) and is_fuller(again.document.text, extracted.document.text):
        return again
    return extracted


# The toolbar a web archive writes into a page it keeps, found inside a <title> left open: its
# markup read as the title's text.
_ARCHIVE_TOOLBAR = re.compile(
    r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->", re.S
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def without_archive_toolbar(title: str | None) -> str | None:
    """A page's title without a web archive's toolbar and the tags read into it with it."""
    if not title or "WAYBACK TOOLBAR" not in title:
        return title
    return _clean(_TAG.sub(" ", _ARCHIVE_TOOLBAR.sub(" ", title)))


# Characters a page's title lost to a wrong encoding on its way into the markup: question
# marks standing for one ("Don???t", "Don?t") inside a word, or the replacement character.
_LOST = re.compile(r"(?<=\w)\?{1,3}(?=\w)|\ufffd+")


def with_lost_characters_shown(title: str | None, headings: tuple[str, ...]) -> str | None:
    """A title whose characters were lost to a wrong encoding ("Brides Who Don???t Want"),
    as the page's headline shows it, when a headline reads the same with characters there;
    else the title as it is."""
    if not title or not _LOST.search(title):
        return title
    parts = _LOST.split(title)
    wanted = re.compile(".{1,3}".join(re.escape(part) for part in parts), re.I)
    for heading in headings:
        found = wanted.search(heading)
        if found is not None and not _LOST.search(found.group()):
            return (
                heading if len(heading) - len(found.group()) <= _HEADLINE_SLACK else found.group()
            )
    return title


_HEADLINE_SLACK = 4  # characters a headline has beyond the title's words ("6 " before a list's)


# A person's card that a site opens over a name (The Hill's): the name again, glued to it, then
# headlines of stories about the person, then "MORE" — "Rep. Ilhan OmarIlhan OmarHillicon
# Valley: … her MORE (D-Minn.)". The extractor keeps the card's text inside the sentence.
_PEOPLE_CARD = re.compile(r"\b([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3})\1(?! )(.{1,2000}?) ?MORE\b")


def without_people_cards(paragraph: str) -> str:
    """A paragraph without the text of the person cards a site glued into it (the name kept)."""
    if "MORE" not in paragraph:
        return paragraph
    return _PEOPLE_CARD.sub(r"\1", paragraph)


_SITE_MAX_WORDS = 6  # a site name longer than this is a headline or a tagline


def page_site(
    site: str | None, title: str | None, url: str | None
) -> tuple[str | None, str | None]:
    """A page's site name and title, mended where its markup confused them: a "site name"
    that is the headline (or says copyright) gives way to the URL's host name, and a title that
    is only the site's name ("Bloomberg" on bloomberg.com) to the headline found as the site."""
    host = host_of(url)
    label = text_key(host_label(host))
    site = _site_name(site)
    if title and site and text_key(title) == label and _words(site) >= 4:
        return host or title, site  # the two swapped
    if site and label:
        # "CORRECTIV - Recherchen für die Gesellschaft", "News zu VR | MIXED.de": the part that
        # names the host, without its tagline.
        named = [part for part in _SITE_PARTS.split(site) if label in text_key(_plain(part))]
        if len(named) == 1:
            site = named[0].strip()
    headline = bool(site) and (
        _words(site) > _SITE_MAX_WORDS
        or _COPYRIGHT_SITE.search(site) is not None
        or (title is not None and _words(site) >= 4 and _same_start(site, title))
    )
    if headline or not site:
        # No name of its own (or a headline for one): the host the page was saved from names
        # the outlet, unless it is an archive keeping other sites' pages.
        site = host if host not in ARCHIVE_HOSTS else None
    if site and site.lower().removeprefix("www.") in ARCHIVE_HOSTS:
        site = None  # the name the extractor made of an archive's address
    return site, title


_SITE_PARTS = re.compile(r"\s+[|–—:/-]+\s+")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _plain(text: str) -> str:
    """``text`` without accents ("Aktuálně" → "Aktualne")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_COPYRIGHT_SITE = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
# What a copyright line leaves before a site's name ("2020 Propellets Austria"), an address
# after a person's ("Lüder Hoppe info@example.de"), and names of a site's first page.
_LEADING_YEAR = re.compile(r"^(?:(?:19|20)\d\d\s*[-–]\s*)?(?:19|20)\d\d\b[\s,.]*")
_EMAIL = re.compile(r"\s*\S+@\S+\.\w+")
_NO_SITE_NAME = re.compile(r"(start(seite)?|home(page)?|accueil|inicio|index|news|blog)", re.I)


_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s/]+/?", re.I)


def _site_name(site: str | None) -> str | None:
    """A site name without a copyright's year before it (when two words or more follow) or
    an e-mail address in it, a host for an address; None when nothing names a site (a date, a
    first page's name: "Start", "Home")."""
    if not site:
        return None
    if _ADDRESS.fullmatch(site):  # "http://www.tmz.com": the host it names
        return host_of(site if "://" in site else f"http://{site}")
    after_year = _LEADING_YEAR.sub("", site)
    if _words(after_year) >= 2:  # "2001 Nights" is a name
        site = after_year
    site = _EMAIL.sub("", site).strip(" ,;·|-–")
    if not any(c.isalpha() for c in site) or _NO_SITE_NAME.fullmatch(site):
        return None
    return site


def _same_start(site: str, title: str) -> bool:
    """Whether one of two texts begins with the other (case and punctuation aside)."""
    a, b = text_key(site), text_key(title)
    return bool(a and b) and (a.startswith(b) or b.startswith(a))
