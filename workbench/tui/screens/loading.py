"""LoadingScreen: shown while the workspace opens; reports progress or the failure."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, ProgressBar, Static

from workbench.tui.widgets.key_footer import KeyFooter
from workbench.tui.widgets.mode_bar import ModeBar


class LoadingScreen(Screen):
    """A progress bar and the step being done; the error in place of them if loading fails."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="loading.quit"),
    ]

    DEFAULT_CSS = """
    LoadingScreen Middle { height: 1fr; }
    LoadingScreen Center { width: 1fr; height: auto; }
    LoadingScreen #loading-title { text-style: bold; color: $accent; }
    LoadingScreen.-failed #loading-title { color: $error; }
    LoadingScreen #loading-step { color: $text-muted; width: 60; max-width: 100%; }
    LoadingScreen #loading-error {
        color: $error; text-style: bold; width: 70; max-width: 100%;
        border: round $error; padding: 0 1; display: none;
    }
    LoadingScreen.-failed #loading-error { display: block; }
    LoadingScreen.-failed ProgressBar, LoadingScreen.-failed #loading-step { display: none; }
    """

    def __init__(self, corpus_label: str) -> None:
        super().__init__()
        self.corpus_label = corpus_label
        self.step = "starting…"
        self.fraction = 0.0
        self.error: str | None = None
        self._shown = False  # composed and mounted: the widgets can be told

    def on_mount(self) -> None:
        self._shown = True
        self._render_state()

    def compose(self) -> ComposeResult:
        yield ModeBar()
        with Middle(), Center():
            yield Label(f"Opening {self.corpus_label}", id="loading-title")
        with Center():
            yield ProgressBar(total=1.0, show_eta=False, id="loading-bar")
        with Center():
            yield Static("starting…", id="loading-step")
        with Center():
            yield Static("", id="loading-error")
        yield KeyFooter()

    def show_progress(self, step: str, fraction: float) -> None:
        """Show ``step`` and move the bar to ``fraction`` (0–1)."""
        self.step, self.fraction = step, max(0.0, min(fraction, 1.0))
        self._render_state()

    def show_error(self, message: str) -> None:
        """Replace the progress with the error that stopped loading."""
        self.error = message
        self.add_class("-failed")
        self._render_state()

    def _render_state(self) -> None:
        """Put the state into the widgets (kept until mounted: a missing folder fails at once)."""
        if not self._shown:
            return
        self.query_one("#loading-step", Static).update(self.step)
        self.query_one(ProgressBar).update(progress=self.fraction)
        if self.error is not None:
            title = f"Could not open {self.corpus_label}"
            self.query_one("#loading-title", Label).update(title)
            self.query_one("#loading-error", Static).update(f"{self.error}\n\nPress q to quit.")
