"""Command palette entries: every key of the screen in view, the screens, tables and themes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from workbench.analysis.tables import TABLES
from workbench.tui.modes import MODES

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


def binding_commands(app: WorkbenchApp, screen: Screen) -> Iterable[SystemCommand]:
    """One command per active binding of ``screen`` (its focused widget's, its own, the app's)."""
    seen: set[str] = set()
    screen_name = type(screen).__name__.removesuffix("Screen")
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        if not enabled or binding.system or not binding.description:
            continue
        if node is app:
            continue  # offered by app_commands with better names
        if node is not screen and not binding.show:
            continue  # a widget's cursor moves are keys, not commands
        ident = f"{id(node)}:{binding.id or binding.action}"
        if ident in seen:
            continue
        seen.add(ident)
        key = app.get_key_display(binding)
        where = (
            screen_name
            if node is screen
            else (getattr(node, "HELP_NAME", None) or type(node).__name__)
        )
        yield SystemCommand(
            f"{where}: {binding.description}",
            f"{tooltip or binding.description} (key {key})",
            partial(app.run_action, binding.action, node),
        )


def app_commands(app: WorkbenchApp) -> Iterable[SystemCommand]:
    """Commands that work everywhere: go to a screen, open a table, switch themes, help."""
    if app.workspace is not None:
        for mode in MODES:
            yield SystemCommand(
                f"Go to {mode.label}",
                f"Show the {mode.label} screen (key {mode.key})",
                partial(app.action_go, mode.name),
            )
        for name, spec in TABLES.items():
            yield SystemCommand(
                f"Table: {name}",
                spec.description or f"Show the {name} table",
                partial(app.show_table, name),
            )
    yield SystemCommand(
        "Help: keys of this screen", "List every key of this screen (key ?)", app.action_help
    )
    yield SystemCommand(
        "Light / dark",
        "Switch between the light and the dark theme (key ctrl+t)",
        app.action_toggle_dark,
    )
    yield SystemCommand(
        "Terminal colours",
        "Use the terminal's own 16-colour palette (the ANSI theme), or leave it",
        app.action_toggle_ansi,
    )
