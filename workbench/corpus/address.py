"""A web address's host and the name a site is known by, for the pages and prints that carry one."""

from __future__ import annotations

import re

_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", re.IGNORECASE)


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
