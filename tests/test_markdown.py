"""Markdown rendered to the text a reader sees (corpus.markdown.plain_text)."""

from __future__ import annotations

import pytest

from workbench.corpus.markdown import plain_text


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        # a link keeps its words, not its address (inline, with a title, by reference)
        ('Kerry [met Lavrov](https://e.org/a "talks") in Moscow.', "Kerry met Lavrov in Moscow."),
        ("They met [in Moscow][m].\n\n[m]: https://e.org/m", "They met in Moscow."),
        # emphasis, strong, strikethrough and inline code lose their marks
        ("**Putin** said *no* to ~~the~~ `reset`.", "Putin said no to the reset."),
        # an image is no text
        ("![Putin in Moscow](https://e.org/p.jpg)\n\nHe spoke.", "He spoke."),
        # headings lose their marks, ATX and setext alike
        ("## The reset\n\nSetext title\n===\n", "The reset\n\nSetext title"),
        # escaped marks and entities are the characters they stand for
        ("AT&amp;T said \\*nothing\\*.", "AT&T said *nothing*."),
        # a bullet list: an item a paragraph; a numbered list keeps its numbers
        ("- one\n- two\n", "one\n\ntwo"),
        ("3. third\n4. fourth\n", "3. third\n\n4. fourth"),
        # a quotation's text is a paragraph
        ('> "We discussed the reset," he said.', '"We discussed the reset," he said.'),
        # a table row is a line of its cells
        ("| year | talks |\n|---|---|\n| 2013 | Syria |\n", "year | talks\n\n2013 | Syria"),
        # an HTML block's text without tags, scripts or comments
        (
            '<div class="ad">Advertisement</div>\n<script>var x = "<b>";</script><!-- c -->\n',
            "Advertisement",
        ),
        # a horizontal rule is nothing
        ("Before.\n\n---\n\nAfter.", "Before.\n\nAfter."),
    ],
)
def test_markup_goes_and_the_words_stay(markdown, text):
    assert plain_text(markdown) == text + "\n"


def test_the_lines_of_a_paragraph_stay_lines():
    # A line break within a paragraph stays one (the cleaning rules and the headline finder
    # work line by line, as on a text file); <br> is a line break too.
    assert plain_text("First line\nsecond line  \nthird<br>fourth\n") == (
        "First line\nsecond line\nthird\nfourth\n"
    )


def test_text_that_is_no_markdown_comes_out_as_it_went_in():
    prose = (
        "Russia and the United States agreed on Tuesday to convene a conference.\n\n"
        "Article continues after advertisement\n\n"
        "The two sides have differed over the fate of Bashar al-Assad.\n"
    )
    assert plain_text(prose) == prose
