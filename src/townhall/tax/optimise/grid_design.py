"""Designing an income-banded grid: for given income thresholds, the share of support in each band
for each household type that closes the gap with the least hardship is a linear programme, solved
with HiGHS (`scipy.optimize.linprog`); thresholds are searched around the template's, and every
design is costed by `evaluate` itself before it is offered.

A working-age claim in grid cell c (its income band and household type) gets, under `evaluate`,
max(s_c × S_i − d_i, 0) a week, or its second adult rebate if larger, and nothing with capital
above the limit (S_i its eligible liability after any minimum contribution, d_i its non-dependant
deductions). The LP takes the claims on the linear part (s_c × S_i − d_i above the rebate and
zero) as linear and the rest as fixed, and is solved again with the claims on the linear part at
its solution, a few rounds. The shares are then put on a lattice of `GRID_STEP` and every share is
moved by the same number of steps (clipped to 0 and 1, so shares still fall with income) to the
most support that still meets the saving, each step costed exactly: the design then saves what is
needed and overshoots by less than one step of every share is worth, or says why not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.winners import weighted_deciles
from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY, WEEKS_PER_YEAR_REGULATION
from townhall.tax.optimise.candidates import lever_changes
from townhall.tax.optimise.problem import Problem
from townhall.tax.optimise.search import CannotOptimiseError, InfeasibleError, group_mask
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.means_test import income_grid_share
from townhall.tax.rules.scheme import HOUSEHOLD_TYPES, IncomeBand, IncomeGrid, Scheme, Sourced

Floats = NDArray[np.float64]
THRESHOLD_SCALES = (0.8, 0.9, 1.0, 1.1, 1.25)
LINEARISATION_ROUNDS = 4
GRID_STEP = 0.001  # shares are designed in steps of 0.1 percentage point
STEPS = round(1 / GRID_STEP)


@dataclass(frozen=True)
class GridDesign:
    """The best grid found, what it saves and costs in hardship, and every threshold set tried."""

    scheme: Scheme
    thresholds_weekly: list[float]
    shares: Floats  # bands × household types (`HOUSEHOLD_TYPES` order)
    saving_yearly: float
    objective: float
    step_saving_yearly: float  # what one step more of every share would give back
    designs_tried: int
    moved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why the overshoot is larger, where it is
    tried: list[dict[str, object]] = field(default_factory=list)


def with_grid(template: Scheme, thresholds: list[float], shares: Floats, why: str) -> Scheme:
    """The template with an income grid: one share for each band and household type."""
    limits = [*thresholds, float("inf")]
    bands = [
        IncomeBand(
            up_to_weekly_income=limit,
            discount={kind: float(row[h]) for h, kind in enumerate(HOUSEHOLD_TYPES)},
        )
        for limit, row in zip(limits, shares, strict=True)
    ]
    grid = template.levers.income_grid
    note = f"{template.name}'s grid replaced" if grid is not None else None
    levers = template.levers.model_copy(
        update={"income_grid": IncomeGrid(bands=Sourced(value=bands, source=why, note=note))}
    )
    return template.model_copy(
        update={
            "name": f"grid-{template.name}",
            "title": f"Income grid designed from {template.name}",
            "description": f"{template.name} with an income grid designed by {why}.",
            "levers": levers,
        }
    )


@dataclass(frozen=True)
class _Claims:
    """Per working-age claim, the figures the LP reads (yearly pounds)."""

    rows: NDArray[np.intp]  # working-age claims
    weight: Floats
    supported: Floats  # S: eligible liability after the minimum contribution
    deductions: Floats  # d
    floor: Floats  # the award off the linear part: the rebate, or 0
    on_grid: NDArray[np.bool_]  # not excluded by capital
    baseline: Floats
    low: NDArray[np.bool_]  # in the lowest deciles
    in_group: NDArray[np.bool_]


def design_grid(
    template: Scheme, baseline: Scheme, caseload: Caseload, problem: Problem
) -> GridDesign:
    """The best grid over the threshold candidates, for the objectives an LP can express."""
    if problem.objective.kind == "paying-more":
        raise CannotOptimiseError(
            "objective: the grid design solves a linear programme, which can minimise 'lowest-deciles' "
            "or 'largest-loss' but not a count of households ('paying-more'); choose one of those."
        )
    if template.levers.income_grid is None:
        raise CannotOptimiseError(
            f"template: {template.name} has no income grid to design; use a banded template such as oxford-2026."
        )
    if template.levers.protected_income_grid is not None:
        raise CannotOptimiseError(
            f"template: {template.name} has a second grid for its protected groups, which the grid "
            "design does not model; design from a template with one grid."
        )
    if problem.transition_grant:
        raise CannotOptimiseError(
            "--constraint grant: the 2013/14 transition grant criteria are not part of the grid "
            "design; leave it out with --grid."
        )
    base = evaluate(baseline, caseload)
    start = evaluate(template, caseload)
    deciles = weighted_deciles(base.stages.income_weekly, caseload.weight)
    claims = _claims_of(template, base, start, caseload, problem, deciles)
    grid = template.levers.income_grid.bands.value
    thresholds = [band.up_to_weekly_income for band in grid[:-1]]
    best: GridDesign | None = None
    tried: list[dict[str, object]] = []
    reasons: list[str] = []
    for scale in THRESHOLD_SCALES:
        candidate = [round(limit * scale, 2) for limit in thresholds]
        design = _design(template, base, start, caseload, problem, claims, candidate)
        if isinstance(design, str):
            reasons.append(design)
            tried.append({"thresholds": candidate, "saving_yearly": None, "objective": None})
            continue
        tried.append(
            {
                "thresholds": candidate,
                "saving_yearly": design.saving_yearly,
                "objective": design.objective,
            }
        )
        if best is None or design.objective < best.objective:
            best = design
    if best is None:
        raise InfeasibleError(
            f"saving: no grid with thresholds near {thresholds} saves £{problem.saving_yearly:,.0f} "
            "a year with shares between 0 and 1 that fall with income: " + "; ".join(reasons)
        )
    moved = lever_changes(template, best.scheme)
    scheme = best.scheme.model_copy(
        update={"description": best.scheme.description + " Moved: " + "; ".join(moved) + "."}
    )
    return GridDesign(
        scheme=scheme,
        thresholds_weekly=best.thresholds_weekly,
        shares=best.shares,
        saving_yearly=best.saving_yearly,
        objective=best.objective,
        step_saving_yearly=best.step_saving_yearly,
        designs_tried=len(tried),
        moved=moved,
        notes=best.notes,
        tried=tried,
    )


def _claims_of(
    template: Scheme,
    base: Evaluation,
    start: Evaluation,
    caseload: Caseload,
    problem: Problem,
    deciles: NDArray[np.int8],
) -> _Claims:
    """The working-age claims' figures under the template's other levers (which stay)."""
    arrays = caseload.arrays
    rows = np.flatnonzero(~arrays.pensioner)
    kept = 1.0 - template.levers.minimum_contribution.value * ~start.is_protected[rows]
    stages = start.stages
    return _Claims(
        rows=rows,
        weight=caseload.weight[rows],
        supported=start.eligible_liability_yearly[rows] * kept,
        deductions=stages.non_dependant_deduction_weekly[rows] * WEEKS_PER_YEAR_REGULATION,
        floor=stages.second_adult_rebate_weekly[rows] * WEEKS_PER_YEAR_REGULATION,
        on_grid=~stages.capital_excluded[rows],
        baseline=base.award_yearly[rows],
        low=deciles[rows] <= problem.objective.lowest_deciles,
        in_group=group_mask(caseload, problem.group_limit)[rows],
    )


def _design(
    template: Scheme,
    base: Evaluation,
    start: Evaluation,
    caseload: Caseload,
    problem: Problem,
    claims: _Claims,
    thresholds: list[float],
) -> GridDesign | str:
    """The design for one set of thresholds, or why there is none."""
    bands = len(thresholds) + 1
    kinds = len(HOUSEHOLD_TYPES)
    # Each claim's grid cell, by the engine's own rule (passported claims take the first band).
    cells = np.arange(bands * kinds, dtype=np.float64).reshape(bands, kinds)
    cell = income_grid_share(
        np.array([*thresholds, np.inf]),
        cells,
        caseload.arrays,
        start.stages.income_weekly,
        start.stages.passported,
    )[claims.rows].astype(np.intp)
    fixed = float(np.dot(caseload.weight, start.award_yearly)) - float(
        np.dot(claims.weight, start.award_yearly[claims.rows])
    )
    budget = base.total_award_yearly() - problem.saving_yearly - fixed
    shares = np.ones((bands, kinds))
    for _ in range(LINEARISATION_ROUNDS):
        solved = _solve_lp(problem, claims, cell, shares, bands, kinds, budget)
        if solved is None:
            break
        if np.allclose(solved, shares, atol=GRID_STEP / 10):
            shares = solved
            break
        shares = solved
    lattice = np.clip(np.round(shares / GRID_STEP) * GRID_STEP, 0.0, 1.0)
    lattice = np.minimum.accumulate(lattice, axis=0)  # still falling with income
    return _trimmed(template, base, caseload, problem, claims, thresholds, lattice)


def _linear_part(claims: _Claims, cell: NDArray[np.intp], shares: Floats) -> NDArray[np.bool_]:
    """Claims whose award is s × S − d at these shares (above the rebate and zero)."""
    award = shares.ravel()[cell] * claims.supported - claims.deductions
    return claims.on_grid & (award > claims.floor) & (award > 0)


def _solve_lp(
    problem: Problem,
    claims: _Claims,
    cell: NDArray[np.intp],
    shares: Floats,
    bands: int,
    kinds: int,
    budget: float,
) -> Floats | None:
    """One LP, with the claims on the linear part at `shares` taken as linear."""
    count = bands * kinds
    linear = _linear_part(claims, cell, np.maximum(shares, GRID_STEP))
    weight_s = np.bincount(
        cell[linear], weights=(claims.weight * claims.supported)[linear], minlength=count
    )
    constant = float(np.dot(claims.weight[~linear], claims.floor[~linear])) - float(
        np.dot(claims.weight[linear], claims.deductions[linear])
    )
    # Shares fall (or stay level) as income rises, for each household type.
    monotone_rows, monotone_cols, monotone_values = [], [], []
    row = 0
    for band in range(bands - 1):
        for kind in range(kinds):
            monotone_rows += [row, row]
            monotone_cols += [band * kinds + kind, (band + 1) * kinds + kind]
            monotone_values += [-1.0, 1.0]
            row += 1
    week = WEEKS_IN_YEAR_FOR_DISPLAY
    epigraph = problem.objective.kind == "largest-loss"
    variables = count + (1 if epigraph else 0)
    rows: list[csr_matrix] = [
        csr_matrix(np.concatenate([weight_s, np.zeros(variables - count)])[None, :]),
        csr_matrix((monotone_values, (monotone_rows, monotone_cols)), shape=(row, variables)),
    ]
    rhs: list[Floats] = [np.array([budget - constant]), np.zeros(row)]
    # Loss_i = (baseline_i − (s_c S_i − d_i)) ÷ 52 on the linear part; fixed elsewhere.
    members = np.flatnonzero(linear)
    fixed_loss = (claims.baseline - claims.floor) / week
    limit = problem.group_limit
    if limit is not None:
        grouped = members[claims.in_group[members]]
        if (fixed_loss[~linear & claims.in_group] > limit.largest_loss_weekly + 0.005).any():
            return None
        rows.append(
            csr_matrix(
                (
                    -claims.supported[grouped] / week,
                    (np.arange(grouped.size), cell[grouped]),
                ),
                shape=(grouped.size, variables),
            )
        )
        rhs.append(
            limit.largest_loss_weekly
            - (claims.baseline[grouped] + claims.deductions[grouped]) / week
        )
    if epigraph:
        epi = csr_matrix(
            (
                np.concatenate([-claims.supported[members] / week, -np.ones(members.size)]),
                (
                    np.concatenate([np.arange(members.size)] * 2),
                    np.concatenate([cell[members], np.full(members.size, count)]),
                ),
            ),
            shape=(members.size, variables),
        )
        rows.append(epi)
        rhs.append(-(claims.baseline[members] + claims.deductions[members]) / week)
        # Many grids reach the smallest largest loss; of those, the LP takes the one that gives
        # the lowest deciles the most support (a tie-break worth at most £0.001 a week).
        low = linear & claims.low
        support = np.bincount(
            cell[low], weights=(claims.weight * claims.supported)[low], minlength=count
        )
        objective = np.concatenate([-1e-3 * support / max(float(support.sum()), 1.0), [1.0]])
        floor_z = float(fixed_loss[~linear].max()) if (~linear).any() else None
        bounds = [(0.0, 1.0)] * count + [(floor_z, None)]
    else:
        low = linear & claims.low
        objective = -np.bincount(
            cell[low], weights=(claims.weight * claims.supported)[low], minlength=count
        )
        bounds = [(0.0, 1.0)] * count
    solution = linprog(
        objective,
        A_ub=vstack(rows).tocsr(),
        b_ub=np.concatenate(rhs),
        bounds=bounds,
        method="highs",
    )
    if not solution.success:
        return None
    result: Floats = np.asarray(solution.x[:count]).reshape(bands, kinds)
    return result


def _trimmed(
    template: Scheme,
    base: Evaluation,
    caseload: Caseload,
    problem: Problem,
    claims: _Claims,
    thresholds: list[float],
    lattice: Floats,
) -> GridDesign | str:
    """Move every share by the same number of steps to the most support that meets the saving,
    each step costed by `evaluate`; the design, or why there is none."""
    why = f"townhall tax optimise --grid: {problem.objective.describe()}, saving £{problem.saving_yearly:,.0f} a year"
    baseline_cost = base.total_award_yearly()
    needed = problem.saving_yearly - 0.5
    costed: dict[int, tuple[Scheme, Evaluation, float]] = {}

    def at(steps: int) -> tuple[Scheme, Evaluation, float]:
        if steps not in costed:
            shares = np.clip(np.round((lattice + steps * GRID_STEP) / GRID_STEP) * GRID_STEP, 0, 1)
            scheme = with_grid(template, thresholds, shares, why)
            result = evaluate(scheme, caseload)
            costed[steps] = (scheme, result, baseline_cost - result.total_award_yearly())
        return costed[steps]

    notes: list[str] = []
    if at(-STEPS)[2] < needed:
        return (
            f"thresholds {thresholds}: with every share at 0% the grid saves only "
            f"£{at(-STEPS)[2]:,.0f} (pensioners, second adult rebate and the other levers stay)"
        )
    if at(STEPS)[2] >= needed:
        good, bad = STEPS, None
        notes.append(
            f"Even with every share at 100% the grid saves £{at(STEPS)[2]:,.0f}, more than the "
            f"£{problem.saving_yearly:,.0f} needed: the template's other levers save that much, "
            "so the grid cannot give the surplus back."
        )
    else:
        good, bad = (0, STEPS) if at(0)[2] >= needed else (-STEPS, 0)
        while bad - good > 1:
            middle = (good + bad) // 2
            if at(middle)[2] >= needed:
                good = middle
            else:
                bad = middle
    scheme, result, saving = at(good)
    step_saving = saving - at(bad)[2] if bad is not None else 0.0
    loss = (base.award_yearly - result.award_yearly) / WEEKS_IN_YEAR_FOR_DISPLAY
    working = ~caseload.arrays.pensioner
    if problem.group_limit is not None:
        group = group_mask(caseload, problem.group_limit)
        worst = float(loss[group].max()) if group.any() else 0.0
        if worst > problem.group_limit.largest_loss_weekly + 0.005:
            return (
                f"thresholds {thresholds}: a {problem.group_limit.group} household loses "
                f"£{worst:,.2f} a week"
            )
    if problem.objective.kind == "lowest-deciles":
        low = np.zeros(len(caseload), dtype=bool)
        low[claims.rows[claims.low]] = True
        value = float(np.dot(caseload.weight * low, np.maximum(loss, 0.0)))
    else:
        value = float(loss[working].max())
    shares = np.array(
        [
            [band.discount[kind] for kind in HOUSEHOLD_TYPES]
            for band in scheme.levers.income_grid.bands.value  # type: ignore[union-attr]
        ]
    )
    return GridDesign(
        scheme=scheme,
        thresholds_weekly=thresholds,
        shares=shares,
        saving_yearly=saving,
        objective=value,
        step_saving_yearly=step_saving,
        designs_tried=1,
        notes=notes,
    )
