"""Reading the author from a page's header: bylines in their common forms, and what is no
byline (a section label, a recipe's field, a related story's credit)."""

from __future__ import annotations

import pytest

from workbench.corpus.boilerplate import author_names
from workbench.corpus.byline import author_from_byline, byline_author


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Anton Troianovski and Karen DeYoung", "Anton Troianovski and Karen DeYoung"),
        ("By Lucas Tomlinson | Fox News", "Lucas Tomlinson"),
        ("By Ed Payne and Ashley Fantz CNN", "Ed Payne and Ashley Fantz"),
        # the outlet before the writer: its own, or with the writer's role
        ("By BBC News Online's Jane Rodgers", "Jane Rodgers"),
        ("By BBC News Online's Jane Rodgers in Washington", "Jane Rodgers"),
        ("By BBC News Online science editor Dr Jane Whitfield", "Jane Whitfield"),
        ("By Our Correspondent", None),
        ("By Web Desk", None),
        ("By HNN Staff", "HNN Staff"),
        ("By Kevin Liptak, CNN White House Reporter", "Kevin Liptak"),
        ("BY VLADIMIR ISACHENKOV", "Vladimir Isachenkov"),
        ("BY REBECCA KHEEL - 07/28/21 04:49 PM ET", "Rebecca Kheel"),
        ("By Tom O'Connor On 4/10/17 at 12:05 PM EDT", "Tom O'Connor"),
        ("By Michael McFaul, a former U.S. ambassador to Russia.", "Michael McFaul"),
        (
            "By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER",
            "Lisa Mascaro, Mary Clare Jalonick and Eric Tucker",
        ),
        ("By Michael HiltzikBusiness Columnist", "Michael Hiltzik"),
        ("By Jonathan GarberFOXBusiness", "Jonathan Garber"),
        ("By Karen DeYoung", "Karen DeYoung"),
        ("By Perry Bacon Jr.", "Perry Bacon Jr."),
        ("By Tatyana Turner.", "Tatyana Turner"),
        ("By RFE/RL", "RFE/RL"),
        ("By Reuters", "Reuters"),
        ("Von Claudia Riedler", "Claudia Riedler"),
        ("Por Luciana Bertoia", "Luciana Bertoia"),
        ("By Christoph von Ritter", "Christoph von Ritter"),
        ("By Theresa May", "Theresa May"),  # a month's name in a name, no day after it
        ("By Joseph Tsidulko November 19, 2019, 07:47 PM EST", "Joseph Tsidulko"),
        (
            "Por María Alejandra Carrasquilla Reinamaria.carrasquilla@laestrella.com.pa",
            "María Alejandra Carrasquilla",  # the address glued to the last name goes with it
        ),
        ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", "Michael David Smith"),
        ("Gepostet von Katharina Volkwein | Wohnen", "Katharina Volkwein"),
        ("Publicado por Alberto González", "Alberto González"),
        ("par Bob Fischer", "Bob Fischer"),
        ("By Invitation", None),  # a column's name
        ("By Staff Writer", None),
        ("By Staff Reports", None),
        ("By the numbers", None),
        ("Byron Bay is beautiful", None),
    ],
)
def test_a_byline_names_its_author(line, author):
    assert author_from_byline(line) == author


def _header(*lines: str) -> list[str]:
    return ["Talks on arms control resume", "", *lines, "", "A long first paragraph."]


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (("Chris Davies - Nov 19, 2019, 10:31 pm CST",), "Chris Davies"),
        (("Monday November 18, 2019 7:45 am PST by Joe Rossignol",), "Joe Rossignol"),
        (("Catherine Shu", "@catherineshu"), "Catherine Shu"),
        (("Natasha Turak@NatashaTurak", "Published Wed, Nov 20 2019"), "Natasha Turak"),
        (("Tom Davies", "Associated Press", "Published 11:34 PM EST Nov 19, 2019"), "Tom Davies"),
        (("David Ehrlich", "Nov 13, 2019 4:26 pm"), "David Ehrlich"),
        (("Julian Borger in Helsinki", "Mon 16 Jul 2018 14.05 BST"), "Julian Borger"),
        (("David Jackson", "USA TODAY", "Published 5:02 PM EDT Jul 13, 2018"), "David Jackson"),
        (("World News", "Nov 13, 2019 4:26 pm"), None),  # a section, not a person
        (("Middle East", "2 hours ago"), None),
        (("SEE ALSO", "Dalai Lama welcomed to US (00.40)"), None),  # a heading of links
        (("Catherine Shu",), None),  # a name alone, nothing marks it as the byline
        (("Artikel von", "Alexa von Heyden", "19. Juni 2019"), "Alexa von Heyden"),
        # "By" on a line of its own, the names on the next
        (("By", "", "Joseph Tsidulko November 19, 2019, 07:47 PM EST"), "Joseph Tsidulko"),
        (("11/19/2019", "by", "Lars Brandle", "FACEBOOK"), "Lars Brandle"),
        (("Rodrigo Campos", "5 Min Read"), "Rodrigo Campos"),  # how long it takes to read
        (("Rodrigo Campos", "Key Points"), None),
        (("Natasha Turak@NatashaTurak", "Key Points"), "Natasha Turak"),  # its own handle
        # The outlet or the role after a comma
        (("Tanza Loudenback, Business Insider", "13.11.2019, 23:06"), "Tanza Loudenback"),
        (("Tom Krisher, Ap Auto Writer", "Updated", "1:39 am EST, Nov 20, 2019"), "Tom Krisher"),
        (
            ("Ibtisam Mahdi, Ruwaida Kamal Amer", "November 8 2023, 3:18 p.m."),
            "Ibtisam Mahdi, Ruwaida Kamal Amer",
        ),
        (("World News, Middle East", "Nov 13, 2019 4:26 pm"), None),
        # The date first
        (("November 20, 2019 Emiliano Bellini",), "Emiliano Bellini"),
        (("2019-11-20 17:27:46 Marcus De Guzman",), "Marcus De Guzman"),
        (("Nov 20, 2019, 12:30 PM IST",), None),  # a time zone, not a person
        (("28. Juni 2019 | Klaus Quibeldey-Cirkel",), "Klaus Quibeldey-Cirkel"),
        (("Published by", "BBNTEAM", "at"), "BBNTEAM"),
        # Names of other Latin alphabets, and double names
        (("André Borbe", "Nov 13, 2019 4:26 pm"), "André Borbe"),
        (("Gesine Engels-Krone", "@gesine"), "Gesine Engels-Krone"),
        (("El País", "Nov 13, 2019 4:26 pm"), None),  # a known outlet
        (("Bruce Y. Lee", "Senior Contributor"), "Bruce Y. Lee"),  # a role below the name
    ],
)
def test_the_header_names_the_author(lines, author):
    header = _header(*lines)
    assert byline_author(header, 0, len(header) - 1, len(header)) == author


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (("By Jane Doe",), "Jane Doe"),
        (("Chris Davies - Nov 19, 2019, 10:31 pm CST",), "Chris Davies"),
        (("David Ehrlich", "Nov 13, 2019 4:26 pm"), None),  # a name alone: a page's label too
        (("Catherine Shu", "@catherineshu"), None),
        (("BEVERLY HILLS, Calif., Jan. 8, 2008",), None),  # a wire's place and day
    ],
)
def test_without_names_alone_only_a_byline_s_line_names_the_author(lines, author):
    header = _header(*lines)
    assert byline_author(header, 0, len(header) - 1, len(header), alone=False) == author


def test_a_name_that_is_the_title_s_is_no_author():
    header = ["Peanut Butter Truffles", "", "Peanut Butter Truffles", "5 Nov 2022", "", "Mix."]
    assert byline_author(header, 0, 5, 6, "Peanut Butter Truffles") is None


def test_a_by_line_just_below_the_standfirst_still_counts_but_not_further_down():
    header = ["Headline", "A standfirst of some length that the body starts with.", "By Jane Doe"]
    assert byline_author(header, 0, 1, 3) == "Jane Doe"
    far = ["Headline", "Body.", "", "", "", "", "", "By Jane Doe"]
    assert byline_author(far, 0, 1, 8) is None


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        (("David Ehrlich", "Nov 13, 2019 4:26 pm"), "David Ehrlich"),
        (("David Ehrlich", "Key Points"), None),  # nothing marks the name as the byline's
        (("Por", "Williams Perdomo @wperdomod"), "Williams Perdomo"),  # names on the next line
    ],
)
def test_a_byline_below_a_standfirst_the_body_was_taken_to_start_with(byline, author):
    header = [
        "The Wild Story of How a Song Was Written",
        "",
        "An actress went under the knife in 2009. Hours later, she woke up a songwriter.",
        "",
        byline[0],
        "",
        byline[1],
        "",
        "The body's first paragraph, long enough to be one.",
    ]
    assert byline_author(header, 0, 2, 8) == author


def test_an_explicit_byline_just_above_the_headline_counts_a_name_alone_there_does_not():
    above = ["Von", "", "Moritz Bachmann", "", "publiziert am 25. September 2018", ""]
    header = [*above, "Die elektronische Patientenakte kommt", "", "The body's first paragraph."]
    assert byline_author(header, 6, 8, 9) == "Moritz Bachmann"
    alone = ["Moritz Bachmann", "", "Nov 13, 2019 4:26 pm", "", "", ""]
    header = [*alone, "Die elektronische Patientenakte kommt", "", "The body's first paragraph."]
    assert byline_author(header, 6, 8, 9) is None  # another story's, as likely as this one's
    far = ["By Jane Doe", "", "Another story", "", "Its standfirst.", "", "A section", "", ""]
    header = [*far, "Die elektronische Patientenakte kommt", "", "The body's first paragraph."]
    assert byline_author(header, 9, 11, 12) is None


def test_several_authors_are_matched_each_alone():
    assert author_names("Anton Troianovski and Karen DeYoung") == (
        "Anton Troianovski and Karen DeYoung",
        "Anton Troianovski",
        "Karen DeYoung",
    )
    assert author_names("Jane Doe") == ("Jane Doe",)
