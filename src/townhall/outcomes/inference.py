"""Confidence intervals and significance tests for an improvement against a baseline (scipy).

Binary outcomes: a z-test of the treated share against a historical rate, or two-proportion z-test
against a comparison group, with a 95% (1 − alpha) interval for the difference. Event counts: an
exact Poisson test against a historical rate, or the conditional binomial test of the rate ratio
against a comparison group (Ederer and Mantel's method), with an exact interval for the ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats


@dataclass(frozen=True)
class TestResult:
    """What the test found: the estimate, its interval and the p-value (one-sided, improvement)."""

    estimate: float
    low: float
    high: float
    p_value: float
    method: str


def proportion_test(
    treated_successes: float,
    treated_n: float,
    baseline_rate: float,
    comparison_n: float | None,
    lower_is_better: bool,
    alpha: float,
) -> TestResult:
    """Difference in shares (treated − baseline) with its interval and a one-sided p-value."""
    p1 = treated_successes / treated_n if treated_n else 0.0
    z = stats.norm.ppf(1 - alpha / 2)
    if comparison_n is None:
        se = math.sqrt(max(baseline_rate * (1 - baseline_rate), 1e-12) / treated_n)
        method = "one-sample z-test against the historical rate"
        se_interval = math.sqrt(max(p1 * (1 - p1), 1e-12) / treated_n)
    else:
        pooled = (p1 * treated_n + baseline_rate * comparison_n) / (treated_n + comparison_n)
        se = math.sqrt(max(pooled * (1 - pooled), 1e-12) * (1 / treated_n + 1 / comparison_n))
        method = "two-proportion z-test against the matched comparison group"
        se_interval = math.sqrt(
            max(p1 * (1 - p1), 1e-12) / treated_n
            + max(baseline_rate * (1 - baseline_rate), 1e-12) / comparison_n
        )
    difference = p1 - baseline_rate
    statistic = difference / se
    p_value = float(stats.norm.cdf(statistic) if lower_is_better else stats.norm.sf(statistic))
    return TestResult(
        difference, difference - z * se_interval, difference + z * se_interval, p_value, method
    )


def rate_test(
    treated_events: int,
    treated_n: float,
    baseline_rate: float,
    comparison_events: int | None,
    comparison_n: float | None,
    lower_is_better: bool,
    alpha: float,
) -> TestResult:
    """Rate ratio (treated ÷ baseline) with an exact interval and a one-sided p-value."""
    if comparison_events is None or comparison_n is None:
        expected = baseline_rate * treated_n
        p_value = float(
            stats.poisson.cdf(treated_events, expected)
            if lower_is_better
            else stats.poisson.sf(treated_events - 1, expected)
        )
        low_events = (
            stats.chi2.ppf(alpha / 2, 2 * treated_events) / 2 if treated_events > 0 else 0.0
        )
        high_events = stats.chi2.ppf(1 - alpha / 2, 2 * treated_events + 2) / 2
        ratio = treated_events / expected if expected else float("nan")
        return TestResult(
            ratio,
            low_events / expected,
            high_events / expected,
            p_value,
            "exact Poisson test against the historical rate",
        )
    total = treated_events + comparison_events
    share = treated_n / (treated_n + comparison_n)
    test = stats.binomtest(
        treated_events, total, share, alternative="less" if lower_is_better else "greater"
    )
    interval = stats.binomtest(treated_events, total, share).proportion_ci(
        confidence_level=1 - alpha, method="exact"
    )
    odds = share / (1 - share)

    def to_ratio(p: float) -> float:
        return (p / (1 - p)) / odds if p < 1 else float("inf")

    ratio = (
        (treated_events / treated_n) / (comparison_events / comparison_n)
        if comparison_events
        else float("inf")
    )
    return TestResult(
        ratio,
        to_ratio(interval.low),
        to_ratio(interval.high),
        float(test.pvalue),
        "conditional binomial test of the rate ratio",
    )
