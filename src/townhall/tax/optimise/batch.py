"""Evaluate many candidate schemes at once over one caseload, from the template's cached stages.

The lever-free stages (liability, income, non-dependant deductions, second adult rebate) come from
`means_test.means_tested` of the template, computed once. Each block of claims is then crossed with
every candidate (candidates × claims arrays), so 10,000 candidates cost a few numpy passes each.
`test_optimise_batch` checks that every candidate's awards equal `evaluate` of its scheme exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.claim_arrays import ClaimArrays
from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY, WEEKS_PER_YEAR_REGULATION, round_pence
from townhall.tax.optimise.candidates import GROUP_BIT, Candidates
from townhall.tax.rules.means_test import MeansTested, means_tested
from townhall.tax.rules.scheme import Scheme

Floats = NDArray[np.float64]
CLAIMS_PER_BLOCK = 8192


@dataclass(frozen=True)
class Prepared:
    """What every candidate shares: the claims, the template's stages and the baseline awards."""

    claims: ClaimArrays
    stages: MeansTested
    band_d_total_yearly: float
    group_bits: NDArray[np.int64]  # which protected groups each claim belongs to
    per_non_dependant_weekly: Floats  # the template's deduction for each non-dependant
    baseline_award_yearly: Floats
    full_support: NDArray[np.bool_]  # working age with full support under the baseline
    deciles: NDArray[np.int8]

    @classmethod
    def of(
        cls,
        template: Scheme,
        caseload: Caseload,
        baseline_award_yearly: Floats,
        deciles: NDArray[np.int8],
    ) -> Prepared:
        claims = caseload.arrays
        stages = means_tested(template, caseload)
        child_age = (
            template.levers.protected_child_under_age.value
            if template.levers.protected_child_under_age
            else 6
        )
        bits = (
            (claims.has_children & (claims.youngest_child_age < child_age))
            * GROUP_BIT["child_under_age"]
            + claims.disability_premium * GROUP_BIT["disability_premium"]
            + claims.disabled_child_premium * GROUP_BIT["disabled_child_premium"]
            + claims.war_pension * GROUP_BIT["war_pension"]
            + claims.carer * GROUP_BIT["carer"]
            + claims.lone_parent * GROUP_BIT["lone_parent"]
        ).astype(np.int64)
        count = np.maximum(claims.non_dependants, 1.0)
        return cls(
            claims=claims,
            stages=stages,
            band_d_total_yearly=template.council.band_d_total_yearly(),
            group_bits=bits,
            per_non_dependant_weekly=stages.non_dependant_deduction_weekly / count,
            baseline_award_yearly=baseline_award_yearly,
            full_support=~claims.pensioner
            & (baseline_award_yearly >= stages.liability_yearly - 0.01),
            deciles=deciles,
        )


@dataclass(frozen=True)
class Metrics:
    """Per-candidate totals: cost, and the hardship measures objectives and constraints use."""

    cost_yearly: Floats
    losers_above: Floats  # weighted count losing more than the threshold a week
    decile_loss_weekly: Floats  # weighted weekly loss in the lowest deciles
    largest_loss_weekly: Floats
    group_largest_loss_weekly: Floats  # over the constraint group
    largest_full_support_share: Floats  # most any full-support claimant pays, as a share


def awards_for(prepared: Prepared, candidates: Candidates, start: int, stop: int) -> Floats:
    """Yearly awards, candidates × claims start to stop: the lever stage of `evaluate`, broadcast.

    Paths no candidate uses (a band cap, scaled deductions, another capital limit, a minimum
    award) are skipped, which keeps the common case to a few passes.
    """
    claims = prepared.claims.block(start, stop)
    stages = prepared.stages
    liability = stages.liability_yearly[start:stop]
    working = ~claims.pensioner
    column = (slice(None), None)

    if np.isinf(candidates.cap_ninths).all():
        eligible_weekly = (liability / WEEKS_PER_YEAR_REGULATION)[None, :]
    else:
        capped = (
            prepared.claims.effective_ninths[start:stop] > candidates.cap_ninths[column]
        ) & working
        ninths = np.where(np.isinf(candidates.cap_ninths), 0.0, candidates.cap_ninths)
        cap_charge = round_pence(prepared.band_d_total_yearly / 9.0 * ninths)
        capped_liability = round_pence(
            cap_charge[column] * (1.0 - prepared.claims.discount[start:stop])
        )
        eligible_weekly = np.where(capped, capped_liability, liability) / WEEKS_PER_YEAR_REGULATION

    # One "pays the minimum contribution" row per distinct protection mask, gathered per candidate.
    masks, which = np.unique(candidates.protected_bits, return_inverse=True)
    pays_rows = ((prepared.group_bits[start:stop][None, :] & masks[:, None]) == 0) & working
    kept = 1.0 - candidates.minimum_contribution[column] * pays_rows[which]
    if (candidates.non_dependant_scale == 1.0).all():
        deductions = stages.non_dependant_deduction_weekly[start:stop][None, :]
    else:
        each = round_pence(
            prepared.per_non_dependant_weekly[start:stop] * candidates.non_dependant_scale[column]
            + 1e-9
        )
        deductions = np.where(
            working, each * claims.non_dependants, stages.non_dependant_deduction_weekly[start:stop]
        )
    maximum = np.maximum(eligible_weekly * kept - deductions, 0.0)

    excess = stages.excess_income_weekly[start:stop]
    # Working-age claims take each candidate's taper; pensioners keep the prescribed one.
    pensioner_reduction = stages.taper[start:stop] * excess * claims.pensioner
    reduction = candidates.taper[column] * (excess * working) + pensioner_reduction
    main = np.maximum(maximum - reduction, 0.0)
    upper = candidates.capital_upper
    if (upper == upper[0]).all():
        excluded = np.where(
            working,
            (claims.capital > upper[0]) & ~claims.passported,
            stages.capital_excluded[start:stop],
        )
        main *= ~excluded
    else:
        excluded_each = (claims.capital > upper[column]) & ~claims.passported
        main *= ~np.where(working, excluded_each, stages.capital_excluded[start:stop])
    award = np.maximum(main, stages.second_adult_rebate_weekly[start:stop])
    if (candidates.minimum_award_weekly > 0).any():
        # Zeroing an award that is already zero changes nothing, so no "award > 0" test is needed.
        award = np.where(award < candidates.minimum_award_weekly[column] * working, 0.0, award)
    result: Floats = np.minimum(round_pence(award * WEEKS_PER_YEAR_REGULATION), liability)
    return result


CANDIDATES_PER_TILE = 32
ALL_MEASURES = frozenset({"losers", "decile_loss", "largest", "group_largest", "full_share"})


def evaluate_batch(
    prepared: Prepared,
    candidates: Candidates,
    loss_threshold_weekly: float,
    lowest_deciles: int,
    group: NDArray[np.bool_],
    measures: frozenset[str] = ALL_MEASURES,
) -> Metrics:
    """Every candidate's cost and the hardship `measures` asked for (others are left at zero),
    in tiles of candidates × claims small enough to stay in the CPU cache."""
    size = len(prepared.claims)
    count = len(candidates)
    cost = np.zeros(count)
    losers = np.zeros(count)
    decile_loss = np.zeros(count)
    largest = np.zeros(count)
    group_largest = np.zeros(count)
    full_share = np.zeros(count)
    weights = prepared.claims.weight
    liability_all = prepared.stages.liability_yearly
    needs_loss = bool(measures & {"losers", "decile_loss", "largest", "group_largest"})
    for start in range(0, size, CLAIMS_PER_BLOCK):
        stop = min(start + CLAIMS_PER_BLOCK, size)
        weight = weights[start:stop]
        low = (prepared.deciles[start:stop] <= lowest_deciles) * weight
        in_group = (
            np.flatnonzero(group[start:stop])
            if "group_largest" in measures
            else np.zeros(0, dtype=np.int64)
        )
        full = (
            np.flatnonzero(prepared.full_support[start:stop])
            if "full_share" in measures
            else np.zeros(0, dtype=np.int64)
        )
        full_liability = np.maximum(liability_all[start:stop][full], 0.01)
        baseline = prepared.baseline_award_yearly[start:stop]
        for first in range(0, count, CANDIDATES_PER_TILE):
            last = min(first + CANDIDATES_PER_TILE, count)
            award = awards_for(prepared, candidates.take(slice(first, last)), start, stop)
            cost[first:last] += award @ weight
            if needs_loss:
                loss = (baseline - award) / WEEKS_IN_YEAR_FOR_DISPLAY
                if "losers" in measures:
                    losers[first:last] += (loss > loss_threshold_weekly).astype(np.float64) @ weight
                if "decile_loss" in measures:
                    decile_loss[first:last] += np.maximum(loss, 0.0) @ low
                if "largest" in measures:
                    largest[first:last] = np.maximum(largest[first:last], loss.max(axis=1))
                if in_group.size:
                    group_largest[first:last] = np.maximum(
                        group_largest[first:last], loss[:, in_group].max(axis=1)
                    )
            if full.size:
                lowest_covered = (award[:, full] / full_liability).min(axis=1)
                full_share[first:last] = np.maximum(full_share[first:last], 1.0 - lowest_covered)
    return Metrics(cost, losers, decile_loss, largest, group_largest, full_share)
