"""Why two sentences are paired: what their score is made of, and the content words they
share, matched by stem.

"sanction" and "sanctions", "defence" and "defense" are one word here, as they are for theme
matching (``themes.token_keys``); stopwords ("the", "said") are not content and never count,
nor are the function words of a sentence written in another language ("die", "und", "ist").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.analysis.scoring import LEXICAL_WEIGHT, ORDER_WEIGHT, SEMANTIC_WEIGHT
from workbench.analysis.themes import token_keys
from workbench.analysis.tokens import ENGLISH, STOPWORDS, WORD_PATTERN, function_words

_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class SharedWord:
    """A content word both sentences use: its stem and the forms each sentence has."""

    stem: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The word as a reader sees it: ``sanction`` or, when the forms differ,
        ``sanction/sanctions``."""
        forms = list(dict.fromkeys((*self.left, *self.right)))
        return "/".join(forms)


_OWN_LANGUAGE_WORDS = 2  # function words of another language a sentence needs to be in it


def content_words(text: str) -> list[str]:
    """The words of ``text`` other than stopwords (its language's, when it is written in
    another language than English) and single letters, lower-cased, in order."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    stopwords = _function_words_of(words)
    return [word for word in words if len(word) > 1 and word not in stopwords]


def _function_words_of(words: list[str]) -> frozenset[str]:
    """The function words of the language most of ``words``' function words are of: English
    (``STOPWORDS``) on a tie or when too few are another language's."""
    counts = {
        language: sum(word in known for word in words)
        for language, known in function_words().items()
    }
    best = max(counts, key=lambda language: (counts[language], language == ENGLISH))
    if best == ENGLISH or counts[best] < _OWN_LANGUAGE_WORDS:
        return STOPWORDS
    return STOPWORDS | function_words()[best]


def shared_content_words(left_text: str, right_text: str) -> list[SharedWord]:
    """The content words two sentences share by stem, in the order of the left sentence."""
    left, right = content_words(left_text), content_words(right_text)
    keys = token_keys(left + right)
    left_forms: dict[str, list[str]] = {}
    right_forms: dict[str, list[str]] = {}
    for forms, words, stems in (
        (left_forms, left, keys[: len(left)]),
        (right_forms, right, keys[len(left) :]),
    ):
        for word, stem in zip(words, stems, strict=True):
            found = forms.setdefault(stem, [])
            if word not in found:
                found.append(word)
    return [
        SharedWord(stem, tuple(forms), tuple(right_forms[stem]))
        for stem, forms in left_forms.items()
        if stem in right_forms
    ]


@dataclass(frozen=True)
class ScorePart:
    """One part of a pair's score: what it measures, its weight in the score, its value."""

    name: str
    weight: float
    value: float


def score_parts(score: float, lexical: float | None, semantic: float | None) -> list[ScorePart]:
    """The parts a hybrid score is the weighted sum of (``scoring.combine``): wording, word order
    and meaning; [] when the score is the wording score alone (no embeddings). Word order is
    not kept with a pair: it is what the rest of the score leaves."""
    if lexical is None or semantic is None:
        return []
    order = (score - LEXICAL_WEIGHT * lexical - SEMANTIC_WEIGHT * semantic) / ORDER_WEIGHT
    return [
        ScorePart("wording", LEXICAL_WEIGHT, lexical),
        ScorePart("word order", ORDER_WEIGHT, max(0.0, min(100.0, order))),
        ScorePart("meaning", SEMANTIC_WEIGHT, semantic),
    ]
