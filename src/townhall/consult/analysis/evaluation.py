"""Measuring theme assignment and stance against hand labels, simulating officers' curation.

The simulation is k-fold cross-validation: in each fold the officers' corrections are the
labelled answers of the other folds, and scores are computed only on the held-out answers. Near
copies (campaigns) are kept in the same fold, so a corrected copy never marks its twin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from townhall.consult.analysis.assignment import assign_themes, train_theme_model
from townhall.consult.analysis.duplicates import duplicate_groups
from townhall.consult.analysis.embeddings import INSTALLED, EncoderChoice
from townhall.consult.analysis.records import Correction, Stance
from townhall.consult.analysis.stance import lexicon_stance, predict_stances, train_stance_model
from townhall.consult.analysis.themeset import ThemeSet


@dataclass(frozen=True)
class ThemeScore:
    """Precision, recall and F1 of one theme, with how many answers truly carry it."""

    theme: str
    support: int
    predicted: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Evaluation:
    """Scores on held-out answers (folds: 0 when a separate test set was scored)."""

    folds: int
    answers: int
    themes: list[ThemeScore]
    macro_f1: float
    seed_only_macro_f1: float
    stance_accuracy: float
    lexicon_stance_accuracy: float
    majority_stance_accuracy: float
    stance_confusion: dict[tuple[str, str], int]


def theme_scores(
    truth: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], keys: list[str]
) -> list[ThemeScore]:
    """Per-theme precision, recall and F1 (0 where undefined, e.g. a theme never predicted)."""
    true = np.array([[key in row for key in keys] for row in truth], dtype=int).reshape(
        -1, len(keys)
    )
    guess = np.array([[key in row for key in keys] for row in predicted], dtype=int).reshape(
        -1, len(keys)
    )
    precision, recall, f1, support = precision_recall_fscore_support(
        true, guess, average=None, zero_division=0
    )
    return [
        ThemeScore(
            key,
            int(support[i]),
            int(guess[:, i].sum()),
            float(precision[i]),
            float(recall[i]),
            float(f1[i]),
        )
        for i, key in enumerate(keys)
    ]


def macro_f1(scores: list[ThemeScore]) -> float:
    """The unweighted mean F1 over themes that occur in the labels."""
    present = [score.f1 for score in scores if score.support > 0]
    return float(np.mean(present)) if present else 0.0


def accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """The share of answers whose predicted stance equals the label."""
    if not truth:
        return 0.0
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def cross_validate(
    labelled: list[Correction],
    themes: ThemeSet,
    folds: int = 5,
    progress: Callable[[int], None] | None = None,
    encoder: EncoderChoice = INSTALLED,
) -> Evaluation:
    """Score assignment and stance on held-out answers, training on the other folds' labels.

    Also scores the theme set's seed terms alone, with no corrections: the figure before curation.
    """
    texts = [answer.text for answer in labelled]
    groups = duplicate_groups(texts).labels
    group_ids = [label if label >= 0 else -(row + 1) for row, label in enumerate(groups)]
    predicted_themes: list[frozenset[str]] = [frozenset()] * len(labelled)
    predicted_stance: list[Stance] = ["unclear"] * len(labelled)
    for fold, (train, test) in enumerate(GroupKFold(n_splits=folds).split(texts, groups=group_ids)):
        corrections = [labelled[i] for i in train]
        held_out = [texts[i] for i in test]
        model = train_theme_model(themes, corrections, background=held_out, encoder=encoder)
        result = assign_themes(model, [labelled[i].answer_id for i in test], held_out)
        stance_model = train_stance_model(corrections, encoder)
        for row, stance, index in zip(
            range(len(test)), predict_stances(stance_model, held_out), test, strict=True
        ):
            predicted_themes[index] = result.themes_of(row)
            predicted_stance[index] = stance
        if progress is not None:
            progress(fold + 1)
    return _evaluation(labelled, themes, predicted_themes, predicted_stance, folds, encoder)


def test_set_evaluation(
    training: list[Correction],
    test: list[Correction],
    themes: ThemeSet,
    encoder: EncoderChoice = INSTALLED,
) -> Evaluation:
    """Score on a separate test set, training on all of `training` as the officers' corrections."""
    texts = [answer.text for answer in test]
    model = train_theme_model(themes, training, background=texts, encoder=encoder)
    result = assign_themes(model, [answer.answer_id for answer in test], texts)
    stances = predict_stances(train_stance_model(training, encoder), texts)
    predicted = [result.themes_of(r) for r in range(len(texts))]
    return _evaluation(test, themes, predicted, stances, 0, encoder)


def independent_evaluation(
    training: list[Correction],
    independent: list[Correction],
    corrections: Sequence[bool],
    themes: ThemeSet,
    encoder: EncoderChoice = INSTALLED,
) -> Evaluation:
    """Score the answers of an independent set that are not marked as corrections.

    The officers' corrections are all of `training` and the rows of `independent` marked True in
    `corrections` (its writers' own voices, as officers correcting a new consultation would have).
    """
    marked = [answer for answer, mark in zip(independent, corrections, strict=True) if mark]
    scored = [answer for answer, mark in zip(independent, corrections, strict=True) if not mark]
    return test_set_evaluation([*training, *marked], scored, themes, encoder)


@dataclass(frozen=True)
class CurvePoint:
    """Scores on a fixed set of answers after `corrections` officers' corrections."""

    corrections: int
    macro_f1: float
    stance_accuracy: float


CURVE_STEPS = (0, 20, 40, 80, 160)
"""The numbers of corrections the learning curve is measured at."""

CURVE_MIN_SCORED = 25
"""Answers an independent set must keep scored at every step of its learning curve."""


def curve_steps(answers: int) -> list[int]:
    """The steps of CURVE_STEPS a set of this many answers can hold with enough left to score."""
    return [step for step in CURVE_STEPS if step <= answers - CURVE_MIN_SCORED]


def learning_curve(
    base: list[Correction],
    independent: list[Correction],
    corrections: Sequence[bool],
    themes: ThemeSet,
    steps: Sequence[int] = CURVE_STEPS,
    progress: Callable[[int], None] | None = None,
    encoder: EncoderChoice = INSTALLED,
) -> list[CurvePoint]:
    """Accuracy on an independent set after 0, 20, 40, 80 and 160 of its answers are corrected.

    `base` is what officers had before (earlier labelled answers, or nothing for a new question).
    The last unmarked answers (as many as the set has beyond the largest step) are scored every
    time; the corrections are taken first from the rows marked as corrections, then from the other
    unmarked ones, in file order, so each step holds the one before it.
    """
    marked = [a for a, mark in zip(independent, corrections, strict=True) if mark]
    unmarked = [a for a, mark in zip(independent, corrections, strict=True) if not mark]
    pool = [*marked, *unmarked[: max(0, max(steps) - len(marked))]]
    scored = unmarked[max(0, max(steps) - len(marked)) :]
    if len(pool) < max(steps) or not scored:
        raise ValueError(f"{len(independent)} answers: too few for {max(steps)} corrections")
    points = []
    for step in steps:
        result = test_set_evaluation([*base, *pool[:step]], scored, themes, encoder)
        points.append(CurvePoint(step, result.macro_f1, result.stance_accuracy))
        if progress is not None:
            progress(step)
    return points


def _evaluation(
    labelled: list[Correction],
    themes: ThemeSet,
    predicted_themes: list[frozenset[str]],
    predicted_stance: list[Stance],
    folds: int,
    encoder: EncoderChoice,
) -> Evaluation:
    """Scores of the predictions against the labels, with the seed-only and baseline figures."""
    texts = [answer.text for answer in labelled]
    truth = [answer.themes or frozenset() for answer in labelled]
    scores = theme_scores(truth, predicted_themes, themes.keys)
    seeds_only = assign_themes(
        train_theme_model(themes, [], background=texts, encoder=encoder),
        [a.answer_id for a in labelled],
        texts,
    )
    seed_scores = theme_scores(
        truth, [seeds_only.themes_of(row) for row in range(len(texts))], themes.keys
    )
    true_stance = [answer.stance or "unclear" for answer in labelled]
    majority = max(set(true_stance), key=true_stance.count)
    confusion: dict[tuple[str, str], int] = {}
    for t, p in zip(true_stance, predicted_stance, strict=True):
        confusion[(t, p)] = confusion.get((t, p), 0) + 1
    return Evaluation(
        folds=folds,
        answers=len(labelled),
        themes=scores,
        macro_f1=macro_f1(scores),
        seed_only_macro_f1=macro_f1(seed_scores),
        stance_accuracy=accuracy(true_stance, predicted_stance),
        lexicon_stance_accuracy=accuracy(true_stance, [lexicon_stance(text) for text in texts]),
        majority_stance_accuracy=accuracy(true_stance, [majority] * len(true_stance)),
        stance_confusion=confusion,
    )
