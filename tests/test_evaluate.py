"""Evaluation against gold annotations: the gold format, the scores, the sweep, the commands."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from workbench.analysis.evaluate import (
    MICRO,
    evaluate,
    evaluate_by_method,
    gold_labels,
    load_gold,
    parse_gold,
    resolve_gold_path,
    threshold_sweep,
    with_typos,
)
from workbench.analysis.lexicon import load_lexicon
from workbench.analysis.themes import HIT_SCHEMA, find_theme_hits
from workbench.cli.parser import main
from workbench.errors import WorkbenchError
from workbench.paths import bundled_corpus_dir, default_lexicon_path

GOLD_PATH = Path(__file__).parent / "gold" / "themes_gold.toml"

SENTENCES = pl.DataFrame(
    {
        "article_id": ["a", "a", "a", "b"],
        "sentence_id": [0, 1, 2, 0],
        "text": [
            'Obama wants a "reset".',
            "Then the U.S.",
            "Senate ratified New Start.",
            "No news here.",
        ],
    },
    schema={"article_id": pl.String, "sentence_id": pl.Int32, "text": pl.String},
)


def hits(*rows: tuple[str, int, str]) -> pl.DataFrame:
    data = [(a, s, t, t, t, 0, 1, 100.0, "word") for a, s, t in rows]
    return pl.DataFrame(data, schema=HIT_SCHEMA, orient="row")


def test_snippets_are_found_across_quotes_white_space_and_sentence_breaks():
    gold = parse_gold(
        '[[sentence]]\narticle = "a"\nsnippet = "Obama  wants a “reset”"\nthemes = ["reset"]\n'
        '[[sentence]]\narticle = "a"\nsnippet = "the U.S. Senate ratified"\n'
        'themes = ["arms_control"]\n'
    )
    labels = gold_labels(SENTENCES, gold)
    assert labels.rows() == [("a", 0, "reset"), ("a", 1, "arms_control"), ("a", 2, "arms_control")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[sentence]]\narticle = "a"\nsnippet = "no such words"\nthemes = ["x"]\n',
            r"gold\.toml:1: snippet not found in article 'a'",
        ),
        (
            '[[sentence]]\narticle = "a"\nsnippet = "e"\nthemes = ["x"]\n',
            r"gold\.toml:1: snippet found \d+ times in article 'a'",
        ),
        (
            '[[sentence]]\narticle = "zzz"\nsnippet = "x"\nthemes = ["x"]\n',
            r"gold\.toml:1: unknown article 'zzz'",
        ),
    ],
)
def test_snippets_that_do_not_identify_one_place_are_errors(text, message):
    with pytest.raises(WorkbenchError, match=message):
        gold_labels(SENTENCES, parse_gold(text, "gold.toml"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[sentence]]\narticle = "a"\nsnippet = "x"\nthemes = ["x"]\nnote = "?"\n',
            r"g\.toml:1: unknown key 'note'",
        ),
        ('[[sentence]]\narticle = "a"\nsnippet = "x"\nthemes = [1]\n', r"g\.toml:1: 'themes'"),
        ('[[sentence]]\narticle = "a"\nsnippet = ""\nthemes = ["x"]\n', r"g\.toml:1: 'snippet'"),
        ('[[sentence]]\nsnippet = "x"\nthemes = ["x"]\n', r"g\.toml:1: 'article'"),
        (
            '[[sentence]]\narticle = "a"\nsnippet = "x\nthemes = ["x"]\n',
            r"g\.toml:3: malformed TOML",
        ),
        ("x = 1\n", r"g\.toml: unknown key 'x'"),
    ],
)
def test_gold_file_validation(text, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_gold(text, "g.toml")


def test_scores_per_theme_and_micro_and_macro():
    gold = parse_gold(
        '[[sentence]]\narticle = "a"\nsnippet = "Obama wants"\nthemes = ["reset"]\n'
        '[[sentence]]\narticle = "a"\nsnippet = "Senate ratified"\nthemes = ["arms", "reset"]\n'
    )
    predicted = hits(
        ("a", 0, "reset"), ("a", 1, "reset"), ("a", 2, "arms"), ("b", 0, "reset")
    )  # article b is not annotated: not scored
    scores = {row["theme"]: row for row in evaluate(predicted, SENTENCES, gold).to_dicts()}
    assert scores["reset"]["support"] == 2 and scores["reset"]["predicted"] == 2
    assert scores["reset"]["precision"] == pytest.approx(0.5)
    assert scores["reset"]["recall"] == pytest.approx(0.5)
    assert scores["arms"]["precision"] == 1.0 and scores["arms"]["f1"] == 1.0
    micro = scores[MICRO]
    assert (micro["support"], micro["predicted"], micro["true_positives"]) == (3, 3, 2)
    assert micro["precision"] == pytest.approx(2 / 3) and micro["recall"] == pytest.approx(2 / 3)
    assert scores["(macro)"]["precision"] == pytest.approx(0.75)


def test_scores_by_method():
    gold = parse_gold(
        '[[sentence]]\narticle = "a"\nsnippet = "Obama wants"\nthemes = ["reset"]\n'
        '[[sentence]]\narticle = "a"\nsnippet = "Senate ratified"\nthemes = ["arms", "reset"]\n'
    )
    predicted = pl.concat(
        [
            hits(("a", 0, "reset"), ("a", 1, "reset")),
            hits(("a", 2, "arms"), ("a", 2, "reset"), ("a", 0, "reset")).with_columns(
                method=pl.lit("meaning")
            ),
        ]
    )
    rows = {r["method"]: r for r in evaluate_by_method(predicted, SENTENCES, gold).to_dicts()}
    assert list(rows) == ["word", "meaning", "word+meaning"]
    assert (rows["word"]["predicted"], rows["word"]["true_positives"]) == (2, 1)
    assert (rows["meaning"]["predicted"], rows["meaning"]["true_positives"]) == (3, 3)
    both = rows["word+meaning"]
    assert (both["support"], both["predicted"], both["true_positives"]) == (3, 4, 3)
    assert both["recall"] == 1.0 and both["precision"] == pytest.approx(0.75)
    legacy = evaluate_by_method(hits(("a", 0, "reset")).drop("method"), SENTENCES, gold)
    assert legacy["predicted"].to_list() == [1, 0, 1]


def _by_method(corpus: Path, capsys) -> dict[str, dict]:
    """`workbench evaluate --by-method` on a gold corpus, its rows by method."""
    assert (
        main(["evaluate", "--no-cache", "--corpus", str(corpus), "--by-method", "--format", "json"])
        == 0
    )
    return {r["method"]: r for r in json.loads(capsys.readouterr().out)}


def test_meaning_gold_gains_recall_and_keeps_precision(capsys):
    corpus = Path(__file__).parent / "gold" / "meaning"
    rows = _by_method(corpus, capsys)
    word, meaning, both = rows["word"], rows["meaning"], rows["word+meaning"]
    assert meaning["true_positives"] > 0
    assert both["recall"] > word["recall"]
    assert both["precision"] >= word["precision"]


def test_the_meaning_check_gold_locates_every_sentence_and_meaning_adds_recall(capsys):
    corpus = Path(__file__).parent / "gold" / "meaning_check"
    gold = load_gold(corpus / "themes_gold.toml")
    assert any(not entry.themes for entry in gold.sentences)
    rows = _by_method(corpus, capsys)
    word, both = rows["word"], rows["word+meaning"]
    assert both["support"] == sum(len(entry.themes) for entry in gold.sentences)
    assert both["recall"] > word["recall"]


def test_a_sentence_annotated_with_no_theme_adds_no_gold_row():
    gold = parse_gold(
        '[[sentence]]\narticle = "a"\nsnippet = "Obama"\nthemes = []\n'
        '[[sentence]]\narticle = "a"\nsnippet = "Senate ratified"\nthemes = ["arms_control"]\n'
    )
    rows = gold_labels(SENTENCES, gold)
    assert rows.get_column("theme").to_list() == ["arms_control"]
    with pytest.raises(WorkbenchError, match=r"<gold>:1: 'themes' must be a list"):
        parse_gold('[[sentence]]\narticle = "a"\nsnippet = "Obama"\nthemes = "reset"\n')


def test_a_theme_without_support_or_predictions_has_no_score():
    gold = parse_gold('[[sentence]]\narticle = "a"\nsnippet = "Obama"\nthemes = ["reset"]\n')
    scores = evaluate(hits(), SENTENCES, gold, themes=["reset", "trade"])
    trade = scores.filter(pl.col("theme") == "trade").row(0, named=True)
    reset = scores.filter(pl.col("theme") == "reset").row(0, named=True)
    assert trade["precision"] is None and trade["recall"] is None
    assert reset["recall"] == 0.0 and reset["precision"] is None


def test_with_typos_is_deterministic_and_changes_long_words():
    frame = SENTENCES.with_columns(norm=pl.col("text").str.to_lowercase())
    once, twice = with_typos(frame, rate=1.0, seed=3), with_typos(frame, rate=1.0, seed=3)
    assert once.equals(twice)
    assert once.get_column("text")[2] != frame.get_column("text")[2]  # "Senate ratified"
    assert once.get_column("text")[3] == "No news here."  # no word of six letters


# ---------------------------------------------------------------------- the seed articles


@pytest.fixture(scope="module")
def seed_gold():
    return load_gold(GOLD_PATH)


@pytest.fixture(scope="module")
def default_lexicon():
    return load_lexicon(default_lexicon_path())


def test_gold_covers_every_seed_with_themes_of_the_default_lexicon(
    seed_gold, default_lexicon, bundled_corpus
):
    assert set(seed_gold.article_ids) == {"000", "001", "002", "003", "004"}
    assert set(seed_gold.themes) <= set(default_lexicon.ids)
    labels = gold_labels(bundled_corpus.sentences, seed_gold)
    assert labels.height >= len(seed_gold.sentences)


def test_seed_detection_quality_floor(seed_gold, default_lexicon, bundled_corpus):
    found = find_theme_hits(
        bundled_corpus.sentences, default_lexicon, documents=bundled_corpus.documents
    )
    scores = evaluate(found, bundled_corpus.sentences, seed_gold, themes=default_lexicon.ids)
    micro = scores.filter(pl.col("theme") == MICRO).row(0, named=True)
    assert micro["precision"] >= 0.9
    assert micro["recall"] >= 0.8
    for theme in ("missile_defense", "assad_fate", "reset"):
        row = scores.filter(pl.col("theme") == theme).row(0, named=True)
        assert row["precision"] >= 0.85 and row["recall"] >= 0.7, theme


def test_sweep_shows_typo_tolerance(seed_gold, default_lexicon, bundled_corpus):
    sweep = threshold_sweep(
        bundled_corpus.sentences,
        default_lexicon,
        seed_gold,
        [88, 100],
        documents=bundled_corpus.documents,
    )
    recall = {(t, v): r for t, v, r in sweep.select("threshold", "text", "recall").iter_rows()}
    assert set(sweep.get_column("text").to_list()) == {"clean", "typos"}
    assert recall[(88.0, "typos")] > recall[(100.0, "typos")]
    assert recall[(88.0, "clean")] >= recall[(88.0, "typos")]


def test_gold_path_precedence(tmp_path: Path):
    assert resolve_gold_path(tmp_path, tmp_path / "g.toml") == tmp_path / "g.toml"
    with pytest.raises(WorkbenchError, match="pass --gold FILE"):
        resolve_gold_path(tmp_path, None)
    (tmp_path / "themes_gold.toml").write_text("", encoding="utf-8")
    assert resolve_gold_path(tmp_path, None) == tmp_path / "themes_gold.toml"
    assert resolve_gold_path(bundled_corpus_dir(), None).name == "themes_gold.toml"


# ---------------------------------------------------------------------- the commands


def test_evaluate_command_prints_scores_as_json(capsys):
    assert main(["evaluate", "--no-cache", "--format", "json"]) == 0
    out = capsys.readouterr()
    rows = {row["theme"]: row for row in json.loads(out.out)}
    assert MICRO in rows and "reset" in rows
    assert rows[MICRO]["support"] > 100
    assert "themes_gold.toml" in out.err


def test_themes_command_summary_and_hits(capsys):
    assert main(["themes", "--no-cache", "--format", "json"]) == 0
    summary = {row["theme"]: row for row in json.loads(capsys.readouterr().out)}
    assert summary["missile_defense"]["articles"] == 2
    assert main(["themes", "--no-cache", "--hits", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "article_id,sentence_id,theme,phrase,matched_text,start,end,score,method"
    assert len(lines) > 50


def test_commands_report_bad_input_in_one_line(tmp_path: Path, capsys):
    assert main(["evaluate", "--no-cache", "--gold", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: gold file not found" in capsys.readouterr().err
    assert main(["themes", "--no-cache", "--threshold", "150"]) == 2
    assert "--threshold 150 is not between 0 and 100" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('[[theme]]\nid = "x"\n', encoding="utf-8")
    assert main(["themes", "--no-cache", "--themes", str(bad)]) == 2
    assert "bad.toml:1: theme 'x' has no phrases" in capsys.readouterr().err
