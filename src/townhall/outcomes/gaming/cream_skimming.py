"""Cream-skimming: were the people enrolled (or served) easier cases than those eligible?
Standardised mean differences on risk factors between enrolled and all eligible people (|SMD| over
0.1 is a meaningful imbalance), with Welch's t-test on the main risk score (Heckman, Heinrich and
Smith 2002 on JTPA; Rees, Whitworth and Carter 2014 on the Work Programme)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from townhall.outcomes.gaming import CheckResult
from townhall.outcomes.matching import standardised_mean_difference


def cream_skimming_check(
    risk: np.ndarray, enrolled: np.ndarray, higher_is_harder: bool = True, alpha: float = 0.01
) -> CheckResult:
    """Compare the risk of enrolled people with everyone eligible."""
    chosen, everyone = risk[enrolled], risk
    if chosen.size < 2 or (~enrolled).sum() < 2:
        return CheckResult(
            "cream-skimming",
            0.0,
            None,
            False,
            "Too few enrolled or not-enrolled people to compare.",
        )
    smd = standardised_mean_difference(chosen, everyone)
    test = stats.ttest_ind(
        chosen,
        risk[~enrolled],
        equal_var=False,
        alternative="less" if higher_is_harder else "greater",
    )
    easier = smd < 0 if higher_is_harder else smd > 0
    flagged = easier and abs(smd) > 0.1 and test.pvalue < alpha
    reading = (
        f"Enrolled people's risk differs from all eligible people's by {smd:+.2f} standard deviations; "
        + (
            "they are markedly easier cases: check referral and selection."
            if flagged
            else "no sign that easier cases were picked."
        )
    )
    return CheckResult("cream-skimming", smd, float(test.pvalue), flagged, reading)
