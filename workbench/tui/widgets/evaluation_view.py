"""How good the aligner is on the labels so far: precision and recall at the minimum score in
use, and the minimum score that would maximise F1, for the articles in view and the corpus."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text

from workbench.analysis.alignment_eval import AlignmentEvaluation
from workbench.tui.compare_labels import Evaluations
from workbench.tui.widgets.text_strip import TextStrip

_HEAD = Style(bold=True)
NO_LABELS = "No labels yet: label pairs with y (same), r (related) or f (unrelated)."


def _share(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else "–"


def figures_line(evaluation: AlignmentEvaluation, min_score: float) -> str:
    """``precision 0.80 (4 of 5) · recall 0.67 (4 of 6) · best min score 45 (F1 0.86)``."""
    if evaluation.empty:
        return "no labels yet"
    at: Mapping[str, object] = evaluation.at_min_score
    judged = at["proposed_labelled"]
    right = at["true_positives"]
    parts = [
        f"precision {_share(at['precision'])} ({right} of {judged} proposed and labelled)",
        f"recall {_share(at['recall'])} ({right} of {at['positives']} same/related)",
    ]
    best = evaluation.best
    if best is not None:
        parts.append(f"best min score {best['min_score']:.0f} (F1 {_share(best['f1'])})")
    parts.append(
        f"{evaluation.labelled} labelled: {evaluation.positives} same/related, "
        f"{evaluation.negatives} unrelated"
    )
    return " · ".join(parts)


def evaluation_text(evaluations: Evaluations) -> Text:
    """The panel's lines."""
    text = Text()
    if evaluations.corpus.empty:
        return text.append(NO_LABELS)
    text.append(f"Aligner vs labels at min score {evaluations.min_score:.0f}", style=_HEAD)
    for name, evaluation in (
        (f"In view ({evaluations.view_name})", evaluations.in_view),
        ("Whole corpus", evaluations.corpus),
    ):
        text.append("\n")
        text.append(f"{name}: ", style=_HEAD)
        text.append(figures_line(evaluation, evaluations.min_score))
    return text


class EvaluationView(TextStrip):
    """A strip under the panes: the aligner against the labels."""

    def __init__(self) -> None:
        super().__init__("evaluation-body")
