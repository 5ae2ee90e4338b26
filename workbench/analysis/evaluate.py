"""Precision and recall of theme hits against gold annotations, sentence by sentence.

A gold file is TOML with one ``[[sentence]]`` table per sentence that speaks of a theme::

    [[sentence]]
    article = "003"
    snippet = "removing Bashar al-Assad from power in Syria"   # verbatim text of the sentence
    themes = ["assad_fate", "syria_war"]

Snippets are found with white space and typographic punctuation folded, so they survive
changes in sentence segmentation; a snippet spanning several sentences marks all of them.
Only articles named in the gold file are scored; their other sentences are negatives.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from workbench.analysis.lexicon import Lexicon
from workbench.analysis.themes import DEFAULT_THRESHOLD, find_theme_hits
from workbench.columns import schema
from workbench.corpus.normalize import normalize_text
from workbench.errors import WorkbenchError
from workbench.store.tomlfile import parse_toml, read_toml_text

GOLD_KEYS = ("article", "snippet", "themes")
MICRO = "(micro)"
MACRO = "(macro)"
_HEADER_RE = re.compile(r"^\s*\[\[\s*sentence\s*\]\]\s*(#.*)?$")
_THEME_RE = re.compile(r"^[a-z][a-z0-9_]*$")

_FIGURES = "support predicted true_positives precision recall f1"
SCORE_SCHEMA = schema(f"theme {_FIGURES}")


@dataclass(frozen=True)
class GoldSentence:
    """One gold annotation: the article, a verbatim snippet of the sentence, its themes."""

    article_id: str
    snippet: str
    themes: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Gold:
    """Gold annotations and the file they came from."""

    sentences: tuple[GoldSentence, ...]
    source: str = "<gold>"

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The annotated articles, in file order."""
        return tuple(dict.fromkeys(s.article_id for s in self.sentences))

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes that occur in the annotations, sorted."""
        return tuple(sorted({t for s in self.sentences for t in s.themes}))


GOLD_FILE_NAME = "themes_gold.toml"


def resolve_gold_path(corpus_dir: Path, gold_file: Path | None) -> Path:
    """The gold file: ``gold_file``, else ``corpus_dir/themes_gold.toml``, else, for the
    bundled corpus in a checkout, ``tests/gold/themes_gold.toml``."""
    from workbench.paths import bundled_corpus_dir

    if gold_file is not None:
        return Path(gold_file)
    own = Path(corpus_dir) / GOLD_FILE_NAME
    if own.is_file():
        return own
    bundled = bundled_corpus_dir()
    checkout = bundled.parent / "tests" / "gold" / GOLD_FILE_NAME
    if Path(corpus_dir).resolve() == bundled.resolve() and checkout.is_file():
        return checkout
    raise WorkbenchError(f"{corpus_dir}: no {GOLD_FILE_NAME} in the corpus; pass --gold FILE")


def load_gold(path: Path) -> Gold:
    """Read and validate a gold annotation file (reads ``path``)."""
    path = Path(path)
    return parse_gold(read_toml_text(path, "gold file"), str(path))


def parse_gold(text: str, source: str = "<gold>") -> Gold:
    """Validate gold annotations given as TOML text; messages name ``source`` and the line."""
    data = parse_toml(text, source)
    headers = [i + 1 for i, line in enumerate(text.splitlines()) if _HEADER_RE.match(line)]
    for key in data:
        if key != "sentence":
            raise WorkbenchError(f"{source}: unknown key '{key}' (expected [[sentence]] tables)")
    entries = data.get("sentence", [])
    if not isinstance(entries, list) or not entries:
        raise WorkbenchError(f"{source}: no [[sentence]] tables")
    sentences = []
    for index, entry in enumerate(entries):
        line = headers[index] if index < len(headers) else 0
        at = f"{source}:{line}" if line else source
        unknown = [k for k in entry if k not in GOLD_KEYS]
        if unknown:
            raise WorkbenchError(
                f"{at}: unknown key '{unknown[0]}' (allowed: article, snippet, themes)"
            )
        article, snippet, themes = entry.get("article"), entry.get("snippet"), entry.get("themes")
        if not isinstance(article, str) or not article.strip():
            raise WorkbenchError(f"{at}: 'article' must be an article id")
        if not isinstance(snippet, str) or not snippet.strip():
            raise WorkbenchError(f"{at}: 'snippet' must be non-empty text")
        if not isinstance(themes, list) or not all(
            isinstance(t, str) and _THEME_RE.match(t) for t in themes
        ):
            raise WorkbenchError(f"{at}: 'themes' must be a list of theme ids ([] for none)")
        sentences.append(GoldSentence(article.strip(), snippet, tuple(dict.fromkeys(themes)), line))
    return Gold(tuple(sentences), source)


def _fold(text: str) -> str:
    return " ".join(normalize_text(text).split())


def gold_labels(sentences: pl.DataFrame, gold: Gold) -> pl.DataFrame:
    """Gold (article_id, sentence_id, theme) rows: each snippet located in its article."""
    known = set(sentences.get_column("article_id").unique().to_list())
    rows: list[tuple[str, int, str]] = []
    for article_id in gold.article_ids:
        if article_id not in known:
            line = next(s.line for s in gold.sentences if s.article_id == article_id)
            raise WorkbenchError(f"{gold.source}:{line}: unknown article '{article_id}'")
        part = sentences.filter(pl.col("article_id") == article_id).sort("sentence_id")
        joined, starts, ids = "", [], []
        for sentence_id, text in part.select("sentence_id", "text").iter_rows():
            starts.append(len(joined))
            ids.append(sentence_id)
            joined += _fold(text) + " "
        for entry in (s for s in gold.sentences if s.article_id == article_id):
            needle = _fold(entry.snippet)
            found = [m.start() for m in re.finditer(re.escape(needle), joined)]
            if len(found) != 1:
                problem = "not found in" if not found else f"found {len(found)} times in"
                raise WorkbenchError(
                    f"{gold.source}:{entry.line}: snippet {problem} article "
                    f"'{article_id}': {entry.snippet[:60]!r}"
                )
            first, last = found[0], found[0] + len(needle)
            for i, sentence_id in enumerate(ids):
                end = starts[i + 1] if i + 1 < len(starts) else len(joined)
                if starts[i] < last and first < end - 1:
                    rows.extend((article_id, sentence_id, theme) for theme in entry.themes)
    return (
        pl.DataFrame(
            rows,
            schema={"article_id": pl.String, "sentence_id": pl.Int32, "theme": pl.String},
            orient="row",
        )
        .unique()
        .sort(["article_id", "sentence_id", "theme"])
    )


def evaluate(
    hits: pl.DataFrame,
    sentences: pl.DataFrame,
    gold: Gold,
    *,
    themes: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Per-theme sentence-level precision, recall, F1 and support, then micro and macro rows.

    Scored themes are ``themes`` if given, else those of the gold file and of the hits.
    """
    truth = gold_labels(sentences, gold)
    articles = list(gold.article_ids)
    predicted = (
        hits.filter(pl.col("article_id").is_in(articles))
        .select("article_id", pl.col("sentence_id").cast(pl.Int32), "theme")
        .unique()
    )
    names = sorted(
        set(themes)
        if themes is not None
        else set(gold.themes) | set(predicted.get_column("theme").to_list())
    )
    truth = truth.filter(pl.col("theme").is_in(names))
    predicted = predicted.filter(pl.col("theme").is_in(names))
    both = truth.join(predicted, on=["article_id", "sentence_id", "theme"])
    counts = (
        pl.DataFrame({"theme": names}, schema={"theme": pl.String})
        .join(truth.group_by("theme").len("support"), on="theme", how="left")
        .join(predicted.group_by("theme").len("predicted"), on="theme", how="left")
        .join(both.group_by("theme").len("true_positives"), on="theme", how="left")
        .with_columns(pl.col("support", "predicted", "true_positives").fill_null(0).cast(pl.Int64))
    )
    per_theme = _scores(counts)
    micro = _scores(
        counts.select(
            pl.lit(MICRO).alias("theme"), pl.col("support", "predicted", "true_positives").sum()
        )
    )
    macro = per_theme.select(
        pl.lit(MACRO).alias("theme"),
        pl.col("support", "predicted", "true_positives").sum(),
        pl.col("precision", "recall", "f1").mean(),
    )
    return pl.concat([per_theme, micro, macro]).cast(SCORE_SCHEMA)


METHOD_SCHEMA = schema(f"method {_FIGURES}")
ALL_METHODS = "word+meaning"


def evaluate_by_method(
    hits: pl.DataFrame,
    sentences: pl.DataFrame,
    gold: Gold,
    *,
    themes: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Micro precision, recall and F1 of the hits found by each method, then of all of them.

    Rows: ``word``, ``meaning`` (each method's own sentence-theme pairs: its precision, and
    the share of the gold it finds) and ``word+meaning``. Hits without a ``method`` column
    count as found by their words.
    """
    if "method" not in hits.columns:
        hits = hits.with_columns(pl.lit("word").alias("method"))
    rows = []
    for method in ("word", "meaning", ALL_METHODS):
        part = hits if method == ALL_METHODS else hits.filter(pl.col("method") == method)
        micro = evaluate(part, sentences, gold, themes=themes).filter(pl.col("theme") == MICRO)
        rows.append(micro.with_columns(pl.lit(method).alias("method")).drop("theme"))
    return pl.concat(rows).select(list(METHOD_SCHEMA)).cast(METHOD_SCHEMA)


def _scores(counts: pl.DataFrame) -> pl.DataFrame:
    tp, pred, sup = pl.col("true_positives"), pl.col("predicted"), pl.col("support")
    precision = pl.when(pred > 0).then(tp / pred).otherwise(None)
    recall = pl.when(sup > 0).then(tp / sup).otherwise(None)
    return (
        counts.with_columns(precision.alias("precision"), recall.alias("recall"))
        .with_columns(
            pl.when(pl.col("precision") + pl.col("recall") > 0)
            .then(
                2
                * pl.col("precision")
                * pl.col("recall")
                / (pl.col("precision") + pl.col("recall"))
            )
            .otherwise(
                pl.when(pl.col("precision").is_not_null() & pl.col("recall").is_not_null()).then(
                    0.0
                )
            )
            .alias("f1")
        )
        .select(list(SCORE_SCHEMA))
    )


def with_typos(sentences: pl.DataFrame, *, rate: float = 0.3, seed: int = 0) -> pl.DataFrame:
    """A copy of ``sentences`` where words of six letters or more get one typo at ``rate``.

    Each typo drops, doubles or swaps one inner letter (deterministic for a ``seed``); ``norm``
    is made again from the changed ``text``. Used to see how thresholds trade typo tolerance
    for precision.
    """
    from workbench.corpus.normalize import normalize_many

    rng = random.Random(seed)

    def typo(match: re.Match[str]) -> str:
        word = match.group()
        if rng.random() >= rate:
            return word
        i = rng.randrange(1, len(word) - 2)
        kind = rng.randrange(3)
        if kind == 0:
            return word[:i] + word[i + 1 :]
        if kind == 1:
            return word[: i + 1] + word[i] + word[i + 1 :]
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    texts = [_LONG_WORD.sub(typo, text) for text in sentences.get_column("text").to_list()]
    return sentences.with_columns(
        pl.Series("text", texts, dtype=pl.String),
        pl.Series("norm", normalize_many(texts), dtype=pl.String),
    )


_LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def threshold_sweep(
    sentences: pl.DataFrame,
    lexicon: Lexicon,
    gold: Gold,
    thresholds: Iterable[float],
    *,
    documents: pl.DataFrame | None = None,
    typo_rate: float = 0.3,
) -> pl.DataFrame:
    """Micro precision, recall and F1 at each theme threshold, on the text and with typos.

    Columns: threshold, text (``clean`` or ``typos``: the same sentences through
    ``with_typos``), hits, precision, recall, f1.
    """
    variants = [("clean", sentences, documents)]
    if typo_rate > 0:
        variants.append(("typos", with_typos(sentences, rate=typo_rate), None))
    rows = []
    for threshold in thresholds:
        for name, frame, docs in variants:
            hits = find_theme_hits(frame, lexicon, threshold=threshold, documents=docs)
            # Gold snippets are located in the unchanged sentences (same ids, same order).
            micro = evaluate(hits, sentences, gold, themes=lexicon.ids).filter(
                pl.col("theme") == MICRO
            )
            precision, recall, f1 = micro.select("precision", "recall", "f1").row(0)
            rows.append((float(threshold), name, hits.height, precision, recall, f1))
    return pl.DataFrame(
        rows,
        schema=schema("threshold text hits precision recall f1", hits=pl.Int64),
        orient="row",
    )


SWEEP_THRESHOLDS = (70.0, 75.0, 80.0, 84.0, 86.0, 88.0, 90.0, 92.0, 94.0, 96.0, 98.0, 100.0)
__all__ = [
    "DEFAULT_THRESHOLD",
    "Gold",
    "GoldSentence",
    "evaluate",
    "evaluate_by_method",
    "gold_labels",
    "load_gold",
    "parse_gold",
    "threshold_sweep",
    "with_typos",
]
