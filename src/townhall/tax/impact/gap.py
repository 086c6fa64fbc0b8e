"""The gap solver: find the value of one lever that saves a target amount (monotone bisection).

Given a way to build a scheme from a lever value, the caseload, the baseline cost and the saving
needed, it finds the smallest lever value whose saving reaches the target, or says plainly that no
value in the allowed range can, and what the most it can save is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme


class GapNotClosableError(Exception):
    """No value of the lever in its range reaches the saving needed."""


@dataclass(frozen=True)
class Solution:
    """The lever value found, the scheme it gives and the saving it makes."""

    value: float
    scheme: Scheme
    saving_yearly: float


def solve_lever(
    build: Callable[[float], Scheme],
    caseload: Caseload,
    baseline_cost_yearly: float,
    target_saving_yearly: float,
    low: float,
    high: float,
    lever_name: str,
    tolerance: float = 1e-6,
) -> Solution:
    """The lever value in [low, high] whose saving first reaches the target.

    The saving must rise (or stay level) as the lever rises; the search keeps the smallest value
    that reaches the target, so no more is taken from claimants than the gap needs.
    """

    def saving(value: float) -> float:
        return baseline_cost_yearly - evaluate(build(value), caseload).total_award_yearly()

    if saving(low) >= target_saving_yearly:
        return Solution(low, build(low), saving(low))
    most = saving(high)
    if most < target_saving_yearly:
        raise GapNotClosableError(
            f"No {lever_name} between {low:g} and {high:g} saves £{target_saving_yearly:,.0f} a year: "
            f"the most it saves is £{most:,.0f} (at {high:g}). Close the rest another way "
            "(a council tax rise, savings, or removing discounts) or widen the lever's range."
        )
    while high - low > tolerance:
        middle = (low + high) / 2
        if saving(middle) >= target_saving_yearly:
            high = middle
        else:
            low = middle
    return Solution(high, build(high), saving(high))
