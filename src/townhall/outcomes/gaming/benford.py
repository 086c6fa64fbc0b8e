"""Benford's law: do reported counts or amounts have the first digits real data spanning several
orders of magnitude has? A chi-square test and Nigrini's mean absolute deviation (MAD above 0.015
for first digits is "nonconformity", Nigrini 2012). Weak on small samples and on figures that do not
span orders of magnitude: read it as a pointer, not proof."""

from __future__ import annotations

import numpy as np
from scipy import stats

from townhall.outcomes.gaming import CheckResult

BENFORD = np.log10(1 + 1 / np.arange(1, 10))
NONCONFORMITY_MAD = 0.015


def first_digits(values: np.ndarray) -> np.ndarray:
    """The first significant digit of each positive value."""
    positive = np.abs(values[np.abs(values) > 0])
    digits: np.ndarray = (positive / 10 ** np.floor(np.log10(positive))).astype(int)
    return digits


def benford_check(values: np.ndarray, alpha: float = 0.01) -> CheckResult:
    """First-digit test of reported figures."""
    digits = first_digits(np.asarray(values, dtype=float))
    if digits.size < 100:
        return CheckResult(
            "benford",
            0.0,
            None,
            False,
            f"Only {digits.size} figures: too few for a first-digit test.",
        )
    observed = np.bincount(digits, minlength=10)[1:10]
    shares = observed / digits.size
    mad = float(np.abs(shares - BENFORD).mean())
    chi2 = stats.chisquare(observed, BENFORD * digits.size)
    flagged = mad > NONCONFORMITY_MAD and chi2.pvalue < alpha
    reading = (
        f"First digits of {digits.size:,} figures differ from Benford's law by a mean absolute deviation of {mad:.4f} "
        + (
            "(nonconformity): the figures may be invented, rounded or copied; check them at source."
            if flagged
            else "(acceptable)."
        )
    )
    return CheckResult("benford", mad, float(chi2.pvalue), flagged, reading)
