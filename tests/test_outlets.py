"""What news outlets put around their articles, as analysts save them: the furniture of wire,
broadcast and newspaper pages removed by rule, and the author their bylines name."""

from __future__ import annotations

import pytest

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.manifest import ArticleMeta

PARAGRAPHS = (
    "Russian and American negotiators met behind closed doors for more than six hours on "
    "Monday, the longest session yet in a process that both sides describe as the last chance "
    "to save the arms control framework.\n\n"
    "Officials on both sides said afterwards that the talks had been businesslike but that deep "
    "differences remained over missile defense, the future of the New START treaty and the "
    "deployment of intermediate-range weapons in Europe.\n\n"
    "The meeting came as relations between Washington and Moscow remain at their lowest point "
    "since the end of the Cold War, strained by sanctions, the war in Syria and allegations of "
    "interference in American elections.\n"
)


def _ingest(text: str, meta: ArticleMeta | None = None):
    return ingest_document(text.encode(), "page.txt", meta, load_rules())


def _removed(text: str) -> dict[str, str]:
    """Removed text → rule id."""
    document = _ingest(text)
    return {text[start:end]: rule for start, end, rule, _family in document.removed}


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Last modified on Tue 17 Jul 2018 09.12 BST", "timed-dateline"),
        ("Edited time: 12 Feb, 2016 15:02", "timed-dateline"),
        ("Updated on: July 16, 2018 / 6:37 PM / CBS News", "slashed-dateline"),
        ("Leer en español", "translation-link"),
        ("Читать на русском", "translation-link"),
        ("Follow Neil MacFarquhar on Twitter: @NeilMacFarquhar.", "follow-us"),
        ("You can follow him on Twitter: @LucasFoxNews", "follow-us"),
        ("@fweir", "follow-us"),
        (
            "NPR transcripts are created on a rush deadline by an NPR contractor. This text may "
            "not be in its final form and may be updated or revised in the future.",
            "transcript-notice",
        ),
        ("Read more about: Missile defense, United States", "labelled-link"),
        ("Paid Content", "page-furniture"),
        ("close panel", "page-furniture"),
        ("4-Minute Listen", "page-furniture"),
        ("Heard on Morning Edition", "page-furniture"),
        ("Search CNN...", "page-furniture"),
        ("Get short URL", "page-furniture"),
        ("Source: Meduza", "labelled-metadata"),
        ("BBC © MMX", "copyright-line"),
        (
            "The BBC is not responsible for the content of external internet sites.",
            "opinion-disclaimer",
        ),
        ("Keywords Russia, USA, sanctions, hacking, Obama", "labelled-metadata"),
        (
            "Request Reprint & Licensing Submit Correction View Editorial Guidelines",
            "reprints-notice",
        ),
        ("— With assistance by Jake Rudnitsky", "reporting-credit"),
        ("2:31", "reading-time"),
        ("Flipboard", "share-buttons"),
        ("Facebook Twitter Flipboard Pocket", "share-buttons"),
        (
            "THE CONTENTS OF THIS SITE ARE ©2021 CAPITOL HILL PUBLISHING CORP., A SUBSIDIARY OF "
            "NEWS COMMUNICATIONS, INC.",
            "copyright-line",
        ),
    ],
)
def test_outlets_furniture_is_removed(line, rule):
    text = f"Talks on arms control resume in Geneva\n\n{PARAGRAPHS}\n{line}\n\n{PARAGRAPHS}"
    assert _removed(text).get(line) == rule
    assert len(_ingest(text).sentence_texts) == 6  # the paragraphs, each one sentence, kept


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Associated Press", "agency-line"),
        ("BBC News", "agency-line"),
        ("06/14/2017 05:25 PM EDT", "numeric-dateline"),
        ("Updated 21/04/2022", "numeric-dateline"),
        ("Axios Smart Brevity count icon", "image-alt-text"),
        ("McClatchy Washington Bureau", "agency-line"),
    ],
)
def test_header_lines_of_outlets_are_removed_above_the_article(line, rule):
    text = f"Talks on arms control resume in Geneva\n\n{line}\n\n{PARAGRAPHS}"
    assert _removed(text).get(line) == rule


def test_a_prose_line_that_mentions_a_source_or_a_copyright_stays():
    prose = (
        "Sources close to the Kremlin said the offer would stand until the end of the year.\n\n"
        "The Associated Press reported the talks first.\n"
    )
    text = f"Talks on arms control resume in Geneva\n\n{PARAGRAPHS}\n{prose}\n{PARAGRAPHS}"
    sentences = _ingest(text).sentence_texts
    assert "Sources close to the Kremlin said the offer would stand until the end of the year." in (
        sentences
    )
    assert "The Associated Press reported the talks first." in sentences


def test_numbers_in_a_column_below_the_article_are_left_to_the_list_they_date():
    items = "".join(
        f"Headline number {n} of another story\n\nBy REUTERS\n\n11/{20 - n}/2019 0{n}:14 PM\n\n"
        for n in range(1, 7)
    )
    document = _ingest(f"Talks on arms control resume in Geneva\n\n{PARAGRAPHS}\n{items}")
    rules = {rule for _, _, rule, _ in document.removed}
    assert "numeric-dateline" not in rules  # below the article: not the article's date
    assert not any("another story" in s for s in document.sentence_texts)


def test_a_reader_appeal_of_several_paragraphs_goes_with_its_button():
    appeal = (
        "Since you're here ...\n\n"
        "… we have a small favour to ask. More people are reading the Guardian than ever but "
        "advertising revenues across the media are falling fast.\n\n"
        "If everyone who reads our reporting, who likes it, helped fund it, our future would be "
        "much more secure. For as little as £1, you can support the Guardian – and it only "
        "takes a minute. Thank you.\n\n"
        "Support The Guardian\n"
    )
    document = _ingest(f"Talks on arms control resume in Geneva\n\n{PARAGRAPHS}\n{appeal}")
    assert len(document.sentence_texts) == 3
    assert not any("favour" in s or "Guardian" in s for s in document.sentence_texts)


def test_a_caption_below_its_label_goes_but_never_the_paragraph_that_follows():
    captioned = "Image caption,\n\nThe two leaders met at a lakeside villa in Geneva\n\n"
    document = _ingest(f"Talks on arms control resume in Geneva\n\n{captioned}{PARAGRAPHS}")
    assert not any("lakeside" in s for s in document.sentence_texts)
    assert len(document.sentence_texts) == 3
    bare = "Image caption,\n\n"  # a label with no caption: the first paragraph is not one
    document = _ingest(f"Talks on arms control resume in Geneva\n\n{bare}{PARAGRAPHS}")
    assert len(document.sentence_texts) == 3


def test_the_byline_names_the_author_and_its_bio_goes():
    text = (
        "Russia says it will respond to new U.S. sanctions\n\n"
        "By Anton Troianovski and Karen DeYoung\n\nApril 15, 2021 at 2:30 p.m. EDT\n\n"
        f"{PARAGRAPHS}\n"
        "Anton Troianovski is The Washington Post's Moscow bureau chief. He previously worked "
        "for the Wall Street Journal in Berlin.\n\n"
        "Karen DeYoung is associate editor and senior national security correspondent for The "
        "Post.\n"
    )
    document = _ingest(text)
    assert document.article["author"] == "Anton Troianovski and Karen DeYoung"
    assert "author taken from a byline" in document.article["note"]
    assert len(document.sentence_texts) == 3  # both bios, each naming one of the two, removed
    assert document.article["published"] == "2021-04-15"


def test_the_author_a_manifest_gives_is_kept_over_the_byline():
    text = f"Talks resume\n\nBy Jane Doe | Fox News\n\n{PARAGRAPHS}"
    meta = ArticleMeta(article_id="page", file="page.txt", author="John Roe")
    document = _ingest(text, meta)
    assert document.article["author"] == "John Roe"
    assert "byline" not in (document.article["note"] or "")


def test_a_byline_of_another_story_below_the_article_names_no_author():
    text = f"Talks resume\n\n{PARAGRAPHS}\nMore stories\n\nPutin meets Xi\n\nBy Jane Doe\n"
    assert _ingest(text).article["author"] is None


def test_a_section_label_above_a_date_is_no_author():
    text = f"Talks resume\n\nWorld News\n\nNov 19, 2019, 10:31 pm CST\n\n{PARAGRAPHS}"
    assert _ingest(text).article["author"] is None


def test_furniture_a_rule_removed_counts_in_the_footer_below_the_article():
    # "SOURCE: ..." is removed by its rule; the box of links below it is a run of seven short
    # lines, a footer only with the source's line counted in it.
    footer = (
        "SOURCE: AL JAZEERA AND NEWS AGENCIES\n\nKeep reading\n\nlist of 4 items\n\n"
        "list 1 of 4\n\nRussia says it will not deploy missiles unless US does\n\nlist 2 of 4\n\n"
        "Pompeo: US to leave treaty in six months\n\nend of list\n"
    )
    document = _ingest(f"US and Russia trade blame\n\n{PARAGRAPHS}\n{footer}")
    assert len(document.sentence_texts) == 3


def test_a_closing_sentence_about_an_independent_paper_or_an_icon_stays():
    closing = (
        "Novaya Gazeta is an independent newspaper that has lost six of its journalists since "
        "2000.\n"
    )
    document = _ingest(f"Talks on arms control resume in Geneva\n\n{PARAGRAPHS}\n{closing}")
    assert closing.strip() in document.sentence_texts
    headline = "Putin's new icon"
    document = _ingest(f"{headline}\n\n{PARAGRAPHS}")
    assert document.article["title"] == headline
