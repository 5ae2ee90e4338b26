"""A page's ambiguous numeric date in its markup read as the page's own text writes it."""

from __future__ import annotations

from workbench.corpus.webpage import read_webpage

STAMP = "<meta name='timestamp' content='07/06/00'>"
BODY = (
    "A new programming language was shown by the company on Thursday, which it hopes will make "
    "writing programs for the web easier for the many developers who use its tools every day. "
    "Analysts said the language looked much like another that a rival has promoted for years, "
    "and that developers would take time to decide whether to move their work over to it."
)


def page(head: str = "", body_extra: str = "", stated: str = "") -> str:
    """An article page of 2000 with ``head`` in its head, ``stated`` above the article."""
    return (
        f"<html><head><title>A New Language</title>{head}</head><body><main>{stated}"
        f"<h1>A New Language</h1><p>{BODY}</p><p>{BODY}</p></main>{body_extra}</body></html>"
    )


def test_an_ambiguous_meta_date_is_read_as_the_page_states_it():
    stated = "<p class='date'>Thursday, July 6, 2000</p>"
    others = "<ul><li>Perfect Dark reigns, June 7, 2000</li></ul>"  # a list after the date
    found = read_webpage(page(STAMP, others, stated))
    assert found is not None
    assert found.published == "2000-07-06"


def test_an_ambiguous_meta_date_the_page_does_not_state_is_read_as_before():
    found = read_webpage(page(STAMP))
    assert found is not None
    assert found.published == "2000-06-07"  # day first, as the date extractor reads it


def test_a_page_stating_the_day_first_reading_keeps_it():
    stated = "<p class='date'>7 June 2000</p>"
    found = read_webpage(page(STAMP, stated=stated))
    assert found is not None
    assert found.published == "2000-06-07"
