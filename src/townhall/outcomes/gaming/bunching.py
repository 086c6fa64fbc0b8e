"""Bunching at a threshold: are there more cases just past a cut-off (13 weeks in work, a 12-month
window) than just before it? Without manipulation a smooth density puts about as many on each side
of the cut-off within a narrow window; the exact binomial test of Cattaneo, Jansson and Ma
(rddensity, J. Stat. Software 2020; the "binomial test" near the cutoff) tests that, which is the
local version of McCrary's (2008) density discontinuity test."""

from __future__ import annotations

import numpy as np
from scipy import stats

from townhall.outcomes.gaming import CheckResult


def bunching_check(
    values: np.ndarray, cutoff: float, width: float, favoured: str = "above", alpha: float = 0.01
) -> CheckResult:
    """Compare counts in [cutoff − width, cutoff) and [cutoff, cutoff + width)."""
    below = int(((values >= cutoff - width) & (values < cutoff)).sum())
    above = int(((values >= cutoff) & (values < cutoff + width)).sum())
    total = below + above
    favoured_count = above if favoured == "above" else below
    if total == 0:
        return CheckResult(
            "bunching",
            0.0,
            None,
            False,
            f"No cases within {width:g} of the cut-off {cutoff:g}: nothing to test.",
        )
    test = stats.binomtest(favoured_count, total, 0.5, alternative="greater")
    share = favoured_count / total
    flagged = test.pvalue < alpha
    side = "just past" if favoured == "above" else "just inside"
    reading = (
        f"{favoured_count} of the {total} cases within {width:g} of {cutoff:g} fall {side} it ({share:.0%}); "
        + (
            "far more than a smooth distribution gives: outcomes may be timed or recorded to clear the threshold."
            if flagged
            else "no more than chance would give."
        )
    )
    return CheckResult("bunching", share, float(test.pvalue), flagged, reading)
