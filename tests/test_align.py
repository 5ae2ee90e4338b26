"""Sentence alignment: scoring, one-to-one assignment, word opcodes, blocking, theme threads."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import polars as pl
import pytest

from workbench.analysis.align import align_articles, score_sentence_pairs
from workbench.analysis.assignment import greedy_one_to_one, one_to_one, up_to_k
from workbench.analysis.blocking import candidate_pairs
from workbench.analysis.corpus_align import align_corpus
from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.theme_thread import theme_thread
from workbench.analysis.word_diff import opcodes_column, word_keys, word_opcodes
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path
from workbench.workspace import Workspace


def sentences_frame(article_id: str, texts: list[str]) -> pl.DataFrame:
    """A sentences frame of one article from plain texts."""
    return pl.DataFrame(
        {
            "article_id": [article_id] * len(texts),
            "sentence_id": list(range(len(texts))),
            "paragraph_id": [0] * len(texts),
            "start": [0] * len(texts),
            "end": [len(t) for t in texts],
            "text": texts,
            "norm": [t.lower() for t in texts],
        },
        schema_overrides={"sentence_id": pl.Int32, "paragraph_id": pl.Int32},
    )


def articles_frame(years: dict[str, int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": list(years), "year": list(years.values())},
        schema={"article_id": pl.String, "year": pl.Int32},
    )


@pytest.fixture(scope="module")
def workspace(bundled_corpus) -> Workspace:
    from conftest import SEED_MIN_SCORE

    from workbench.options import Settings

    settings = Settings(align_threshold=SEED_MIN_SCORE)
    return Workspace(bundled_corpus, load_lexicon(default_lexicon_path()), settings)


def test_greedy_assignment_is_one_to_one_best_first():
    scores = np.array([[90.0, 85.0, 10.0], [88.0, 20.0, 70.0], [10.0, 10.0, 50.0]])
    # Row 0 takes column 0 (90); row 1 cannot, so takes column 2 (70); row 2 is left out.
    assert greedy_one_to_one(scores, 60.0) == [(0, 0), (1, 2)]
    assert greedy_one_to_one(scores, 95.0) == []


def test_paraphrase_aligned_and_unrelated_not():
    left = sentences_frame(
        "a",
        [
            "When it comes to arms control, Washington and Moscow appear to have reached "
            "the limits of their discussions.",
            "The weather in Sochi was warm and sunny for the whole week of the summit.",
        ],
    )
    right = sentences_frame(
        "b",
        [
            "Hundreds of protesters gathered outside the embassy demanding the release of "
            "the journalist.",
            "On arms control, Moscow and Washington seem to have reached the limit of what "
            "they can discuss.",
        ],
    )
    pairs = align_articles(left, right, None, threshold=62)
    assert pairs.select("left_sentence", "right_sentence").rows() == [(0, 1)]
    assert pairs["score"][0] >= 62
    assert pairs.schema["shared_themes"] == pl.List(pl.String)


def test_short_sentence_inside_a_long_one_is_not_a_match():
    left = sentences_frame("a", ["Putin met Obama in Mexico."])
    right = sentences_frame(
        "b",
        [
            "At the Group of 20 summit in Mexico, President Barack Obama and Vladimir Putin had "
            "their first face-to-face meeting, and Putin met Obama for two hours."
        ],
    )
    assert align_articles(left, right, None, threshold=62).is_empty()


def test_each_sentence_aligned_at_most_once():
    text = "Russia and the United States agreed to intensify the dialogue on strategic stability."
    left = sentences_frame("a", [text, text.replace("agreed", "decided")])
    right = sentences_frame("b", [text])
    pairs = align_articles(left, right, None, threshold=60)
    assert pairs.height == 1
    assert pairs["left_sentence"][0] == 0  # the identical one wins


def test_shared_themes_are_reported_but_add_nothing_to_the_score():
    text = "The two presidents discussed the future of the region at length on Tuesday."
    left = sentences_frame("a", [text])
    right = sentences_frame("b", [text, text])
    hits = pl.DataFrame(
        {"article_id": ["a", "b"], "sentence_id": [0, 1], "theme": ["syria_war", "syria_war"]},
        schema_overrides={"sentence_id": pl.Int32},
    )
    with_theme = align_articles(left, right, hits, threshold=60)
    without = align_articles(left, right, None, threshold=60)
    # The tie goes to the earlier sentence, theme or not; the theme is only reported.
    assert with_theme["right_sentence"].to_list() == without["right_sentence"].to_list() == [0]
    assert with_theme["score"].to_list() == without["score"].to_list()
    theme_pair = align_articles(left, right.filter(pl.col("sentence_id") == 1), hits, threshold=60)
    assert theme_pair["shared_themes"].to_list() == [["syria_war"]]


def test_word_opcodes_cover_both_sentences():
    left = "Kerry met Putin in Moscow on Tuesday."
    right = "Pompeo met Putin in Sochi on Tuesday, briefly."
    ops = word_opcodes(left, right)
    assert {op["tag"] for op in ops} <= {"equal", "replace", "insert", "delete"}
    assert ops[0]["left_start"] == 0 and ops[0]["right_start"] == 0
    assert ops[-1]["left_end"] == len(left.split(" "))
    assert ops[-1]["right_end"] == len(right.split(" "))
    for before, after in itertools.pairwise(ops):
        assert before["left_end"] == after["left_start"]
        assert before["right_end"] == after["right_start"]
    equal_words = [
        w
        for op in ops
        if op["tag"] == "equal"
        for w in left.split(" ")[op["left_start"] : op["left_end"]]
    ]
    # "Tuesday." and "Tuesday," are the same word: punctuation does not count.
    assert equal_words == ["met", "Putin", "in", "on", "Tuesday."]


def test_word_opcodes_ignore_case_and_quotes():
    ops = word_opcodes("to “intensify” the dialogue", "To intensify the dialogue.")
    assert [op["tag"] for op in ops] == ["equal"]


def test_word_opcodes_count_words_of_one_stem_as_equal():
    left = "New sanctions against Moscow were imposed"
    right = "A sanction against Moscow is imposed"
    ops = word_opcodes(left, right)
    equal = [
        (left.split(" ")[op["left_start"] : op["left_end"]]) for op in ops if op["tag"] == "equal"
    ]
    assert [w for words in equal for w in words] == ["sanctions", "against", "Moscow", "imposed"]
    assert word_keys(["Sanctions,", "sanction", "“defences”", "defense", "—"]) == [
        "sanction",
        "sanction",
        "defens",
        "defens",
        "—",
    ]


def test_opcodes_column_equals_word_opcodes_pair_by_pair():
    lefts = ["the reset failed", "", "sanctions on Russia"]
    rights = ["a reset failing badly", "new words", "sanction of Russia."]
    column = opcodes_column(lefts, rights)
    assert column.to_list() == [word_opcodes(a, b) for a, b in zip(lefts, rights, strict=True)]


def test_score_sentence_pairs_scores_as_the_aligner_does_whatever_the_score():
    left = sentences_frame(
        "a",
        [
            "Washington and Moscow agreed to intensify the dialogue on strategic stability.",
            "Football results in the regional league surprised nobody this weekend at all.",
        ],
    )
    right = sentences_frame(
        "b", ["Washington and Moscow agreed to intensify their dialogue on strategic stability."]
    )
    hits = pl.DataFrame(
        {"article_id": ["a", "b"], "sentence_id": [0, 0], "theme": ["reset", "reset"]},
        schema_overrides={"sentence_id": pl.Int32},
    )
    aligned = align_articles(left, right, hits, threshold=60)
    given = score_sentence_pairs(left, right, hits, [(0, 0), (1, 0), (7, 0)])
    assert given.columns == aligned.columns
    assert given.row(0) == aligned.row(0)  # the aligner's own pair: the same row
    low = given.row(1, named=True)  # below any threshold, still scored
    assert low["left_sentence"] == 1 and low["score"] < 60 and low["shared_themes"] == []
    assert given.height == 2  # sentence 7 does not exist


def test_blocking_never_pairs_sentences_without_a_shared_shingle():
    sentences = pl.concat(
        [
            sentences_frame("a", ["missile defense talks stalled again in geneva this week"]),
            sentences_frame("b", ["missile defense talks stalled once more in geneva today"]),
            sentences_frame("c", ["crimean annexation sanctions hurt european exporters badly"]),
        ]
    )
    years = pl.Series([2012, 2016, 2019], dtype=pl.Int32)
    pairs = candidate_pairs(sentences, years)
    assert pairs.select("left_row", "right_row").rows() == [(0, 1)]


def _bucket_sentences():
    rng = np.random.default_rng(11)
    chunks = [f"w{n} x{n} y{n}" for n in range(40)]
    texts = [" ".join(rng.choice(chunks, size=4, replace=False)) for _ in range(400)]
    sentences = pl.concat(
        [sentences_frame(f"a{k:02d}", texts[k * 10 : k * 10 + 10]) for k in range(40)]
    )
    years = pl.Series([2010 + (row // 10) % 5 for row in range(400)], dtype=pl.Int32)
    return sentences, years


def _postings(sentences, years):
    from workbench.analysis import blocking

    rows = pl.int_range(len(years), dtype=pl.UInt32, eager=True).rename("row")
    shingles = blocking.row_shingles(sentences, rows)
    row_year = pl.DataFrame({"row": rows, "year": years})
    return blocking.sentence_postings(shingles, blocking.shingle_counts(shingles), row_year)


def test_repeated_shingles_are_kept_once_each_first():
    # Repeats dropped by sorting rows packed with the shingles' low halves; two shingles of a
    # row sharing a low half are told apart (then as polars' unique).
    from polars.testing import assert_frame_equal

    from workbench.analysis.blocking import _first_of_each

    low = 1 << 32
    for shingle in ([5, 9, 5, 9, 7], [5 + low, 5, 5 + low, 9]):
        frame = pl.DataFrame(
            {"row": [0] * len(shingle) + [1, 1], "shingle": [*shingle, 5, 5]},
            schema={"row": pl.UInt32, "shingle": pl.UInt64},
        )
        assert_frame_equal(_first_of_each(frame), frame.unique(maintain_order=True))


def test_blocking_a_bucket_at_a_time_gives_the_pairs_of_blocking_at_once():
    # A partitioned index joins the postings a bucket of shingles at a time and keeps the
    # pairs a bucket of left rows at a time: the same candidates as all at once.
    from workbench.analysis import blocking

    sentences, years = _bucket_sentences()
    postings = _postings(sentences, years)

    def by_buckets(frame, key, step):
        bucket = (pl.col(key).cast(pl.UInt64) % 8).alias("bucket")
        parts = frame.with_columns(bucket).partition_by("bucket", include_key=False)
        return pl.concat([step(part) for part in parts])

    partials = by_buckets(postings, "shingle", blocking.blocked_pairs)
    left = by_buckets(partials, "left_row", lambda part: blocking.best_candidates_left(part, 6))
    at_once = candidate_pairs(sentences, years)
    assert at_once.height > 400
    assert blocking.best_candidates_right(left, 6).equals(at_once)


def test_blocked_pairs_are_the_posting_lists_blocks_joined_to_themselves():
    # Each block's pairs made by array passes: the pairs of a self-join of the blocks.
    from workbench.analysis import blocking

    postings = _postings(*_bucket_sentences())
    for block_size in (2, 3, 12):
        blocked = (
            postings.sort("row", "shingle")
            .with_columns(
                (pl.col("row").hash(seed=3).rank("ordinal").over("shingle") // block_size).alias(
                    "block"
                )
            )
            .select("shingle", "block", "row", "year", "indexed")
        )
        joined = (
            blocked.join(blocked, on=["shingle", "block"], suffix="_r")
            .filter((pl.col("row") < pl.col("row_r")) & (pl.col("year") != pl.col("year_r")))
            .group_by(pl.col("row").alias("left_row"), pl.col("row_r").alias("right_row"))
            .agg(
                pl.len().alias("shared"),
                pl.col("indexed").first().alias("left_indexed"),
                pl.col("indexed_r").first().alias("right_indexed"),
            )
            .sort("left_row", "right_row")
            .cast(blocking.PAIR_PARTIAL_SCHEMA)
        )
        assert joined.height > 100
        assert blocking.blocked_pairs(postings, block_size).equals(joined)
    assert blocking.blocked_pairs(postings.head(1)).is_empty()


def test_blocking_skips_same_year_and_unknown_year():
    text = "missile defense talks stalled again in geneva this week"
    sentences = pl.concat([sentences_frame(a, [text]) for a in "abc"])
    pairs = candidate_pairs(sentences, pl.Series([2013, 2013, None], dtype=pl.Int32))
    assert pairs.is_empty()


@pytest.mark.parametrize("exact_pairs", [0, 1_000], ids=["blocked", "exact"])
def test_align_corpus_finds_cross_year_paraphrases_one_to_one(exact_pairs):
    base = [
        "Washington and Moscow agreed to intensify the dialogue on strategic stability.",
        "The sanctions over Crimea remain the main obstacle to any improvement.",
        "A completely unrelated sentence about football results in the regional league.",
    ]
    edited = [
        "Washington and Moscow agreed to intensify their dialogue on strategic stability.",
        "The Crimea sanctions remain the main obstacle to any real improvement.",
        "Nothing here resembles anything else written in the other articles at all.",
    ]
    sentences = pl.concat(
        [
            sentences_frame("old", base),
            sentences_frame("new", edited),
            sentences_frame("same", base),
        ]
    )
    articles = articles_frame({"old": 2013, "new": 2019, "same": 2013})
    table = align_corpus(
        sentences, articles, None, threshold=62, max_per_sentence=3, exact_pairs=exact_pairs
    )
    assert (table["left_year"] < table["right_year"]).all()
    pairs = set(table.select("left_id", "left_sentence", "right_id", "right_sentence").rows())
    assert ("old", 0, "new", 0) in pairs and ("same", 1, "new", 1) in pairs
    assert not any(left == "old" and right == "same" for left, _, right, _ in pairs)
    for _, group in table.group_by("left_id", "right_id"):
        assert group["left_sentence"].is_unique().all()
        assert group["right_sentence"].is_unique().all()


def test_corpus_alignments_on_seeds_are_across_years_and_blocked_ones_capped(workspace):
    table = align_corpus(
        workspace.corpus.sentences,
        workspace.corpus.articles,
        workspace.table("theme_hits"),
        threshold=50,
        max_per_sentence=2,
        exact_pairs=0,
    )
    assert table.height > 0
    years = dict(workspace.corpus.articles.select("article_id", "year").iter_rows())
    for left, right in table.select("left_id", "right_id").iter_rows():
        assert years[left] < years[right]
    assert (table["score"] >= 50).all()
    assert table.group_by("left_id", "left_sentence").len()["len"].max() <= 2


def test_alignments_table_lines_up_the_intensify_dialogue_passages(workspace):
    # A small corpus has every cross-year pair scored, so the table shows what Compare shows.
    table = workspace.table("alignments").filter(
        (pl.col("left_id") == "003") & (pl.col("right_id") == "004")
    )
    compare = workspace.align("003", "004")
    intensify = table.filter(
        pl.col("left_text").str.contains("intensify")
        & pl.col("right_text").str.contains("intensify the dialogue")
    )
    assert intensify.height == 1
    pair = intensify.select("left_sentence", "right_sentence").row(0)
    assert pair in set(compare.select("left_sentence", "right_sentence").rows())


def test_alignments_table_uses_the_workspace_threshold(workspace):
    table = workspace.table("alignments")
    assert (table["score"] >= workspace.settings.align_threshold).all()
    assert (table["left_year"] != table["right_year"]).all()


def test_workspace_align_adds_opcodes(workspace):
    pairs = workspace.align("003", "004", threshold=50)
    assert pairs.height > 0
    assert pairs.schema["opcodes"].inner.fields[0].name == "tag"
    first = pairs.row(0, named=True)
    assert first["opcodes"][-1]["left_end"] == len(first["left_text"].split(" "))
    # Without the diffs (Compare diffs the pair in focus alone): the same pairs, same scores.
    bare = workspace.align("003", "004", threshold=50, opcodes=False)
    assert "opcodes" not in bare.columns
    assert bare.equals(pairs.drop("opcodes"))


def test_workspace_align_unknown_article(workspace):
    with pytest.raises(WorkbenchError, match="unknown article 'nope'"):
        workspace.align("000", "nope")


def test_theme_thread_in_date_order(workspace):
    thread = workspace.theme_thread("assad_fate")
    ids = thread["article_id"].unique(maintain_order=True).to_list()
    # Assad's fate is discussed in the 2012, 2013 Kerry–Putin, 2015 and 2019 articles.
    assert {"000", "003", "001", "004"} <= set(ids)
    order = workspace.corpus.articles["article_id"].to_list()
    assert ids == sorted(ids, key=order.index)
    assert thread.filter(pl.col("article_id") == ids[0])["sentence_id"].is_sorted()
    assert all(len(p) >= 1 for p in thread["phrases"])


def test_theme_thread_unknown_theme(workspace):
    with pytest.raises(WorkbenchError, match="unknown theme"):
        workspace.theme_thread("weather")


def test_theme_thread_of_a_theme_without_hits_is_empty(workspace):
    empty = theme_thread(
        "no_such",
        workspace.table("theme_hits"),
        workspace.corpus.sentences,
        workspace.corpus.articles,
    )
    assert empty.is_empty() and "text" in empty.columns


def test_score_matrix_is_the_blend_of_rapidfuzz_token_scores():
    from rapidfuzz import fuzz

    from workbench.analysis.lexical import SET_WEIGHT, score_matrix

    left = [
        "washington and moscow agreed to intensify the dialogue on strategic stability",
        "the weather in sochi was warm and sunny for the whole week",
    ]
    right = [
        "moscow and washington will intensify their dialogue on stability",
        "of the and to in was for",
    ]
    scores = score_matrix(left, right)
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sort = fuzz.token_sort_ratio(a, b)
            function_words = {"the", "and", "to", "in", "of", "for", "was", "on"}
            shares = bool(({*a.split()} & {*b.split()}) - function_words)
            token_set = fuzz.token_set_ratio(a, b) if shares else sort
            expected = SET_WEIGHT * token_set + (1 - SET_WEIGHT) * sort
            assert scores[i, j] == pytest.approx(expected), (a, b)
    # A pair sharing only function words is scored on its wording alone, never lifted by them.
    assert scores[1, 1] == pytest.approx(fuzz.token_sort_ratio(left[1], right[1]))


def test_the_table_holds_what_compare_shows_for_every_article_pair(workspace):
    table = workspace.table("alignments")
    minimum = workspace.settings.table_align_threshold
    articles = workspace.corpus.articles.select("article_id", "year").rows()
    compared = 0
    for left_id, left_year in articles:
        for right_id, right_year in articles:
            if left_year is None or right_year is None or not left_year < right_year:
                continue
            # Best pairs first: a lower min score adds pairs below the higher one, never others.
            shown = workspace.align(left_id, right_id, threshold=minimum - 10)
            shown = shown.filter(pl.col("score") >= minimum)
            rows = table.filter((pl.col("left_id") == left_id) & (pl.col("right_id") == right_id))
            columns = ["left_sentence", "right_sentence", "score", "shared_themes"]
            assert rows.select(columns).sort(columns[:2]).equals(shown.select(columns)), (
                left_id,
                right_id,
            )
            compared += 1
    assert compared >= 8


def test_one_to_one_keeps_each_sentence_once_per_group_best_first():
    # (0, 5) is best; 0 and 5 are then taken, so (0, 6), (1, 5) and (10, 5) are not kept and
    # (10, 6) is: taking the best pair first can leave a lower one that a swap would not.
    left = np.array([0, 0, 1, 10, 10])
    right = np.array([5, 6, 5, 5, 6])
    scores = np.array([90.0, 80.0, 85.0, 70.0, 70.0])
    assert one_to_one(left, right, scores).tolist() == [True, False, False, False, True]
    # Equal scores: the smaller keys win, whatever the order the candidates come in.
    tie = one_to_one(np.array([3, 2]), np.array([7, 7]), np.array([50.0, 50.0]))
    assert tie.tolist() == [False, True]


def test_one_to_many_lets_one_sentence_answer_several():
    point = "Russia and the United States agreed to extend the New START treaty by five years."
    left = sentences_frame("a", [point])
    right = sentences_frame(
        "b",
        [
            "Russia and the United States agreed to extend the New START treaty by five years.",
            "The United States and Russia agreed to extend New START for five more years.",
            "Football results in the regional league were announced on Sunday afternoon.",
        ],
    )
    single = align_articles(left, right, None, threshold=60)
    assert single["right_sentence"].to_list() == [0]
    several = align_articles(left, right, None, threshold=60, many=3)
    assert several["right_sentence"].to_list() == [0, 1]
    assert several["left_sentence"].to_list() == [0, 0]


def test_place_in_group_is_the_place_in_group_then_rank_then_position_order():
    from workbench.analysis.assignment import place_in_group

    def by_lexsort(groups, ranks):
        order = np.lexsort((ranks, groups))
        place = np.empty(len(groups), dtype=np.int64)
        for group in np.unique(groups):
            mine = order[groups[order] == group]
            place[mine] = np.arange(len(mine))
        return place

    generator = np.random.default_rng(7)
    count = 5_000
    cases = [
        (generator.integers(0, 300, count), np.arange(count)),  # ranks told apart
        (generator.integers(0, 300, count), generator.permutation(count)),
        (generator.integers(0, 300, count), generator.integers(0, 20, count)),  # equal keys
        (generator.integers(0, 300, count).astype(np.uint32), np.arange(count)),
        (generator.integers(-5, 300, count), np.arange(count)),  # negative: as before
        (generator.integers(0, 300, count), generator.normal(size=count)),  # not integers
        (generator.integers(0, 1 << 40, count), generator.integers(0, 20, count)),  # too wide
    ]
    for groups, ranks in cases:
        assert np.array_equal(place_in_group(groups, ranks), by_lexsort(groups, ranks))
    empty = np.zeros(0, dtype=np.int64)
    assert place_in_group(empty, empty).size == 0


def test_up_to_k_caps_each_side():
    left = np.array([0, 0, 0, 1])
    right = np.array([0, 1, 2, 0])
    scores = np.array([90.0, 80.0, 70.0, 85.0])
    assert up_to_k(left, right, scores, 2).tolist() == [True, True, False, True]
    assert up_to_k(left, right, scores, 1).tolist() == one_to_one(left, right, scores).tolist()


def test_pairs_made_by_hand_score_as_compare_aligns_them(bundled_workspace):
    aligned = bundled_workspace.align("003", "004")
    assert aligned.height >= 3 and aligned["semantic"].null_count() == 0
    pairs = list(zip(aligned["left_sentence"], aligned["right_sentence"], strict=True))
    given = bundled_workspace.score_pairs("003", "004", [*pairs, (5, 5)])
    columns = ["left_sentence", "right_sentence", "score", "lexical", "semantic", "opcodes"]
    columns += ["shared_themes", "left_text", "right_text"]
    assert given.select(columns).head(len(pairs)).equals(aligned.select(columns))
    extra = given.row(len(pairs), named=True)  # a pair the aligner would never make
    assert extra["score"] < bundled_workspace.settings.align_threshold


@pytest.mark.parametrize("threshold", [0.0, 30.0, 40.0, 50.0])
@pytest.mark.parametrize("many", [1, 2])
def test_two_articles_align_as_their_full_score_matrix_says(bundled_workspace, threshold, many):
    # Compare scores only the pairs whose best possible score reaches the min score; what it
    # keeps must be what the full matrix of every pair's scores gives.
    compared = 0
    for left_id, right_id in itertools.permutations(["000", "002", "003", "004"], 2):
        shown = bundled_workspace.align(left_id, right_id, threshold=threshold, many=many)
        full = bundled_workspace.score_pair(left_id, right_id)
        rows, cols = np.nonzero(full.scores >= threshold)
        kept = up_to_k(rows, cols, full.scores[rows, cols], many)
        expected = sorted(zip(rows[kept].tolist(), cols[kept].tolist(), strict=True))
        assert shown["left_sentence"].to_list() == [full.left_sentences[i] for i, _ in expected]
        assert shown["right_sentence"].to_list() == [full.right_sentences[j] for _, j in expected]
        for column, matrix in (("score", full.scores), ("lexical", full.lexical)):
            wanted = [round(min(100.0, float(matrix[i, j])), 2) for i, j in expected]
            assert shown[column].to_list() == wanted, column
        wanted = [round(min(100.0, float(full.semantic[i, j])), 2) for i, j in expected]
        assert shown["semantic"].to_list() == wanted
        compared += shown.height
    assert compared > 0


def test_few_candidates_are_assigned_as_many_are(monkeypatch):
    # Two articles' few candidates take a plain greedy loop, the corpus's many take rounds of
    # array operations: the same pairs either way, ties included.
    from workbench.analysis import assignment

    rng = np.random.default_rng(5)
    cases = []
    for number in range(300):
        count = int(rng.integers(1, 60))
        # Crowded keys (every pair contested) and sparse ones (most pairs free of rivals).
        keys = 8 if number % 2 else 80
        left = rng.integers(0, keys, count)
        right = rng.integers(0, keys, count)
        scores = rng.integers(60, 66, count).astype(np.float64)  # many ties
        cases.append((left, right, scores, int(rng.integers(1, 4))))
    few = [up_to_k(*case).tolist() for case in cases]
    monkeypatch.setattr(assignment, "_FEW_CANDIDATES", 0)
    many = [up_to_k(*case).tolist() for case in cases]
    assert few == many
    # The corpus-wide table's many: pairs free of rivals set apart first.
    monkeypatch.setattr(assignment, "_MANY_CANDIDATES", 0)
    assert [up_to_k(*case).tolist() for case in cases] == few


def test_keep_top_keeps_the_first_rows_of_each_value_in_frame_order():
    from workbench.analysis.blocking import _keep_top

    rng = np.random.default_rng(7)
    frame = pl.DataFrame(
        {"key": rng.integers(0, 40, 2_000).astype(np.uint32), "n": np.arange(2_000)}
    ).sample(fraction=1.0, shuffle=True, seed=3)
    for limit in (1, 3):
        expected = frame.filter(pl.int_range(pl.len()).over("key") < limit)
        assert _keep_top(frame, "key", limit).equals(expected)
    assert _keep_top(frame.head(0), "key", 2).is_empty()


# Two pairs of sentences that make one point in other words, and two that match nothing.
_SCORING_TEXTS = [
    "Washington and Moscow agreed to intensify the dialogue on strategic stability.",
    "Moscow and Washington agreed to intensify a dialogue about strategic stability.",
    "The sanctions over Crimea remain the main obstacle to any improvement in ties.",
    "Sanctions imposed over Crimea remain an obstacle to improvement, officials said.",
    "A football match in the regional league ended without goals on Sunday evening.",
    "Missile defense in Europe was the subject of long talks between the two sides.",
]


def _scoring_pairs(
    sentences: pl.DataFrame,
    years: dict[str, int],
    pick: Callable[[pl.DataFrame], list[tuple[int, int]]],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The alignable sentences of articles of these years, their sides, and the pairs of rows
    ``pick`` chooses of them with both sides attached."""
    from workbench.analysis.corpus_align import alignable_sentences, attach_side, sentence_sides

    base = alignable_sentences(sentences, articles_frame(years))
    rows = pl.int_range(base.height, dtype=pl.UInt32, eager=True).rename("row")
    sides = sentence_sides(base, rows, None)
    pairs = pl.DataFrame(
        pick(base), schema={"left_row": pl.UInt32, "right_row": pl.UInt32}, orient="row"
    )
    return base, sides, attach_side(attach_side(pairs, sides, "left"), sides, "right")


def test_scoring_candidates_skips_no_pair_that_clears_the_threshold():
    from workbench.analysis.align import stable_scores
    from workbench.analysis.corpus_align import (
        _shares_content_word,
        score_candidates,
        side_texts,
    )
    from workbench.analysis.embeddings import embed_texts
    from workbench.analysis.lexical import score_pairs
    from workbench.analysis.scoring import combine, order_pairs, semantic_rows

    texts = _SCORING_TEXTS
    sentences = pl.concat([sentences_frame("a", texts), sentences_frame("b", texts[::-1])])
    across = [(i, j) for i in range(6) for j in range(6, 12)]
    base, sides, pairs = _scoring_pairs(sentences, {"a": 2012, "b": 2018}, lambda _: across)
    vectors = embed_texts(base["norm"].to_list())
    left, right = pairs["left_norm"].to_list(), pairs["right_norm"].to_list()
    # Every pair scored in full: token_set_ratio wherever the two share a content word.
    lexical = score_pairs(left, right, share=_shares_content_word(pairs))
    semantic = semantic_rows(vectors, pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy())
    full = stable_scores(combine(lexical, order_pairs(left, right), semantic))
    kept_counts = set()
    for threshold in [67.0, *np.unique(full)]:  # each pair's own score: it just clears it
        scored = score_candidates(pairs, threshold, embeddings=vectors)
        clears = full >= threshold
        assert np.array_equal(np.sort(scored["rank_score"].to_numpy()), np.sort(full[clears]))
        assert np.array_equal(
            np.sort(scored["lexical"].to_numpy()), np.sort(np.round(lexical[clears], 2))
        )
        kept_counts.add(int(clears.sum()))
    assert len(kept_counts) > 10  # the thresholds cut the pairs in many places
    # The texts taken by row from lists (as the in-process table does) score the same, down to
    # a chunk of one pair.
    texts = side_texts(sides)
    for chunk in (pairs, pairs.head(1), pairs.slice(7, 5)):
        by_row = score_candidates(
            chunk.drop("left_norm", "right_norm", "left_sorted", "right_sorted"),
            50.0,
            embeddings=vectors,
            texts=texts,
        )
        assert by_row.equals(score_candidates(chunk, 50.0, embeddings=vectors))


def test_a_side_taken_by_row_is_the_side_joined_by_row_and_a_missing_row_is_an_error():
    from workbench.analysis.corpus_align import attach_side, sentence_sides, side_positions

    texts = _SCORING_TEXTS[2:]
    sentences = pl.concat([sentences_frame("a", texts), sentences_frame("b", texts[::-1])])
    base, sides, _ = _scoring_pairs(sentences, {"a": 2012, "b": 2018}, lambda _: [])
    # Rows numbered with gaps (a partition's rows among the corpus's), pairs in any order.
    rows = pl.Series("row", [3, 5, 8, 13, 21, 34, 55, 89], dtype=pl.UInt32)
    vectors = np.arange(base.height * 4, dtype=np.float32).reshape(base.height, 4)
    sides = sentence_sides(base, rows, None, vectors)
    pairs = pl.DataFrame(
        {"left_row": [55, 3, 3, 89, 21], "right_row": [8, 89, 5, 13, 3]},
        schema={"left_row": pl.UInt32, "right_row": pl.UInt32},
    )
    for side in ("left", "right"):
        renamed = sides.rename({c: f"{side}_{c}" for c in sides.columns})
        joined = pairs.join(renamed, on=f"{side}_row", maintain_order="left")
        assert attach_side(pairs, sides, side).equals(joined)
    assert side_positions(sides, pairs["left_row"]).tolist() == [6, 0, 0, 7, 4]
    for missing in (4, 90, 0):
        with pytest.raises(ValueError, match="not among the sentences"):
            attach_side(
                pairs.with_columns(pl.lit(missing, pl.UInt32).alias("left_row")), sides, "left"
            )


def test_pairs_scored_with_their_meaning_scores_given_score_as_with_their_embeddings():
    from workbench.analysis.corpus_align import score_candidates
    from workbench.analysis.scoring import embedding_signal, semantic_pairs, semantic_rows

    texts = _SCORING_TEXTS[:4]
    sentences = pl.concat([sentences_frame("a", texts), sentences_frame("b", texts[::-1])])
    across = [(i, j) for i in range(4) for j in range(4, 8)]
    base, _, pairs = _scoring_pairs(sentences, {"a": 2012, "b": 2018}, lambda _: across)
    generator = np.random.default_rng(3)
    vectors = generator.normal(size=(base.height, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[5] = 0.0  # no meaning signal: scored by its wording alone
    left_rows, right_rows = pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy()
    # The left rows' embeddings in a matrix of their own, the right ones' in the corpus's.
    left = vectors[left_rows]
    semantic = semantic_rows(
        left,
        np.arange(len(left)),
        right_rows,
        signal=embedding_signal(left),
        right_embeddings=vectors,
        right_signal=embedding_signal(vectors),
    )
    expected = semantic_pairs(left, vectors[right_rows])
    assert np.array_equal(np.isnan(semantic), np.isnan(expected))
    assert np.isnan(semantic).sum() == 4
    assert np.array_equal(np.nan_to_num(semantic), np.nan_to_num(expected))
    for threshold in (30.0, 50.0, 70.0):
        given = score_candidates(pairs, threshold, semantic=semantic)
        assert given.equals(score_candidates(pairs, threshold, embeddings=vectors))


def test_repeated_texts_scored_once_give_the_rows_of_each_scored_alone(monkeypatch):
    from workbench.analysis import corpus_align
    from workbench.analysis.corpus_align import (
        _shares_content_word,
        row_vectors,
        score_candidates,
        side_texts,
    )

    texts = [
        "Washington and Moscow agreed to intensify the dialogue on strategic stability.",
        "Moscow and Washington agreed to intensify a dialogue about strategic stability.",
        "The sanctions over Crimea remain the main obstacle to any improvement in ties.",
        "A football match in the regional league ended without goals on Sunday evening.",
        "Missile defense in Europe was the subject of long talks between the two sides.",
        "Hardly anybody expected the quiet harbour town to host such crowds this summer.",
    ]
    # The same sentences in several articles: the same pairs of texts met again and again.
    sentences = pl.concat(
        [
            sentences_frame("a", texts[:4]),
            sentences_frame("b", texts[::-1]),
            sentences_frame("c", texts[1:] + texts[:2]),
            sentences_frame("d", texts[2:5] * 2),
        ]
    )

    def across_years(base: pl.DataFrame) -> list[tuple[int, int]]:
        years = base["year"].to_list()
        count = len(years)
        return [(i, j) for i in range(count) for j in range(i + 1, count) if years[i] != years[j]]

    base, sides, pairs = _scoring_pairs(
        sentences, {"a": 2012, "b": 2015, "c": 2018, "d": 2020}, across_years
    )
    # Each sentence its own embedding, repeated texts too (a zero one among them): a pair of
    # texts then clears the threshold where it is met once and not where it is met again.
    generator = np.random.default_rng(5)
    vectors = generator.normal(size=(base.height, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[3] = 0.0
    keys = pairs.select("left_norm", "right_norm")
    assert keys.unique().height < keys.height / 2  # most pairs of texts are met again
    by_row = pairs.drop("left_norm", "right_norm", "left_sorted", "right_sorted")
    by_row = by_row.drop("left_words", "right_words")
    # The common words' bits and the word lists tell the same shared words, whatever few
    # words have bits (none, one, all).
    everyone = _shares_content_word(pairs)
    left, right = pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy()
    for common in (0, 1, 512):
        monkeypatch.setattr(corpus_align, "COMMON_WORDS", common)
        assert np.array_equal(side_texts(sides).shares(left, right), everyone)
    monkeypatch.setattr(corpus_align, "COMMON_WORDS", 2)
    each = score_candidates(pairs, 0.0, embeddings=vectors)
    texts_by_row = side_texts(sides)
    # The embeddings taken by row from a matrix holding other rows between them.
    matrix = generator.normal(size=(2 * base.height + 1, 16)).astype(np.float32)
    matrix[1::2] = vectors
    by_matrix_row = row_vectors(matrix, np.arange(base.height) * 2 + 1)
    cuts = 0
    for threshold in np.unique(each["rank_score"].to_numpy())[::3]:
        alone = score_candidates(pairs, threshold, embeddings=vectors)
        once = score_candidates(by_row, threshold, texts=texts_by_row, vectors=by_matrix_row)
        assert once.equals(alone)
        cuts += 0 < alone.height < pairs.height
    assert cuts > 10


@pytest.mark.parametrize("count", [3_000, 12_000])  # exact search, and in cells
def test_meaning_candidates_by_matrix_row_are_those_of_the_rows_copied_out(count):
    from workbench.analysis.corpus_align import meaning_candidates

    generator = np.random.default_rng(11)
    matrix = generator.normal(size=(count + count // 3, 16)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    rows = np.sort(generator.choice(len(matrix), size=count, replace=False))
    years = pl.Series("year", generator.integers(2010, 2014, size=count), dtype=pl.Int32)
    years = years.scatter(np.arange(0, count, 97), None)  # some years unknown
    copied = meaning_candidates(matrix[rows], years)
    assert copied.height > count
    assert meaning_candidates(matrix, years, rows).equals(copied)


def test_content_word_set_is_the_pattern_s_words_other_than_stopwords():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from workbench.analysis.tokens import STOPWORDS, WORD_PATTERN, content_word_set

    pattern = re.compile(WORD_PATTERN)

    def expected(text: str) -> set[str]:
        return set(pattern.findall(text)) - STOPWORDS

    for text in [
        "",
        "   ",
        '"drug trafficking," u.s. officials said.',
        "us-russia talks -- putin's ‘offer’ it's don't a.b.c. x_y 2013 e.g.",
        "the of and he said",
        "naïve café\u2009résumé\u00a0x²\tclinton.\n'quoted' -hyphen- ...dots...",
    ]:
        assert content_word_set(text) == expected(text), text
    assert all(content_word_set(word) == set() for word in STOPWORDS)

    alphabet = st.sampled_from([*"ab1_ .,'’-\"‘()é²\t\u00a0\u2009", "the", "u.s.", "it's"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=30).map("".join))
    def check(text: str) -> None:
        assert content_word_set(text) == expected(text)

    check()


def test_two_sentences_share_a_content_word_as_their_content_words_say():
    # Told by the tokens both sentences hold when one of them is a content word whole, by the
    # sentences' content words otherwise: a shared "said," or "(the)" is no shared word.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from workbench.analysis import align

    token = st.sampled_from(
        ["russia", "talks", "2013", "the", "said,", "(the)", "of.", "u.s.", "—", "shield,"]
    )
    sentence = st.lists(token, min_size=4, max_size=9).map(" ".join)

    @settings(max_examples=300, deadline=None)
    @given(sentence, sentence)
    def check(left_text: str, right_text: str) -> None:
        left = align.alignable_side(sentences_frame("L", [left_text]))
        right = align.alignable_side(sentences_frame("R", [right_text]))
        if not left.norms or not right.norms:
            return
        wanted = not left.content_words(0).isdisjoint(right.content_words(0))
        assert left.shares_content_word(0, right, 0) == wanted

    check()


@pytest.mark.parametrize("order_first", [0, 10**9])
@pytest.mark.parametrize("parallel_from", [1, 10**9])
@pytest.mark.parametrize("mostly_open", [0.0, 0.3, 2.0])
def test_bounded_two_article_scores_match_the_full_matrix(
    monkeypatch, mostly_open, parallel_from, order_first
):
    # The pairs of two articles are scored step by step (order ratio, sorted-token ratio,
    # token_set_ratio, content words) only while they can still reach the floor; whether the
    # texts' lengths rule pairs out first (two long reports) or not, each ratio is taken as a
    # whole matrix or pair by pair, on one core or on every core, the kept pairs and their
    # scores are those of the full score matrix.
    from workbench.analysis import align

    monkeypatch.setattr(align, "_MOSTLY_OPEN", mostly_open)
    monkeypatch.setattr(align, "_PARALLEL_PAIRS", parallel_from)
    monkeypatch.setattr(align, "_ORDER_FIRST", order_first)
    rng = np.random.default_rng(11)
    words = ["missile", "defence", "europe", "talks", "treaty", "the", "of", "a", "said"]
    words += ["russia", "nato", "shield,", "plan.", "u.s.", "putin's", "us-russia", "sanctions"]

    def texts(count: int) -> list[str]:
        return [
            " ".join(rng.choice(words, size=int(rng.integers(4, 14))).tolist())
            for _ in range(count)
        ]

    compared = 0
    for case in range(12):
        left = align.alignable_side(
            sentences_frame("L", texts(9)), None, rng.normal(size=(9, 8)).astype(np.float32)
        )
        right = align.alignable_side(
            sentences_frame("R", texts(7)), None, rng.normal(size=(7, 8)).astype(np.float32)
        )
        full = align.score_sides(left, right)
        for threshold in (20.0, 45.0, 60.0):
            shown = align.align_sides(left, right, threshold=threshold, many=1 + case % 2)
            rows, cols = np.nonzero(full.scores >= threshold)
            kept = up_to_k(rows, cols, full.scores[rows, cols], 1 + case % 2)
            expected = sorted(zip(rows[kept].tolist(), cols[kept].tolist(), strict=True))
            assert shown["left_sentence"].to_list() == [i for i, _ in expected]
            assert shown["right_sentence"].to_list() == [j for _, j in expected]
            for column, matrix in (
                ("score", full.scores),
                ("lexical", full.lexical),
                ("semantic", full.semantic),
            ):
                wanted = [round(min(100.0, float(matrix[i, j])), 2) for i, j in expected]
                assert shown[column].to_list() == wanted, column
            assert shown.schema == align.ALIGNMENT_SCHEMA
            compared += shown.height
    assert compared > 20


def test_articles_in_a_script_the_model_cannot_read_align_by_their_wording_alone():
    # The embedding model reads Latin script only: unrelated Russian sentences come out near
    # each other (cosine ~0.65), which aligned every sentence with every other. Without a
    # meaning signal a pair is scored by its wording, and only the shared sentence aligns.
    from workbench.analysis.embeddings import embed_texts

    shared = "Кремль отверг новые санкции из-за Украины, заявил Песков."
    left = sentences_frame(
        "a",
        [shared, "Погода в Париже вчера была солнечной и теплой.", "Компания выпустила телефон."],
    )
    right = sentences_frame(
        "b",
        [
            "Россия и США договорились возобновить переговоры по вооружениям.",
            shared,
            "Матч закончился вничью после долгой борьбы на поле.",
        ],
    )
    vectors = [embed_texts(frame["norm"].to_list()) for frame in (left, right)]
    assert not vectors[0].any() and not vectors[1].any()
    pairs = align_articles(
        left, right, None, threshold=45, left_embeddings=vectors[0], right_embeddings=vectors[1]
    )
    assert pairs.select("left_sentence", "right_sentence").rows() == [(0, 1)]
    row = pairs.row(0, named=True)
    assert row["semantic"] is None and row["score"] == row["lexical"] == 100.0


def test_lines_of_figures_and_references_are_not_sentences_to_align():
    # Words without a letter do not count: a table's row of figures or a journal reference
    # is no sentence that makes a point, though two of them look alike to every signal.
    from workbench.analysis.embeddings import embed_texts

    shared = "Russia and the United States agreed to resume talks on arms control in Geneva."
    left = sentences_frame(
        "a", [shared, "10,04 10,25 10,22 10,26 9,82 10,19", "2002;29(12):2492–9."]
    )
    right = sentences_frame(
        "b", ["10,04 10,25 10,22 10,26 9,82 10,18", "2003;29(12):2492–8.", shared]
    )
    vectors = [embed_texts(frame["norm"].to_list()) for frame in (left, right)]
    pairs = align_articles(
        left, right, None, threshold=45, left_embeddings=vectors[0], right_embeddings=vectors[1]
    )
    assert pairs.select("left_sentence", "right_sentence").rows() == [(0, 2)]
    from workbench.analysis.align import word_count

    counted = left.select(word_count(pl.col("norm"))).to_series().to_list()
    assert counted == [14, 0, 0]
