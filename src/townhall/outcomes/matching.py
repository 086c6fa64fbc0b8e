"""A matched comparison group: propensity scores from a logistic regression on the contract's
covariates, nearest-neighbour matching (with replacement) within a caliper on the logit score,
and standardised mean differences before and after as the balance diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Matching:
    """Weights on comparison members (how often each is used) and the balance before and after."""

    comparison_weight: np.ndarray  # one weight per comparison row, in the order given
    matched_treated: int
    unmatched_treated: int
    balance: pl.DataFrame  # covariate, smd_before, smd_after


def standardised_mean_difference(
    treated: np.ndarray, comparison: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """(mean treated − mean comparison) ÷ pooled standard deviation; below 0.1 is usually balanced."""
    if weights is None:
        weights = np.ones(len(comparison))
    mean_c = np.average(comparison, weights=weights) if weights.sum() > 0 else 0.0
    spread = np.sqrt((treated.var() + comparison.var()) / 2)
    return float((treated.mean() - mean_c) / spread) if spread > 0 else 0.0


def propensity_logits(
    treated: pl.DataFrame, comparison: pl.DataFrame, covariates: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Logit propensity scores of every treated and comparison person, from one logistic
    regression on the standardised covariates."""
    from sklearn.linear_model import LogisticRegression

    x_treated = treated.select(covariates).to_numpy().astype(float)
    x_comparison = comparison.select(covariates).to_numpy().astype(float)
    features = np.vstack([x_treated, x_comparison])
    labels = np.concatenate([np.ones(len(x_treated)), np.zeros(len(x_comparison))])
    mean, scale = features.mean(axis=0), features.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(max_iter=1000).fit((features - mean) / scale, labels)
    logit = model.decision_function((features - mean) / scale)
    return logit[: len(x_treated)], logit[len(x_treated) :]


def comparison_index(logit_comparison: np.ndarray, per_member: int) -> Any:
    """A nearest-neighbour index over the comparison scores, built once and reused per cohort."""
    from sklearn.neighbors import NearestNeighbors

    return NearestNeighbors(n_neighbors=min(per_member, len(logit_comparison))).fit(
        logit_comparison.reshape(-1, 1)
    )


def match(
    treated: pl.DataFrame,
    comparison: pl.DataFrame,
    covariates: list[str],
    per_member: int,
    caliper: float,
    logits: tuple[np.ndarray, np.ndarray] | None = None,
    neighbours: Any = None,
) -> Matching:
    """Match each treated member to up to `per_member` comparison members within `caliper`
    standard deviations of the logit propensity score (scores fitted here unless given)."""
    logit_t, logit_c = (
        logits if logits is not None else propensity_logits(treated, comparison, covariates)
    )
    width = caliper * np.concatenate([logit_t, logit_c]).std()
    if neighbours is None:
        neighbours = comparison_index(logit_c, per_member)
    distance, index = neighbours.kneighbors(logit_t.reshape(-1, 1))
    within = distance <= width
    matched_rows = within.any(axis=1)
    counts = within.sum(axis=1)
    weights = np.zeros(len(logit_c))
    share = np.where(
        counts > 0, 1.0 / np.maximum(counts, 1), 0.0
    )  # each matched member carries weight 1
    np.add.at(weights, index[within], np.repeat(share, counts))
    x_treated = treated.select(covariates).to_numpy().astype(float)
    x_comparison = comparison.select(covariates).to_numpy().astype(float)
    balance = pl.DataFrame(
        {
            "covariate": covariates,
            "smd_before": [
                standardised_mean_difference(x_treated[:, i], x_comparison[:, i])
                for i in range(len(covariates))
            ],
            "smd_after": [
                standardised_mean_difference(
                    x_treated[matched_rows, i], x_comparison[:, i], weights
                )
                for i in range(len(covariates))
            ],
        }
    )
    return Matching(weights, int(matched_rows.sum()), int((~matched_rows).sum()), balance)
