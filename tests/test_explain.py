"""Why two sentences are paired: shared content words matched by stem."""

from __future__ import annotations

from workbench.analysis.explain import content_words, shared_content_words


def test_shared_words_match_by_stem_and_keep_each_sides_forms():
    shared = shared_content_words(
        "The US imposed new sanctions on Russia over Crimea, said Kerry.",
        "Sanction relief for Russia’s annexation of Crimea is not on the table.",
    )
    assert [word.stem for word in shared] == ["sanction", "russia", "crimea"]
    sanction = shared[0]
    assert sanction.left == ("sanctions",) and sanction.right == ("sanction",)
    assert sanction.shown == "sanctions/sanction"
    assert shared[2].shown == "crimea"


def test_stopwords_and_single_letters_are_not_content():
    words = content_words("He said the U.S. and a Russia of 2013 would")
    assert words == ["u.s.", "russia", "2013"]
    assert shared_content_words("the of and he said", "the of and he said") == []


def test_british_and_american_spellings_are_one_word():
    shared = shared_content_words("Missile defences in Europe", "a missile defense shield")
    assert [word.shown for word in shared] == ["missile", "defences/defense"]
