"""Opinion groups in the manner of Pol.is: who votes alike, what every group agrees on, what divides.

Votes are agree (1), disagree (-1) or pass (0); a statement a participant never saw is missing.
Participants with too few votes are left out of the grouping. Missing votes are filled with the
statement's mean vote, the matrix is reduced to two dimensions by PCA and clustered by k-means,
with k (2 to 5) chosen by the silhouette score. Agreement rates are smoothed ((agree + 1) /
(votes + 2)) so that a group of three who all agree does not count as certain.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from townhall.problems import InvalidInputError, Problem

VoteValue = Literal[-1, 0, 1]


@dataclass(frozen=True)
class Vote:
    """One participant's vote on one statement: 1 agree, -1 disagree, 0 pass."""

    participant: str
    statement: str
    value: VoteValue


@dataclass(frozen=True)
class VoteMatrix:
    """Participants by statements; NaN where a participant did not vote on a statement."""

    participants: list[str]
    statements: list[str]
    values: np.ndarray


@dataclass(frozen=True)
class StatementResult:
    """How each group received one statement: smoothed agreement and disagreement, votes cast."""

    statement: str
    agree: list[float]
    disagree: list[float]
    votes: list[int]
    score: float


@dataclass(frozen=True)
class OpinionGroups:
    """The grouping: 2-D positions, group of each participant, and statements by group."""

    participants: list[str]
    coordinates: np.ndarray
    labels: np.ndarray
    silhouette: float
    group_sizes: list[int]
    consensus: list[StatementResult]
    divisive: list[StatementResult]
    left_out: list[str]


def vote_matrix(votes: Iterable[Vote]) -> VoteMatrix:
    """The vote matrix, participants and statements in order of first appearance; last vote wins."""
    participants: dict[str, int] = {}
    statements: dict[str, int] = {}
    cells: dict[tuple[int, int], int] = {}
    for vote in votes:
        if vote.value not in (-1, 0, 1):
            raise InvalidInputError(
                [Problem("votes", "value", str(vote.value), "1 (agree), -1 (disagree) or 0 (pass)")]
            )
        row = participants.setdefault(vote.participant, len(participants))
        column = statements.setdefault(vote.statement, len(statements))
        cells[(row, column)] = vote.value
    values = np.full((len(participants), len(statements)), np.nan)
    for (row, column), value in cells.items():
        values[row, column] = value
    return VoteMatrix(list(participants), list(statements), values)


def opinion_groups(
    matrix: VoteMatrix,
    min_votes: int = 3,
    consensus_floor: float = 0.6,
    divide_floor: float = 0.3,
    seed: int = 0,
) -> OpinionGroups:
    """Group participants by their votes; consensus and divisive statements between the groups."""
    cast = (~np.isnan(matrix.values)).sum(axis=1)
    kept = np.flatnonzero(cast >= min_votes)
    if len(kept) < 4 or len(matrix.statements) < 2:
        raise InvalidInputError(
            [
                Problem(
                    "votes",
                    "participants",
                    str(len(kept)),
                    f"at least 4 participants with {min_votes}+ votes, and 2+ statements",
                )
            ]
        )
    values = matrix.values[kept]
    with warnings.catch_warnings():  # a statement nobody kept voted on has no mean: it becomes 0
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nanmean(values, axis=0, keepdims=True)
    filled = np.where(np.isnan(values), means, values)
    filled = np.nan_to_num(filled)
    coordinates = PCA(n_components=2, random_state=seed).fit_transform(filled)
    labels, silhouette = _best_clustering(coordinates, seed)
    groups = int(labels.max()) + 1
    results = [
        _statement(matrix.statements[s], values[:, s], labels, groups)
        for s in range(values.shape[1])
    ]
    consensus = sorted(
        (
            r
            for r in results
            if min(r.agree) >= consensus_floor or min(r.disagree) >= consensus_floor
        ),
        key=lambda r: -r.score,
    )
    divisive = sorted(
        (r for r in results if max(r.agree) - min(r.agree) >= divide_floor),
        key=lambda r: -(max(r.agree) - min(r.agree)),
    )
    return OpinionGroups(
        participants=[matrix.participants[i] for i in kept],
        coordinates=coordinates,
        labels=labels,
        silhouette=silhouette,
        group_sizes=np.bincount(labels, minlength=groups).tolist(),
        consensus=consensus,
        divisive=divisive,
        left_out=[matrix.participants[i] for i in np.flatnonzero(cast < min_votes)],
    )


def _best_clustering(coordinates: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    """k-means labels for the k in 2..5 with the best silhouette, groups numbered largest first."""
    best: tuple[float, np.ndarray] | None = None
    distinct = len(np.unique(np.round(coordinates, 9), axis=0))
    for k in range(2, min(5, len(coordinates) - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(coordinates)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(coordinates, labels))
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        return np.zeros(len(coordinates), dtype=int), 0.0
    score, labels = best
    order = np.argsort(-np.bincount(labels), kind="stable")
    return np.argsort(order)[labels], score


def _statement(
    statement: str, votes: np.ndarray, labels: np.ndarray, groups: int
) -> StatementResult:
    """Smoothed agree and disagree rates of each group on one statement; consensus score."""
    agree, disagree, counts = [], [], []
    for group in range(groups):
        mine = votes[(labels == group) & ~np.isnan(votes)]
        agree.append(float(((mine == 1).sum() + 1) / (len(mine) + 2)))
        disagree.append(float(((mine == -1).sum() + 1) / (len(mine) + 2)))
        counts.append(len(mine))
    score = max(float(np.prod(agree)), float(np.prod(disagree)))
    return StatementResult(statement, agree, disagree, counts, score)
