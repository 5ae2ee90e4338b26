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
            value = row.get(key)
            if key == "note" and value:
                parts = [p for p in str(value).split("; ") if p != "no manifest entry"]
                value = "; ".join(parts)
                if row.get("date_source") not in (None, "manifest", "unknown"):
                    value = f"{value} (date source: {row['date_source']})"
            if value:
                lines.append(f"{key} = {toml_string(str(value))}")
    return "\n".join(lines) + "\n"
