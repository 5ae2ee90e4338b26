"""Search in an article pane: every match found, tags skipped, each match's sentence named."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.tui.widgets.article_pane import Block, TextMatch, find_in_blocks


def _spans(cuts: list[int], length: int) -> list[tuple[int, int]]:
    """Disjoint spans in text order from sorted cut points (every other gap a span)."""
    points = sorted({0, *(c % (length + 1) for c in cuts), length})
    return [(a, b) for a, b in pairwise(points) if a < b][::2]


def _naive(blocks: list[Block], needle: str) -> list[TextMatch]:
    """The search written plainly: every tag and sentence looked at for every match."""
    found = []
    for index, block in enumerate(blocks):
        haystack = block.text.lower()
        position = haystack.find(needle)
        while position != -1:
            end = position + len(needle)
            if not any(start < end and position < stop for start, stop in block.tags):
                sentence = next(
                    (sid for start, stop, sid in block.sentences if start <= position < stop),
                    None,
                )
                found.append(TextMatch(index, position, end, sentence))
            position = haystack.find(needle, position + 1)
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text("ab ", min_size=1, max_size=60),
            st.lists(st.integers(0, 60), max_size=12),
            st.lists(st.integers(0, 60), max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["a", "ab", "b a", "aa"]),
)
def test_search_finds_what_looking_at_everything_finds(parts, needle) -> None:
    blocks = []
    for text, sentence_cuts, tag_cuts in parts:
        sentences = [(a, b, n) for n, (a, b) in enumerate(_spans(sentence_cuts, len(text)))]
        blocks.append(Block(text, sentences=sentences, tags=_spans(tag_cuts, len(text))))
    assert find_in_blocks(blocks, needle) == _naive(blocks, needle)


def test_a_long_tagged_paragraph_is_searched_in_one_pass() -> None:
    sentence = "Intelligence agencies concluded that Russia interfered. ‹election_interference› "
    text = sentence * 3000
    step = len(sentence)
    tag = sentence.index("‹")
    block = Block(
        text,
        sentences=[(n * step, n * step + tag, n) for n in range(3000)],
        tags=[(n * step + tag, n * step + step - 1) for n in range(3000)],
    )
    found = find_in_blocks([block], "t")
    assert len(found) == 3000 * sentence[:tag].lower().count("t")
    assert found[-1].sentence == 2999 and all(m.sentence is not None for m in found)
