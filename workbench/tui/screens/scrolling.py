"""ScrollingModal: a dialog over the screen with one scrolling body, closed by escape."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from workbench.tui.motion import Move, motion_bindings

# A dialog's body scrolls by each of these motions (``scroll('home')`` calls ``scroll_home``).
DIALOG_MOTIONS = ("down", "up", "page_down", "page_up", "home", "end")


def scroll_bindings(prefix: str) -> list[Binding]:
    """Line, page and end keys for a dialog's body, with ``<prefix>.`` binding ids."""
    moves = (Move(motion, f"scroll('{motion}')") for motion in DIALOG_MOTIONS)
    return motion_bindings(prefix, *moves, space_pages=True, vim_pages=False)


class ScrollingModal(ModalScreen[None]):
    """A modal dialog whose one VerticalScroll scrolls with ``scroll_bindings``."""

    # The dialog's frame; each dialog adds its width and the look of its title and hint.
    DEFAULT_CSS = """
    ScrollingModal { align: center middle; background: $background 60%; }
    ScrollingModal > Vertical {
        width: 90%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ScrollingModal VerticalScroll { height: 1fr; }
    ScrollingModal:ansi > Vertical { border: round ansi_default; background: ansi_default; }
    """

    def action_scroll(self, where: str) -> None:
        """Scroll the body a line or a page (``down``, ``page_up``…), or to its ``home``/``end``."""
        body = self.query_one(VerticalScroll)
        getattr(body, f"scroll_{where}")(animate=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
