"""Snapshot tests of the main screens at 80×24 and 120×40 (pytest-textual-snapshot).

Kept stable by the exact Textual pin in pyproject.toml, a fixed terminal size, awaiting every
worker before the picture is taken, cursor blink off, and the workspace given to the app (no
user config, no cache directory). Update with ``pytest tests/snapshot_tests --snapshot-update``
after a deliberate change of the interface, and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from workbench.store.labels import LabelStore
from workbench.tui.app import WorkbenchApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and the screen is drawn, with the input cursor still."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def library(pilot: Pilot) -> None:
    await settle(pilot)


async def compare(pilot: Pilot) -> None:
    await settle(pilot)
    ids = pilot.app.workspace.table("articles")["article_id"].to_list()
    pilot.app.open_compare([ids[1], ids[2]])
    await settle(pilot)


async def themes(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


async def thread(pilot: Pilot) -> None:
    await themes(pilot)
    pilot.app.open_thread("reset")
    await settle(pilot)


async def phrases(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)


async def tables(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    pilot.app.screen.pick("theme_by_year")
    await settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "library": library,
    "compare": compare,
    "themes": themes,
    "thread": thread,
    "phrases": phrases,
    "tables": tables,
    "help": help_screen,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, bundled_workspace, screen: str, size: str) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[screen])


async def labelled_pair(pilot: Pilot) -> None:
    """Compare with pairs labelled same and related, the related one in focus, and why."""
    await settle(pilot)
    pilot.app.open_compare(["003", "004"])
    await settle(pilot)
    for key in ("y", "n", "r", "e"):  # Compare opens on its first pair
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_labelled_pair(snap_compare, bundled_workspace, tmp_path, monkeypatch, size: str) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "analyst")  # who labels, as a served session says
    monkeypatch.setattr(bundled_workspace, "_labels", LabelStore(tmp_path / "labels"))
    app = WorkbenchApp(workspace=bundled_workspace)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=labelled_pair)
