"""LinePrompt: one line under the panes asking for a word or a number (search, go to sentence).

It says what it asks (``Search ▏…``), reports every change and the final enter as messages, and
hides itself on enter or escape; the screen decides what the text means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class LinePrompt(Horizontal):
    """A label and a compact input, shown on demand for one question at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False, id="prompt.cancel"),
    ]
    HELP_NAME = "Prompt"

    DEFAULT_CSS = """
    LinePrompt { height: 1; display: none; }
    LinePrompt.-open { display: block; }
    LinePrompt > Label { padding: 0 1; color: $text-muted; }
    LinePrompt > Input { width: 1fr; }
    """

    @dataclass
    class Changed(Message):
        """The text was edited."""

        kind: str
        value: str

    @dataclass
    class Submitted(Message):
        """Enter was pressed."""

        kind: str
        value: str

    @dataclass
    class Cancelled(Message):
        """Escape was pressed."""

        kind: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = ""

    def compose(self) -> ComposeResult:
        yield Label("")
        # Disabled while closed, so that it never takes the focus unasked.
        yield Input(compact=True, disabled=True)

    @property
    def input(self) -> Input:
        """The text field."""
        return self.query_one(Input)

    @property
    def is_open(self) -> bool:
        """Whether a question is being asked."""
        return self.has_class("-open")

    def ask(self, kind: str, label: str, placeholder: str = "", value: str = "") -> None:
        """Show the prompt for ``kind`` and move the cursor into it."""
        self.kind = kind
        self.query_one(Label).update(label)
        field = self.input
        with field.prevent(Input.Changed):
            field.value = value
        field.placeholder = placeholder
        field.disabled = False
        self.add_class("-open")
        field.focus()

    def close(self) -> None:
        """Hide the prompt."""
        self.remove_class("-open")
        self.input.disabled = True

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.is_open:
            self.post_message(self.Changed(self.kind, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Submitted(self.kind, event.value))

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled(self.kind))
