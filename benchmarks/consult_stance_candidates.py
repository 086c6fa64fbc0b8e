"""Compare stance settings on the three development sets (never the second independent set).

Each candidate changes the kept stance model (cue features, words, sentence embedding x0.5,
logistic regression C=10 with balanced classes) in one respect and is scored as `accuracy`
scores it: the fresh set trained on the 418 labelled answers; the first and third independent
sets trained on the 418 and each set's own rows marked as corrections. The VADER rows need
`pip install vaderSentiment==3.3.2` (not a dependency: it did not help). About a minute a row.

Run: .venv/bin/python benchmarks/consult_stance_candidates.py [candidate ...]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import polars as pl
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV

from townhall.consult.analysis import stance
from townhall.consult.analysis.embeddings import SentenceEncoder, installed_encoder
from townhall.consult.analysis.records import Correction, corrections_from_frame
from townhall.consult.analysis.themeset import load_theme_set

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "consult"
SETS = {
    "fresh": "cts-answers-fresh.csv",
    "first independent": "cts-answers-independent.csv",
    "third independent": "cts-answers-independent-3.csv",
}


def _vader_features(per_clause: bool) -> Callable[..., Any]:
    """The kept features with VADER's sentiment of the answer (and of its clauses) beside them."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    kept = stance._features

    def scores(text: str) -> list[float]:
        whole = analyser.polarity_scores(text)
        row = [whole["compound"], whole["pos"], whole["neg"]]
        if per_clause:
            parts = [p for p in stance._CLAUSES.split(text) if p and p.strip()] or [text]
            clauses = [analyser.polarity_scores(p)["compound"] for p in parts]
            row += [clauses[0], clauses[-1], min(clauses), max(clauses)]
        return row

    def features(vectoriser: Any, encoder: SentenceEncoder | None, texts: Sequence[str]) -> Any:
        sentiment = csr_matrix(np.array([scores(text) for text in texts], dtype=float))
        return hstack([kept(vectoriser, encoder, texts), sentiment]).tocsr()

    return features


def _classifier(**settings: Any) -> Callable[..., Any]:
    """The stance classifier with some settings changed."""
    return lambda **kept: LogisticRegression(**{**kept, **settings})


CANDIDATES: dict[str, Callable[[], dict[str, Any]]] = {
    "kept": dict,
    "C=3": lambda: {"LogisticRegression": _classifier(C=3.0)},
    "C=30": lambda: {"LogisticRegression": _classifier(C=30.0)},
    "C by 3-fold cross-validation (1 to 30)": lambda: {
        "LogisticRegression": lambda **kept: LogisticRegressionCV(
            Cs=[1.0, 3.0, 10.0, 30.0], cv=3, class_weight="balanced", max_iter=2000
        )
    },
    "classes unweighted": lambda: {"LogisticRegression": _classifier(class_weight=None)},
    "embedding x0": lambda: {"EMBEDDING_WEIGHT": 0.0},
    "embedding x1": lambda: {"EMBEDDING_WEIGHT": 1.0},
    "words x0.5": lambda: {"WORD_WEIGHT": 0.5},
    "VADER of the answer": lambda: {"_features": _vader_features(per_clause=False)},
    "VADER of the answer and its clauses": lambda: {"_features": _vader_features(per_clause=True)},
}


@contextmanager
def candidate(name: str) -> Iterator[None]:
    """Patch the stance module into one candidate."""
    changes = CANDIDATES[name]()
    if not changes:
        yield
        return
    with mock.patch.multiple(stance, **changes):
        yield


def _load(name: str, keys: list[str]) -> tuple[list[Correction], list[bool]]:
    frame = pl.read_csv(DATA / name, infer_schema_length=0)
    marks = (
        [cell == "yes" for cell in frame["correction"].fill_null("").to_list()]
        if "correction" in frame.columns
        else [False] * frame.height
    )
    return corrections_from_frame(frame, name, keys), marks


def _score(
    labelled: list[Correction], answers: list[Correction], marks: list[bool], encoder: Any
) -> tuple[float, float]:
    """Stance accuracy on the unmarked rows and the lowest recall of any stance."""
    training = [*labelled, *(a for a, m in zip(answers, marks, strict=True) if m)]
    scored = [a for a, m in zip(answers, marks, strict=True) if not m]
    model = stance.train_stance_model(training, encoder)
    predicted = stance.predict_stances(model, [a.text for a in scored])
    pairs = list(zip([a.stance for a in scored], predicted, strict=True))
    recalls = [
        sum(t == p == s for t, p in pairs) / sum(t == s for t, _ in pairs)
        for s in stance.STANCES
        if any(t == s for t, _ in pairs)
    ]
    return sum(t == p for t, p in pairs) / len(pairs), min(recalls)


def main(names: list[str]) -> None:
    themes = load_theme_set(DATA / "cts-themes.toml")
    labelled, _ = _load("cts-answers-labelled.csv", themes.keys)
    sets = {label: _load(name, themes.keys) for label, name in SETS.items()}
    encoder = installed_encoder()
    print("| candidate | " + " | ".join(SETS) + " | mean | lowest recall |")
    print("|---" * (len(SETS) + 3) + "|")
    for name in names or CANDIDATES:
        try:
            with candidate(name):
                scores = [_score(labelled, *sets[label], encoder) for label in SETS]
        except ImportError as missing:
            print(f"| {name} | skipped: {missing} |")
            continue
        accuracies = [accuracy for accuracy, _ in scores]
        cells = " | ".join(f"{accuracy:.3f}" for accuracy in accuracies)
        lowest = min(recall for _, recall in scores)
        print(f"| {name} | {cells} | {np.mean(accuracies):.3f} | {lowest:.2f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
