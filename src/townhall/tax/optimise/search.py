"""The optimiser's search: for each combination of the discrete levers, the smallest minimum
contribution that meets the saving (saving rises with it, hardship too, so the smallest is best),
found by a batched grid then batched bisection; then the best feasible candidate.

Every candidate is the full scheme it stands for, costed by `evaluate` itself
(`costing.evaluate_candidates`), so the saving reported is the saving of the scheme file written.
Levers the problem does not name keep the template's values. Discrete combinations beyond
`max_combinations` are sampled at random (seeded), and the report says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.winners import weighted_deciles
from townhall.tax.optimise.candidates import (
    Candidates,
    CandidateSchemes,
    bits_of,
    cap_ninths,
    lever_changes,
)
from townhall.tax.optimise.costing import ALL_MEASURES, Metrics, Prepared, evaluate_candidates
from townhall.tax.optimise.problem import GroupLimit, LeverRanges, Problem
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme

GRID_POINTS = 17
BISECTION_ROUNDS = 10
GRANT_SHARE = 0.085
GRANT_TAPER = 0.25


Combination = tuple[float, str, float, tuple[str, ...], float, float]


class InfeasibleError(Exception):
    """No candidate meets the saving and every constraint; the message names the binding one."""


class CannotOptimiseError(InfeasibleError):
    """The question cannot be put to this template; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    """The best scheme, the trade-off between saving and hardship, and how much was searched."""

    best: Scheme
    best_index: int
    moved: list[str]  # every lever moved from the template's value, "lever from → to"
    candidates: Candidates
    metrics: Metrics
    objective_values: np.ndarray
    feasible: np.ndarray
    saving_yearly: np.ndarray
    evaluated: int
    combinations: int
    sampled: bool
    trade_off: list[dict[str, float]]


def group_mask(caseload: Caseload, limit: GroupLimit | None) -> np.ndarray:
    """Which claims a group limit covers (working age only; pensioners are protected anyway)."""
    claims = caseload.arrays
    working = ~claims.pensioner
    if limit is None:
        return np.zeros(len(caseload), dtype=bool)
    masks = {
        "disabled": claims.disability_premium | claims.disabled_child_premium,
        "children": claims.has_children,
        "in-work": claims.weekly_earnings > 0,
        "lone-parent": claims.lone_parent,
        "carer": claims.carer,
    }
    return masks[limit.group] & working


def refusals(template: Scheme, ranges: LeverRanges) -> list[str]:
    """Why these ranges cannot be searched from this template (empty when they can)."""
    reasons = []
    if template.levers.income_grid is not None and ranges.tapers is not None:
        reasons.append(
            f"--taper: {template.name} is income-banded, so working-age support comes from its "
            "grid and the taper does not apply to it; leave --taper out (or design the grid with --grid)"
        )
    if (
        "child_under_age" in ranges.protectable_groups
        and template.levers.protected_child_under_age is None
    ):
        reasons.append(
            f"--protect child_under_age: {template.name} states no protected_child_under_age; "
            "give one in a scheme file that extends it"
        )
    lower = template.working_age.capital.lower_limit.value
    below = [limit for limit in ranges.capital_upper_limits or () if limit < lower]
    if below:
        reasons.append(
            f"--capital-limit: {', '.join(f'£{limit:,.0f}' for limit in below)} is below "
            f"{template.name}'s lower capital limit (£{lower:,.0f})"
        )
    return reasons


def combinations(
    template: Scheme, problem: Problem, max_combinations: int, seed: int
) -> tuple[list[Combination], bool]:
    """Every combination of the discrete levers, or a seeded sample of them if there are too many.
    A lever with no range keeps the template's value; protected groups not searched keep the
    template's choice."""
    ranges = problem.ranges
    levers, working = template.levers, template.working_age
    searched = set(ranges.protectable_groups)
    kept = tuple(g for g in levers.protected_groups.value if g not in searched)
    subsets = [
        kept + combo
        for size in range(len(ranges.protectable_groups) + 1)
        for combo in itertools.combinations(ranges.protectable_groups, size)
    ]
    band_caps: tuple[str, ...] = tuple(
        cap or "none" for cap in ranges.band_caps or (levers.band_cap.value,)
    )
    everything: list[Combination] = list(
        itertools.product(
            ranges.tapers or (working.taper.value,),
            band_caps,
            ranges.minimum_awards_weekly or (levers.minimum_award_weekly.value,),
            subsets,
            ranges.capital_upper_limits or (working.capital.upper_limit.value,),
            ranges.non_dependant_scales or (1.0,),
        )
    )
    if len(everything) <= max_combinations:
        return everything, False
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(everything), size=max_combinations, replace=False)
    return [everything[i] for i in sorted(chosen)], True


def _candidates(combos: list[Combination], contributions: np.ndarray) -> Candidates:
    """One candidate per combination, with the given minimum contributions."""
    return Candidates(
        minimum_contribution=np.asarray(contributions, dtype=float),
        taper=np.array([c[0] for c in combos], dtype=float),
        cap_ninths=np.array([cap_ninths(c[1]) for c in combos]),
        minimum_award_weekly=np.array([c[2] for c in combos], dtype=float),
        protected_bits=np.array([bits_of(c[3]) for c in combos], dtype=np.int64),
        capital_upper=np.array([c[4] for c in combos], dtype=float),
        non_dependant_scale=np.array([c[5] for c in combos], dtype=float),
    )


def objective_value(problem: Problem, metrics: Metrics) -> np.ndarray:
    """The objective for each candidate (smaller is better)."""
    kind = problem.objective.kind
    if kind == "paying-more":
        return metrics.losers_above
    if kind == "lowest-deciles":
        return metrics.decile_loss_weekly
    return metrics.largest_loss_weekly


def feasibility(
    problem: Problem, candidates: Candidates, metrics: Metrics, baseline_cost: float
) -> dict[str, np.ndarray]:
    """For each constraint, which candidates meet it."""
    checks = {"saving": baseline_cost - metrics.cost_yearly >= problem.saving_yearly - 0.5}
    if problem.transition_grant:
        checks["transition grant: full-support claimants pay at most 8.5%"] = (
            metrics.largest_full_support_share <= GRANT_SHARE + 1e-4
        )
        checks["transition grant: taper at most 25%"] = candidates.taper <= GRANT_TAPER
        checks[
            "transition grant: no cliff edge (minimum award + taper at most £1 for £1 earned)"
        ] = (candidates.minimum_award_weekly + candidates.taper <= 1.0) | (
            candidates.minimum_award_weekly == 0
        )
    if problem.group_limit is not None:
        limit = problem.group_limit
        checks[
            f"no {limit.group} household loses more than £{limit.largest_loss_weekly:,.2f} a week"
        ] = metrics.group_largest_loss_weekly <= limit.largest_loss_weekly + 0.005
    return checks


def optimise(
    template: Scheme,
    baseline: Scheme,
    caseload: Caseload,
    problem: Problem,
    max_combinations: int = 2000,
    seed: int = 2013,
    on_progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Search the lever ranges for the best scheme; raise InfeasibleError naming what binds, or
    CannotOptimiseError saying why the template cannot be searched so."""
    reasons = refusals(template, problem.ranges)
    if reasons:
        raise CannotOptimiseError(
            f"{template.name} cannot be optimised as asked: " + "; ".join(reasons) + "."
        )
    base = evaluate(baseline, caseload)
    deciles = weighted_deciles(base.stages.income_weekly, caseload.weight)
    prepared = Prepared.of(
        base,
        deciles,
        problem.objective.lowest_deciles,
        group_mask(caseload, problem.group_limit),
        problem.objective.threshold_weekly,
    )
    baseline_cost = prepared.baseline_cost_yearly
    why = f"townhall tax optimise: {problem.objective.describe()}, saving £{problem.saving_yearly:,.0f} a year"
    schemes = CandidateSchemes(template, why)
    combos, sampled = combinations(template, problem, max_combinations, seed)
    low, high = problem.ranges.minimum_contribution
    count = len(combos)
    steps = GRID_POINTS + BISECTION_ROUNDS
    evaluated = 0

    objective_measure = {
        "paying-more": "losers",
        "lowest-deciles": "decile_loss",
        "largest-loss": "largest",
    }[problem.objective.kind]

    def run(contributions: np.ndarray, measures: frozenset[str]) -> Metrics:
        nonlocal evaluated
        metrics = evaluate_candidates(
            prepared, schemes, _candidates(combos, contributions), measures
        )
        evaluated += count
        return metrics

    # A grid of contributions for every combination: the points of the trade-off curve, and a
    # bracket round the smallest contribution that meets the saving.
    grid = np.linspace(low, high, GRID_POINTS)
    savings = np.empty((GRID_POINTS, count))
    # The trade-off counts only candidates that meet every constraint but the saving, so the grid
    # measures what the constraints need as well as the objective.
    grid_measures = {objective_measure}
    if problem.group_limit is not None:
        grid_measures.add("group_largest")
    if problem.transition_grant:
        grid_measures.add("full_share")
    trade_points: list[tuple[np.ndarray, np.ndarray]] = []
    for step, value in enumerate(grid):
        contributions = np.full(count, value)
        metrics = run(contributions, frozenset(grid_measures))
        savings[step] = baseline_cost - metrics.cost_yearly
        checks = feasibility(problem, _candidates(combos, contributions), metrics, baseline_cost)
        allowed = np.logical_and.reduce(
            [ok for name, ok in checks.items() if name != "saving"] or [np.ones(count, bool)]
        )
        trade_points.append((savings[step][allowed], objective_value(problem, metrics)[allowed]))
        if on_progress:
            on_progress(step + 1, steps)
    reaches = savings >= problem.saving_yearly - 0.5
    reachable = reaches.any(axis=0)
    if not reachable.any():
        raise InfeasibleError(
            f"saving: no candidate saves £{problem.saving_yearly:,.0f} a year; the most any saves is "
            f"£{savings.max():,.0f} (minimum contribution up to {high:.0%}). Widen the lever ranges or lower the saving."
        )
    first = np.where(reachable, reaches.argmax(axis=0), GRID_POINTS - 1)
    upper = grid[first]
    lower = np.where(first > 0, grid[np.maximum(first - 1, 0)], low)
    for round_number in range(BISECTION_ROUNDS):
        middle = (lower + upper) / 2
        metrics = run(middle, frozenset())
        meets = baseline_cost - metrics.cost_yearly >= problem.saving_yearly - 0.5
        upper = np.where(meets, middle, upper)
        lower = np.where(meets, lower, middle)
        if on_progress:
            on_progress(GRID_POINTS + round_number + 1, steps)
    upper = np.where(first == 0, low, upper)
    final = _candidates(combos, upper)
    metrics = run(upper, ALL_MEASURES)
    checks = feasibility(problem, final, metrics, baseline_cost)
    checks["saving"] &= reachable
    feasible = np.logical_and.reduce(list(checks.values()))
    values = objective_value(problem, metrics)
    if not feasible.any():
        raise InfeasibleError(_binding(checks, problem, metrics, final))
    order = np.lexsort((-(baseline_cost - metrics.cost_yearly), np.where(feasible, values, np.inf)))
    best_index = int(order[0])
    best = schemes.best(final, best_index, f"optimised-{template.name}")
    return Outcome(
        best=best,
        best_index=best_index,
        moved=lever_changes(template, best),
        candidates=final,
        metrics=metrics,
        objective_values=values,
        feasible=feasible,
        saving_yearly=baseline_cost - metrics.cost_yearly,
        evaluated=evaluated,
        combinations=count,
        sampled=sampled,
        trade_off=_trade_off(trade_points),
    )


def _binding(
    checks: dict[str, np.ndarray], problem: Problem, metrics: Metrics, final: Candidates
) -> str:
    """Name the constraint that rules out the most candidates that meet the saving."""
    saving_ok = checks["saving"]
    others = {name: ok for name, ok in checks.items() if name != "saving"}
    blocking = {name: int((saving_ok & ~ok).sum()) for name, ok in others.items()}
    name = max(blocking, key=lambda key: blocking[key])
    detail = ""
    if name.startswith("transition grant: full-support"):
        detail = f"; the lowest share any of them pays is {metrics.largest_full_support_share[saving_ok].min():.1%}"
    elif name.startswith("no "):
        detail = f"; the smallest largest loss in that group is £{metrics.group_largest_loss_weekly[saving_ok].min():,.2f} a week"
    return (
        f"No candidate that saves £{problem.saving_yearly:,.0f} a year meets every constraint. "
        f"The binding constraint is '{name}': it rules out {blocking[name]:,} of the {int(saving_ok.sum()):,} "
        f"candidates that save enough{detail}. Relax it, widen the lever ranges, or lower the saving."
    )


def _trade_off(points: list[tuple[np.ndarray, np.ndarray]]) -> list[dict[str, float]]:
    """The least hardship reached at each level of saving among grid candidates that meet every
    other constraint: their Pareto front."""
    savings = np.concatenate([p[0] for p in points])
    values = np.concatenate([p[1] for p in points])
    front: list[dict[str, float]] = []
    best = np.inf
    for index in np.argsort(-savings):
        if values[index] < best:
            best = values[index]
            front.append(
                {"saving_yearly": float(savings[index]), "objective": float(values[index])}
            )
    return sorted(front, key=lambda point: point["saving_yearly"])
