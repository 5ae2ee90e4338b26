"""The benchmark's synthetic corpus generator: reproducible, nested, and shaped like real input."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


@pytest.fixture(scope="module")
def corpus_60(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "n60"
    generate.write_corpus(out, 60, seed=7)
    return out


def _files(corpus: Path) -> dict[str, bytes]:
    return {
        p.relative_to(corpus).as_posix(): p.read_bytes()
        for p in sorted(corpus.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_the_same_bytes(corpus_60: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate.write_corpus(again, 60, seed=7)
    assert _files(again) == _files(corpus_60)


def test_another_seed_gives_another_corpus(corpus_60: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate.write_corpus(other, 60, seed=8)
    texts = set(_files(other).values())
    assert not texts & set(_files(corpus_60).values())


def test_smaller_corpus_is_a_prefix_of_a_bigger_one() -> None:
    small = list(generate.generate(5, seed=3))
    big = list(generate.generate(12, seed=3))
    # The story pool grows with N, so only the per-article metadata is guaranteed to be shared.
    assert [a.file for a in small] == [a.file for a in big[:5]]
    assert [a.manifest for a in small] == [a.manifest for a in big[:5]]


def test_manifest_and_files_agree(corpus_60: Path) -> None:
    manifest = tomllib.loads((corpus_60 / "manifest.toml").read_text(encoding="utf-8"))
    entries = manifest["article"]
    files = sorted(p.relative_to(corpus_60).as_posix() for p in (corpus_60 / "articles").iterdir())
    assert len(files) == 60
    listed = [e["file"] for e in entries]
    assert set(listed) <= set(files)
    assert 0 < len(set(files) - set(listed)) < 30  # some files rely on inference
    assert len({e["id"] for e in entries}) == len(entries)
    for entry in entries:
        assert {"id", "file", "title", "outlet", "published"} <= set(entry)
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry["published"])
        assert 2009 <= int(entry["published"][:4]) <= 2024
        if len(entry["published"]) == 10:
            dt.date.fromisoformat(entry["published"])
    assert generate.is_generated(corpus_60, 60, 7)
    assert not generate.is_generated(corpus_60, 60, 8)


def test_dates_cover_the_period() -> None:
    years = [int(a.manifest["published"][:4]) for a in generate.generate(300, seed=1) if a.manifest]
    assert min(years) <= 2010 and max(years) >= 2023
    assert len(set(years)) >= 14


def test_unlisted_files_carry_their_date_in_several_ways() -> None:
    unlisted = [a for a in generate.generate(300, seed=2) if a.manifest is None]
    in_name = [a for a in unlisted if re.match(r"articles/\d{4}-\d{2}-\d{2}_", a.file)]
    dateline = [
        a
        for a in unlisted
        if re.search(r"^(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2}, \d{4})$", a.text, re.M)
    ]
    assert in_name and dateline
    assert len(in_name) + len(dateline) < len(unlisted)  # and some cannot be dated at all


def test_texts_carry_boilerplate_typography_and_recurring_material(corpus_60: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (corpus_60 / "articles").iterdir()]
    joined = "\n".join(texts)
    for family in (
        "A Message from The Moscow Times",
        "Article continues after advertisement",
        "[See a collection of political cartoons on",
        "  • Read ",
        "Sign up for our free weekly newsletter",
        "Continue reading this article",
        "Topics covered",
        "Photo by ",
    ):
        assert family in joined, family
    for mark in ("“", "’", "—", "\u00a0"):
        assert mark in joined, repr(mark)
    words = [len(t.split()) for t in texts]
    assert 550 <= sum(words) / len(words) <= 850


def test_story_sentences_recur_across_articles_with_edits(corpus_60: Path) -> None:
    texts = [
        p.read_text(encoding="utf-8").replace("’", "'") for p in (corpus_60 / "articles").iterdir()
    ]
    pool = generate.build_story_pool(7, 60).sentences
    recurring = 0
    for _year, sentence in pool:
        head = " ".join(sentence.split()[2:7])  # clear of edits at the start
        holders = [t for t in texts if head in t]
        if len(holders) >= 2:
            recurring += 1
    assert recurring >= 10


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit):
        generate.write_corpus(precious, 3, seed=1)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_generated_corpus_loads_cleanly(corpus_60: Path) -> None:
    from workbench.corpus.ingest import load_corpus

    corpus = load_corpus(corpus_60)
    assert corpus.articles.height == 60
    assert corpus.articles["year"].null_count() <= 6
    assert set(corpus.articles["year"].drop_nulls().to_list()) <= set(range(2009, 2025))
    sentences = corpus.sentences["text"]
    for block in (
        "Article continues after advertisement",
        "Dear readers",
        "political cartoons",
        "Continue reading this article",
        "Topics covered",
    ):
        assert not sentences.str.contains(block, literal=True).any(), block
    assert 500 <= corpus.articles["words"].mean() <= 800
