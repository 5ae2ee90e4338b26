"""Alignment of article pairs against sentence pairs marked by hand, at every min score.

    python bench/alignment_gold.py [GOLD.toml] [--scores 30:80:2] [--json FILE]

GOLD (default: ``tests/gold/article_pairs.toml``) lists pairs of articles on one story, each a
list of sentences, with the [left, right] sentence pairs that make the same point. The
articles are written into a corpus in a temporary folder and opened as a workspace, so every
pair goes through ingest, sentences and embeddings as an analyst's would; each article pair is
then aligned one to one (``Workspace.align``, what Compare and ``workbench align`` show) at each
min score. A proposed pair is right when it is a marked pair. Prints precision, recall and F1
over all marked pairs for each min score, the best one, and the figures at the default.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.analysis.scoring import DEFAULT_MIN_SCORE
from workbench.options import WorkspaceOptions
from workbench.workspace import Workspace

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "article_pairs.toml"


def write_corpus(pairs: list[dict], folder: Path) -> set[tuple[str, str]]:
    """Each article of the gold as a file of ``folder`` with a manifest; the marked pairs."""
    entries: list[str] = []
    marked: set[tuple[str, str]] = set()
    for number, pair in enumerate(pairs):
        for side in ("left", "right"):
            name = f"{number}{side[0]}"
            (folder / f"{name}.txt").write_text("\n\n".join(pair[side]) + "\n", encoding="utf-8")
            title = pair[f"{side}_title"].replace('"', "'")
            entries.append(
                f'[[article]]\nid = "{name}"\nfile = "{name}.txt"\n'
                f'published = "{pair[f"{side}_year"]}"\ntitle = "{title}"\n'
            )
        marked |= {(pair["left"][i], pair["right"][j]) for i, j in pair["same"]}
    (folder / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return marked


def _as_written(sentences: list[str], aligned: str) -> str:
    """The gold sentence an aligned sentence is: itself, or the one that ends with it (cleaning
    removed its opening: a wire story's dateline)."""
    return next((s for s in sentences if s == aligned or s.endswith(aligned)), aligned)


def sweep(workspace: Workspace, pairs: list[dict], marked: set, scores: list[float]) -> list[dict]:
    """Precision, recall and F1 of the one-to-one alignment at each min score."""
    rows = []
    for score in scores:
        proposed: set[tuple[str, str]] = set()
        for number, pair in enumerate(pairs):
            found = workspace.align(f"{number}l", f"{number}r", threshold=score, labels=False)
            proposed |= {
                (_as_written(pair["left"], left), _as_written(pair["right"], right))
                for left, right in zip(found["left_text"], found["right_text"], strict=True)
            }
        right = len(proposed & marked)
        precision = right / len(proposed) if proposed else 0.0
        recall = right / len(marked)
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        rows.append(
            {
                "min_score": score,
                "proposed": len(proposed),
                "right": right,
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        )
    return rows


def main() -> None:
    """Sweep the min score over the gold's article pairs and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="?", default=GOLD)
    parser.add_argument("--scores", default="30:80:2", help="first:last:step (default 30:80:2)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    first, last, step = (float(part) for part in args.scores.split(":"))
    scores = sorted({first + step * n for n in range(int((last - first) / step) + 1)})
    scores = sorted(set(scores) | {DEFAULT_MIN_SCORE})
    with args.gold.open("rb") as stream:
        pairs = tomllib.load(stream)["pair"]
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        corpus.mkdir()
        marked = write_corpus(pairs, corpus)
        options = WorkspaceOptions(corpus=corpus, cache_root=Path(scratch) / "cache")
        rows = sweep(Workspace.open(options), pairs, marked, scores)
    print(f"{len(pairs)} article pairs, {len(marked)} marked sentence pairs")
    print(f"{'min score':>9} {'proposed':>8} {'right':>5} {'precision':>9} {'recall':>6} {'F1':>5}")
    for row in rows:
        mark = "  (default)" if row["min_score"] == DEFAULT_MIN_SCORE else ""
        print(
            f"{row['min_score']:9g} {row['proposed']:8} {row['right']:5} "
            f"{row['precision']:9.2f} {row['recall']:6.2f} {row['f1']:5.2f}{mark}"
        )
    best = max(rows, key=lambda row: (row["f1"], row["min_score"]))
    print(f"best F1 {best['f1']:.2f} at min score {best['min_score']:g}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
