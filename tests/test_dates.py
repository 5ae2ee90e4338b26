"""Dates found in text: datelines in every common form, text mentions, nothing invented."""

from __future__ import annotations

import pytest

from workbench.corpus.dates import find_date, full_dates, is_dateline, paragraphs
from workbench.corpus.spreadsheet import table_date
from workbench.errors import WorkbenchError


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Sept. 13, 2013", "2013-09-13"),
        ("Posted Nov.  6,2012 at  5:32 PM  EST", "2012-11-06"),  # no space after the comma
        ("13 September 2013", "2013-09-13"),
        ("2013-09-13", "2013-09-13"),
        ("Updated 4:05 PM ET, Tue June 19, 2012", "2012-06-19"),
        ("- The Washington Times - Saturday, March 7, 2009", "2009-03-07"),
        ("Published: 2013-09-13T10:00:00Z", "2013-09-13"),
        ("Posted on September 13th, 2013 at 10:00", "2013-09-13"),
        ("13.09.2013", "2013-09-13"),
        ("05.07.2013", "2013-07-05"),  # European: the day first
        ("11.14.2019 09:00 AM", "2019-11-14"),  # ... unless only the month can be first
        ("By Justine Coleman - 11/18/19 11:04 PM EST", "2019-11-18"),
        # Either order would do, but the time is American: the month comes first.
        ("04/11/2017 05:01 AM EDT", "2017-04-11"),
        ("Article Launched: 01/09/2008 09:37:25 PM PST", "2008-01-09"),  # with the seconds
        ("By Nahal Toosi | 05/07/2013 at 9:41 PT", "2013-05-07"),
        ("Published Wed, Nov 20 20194:29 AM EST", "2019-11-20"),
        # the published and updated days written as one, the year glued to the next day's word
        ("Posted on Friday, 8. March 2019Monday, 3. June 2019 by Ed", "2019-03-08"),
        ("Veröffentlicht am Mittwoch, 6. Mai 2020Donnerstag, 7. Mai 2020", "2020-05-06"),
        ("Jane DoeNovember 6, 2023", "2023-11-06"),
        (
            "By John Smith - The Washington Times - Updated: 5:23 p.m. on Friday, "
            "September 13, 2013",
            "2013-09-13",
        ),
        # Other languages' month names, as their datelines write them.
        ("МОСКВА, 17 марта 2014 года", "2014-03-17"),
        ("КИЇВ, 5 березня 2015 року", "2015-03-05"),
        ("Berlin, 17. März 2014", "2014-03-17"),
        # ... and those a German date spells as English does
        ("26. September 2019 Ulrike Stockhausen", "2019-09-26"),
        ("Bonn, 9. November 1989", "1989-11-09"),
        ("06. Dez. 2022 | 10:24 Uhr", "2022-12-06"),  # German abbreviations
        ("wtorek, 11 maja 2021, 23:13", "2021-05-11"),  # Polish
        ("12. září 2021", "2021-09-12"),  # Czech
        ("EFE | Abril 21, 2022", "2022-04-21"),  # another language's month first
        ("11/11/2021", "2021-11-11"),  # the same either way round
        ("07-30-2008", "2008-07-30"),  # dashes, the order unambiguous
        ("Kongresshalle Berlin2. Oktober 2015 - 12:29", "2015-10-02"),  # glued to a word
        ("Paris, le 1er mars 2014", "2014-03-01"),
        ("Madrid, 17 de marzo de 2014", "2014-03-17"),
        ("Roma, 3 maggio 2019", "2019-05-03"),
        ("2013年9月13日 10時05分", "2013-09-13"),  # Chinese, Japanese
        ("2018년 3월 5일 오후 2:10", "2018-03-05"),  # Korean
    ],
)
def test_dateline_forms(line, date):
    found = find_date(["Headline of the story", line, "Body text."], around=0)
    assert found is not None and (found.date, found.source) == (date, "dateline")


def test_ambiguous_and_impossible_dates_are_not_guessed():
    assert full_dates("05/07/2013") == []
    assert full_dates("05-07-2013") == []
    assert full_dates("05/07/2013 10:00 CET") == []
    assert full_dates("05/07/2013 10:00 AM") == []
    assert full_dates("February 30, 2013") == []
    assert full_dates("posted 3 hours ago, yesterday") == []
    assert full_dates("Jane30.09.1915:08") == []  # 30.09.19 at 15:08, glued


def test_agency_dateline_takes_its_year_from_the_text_only_when_there_is_one():
    lines = [
        "Russia and US agree on talks",
        "MOSCOW, May 7 (Reuters) - Russia and the United States agreed on Tuesday to hold talks "
        "on Syria, officials said after a meeting that lasted several hours.",
        "The meeting was the first of its kind in 2013, officials said.",
    ]
    found = find_date(lines, around=0)
    assert found is not None and (found.date, found.source) == ("2013-05-07", "dateline")
    two_years = [*lines[:2], "They last met in 2012; the talks may resume in 2013."]
    assert find_date(two_years, around=0) is None


@pytest.mark.parametrize(
    "past",
    [
        "The rules were first written back in 2010 to require such reports.",
        "Graft cases have fallen every year since 2010, the agency said.",
        "In 2010, when the rules were written, few officials declared their assets.",
        "Few officials declared their assets in the 1990s.",
    ],
)
def test_a_year_the_text_looks_back_to_gives_an_agency_dateline_no_year(past):
    lines = [
        "China steps up its fight against graft",
        "BEIJING, Sept. 22 (Xinhua) -- The fight against corruption will go on, the party's "
        "discipline watchdog said on Tuesday after a meeting in the capital.",
        past,
    ]
    assert find_date(lines, around=0) is None
    stated = [*lines, "The watchdog punished 1,200 officials in 2015, it said."]
    found = find_date(stated, around=0)
    assert found is not None and found.date == "2015-09-22"


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("MOSCOW, May 7. /TASS/.", "2013-05-07"),
        ("WASHINGTON, Sept. 13. /TASS/.", "2013-09-13"),
        ("МОСКВА, 17 марта. /ТАСС/.", "2013-03-17"),
    ],
)
def test_tass_datelines_take_their_year_from_the_text(dateline, date):
    lines = [
        "Lavrov and Kerry discuss Syria",
        f"{dateline} Russian Foreign Minister Sergei Lavrov and US Secretary of State John Kerry "
        "discussed Syria by phone on Tuesday.",
        "It was their third call in 2013, the ministry said.",
    ]
    found = find_date(lines, around=0)
    assert found is not None and (found.date, found.source) == (date, "dateline")
    two_years = [*lines[:2], "They last spoke in 2012; the talks may resume in 2013."]
    assert find_date(two_years, around=0) is None


def test_a_masthead_date_above_the_headline_is_not_the_articles():
    lines = ["Wed, Nov 20, 2019", "Menu", "World", "Europe", "Putin and Obama talk", "Body."]
    assert find_date(lines, around=4) is None


def test_a_dateline_just_above_the_headline_counts_lines_of_text_not_blank_ones():
    lines = ["Menu", "", "World April 21, 2022 | 4:39 pm", "", "Travel", "", "Putin and Obama talk"]
    found = find_date([*lines, "", "Body."], around=6)
    assert found is not None and found.date == "2022-04-21"
    masthead = ["Wed, Nov 20, 2019", "", "Menu", "", "World", "", "Europe", "", *lines[6:]]
    assert find_date([*masthead, "", "Body."], around=8) is None


def test_a_month_glued_to_a_word_is_a_date_only_when_capitalized():
    assert full_dates("Jane DoeSeptember 13, 2013") == [(8, "2013-09-13")]
    assert full_dates("Storm hits the coastSep 13, 2013") == [(20, "2013-09-13")]
    assert full_dates("Jane DoeSept. 13, 2013") == [(8, "2013-09-13")]
    assert full_dates("Sarajan 5, 2013") == []
    assert full_dates("remember 5, 2013") == []
    assert full_dates("Ferries stop at 8 and 5, 2013 was worse") == []


PROSE = " ".join(["The council said on Friday that the ferries would run again soon."] * 20)


def test_a_header_glued_to_its_dateline_in_a_texts_first_paragraph_dates_it():
    # A scraped page whose line breaks were lost: headline, date and article in one paragraph.
    first = f"Storm closes ferries in the northSep 13, 2013\tWeather {PROSE}"
    found = find_date([first, "", PROSE])
    assert found is not None and (found.date, found.source) == ("2013-09-13", "dateline")


@pytest.mark.parametrize(
    "lines",
    [
        # a glued date further on: a related story's, listed below the article
        [PROSE, "", "Ferries to run again on the coastSep 13, 2013 | By Jane Doe"],
        # in the first paragraph, but far into it: prose's
        [f"{PROSE} It was the worst since the coastSep 13, 2013 storm."],
    ],
)
def test_a_glued_date_elsewhere_is_no_dateline(lines):
    assert find_date(lines) is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Thursday, 09.10.2015", "2015-09-10"),  # 9 October 2015 was a Friday
        ("Friday, 09.10.2015", "2015-10-09"),
        ("Tuesday 05/07/2013", "2013-05-07"),  # May 7 or 5 July: the Tuesday tells
        ("Friday 05/07/2013", "2013-07-05"),
    ],
)
def test_the_weekday_before_a_numeric_date_tells_which_number_is_the_month(line, date):
    assert full_dates(line)[0][1] == date


@pytest.mark.parametrize(
    "line",
    [
        "Thursday, August 10, 2015",  # a Monday
        "Thursday 10 August 2015",
        "Monday, 10.09.2015",  # a weekday neither reading falls on
    ],
)
def test_a_date_its_weekday_contradicts_is_no_date(line):
    assert full_dates(line) == []
    assert full_dates("Monday, August 10, 2015") == [(8, "2015-08-10")]
    assert full_dates("The Baltimore Sun, Aug 10, 2015") == [(19, "2015-08-10")]  # a paper


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Tues. 05/07/2013", "2013-05-07"),  # short forms of the day's name
        ("Thurs, 09.10.2015", "2015-09-10"),
        ("Freitag, 09.10.2015", "2015-10-09"),  # and the German Monday and Friday
        ("Montag, 10.08.2015", "2015-08-10"),
    ],
)
def test_a_weekday_is_read_in_its_short_forms(line, date):
    assert full_dates(line)[0][1] == date


def test_a_word_that_only_begins_like_a_weekday_names_none():
    # "Monthly" is no Monday, "Friends" no Friday: neither contradicts the date after it.
    assert full_dates("Monthly, August 11, 2015") == [(9, "2015-08-11")]
    assert full_dates("Friends 10.08.2015")[0][1] == "2015-08-10"


def test_a_weekday_before_a_month_and_day_takes_the_year_it_falls_on_or_none():
    lines = [
        "Europe » Greece",
        "Thursday, August 10 - It's time to leave Skopelos; we have been on the island for "
        "eight days and have done all we need to do.",
        "We drop the car in Athens on the way home, as we did in 2015.",
    ]
    assert find_date(lines, around=0) is None  # 10 August 2015 was a Monday
    fits = [*lines[:2], "We came back in 2015 and again in 2017."]
    found = find_date(fits, around=0)
    assert found is not None and (found.date, found.source) == ("2017-08-10", "dateline")


def test_text_mention_is_the_only_full_date_of_the_prose_and_marked_as_such():
    lines = [
        "Obama praises the reset",
        "President Barack Obama speaks during a news conference June 24, 2010 at the East Room "
        "of the White House in Washington, DC.",
    ]
    found = find_date(lines, around=0)
    assert found is not None and (found.date, found.source) == ("2010-06-24", "text-mention")
    lines.append("The New START treaty was signed on April 8, 2010 in Prague by both presidents.")
    assert find_date(lines, around=0) is None  # two dates: which one is not guessed


@pytest.mark.parametrize(
    ("line", "date"),
    [
        # a line that says when the text was published, wherever it stands
        (
            "This page was last modified on 4 November 2020, at the request of its editors.",
            "2020-11-04",
        ),
        (
            "Dieser Eintrag wurde am 11. Dezember 2012 in der Rubrik Politik veröffentlicht und "
            "seither sehr oft gelesen.",
            "2012-12-11",
        ),
        # a date in prose is an event's: not the article's
        (
            "The leaders met at the summit in Los Cabos on June 18, 2012, and talked for hours.",
            None,
        ),
        # a photo's caption "on" its date is often a file photo's
        (
            "Detainees at the Otay Mesa detention center in San Diego, Calif., on May 18, 2018.",
            None,
        ),
        # the caption style of news agencies outside English prose is not read as one
        (
            "Die Spiele (4. und 5. März 2022 in Rio de Janeiro) wurden verlegt, hieß es gestern.",
            None,
        ),
        # prose that names a date where it will happen is no caption
        (
            "Pho is being held as he awaits his sentencing, which is scheduled for April 6, 2018, "
            "in U.S. District Court in Baltimore.",
            None,
        ),
        # "published" somewhere in a paragraph does not make its date the article's
        (
            "Mr Mates said that on March 7, 2003 the attorney general gave his advice to the "
            "prime minister, and that the advice of law officers has been published in the past "
            "on two or three occasions when it was in the public interest to do so.",
            None,
        ),
        # a blog's line saying when it was posted, however far the date from the word
        (
            "Dieser Eintrag wurde veröffentlicht in Inland, Politik, Rant und getaggt mit "
            "Antisemitismus am 11. Dezember 2012 von Mathias.",
            "2012-12-11",
        ),
    ],
)
def test_which_mentions_date_the_text(line, date):
    found = find_date(["A headline of the page", line], around=0)
    assert (found.date if found else None) == date
    if found:
        assert found.source == "text-mention"


def test_dates_in_copyright_file_photos_and_embedded_posts_are_not_taken():
    lines = [
        "Headline about the summit",
        "© 2019 Reuters. All rights reserved. Published November 19, 2019 by the agency.",
        "A file photo shows the two leaders meeting on June 18, 2012 at Los Cabos in Mexico.",
        "— Jane Doe (@janedoe) November 1, 2019 in a post about the summit and its results",
    ]
    assert find_date(lines, around=0) is None


def test_the_publication_date_near_the_headline_wins_over_the_last_update():
    lines = ["The reset, ten years on", "Aktualisiert am 19.02.2020", "26. September 2019"]
    assert find_date(lines, around=0).date == "2019-09-26"
    lines = ["The reset, ten years on", "Updated March 28, 2022", "By Jane Doe, May 2, 2021"]
    assert find_date(lines, around=0).date == "2021-05-02"
    # an update alone still dates the article
    lines = ["The reset, ten years on", "Updated 0339 GMT (1139 HKT) November 19, 2019"]
    assert find_date(lines, around=0).date == "2019-11-19"


def test_the_publication_stated_at_the_articles_foot_wins_over_the_update_under_its_headline():
    lines = [
        "How forests keep viruses at bay",
        "Anna Muster",
        "Aktualisiert: 11.04.2020, 10:27",
        *[
            f"Paragraph {n} of the article about forests, bats and the viruses they carry."
            for n in range(12)
        ],
        "Publiziert: 03.04.2020, 12:35",
        "Mehr zum Thema",
        "Aktualisiert: 01.04.2020",
    ]
    assert find_date(lines, around=0, head_end=3).date == "2020-04-03"
    # a later day so labelled is another story's, and two days so labelled say nothing
    later = [*lines[:-3], "Published: 12.04.2020"]
    assert find_date(later, around=0, head_end=3).date == "2020-04-11"
    two = [*lines, "Publiziert: 02.04.2020"]
    assert find_date(two, around=0, head_end=3).date == "2020-04-11"


def test_a_date_in_a_list_of_dated_stories_is_no_dateline_of_the_article():
    # "MORE STORIES LIKE THIS ONE": section, headline, date, again and again. When the headline
    # found is one of the list's, the dates around it are the other stories' (AutoIndustriya's
    # pages, berkutschi's): none of them is taken, however far down the list.
    items = [
        ("WORLD", "Kerry meets Lavrov in Moscow", "May 7, 2013"),
        ("OPINION", "What the reset was for", "March 6, 2009"),
        ("WORLD", "Russia and America at the UN", "September 20, 2012"),
        ("ANALYSIS", "Sanctions, a year on", "March 17, 2015"),
    ]
    listed = [line for item in items for line in item]
    lines = ["MORE STORIES LIKE THIS ONE", *listed, "The talks resumed on Monday in Geneva."]
    for headline in (2, 5, 11):  # the first item's, one in the middle, the last
        assert find_date(lines, around=headline, head_end=len(lines) - 1) is None
    # The article's own dateline above the list's heading, or below the list, still counts.
    lines = ["Diplomats see hope", "Jane Doe September 13, 2013 12:32", *lines]
    assert find_date(lines, around=0, head_end=len(lines) - 1).date == "2013-09-13"
    below = ["Advertisement", "World", "Diplomats see hope", "By Jane Doe", "Sept. 13, 2013"]
    lines = [*listed, *below, "The talks resumed on Monday in Geneva."]
    assert find_date(lines, around=14, head_end=len(lines) - 1).date == "2013-09-13"


def test_the_stamps_of_comments_are_no_datelines_of_the_article():
    comments = [
        ("Ann", "March 2, 2016 at 9:12 am", "Why twice the sugar?", "One is vanilla sugar."),
        ("Bob", "March 5, 2016 at 6:40 pm", "Baked them twice.", "The second batch was better."),
        ("Cy", "April 11, 2016 at 1:05 pm", "Could one add food colouring?", "Thanks a lot!"),
    ]
    thread = [line for comment in comments for line in (*comment, "Reply")]
    steps = [f"Step {n}: sift the flour, add the eggs and stir them well." for n in range(1, 6)]
    lines = ["Basic muffins", *steps, "3 comments", *thread]
    # a headline taken from the thread: the stamps around it are the comments' (but the first,
    # which may be the post's own)
    for headline in (14, 19):
        assert find_date(lines, around=headline, head_end=headline + 1) is None
    # the post's own stamp, written as its comments' are, still dates it
    lines = ["Basic muffins", "February 28, 2016 at 8:00 am", *lines[1:]]
    assert find_date(lines, around=0, head_end=2).date == "2016-02-28"


def test_an_embedded_facebook_post_in_the_body_does_not_date_the_article():
    lines = [
        "Housing",
        "3. März 2021, 10:15 Uhr",
        "Rents must not rise in April",
        "Every two years the rents of old flats rise with prices; this year they would rise a lot.",
        "Food, heating and power cost more every month; families cannot pay more rent as well…",
        "Posted by Jane Doe on Friday, March 5, 2021",
        "The party will put its bill to parliament on Thursday, its leader said in Vienna.",
    ]
    assert find_date(lines, around=2, head_end=3).date == "2021-03-03"
    # a blog's own byline so written, between its headline and its body, dates it
    lines = ["Rents must not rise", "Posted by admin on Friday, March 5, 2021", *lines[3:5]]
    assert find_date(lines, around=0, head_end=2).date == "2021-03-05"


def test_the_teasers_of_a_list_of_other_stories_each_opening_with_its_date_are_no_datelines():
    teasers = [
        ("Trail maps", "12.04.2018Plan your own tours with a map and an app of your choice …"),
        ("New subscription", "03.10.2019The route planner now sells a yearly plan with more …"),
        ("Year in review", "02.01.2021Never before were so many rides uploaded as last year …"),
    ]
    listed = [line for teaser in teasers for line in teaser]
    lines = ["Route maps show more", "The tracking app's maps now show surfaces.", *listed]
    for headline in (0, 2, 4):  # the article's, or one of the list's taken for it
        assert find_date(lines, around=headline, head_end=headline + 1) is None
    # a dateline opening the article's own first paragraph still dates it
    lines = ["Route maps show more", "12.04.2018 The tracking app's maps now show surfaces."]
    assert find_date(lines, around=0, head_end=1).date == "2018-04-12"


def test_a_header_that_states_its_day_again_and_again_is_no_list():
    lines = [
        "Losing face: 6,000 surgical masks stolen from Kobe",
        "JIJI",
        "Feb 18, 2020",
        "Article history",
        "Online: Feb 18, 2020",
        "Last Modified: Feb 18, 2020",
        "Updated: Feb 19, 2020",
    ]
    assert find_date(lines, around=0).date == "2020-02-18"


def test_a_time_written_after_an_at_sign_is_no_embedded_post():
    lines = ["Google Stadia launches", "Nov 18, 2019 @17:19 PM", "The service opens on Tuesday."]
    found = find_date(lines, around=0)
    assert found is not None and found.date == "2019-11-18"


def test_a_line_introducing_a_quotation_is_no_dateline():
    assert not is_dateline("Benedikt XVI., Enzyklika „Deus caritas est“ 5/6, 25. Dezember 2005:")
    assert not is_dateline("Fazit am 15.06.2006:")
    assert is_dateline("Published: May 5, 2019")
    assert is_dateline("Updated May 5, 2019:")


def test_a_long_prose_line_is_not_a_dateline():
    line = "The leaders met at the summit in Los Cabos on June 18, 2012, and talked for hours."
    assert not is_dateline(line)
    assert is_dateline("MOSCOW, May 17, 2019 — The Kremlin said on Friday that talks would go on.")
    # a whole article as one paragraph: its start tells, the date far into it none
    article = " ".join(["The Kremlin said on Friday that talks would go on."] * 500)
    assert is_dateline("MOSCOW, May 17, 2019 — " + article)
    assert not is_dateline(article + " It was May 17, 2019.")


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("05.07.2013", "2013-07-05"),  # dotted: day.month.year, the European order
        ("13/09/2013", "2013-09-13"),
        ("09/13/2013", "2013-09-13"),
        ("05/05/2013", "2013-05-05"),  # either order, the same day
        ("2013-09-13T10:00:00Z", "2013-09-13"),
        ("June 2013", "2013-06"),  # a month and its year: the month is known, not the day
        ("Sept. 2013", "2013-09"),
        ("dec, 1999", "1999-12"),
    ],
)
def test_table_dates_that_are_unambiguous(cell, date):
    assert table_date(cell, "m.csv:2") == date


def test_a_table_date_in_either_order_is_refused_as_ambiguous():
    message = (
        r'^m\.csv:2: date "05/07/13" is ambiguous \(day/month order unknown\): '
        r"write it as YYYY-MM-DD \(2013-05-07 or 2013-07-05\)$"
    )
    with pytest.raises(WorkbenchError, match=message):
        table_date("05/07/13", "m.csv:2")
    with pytest.raises(WorkbenchError, match=r'"02/30/2013" is not a date'):
        table_date("02/30/2013", "m.csv:2")
    with pytest.raises(WorkbenchError, match=r'"June 2013 or so" is not a date'):
        table_date("June 2013 or so", "m.csv:2")


@pytest.mark.parametrize(
    "line",
    [
        "- ab 1. Januar 2022 für Zigaretten und Feinschnitt,",  # a list's item
        "Antworten bis 23.06.2006",  # until a day
        "The sanctions stay in force until March 15, 2015.",
        "Effective January 1, 2019",
        "4-18 Mar 2016 | Tue-Sun 10-18",  # the last day of an exhibition's days
        "Festival 3.–7. Juli 2019",
    ],
)
def test_a_date_a_span_starts_or_ends_at_or_a_list_item_is_no_dateline(line):
    assert not is_dateline(line)
    assert is_dateline("Updated: March 15, 2015")  # while a dateline word before it is one
    assert is_dateline("No. 12 - 18 March 2016")  # an issue's number before its day


def test_a_page_dated_only_by_the_days_of_its_event_has_no_date():
    lines = [
        "Bridges in a new light",
        "4-18 Mar 2016 | Tue-Sun 10-18",
        "The courtyard shows the work of young engineers from 4 to 18 March 2016, daily.",
    ]
    assert find_date(lines, around=0) is None


def test_a_date_in_a_wrapped_paragraph_is_no_dateline_and_paragraphs_are_counted_whole():
    # Saved by a browser that wraps at 78 columns: the second line of the first paragraph is
    # short and holds a date, but it is the middle of a sentence, not a dateline.
    lines = [
        "Obama and Medvedev sign arms treaty",
        "",
        "President Barack Obama and President Dmitri A. Medvedev of Russia urged the",
        "ratification of the April 8, 2010 disarmament agreement, negotiated",
        "painstakingly in Geneva, which would cut deployed strategic warheads by a",
        "third over the next seven years and restore inspections on both sides.",
        "",
        "Posted June 24, 2010",
        "",
        "The two men met at the White House, then drove to a burger restaurant in",
        "Arlington, Va., a few miles away, where they ordered cheeseburgers and fries.",
    ]
    found = find_date(lines, around=0, head_end=2)
    assert found is not None and (found.date, found.line) == ("2010-06-24", 7)
    # Without the dateline, the treaty's date is the one full date the prose mentions: an
    # event's, not the article's, and not taken for it.
    assert find_date([*lines[:7], *lines[8:]], around=0, head_end=2) is None


def test_wrapped_paragraphs_are_read_whole_and_other_blocks_line_by_line():
    wrapped = [
        "The United States and Russia agreed on Tuesday to try to convene an",
        "international conference on ending the civil war in Syria, after talks in",
        "the Kremlin.",
    ]
    assert paragraphs(["", *wrapped, ""]) == [
        (0, 1, ""),
        (1, 4, " ".join(wrapped)),
        (4, 5, ""),
    ]
    menu = ["Home", "World", "Europe"]
    assert [text for _, _, text in paragraphs(menu)] == menu
    # A headline over its standfirst, on a page whose wrapped paragraphs are 78 wide: the
    # standfirst's first word would have fitted on the headline's line.
    header = [
        "Kerry and Lavrov agree to resume talks on Syria's chemical weapons",
        "The two diplomats will meet again in New York later this month.",
    ]
    assert [text for _, _, text in paragraphs([*header, "", *wrapped])][:2] == header


@pytest.mark.parametrize(
    "label", ["Deadline: June 24, 2010", "Release date: June 24, 2010", "Antworten bis 24.06.2010"]
)
def test_a_date_labelled_as_another_than_the_texts_is_no_dateline(label):
    lines = ["Obama praises the reset", label, "Posted June 25, 2010"]
    found = find_date(lines, around=0, head_end=3)
    assert found is not None and found.date == "2010-06-25"
    assert find_date(lines[:2], around=0, head_end=2) is None
