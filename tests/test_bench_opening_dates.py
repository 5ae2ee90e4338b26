"""bench/opening_dates.py: the day a marked body's opening lines state as the page's."""

from __future__ import annotations

import pytest
from bench_support import load_bench

opening_dates = load_bench("opening_dates")

ARTICLE = (
    "A group of scientists and historians who hoped to find wreckage from the aviator's final "
    "flight is on its way back without the images searchers were hoping to attain this month."
)


@pytest.mark.parametrize(
    ("opening", "day"),
    [
        ("July 24, 2012 12:11 AM\n\nSearch falls short", "2012-07-24"),
        ("Search falls short\nBy Jane Doe on 24 July 2012", "2012-07-24"),
        ("Search falls short\nDate: Jul 24, 2012 | Category: Science", "2012-07-24"),
        ("Search falls short\nHONOLULU July 24, 2012 (AP)", "2012-07-24"),
        ("24\nJul\n2012\nSearch falls short", "2012-07-24"),  # a date broken over lines
        ("Posted 07/24/2012\nSearch falls short", "2012-07-24"),  # only one reading possible
    ],
)
def test_the_opening_dateline_is_the_truth(opening: str, day: str):
    found = opening_dates.opening_date(f"{opening}\n\n{ARTICLE}")
    assert found is not None
    assert found[0] == day


@pytest.mark.parametrize(
    "opening",
    [
        "Search falls short",  # no date
        "Posted 07/08/2012\nSearch falls short",  # July 8 or 7 August
        "July 24, 2012\nSearch falls short\nJuly 25, 2012",  # two days
        "Updated July 25, 2012\nSearch falls short",  # an update's day only
        "The search of 1937 ended on July 24, 2012 with nothing found at all",  # in a sentence
    ],
)
def test_no_truth_where_the_opening_lines_do_not_state_one_day(opening: str):
    assert opening_dates.opening_date(f"{opening}\n\n{ARTICLE}") is None


def test_a_date_in_the_first_paragraph_is_no_opening_dateline():
    assert opening_dates.opening_date(f"Search falls short\n\n{ARTICLE} July 24, 2012.") is None
