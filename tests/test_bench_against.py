"""bench/against.py: a tree's analysis read against a reference tree's on the same machine."""

from __future__ import annotations

from pathlib import Path

from bench_support import load_bench

against = load_bench("against")
run = load_bench("run")


def _result(full: float, ingest: float, difflib: float, **extra) -> dict:
    return {
        "ingest_s": ingest,
        "themes_s": 1.0,
        "phrases_s": 1.0,
        "per_table_s": {"alignments": 2.0, "similarity": 0.5},
        "full_s": full,
        "analysis_peak_rss_mb": 1000.0,
        "pair_p50_ms": 1.0,
        "difflib_ratio": difflib,
        **extra,
    }


def _row(table: str, label: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_medians_of_the_rounds_and_their_ratio():
    reference = [_result(20.0, 5.0, 100.0), _result(30.0, 6.0, 120.0), _result(22.0, 9.0, 90.0)]
    current = [_result(33.0, 8.0, 300.0), _result(40.0, 7.0, 240.0), _result(36.0, 6.5, 270.0)]
    table = against.render(reference, current, stated_full=20.0, stated_difflib=100.0)
    assert _row(table, "full analysis (s)") == ["full analysis (s)", "22.00", "36.00", "1.636"]
    assert _row(table, "ingest (s)")[1:] == ["6.00", "7.00", "1.167"]
    # Scaled to where the reference's figures were stated: 36 / 22 × 20 and 270 / 100 × 100.
    assert "full analysis where the reference took 20 s: 32.7 s" in table
    assert "difflib / ours where the reference's was 100×: 270×" in table


def test_a_figure_the_reference_does_not_report_is_a_dash():
    reference = [_result(20.0, 5.0, 100.0)]
    del reference[0]["per_table_s"]["similarity"]
    table = against.render(reference, [_result(30.0, 5.0, 200.0)])
    assert _row(table, "similarity (s)")[1:] == ["—", "0.50", "—"]
    assert "where the reference took" not in table  # no stated figures given


def test_the_analysis_worker_without_the_index(monkeypatch):
    monkeypatch.setattr(run, "PAIRS", 5)
    monkeypatch.setattr(run, "DIFFLIB_BUDGET_S", 0.5)
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    result = run.analysis_worker(corpus, 5, 1, 1, index=False)
    assert result["full_s"] >= result["ingest_s"] > 0
    assert result["articles"] == 5 and result["pairs"] > 0
    assert "reopen_s" not in result and "index_mb" not in result
