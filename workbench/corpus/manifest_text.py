"""The text of a ``manifest.toml`` describing a loaded corpus: what was given and inferred."""

from __future__ import annotations

import json

import polars as pl

_KEYS = ("title", "outlet", "author", "published", "url", "language", "note")


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are TOML's; DEL escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def manifest_text(articles: pl.DataFrame, header: str = "") -> str:
    """One ``[[article]]`` table per row of an ``articles`` frame, in file order."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for row in articles.sort("file").iter_rows(named=True):
        lines += ["", "[[article]]"]
        lines.append(f"id = {toml_string(row['article_id'])}")
        lines.append(f"file = {toml_string(row['file'])}")
        for key in _KEYS:
            value = _note(row) if key == "note" else row.get(key)
            if value:
                lines.append(f"{key} = {toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _note(row: dict) -> str:
    """An article's note, saying where its values came from (a manifest written from a sidecar
    or from inference no longer says it by itself)."""
    parts = [p for p in str(row.get("note") or "").split("; ") if p and p != "no manifest entry"]
    if row.get("title_source") == "sidecar":
        parts.append("title from the metadata sidecar")
    note = "; ".join(parts)
    source = row.get("date_source")
    if source not in (None, "manifest", "unknown"):
        said = f"date source: {source}"
        note = f"{note} ({said})" if note else said
    return note
