"""Sentence and paragraph segmentation with offsets into the original text."""

from __future__ import annotations

import pytest

from workbench.corpus.segment import line_spans, paragraph_spans, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        "He told Mr. Putin that Russia must try harder.",
        "Mrs. Clinton and Dr. Rice met Gen. Petraeus in Kabul.",
        "The U.S. Senate ratified the treaty in 2010.",
        "Talks between the U.S. and Russia are unlikely to produce results.",
        "The meeting on Dec. 3 was cancelled.",
        "He will visit St. Petersburg in September.",
        "By Maxim A. Suchkov, a fellow at the council.",
        "The opinions are solely those of Mark N. Katz of George Mason University.",
        "The talks were held in Washington, D.C. on Monday.",
        "He said it was time … to start building a new matrix.",
        "Exports (e.g. grain) rose, as did imports, i.e. machinery.",
        "They met at 10 a.m. in the Kremlin.",
    ],
)
def test_no_break_at_abbreviations_initials_and_ellipses(text):
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We want peace. We want it now," he said. Then he left.',
            ['"We want peace. We want it now," he said.', "Then he left."],
        ),
        (
            "“I hope to meet him. We will have chances,” Putin wrote. Kerry agreed.",
            ["“I hope to meet him. We will have chances,” Putin wrote.", "Kerry agreed."],
        ),
        ("He said “No. Never.” and left.", ["He said “No. Never.” and left."]),
    ],
)
def test_no_break_inside_a_quotation(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia agreed. The U.S. did not.", ["Russia agreed.", "The U.S. did not."]),
        (
            "It was made in the U.S. The Russians objected.",
            ["It was made in the U.S.", "The Russians objected."],
        ),
        (
            "Why would Putin behave this way? It may be because of Iran.",
            ["Why would Putin behave this way?", "It may be because of Iran."],
        ),
        ("Stop! Now.", ["Stop!", "Now."]),
        (
            "He spoke well. … The fact that we meet is good.",
            ["He spoke well.", "… The fact that we meet is good."],
        ),
        (
            'Moscow views it as an "undesirable" group." This follows an earlier label.',
            ['Moscow views it as an "undesirable" group."', "This follows an earlier label."],
        ),
        ("In 2013 it rose. 2014 was worse.", ["In 2013 it rose.", "2014 was worse."]),
        (
            "Kerry met Lavrov. (They spoke for hours.) Nothing changed.",
            ["Kerry met Lavrov.", "(They spoke for hours.)", "Nothing changed."],
        ),
    ],
)
def test_sentence_breaks(text, expected):
    assert sentences(text) == expected


def test_offsets_point_into_the_given_text():
    text = "  First one here.\u00a0 Second one there.  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["First one here.", "Second one there."]
    offset = 10
    padded = "x" * offset + text
    assert sentence_spans(padded, offset, len(padded)) == [
        (a + offset, b + offset) for a, b in spans
    ]


def test_lines_handle_all_line_endings():
    text = "one\r\ntwo\rthree\nfour"
    assert [text[a:b] for a, b in line_spans(text)] == ["one", "two", "three", "four"]


def _paragraphs(text: str) -> list[str]:
    lines = line_spans(text)
    return [text[a:b] for a, b in paragraph_spans(text, lines, [True] * len(lines))]


def test_paragraphs_blank_line_separated():
    text = "First para.\n\nSecond para,\nwrapped here.\n\n\nThird."
    assert _paragraphs(text) == ["First para.", "Second para,\nwrapped here.", "Third."]


def test_paragraphs_one_per_line_without_blank_lines():
    text = "A first paragraph ends here.\nThe second starts in capitals.\nThird one."
    assert _paragraphs(text) == [
        "A first paragraph ends here.",
        "The second starts in capitals.",
        "Third one.",
    ]


def test_hard_wrapped_lines_join_into_one_paragraph():
    text = (
        "Moscow and Washington have never really come to cooperate on major\n"
        "security challenges in the Middle East, analysts said on Tuesday in\n"
        "Moscow.\n\nNext paragraph."
    )
    paragraphs = _paragraphs(text)
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith("Moscow.")


def test_removed_lines_split_paragraphs():
    text = "Alpha is here\nAdvertisement\nbeta follows."
    lines = line_spans(text)
    spans = paragraph_spans(text, lines, [True, False, True])
    assert [text[a:b] for a, b in spans] == ["Alpha is here", "beta follows."]


def test_bullets_are_their_own_paragraphs():
    text = "The list follows and it is quite a long line of text\n• first item\n• second item"
    assert _paragraphs(text)[1:] == ["• first item", "• second item"]
