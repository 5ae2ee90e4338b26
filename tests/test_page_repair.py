"""Damaged page sources mended: an unclosed title or script, a page whose opening was cut."""

from __future__ import annotations

from workbench.corpus.page_repair import (
    close_unclosed_title,
    repaired_page,
    with_html_opening,
)
from workbench.corpus.webpage import read_webpage

PARAGRAPHS = [
    "The council voted on Tuesday to close the old bridge to lorries after engineers found "
    "cracks in two of its supports during a routine inspection last month.",
    "Drivers of heavy vehicles will have to take a detour of twelve miles through the town "
    "centre until the repairs, expected to take most of the year, are finished.",
    "Shop owners on the high street said the extra traffic would make the centre less "
    "pleasant for shoppers, and asked the council to reconsider the route it chose.",
]
ARTICLE = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_an_unclosed_title_is_closed_before_the_next_tag():
    assert close_unclosed_title("<title>Bridge closed<meta x><p>a</p>") == (
        "<title>Bridge closed</title><meta x><p>a</p>"
    )
    sound = "<title>Bridge</title><p>a</p>"
    assert close_unclosed_title(sound) == sound
    assert close_unclosed_title("<p>no title</p>") == "<p>no title</p>"


def test_a_page_cut_before_its_html_tag_is_given_one():
    assert with_html_opening("<!DOCTYPE htm\n<div>x</div>") == "<html><!DOCTYPE htm\n<div>x</div>"
    whole = "<!DOCTYPE html><html><body>x</body></html>"
    assert with_html_opening(whole) == whole
    assert repaired_page(whole) == whole


def test_the_article_of_a_page_with_an_unclosed_title_is_read():
    broken = (
        "<html><head><title>Bridge closed to lorriesvar x = 1;</head><body>"
        f"<div id='story'><h1>Bridge closed to lorries</h1>{ARTICLE}</div></body></html>"
    )
    found = read_webpage(broken)
    assert found is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in found.text


def test_the_article_of_a_page_whose_opening_was_cut_is_read():
    cut = f"<!DOCTYPE htm\n<div id='story'><div><h1>Bridge closed</h1>{ARTICLE}</div></div>"
    found = read_webpage(cut)
    assert found is not None and PARAGRAPHS[1] in found.text


def test_a_title_that_took_in_a_scripts_code_keeps_its_words_or_the_headline_they_begin():
    from workbench.corpus.page_repair import title_without_code

    assert title_without_code('Bridge closed to lorries(The Times)ntById("font");\nobj.x = 1') == (
        "Bridge closed to lorries(The Times)"
    )
    shown = ("Home", "Bridge closed to lorries until spring", "By Ann Writer")
    assert title_without_code("Bridge closed to lorries'?' + query + '\">", shown) == (
        "Bridge closed to lorries until spring"
    )
    assert title_without_code("Welcome'; this.section = 'news'; var x = 1") is None
    # A title with brackets, quotes and a plus sign is no code.
    sound = "Obama's 'reset' (part 2) + what comes next"
    assert title_without_code(sound, shown) == sound


def test_the_title_of_a_page_whose_title_ran_into_a_script_is_its_headline():
    broken = (
        "<html><head><title>Bridge closed to lorries'?' + OAS_query + '\"><\\/SCRIPT>');"
        "</SCRIPT></head><body>"
        f"<div id='story'><h1>Bridge closed to lorries for a year</h1>{ARTICLE}</div></body></html>"
    )
    found = read_webpage(broken)
    assert found is not None
    assert found.title == "Bridge closed to lorries for a year"
