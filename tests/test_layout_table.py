"""Old pages laid out in tables: the article without the menus' cells, real tables kept."""

from __future__ import annotations

from lxml import html

from workbench.corpus.layout_table import is_data_table
from workbench.corpus.loose_text import paragraph_loose_text
from workbench.corpus.webpage import read_webpage

LEAD = (
    "Some of the technology stocks that joined the index in the spring reshuffle have now "
    "left it again after a sharp fall in their share prices."
)
PARAGRAPHS = [
    "Three of the companies no longer have high enough valuations to stay in the index, the "
    "committee that reviews it every quarter said late on Wednesday.",
    "The sell-off in technology stocks worldwide has hit them hard, and older industrial "
    "companies are now set to make their way back into the index.",
    "One analyst said the quick exit was unusual but that the market had been anything but "
    "usual over the last six months, with prices swinging daily.",
]
AFTER_BOX = (
    "The changes to the index are based on the closing prices of Tuesday, and they take "
    "effect when trading opens on Monday morning."
)
MENU = "".join(
    f"<tr><td><img src='dot.gif'></td><td><a href='/{n}'>Section {n}</a></td></tr>"
    for n in range(12)
)
RATES = (
    "<table><tr><td>Bank</td><td>Rate</td><td>Change</td></tr>"
    "<tr><td>Central bank</td><td>6.00%</td><td>none</td></tr>"
    "<tr><td>Commercial banks</td><td>6.50%</td><td>+0.25</td></tr>"
    "<tr><td>Building societies</td><td>6.75%</td><td>+0.25</td></tr></table>"
)


def old_page(article_extra: str = "") -> str:
    """A page of 2000: a menu and the article in cells of one table, legal lines in another."""
    body = "<P>".join(PARAGRAPHS)
    return (
        "<HTML><HEAD><TITLE>Techs axed from index</TITLE></HEAD><BODY>"
        "<TABLE WIDTH=600><TR><TD>low graphics version | feedback | help</TD><TD></TD></TR>"
        "<TR><TD></TD><TD><B>You are in: Business</B></TD></TR>"
        f"<TR><TD VALIGN=top><TABLE>{MENU}</TABLE></TD>"
        f"<TD><FONT SIZE=2><B>{LEAD}</B><P>{body}"
        "<TABLE ALIGN=RIGHT><TR><TD><IMG SRC='photo.jpg'></TD></TR></TABLE>"
        f"{AFTER_BOX}<P>{article_extra}</FONT></TD></TR></TABLE>"
        "<TABLE><TR><TD>Copyright 2000 Business Wire. All rights reserved.</TD>"
        "<TD>This material may not be published, broadcast, rewritten, or redistributed.</TD>"
        "</TR></TABLE></BODY></HTML>"
    )


def test_an_article_in_a_layout_tables_cell_is_read_without_the_cells_of_its_menus():
    page = read_webpage(old_page())
    assert page is not None
    assert "|" not in page.text
    assert "You are in" not in page.text and "Section 3" not in page.text
    assert "may not be published" not in page.text and "Copyright" not in page.text
    paragraphs = page.text.strip().split("\n\n")
    # the lead in bold before the first <P>, and the text after the boxed photo, are kept
    for paragraph in [LEAD, *PARAGRAPHS, AFTER_BOX]:
        assert paragraph in paragraphs


def test_a_table_of_data_in_the_article_stays_a_table():
    page = read_webpage(old_page(RATES))
    assert page is not None
    assert "| Central bank | 6.00% | none |" in page.text


def table(markup: str):
    return html.fromstring(markup)


def test_tables_of_data_are_told_from_tables_of_layout():
    assert is_data_table(table(RATES))
    assert is_data_table(table("<table><tr><th>Name</th></tr><tr><td>x</td></tr></table>"))
    assert not is_data_table(table(f"<table>{MENU}</table>"))  # one cell of words a row
    assert not is_data_table(table("<table><tr><td>a</td><td>b</td></tr></table>"))  # one row
    assert not is_data_table(table(f"<table><tr><td>{RATES}</td><td>x</td></tr></table>"))
    assert not is_data_table(table(f"<table role='presentation'>{RATES[7:]}"))


def test_text_between_blocks_becomes_paragraphs_and_a_caption_does_not():
    block = html.fromstring(
        "<div>Lead <b>words</b> here.<p>One</p> after one<div>box</div>"
        "<span class='caption'>A caption</span><p>Two</p></div>"
    )
    paragraph_loose_text(block)
    assert [p.text_content() for p in block.iter("p")] == [
        "Lead words here.",
        "One",
        " after one",
        "Two",
    ]
    assert block.find("span").getparent() is block


def test_paragraphs_after_a_named_anchor_left_open_are_kept():
    later = (
        "Analysts expect the companies to return to the index within a year, once the market "
        "settles and their earnings catch up with the hopes placed in them."
    )
    page = read_webpage(old_page(f"<A NAME='2'><H3>New wave over?</H3><P>{later}<P>"))
    assert page is not None
    assert later in page.text


def test_a_table_with_a_cell_of_running_text_is_layout_though_it_has_a_header():
    story = " ".join([LEAD, *PARAGRAPHS, AFTER_BOX] * 2)
    boxed = f"<table><tr><th>Techs axed from index</th></tr><tr><td>{story}</td></tr></table>"
    assert not is_data_table(table(boxed))
    short = "<table><tr><th>Name</th><th>Note</th></tr><tr><td>x</td><td>a few words</td></tr>"
    assert is_data_table(table(short + "</table>"))


def test_text_after_a_span_between_paragraphs_becomes_a_paragraph():
    block = html.fromstring(
        "<div><p>Headline</p><span class='byline'>Friday</span><br>Lead words.<br><br>"
        "Second one.<table><tr><td>ad</td></tr></table><p>Last</p></div>"
    )
    paragraph_loose_text(block)
    texts = [p.text_content() for p in block.iter("p")]
    assert texts == ["Headline", "Lead words.Second one.", "Last"]
    assert block.find("span").getparent() is block
