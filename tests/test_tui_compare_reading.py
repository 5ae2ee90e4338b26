"""Reading in Compare: search in the article, go to a sentence, copy a sentence or a pair, the
panel saying why a pair is paired, the pair in focus kept in view on a resize, notices clear of
the status line, and an empty Compare (the analyst's task end to end is in test_tui_tasks)."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast
from tui_support import open_compare, record_notifications, settle, sync

from workbench.analysis.explain import shared_content_words
from workbench.options import Settings
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.help import binding_entries
from workbench.tui.widgets.diff_view import DiffView
from workbench.tui.widgets.explain_view import ExplainView

SIZES = [(80, 24), (120, 40)]


def status(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status").render())


def in_view(screen: CompareScreen, pane: int, sentence: int) -> bool:
    text = screen.panes[pane].text
    return text.in_view(text.line_of(sentence))


def sentence_text(workspace, article: str, sentence: int) -> str:
    rows = workspace.article_sentences(article)
    return rows.filter(rows["sentence_id"] == sentence)["text"][0]


# -- search -------------------------------------------------------------------------------


@sync
async def test_slash_searches_the_reference_article_and_n_steps_through_matches(
    labelled_workspace,
) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        left, right = screen.panes
        expected = sum(
            block.text.lower().count("putin") for block in left.text.blocks
        )  # no theme tag says "putin"
        await pilot.press("slash", *"Putin")
        await pilot.pause()
        assert screen.prompt.is_open
        assert len(screen.matches) == expected >= 3
        assert f"“Putin” {expected}" in status(screen)  # counted as it is typed
        assert sum(len(found) for found in left.text.matches.values()) == expected
        assert not right.text.matches  # only the reference article is searched
        await pilot.press("enter")
        await settle(app, pilot)
        assert not screen.prompt.is_open and left.text.has_focus
        first = screen.matches[screen.match_index]
        assert f"“Putin” {screen.match_index + 1}/{expected}" in status(screen)
        assert screen.model.focus_target == ("003", first.sentence)
        assert left.text.in_view(left.text.line_of_offset(first.block, first.start))
        start = screen.match_index
        await pilot.press("n")
        assert screen.match_index == (start + 1) % expected  # n steps matches, not pairs
        await pilot.press("N", "N")
        assert screen.match_index == (start - 1) % expected
        current = [(s, e) for found in left.text.matches.values() for s, e, c in found if c]
        assert len(current) == 1
        await pilot.press("escape")  # ends the search
        assert screen.search_term == "" and not left.text.matches
        assert "Putin" not in status(screen)
        await pilot.press("n")
        assert screen.model.pair_index is not None  # n is the pair key again


@sync
async def test_n_and_shift_n_step_matches_when_the_keymap_gives_the_pair_keys_others(
    labelled_workspace, tmp_path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"compare.next-pair" = "n,ctrl+n"\n"compare.prev-pair" = "p"\n')
    app = WorkbenchApp(workspace=labelled_workspace, keymap_file=keymap)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await pilot.press("slash", *"Putin", "enter")
        await settle(app, pilot)
        count, start = len(screen.matches), screen.match_index
        await pilot.press("n")
        assert screen.match_index == (start + 1) % count  # a match, not the next pair
        await pilot.press("N", "N")
        assert screen.match_index == (start - 1) % count
        keys = {entry.binding_id: entry.keys for entry in binding_entries(screen, app.keymap)}
        assert (keys["compare.next-match"], keys["compare.prev-match"]) == ("n", "N")
        assert set(keys["compare.next-pair"].split()) == {"n", "^n"}
        assert keys["compare.prev-pair"] == "p"
        await pilot.press("ctrl+n")  # the pairs' own key steps pairs, the match stays
        focused = screen.model.focused_pair
        assert focused is not None and screen.match_index == (start - 1) % count
        await pilot.press("escape", "n")  # no search: n is the pair key
        assert screen.model.focused_pair is not None and screen.model.focused_pair != focused


@sync
async def test_a_search_with_no_match_says_so(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        shown = record_notifications(app)
        await pilot.press("slash", *"glasnost")
        await settle(app, pilot)
        assert "“glasnost” not found" in status(screen)  # said while it is typed
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("“glasnost” is not in 003" in message for _, message, _ in shown)
        # The search is over: n steps the pairs again rather than matches there are none of.
        assert screen.search_term == "" and "not found" not in status(screen)
        before = screen.model.focused_pair
        await pilot.press("n")
        assert screen.model.focused_pair is not None and screen.model.focused_pair != before


@sync
async def test_no_pair_to_step_to_says_what_would_give_one(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_compare(app, pilot, ids=("003",))
        shown = record_notifications(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert any("one article alone; press a to add another" in m for _, m, _ in shown)


# -- go to a sentence, sentence by sentence, copy -----------------------------------------


@sync
async def test_colon_goes_to_a_sentence_by_its_number(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        shown = record_notifications(app)
        await pilot.press("colon", *"20", "enter")
        await settle(app, pilot)
        assert screen.model.focus_target == ("003", 19)  # #20 is the twentieth sentence
        assert in_view(screen, 0, 19)
        text = screen.panes[0].text
        first_line = text.line_text(text.line_of(19))
        assert first_line.startswith("▶")
        assert "#20" in first_line or "#20" in text.line_text(text.line_of(19) + 1)
        await pilot.press("colon", *"99", "enter")
        await settle(app, pilot)
        assert screen.model.focus_target == ("003", 19)  # unchanged
        assert any("#1 to #27" in message for _, message, _ in shown)
        await pilot.press("colon", *"#3", "enter", "J", "J", "K")
        await settle(app, pilot)
        assert screen.model.focus_target == ("003", 3)


@sync
async def test_c_copies_the_sentence_in_focus_and_shift_c_the_pair(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        shown = record_notifications(app)
        await pilot.press("C")
        assert app.clipboard == "" and any("No pair in focus" in m for _, m, _ in shown)
        await pilot.press("colon", *"5", "enter", "c")
        await settle(app, pilot)
        assert app.clipboard == f"003 #5: {sentence_text(labelled_workspace, '003', 4)}"
        await pilot.press("n", "n", "C")
        pair = screen.model.focused_pair
        assert app.clipboard == (
            f"003 #{pair.ref_sentence + 1}: "
            f"{sentence_text(labelled_workspace, '003', pair.ref_sentence)}\n"
            f"004 #{pair.other_sentence + 1}: "
            f"{sentence_text(labelled_workspace, '004', pair.other_sentence)}"
        )


# -- why a pair is paired -----------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_e_explains_the_pair_in_focus(labelled_workspace, size) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        view = screen.query_one(ExplainView)
        assert not view.display
        await pilot.press("e")
        await settle(app, pilot)
        assert view.display
        assert "No pair in focus" in str(screen.query_one("#explain-body").render())
        await pilot.press("n", "n")
        await settle(app, pilot)
        pair = screen.model.focused_pair
        body = str(screen.query_one("#explain-body").render())
        label = f"003 #{pair.ref_sentence + 1} ↔ 004 #{pair.other_sentence + 1}"
        assert f"Why    {label}: score {pair.score:.0f} = .25 × wording" in body
        assert ".5 × meaning" in body
        if pair.themes:
            assert all(theme in body for theme in pair.themes)
            assert "by word" in body or "by meaning" in body  # how each theme hit was found
        shared = shared_content_words(
            sentence_text(labelled_workspace, "003", pair.ref_sentence),
            sentence_text(labelled_workspace, "004", pair.other_sentence),
        )
        assert shared and f"{len(shared)} shared by stem: " in body
        assert ", ".join(word.shown for word in shared) in body.replace("\n", " ")
        # In a short terminal the explanation takes the diff's place; in a tall one both show.
        diff = screen.query_one(DiffView)
        assert diff.display == (size[1] >= 32)
        assert view.region.height >= 4
        await pilot.press("e")
        assert not view.display and diff.display
        # Escape closes it first, and only then leaves Compare
        await pilot.press("e", "escape")
        await pilot.pause()
        assert not view.display and app.screen is screen


def test_the_explanation_matches_words_by_stem() -> None:
    shared = shared_content_words(
        "New sanctions against Moscow", "The sanction regime against Moscow"
    )
    assert [word.shown for word in shared] == ["sanctions/sanction", "moscow"]


# -- presentation -------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_the_pair_in_focus_stands_level_in_both_panes(labelled_workspace, size) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        for _ in range(3):  # the first pair (near the articles' tops), then pairs further down
            await pilot.press("n")
            await settle(app, pilot)
            pair = screen.model.focused_pair
            rows = [
                pane.text.line_of(sentence) - round(pane.text.scroll_y)
                for pane, sentence in zip(
                    screen.panes, (pair.ref_sentence, pair.other_sentence), strict=True
                )
            ]
            assert rows[0] == rows[1] and 0 <= rows[0] <= screen.panes[0].text.size.height // 3


@sync
async def test_a_resize_keeps_the_pair_in_focus_in_view(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await pilot.press("p", "p", "p")  # a pair far down both articles
        await settle(app, pilot)
        pair = screen.model.focused_pair
        assert in_view(screen, 0, pair.ref_sentence) and in_view(screen, 1, pair.other_sentence)
        for size in [(80, 24), (160, 48), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            assert in_view(screen, 0, pair.ref_sentence), size
            assert in_view(screen, 1, pair.other_sentence), size


@sync
async def test_notices_never_cover_the_status_line(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await pilot.press("b")  # says how many removed spans are shown
        await pilot.pause()
        toasts = list(screen.query(Toast))
        assert toasts
        status_line = screen.query_one("#compare-status").region
        assert status_line.height == 1
        assert all(toast.region.bottom <= status_line.y for toast in toasts)
        # ... nor the word diff of the pair in focus: a notice is one line, at the top
        diff = screen.query_one(DiffView).region
        assert all(toast.region.height == 1 for toast in toasts)
        assert all(toast.region.bottom <= diff.y for toast in toasts)
        await pilot.press("slash")  # with the prompt open, above the prompt too
        app.notify("a notice")
        await pilot.pause()
        prompt = screen.prompt.region
        assert all(toast.region.bottom <= prompt.y for toast in screen.query(Toast))


@sync
async def test_compare_with_nothing_open_says_how_to_open_articles(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and not screen.model.article_ids
        hint = screen.query_one("#compare-hint")
        assert hint.display and hint.region.height > 3
        text = str(hint.render())
        assert "Library" in text and "space" in text and "enter" in text
        assert not screen.query_one("#compare-status").display
        await pilot.press("n", "y", "slash")  # nothing to do, and nothing breaks
        assert app.screen is screen and not screen.prompt.is_open


def test_the_explanation_shows_further_scores_and_how_each_theme_hit_was_found() -> None:
    import polars as pl

    from workbench.tui.compare_model import AlignedRow, Pair, PairLabel
    from workbench.tui.widgets.article_pane import ArticleData
    from workbench.tui.widgets.explain_view import explanation, score_line, score_summary

    def article(article_id: str, text: str, hits: list[tuple[str, str, str]]) -> ArticleData:
        sentences = pl.DataFrame(
            {"sentence_id": [0], "paragraph_id": [0], "start": [0], "text": [text]}
        )
        frame = pl.DataFrame(
            {
                "sentence_id": [0] * len(hits),
                "theme": [theme for theme, _, _ in hits],
                "phrase": [matched for _, matched, _ in hits],
                "matched_text": [matched for _, matched, _ in hits],
                "method": [method for _, _, method in hits],
            }
        )
        return ArticleData(article_id, {}, sentences, frame, pl.DataFrame())

    articles = {
        "a": article("a", "New sanctions hit Moscow.", [("sanctions", "sanctions", "word")] * 2),
        "b": article(
            "b", "The sanction regime on Moscow.", [("sanctions", "(meaning)", "meaning")]
        ),
    }
    row = AlignedRow(0, 0, 67.5, ("sanctions",), {"lexical": 60.0, "semantic": 80.0})
    pair = Pair("a", 1, "b", row)
    assert score_line(pair) == (
        "score 68 = .25 × wording 60 + .25 × word order 50 + .5 × meaning 80"
    )
    text = explanation(pair, articles, PairLabel("same", "same vote", who="ana")).plain
    assert "Words  2 shared by stem: sanctions/sanction, moscow" in text
    # One hit found twice by its words is said once; a hit by meaning quotes nothing.
    assert "Themes sanctions (a “sanctions” by word; b by meaning)" in text
    assert "Label  ✓ same by ana · note: same vote" in text
    by_hand = Pair("a", 1, "b", AlignedRow(0, 0, 31.0, extra={"manual": True}))
    assert score_line(by_hand) == "score 31 (wording alone) · paired by hand"
    # The heading of the pair in focus names the score and both its signals.
    assert score_summary(pair) == "score 68 (wording 60, meaning 80)"
    assert score_summary(by_hand) == "score 31"
    # Without a meaning signal (another language, another script) the wording alone.
    unread = Pair("a", 1, "b", AlignedRow(0, 0, 45.0, extra={"lexical": 55.0, "semantic": None}))
    assert score_summary(unread) == "score 45 (wording 55, no meaning)"
    assert score_line(unread) == "score 45 (wording 55 alone)"


@sync
async def test_with_no_pair_at_the_min_score_compare_says_how_low_the_best_one_is(
    bundled_corpus,
) -> None:
    from textual.widgets import Static

    from workbench.analysis.lexicon import load_lexicon
    from workbench.paths import default_lexicon_path
    from workbench.workspace import Workspace

    settings = Settings(align_threshold=55)
    workspace = Workspace(bundled_corpus, load_lexicon(default_lexicon_path()), settings)
    best = workspace.score_pair("000", "004").scores.max()
    assert best < workspace.settings.align_threshold
    app = WorkbenchApp(workspace=workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, ("000", "004"))
        assert screen.model.pairs == []
        heading = str(screen.query_one("#diff-heading", Static).render())
        assert f"0 aligned pairs (the best pair here scores {best:.0f})" in heading
        assert "lowers the min score" in heading


@sync
async def test_a_theme_switched_in_compare_redraws_the_articles_in_its_colours(
    labelled_workspace,
) -> None:
    from workbench.tui.widgets.article_pane import ArticleText

    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        text = screen.query(ArticleText).first()

        def backgrounds() -> set:  # the theme's, not a pair's (one of the 16 colours)
            styles = [segment.style for segment in text.render_line(0) if segment.style]
            return {s.bgcolor for s in styles if s.bgcolor and s.bgcolor.triplet is not None}

        dark = backgrounds()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not app.current_theme.dark
        light = backgrounds()
        assert light and light.isdisjoint(dark)
