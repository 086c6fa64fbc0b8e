"""Scores on a hand-computed example, and the curation simulation on a small labelled subset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from townhall.consult.analysis.evaluation import (
    accuracy,
    cross_validate,
    curve_steps,
    macro_f1,
    theme_scores,
)
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.themeset import ThemeSet


def test_scores_by_hand() -> None:
    truth = [frozenset({"a"}), frozenset({"a", "b"}), frozenset(), frozenset({"b"})]
    guess = [frozenset({"a"}), frozenset({"b"}), frozenset({"a"}), frozenset({"b", "c"})]
    a, b, c = theme_scores(truth, guess, ["a", "b", "c"])
    # a: predicted twice, right once (precision 1/2); truly twice, found once (recall 1/2).
    assert (a.precision, a.recall, a.f1, a.support, a.predicted) == (0.5, 0.5, 0.5, 2, 2)
    # b: predicted twice, both right; truly twice, both found.
    assert (b.precision, b.recall, b.f1) == (1.0, 1.0, 1.0)
    # c: never true, predicted once: scored 0 and left out of the macro average.
    assert (c.support, c.precision, c.f1) == (0, 0.0, 0.0)
    assert macro_f1([a, b, c]) == pytest.approx(0.75)
    assert accuracy(["supports", "opposes", "mixed"], ["supports", "opposes", "opposes"]) == 2 / 3


def test_cross_validation_on_a_subset(cts_labelled: list[Correction], cts_themes: ThemeSet) -> None:
    subset = cts_labelled[:90]
    evaluation = cross_validate(subset, cts_themes, folds=3)
    assert len(evaluation.themes) == len(cts_themes.keys)
    assert 0.0 <= evaluation.macro_f1 <= 1.0
    assert sum(evaluation.stance_confusion.values()) == 90
    assert 0.0 <= evaluation.stance_accuracy <= 1.0
    assert evaluation.majority_stance_accuracy >= 0.5


def test_labelled_set_is_balanced_enough(
    cts_labelled: list[Correction], cts_themes: ThemeSet
) -> None:
    assert len(cts_labelled) >= 400
    for key in cts_themes.keys:
        assert sum(key in (answer.themes or ()) for answer in cts_labelled) >= 25, key
    assert {answer.stance for answer in cts_labelled} == {"supports", "opposes", "mixed", "unclear"}


@given(st.lists(st.frozensets(st.sampled_from(["a", "b", "c"])), min_size=1, max_size=30))
def test_perfect_predictions_score_one(truth: list[frozenset[str]]) -> None:
    scores = theme_scores(truth, truth, ["a", "b", "c"])
    for score in scores:
        assert score.f1 == (1.0 if score.support else 0.0)
        assert score.predicted == score.support
    if any(truth):
        assert macro_f1(scores) == 1.0


def test_learning_curve_steps_fit_the_set() -> None:
    assert curve_steps(244) == [0, 20, 40, 80, 160]
    assert curve_steps(75) == [0, 20, 40]
    assert curve_steps(30) == [0]
