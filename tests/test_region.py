"""A page saved as text: the page's header and footer around the article are removed."""

from __future__ import annotations

from pathlib import Path

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.ingest import ingest_document
from workbench.corpus.region import footer_start, is_page_header

PARAGRAPHS = [
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to resume "
    "talks on Syria's chemical weapons, officials said after a long meeting in Geneva.",
    "The two men met for several hours and said they would meet again later this month in New "
    "York, where the United Nations General Assembly opens its annual session.",
    "Neither side gave details of the proposal, which diplomats said would put the weapons "
    "under international control before they are destroyed over the coming year.",
    "Russia has blocked three resolutions on Syria at the Security Council, and Moscow said on "
    "Friday that it would not support any text that threatened the use of force.",
]
CLOSING = "He said he would travel to Moscow next month."
HEADER = [
    "Home",
    "Politics",
    "World Affairs",
    "Local Sports Scores",
    "Weather Radar",
    "Kerry and Lavrov agree to resume Syria talks",
]
FOOTER = [
    "Most Popular",
    "Senate passes the farm bill",
    "Storm closes schools across the state",
    "Five things to know today",
    "About Us",
    "Contact",
    "Careers",
    "Advertise With Us",
    "Terms of Use",
    "We welcome letters to the editor of up to 200 words.",
]
GALLERY = ["1 of 9", "Photo", "Caption", "Close", "2 of 9", "Photo", "Caption", "Close", "3 of 9"]


def _ingest(lines: list[str], rules=None):
    text = "\n\n".join(lines) + "\n"
    return ingest_document(text.encode(), "page.txt", None, rules or load_rules())


def _removed_by(document, rule: str) -> list[str]:
    return [document.text[s:e] for s, e, r, _ in document.removed if r == rule]


def test_the_header_above_the_headline_and_the_footer_below_the_article_are_removed():
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *FOOTER])
    assert document.article["title"] == HEADER[-1]
    removed = {document.text[s:e]: rule for s, e, rule, _ in document.removed}
    # Every line around the article goes: by a rule of its own where one matches, else by the
    # page's header or footer.
    assert all(line in removed for line in HEADER[:-1] + FOOTER)
    assert removed["Local Sports Scores"] == removed["Weather Radar"] == "page-header"
    assert removed["Storm closes schools across the state"] == "page-footer"
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)


def test_a_run_of_short_lines_inside_the_article_is_not_its_footer():
    lines = [*HEADER, *PARAGRAPHS[:2], *GALLERY, *PARAGRAPHS[2:], *FOOTER]
    document = _ingest(lines)
    kept = " ".join(document.sentence_texts)
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert not any("Senate passes" in line for line in document.sentence_texts)
    assert footer_start(lines, len(HEADER)) == len(HEADER) + 4 + len(GALLERY)


def test_prose_above_the_headline_keeps_the_lines_above_it():
    lines = [PARAGRAPHS[0], "Kerry and Lavrov agree to resume Syria talks", *PARAGRAPHS[1:]]
    assert not is_page_header(lines, 1)
    assert is_page_header(["Home", "World Affairs", *lines[1:]], 2)
    assert not is_page_header(lines, 0)


def test_an_article_without_a_footer_keeps_its_last_lines():
    lines = [*PARAGRAPHS, "Short line one", "Short line two", CLOSING]
    assert footer_start(lines, 0) is None
    document = _ingest(lines)
    assert CLOSING in document.sentence_texts


def test_a_corpus_can_switch_the_page_rules_off(tmp_path: Path):
    (tmp_path / "boilerplate.toml").write_text(
        '[[rule]]\nid = "page-header"\nenabled = false\n\n'
        '[[rule]]\nid = "page-footer"\nenabled = false\n',
        encoding="utf-8",
    )
    document = _ingest([*HEADER, *PARAGRAPHS, *FOOTER], load_rules(tmp_path))
    assert not _removed_by(document, "page-header") and not _removed_by(document, "page-footer")
    assert "Local Sports Scores" in document.sentence_texts
    assert "Storm closes schools across the state" in document.sentence_texts
