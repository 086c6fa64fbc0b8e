"""The 2013/14 transition grant criteria, each checked with the figure that decides it.

DCLG announced in October 2012 a one-year £100m transition grant for schemes in which (1) those who
would have had full support under Council Tax Benefit pay no more than 8.5% of their liability,
(2) the taper does not rise above 25%, and (3) there is no sharp cliff edge for people moving into
work (source: the seed essay and DESIGN.md §3; see docs/compare.md for how (3) is measured).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from townhall.tax.claims.caseload import Caseload
from townhall.tax.money import WEEKS_PER_YEAR_REGULATION
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.scheme import Scheme

GRANT_YEAR = "2013/14"  # the grant was for one year only
MAXIMUM_SHARE_PAID_BY_FULL_SUPPORT = 0.085
MAXIMUM_TAPER = 0.25
EARNINGS_STEP_WEEKLY = 1.0
PENNY = 0.01


@dataclass(frozen=True)
class Criterion:
    """One criterion: passed or not, and the figure that decided it."""

    name: str
    passed: bool
    figure: str
    rule: str


def grant_applies(scheme: Scheme) -> bool:
    """Whether the transition grant criteria mean anything for a scheme: only for 2013/14."""
    return scheme.year == GRANT_YEAR


def earning_a_pound_more(caseload: Caseload) -> Caseload:
    """The same claims with £1 a week more earnings each, for the cliff-edge test."""
    table = caseload.table
    return Caseload(table.with_columns(table["weekly_earnings"] + EARNINGS_STEP_WEEKLY))


def transition_grant(
    option: Evaluation, baseline: Evaluation, raised: Caseload | None = None
) -> list[Criterion]:
    """Check an option against the three criteria; `baseline` says who had full support under CTB.

    `raised` is `earning_a_pound_more(option.caseload)`, passed in when several options share it.
    """
    working_age = ~option.caseload.arrays.pensioner
    full_support = working_age & (baseline.award_yearly >= baseline.liability_yearly - PENNY)
    share_paid = np.divide(
        option.to_pay_yearly,
        option.liability_yearly,
        out=np.zeros(len(option.caseload)),
        where=option.liability_yearly > 0,
    )
    worst_share = float(share_paid[full_support].max()) if full_support.any() else 0.0
    taper = option.scheme.working_age.taper.value
    cliff = largest_support_lost_for_a_pound_more_earned(
        option, raised or earning_a_pound_more(option.caseload)
    )
    return [
        Criterion(
            "Full-support claimants pay no more than 8.5%",
            worst_share <= MAXIMUM_SHARE_PAID_BY_FULL_SUPPORT + 1e-4,
            f"the most any of them pays is {worst_share:.1%} of their liability",
            "those on full support under Council Tax Benefit pay at most 8.5% of their liability",
        ),
        Criterion(
            "Taper not above 25%",
            taper <= MAXIMUM_TAPER,
            f"the working-age taper is {taper:.0%}",
            "support is withdrawn at no more than 25p for each extra £1 of income",
        ),
        Criterion(
            "No sharp cliff edge into work",
            cliff <= EARNINGS_STEP_WEEKLY + PENNY,
            f"earning £1 a week more costs at most £{cliff:,.2f} a week of support",
            "no one loses more support than the extra £1 a week they earn",
        ),
    ]


def largest_support_lost_for_a_pound_more_earned(option: Evaluation, raised: Caseload) -> float:
    """The most weekly support any working-age claim loses if its earnings rise by £1 a week."""
    caseload = option.caseload
    after = evaluate(option.scheme, raised)
    lost_weekly = (option.award_yearly - after.award_yearly) / WEEKS_PER_YEAR_REGULATION
    working_age = ~caseload.arrays.pensioner
    return float(lost_weekly[working_age].max()) if working_age.any() else 0.0
