"""Stance toward the proposal per answer: supports, opposes, mixed or unclear.

Two layers. A lexicon of cue phrases ("I agree", "I oppose", "can't afford", "but ... fair")
gives a first reading with no training at all. Once officers have set the stance of enough
answers (MIN_TRAINING), one-vs-rest logistic regressions over TF-IDF features plus the lexicon's
counts and reading are trained on their corrections and used instead. Both are measured by the accuracy
command; neither understands irony, questions answered with questions, or conditions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from townhall.consult.analysis.features import answer_vectoriser
from townhall.consult.analysis.records import Correction, Stance

MIN_TRAINING = 30
"""Stance corrections needed before the trained model replaces the lexicon."""

SUPPORT = re.compile(
    r"\b(i|we) (do |fully |strongly |would )?(agree|support|accept)\b|\bagreed\b|\byes\b|"
    r"\bin favour\b|\bgo for it\b|\babout time\b|\bgood idea\b|\bfine by me\b|\bmakes sense\b|"
    r"\b(is|seems|sounds|it's|its|that's) (only |very |perfectly )?(fair|right|reasonable|sensible|good)\b|"
    r"\b(everyone|everybody|people) (should|must|can) (pay|contribute)|\bno (free ride|problem with it)\b|"
    r"\bsomething for nothing\b|\bgood\.|\bglad\b|\bhappy\b|\bbest it can\b",
    re.IGNORECASE,
)
OPPOSE = re.compile(
    r"\b(i|we) (strongly |totally )?(disagree|oppose|object)\b|\b(do not|don't|dont) (agree|support|do (it|this))\b|"
    r"\bunfair\b|\bnot (fair|right)\b|\bwrong\b|\bdisgust|\bshame|\bcruel\b|\brubbish\b|\bterrible\b|"
    r"\bmadness\b|\bsham\b|\bcan'?t (afford|pay)\b|\bcannot (afford|pay)\b|\bcant aford\b|\binstead\b|"
    r"\bthink again\b|\breconsider\b|\bplease (don'?t|protect|think)\b|\bprotect\b|\bno, no\b|"
    r"\bpointless\b|\bshould be (exempt|protected)\b|\bhit hardest\b|\bstruggl|\bgo under\b|"
    r"\bpush\w* .{0,30}(debt|poverty|edge)\b|\bworse\b|\bnonsense\b|\bwhy (should|are|is|does|not)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\bbut\b|\bhowever\b|\bon the (one|other) hand\b|\bboth sides\b|\bmixed\b|\bsome bits\b|"
    r"\bin principle\b|\bnot sure\b|\bunderstand (why|the)\b|\bcan see (why|both)\b",
    re.IGNORECASE,
)


def cue_counts(text: str) -> tuple[int, int, int]:
    """How many supporting, opposing and hedging cue phrases the text contains."""
    return len(SUPPORT.findall(text)), len(OPPOSE.findall(text)), len(HEDGE.findall(text))


def lexicon_stance(text: str) -> Stance:
    """The stance the cue phrases give: both sides with a hedge is mixed, no cue is unclear."""
    return _reading(text, *cue_counts(text))


def _reading(text: str, support: int, oppose: int, hedge: int) -> Stance:
    """The lexicon's stance from the cue counts of a text."""
    if support and oppose:
        if hedge:
            return "mixed"
        return "supports" if support > oppose else "opposes"
    if support:
        return (
            "mixed"
            if hedge and re.search(r"\bbut\b.*\b(too|much|worried|should)\b", text, re.I)
            else "supports"
        )
    if oppose:
        return "opposes"
    return "mixed" if hedge else "unclear"


@dataclass(frozen=True)
class StanceModel:
    """A stance classifier trained on officers' corrections, or None to use the lexicon alone."""

    vectoriser: Any | None
    classifier: Any | None
    trained_on: int


def train_stance_model(corrections: Sequence[Correction]) -> StanceModel:
    """Train on the corrections that set a stance; too few (or one class only) keeps the lexicon."""
    rows = [c for c in corrections if c.stance is not None]
    classes = {c.stance for c in rows}
    if len(rows) < MIN_TRAINING or len(classes) < 2:
        return StanceModel(vectoriser=None, classifier=None, trained_on=len(rows))
    texts = [c.text for c in rows]
    vectoriser = answer_vectoriser().fit(texts)
    classifier = OneVsRestClassifier(
        LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear")
    )
    classifier.fit(_features(vectoriser, texts), [c.stance for c in rows])
    return StanceModel(vectoriser=vectoriser, classifier=classifier, trained_on=len(rows))


def predict_stances(model: StanceModel, texts: Sequence[str]) -> list[Stance]:
    """The stance of each answer, by the trained classifier if there is one, else the lexicon."""
    if model.classifier is None or model.vectoriser is None:
        return [lexicon_stance(text) for text in texts]
    if not texts:
        return []
    predicted: list[Stance] = model.classifier.predict(_features(model.vectoriser, texts)).tolist()
    return predicted


def _features(vectoriser: Any, texts: Sequence[str]) -> csr_matrix:
    """TF-IDF features with the lexicon's cue counts (and its reading, one-hot) beside them."""
    counts = [cue_counts(text) for text in texts]
    cues = np.array(counts, dtype=float)
    readings = np.array(
        [
            [_reading(text, *c) == s for s in ("supports", "opposes", "mixed", "unclear")]
            for text, c in zip(texts, counts, strict=True)
        ],
        dtype=float,
    )
    return hstack(
        [vectoriser.transform(texts), csr_matrix(np.log1p(cues)), csr_matrix(readings)]
    ).tocsr()
