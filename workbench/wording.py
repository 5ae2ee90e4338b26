"""Counts in words: ``1 row``, ``3 rows``, the same in the interface and on the command line."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 hit``, ``3 hits``, ``1,200 hits`` (``plural`` for a noun not made plural by an s)."""
    many = plural if plural is not None else f"{noun}s"
    return f"{number:,} {noun if number == 1 else many}"
