"""WorkbenchScreen: the base of the screens that show the workspace; TableScreen: one built
round a FrameTable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from workbench.tui.messages import WorkspaceReady
from workbench.tui.widgets.filter_bar import FilterBar
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
    _ready = False  # the screen shows its data (set by ``mark_ready``)

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

    def on_screen_resume(self) -> None:
        self._offer_workspace()

    def _offer_workspace(self) -> None:
        workspace = self.workbench.workspace
        if workspace is None or self._workspace_offered:
            return
        if self.app.return_code is not None:
            # The app is quitting (q while it loaded): a screen mounted now may have lost its
            # widgets already, and nothing it would show is wanted.
            return
        if self._covered():
            # Under another screen (the Library under a Compare opened from the command
            # line): it reads its data when it is shown, not while the one on top reads its.
            return
        self._workspace_offered = True
        self.workspace_ready(workspace)

    def _covered(self) -> bool:
        """Whether another full screen of the app is drawn over this one."""
        top = self.app.screen
        return (
            top is not self and self in self.app.screen_stack and not isinstance(top, ModalScreen)
        )

    def on_work_done(self, message: WorkDone) -> None:
        message.deliver()

    @property
    def is_ready(self) -> bool:
        """Whether the screen shows its data (``mark_ready`` was called)."""
        return self._ready

    def mark_ready(self) -> None:
        """The screen shows its data now: run what waited for it (a subclass calls this)."""
        self._ready = True
        waiting, self._waiting = self._waiting_list(), []
        for callback in waiting:
            callback()

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the screen shows its data (now, if it does)."""
        if self._ready:
            callback()
        else:
            self._waiting = [*self._waiting_list(), callback]

    def _waiting_list(self) -> list[Callable[[], object]]:
        return list(getattr(self, "_waiting", []))


def filter_bindings(screen: str) -> list[Binding]:
    """``/`` to filter and escape to clear the filter, with ``<screen>.`` binding ids."""
    return [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            tooltip="Type a filter: words, field:text, year:2013..2014, words<800 (? lists all)",
            id=f"{screen}.filter",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id=f"{screen}.clear-filter"),
    ]


class TableScreen(WorkbenchScreen):
    """A workbench screen built round one FrameTable, whose row under the cursor it shows.

    With a FilterBar, ``/`` (``action_focus_filter``) types a filter and escape clears it.
    """

    # The table, not the first focusable widget (the filter line above it): a key pressed as
    # the screen opens went into the filter before the screen's own focus moved to the table.
    AUTO_FOCUS = "FrameTable"

    @property
    def table(self) -> FrameTable:
        """The screen's table."""
        return self.query_one(FrameTable)

    @property
    def filter_bar(self) -> FilterBar | None:
        """The screen's filter line, if it has one."""
        bars = self.query(FilterBar)
        return bars.first() if bars else None

    def action_focus_filter(self) -> None:
        """Move to the filter line to type a filter."""
        if self.filter_bar is not None:
            self.filter_bar.start()

    def action_clear_filter(self) -> None:
        """Empty the filter line and go back to the table."""
        if self.filter_bar is not None:
            self.filter_bar.clear()

    def on_frame_table_view_changed(self, _event: FrameTable.ViewChanged) -> None:
        if self.filter_bar is not None:
            self.filter_bar.show_status()

    def show_row(self, row: dict | None) -> None:
        """Show what belongs to the row under the cursor (None: no row); a subclass's hook."""

    def on_frame_table_row_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self.show_row(event.row)
