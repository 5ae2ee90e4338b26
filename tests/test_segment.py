"""Sentence and paragraph segmentation with offsets into the original text."""

from __future__ import annotations

import pytest

from workbench.corpus.segment import MAX_SENTENCE, line_spans, paragraph_spans, sentence_spans


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
        # A German date's day and a century are ordinals, written with a period.
        "Am 28. Januar 2015 trafen sich Kerry und Lawrow in Genf.",
        "Seit dem 1. Mai gelten die Sanktionen, wie im 19. Jahrhundert die Zölle.",
        # ... and so is a number after the word that governs it
        "Auch am 10. Spieltag gab es strittige Entscheidungen, zum 3. Mal in Folge.",
        "Zum 2. Mal traf Merkel Putin in der 1. Runde der Gespräche.",
        # A list's number opening its line
        "2. Check the peep hole has not been tampered with",
        "- 3. Don't use a wooden luggage rack",
        # Russian titles, "see", "named after" and a city's "г." before a name.
        "По словам проф. Иванова и акад. Петрова, доклад (см. Приложение 2) верен.",
        "Он родился в г. Москве на ул. Арбат, в доме им. Ленина.",
        # German sums and "respectively"
        "Der Umsatz lag bei 72 Mrd. Dollar, die Kosten bei 400 Mio. Euro bzw. mehr.",
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
        (  # several quotations: each full stop is looked up among them
            "“Yes. Now,” he said. It ended. “No. Never,” she said. “Go. Now,” they said. Done.",
            [
                "“Yes. Now,” he said.",
                "It ended.",
                "“No. Never,” she said.",
                "“Go. Now,” they said.",
                "Done.",
            ],
        ),
        (  # a word before a full stop is read back to its start however long it is
            "See www.example.org/" + "a" * 150 + ". Then Mr. Lavrov spoke.",
            ["See www.example.org/" + "a" * 150 + ".", "Then Mr. Lavrov spoke."],
        ),
    ],
)
def test_no_break_inside_a_quotation(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seven secrets.\n4. Hotel rooms are priced by what they cost to build.",
            ["Seven secrets.", "4. Hotel rooms are priced by what they cost to build."],
        ),
        # a line wrapped in mid-sentence may open with the number that ends it
        ("The final score was\n48. Then it ended.", ["The final score was\n48.", "Then it ended."]),
    ],
)
def test_a_number_opening_a_line_is_a_list_item_below_a_finished_line(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia agreed. The U.S. did not.", ["Russia agreed.", "The U.S. did not."]),
        ("The vote was 52 to 48. The bill passed.", ["The vote was 52 to 48.", "The bill passed."]),
        (
            "Die Abstimmung endete 52 zu 48. Dann ging es weiter.",
            ["Die Abstimmung endete 52 zu 48.", "Dann ging es weiter."],
        ),
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
        # A number ending a sentence before an English month is no German date.
        (
            "The vote was 52 to 48. May brought another.",
            ["The vote was 52 to 48.", "May brought another."],
        ),
        ("Er wurde 28. Dann kam der Januar.", ["Er wurde 28.", "Dann kam der Januar."]),
        # After a year "г." is the year's, and a sentence may end with it.
        (
            "Встреча прошла 7 мая 2013 г. В Москве Керри встретился с Лавровым.",
            ["Встреча прошла 7 мая 2013 г.", "В Москве Керри встретился с Лавровым."],
        ),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials discussed Syria. Élysée officials agreed.",
            ["Officials discussed Syria.", "Élysée officials agreed."],
        ),
        ("Talks stalled! Österreich offered help.", ["Talks stalled!", "Österreich offered help."]),
        (
            "Министр прибыл в Москве. Стороны обсудили ситуацию в Сирии. Лавров заявил, что всё.",
            [
                "Министр прибыл в Москве.",
                "Стороны обсудили ситуацию в Сирии.",
                "Лавров заявил, что всё.",
            ],
        ),
        ("Η συνάντηση έγινε. Ο υπουργός μίλησε.", ["Η συνάντηση έγινε.", "Ο υπουργός μίλησε."]),
        # A lower-case letter outside ASCII continues the sentence, as an ASCII one does.
        ("Он приехал в т.ч. вечером. Все ждали.", ["Он приехал в т.ч. вечером.", "Все ждали."]),
        ("Exports (e.g. éclairs) rose.", ["Exports (e.g. éclairs) rose."]),
        # Scripts without case cannot say "this goes on", so any of their letters may open one.
        ("Talks ended. 双方同意。", ["Talks ended.", "双方同意。"]),
        ("Talks ended. Mr. 李 left.", ["Talks ended.", "Mr. 李 left."]),
    ],
)
def test_any_capital_letter_opens_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ST. PETERSBURG, Russia — Putin spoke. He left.",
            ["ST. PETERSBURG, Russia — Putin spoke.", "He left."],
        ),
        ("WE MET GEN. SMITH AT NOON.", ["WE MET GEN. SMITH AT NOON."]),
        (
            "The talks were in ST. PETERSBURG. It rained.",
            ["The talks were in ST. PETERSBURG.", "It rained."],
        ),
        # Only titles: other abbreviations in capitals end sentences before a capital.
        ("He called it NO. The end.", ["He called it NO.", "The end."]),
    ],
)
def test_a_title_written_in_capitals_does_not_end_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "TALLAHASSEE, Fla. (AP) — Gov. Rick Scott said the state would appeal.",
        "LEXINGTON, Ky. (AP) -- A county clerk has appealed the ruling.",
        "ALBANY, N.Y. (AP) — The budget passed late on Friday.",
        "ST. PAUL, Minn. (AP) - Lawmakers met again on Monday.",
        "SACRAMENTO, Calif. (Reuters) - A lawmaker resigned on Monday.",
        "WEST PALM BEACH/JUPITER, Fla. (Reuters) - The talks went on.",
        "Grayson, Ky. \u00a0(Reuters) – The clerk walked out of jail.",
        "BOSTON, Mass. Sept. 15 (AP) - The trial opened.",
        "WASHINGTON, D.C. — The hearing was put off.",
    ],
)
def test_a_state_in_a_wire_dateline_does_not_end_a_sentence(text):
    assert sentences(f"{text} It rained.") == [text, "It rained."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He moved to Tallahassee, Fla. He left.", ["He moved to Tallahassee, Fla.", "He left."]),
        ("TALLAHASSEE, Fla. He left.", ["TALLAHASSEE, Fla.", "He left."]),
        ("She lives in Lexington, Ky., on a farm.", ["She lives in Lexington, Ky., on a farm."]),
        # Only a place opening its line takes a dateline's state.
        (
            "He moved to Tallahassee, Fla. May 7 was his first day.",
            ["He moved to Tallahassee, Fla.", "May 7 was his first day."],
        ),
        # A sentence in brackets is no credit.
        (
            "He was in Tallahassee, Fla. (The governor was not.) He left.",
            ["He was in Tallahassee, Fla.", "(The governor was not.)", "He left."],
        ),
    ],
)
def test_a_state_elsewhere_may_end_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会谈。双方同意！真的吗？是的。", ["会谈。", "双方同意！", "真的吗？", "是的。"]),
        ("会谈结束。 Lavrov left.", ["会谈结束。", "Lavrov left."]),
        # The closing quote belongs to the sentence it closes.
        ("他说：“我们会谈了。”然后离开。", ["他说：“我们会谈了。”", "然后离开。"]),
        ("外相は「会談した。」次に東京へ。", ["外相は「会談した。」", "次に東京へ。"]),
        # Inside a quotation a full stop does not end the sentence, as in English.
        ("他说“好。走吧”就走了。", ["他说“好。走吧”就走了。"]),
    ],
)
def test_cjk_full_stops_end_sentences_without_spaces(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Мы готовы.» Лавров ушёл.", ["«Мы готовы.»", "Лавров ушёл."]),
        ("Он сказал. «Мы готовы». Все ждали.", ["Он сказал.", "«Мы готовы».", "Все ждали."]),
        (
            "«Мы хотим мира. Мы хотим его сейчас», — сказал он. Потом ушёл.",
            ["«Мы хотим мира. Мы хотим его сейчас», — сказал он.", "Потом ушёл."],
        ),
    ],
)
def test_guillemets_are_quotation_marks(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. officials met in Geneva.",
        "Kerry spoke with Mr. Lavrov on Monday.",
        "The U.S. Élysée talks went on.",
        "Kerry spoke with Mr. Лавров on Monday.",
        "Сергей В. Лавров прибыл.",
        "Dr. Ödön Kovács attended.",
    ],
)
def test_abbreviations_and_initials_before_any_script_do_not_split(text):
    assert sentences(text) == [text]


def test_offsets_are_exact_in_non_ascii_text():
    text = "«Да». Министр прибыл.\u00a0Ёлка стоит. 会谈。双方 agreed."
    offset = 7
    padded = "é" * offset + text
    spans = sentence_spans(padded, offset, len(padded))
    assert [padded[a:b] for a, b in spans] == [
        "«Да».",
        "Министр прибыл.",
        "Ёлка стоит.",
        "会谈。",
        "双方 agreed.",
    ]
    assert spans[0][0] == offset and spans[-1][1] == len(padded)


def test_cjk_lines_ending_a_sentence_are_separate_paragraphs():
    text = "双方今天在莫斯科举行了会谈。\n外长表示会谈富有成果。\n"
    assert _paragraphs(text) == ["双方今天在莫斯科举行了会谈。", "外长表示会谈富有成果。"]


def _words(text: str) -> list[str]:
    return text.split()


def test_a_run_without_sentence_ends_is_cut_into_pieces_at_clause_breaks():
    # A list saved without punctuation: one "sentence" of 6,000 characters.
    text = "Lead sentence here. " + ", ".join(f"Item number {k} of the list" for k in range(240))
    pieces = sentences(text)
    assert pieces[0] == "Lead sentence here."
    assert len(pieces) > 6
    assert all(0 < len(piece) <= MAX_SENTENCE for piece in pieces)
    assert all(piece.endswith(",") for piece in pieces[1:-1])  # cut after a comma
    assert _words(" ".join(pieces)) == _words(text)  # nothing lost, nothing doubled


def test_a_run_without_clause_breaks_is_cut_at_spaces_and_one_without_spaces_at_the_limit():
    text = "Russia said the sanctions were illegal and would be answered " * 100
    pieces = sentences(text)
    assert all(0 < len(piece) <= MAX_SENTENCE for piece in pieces)
    assert all(not piece[0].isspace() and not piece[-1].isspace() for piece in pieces)
    assert _words(" ".join(pieces)) == _words(text)  # cut between words, never inside one
    unspaced = "字" * 2_500
    assert [len(piece) for piece in sentences(unspaced)] == [1_000, 1_000, 500]


def test_a_long_run_is_cut_before_a_dash_and_offsets_stay_in_the_original():
    text = "Intro. " + "A " + "very " * 120 + "long clause — " + "and more " * 100 + "end."
    spans = sentence_spans(text, 0, len(text))
    assert all(end - start <= MAX_SENTENCE for start, end in spans)
    assert any(text[start:end].startswith("— and more") for start, end in spans)
    assert all(text[start:end] == text[start:end].strip() for start, end in spans)


def test_a_form_feed_ends_a_line():
    text = "Last line of page one.\fFirst line of page two.\n"
    assert [text[a:b] for a, b in line_spans(text)] == [
        "Last line of page one.",
        "First line of page two.",
        "",
    ]


def test_two_sentences_a_copy_glued_together_are_two():
    # A copy that lost its line breaks ("…altogether.Featured image via …") ends a sentence
    # where a word of two letters or more stops and a capitalised word begins.
    text = "It got worse for lenders.It gets worse: Mr. Kushner said so.Featured image via AP."
    assert sentences(text) == [
        "It got worse for lenders.",
        "It gets worse: Mr. Kushner said so.",
        "Featured image via AP.",
    ]
    # Initials, titles, addresses and names written with a full stop stay whole.
    for whole in (
        "The U.S.Army said so.",
        "He visited nytimes.com today.",
        "He met J.R.R. Smith.",
        "Read Calcutta News.Net today.",
        "Visit www.Facebook.com now.",
        "Mail Bayour82@yahoo.Co.uk now.",
        "Go to Healthcare.Gov now.",
        "Ask Col.Tony Shaffer today.",
    ):
        assert sentences(whole) == [whole]


def test_a_sentence_going_on_below_a_blank_line_in_lower_case_is_one_paragraph():
    opening = "He said the role they took was that of an"
    going_on = "agent provocateur and perhaps more than that."
    text = f"{opening}\n\n{going_on}\n\nThe others spoke.\n\nRussia,\n\nand the others.\n"
    lines = line_spans(text)
    found = [text[a:b] for a, b in paragraph_spans(text, lines, [True] * len(lines))]
    assert found == [
        f"{opening}\n\n{going_on}",
        "The others spoke.",
        "Russia,",  # a word and a comma: too little to say a sentence goes on
        "and the others.",
    ]
