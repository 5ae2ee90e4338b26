"""Everything the interface draws shows control characters instead of sending them.

Rich's ``Text`` and Textual's ``Content`` pass every string they are given through one
translation table that drops only BEL, BS, VT, FF and CR; ESC and the C1 controls reach the
terminal raw, so an article titled ``\\x1b]0;PWNED\\x07`` would retitle the user's window and
``\\x1b[2J`` would clear it. Extending those two tables with ``VISIBLE_CONTROLS`` makes every
title, article text, KWIC line, table cell, notification and input show ␛ and its kind instead,
in every widget, present and future. The mapping is one character for one, so styles spanning
the text stay where they were.
"""

from __future__ import annotations

import rich.control
import textual.content

from workbench.text_safety import VISIBLE_CONTROLS

# The tables are bound as default arguments of rich.control.strip_control_codes (used by
# rich.text.Text) and textual.content._strip_control_codes (used by Content): updated in place,
# both functions use them from then on.
_TABLES = (rich.control._CONTROL_STRIP_TRANSLATE, textual.content._CONTROL_STRIP_TRANSLATE)


def show_control_characters() -> None:
    """Make Rich and Textual show control characters as visible symbols (idempotent)."""
    for table in _TABLES:
        table.update(VISIBLE_CONTROLS)
