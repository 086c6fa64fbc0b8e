"""Assigning every answer to zero or more curated themes, each with a confidence.

One logistic regression per theme (one-vs-rest) over TF-IDF of words and character n-grams,
trained on what officers have given: each theme's seed terms and example answers, and their
corrections (an officer's full reading of an answer: the themes that apply, so the others do not).
An answer gets a theme when the confidence reaches the theme's threshold: the theme set's, or,
once officers have corrected enough answers, the one that maximised F1 over those corrections in
an inner 3-fold cross-validation. Beside each classifier's confidence, the answer's nearest
corrected answers vote (NEIGHBOUR_WEIGHT, NEIGHBOURS): officers' corrections in a new voice count
most for the answers written like them. An answer an officer
has corrected keeps the officer's themes, whatever the model says.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from joblib import Parallel, delayed
from scipy.sparse import csr_matrix
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import normalize

from townhall.consult.analysis.embeddings import INSTALLED, EncoderChoice, chosen_encoder
from townhall.consult.analysis.features import answer_vectoriser
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.themeset import ThemeSet
from townhall.problems import InvalidInputError, Problem

CALIBRATE_MIN = 10
"""Corrections needed on each side (theme applies / does not) before a theme's threshold is tuned."""

WEAK_WEIGHT = 0.2
"""The weight of an answer labelled only by whether it contains a theme's seed terms."""

NEIGHBOURS = 10
"""How many of the nearest corrected answers (cosine over the answer features) vote on a theme."""

NEIGHBOUR_WEIGHT = 0.2
"""The share of the neighbours' vote in an answer's confidence (the classifier has the rest);
chosen on the mean of the fresh, first and third independent sets (docs/consult-analysis.md)."""

NEIGHBOUR_CHUNK = 1_000
"""Answers whose similarities to the corrected ones are computed at once (memory, not results)."""

NEIGHBOUR_THREADS = 2
"""Chunks of answers whose neighbours are found side by side (speed, not results)."""

THEME_JOBS = 2
"""At most this many processes fit the themes' classifiers side by side (the same fits as one)."""

PARALLEL_FROM = 2_000
"""Training answers from which the themes are fitted in several processes (fewer: one)."""

WEAK_SAMPLE = 2_000
"""At most this many background answers (an even spread) are given weak labels; more add little."""


@dataclass(frozen=True)
class ThemeModel:
    """A trained assigner: the vectoriser, one classifier per theme (None: nothing to learn from)."""

    keys: list[str]
    thresholds: list[float]
    vectoriser: Any
    classifiers: list[Any | None]
    neighbours: Any = None
    """The features of the corrected answers (rows), for the neighbours' vote (None: no vote)."""
    neighbour_labels: np.ndarray | None = None
    """Which themes each corrected answer has (rows as in `neighbours`, columns as in `keys`)."""
    background: tuple[str, ...] = ()
    """The answers the vectoriser was fitted beside (typically those to be assigned)."""
    background_features: Any = None
    """Their features, read once in fitting, so assigning those answers does not read them again."""

    def features_of(self, texts: Sequence[str]) -> Any:
        """The answers' features: those kept from fitting if they are the background answers."""
        if self.background_features is not None and tuple(texts) == self.background:
            return self.background_features
        return self.vectoriser.transform(texts)

    @property
    def untrained(self) -> list[str]:
        """Themes with no positive example, seed term or correction: never assigned by the model."""
        return [
            key for key, model in zip(self.keys, self.classifiers, strict=True) if model is None
        ]


@dataclass(frozen=True)
class ThemeAssignments:
    """The confidence of every theme for every answer, and which were assigned (and by whom)."""

    ids: list[str]
    keys: list[str]
    confidence: np.ndarray
    assigned: np.ndarray
    corrected: np.ndarray

    def themes_of(self, row: int) -> frozenset[str]:
        """The themes assigned to one answer."""
        return frozenset(k for k, on in zip(self.keys, self.assigned[row], strict=True) if on)

    def counts(self) -> dict[str, int]:
        """How many answers each theme was assigned to."""
        return {
            key: int(count) for key, count in zip(self.keys, self.assigned.sum(axis=0), strict=True)
        }

    def to_frame(self) -> pl.DataFrame:
        """One row per answer: id, themes (';'), their confidences as figures and in words, and
        whether an officer set them."""
        themes, confidences, words = [], [], []
        for row in range(len(self.ids)):
            on = np.flatnonzero(self.assigned[row])
            themes.append(";".join(self.keys[i] for i in on))
            confidences.append(";".join(f"{self.confidence[row, i]:.2f}" for i in on))
            words.append(
                ";".join(
                    confidence_in_words(self.confidence[row, i], bool(self.corrected[row]))
                    for i in on
                )
            )
        return pl.DataFrame(
            {
                "id": self.ids,
                "themes": themes,
                "confidence": confidences,
                "certainty": words,
                "corrected": self.corrected.tolist(),
            }
        )


CONFIDENCE_WORDS = ((0.85, "almost certain"), (0.65, "likely"), (0.0, "possible"))
"""Words for a model's confidence, for officers: at least the figure, highest first."""


def confidence_in_words(confidence: float, corrected: bool = False) -> str:
    """How sure the assignment is, in words: 'set by an officer', 'almost certain', 'likely'..."""
    if corrected:
        return "set by an officer"
    return next(word for floor, word in CONFIDENCE_WORDS if confidence >= floor)


def train_theme_model(
    themes: ThemeSet,
    corrections: Sequence[Correction],
    background: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    encoder: EncoderChoice = INSTALLED,
) -> ThemeModel:
    """Learn each theme from its seed terms, examples and the officers' corrections.

    `background` (typically the answers to be assigned) fits the vocabulary, and up to WEAK_SAMPLE
    of them get weak labels (weight WEAK_WEIGHT): an answer containing one of a theme's seed terms
    counts as a weak example of it, any other as a weak counter-example. With an `encoder`,
    each answer's sentence embedding is a feature beside the TF-IDF ones.
    """
    keys = themes.keys
    documents: list[str] = []
    labels: list[frozenset[str]] = []
    for theme in themes.themes:
        for text in [*theme.seed_terms, *theme.examples]:
            documents.append(text)
            labels.append(frozenset({theme.key}))
    seeded = len(documents)
    for correction in corrections_with_themes(corrections):
        documents.append(correction.text)
        labels.append(correction.themes or frozenset())
    officers = len(documents)
    matchers = {theme.key: _seed_matcher(theme.seed_terms) for theme in themes.themes}
    step = max(1, -(-len(background) // WEAK_SAMPLE))
    for text in list(background)[::step]:
        documents.append(text)
        labels.append(frozenset(k for k, m in matchers.items() if m and m.search(text)))
    vectoriser = answer_vectoriser(chosen_encoder(encoder))
    try:  # every text is read once: the training documents' rows, then the background's
        everything = vectoriser.fit_transform([*documents, *background]).tocsr()
    except ValueError:  # scikit-learn's "empty vocabulary": nothing but punctuation or blanks
        raise InvalidInputError(
            [Problem("answers", "text", "(no words)", "seed terms or answers with words in them")]
        ) from None
    everything.sort_indices()
    features = everything[: len(documents)]
    weights = np.where(np.arange(len(documents)) < officers, 1.0, WEAK_WEIGHT)
    corrected = np.arange(officers) >= seeded
    targets = [np.array([key in label for label in labels], dtype=int) for key in keys]
    fits = Parallel(n_jobs=_jobs(len(documents)), return_as="generator")(
        delayed(_fit_theme)(features, target, weights, officers, corrected, themes.threshold)
        for target in targets
    )
    classifiers: list[Any | None] = []
    thresholds: list[float] = []
    for key, (classifier, threshold) in zip(keys, fits, strict=True):
        classifiers.append(classifier)
        thresholds.append(threshold)
        if progress is not None and classifier is not None:
            progress(key)
    corrected_labels = np.array(
        [[key in label for key in keys] for label in labels[seeded:officers]], dtype=float
    )
    voters = officers > seeded
    return ThemeModel(
        keys=keys,
        thresholds=thresholds,
        vectoriser=vectoriser,
        classifiers=classifiers,
        neighbours=features[seeded:officers] if voters else None,
        neighbour_labels=corrected_labels if voters else None,
        background=tuple(background),
        background_features=everything[len(documents) :],
    )


def _jobs(documents: int) -> int:
    """Processes to fit the themes in: one per core (at most THEME_JOBS) once there is enough to
    fit that starting them pays (PARALLEL_FROM training answers), else one."""
    return min(THEME_JOBS, os.cpu_count() or 1) if documents >= PARALLEL_FROM else 1


def _fit_theme(
    features: Any,
    target: np.ndarray,
    weights: np.ndarray,
    officers: int,
    corrected: np.ndarray,
    default: float,
) -> tuple[Any | None, float]:
    """One theme's classifier and threshold (None and the default: nothing to learn from)."""
    if target[:officers].sum() == 0 or (target == 0).sum() == 0:
        return None, default
    # The dual problem has a variable per answer, the primal one per feature (words, character
    # n-grams, embedding: far more than answers), so liblinear solves the dual: the same optimum,
    # to its tolerance, two to three times sooner. It visits answers in a shuffled order: seeded,
    # so a model is the same model in any process.
    model = LogisticRegression(
        C=1.0, class_weight="balanced", solver="liblinear", dual=True, random_state=0
    )
    model.fit(features, target, sample_weight=weights)
    return model, _calibrated(model, features[:officers], target[:officers], corrected, default)


def _seed_matcher(terms: list[str]) -> re.Pattern[str] | None:
    """A case-insensitive whole-word pattern for any of the seed terms (None if there are none)."""
    if not terms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)


def corrections_with_themes(corrections: Sequence[Correction]) -> list[Correction]:
    """The corrections that say which themes an answer has (not only its stance)."""
    return [c for c in corrections if c.themes is not None]


def _calibrated(
    model: Any, features: Any, target: np.ndarray, corrected: np.ndarray, default: float
) -> float:
    """The threshold with the best F1 on corrected answers, from 3-fold out-of-fold confidences."""
    truth = target[corrected]
    if min(truth.sum(), (1 - truth).sum()) < CALIBRATE_MIN:
        return default
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    confidence = cross_val_predict(
        clone(model), features, target, cv=folds, method="predict_proba"
    )[:, 1]
    candidates = np.round(np.arange(0.1, 0.9, 0.05), 2)
    chosen = confidence[corrected][None, :] >= candidates[:, None]
    hits = (chosen & (truth[None, :] == 1)).sum(axis=1)
    scores = 2 * hits / (chosen.sum(axis=1) + truth.sum())
    return float(candidates[int(np.argmax(scores))])


def neighbour_vote(known: Any, labels: np.ndarray, features: Any, neighbours: int) -> np.ndarray:
    """Each answer's share of each label among its nearest known rows, weighed by cosine similarity.

    Rows of `known` (and of `features`) are feature vectors; `labels` has one row per known row.
    Answers are taken NEIGHBOUR_CHUNK at a time, so the similarities held stay small, two chunks
    at once (scipy and numpy let go of Python's lock while they multiply). Columns filled in most
    known rows (the sentence embedding) are multiplied as dense arrays and the rest as sparse ones:
    the same similarities, several times sooner than one sparse product.
    """
    known = normalize(csr_matrix(known))
    dense = np.diff(known.tocsc().indptr) > known.shape[0] // 2
    known_sparse, known_dense = known[:, ~dense].T.tocsr(), known[:, dense].toarray().T
    count = min(neighbours, known.shape[0])

    def chunk_votes(start: int) -> np.ndarray:
        chunk = normalize(csr_matrix(features[start : start + NEIGHBOUR_CHUNK]))
        similarity = (chunk[:, ~dense] @ known_sparse).toarray()
        similarity += chunk[:, dense].toarray() @ known_dense
        nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
        weights = np.clip(np.take_along_axis(similarity, nearest, axis=1), 1e-9, None)
        votes: np.ndarray = (weights[:, :, None] * labels[nearest]).sum(axis=1)
        votes /= weights.sum(axis=1, keepdims=True)
        return votes

    starts = range(0, features.shape[0], NEIGHBOUR_CHUNK)
    with ThreadPoolExecutor(min(NEIGHBOUR_THREADS, os.cpu_count() or 1)) as pool:
        chunks = list(pool.map(chunk_votes, starts))
    return np.concatenate(chunks) if chunks else np.zeros((0, labels.shape[1]))


def assign_themes(
    model: ThemeModel,
    ids: list[str],
    texts: list[str],
    corrections: Sequence[Correction] = (),
) -> ThemeAssignments:
    """Every answer's confidence for every theme, and the themes assigned (corrections win)."""
    confidence = np.zeros((len(texts), len(model.keys)))
    if not texts:
        return ThemeAssignments(
            ids=[],
            keys=model.keys,
            confidence=confidence,
            assigned=confidence > 0,
            corrected=np.zeros(0, dtype=bool),
        )
    features = model.features_of(texts)
    for column, classifier in enumerate(model.classifiers):
        if classifier is not None:
            confidence[:, column] = classifier.predict_proba(features)[:, 1]
    if model.neighbours is not None and model.neighbour_labels is not None:
        trained = np.array([classifier is not None for classifier in model.classifiers])
        vote = neighbour_vote(model.neighbours, model.neighbour_labels, features, NEIGHBOURS)
        confidence[:, trained] = (1 - NEIGHBOUR_WEIGHT) * confidence[
            :, trained
        ] + NEIGHBOUR_WEIGHT * vote[:, trained]
    assigned = confidence >= np.asarray(model.thresholds)
    corrected = np.zeros(len(texts), dtype=bool)
    rows = {answer_id: row for row, answer_id in enumerate(ids)}
    for correction in corrections:
        row = rows.get(correction.answer_id)
        if row is not None and correction.themes is not None:
            assigned[row] = [key in correction.themes for key in model.keys]
            confidence[row] = assigned[row].astype(float)
            corrected[row] = True
    return ThemeAssignments(
        ids=ids, keys=model.keys, confidence=confidence, assigned=assigned, corrected=corrected
    )
