"""bench/fit_headline.py on pages written for the test: fitted weights choose their headlines."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bench_support import load_bench

from workbench.corpus.headline import headline_weights

fit_headline = load_bench("fit_headline")

STORIES = [
    ("Kerry and Lavrov agree to resume Syria talks", "Kerry", "Lavrov", "Syria", "Geneva"),
    ("Obama and Medvedev sign the new arms treaty", "Obama", "Medvedev", "treaty", "Prague"),
    (
        "Putin warns Washington over missile defense plans",
        "Putin",
        "Washington",
        "missile",
        "Moscow",
    ),
    (
        "Tillerson meets Lavrov as sanctions bite deeper",
        "Tillerson",
        "Lavrov",
        "sanctions",
        "Moscow",
    ),
]


def _body(first: str, second: str, topic: str, place: str) -> str:
    return (
        f"{first} and {second} spoke for several hours about {topic} on Friday, officials said "
        f"after the long meeting in {place} ended late in the evening without a statement.\n\n"
        f"Both sides said the talks on {topic} would go on later this month, when the delegations "
        "meet again before the annual session of the United Nations General Assembly opens.\n"
    )


def _pages() -> list[tuple[str, str]]:
    pages = []
    for headline, first, second, topic, place in STORIES:
        body = _body(first, second, topic, place)
        standfirst = f"Officials expect little from the next round in {place}"
        pages.append((headline, f"World News\n{headline}\n{standfirst}\nBy Jane Doe\n{body}"))
        pages.append((headline, f"Markets\nOpinion Pieces\n{headline}\nBy Jane Doe\n{body}"))
    return pages


@pytest.fixture
def truth_folder(tmp_path: Path) -> Path:
    rows = []
    for number, (title, text) in enumerate(_pages()):
        name = f"page{number}.txt"
        (tmp_path / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, "title": title, "date": ""})
    with (tmp_path / "truth.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, ["file", "title", "date"])
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


def test_fitted_weights_choose_what_the_nearest_line_does_not(truth_folder: Path, tmp_path: Path):
    pages = fit_headline.read_pages(truth_folder)
    assert all(page["right"] is not None for page in pages)
    names = list(pages[0]["candidates"][0][1])
    nearest = {"next_to_body": 1.0}
    # The standfirst stands nearest the body on half of the pages.
    assert fit_headline.titles_right(pages, nearest) == len(pages) // 2
    fitted = fit_headline.fit(pages, names)
    assert fit_headline.titles_right(pages, fitted) == len(pages)
    written = fit_headline.write_weights(fitted, len(pages), tmp_path / "weights.toml")
    loaded = headline_weights(written)
    assert loaded == pytest.approx(fitted, abs=1e-6)
    assert not list(tmp_path.glob("*.tmp"))


def test_writing_the_weights_keeps_the_file_s_headline_hints(tmp_path: Path):
    target = tmp_path / "headline.toml"
    target.write_text(
        '[weights]\nnearness = 1.0\n\n# grounds\n[venue]\nwords = ["park"]\n', encoding="utf-8"
    )
    fit_headline.write_weights({"nearness": 2.0}, 3, target)
    assert headline_weights.__wrapped__(target) == {"nearness": 2.0}
    assert '# grounds\n[venue]\nwords = ["park"]\n' in target.read_text(encoding="utf-8")
