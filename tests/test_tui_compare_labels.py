"""Compare's labels: keys on the pair in focus, the gutter, notes, undo, n / p past labelled
pairs, pairs made by hand, other sessions' labels after a refresh, the aligner measured on the
labels, and a labels folder that cannot be written."""

from __future__ import annotations

import copy
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import open_compare, record_notifications, settle, stored, stored_key, sync

from workbench.store.labels import LabelStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.note_prompt import NotePrompt
from workbench.tui.widgets.article_pane import GUTTER_WIDTH
from workbench.tui.widgets.evaluation_view import NO_LABELS


async def press(app, pilot, *keys: str) -> None:
    """Press keys and let the workers they start (label writes) finish."""
    await pilot.press(*keys)
    await settle(app, pilot)


def gutter(screen: CompareScreen, pane: int, sentence: int) -> str:
    """The gutter of a sentence's first line in a pane."""
    text = screen.panes[pane].text
    return text.line_text(text.line_of(sentence))[:GUTTER_WIDTH]


def heading(screen: CompareScreen) -> str:
    return str(screen.query_one("#diff-heading").render())


def status(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status").render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@sync
async def test_keys_label_the_pair_in_focus_and_both_gutters_show_it(
    labelled_workspace, size
) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "n", "y")
        first = screen.model.focused_pair
        assert stored(labelled_workspace, first) == "same"
        assert gutter(screen, 0, first.ref_sentence).startswith("▶✓")
        assert gutter(screen, 1, first.other_sentence).startswith("▶✓")
        assert "✓ same" in heading(screen)
        await press(app, pilot, "n", "r")
        second = screen.model.focused_pair
        assert stored(labelled_workspace, second) == "related"
        assert gutter(screen, 0, second.ref_sentence).startswith("▶~")
        await press(app, pilot, "f")
        assert stored(labelled_workspace, second) == "unrelated"
        assert gutter(screen, 1, second.other_sentence).startswith("▶✗")
        # The first pair keeps its label, shown without the focus arrow.
        assert gutter(screen, 0, first.ref_sentence).startswith(" ✓")
        await press(app, pilot, "backspace")
        assert stored(labelled_workspace, second) is None
        assert gutter(screen, 0, second.ref_sentence).startswith("▶ ")
        assert stored(labelled_workspace, first) == "same"


@sync
async def test_n_and_p_pass_over_labelled_pairs_when_asked(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "n", "n", "y")  # pair 2 labelled
        await press(app, pilot, "p")
        assert screen.model.pair_index == 0
        await press(app, pilot, "L")
        assert "skip labelled" in status(screen)
        await press(app, pilot, "n")
        assert screen.model.pair_index == 2  # pair 2 passed over
        await press(app, pilot, "p")
        assert screen.model.pair_index == 0
        await press(app, pilot, "L", "n")
        assert screen.model.pair_index == 1 and "skip labelled" not in status(screen)


@sync
async def test_a_note_is_saved_shown_and_removed_by_an_empty_one(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "n", "r", "m")
        assert isinstance(app.screen, NotePrompt)
        await pilot.press(*"both quote Lavrov", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        pair = screen.model.focused_pair
        label = screen.model.label_of(pair)
        assert (label.label, label.note) == ("related", "both quote Lavrov")
        heading = str(screen.query_one("#diff-heading").render())
        assert "~ related · note “both quote Lavrov”" in heading  # the pair's heading shows it
        await press(app, pilot, "e")
        explained = str(screen.query_one("#explain-body").render())
        assert "note: both quote Lavrov" in explained and "~ related" in explained
        await press(app, pilot, "m")
        await pilot.press("escape")  # cancelled: the note stays
        await settle(app, pilot)
        assert screen.model.label_of(pair).note == "both quote Lavrov"
        await press(app, pilot, "m", "ctrl+u", "enter")
        assert screen.model.label_of(pair).note is None
        assert screen.model.label_of(pair).label == "related"


@sync
async def test_u_undoes_this_sessions_changes_one_by_one(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        shown = record_notifications(app)
        await press(app, pilot, "n", "y", "f")
        pair = screen.model.focused_pair
        assert stored(labelled_workspace, pair) == "unrelated"
        await press(app, pilot, "n", "n")  # focus elsewhere: undo brings the pair back
        await press(app, pilot, "u")
        assert stored(labelled_workspace, pair) == "same"
        assert screen.model.focused_pair.key == pair.key
        assert gutter(screen, 0, pair.ref_sentence).startswith("▶✓")
        await press(app, pilot, "u")
        assert stored(labelled_workspace, pair) is None
        await press(app, pilot, "u")
        assert any("Nothing of yours to undo" in message for _, message, _ in shown)


@sync
async def test_u_keeps_a_label_another_session_gave_the_pair_since(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        shown = record_notifications(app)
        await press(app, pilot, "n", "f")
        pair = screen.model.focused_pair
        other = LabelStore(labelled_workspace.labels.path.parent, session="alice's")
        other.who = "alice"
        other.set(stored_key(labelled_workspace, pair), "same")
        await press(app, pilot, "u")
        assert stored(labelled_workspace, pair) == "same"  # alice's label kept
        assert any(
            title == "Not undone" and "alice changed this pair since" in message
            for title, message, _ in shown
        )


@sync
async def test_two_sentences_paired_by_hand_are_kept_once_labelled(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        proposed = {(p.ref_sentence, p.other_sentence) for p in screen.model.pairs}
        assert (3, 8) not in proposed  # 003 #4 and 004 #9: not paired by the aligner
        await pilot.press("colon", *"4", "enter")
        await press(app, pilot, "v")
        assert gutter(screen, 0, 3).startswith("▶")
        assert "◆ 003 #4 chosen" in status(screen)
        await press(app, pilot, "tab")
        await pilot.press("colon", *"9", "enter")
        await press(app, pilot, "v")
        pair = screen.model.focused_pair
        assert pair.manual and (pair.ref_id, pair.ref_sentence) == ("004", 8)
        assert (pair.other_id, pair.other_sentence) == ("003", 3)
        assert "by hand" in heading(screen)
        await press(app, pilot, "r")
        assert stored(labelled_workspace, pair) == "related"
        assert labelled_workspace.labels.frame()["manual"].to_list() == [True]
    # A new session shows the pair made by hand like any other pair, with its label.
    again = WorkbenchApp(workspace=labelled_workspace)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(again, pilot, lower=2)
        made = [p for p in screen.model.pairs if (p.ref_sentence, p.other_sentence) == (3, 8)]
        assert len(made) == 1 and made[0].manual
        assert gutter(screen, 1, 8)[1] == "~"  # 004 #9 is in no other pair


def session_of(workspace, directory: Path, name: str):
    """Another session on the same corpus: its own label store over the same folder."""
    other = copy.copy(workspace)
    other._labels = LabelStore(directory, session=name)
    return other


@sync
async def test_two_sessions_see_each_others_labels_after_a_refresh(
    labelled_workspace, tmp_path
) -> None:
    directory = labelled_workspace.labels.path.parent
    mine, theirs = labelled_workspace, session_of(labelled_workspace, directory, "theirs")
    first_app, second_app = WorkbenchApp(workspace=mine), WorkbenchApp(workspace=theirs)
    async with (
        first_app.run_test(size=(100, 30)) as first,
        second_app.run_test(size=(100, 30)) as second,
    ):
        one = await open_compare(first_app, first, lower=2)
        two = await open_compare(second_app, second, lower=2)
        await press(first_app, first, "n", "y")  # pair 1: same, in the first session
        assert not two.model.is_labelled(two.model.pairs[0])  # not read there yet
        await press(second_app, second, "R")
        assert two.model.label_of(two.model.pairs[0]).label == "same"
        assert two.panes[1].text.marks[two.model.pairs[0].other_sentence].label == "same"
        await press(second_app, second, "n", "n", "f")  # pair 2: unrelated, in the second
        assert not one.model.is_labelled(one.model.pairs[1])
        await press(first_app, first, "R")
        assert one.model.label_of(one.model.pairs[1]).label == "unrelated"
        # (Two apps in one process: only the marks are checked, the drawing is elsewhere.)
        assert one.panes[0].text.marks[one.model.pairs[1].ref_sentence].label == "unrelated"
        # Each undoes only its own change.
        await press(second_app, second, "u")
        await press(first_app, first, "R")
        assert one.model.label_of(one.model.pairs[1]) is None
        assert one.model.label_of(one.model.pairs[0]).label == "same"


WRITER = """
import sys
from workbench.store.labels import LabelStore, PairKey, sentence_fingerprint
directory, a, norm_a, b, norm_b, label = sys.argv[1:]
key = PairKey.of(a, sentence_fingerprint(norm_a), b, sentence_fingerprint(norm_b))
LabelStore(directory, session="other process").set(key, label)
print(LabelStore(directory).frame().height)
"""


@sync
async def test_labels_written_by_another_process_appear_on_refresh_and_on_return(
    labelled_workspace,
) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    directory = labelled_workspace.labels.path.parent
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "n", "y")
        pairs = screen.model.pairs

        def norm(article: str, sentence: int) -> str:
            rows = labelled_workspace.article_sentences(article)
            return rows.filter(rows["sentence_id"] == sentence)["norm"][0]

        def write(pair, label: str) -> str:
            args = [pair.ref_id, norm(pair.ref_id, pair.ref_sentence)]
            args += [pair.other_id, norm(pair.other_id, pair.other_sentence)]
            done = subprocess.run(
                [sys.executable, "-c", WRITER, str(directory), *args, label],
                capture_output=True,
                text=True,
                check=True,
            )
            return done.stdout.strip()

        assert write(pairs[2], "related") == "2"  # the other process sees this app's label
        assert not screen.model.is_labelled(pairs[2])
        await press(app, pilot, "R")
        assert screen.model.label_of(pairs[2]).label == "related"
        assert gutter(screen, 0, pairs[2].ref_sentence)[1] == "~"
        write(pairs[3], "unrelated")
        await press(app, pilot, "question_mark")  # a screen over Compare, then back to it
        await press(app, pilot, "escape")
        assert app.screen is screen
        assert screen.model.label_of(pairs[3]).label == "unrelated"
        write(pairs[4], "same")
        await press(app, pilot, "1")  # to the Library, then Compare again
        await press(app, pilot, "2")
        again = app.screen
        assert isinstance(again, CompareScreen) and again is not screen
        assert again.model.labels[pairs[4].key].label == "same"  # at its own min score


@sync
async def test_the_aligner_is_measured_on_the_labels_in_a_panel(labelled_workspace) -> None:
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "E")
        body = str(screen.query_one("#evaluation-body").render())
        assert body == NO_LABELS
        await press(app, pilot, "n", "y", "n", "y", "n", "f")
        body = str(screen.query_one("#evaluation-body").render())
        minimum = screen.min_score
        assert f"Aligner vs labels at min score {minimum:.0f}" in body
        # Three proposed pairs labelled, two of them right: precision 2/3, recall 2/2.
        assert "In view (003 ↔ 004): precision 0.67 (2 of 3 proposed and labelled)" in body
        assert "recall 1.00 (2 of 2 same/related)" in body
        assert "Whole corpus: precision 0.67" in body
        assert "3 labelled: 2 same/related, 1 unrelated" in body


@sync
async def test_a_labels_folder_that_cannot_be_written_leaves_compare_read_only(
    bundled_workspace, tmp_path, monkeypatch
) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the labels folder should be")
    monkeypatch.setattr(bundled_workspace, "_labels", LabelStore(tmp_path / "not-a-folder"))
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = record_notifications(app)
        screen = await open_compare(app, pilot, lower=2)
        assert screen.read_only is not None and "labels" in screen.read_only
        assert "labels read-only" in status(screen)
        warned = [m for t, m, _ in shown if t == "Labels read-only"]
        assert len(warned) == 1 and "\n" not in warned[0]
        await press(app, pilot, "n", "y")
        assert [t for t, _, _ in shown].count("Labels read-only") == 2  # says why not
        assert not screen.model.labels
        await press(app, pilot, "n", "e")  # everything else works
        assert screen.model.pair_index == 1
        assert "Why" in str(screen.query_one("#explain-body").render())


@sync
async def test_a_lock_held_by_another_session_fails_one_write_and_the_next_tries_again(
    labelled_workspace, monkeypatch
) -> None:
    from workbench.store import labels

    monkeypatch.setattr(labels, "BUSY_TIMEOUT_S", 0.2)
    app = WorkbenchApp(workspace=labelled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(app, pilot, lower=2)
        await press(app, pilot, "n", "y")
        shown = record_notifications(app)
        holder = sqlite3.connect(labelled_workspace.labels.path)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await press(app, pilot, "n", "y")
        finally:
            holder.rollback()
            holder.close()
        failed = [(t, m) for t, m, _ in shown if t == "saving the label failed"]
        assert len(failed) == 1 and "locked by another session" in failed[0][1]
        assert not screen.model.is_labelled(screen.model.focused_pair)  # nothing half-written
        # A lock passes: Compare stays writable, and the same key again saves the label.
        assert screen.read_only is None and "labels read-only" not in status(screen)
        await press(app, pilot, "y")
        assert stored(labelled_workspace, screen.model.focused_pair) == "same"


@sync
async def test_a_damaged_labels_database_is_said_once_and_compare_works_on(
    bundled_workspace, tmp_path, monkeypatch
) -> None:
    store = LabelStore(tmp_path / "labels")
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"not a database, only bytes " * 200)
    monkeypatch.setattr(bundled_workspace, "_labels", store)
    app = WorkbenchApp(workspace=bundled_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = record_notifications(app)
        screen = await open_compare(app, pilot, lower=2)
        assert screen.read_only is not None and "damaged" in screen.read_only
        lines = [message for _, message, _ in shown]
        assert all("\n" not in message for message in lines)
        assert any("damaged" in message for message in lines)
        await press(app, pilot, "n", "f")
        assert screen.model.pair_index == 0 and not screen.model.labels
        await press(app, pilot, "n", "colon", *"3", "enter")
        assert screen.model.focus_target == ("003", 2)
    assert store.path.read_bytes().startswith(b"not a database")  # left as it was


@pytest.mark.parametrize(
    ("number", "score", "label", "shown"),
    [
        (1, 100.0, None, "    1 100"),
        (999, 67.0, "same", " ✓999  67"),
        (1024, 100.0, None, " 1024 100"),  # the label's column taken, the space kept
        (1024, 100.0, "same", " ✓1024100"),  # labelled: the glyph first
    ],
)
def test_the_gutter_keeps_a_pair_number_and_its_score_apart(
    number: int, score: float, label: str | None, shown: str
) -> None:
    from rich.style import Style

    from workbench.tui.compare_model import PairMark
    from workbench.tui.widgets.article_pane import ArticleText, _Line

    text = ArticleText()
    mark = PairMark(number=number, colour=0, score=score, label=label)
    gutter = text._gutter(_Line(0, 0, 10, sentence=3, row=0), mark, Style())
    assert gutter.plain == shown
    assert len(gutter.plain) < GUTTER_WIDTH  # a space before the sentence's text
