"""The app shell: loading, screens and their keys, help, keymap, themes, palette, CLI entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import record_notifications, running, sync

from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import parse_keymap, read_keymap
from workbench.tui.modes import MODES
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.export_prompt import ExportPrompt
from workbench.tui.screens.help import HelpScreen, binding_entries
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.loading import LoadingScreen
from workbench.tui.screens.phrases import PhrasesScreen
from workbench.tui.screens.tables import TablesScreen
from workbench.tui.screens.themes import ThemesScreen, ThemeThreadScreen
from workbench.tui.widgets.mode_bar import ModeBar, fit_tabs


async def _settle(app: WorkbenchApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- start-up -----------------------------------------------------------------------------------


@sync
async def test_app_loads_the_workspace_in_a_worker_then_shows_the_library(tmp_path: Path) -> None:
    steps: list[tuple[str, float]] = []

    class Recording(WorkbenchApp):
        def _show_progress(self, step: str, fraction: float) -> None:
            steps.append((step, fraction))
            super()._show_progress(step, fraction)

    app = Recording(WorkspaceOptions(cache_root=tmp_path / "cache"))
    assert app.check_action("go", ("library",)) is False  # screen keys wait for the workspace
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert steps and all(0.0 <= fraction <= 1.0 for _, fraction in steps)
        assert app.workspace is not None
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.table.row_count == app.workspace.table("articles").height


@sync
async def test_a_corpus_that_cannot_be_opened_is_reported_in_the_app(tmp_path: Path) -> None:
    app = WorkbenchApp(WorkspaceOptions(corpus=tmp_path / "missing", cache_root=tmp_path / "cache"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        assert screen.has_class("-failed")
        assert "missing" in str(screen.query_one("#loading-error").render())
        assert str(screen.query_one("#loading-title").render()).startswith("Could not open")
        assert not app._notifications  # said once, in the panel, not again over it
        await pilot.press("q")
    assert not app.is_running
    assert app.return_code == 2  # bad input, as a command that cannot read it says


@sync
async def test_a_failure_told_before_the_loading_screen_is_mounted_shows_once_it_is() -> None:
    from textual.app import App

    early = LoadingScreen("corpus/")
    early.show_progress("reading files", 0.4)
    early.show_error("corpus/ not found")  # a missing folder fails before compose has run

    class Host(App):
        def get_default_screen(self) -> LoadingScreen:
            return early

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert early.has_class("-failed")
        assert "corpus/ not found" in str(early.query_one("#loading-error").render())
        assert str(early.query_one("#loading-title").render()) == "Could not open corpus/"
        assert str(early.query_one("#loading-step").render()) == "reading files"


@sync
async def test_start_compare_opens_straight_into_compare_and_the_library_reads_after(
    bundled_workspace,
) -> None:
    ids = bundled_workspace.table("articles")["article_id"].to_list()
    app = WorkbenchApp(workspace=bundled_workspace, start_compare=ids[:2])
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.shown
        assert app.screen.model.article_ids == ids[:2]
        library = app.screen_stack[0]
        assert isinstance(library, LibraryScreen)
        assert library.table.shown.is_empty()  # under Compare: Compare reads first, alone
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen is library
        assert library.table.shown["id"].to_list() == ids  # shown: it reads its rows


# -- navigation ---------------------------------------------------------------------------------


@sync
async def test_number_keys_switch_screens_and_q_quits(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        expected = {
            "3": ThemesScreen,
            "4": PhrasesScreen,
            "5": TablesScreen,
            "2": CompareScreen,
            "1": LibraryScreen,
        }
        for key, screen_type in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            if key in ("1", "5"):
                assert app.screen.query("ModeBar")
        await pilot.press("q")
    assert not app.is_running


@sync
async def test_open_thread_pushes_the_thread_and_its_key_returns_to_the_first_view(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        await pilot.press("3")
        theme = bundled_workspace.table("theme_by_year")["theme"][0]
        app.open_thread(theme)
        await _settle(app, pilot)
        assert isinstance(app.screen, ThemeThreadScreen)
        await pilot.press("3")  # the Themes key again: back to the theme table
        assert isinstance(app.screen, ThemesScreen)


def mode_bar_text(app: WorkbenchApp) -> str:
    """What the mode bar of the screen in view shows."""
    bar = app.screen.query_one(ModeBar)
    return bar.render().plain


def test_the_mode_bar_shortens_its_labels_rather_than_lose_a_mode() -> None:
    full = [mode.label for mode in MODES]
    assert fit_tabs(MODES, "tables", 80) == (True, full)
    assert fit_tabs(MODES, "tables", 60) == (False, full)  # the title goes first
    title, labels = fit_tabs(MODES, "tables", 45)
    assert not title and labels == ["Lib", "Cmp", "Thm", "Phr", "Tables"]
    assert fit_tabs(MODES, "tables", 30)[1] == ["", "", "", "", "Tbl"]
    assert fit_tabs(MODES, "tables", 10)[1] == [""] * len(MODES)


@pytest.mark.parametrize("width", [60, 50, 40, 30])
@sync
async def test_every_mode_stays_in_the_mode_bar_of_a_narrow_terminal(
    bundled_workspace, width: int
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(width, 15)) as pilot:
        await _settle(app, pilot)
        for mode in MODES:
            await pilot.press(mode.key)
            await _settle(app, pilot)
            text = mode_bar_text(app)
            assert len(text) <= width and "…" not in text, text
            assert text.split() == [
                word
                for tab, label in zip(MODES, fit_tabs(MODES, mode.name, width)[1], strict=True)
                for word in (tab.key, label)
                if word
            ], text
            # No label cut in the middle of a word: a mode's label is whole or its short one.
            assert mode.label in text or mode.short in text, text
        if width == 60:
            assert text.split() == [w for m in MODES for w in (m.key, m.label)]


@sync
async def test_the_mode_bar_is_unchanged_from_80_columns_and_a_click_on_a_tab_shows_it(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        text = mode_bar_text(app)
        assert text.startswith(" workbench  1 Library  2 Compare  3 Themes  4 Phrases  5 Tables ")
        assert text.rstrip().endswith(app.corpus_label) and len(text) == 80
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        text = mode_bar_text(app)
        assert await pilot.click(ModeBar, offset=(text.index("5"), 0))
        await _settle(app, pilot)
        assert isinstance(app.screen, TablesScreen)
        assert await pilot.click(ModeBar, offset=(mode_bar_text(app).index("3"), 0))
        await _settle(app, pilot)
        assert isinstance(app.screen, ThemesScreen)


# -- help and the command palette ---------------------------------------------------------------


def _help_text(app) -> str:
    """What the help's table (its first lines) and hint show."""
    shown = [app.screen.query_one("#help-table"), app.screen.query_one("#help-hint")]
    return "\n".join(
        widget.render_line(y).text for widget in shown for y in range(widget.size.height)
    )


@sync
async def test_a_narrow_help_gives_its_width_to_what_keys_do_not_their_ids(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(40, 16)) as pilot:
        await _settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        narrow = _help_text(app)
        assert "Mark" in narrow and "library.mark" not in narrow and "[ids]" not in narrow
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        wide = _help_text(app)
        assert "library.mark" in wide and "[ids] rebind keys" in wide


@sync
async def test_help_lists_the_live_bindings_of_the_screen_in_view(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        by_id = {entry.binding_id: entry for entry in help_screen.entries}
        for binding_id in (
            "library.open-compare",
            "library.mark",
            "library.filter",
            "table.sort",
            "table.down",
            "app.quit",
            "app.help",
            "app.tables",
        ):
            assert binding_id in by_id, binding_id
        assert by_id["table.down"].keys == "↓ j"
        assert by_id["library.mark"].section == "Library screen"
        assert by_id["app.quit"].section == "Everywhere"
        # Textual's own keys in the workbench's words: ctrl+q on Quit's line, no Title Case
        assert by_id["app.quit"].keys == "q ^q"
        assert [e.description for e in help_screen.entries].count("Quit") == 1
        stock = [e.description for e in help_screen.entries if not e.binding_id]
        assert "Page left" in stock and "Command palette" in stock
        assert all(word.islower() for text in stock for word in text.split()[1:])
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        # On the Tables screen the help lists the Tables keys, not the Library's.
        await pilot.press("5")
        await _settle(app, pilot)
        entries = {entry.binding_id for entry in binding_entries(app.screen)}
        assert "tables.export" in entries
        assert "library.mark" not in entries


@sync
async def test_help_scrolls_by_line_page_and_to_either_end(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("question_mark")
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 10
        await pilot.press("j", "j")
        assert body.scroll_y == 2
        await pilot.press("space")
        assert body.scroll_y > 2 + body.size.height / 2
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("k", "g")
        assert body.scroll_y == 0


@sync
async def test_command_palette_offers_the_screen_keys_and_the_screens(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Library: mark" in titles
        assert "Go to Tables" in titles
        assert "Table: theme_by_year" in titles
        assert "Light / dark" in titles
        assert len(titles) == len(set(titles))  # no command twice
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Table: theme_by_year"
        )
        command.callback()
        await _settle(app, pilot)
        assert isinstance(app.screen, TablesScreen)
        assert app.screen.current == "theme_by_year"


def _palette_search(app: WorkbenchApp, word: str) -> list[str]:
    """The titles of the palette's commands that a search for ``word`` finds."""
    return [
        command.title
        for command in app.get_system_commands(app.screen)
        if word.lower() in command.title.lower()
    ]


@sync
async def test_the_palette_reaches_every_screens_actions_from_anywhere(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "Tables: export" in _palette_search(app, "export")
        assert "Themes: open thread" in _palette_search(app, "thread")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Phrases: compare", "Themes: metric", "Tables: open row", "Themes: filter"):
            assert title in titles, title
        assert "Library: filter" in titles and titles.count("Library: filter") == 1
        # Running one shows its screen first: the thread of the theme under the cursor opens.
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Themes: open thread"
        )
        command.callback()
        await _settle(app, pilot)
        assert isinstance(app.screen, ThemeThreadScreen)
        first_theme = app.get_screen_stack("themes")[0].table.shown["theme"][0]
        assert app.screen.theme_id == first_theme
        # From the thread, the Tables export computes the table shown first, then asks where.
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Tables: export"
        )
        command.callback()
        await _settle(app, pilot)
        await _settle(app, pilot)
        assert isinstance(app.screen, ExportPrompt)
        await pilot.press("escape")
        assert isinstance(app.screen, TablesScreen)


# -- keymap -------------------------------------------------------------------------------------


def test_parse_keymap_accepts_strings_and_lists_and_rejects_nonsense() -> None:
    keymap = parse_keymap('[keys]\n"library.mark" = "m"\n"table.down" = ["down", "ctrl+n"]\n')
    assert keymap == {"library.mark": "m", "table.down": "down,ctrl+n"}
    with pytest.raises(WorkbenchError, match=r"keymap\.toml:1: malformed TOML"):
        parse_keymap("[keys\n")
    with pytest.raises(WorkbenchError, match=r"keys\.library\.mark"):
        parse_keymap('[keys]\n"library.mark" = 3\n')
    with pytest.raises(WorkbenchError, match="not a key name"):
        parse_keymap('[keys]\n"library.mark" = "ctrl + m"\n')
    with pytest.raises(WorkbenchError, match="expected \\[keys\\]"):
        parse_keymap('[bindings]\n"library.mark" = "m"\n')


def test_read_keymap_finds_the_file_in_the_config_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("WORKBENCH_KEYMAP", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert read_keymap() == {}
    (tmp_path / "workbench").mkdir()
    (tmp_path / "workbench" / "keymap.toml").write_text('[keys]\n"app.quit" = "ctrl+q"\n')
    assert read_keymap() == {"app.quit": "ctrl+q"}
    with pytest.raises(WorkbenchError, match="not found"):
        read_keymap(tmp_path / "nope.toml", required=True)


@sync
async def test_keymap_file_rebinds_keys_by_id(bundled_workspace, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"library.mark" = "m"\n"app.tables" = "t"\n')
    app = WorkbenchApp(workspace=bundled_workspace, keymap_file=keymap)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        screen = app.screen
        first = screen.table.shown["id"][0]
        await pilot.press("space")  # no longer bound to marking
        assert screen.marked == []
        await pilot.press("k", "m")
        assert screen.marked == [first]
        entries = {entry.binding_id: entry.keys for entry in binding_entries(screen, app.keymap)}
        assert entries["library.mark"] == "m"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TablesScreen)


@sync
async def test_a_broken_keymap_is_reported_and_the_defaults_stay(
    bundled_workspace, tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[keys\n")
    app = WorkbenchApp(workspace=bundled_workspace, keymap_file=keymap)
    shown = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        await pilot.press("space")
        assert app.screen.marked
    assert any(f"{keymap}:1: malformed TOML" in message for _, message, _ in shown)


def test_unknown_binding_ids_are_named_with_the_nearest_known_one() -> None:
    from workbench.tui.keymap import known_binding_ids, unknown_binding_ids

    known = known_binding_ids()
    assert {"library.mark", "app.quit", "row.close"} <= known  # row.close: a screen shown late
    keymap = {"library.mark": "m", "library.mrak": "m", "library.nope": "o"}
    assert unknown_binding_ids(keymap, "km.toml", known) == [
        "km.toml: keys.library.mrak: unknown binding id (did you mean library.mark?)",
        "km.toml: keys.library.nope: unknown binding id",
    ]


@sync
async def test_a_misspelt_binding_id_is_reported_and_the_rest_of_the_keymap_applies(
    bundled_workspace, tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"library.mrak" = "m"\n"app.tables" = "t"\n')
    app = WorkbenchApp(workspace=bundled_workspace, keymap_file=keymap)
    shown = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TablesScreen)
    assert [message for _, message, _ in shown] == [
        f"{keymap}: keys.library.mrak: unknown binding id (did you mean library.mark?)"
    ]


# -- themes -------------------------------------------------------------------------------------


@sync
async def test_light_dark_and_terminal_palette_switches(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        app.action_toggle_ansi()
        assert app.theme == "ansi-light" and app.current_theme.ansi
        await pilot.press("ctrl+t")
        assert app.theme == "ansi-dark"


# -- command line -------------------------------------------------------------------------------


def test_without_a_terminal_the_app_says_to_use_ssh_t() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "ssh -t" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_with_an_unknown_id_fails_in_one_line_before_the_app(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    import workbench.cli.terminal
    from workbench.cli.parser import main

    monkeypatch.setattr(workbench.cli.terminal, "check_terminal", lambda: None)
    status = main(["compare", "000", "nope", "--cache", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert "workbench: error: unknown article id nope" in err
    assert "Traceback" not in err


def test_the_open_command_passes_the_command_line_to_the_app(monkeypatch) -> None:
    import workbench.cli.terminal
    from workbench.cli.parser import main
    from workbench.tui import app as app_module

    seen: dict[str, object] = {}

    def fake_run(self: WorkbenchApp, **_options: object) -> None:
        seen.update(
            corpus=self.options.corpus,
            exports=self.exports_dir,
            served=self.served,
            compare=self.start_compare,
            cache=self.options.use_cache,
        )

    monkeypatch.setattr(workbench.cli.terminal, "check_terminal", lambda: None)
    monkeypatch.setattr(app_module.WorkbenchApp, "run", fake_run)
    assert main(["open", "c", "--no-cache", "--exports", "out", "--served"]) == 0
    assert seen == {
        "corpus": Path("c"),
        "exports": Path("out"),
        "served": True,
        "compare": None,
        "cache": False,
    }


@sync
async def test_every_corpus_warning_can_be_read_in_full_from_the_palette(make_corpus) -> None:
    from workbench.tui.screens.row_view import RowView
    from workbench.workspace import Workspace

    page = "Kerry and Lavrov agree\n\nThe two ministers agreed on Friday to resume the talks.\n"
    files = {f"empty{n}.txt": "" for n in range(6)} | {"a.txt": page, "b.txt": page}
    workspace = Workspace.open(WorkspaceOptions(corpus=make_corpus(files), use_cache=False))
    assert len(workspace.corpus.warnings) == 7  # more than the toast shows
    app = WorkbenchApp(workspace=workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Corpus warnings"
        )
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, RowView)
        assert list(app.screen.row.values()) == list(workspace.corpus.warnings)
        assert app.screen.title_text == "7 corpus warnings"
        await pilot.press("escape")
        assert not isinstance(app.screen, RowView)


@sync
async def test_the_palette_says_one_corpus_warning_in_the_singular(make_corpus) -> None:
    from workbench.workspace import Workspace

    page = "Kerry and Lavrov agree\n\nThe two ministers agreed on Friday to resume the talks.\n"
    files = {"empty.txt": "", "a.txt": page}
    workspace = Workspace.open(WorkspaceOptions(corpus=make_corpus(files), use_cache=False))
    assert len(workspace.corpus.warnings) == 1
    app = WorkbenchApp(workspace=workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Corpus warnings"
        )
        assert command.help == "The 1 warning reading the corpus gave, in full"


def test_a_failure_told_when_no_screen_is_left_is_not_an_error_of_its_own(tmp_path: Path) -> None:
    # Work that fails while the app closes reaches an app with no screen on its stack.
    app = WorkbenchApp(WorkspaceOptions(corpus=tmp_path, cache_root=tmp_path / "cache"))
    assert not app.screen_stack
    assert app._loading_screen() is None
