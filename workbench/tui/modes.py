"""The top-level screens (Textual modes) in one registry.

The app's ``MODES`` and number-key bindings, the mode bar and the palette's "Go to" commands
are all read from ``MODES`` here.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.screen import Screen

from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.library import LibraryScreen
from workbench.tui.screens.phrases import PhrasesScreen
from workbench.tui.screens.tables import TablesScreen
from workbench.tui.screens.themes import ThemesScreen, ThemeThreadScreen


@dataclass(frozen=True)
class Mode:
    """A top-level screen: its key, mode name, label (and short label for a narrow mode bar),
    screen class, screens pushed over it."""

    key: str
    name: str
    label: str
    short: str
    screen: type[Screen]
    # Screens pushed over this mode that belong to it (the mode bar highlights it for them).
    pushed: tuple[type[Screen], ...] = ()

    @property
    def binding(self) -> Binding:
        """The key that shows this screen (binding id ``app.<name>``)."""
        return Binding(
            self.key, f"go('{self.name}')", self.label, show=False, id=f"app.{self.name}"
        )


MODES: tuple[Mode, ...] = (
    Mode("1", "library", "Library", "Lib", LibraryScreen),
    Mode("2", "compare", "Compare", "Cmp", CompareScreen),
    Mode("3", "themes", "Themes", "Thm", ThemesScreen, pushed=(ThemeThreadScreen,)),
    Mode("4", "phrases", "Phrases", "Phr", PhrasesScreen),
    Mode("5", "tables", "Tables", "Tbl", TablesScreen),
)

# A screen in view belongs to the mode of the screen it is (Compare pushed over the Library is
# Compare), not to the mode it was pushed on.
SCREEN_MODES: dict[type[Screen], str] = {
    screen: mode.name for mode in MODES for screen in (mode.screen, *mode.pushed)
}


def mode_screens() -> dict[str, type[Screen]]:
    """Mode name → screen class, as Textual's ``App.MODES`` wants it."""
    return {mode.name: mode.screen for mode in MODES}


def mode_bindings() -> list[Binding]:
    """The number keys of the modes."""
    return [mode.binding for mode in MODES]
