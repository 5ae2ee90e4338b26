"""KeyFooter: Textual's footer, rebuilt once per change of the keys it shows.

Textual's ``Footer`` recomposes every key it shows each time its screen publishes a bindings
update, and a screen publishes one for every focus change, every ``refresh_bindings`` and every
mount: a screen opening with its articles, panes and strips publishes a dozen in its first frames,
and each rebuild restyles a few dozen widgets (a third of Compare's first second was spent there).
This footer rebuilds at most once per refresh, and only when what it would show has changed.

Where the keys do not fit the terminal's width, Textual's footer cuts them off at its right edge,
and the keys cut are the application's own (Help, Quit). This one leaves out the screen's last
keys that do not fit instead: Help, Quit and Back always show, and Help lists every key.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

KeysShown = tuple[tuple[object, ...], ...]

ALWAYS_SHOWN = frozenset({"help", "quit", "back"})
"""The actions a footer shows however narrow the terminal."""

_KEY_PADDING = 3
"""Cells a footer key takes beside its key and description (a space either side of the key,
one after the description)."""

_UNDER_PALETTE = 1
"""Cells of the last key that may lie under the command palette's key, docked at the right: the
space after its description, where the palette's rule is drawn."""


def keys_shown(screen: Screen) -> KeysShown:
    """What a footer on ``screen`` shows: each shown binding's key, action, text and state."""
    return tuple(
        (
            binding.key,
            binding.key_display,
            binding.action,
            binding.description,
            enabled,
            tooltip,
            binding.group.description if binding.group is not None else "",
        )
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


def key_width(key_display: str, description: str) -> int:
    """Cells one key of the footer takes: its key, its description and their padding."""
    return cell_len(key_display) + cell_len(description) + _KEY_PADDING


def group_width(keys: list[str], description: str, compact: bool) -> int:
    """Cells a group of keys takes with its label ("yrf Label"): packed together when compact
    (a space before them and after, one after the label), else each key padded and spaced."""
    label = cell_len(description) + 1
    if compact:
        return 1 + sum(cell_len(key) for key in keys) + 1 + label
    return sum(cell_len(key) + 4 for key in keys) + label


def left_out(keys: Iterable[tuple[str, int]], room: int) -> frozenset[str]:
    """The keys of ``keys`` (an action or a group, its width; in the footer's order) to leave out
    so that the rest fit ``room`` cells.

    The actions in ``ALWAYS_SHOWN`` stay; the others are kept in their order while they fit.
    """
    keys = list(keys)
    room -= sum(cells for action, cells in keys if action in ALWAYS_SHOWN)
    dropped: set[str] = set()
    for action, cells in keys:
        if action in ALWAYS_SHOWN:
            continue
        if cells <= room:
            room -= cells
        else:
            dropped.add(action)
    return frozenset(dropped)


class KeyFooter(Footer):
    """A footer of the keys of its screen that rebuilds only when they change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False
        self._shown: tuple[KeysShown, frozenset[str]] | None = None
        self._left_out: frozenset[str] = frozenset()

    def bindings_changed(self, screen: Screen) -> None:
        """Schedule one rebuild for the bindings updates of this refresh (Footer's hook)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys again to the new width."""
        if self._shown is not None and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _fitted(self) -> frozenset[str]:
        """The actions to leave out of the screen's keys at the footer's width.

        Keys of one group (Compare's ``y r f Label``) are shown together or not at all.
        """
        shown: dict[str, Binding] = {}
        for _, binding, _, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:  # one key an action, as Footer
                shown[binding.action] = binding
        units: dict[str, tuple[int, list[str]]] = {}
        for group, members in groupby(shown.items(), lambda item: item[1].group):
            members = list(members)
            if group is not None and len(members) > 1:
                keys = [self.app.get_key_display(binding) for _, binding in members]
                width = group_width(keys, group.description, compact=group.compact)
                units[f"group:{group.description}"] = (width, [action for action, _ in members])
                continue
            for action, binding in members:
                width = key_width(self.app.get_key_display(binding), binding.description)
                units[action] = (width, [action])
        room = self.size.width or self.app.size.width
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                binding = palette[1]
                # compact: a rule, its key, a space, its description and a space
                room -= key_width(self.app.get_key_display(binding), binding.description)
                room += _UNDER_PALETTE
        dropped = left_out(((unit, width) for unit, (width, _) in units.items()), room)
        return frozenset(action for unit in dropped for action in units[unit][1])

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = keys_shown(self.screen)
        shown = (keys, self._fitted())
        if shown == self._shown:
            return
        same_keys = self._shown is not None and self._shown[0] == keys
        self._shown = shown
        self._left_out = shown[1]
        if same_keys:  # only the width changed: the keys are there, shown or hidden anew
            self._hide_left_out()
            return
        with self.app.batch_update():
            await self.recompose()
            self._hide_left_out()

    def _hide_left_out(self) -> None:
        """Hide the keys left out for the width, and a group's label with its keys."""
        group_shown = True
        for child in self.children:
            if isinstance(child, FooterKey):
                child.display = child.action not in self._left_out
            elif isinstance(child, KeyGroup):
                keys = list(child.query(FooterKey))
                group_shown = any(key.action not in self._left_out for key in keys)
                child.display = group_shown
                for key in keys:
                    key.display = group_shown
            elif isinstance(child, FooterLabel):
                child.display = group_shown
