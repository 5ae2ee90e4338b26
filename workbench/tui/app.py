"""The workbench application: loads the workspace in a worker, then shows the screens as modes."""

from __future__ import annotations

import asyncio
import shlex
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

import polars as pl
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal

from workbench.errors import WorkbenchError
from workbench.options import WorkspaceOptions
from workbench.terminal_signals import quit_on_signals, terminal_modes
from workbench.tui.controls import show_control_characters
from workbench.tui.keymap import default_keymap_path, read_keymap, unknown_binding_ids
from workbench.tui.messages import StatusChanged, WorkspaceReady
from workbench.tui.modes import mode_bindings, mode_screens
from workbench.tui.palette import app_commands, binding_commands, other_screen_commands
from workbench.tui.screens.base import WorkbenchScreen
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.export_prompt import ExportPrompt, ExportRequest
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.loading import LoadingScreen
from workbench.tui.screens.phrases import PhrasesScreen
from workbench.tui.screens.tables import TablesScreen
from workbench.tui.screens.themes import ThemeThreadScreen
from workbench.tui.work import WorkDone, WorkFailed, abandonable, run_work
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.workspace import Workspace

ScreenT = TypeVar("ScreenT", bound=Screen)

LIGHT_DARK = {
    "textual-dark": "textual-light",
    "textual-light": "textual-dark",
    "ansi-dark": "ansi-light",
    "ansi-light": "ansi-dark",
}


# The files of an index opened as published are checked this long after it opens: listing and
# stat'ing 100,000 files keeps a core busy for seconds, which the first screen's reading needs.
FILE_CHECK_AFTER_S = 3.0
LOAD_FAILED = 2  # the exit status of an app whose corpus could not be opened: bad input


def index_command(workspace: Workspace) -> str:
    """The command that builds ``workspace``'s index outside the interface."""
    directory = getattr(workspace.corpus, "directory", None)
    where = f" --corpus {shlex.quote(str(directory))}" if directory is not None else ""
    return f"workbench index{where}"


class WorkbenchApp(App):
    """The workbench: Library, Compare, Themes, Phrases and Tables over one workspace."""

    TITLE = "workbench"
    CSS_PATH = Path(__file__).with_name("app.tcss")

    MODES: ClassVar[dict[str, type[Screen]]] = mode_screens()

    BINDINGS: ClassVar[list[BindingType]] = [
        *mode_bindings(),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False, id="app.toggle-dark"),
    ]

    def __init__(
        self,
        options: WorkspaceOptions | None = None,
        *,
        exports_dir: Path | None = None,
        served: bool = False,
        start_compare: list[str] | None = None,
        keymap_file: Path | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        show_control_characters()  # corpus text is shown, never interpreted by the terminal
        super().__init__()
        if options is None:
            options = workspace.options if workspace is not None else WorkspaceOptions()
        self.options = options
        self.exports_dir = Path(exports_dir) if exports_dir is not None else Path("exports")
        self.served = served
        self.start_compare = list(start_compare) if start_compare else None
        self.keymap_file = keymap_file
        self.keymap: dict[str, str] = {}
        # Work the app does on its own in the background (updating the index), shown in the
        # mode bar of every screen; "" when there is none.
        self.status = ""
        self.status_signal: Signal[str] = Signal(self, "status")
        self.workspace: Workspace | None = None
        self.load_error: str | None = None  # why the corpus could not be opened
        self._given_workspace = workspace
        self.terminal_modes: list | None = None  # the terminal's modes before the app ran
        self.last_compare: list[str] | None = None
        self.corpus_label = self.options.corpus_label
        self.sub_title = self.corpus_label

    # -- start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return LoadingScreen(self.corpus_label)

    def on_mount(self) -> None:
        self._quit_on_signals()
        self._read_keymap()
        if self._given_workspace is not None:
            self._workspace_loaded(self._given_workspace)
        else:
            run_work(
                self,
                "opening the corpus",
                self._open_workspace,
                self._workspace_loaded,
                failed=self._workspace_failed,
            )

    def _read_keymap(self) -> None:
        """Apply the user's keymap; say what in it cannot be applied (its keys stay default)."""
        path = self.keymap_file if self.keymap_file is not None else default_keymap_path()
        try:
            self.keymap = read_keymap(self.keymap_file, required=self.keymap_file is not None)
        except WorkbenchError as error:
            self.notify(str(error), title="keymap not applied", severity="error", timeout=10)
        if not self.keymap:
            return
        self.set_keymap(self.keymap)
        unknown = unknown_binding_ids(self.keymap, str(path))
        if unknown:
            text = "\n".join(unknown)
            self.notify(text, title="keymap: ids not found", severity="warning", timeout=10)

    def _quit_on_signals(self) -> None:
        """Quit on SIGTERM or SIGHUP (a server stopping, a terminal closed, ``kill``) as on
        ``q``: the terminal is put back as the app found it, not left on the app's screen with
        the mouse reported and no cursor; a busy app is ended all the same (``signals``). The
        exit status says which signal (128 + its number)."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()

        def quit_app(status: int, message: str | None) -> None:
            loop.call_soon_threadsafe(self.exit, None, status, message)

        quit_on_signals(quit_app, self.terminal_modes)

    def _open_workspace(self) -> Workspace:
        """Open the workspace (ingest or read the cache) without blocking the interface."""
        from workbench.workspace import Workspace

        def progress(step: str, fraction: float) -> None:
            self.call_from_thread(self._show_progress, step, fraction)

        # A large corpus's index opens as published; its files are checked once it shows.
        return Workspace.open(self.options, progress=progress, verify=False)

    def _show_progress(self, step: str, fraction: float) -> None:
        if (loading := self._loading_screen()) is not None:
            loading.show_progress(step, fraction)

    def _workspace_failed(self, error: str) -> None:
        self.load_error = error
        if (loading := self._loading_screen()) is not None:
            loading.show_error(error)

    # -- work done in workers ------------------------------------------------------------------

    def on_work_done(self, message: WorkDone) -> None:
        message.deliver()

    def on_work_failed(self, message: WorkFailed) -> None:
        """Every failure of work in a worker: told to the screen that asked, shown, logged."""
        message.deliver()
        self.log.error(f"{message.title}: {message.error}\n{message.details}")
        if self._loading_screen() is None:  # there the error replaces the progress
            self.notify(message.error, title=message.title, severity="error", timeout=10)

    def _loading_screen(self) -> LoadingScreen | None:
        """The loading screen when it is the one shown (None: another, or none left as the app
        closes)."""
        try:
            screen = self.screen
        except ScreenStackError:
            return None
        return screen if isinstance(screen, LoadingScreen) else None

    def _workspace_loaded(self, workspace: Workspace) -> None:
        self.workspace = workspace
        if self.return_code is not None:  # quit while loading: no screen to show any more
            return
        # A large index's missing tables: never computed in this process.
        workspace.compute_apart(self._index_progress)
        # What a first comparison needs is made ready once the first screen is drawn.
        self.call_after_refresh(run_work, self, "getting comparisons ready", workspace.warm_up)
        directory = getattr(getattr(workspace, "corpus", None), "directory", None)
        if directory is not None and self.options.corpus is not None:
            self.corpus_label = str(directory)
        for screen in self.screen_stack:
            screen.post_message(WorkspaceReady(workspace))
        warnings = self.corpus_warnings
        if warnings:
            shown = "\n".join(warnings[:5])
            more = f"\n… and {len(warnings) - 5} more" if len(warnings) > 5 else ""
            more += "\n(ctrl+p Corpus warnings lists them all)"
            self.notify(
                shown + more,
                title=counted(len(warnings), "corpus warning"),
                severity="warning",
                timeout=8,
            )
        self.switch_mode("library")
        if self.start_compare:
            self.open_compare(self.start_compare)
        # The files, then the tables: checked once the first screen has read its rows.
        if not workspace.verified:
            self.set_timer(FILE_CHECK_AFTER_S, lambda: self._check_files(workspace))
        else:
            self.set_timer(FILE_CHECK_AFTER_S, lambda: self._check_tables(workspace))

    def _check_tables(self, workspace: Workspace) -> None:
        """Look for tables the index lacks (a large corpus's index keeps them on disk)."""
        if workspace is not self.workspace:
            return
        run_work(
            self,
            "looking for tables to update",
            workspace.tables_to_update,
            lambda names: self._update_tables(workspace, names),
        )

    def _update_tables(self, workspace: Workspace, names: list[str]) -> None:
        """Compute the tables a large corpus's index lacks (it was built by another version of
        workbench, or with another lexicon or settings) in the background, saying so."""
        if not names or workspace is not self.workspace:
            return
        command = index_command(workspace)
        count = f"{len(names)} table{'s' if len(names) != 1 else ''}"
        self.notify(
            f"{count} missing from the index for this version of workbench and these "
            f"settings ({', '.join(names)}): computing them here, screens that need them "
            f"wait. `{command}` does it on every core.",
            title="updating the index",
            timeout=15,
        )

        def finished(_: None) -> None:
            if workspace is self.workspace:
                self.notify("Every table of the index is up to date.")

        def compute() -> None:
            for name in names:  # one at a time: a screen waiting for one gets it when it is made
                workspace.compute([name])

        run_work(self, "updating the index", compute, finished)

    def _index_progress(self, stage: str, done: int, total: int) -> None:
        """A computation of the index's tables went on (from its waiting thread): show it."""
        # Posted, never waited for: the thread must not block on an app that is closing.
        self.post_message(StatusChanged(f"indexing {stage} {done}/{total}" if stage else ""))

    def on_status_changed(self, message: StatusChanged) -> None:
        """Show the app's background work in the mode bar of every screen ("" clears it)."""
        self.status = message.status
        self.status_signal.publish(message.status)

    def _check_files(self, workspace: Workspace) -> None:
        """Check whether the files of an index opened as published changed since it was built."""
        if workspace is self.workspace:
            run_work(self, "checking the corpus for changes", workspace.stale, self._checked)

    def _checked(self, stale: bool) -> None:
        """The published index was checked against the files: update it if they changed."""
        if not stale:
            if self.workspace is not None:
                self._check_tables(self.workspace)
            return
        self.notify("Files changed since the corpus was indexed: updating the index…")
        run_work(self, "updating the index", self._reopen, self._updated)

    def _reopen(self) -> Workspace:
        from workbench.workspace import Workspace

        return Workspace.open(self.options)

    def _updated(self, workspace: Workspace) -> None:
        """The index is up to date with the files: every screen shows the new workspace."""
        if self.workspace is not None:
            self.workspace.stop_computing()
        self.workspace = workspace
        workspace.compute_apart(self._index_progress)
        for screen in self.screen_stack:
            screen.post_message(WorkspaceReady(workspace))
        self.notify("The index is up to date with the corpus files.")
        self._check_tables(workspace)

    def exit(self, result: object = None, return_code: int = 0, message: object = None) -> None:
        """Quit, ending the computation of tables in another process (never waited for); quit
        from a corpus that could not be opened, with status 2, as for any bad input."""
        if self.workspace is not None:
            self.workspace.stop_computing()
        if self.load_error is not None and return_code == 0:
            return_code = LOAD_FAILED
        super().exit(result, return_code, message)

    # -- navigation --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "go" and self.workspace is None)

    def action_go(self, mode: str) -> None:
        """Show a top-level screen; pressing its key again goes back to its first view."""
        if self.workspace is None:
            return
        if mode == "compare":
            if isinstance(self.screen, CompareScreen):
                return
            if self.last_compare:
                self.open_compare(self.last_compare)
                return
        if mode == self.current_mode:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.switch_mode(mode)

    def run_in_mode(self, mode: str, action: str) -> None:
        """Show the first view of the top-level screen ``mode``, then run its ``action``."""
        if self.current_mode != mode:
            self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.call_after_refresh(self._run_on_screen, action)

    def _run_on_screen(self, action: str) -> None:
        screen = self.screen

        def run() -> None:
            self.call_later(self.run_action, action, screen)

        if isinstance(screen, WorkbenchScreen):
            screen.when_ready(run)
        else:
            run()

    def open_compare(self, article_ids: list[str], focus: tuple[str, int] | None = None) -> None:
        """Show ``article_ids`` side by side; escape comes back here."""
        self.last_compare = list(article_ids)
        self.push_screen(CompareScreen(list(article_ids), focus=focus))

    def open_thread(self, theme_id: str) -> None:
        """Show the passages of theme ``theme_id`` in date order."""
        self.push_screen(ThemeThreadScreen(theme_id))

    def open_phrase(self, phrase: str) -> None:
        """Show ``phrase`` in the Phrases screen with its keyword-in-context lines."""
        self._in_mode("phrases", PhrasesScreen, lambda screen: screen.show_phrase(phrase))

    def show_table(self, name: str) -> None:
        """Show the table ``name`` in the Tables screen."""
        self._in_mode("tables", TablesScreen, lambda screen: screen.pick(name))

    def _in_mode(self, mode: str, kind: type[ScreenT], show: Callable[[ScreenT], None]) -> None:
        """Switch to ``mode`` and, once its screen is up (a ``kind``), call ``show`` with it."""
        if self.current_mode != mode:
            self.switch_mode(mode)

        def on_screen() -> None:
            screen = self.screen
            if isinstance(screen, kind):
                show(screen)

        self.call_after_refresh(on_screen)

    def action_back(self) -> None:
        """Escape: close the screen on top; on a first screen there is nothing to back out of."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    @property
    def corpus_warnings(self) -> tuple[str, ...]:
        """What reading the corpus warned of (files skipped, encodings guessed, …), and saved
        labels that name articles the corpus does not have."""
        warnings = tuple(getattr(getattr(self.workspace, "corpus", None), "warnings", ()) or ())
        stray = self._stray_label_ids()  # reads the labels: takes over a moved corpus's first
        moved_from = getattr(self.workspace, "labels_moved_from", None)
        if moved_from is not None:
            warnings += (
                f"labels: those kept for this corpus when it was at {moved_from} (no longer "
                "there) are this folder's now",
            )
        if stray:
            shown = ", ".join(stray[:4]) + (", …" if len(stray) > 4 else "")
            warnings += (
                f"labels name {len(stray)} article{'s' if len(stray) > 1 else ''} this corpus "
                f"does not have ({shown}): a file renamed or removed, or named by its folders "
                "since another file took its name (`workbench manifest write` keeps ids as "
                "they are)",
            )
        return warnings

    def _stray_label_ids(self) -> list[str]:
        find = getattr(self.workspace, "stray_label_ids", None)
        if find is None:  # no workspace yet
            return []
        try:
            return find()
        except WorkbenchError:  # a damaged label store is said where labels are used
            return []

    def show_corpus_warnings(self) -> None:
        """Every corpus warning in full, one a line, scrollable (the first few are a toast)."""
        from workbench.tui.screens.row_view import RowView

        warnings = self.corpus_warnings
        numbered = {str(number): text for number, text in enumerate(warnings, start=1)}
        self.push_screen(RowView(numbered, counted(len(warnings), "corpus warning")))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def action_toggle_dark(self) -> None:
        """Switch between the light and dark variant of the theme in use."""
        current = self.theme
        self.theme = LIGHT_DARK.get(
            current, "textual-light" if self.current_theme.dark else "textual-dark"
        )
        self.notify(f"theme {self.theme}", timeout=2)

    def action_toggle_ansi(self) -> None:
        """Switch between the terminal's own palette (ANSI theme) and the truecolour theme."""
        dark = self.current_theme.dark
        if self.theme.startswith("ansi-"):
            self.theme = "textual-dark" if dark else "textual-light"
        else:
            self.theme = "ansi-dark" if dark else "ansi-light"
        self.notify(f"theme {self.theme}", timeout=2)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from app_commands(self)
        yield from binding_commands(self, screen)
        yield from other_screen_commands(self, screen)
        for command in super().get_system_commands(screen):
            # Textual's key panel squeezes the screen and Escape does not close it; each
            # screen's own help (?) lists its keys.
            if command.title != "Keys":
                yield command

    # -- exports -----------------------------------------------------------------------------

    def export_frame(
        self,
        frame: pl.DataFrame | pl.LazyFrame,
        table: str,
        query: dict[str, object] | None = None,
        rows: int | None = None,
    ) -> None:
        """Ask where to write ``frame`` (``rows`` rows; a lazy frame is streamed) as Parquet;
        the prompt writes it in a worker and stays open on a failure, saying why."""
        count = rows if rows is not None else frame.lazy().select(pl.len()).collect().item()
        prompt = ExportPrompt(
            table,
            count,
            self.exports_dir,
            confined=self.served,
            write=lambda request: self._write_export(frame, count, request, table, query),
            corpus=self.workspace.corpus.directory if self.workspace is not None else None,
        )
        self.push_screen(prompt)

    def _write_export(
        self,
        frame: pl.DataFrame | pl.LazyFrame,
        rows: int,
        request: ExportRequest,
        table: str,
        query: dict[str, object] | None = None,
    ) -> Path:
        """Write the export off the interface thread; the notification tells where it went."""
        from workbench.store.export import export_table

        path = export_table(
            self.workspace,
            frame,
            request.path,
            table=table,
            overwrite=request.overwrite,
            query=query,
            make_dirs=True,
        )
        self.call_from_thread(
            self.notify, f"{counted(rows, 'row')} → {path}", title="exported", timeout=8
        )
        return path


def run_app(
    options: WorkspaceOptions,
    *,
    exports_dir: Path | None = None,
    served: bool = False,
    start_compare: list[str] | None = None,
    workspace: Workspace | None = None,
) -> int:
    """Run the app for the ``open`` and ``compare`` commands; returns the exit status."""
    app = WorkbenchApp(
        options,
        exports_dir=exports_dir,
        served=served,
        start_compare=start_compare,
        workspace=workspace,
    )
    app.terminal_modes = terminal_modes()  # as they are before the app changes them
    # The loop is ours, not asyncio.run's: that would wait for the worker threads at its end.
    runner = asyncio.Runner()
    try:
        app.run(loop=runner.get_loop())
    finally:
        if app.workspace is not None:  # however the app ended, nothing waits for a table
            app.workspace.stop_computing()
    if not abandonable():  # else the caller ends the process (``abandonable``)
        runner.close()
    if app.load_error is not None and app.return_code == LOAD_FAILED:
        # The error screen went with the app: its one line stays in the terminal, as a
        # command's error does.
        raise WorkbenchError(app.load_error)
    return app.return_code or 0
