"""The vectorised means test: one function per rule stage, over every claim at once.

Stages that do not depend on a scheme's levers (liability, applicable amounts, income, non-dependant
deductions, capital, second adult rebate) run once per caseload and means test and are cached on
the caseload, so sweeps and optimisers that vary only the levers pay for the last stage alone.

Each stage is plain numpy over arrays of claims, shaped by what it reads (see
`claim_arrays.ClaimLookups`, made once per caseload from the claims alone):
- liability and applicable amounts depend on a few claim codes, so they run once per kind of claim
  (a few dozen) and are looked up per claim;
- earnings, capital and non-dependants concern a minority of claims, so those stages run over just
  those claims and are written into arrays of zeros (or added to other income);
- the rest runs over cache-sized blocks of claims, each step written in place (`out=`), because
  figures that stay in the CPU cache make numpy several times faster than whole-array passes.
Every path computes the same figures in the same order as the plain formula, to the last bit.
Weekly figures follow the regulations' convention (yearly ÷ 365 × 7); see `townhall.tax.money`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from townhall.tax.bands import SINGLE_PERSON_DISCOUNT
from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.claim_arrays import ClaimArrays, Earners, Flags, Floats, WithCapital
from townhall.tax.money import WEEKS_PER_YEAR_REGULATION, round_pence
from townhall.tax.rules.scheme import MeansTest, Scheme

BLOCK_CLAIMS = 32_768
SMALL_TABLE = 8  # up to this many band edges, `band_index` compares rather than searches


@dataclass(frozen=True)
class RuleTables:
    """A scheme's means-test figures as small look-up arrays; index 0 working age, 1 pensioner."""

    band_d_total_yearly: float
    liability_by_ninths: NDArray[np.float64]  # [ninths of Band D, 1 if sole adult] → yearly bill
    personal_allowance: Floats  # by personal allowance code
    child: Floats
    premiums: Floats  # family, disability, disabled child and carer premiums by premium code
    earnings_disregard: Floats  # by disregard code
    capital_lower: Floats
    capital_upper: Floats
    tariff_step: Floats
    taper: Floats
    non_dependant_from: tuple[Floats, Floats]
    non_dependant_deduction: tuple[Floats, Floats]
    second_adult_enabled: Flags
    second_adult_passported_rate: Floats
    second_adult_below: tuple[Floats, Floats]
    second_adult_rate: tuple[Floats, Floats]

    @classmethod
    def of(cls, scheme: Scheme) -> RuleTables:
        """The tables for a scheme's council and its two means tests."""
        working, retired = scheme.working_age, scheme.pensioner

        def pair(pick: object) -> Floats:
            return np.array([pick(working), pick(retired)], dtype=np.float64)  # type: ignore[operator]

        def personal(rules: MeansTest) -> list[float]:
            a = rules.applicable_amounts
            single = a.single_weekly.value
            return [
                single,
                (a.single_under_25_weekly or a.single_weekly).value,
                (a.lone_parent_weekly or a.single_weekly).value,
                a.couple_weekly.value,
            ]

        def pensioner_personal(rules: MeansTest) -> list[float]:
            a = rules.applicable_amounts
            return [
                a.single_weekly.value,
                (a.single_under_65_weekly or a.single_weekly).value,
                a.couple_weekly.value,
                (a.couple_under_65_weekly or a.couple_weekly).value,
            ]

        def disregards(rules: MeansTest) -> list[float]:
            d = rules.earnings_disregards
            return [
                d.single_weekly.value,
                d.couple_weekly.value,
                d.lone_parent_weekly.value,
                d.disability_or_carer_weekly.value,
            ]

        def non_dependants(rules: MeansTest) -> tuple[Floats, Floats]:
            bands = rules.non_dependant_deductions.value
            return (
                np.array([b.from_gross_weekly_income for b in bands]),
                np.array([b.deduction_weekly for b in bands]),
            )

        def second_adult(rules: MeansTest) -> tuple[Floats, Floats]:
            bands = rules.second_adult_rebate.bands.value
            return (
                np.array([b.below_gross_weekly_income for b in bands] + [np.inf]),
                np.array([b.rate for b in bands] + [0.0]),
            )

        ninths = np.arange(19, dtype=np.float64)
        charge = round_pence(scheme.council.band_d_total_yearly() / 9.0 * ninths)
        liability = np.stack(
            [round_pence(charge), round_pence(charge * (1.0 - SINGLE_PERSON_DISCOUNT))], axis=1
        )
        return cls(
            band_d_total_yearly=scheme.council.band_d_total_yearly(),
            liability_by_ninths=liability,
            personal_allowance=np.array(personal(working) + pensioner_personal(retired)),
            child=pair(lambda r: r.applicable_amounts.child_weekly.value),
            premiums=premium_table(working, retired),
            earnings_disregard=np.array(disregards(working) + disregards(retired)),
            capital_lower=pair(lambda r: r.capital.lower_limit.value),
            capital_upper=pair(lambda r: r.capital.upper_limit.value),
            tariff_step=pair(lambda r: r.capital.tariff_step.value),
            taper=pair(lambda r: r.taper.value),
            non_dependant_from=(non_dependants(working)[0], non_dependants(retired)[0]),
            non_dependant_deduction=(non_dependants(working)[1], non_dependants(retired)[1]),
            second_adult_enabled=np.array(
                [
                    working.second_adult_rebate.enabled.value,
                    retired.second_adult_rebate.enabled.value,
                ]
            ),
            second_adult_passported_rate=pair(
                lambda r: r.second_adult_rebate.passported_rate.value
            ),
            second_adult_below=(second_adult(working)[0], second_adult(retired)[0]),
            second_adult_rate=(second_adult(working)[1], second_adult(retired)[1]),
        )


def premium_table(working: MeansTest, retired: MeansTest) -> Floats:
    """The weekly premiums for each of the 64 premium codes (see `claim_arrays.premium_codes`)."""
    table = np.zeros(64)
    for code in range(64):
        amounts = (retired if code & 1 else working).applicable_amounts
        partner, children = bool(code & 2), bool(code & 4)
        disability = (
            amounts.disability_premium_couple_weekly
            if partner
            else amounts.disability_premium_single_weekly
        )
        table[code] = (
            children * amounts.family_premium_weekly.value
            + bool(code & 8) * disability.value
            + bool(code & 16) * amounts.disabled_child_premium_weekly.value
            + bool(code & 32) * amounts.carer_premium_weekly.value
        )
    return table


@dataclass(frozen=True)
class MeansTested:
    """Everything the levers do not change, one value per claim."""

    liability_yearly: Floats
    applicable_weekly: Floats
    income_weekly: Floats
    excess_income_weekly: Floats
    non_dependant_deduction_weekly: Floats
    capital_excluded: Flags
    second_adult_rebate_weekly: Floats
    taper: Floats


def liability_yearly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Each home's yearly bill after the single person discount (LGFA 1992 s.5, s.11): the band's
    charge (one band lower with the disabled band reduction) rounded to the penny, less 25% for a
    sole adult, rounded again; looked up from a table of every (ninths, sole adult) pair.
    Reads only `claim_arrays.LIABILITY_COLUMNS`, so it can run once per kind of claim."""
    bill: Floats = rules.liability_by_ninths[claims.ninths_code, claims.only_adult.astype(np.int8)]
    return bill


def applicable_amount_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Personal allowances plus premiums: what the household is deemed to need each week.
    Reads only `claim_arrays.APPLICABLE_AMOUNT_COLUMNS`, so it can run once per kind of claim."""
    return (
        rules.personal_allowance[claims.personal_allowance_code]
        + claims.children * rules.child[claims.pensioner_index]
        + rules.premiums[claims.premium_code]
    )


def earned_income_weekly(rules: RuleTables, earners: Earners) -> Floats:
    """Earnings less the earnings disregard, never below zero (claims with earnings only)."""
    disregard = np.take(rules.earnings_disregard, earners.disregard_code)
    return np.maximum(earners.weekly_earnings - disregard, 0.0)


def tariff_income_weekly(rules: RuleTables, with_capital: WithCapital) -> Floats:
    """£1 a week for every tariff step of capital, or part of one, above the lower limit
    (claims with capital only)."""
    index = with_capital.pensioner_index
    above = np.maximum(with_capital.capital - np.take(rules.capital_lower, index), 0.0)
    return np.ceil(above / np.take(rules.tariff_step, index))


def income_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Weekly income that counts: earnings less the disregard, other income, tariff income.

    Most claims have neither earnings nor capital, and for them both terms are zero (earnings,
    disregards, capital and limits are never negative), so those terms are added to the claims
    that have them alone, in the same order as earnings + other income + tariff income."""
    lookups = claims.lookups
    income = claims.weekly_other_income.copy()
    income[lookups.earners.rows] += earned_income_weekly(rules, lookups.earners)
    income[lookups.with_capital.rows] += tariff_income_weekly(rules, lookups.with_capital)
    return income


def capital_excluded(rules: RuleTables, claims: ClaimArrays) -> Flags:
    """Claims whose capital is above the upper limit and who are not passported (no support)."""
    with_capital = claims.lookups.with_capital
    excluded = np.zeros(len(claims), dtype=bool)
    upper = np.take(rules.capital_upper, with_capital.pensioner_index)
    excluded[with_capital.rows] = (with_capital.capital > upper) & ~with_capital.passported
    return excluded


def band_index(edges: Floats, values: Floats) -> NDArray[np.signedinteger[Any]]:
    """How many of the rising `edges` are at or below each value, as
    `np.searchsorted(edges, values, side="right")`: with a handful of edges, one comparison per
    edge over all values is several times faster than a binary search per value."""
    if len(edges) > SMALL_TABLE or np.any(edges[1:] < edges[:-1]):
        return np.searchsorted(edges, values, side="right")
    index = np.zeros(len(values), dtype=np.int8)
    for edge in edges:
        index += ~(values < edge)  # "not below" also puts NaN past every edge, as the sort does
    return index


def non_dependant_deduction_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """A deduction for each non-dependant by their gross income; none if they are passported."""
    deduction = np.zeros(len(claims))
    tables = zip(rules.non_dependant_from, rules.non_dependant_deduction, strict=True)
    for group, (starts, amounts) in zip(claims.lookups.deductible, tables, strict=True):
        each = np.take(amounts, band_index(starts, group.gross_weekly_income) - 1)
        deduction[group.rows] = each * group.count
    return deduction


def second_adult_rebate_weekly(rules: RuleTables, claims: ClaimArrays, liability: Floats) -> Floats:
    """Second adult rebate: a share of the weekly liability for a claimant with no partner whose
    other adults have low incomes (CTB Regs 2006 Sch. 2); zero where the scheme has removed it."""
    rebate = np.zeros(len(claims))
    for index, group in enumerate(claims.lookups.second_adult):
        if not rules.second_adult_enabled[index]:
            continue
        combined = group.gross_weekly_income * group.count
        below, rates = rules.second_adult_below[index], rules.second_adult_rate[index]
        rate = np.take(rates, band_index(below, combined))
        rate[group.passported_at] = rules.second_adult_passported_rate[index]
        rebate[group.rows] = rate * (liability[group.rows] / WEEKS_PER_YEAR_REGULATION)
    return rebate


def means_tested(scheme: Scheme, caseload: Caseload) -> MeansTested:
    """The lever-free stages for this caseload and scheme, computed once and cached on it."""
    key = "means_tested:" + json.dumps(
        scheme.model_dump(mode="json", include={"council", "pensioner", "working_age"}),
        sort_keys=True,
    )
    cached = caseload.cache.get(key)
    if isinstance(cached, MeansTested):
        return cached
    rules = RuleTables.of(scheme)
    claims = caseload.arrays
    lookups = claims.lookups
    size = len(claims)
    # Liability and applicable amounts: worked out once per kind of claim, looked up per claim
    # ("clip" lets numpy write straight into `out`; the codes are always in range).
    bill_by_kind = liability_yearly(rules, lookups.liability.representatives)
    applicable_by_kind = applicable_amount_weekly(rules, lookups.applicable_amount.representatives)
    bill, applicable, excess = np.empty(size), np.empty(size), np.empty(size)
    income = income_weekly(rules, claims)
    for start in range(0, size, BLOCK_CLAIMS):
        part = slice(start, min(start + BLOCK_CLAIMS, size))
        np.take(bill_by_kind, lookups.liability.code[part], out=bill[part], mode="clip")
        np.take(
            applicable_by_kind,
            lookups.applicable_amount.code[part],
            out=applicable[part],
            mode="clip",
        )
        # Income above the applicable amount; none counts for passported claims.
        np.subtract(income[part], applicable[part], out=excess[part])
        np.maximum(excess[part], 0.0, out=excess[part])
        np.multiply(excess[part], lookups.unpassported[part], out=excess[part])
    result = MeansTested(
        liability_yearly=bill,
        applicable_weekly=applicable,
        income_weekly=income,
        excess_income_weekly=excess,
        non_dependant_deduction_weekly=non_dependant_deduction_weekly(rules, claims),
        capital_excluded=capital_excluded(rules, claims),
        second_adult_rebate_weekly=second_adult_rebate_weekly(rules, claims, bill),
        taper=np.full(size, rules.taper[0])  # one taper for all: no look-up needed
        if rules.taper[0] == rules.taper[1]
        else np.take(rules.taper, claims.pensioner_index),
    )
    caseload.cache[key] = result
    return result


def protected(groups: set[str], child_under_age: int | None, claims: ClaimArrays) -> Flags:
    """Working-age claims in a group the scheme exempts from the minimum contribution."""
    result = np.zeros(len(claims), dtype=bool)
    if "child_under_age" in groups and child_under_age is not None:
        result |= claims.has_children & (claims.youngest_child_age < child_under_age)
    for group in ("disability_premium", "disabled_child_premium", "war_pension", "carer"):
        if group in groups:
            result |= getattr(claims, group)
    if "lone_parent" in groups:
        result |= claims.lone_parent
    return result & ~claims.pensioner


def income_grid_share(
    limits: Floats, shares: NDArray[np.float64], claims: ClaimArrays, income: Floats
) -> Floats:
    """The share of liability an income grid gives each claim (passported: the first band)."""
    row = np.searchsorted(limits, income, side="left") * ~claims.passported
    return shares[row, claims.household_type]
