"""Why two sentences are paired: shared content words matched by stem."""

from __future__ import annotations

from workbench.analysis.explain import content_words, score_parts, shared_content_words
from workbench.analysis.scoring import combine


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


def test_another_languages_function_words_are_not_content_in_its_sentences():
    shared = shared_content_words(
        "Die Regierung hat die Sanktionen verlängert, und der Kanzler ist zufrieden.",
        "Die Sanktionen gegen Russland sind nicht aufgehoben worden, sagte der Sprecher.",
    )
    assert [word.shown for word in shared] == ["sanktionen"]
    # ... while in an English sentence "die" is a word like any other
    shared = shared_content_words(
        "Soldiers who die in Syria are rarely named by Moscow.",
        "Many who die in the war are never counted.",
    )
    assert [word.shown for word in shared] == ["die"]


def test_british_and_american_spellings_are_one_word():
    shared = shared_content_words("Missile defences in Europe", "a missile defense shield")
    assert [word.shown for word in shared] == ["missile", "defences/defense"]


def test_score_parts_add_up_to_the_hybrid_score():
    import numpy as np

    lexical, order, semantic = 62.0, 48.0, 71.0
    score = float(combine(np.array(lexical), np.array(order), np.array(semantic)))
    parts = score_parts(score, lexical, semantic)
    assert [part.name for part in parts] == ["wording", "word order", "meaning"]
    assert [round(part.value, 6) for part in parts] == [lexical, order, semantic]
    assert round(sum(part.weight * part.value for part in parts), 6) == round(score, 6)
    assert score_parts(55.0, 55.0, None) == []  # no embeddings: the score is the wording
