"""A menu the parser made hold the whole page (an element left open in it) read as a block."""

from __future__ import annotations

from workbench.corpus.webpage import read_webpage

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge to heavy lorries after "
    "engineers found cracks in two of its supporting piers last month.",
    "Drivers of lorries will have to use the ring road, which adds some twenty minutes to a "
    "crossing, until the repairs are finished early next year, the council said.",
    "Shop owners near the bridge said they feared the closure would keep customers away, and "
    "asked the council to put up signs pointing to the car parks on the other bank.",
]
MENU = "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(8))
MORE = "".join(f"<li><a href='/m{n}'>Another harbour story, part {n}</a></li>" for n in range(6))
ASIDE = (
    "<aside><h3>Opinion</h3><p>A reader writes that the ferry should run more often while the "
    "bridge is shut, at least in the mornings.</p></aside>"
)


def page(left_open: str = "<div class='drawer'>", aside: str = "") -> str:
    """A 2015 news page whose menu leaves ``left_open`` open before its ``</nav>``."""
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!DOCTYPE html><html><head><title>Harbour bridge shut to lorries - Daily</title></head>"
        f"<body><header><nav><div class='menu'><ul>{MENU}</ul></div>{left_open}</nav></header>"
        "<div class='page'><article><h2>Harbour bridge shut to lorries</h2>"
        "<p class='byline'>By Anna Writer, Daily</p><p>Updated 1:44 PM ET, Sun January 18, 2015"
        f"</p><div itemprop='articleBody'>{article}</div>{aside}<div class='more'>"
        f"<h3>More from Daily</h3><ul>{MORE}</ul></div></article></div></body></html>"
    )


def test_an_article_inside_a_menu_left_open_keeps_its_paragraphs_apart():
    found = read_webpage(page())
    assert found is not None
    assert found.text.split("\n\n") == [*PARAGRAPHS[:2], PARAGRAPHS[2] + "\n"]
    assert "Anna Writer" not in found.text  # the byline and the links are no paragraphs
    assert "More from" not in found.text and "harbour story" not in found.text


def test_a_page_whose_menu_is_closed_reads_the_same():
    assert read_webpage(page(left_open="")) == read_webpage(page())


def test_an_aside_holding_a_few_paragraphs_is_still_left_out():
    found = read_webpage(page(left_open="", aside=ASIDE))
    assert found is not None
    assert "ferry" not in found.text
