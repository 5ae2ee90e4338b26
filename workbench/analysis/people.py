"""Who is named where: the people list (data) and the `people` table."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from workbench.analysis.tokens import STOPWORDS
from workbench.columns import schema
from workbench.errors import WorkbenchError
from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml

PEOPLE_FILE = DATA_DIR / "people.toml"
PEOPLE_SCHEMA = schema("person role article_id year mentions sentences", sentences=pl.UInt32)


@dataclass(frozen=True)
class Person:
    """Someone the `people` table counts: name, role, and the forms that name them."""

    name: str
    role: str
    aliases: tuple[str, ...]


def all_aliases(persons: Sequence[Person]) -> list[str]:
    """Every name the people of a list go by."""
    return [alias for person in persons for alias in person.aliases]


def resolve_people_path(corpus_dir: Path | None) -> Path:
    """The corpus's own ``people.toml`` when it has one, else the bundled list."""
    if corpus_dir is not None:
        own = Path(corpus_dir) / "people.toml"
        if os.path.lexists(own):
            return own
    return PEOPLE_FILE


def people_fingerprint(persons: Sequence[Person]) -> str:
    """A short fingerprint of a people list (for cache keys)."""
    text = repr([(p.name, p.role, p.aliases) for p in persons])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def load_people(path: Path = PEOPLE_FILE) -> tuple[Person, ...]:
    """Read a people list TOML (reads ``path``); WorkbenchError naming the entry if malformed."""
    data, _text = read_toml(Path(path), "people list")
    people = []
    for index, entry in enumerate(data.get("person", []), start=1):
        name = entry.get("name")
        aliases = entry.get("aliases", [name])
        if not isinstance(name, str) or not name.strip():
            raise WorkbenchError(f"{path}: person {index} has no name")
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise WorkbenchError(f"{path}: person {index} ({name}): aliases must be strings")
        people.append(Person(name, str(entry.get("role", "")), tuple(aliases)))
    return tuple(people)


MENTION_SCHEMA = schema("person article_id mentions sentences", sentences=pl.UInt32)


def _alias_map(persons: Sequence[Person]) -> dict[str, str]:
    alias_to_person: dict[str, str] = {}
    for person in persons:
        for alias in person.aliases:
            alias_to_person.setdefault(alias, person.name)
    return alias_to_person


# Words that may stand right before a surname without making it someone else's: titles
# ("President", "Then-President", "Presidents"), a sentence's opening word ("But", "Later"), a
# day or a month. Any other capitalized word there is a given name of another person ("Hunter
# Biden", "Jeb Bush", "Ted Rhodes"), unless the two words are a form of the list.
_TITLES_TEXT = """
    mr mrs ms dr president secretary senator sen rep representative gen general minister
    chancellor premier ambassador counsel director governor gov speaker leader chairman
    chairwoman envoy vice prime foreign defense defence deputy special adviser advisor
    spokesman spokeswoman spokesperson admiral adm col colonel lt sgt judge justice king queen
    prince crown ayatollah sheikh comrade candidate nominee professor prof former ex then
    acting incoming outgoing state
"""
_TITLES = frozenset(_TITLES_TEXT.split())
# Words that open a sentence and are no stopword ("Later Clinton said …"); adverbs in "-ly"
# too ("Separately Putin …").
_OPENERS_TEXT = """
    later earlier yesterday today tonight tomorrow meanwhile instead afterward afterwards
    next first second third finally thus hence therefore perhaps maybe indeed moreover
    nevertheless nonetheless otherwise besides likewise unlike like including despite except
    whereas unless soon again already never often sometimes always last yet still neither
    either when while
"""
_OPENERS = frozenset(_OPENERS_TEXT.split())
_CALENDAR_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec
"""
_CALENDAR = frozenset(_CALENDAR_TEXT.split())
# A capitalized word (a name, a title, an initial) and space before a form, and " Jr." after.
_BEFORE = r"(?:[A-Z][\p{L}\p{M}'’.-]*\s+)?"
_JUNIOR = r"(?:\s+Jr\b\.?)?"
# What a name is the name of when one of these follows it: a building or an institution
# ("Trump Tower", "the Clinton Foundation", "the Bush Library"), not the person.
_NAMED_AFTER = (
    "Tower", "Towers", "Organization", "Organisation", "Foundation", "Hotel", "University",
    "Plaza", "Library", "Center", "Centre", "Institute",
)  # fmt: skip
_AFTER = rf"(?:\s+(?:{'|'.join(_NAMED_AFTER)})\b)?"


def _as_mentioned(match: str, alias_to_person: dict[str, str]) -> str | None:
    """The person a match of the mentions pattern names (None: someone else of that name)."""
    if match.endswith(_NAMED_AFTER):  # "Trump Tower": a building, not the man
        return None
    if match in alias_to_person:
        return alias_to_person[match]
    if match.endswith(("Jr", "Jr.")):  # "Eric Trump Jr.", a son the list does not name
        return None
    before, _, form = match.partition(" ")
    form = form.strip()
    if form not in alias_to_person:
        return None
    if " " in form or ("-" in form and not form.startswith("al-")):
        return alias_to_person[form]  # a full name after anything ("State John Kerry")
    word = before.rstrip(".,").split("-")[-1].casefold()
    if before.endswith(("'s", "’s")) or word in STOPWORDS or word in _CALENDAR:
        return alias_to_person[form]
    if word in _OPENERS or (word.endswith("ly") and len(word) > 4):
        return alias_to_person[form]
    if word in _TITLES or word.rstrip("s") in _TITLES:
        return alias_to_person[form]
    if len(before.rstrip(".")) == 1:  # an initial: the person's own middle name ("V. Lavrov")
        return alias_to_person[form]
    return None


def people_mentions(sentences: pl.DataFrame, persons: Sequence[Person]) -> pl.DataFrame:
    """Per person and article: mentions and sentences naming them (any subset of articles).

    A surname alone counts when nothing but a title, a sentence's opening word, a day or a
    month stands before it: "Hunter Biden", "Jeb Bush" and "Donald Trump Jr." are other people,
    and "Trump Tower" or "the Clinton Foundation" is no mention of a person.
    """
    alias_to_person = _alias_map(persons)
    if not alias_to_person or sentences.is_empty():
        return pl.DataFrame(schema=MENTION_SCHEMA)
    # Longest form first: alternation takes the first form that matches at a position.
    forms = sorted(alias_to_person, key=len, reverse=True)
    alternation = "|".join(re.escape(f) for f in forms)
    pattern = rf"{_BEFORE}\b(?:{alternation})(?:\b|$){_JUNIOR}{_AFTER}"
    found = (
        sentences.select("article_id", "sentence_id", pl.col("text").str.extract_all(pattern))
        .explode("text")
        .drop_nulls("text")
    )
    named = {
        match: _as_mentioned(" ".join(match.split()), alias_to_person)
        for match in found["text"].unique().to_list()
    }
    mentions = found.with_columns(
        pl.col("text").replace_strict(named, return_dtype=pl.String).alias("person")
    ).drop_nulls("person")
    return (
        mentions.group_by("person", "article_id")
        .agg(
            pl.len().cast(pl.UInt32).alias("mentions"),
            pl.col("sentence_id").n_unique().cast(pl.UInt32).alias("sentences"),
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )


def people_table(
    mentions: pl.DataFrame, articles: pl.DataFrame, persons: Sequence[Person]
) -> pl.DataFrame:
    """The `people` table from the mentions of every article (``people_mentions``)."""
    persons = tuple(persons)
    if mentions.is_empty():
        return pl.DataFrame(schema=PEOPLE_SCHEMA)
    roles = pl.DataFrame(
        {"person": [p.name for p in persons], "role": [p.role for p in persons]}
    ).unique("person", keep="first")
    order = articles.select("article_id", "year").with_row_index("date_order")
    return (
        mentions.join(roles, on="person", how="left")
        .join(order, on="article_id")
        .with_columns(pl.col("mentions").sum().over("person").alias("total"))
        .sort("total", "person", "date_order", descending=[True, False, False])
        .select(list(PEOPLE_SCHEMA))
        .cast(PEOPLE_SCHEMA)
    )


def people(
    sentences: pl.DataFrame, articles: pl.DataFrame, persons: Sequence[Person]
) -> pl.DataFrame:
    """Who is named where: person, role, article_id, year, mentions, sentences naming them."""
    return people_table(people_mentions(sentences, persons), articles, persons)
