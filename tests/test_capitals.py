"""Words a corpus writes capitalized: counted after each sentence's first word."""

from __future__ import annotations

import polars as pl

from workbench.analysis.capitals import capital_counts, capitalized, sum_capitals


def _sentences(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"text": texts})


def _counts(frame: pl.DataFrame) -> dict[str, tuple[int, int]]:
    return {word: (after, capital) for word, after, capital in frame.iter_rows()}


def test_a_sentence_opening_word_is_no_evidence():
    counts = _counts(capital_counts(_sentences(["Analysts met Brown.", "Brown met analysts."])))
    assert counts["brown"] == (1, 1)  # the opening "Brown" is not counted
    assert counts["analysts"] == (1, 0)
    assert counts["met"] == (2, 0)


def test_a_capital_after_a_hyphen_and_a_curly_apostrophe_are_read_as_norm_reads_them():
    counts = _counts(
        capital_counts(
            _sentences(["Troops of President Bashar al-Assad’s army.", "We saw Ki-moon."])
        )
    )
    assert counts["al-assad's"] == (1, 1)
    assert counts["ki-moon"] == (1, 1)
    assert counts["of"] == (1, 0)


def test_counts_of_two_subsets_add_up_to_those_of_the_whole():
    texts = ["The court met.", "He saw the Court.", "A Court and a court.", "Then Court rose."]
    whole = capital_counts(_sentences(texts))
    parts = pl.concat(
        [capital_counts(_sentences(texts[:2])), capital_counts(_sentences(texts[2:]))]
    )
    assert sum_capitals(parts).sort("word").equals(whole.sort("word"))
    assert _counts(whole)["court"] == (5, 3)


def test_a_word_is_capitalized_where_the_corpus_mostly_writes_it_so():
    counts = capital_counts(
        _sentences(["I met Mark there.", "He had Mark with him.", "A mark on the wall and Mark."])
    )
    # "mark": 3 of 4 places after the first word are capitalized; "wall": none.
    assert capitalized(counts)["word"].to_list() == ["mark"]
    assert capital_counts(pl.DataFrame({"text": []}, schema={"text": pl.String})).is_empty()
