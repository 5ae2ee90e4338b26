"""A web address's host and the name a site is known by, for the pages and prints that carry one."""

from __future__ import annotations

import re

_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", re.IGNORECASE)
# Hosts that keep copies of other sites' pages: no outlet's name.
ARCHIVE_HOSTS = frozenset(
    ("web.archive.org", "archive.org", "archive.ph", "archive.today", "archive.is",
     "webcache.googleusercontent.com", "archive.md")
)  # fmt: skip
# The Wayback Machine's address of a copy: the capture's time, then the page's own address.
_WAYBACK = re.compile(
    r"^https?://(?:www\.)?web\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/+(.+)$", re.IGNORECASE
)


def original_address(url: str | None) -> str | None:
    """The address of the page an archive's copy is of ("https://web.archive.org/web/2013…/
    http://www.example.com/x" → "http://www.example.com/x"); other addresses as they are."""
    found = _WAYBACK.match(url or "")
    if found is None:
        return url
    inner = found.group(1)
    return inner if "://" in inner else f"http://{inner}"


# The page's own address as the Wayback Machine's toolbar script in its copy of the page names
# it ('var wbCurrentUrl = "http://…";', '__wm.wombat("http://…", …)'), a port given or not.
_ARCHIVED_ADDRESS = re.compile(r'(?:\bwbCurrentUrl\s*=\s*|\b__wm\.wombat\(\s*)"(https?://[^"\s]+)"')
_DEFAULT_PORT = re.compile(r"^(https?://[^/:?#]+):(?:80|443)(?=[/?#]|$)", re.IGNORECASE)


def archived_address(html: str) -> str | None:
    """The address of the page a web archive's copy ``html`` is of, as the archive's toolbar in
    it names it (None in a page no archive kept)."""
    if "wbCurrentUrl" not in html and "__wm.wombat" not in html:
        return None
    found = _ARCHIVED_ADDRESS.search(html)
    return _DEFAULT_PORT.sub(r"\1", found.group(1)) if found else None


def host_of(url: str | None) -> str | None:
    """The host of a URL without "www." (None without one)."""
    match = _HOST.match(url or "")
    if not match:
        return None
    host = match.group(1).lower()
    return host[4:] if host.startswith("www.") else host


def host_label(host: str | None) -> str:
    """The name a host is known by: "bloomberg" for bloomberg.com, "cnn" for edition.cnn.com,
    "bbc" for bbc.co.uk (a country's second-level domain: two letters after three or fewer)."""
    if not host:
        return ""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:  # co.uk, com.au
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)


def outlet_name(outlet: str | None) -> str | None:
    """An outlet as a table or a scraper names it, a domain or an address as a host is shown
    ("www.example.org" or "https://www.example.org/story" → "example.org"; a name stays)."""
    if outlet and _HOST.match(outlet):
        return host_of(outlet)
    if outlet and _DOMAIN.fullmatch(outlet):
        return host_of(f"https://{outlet}") or outlet
    return outlet


def outlet_and_url(outlet: str | None, url: str | None) -> tuple[str | None, str | None]:
    """The outlet and the address of a row whose outlet column may hold the article's address
    (trafilatura's JSON names it "source"): the address is then the url, its host the outlet."""
    address = outlet if outlet and _HOST.match(outlet) else None
    return outlet_name(outlet), url or address


# A line that gives the article's own address: alone ("https://www.barrons.com/articles/…"),
# or labelled as analysts and read-later services write it ("Source: https://…", "URL: …",
# "Printed from …", "Original article: …").
_ADDRESS_LINE = re.compile(
    r"(?:(?:source|url|link|address|web address|original(?: article| url| link)?|permalink|"
    r"canonical|printed from|retrieved from|read online|read it online|from|via)\s*:?\s*)?"
    r"<?(https?://[^\s<>]+?)>?[.,;]?",
    re.IGNORECASE,
)
# Addresses that are never an article's own: social sites and references (a link shortener's
# host is kept: nyti.ms is the Times'), files of pictures, sound and documents.
_NOT_ARTICLE_HOSTS = frozenset(
    {
        *("facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "youtu.be"),
        *("t.me", "telegram.me", "linkedin.com", "pinterest.com", "tiktok.com", "reddit.com"),
        *("wikipedia.org", "doi.org", "google.com", "unsplash.com", "flickr.com", "github.com"),
    }
)
_FILE_ENDING = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|mp3|mp4|m4a|wav|pdf|zip)(?:[?#].*)?$", re.I)
_SLUG_WORD = re.compile(r"[a-z]{3,}")
_HEAD_LINES = 3  # an address alone among the first lines of a text is its own


def own_address(lines: list[str], title: str | None) -> tuple[int, str] | None:
    """The line of ``lines`` (those above the article's body) that gives the article's own
    address, and the address: labelled ("Source: …"), among the text's first lines, or with
    the title's words in its path. None when there is none."""
    title_words = set(_SLUG_WORD.findall((title or "").casefold()))
    seen = 0
    for number, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        match = _ADDRESS_LINE.fullmatch(line.strip())
        if match is None:
            continue
        address = match.group(1)
        host = host_of(address)
        if host is None or _FILE_ENDING.search(address) or _is_elsewhere(host):
            continue
        path = address.split(host, 1)[-1].casefold()
        shares_title = len(title_words & set(_SLUG_WORD.findall(path))) >= 2
        labelled = match.start(1) > 1  # words before the address, not an angle bracket
        if labelled or seen <= _HEAD_LINES or shares_title:
            return number, address
    return None


def _is_elsewhere(host: str) -> bool:
    """A host of the sites that are never an article's own (their subdomains too)."""
    labels = host.split(".")
    return any(".".join(labels[k:]) in _NOT_ARTICLE_HOSTS for k in range(len(labels) - 1))
