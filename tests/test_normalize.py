"""Normalization for matching, and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.corpus.normalize import normalize_for_matching, normalize_many, normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "recent passage of tit – for – tat human rights sanctions",
            "recent passage of tit-for-tat human rights sanctions",
        ),
        ("a policy of non – interference toward both", "a policy of non-interference toward both"),
        (
            "Human rights discussions and pro – democracy forces",
            "human rights discussions and pro-democracy forces",
        ),
        ("a face — to — face meeting", "a face-to-face meeting"),
        (
            "slow to compromise – and even slower to make concessions",
            "slow to compromise - and even slower to make concessions",
        ),
        (
            "the allegations of collusion — as lifted by the report",
            "the allegations of collusion - as lifted by the report",
        ),
        (
            "sanctions -- much less the use of force -- as being effective",
            "sanctions - much less the use of force - as being effective",
        ),
        ("US–Russia relations, 2012–2019", "us-russia relations, 2012-2019"),
        ("the deal—if any—was", "the deal - if any - was"),
        ("Russia and theUnited States must", "russia and the united states must"),
        (
            "vetoing twoUN Security Council resolutions",
            "vetoing two un security council resolutions",
        ),
        ("everyone agreeson the need", "everyone agrees on the need"),
        (
            "Center for Political Technologiesin Moscow",
            "center for political technologies in moscow",
        ),
        ("the Kremlin’s “official” website", 'the kremlin\'s "official" website'),
        ("the G-20 leader‘s summit", "the g-20 leader's summit"),
        ("Putin\u00a0met\u2009Kerry  in\tthe\nKremlin", "putin met kerry in the kremlin"),
        ("remarks vis-à-vis Russia", "remarks vis-à-vis russia"),
        ("as well. … The fact", "as well. ... the fact"),
        ("inter\u00adnational", "international"),
        ("İstanbul", "istanbul"),
        # Handles, hashtags and links keep their words together (glued only in the text).
        ("— Donald J. Trump (@realDonaldTrump)", "- donald j. trump (@realdonaldtrump)"),
        ("#SyriaTalks resume; theUnited States", "#syriatalks resume; the united states"),
        ("pic.twitter.com/theKremlinAb", "pic.twitter.com/thekremlinab"),
    ],
)
def test_normalize_cases(text, expected):
    assert normalize_text(text) == expected
    assert normalize_for_matching(text)[0] == expected


@pytest.mark.parametrize(
    "word",
    [
        "Putin",
        "Kremlin",
        "Washington",
        "reason",
        "season",
        "within",
        "person",
        "Lavrov",
        "Medvedev",
        "Boston",
        "common",
        "protein",
        "Clinton",
        "iPhone",
        "Tillerson",
        "Stevenson",
        "eBay",
        "McDonald",
    ],
)
def test_real_words_are_not_split(word):
    assert normalize_text(f"a {word} b") == f"a {word.lower()} b"


def test_offset_map_points_back_to_the_source():
    text = "Kerry met theUnited States’ envoy – and Putin agreeson tit – for – tat."
    norm, index = normalize_for_matching(text)
    assert len(index) == len(norm)
    start = norm.index("united states")
    end = start + len("united states")
    assert text[index[start] : index[end - 1] + 1] == "United States"
    start = norm.index("agrees on")
    assert text[index[start] : index[start + len("agrees on") - 1] + 1] == "agreeson"
    start = norm.index("tit-for-tat")
    assert text[index[start] : index[start + len("tit-for-tat") - 1] + 1] == "tit – for – tat"


_PIECES = st.sampled_from(
    [
        *list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,'\"-"),
        "–",
        "—",
        "’",
        "“",
        "”",
        "\xa0",
        "…",
        "\n",
        "\t",
        "the",
        "on",
        "in",
        "U",
        "N",
        "non",
        " – ",
        "\xad",
        "İ",
        "--",
        "\x00",
        "ﬁ",
        "ß",
        "agrees",
        "reas",
    ]
)
_TEXT = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_fast_and_mapped_forms_agree(text):
    norm, index = normalize_for_matching(text)
    assert norm == normalize_text(text)
    assert len(index) == len(norm)
    assert all(0 <= i < len(text) for i in index)
    assert index == sorted(index)
    for char, position in zip(norm, index, strict=True):
        if char.isalpha() and char.isascii() and text[position].isascii():
            assert text[position].lower() == char


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_normalize_many_matches_one_at_a_time(texts):
    assert normalize_many(texts) == [normalize_text(text) for text in texts]


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_line_wrapping_does_not_change_the_result(text):
    """``norm`` of a sentence equals the normalization of its original, unfolded slice."""
    assert normalize_text(text) == normalize_text(" ".join(text.split()))


_DASH_TEXT = st.text(
    alphabet=list("ab1 .,-\n\t\x00\u00a0\u2012\u2013\u2014\u2015\u2212"), max_size=16
)


@settings(max_examples=500, deadline=None)
@given(_DASH_TEXT)
def test_dashes_found_from_the_dash_match_the_pattern_tried_everywhere(text):
    """The dash step finds its matches from the dashes; they are the pattern's own matches."""
    from workbench.corpus.normalize import _DASH, _dash, _Dashes

    found = _Dashes()
    assert [m.span() for m in found.finditer(text)] == [m.span() for m in _DASH.finditer(text)]
    assert found.sub(_dash, text) == _DASH.sub(_dash, text)
