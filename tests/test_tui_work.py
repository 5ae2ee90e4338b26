"""Work in workers: results come back to the screen that asked, stale ones are dropped, every
failure is a notification naming what failed with a one-line error; the modes' registry."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from tui_support import record_notifications, running, settle, sync

from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.tui.app import WorkbenchApp
from workbench.tui.messages import WorkspaceReady
from workbench.tui.modes import MODES, mode_bindings
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.themes import ThemesScreen
from workbench.tui.widgets.diff_view import DiffView
from workbench.tui.work import ERROR_TEXT_AT_MOST, abandonable, error_text, run_work


def failing_table(workspace, monkeypatch, name: str, error: Exception) -> None:
    """Make ``workspace.table(name)`` raise ``error`` (other tables are computed as usual)."""
    table = workspace.table

    def fake(asked: str, *args, **kwargs):
        if asked == name:
            raise error
        return table(asked, *args, **kwargs)

    monkeypatch.setattr(workspace, "table", fake)


def test_error_text_is_one_line_and_a_workbench_error_speaks_for_itself() -> None:
    assert error_text(WorkbenchError("corpus: no such directory")) == "corpus: no such directory"
    assert error_text(KeyError("theme")) == "KeyError: 'theme'"
    assert error_text(ValueError("first line\nsecond line")) == "ValueError: first line"
    assert error_text(RuntimeError()) == "RuntimeError"
    long = error_text(OSError("x" * 500))
    assert len(long) == ERROR_TEXT_AT_MOST and long.endswith("…") and "\n" not in long


@sync
async def test_a_failing_worker_is_a_notification_naming_what_failed(
    bundled_workspace, monkeypatch
) -> None:
    failing_table(bundled_workspace, monkeypatch, "theme_by_year", ValueError("bad\nyears"))
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        shown = record_notifications(app)
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, ThemesScreen) and app.is_running
        assert shown == [("loading themes failed", "ValueError: bad", "error")]
        assert app.screen.by_year is None


@sync
async def test_the_library_reports_a_failure_of_its_theme_column(
    bundled_workspace, monkeypatch
) -> None:
    failing_table(
        bundled_workspace, monkeypatch, "theme_by_article", WorkbenchError("themes.toml: broken")
    )
    app = WorkbenchApp(workspace=bundled_workspace)
    shown = record_notifications(app)
    async with running(app, (100, 30)):
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert (
            "loading the themes of the articles failed",
            "themes.toml: broken",
            "error",
        ) in shown
        # The articles are listed all the same, without their themes.
        assert screen.table.row_count == bundled_workspace.table("articles").height
        assert screen.table.shown["themes"].null_count() == screen.table.row_count


@sync
async def test_a_comparison_that_cannot_be_aligned_says_so_in_the_pane_and_a_notification(
    bundled_workspace, monkeypatch
) -> None:
    def broken_align(*_args, **_kwargs):
        raise RuntimeError("alignment exploded")

    monkeypatch.setattr(bundled_workspace, "align", broken_align)
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (100, 30)) as pilot:
        shown = record_notifications(app)
        app.open_compare(["003", "004"])
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert shown == [
            ("loading the comparison failed", "RuntimeError: alignment exploded", "error")
        ]
        heading = str(screen.query_one(DiffView).query_one("#diff-heading").render())
        assert "could not load: RuntimeError: alignment exploded" in heading
        assert not any(pane.loading for pane in screen.panes)


async def until(event: threading.Event) -> None:
    """Let the app run until a worker thread sets ``event``."""
    for _ in range(1000):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the worker thread did not get there")


@sync
async def test_a_newer_request_in_a_group_wins_over_an_older_one_that_ends_later(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (80, 24)) as pilot:
        screen = app.screen
        results: list[str] = []
        started, release, finished = threading.Event(), threading.Event(), threading.Event()

        def older() -> str:
            started.set()
            release.wait(10)
            finished.set()
            return "older"

        # The older request is still computing when the newer one is made.
        run_work(screen, "slow work", older, results.append, group="probe")
        await until(started)
        run_work(screen, "quick work", lambda: "newer", results.append, group="probe")
        await settle(app, pilot)
        release.set()
        await until(finished)
        await settle(app, pilot)
        assert results == ["newer"]

        # The older request has sent its result when the newer one is made, but the interface
        # thread (held here) reads it only afterwards.
        results.clear()
        for event in (started, release, finished):
            event.clear()
        run_work(screen, "slow work", older, results.append, group="probe")
        await until(started)
        release.set()
        finished.wait(10)
        time.sleep(0.3)  # the worker thread posts its result meanwhile
        run_work(screen, "quick work", lambda: "newer", results.append, group="probe")
        await settle(app, pilot)
        assert results == ["newer"]

        # Requests outside an exclusive group all come back.
        results.clear()
        for word in ("one", "two"):
            run_work(screen, "counting", lambda word=word: word, results.append, exclusive=False)
        await settle(app, pilot)
        assert sorted(results) == ["one", "two"]


@sync
async def test_quitting_abandons_reading_but_never_a_write_under_way(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (80, 24)) as pilot:
        await settle(app, pilot)
        assert not abandonable()  # nothing is running
        started, release = threading.Event(), threading.Event()

        def reading() -> None:
            started.set()
            release.wait(10)

        run_work(app.screen, "reading", reading)
        await until(started)
        assert abandonable()
        started.clear()
        run_work(app.screen, "saving", reading, writes=True, exclusive=False)
        await until(started)
        assert not abandonable()  # a label or an export being saved is waited for
        release.set()
        await settle(app, pilot)
        assert not abandonable()


@sync
async def test_workspace_ready_runs_once_when_the_workspace_arrives_after_the_screen(
    bundled_workspace, monkeypatch, tmp_path
) -> None:
    from workbench.workspace import Workspace

    release = threading.Event()

    def open_later(*_args, **_kwargs):
        release.wait(10)
        return bundled_workspace

    monkeypatch.setattr(Workspace, "open", open_later)

    class Probe(WorkbenchScreen):
        def __init__(self) -> None:
            super().__init__()
            self.offered: list[object] = []

        def workspace_ready(self, workspace) -> None:
            self.offered.append(workspace)

    app = WorkbenchApp(WorkspaceOptions(cache_root=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        probe = Probe()
        await app.push_screen(probe)
        await pilot.pause()
        assert not probe.has_workspace and probe.offered == []
        with pytest.raises(RuntimeError, match="not loaded yet"):
            probe.workspace  # noqa: B018
        release.set()
        await settle(app, pilot)
        assert probe.offered == [bundled_workspace]
        assert probe.workspace is bundled_workspace
        probe.post_message(WorkspaceReady(bundled_workspace))
        await settle(app, pilot)
        assert probe.offered == [bundled_workspace]  # once only


def test_the_number_keys_and_screens_come_from_one_registry() -> None:
    assert [(b.key, b.id) for b in mode_bindings()] == [
        ("1", "app.library"),
        ("2", "app.compare"),
        ("3", "app.themes"),
        ("4", "app.phrases"),
        ("5", "app.tables"),
    ]
    assert {mode.name: mode.screen for mode in MODES} == WorkbenchApp.MODES
    app_ids = {b.id for b in WorkbenchApp.BINDINGS}
    assert {b.id for b in mode_bindings()} <= app_ids
