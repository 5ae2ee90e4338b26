"""Messages the app sends to its screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from workbench.workspace import Workspace


class WorkspaceReady(Message):
    """The workspace finished loading; ``app.workspace`` is set."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace


class StatusChanged(Message):
    """Work the app does in the background went on: ``status`` says how far ("" when none)."""

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status
