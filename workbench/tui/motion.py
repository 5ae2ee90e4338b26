"""The motion keys (arrows, home/end, page keys and their vim-style twins), written once.

A widget that moves a cursor or scrolls lists the motions it has and what each one does
there (``Move``); ``motion_bindings`` gives them their keys and ``<scope>.`` binding ids::

    motion_bindings("kwic", Move("down", "cursor_down"), Move("end", "last", "Last", "last"))
    # down,j → cursor_down "Down" kwic.down · end,G → last "Last" kwic.last
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding


class Motion(NamedTuple):
    """A motion's named key, its vim-style twin, and its description and binding id name
    where a widget gives none."""

    key: str
    vim_key: str
    description: str
    name: str


# Named as Textual names its scrolling (``scroll_home``, ``page_down``).
MOTIONS: dict[str, Motion] = {
    "up": Motion("up", "k", "Up", "up"),
    "down": Motion("down", "j", "Down", "down"),
    "left": Motion("left", "h", "Left", "left"),
    "right": Motion("right", "l", "Right", "right"),
    "home": Motion("home", "g", "Top", "top"),
    "end": Motion("end", "G", "Bottom", "bottom"),
    "page_up": Motion("pageup", "ctrl+b", "Page up", "page-up"),
    "page_down": Motion("pagedown", "ctrl+f", "Page down", "page-down"),
}
PAGES = ("page_up", "page_down")


class Move(NamedTuple):
    """What a motion does in one widget: its action, and where they are not the motion's own,
    its description and the binding id's name."""

    motion: str
    action: str
    description: str | None = None
    name: str | None = None


def motion_keys(motion: str, *, space_pages: bool = False, vim_pages: bool = True) -> str:
    """The keys of ``motion`` as a Binding takes them (``"down,j"``).

    ``space_pages``: space pages down as well (a view that is read); ``vim_pages``: ctrl+b and
    ctrl+f page up and down.
    """
    if motion not in MOTIONS:
        raise ValueError(f"unknown motion {motion!r} (known: {', '.join(MOTIONS)})")
    named, vim_key, _, _ = MOTIONS[motion]
    keys = [named]
    if space_pages and motion == "page_down":
        keys.append("space")
    if vim_pages or motion not in PAGES:
        keys.append(vim_key)
    return ",".join(keys)


def motion_bindings(
    scope: str, *moves: Move, space_pages: bool = False, vim_pages: bool = True
) -> list[Binding]:
    """Hidden bindings for ``moves``, in their order, with ``<scope>.<name>`` binding ids.

    ``space_pages`` and ``vim_pages`` choose the page keys as in ``motion_keys``.
    """
    return [
        Binding(
            motion_keys(move.motion, space_pages=space_pages, vim_pages=vim_pages),
            move.action,
            move.description or MOTIONS[move.motion].description,
            show=False,
            id=f"{scope}.{move.name or MOTIONS[move.motion].name}",
        )
        for move in moves
    ]
