"""One table cell as text, the same in the interface and on the command line."""

from __future__ import annotations

from workbench.text_safety import safe_text


def cell_text(value: object) -> str:
    """A cell on one line: null as an em dash, floats to three figures, lists joined, safe."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return "NaN"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    # Cells are drawn as segments, past Rich's and Textual's control-code tables.
    return safe_text(" ".join(str(value).split()), multiline=False)
