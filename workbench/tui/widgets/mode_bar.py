"""ModeBar: the top line of every screen, naming the screens with their keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widget import Widget


class ModeBar(Widget):
    """One line: ``workbench  1 Library  2 Compare ...`` with the screen in view highlighted."""

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
        text.append(" workbench ", self.get_component_rich_style("mode-bar--title"))
        narrow = self.size.width < 70
        for mode in MODES:
            shown = mode.label if not narrow else mode.label[:4]
            if mode.name == current:
                style = self.get_component_rich_style("mode-bar--current")
                text.append(f" {mode.key} {shown} ", style)
            else:
                text.append(" ")
                text.append(mode.key, self.get_component_rich_style("mode-bar--key"))
                text.append(f" {shown} ")
        # The app's background work while there is some (its start matters), else the corpus
        # (its end matters: the folder's name).
        status = getattr(app, "status", "")
        label = status or getattr(app, "corpus_label", "")
        room = self.size.width - text.cell_len - 2
        if label and room > 8:
            if len(label) > room:
                label = label[: room - 1] + "…" if status else "…" + label[-(room - 1) :]
            style = self.get_component_rich_style("mode-bar--key") if status else ""
            text.append(" " * (room - len(label) + 1))
            text.append(label, style)
            text.append(" ")
        return text
