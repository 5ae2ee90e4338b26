"""Why the pair in focus is paired: its scores, the content words it shares (by stem), its shared
themes with how each hit was found, and the analyst's label."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from rich.style import Style
from rich.text import Text

from workbench.analysis.explain import score_parts, shared_content_words
from workbench.tui.compare_model import Pair, PairLabel
from workbench.tui.widgets.article_pane import (
    LABEL_GLYPHS,
    LABEL_STYLES,
    ArticleData,
    sentence_label,
)
from workbench.tui.widgets.text_strip import TextStrip

_HEAD = Style(bold=True)
MEANING = "meaning"  # a theme hit found by meaning (``themes``) rather than by its words


def _value(pair: Pair, column: str) -> float | None:
    value = pair.row.extra.get(column)
    return float(value) if isinstance(value, int | float) else None


def score_summary(pair: Pair) -> str:
    """``score 62 (wording 55, meaning 70)``: the pair's score with its two signals, for the
    heading of the pair in focus (``score 45 (wording 55, no meaning)`` without a meaning
    score, ``score 62`` alone when neither is known)."""
    text = f"score {pair.score:.0f}"
    lexical, semantic = _value(pair, "lexical"), _value(pair, "semantic")
    if lexical is not None and semantic is not None:
        text += f" (wording {lexical:.0f}, meaning {semantic:.0f})"
    elif lexical is not None:
        text += f" (wording {lexical:.0f}, no meaning)"
    return text


def score_line(pair: Pair) -> str:
    """``score 62 = .25 × wording 55 + .25 × word order 48 + .5 × meaning 70``, or the wording
    score alone when there is no meaning score (``score 45 (wording 55 alone)``: stretched to
    the hybrid's scale, ``scoring.wording_only``)."""
    parts = score_parts(pair.score, _value(pair, "lexical"), _value(pair, "semantic"))
    text = f"score {pair.score:.0f}"
    if parts:
        sums = " + ".join(f"{part.weight:g} × {part.name} {part.value:.0f}" for part in parts)
        text += f" = {sums.replace('0.', '.')}"
    elif (lexical := _value(pair, "lexical")) is not None:
        text += f" (wording {lexical:.0f} alone)"
    else:
        text += " (wording alone)"
    if pair.manual:
        text += " · paired by hand"
    return text


def theme_hits_line(pair: Pair, articles: Mapping[str, ArticleData]) -> str:
    """Each shared theme with the words that were found for it on each side (and how)."""
    parts = []
    for theme in pair.themes:
        sides = []
        for article_id, sentence in (
            (pair.ref_id, pair.ref_sentence),
            (pair.other_id, pair.other_sentence),
        ):
            hits = articles[article_id].hits
            found = hits.filter((pl.col("sentence_id") == sentence) & (pl.col("theme") == theme))
            words: dict[str, None] = {}  # each way of finding it once, in order
            for hit in found.iter_rows(named=True):
                method = hit.get("method")
                if method == MEANING:
                    words["by meaning"] = None  # the hit is the whole sentence: nothing to quote
                    continue
                text = f"“{hit.get('matched_text') or hit['phrase']}”"
                words[f"{text} by {method}" if method else text] = None
            sides.append(f"{article_id} {', '.join(words) or '—'}")
        parts.append(f"{theme} ({'; '.join(sides)})")
    return " · ".join(parts) if parts else "none"


def label_line(label: PairLabel | None) -> Text:
    """The label as stored: glyph, word, who; its note."""
    line = Text()
    if label is None:
        return line.append("none yet · y same · r related · f unrelated", style=Style(dim=True))
    if label.label is not None:
        line.append(f"{LABEL_GLYPHS[label.label]} {label.label}", style=LABEL_STYLES[label.label])
    else:
        line.append("no label")
    if label.who:
        line.append(f" by {label.who}")
    if label.note:
        line.append(f" · note: {label.note}")
    return line


def explanation(pair: Pair, articles: Mapping[str, ArticleData], label: PairLabel | None) -> Text:
    """The explanation of one pair, a few lines."""
    left = articles[pair.ref_id].sentence_text(pair.ref_sentence)
    right = articles[pair.other_id].sentence_text(pair.other_sentence)
    words = shared_content_words(left, right)
    text = Text()
    rows: list[tuple[str, Text | str]] = [
        (
            "Why",
            f"{pair.ref_id} {sentence_label(pair.ref_sentence)} ↔ "
            f"{pair.other_id} {sentence_label(pair.other_sentence)}: {score_line(pair)}",
        ),
        (
            "Words",
            f"{len(words)} shared by stem: " + ", ".join(word.shown for word in words)
            if words
            else "no content word in common",
        ),
        ("Themes", theme_hits_line(pair, articles)),  # shown, never part of the score
        ("Label", label_line(label)),
    ]
    for name, value in rows:
        if text.plain:
            text.append("\n")
        text.append(f"{name:<7}", style=_HEAD)
        text.append_text(value if isinstance(value, Text) else Text(value))
    return text


class ExplainView(TextStrip):
    """A strip under the panes explaining the pair in focus."""

    def __init__(self) -> None:
        super().__init__("explain-body")
