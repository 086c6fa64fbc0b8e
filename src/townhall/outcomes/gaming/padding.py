"""Target padding, the timetable case: a schedule or target loosened over time so that performance
looks better while what was achieved did not improve (trains padded to "arrive on time"). Compares
the trend of the target with the trend of what was achieved, by linear regression over periods."""

from __future__ import annotations

import numpy as np
from scipy import stats

from townhall.outcomes.gaming import CheckResult


def padding_check(
    periods: np.ndarray, target: np.ndarray, achieved: np.ndarray, alpha: float = 0.01
) -> CheckResult:
    """Has the target become easier (here: larger, like minutes allowed) faster than performance changed?"""
    target_trend = stats.linregress(periods, target)
    achieved_trend = stats.linregress(periods, achieved)
    loosening = target_trend.slope - achieved_trend.slope
    met_before = float(np.mean(achieved[: len(achieved) // 2] <= target[: len(target) // 2]))
    met_after = float(np.mean(achieved[len(achieved) // 2 :] <= target[len(target) // 2 :]))
    flagged = (
        target_trend.slope > 0
        and target_trend.pvalue < alpha
        and loosening > 0
        and abs(achieved_trend.slope) < abs(target_trend.slope) / 2
    )
    reading = (
        f"The target moved by {target_trend.slope:+.3f} a period (p = {target_trend.pvalue:.3g}) while performance moved by "
        f"{achieved_trend.slope:+.3f}; the target was met in {met_before:.0%} of early periods and {met_after:.0%} of late ones. "
        + (
            "The better record comes from a looser target, not better performance."
            if flagged
            else "No sign of a target loosened to flatter performance."
        )
    )
    return CheckResult("padding", float(loosening), float(target_trend.pvalue), flagged, reading)
