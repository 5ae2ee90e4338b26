"""Fit the weights of the headline features on pages saved as text with their true titles.

    python bench/fit_headline.py FOLDER... [--check FOLDER...] [--hold] [--write]

Each FOLDER is made by ``bench/textpages_truth.py`` (``.txt`` pages and a ``truth.csv``). The
model is a conditional logit: on each page, a softmax over its candidate lines
(``headline_candidates``), the true title the one to choose; fitted by gradient ascent on
standardized features with an L2 penalty, then written back on the features' own scale, so
that ingest scores a line by a plain weighted sum. Pages whose title is not among their
candidates do not take part in the fit (nothing would tell it apart). Prints, for every
folder, the titles that the weights in use and the fitted ones get right (a title is right when
the chosen line equals the true one, case, white space, quotes and dashes aside); ``--hold``
keeps the weight in use of every feature that has one and fits only the others (a feature
just added); ``--write`` replaces ``workbench/data/headline.toml`` (atomically).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.corpus.boilerplate import line_key, load_rules
from workbench.corpus.document import headline_view
from workbench.corpus.headline import (
    HEADLINE_WEIGHTS_NAME,
    find_headline,
    headline_candidates,
    headline_weights,
)
from workbench.corpus.textio import decode_text
from workbench.paths import DATA_DIR

PENALTY = 0.01  # L2, on standardized features
STEPS = 1500
RATE = 0.5


def _key(line: str) -> str:
    return line_key(line).casefold().rstrip(" .")


def read_pages(folder: Path) -> list[dict]:
    """Every page of a truth folder: its lines as ingest sees them and its true title."""
    rules = load_rules()
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as stream:
        truth = list(csv.DictReader(stream))
    pages = []
    for row in truth:
        text = decode_text((folder / row["file"]).read_bytes()).text
        shown, written, bylines = headline_view(text, rules)
        candidates = headline_candidates(shown, written, bylines, Path(row["file"]).stem)
        target = _key(row["title"])
        right = [i for i, (n, _) in enumerate(candidates) if _key(shown[n]) == target]
        pages.append(
            {
                "view": (shown, written, bylines, Path(row["file"]).stem),
                "candidates": candidates,
                "right": right[0] if right else None,
                "title": target,
            }
        )
    return pages


def fit(
    pages: list[dict], names: list[str], held: dict[str, float] | None = None
) -> dict[str, float]:
    """Weights on the features' own scale: a conditional logit over each page's candidates.
    The features of ``held`` keep their weights; the others are fitted."""
    held = held or {}
    usable = [page for page in pages if page["right"] is not None]
    matrices = [
        np.array([[features[name] for name in names] for _, features in page["candidates"]])
        for page in usable
    ]
    stacked = np.vstack(matrices)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    standard = [(matrix - mean) / scale for matrix in matrices]
    targets = [page["right"] for page in usable]
    free = np.array([name not in held for name in names], dtype=float)
    weights = np.array([held.get(name, 0.0) for name in names]) * scale
    for _ in range(STEPS):
        gradient = np.zeros(len(names))
        for matrix, target in zip(standard, targets, strict=True):
            scores = matrix @ weights
            chance = np.exp(scores - scores.max())
            chance /= chance.sum()
            gradient += matrix[target] - chance @ matrix
        weights += free * RATE * (gradient / len(standard) - PENALTY * weights)
    return {name: float(w / s) for name, w, s in zip(names, weights, scale, strict=True)}


def titles_right(pages: list[dict], weights: dict[str, float]) -> int:
    """How many pages' chosen headline is their true title."""
    right = 0
    for page in pages:
        shown, written, bylines, name = page["view"]
        chosen = find_headline(shown, written, bylines, name=name, weights=weights)
        right += chosen is not None and _key(shown[chosen]) == page["title"]
    return right


def write_weights(
    weights: dict[str, float], pages: int, target: Path, held: Collection[str] = ()
) -> Path:
    """Write a weights file (a temporary file, then a rename); ``held`` are the features whose
    weights were kept rather than fitted."""
    lines = [
        "# The weight of each feature of a headline-like line (workbench/corpus/headline.py):",
        "# a line's score is the sum of its features times these weights; the best line above",
        "# the body is the headline. Written by bench/fit_headline.py, fitted on",
        f"# {pages} pages saved as text with their true titles (bench/RESULTS.md says which).",
        *(
            [
                f"# Only {', '.join(sorted(set(weights) - set(held)))} fitted on these "
                "(--hold); the other weights were kept as they were."
            ]
            if held
            else []
        ),
        "",
        "[weights]",
        *(f"{name} = {value:.6f}" for name, value in weights.items()),
    ]
    # The file's other tables (the headline hints: "[venue]") are kept as they are.
    kept = target.read_text(encoding="utf-8") if target.exists() else ""
    others = re.search(r"(?ms)^(?:#[^\n]*\n)*\[(?!weights\])[^\n]*\].*", kept)
    if others:
        lines += ["", others[0].rstrip("\n")]
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    os.replace(temporary, target)
    return target


def main() -> None:
    """Fit on the folders given, print the titles right before and after, maybe write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="truth folders to fit on")
    parser.add_argument("--check", type=Path, nargs="*", default=[], help="folders to check on")
    parser.add_argument("--hold", action="store_true", help="fit only features without a weight")
    parser.add_argument("--write", action="store_true", help=f"replace {HEADLINE_WEIGHTS_NAME}")
    args = parser.parse_args()
    fitting = {folder: read_pages(folder) for folder in args.folders}
    checking = {folder: read_pages(folder) for folder in args.check}
    pages = [page for group in fitting.values() for page in group]
    names = next(iter(features for page in pages for _, features in page["candidates"]))
    in_use = headline_weights()
    held = {name: in_use[name] for name in names if name in in_use} if args.hold else {}
    fitted = fit(pages, list(names), held)
    print(f"{'folder':40} {'pages':>6} {'reachable':>9} {'in use':>7} {'fitted':>7}")
    for role, groups in (("fit", fitting), ("check", checking)):
        for folder, group in groups.items():
            reachable = sum(page["right"] is not None for page in group)
            print(
                f"{role + ' ' + str(folder):40} {len(group):6} {reachable:9} "
                f"{titles_right(group, in_use):7} {titles_right(group, fitted):7}"
            )
    for name, value in sorted(fitted.items(), key=lambda item: -abs(item[1])):
        print(f"  {name:16} {value:+.3f}")
    if args.write:
        target = write_weights(fitted, len(pages), DATA_DIR / HEADLINE_WEIGHTS_NAME, held)
        print(f"written: {target}")


if __name__ == "__main__":
    main()
