"""The Compare screen: panes side by side, stepping through aligned pairs, sync, swap, switch,
removed boilerplate, and the pieces it is built from (word wrap, word diff, scroll mapping)."""

from __future__ import annotations

import polars as pl
from tui_support import hold, open_compare, record_notifications, running, settle, sync

from workbench.analysis.word_diff import word_opcodes
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.article_picker import ArticlePicker
from workbench.tui.screens.compare import CompareScreen, interpolate
from workbench.tui.widgets.article_pane import (
    GUTTER_WIDTH,
    ArticlePane,
    clamp_title,
    wrap_offsets,
)
from workbench.tui.widgets.diff_view import DELETED, INSERTED, word_diff


def sentence_text(workspace, article_id: str, sentence: int) -> str:
    sentences = workspace.article_sentences(article_id)
    return sentences.filter(pl.col("sentence_id") == sentence)["text"][0]


def visible(pane: ArticlePane, sentence: int) -> bool:
    line = pane.text.line_of(sentence)
    top = round(pane.text.scroll_y)
    return line is not None and top <= line < top + pane.text.size.height


# -- pure pieces --------------------------------------------------------------------------


def test_wrap_offsets_keeps_every_word_and_respects_the_width() -> None:
    text = "Secretary of State John Kerry huddled in the Kremlin for several hours"
    lines = wrap_offsets(text, 16)
    assert all(end - start <= 16 for start, end in lines)
    assert " ".join(text[start:end] for start, end in lines) == text
    assert wrap_offsets("a" * 25, 10) == [(0, 10), (10, 20), (20, 25)]  # long words are cut


def test_a_title_longer_than_the_header_ends_with_an_ellipsis() -> None:
    title = "Node.js and CPU profiling on production (in real-time without downtime)"
    assert clamp_title(title, 80) == title  # one line
    assert clamp_title("Why Obama and Putin Are Tied to Each Other", 34).endswith("Other")
    cut = clamp_title(title, 34)  # three lines at 34 cells: the second one ends with "…"
    assert cut == "Node.js and CPU profiling on production (in real-time without…"
    assert len(wrap_offsets(cut, 34)) == 2
    assert all(end - start <= 34 for start, end in wrap_offsets(cut, 34))


def test_word_diff_marks_deleted_words_left_and_inserted_words_right() -> None:
    left, right = "the reset of relations failed", "the reset of ties failed badly"
    left_line, right_line = word_diff(left, right, word_opcodes(left, right))
    assert left_line.plain == left and right_line.plain == right
    struck = {left_line.plain[s.start : s.end] for s in left_line.spans if s.style == DELETED}
    right_spans = [s for s in right_line.spans if s.style == INSERTED]
    underlined = {right_line.plain[s.start : s.end] for s in right_spans}
    assert struck == {"relations"}
    assert underlined == {"ties", "badly"}


def test_word_diff_counts_words_of_one_stem_as_shared() -> None:
    left, right = "new sanctions were imposed", "a sanction was imposed"
    left_line, right_line = word_diff(left, right, word_opcodes(left, right))
    struck = {left_line.plain[s.start : s.end] for s in left_line.spans if s.style == DELETED}
    underlined = {
        right_line.plain[s.start : s.end] for s in right_line.spans if s.style == INSERTED
    }
    assert "sanctions" not in struck and "sanction" not in underlined
    assert struck == {"new", "were"} and underlined == {"a", "was"}


def test_interpolate_follows_anchor_pairs_between_panes() -> None:
    anchors = [(0, 0), (10, 40), (20, 50)]
    assert interpolate(anchors, 5) == 20
    assert interpolate(anchors, 15) == 45
    assert interpolate(anchors, 30) == 60  # past the last anchor the last slope continues


# -- the screen ---------------------------------------------------------------------------


@sync
async def test_n_and_p_step_through_pairs_and_scroll_both_panes(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        left, right = screen.panes
        assert len(screen.model.pairs) >= 3, "pairs appear once the minimum score is lowered"
        assert screen.model.pair_index is None
        await pilot.press("n")
        assert screen.model.pair_index == 0
        last = len(screen.model.pairs) - 1
        await pilot.press("p", "p")  # wraps round to the last-but-one pair
        assert screen.model.pair_index == last - 1
        await pilot.press("n")
        pair = screen.model.focused_pair
        assert screen.model.pair_index == last and pair is not None
        assert left.text.scroll_y > 0 and right.text.scroll_y > 0
        assert visible(left, pair.ref_sentence) and visible(right, pair.other_sentence)
        assert left.text.marks[pair.ref_sentence].focused
        assert right.text.marks[pair.other_sentence].focused
        heading = str(screen.query_one("#diff-heading").render())
        assert f"pair {last + 1}/{len(screen.model.pairs)}" in heading
        # Sentences are named from #1 (ids count from 0), never like the article ids.
        assert f"003 #{pair.ref_sentence + 1} → 004 #{pair.other_sentence + 1}" in heading
        # The partner's pair number and score are in the gutter of its first line, its
        # sentence number on the next.
        line = right.text.line_of(pair.other_sentence) - round(right.text.scroll_y)
        gutter = right.text.render_line(line).text[:GUTTER_WIDTH]
        assert f"{last + 1:>3} {pair.score:>3.0f} " in gutter
        below = right.text.render_line(line + 1).text[:GUTTER_WIDTH]
        assert below.strip() == f"#{pair.other_sentence + 1}"


@sync
async def test_the_pair_in_focus_is_diffed_word_by_word_from_the_reference(
    bundled_workspace,
) -> None:
    from textual.widgets import Static

    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        await pilot.press("n", "n")
        pair = screen.model.focused_pair
        assert pair is not None
        ref_text = sentence_text(bundled_workspace, "003", pair.ref_sentence)
        other_text = sentence_text(bundled_workspace, "004", pair.other_sentence)
        shown = screen.query_one("#diff-body", Static).content
        want_ref, want_other = word_diff(ref_text, other_text, word_opcodes(ref_text, other_text))
        struck = [shown.plain[s.start : s.end] for s in shown.spans if s.style == DELETED]
        underlined = [shown.plain[s.start : s.end] for s in shown.spans if s.style == INSERTED]
        assert struck == [want_ref.plain[s.start : s.end] for s in want_ref.spans]
        assert underlined == [want_other.plain[s.start : s.end] for s in want_other.spans]
        assert struck or underlined  # an aligned pair at a low min score differs in words
        assert ref_text in shown.plain and other_text in shown.plain


@sync
async def test_sync_toggle_makes_the_other_pane_follow_or_stay(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        left, right = screen.panes
        assert screen.sync and left.text.has_focus
        await pilot.press("s")
        assert not screen.sync
        before = right.text.scroll_y
        await pilot.press(*"jjjjjjjjjj")
        assert left.text.scroll_y == 10 and right.text.scroll_y == before
        await pilot.press("s")
        assert screen.sync
        await pilot.press(*"jjjjjjjjjj")
        assert left.text.scroll_y == 20
        assert right.text.scroll_y > before  # followed the reference pane
        await pilot.press("G")
        assert right.text.scroll_y == right.text.max_scroll_y  # the ends meet


@sync
async def test_swap_exchanges_the_panes_and_focus_follows_the_article(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        pairs = [(p.ref_sentence, p.other_sentence, p.score) for p in screen.model.pairs]
        await pilot.press("x")
        await settle(app, pilot)
        assert screen.model.article_ids == ["004", "003"]
        assert [pane.data.article_id for pane in screen.panes] == ["004", "003"]
        assert screen.panes[1].text.has_focus and screen.model.ref_index == 1
        # The same reference article, the same pairs (now with the other pane on the left).
        assert [(p.ref_sentence, p.other_sentence, p.score) for p in screen.model.pairs] == pairs
        assert {p.other for p in screen.model.pairs} == {0}
        assert screen.panes[0].border_title.startswith("004 ·")


@sync
async def test_tab_makes_the_other_pane_the_reference(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        await pilot.press("n")
        pair = screen.model.focused_pair
        await pilot.press("tab")
        await settle(app, pilot)
        assert screen.model.ref_index == 1 and screen.panes[1].text.has_focus
        # The pair in focus is kept, now read from the other side.
        assert (
            screen.model.focused_pair.ref_sentence,
            screen.model.focused_pair.other_sentence,
        ) == (
            pair.other_sentence,
            pair.ref_sentence,
        )


@sync
async def test_o_switches_the_focused_pane_to_another_article(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=0)
        await pilot.press("tab", "o")
        await pilot.pause()
        assert isinstance(app.screen, ArticlePicker)
        await pilot.press(*"moscow times", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.model.article_ids == ["003", "001"]
        assert screen.panes[1].data.article_id == "001"
        assert "The Moscow Times" in screen.panes[1].border_title


@sync
async def test_the_article_picker_says_what_it_shows_and_that_letters_filter(
    bundled_workspace,
) -> None:
    from textual.widgets import OptionList, Static

    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_compare(app, pilot, ["003", "004"], lower=0)
        await pilot.press("tab", "o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ArticlePicker)
        count = picker.query_one("#picker-count", Static)
        assert str(count.render()).startswith("5 articles")
        options = picker.query_one(OptionList)
        first = options.highlighted
        await pilot.press("up")
        assert options.highlighted == first - 1
        await pilot.press("down")
        assert options.highlighted == first
        await pilot.press("j", "j")  # letters filter: nothing has "jj" in it, and it says so
        await pilot.pause()
        assert options.option_count == 0
        assert str(count.render()).startswith("nothing matches “jj”")


@sync
async def test_b_shows_the_removed_boilerplate_inline_marked_as_removed(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["002", "004"], lower=0)
        pane = screen.panes[0]
        removed = bundled_workspace.table("removed").filter(pl.col("article_id") == "002")
        assert removed.height > 0
        assert not [b for b in pane.text.blocks if b.kind == "removed"]
        await pilot.press("b")
        blocks = [b for b in pane.text.blocks if b.kind == "removed"]
        assert len(blocks) == removed.height
        assert all(block.text.startswith("[removed · ") for block in blocks)
        starts = [block.start for block in pane.text.blocks]
        assert starts == sorted(starts)  # inline, where each span was
        lines = [pane.text.line_text(i) for i in range(pane.text.line_count)]
        cut = "   cut".ljust(GUTTER_WIDTH) + "[removed · "
        marked = [line for line in lines if line.startswith(cut)]
        assert len(marked) == removed.height  # each span's first line is marked in the gutter
        await pilot.press("b")
        assert not [b for b in pane.text.blocks if b.kind == "removed"]


@sync
async def test_focus_argument_opens_with_that_sentence_in_view(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["004", "003"], focus=("004", 30), lower=0)
        assert screen.model.focus_target == ("004", 30)
        assert visible(screen.panes[0], 30)
        assert screen.panes[0].text.has_focus


@sync
async def test_panes_fit_small_and_large_terminals(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot, ["000", "001", "002", "003"], lower=0)
        panes = screen.panes
        assert len(panes) == 4
        # At 80 columns four panes sit two by two, each wide enough to read.
        assert {pane.region.x for pane in panes} == {0, 40}
        assert all(pane.region.width >= 38 and pane.text.size.height >= 3 for pane in panes)
        await pilot.resize_terminal(160, 48)
        await settle(app, pilot)
        assert len({pane.region.x for pane in screen.panes}) == 4
        assert len({pane.region.y for pane in screen.panes}) == 1


@sync
async def test_compare_renders_in_monochrome_with_no_color(bundled_workspace, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot, ["002", "004"], lower=3)
        await pilot.press("n", "b")
        await pilot.pause()
        assert app.no_color
        # The pair in focus stays visible without colour: reversed and marked in the gutter.
        pane = screen.panes[0]
        line = pane.text.line_of(screen.model.focused_pair.ref_sentence)
        strip = pane.text.render_line(line - round(pane.text.scroll_y))
        assert strip.text.startswith("▶")
        assert any(segment.style is not None and segment.style.reverse for segment in strip)
        assert all(segment.style is not None for segment in strip)


@sync
async def test_a_adds_a_third_pane_aligned_against_the_reference(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"], lower=3)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"moscow", "enter")
        await settle(app, pilot)
        assert screen.model.article_ids == ["003", "004", "001"]
        assert screen.panes[2].data.article_id == "001"
        assert {pair.other for pair in screen.model.pairs} == {1, 2}
        # A reference sentence keeps one colour whichever pane its partner is in.
        colours = {}
        for pair in screen.model.pairs:
            assert colours.setdefault(pair.ref_sentence, pair.colour) == pair.colour
        assert screen.panes[0].border_subtitle == "reference"
        before = screen.panes[2].text.scroll_y
        await pilot.press(*"jjjjjjjjjjjj")
        assert screen.panes[2].text.scroll_y != before  # the new pane scrolls in sync too
        screen.panes[2].text.focus()
        await pilot.press("w")
        await settle(app, pilot)
        assert screen.model.article_ids == ["003", "004"] and len(screen.panes) == 2


@sync
async def test_compare_opens_on_its_first_pair(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["002", "003"], lower=0)
        pair = screen.model.focused_pair
        assert screen.model.pair_index == 0 and pair is not None
        assert visible(screen.panes[0], pair.ref_sentence)
        assert visible(screen.panes[1], pair.other_sentence)
        assert "pair 1/" in str(screen.query_one("#diff-heading").render())


@sync
async def test_m_lets_a_sentence_pair_with_several_of_the_other_article(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003", "004"])
        one_to_one = [(pair.ref_sentence, pair.other_sentence) for pair in screen.model.pairs]
        assert len({ref for ref, _ in one_to_one}) == len(one_to_one)
        await pilot.press("M")
        await settle(app, pilot)
        many = [(pair.ref_sentence, pair.other_sentence) for pair in screen.model.pairs]
        assert len(many) > len(one_to_one)
        assert len(set(many)) == len(many)
        refs = [ref for ref, _ in many]
        others = [other for _, other in many]
        most = max(max(refs.count(s) for s in refs), max(others.count(s) for s in others))
        assert 1 < most <= 3  # some sentence now answers several, none more than three
        assert "one to 3 (M)" in str(screen.query_one("#compare-status").render())
        await pilot.press("M")
        await settle(app, pilot)
        assert [(p.ref_sentence, p.other_sentence) for p in screen.model.pairs] == one_to_one


@sync
async def test_one_article_alone_says_how_to_add_another(bundled_workspace) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ["003"])
        heading = str(screen.query_one("#diff-heading").render())
        assert "0 aligned pairs · a adds an article beside it" in heading
        assert "lowers the min score" not in heading  # lowering cannot help one article


@sync
async def test_a_pair_scoring_100_keeps_its_number_and_score_apart_in_the_gutter(tmp_path) -> None:
    from workbench.options import WorkspaceOptions

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shared = "The minister said the talks on missile defense would resume next week in Geneva."
    (corpus / "2013-a.txt").write_text(f"{shared} Nothing else was agreed.", encoding="utf-8")
    (corpus / "2019-b.txt").write_text(f"Talks stalled. {shared}", encoding="utf-8")
    app = WorkbenchApp(WorkspaceOptions(corpus=corpus, cache_root=tmp_path / "cache"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        ids = sorted(app.workspace.corpus.articles["article_id"].to_list())
        screen = await open_compare(app, pilot, ids=ids)
        pair = screen.model.focused_pair
        assert round(pair.score) == 100
        pane = screen.panes[0].text
        gutter = pane.line_text(pane.line_of(pair.ref_sentence))[:GUTTER_WIDTH]
        assert gutter.endswith("  1 100 ")  # not "  1100"


@sync
async def test_n_pressed_while_the_articles_load_steps_once_they_are_shown(
    bundled_workspace, monkeypatch
) -> None:
    app = WorkbenchApp(workspace=bundled_workspace)
    async with running(app) as pilot:
        aligned = hold(monkeypatch, bundled_workspace, "align")
        shown = record_notifications(app)
        app.open_compare(["003", "004"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen) and not screen.shown
        await pilot.press("n")
        aligned.set()
        await settle(app, pilot)
        assert len(screen.model.pairs) > 1
        assert screen.model.pair_index == 1  # opened on the first pair, n: the second
        assert not any("No aligned pairs" in message for _, message, _ in shown)
