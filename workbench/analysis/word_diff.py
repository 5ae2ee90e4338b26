"""The word diff inside an aligned pair: edit operations between two sentences' words.

Words are compared by a key (case, quotes and surrounding punctuation don't count, words of one
stem are equal), so Compare marks what a later article changed, not how it spelled it.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import Levenshtein

from workbench.analysis.themes import token_keys

OPCODE_DTYPE = pl.List(
    pl.Struct(
        {
            "tag": pl.String,
            "left_start": pl.Int32,
            "left_end": pl.Int32,
            "right_start": pl.Int32,
            "right_end": pl.Int32,
        }
    )
)


_WORD_EDGES = "\"'“”‘’«»()[]{}.,;:!?…—–-"


def word_keys(words: list[str]) -> list[str]:
    """What each word is compared by in a word diff: case, quotes and surrounding punctuation
    don't count, and words of one stem are equal ("sanction" and "sanctions")."""
    stripped = [word.strip(_WORD_EDGES).lower() or word for word in words]
    unknown = [word for word in dict.fromkeys(stripped) if word not in _WORD_KEYS]
    if unknown:
        if len(_WORD_KEYS) > _WORD_KEYS_KEPT:
            _WORD_KEYS.clear()
        _WORD_KEYS.update(zip(unknown, token_keys(unknown), strict=True))
    return [_WORD_KEYS.get(word) or token_keys([word])[0] for word in stripped]


# Each word's key, kept across calls: Compare diffs the same articles' words again and again.
_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_KEPT = 200_000


def _opcodes(left_keys: list[str], right_keys: list[str]) -> list[dict[str, int | str]]:
    return [
        {
            "tag": op.tag,
            "left_start": op.src_start,
            "left_end": op.src_end,
            "right_start": op.dest_start,
            "right_end": op.dest_end,
        }
        for op in Levenshtein.opcodes(left_keys, right_keys)
    ]


_NO_OPCODES = pl.Series("opcodes", [], dtype=OPCODE_DTYPE)  # most article pairs align nothing


def _words(text: str) -> list[str]:
    return text.split(" ") if text else []


def word_opcodes(left_text: str, right_text: str) -> list[dict[str, int | str]]:
    """Edit operations turning the words of ``left_text`` into those of ``right_text``.

    Words are the texts split on spaces, compared by ``word_keys`` (so "sanction" and
    "sanctions" are equal); each operation has a tag (equal, replace, insert, delete) and the
    word index ranges [start, end) on both sides.
    """
    left_words, right_words = _words(left_text), _words(right_text)
    keys = word_keys(left_words + right_words)
    return _opcodes(keys[: len(left_words)], keys[len(left_words) :])


def opcodes_column(left_texts: list[str], right_texts: list[str]) -> pl.Series:
    """The ``word_opcodes`` of each (left, right) text pair, as one column of ``OPCODE_DTYPE``."""
    texts = [_words(text) for text in (*left_texts, *right_texts)]
    # Every word is stemmed once for the whole column.
    keys = iter(word_keys([word for words in texts for word in words]))
    keyed = [[next(keys) for _ in words] for words in texts]
    count = len(left_texts)
    if not count:
        return _NO_OPCODES
    return pl.Series(
        "opcodes",
        [_opcodes(keyed[i], keyed[count + i]) for i in range(count)],
        dtype=OPCODE_DTYPE,
    )
