"""The theme lexicon: the default's coverage, validation messages, precedence, fingerprint."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from workbench.analysis.lexicon import load_lexicon, parse_lexicon, resolve_lexicon_path
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path

REQUIRED = (
    "reset",
    "missile_defense",
    "assad_fate",
    "syria_war",
    "chemical_weapons",
    "iran_nuclear",
    "arms_control",
    "sanctions",
    "ukraine_crimea",
    "terrorism",
    "trade",
    "afghanistan",
    "north_korea",
    "election_interference",
    "human_rights",
)

SMALL = """
[[theme]]
id = "reset"
label = "Reset"
phrases = ["reset", "fresh start"]

[[theme]]
id = "trade"
label = "Trade"
description = "Trade ties"
phrases = ["trade"]
exclusions = ["trade away"]
"""


@pytest.fixture(scope="module")
def default_lexicon():
    return load_lexicon(default_lexicon_path())


def test_default_lexicon_covers_the_required_themes(default_lexicon):
    assert set(REQUIRED) <= set(default_lexicon.ids)
    for theme in default_lexicon.themes:
        assert theme.label and theme.description and len(theme.phrases) >= 3, theme.id


def test_default_lexicon_knows_the_many_ways_of_saying_reset_and_assads_fate(default_lexicon):
    reset = {p.lower() for p in default_lexicon.theme("reset").phrases}
    assert {
        "reset",
        "reboot",
        "fresh start",
        "thaw",
        "détente",
        "re-engagement",
        "mend ties",
        "restore ... ties",
    } <= reset
    fate = {p.lower() for p in default_lexicon.theme("assad_fate").phrases}
    assert {
        "assad's departure",
        "transition assad out",
        "assad from power",
        "regime change",
        "assad's days are numbered",
        "future of ... assad",
        "regime's downfall",
    } <= fate


def test_parse_reads_themes_in_order_with_optional_fields():
    lexicon = parse_lexicon(SMALL, "small.toml")
    assert lexicon.ids == ("reset", "trade")
    assert lexicon.theme("reset").description == ""
    assert lexicon.theme("reset").exclusions == ()
    assert lexicon.theme("trade").exclusions == ("trade away",)
    frame = lexicon.to_frame()
    assert frame.schema["phrases"] == pl.List(pl.String)
    assert frame.get_column("theme").to_list() == ["reset", "trade"]


def test_unknown_theme_is_an_error_naming_the_known_ones():
    with pytest.raises(WorkbenchError, match=r"unknown theme 'nope'.*reset, trade"):
        parse_lexicon(SMALL).theme("nope")


def test_fingerprint_follows_content_not_formatting():
    one = parse_lexicon(SMALL)
    reformatted = parse_lexicon(
        "# comment\n" + SMALL.replace('"reset", "fresh start"', '"reset",\n  "fresh start",')
    )
    changed = parse_lexicon(SMALL.replace('"fresh start"', '"new start"'))
    assert one.fingerprint == reformatted.fingerprint
    assert one.fingerprint != changed.fingerprint
    assert len(one.fingerprint) == 16


def test_examples_are_optional_sentences_that_join_the_description():
    lexicon = parse_lexicon(
        SMALL.replace(
            'phrases = ["reset", "fresh start"]',
            'description = "Starting  over."\nphrases = ["reset", "fresh start"]\n'
            'examples = ["The two sides   agreed to begin again.", "The two sides agreed to '
            'begin again.", "Old quarrels were set aside."]',
        )
    )
    reset = lexicon.theme("reset")
    assert reset.examples == (
        "The two sides agreed to begin again.",
        "Old quarrels were set aside.",
    )
    assert reset.prototypes == ("Starting over.", *reset.examples)
    assert lexicon.theme("trade").examples == ()
    assert lexicon.to_frame()["examples"].to_list()[0] == list(reset.examples)
    assert lexicon.fingerprint != parse_lexicon(SMALL).fingerprint


def test_default_lexicon_has_examples_for_every_theme(default_lexicon):
    for theme in default_lexicon.themes:
        assert len(theme.examples) >= 3, theme.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[theme]]\nid = "a"\nlabel = "A"\nphrases = ["x"]\ncolour = "red"\n',
            r"lex\.toml:5: unknown key 'colour' in theme",
        ),
        ('[[theme]]\nid = "a"\nphrases = ["x", "  "]\n', r"lex\.toml:3: empty phrase"),
        ('[[theme]]\nid = "a"\nphrases = ["x", "..."]\n', r"lex\.toml:3: empty phrase"),
        ('[[theme]]\nid = "a"\nphrases = []\n', r"lex\.toml:3: theme 'a' has no phrases"),
        ('[[theme]]\nid = "a"\nlabel = "A"\n', r"lex\.toml:1: theme 'a' has no phrases"),
        (
            '[[theme]]\nid = "a"\nphrases = ["x"]\n\n[[theme]]\nid = "a"\nphrases = ["y"]\n',
            r"lex\.toml:6: duplicate theme id 'a' \(first at line 1\)",
        ),
        ('[[theme]]\nid = "Bad Id"\nphrases = ["x"]\n', r"lex\.toml:2: theme id must be"),
        ('[[theme]]\nid = "a"\nphrases = "x"\n', r"lex\.toml:3: phrases of 'a' must be a list"),
        ('[[theme]]\nid = "a"\nphrases = ["x",,]\n', r"lex\.toml:3: malformed TOML"),
        (
            'title = "x"\n[[theme]]\nid = "a"\nphrases = ["x"]\n',
            r"lex\.toml:1: unknown key 'title'",
        ),
        ("# nothing\n", r"lex\.toml: no \[\[theme\]\] tables"),
        (
            '[[theme]]\nid = "a"\nphrases = ["x"]\nexamples = "one"\n',
            r"lex\.toml:4: examples of 'a' must be a list of strings",
        ),
        (
            '[[theme]]\nid = "a"\nphrases = ["x"]\n\nexamples = ["A sentence.", " "]\n',
            r"lex\.toml:5: empty example",
        ),
    ],
)
def test_validation_errors_are_one_line_with_path_and_line(text, message):
    with pytest.raises(WorkbenchError, match=message) as caught:
        parse_lexicon(text, "lex.toml")
    assert "\n" not in str(caught.value)


def test_missing_and_non_utf8_files_are_clear_errors(tmp_path: Path):
    with pytest.raises(WorkbenchError, match="theme lexicon not found"):
        load_lexicon(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(WorkbenchError, match=r"bad\.toml: theme lexicon is not UTF-8"):
        load_lexicon(bad)


def test_load_records_the_source_path(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_lexicon(path).source == path


def test_precedence_themes_file_then_corpus_then_default(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    explicit = tmp_path / "explicit.toml"
    assert resolve_lexicon_path(corpus, None) == default_lexicon_path()
    assert resolve_lexicon_path(None, None) == default_lexicon_path()
    (corpus / "themes.toml").write_text(SMALL, encoding="utf-8")
    assert resolve_lexicon_path(corpus, None) == corpus / "themes.toml"
    assert resolve_lexicon_path(corpus, explicit) == explicit
