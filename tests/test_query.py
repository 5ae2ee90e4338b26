"""The filter language: words, fields, ranges, alternatives, dates of any precision, negation."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.analysis.query import article_facts, filter_frame, parse_filter
from workbench.errors import WorkbenchError

ARTICLES = pl.DataFrame(
    {
        "article_id": ["a", "b", "c", "d", "e"],
        "title": ["Reset button", "Sanctions bite", "Crimea annexed", "Helsinki summit", "Undated"],
        "outlet": ["CNN", "Reuters", "Al-Monitor", "CNN", None],
        "published": ["2009-03-06", "2014-07", "2014", "2018-07-16", None],
        "year": [2009, 2014, 2014, 2018, None],
        "words": [500, 900, 1200, 750, 300],
    },
    schema_overrides={"year": pl.Int32},
)
BY_ARTICLE = pl.DataFrame(
    {
        "article_id": ["a", "b", "b", "c", "d"],
        "theme": ["reset", "sanctions", "ukraine_crimea", "ukraine_crimea", "sanctions"],
        "hits": [5, 1, 3, 4, 2],
    }
)
DOCUMENTS = pl.DataFrame(
    {
        "article_id": ["a", "b", "c", "d", "e"],
        "text": [
            "Clinton pressed the button.",
            "New sanctions.",
            "Putin signed.",
            "Trump met.",
            "",
        ],
    }
)
FACTS = article_facts(ARTICLES, BY_ARTICLE, DOCUMENTS)


def ids(text: str) -> list[str]:
    return filter_frame(FACTS, text)["article_id"].to_list()


def test_words_search_every_text_column_including_the_full_text():
    assert ids("button") == ["a"]
    assert ids("putin") == ["c"]
    assert ids("") == ["a", "b", "c", "d", "e"]
    assert ids('"sanctions bite"') == ["b"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year:2013..2014", ["b", "c"]),
        ("year>=2014", ["b", "c", "d"]),
        ("words<800", ["a", "d", "e"]),
        ("words:..800", ["a", "d", "e"]),
        ("words:1,200", ["c"]),
        ("date>=2014-08", ["c", "d"]),
        ("date<=2014-06", ["a", "c"]),
        ("date:2014", ["b", "c"]),
        ("date:2014-07..2018", ["b", "c", "d"]),
        ("date=2014", ["c"]),
        ("theme:sanctions", ["b", "d"]),
        ("theme:sanctions|reset", ["a", "b", "d"]),
        ("theme:crimea year:2014 -title:crimea", ["b"]),
        ("outlet=cnn", ["a", "d"]),
        ("outlet:cnn|reuters", ["a", "b", "d"]),
        ("-outlet:cnn", ["b", "c", "e"]),
        ("-reset", ["b", "c", "d", "e"]),
        ("id:c", ["c"]),
    ],
)
def test_fields_ranges_alternatives_and_negation(text, expected):
    assert ids(text) == expected


def test_themes_hold_every_theme_with_a_hit_most_first():
    assert FACTS.filter(pl.col("article_id") == "b")["themes"].to_list() == [
        ["ukraine_crimea", "sanctions"]
    ]
    assert FACTS.filter(pl.col("article_id") == "e")["themes"].to_list() == [[]]
    assert FACTS.filter(pl.col("article_id") == "b")["theme_hits"].to_list() == [
        [{"theme": "ukraine_crimea", "hits": 3}, {"theme": "sanctions", "hits": 1}]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theme:sanctions>=2", ["d"]),
        ("theme:sanctions>=1", ["b", "d"]),
        ("theme:sanctions<2", ["a", "b", "c", "e"]),  # no hit counts as zero
        ("theme:crimea>3", ["c"]),  # a part of the theme's name, as in theme:crimea
        ("theme:ukraine_crimea=3|reset", ["a", "b"]),  # an alternative without a count: any hit
        ("-theme:sanctions>=2", ["a", "b", "c", "e"]),
    ],
)
def test_theme_counts_compare_an_articles_hits_of_a_theme(text, expected):
    assert ids(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yaer:2013", r"^did you mean year\? 'yaer' is not a field \(fields: "),
        ("xyzzy:1", r"^'xyzzy' is not a field \(fields: "),
        ("words>many", "'many' is not a number"),
        ("date>=May", "'May' is not a date"),
        ("date>=2013-13", "'2013-13' is no day of the calendar"),
        ("date:2013-02-30", "'2013-02-30' is no day of the calendar"),
        ("title>b", "'title' is text"),
        ("year:2014..2013", r"^did you mean 2013..2014\? '2014..2013' ends before it starts"),
        ("words:800..100", "'800..100' ends before it starts"),
    ],
)
def test_malformed_filters_say_what_is_wrong(text, message):
    with pytest.raises(WorkbenchError, match=message):
        ids(text)


def test_a_lazy_frame_is_filtered_lazily():
    lazy = filter_frame(FACTS.lazy(), "theme:sanctions")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect()["article_id"].to_list() == ["b", "d"]


def test_parse_keeps_negation_and_alternatives():
    terms = parse_filter('-theme:a|b "two words" words>=3')
    assert [(t.field, t.op, t.values, t.negate) for t in terms] == [
        ("theme", ":", ("a", "b"), True),
        (None, ":", ("two words",), False),
        ("words", ">=", ("3",), False),
    ]


def test_a_list_of_years_is_filtered_by_its_items() -> None:
    # A phrase's years: year:2016 asks whether it is found in 2016, not whether 2016 lies
    # between its first and last year; a range or a comparison asks it of any item.
    phrases = pl.DataFrame(
        {"phrase": ["a", "b", "c"], "years": [[2013, 2019], [2012, 2013], [2015]]},
        schema={"phrase": pl.String, "years": pl.List(pl.Int32)},
    )

    def kept(query: str) -> list[str]:
        return filter_frame(phrases, query)["phrase"].to_list()

    assert kept("year:2016") == []
    assert kept("year:2013") == ["a", "b"]
    assert kept("year:2014..2016") == ["c"]
    assert kept("year>=2019") == ["a"]
    assert kept("year:..2012") == ["b"]
    assert kept("-year:2013") == ["c"]
    assert kept("years!=2015") == ["a", "b"]
    with pytest.raises(WorkbenchError, match="years"):
        kept("year:soon")
