"""Article ids inferred from file names: ASCII ids unchanged, other scripts kept apart."""

from __future__ import annotations

import hashlib
import random
import re
import string
import unicodedata
from pathlib import PurePosixPath

import pytest

from workbench.corpus.ingest import load_corpus
from workbench.corpus.manifest import _ID_PATTERN, id_from_filename


def _id_before_unicode(name: str) -> str:
    """The rule ids were made with before non-ASCII names were romanised (for ASCII names)."""
    stem = PurePosixPath(name).stem
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-") or "article"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_e5d2eadf58c3603a.txt", "000_e5d2eadf58c3603a"),
        ("sub/My Article (copy).txt", "My_Article_copy"),
        ("putin-trump.20190517.html", "putin-trump.20190517"),
        ("  Lavrov & Kerry!!.md", "Lavrov_Kerry"),
        ("---.txt", "article"),
    ],
)
def test_ascii_names_keep_their_ids(name, expected):
    assert id_from_filename(name) == expected


def test_ascii_names_give_the_same_ids_as_before():
    rnd = random.Random(7)
    alphabet = string.ascii_letters + string.digits + " ._-()&!'[]"
    for _ in range(2000):
        name = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 16))) + ".txt"
        assert id_from_filename(name) == _id_before_unicode(name), name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("café.txt", "cafe"),
        ("Cafe\u0301 au lait.txt", "Cafe_au_lait"),  # decomposed, as macOS stores names
        ("Ærø.txt", "Aero"),
        ("Straße.md", "Strasse"),
        ("Łódź.txt", "Lodz"),
        ("Putin’s “reset”.txt", "Putin_s_reset"),  # punctuation becomes "_" as before
    ],
)
def test_accents_are_dropped(name, expected):
    assert id_from_filename(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Кремль.txt", "Kreml"),
        ("Белый дом.txt", "Belyy_dom"),
        ("Йошкар-Ола и Щёлково.txt", "Yoshkar-Ola_i_Shchyolkovo"),
        ("2014 Подъезд.html", "2014_Podezd"),
        ("Їжак і Ґанок.txt", "Yizhak_i_Ganok"),
    ],
)
def test_cyrillic_is_romanised(name, expected):
    assert id_from_filename(name) == expected


def test_names_without_latin_letters_get_a_stable_digest():
    digest = hashlib.sha1("会谈".encode()).hexdigest()[:8]
    assert id_from_filename("会谈.txt") == f"article-{digest}"
    assert id_from_filename("sub/会谈.md") == f"article-{digest}"
    greek = "Αθήνα"
    assert id_from_filename(unicodedata.normalize("NFD", greek) + ".txt") == id_from_filename(
        greek + ".txt"
    )


def test_different_non_latin_names_get_different_ids():
    names = ["会谈.txt", "峰会.txt", "Αθήνα.txt", "🙂.txt", "会谈 2015.txt", "峰会 2015.txt"]
    ids = [id_from_filename(name) for name in names]
    assert len(set(ids)) == len(ids)
    # What can be kept is kept; the digest tells apart names that lost letters.
    assert ids[4].startswith("2015-") and ids[5].startswith("2015-")


@pytest.mark.parametrize(
    "name", ["会谈.txt", "Кремль.txt", "🙂.txt", "Ærø.txt", "会谈 2015.txt", "ß.txt", "Ъ.txt"]
)
def test_ids_are_valid(name):
    assert _ID_PATTERN.match(id_from_filename(name))


def test_corpus_of_non_latin_file_names_loads(make_corpus):
    text = "Officials in Moscow and Washington met on Monday. They discussed Syria at length."
    names = ["Кремль.txt", "Белый дом.txt", "café.txt", "会谈.txt", "峰会.txt"]
    corpus = load_corpus(make_corpus(dict.fromkeys(names, text)))
    ids = set(corpus.articles["article_id"].to_list())
    assert {"Kreml", "Belyy_dom", "cafe"} < ids and len(ids) == len(names)
