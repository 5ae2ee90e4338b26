"""The interface shows corpus text, never lets the terminal interpret it; the export prompt never
crashes, whatever path it is given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.text import Text
from textual.content import Content
from textual.widgets import Input
from tui_support import settle, sync

from workbench.options import WorkspaceOptions
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.export_prompt import ExportPrompt
from workbench.tui.screens.tables import TablesScreen
from workbench.workspace import Workspace

EVIL = "Moscow\x1b[2J\x1b]0;PWNED\x07 talks\x9b31m end"
SHOWN = "Moscow␛[2J␛]0;PWNED␇ talks�31m end"
UNSAFE = ("\x1b", "\x07", "\x9b")


def assert_shown_not_sent(svg: str) -> None:
    for char in UNSAFE:
        assert char not in svg, repr(char)


@pytest.fixture
def evil_workspace(make_corpus, tmp_path: Path) -> Workspace:
    corpus = make_corpus(
        {
            "evil.txt": f"{EVIL}\n\nThe foreign ministers met in Geneva.{EVIL} They talked.\n",
            "plain.txt": "Plain title\n\nThe foreign ministers met in Geneva. They agreed.\n",
        }
    )
    options = WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache")
    return Workspace.open(options)


def test_rich_and_textual_text_show_control_characters_once_the_app_exists() -> None:
    WorkbenchApp(workspace=None)
    assert Text(EVIL).plain == SHOWN
    assert Content(EVIL).plain == SHOWN
    styled = Text.assemble(("bold", "bold"), EVIL)
    assert styled.plain == "bold" + SHOWN and styled.spans[0].end == 4
    assert Text("tabs\tand\nnewlines").plain == "tabs\tand\nnewlines"


@sync
async def test_titles_text_and_notifications_are_shown_not_interpreted(
    evil_workspace: Workspace,
) -> None:
    app = WorkbenchApp(workspace=evil_workspace)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        library = app.export_screenshot()
        assert_shown_not_sent(library)
        assert "␛[2J␛]0;PWNED␇" in library  # the title in the Library's table
        app.open_compare(["evil", "plain"])
        await settle(app, pilot)
        compare = app.export_screenshot()
        assert_shown_not_sent(compare)
        assert compare.count("␛]0;PWNED") >= 2  # the pane title and the article text
        app.notify(f"cannot read {EVIL}", title=EVIL, severity="error")
        await settle(app, pilot)
        notified = app.export_screenshot()
        assert_shown_not_sent(notified)
        assert notified.count("␛[2J") > compare.count("␛[2J")


async def _export_prompt(app: WorkbenchApp, pilot) -> ExportPrompt:
    await settle(app, pilot)
    await pilot.press("5")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TablesScreen)
    screen.pick("sentences")
    await settle(app, pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportPrompt)
    return app.screen


@sync
async def test_export_prompt_turns_any_path_error_into_a_message(
    bundled_workspace, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "loop.parquet").symlink_to("loop.parquet")
    (exports / "a").symlink_to("b")
    (exports / "b").symlink_to("a")
    app = WorkbenchApp(workspace=bundled_workspace, exports_dir=exports, served=True)
    async with app.run_test(size=(100, 30)) as pilot:
        prompt = await _export_prompt(app, pilot)
        for typed, expected in [
            ("loop", "a symbolic link on the way loops"),
            ("a/inner", "a symbolic link on the way loops"),
            ("x" * 300, "cannot be used"),
            ("[red]x[" + "y" * 300, "cannot be used"),
            ("evil\x1b]0;PWNED\x07", "control character"),
        ]:
            prompt.query_one(Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running and app.screen is prompt, typed
            message = str(prompt.query_one("#export-message").render())
            assert expected in message, (typed, message)
            assert_shown_not_sent(message)
        await pilot.press("escape")
    assert sorted(os.listdir(exports)) == ["a", "b", "loop.parquet"]
