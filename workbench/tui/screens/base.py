"""WorkbenchScreen: the base of the screens that show the workspace; TableScreen: one built
round a FrameTable."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from workbench.tui.messages import WorkspaceReady
from workbench.tui.widgets.frame_table import FrameTable
from workbench.tui.work import WorkDone

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp
    from workbench.workspace import Workspace


class WorkbenchScreen(Screen):
    """A screen over the app's workspace; ``workspace_ready`` runs once, as soon as it is there.

    The workspace may be loaded before the screen is mounted (the usual case) or arrive later
    (``WorkspaceReady``); either way the hook runs once, after the screen's own ``on_mount``.
    """

    _workspace_offered = False

    @property
    def workbench(self) -> WorkbenchApp:
        """The app, typed."""
        return cast("WorkbenchApp", self.app)

    @property
    def has_workspace(self) -> bool:
        """Whether the workspace is loaded."""
        return self.workbench.workspace is not None

    @property
    def workspace(self) -> Workspace:
        """The app's workspace (loaded: use it from ``workspace_ready`` on)."""
        workspace = self.workbench.workspace
        if workspace is None:
            raise RuntimeError(f"{type(self).__name__}: the workspace is not loaded yet")
        return workspace

    def workspace_ready(self, workspace: Workspace) -> None:
        """Show what needs the workspace (a subclass's hook; called once)."""

    def on_mount(self) -> None:
        # Textual calls every class's on_mount, the subclass's first: its widgets are set up.
        self._offer_workspace()

    def on_workspace_ready(self, _message: WorkspaceReady) -> None:
        self._offer_workspace()

    def _offer_workspace(self) -> None:
        workspace = self.workbench.workspace
        if workspace is not None and not self._workspace_offered:
            self._workspace_offered = True
            self.workspace_ready(workspace)

    def on_work_done(self, message: WorkDone) -> None:
        message.deliver()


class TableScreen(WorkbenchScreen):
    """A workbench screen built round one FrameTable, whose row under the cursor it shows."""

    @property
    def table(self) -> FrameTable:
        """The screen's table."""
        return self.query_one(FrameTable)

    def show_row(self, row: dict | None) -> None:
        """Show what belongs to the row under the cursor (None: no row); a subclass's hook."""

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self.show_row(event.row)
