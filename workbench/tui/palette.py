"""Command palette entries: every action of every screen, the screens, tables and themes.

The screen in view offers its live bindings (its focused widget's and its own); the Library,
Themes, Phrases and Tables screens offer their actions from anywhere: the command shows that
screen first, then runs the action. Compare and a theme's thread act on what they show, so
their actions are offered while they are in view.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workbench.analysis.tables import TABLES
from workbench.tui.modes import MODES, SCREEN_MODES
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

# Screens whose actions are offered from anywhere (the others need what they show).
EVERYWHERE = ("library", "themes", "phrases", "tables")
# Actions that only make sense as keys: backing out, moving focus between panes.
KEY_ONLY = {"back", "clear_filter", "switch_focus"}
SCREEN_LABELS = {"ThemeThreadScreen": "Thread", "CompareScreen": "Compare"}


def command_name(where: str, description: str) -> str:
    """``Tables: export``: where the action is, then what it does (its first letter lowered
    unless the word is an acronym such as KWIC)."""
    if len(description) > 1 and description[1].islower():
        description = description[0].lower() + description[1:]
    return f"{where}: {description}"


def screen_label(screen: Screen) -> str:
    """The name the palette gives a screen: its mode's label, or its own."""
    name = type(screen).__name__
    if name in SCREEN_LABELS:
        return SCREEN_LABELS[name]
    mode = next((m for m in MODES if m.screen is type(screen)), None)
    return mode.label if mode is not None else name.removesuffix("Screen")


def binding_commands(app: WorkbenchApp, screen: Screen) -> Iterable[SystemCommand]:
    """One command per active binding of ``screen`` (its focused widget's and its own)."""
    seen: set[str] = set()
    label = screen_label(screen)
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        if not enabled or binding.system or not binding.description:
            continue
        if node is app:
            continue  # offered by app_commands with better names
        if node is not screen and not binding.show:
            continue  # a widget's cursor moves are keys, not commands
        if binding.action in KEY_ONLY or binding.id is None:
            continue  # backing out and Textual's own focus keys are keys, not commands
        where = label if node is screen else (getattr(node, "HELP_NAME", None) or label)
        name = command_name(where, binding.description)
        if name in seen:
            continue
        seen.add(name)
        key = app.get_key_display(binding)
        yield SystemCommand(
            name,
            f"{tooltip or binding.description} (key {key})",
            partial(app.run_action, binding.action, node),
        )


def _declared_bindings(screen: type[Screen]) -> list[Binding]:
    """The bindings a screen class declares (its own and its bases'), as Binding objects."""
    bindings: list[Binding] = []
    for cls in reversed(screen.__mro__):
        declared = cls.__dict__.get("BINDINGS")
        if declared and cls.__module__.startswith("workbench."):
            bindings.extend(Binding.make_bindings(declared))
    return bindings


def other_screen_commands(app: WorkbenchApp, screen: Screen) -> Iterable[SystemCommand]:
    """The actions of the other top-level screens: each shows its screen, then acts."""
    if app.workspace is None:
        return
    in_view = SCREEN_MODES.get(type(screen))
    for mode in MODES:
        if mode.name not in EVERYWHERE or (mode.name == in_view and type(screen) is mode.screen):
            continue
        seen: set[str] = set()
        for binding in _declared_bindings(mode.screen):
            if not binding.description or binding.action in KEY_ONLY:
                continue
            name = command_name(mode.label, binding.description)
            if name in seen:
                continue
            seen.add(name)
            keys = app.keymap.get(binding.id, binding.key) if binding.id else binding.key
            key = app.get_key_display(Binding(keys.split(",")[0], binding.action))
            help_text = binding.tooltip or binding.description
            yield SystemCommand(
                name,
                f"{help_text} (the {mode.label} screen, key {mode.key} then {key})",
                partial(app.run_in_mode, mode.name, binding.action),
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
    if app.corpus_warnings:
        yield SystemCommand(
            "Corpus warnings",
            f"The {counted(len(app.corpus_warnings), 'warning')} reading the corpus gave, in full",
            app.show_corpus_warnings,
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
