"""Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, then cp1252 or latin-1; binary detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Control characters that never occur in text files (tab, newlines, form feed and escape excepted).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x7F}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))
_SAMPLE_SIZE = 8192


@dataclass(frozen=True)
class DecodedText:
    """A decoded file: its text (BOM removed) and the encoding that was used."""

    text: str
    encoding: str
    guessed: bool  # True when the encoding is a fallback guess worth a warning


class NotTextError(ValueError):
    """The bytes do not look like a text file."""


def looks_binary(raw: bytes) -> bool:
    """True when ``raw`` looks like a binary file, not text (NUL bytes, many control bytes)."""
    sample = raw[:_SAMPLE_SIZE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    return controls / len(sample) > 0.05


def decode_text(raw: bytes) -> DecodedText:
    """Decode file bytes as UTF-8, UTF-8 with BOM, UTF-16 with BOM, cp1252, then latin-1.

    Raises ``NotTextError`` when the bytes look binary.
    """
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
    if looks_binary(raw):
        raise NotTextError("not a text file")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(raw.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        return DecodedText(raw.decode("latin-1"), "latin-1", True)


def _has_control_chars(text: str) -> bool:
    sample = text[:_SAMPLE_SIZE]
    controls = sum(1 for char in sample if ord(char) in _CONTROL_BYTES)
    return bool(sample) and controls / len(sample) > 0.05
