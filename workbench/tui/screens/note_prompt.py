"""NotePrompt: a short note on a pair; enter saves it, an empty note removes it, escape leaves
it as it was."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

NOTE_MAX = 500  # characters: a note is a remark, not an essay


class NotePrompt(ModalScreen[str | None]):
    """Asks for a pair's note; dismisses with the note ("" removes it) or None (cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    DEFAULT_CSS = """
    NotePrompt { align: center middle; background: $background 60%; }
    NotePrompt > Vertical {
        width: 80%; max-width: 90; min-width: 40; height: auto;
        border: round $primary; border-title-style: bold;
        padding: 0 1; background: $surface;
    }
    NotePrompt #note-pair, NotePrompt #note-hint { color: $text-muted; }
    NotePrompt:ansi > Vertical { border: round ansi_default; background: ansi_default; }
    """

    def __init__(self, pair: str, note: str | None) -> None:
        super().__init__()
        self.pair = pair
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Note on the pair"
            yield Static(self.pair, id="note-pair", markup=False)
            yield Input(value=self.note, max_length=NOTE_MAX, id="note-text")
            yield Label("enter save · empty removes the note · escape cancel", id="note-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
