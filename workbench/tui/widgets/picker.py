"""Picker: an OptionList that also answers to vim keys."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class Picker(OptionList):
    """A list of choices moved through with arrows or j/k, g/G; enter chooses."""

    HELP_NAME = "List"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("k", "cursor_up", "Up", show=False, id="picker.up"),
        Binding("g", "first", "First", show=False, id="picker.first"),
        Binding("G", "last", "Last", show=False, id="picker.last"),
    ]
