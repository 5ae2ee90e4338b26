"""bench/paraphrase.py on a few pairs written for the test: parsing, metrics, the JSON figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from bench_support import load_bench

paraphrase = load_bench("paraphrase")

PAIRS = [
    (
        "The talks collapsed after Moscow refused to withdraw its troops.",
        "Negotiations broke down when Russia would not pull its soldiers out.",
        4.6,
        1,
    ),
    (
        "Washington and Moscow agreed to extend the treaty for five years.",
        "The United States and Russia decided to prolong the treaty by five years.",
        4.8,
        1,
    ),
    (
        "The museum reopened its gallery of Dutch paintings on Sunday.",
        "Russia expelled dozens of American diplomats in retaliation.",
        0.0,
        0,
    ),
    (
        "The storm knocked out power to more than 100,000 homes.",
        "Over 100,000 households lost electricity because of the storm.",
        4.4,
        1,
    ),
    (
        "The company reported record profits for the year.",
        "The team won the championship after a penalty shoot-out.",
        0.2,
        0,
    ),
    (
        "Putin said Russia would respond to any new sanctions.",
        "Obama said the United States would impose new sanctions on Russia.",
        1.8,
        0,
    ),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("para")
    sts, msr = root / "sts", root / "msr"
    sts.mkdir()
    msr.mkdir()
    for split in ("train", "dev", "test"):
        lines = [
            f"main-news\tx\t2012\t{i:04d}\t{score}\t{a}\t{b}"
            for i, (a, b, score, _) in enumerate(PAIRS)
        ]
        (sts / f"sts-{split}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for split in ("train", "test"):
        lines = ["\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String"]
        lines += [f"{label}\t{i}\t{i + 100}\t{a}\t{b}" for i, (a, b, _, label) in enumerate(PAIRS)]
        (msr / f"msr-para-{split}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sts, msr


def test_reads_both_formats(data):
    sts, msr = data
    left, right, gold = paraphrase.read_stsb(sts, "dev")
    assert len(left) == len(right) == 6 and gold[0] == pytest.approx(4.6)
    assert left[0] == "the talks collapsed after moscow refused to withdraw its troops."
    left, _right, labels = paraphrase.read_msrp(msr, "train")
    assert labels.tolist() == [1, 1, 0, 1, 0, 0]
    assert left[2].startswith("the museum")


def test_malformed_and_missing_files_stop_with_the_place(tmp_path):
    (tmp_path / "sts-dev.csv").write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"sts-dev\.csv:1: expected 7 tab-separated fields"):
        paraphrase.read_stsb(tmp_path, "dev")
    with pytest.raises(SystemExit, match="not found"):
        paraphrase.read_msrp(tmp_path, "train")


def test_metrics():
    scores = np.array([90.0, 80.0, 70.0, 60.0])
    gold = np.array([1, 0, 1, 0])
    threshold, accuracy = paraphrase.best_threshold(scores, gold)
    assert (threshold, accuracy) == (90.0, 0.75)
    assert paraphrase.accuracy_f1(scores, gold, 70.0) == (pytest.approx(0.75), pytest.approx(0.8))
    assert paraphrase.spearman(np.array([1.0, 2.0, 2.0, 3.0]), np.array([1, 2, 2, 3])) == 1.0
    # All negative: predicting nothing positive is the best cut.
    assert paraphrase.best_threshold(scores, np.zeros(4, dtype=int))[1] == 1.0


def test_run_writes_the_workbench_figures(data, tmp_path, capsys):
    sts, msr = data
    out = tmp_path / "figures.json"
    assert paraphrase.main(["--msrp", str(msr), "--stsb", str(sts), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for scorer in ("token_sort_ratio", "tf-idf cosine", "embedding", "workbench score"):
        assert f"| {scorer} |" in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in ("stsb_test_pearson", "stsb_test_spearman", "msrp_test_accuracy", "msrp_test_f1"):
        assert key in figures
    assert figures["stsb_test_pearson"] > 0.5
    assert 0 <= figures["msrp_test_accuracy"] <= 100
    assert set(figures["scorers"]) >= {"ratio", "lexical", "embedding", "workbench score"}
