"""Compare's model without Textual: alignments read either way, the reference and its pairs,
focus, panes added, swapped, replaced and closed, and the minimum score."""

from __future__ import annotations

import subprocess
import sys

import polars as pl

from workbench.tui.compare_model import (
    MAX_PANES,
    AlignedRow,
    CompareModel,
    PairLabel,
    PairMark,
    aligned_row,
    alignment_rows,
    pair_key,
)

SENTENCES = {"a": range(10), "b": range(12), "c": range(8), "d": range(5)}
A_B = [AlignedRow(1, 4, 90.0, ("reset",)), AlignedRow(5, 2, 70.0), AlignedRow(8, 9, 60.0)]
A_C = [AlignedRow(1, 0, 80.0), AlignedRow(3, 6, 75.0)]
B_C = [AlignedRow(4, 0, 85.0), AlignedRow(11, 7, 65.0)]


def loaded(ids: list[str], focus: tuple[str, int] | None = None) -> CompareModel:
    """A model of ``ids`` with every article and the alignments asked for loaded."""
    model = CompareModel.opening(ids, focus)
    known = {("a", "b"): A_B, ("a", "c"): A_C, ("b", "c"): B_C}
    fill(model, known)
    return model


def fill(model: CompareModel, known: dict[tuple[str, str], list[AlignedRow]]) -> None:
    """Load what the model is missing, as the screen's worker would."""
    articles, pairs = model.missing()
    alignments = {}
    for left, right in pairs:
        if (left, right) in known:
            alignments[(left, right)] = known[(left, right)]
        else:
            alignments[(left, right)] = [row.flipped() for row in known[(right, left)]]
    model.add_loaded({a: list(SENTENCES[a]) for a in articles}, alignments)


# -- rows -------------------------------------------------------------------------------------


def test_flipped_alignment_reads_the_pair_from_the_other_side() -> None:
    row = AlignedRow(3, 7, 80.0, ("reset",), {"left_year": 2012, "right_year": 2019})
    flipped = row.flipped()
    assert (flipped.left, flipped.right, flipped.score, flipped.themes) == (7, 3, 80.0, ("reset",))
    assert dict(flipped.extra) == {"left_year": 2019, "right_year": 2012}
    assert flipped.flipped() == row


def test_a_row_of_workspace_align_keeps_its_further_columns_and_flips_one_sided_ones() -> None:
    frame = pl.DataFrame(
        {
            "left_id": ["a"],
            "left_sentence": [3],
            "right_id": ["b"],
            "right_sentence": [7],
            "score": [81],
            "shared_themes": [["reset"]],
            "left_text": ["x"],
            "right_text": ["y"],
            "opcodes": [
                [{"tag": "equal", "left_start": 0, "left_end": 1, "right_start": 0, "right_end": 1}]
            ],
            "semantic": [0.9],
            "left_year": [2012],
            "right_year": [2019],
        }
    )
    (row,) = alignment_rows(frame)
    assert (row.left, row.right, row.score, row.themes) == (3, 7, 81.0, ("reset",))
    assert dict(row.extra) == {"semantic": 0.9, "left_year": 2012, "right_year": 2019}
    assert dict(row.flipped().extra) == {"semantic": 0.9, "left_year": 2019, "right_year": 2012}
    assert aligned_row({"left_sentence": 1, "right_sentence": 2, "score": 50.0}).extra == {}


# -- loading and pairs ------------------------------------------------------------------------


def test_missing_asks_for_articles_and_reference_alignments_once_either_way_round() -> None:
    model = CompareModel.opening(["a", "b", "a"])
    assert model.missing() == (["a", "b"], [("a", "b")])
    fill(model, {("a", "b"): A_B})
    assert model.missing() == ([], [])
    assert model.set_reference(1)
    assert model.missing() == ([], [])  # (b, a) is (a, b) read the other way


def test_pairs_follow_the_reference_reading_order_and_colour_by_reference_sentence() -> None:
    model = loaded(["a", "b", "c"])
    pairs = [(p.ref_sentence, p.other, p.other_sentence) for p in model.pairs]
    assert pairs == [(1, 1, 4), (1, 2, 0), (3, 2, 6), (5, 1, 2), (8, 1, 9)]
    colours = [p.colour for p in model.pairs]
    assert colours == [0, 0, 1, 2, 3]  # sentence 1 has one colour in both other panes
    assert [p.other_id for p in model.pairs] == ["b", "c", "c", "b", "b"]


def test_tab_to_another_pane_reads_its_alignments_and_keeps_the_pair_in_focus() -> None:
    model = loaded(["a", "b"])
    assert model.step(1) and model.focused_pair.ref_sentence == 1
    assert model.set_reference(1)
    assert model.reference == "b"
    assert [(p.ref_sentence, p.other_sentence) for p in model.pairs] == [(2, 5), (4, 1), (9, 8)]
    pair = model.focused_pair
    assert (pair.ref_sentence, pair.other_sentence, pair.other) == (4, 1, 0)
    assert not model.set_reference(1)


def test_with_three_panes_a_new_reference_needs_its_own_alignment_with_the_third() -> None:
    model = loaded(["a", "b", "c"])
    model.set_reference(1)
    assert model.missing() == ([], [("b", "c")])
    assert {p.other for p in model.pairs} == {0}  # only what is loaded so far
    fill(model, {("b", "c"): B_C})
    assert [(p.ref_sentence, p.other) for p in model.pairs] == [
        (2, 0),
        (4, 0),
        (4, 2),
        (9, 0),
        (11, 2),
    ]


def test_the_same_article_twice_is_aligned_with_itself() -> None:
    model = loaded(["d", "d"])
    assert model.missing() == ([], [])
    assert [(p.ref_sentence, p.other_sentence, p.score) for p in model.pairs] == [
        (s, s, 100.0) for s in range(5)
    ]


# -- focus ------------------------------------------------------------------------------------


def test_step_goes_round_the_ends_and_reports_when_there_is_nothing() -> None:
    model = loaded(["a", "b"])
    assert model.step(-1) and model.pair_index == 2
    assert model.step(1) and model.pair_index == 0
    assert model.step(1) and model.step(1) and model.step(1) and model.pair_index == 0
    empty = CompareModel.opening(["a", "b"])
    assert not empty.step(1) and empty.pair_index is None


def test_a_sentence_asked_for_is_focused_through_its_pair_once_loaded() -> None:
    model = CompareModel.opening(["b", "a"], focus=("a", 5))
    assert model.ref_index == 1 and model.focus_target == ("a", 5)
    assert model.focus_sentence == 5  # shown in the reference pane until its pair is known
    fill(model, {("a", "b"): A_B})
    assert model.focused_pair.ref_sentence == 5 and model.focused_pair.other_sentence == 2
    assert model.focus_sentence is None and model.focus_target == ("a", 5)
    lonely = loaded(["a", "b"], focus=("a", 0))  # no pair: the sentence itself stays in focus
    assert lonely.pair_index is None and lonely.focus_target == ("a", 0)


def test_marks_number_each_pair_in_both_panes_and_the_focused_one_wins() -> None:
    model = loaded(["a", "b", "c"])
    model.step(1)
    model.step(1)  # pair 2: a1 → c0, while a1 is also in pair 1 (a1 → b4)
    ref, b, c = model.marks()
    assert ref[1] == PairMark(2, 0, 80.0, focused=True)
    assert b[4] == PairMark(1, 0, 90.0) and c[0] == PairMark(2, 0, 80.0, focused=True)
    assert sorted(ref) == [1, 3, 5, 8]


# -- labels and pairs made by hand ------------------------------------------------------------


def test_labels_show_in_the_marks_of_both_sides_whichever_way_the_pair_is_read() -> None:
    model = loaded(["a", "b"])
    model.set_labels({pair_key("b", 2, "a", 5): PairLabel("same", "checked")}, {})
    ref, other = model.marks()
    assert ref[5].label == "same" and other[2].label == "same"
    assert ref[1].label is None
    model.set_reference(1)  # read from b now: b2-a5 comes first
    assert [model.label_of(pair) for pair in model.pairs][1:] == [None, None]
    assert model.label_of(model.pairs[0]).note == "checked"


def test_step_can_pass_over_labelled_pairs_and_says_when_every_pair_is_labelled() -> None:
    model = loaded(["a", "b"])  # pairs a1-b4, a5-b2, a8-b9
    model.set_labels({pair_key("a", 5, "b", 2): PairLabel("related")}, {})
    model.skip_labelled = True
    assert model.step(1) and model.pair_index == 0
    assert model.step(1) and model.pair_index == 2  # a5-b2 is labelled
    assert model.step(-1) and model.pair_index == 0
    noted = {pair_key("a", 1, "b", 4): PairLabel(None, "a note is not a label")}
    model.set_labels({**model.labels, **noted}, {})
    assert model.step(1) and model.pair_index == 2
    model.set_labels({pair.key: PairLabel("unrelated") for pair in model.pairs}, {})
    assert not model.step(1)
    model.skip_labelled = False
    assert model.step(1)


def test_a_pair_made_by_hand_is_shown_beside_the_aligners_once_and_read_either_way() -> None:
    model = loaded(["a", "b"])
    hand = AlignedRow(2, 7, 31.0)
    model.set_labels({pair_key("a", 2, "b", 7): PairLabel("related", manual=True)}, {})
    assert [p.ref_sentence for p in model.pairs] == [1, 5, 8]  # a label alone adds no pair
    proposed_again = AlignedRow(5, 2, 70.0)  # the aligner's own pair is not doubled
    model.set_labels(model.labels, {("b", "a"): [hand.flipped(), proposed_again.flipped()]})
    assert [(p.ref_sentence, p.other_sentence) for p in model.pairs] == [
        (1, 4),
        (2, 7),
        (5, 2),
        (8, 9),
    ]
    made = model.pairs[1]
    assert made.score == 31.0 and model.marks()[0][2].label == "related"
    assert not model.pairs[2].manual
    model.set_reference(1)
    assert any(p.ref_sentence == 7 and p.other_sentence == 2 for p in model.pairs)


def test_selecting_a_sentence_in_each_article_pairs_them_by_hand() -> None:
    model = loaded(["a", "b"])
    assert model.select("a", 3) is None and model.selected == ("a", 3)
    assert model.select("a", 4) is None and model.selected == ("a", 4)  # replaced
    assert model.select("a", 4) is None and model.selected is None  # dropped
    model.select("a", 3)
    assert model.select("b", 6) == (("a", 3), ("b", 6)) and model.selected is None
    model.add_hand_pair("a", "b", AlignedRow(3, 6, 40.0, ("reset",)))
    pair = model.focused_pair
    assert (pair.ref_sentence, pair.other_sentence, pair.score) == (3, 6, 40.0)
    assert pair.manual and pair.themes == ("reset",)
    assert model.marks()[1][6].manual
    # Once labelled it is read back as a stored pair made by hand, and stays in focus.
    stored = {pair_key("a", 3, "b", 6): PairLabel("same", manual=True)}
    model.set_labels(stored, {("b", "a"): [AlignedRow(6, 3, 40.0, ("reset",))]})
    assert model.candidate is None
    assert [(p.ref_sentence, p.other_sentence) for p in model.pairs].count((3, 6)) == 1
    assert model.focused_pair.ref_sentence == 3 and model.marks()[0][3].label == "same"


def test_focus_sentence_at_focuses_its_pair_or_the_sentence_alone() -> None:
    model = loaded(["a", "b"])
    model.focus_sentence_at(5)
    assert model.focused_pair.other_sentence == 2 and model.focus_sentence is None
    model.focus_sentence_at(6)
    assert model.focused_pair is None and model.focus_target == ("a", 6)
    assert model.step(1) and model.pair_index == 0


# -- panes ------------------------------------------------------------------------------------


def test_swap_moves_the_reference_with_its_article_and_keeps_the_pairs() -> None:
    model = loaded(["a", "b"])
    model.step(1)
    before = [(p.ref_sentence, p.other_sentence, p.score) for p in model.pairs]
    assert model.swap(0) == (0, 1)
    assert model.article_ids == ["b", "a"] and model.ref_index == 1
    assert [(p.ref_sentence, p.other_sentence, p.score) for p in model.pairs] == before
    assert {p.other for p in model.pairs} == {0}
    assert model.focused_pair.ref_sentence == 1
    assert CompareModel.opening(["a"]).swap(0) is None


def test_replace_add_and_close_panes_say_what_is_to_be_loaded() -> None:
    model = loaded(["a", "b"])
    model.step(1)
    assert not model.replace(1, "b")
    assert model.replace(1, "c") and model.pair_index is None
    assert model.missing() == (["c"], [("a", "c")])
    fill(model, {("a", "c"): A_C})
    assert model.add("b") and model.missing() == ([], [])  # (a, b) is still known
    assert {p.other_id for p in model.pairs} == {"b", "c"}
    assert model.add("d") and model.missing() == (["d"], [("a", "d")])
    assert len(model.article_ids) == MAX_PANES
    assert not model.add("a")
    model.set_reference(2)
    assert model.close(2)
    assert model.article_ids == ["a", "c", "d"] and model.ref_index == 0
    assert model.close(2) and not model.close(1)
    assert model.article_ids == ["a", "c"]


def test_changing_the_minimum_score_drops_every_alignment_within_bounds() -> None:
    model = loaded(["a", "b", "c"])
    model.step(1)
    assert model.change_threshold(-5, default=35.0)
    assert model.threshold == 30.0 and model.min_score(35.0) == 30.0
    assert model.pair_index is None and model.pairs == []
    assert model.missing() == ([], [("a", "b"), ("a", "c")])
    model.change_threshold(-50, default=35.0)
    assert model.threshold == 5.0
    model.change_threshold(500, default=35.0)
    assert model.threshold == 100.0
    assert not CompareModel.opening(["a", "b"]).change_threshold(5, default=None)


def test_the_pair_in_focus_stays_in_focus_across_a_realignment() -> None:
    known = {("a", "b"): A_B, ("a", "c"): A_C}
    model = loaded(["a", "b", "c"])
    model.step(1)
    model.step(1)
    kept = model.focused_pair.key
    model.change_threshold(-5, default=35.0)  # the pairs are redone...
    fill(model, known)
    assert model.focused_pair.key == kept  # ... and the pair in focus is again
    model.toggle_many()
    fill(model, known)
    assert model.focused_pair.key == kept
    # A pair that no longer clears the score gives way to the next of the reference's
    fill_without = {("a", "b"): A_B, ("a", "c"): [A_C[1]]}  # (1, 0) gone
    sentence = model.focused_pair.ref_sentence
    model.change_threshold(5, default=35.0)
    fill(model, fill_without)
    assert model.focused_pair is not None and model.focused_pair.key != kept
    assert model.focused_pair.ref_sentence == min(
        p.ref_sentence for p in model.pairs if p.ref_sentence >= sentence
    )


def test_the_model_does_without_textual() -> None:
    code = "import sys, workbench.tui.compare_model; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
