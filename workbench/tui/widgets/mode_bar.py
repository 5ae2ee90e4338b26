"""ModeBar: the top line of every screen, naming the screens with their keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from workbench.tui.modes import Mode

TITLE = " workbench "


def tab_text(key: str, label: str) -> str:
    """A mode's tab: its key and label (the key alone when the label is empty)."""
    return f" {key} {label} " if label else f" {key} "


def fit_tabs(modes: Sequence[Mode], current: str | None, width: int) -> tuple[bool, list[str]]:
    """Whether the bar's title shows, and each mode's label, the fullest that fit ``width``
    cells: every label in full with the title, then without it; the current mode's label in
    full and the others' short; all short; the current mode's short and the others' keys
    alone; keys alone."""
    full = [mode.label for mode in modes]
    short = [mode.short for mode in modes]
    keys_only = [""] * len(modes)

    def current_apart(own: list[str], others: list[str]) -> list[str]:
        return [
            own[index] if mode.name == current else others[index]
            for index, mode in enumerate(modes)
        ]

    layouts = [
        (True, full),
        (False, full),
        (False, current_apart(full, short)),
        (False, short),
        (False, current_apart(short, keys_only)),
        (False, keys_only),
    ]
    for title, labels in layouts:
        cells = len(TITLE) if title else 0
        cells += sum(len(tab_text(m.key, label)) for m, label in zip(modes, labels, strict=True))
        if cells <= width:
            return title, labels
    return layouts[-1]


class ModeBar(Widget):
    """One line: ``workbench  1 Library  2 Compare ...`` with the screen in view highlighted;
    narrower, the labels shorten (``fit_tabs``) so that every mode stays in view. A click on a
    mode's tab shows it."""

    DEFAULT_CSS = """
    ModeBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    ModeBar:ansi {
        background: ansi_default;
        text-style: reverse;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "mode-bar--current",
        "mode-bar--key",
        "mode-bar--title",
    }

    DEFAULT_CSS += """
    ModeBar > .mode-bar--title { text-style: bold; color: $text-accent; }
    ModeBar > .mode-bar--key { text-style: bold; color: $text-accent; }
    ModeBar > .mode-bar--current { background: $primary; color: $text; text-style: bold; }
    ModeBar:ansi > .mode-bar--title { color: ansi_default; }
    ModeBar:ansi > .mode-bar--key { color: ansi_default; }
    ModeBar:ansi > .mode-bar--current { background: ansi_default; text-style: bold underline; }
    ModeBar:nocolor > .mode-bar--current { text-style: bold underline; }
    """

    _tabs: tuple[tuple[int, int, str], ...] = ()  # each tab's cells (start, end) and mode

    def on_mount(self) -> None:
        self.app.mode_change_signal.subscribe(self, lambda _mode: self.refresh())
        status = getattr(self.app, "status_signal", None)
        if status is not None:
            status.subscribe(self, lambda _status: self.refresh())

    def render(self) -> Text:
        # Imported here: the registry imports the screens, and every screen shows this bar.
        from workbench.tui.modes import MODES, SCREEN_MODES

        app = self.app
        current = SCREEN_MODES.get(type(self.screen), app.current_mode)
        text = Text(no_wrap=True, overflow="ellipsis")
        title, labels = fit_tabs(MODES, current, self.size.width)
        if title:
            text.append(TITLE, self.get_component_rich_style("mode-bar--title"))
        tabs: list[tuple[int, int, str]] = []
        for mode, label in zip(MODES, labels, strict=True):
            start = text.cell_len
            if mode.name == current:
                style = self.get_component_rich_style("mode-bar--current")
                text.append(tab_text(mode.key, label), style)
            else:
                text.append(" ")
                text.append(mode.key, self.get_component_rich_style("mode-bar--key"))
                text.append(tab_text(mode.key, label)[1 + len(mode.key) :])
            tabs.append((start, text.cell_len, mode.name))
        self._tabs = tuple(tabs)
        # The app's background work while there is some (its start matters), else the corpus
        # (its end matters: the folder's name); only beside the tabs in full (with the title).
        status = getattr(app, "status", "")
        label = status or getattr(app, "corpus_label", "")
        room = self.size.width - text.cell_len - 2
        if label and room > 8 and title:
            if len(label) > room:
                label = label[: room - 1] + "…" if status else "…" + label[-(room - 1) :]
            style = self.get_component_rich_style("mode-bar--key") if status else ""
            text.append(" " * (room - len(label) + 1))
            text.append(label, style)
            text.append(" ")
        return text

    async def on_click(self, event: events.Click) -> None:
        """Show the mode whose tab was clicked (as its key would)."""
        for start, end, name in self._tabs:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(f"go('{name}')")
                return
