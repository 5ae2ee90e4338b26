"""The outlet an article comes from, as its own file says it when no metadata names one.

Three places say it, tried in turn:

- **an address** the article carries (its metadata's, a printed page's, or a line above its
  body that gives it): a known outlet's domain gives its name; another host is the outlet as
  written ("rp.pl");
- **the file's name**: a browser saves a page under its title, "Headline - The Moscow
  Times.txt", whose last part names the site; an analyst names files by a short form,
  "nyt_2014-03-18_crimea.txt", "wapo-helsinki.txt", or by the site's domain;
- **the furniture cleaning removed**: an appeal ("Support The Moscow Times!"), a newsletter
  box, a copyright line ("© 2019 Cable News Network"), a paywall's teaser, a disclaimer —
  words an outlet writes about itself, never about another — and after them the outlet a
  byline, a dateline, a colleague's credit or the author's bio names ("By Jane Doe, CNN").

The outlets known by name are in ``data/outlets.toml``; a name the article's own sentences
mention ("told Reuters") is never taken, nor a wire that datelines and bylines credit (copy
another site carries). Pure functions: the caller reads the files.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from workbench.corpus.address import ARCHIVE_HOSTS, host_label, host_of, original_address
from workbench.errors import WorkbenchError
from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml

OUTLETS_NAME = "outlets.toml"
CORPUS_OUTLETS_NAME = OUTLETS_NAME  # a corpus's own, beside its articles

# Where an inferred outlet came from (the articles' ``outlet_source``).
FROM_ADDRESS = "address"
FROM_FILE_NAME = "file-name"
FROM_TEXT = "text"
FROM_PAGE_HEADER = "page-header"  # a page a browser printed: its running header's site
INFERRED_OUTLET_SOURCES = (FROM_ADDRESS, FROM_FILE_NAME, FROM_TEXT, FROM_PAGE_HEADER)

# The furniture an outlet writes about itself (families of data/boilerplate.toml), less the
# rules of those families that name someone else ("Excerpted from …", a shop's disclosure).
# Not a page's header or footer: their menus and the other stories they list name sections
# and outlets ("U.S. News", "National Review", "… Live on MSNBC").
_OWN_FAMILIES = frozenset(
    {
        "Archive notice",
        "Cookie notice",
        "Disclaimer",
        "Donation appeal",
        "Newsletter sign-up",
        "Outlet tagline",
        "Page furniture",
        "Paywall teaser",
        "Promo link",
        "Promotion",
        "Reader appeal",
        "Share buttons",
        "Social links",
    }
)
_NOT_OWN_RULES = frozenset({"excerpt-credit", "affiliate-disclosure", "labelled-metadata"})
# Lists of links name the outlet that lists them only as where more comes from ("More From
# Reuters", "Get daily updates from Brookings"); their headlines name others.
_FROM_FAMILIES = frozenset({"Related links"})
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
# What credits an outlet with the story: a byline's or a dateline's outlet ("By Jane Doe, CNN",
# "(CNN) —", "Updated on: … / CBS News"), a colleague's credit, the author's bio ("… is The
# Washington Post's Moscow bureau chief"). Taken after the outlet's own words and only for an
# outlet other than a wire (a wire credited is copy another site carries) or, in a bio, a
# think tank (an op-ed's author is a fellow of one, writing for another outlet).
_CREDIT_RULES = frozenset(
    {
        "agency-line",
        "agency-tag",
        "author-bio",
        "author-bio-tail",
        "byline-by",
        "outlet-dateline",
        "reporting-credit",
        "slashed-dateline",
        "wire-credit",
        "wire-dateline",
    }
)
_BIO_RULES = frozenset({"author-bio", "author-bio-tail"})
# A bio names the author's outlet in its first sentence, as what the author is now ("… is a
# staff writer at The Atlantic"), not where the author was or has also written.
_BIO_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_IS_NOW = re.compile(r"\bis\b")
_NOT_NOW = re.compile(
    r"\b(?:former|formerly|previously|was|also|appeared|worked|ex)\b", re.IGNORECASE
)
# A capitalized word before a known name makes it another's ("Face The Nation", "The Nassau
# Guardian"), unless it is what furniture says before an outlet's name.
_BEFORE_NAME = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")
_LEADS_TO_NAME = frozenset(
    [
        "About",
        "All",
        "By",
        "Contact",
        "Copyright",
        "Discover",
        "Donate",
        "Download",
        "Explore",
        "Follow",
        "From",
        "Get",
        "Help",
        "Join",
        "Like",
        "Listen",
        "Login",
        "Log",
        "Read",
        "Register",
        "Reserved",
        "Rights",
        "Sign",
        "Subscribe",
        "Support",
        "Thank",
        "Thanks",
        "Try",
        "Visit",
        "Watch",
        "Welcome",
        "With",
    ]
)

# A domain as an address or a file name writes it: a country's code or a common ending.
_ENDINGS = r"(?:com|org|net|info|io|edu|gov|news|media|[a-z]{2})"
_DOMAIN = re.compile(rf"(?<![\w.-])(?:www\.)?((?:[a-z0-9][a-z0-9-]*\.)+{_ENDINGS})(?![\w-])", re.I)
# ... in a file's name, where "_" and "-" part it from the rest ("edition.cnn.com_2019_putin").
_NAMED_DOMAIN = re.compile(
    rf"(?<![a-z0-9.])(?:www\.)?((?:[a-z0-9][a-z0-9-]*\.)+{_ENDINGS})(?![a-z0-9])", re.I
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ADDRESS = re.compile(r"(?:https?://|(?<![\w.@/-])www\.)([^\s/?#\"'<>)\]]+)", re.I)
# The parts of a browser's file name ("Headline - Site", "Headline | Site" saved as "_").
_TITLE_PARTS = re.compile(r"\s+[-–—|_:·•]+\s+")
_KEY_PARTS = re.compile(r"[^a-z0-9]+")
_MOST_KEY_TOKENS = 4
# A known name inside another outlet's ("The Times of Trenton", "CNBC TV18") or its parent
# company's, which owns others ("Vox Media" under The Verge). A name followed by another
# capitalized word stays its own: sub-brands ("Al-Monitor Archives", "BBC World Service").
_NAME_GOES_ON = (
    r"(?!\s+of\s+(?:the\s+)?[A-Z]|\s+[A-Za-z]*\d|\s+(?:Media|Group|Holdings|Communications|"
    r"Interactive|Universal|Enterprises|Ventures|Brands|Corporation)\b)"
)


@dataclass(frozen=True)
class Outlet:
    """A known outlet: the name shown, whether it is a wire other outlets carry or a think
    tank."""

    name: str
    wire: bool = False
    institute: bool = False  # a think tank, which publishes its fellows' work


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """The known outlets, looked up by domain, by file-name key and by the names pages write."""

    domains: dict[str, Outlet]
    keys: dict[str, Outlet]
    written: dict[str, Outlet]
    names: re.Pattern[str] | None  # any written name, longest first


_ENTRY_KEYS = frozenset({"name", "also", "keys", "domains", "wire", "kind", "match_name"})


@functools.cache
def gazetteer(path: Path = DATA_DIR / OUTLETS_NAME) -> Gazetteer:
    """The outlets of ``data/outlets.toml`` ready for lookups (read once)."""
    data, _text = read_toml(path, "outlets")
    return _gazetteer(_entries(data, str(path)))


def load_outlets(corpus_dir: Path | None = None) -> tuple[Gazetteer, str | None]:
    """The known outlets of a corpus: its own ``outlets.toml`` beside its articles (same
    format; its names, short forms and domains count before the bundled ones) and the bundled
    list; with the corpus file's text (None without one). Reads files."""
    if corpus_dir is None or not os.path.lexists(corpus_dir / CORPUS_OUTLETS_NAME):
        return gazetteer(), None
    path = corpus_dir / CORPUS_OUTLETS_NAME
    data, text = read_toml(path, "outlets")
    bundled, _ = read_toml(DATA_DIR / OUTLETS_NAME, "outlets")
    entries = _entries(data, str(path)) + _entries(bundled, OUTLETS_NAME)
    return _gazetteer(entries), text


def _entries(data: dict, where: str) -> list[dict]:
    """The ``[[outlet]]`` tables of a parsed file, checked: a name each, no unknown key."""
    entries = data.get("outlet", [])
    if not isinstance(entries, list):
        raise WorkbenchError(f"{where}: expected [[outlet]] tables")
    for number, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise WorkbenchError(f'{where}: outlet {number} has no "name"')
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise WorkbenchError(f'{where}: outlet "{name}": unknown key "{unknown[0]}"')
        for key in ("also", "keys", "domains"):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise WorkbenchError(f'{where}: outlet "{name}": "{key}" is not a list of strings')
    return entries


def _gazetteer(entries: list[dict]) -> Gazetteer:
    """The lookups of outlets' entries (an earlier entry's name, form, key or domain wins)."""
    domains: dict[str, Outlet] = {}
    keys: dict[str, Outlet] = {}
    written: dict[str, Outlet] = {}
    for entry in entries:
        outlet = Outlet(
            str(entry["name"]),
            wire=bool(entry.get("wire", False)),
            institute=entry.get("kind") == "institute",
        )
        forms = [*([outlet.name] if entry.get("match_name", True) else [])]
        for form in _with_variants([*forms, *map(str, entry.get("also", []))]):
            written.setdefault(form, outlet)
            if len(form.split()) >= 2:  # "The Moscow Times" → moscowtimes
                keys.setdefault(_key(_without_article(form)), outlet)
        for key in entry.get("keys", []):
            keys.setdefault(str(key).lower(), outlet)
        for domain in entry.get("domains", []):
            domains.setdefault(str(domain).lower().removeprefix("www."), outlet)
    names = None
    if written:
        alternatives = "|".join(re.escape(form) for form in sorted(written, key=len, reverse=True))
        names = re.compile(rf"(?<![\w&/-])(?:{alternatives})(?![\w&/-]|\.\w){_NAME_GOES_ON}")
    return Gazetteer(domains, keys, written, names)


def _with_variants(forms: list[str]) -> list[str]:
    """Each form, without its leading "The" (two words or more left), and in capitals."""
    variants: list[str] = []
    for form in forms:
        variants.append(form)
        bare = _without_article(form)
        if bare != form and len(bare.split()) >= 2:
            variants.append(bare)
    return variants + [form.upper() for form in variants if len(form) >= 4]


def _without_article(form: str) -> str:
    return form[4:] if form.startswith(("The ", "THE ")) else form


def _key(text: str) -> str:
    return _KEY_PARTS.sub("", text.lower())


def outlet_of_host(host: str | None, known: Gazetteer | None = None) -> Outlet | None:
    """The known outlet whose domain ``host`` is or is under (edition.cnn.com → CNN)."""
    known = known or gazetteer()
    if not host:
        return None
    labels = host.lower().removeprefix("www.").split(".")
    for first in range(len(labels) - 1):
        outlet = known.domains.get(".".join(labels[first:]))
        if outlet is not None:
            return outlet
    return None


def outlet_of_address(url: str | None, known: Gazetteer | None = None) -> str | None:
    """The outlet an article's address names: a known outlet's name, else its host (an
    archive's copy: the page's own address's; an archive's host names none)."""
    host = host_of(original_address(url))
    if host is None or host in ARCHIVE_HOSTS:
        return None
    outlet = outlet_of_host(host, known)
    return outlet.name if outlet else host


def known_outlet_name(outlet: str | None, known: Gazetteer | None = None) -> str | None:
    """A known outlet's name for a site named another way ("POLITICO", "NYTimes") or by its
    domain ("nytimes.com"), so that pages and texts of one outlet group together; else the
    name as given."""
    if not outlet:
        return outlet
    known = known or gazetteer()
    written = known.written.get(outlet.strip())
    if written is not None:
        return written.name
    if _DOMAIN.fullmatch(outlet):
        by_host = outlet_of_host(outlet.lower(), known)
        if by_host is not None:
            return by_host.name
    return outlet


# What parts a site's name from its sections or a headline after it ("FOXNews.com - Politics",
# "CNN/AllPolitics.com - Election 2000", "CNN.com - Scientists decode chimp DNA").
_SITE_NAME_PARTS = re.compile(r"\s+[-–—|:·•]+\s+|/")


def page_outlet(site: str, url: str | None, known: Gazetteer | None = None) -> str:
    """The outlet a web page's site name stands for: a known outlet's name for it, its case
    aside ("FOX News"), or for its first or last part when sections or a headline go with it
    ("FOXNews.com - Politics"); else the known outlet the page's own address names when the
    name holds the address's ("CNNSI.com" on sportsillustrated.cnn.com, "Timesofisrael"),
    unless it is a known outlet's name going on ("BBC Sport", "Fox News Latino": a brand of
    its own); else the address at an end of the name ("FOXSports.com - Tennis - Wimbledon
    2000": its sections after it), or the name as given."""
    known = known or gazetteer()
    site = site.strip()
    parts = [part.strip() for part in _SITE_NAME_PARTS.split(site) if part.strip()]
    for form in (site, *(parts[:1] + parts[-1:] if len(parts) >= 2 else [])):
        outlet = _known_form(form, known)
        if outlet is not None:
            return outlet.name
    if any(site.startswith(f"{form} ") for form in known.written):
        return site
    host = host_of(original_address(url))
    outlet = outlet_of_host(host, known) if host not in ARCHIVE_HOSTS else None
    if outlet is not None and _key(host_label(host)) in _key(_plain(site)):
        return outlet.name
    ends = parts[:1] + parts[-1:] if len(parts) >= 2 else []
    domain = next((part for part in ends if _DOMAIN.fullmatch(part)), None)
    return re.sub(r"^www\.", "", domain, flags=re.IGNORECASE) if domain else site


def _plain(text: str) -> str:
    """``text`` without accents ("PAÍS" → "PAIS")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _known_form(form: str, known: Gazetteer) -> Outlet | None:
    """The known outlet a name or a domain is, case aside ("FOX News", "FOXNews.com")."""
    outlet = known.written.get(form)
    if outlet is None:
        folded = form.casefold()
        outlet = next((o for name, o in known.written.items() if name.casefold() == folded), None)
    if outlet is None and _DOMAIN.fullmatch(form):
        outlet = outlet_of_host(form.lower(), known)
    return outlet


def outlet_in_file_name(name: str, known: Gazetteer | None = None) -> str | None:
    """The outlet a file's name gives: the last part of a saved page's title ("Headline -
    The Moscow Times"), a short form or a domain in an analyst's name ("nyt_2014_crimea")."""
    stem = PurePosixPath(name.replace("\\", "/")).name
    stem = stem[: stem.rfind(".")] if "." in stem else stem
    known = known or gazetteer()
    for match in _NAMED_DOMAIN.finditer(stem):
        outlet = outlet_of_host(match.group(1), known)
        if outlet is not None:
            return outlet.name
    stem = stem.strip()
    parts = _TITLE_PARTS.split(stem)
    if len(parts) >= 2:  # a title a browser saved: only its last part names the site
        last = parts[-1].strip(" _")
        outlet = known.written.get(last) or known.keys.get(_key(last))
        if outlet is not None:
            return outlet.name
        domain = _DOMAIN.fullmatch(last)
        return domain.group(1).lower().removeprefix("www.") if domain else None
    domain = _NAMED_DOMAIN.match(stem)  # an analyst's name opening with the site's domain
    if domain is not None:
        return domain.group(1).lower().removeprefix("www.")
    # An analyst's name ("nyt_2014-03-18_crimea", "2013-05-07 CSM Kerry Putin"); a title a
    # browser saved, words and spaces without a year, may name an outlet it is not from.
    if " " in stem and not _YEAR.search(stem):
        return None
    return _keyed(_KEY_PARTS.split(stem.lower()), known)


def _keyed(tokens: list[str], known: Gazetteer) -> str | None:
    """The first known short form among the tokens, or among two to four of them joined
    (moscow-times → moscowtimes), the longest run first."""
    tokens = [token for token in tokens if token]
    for start in range(len(tokens)):
        for size in range(min(_MOST_KEY_TOKENS, len(tokens) - start), 0, -1):
            outlet = known.keys.get("".join(tokens[start : start + size]))
            if outlet is not None:
                return outlet.name
    return None


def outlet_in_furniture(
    removed: Iterable[tuple[str, str, str]],
    masthead: Sequence[str] = (),
    known: Gazetteer | None = None,
) -> str | None:
    """The outlet the furniture cleaning removed names most: ``removed`` holds (family, rule,
    text) of each removed span. An outlet other than a wire that writes of itself wins; then
    one the bylines, datelines, credits and the author's bio name; then a wire that writes of
    itself ("Copyright … The Associated Press" under a local paper's copy of its story). A
    wire a dateline or a byline credits ("MOSCOW (Reuters) -") is not taken: on pages saved
    from other sites, it named the wire whose copy they carried, not the site. ``masthead``:
    the text's first lines, one of which may be the outlet's name alone ("The Moscow Times"
    above a page a browser saved); a name among the menus below is a section's."""
    known = known or gazetteer()
    own: Counter[Outlet] = Counter(
        known.written[line.strip()] for line in masthead if line.strip() in known.written
    )
    credited: Counter[Outlet] = Counter()
    for family, rule, text in removed:
        if family in _OWN_FAMILIES and rule not in _NOT_OWN_RULES:
            own.update(_named(text, known))
        elif family in _FROM_FAMILIES:
            own.update(_named(text, known, after_from=True))
        elif rule in _BIO_RULES:
            credited.update(o for o in _bio_outlets(text, known) if not o.wire)
        elif rule in _CREDIT_RULES:
            credited.update(o for o in _named(text, known) if not o.wire)
    for counts in (Counter({o: n for o, n in own.items() if not o.wire}), credited, own):
        if counts:
            return counts.most_common(1)[0][0].name
    return None


def _bio_outlets(bio: str, known: Gazetteer) -> list[Outlet]:
    """The outlets an author's bio names as the author's now: in its first sentence, after
    "is" and not after "former", "previously", "also" (never a think tank: its fellows write
    for others)."""
    sentence = _BIO_SENTENCE_END.split(bio.strip(), maxsplit=1)[0]
    found = []
    for match in known.names.finditer(sentence) if known.names else ():
        before = sentence[: match.start()]
        outlet = known.written[match.group(0)]
        if _IS_NOW.search(before) and not _NOT_NOW.search(before) and not outlet.institute:
            found.append(outlet)
    return found


def _named(text: str, known: Gazetteer, after_from: bool = False) -> list[Outlet]:
    """The known outlets a piece of furniture names, by name or by address (``after_from``:
    only a name that "from" leads to, and no address)."""
    found = []
    for match in known.names.finditer(text) if known.names else ():
        if after_from:
            if _FROM_BEFORE.search(text, 0, match.start()):
                found.append(known.written[match.group(0)])
            continue
        before = _BEFORE_NAME.search(text, 0, match.start())
        if before is None or before.group(1) in _LEADS_TO_NAME:
            found.append(known.written[match.group(0)])
    if not after_from and ("www." in text or "://" in text or "%3A%2F%2F" in text):
        for match in _ADDRESS.finditer(unquote(text)):
            outlet = outlet_of_host(match.group(1).split(":")[0], known)
            if outlet is not None:
                found.append(outlet)
    return found


def infer_outlet(
    url: str | None,
    name: str,
    removed: Iterable[tuple[str, str, str]],
    masthead: Sequence[str] = (),
    known: Gazetteer | None = None,
) -> tuple[str, str] | None:
    """(outlet, source) from the article's address, its file's name, then its masthead and the
    furniture removed from it (``known``: the corpus's outlets, default the bundled ones);
    None when none of them names one."""
    outlet = outlet_of_address(url, known)
    if outlet:
        return outlet, FROM_ADDRESS
    outlet = outlet_in_file_name(name, known)
    if outlet:
        return outlet, FROM_FILE_NAME
    outlet = outlet_in_furniture(removed, masthead, known)
    if outlet:
        return outlet, FROM_TEXT
    return None
