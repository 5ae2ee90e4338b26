"""A sports fixture's venue line ("Stade de France, Paris", "Ewood Park"): no headline, no byline.

A match preview opens with its fixture: the teams ("France v Wales"), the ground, the day, the
kick-off time. The ground's line is a few capitalized words, one of them a ground's
(``[venue] words`` in ``data/headline.toml``), with its town after a comma; the preview names
the ground again in its text, which a headline's or a byline's line alone seldom is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml

_VENUE_WORDS_MAX = 4  # the ground's name is this long at most ("Stade de France")
_PARTICLE = frozenset({"de", "du", "des", "la", "le", "of", "the", "del", "der"})
_CAPITALIZED = re.compile(r"[A-Z][\w'’.-]*")


@functools.cache
def venue_words(path: Path = DATA_DIR / "headline.toml") -> frozenset[str]:
    """The words that name a ground ("stadium", "park", "road"), lower-cased, from the
    ``[venue]`` table of ``data/headline.toml``."""
    data, _text = read_toml(path, "headline hints")
    return frozenset(word.casefold() for word in data.get("venue", {}).get("words", ()))


def venue_name(line: str) -> str | None:
    """The ground a line names alone ("Stade de France" of "Stade de France, Paris"), or None:
    up to four capitalized words (particles aside), one of them a ground's, then maybe a comma
    and a town of one or two capitalized words."""
    place, _, town = line.strip().partition(", ")
    words = place.split()
    if not 1 <= len(words) <= _VENUE_WORDS_MAX or not _capitalized(words):
        return None
    if town and not (len(town.split()) <= 2 and _capitalized(town.split())):
        return None
    if not venue_words().intersection(word.casefold() for word in words):
        return None
    return place


def is_venue(line: str, body: str) -> bool:
    """Whether a line names a ground alone that the article's ``body`` names again."""
    place = venue_name(line)
    return place is not None and place in body


def _capitalized(words: list[str]) -> bool:
    return _CAPITALIZED.fullmatch(words[0]) is not None and all(
        _CAPITALIZED.fullmatch(word) or word in _PARTICLE for word in words
    )
