"""One table cell as text, the same in the interface and on the command line."""

from __future__ import annotations

from workbench.text_safety import safe_text

GROUPED_FROM = 10_000
"""Numbers from this size on are written with thousands separators ("12,480"); smaller ones,
years among them, as they are."""


def cell_text(value: object) -> str:
    """A cell on one line: null as an em dash, floats to three figures, lists joined, safe.

    Numbers of five figures or more are grouped by thousands.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= GROUPED_FROM else str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value).replace("inf", "∞").replace("nan", "NaN")
        if abs(value) >= GROUPED_FROM:
            return f"{value:,.0f}"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    # Cells are drawn as segments, past Rich's and Textual's control-code tables.
    return safe_text(" ".join(str(value).split()), multiline=False)
