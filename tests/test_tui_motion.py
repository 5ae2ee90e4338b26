"""The motion keys: one table of keys, and the bindings each widget builds from it."""

from __future__ import annotations

import pytest

from workbench.tui.motion import Move, motion_bindings, motion_keys
from workbench.tui.screens.scrolling import scroll_bindings
from workbench.tui.screens.themes import ThreadColumn
from workbench.tui.widgets.article_pane import ArticleText
from workbench.tui.widgets.frame_table import FrameTable


def _hidden(bindings) -> list[tuple[str, str, str, str]]:
    assert all(binding.show is False for binding in bindings)
    return [(b.key, b.action, b.description, b.id) for b in bindings]


def test_motion_keys_pair_each_named_key_with_its_vim_twin() -> None:
    assert motion_keys("down") == "down,j"
    assert motion_keys("home") == "home,g"
    assert motion_keys("page_down") == "pagedown,ctrl+f"
    assert motion_keys("page_down", space_pages=True) == "pagedown,space,ctrl+f"
    assert motion_keys("page_up", space_pages=True, vim_pages=False) == "pageup"
    assert motion_keys("end", vim_pages=False) == "end,G"  # only the page keys drop theirs
    with pytest.raises(ValueError, match="unknown motion 'sideways'"):
        motion_keys("sideways")


def test_a_move_takes_the_motions_description_and_id_unless_it_gives_its_own() -> None:
    bindings = motion_bindings(
        "kwic", Move("home", "cursor_top"), Move("end", "last", "Last", "last")
    )
    assert _hidden(bindings) == [
        ("home,g", "cursor_top", "Top", "kwic.top"),
        ("end,G", "last", "Last", "kwic.last"),
    ]


def test_the_widgets_motion_bindings_are_the_documented_ones() -> None:
    assert _hidden(FrameTable.BINDINGS[:8]) == [
        ("up,k", "cursor_up", "Up", "table.up"),
        ("down,j", "cursor_down", "Down", "table.down"),
        ("left,h", "cursor_left", "Left", "table.left"),
        ("right,l", "cursor_right", "Right", "table.right"),
        ("home,g", "cursor_top", "Top", "table.top"),
        ("end,G", "cursor_bottom", "Bottom", "table.bottom"),
        ("pageup,ctrl+b", "page_up", "Page up", "table.page-up"),
        ("pagedown,ctrl+f", "page_down", "Page down", "table.page-down"),
    ]
    assert _hidden(ArticleText.BINDINGS[:6]) == [
        ("down,j", "scroll_down", "Scroll down", "pane.scroll-down"),
        ("up,k", "scroll_up", "Scroll up", "pane.scroll-up"),
        ("home,g", "scroll_home", "Top", "pane.top"),
        ("end,G", "scroll_end", "Bottom", "pane.bottom"),
        ("pagedown,space,ctrl+f", "page_down", "Page down", "pane.page-down"),
        ("pageup,ctrl+b", "page_up", "Page up", "pane.page-up"),
    ]
    assert _hidden(ThreadColumn.BINDINGS) == [
        ("down,j", "move(1)", "Next passage", "thread.next-passage"),
        ("up,k", "move(-1)", "Prev passage", "thread.prev-passage"),
        ("home,g", "first", "First", "thread.first-passage"),
        ("end,G", "last", "Last", "thread.last-passage"),
    ]
    assert _hidden(scroll_bindings("help")) == [
        ("down,j", "scroll('down')", "Down", "help.down"),
        ("up,k", "scroll('up')", "Up", "help.up"),
        ("pagedown,space", "scroll('page_down')", "Page down", "help.page-down"),
        ("pageup", "scroll('page_up')", "Page up", "help.page-up"),
        ("home,g", "scroll('home')", "Top", "help.top"),
        ("end,G", "scroll('end')", "Bottom", "help.bottom"),
    ]
