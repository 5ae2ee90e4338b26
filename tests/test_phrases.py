"""Recurring phrases: counting, maximality, variant grouping, keyword in context."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.phrases import PHRASE_SCHEMA, kwic, recurring_phrases
from workbench.analysis.tokens import STOPWORDS, article_languages, function_words, sentence_words
from workbench.paths import default_lexicon_path
from workbench.workspace import Workspace


def corpus(articles: dict[str, tuple[int, list[str]]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sentences, articles) frames from {article_id: (year, [sentence texts])}."""
    rows = []
    for article_id, (_, texts) in articles.items():
        for i, text in enumerate(texts):
            rows.append((article_id, i, 0, 0, len(text), text, text.lower()))
    sentences = pl.DataFrame(
        rows,
        schema={
            "article_id": pl.String,
            "sentence_id": pl.Int32,
            "paragraph_id": pl.Int32,
            "start": pl.Int64,
            "end": pl.Int64,
            "text": pl.String,
            "norm": pl.String,
        },
        orient="row",
    )
    meta = pl.DataFrame(
        {
            "article_id": list(articles),
            "year": [y for y, _ in articles.values()],
            "outlet": ["x"] * len(articles),
        },
        schema_overrides={"year": pl.Int32},
    )
    return sentences, meta


@pytest.fixture(scope="module")
def workspace(bundled_corpus) -> Workspace:
    return Workspace(bundled_corpus, load_lexicon(default_lexicon_path()))


def test_intensify_dialogue_recurs_from_2013_to_2019(workspace):
    table = workspace.table("recurring_phrases")
    assert table.schema == pl.Schema(PHRASE_SCHEMA)
    group = table.filter(
        pl.col("variants").list.eval(pl.element().str.contains("intensify")).list.any()
    )
    assert group.height == 1
    row = group.row(0, named=True)
    assert "intensify the dialogue" in row["variants"]
    assert any("intensify us" in v and "dialogue" in v for v in row["variants"])
    assert row["articles"] == ["003", "004"]
    assert (row["first_year"], row["last_year"]) == (2013, 2019)


def test_seed_phrases_recur_in_two_articles_and_are_not_all_stopwords(workspace):
    table = workspace.table("recurring_phrases")
    assert table.height > 0
    assert (table["article_count"] >= 2).all()
    assert (table["article_count"] == table["articles"].list.len()).all()
    for phrase in table["phrase"]:
        words = phrase.split(" ")
        assert 3 <= len(words) <= 8
        assert not all(w in STOPWORDS for w in words)


def test_only_the_maximal_phrase_is_reported():
    sentences, articles = corpus(
        {
            "a": (2010, ["The new strategic arms reduction treaty was signed in Prague."]),
            "b": (2012, ["Critics said the new strategic arms reduction treaty was weak."]),
        }
    )
    table = recurring_phrases(sentences, articles)
    assert table["phrase"].to_list() == ["new strategic arms reduction treaty"]


def test_a_shorter_phrase_with_more_articles_is_kept_too():
    sentences, articles = corpus(
        {
            "a": (2010, ["The new strategic arms reduction treaty was signed in Prague."]),
            "b": (2012, ["Critics said the new strategic arms reduction treaty was weak."]),
            "c": (2014, ["Nobody mentions strategic arms reduction any longer here."]),
        }
    )
    table = recurring_phrases(sentences, articles)
    phrases = dict(zip(table["phrase"], table["article_count"], strict=True))
    assert phrases == {"strategic arms reduction": 3, "new strategic arms reduction treaty": 2}


def test_repetition_inside_one_article_is_not_recurring():
    sentences, articles = corpus(
        {
            "a": (2010, ["Missile defense shield plans again.", "Missile defense shield plans."]),
            "b": (2012, ["Something else entirely was discussed."]),
        }
    )
    assert recurring_phrases(sentences, articles).is_empty()


def test_phrases_do_not_cross_sentence_boundaries():
    sentences, articles = corpus(
        {
            "a": (2010, ["Talks ended in Geneva.", "Sanctions followed quickly afterwards."]),
            "b": (2012, ["Talks ended in Geneva.", "Sanctions followed quickly afterwards."]),
        }
    )
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert sorted(phrases) == ["sanctions followed quickly afterwards", "talks ended in geneva"]


def test_variants_with_a_different_middle_word_are_grouped():
    sentences, articles = corpus(
        {
            "a": (2011, ["Both sides pledged to strengthen bilateral partnership soon."]),
            "b": (2016, ["Ministers want to strengthen the partnership next year."]),
            "c": (2020, ["Diplomats hope to strengthen regional partnership again."]),
            "d": (2021, ["An unrelated sentence about football and the weather."]),
        }
    )
    table = recurring_phrases(sentences, articles)
    assert table.height == 1
    row = table.row(0, named=True)
    assert set(row["variants"]) == {
        "strengthen bilateral partnership",
        "strengthen the partnership",
        "strengthen regional partnership",
    }
    assert row["years"] == [2011, 2016, 2020]
    assert row["occurrences"] == 3


def test_variants_differing_in_a_word_ending_are_grouped():
    sentences, articles = corpus(
        {
            "a": (2009, ["Clinton wanted to press the reset button with Moscow."]),
            "b": (2010, ["Officials like to press the reset button with Moscow."]),
            "c": (2012, ["Obama pressed the reset button with Moscow again."]),
            "d": (2013, ["Kerry pressed the reset button with Moscow too."]),
        }
    )
    table = recurring_phrases(sentences, articles)
    groups = {frozenset(v) for v in table["variants"]}
    # The whole shared run, past "with" (no 5-word window ends on a content word).
    pressed = {"press the reset button with moscow", "pressed the reset button with moscow"}
    assert frozenset(pressed) in groups
    row = table.filter(pl.col("variants").list.contains("press the reset button with moscow")).row(
        0, named=True
    )
    assert row["articles"] == ["a", "b", "c", "d"]
    assert (row["first_year"], row["last_year"]) == (2009, 2013)


def test_unrelated_middles_are_not_variants():
    sentences, articles = corpus(
        {
            "a": (2011, ["Russia wants Ukraine to stay neutral, officials said."]),
            "b": (2016, ["Russia invaded eastern Ukraine two years ago, officials said."]),
        }
    )
    phrases = recurring_phrases(sentences, articles)
    assert not any("ukraine" in v for vs in phrases["variants"] for v in vs)


def test_kwic_finds_every_variant_in_the_original_text(workspace):
    lines = workspace.kwic("intensify the dialogue")
    assert lines["article_id"].to_list() == ["003", "004"]
    assert lines["year"].to_list() == [2013, 2019]
    assert lines["match"][0].startswith("intensify")
    assert "US-Russia dialogue" in lines["match"][0]
    assert lines["match"][1] == "intensify the dialogue"
    assert lines["left"][1].endswith("tasked to “")


def test_kwic_of_plain_text_and_width():
    sentences, articles = corpus({"a": (2010, ["The reset button was pressed in Geneva."])})
    lines = kwic("reset button", sentences, articles, width=4)
    assert lines.select("left", "match", "right").rows() == [("The ", "reset button", " was")]
    assert kwic("preset", sentences, articles).is_empty()
    # A cut inside a word leaves the piece out: "utton was" would be half a word.
    lines = kwic("was pressed", sentences, articles, width=9)
    assert lines.select("left", "right").rows() == [("button ", " in")]


def test_kwic_finds_a_phrase_whatever_its_apostrophes_and_dashes():
    sentences, articles = corpus(
        {
            "a": (2013, ["Moscow said Assad’s fate was for Syrians to decide."]),
            "b": (2019, ["Assad's fate, Moscow said, is settled.", "The US–Russia talks stalled."]),
        }
    )
    lines = kwic("assad's fate", sentences, articles)
    assert lines["match"].to_list() == ["Assad’s fate", "Assad's fate"]
    assert kwic("assad’s fate", sentences, articles).height == 2
    assert kwic("moscow said assad's fate", sentences, articles)["article_id"].to_list() == ["a"]
    assert kwic("us-russia talks", sentences, articles)["match"].to_list() == ["US–Russia talks"]


def test_kwic_finds_a_hyphened_phrase_written_with_a_spaced_dash_or_two_hyphens():
    # Normalizing makes each of these "pro-democracy": the lines must find what the counts do.
    written = ["pro-democracy forces", "pro – democracy forces", "pro -- democracy forces"]
    sentences, articles = corpus(
        {name: (2013, [f"The {text} met."]) for name, text in zip("abc", written, strict=True)}
    )
    assert kwic("pro-democracy forces", sentences, articles)["match"].to_list() == written


def test_time_fillers_and_fragments_are_not_recurring_phrases():
    sentences, articles = corpus(
        {
            "a": (
                2014,
                [
                    "Posted four hours ago by the desk.",
                    "The minister noted that russia had changed course.",
                    "Sanctions on iran and north korea were discussed.",
                    "Officials praised the legacy of the cold war again.",
                ],
            ),
            "b": (
                2017,
                [
                    "Updated four hours ago from the wire.",
                    "The envoy noted that russia had refused.",
                    "Talks on iran and north korea stalled.",
                    "Historians study the legacy of the cold war closely.",
                ],
            ),
        }
    )
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert "legacy of the cold war" in phrases
    assert "iran and north korea" in phrases
    for fragment in ("four hours ago", "noted that russia", "iran and north", "legacy of the cold"):
        assert fragment not in phrases


def test_phrases_of_articles_in_another_language_are_weighed_against_that_language():
    # In German articles "seit vielen jahren" (for many years) is everyday German: a term of
    # the story found in as many articles ranks above it; "2021 und 2022" is two numbers and
    # a German function word, not a phrase at all.
    opening = "Die Regierung hat in der Woche mit dem Bau der Anlage begonnen, sagte er."
    who = ["Anna", "Bernd", "Clara", "Dieter"]
    what = ["Gericht", "Markt", "Verband", "Senat"]
    said = ["meint", "schreibt", "prüft", "fordert"]
    articles = {
        f"de{k}": (
            2019 + k % 3,
            [
                opening,
                f"{who[k]} {said[k]} seit vielen Jahren {what[k]}.",
                f"{what[k]} {said[k]} Abschöpfung von Strommarkterlösen {who[k]}.",
                f"{who[k]} {said[k]} 2021 und 2022 {what[k]}.",
            ],
        )
        for k in range(4)
    }
    sentences, meta = corpus(articles)
    table = recurring_phrases(sentences, meta)
    salience = dict(zip(table["phrase"].to_list(), table["salience"].to_list(), strict=True))
    assert salience["abschöpfung von strommarkterlösen"] > salience["seit vielen jahren"]
    assert "2021 und 2022" not in salience
    # Read as English (no German opening to tell the language), the same German words are
    # all rare finds: the everyday phrase is weighed as a find too.
    english = {key: (year, texts[1:]) for key, (year, texts) in articles.items()}
    table = recurring_phrases(*corpus(english))
    salience = dict(zip(table["phrase"].to_list(), table["salience"].to_list(), strict=True))
    assert salience["seit vielen jahren"] >= salience["abschöpfung von strommarkterlösen"]


def test_a_time_stamp_in_another_language_is_not_a_recurring_phrase():
    # "às 20:13" (Portuguese), "um 17:30 Uhr" (German), "17 марта" (Russian): time stamps,
    # also in articles read as English; a phrase with a word of its own among them stays.
    sentences, articles = corpus(
        {
            "a": (
                2010,
                ["Posted às 20:13.", "Doors open 17:30 Uhr.", "Seen 17 марта.", "War of 1812."],
            ),
            "b": (
                2018,
                ["Updated às 20:13.", "Gates shut 17:30 Uhr.", "Filed 17 марта.", "War of 1812."],
            ),
        }
    )
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert "war of 1812" in phrases
    assert not [p for p in phrases if "20" in p.split() or "uhr" in p.split() or "марта" in p]


def test_a_phrase_is_found_whole_when_no_window_one_word_shorter_recurs():
    # Every 7-word window of this 8-word sentence opens or closes on a stopword ("with",
    # "on", "very"): the 8-word phrase must still be found, not two pieces of it.
    said = "Talks with Russia on Syria were very productive."
    sentences, articles = corpus({"a": (2016, [said]), "b": (2017, [said])})
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert phrases == ["talks with russia on syria were very productive"]


def test_links_and_handles_are_one_word_and_never_a_recurring_phrase():
    tweet = "Talks with Russia on Syria were very productive."
    sentences, articles = corpus(
        {
            "a": (
                2016,
                [
                    f"{tweet} pic.twitter.com/AbC12xYz (@realdonaldtrump) https://t.co/Zq81",
                    "Read the readout at www.state.gov/r/pa/prs today.",
                ],
            ),
            "b": (
                2017,
                [
                    f"{tweet} pic.twitter.com/QrS98tUv (@realdonaldtrump) https://t.co/Yy02",
                    "Read the readout at www.state.gov/r/pa/prs now.",
                ],
            ),
        }
    )
    words = sentence_words(sentences)
    first = words.filter(pl.col("row") == 0)["word"].to_list()
    assert "pic.twitter.com/abc12xyz" in first and "https://t.co/zq81" in first
    assert "@realdonaldtrump" in first and "twitter" not in first and "com" not in first
    links = words.filter(pl.col("word").is_in(["@realdonaldtrump", "www.state.gov/r/pa/prs"]))
    assert links["stop"].all()  # a link is no content word: no phrase begins or ends on it
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert "talks with russia on syria were very productive" in phrases
    assert "read the readout" in phrases
    for phrase in phrases:
        assert not any(part in phrase.split() for part in ("pic", "twitter", "com", "gov", "t"))
        assert not phrase.startswith(("@", "www.", "pic.")) and "@real" not in phrase


def test_names_and_titles_are_the_people_side_after_the_phrases():
    sentences, articles = corpus(
        {
            "a": (
                2013,
                [
                    "Russian President Vladimir Putin met the Secretary of State in Geneva.",
                    "They discussed the missile defense shield at length.",
                ],
            ),
            "b": (
                2015,
                [
                    "President Vladimir Putin greeted the Secretary of State warmly.",
                    "Critics of the missile defense shield spoke out.",
                ],
            ),
        }
    )
    table = recurring_phrases(sentences, articles, names=["Vladimir Putin", "Putin"])
    kinds = dict(table.select("phrase", "kind").iter_rows())
    assert kinds["missile defense shield"] == "phrase"
    assert kinds["president vladimir putin"] == "name"
    assert kinds["secretary of state"] == "name"
    assert table["kind"].to_list() == sorted(table["kind"].to_list(), key=lambda k: k == "name")


def test_salience_ranks_telling_words_above_common_ones():
    sentences, articles = corpus(
        {
            "a": (
                2012,
                ["Congress passed the magnitsky act sanctions.", "Most people want to know."],
            ),
            "b": (
                2013,
                ["Moscow denounced the magnitsky act sanctions.", "Many people want to know."],
            ),
            "c": (2014, ["Still, people want to know more."]),
        }
    )
    table = recurring_phrases(sentences, articles)
    salience = dict(table.select("phrase", "salience").iter_rows())
    counts = dict(table.select("phrase", "article_count").iter_rows())
    assert counts["people want to know"] > counts["magnitsky act sanctions"]
    assert salience["magnitsky act sanctions"] > salience["people want to know"] > 0
    assert table["phrase"][0] == "magnitsky act sanctions"


def test_variants_must_agree_in_meaning_when_embeddings_are_given():
    from workbench.analysis.embeddings import embed_texts

    sentences, articles = corpus(
        {
            "a": (2013, ["Relations between the u.s. and russia worsened quickly."]),
            "b": (2015, ["Debate over u.s. sanctions on russia grew louder."]),
            "c": (2016, ["Ties between the u.s. and russia froze."]),
        }
    )
    by_spelling = recurring_phrases(sentences, articles)
    assert {"u.s. and russia", "u.s. sanctions on russia"} <= set(by_spelling["variants"][0])
    by_meaning = recurring_phrases(sentences, articles, embed=embed_texts)
    for variants in by_meaning["variants"]:
        assert not {"u.s. and russia", "u.s. sanctions on russia"} <= set(variants)
    assert by_meaning.filter(pl.col("phrase") == "u.s. and russia")[
        "articles"
    ].item().to_list() == [
        "a",
        "c",
    ]


def test_articles_in_other_languages_are_told_and_their_function_words_edge_no_phrase():
    german = [
        "Bei dem Treffen in Genf handelt es sich um eine Konferenz über die Sanktionen gegen "
        "Russland.",
        "Auch in der Frage der Raketenabwehr gab es nach wie vor keine Einigung.",
        "Der Außenminister sagte, man werde sich in der kommenden Woche wieder treffen.",
    ]
    russian = [
        "В Женеве министры обсудили санкции против России и вопрос о противоракетной обороне.",
        "По словам министра, переговоры будут продолжены на следующей неделе в Москве.",
    ]
    english = [
        "The talks on missile defense ended without an agreement between Moscow and Washington.",
        "The Kremlin said the sanctions against Russia would not change its policy on Ukraine.",
    ]
    sentences, articles = corpus(
        {
            "de1": (2014, german),
            "de2": (2015, [text.replace("Genf", "Wien") for text in german]),
            "ru1": (2014, russian),
            "en1": (2014, english),
            "en2": (2016, english),
        }
    )
    sentences = sentences.with_columns(pl.col("norm").str.replace_all(r"[.,]", ""))
    languages = dict(article_languages(sentences).iter_rows())
    assert languages == {"de1": "de", "de2": "de", "ru1": "ru"}  # English is not listed
    phrases = recurring_phrases(sentences, articles)["phrase"].to_list()
    assert "konferenz über die sanktionen gegen russland" in phrases
    assert "talks on missile defense ended without an agreement" in phrases
    for fragment in ("handelt es sich", "nach wie vor", "auch in der", "sich in der"):
        assert fragment not in phrases
    for phrase in phrases:  # German function words neither open nor close a phrase
        words = phrase.split()
        assert words[0] not in function_words()["de"] or words[0] in STOPWORDS
        assert words[-1] not in ("der", "die", "es", "sich", "vor", "wie", "in", "um")
    # The languages already told stand for telling them again, and are what counts.
    told = article_languages(sentences)
    assert recurring_phrases(sentences, articles, languages=told)["phrase"].to_list() == phrases
    as_english = recurring_phrases(sentences, articles, languages=told.clear())["phrase"]
    assert any(phrase.split()[-1] in ("der", "die") for phrase in as_english.to_list())


def test_an_articles_language_is_the_one_whose_function_words_it_uses_most():
    def frame(texts: dict[str, list[str]]) -> pl.DataFrame:
        rows = [(a, i, t) for a, sentences in texts.items() for i, t in enumerate(sentences)]
        return pl.DataFrame(
            rows,
            schema={"article_id": pl.String, "sentence_id": pl.Int32, "norm": pl.String},
            orient="row",
        )

    found = article_languages(
        frame(
            {
                "de": ["die lage ist nicht so gut wie in der zeit davor"],
                "en": ["the talks were not as good as in the years before them"],
                "short": ["die der und"],  # fewer than five: not told
                # as many Spanish as Portuguese words: the language met first
                "es-pt": ["los los los los los", "em em em em em"],
                # English on a tie with another language
                "tie": ["und und und und und", "and and and and and"],
                # only the first six sentences count
                "late": ["x"] * 6 + ["die der und das ist nicht mit"],
            }
        )
    )
    assert found.rows() == [("de", "de"), ("es-pt", "es")]


def test_a_phrase_inside_a_longer_one_in_nearly_its_articles_is_a_fragment():
    from workbench.analysis.phrases import fragments

    keys = pl.DataFrame(
        {
            "phrase": [
                "missile defense",  # inside the next, in as many articles: a fragment
                "missile defense shield in europe",
                "shield in europe",  # inside it too
                "defense shield",  # inside it, in many more articles: a phrase of its own
                "in europe today",  # its words, but not in that order: no fragment
                "nuclear arms talks",
                "arms talks",  # inside the one before, which is in under nine tenths as many
            ],
            "article_count": [5, 5, 4, 20, 3, 9, 11],
        },
        schema={"phrase": pl.String, "article_count": pl.UInt32},
    )
    found = fragments(keys).sort("phrase")
    assert found["phrase"].to_list() == ["missile defense", "shield in europe"]
    assert found.columns == ["phrase", "article_count"]
    assert fragments(keys.filter(pl.col("phrase").str.count_matches(" ") == 0)).is_empty()


def test_names_and_titles_of_any_corpus_are_told_by_its_capitals():
    sentences, articles = corpus(
        {
            "a": (
                2014,
                [
                    "Critics include party spokesman Mark Oaten.",
                    "Syrian President Bashar al-Assad spoke on Friday.",
                    "Federal judge David Bunning ruled on Monday.",
                    "The UN Security Council met.",
                    "They cited the Global Magnitsky Act often.",
                    "The panel cleared Kenteris and Katerina Thanou in Athens.",
                ],
            ),
            "b": (
                2015,
                [
                    "Angered, spokesman Mark Oaten left.",
                    "Envoys met Syrian President Bashar al-Assad in Damascus.",
                    "It was federal judge David Bunning who ruled.",
                    "Diplomats at the UN Security Council agreed.",
                    "Sanctions under the Global Magnitsky Act followed.",
                    "Kim Jong Un was not there.",
                    "Sprinters Kenteris and Katerina Thanou withdrew.",
                ],
            ),
        }
    )
    table = recurring_phrases(sentences, articles, names=["Kim Jong Un"])
    kinds = dict(table.select("phrase", "kind").iter_rows())
    # A title (or a nationality) with words the corpus writes capitalized: a name.
    assert kinds["spokesman mark oaten"] == "name"
    assert kinds["syrian president bashar al-assad"] == "name"
    assert kinds["federal judge david bunning"] == "name"
    # Capitalized words with no title are organisations and laws: phrases. "un" is a word of a
    # person's form ("Kim Jong Un"), not one of the forms.
    assert kinds["un security council"] == "phrase"
    assert kinds["global magnitsky act"] == "phrase"
    # Names alone, words general use hardly knows written capitalized: a name.
    assert kinds["kenteris and katerina thanou"] == "name"


def test_a_title_with_words_the_corpus_writes_in_lower_case_stays_a_phrase():
    sentences, articles = corpus(
        {
            "a": (2014, ["The spokesman denied new sanctions again.", "It ended on Monday."]),
            "b": (2015, ["A spokesman denied new sanctions.", "It ended Monday morning."]),
        }
    )
    kinds = dict(recurring_phrases(sentences, articles).select("phrase", "kind").iter_rows())
    assert kinds["spokesman denied new sanctions"] == "phrase"
