"""What a provider is owed: each cohort's outcome against the baseline, thresholds, prices, caps
and fees, line by line, every figure traceable to the records and the contract clause.

Money is computed in Decimal and rounded to the penny, halves up, at each payment line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import polars as pl

from townhall.outcomes.inference import TestResult, proportion_test, rate_test
from townhall.outcomes.matching import Matching, comparison_index, match, propensity_logits
from townhall.outcomes.metrics import person_outcomes
from townhall.outcomes.records import Records
from townhall.outcomes.spec import Contract
from townhall.problems import InvalidInputError, Problem, shorten

PENNY = Decimal("0.01")


def pounds(value: float | Decimal) -> Decimal:
    """An amount to the penny, halves up."""
    return Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One line of the working: the clause it applies, what it says, and the amount."""

    clause: str
    item: str
    working: str
    amount: Decimal


@dataclass(frozen=True)
class CohortResult:
    """One cohort (or all cohorts pooled) against its baseline."""

    cohort: str
    members: int
    treated_value: float
    baseline_value: float
    improvement: float  # relative: 0.09 means 9% better than the baseline
    test: TestResult | None
    units: float  # outcomes or percentage points the price applies to
    qualified: bool
    reason: str


@dataclass(frozen=True)
class PaymentResult:
    """The whole computation: cohorts, pooled result, lines, total, and matching diagnostics."""

    contract: Contract
    cohorts: list[CohortResult]
    pooled: CohortResult
    lines: list[Line]
    total: Decimal
    matching: dict[str, Matching] = field(default_factory=dict)
    not_yet_due: int = 0

    def lines_table(self) -> pl.DataFrame:
        """The payment lines as a table (amounts as floats of whole pence)."""
        return pl.DataFrame(
            {
                "clause": [line.clause for line in self.lines],
                "item": [line.item for line in self.lines],
                "working": [line.working for line in self.lines],
                "amount": [float(line.amount) for line in self.lines],
            }
        )


def as_of_date(as_of: str | None) -> date | None:
    """The --as-of date, or a problem saying how to write it (an impossible date included)."""
    if as_of is None:
        return None
    try:
        if len(as_of) == 10:
            return date.fromisoformat(as_of)
    except ValueError:
        pass
    raise InvalidInputError(
        [Problem("options", "--as-of", shorten(as_of), "a real date as YYYY-MM-DD")]
    )


def compute_payment(
    contract: Contract, records: Records, as_of: str | None = None
) -> PaymentResult:
    """Compute the payment a contract owes on these records (as of a date, for data lags)."""
    metric = contract.metric
    measured_on = as_of_date(as_of)
    outcomes = person_outcomes(metric, records.people, records.events)
    not_yet_due = 0
    if measured_on is not None:
        due = (
            pl.lit(measured_on) - pl.col("start_date")
        ).dt.total_days() >= metric.window_days + metric.data_lag_days
        not_yet_due = int(outcomes.filter(~due).height)
        outcomes = outcomes.filter(due)
    treated = outcomes.filter(pl.col("group") == "treated")
    comparison = outcomes.filter(pl.col("group") == "comparison")
    cohorts = sorted(treated["cohort"].unique().to_list())
    results: list[CohortResult] = []
    matchings: dict[str, Matching] = {}
    if contract.baseline.kind == "matched":
        unusable = records.covariate_problems(
            contract.baseline.covariates, contract.name, "baseline.covariates"
        )
        if unusable:
            raise InvalidInputError(unusable)
        # One propensity model for everyone; each cohort is then matched on those scores.
        logit_treated, logit_comparison = propensity_logits(
            treated, comparison, contract.baseline.covariates
        )
        treated = treated.with_columns(pl.Series("logit", logit_treated))
        neighbours = comparison_index(logit_comparison, contract.baseline.matches_per_member)
    pooled_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for cohort in cohorts:
        members = treated.filter(pl.col("cohort") == cohort)
        comparison_values, comparison_weights = None, None
        if contract.baseline.kind == "matched":
            matched = match(
                members,
                comparison,
                contract.baseline.covariates,
                contract.baseline.matches_per_member,
                contract.baseline.caliper,
                (members["logit"].to_numpy(), logit_comparison),
                neighbours,
            )
            matchings[cohort] = matched
            comparison_values = comparison["value"].to_numpy()
            comparison_weights = matched.comparison_weight
        result = _cohort_result(
            contract, cohort, members["value"].to_numpy(), comparison_values, comparison_weights
        )
        results.append(result)
        if comparison_values is not None and comparison_weights is not None:
            pooled_parts.append(
                (members["value"].to_numpy(), comparison_values, comparison_weights)
            )
    if contract.baseline.kind == "matched" and pooled_parts:
        pooled = _cohort_result(
            contract,
            "all cohorts",
            np.concatenate([p[0] for p in pooled_parts]),
            np.concatenate([p[1] for p in pooled_parts]),
            np.concatenate([p[2] for p in pooled_parts]),
        )
    else:
        pooled = _cohort_result(contract, "all cohorts", treated["value"].to_numpy(), None, None)
    results = _apply_thresholds(contract, results, pooled)
    lines = _payment_lines(contract, results, treated.height)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return PaymentResult(contract, results, pooled, lines, total, matchings, not_yet_due)


def _cohort_result(
    contract: Contract,
    cohort: str,
    values: np.ndarray,
    comparison: np.ndarray | None,
    weights: np.ndarray | None,
) -> CohortResult:
    metric, threshold = contract.metric, contract.threshold
    n = len(values)
    treated_value = float(values.mean()) if n else 0.0
    if comparison is not None and weights is not None and weights.sum() > 0:
        baseline_value = float(np.average(comparison, weights=weights))
        comparison_n: float | None = float(weights.sum())
    else:
        assert contract.baseline.rate is not None or comparison is not None
        baseline_value = float(contract.baseline.rate or 0.0)
        comparison_n = None
    if baseline_value > 0:
        improvement = (
            (1 - treated_value / baseline_value)
            if metric.lower_is_better
            else (treated_value / baseline_value - 1)
        )
    else:
        improvement = 0.0
    test = None
    if threshold.significance == "two-proportion" and n:
        test = proportion_test(
            values.sum(), n, baseline_value, comparison_n, metric.lower_is_better, threshold.alpha
        )
    elif threshold.significance == "poisson-rate" and n:
        comparison_events = None if comparison_n is None else round(baseline_value * comparison_n)
        test = rate_test(
            int(values.sum()),
            n,
            baseline_value,
            comparison_events,
            comparison_n,
            metric.lower_is_better,
            threshold.alpha,
        )
    difference = (
        (baseline_value - treated_value)
        if metric.lower_is_better
        else (treated_value - baseline_value)
    )
    if contract.price.basis == "per_point":
        units = max(difference * 100, 0.0)
    elif contract.price.pays_for == "every_outcome":
        units = float(values.sum())
    else:
        units = max(difference * n, 0.0)
    return CohortResult(
        cohort, n, treated_value, baseline_value, improvement, test, units, False, ""
    )


def _significant(result: CohortResult, alpha: float) -> bool:
    return result.test is None or result.test.p_value < alpha


def _apply_thresholds(
    contract: Contract, cohorts: list[CohortResult], pooled: CohortResult
) -> list[CohortResult]:
    """Which cohorts are paid: a cohort over its own threshold, or every cohort if the pool is over."""
    threshold = contract.threshold
    every_outcome = contract.price.pays_for == "every_outcome"

    def meets(improvement: float, level: float | None) -> bool:
        # A contract that pays for every outcome with a zero threshold pays whatever the baseline.
        return level is not None and (
            (improvement >= level and improvement > 0) or (every_outcome and level == 0)
        )

    pooled_ok = meets(pooled.improvement, threshold.pooled) and _significant(
        pooled, threshold.alpha
    )
    qualified = []
    for result in cohorts:
        own = (
            threshold.per_cohort is not None
            and result.improvement >= threshold.per_cohort
            and _significant(result, threshold.alpha)
        )
        reasons = []
        if threshold.per_cohort is not None:
            reasons.append(
                f"own {result.improvement:.1%} {'meets' if own else 'does not meet'} {threshold.per_cohort:.1%}"
            )
        if threshold.pooled is not None:
            reasons.append(
                f"all cohorts {pooled.improvement:.1%} {'meet' if pooled_ok else 'do not meet'} {threshold.pooled:.1%}"
            )
        if threshold.significance != "none" and result.test is not None:
            reasons.append(f"p = {result.test.p_value:.4f} ({result.test.method})")
        qualified.append(
            CohortResult(
                result.cohort,
                result.members,
                result.treated_value,
                result.baseline_value,
                result.improvement,
                result.test,
                result.units,
                own or pooled_ok,
                "; ".join(reasons),
            )
        )
    return qualified


def _payment_lines(contract: Contract, cohorts: list[CohortResult], members: int) -> list[Line]:
    """Fees, then each cohort's outcome payment with caps, then the total cap."""
    price, caps, fees = contract.price, contract.caps, contract.fees
    lines: list[Line] = []
    if fees.attachment_per_member:
        lines.append(
            Line(
                "fees.attachment_per_member",
                "Attachment fees",
                f"{members:,} members × £{fees.attachment_per_member:,.2f}",
                pounds(members * fees.attachment_per_member),
            )
        )
    if fees.fixed:
        lines.append(Line("fees.fixed", "Fixed fee", "as contracted", pounds(fees.fixed)))
    unit = "percentage points" if price.basis == "per_point" else "outcomes"
    outcome_total = Decimal("0.00")
    for result in cohorts:
        verb = "lower" if contract.metric.lower_is_better else "higher"
        measured = (
            f"{result.members:,} members; {result.treated_value:.4f} per person against a baseline of "
            f"{result.baseline_value:.4f} ({abs(result.improvement):.1%} {verb if result.improvement >= 0 else 'worse'}); {result.reason}"
        )
        if not result.qualified:
            lines.append(
                Line("threshold", f"Cohort {result.cohort}: not paid", measured, Decimal("0.00"))
            )
            continue
        amount = pounds(result.units * price.amount)
        working = f"{measured}; {result.units:,.2f} {unit} × £{price.amount:,.2f}" + (
            " (illustrative price)" if price.illustrative else ""
        )
        if caps.per_cohort is not None and amount > pounds(caps.per_cohort):
            working += f"; capped at £{caps.per_cohort:,.2f}"
            amount = pounds(caps.per_cohort)
        lines.append(Line("price", f"Cohort {result.cohort}: outcome payment", working, amount))
        outcome_total += amount
    if caps.total is not None and outcome_total > pounds(caps.total):
        reduction = outcome_total - pounds(caps.total)
        lines.append(
            Line(
                "caps.total",
                "Total cap",
                f"outcome payments £{outcome_total:,.2f} capped at £{caps.total:,.2f}",
                -reduction,
            )
        )
    return lines
