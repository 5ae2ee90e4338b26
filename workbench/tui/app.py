"""The workbench application (a minimal first version: the Library table)."""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class WorkbenchApp(App):
    """The workbench."""

    TITLE = "workbench"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("workbench")
        yield Footer()


def run_app(args: argparse.Namespace) -> int:
    """Run the app for the ``open`` command; returns the exit status."""
    WorkbenchApp().run()
    return 0
