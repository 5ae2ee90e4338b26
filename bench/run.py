"""Benchmark workbench on synthetic corpora of growing size and print the figures with targets.

    python bench/run.py [--sizes 100,1000,10000] [--json FILE] [--seed 1] [--profile DIR]

Per size N the corpus is generated once (``bench/data/n<N>-s<seed>``, reused afterwards), then
each part is measured in a fresh subprocess so that peak memory belongs to that size alone:

- analysis: ingest, theme matching, recurring phrases, every table of ``TABLES``, export of all
  tables to Parquet, one pair alignment over 100 random pairs (median and p95), and on the same
  pairs the naive way: ``difflib.SequenceMatcher`` over every sentence pair of the two articles;
  then reopening through a freshly built on-disk index (corpus and every table read back);
- app: the real ``WorkbenchApp`` headless (``App.run_test``): time to the first screen (the
  Library table has rows) with an empty cache, again through the warm cache (reopen), and the
  time until a Compare screen shows aligned pairs.

Times are wall-clock seconds, medians over repeats where a step is cheap. The machine is shared
and noisy: look at the medians, not at a single run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import difflib
import gc
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402  (bench/generate.py)

PAIRS = 100
DIFFLIB_BUDGET_S = 60.0  # the naive way stops after this long; the ratio uses the pairs it timed
PLAIN_DIFFLIB_PAIRS = 10  # the plain form (no reuse of difflib's index) on the first pairs
APP_TIMEOUT_S = 300.0

TARGETS = {
    "full_s": ("≤ 30 s at 10,000", lambda r: r["n"] < 10_000 or r["full_s"] <= 30),
    "analysis_peak_rss_mb": (
        "≤ 3 GB at 10,000",
        lambda r: r["n"] < 10_000 or r["analysis_peak_rss_mb"] <= 3072,
    ),
    "pair_p95_ms": ("≤ 10 ms", lambda r: r["pair_p95_ms"] <= 10),
    "difflib_ratio": ("≥ 300×", lambda r: r["difflib_ratio"] >= 300),
    "reopen_first_screen_s": (
        "≤ 0.5 s at 10,000",
        lambda r: r["n"] < 10_000 or r["reopen_first_screen_s"] <= 0.5,
    ),
}


def _tree_mb(root: Path) -> float:
    """The size of the files under ``root``, in MB."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def _say(message: str) -> None:
    """A progress line on stderr (the benchmark runs for minutes at 10,000 articles)."""
    print(f"    {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# --------------------------------------------------------------------------------------------
# Worker: analysis
# --------------------------------------------------------------------------------------------


def _open_workspace(corpus: Path, *, cache_root: Path | None):
    from workbench.options import WorkspaceOptions
    from workbench.workspace import Workspace

    return Workspace.open(
        WorkspaceOptions(corpus=corpus, cache_root=cache_root, use_cache=cache_root is not None)
    )


def _export_all(workspace, out: Path) -> None:
    from workbench.analysis.tables import TABLES
    from workbench.store import export

    if hasattr(export, "export_tables"):
        export.export_tables(workspace, out, list(TABLES), force=True)
        return
    metadata = workspace.export_metadata()
    for name in TABLES:
        export.write_parquet_atomic(workspace.table(name), out / f"{name}.parquet", metadata)


def _pair_sample(workspace, n_pairs: int, seed: int) -> list[tuple[str, str]]:
    ids = workspace.corpus.articles["article_id"].to_list()
    rng = random.Random(seed)
    pairs = []
    while len(pairs) < n_pairs and len(ids) > 1:
        left, right = rng.sample(ids, 2)
        pairs.append((left, right))
    return pairs


def _difflib_pair(left: list[str], right: list[str]) -> float:
    """The naive alignment: SequenceMatcher ratio of every sentence pair; returns the seconds."""
    started = time.perf_counter()
    for a in left:
        matcher = difflib.SequenceMatcher(None)
        matcher.set_seq2(a)  # seq2 is the one difflib indexes: index each left sentence once
        for b in right:
            matcher.set_seq1(b)
            matcher.ratio()
    return time.perf_counter() - started


def _measure_analysis(corpus: Path) -> tuple[dict, object]:
    """Ingest and every table, from nothing (no cache), timed step by step."""
    from workbench.analysis.tables import TABLES

    run: dict = {}
    run["ingest_s"], workspace = _timed(lambda: _open_workspace(corpus, cache_root=None))
    _say(f"ingest {run['ingest_s']:.2f} s")
    run["themes_s"], _ = _timed(lambda: workspace.table("theme_hits"))
    _say(f"theme_hits {run['themes_s']:.2f} s")
    run["phrases_s"], _ = _timed(lambda: workspace.table("recurring_phrases"))
    _say(f"recurring_phrases {run['phrases_s']:.2f} s")
    per_table = {"theme_hits": run["themes_s"], "recurring_phrases": run["phrases_s"]}
    for name in TABLES:
        if name not in per_table:
            per_table[name], _ = _timed(lambda name=name: workspace.table(name))
            _say(f"{name} {per_table[name]:.2f} s")
    run["per_table_s"] = per_table
    run["tables_s"] = sum(per_table.values())
    run["full_s"] = run["ingest_s"] + run["tables_s"]
    return run, workspace


def _all_tables(workspace) -> None:
    from workbench.analysis.tables import TABLES

    for name in TABLES:
        workspace.table(name)


def _difflib_pair_plain(left: list[str], right: list[str]) -> float:
    """The naive way written plainly: a new SequenceMatcher for every sentence pair."""
    started = time.perf_counter()
    for a in left:
        for b in right:
            difflib.SequenceMatcher(None, a, b).ratio()
    return time.perf_counter() - started


def analysis_worker(corpus: Path, n: int, repeats: int, seed: int, *, index: bool = True) -> dict:
    """Measure the analysis of one corpus in this process (``index`` False: without building
    and reopening the on-disk index)."""
    from workbench.analysis.tables import TABLES

    result: dict = {"n": n}
    runs: list[dict] = []
    workspace = None
    for _ in range(repeats):
        workspace = None
        gc.collect()
        run, workspace = _measure_analysis(corpus)
        runs.append(run)
    for key in ("ingest_s", "themes_s", "phrases_s", "tables_s", "full_s"):
        result[key] = statistics.median(r[key] for r in runs)
    result["per_table_s"] = {
        name: statistics.median(r["per_table_s"][name] for r in runs) for name in TABLES
    }
    result["repeats"] = repeats
    corpus_obj = workspace.corpus
    result["articles"] = corpus_obj.articles.height
    result["sentences"] = corpus_obj.sentences.height
    result["words"] = int(corpus_obj.articles["words"].sum())
    result["analysis_peak_rss_mb"] = _rss_mb()

    with tempfile.TemporaryDirectory(prefix="wb-export-") as out:
        times = []
        for _ in range(repeats):
            elapsed, _ = _timed(lambda: _export_all(workspace, Path(out)))
            times.append(elapsed)
        result["export_s"] = statistics.median(times)
    _say(f"export {result['export_s']:.2f} s")

    # One pair alignment, as the Compare screen asks for it (the labels are read apart, the pair
    # in focus alone is diffed), each pair once, its two articles not aligned before.
    pairs = _pair_sample(workspace, PAIRS, seed)
    pair_times = []
    aligned_pairs = 0
    for left, right in pairs:
        elapsed, frame = _timed(
            lambda left=left, right=right: workspace.align(left, right, labels=False, opcodes=False)
        )
        pair_times.append(elapsed)
        aligned_pairs += frame.height
    result["pair_p50_ms"] = statistics.median(pair_times) * 1000
    result["pair_p95_ms"] = _percentile(pair_times, 0.95) * 1000
    result["pairs"] = len(pairs)
    _say(f"pair alignment p50 {result['pair_p50_ms']:.1f} ms, p95 {result['pair_p95_ms']:.1f} ms")
    result["aligned_sentence_pairs"] = aligned_pairs
    # ... and as `workbench align` gives it: every pair's word diff and label (the articles'
    # sentences prepared already by the calls above).
    full_times = [
        _timed(lambda left=left, right=right: workspace.align(left, right))[0]
        for left, right in pairs
    ]
    result["pair_full_p50_ms"] = statistics.median(full_times) * 1000

    # The naive way on the same pairs, within a time budget.
    texts = {
        aid: frame["text"].to_list()
        for aid, frame in corpus_obj.sentences.select("article_id", "text")
        .partition_by("article_id", as_dict=True, include_key=False)
        .items()
    }
    texts = {(k[0] if isinstance(k, tuple) else k): v for k, v in texts.items()}
    naive_times = []
    naive_ours = []
    budget_end = time.perf_counter() + DIFFLIB_BUDGET_S
    for (left, right), ours in zip(pairs, pair_times, strict=True):
        if time.perf_counter() > budget_end:
            break
        naive_times.append(_difflib_pair(texts.get(left, []), texts.get(right, [])))
        naive_ours.append(ours)
    result["difflib_pairs"] = len(naive_times)
    result["difflib_p50_ms"] = statistics.median(naive_times) * 1000
    result["difflib_ratio"] = statistics.median(naive_times) / statistics.median(naive_ours)
    _say(f"difflib over {len(naive_times)} pairs: ratio {result['difflib_ratio']:.0f}x")
    plain = [
        _difflib_pair_plain(texts.get(left, []), texts.get(right, []))
        for left, right in pairs[:PLAIN_DIFFLIB_PAIRS]
    ]
    result["difflib_plain_p50_ms"] = statistics.median(plain) * 1000
    result["difflib_plain_ratio"] = statistics.median(plain) / statistics.median(
        pair_times[:PLAIN_DIFFLIB_PAIRS]
    )

    if not index:
        result["peak_rss_mb"] = _rss_mb()
        return result
    # Reopening through the on-disk index: build it, then open again as a new process would.
    with tempfile.TemporaryDirectory(prefix="wb-cache-") as cache:
        cache_root = Path(cache)
        elapsed, built = _timed(lambda: _open_workspace(corpus, cache_root=cache_root))
        result["index_build_s"] = elapsed + _store_tables(built, workspace)
        result["index_mb"] = _tree_mb(cache_root)
        built = None
        gc.collect()
        opened = []
        tabled = []
        reopened = None
        for _ in range(max(repeats, 3)):
            elapsed, reopened = _timed(lambda: _open_workspace(corpus, cache_root=cache_root))
            opened.append(elapsed)
            elapsed, _ = _timed(lambda r=reopened: _all_tables(r))
            tabled.append(elapsed)
        # Compare's alignment as a new process has it: each article's sentences, theme hits
        # and embeddings read from the index (its partition's files at this size).
        reopened_pairs = [
            _timed(
                lambda left=left, right=right, r=reopened: r.align(
                    left, right, labels=False, opcodes=False
                )
            )[0]
            for left, right in pairs
        ]
        del reopened
        result["reopen_s"] = statistics.median(opened)
        result["reopen_tables_s"] = statistics.median(tabled)
        result["reopen_pair_p50_ms"] = statistics.median(reopened_pairs) * 1000
        result["reopen_pair_p95_ms"] = _percentile(reopened_pairs, 0.95) * 1000
        _say(f"reopen {result['reopen_s']:.2f} s, tables {result['reopen_tables_s']:.2f} s")
        _say(
            f"pair alignment on the reopened index p50 {result['reopen_pair_p50_ms']:.1f} ms,"
            f" p95 {result['reopen_pair_p95_ms']:.1f} ms"
        )
        # One changed file: re-ingested alone.
        result["reopen_one_changed_s"] = _reopen_with_one_change(corpus, cache_root)
    result["peak_rss_mb"] = _rss_mb()
    return result


def _store_tables(built, computed) -> float:
    """Put the tables ``computed`` already holds into ``built``'s index; the seconds it took.

    Computing every table a second time would only double the benchmark's run time; where the
    workspace does not expose its table cache, the tables are computed again.
    """
    from workbench.analysis.tables import TABLES

    started = time.perf_counter()
    table_cache = getattr(built, "_table_cache", None)
    for name in TABLES:
        if table_cache is not None:
            table_cache.put(name, computed.table(name))
        else:
            built.table(name)
    return time.perf_counter() - started


def _reopen_with_one_change(corpus: Path, cache_root: Path) -> float | None:
    """Reopen after changing one article (a copy of the corpus: the original stays as it is)."""
    from workbench.store.index import cache_dir_for

    with tempfile.TemporaryDirectory(prefix="wb-changed-") as scratch:
        copy = Path(scratch) / "corpus"
        # Hard links keep sizes and mtimes; the changed file is replaced, never written through.
        _link_tree(corpus, copy)
        # The copy's index starts as the original's, re-addressed to the copy: the single
        # snapshot's pointer (corpus.json) or the partitioned index's manifest (index.json).
        cache_dir = cache_dir_for(copy, cache_root)
        _link_tree(cache_dir_for(corpus, cache_root), cache_dir)
        for name in ("corpus.json", "index.json"):
            pointer_path = cache_dir / name
            if pointer_path.exists():
                pointer = json.loads(pointer_path.read_text(encoding="utf-8"))
                pointer["corpus_dir"] = str(copy.resolve())
                pointer_path.unlink()
                pointer_path.write_text(json.dumps(pointer), encoding="utf-8")
        _open_workspace(copy, cache_root=cache_root)
        victim = sorted((copy / "articles").iterdir())[0]
        text = victim.read_text(encoding="utf-8")
        victim.unlink()
        victim.write_text(text + "\n\nOne more paragraph, added later.\n", encoding="utf-8")
        elapsed, _ = _timed(lambda: _open_workspace(copy, cache_root=cache_root))
        return elapsed


def _link_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                destination.write_bytes(path.read_bytes())


# --------------------------------------------------------------------------------------------
# Worker: the app, headless
# --------------------------------------------------------------------------------------------


def _library_has_rows(app) -> bool:
    from workbench.tui.widgets.frame_table import FrameTable

    if getattr(app, "workspace", None) is None:
        return False
    return any(table.row_count > 0 for table in app.screen.query(FrameTable))


def _compare_ready(app) -> bool:
    """The Compare screen has its articles and their aligned pairs in place."""
    screen = app.screen
    if type(screen).__name__ != "CompareScreen":
        return False
    return bool(getattr(screen, "shown", False) or getattr(screen, "loaded", False))


async def _time_until(
    make_app: Callable[[], object],
    ready: Callable[[object], bool],
    size: tuple[int, int] = (160, 50),
) -> float | None:
    started = time.perf_counter()
    app = make_app()
    async with app.run_test(size=size) as pilot:
        while time.perf_counter() - started < APP_TIMEOUT_S:
            if ready(app):
                return time.perf_counter() - started
            await pilot.pause(0.01)
    return None


def _app_options(corpus: Path, cache_root: Path):
    from workbench.options import WorkspaceOptions

    return WorkspaceOptions(corpus=corpus, cache_root=cache_root)


def app_worker(corpus: Path, seed: int) -> dict:
    """Measure the interface on one corpus in this process."""
    from workbench.tui.app import WorkbenchApp

    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="wb-app-cache-") as cache:
        cache_root = Path(cache)

        def make(**kwargs):
            return lambda: WorkbenchApp(_app_options(corpus, cache_root), **kwargs)

        result["first_screen_s"] = asyncio.run(_time_until(make(), _library_has_rows))
        _say(f"app first screen (cold) {result['first_screen_s']} s")
        reopen = [asyncio.run(_time_until(make(), _library_has_rows)) for _ in range(3)]
        reopen = [t for t in reopen if t is not None]
        result["reopen_first_screen_s"] = statistics.median(reopen) if reopen else None
        from workbench.workspace import Workspace

        ids = Workspace.open(_app_options(corpus, cache_root)).corpus.articles["article_id"]
        ids = ids.to_list()
        rng = random.Random(seed)
        left, right = rng.sample(ids, 2) if len(ids) > 1 else (ids[0], ids[0])
        result["compare_ready_s"] = asyncio.run(
            _time_until(make(start_compare=[left, right]), _compare_ready)
        )
    result["app_peak_rss_mb"] = _rss_mb()
    return result


# --------------------------------------------------------------------------------------------
# Scale: the partitioned index built by each engine, and the app on a large index
# --------------------------------------------------------------------------------------------

SCALE_TARGETS = {
    "index_s": ("≤ 300 s at 100,000 (default engine)", 100_000, lambda v: v <= 300),
    "peak_process_mb": ("≤ 6 GB in any process at 100,000", 100_000, lambda v: v <= 6144),
    "dask2_vs_local": ("≤ 1.3× at 10,000", 10_000, lambda v: v <= 1.3),
    "speedup_2_vs_1": ("≥ 1.7× at 100,000", 100_000, lambda v: v >= 1.7),
    "first_screen_s": ("≤ 1 s at 100,000", 100_000, lambda v: v <= 1.0),
    "compare_ready_s": ("≤ 1 s at 100,000", 100_000, lambda v: v <= 1.0),
    "tables_ready_s": ("≤ 1 s at 100,000", 100_000, lambda v: v <= 1.0),
}


def _load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def _engine_args(engine: str) -> list[str]:
    """``local``, or ``dask:N`` (a LocalCluster of N workers)."""
    if engine == "local":
        return ["--engine", "local"]
    name, _, workers = engine.partition(":")
    return ["--engine", name, "--workers", workers or "2"]


def _task_peaks(cache_root: Path, driver_pid: int) -> tuple[float, float, dict[str, list[float]]]:
    """From the tasks' markers (those of the tasks whose outputs are kept, and those of the
    scratch tasks removed, in the index's task log): the largest peak RSS of a worker process
    (MB), the task seconds summed, and every task's seconds by stage."""
    from workbench.pipeline.index import TASK_LOG

    markers: dict[tuple[str, str], dict] = {}
    texts: list[str] = []
    for done in cache_root.glob("*/parts/*/*/_done.json"):
        with contextlib.suppress(OSError):
            texts.append(done.read_text(encoding="utf-8"))
    for log in cache_root.glob(f"*/parts/{TASK_LOG}"):
        with contextlib.suppress(OSError):
            texts += log.read_text(encoding="utf-8").splitlines()
    for text in texts:
        with contextlib.suppress(ValueError):
            marker = json.loads(text)
            markers[(marker.get("stage", "?"), marker.get("key", ""))] = marker
    peak = 0.0
    total = 0.0
    stages: dict[str, list[float]] = {}
    for marker in markers.values():
        if marker.get("pid") != driver_pid:
            peak = max(peak, float(marker.get("peak_rss_mb", 0.0)))
        seconds = float(marker.get("seconds", 0.0))
        total += seconds
        stages.setdefault(marker.get("stage", "?"), []).append(seconds)
    return peak, total, stages


# Stages of one task over the whole corpus: their work grows with the corpus, not their count.
SINGLE_TASK_STAGES = {
    "order",
    "plan",
    "theme_by_year",
    "people",
    "align_plan",
    "align_cells",
    "phrases_units",
    "phrases_fragments",
}
# How a stage's task time grows with the corpus (an exponent of the scale): the search by
# meaning has one k-means cell per 600 sentences, so training the cells (one task, in two
# levels: sample rows × 2√cells) grows with the corpus to the power 1.5, and listing each
# partition's sentences in their cells (its rows × 6√cells) with its square root.
GROWTH = {"align_cells": 1.5, "align_assign": 0.5}


def predict(stages: dict[str, list[float]], scale: float, workers: int) -> float:
    """Seconds to index a corpus ``scale`` times larger on ``workers`` workers, from the task
    times of a run: a stage of per-partition or per-bucket tasks gets ``scale`` times as many
    tasks (partitions stay 2,500 articles), spread over the workers; a stage of one task gets
    one task ``scale`` times longer; ``GROWTH`` says which tasks grow faster. Stages run one
    after another."""
    total = 0.0
    for stage, seconds in stages.items():
        growth = scale ** GROWTH.get(stage, 1 if stage in SINGLE_TASK_STAGES else 0)
        if stage in SINGLE_TASK_STAGES:
            total += max(seconds) * growth
        else:
            tasks = len(seconds) * scale
            total += math.ceil(tasks / workers) * statistics.median(seconds) * growth
    return total


def stage_table(stages: dict[str, list[float]]) -> str:
    """Per stage: tasks, median and slowest task seconds, summed seconds (Markdown)."""
    lines = [
        "| stage | tasks | median task (s) | slowest (s) | summed (s) |",
        "|---|---|---|---|---|",
    ]
    for stage, seconds in sorted(stages.items(), key=lambda item: -sum(item[1])):
        lines.append(
            f"| {stage} | {len(seconds)} | {statistics.median(seconds):.2f} | "
            f"{max(seconds):.2f} | {sum(seconds):.1f} |"
        )
    return "\n".join(lines)


def index_run(corpus: Path, engine: str, cache_root: Path, partitions: int | None) -> dict:
    """``workbench index`` in a fresh process: wall seconds, the driver's and workers' peaks."""
    command = [sys.executable, "-m", "workbench", "index", "--corpus", str(corpus)]
    command += ["--cache", str(cache_root), *_engine_args(engine)]
    if partitions is not None:
        command += ["--partitions", str(partitions)]
    load_before = _load_average()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    if status != 0:
        return {"engine": engine, "error": f"index exited with {status}: {output.strip()}"}
    driver_mb = usage.ru_maxrss / 1024
    worker_mb, task_s, stages = _task_peaks(cache_root, process.pid)
    return {
        "engine": engine,
        "index_s": elapsed,
        "driver_peak_mb": driver_mb,
        "worker_peak_mb": worker_mb,
        "peak_process_mb": max(driver_mb, worker_mb),
        "task_s": task_s,
        "stage_s": stages,
        "load_before": load_before,
        "load_after": _load_average(),
        "summary": output.strip().splitlines()[-1] if output.strip() else "",
    }


def _tables_ready(app) -> bool:
    """The Tables screen shows the rows of `alignments`."""
    from workbench.tui.widgets.frame_table import FrameTable

    screen = app.screen
    if type(screen).__name__ != "TablesScreen" or getattr(screen, "current", None) != "alignments":
        return False
    table = screen.query_one("#tables-table", FrameTable)
    return not table.loading and table.row_count > 0


async def _time_tables(corpus: Path, cache_root: Path) -> float | None:
    """From a started app (first screen shown): the Tables screen until `alignments` shows."""
    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(_app_options(corpus, cache_root))
    async with app.run_test(size=(160, 50)) as pilot:
        deadline = time.perf_counter() + APP_TIMEOUT_S
        while not _library_has_rows(app) and time.perf_counter() < deadline:
            await pilot.pause(0.01)
        started = time.perf_counter()
        app.action_go("tables")
        await pilot.pause(0)
        app.screen.pick("alignments")
        while time.perf_counter() - started < APP_TIMEOUT_S:
            if _tables_ready(app):
                return time.perf_counter() - started
            await pilot.pause(0.01)
    return None


def scale_app_worker(corpus: Path, cache_root: Path, seed: int, repeats: int) -> dict:
    """The app on an index built already: first screen, Compare ready, Tables ready."""
    from workbench.tui.app import WorkbenchApp
    from workbench.workspace import Workspace

    def make(**kwargs):
        return lambda: WorkbenchApp(_app_options(corpus, cache_root), **kwargs)

    opened = []
    for _ in range(repeats):
        elapsed, workspace = _timed(lambda: Workspace.open(_app_options(corpus, cache_root)))
        opened.append(elapsed)
    missing = workspace.tables_to_update()
    if missing:  # the code changed since the index was built: the app would compute them
        raise SystemExit(
            f"the index lacks {', '.join(missing)} for this code (changed since it was built): "
            "not timing an app that would compute them"
        )
    ids = workspace.corpus.articles["article_id"].to_list()
    rng = random.Random(seed)
    first, compare, tables = [], [], []
    for _ in range(repeats):
        first.append(asyncio.run(_time_until(make(), _library_has_rows)))
        left, right = rng.sample(ids, 2)
        compare.append(asyncio.run(_time_until(make(start_compare=[left, right]), _compare_ready)))
        tables.append(asyncio.run(_time_tables(corpus, cache_root)))

    def median(values: list[float | None]) -> float | None:
        found = [v for v in values if v is not None]
        return statistics.median(found) if found else None

    return {
        "reopen_s": median(opened),
        "first_screen_s": median(first),
        "compare_ready_s": median(compare),
        "tables_ready_s": median(tables),
        "app_peak_rss_mb": _rss_mb(),
        "app_load": _load_average(),
    }


def scale_main(args: argparse.Namespace) -> int:
    """Index each size with each engine in fresh processes, then time the app on the index."""
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    print(f"machine: {machine()}", file=sys.stderr)
    results = []
    for n in sizes:
        corpus, gen_s = corpus_for(n, args.seed, args.data)
        result: dict = {"n": n, "generate_s": gen_s, "runs": {}}
        kept: Path | None = None
        for engine in engines:
            runs = []
            for repeat in range(args.repeats or 1):
                cache_root = Path(tempfile.mkdtemp(prefix="wb-scale-", dir=args.scratch))
                _say(f"N = {n:,}: index with {engine} (run {repeat + 1}), load {_load_average()}")
                run = index_run(corpus, engine, cache_root, args.partitions)
                _say(json.dumps({k: v for k, v in run.items() if k != "stage_s"}, default=str))
                runs.append(run)
                if kept is None and engine == args.app_engine and "error" not in run:
                    kept = cache_root
                else:
                    shutil.rmtree(cache_root, ignore_errors=True)
            good = [r for r in runs if "error" not in r]
            if good:
                best = {
                    key: statistics.median(r[key] for r in good)
                    for key in ("index_s", "driver_peak_mb", "worker_peak_mb", "peak_process_mb")
                }
                result["runs"][engine] = {**good[-1], **best, "repeats": len(good)}
            else:
                result["runs"][engine] = runs[-1]
        times = {e: r.get("index_s") for e, r in result["runs"].items()}
        if times.get("local") and times.get("dask:2"):
            result["dask2_vs_local"] = times["dask:2"] / times["local"]
        if times.get("dask:1") and times.get("dask:2"):
            result["speedup_2_vs_1"] = times["dask:1"] / times["dask:2"]
        default = result["runs"].get(args.app_engine, {})
        result["index_s"] = default.get("index_s")
        if default.get("stage_s"):
            result["predicted_1m_32_s"] = predict(default["stage_s"], 1_000_000 / n, 32)
        result["peak_process_mb"] = max(
            (r.get("peak_process_mb", 0) for r in result["runs"].values()), default=None
        )
        if kept is not None and not args.no_app:
            app = _run_scale_app(corpus, kept, n, args)
            result.update(app)
            shutil.rmtree(kept, ignore_errors=True)
        results.append(result)
        print(json.dumps(result, default=str), file=sys.stderr)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    print(render_scale(results, engines))
    for result in results:
        stages = result["runs"].get(args.app_engine, {}).get("stage_s")
        if stages:
            print(f"\nN = {result['n']:,}, {args.app_engine}: task seconds by stage")
            print(stage_table(stages))
    return 0


def _run_scale_app(corpus: Path, cache_root: Path, n: int, args: argparse.Namespace) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "scale-app"]
    command += ["--corpus", str(corpus), "--cache-root", str(cache_root), "--n", str(n)]
    command += ["--seed", str(args.seed), "--repeats", "3", "--result", str(result_path)]
    try:
        if subprocess.run(command, check=False).returncode != 0:
            return {"app_error": "app worker failed"}
        return json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        with contextlib.suppress(OSError):
            result_path.unlink()


def render_scale(results: list[dict], engines: list[str]) -> str:
    """The scale figures as a Markdown table, sizes across, targets at the right."""
    header = ["", *[f"N = {r['n']:,}" for r in results], "target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for engine in engines:
        for key, label in (
            ("index_s", "index (s)"),
            ("driver_peak_mb", "peak MB, driver"),
            ("worker_peak_mb", "peak MB, largest worker"),
            ("task_s", "task seconds, summed"),
        ):
            cells = [_fmt(r["runs"].get(engine, {}).get(key)) for r in results]
            lines.append("| " + " | ".join([f"{engine}: {label}", *cells, ""]) + " |")
    for key, label in (
        ("index_s", "index, default engine (s)"),
        ("peak_process_mb", "peak MB, any process"),
        ("dask2_vs_local", "dask:2 / local (×)"),
        ("speedup_2_vs_1", "dask:1 / dask:2 (×)"),
        ("reopen_s", "reopen (s)"),
        ("first_screen_s", "app first screen (s)"),
        ("compare_ready_s", "app Compare ready (s)"),
        ("tables_ready_s", "app Tables on alignments (s)"),
        ("app_peak_rss_mb", "peak MB, app"),
        ("predicted_1m_32_s", "predicted: 1,000,000 articles, 32 workers (s)"),
    ):
        cells = [_fmt(r.get(key)) for r in results]
        target = ""
        if key in SCALE_TARGETS:
            text, size, check = SCALE_TARGETS[key]
            verdicts = [
                ("ok" if check(r[key]) else "MISSED")
                for r in results
                if r["n"] == size and r.get(key) is not None
            ]
            target = text + (f" ({verdicts[0]})" if verdicts else "")
        lines.append("| " + " | ".join([label, *cells, target]) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def corpus_for(n: int, seed: int, data: Path | None = None) -> tuple[Path, float | None]:
    """The generated corpus of size ``n`` (generated now if missing) and the generation time."""
    out = (data or HERE / "data") / f"n{n}-s{seed}"
    if generate.is_generated(out, n, seed):
        return out, None
    elapsed, _ = _timed(lambda: generate.write_corpus(out, n, seed))
    return out, elapsed


def _run_worker(
    kind: str,
    corpus: Path,
    n: int,
    seed: int,
    repeats: int,
    profile: Path | None,
    *,
    index: bool = True,
) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--corpus",
        str(corpus),
        "--n",
        str(n),
        "--seed",
        str(seed),
        "--repeats",
        str(repeats),
        "--result",
        str(result_path),
    ]
    if profile is not None:
        command += ["--profile", str(profile)]
    if not index:
        command.append("--no-index")
    try:
        completed = subprocess.run(command, check=False)
        if completed.returncode != 0:
            return {"error": f"{kind} worker exited with {completed.returncode}"}
        return json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        with contextlib.suppress(OSError):
            result_path.unlink()


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}{unit}"
        if value >= 10:
            return f"{value:.1f}{unit}"
        return f"{value:.3g}{unit}" if value < 1 else f"{value:.2f}{unit}"
    return f"{value:,}{unit}"


ROWS = [
    ("n", "articles", ""),
    ("words", "words", ""),
    ("sentences", "sentences", ""),
    ("ingest_s", "ingest (s)", ""),
    ("themes_s", "theme matching (s)", ""),
    ("phrases_s", "recurring phrases (s)", ""),
    ("tables_s", "all tables (s)", ""),
    ("full_s", "full analysis (s)", "full_s"),
    ("export_s", "export all tables (s)", ""),
    ("pair_p50_ms", "pair alignment p50 (ms)", ""),
    ("pair_p95_ms", "pair alignment p95 (ms)", "pair_p95_ms"),
    ("pair_full_p50_ms", "… with every pair's diff and label, p50 (ms)", ""),
    ("reopen_pair_p50_ms", "pair alignment on the reopened index, p50 (ms)", ""),
    ("reopen_pair_p95_ms", "pair alignment on the reopened index, p95 (ms)", ""),
    ("difflib_p50_ms", "difflib pair p50 (ms)", ""),
    ("difflib_ratio", "difflib / ours (×)", "difflib_ratio"),
    ("difflib_plain_ratio", "plain difflib / ours, 10 pairs (×)", ""),
    ("reopen_s", "reopen via cache (s)", ""),
    ("reopen_tables_s", "all tables via cache (s)", ""),
    ("reopen_one_changed_s", "reopen, one file changed (s)", ""),
    ("index_mb", "index on disk (MB)", ""),
    ("first_screen_s", "app first screen, cold (s)", ""),
    ("reopen_first_screen_s", "app first screen, reopen (s)", "reopen_first_screen_s"),
    ("compare_ready_s", "app Compare ready (s)", ""),
    ("analysis_peak_rss_mb", "peak memory, analysis (MB)", "analysis_peak_rss_mb"),
    ("peak_rss_mb", "peak memory, the run with the index build (MB)", ""),
    ("app_peak_rss_mb", "peak memory, app (MB)", ""),
]


def render(results: list[dict]) -> str:
    """The figures as a Markdown table, sizes across, targets at the right."""
    header = ["", *[f"N = {r['n']:,}" for r in results], "target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, label, target_key in ROWS:
        cells = [_fmt(r.get(key)) for r in results]
        target = ""
        if target_key:
            text, check = TARGETS[target_key]
            verdicts = []
            for r in results:
                try:
                    verdicts.append("ok" if check(r) else "MISSED")
                except (TypeError, KeyError):
                    verdicts.append("?")
            relevant = [
                v
                for r, v in zip(results, verdicts, strict=True)
                if target_key in ("pair_p95_ms", "difflib_ratio") or r["n"] >= 10_000
            ]
            target = text + (f" ({', '.join(relevant)})" if relevant else "")
        lines.append("| " + " | ".join([label, *cells, target]) + " |")
    by_n = {r["n"]: r for r in results}
    if 1000 in by_n and 10_000 in by_n and by_n[1000].get("phrases_s"):
        growth = by_n[10_000]["phrases_s"] / by_n[1000]["phrases_s"]
        verdict = "ok" if growth <= 15 else "MISSED"
        cells = [f"{growth:.1f}" if r["n"] == 10_000 else "" for r in results]
        lines.append(
            "| " + " | ".join(["phrases, 10,000 / 1,000 (×)", *cells, f"≤ 15× ({verdict})"]) + " |"
        )
    return "\n".join(lines)


def machine() -> str:
    """Cores, memory and Python of this machine, from /proc where there is one."""
    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    model = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cores} cores ({model}), {memory} memory, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="100,1000,10000",
        help="comma-separated corpus sizes (default: 100,1000,10000)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write the figures as JSON (a list, one object per size)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="repeats of the cheap steps (default: 3 up to 1,000 articles, else 1)",
    )
    parser.add_argument("--no-app", action="store_true", help="skip the interface measurements")
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="skip building and reopening the on-disk index (the analysis figures alone)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="write cProfile statistics of each worker to DIR",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="the partitioned index: index each size with each engine, then the app on it",
    )
    parser.add_argument(
        "--engines",
        default="local,dask:1,dask:2",
        help="with --scale: engines to index with (local, dask:N) (default: local,dask:1,dask:2)",
    )
    parser.add_argument(
        "--app-engine",
        default="dask:2",
        help="with --scale: the engine whose index the app opens (default: dask:2)",
    )
    parser.add_argument(
        "--partitions", type=int, default=None, help="with --scale: --partitions for index"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="where generated corpora are kept (default: bench/data)",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --scale: where the indexes are built (default: the temporary directory)",
    )
    parser.add_argument(
        "--worker", choices=("analysis", "app", "scale-app"), help=argparse.SUPPRESS
    )
    parser.add_argument("--cache-root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        return _worker_main(args)
    if args.scale:
        return scale_main(args)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"machine: {machine()}", file=sys.stderr)
    results = []
    for n in sizes:
        repeats = args.repeats or (3 if n <= 1000 else 1)
        corpus, gen_s = corpus_for(n, args.seed, args.data)
        print(
            f"N = {n:,}: corpus {corpus}"
            + (f" (generated in {gen_s:.1f} s)" if gen_s is not None else " (reused)"),
            file=sys.stderr,
        )
        result = {"n": n, "generate_s": gen_s}
        analysis = _run_worker(
            "analysis", corpus, n, args.seed, repeats, args.profile, index=not args.no_index
        )
        result.update(analysis)
        if not args.no_app:
            result.update(_run_worker("app", corpus, n, args.seed, repeats, args.profile))
        results.append(result)
        print(json.dumps(result, default=str), file=sys.stderr)
        if args.json:
            args.json.write_text(
                json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
            )
    print(render(results))
    return 0


def _worker_main(args: argparse.Namespace) -> int:
    profiler = None
    if args.profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    if args.worker == "analysis":
        result = analysis_worker(
            args.corpus, args.n, args.repeats, args.seed, index=not args.no_index
        )
    elif args.worker == "scale-app":
        result = scale_app_worker(args.corpus, args.cache_root, args.seed, args.repeats)
    else:
        result = app_worker(args.corpus, args.seed)
    if profiler is not None:
        profiler.disable()
        args.profile.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.profile / f"{args.worker}-n{args.n}.prof")
    args.result.write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
