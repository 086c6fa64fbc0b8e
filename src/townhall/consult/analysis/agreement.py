"""How far two people's readings of the same answers agree (double coding).

Consultation analysts check their coding by having a second person code a sample: the agreement
between the two is the most any model can be expected to reach against either of them. The first
reading is taken as the reference, so the theme F1 and macro-F1 are those `accuracy` reports for a
model; Cohen's kappa, which discounts agreement by chance, is given beside them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import cohen_kappa_score

from townhall.consult.analysis.evaluation import ThemeScore, accuracy, macro_f1, theme_scores
from townhall.consult.analysis.records import STANCES, Correction


@dataclass(frozen=True)
class Agreement:
    """Two readings compared on the answers both read: per theme, macro-F1, stance agreement."""

    answers: int
    only_first: int
    only_second: int
    themes: list[ThemeScore]
    kappas: list[float]
    macro_f1: float
    stance_answers: int
    stance_agreement: float
    stance_kappa: float
    stance_confusion: dict[tuple[str, str], int]


def agreement(
    first: Sequence[Correction], second: Sequence[Correction], keys: list[str]
) -> Agreement:
    """Compare two readings by answer id; answers read by one only are counted, not compared.
    Themes are compared where both gave themes, stance where both gave a stance."""
    theirs = {reading.answer_id: reading for reading in second}
    pairs = [(mine, theirs[mine.answer_id]) for mine in first if mine.answer_id in theirs]
    themed = [(a, b) for a, b in pairs if a.themes is not None and b.themes is not None]
    reference = [a.themes or frozenset() for a, _ in themed]
    other = [b.themes or frozenset() for _, b in themed]
    scores = theme_scores(reference, other, keys)
    kappas = [
        _kappa([key in row for row in reference], [key in row for row in other]) for key in keys
    ]
    stanced = [(a.stance, b.stance) for a, b in pairs if a.stance and b.stance]
    confusion: dict[tuple[str, str], int] = {}
    for pair in stanced:
        confusion[pair] = confusion.get(pair, 0) + 1
    return Agreement(
        answers=len(pairs),
        only_first=len(first) - len(pairs),
        only_second=len(second) - len(pairs),
        themes=scores,
        kappas=kappas,
        macro_f1=macro_f1(scores),
        stance_answers=len(stanced),
        stance_agreement=accuracy([a for a, _ in stanced], [b for _, b in stanced]),
        stance_kappa=_kappa([a for a, _ in stanced], [b for _, b in stanced], list(STANCES)),
        stance_confusion=confusion,
    )


def _kappa(
    first: Sequence[object], second: Sequence[object], labels: list[str] | None = None
) -> float:
    """Cohen's kappa; NaN where it is undefined (no answers, or both gave one value throughout)."""
    if not first or len(set(first) | set(second)) < 2:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(first, second, labels=labels))
