"""Designing an income-banded grid: for given income thresholds, the share of support in each band
that closes the gap with the least hardship is a linear programme, solved with HiGHS
(`scipy.optimize.linprog`); thresholds are searched around the template's, and every design is
checked with the exact engine before it is offered.

With a band's share s_k, a working-age claim in that band gets about s_k × E_i − d_i a week (E_i its
eligible liability after any minimum contribution, d_i its non-dependant deductions). The LP
treats that as linear; the exact evaluation afterwards applies the floor at zero and the rounding,
and the saving target is tightened and the LP solved again if the exact saving falls short.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.winners import weighted_deciles
from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY, WEEKS_PER_YEAR_REGULATION
from townhall.tax.optimise.problem import Problem
from townhall.tax.optimise.search import InfeasibleError
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import HOUSEHOLD_TYPES, IncomeBand, IncomeGrid, Scheme, Sourced

THRESHOLD_SCALES = (0.8, 0.9, 1.0, 1.1, 1.25)
TIGHTENING_ROUNDS = 6


@dataclass(frozen=True)
class GridDesign:
    """The best grid found: its scheme, shares, thresholds, saving and objective."""

    scheme: Scheme
    thresholds_weekly: list[float]
    shares: list[float]
    saving_yearly: float
    objective: float
    designs_tried: int


def with_grid(template: Scheme, thresholds: list[float], shares: list[float], why: str) -> Scheme:
    """The template with an income grid: the same share for every household type in a band."""
    limits = [*thresholds, float("inf")]
    bands = [
        IncomeBand(
            up_to_weekly_income=limit, discount={kind: round(share, 4) for kind in HOUSEHOLD_TYPES}
        )
        for limit, share in zip(limits, shares, strict=True)
    ]
    levers = template.levers.model_copy(
        update={"income_grid": IncomeGrid(bands=Sourced(value=bands, source=why))}
    )
    return template.model_copy(
        update={
            "name": f"grid-{template.name}",
            "title": f"Income grid designed from {template.name}",
            "description": f"{template.name} with an income grid designed by {why}.",
            "levers": levers,
        }
    )


def design_grid(
    template: Scheme, baseline: Scheme, caseload: Caseload, problem: Problem
) -> GridDesign:
    """The best grid over the threshold candidates, for the objectives an LP can express."""
    kind = problem.objective.kind
    if kind == "paying-more":
        raise InfeasibleError(
            "objective: the grid design solves a linear programme, which can minimise 'lowest-deciles' "
            "or 'largest-loss' but not a count of households ('paying-more'); choose one of those."
        )
    if template.levers.income_grid is None:
        raise InfeasibleError(
            f"template: {template.name} has no income grid to design; use a banded template such as oxford-2026."
        )
    base = evaluate(baseline, caseload)
    start = evaluate(template, caseload)
    deciles = weighted_deciles(base.stages.income_weekly, caseload.weight)
    thresholds = [band.up_to_weekly_income for band in template.levers.income_grid.bands.value[:-1]]
    best: GridDesign | None = None
    tried = 0
    for scale in THRESHOLD_SCALES:
        candidate_thresholds = [round(limit * scale, 2) for limit in thresholds]
        design = _solve(template, base, start, caseload, problem, candidate_thresholds, deciles)
        tried += 1
        if design is not None and (best is None or design.objective < best.objective):
            best = design
    if best is None:
        raise InfeasibleError(
            f"saving: no grid with thresholds near {thresholds} saves £{problem.saving_yearly:,.0f} a year "
            "with shares between 0 and 1 that do not rise with income."
        )
    return GridDesign(
        best.scheme, best.thresholds_weekly, best.shares, best.saving_yearly, best.objective, tried
    )


def _solve(
    template: Scheme,
    base: object,
    start: object,
    caseload: Caseload,
    problem: Problem,
    thresholds: list[float],
    deciles: np.ndarray,
) -> GridDesign | None:
    """Solve the LP for one set of thresholds, tightening until the exact saving is met."""
    from townhall.tax.rules.evaluate import Evaluation

    assert isinstance(base, Evaluation) and isinstance(start, Evaluation)
    claims = caseload.arrays
    working = ~claims.pensioner
    weight = caseload.weight
    income = start.stages.income_weekly
    band = np.where(
        claims.passported, 0, np.searchsorted(np.array(thresholds), income, side="left")
    )
    count = len(thresholds) + 1
    contribution = np.where(
        working & ~start.is_protected, template.levers.minimum_contribution.value, 0.0
    )
    eligible_yearly = start.eligible_liability_yearly * (1.0 - contribution)
    deductions_yearly = start.stages.non_dependant_deduction_weekly * WEEKS_PER_YEAR_REGULATION
    fixed_cost = float(np.dot(weight[~working], start.award_yearly[~working]))
    coefficient = np.array(
        [
            np.dot(weight[working & (band == k)], eligible_yearly[working & (band == k)])
            for k in range(count)
        ]
    )
    constant = fixed_cost - float(
        np.dot(weight[working], np.minimum(deductions_yearly[working], eligible_yearly[working]))
    )
    baseline_cost = base.total_award_yearly()
    # Shares fall (or stay level) as income rises: s_k+1 - s_k <= 0.
    monotone = np.zeros((count - 1, count))
    for k in range(count - 1):
        monotone[k, k], monotone[k, k + 1] = -1.0, 1.0
    budget = baseline_cost - problem.saving_yearly
    for _ in range(TIGHTENING_ROUNDS):
        objective, extra_rows, extra_bounds, variables = _objective(
            problem, base, band, eligible_yearly, weight, working, deciles, count
        )
        rows = [np.concatenate([coefficient, np.zeros(variables - count)])]
        bounds_rhs = [budget - constant]
        rows += [np.concatenate([row, np.zeros(variables - count)]) for row in monotone]
        bounds_rhs += [0.0] * (count - 1)
        rows += extra_rows
        bounds_rhs += extra_bounds
        solution = linprog(
            objective,
            A_ub=np.array(rows),
            b_ub=np.array(bounds_rhs),
            bounds=[(0.0, 1.0)] * count + [(None, None)] * (variables - count),
            method="highs",
        )
        if not solution.success:
            return None
        shares = [float(s) for s in solution.x[:count]]
        scheme = with_grid(
            template,
            thresholds,
            shares,
            f"townhall tax optimise --grid: {problem.objective.describe()}",
        )
        exact = evaluate(scheme, caseload)
        saving = baseline_cost - exact.total_award_yearly()
        if saving >= problem.saving_yearly - 0.5:
            loss = (base.award_yearly - exact.award_yearly) / WEEKS_IN_YEAR_FOR_DISPLAY
            if problem.objective.kind == "lowest-deciles":
                value = float(
                    np.dot(
                        weight * (deciles <= problem.objective.lowest_deciles),
                        np.maximum(loss, 0.0),
                    )
                )
            else:
                value = float(loss.max())
            return GridDesign(scheme, thresholds, shares, saving, value, 1)
        budget -= problem.saving_yearly - saving + 1.0  # the floor at zero gave back some saving
    return None


def _objective(
    problem: Problem,
    base: object,
    band: np.ndarray,
    eligible_yearly: np.ndarray,
    weight: np.ndarray,
    working: np.ndarray,
    deciles: np.ndarray,
    count: int,
) -> tuple[np.ndarray, list[np.ndarray], list[float], int]:
    """The LP's objective, and for the largest loss its epigraph rows (one per band's worst claim)."""
    if problem.objective.kind == "lowest-deciles":
        low = working & (deciles <= problem.objective.lowest_deciles)
        # Loss = base award − s_k × E_i; minimising it is maximising Σ_k s_k × (Σ low weights × E).
        return (
            np.array(
                [
                    -np.dot(weight[low & (band == k)], eligible_yearly[low & (band == k)])
                    for k in range(count)
                ]
            ),
            [],
            [],
            count,
        )
    # Largest loss: minimise z with z ≥ (base_i − s_k × E_i) ÷ 52 for every working-age claim.
    from townhall.tax.rules.evaluate import Evaluation

    assert isinstance(base, Evaluation)
    members = np.flatnonzero(working)
    rows_array = np.zeros((members.size, count + 1))
    rows_array[np.arange(members.size), band[members]] = (
        -eligible_yearly[members] / WEEKS_IN_YEAR_FOR_DISPLAY
    )
    rows_array[:, count] = -1.0
    rows = list(rows_array)
    rhs = list(-base.award_yearly[members] / WEEKS_IN_YEAR_FOR_DISPLAY)
    objective = np.zeros(count + 1)
    objective[count] = 1.0
    return objective, rows, rhs, count + 1
