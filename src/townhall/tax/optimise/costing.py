"""Costing candidate schemes: each one through `evaluate` itself, then measured against the baseline.

Every candidate becomes the full scheme it stands for (`CandidateSchemes`) and is evaluated by the
engine, so its cost is the cost `evaluate`, `compare` and `run` give for the scheme file it writes,
to the penny, whatever the template's rules (income grids, Universal Credit, passports). What makes
it fast is the engine's own reuse: the lever-free stages are cached on the caseload, so a candidate
costs one lever pass (a few milliseconds over 137,000 claims), and the handful of working-age means
tests the candidates share are built once. Candidates are evaluated on as many threads as the
machine has cores (numpy does its work outside Python's lock, and each candidate writes only its
own results), after one candidate of each working-age means test has filled the engine's cache.

An earlier version re-implemented the lever pass for many candidates at once; it drifted from the
engine (it had no income-grid path), and was no faster than calling `evaluate`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from townhall.tax.claims.caseload import Caseload
from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY, weighted_total
from townhall.tax.optimise.candidates import Candidates, CandidateSchemes
from townhall.tax.rules.evaluate import Evaluation, evaluate

Floats = NDArray[np.float64]
MAX_THREADS = 4
ALL_MEASURES = frozenset({"losers", "decile_loss", "largest", "group_largest", "full_share"})


@dataclass(frozen=True)
class Prepared:
    """What every candidate is measured against: the caseload and the baseline's awards."""

    caseload: Caseload
    baseline_award_yearly: Floats
    baseline_cost_yearly: float
    liability_yearly: Floats
    full_support: NDArray[np.intp]  # working-age claims with full support under the baseline
    low_deciles_weight: Floats  # weights of claims in the lowest deciles (objective), else 0
    group: NDArray[np.intp]  # claims a group limit covers
    loss_threshold_weekly: float
    exact_in_floats: bool  # whole-number weights, and every total of pence below 2**53

    def total(self, award_yearly: Floats) -> float:
        """`weighted_total` of the awards, as `Evaluation.total_award_yearly` gives it. With
        whole-number weights that is the pence summed as integers; while every partial sum is a
        whole number of pence below 2**53, float sums add them exactly too, and fast. (Not a dot
        product: BLAS threads spin against the candidate threads on a busy machine.)"""
        if not self.exact_in_floats:
            return weighted_total(award_yearly, self.caseload.weight)
        pence = np.rint(award_yearly * 100.0)
        pence *= self.caseload.weight
        return float(pence.sum()) / 100.0

    @classmethod
    def of(
        cls,
        baseline: Evaluation,
        deciles: NDArray[np.int8],
        lowest_deciles: int,
        group: NDArray[np.bool_],
        loss_threshold_weekly: float,
    ) -> Prepared:
        caseload = baseline.caseload
        liability = baseline.liability_yearly
        full = ~caseload.arrays.pensioner & (baseline.award_yearly >= liability - 0.01)
        return cls(
            caseload=caseload,
            baseline_award_yearly=baseline.award_yearly,
            baseline_cost_yearly=baseline.total_award_yearly(),
            liability_yearly=liability,
            full_support=np.flatnonzero(full),
            low_deciles_weight=(deciles <= lowest_deciles) * caseload.weight,
            group=np.flatnonzero(group),
            loss_threshold_weekly=loss_threshold_weekly,
            exact_in_floats=bool(
                np.all(np.mod(caseload.weight, 1.0) == 0)
                and np.all(caseload.weight >= 0)
                and float(np.dot(np.rint(liability * 100.0) + 1.0, caseload.weight)) < 2.0**52
            ),
        )


@dataclass(frozen=True)
class Metrics:
    """Per-candidate totals: cost, and the hardship measures objectives and constraints use."""

    cost_yearly: Floats
    losers_above: Floats  # weighted count losing more than the threshold a week
    decile_loss_weekly: Floats  # weighted weekly loss in the lowest deciles
    largest_loss_weekly: Floats
    group_largest_loss_weekly: Floats  # over the constraint group
    largest_full_support_share: Floats  # most any full-support claimant pays, as a share


def evaluate_candidates(
    prepared: Prepared,
    schemes: CandidateSchemes,
    candidates: Candidates,
    measures: frozenset[str] = ALL_MEASURES,
) -> Metrics:
    """Every candidate's exact cost (`evaluate`, totalled as `Evaluation.total_award_yearly`)
    and the hardship `measures` asked for (others are left at zero)."""
    count = len(candidates)
    metrics = Metrics(*(np.zeros(count) for _ in range(6)))
    caseload = prepared.caseload
    weight = caseload.weight
    losses = measures & {"losers", "decile_loss", "largest", "group_largest"}

    def cost(index: int) -> None:
        award = evaluate(schemes.scheme(candidates, index), caseload).award_yearly
        metrics.cost_yearly[index] = prepared.total(award)
        if losses:
            loss = prepared.baseline_award_yearly - award
            loss /= WEEKS_IN_YEAR_FOR_DISPLAY
            if "losers" in measures:
                above = loss > prepared.loss_threshold_weekly
                metrics.losers_above[index] = float(weight[above].sum())
            if "largest" in measures:
                metrics.largest_loss_weekly[index] = float(loss.max())
            if "group_largest" in measures and prepared.group.size:
                metrics.group_largest_loss_weekly[index] = float(loss[prepared.group].max())
            if "decile_loss" in measures:  # last: it works in place
                np.maximum(loss, 0.0, out=loss)
                loss *= prepared.low_deciles_weight
                metrics.decile_loss_weekly[index] = float(loss.sum())
        if "full_share" in measures and prepared.full_support.size:
            full = prepared.full_support
            covered = award[full] / np.maximum(prepared.liability_yearly[full], 0.01)
            metrics.largest_full_support_share[index] = float(1.0 - covered.min())

    # One candidate of each working-age means test first, so the engine's cache is filled before
    # the threads share it.
    means_tests = np.stack(
        [candidates.taper, candidates.capital_upper, candidates.non_dependant_scale]
    )
    _, first = np.unique(means_tests, axis=1, return_index=True)
    for index in first:
        cost(int(index))
    rest = np.setdiff1d(np.arange(count), first)
    threads = min(os.cpu_count() or 1, MAX_THREADS)
    if threads > 1 and rest.size > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(cost, rest.tolist()))
    else:
        for index in rest:
            cost(int(index))
    return metrics
