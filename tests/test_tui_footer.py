"""KeyFooter: the keys of its screen, rebuilt once per change of what it shows."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup
from tui_support import sync

from workbench.tui.widgets.key_footer import KeyFooter, left_out


class KeysScreen(Screen):
    """Two keys; the second is shown only while ``second_on``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "first", "First"),
        Binding("b", "second", "Second"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.second_on = False

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.second_on if action == "second" else True

    def action_first(self) -> None:
        pass

    def action_second(self) -> None:
        pass


class KeysApp(App):
    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


def _shown(app: App) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if key.display]


@sync
async def test_footer_rebuilds_once_and_only_when_its_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rebuilds = []
    recompose = KeyFooter.recompose

    async def counted(self: KeyFooter) -> None:
        rebuilds.append(self)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "First" in _shown(app)
        assert "Second" not in _shown(app)
        before = len(rebuilds)

        for _ in range(5):  # focus changes and refreshes that change no key
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == before

        app.screen.second_on = True
        for _ in range(5):  # one change, published five times in one frame
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == before + 1
        assert "Second" in _shown(app)

        app.screen.second_on = False
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "Second" not in _shown(app)


def test_left_out_keeps_keys_in_order_while_they_fit_and_never_help_or_quit() -> None:
    keys = [("sort", 8), ("view", 12), ("thread", 15), ("filter", 10), ("help", 8), ("quit", 8)]

    assert left_out(keys, 80) == frozenset()
    # 16 cells go to help and quit; sort and view fit the 30 left, thread does not, filter does
    assert left_out(keys, 46) == {"thread"}
    assert left_out(keys, 30) == {"view", "thread", "filter"}
    assert left_out(keys, 10) == {"sort", "view", "thread", "filter"}


class ManyKeysScreen(Screen):
    """More keys than a narrow terminal's footer holds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "first", "First key"),
        Binding("b", "second", "Second key"),
        Binding("c", "third", "Third key"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_first(self) -> None:
        pass

    action_second = action_third = action_help = action_first


class ManyKeysApp(App):
    def on_mount(self) -> None:
        self.push_screen(ManyKeysScreen())


@sync
async def test_a_narrow_footer_leaves_out_the_last_keys_and_shows_them_again_when_wider() -> None:
    app = ManyKeysApp()
    async with app.run_test(size=(48, 6)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert _shown(app) == ["First key", "Help", "Quit", "palette"]
        footer = app.screen.query_one(KeyFooter)
        keys = [key for key in app.screen.query(FooterKey) if key.display]
        assert max(key.region.right for key in keys) <= footer.region.right

        await pilot.resize_terminal(120, 6)
        await pilot.pause()
        await pilot.pause()
        assert _shown(app) == ["First key", "Second key", "Third key", "Help", "Quit", "palette"]

        await pilot.resize_terminal(36, 6)
        await pilot.pause()
        await pilot.pause()
        assert _shown(app) == ["Help", "Quit", "palette"]


class GroupScreen(Screen):
    """Three keys of one group (as Compare's labels) after a long one."""

    LABELS = Binding.Group("Label", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "first", "A long first key"),
        Binding("y", "same", "Same", group=LABELS),
        Binding("r", "related", "Related", group=LABELS),
        Binding("f", "unrelated", "Unrelated", group=LABELS),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_first(self) -> None:
        pass

    action_same = action_related = action_unrelated = action_first


class GroupApp(App):
    def on_mount(self) -> None:
        self.push_screen(GroupScreen())


@sync
async def test_a_group_of_keys_is_shown_whole_or_not_at_all() -> None:
    app = GroupApp()
    async with app.run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        label = footer.query_one(FooterLabel)
        assert label.display and [k.key for k in footer.query(FooterKey) if k.display] == [
            "a",
            "y",
            "r",
            "f",
            "q",
            "ctrl+p",
        ]
        await pilot.resize_terminal(40, 6)  # room for the first key, not for the group
        await pilot.pause()
        await pilot.pause()
        shown = [k.key for k in footer.query(FooterKey) if k.display]
        assert shown == ["a", "q", "ctrl+p"]
        assert not label.display and not footer.query_one(KeyGroup).display
