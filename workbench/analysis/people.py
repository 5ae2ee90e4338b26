"""Who is named where: the people list (data) and the `people` table."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

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


def people_mentions(sentences: pl.DataFrame, persons: Sequence[Person]) -> pl.DataFrame:
    """Per person and article: mentions and sentences naming them (any subset of articles)."""
    alias_to_person = _alias_map(persons)
    if not alias_to_person or sentences.is_empty():
        return pl.DataFrame(schema=MENTION_SCHEMA)
    # Longest form first: alternation takes the first form that matches at a position.
    forms = sorted(alias_to_person, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")(?:\b|$)"
    mentions = (
        sentences.select("article_id", "sentence_id", pl.col("text").str.extract_all(pattern))
        .explode("text")
        .drop_nulls("text")
        .with_columns(
            pl.col("text").replace_strict(alias_to_person, return_dtype=pl.String).alias("person")
        )
    )
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
