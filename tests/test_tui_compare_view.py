"""What Compare keeps on screen: the focus following the panes as they are scrolled, the word
diff of the pair in focus whole at 80×24 and 160×48, and one pane at a time on a terminal too
small for two."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static
from tui_support import open_compare, settle, stored, sync

from workbench.tui.app import WorkbenchApp
from workbench.tui.compare_model import AlignedRow, CompareModel
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.widgets.article_pane import (
    ArticlePane,
    article_heading,
    id_label,
    sentence_label,
)
from workbench.tui.widgets.diff_view import DiffView, cut_to_lines, share_lines, wrapped_lines


def status(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status").render())


def heading(screen: CompareScreen) -> str:
    return str(screen.query_one("#diff-heading").render())


def reference_text(screen: CompareScreen):
    return screen.panes[screen.model.ref_index].text


def assert_focus_on_screen(screen: CompareScreen) -> None:
    """What the label keys act on is in the reference pane's view, and the status line and
    the diff say what it is."""
    model = screen.model
    target = model.focus_target
    assert target is not None and target[0] == model.reference
    assert target[1] in reference_text(screen).sentences_in_view()
    if model.pair_index is not None:
        where = f"pair {model.pair_index + 1}/{len(model.pairs)}"
        assert status(screen).startswith(where) and heading(screen).startswith(where)
    else:
        assert status(screen).startswith(f"{sentence_label(target[1])} in focus")
        assert heading(screen).startswith(f"{len(model.pairs)} aligned pairs")


# -- the focus follows the scroll -----------------------------------------------------------


@sync
async def test_scrolling_with_j_and_k_keeps_what_the_label_keys_act_on_in_view(
    labelled_workspace,
) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await pilot.press("n")
        first = screen.model.pair_index
        assert first == 0
        text = reference_text(screen)
        focused = {first}
        while text.scroll_y < text.max_scroll_y:
            await pilot.press("j")
            assert_focus_on_screen(screen)
            focused.add(screen.model.pair_index)
        assert screen.model.pair_index != first  # the first pair went out of view at the top
        assert len(focused - {None}) >= 3  # each pair took the focus as the text went by
        for _ in range(8):
            await pilot.press("k")
            assert_focus_on_screen(screen)
        await pilot.press("g")  # to the top: the focus comes along
        assert_focus_on_screen(screen)
        # Page down until a pair other than the first has the focus, then label it.
        while screen.model.pair_index in (None, first):
            await pilot.press("pagedown")
            assert_focus_on_screen(screen)
        pair = screen.model.focused_pair
        await pilot.press("y")
        await settle(app, pilot)
        assert stored(labelled_workspace, pair) == "same"
        assert "✓ same" in heading(screen)


@sync
async def test_n_after_scrolling_past_the_pairs_goes_to_the_next_pair_down(
    labelled_workspace,
) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await pilot.press("n")
        text = reference_text(screen)
        model = screen.model
        while model.pair_index is not None:  # into text with no pair in view
            await pilot.press("j")
        alone = model.focus_sentence
        assert alone is not None
        await pilot.press("n")
        assert model.focused_pair is not None
        after = [p.ref_sentence for p in model.pairs if p.ref_sentence > alone]
        want = after[0] if after else model.pairs[0].ref_sentence  # else round to the first
        assert model.focused_pair.ref_sentence == want
        assert text.in_view(text.line_of(want))


def test_follow_moves_the_focus_to_the_nearest_pair_in_view_or_sentence() -> None:
    model = CompareModel.opening(["a", "b"])
    rows = [AlignedRow(2, 1, 60.0), AlignedRow(8, 5, 70.0), AlignedRow(15, 9, 50.0)]
    model.add_loaded({"a": range(30), "b": range(30)}, {("a", "b"): rows})
    model.step(1)
    assert model.follow([1, 2, 3]) is False  # the pair in focus is in view: it stays
    assert model.follow([4, 5, 6, 7, 8, 9]) and model.focused_pair.ref_sentence == 8
    assert model.follow([16, 17]) and model.focused_pair is None  # no pair in view
    assert model.focus_target == ("a", 16)  # the sentence nearest the pair that left
    assert model.follow([10, 11, 12, 13, 14, 15, 16]) is False  # the sentence is in view
    assert model.follow([3, 4, 5, 6, 7, 8, 9]) and model.focused_pair.ref_sentence == 8
    # n / p from a sentence alone in focus: the pairs after and before it.
    model.follow([20, 21])
    assert model.step_from_focus(-1) and model.focused_pair.ref_sentence == 15
    model.follow([10, 11])
    assert model.step_from_focus(1) and model.focused_pair.ref_sentence == 15


# -- the word diff ----------------------------------------------------------------------------


def test_the_lines_of_a_diff_are_shared_and_cut_with_an_ellipsis() -> None:
    assert share_lines((3, 2), 8) == (3, 2)
    assert share_lines((9, 2), 8) == (6, 2)  # a short side leaves the rest to the other
    assert share_lines((9, 9), 8) == (4, 4)
    long = Text("word " * 40)
    cut, was_cut = cut_to_lines(long, 2, 30)
    assert was_cut and cut.plain.endswith("…")
    assert len(wrapped_lines(cut.plain, 30)) == 2
    assert cut_to_lines(Text("short"), 2, 30) == (Text("short"), False)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@sync
async def test_the_word_diff_shows_both_sentences_whole(bundled_workspace, size) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(app, pilot, ["000", "002"])
        diff = screen.query_one(DiffView)
        longest = 0
        for _ in screen.model.pairs:
            pair = screen.model.focused_pair
            await pilot.pause()
            body = screen.query_one("#diff-body", Static)
            shown = body.content.plain
            articles = screen._articles
            for article, sentence in (
                (pair.ref_id, pair.ref_sentence),
                (pair.other_id, pair.other_sentence),
            ):
                sentence_text = articles[article].sentence_text(sentence)
                assert sentence_text in shown, (size, sentence_text)
                longest = max(longest, len(wrapped_lines(sentence_text, body.size.width)))
            assert not diff.cut
            # The strip shows all it holds, above the status line.
            assert diff.max_scroll_y == 0
            assert body.region.height == len(wrapped_lines(shown, body.size.width))
            assert diff.region.bottom <= screen.query_one("#compare-status").region.y
            await pilot.press("n")
        if size == (80, 24):
            assert longest >= 3  # a sentence that 2 lines a side would have cut
        # The panes keep room to read.
        lines = reference_text(screen).size.height
        assert lines >= (8 if size == (80, 24) else 30)


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (160, 48)])
@sync
async def test_with_no_pair_in_focus_the_diff_strip_takes_only_its_message(
    bundled_workspace, size
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(app, pilot, ["000", "002"])
        diff = screen.query_one(DiffView)
        message = screen.query_one("#diff-heading", Static)
        body = screen.query_one("#diff-body", Static)
        raised = 0
        while screen.model.pairs:  # no pair reaches the min score: none in focus
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
            raised += 1
            assert raised < 20
        assert screen.model.focused_pair is None
        assert heading(screen).startswith("0 aligned pairs")
        # The rule and the message's lines (two at 60 columns: it wraps), no blank line.
        assert not body.display and body.region.height == 0
        assert diff.region.height == 1 + message.region.height
        assert message.region.height == len(wrapped_lines(heading(screen), message.size.width))
        assert diff.region.bottom == screen.query_one("#compare-status").region.y
        for _ in range(raised):  # pairs again: the diff shows the pair in focus
            await pilot.press("left_square_bracket")
            await settle(app, pilot)
        if screen.model.focused_pair is None:
            await pilot.press("n")
            await pilot.pause()
        assert screen.model.focused_pair is not None and body.display
        assert body.region.height >= 2  # a line of each sentence at least
        assert diff.region.height == 1 + message.region.height + body.region.height


# -- a terminal too small for two panes --------------------------------------------------------


@sync
async def test_a_tiny_terminal_shows_one_pane_readable_and_tab_shows_the_other(
    bundled_workspace,
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(60, 15)) as pilot:
        screen = await open_compare(app, pilot, ["000", "002"])
        assert screen.one_pane

        def shown() -> list[ArticlePane]:
            return [pane for pane in screen.panes if pane.region.height > 0]

        assert shown() == [screen.panes[0]]
        pane = shown()[0]
        assert pane.text.size.height >= 4 and pane.text.has_focus
        assert "pane 1 of 2" in pane.border_subtitle and "tab" in pane.border_subtitle
        pair = screen.model.focused_pair
        words = " ".join(pane.text.render_line(y).text for y in range(pane.text.size.height))
        assert pair is not None and "Obama" in words  # the pair in focus is read there
        assert heading(screen).startswith("pair 1/")
        assert f"score {pair.score:.0f} (wording " in heading(screen)  # and meaning
        await pilot.press("tab")
        await settle(app, pilot)
        assert shown() == [screen.panes[1]] and screen.model.ref_index == 1
        other = screen.panes[1].text
        assert other.has_focus and other.size.height >= 4
        assert other.in_view(other.line_of(screen.model.focused_pair.ref_sentence))
        await pilot.resize_terminal(120, 40)  # room again: both side by side
        await settle(app, pilot)
        assert not screen.one_pane and len(shown()) == 2
        assert all(pane.border_subtitle == "" for pane in screen.panes)


def test_a_long_id_is_named_by_its_start_and_end_where_paths_differ():
    ids = ["us-russia-relations-story-0-index", "us-russia-relations-story-1-index"]
    labels = [id_label(article_id) for article_id in ids]
    assert labels == ["us-russia-…ory-0-index", "us-russia-…ory-1-index"]
    assert all(len(label) == 22 for label in labels)
    assert id_label("000") == "000" and id_label("x" * 22) == "x" * 22
    border, _ = article_heading({"article_id": ids[0], "published": "2013-01-10"})
    assert border == "us-russia-…ory-0-index · 2013-01-10 · unknown outlet"


def test_a_pane_marks_an_inferred_date_as_the_library_does():
    given = {"article_id": "a", "published": "2019-05", "date_source": "manifest", "outlet": "X"}
    assert article_heading(given)[0] == "a · 2019-05 · X"
    assert article_heading({**given, "date_source": "address"})[0] == "a · 2019-05~ · X"
    assert article_heading({**given, "date_source": "dateline"})[0] == "a · 2019-05~ · X"
    undated = {**given, "published": None, "date_source": "unknown"}
    assert article_heading(undated)[0] == "a · undated · X"


def test_a_narrow_pane_cuts_a_long_id_further_so_that_its_date_shows_whole():
    # An 80-column terminal gives each of two panes 36 cells of title: a file named by its hash
    # had its date cut ("612cd29826…3b2aaf84e90 · 2014-06-…"), hiding the "~" of an inferred one.
    meta = {
        "article_id": "612cd29826624e68ce96789c8049e16279dfd2fceb27434eea7943b2aaf84e90",
        "published": "2014-06-13",
        "date_source": "dateline",
    }
    border = article_heading(meta, 36)[0]
    assert border.startswith("612cd2…af84e90 · 2014-06-13~ · ")  # and the outlet's first letters
    assert len("612cd2…af84e90 · 2014-06-13~ · ") + 5 == 36
    assert article_heading(meta, 200)[0].startswith("612cd29826…3b2aaf84e90 · 2014-06-13~")
    assert article_heading(meta, 10)[0].startswith("612cd…84e90 · ")  # never under 11 cells
    short = {"article_id": "000", "published": "2012-06", "outlet": "CNN"}
    assert article_heading(short, 36)[0] == "000 · 2012-06 · CNN"
