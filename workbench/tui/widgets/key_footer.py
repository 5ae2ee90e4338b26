"""KeyFooter: Textual's footer, rebuilt once per change of the keys it shows.

Textual's ``Footer`` recomposes every key it shows each time its screen publishes a bindings
update, and a screen publishes one for every focus change, every ``refresh_bindings`` and every
mount: a screen opening with its articles, panes and strips publishes a dozen in its first frames,
and each rebuild restyles a few dozen widgets (a third of Compare's first second was spent there).
This footer rebuilds at most once per refresh, and only when what it would show has changed.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[object, ...], ...]


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


class KeyFooter(Footer):
    """A footer of the keys of its screen that rebuilds only when they change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False
        self._shown: KeysShown | None = None

    def bindings_changed(self, screen: Screen) -> None:
        """Schedule one rebuild for the bindings updates of this refresh (Footer's hook)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = keys_shown(self.screen)
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
