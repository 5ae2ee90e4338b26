"""Theme matching: word boundaries, inflection, spelling, hyphens, typos, gaps, exclusions,
spans in the original text, and the facts of the seed articles."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.analysis.lexicon import load_lexicon, parse_lexicon
from workbench.analysis.themes import HIT_SCHEMA, find_theme_hits, theme_summary, token_keys
from workbench.analysis.tokens import article_languages
from workbench.corpus.normalize import normalize_many
from workbench.paths import default_lexicon_path

LEXICON = parse_lexicon(
    """
[[theme]]
id = "reset"
label = "Reset"
phrases = ["reset", "mend ties", "restore ... ties", "détente"]
exclusions = ["reset button on the router"]

[[theme]]
id = "missile_defense"
label = "Missile defense"
phrases = ["missile defense", "anti-missile shield", "ballistic missile defense"]

[[theme]]
id = "assad_fate"
label = "Assad's fate"
phrases = ["Assad's departure", "future of ... Assad", "transition Assad out"]

[[theme]]
id = "sanctions"
label = "Sanctions"
phrases = ["sanctions"]

[[theme]]
id = "trade"
label = "Trade"
phrases = ["trade", "imports", "WTO"]
exclusions = ["trade away"]

[[theme]]
id = "election_interference"
label = "Election interference"
phrases = ["Russiagate", "repression"]
""",
    "test-lexicon",
)


def sentences_of(*texts: str, separator: str = "\n\n") -> tuple[pl.DataFrame, pl.DataFrame]:
    """A one-article sentences frame (one sentence per text) and its documents frame."""
    document = separator.join(texts)
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(separator)
    folded = [" ".join(t.split()) for t in texts]
    sentences = pl.DataFrame(
        {
            "article_id": ["a"] * len(texts),
            "sentence_id": list(range(len(texts))),
            "paragraph_id": list(range(len(texts))),
            "start": starts,
            "end": [s + len(t) for s, t in zip(starts, texts, strict=True)],
            "text": folded,
            "norm": normalize_many(folded),
        },
        schema={
            "article_id": pl.String,
            "sentence_id": pl.Int32,
            "paragraph_id": pl.Int32,
            "start": pl.Int64,
            "end": pl.Int64,
            "text": pl.String,
            "norm": pl.String,
        },
    )
    documents = pl.DataFrame({"article_id": ["a"], "text": [document]})
    return sentences, documents


def hits_of(*texts: str, lexicon=LEXICON, **kwargs) -> pl.DataFrame:
    sentences, documents = sentences_of(*texts)
    hits = find_theme_hits(sentences, lexicon, documents=documents, **kwargs)
    text = documents.get_column("text")[0]
    for start, end, matched in hits.select("start", "end", "matched_text").iter_rows():
        assert text[start:end] == matched
    return hits


def themes_in(text: str, **kwargs) -> set[str]:
    return set(hits_of(text, **kwargs).get_column("theme").to_list())


def matched(text: str, theme: str) -> list[str]:
    hits = hits_of(text).filter(pl.col("theme") == theme)
    return hits.get_column("matched_text").to_list()


def test_reset_never_fires_inside_preset_but_survives_inflection():
    assert themes_in("The preset radio stations were restored.") == set()
    assert matched("They are resetting relations.", "reset") == ["resetting"]
    assert matched("The reset failed.", "reset") == ["reset"]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow objects to US missile defense in Europe.",
        "Moscow objects to US missile defences in Europe.",  # British spelling, plural
        "Moscow objects to the ballistic-missile defense plans.",  # hyphenated
        "Moscow objects to the anti-missile shield.",
        "Moscow objects to the antimissile shield.",  # hyphen dropped
        "Moscow objects to the anti–missile shield.",  # typographic dash
        "Moscow objects to the missle defense plans.",  # typo
    ],
)
def test_missile_defense_in_its_many_spellings(text):
    assert themes_in(text) == {"missile_defense"}


def test_overlapping_phrases_of_one_theme_make_one_hit():
    hits = hits_of("They oppose ballistic missile defense.")
    assert hits.height == 1
    assert hits.row(0, named=True)["matched_text"] == "ballistic missile defense"


def test_typographic_apostrophes_and_possessives():
    assert matched("Moscow envisions Assad’s departure later.", "assad_fate") == [
        "Assad’s departure"
    ]
    assert matched("Moscow envisions Assad's departure later.", "assad_fate") == [
        "Assad's departure"
    ]


def test_inflected_sanctions_and_accents():
    assert matched("The firms were sanctioned last year.", "sanctions") == ["sanctioned"]
    assert matched("A detente is near.", "reset") == ["detente"]
    assert matched("A détente is near.", "reset") == ["détente"]


def test_gaps_one_word_for_plain_phrases_several_for_dots():
    assert matched("They want to mend the ties.", "reset") == ["mend the ties"]
    assert themes_in("They mend fences and other old broken ties.") == set()
    assert matched("He favors restoring Russia-US ties now.", "reset") == [
        "restoring Russia-US ties"
    ]
    assert matched("The future of President Bashar al-Assad is open.", "assad_fate") == [
        "future of President Bashar al-Assad"
    ]
    far = "They restore the old, long-neglected and much disputed, rarely used ties."
    assert themes_in(far) == set()


def test_words_must_come_in_order():
    assert themes_in("Defense against any missile is costly.") == set()


def test_exclusions_veto_only_the_hits_they_overlap():
    assert themes_in("A way to trade away the sanctions.") == {"sanctions"}
    assert themes_in("A way to trade away help, and to join the WTO.") == {"trade"}
    assert themes_in("Press the reset button on the router.") == set()
    # In the bundled lexicon: a party of Islamists is no terrorism; their militants are.
    bundled = load_lexicon(default_lexicon_path())
    politicians = "Islamist politicians won the election in Tunisia."
    assert "terrorism" not in themes_in(politicians, lexicon=bundled)
    assert "terrorism" in themes_in("Islamist militants attacked the museum.", lexicon=bundled)


def test_derivations_and_longer_words_are_not_typos():
    # "important" is not "imports"; "Russia" is not a typo of "Russiagate";
    # "represent" is not "repression"; "extremely" is not "extremism".
    assert themes_in("It is important and of great importance.") == set()
    assert themes_in("Russia and Russians.") == set()
    assert themes_in("They represent the state.") == set()
    extremism = parse_lexicon('[[theme]]\nid = "terrorism"\nphrases = ["extremism"]\n')
    assert themes_in("The setup was extremely simple.", lexicon=extremism) == set()
    assert themes_in("They fight extremisms of every kind.", lexicon=extremism) == {"terrorism"}


def test_threshold_controls_typo_tolerance():
    text = "Moscow objects to the missle defense plans."
    assert themes_in(text, threshold=88) == {"missile_defense"}
    assert themes_in(text, threshold=100) == set()
    assert themes_in("Moscow objects to missile defense.", threshold=100) == {"missile_defense"}


def test_spans_map_to_the_original_text_through_folded_white_space_and_glued_words():
    texts = (
        "Kerry said that   Russia and theUnited States\n  must mend\n ties soon.",
        "They “reset” relations; the “missile  defence” row went on.",
    )
    hits = hits_of(*texts)
    assert set(hits.get_column("matched_text").to_list()) == {
        "mend\n ties",
        "reset",
        "missile  defence",
    }


def test_a_hit_on_a_word_broken_at_a_line_end_spans_it_in_the_original(make_corpus):
    from workbench.corpus.ingest import load_corpus

    # Text pasted from a PDF: the sentence reads "sanctions", the file "sanc-" / "tions".
    text = "Sanctions\n\nThe new sanc-\ntions hit Russia, and the talks on missile de-\r\nfense.\n"
    corpus = load_corpus(make_corpus({"brief.txt": text}))
    hits = find_theme_hits(corpus.sentences, LEXICON, documents=corpus.documents)
    document = corpus.documents["text"][0]
    assert [document[start:end] for start, end in hits.select("start", "end").rows()] == [
        "sanc-\ntions",
        "missile de-\r\nfense",
    ]
    assert hits["matched_text"].to_list() == ["sanc-\ntions", "missile de-\r\nfense"]


def test_without_documents_spans_fall_on_the_sentence_text():
    sentences, _ = sentences_of("The reset failed.")
    hits = find_theme_hits(sentences, LEXICON)
    assert hits.select("start", "end", "matched_text").row(0) == (4, 9, "reset")


def test_schema_determinism_and_empty_input():
    sentences, documents = sentences_of("They mend ties.", "The missile defense row.")
    first = find_theme_hits(sentences, LEXICON, documents=documents)
    second = find_theme_hits(sentences, LEXICON, documents=documents)
    assert first.schema == pl.Schema(HIT_SCHEMA)
    assert first.equals(second)
    empty = find_theme_hits(sentences.clear(), LEXICON)
    assert empty.height == 0 and empty.schema == pl.Schema(HIT_SCHEMA)


def test_token_keys_share_a_key_across_inflection_and_spelling():
    keys = token_keys(
        [
            "defence",
            "defenses",
            "sanctioned",
            "sanctions",
            "favour",
            "favor",
            "important",
            "imports",
            "preset",
            "reset",
            "extremism",
            "extremisms",
            "extremely",
            "nationalism",
            "nationally",
        ]
    )
    assert keys[0] == keys[1]
    assert keys[2] == keys[3]
    assert keys[4] == keys[5]
    assert keys[6] != keys[7]
    assert keys[8] != keys[9]
    assert keys[10] == keys[11] != keys[12]
    assert keys[13] != keys[14]


def test_summary_counts_articles_sentences_and_years():
    hits = pl.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "sentence_id": [0, 0, 3],
            "theme": ["reset", "reset", "reset"],
            "phrase": ["reset", "mend ties", "reset"],
            "matched_text": ["reset", "mend ties", "reset"],
            "start": [0, 10, 0],
            "end": [5, 19, 5],
            "score": [100.0, 100.0, 100.0],
            "method": ["word", "word", "word"],
        },
        schema=HIT_SCHEMA,
    )
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "year": [2013, None], "outlet": [None, "CNN"]},
        schema={"article_id": pl.String, "year": pl.Int32, "outlet": pl.String},
    )
    summary = theme_summary(hits, articles, LEXICON)
    assert summary.get_column("theme").to_list() == list(LEXICON.ids)
    reset = summary.row(0, named=True)
    assert (reset["articles"], reset["sentences"], reset["hits"]) == (2, 2, 3)
    assert reset["by_year"] == ["2013: 2", "?: 1"]
    assert reset["by_outlet"] == ["CNN: 1"]  # the article without an outlet is left out
    assert reset["top_phrases"] == ["reset", "mend ties"]
    assert summary.row(1, named=True)["hits"] == 0


# ---------------------------------------------------------------------- the seed articles


@pytest.fixture(scope="module")
def seed_hits(bundled_corpus) -> pl.DataFrame:
    lexicon = load_lexicon(default_lexicon_path())
    return find_theme_hits(bundled_corpus.sentences, lexicon, documents=bundled_corpus.documents)


def articles_with(hits: pl.DataFrame, theme: str) -> set[str]:
    return set(hits.filter(pl.col("theme") == theme).get_column("article_id").to_list())


def test_seed_facts(seed_hits):
    assert {"000", "003"} <= articles_with(seed_hits, "missile_defense")
    assert {"000", "001", "003", "004"} <= articles_with(seed_hits, "assad_fate")
    assert {"002", "004"} <= articles_with(seed_hits, "reset")


def test_seed_hits_point_into_the_original_text_within_their_sentence(seed_hits, bundled_corpus):
    texts = dict(bundled_corpus.documents.iter_rows())
    bounds = {
        (a, s): (start, end)
        for a, s, start, end in bundled_corpus.sentences.select(
            "article_id", "sentence_id", "start", "end"
        ).iter_rows()
    }
    assert seed_hits.height > 50
    for article_id, sentence_id, start, end, text in seed_hits.select(
        "article_id", "sentence_id", "start", "end", "matched_text"
    ).iter_rows():
        assert texts[article_id][start:end] == text
        low, high = bounds[(article_id, sentence_id)]
        assert low <= start < end <= high


def test_no_hit_in_removed_boilerplate(seed_hits, bundled_corpus):
    removed = bundled_corpus.removed.select("article_id", "start", "end")
    overlapping = seed_hits.join(removed, on="article_id", suffix="_removed").filter(
        (pl.col("start") < pl.col("end_removed")) & (pl.col("start_removed") < pl.col("end"))
    )
    assert overlapping.height == 0
    # The Moscow Times' appeal speaks of repression and journalism: none of it is a hit.
    assert removed.filter(pl.col("article_id") == "001").height > 0
    lowered = seed_hits.get_column("matched_text").str.to_lowercase()
    assert not lowered.str.contains("repression|journalism").any()


MEANING_LEXICON = parse_lexicon(
    """
[[theme]]
id = "arms_control"
label = "Arms control"
description = "Treaties that limit nuclear weapons."
phrases = ["arms control", "New START"]
examples = ["The two countries agreed to cut their stockpiles of long-range nuclear warheads."]

[[theme]]
id = "sport"
label = "Sport"
description = "Football matches, players and championships."
phrases = ["football"]
examples = ["The team won the final after extra time."]
exclusions = ["football diplomacy"]
""",
    "meaning-lexicon",
)


def meaning_hits_of(*texts: str, gate: float = 0.45) -> pl.DataFrame:
    from workbench.analysis.embeddings import embed_sentences

    sentences, documents = sentences_of(*texts)
    return find_theme_hits(
        sentences,
        MEANING_LEXICON,
        documents=documents,
        embeddings=embed_sentences(sentences),
        meaning_gate=gate,
    )


def test_a_sentence_close_in_meaning_is_a_hit_without_the_words():
    texts = (
        "Negotiators settled how many strategic warheads and launchers each side may keep.",
        "The striker scored twice as the home side won the cup on Saturday.",
        "The bakery on the corner sells bread.",
    )
    # A two-theme lexicon with one example each: cosines run lower than with the default's.
    hits = meaning_hits_of(*texts, gate=0.25)
    found = hits.select("sentence_id", "theme", "method").iter_rows()
    by_sentence = {(s, t): m for s, t, m in found}
    assert by_sentence == {(0, "arms_control"): "meaning", (1, "sport"): "meaning"}
    first = hits.filter(pl.col("sentence_id") == 0).row(0, named=True)
    assert (first["start"], first["end"]) == (0, len(texts[0]))
    assert first["matched_text"] == texts[0]
    assert first["phrase"] == "(meaning)"
    assert 25.0 <= first["score"] <= 100.0
    assert hits.schema == pl.Schema(HIT_SCHEMA)


def test_word_hits_and_vetoes_settle_a_theme_before_meaning():
    texts = (
        "The New START treaty limits how many strategic warheads each side may deploy.",
        "Football diplomacy brought the two teams and their fans together for the final.",
    )
    hits = meaning_hits_of(*texts, gate=0.0)
    words = hits.filter(pl.col("method") == "word")
    assert words.select("sentence_id", "theme").rows() == [(0, "arms_control")]
    meaning = hits.filter(pl.col("method") == "meaning")
    assert (0, "arms_control") not in meaning.select("sentence_id", "theme").rows()
    assert (1, "sport") not in meaning.select("sentence_id", "theme").rows()


def test_embeddings_made_by_a_function_are_made_beside_the_words_once():
    import threading

    from workbench.analysis.embeddings import embed_sentences

    texts = (
        "The New START treaty limits how many strategic warheads each side may deploy.",
        "Negotiators settled how many strategic warheads and launchers each side may keep.",
        "The striker scored twice as the home side won the cup on Saturday.",
    )
    sentences, documents = sentences_of(*texts)
    calls = []

    def embed():
        calls.append(threading.current_thread())
        return embed_sentences(sentences)

    made = find_theme_hits(
        sentences, MEANING_LEXICON, documents=documents, embeddings=embed, meaning_gate=0.25
    )
    given = find_theme_hits(
        sentences,
        MEANING_LEXICON,
        documents=documents,
        embeddings=embed_sentences(sentences),
        meaning_gate=0.25,
    )
    assert made.equals(given)
    assert set(made["method"]) == {"word", "meaning"}
    assert len(calls) == 1 and calls[0] is not threading.current_thread()


def test_gate_short_sentences_and_no_embeddings():
    long_text = "Negotiators settled how many strategic warheads and launchers each side may keep."
    assert meaning_hits_of(long_text, gate=0.99).is_empty()
    assert meaning_hits_of("Warheads were counted.", gate=0.0).is_empty()
    sentences, documents = sentences_of(long_text)
    assert find_theme_hits(sentences, MEANING_LEXICON, documents=documents).is_empty()


def test_meaning_needs_one_embedding_row_per_sentence():
    from workbench.analysis.embeddings import embed_texts

    sentences, _documents = sentences_of("One sentence here.", "And another one.")
    with pytest.raises(ValueError, match="2 sentences but 1 embedding rows"):
        find_theme_hits(sentences, MEANING_LEXICON, embeddings=embed_texts(["x"]))


def test_token_keys_of_a_few_words_are_those_of_many(monkeypatch, seed_texts):
    # A word diff keys a few words in plain Python, theme matching keys many with polars.
    from workbench.analysis import themes

    vocabulary = {
        word.strip(".,;:!?\"'()“”‘’").lower()
        for text in seed_texts.values()
        for word in text.split()
    }
    vocabulary |= {"defences", "labour's", "organisation", "analysed", "centres", "travelled"}
    vocabulary |= {"catalogue", "programmes", "judgement", "manoeuvred", "sceptical", "greyer"}
    vocabulary |= {"naïve", "café", "o'neill's", "importance", "independent", "'s", ""}
    words = sorted(vocabulary)
    assert len(words) > themes._FEW_TOKENS
    many = token_keys(words)
    few = [
        key for start in range(0, len(words), 50) for key in token_keys(words[start : start + 50])
    ]
    assert few == many
    assert token_keys(["defences", "labour's"]) == ["defens", "labor"]


def test_typos_are_forgiven_in_english_not_in_other_languages_words():
    crimea = parse_lexicon('[[theme]]\nid = "ukraine_crimea"\nphrases = ["Crimean", "Ukraine"]\n')
    # A typo of the lexicon's word in English text matches ...
    assert themes_in("The Crimmean peninsula was annexed.", lexicon=crimea) == {"ukraine_crimea"}
    # ... but Spanish "crímenes" (crimes) is no typo of "Crimean", though "Ukraine" written
    # as the lexicon writes it still matches.
    spanish = "Los crímenes de la dictadura son para el pueblo una herida que no se cierra."
    assert themes_in(spanish, lexicon=crimea) == set()
    assert themes_in(spanish + " Ukraine no es el tema de la noticia.", lexicon=crimea) == {
        "ukraine_crimea"
    }


def test_the_languages_already_told_stand_for_the_check_of_typos():
    crimea = parse_lexicon('[[theme]]\nid = "ukraine_crimea"\nphrases = ["Crimean", "Ukraine"]\n')
    spanish = "Los crímenes de la dictadura son para el pueblo una herida que no se cierra."
    sentences, _ = sentences_of(spanish)
    told = article_languages(sentences)
    assert told["language"].to_list() == ["es"]
    # Told as the check would tell them: the same hits (none) ...
    assert themes_in(spanish, lexicon=crimea, languages=told) == set()
    # ... and what is told is what counts: an article told as English takes the typo.
    english = told.clear()
    assert themes_in(spanish, lexicon=crimea, languages=english) == {"ukraine_crimea"}


def test_distinct_codes_give_each_value_back_by_its_code():
    from workbench.analysis.tokens import distinct_codes

    values = pl.Series(["reset", "missile", "reset", None, "assad", "missile"])
    distinct, codes = distinct_codes(values)
    assert sorted(distinct.to_list()) == ["assad", "missile", "reset"]
    assert codes.dtype == pl.UInt32 and codes.null_count() == 1
    assert distinct.gather(codes).to_list() == values.to_list()
    again, _ = distinct_codes(pl.Series(["x"]))  # categories of its own: none of the first call's
    assert again.to_list() == ["x"]
