"""Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, then a legacy code page; binary detection.

UTF-8 text with a few bytes that are not stays UTF-8, those bytes read as U+FFFD. Text that is
not UTF-8 is read as cp1252 (latin-1 where cp1252 leaves a byte undefined), the
code page of English and Western European text saved by Windows, unless that reading is
implausible: then the encoding is detected (``charset_normalizer``) and kept when it reads as
another script (Russian in cp1251 or KOI8-R, Greek, Arabic, Japanese, Chinese, Korean). A
detector alone reads short or Latin-script text wrongly (cp1250 for French, German or English
with one accented letter), so it is asked only when cp1252 gives gibberish, and its answer
counts only when it is a script other than Latin.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Control characters that never occur in text files (tab, newlines, form feed and escape excepted).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x7F}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))
_SAMPLE_SIZE = 8192
_STRAY_NULS = 2  # NUL bytes a text file's start may hold (a binary file's holds many more)


@dataclass(frozen=True)
class DecodedText:
    """A decoded file: its text (BOM removed) and the encoding that was used."""

    text: str
    encoding: str
    guessed: bool  # True when the encoding is a fallback guess worth a warning
    replaced: int = 0  # bytes that were not UTF-8 in text that otherwise is, each read as �
    nuls: int = 0  # NUL bytes left out of the text

    @property
    def problem(self) -> str | None:
        """What a warning says of the decoding ("not UTF-8, read as cp1252"), None if nothing."""
        said = []
        if self.replaced:
            count = f"{self.replaced} byte{'s' if self.replaced > 1 else ''}"
            said.append(f"UTF-8 but for {count}, read as \ufffd")
        elif self.guessed:
            said.append(f"not UTF-8, read as {self.encoding}")
        if self.nuls:  # a cut-off download's padding, a stray byte: the text around them is read
            said.append(f"{self.nuls:,} NUL byte{'s' if self.nuls > 1 else ''} left out")
        return "; ".join(said) or None


class NotTextError(ValueError):
    """The bytes do not look like a text file."""


def looks_binary(raw: bytes) -> bool:
    """True when ``raw`` looks like a binary file, not text: more than a stray NUL byte or a
    few control bytes in its start (NUL bytes padding its end, a cut-off download's, left
    out)."""
    sample = raw.rstrip(b"\x00")[:_SAMPLE_SIZE]
    if not sample:
        return bool(raw)
    if sample.count(0) > _STRAY_NULS:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    return controls / len(sample) > 0.05


def decode_text(raw: bytes) -> DecodedText:
    """Decode file bytes as UTF-8, UTF-8 with BOM, UTF-16 with BOM, cp1252, then latin-1; the
    few NUL bytes text may hold (``looks_binary``) left out.

    Raises ``NotTextError`` when the bytes look binary.
    """
    decoded = _decoded(raw)
    nuls = decoded.text.count("\x00")
    if nuls:
        return dataclasses.replace(decoded, text=decoded.text.replace("\x00", ""), nuls=nuls)
    return decoded


def _decoded(raw: bytes) -> DecodedText:
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return DecodedText(raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig", False)
        except UnicodeDecodeError:
            pass  # a BOM followed by something else: fall through to the guesses
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(name)
            except UnicodeDecodeError:
                break
            if not _has_control_chars(text):
                return DecodedText(text, "utf-16", False)
            break
    unmarked = _utf16_without_bom(raw)
    if unmarked is not None:
        return unmarked
    if looks_binary(raw):
        raise NotTextError("not a text file")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return damaged
    try:
        western = DecodedText(raw.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        western = DecodedText(raw.decode("latin-1"), "latin-1", True)
    if _accented_share(western.text) < _IMPLAUSIBLY_ACCENTED:
        return western
    return _other_script(raw) or western


# UTF-16 written without a byte-order mark (some Windows tools' "Unicode"): in text of Latin
# letters every other byte is zero, the high byte of each character, and the others next to
# never are.
_UTF16_ZERO_SHARE = 0.4
_UTF16_SAMPLE = 4096


def _utf16_without_bom(raw: bytes) -> DecodedText | None:
    """The bytes as UTF-16 (little- or big-endian) if they are that without a byte-order mark."""
    sample = raw[: _UTF16_SAMPLE - _UTF16_SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 8 or len(raw) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, others, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= _UTF16_ZERO_SHARE * pairs and others <= pairs // 100:
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                return None
            return None if _has_control_chars(text) else DecodedText(text, "utf-16", False)
    return None


# UTF-8 text with a few bytes that are not (a cut-off download, a line pasted from a file in
# another encoding) stays UTF-8 when its characters outside ASCII are at least as many as the
# bad bytes: read as cp1252, every curly quote and dash of it would be garbled ("â€™"). Text in
# cp1252 or another 8-bit code page has next to no valid UTF-8 sequences of two bytes or more
# (its accented letters stand between plain ones) and a bad byte at nearly every such letter.
_UTF8_PER_BAD_BYTE = 1
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")


def _damaged_utf8(raw: bytes) -> DecodedText | None:
    """The bytes as UTF-8 (a byte-order mark removed) with the few that are not read as
    U+FFFD, if they are that."""
    marked = raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8) if marked else 0 :].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if bad and bad * _UTF8_PER_BAD_BYTE <= len(_NON_ASCII.findall(text)):
        return DecodedText(text, "utf-8-sig" if marked else "utf-8", False, replaced=bad)
    return None


# In Western European text a few letters in a hundred are accented (French about 4 %); a cp1252
# reading with this share of them is another code page's text.
_IMPLAUSIBLY_ACCENTED = 0.25
# A reading counts as another script when this share of its letters are outside Latin.
_OTHER_SCRIPT = 0.6


def _accented_share(text: str) -> float:
    """The share of a text's letters that are not ASCII."""
    return _share_of_letters(text, lambda char: ord(char) > 0x7F)


def _other_script(raw: bytes) -> DecodedText | None:
    """The bytes read in the code page of another script, when one reads them as that script:
    the detector's best guess, else cp1251 (Russian, Ukrainian: a short text defeats the
    detector)."""
    from charset_normalizer import from_bytes  # 24 ms to import: only for such text

    best = from_bytes(raw).best()
    guesses = [best.encoding] if best is not None else []
    for encoding in [*guesses, "cp1251"]:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _non_latin_share(text) >= _OTHER_SCRIPT:
            return DecodedText(text, codecs.lookup(encoding).name, True)
    return None


def _non_latin_share(text: str) -> float:
    """The share of a text's letters that are not Latin."""
    return _share_of_letters(text, lambda char: "LATIN" not in unicodedata.name(char, ""))


def _share_of_letters(text: str, counted: Callable[[str], bool]) -> float:
    """The share of the letters in a text's first ``_SAMPLE_SIZE`` characters that are
    ``counted`` (0 without letters)."""
    letters = [char for char in text[:_SAMPLE_SIZE] if char.isalpha()]
    return sum(1 for char in letters if counted(char)) / len(letters) if letters else 0.0


def _has_control_chars(text: str) -> bool:
    sample = text[:_SAMPLE_SIZE]
    controls = sum(1 for char in sample if ord(char) in _CONTROL_BYTES)
    return bool(sample) and controls / len(sample) > 0.05
