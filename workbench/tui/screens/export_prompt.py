"""ExportPrompt: asks where to write a table as Parquet, and whether to overwrite; writes it
(in a worker) and closes once it is written, or stays open saying why it could not be, for the
path to be corrected."""

from __future__ import annotations

import traceback
from collections.abc import Callable
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
from workbench.tui.work import error_text, run_work
from workbench.wording import counted


@dataclass(frozen=True)
class ExportRequest:
    """What the user chose: the file to write and whether an existing one may be replaced."""

    path: Path
    overwrite: bool


@dataclass(frozen=True)
class ExportOutcome:
    """How writing went: the file written, or the error in one line (and its traceback)."""

    path: Path | None
    error: str = ""
    details: str = ""


def attempt(write: Callable[[ExportRequest], Path], request: ExportRequest) -> ExportOutcome:
    """Write ``request`` (in a worker), a failure kept as an outcome for the prompt to show."""
    try:
        return ExportOutcome(write(request))
    except Exception as error:
        return ExportOutcome(None, error_text(error), traceback.format_exc())


class ExportPrompt(ModalScreen[ExportRequest | None]):
    """A path prompt, ``<what>.parquet`` at first; dismisses with an ExportRequest, or None.

    The prompt writes the file itself with ``write`` and closes once it is written; a failure
    (a folder that cannot be written, a path inside a file) is shown in it, one line, and the
    path can be corrected and tried again.
    """

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

    def __init__(
        self,
        what: str,
        rows: int,
        exports_dir: Path,
        confined: bool,
        write: Callable[[ExportRequest], Path],
        corpus: Path | None = None,
    ) -> None:
        super().__init__()
        self.what = what
        self.rows = rows
        self.exports_dir = exports_dir
        self.confined = confined
        self.corpus = corpus  # never written into
        self.write = write
        self.writing: ExportRequest | None = None  # the request being written
        self._pending: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export to Parquet"
            yield Label(f"{self.what}: {counted(self.rows, 'row')} as shown (sort and filter kept)")
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
        if self.writing is None:
            self._pending = None
            self._message("")

    def _message(self, text: str, question: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(safe_text(text, multiline=False))
        message.set_class(question, "-question")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _hint(self, text: str) -> None:
        self.query_one("#export-hint", Label).update(text)

    def action_confirm(self) -> None:
        if self.writing is not None:
            return  # one write at a time
        text = self.query_one(Input).value
        try:
            path, exists = export_target(text, self.exports_dir, self.confined, self.corpus)
        except WorkbenchError as error:
            self._message(str(error))
            return
        if exists and self._pending != path:
            self._pending = path
            self._message(
                f"{path} exists: enter again to overwrite, escape to cancel", question=True
            )
            self._hint("enter overwrite · escape cancel")
            return
        self._start(ExportRequest(path, overwrite=exists))

    def _start(self, request: ExportRequest) -> None:
        """Write in a worker of the app's (it goes on should the prompt be closed meanwhile)."""
        self.writing = request
        self._pending = None
        self.query_one(Input).disabled = True
        self._message(f"writing {request.path.name}…", question=True)
        self._hint("escape closes (the export goes on)")
        run_work(
            self.app,
            "export",
            lambda: attempt(self.write, request),
            self._written,
            exclusive=False,
            writes=True,
        )

    def _written(self, outcome: ExportOutcome) -> None:
        request, self.writing = self.writing, None
        if outcome.path is not None:
            if self.is_current:
                self.dismiss(request)
            return
        self.app.log.error(f"export failed: {outcome.error}\n{outcome.details}")
        if not self.is_attached:  # closed meanwhile: say it where it is seen
            self.app.notify(outcome.error, title="export failed", severity="error", timeout=10)
            return
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        self._message(outcome.error)
        self._hint("enter write · escape cancel")
