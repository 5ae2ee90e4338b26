"""The theme lexicon: a TOML file of themes, each with the phrases that signal it.

Format (documented in docs/themes.md)::

    [[theme]]
    id = "reset"                       # lower-case letters, digits, underscores; unique
    label = "The reset"                # shown in tables
    description = "Restarting relations"   # optional
    phrases = ["reset", "fresh start", "restore ... ties"]
    exclusions = ["reset button"]      # optional: a hit overlapping one of these is dropped
    examples = ["The two sides agreed to put the quarrels of the past behind them."]  # optional

In a phrase, ``...`` lets up to a few words stand between its neighbours. The description and
the examples (whole sentences that speak of the theme, ideally without its phrases) are what
a sentence is compared with when themes are found by meaning (``themes.meaning_hits``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from workbench.columns import schema
from workbench.errors import WorkbenchError
from workbench.paths import default_lexicon_path
from workbench.store.tomlfile import parse_toml, read_toml_text

THEME_KEYS = ("id", "label", "description", "phrases", "exclusions", "examples")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*theme\s*\]\]\s*(#.*)?$")
_WORD_RE = re.compile(r"\w")
GAP_MARK = "..."


@dataclass(frozen=True)
class Theme:
    """One theme: its id, label, description, phrases, exclusions and example sentences."""

    id: str
    label: str
    description: str
    phrases: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def prototypes(self) -> tuple[str, ...]:
        """The texts that stand for the theme's meaning: its description and examples."""
        return tuple(t for t in (self.description, *self.examples) if t)


@dataclass(frozen=True)
class Lexicon:
    """A validated set of themes, with the file it came from (if any)."""

    themes: tuple[Theme, ...]
    source: Path | None = None
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        content = [
            [t.id, t.label, t.description, list(t.phrases), list(t.exclusions)]
            + ([list(t.examples)] if t.examples else [])
            for t in self.themes
        ]
        digest = hashlib.sha256(
            json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ).hexdigest()
        object.__setattr__(self, "fingerprint", digest[:16])

    @property
    def ids(self) -> tuple[str, ...]:
        """The theme ids in file order."""
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id; WorkbenchError if there is none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise WorkbenchError(f"unknown theme '{theme_id}' (known: {', '.join(self.ids)})")

    def to_frame(self) -> pl.DataFrame:
        """One row per theme: theme, label, description, phrases, exclusions, examples."""
        return pl.DataFrame(
            {
                "theme": [t.id for t in self.themes],
                "label": [t.label for t in self.themes],
                "description": [t.description for t in self.themes],
                "phrases": [list(t.phrases) for t in self.themes],
                "exclusions": [list(t.exclusions) for t in self.themes],
                "examples": [list(t.examples) for t in self.themes],
            },
            schema=schema("theme label description phrases exclusions examples"),
        )


def resolve_lexicon_path(corpus_dir: Path | None, themes_file: Path | None) -> Path:
    """The lexicon to use: ``themes_file``, else ``corpus_dir/themes.toml``, else the default."""
    if themes_file is not None:
        return Path(themes_file)
    if corpus_dir is not None:
        own = Path(corpus_dir) / "themes.toml"
        if os.path.lexists(own):
            return own
    return default_lexicon_path()


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate a lexicon TOML file (reads ``path``)."""
    path = Path(path)
    return parse_lexicon(read_toml_text(path, "theme lexicon"), path)


def parse_lexicon(text: str, source: Path | str = "<lexicon>") -> Lexicon:
    """Validate lexicon TOML given as text; messages name ``source`` and the line."""
    where = str(source)
    data = parse_toml(text, where)

    lines = text.splitlines()
    headers = [i + 1 for i, line in enumerate(lines) if _HEADER_RE.match(line)]

    for key in data:
        if key != "theme":
            line = _key_line(lines, 0, key, top_level=True)
            raise WorkbenchError(f"{where}{line}: unknown key '{key}' (expected [[theme]] tables)")
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise WorkbenchError(f"{where}: no [[theme]] tables")

    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        header = headers[index] if index < len(headers) else 0
        at = f"{where}:{header}" if header else where
        if not isinstance(entry, dict):
            raise WorkbenchError(f"{at}: a theme must be a table")
        for key in entry:
            if key not in THEME_KEYS:
                raise WorkbenchError(
                    f"{where}{_key_line(lines, header, key)}: unknown key '{key}' in theme "
                    f"(allowed: {', '.join(THEME_KEYS)})"
                )
        theme_id = entry.get("id")
        if not isinstance(theme_id, str) or not _ID_RE.match(theme_id):
            raise WorkbenchError(
                f"{where}{_key_line(lines, header, 'id')}: theme id must be lower-case letters, "
                f"digits and underscores, got {theme_id!r}"
            )
        if theme_id in seen:
            raise WorkbenchError(
                f"{where}{_key_line(lines, header, 'id')}: duplicate theme id '{theme_id}' "
                f"(first at line {seen[theme_id]})"
            )
        seen[theme_id] = header
        label = entry.get("label", theme_id)
        description = entry.get("description", "")
        for key, value in (("label", label), ("description", description)):
            if not isinstance(value, str):
                raise WorkbenchError(
                    f"{where}{_key_line(lines, header, key)}: {key} of '{theme_id}' must be text"
                )
        phrases = _phrase_list(entry, "phrases", theme_id, where, lines, header, required=True)
        exclusions = _phrase_list(entry, "exclusions", theme_id, where, lines, header)
        examples = _example_list(entry, theme_id, where, lines, header)
        themes.append(
            Theme(
                theme_id,
                label.strip() or theme_id,
                " ".join(description.split()),
                phrases,
                exclusions,
                examples,
            )
        )
    return Lexicon(tuple(themes), Path(source) if not where.startswith("<") else None)


def _phrase_list(
    entry: dict,
    key: str,
    theme_id: str,
    where: str,
    lines: list[str],
    header: int,
    *,
    required: bool = False,
) -> tuple[str, ...]:
    line = _key_line(lines, header, key)
    value = entry.get(key)
    if value is None:
        if required:
            raise WorkbenchError(f"{where}{line}: theme '{theme_id}' has no phrases")
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise WorkbenchError(f"{where}{line}: {key} of '{theme_id}' must be a list of strings")
    cleaned: list[str] = []
    for phrase in value:
        phrase = " ".join(phrase.split())
        words = [w for w in phrase.split(GAP_MARK)]
        if not _WORD_RE.search(phrase) or any(not _WORD_RE.search(w) for w in words):
            raise WorkbenchError(f"{where}{line}: empty phrase {phrase!r} in {key} of '{theme_id}'")
        if phrase not in cleaned:
            cleaned.append(phrase)
    if required and not cleaned:
        raise WorkbenchError(f"{where}{line}: theme '{theme_id}' has no phrases")
    return tuple(cleaned)


def _example_list(
    entry: dict, theme_id: str, where: str, lines: list[str], header: int
) -> tuple[str, ...]:
    """The theme's example sentences: a list of non-empty strings, white space folded."""
    value = entry.get("examples")
    if value is None:
        return ()
    line = _key_line(lines, header, "examples")
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise WorkbenchError(f"{where}{line}: examples of '{theme_id}' must be a list of strings")
    examples: list[str] = []
    for example in value:
        example = " ".join(example.split())
        if not _WORD_RE.search(example):
            raise WorkbenchError(
                f"{where}{line}: empty example {example!r} in examples of '{theme_id}'"
            )
        if example not in examples:
            examples.append(example)
    return tuple(examples)


def _key_line(lines: list[str], header: int, key: str, *, top_level: bool = False) -> str:
    """``:N`` for the line where ``key`` is set (after line ``header``), else the header line."""
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    if top_level:
        table = re.compile(rf"^\s*\[+\s*[\"']?{re.escape(key)}[\"']?\s*[\].]")
        in_root = True
        for number, line in enumerate(lines, start=1):
            if table.match(line):
                return f":{number}"
            if line.lstrip().startswith("["):
                in_root = False
            if in_root and assignment.match(line):
                return f":{number}"
        return ""
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if _HEADER_RE.match(line):
            break
        if assignment.match(line):
            return f":{number}"
    return f":{header}" if header else ""
