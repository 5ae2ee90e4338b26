"""The comparison tables: registry, schemas and facts of the seeds."""

from __future__ import annotations

import polars as pl
import pytest

from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.people import Person, load_people, people
from workbench.analysis.similarity import similarity
from workbench.analysis.tables import TABLES, theme_by_outlet, theme_by_year
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path
from workbench.workspace import Workspace

DOC_COLUMNS = {
    "articles": [
        "article_id",
        "title",
        "outlet",
        "author",
        "published",
        "year",
        "words",
        "sentences",
    ],
    "sentences": ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"],
    "theme_hits": [
        "article_id",
        "sentence_id",
        "theme",
        "phrase",
        "matched_text",
        "start",
        "end",
        "score",
    ],
    "theme_by_year": ["theme", "year", "articles", "hits", "per_1k_words"],
    "theme_by_outlet": ["theme", "outlet", "articles", "hits", "per_1k_words"],
    "theme_by_article": ["article_id", "theme", "hits", "share_of_sentences"],
    "alignments": [
        "left_id",
        "left_sentence",
        "right_id",
        "right_sentence",
        "score",
        "shared_themes",
    ],
    "recurring_phrases": [
        "phrase",
        "variants",
        "articles",
        "years",
        "first_year",
        "last_year",
        "occurrences",
    ],
    "similarity": ["left_id", "right_id", "lexical", "thematic"],
    "people": ["person", "article_id", "year", "mentions"],
    "removed": ["article_id", "start", "end", "rule", "family", "text"],
}
TYPES = {
    "article_id": pl.String,
    "left_id": pl.String,
    "right_id": pl.String,
    "theme": pl.String,
    "year": pl.Int32,
    "sentence_id": pl.Int32,
    "left_sentence": pl.Int32,
    "right_sentence": pl.Int32,
    "start": pl.Int64,
    "end": pl.Int64,
    "score": pl.Float64,
    "lexical": pl.Float64,
    "thematic": pl.Float64,
    "per_1k_words": pl.Float64,
    "share_of_sentences": pl.Float64,
    "shared_themes": pl.List(pl.String),
    "variants": pl.List(pl.String),
    "years": pl.List(pl.Int32),
    "first_year": pl.Int32,
    "last_year": pl.Int32,
}


@pytest.fixture(scope="module")
def workspace(bundled_corpus) -> Workspace:
    return Workspace(bundled_corpus, load_lexicon(default_lexicon_path()))


def test_registry_holds_every_documented_table():
    assert set(DOC_COLUMNS) <= set(TABLES)
    for name, spec in TABLES.items():
        assert spec.name == name and spec.description


@pytest.mark.parametrize("name", list(DOC_COLUMNS))
def test_table_schema(workspace, name):
    frame = workspace.table(name)
    assert set(DOC_COLUMNS[name]) <= set(frame.columns)
    for column, dtype in frame.schema.items():
        if column in TYPES:
            assert dtype == TYPES[column], (name, column, dtype)
    if name == "recurring_phrases":
        assert frame.schema["articles"] == pl.List(pl.String)
    if name not in ("alignments",):
        assert frame.height > 0, name


def test_unknown_table_lists_valid_names(workspace):
    with pytest.raises(WorkbenchError, match=r"unknown table 'nope' \(tables: articles,"):
        workspace.table("nope")


def test_theme_by_year_has_a_zero_filled_grid(workspace):
    frame = workspace.table("theme_by_year")
    years = workspace.corpus.articles["year"].unique().drop_nulls().len()
    assert frame.height == len(workspace.lexicon.ids) * years
    reset = frame.filter(pl.col("theme") == "reset")
    assert reset.filter(pl.col("year") == 2013)["articles"].item() >= 1
    missing = reset.filter(pl.col("hits") == 0)
    assert (missing["per_1k_words"] == 0).all()


def test_theme_by_year_counts_per_1k_words():
    hits = pl.DataFrame({"article_id": ["a", "a", "b"], "theme": ["t", "t", "t"]})
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "year": [2010, 2011], "words": [500, 2000]},
        schema_overrides={"year": pl.Int32},
    )
    frame = theme_by_year(hits, articles, ["t", "u"])
    got = {(t, y): (a, h, p) for t, y, a, h, p, *_ in frame.rows()}
    assert got[("t", 2010)] == (1, 2, 4.0)
    assert got[("t", 2011)] == (1, 1, 0.5)
    assert got[("u", 2011)] == (0, 0, 0.0)


def test_theme_by_year_has_no_rate_for_a_year_without_words():
    hits = pl.DataFrame({"article_id": ["a"], "theme": ["t"]})
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "year": [2010, 2011], "words": [500, 0]},
        schema_overrides={"year": pl.Int32},
    )
    frame = theme_by_year(hits, articles, ["t"])
    got = {y: (h, p) for _, y, _, h, p, *_ in frame.rows()}
    assert got == {2010: (1, 2.0), 2011: (0, None)}  # no words to count by: no rate, not 0


def test_theme_by_outlet_counts_each_named_outlet_most_articles_first():
    hits = pl.DataFrame({"article_id": ["a", "a", "b", "c", "d"], "theme": ["t"] * 5})
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "outlet": ["Zeta", "Alpha", "Zeta", None],
            "words": [500, 2000, 500, 100],
        }
    )
    frame = theme_by_outlet(hits, articles, ["t", "u"])
    assert frame["outlet"].unique(maintain_order=True).to_list() == ["Zeta", "Alpha"]
    got = {(t, o): row for t, o, *row in frame.rows()}
    # articles, hits, per 1,000 words, the outlet's articles, share of them
    assert got[("t", "Zeta")] == [2, 3, 3.0, 2, 1.0]
    assert got[("t", "Alpha")] == [1, 1, 0.5, 1, 1.0]
    assert got[("u", "Alpha")] == [0, 0, 0.0, 1, 0.0]
    # The article without an outlet (d) is counted under none.
    assert frame.filter(pl.col("theme") == "t")["hits"].sum() == 4
    assert theme_by_outlet(hits, articles.with_columns(pl.lit(None).alias("outlet"))).is_empty()


def test_theme_by_article_shares(workspace):
    frame = workspace.table("theme_by_article")
    assert ((frame["share_of_sentences"] > 0) & (frame["share_of_sentences"] <= 1)).all()
    md = frame.filter(pl.col("theme") == "missile_defense")["article_id"].to_list()
    assert {"000", "003"} <= set(md)


def test_similarity_of_the_seeds_covers_every_pair(workspace):
    frame = workspace.table("similarity")
    assert frame.height == 10  # 5 articles
    assert frame.select("left_id", "right_id").n_unique() == 10
    for column in ("lexical", "thematic"):
        assert ((frame[column] >= 0) & (frame[column] <= 1.0001)).all()
    assert (frame["left_year"] <= frame["right_year"]).all()


def test_similarity_ranks_a_near_copy_highest():
    texts = {
        "a": "sanctions over crimea hurt the russian economy and its banks badly",
        "b": "sanctions over crimea hurt the russian economy and its banks a lot",
        "c": "the football season ended with a surprising win for the home team",
    }
    sentences = pl.DataFrame({"article_id": list(texts), "norm": list(texts.values())})
    articles = pl.DataFrame(
        {"article_id": list(texts), "year": [2014, 2015, 2016]},
        schema_overrides={"year": pl.Int32},
    )
    hits = pl.DataFrame({"article_id": ["a", "b"], "theme": ["sanctions", "sanctions"]})
    frame = similarity(sentences, articles, hits)
    best = frame.sort("lexical", descending=True).row(0, named=True)
    assert (best["left_id"], best["right_id"]) == ("a", "b")
    assert best["thematic"] == pytest.approx(1.0)
    assert frame.filter(pl.col("right_id") == "c")["lexical"].max() < 0.2


def test_similarity_large_corpus_keeps_top_neighbours():
    rows, ids = [], []
    for i in range(30):
        ids.append(f"{i:02d}")
        rows.append((f"{i:02d}", f"topic{i % 3} shared{i % 3} words{i % 3} unique{i}"))
    sentences = pl.DataFrame(rows, schema=["article_id", "norm"], orient="row")
    articles = pl.DataFrame(
        {"article_id": ids, "year": [2010 + i % 5 for i in range(30)]},
        schema_overrides={"year": pl.Int32},
    )
    hits = pl.DataFrame(schema={"article_id": pl.String, "theme": pl.String})
    frame = similarity(sentences, articles, hits, all_pairs_limit=10, top_k=2)
    per_article = pl.concat([frame["left_id"], frame["right_id"]]).value_counts()
    assert frame.height < 30 * 29 / 2
    assert per_article["count"].min() >= 2


def test_people_on_the_seeds(workspace):
    frame = workspace.table("people")
    putin = frame.filter(pl.col("person") == "Vladimir Putin")
    assert set(putin["article_id"]) == {"000", "001", "002", "003", "004"}
    kerry = frame.filter(pl.col("person") == "John Kerry")["article_id"].to_list()
    assert "003" in kerry
    pompeo = frame.filter(pl.col("person") == "Mike Pompeo")
    assert pompeo["year"].to_list() == [2019]


def test_people_longest_form_wins():
    sentences = pl.DataFrame(
        {
            "article_id": ["a", "a"],
            "sentence_id": [0, 1],
            "text": ["Bill Clinton met Yeltsin.", "Later Clinton, not Hillary Clinton, spoke."],
        },
        schema_overrides={"sentence_id": pl.Int32},
    )
    articles = pl.DataFrame(
        {"article_id": ["a"], "year": [1996]}, schema_overrides={"year": pl.Int32}
    )
    persons = [
        Person("Bill Clinton", "", ("Bill Clinton",)),
        Person("Hillary Clinton", "", ("Hillary Clinton", "Clinton")),
        Person("Boris Yeltsin", "", ("Yeltsin",)),
    ]
    frame = people(sentences, articles, persons)
    got = dict(zip(frame["person"], frame["mentions"], strict=True))
    assert got == {"Bill Clinton": 1, "Hillary Clinton": 2, "Boris Yeltsin": 1}


def _people_named(texts: list[str], persons=None) -> list[list[str]]:
    """The people each text names (one sentence an article), sorted."""
    sentences = pl.DataFrame(
        {
            "article_id": [f"a{n}" for n in range(len(texts))],
            "sentence_id": [0] * len(texts),
            "text": texts,
        },
        schema_overrides={"sentence_id": pl.Int32},
    )
    articles = pl.DataFrame(
        {"article_id": [f"a{n}" for n in range(len(texts))], "year": [2018] * len(texts)},
        schema_overrides={"year": pl.Int32},
    )
    frame = people(sentences, articles, load_people() if persons is None else persons)
    return [
        sorted(frame.filter(pl.col("article_id") == f"a{n}")["person"].to_list())
        for n in range(len(texts))
    ]


def test_a_surname_after_another_given_name_is_someone_elses():
    persons = [
        Person("Joe Biden", "", ("Joe Biden", "President Biden", "Biden")),
        Person("George W. Bush", "", ("George W. Bush", "Bush")),
        Person("Sergey Lavrov", "", ("Sergey Lavrov", "Sergei Lavrov", "Lavrov")),
    ]
    named = _people_named(
        [
            "Hunter Biden sat on the board of Burisma.",  # another Biden
            "Jeb Bush lost the primary.",
            "Hafez Bush is no one.",
            "But Biden said no.",  # a sentence's opening word, a title, a day, a possessive
            "Later Biden spoke again.",
            "Vice President Biden flew to Kyiv.",
            "Presidents Bush and Biden met.",
            "On Tuesday Lavrov arrived.",
            "Russia's Lavrov smiled.",
            "Sergei V. Lavrov said so.",  # an initial: his own middle name
            "Then-President Bush agreed.",
        ],
        persons,
    )
    assert named == [
        [],
        [],
        [],
        ["Joe Biden"],
        ["Joe Biden"],
        ["Joe Biden"],
        ["George W. Bush", "Joe Biden"],
        ["Sergey Lavrov"],
        ["Sergey Lavrov"],
        ["Sergey Lavrov"],
        ["George W. Bush"],
    ]


def test_the_people_of_the_trump_putin_years_are_told_apart():
    named = _people_named(
        [
            "Donald Trump Jr. met a Russian lawyer at Trump Tower.",  # a building, no one
            "Trump Jr. released the emails.",
            "Hunter Biden joined the board of Burisma in 2014.",
            "Ivanka Trump and Jared Kushner flew to Riyadh.",
            "Yulia Skripal left the hospital before her father, Sergei Skripal.",
            "The Clinton Foundation took the money, Trump said.",
        ]
    )
    assert named == [
        ["Donald Trump Jr."],
        ["Donald Trump Jr."],
        ["Hunter Biden"],
        ["Ivanka Trump", "Jared Kushner"],
        ["Sergei Skripal", "Yulia Skripal"],
        ["Donald Trump"],
    ]


def test_people_are_case_sensitive_words():
    sentences = pl.DataFrame(
        {"article_id": ["a"], "sentence_id": [0], "text": ["He played his trump card; Trumpet."]},
        schema_overrides={"sentence_id": pl.Int32},
    )
    articles = pl.DataFrame(
        {"article_id": ["a"], "year": [2017]}, schema_overrides={"year": pl.Int32}
    )
    assert people(sentences, articles, load_people()).is_empty()


def test_the_descriptions_say_what_the_tables_hold(workspace, generated_workspace):
    """Each footer's claims, checked against the table it describes."""
    alignments = generated_workspace.table("alignments")  # many pairs, over 2011–2024
    description = TABLES["alignments"].description
    assert "same thing" not in description and "different years" in description
    assert alignments.height > 100
    assert (alignments["left_year"] != alignments["right_year"]).all()
    # One to one: within a pair of articles, no sentence is in two pairs.
    for side in ("left", "right"):
        keys = alignments.select("left_id", "right_id", f"{side}_sentence")
        assert keys.unique().height == keys.height
    by_year = workspace.table("theme_by_year")
    assert "dated articles" in TABLES["theme_by_year"].description
    assert by_year["year"].null_count() == 0
    by_article = workspace.table("theme_by_article")
    assert "with a hit" in TABLES["theme_by_article"].description
    assert (by_article["hits"] > 0).all()
    phrases = workspace.table("recurring_phrases")
    assert "two or more articles" in TABLES["recurring_phrases"].description
    assert (phrases["article_count"] >= 2).all()
    for name, columns in {
        "alignments": ["score", "label"],
        "theme_hits": ["score", "method", "matched_text", "phrase"],
        "people": ["mentions", "sentences"],
    }.items():
        assert set(columns) <= set(workspace.table(name).columns), name


def test_a_corpus_of_one_year_has_no_alignments_and_makes_nothing_for_them(
    make_corpus, monkeypatch
):
    from workbench.options import WorkspaceOptions

    body = (
        "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to "
        "resume talks on Syria's chemical weapons, officials said after a long meeting."
    )
    manifest = "\n".join(
        f'[[article]]\nid = "{name}"\nfile = "{name}.txt"\npublished = "2017-0{n + 1}-01"\n'
        for n, name in enumerate(("a", "b"))
    )
    corpus = make_corpus({"a.txt": body, "b.txt": body}, manifest=manifest)
    workspace = Workspace.open(WorkspaceOptions(corpus=corpus, use_cache=False))

    def not_needed():
        raise AssertionError("embeddings made for a corpus with nothing to align")

    monkeypatch.setattr(workspace, "sentence_embeddings", not_needed)
    alignments = workspace.table("alignments")
    assert alignments.is_empty()
    assert {"left_id", "right_id", "score"} <= set(alignments.columns)
