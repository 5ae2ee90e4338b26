"""Normalization for matching (not display): quotes, dashes, glued words, odd spaces, case.

``normalize_text`` is the fast form for bulk use; ``normalize_for_matching`` gives the same
text plus, for every output character, the index of the input character it came from, so a
match in normalized text maps back to the original.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import filterfalse

from workbench.paths import DATA_DIR

_WORDS_PATH = DATA_DIR / "words.txt.gz"

# One character in, one character out.
_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("\u2010\u2011", "-"),
        # Odd spaces and control characters become plain spaces.
        **dict.fromkeys(
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
            "\u202f\u205f\u3000\u2028\u2029\x85",
            " ",
        ),
        **{chr(code): " " for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)},
        # The one character whose lower case is two characters long.
        "\u0130": "I",
    }
)

# Words a page glues to their neighbour: "theUnited States", "agreeson", "Technologiesin".
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "was",
        "were",
        "with",
        "that",
        "this",
        "than",
        "its",
        "his",
        "her",
        "their",
        "our",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ]
)
_GLUE_SUFFIXES = (
    "with",
    "from",
    "the",
    "and",
    "for",
    "was",
    "on",
    "in",
    "of",
    "to",
    "at",
    "by",
    "as",
    "is",
)
# Prefixes written with a hyphen that pages sometimes set as a spaced dash: "non – interference".
HYPHEN_PREFIXES = frozenset(
    [
        "non",
        "pro",
        "anti",
        "pre",
        "post",
        "co",
        "self",
        "counter",
        "neo",
        "quasi",
        "semi",
        "multi",
        "inter",
        "intra",
        "sub",
        "super",
        "ultra",
    ]
)

_DASHES = "\u2012\u2013\u2014\u2015\u2212"
# The translation as a pattern: substituting only where such characters occur is much faster
# than str.translate over long non-ASCII text.
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATION) + "]")
_TRANSLATED_BUT_NUL = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in _TRANSLATION if c != 0) + "]"
)
_CHAIN_AFTER = re.compile(rf"\s*[{_DASHES}-]")
_CHAIN_BEFORE = re.compile(rf"[{_DASHES}-]\s*$")
_ZERO_WIDTHS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTHS}]+")
_TOKEN_LETTERS = 4  # the shortest run of letters that may be words glued together
_CASE_GLUED = re.compile(r"([a-z]{2,})([A-Z].*)")
# What the dash step looks for, as substrings: a search each is faster than one pattern.
_ANY_DASH = (*_DASHES, "--")
# White space around a dash may include line breaks: the result must not depend on how the
# source was wrapped. (\s never matches NUL, the separator of normalize_many.)
_DASH = re.compile(rf"(\s*)(?:[{_DASHES}]+|(?<=[\w\s])--+(?=[\w\s]))(\s*)")
# The dash alone: a run of dashes, or two hyphens or more between words. It opens on one
# character class, which the engine scans for fast (not on an alternation, tried at every
# character); the look-behinds after it pick the branch.
_DASH_ITSELF = re.compile(rf"[{_DASHES}-](?:(?<=[{_DASHES}])[{_DASHES}]*|(?<=[\w\s]-)-+(?=[\w\s]))")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[.,]?$")
_WORD_AFTER = re.compile(r"^([A-Za-z]+)")
_ELLIPSIS = re.compile("…")
_SPACES = re.compile(r"\s+")
# What a text whose white space is folded to single spaces holds none of, in normalize_many's
# joined texts (NUL between them): the white space the translation leaves as it is (the rest
# it makes spaces), two spaces, a space at a text's start or end.
_UNFOLDED = ("  ", " \x00", "\x00 ", "\t", "\n", "\x0b", "\x0c", "\r")


@cache
def english_words() -> frozenset[str]:
    """The shipped English word list (SCOWL, lower case), used to tell glued words apart."""
    with gzip.open(_WORDS_PATH, "rt", encoding="utf-8") as stream:
        return frozenset(stream.read().split())


def _split_suffix(token: str) -> str:
    """``agreeson`` → ``agrees on`` when the whole is no word and the remainder is one."""
    words = english_words()
    lowered = token.lower()
    if lowered in words:
        return token
    capitalized = token[0].isupper()
    minimum = 5 if capitalized else 4
    for suffix in _GLUE_SUFFIXES:
        if not lowered.endswith(suffix):
            continue
        prefix = lowered[: -len(suffix)]
        if capitalized and suffix == "on" and prefix.endswith("s"):
            continue  # a surname in -son ("Tillerson", "Stevenson"), not "Tillers on"
        if (len(prefix) >= minimum and prefix in words) or (
            prefix in FUNCTION_WORDS and len(prefix) >= 2 and suffix in ("the", "a", "an")
        ):
            return token[: len(prefix)] + " " + token[len(prefix) :]
    return token


def split_glued(token: str) -> str:
    """A word token with the words a page glued together set apart ("theUnited" → "the United")."""
    glued = _CASE_GLUED.fullmatch(token)
    if glued:
        head, rest = glued.groups()
        if head in FUNCTION_WORDS or (len(head) >= 4 and head in english_words()):
            return head + " " + (_split_suffix(rest) if len(rest) >= 4 else rest)
    return _split_suffix(token)


_SPLIT_CACHE: dict[str, str] = {}  # glued tokens seen, and how they split
_UNGLUED: set[str] = set()  # tokens seen that are no glued words
_TOKENS_KEPT = 500_000  # tokens remembered, at most


# Each byte but an ASCII letter's made a space: a text's runs of letters split apart.
_LETTERS_ONLY = bytes(
    code if chr(code).isascii() and chr(code).isalpha() else 32 for code in range(256)
)


def _letter_runs(text: str) -> list[str]:
    """The runs of ASCII letters in ``text``, of every length, in order: found by translating
    its bytes and splitting, faster than a pattern finds them in a long text."""
    # A character outside ASCII is bytes of 0x80 and more, all made spaces.
    plain = text.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY)
    return plain.decode("ascii").split()


def _glue_step(text: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]] | None:
    """A substitution for the glued tokens of ``text``, or None when it has none."""
    splits: dict[str, str] = {}
    cache_ = _SPLIT_CACHE
    unglued = _UNGLUED
    # The tokens seen before that split into nothing go at once, each looked up as it comes
    # (no set of the text's tokens made first): most of a text's, after the first few articles.
    for token in set(filterfalse(unglued.__contains__, _letter_runs(text))):
        result = cache_.get(token)
        if result is None:
            # too short to be words glued together: remembered with the tokens that split
            # into nothing, so that the next text passes them over
            result = token if len(token) < _TOKEN_LETTERS else split_glued(token)
            if result == token:
                if len(unglued) < _TOKENS_KEPT:
                    unglued.add(token)
                continue
            if len(cache_) < _TOKENS_KEPT:
                cache_[token] = result
        if result != token:
            splits[token] = result
    if not splits:
        return None
    alternatives = "|".join(sorted(map(re.escape, splits), key=len, reverse=True))
    # Not in a handle, hashtag or link ("@realDonaldTrump", "#SyriaTalks", ".com/AbCdef").
    pattern = re.compile(rf"(?<![A-Za-z@#/])(?:{alternatives})(?![A-Za-z])")
    return pattern, lambda match: splits[match.group()]


def _is_hyphen_dash(text: str, start: int, end: int) -> bool:
    """Whether the dash in ``text[start:end]`` (with its spaces) joins a compound word."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text[end : end + 40])
    if not before or not after or text[start - 1] in ".,":
        return False
    left, right = before.group(1), after.group(1)
    if left.lower() in HYPHEN_PREFIXES:
        return True
    # A chain of short words: "tit – for – tat", "face – to – face", "one – on – one".
    rest = text[end + len(right) : end + len(right) + 12]
    if len(right) <= 4 and right.islower() and _CHAIN_AFTER.match(rest):
        return True
    prior = text[max(0, before.start() - 12) : before.start()]
    return len(left) <= 4 and left.islower() and _CHAIN_BEFORE.search(prior) is not None


def _dash(match: re.Match[str]) -> str:
    text = match.string
    start, end = match.start(), match.end()
    spaced = bool(match.group(1) or match.group(2))
    # NUL separates texts in normalize_many: it counts as the start or end of a text.
    left = text[start - 1] if start else "\x00"
    right = text[end] if end < len(text) else "\x00"
    if left == "\x00" or right == "\x00":
        return " - " if spaced else "-"
    if (left.isdigit() and right.isdigit()) or _is_hyphen_dash(text, start, end):
        return "-"
    dash = text[start + len(match.group(1)) : end - len(match.group(2))]
    if not spaced and dash[0] in "\u2012\u2013\u2212" and left.isalnum() and right.isalnum():
        return "-"  # an unspaced en dash joins: "US–Russia", "2012–2019"
    return " - "


def _translate_char(match: re.Match[str]) -> str:
    return _TRANSLATION[ord(match.group())]


def _delete(_match: re.Match[str]) -> str:
    return ""


def _ellipsis(_match: re.Match[str]) -> str:
    return "..."


def _space(_match: re.Match[str]) -> str:
    return " "


class _Dashes:
    """``_DASH`` as a pattern whose matches are found from their dashes.

    ``_DASH`` opens on white space, so the regular expression engine tries it at every space of
    the text; finding the dashes first and then the white space before each gives the same
    matches (the same match objects) several times faster.
    """

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``_DASH`` in ``text``, left to right."""
        end = 0
        for dash in _DASH_ITSELF.finditer(text):
            start = dash.start()
            if start < end:
                continue
            while start > end and text[start - 1].isspace():
                start -= 1
            match = _DASH.match(text, start)
            if match is None:  # cannot happen: the dash itself matches there
                continue
            yield match
            end = match.end()

    def sub(self, replace: Callable[[re.Match[str]], str], text: str) -> str:
        """``_DASH.sub(replace, text)``."""
        pieces: list[str] = []
        position = 0
        for match in self.finditer(text):
            pieces.append(text[position : match.start()])
            pieces.append(replace(match))
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)


Step = tuple[re.Pattern[str] | _Dashes, Callable[[re.Match[str]], str]]


_ZERO_WIDTH_STEP: Step = (_ZERO_WIDTH, _delete)
_ELLIPSIS_STEP: Step = (_ELLIPSIS, _ellipsis)
_DASH_STEP: Step = (_Dashes(), _dash)


def _apply(text: str, substitute: Callable[[str, Step], str]) -> str:
    """Run the substitution steps over ``text`` with ``substitute(text, step)``."""
    plain = text.isascii()  # no zero-width characters, no dashes but "--", no "…"
    # Each character looked for alone: a substring search is much faster than a pattern's.
    if not plain and any(map(text.__contains__, _ZERO_WIDTHS)):
        text = substitute(text, _ZERO_WIDTH_STEP)
    glue = _glue_step(text)
    if glue is not None:
        text = substitute(text, glue)
    if ("--" in text) if plain else any(map(text.__contains__, _ANY_DASH)):
        text = substitute(text, _DASH_STEP)
    if not plain and "…" in text:
        text = substitute(text, _ELLIPSIS_STEP)
    return text


def _plain_sub(text: str, step: Step) -> str:
    return step[0].sub(step[1], text)


def normalize_text(text: str) -> str:
    """Normalize ``text`` for matching (lower case, plain quotes and dashes, glued words split)."""
    text = _apply(_TRANSLATED.sub(_translate_char, text).strip(), _plain_sub)
    return " ".join(text.lower().split())


def normalize_many(texts: Sequence[str]) -> list[str]:
    """``normalize_text`` of each text, computed in one pass (much faster for many short texts)."""
    if not texts:
        return []
    # NUL becomes a space in every text, so it is free to separate them here.
    joined = "\x00".join(text.replace("\x00", " ") for text in texts)
    joined = _TRANSLATED_BUT_NUL.sub(_translate_char, joined)
    # Each text is trimmed, as normalize_text trims it, before the substitutions see it.
    joined = _apply("\x00".join(part.strip() for part in joined.split("\x00")), _plain_sub)
    joined = joined.lower()
    # Most often every text is spaced as normalize_text leaves it already (callers pass their
    # texts' white space folded): a few substring searches of the whole tell, and spare
    # splitting and joining each text again.
    if joined[:1] == " " or joined[-1:] == " " or any(map(joined.__contains__, _UNFOLDED)):
        return [" ".join(part.split()) for part in joined.split("\x00")]
    return joined.split("\x00")


def normalize_for_matching(text: str) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the index in ``text`` it came from."""
    text = text.translate(_TRANSLATION)
    stripped = text.lstrip()
    first = len(text) - len(stripped)
    text = stripped.rstrip()
    index = list(range(first, first + len(text)))

    def substitute(current: str, step: Step) -> str:
        nonlocal index
        result, index = _sub_with_map(step[0], step[1], current, index)
        return result

    text = _apply(text, substitute).lower()
    text = substitute(text, (_SPACES, _space))
    start, end = 0, len(text)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return text[start:end], index[start:end]


def _sub_with_map(
    pattern: re.Pattern[str] | _Dashes,
    replace: Callable[[re.Match[str]], str],
    text: str,
    index: list[int],
) -> tuple[str, list[int]]:
    """``pattern.sub(replace, text)``, carrying the offset map through the replacements."""
    pieces: list[str] = []
    new_index: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        replacement = replace(match)
        pieces.append(text[position:start])
        new_index.extend(index[position:start])
        pieces.append(replacement)
        new_index.extend(_align(replacement, text[start:end], index[start:end]))
        position = end
    pieces.append(text[position:])
    new_index.extend(index[position:])
    return "".join(pieces), new_index


def _align(replacement: str, original: str, index: list[int]) -> list[int]:
    """Source indices for the characters of ``replacement``, which stands for ``original``.

    Characters kept from the original map to themselves; inserted ones (a space splitting
    glued words, a dash's spaces) map to the nearest original character.
    """
    mapped: list[int] = []
    width = len(original)
    position = 0
    for number, char in enumerate(replacement):
        if position < width and (
            char == original[position] or len(replacement) - number == width - position
        ):
            mapped.append(index[position])
            position += 1
        else:
            mapped.append(index[min(position, width - 1)])
    return mapped
