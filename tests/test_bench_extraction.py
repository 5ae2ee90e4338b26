"""bench/extraction.py: a found title compared with the headline a person marked."""

from __future__ import annotations

import pytest
from bench_support import load_bench

extraction = load_bench("extraction")


@pytest.mark.parametrize(
    ("found", "marked"),
    [
        ("Kosovo’s future in doubt", "Kosovo?s future in doubt"),  # a lost character
        ("Is the MacBook Air doomed?", "Is the MacBook Air doomed?"),  # a question mark
        ("  Heart surgeon\nto detail  affair ", "heart surgeon to detail affair"),
        ("Café owners protest", "Caf? owners protest"),
        ("Bradford could be £15m loser", "Bradford could be Â£15m loser"),  # marked as Latin-1
    ],
)
def test_titles_that_are_the_marked_one(found, marked):
    assert extraction.title_right(found, marked)


@pytest.mark.parametrize(
    ("found", "marked"),
    [
        ("Heart surgeon to detail affair - News", "Heart surgeon to detail affair"),
        ("Kosovos future in doubt", "Kosovo?s future in doubt"),  # a character short
        ("Kosovo is future in doubt", "Kosovo?s future in doubt"),  # "?" is one character
        ("Kosovo's futures", "Kosovo?s future?"),  # "?" is no letter
        (None, "Kosovo?s future in doubt"),
        ("", ""),
    ],
)
def test_titles_that_are_not(found, marked):
    assert not extraction.title_right(found, marked)
