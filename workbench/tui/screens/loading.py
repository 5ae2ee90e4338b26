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
        self.query_one("#loading-step", Static).update(step)
        self.query_one(ProgressBar).update(progress=max(0.0, min(fraction, 1.0)))

    def show_error(self, message: str) -> None:
        """Replace the progress with the error that stopped loading."""
        self.add_class("-failed")
        self.query_one("#loading-title", Label).update(f"Could not open {self.corpus_label}")
        self.query_one("#loading-error", Static).update(f"{message}\n\nPress q to quit.")
