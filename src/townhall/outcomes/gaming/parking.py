"""Parking: do harder cases get less of the provider's effort? Spearman's rank correlation between
predicted difficulty (risk) and recorded effort (contacts, hours); a clearly negative correlation
means hard cases are set aside (Carter and Whitworth 2015; NAO 2014 on planned spend by group)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from townhall.outcomes.gaming import CheckResult


def parking_check(risk: np.ndarray, effort: np.ndarray, alpha: float = 0.01) -> CheckResult:
    """Correlation of effort with difficulty; flagged when clearly negative."""
    if risk.size < 30:
        return CheckResult(
            "parking", 0.0, None, False, "Too few people to relate effort to difficulty."
        )
    test = stats.spearmanr(risk, effort, alternative="less")
    rho = float(test.statistic)
    flagged = rho < -0.1 and test.pvalue < alpha
    reading = f"Effort and difficulty have a rank correlation of {rho:+.2f}; " + (
        "harder cases get markedly less effort: they may be parked."
        if flagged
        else "no sign of hard cases being parked."
    )
    return CheckResult("parking", rho, float(test.pvalue), flagged, reading)
