"""ExportPrompt: asks where to write a table as Parquet, and whether to overwrite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from workbench.errors import WorkbenchError
from workbench.store.confine import export_target
from workbench.text_safety import safe_text


@dataclass(frozen=True)
class ExportRequest:
    """What the user chose: the file to write and whether an existing one may be replaced."""

    path: Path
    overwrite: bool


class ExportPrompt(ModalScreen[ExportRequest | None]):
    """A path prompt, ``<what>.parquet`` at first; dismisses with an ExportRequest, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("enter", "confirm", "Write", priority=True, id="export.confirm"),
    ]

    DEFAULT_CSS = """
    ExportPrompt {
        align: center middle;
        background: $background 60%;
    }
    ExportPrompt > Vertical {
        width: 80%;
        max-width: 90;
        min-width: 40;
        height: auto;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
        background: $surface;
    }
    ExportPrompt #export-where, ExportPrompt #export-hint { color: $text-muted; }
    ExportPrompt #export-message { color: $error; text-style: bold; }
    ExportPrompt #export-message.-question { color: $warning; }
    ExportPrompt:ansi > Vertical { border: round ansi_default; background: ansi_default; }
    """

    def __init__(self, what: str, rows: int, exports_dir: Path, confined: bool) -> None:
        super().__init__()
        self.what = what
        self.rows = rows
        self.exports_dir = exports_dir
        self.confined = confined
        self._pending: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export to Parquet"
            yield Label(f"{self.what}: {self.rows:,} rows as shown (sort and filter kept)")
            where = "under" if self.confined else "relative to"
            yield Label(
                f"Path {where} {self.exports_dir.resolve()}", id="export-where", markup=False
            )
            yield Input(value=f"{self.what}.parquet", id="export-path", select_on_focus=False)
            yield Static("", id="export-message", markup=False)
            yield Label("enter write · escape cancel", id="export-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._pending = None
        self._message("")

    def _message(self, text: str, question: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(safe_text(text, multiline=False))
        message.set_class(question, "-question")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_confirm(self) -> None:
        text = self.query_one(Input).value
        try:
            path, exists = export_target(text, self.exports_dir, self.confined)
        except WorkbenchError as error:
            self._message(str(error))
            return
        if exists and self._pending != path:
            self._pending = path
            self._message(
                f"{path} exists: enter again to overwrite, escape to cancel", question=True
            )
            self.query_one("#export-hint", Label).update("enter overwrite · escape cancel")
            return
        self.dismiss(ExportRequest(path, overwrite=exists))
