"""Counts in words, singular for one."""

from __future__ import annotations

import pytest

from workbench.wording import counted


@pytest.mark.parametrize(
    ("number", "said"),
    [(0, "0 rows"), (1, "1 row"), (2, "2 rows"), (1200, "1,200 rows")],
)
def test_counted_says_one_in_the_singular(number: int, said: str) -> None:
    assert counted(number, "row") == said


def test_counted_takes_a_plural_not_made_by_an_s() -> None:
    assert counted(3, "analysis", "analyses") == "3 analyses"
    assert counted(1, "analysis", "analyses") == "1 analysis"
