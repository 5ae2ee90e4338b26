"""HelpScreen: every key binding of the screen in view, read from its live bindings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label, Static

from workbench.analysis.query import SYNTAX_HELP
from workbench.tui.screens.scrolling import ScrollingModal, scroll_bindings
from workbench.tui.widgets.filter_bar import FilterBar, FilterInput


@dataclass(frozen=True)
class HelpEntry:
    """One row of the help: where the binding lives, its keys, what it does and its id."""

    section: str
    keys: str
    description: str
    binding_id: str


def _section(node: DOMNode, screen: Screen) -> str:
    if node is screen:
        return f"{type(screen).__name__.removesuffix('Screen') or 'Screen'} screen"
    if node is screen.app:
        return "Everywhere"
    return getattr(node, "HELP_NAME", None) or type(node).__name__


# Textual's own bindings (no id) in the workbench's words: sentence case, no tooltip.
_STOCK_WORDING = {
    "app.focus_next": "Next field",
    "app.focus_previous": "Previous field",
    "screen.copy_text": "Copy the selected text",
    "command_palette": "Command palette",
}


def _description(binding: Binding) -> str:
    if binding.id is None:
        if binding.action in _STOCK_WORDING:
            return _STOCK_WORDING[binding.action]
        text = binding.description or binding.action.replace("_", " ")
        return text[:1].upper() + text[1:].lower()
    text = binding.description or binding.action.replace("_", " ")
    if binding.tooltip and binding.tooltip != text:
        text = f"{text} — {binding.tooltip}"
    return text


def _class_bindings(widget_type: type) -> list[Binding]:
    """The bindings the workbench's own classes give a widget type, as Binding objects.

    Textual's stock bindings of a widget that is not focused (scrolling, text editing) are
    left out: they are listed when the widget has focus, where they apply.
    """
    bindings: list[Binding] = []
    for cls in reversed(widget_type.__mro__):
        if not cls.__module__.startswith("workbench."):
            continue
        declared = cls.__dict__.get("BINDINGS")
        if declared:
            bindings.extend(Binding.make_bindings(declared))
    return bindings


def binding_entries(screen: Screen, keymap: dict[str, str] | None = None) -> list[HelpEntry]:
    """The bindings of ``screen``: the focused widget's, the screen's, its widgets', the app's.

    The focus chain comes from ``screen.active_bindings`` (so the keymap and disabled actions
    are taken into account); the screen's and its widgets' other bindings (a table pane that is
    not focused, a key that is off just now) are listed from their declared bindings with
    ``keymap`` applied.
    A binding reachable by several keys is listed once with all of them.
    """
    app = screen.app
    keymap = keymap or {}
    keys: dict[tuple[str, str], list[str]] = {}
    rows: dict[tuple[str, str], Binding] = {}

    def add(section: str, key: str, binding: Binding) -> None:
        if binding.system or binding.action in ("", "noop"):
            return
        ident = (section, binding.id or binding.action)
        display = app.get_key_display(Binding(key, binding.action))
        if ident not in keys:
            keys[ident] = []
            rows[ident] = binding
        if display not in keys[ident]:
            keys[ident].append(display)

    active = sorted(
        screen.active_bindings.values(),
        key=lambda item: 2 if item.node is app else 1 if item.node is screen else 0,
    )
    for node, binding, _enabled, _tooltip in active:
        add(_section(node, screen), binding.key, binding)
    # The keys that are off just now (Compare's n / N step through search matches only while
    # a search is on) are listed as well: help lists every key of the screen and its widgets.
    for binding in _class_bindings(type(screen)):
        key_text = keymap.get(binding.id, binding.key) if binding.id else binding.key
        for key in key_text.split(","):
            add(_section(screen, screen), key.strip(), binding)
    listed: set[type] = set()
    for widget in screen.walk_children():
        if type(widget) in listed:
            continue
        listed.add(type(widget))
        for binding in _class_bindings(type(widget)):
            key_text = keymap.get(binding.id, binding.key) if binding.id else binding.key
            for key in key_text.split(","):
                add(_section(widget, screen), key.strip(), binding)
    # Textual's own key for an action of ours (ctrl+q beside q) joins our binding's line.
    for ident, binding in list(rows.items()):
        if binding.id is not None:
            continue
        section = ident[0]
        ours = next(
            (i for i, b in rows.items() if i[0] == section and b.id and b.action == binding.action),
            None,
        )
        if ours is not None:
            keys[ours].extend(k for k in keys.pop(ident) if k not in keys[ours])
            del rows[ident]
    order: dict[str, int] = {}
    for section, _ in rows:
        order.setdefault(section, len(order))
    entries = [
        HelpEntry(section, " ".join(keys[ident]), _description(binding), binding.id or "")
        for ident, binding in rows.items()
        for section in [ident[0]]
    ]
    # Sections: the screen's and its widgets' first, "Everywhere" last.
    entries.sort(key=lambda e: (e.section == "Everywhere", order[e.section]))
    return entries


def filter_syntax() -> list[Table | Text]:
    """The filter language as a help section: what is typed, what it keeps."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(width=24, no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for typed, keeps in SYNTAX_HELP:
        table.add_row(typed, keeps)
    title = Text("Filter (/): a row is kept when it matches every term", style="bold underline")
    return [Text(""), title, table]


# Below this terminal width the keys' ids (what keymap.toml rebinds) are left out: the width
# is the description's, which an id column that never wraps would squeeze to nothing.
IDS_FROM_WIDTH = 64
_HINT = "escape close · j/k scroll"


class HelpScreen(ScrollingModal):
    """The keys of the screen below, grouped by where they apply."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close", id="help.close"),
        *scroll_bindings("help"),
    ]

    DEFAULT_CSS = """
    HelpScreen > Vertical { max-width: 100; }
    HelpScreen #help-title { text-style: bold; color: $accent; width: 1fr; }
    HelpScreen #help-hint { color: $text-muted; }
    """

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.target = screen
        self.entries = binding_entries(screen, getattr(screen.app, "keymap", {}))
        self.filters = bool(screen.query(FilterBar))
        # Asked for from a filter line, the help is for the filter: its syntax comes first.
        self.syntax_first = self.filters and isinstance(screen.focused, FilterInput)
        self.with_ids = screen.app.size.width >= IDS_FROM_WIDTH

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Keys — {_section(self.target, self.target)}", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-table")
            yield Label(self._hint(), id="help-hint", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        with_ids = event.size.width >= IDS_FROM_WIDTH
        if with_ids != self.with_ids:
            self.with_ids = with_ids
            self.query_one("#help-table", Static).update(self._table())
            self.query_one("#help-hint", Label).update(self._hint())

    def _hint(self) -> str:
        return f"{_HINT} · [ids] rebind keys in keymap.toml" if self.with_ids else _HINT

    def _table(self) -> Group:
        parts: list[Table | Text] = filter_syntax()[1:] if self.syntax_first else []
        section = None
        table: Table | None = None
        for entry in self.entries:
            if entry.section != section:
                section = entry.section
                if parts:
                    parts.append(Text(""))
                parts.append(Text(section, style="bold underline"))
                table = Table.grid(padding=(0, 2), expand=True)
                table.add_column(width=14, no_wrap=True, style="bold")
                table.add_column(ratio=1)
                if self.with_ids:
                    table.add_column(no_wrap=True, style="dim")
                parts.append(table)
            assert table is not None
            ids = [entry.binding_id] if self.with_ids else []
            table.add_row(entry.keys, entry.description, *ids)
        if self.filters and not self.syntax_first:
            parts.extend(filter_syntax())
        return Group(*parts)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
