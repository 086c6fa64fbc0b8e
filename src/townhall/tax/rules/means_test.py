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

from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.caseload_schema import UC_ELEMENTS
from townhall.tax.claims.claim_arrays import (
    NO_COMPONENT,
    UNDER_18_BIT,
    WORK_RELATED_ACTIVITY,
    ClaimArrays,
    Earners,
    Flags,
    Floats,
    NonDependantUnits,
    Rows,
    WithCapital,
)
from townhall.tax.claims.claim_facts import BORN_BEFORE
from townhall.tax.money import WEEKS_PER_YEAR_REGULATION
from townhall.tax.rules.rule_tables import (
    BY_AGE_65,
    ONE_RATE,
    RuleTables,
)
from townhall.tax.rules.scheme import Scheme

BLOCK_CLAIMS = 32_768
SMALL_TABLE = 8  # up to this many band edges, `band_index` compares rather than searches


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
    passported: Flags  # no income test: a passporting benefit, or the scheme's UC passport


def liability_yearly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Each home's yearly bill after discounts (LGFA 1992 s.5, s.11): the band's charge (one band
    lower with the disabled band reduction) rounded to the penny, less 25% where one adult counts
    or 50% where none does, rounded again; looked up from a table of every (ninths, discount) pair.
    Reads only `claim_arrays.LIABILITY_COLUMNS`, so it can run once per kind of claim."""
    bill: Floats = rules.liability_by_ninths[claims.ninths_code, claims.discount_code]
    return bill


def personal_allowance_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """The personal allowance: working age by age, lone parent or couple; pensioners by the
    period's table (see `pensioner_allowance_period`), a couple on the higher rate when either
    member is 65 or over, or reached pension age before 1 April 2021."""
    working = rules.working_allowance[np.minimum(claims.personal_allowance_code, 3)]
    if rules.pensioner_period == BY_AGE_65:
        column = np.where(claims.elder_65_or_over, 0, 1)
    elif rules.pensioner_period == ONE_RATE:
        column = np.zeros(len(claims), dtype=np.int64)
    else:
        # Age at 1 April of the scheme year reached 66 before 1 April 2021: born before 1 April 1955.
        worked_out = claims.elder_age_if_unknown >= rules.first_year - BORN_BEFORE
        column = np.where(claims.pension_age_before_april_2021 | worked_out, 0, 2)
    retired = rules.pensioner_allowance[column + 3 * claims.has_partner]
    return np.where(claims.pensioner, retired, working)


APPLICABLE_AMOUNT_PARTS = {
    "personal_allowance": "personal allowance",
    "children": "for the children",
    "family_premium": "family premium",
    "disability_premium": "disability premium",
    "severe_disability_premium": "severe disability premium",
    "enhanced_disability_premium": "enhanced disability premium",
    "enhanced_disability_premium_children": "enhanced disability premium for children",
    "disabled_child_premium": "disabled child premium",
    "carer_premium": "carer premium",
    "esa_component": "ESA component",
}


def applicable_amount_parts(rules: RuleTables, claims: ClaimArrays) -> dict[str, Floats]:
    """Each part of the applicable amount (see `APPLICABLE_AMOUNT_PARTS`), one value per claim:
    the personal allowance, the child amounts and every premium and component that applies. The
    disability premium is not paid with an ESA component, whose amount takes its place."""
    index = claims.pensioner_index
    partner = claims.has_partner
    disability = claims.disability_premium & (claims.esa_component == 0)
    return {
        "personal_allowance": personal_allowance_weekly(rules, claims),
        "children": np.where(
            rules.two_child_limit[index], claims.children_in_allowance, claims.children
        )
        * rules.child[index],
        # From 2016/17 the prescribed scheme pays it only to protected claims (SI 2015/2041 reg. 3).
        "family_premium": (
            (claims.children > 0)
            & (~rules.family_premium_protected_only[index] | claims.family_premium_protected)
        )
        * rules.family_premium[index],
        "disability_premium": disability
        * np.where(
            partner, rules.disability_premium_couple[index], rules.disability_premium_single[index]
        ),
        "severe_disability_premium": claims.severe_disability
        * rules.severe_disability_premium[index],
        "enhanced_disability_premium": claims.enhanced_disability_adult
        * np.where(
            partner,
            rules.enhanced_disability_couple[index],
            rules.enhanced_disability_single[index],
        ),
        "enhanced_disability_premium_children": claims.enhanced_disability_children
        * rules.enhanced_disability_child[index],
        "disabled_child_premium": claims.disabled_children * rules.disabled_child_premium[index],
        "carer_premium": claims.carers * rules.carer_premium[index],
        "esa_component": rules.esa_component[index, claims.esa_component]
        * ~(
            rules.wra_component_before_april_2017[index]
            & claims.esa_from_april_2017
            & (claims.esa_component == WORK_RELATED_ACTIVITY)
        ),
    }


def applicable_amount_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Personal allowances plus premiums and components: what the household is deemed to need,
    the parts added in the order of `APPLICABLE_AMOUNT_PARTS`. Reads only
    `claim_arrays.APPLICABLE_AMOUNT_COLUMNS`, so it can run once per kind of claim."""
    parts = iter(applicable_amount_parts(rules, claims).values())
    total = next(parts).astype(np.float64)
    for part in parts:
        total = total + part
    return total


def earned_income_weekly(rules: RuleTables, earners: Earners) -> Floats:
    """Earnings less the earnings disregard, child care charges up to the limit and the additional
    earnings disregard where it applies, never below zero (claims with earnings only)."""
    index = earners.pensioner_index
    disregard = np.take(rules.earnings_disregard, earners.disregard_code)
    limit = rules.child_care_limit[index, earners.child_care_two_or_more.astype(np.intp)]
    child_care = np.minimum(earners.child_care_weekly, limit)
    # The additional disregard only where earnings cover it with the others (Sch. 4 para 10).
    additional = np.take(rules.additional_disregard, index)
    covered = earners.weekly_earnings >= disregard + child_care + additional
    additional = additional * (earners.additional_disregard_eligible & covered)
    return np.maximum(earners.weekly_earnings - disregard - additional - child_care, 0.0)


def tariff_income_weekly(rules: RuleTables, with_capital: WithCapital) -> Floats:
    """£1 a week for every tariff step of capital, or part of one, above the lower limit
    (claims with capital only)."""
    index = with_capital.pensioner_index
    above = np.maximum(with_capital.capital - np.take(rules.capital_lower, index), 0.0)
    return np.ceil(above / np.take(rules.tariff_step, index))


def other_income_weekly(rules: RuleTables, claims: ClaimArrays, rows: Rows) -> Floats:
    """Income received that counts in part: a war pension above its disregard, and child benefit
    or maintenance where the scheme counts them (claims with any of these only)."""
    index = claims.pensioner_index[rows]
    war = np.maximum(claims.weekly_war_pension[rows] - rules.war_pension_disregard[index], 0.0)
    return (
        war
        + claims.weekly_child_benefit[rows] * rules.child_benefit_counts[index]
        + claims.weekly_child_maintenance[rows] * rules.child_maintenance_counts[index]
    )


def universal_credit_income_weekly(rules: RuleTables, claims: ClaimArrays, rows: Rows) -> Floats:
    """Income of claims on Universal Credit from what DWP reports, as the scheme's UC treatment
    says: the award less the elements the scheme disregards (never below 0), the earned and the
    unearned income (each × 12 ÷ 52); earnings disregards on the earned income where the scheme
    applies them, then only the scheme's share of earned income above its threshold."""
    uc = rules.uc
    parts = set(uc.income.value)
    award = claims.uc_award_weekly[rows] * ("award" in parts)
    if uc.disregarded_elements.value:
        disregarded = np.zeros(len(rows))
        for index, element in enumerate(UC_ELEMENTS):
            if element in uc.disregarded_elements.value:
                disregarded += claims.uc_elements_weekly[rows, index]
        award = np.maximum(award - disregarded, 0.0)
    earned = claims.uc_earned_weekly[rows] * ("earned" in parts)
    if uc.earnings_disregards.value:
        earners = Earners(
            rows,
            earned,
            claims.disregard_code[rows],
            claims.additional_disregard_eligible[rows],
            claims.child_care_weekly[rows],
            claims.child_care_two_or_more[rows],
            claims.pensioner_index[rows],
        )
        earned = earned_income_weekly(rules, earners)
    above, share = uc.earned_income_above_weekly.value, uc.earned_income_share.value
    if above > 0 or share < 1:
        earned = np.maximum(earned - above, 0.0) * share
    return award + earned + claims.uc_unearned_weekly[rows] * ("unearned" in parts)


def income_weekly(rules: RuleTables, claims: ClaimArrays) -> Floats:
    """Weekly income that counts: earnings less disregards, other income, war pension and any
    counted child benefit or maintenance, tariff income; for claims on Universal Credit, the
    scheme's UC income instead (and tariff income only where the scheme says).

    Most claims have neither earnings nor capital, and for them those terms are zero (earnings,
    disregards, capital and limits are never negative), so they are added to the claims that
    have them alone. Last, a scheme's disability disregard comes off the whole of it for
    working-age claims in its groups, never below 0."""
    lookups = claims.lookups
    income = claims.weekly_other_income.copy()
    income[lookups.earners.rows] += earned_income_weekly(rules, lookups.earners)
    other = lookups.with_other_income
    income[other] += other_income_weekly(rules, claims, other)
    on_uc = lookups.on_universal_credit
    income[on_uc] = universal_credit_income_weekly(rules, claims, on_uc)
    with_capital = lookups.with_capital
    tariff = tariff_income_weekly(rules, with_capital)
    if not rules.uc.tariff_income.value:
        tariff *= ~with_capital.universal_credit
    income[with_capital.rows] += tariff
    if rules.disability_disregard > 0:
        members = protected(set(rules.disability_disregard_for), None, claims)
        income[members] = np.maximum(income[members] - rules.disability_disregard, 0.0)
    return income


def passported(rules: RuleTables, claims: ClaimArrays) -> Flags:
    """Claims whose income is not tested: a passporting benefit, or Universal Credit where the
    scheme passports UC claims (all, or those without earned income)."""
    passport = rules.uc.passported.value
    if passport == "none":
        return claims.passported
    uc = claims.universal_credit
    if passport == "no_earned_income":
        uc = uc & (claims.uc_earned_weekly <= 0)
    return claims.passported | uc


def capital_excluded(rules: RuleTables, claims: ClaimArrays) -> Flags:
    """Claims whose capital is above the upper limit (or at it, where the scheme says "or more")
    and who are not passported (no support)."""
    with_capital = claims.lookups.with_capital
    excluded = np.zeros(len(claims), dtype=bool)
    upper = np.take(rules.capital_upper, with_capital.pensioner_index)
    over = with_capital.capital > upper
    if rules.capital_upper_inclusive.any():
        at = with_capital.capital == upper
        over |= at & np.take(rules.capital_upper_inclusive, with_capital.pensioner_index)
    excluded[with_capital.rows] = over & ~with_capital.passported
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
    """The deductions for the other adults who live with the claimant (SI 2012/2885 Sch. 1 para 8;
    the default scheme alike): for each adult non-dependant, or couple on their joint income, the
    band for their gross income when in paid work of 16 hours or more, else the not-in-work
    amount (or the band too where the scheme says); none for a status the scheme exempts (a
    couple: when both are exempt). Claims whose claimant or partner is blind or on a care benefit
    were left out when the look-ups were made; a scheme that waives deductions otherwise takes its
    units afresh (`deductible_units`)."""
    deduction = np.zeros(len(claims))
    for index, units in enumerate(claims.lookups.deductible):
        if rules.non_dependant_waiver[index] != "blind_or_care_benefit":
            units = deductible_units(claims, index, rules.non_dependant_waiver[index])
        mask = rules.non_dependant_exempt_bits[index] | UNDER_18_BIT
        exempt_first = (units.exempt_bits_first & mask) != 0
        exempt_second = (units.exempt_bits_second & mask) != 0
        if rules.non_dependant_couple_each[index]:  # each member on their own
            first = _deduction(rules, index, units.income_first, units.in_work_first)
            first[exempt_first] = 0.0
            income_second = units.gross_weekly_income - units.income_first
            second = _deduction(rules, index, income_second, units.in_work_second)
            second[exempt_second | ~units.couple] = 0.0
            each = first + second
        else:
            each = _deduction(rules, index, units.gross_weekly_income, units.in_work)
            each[exempt_first & exempt_second] = 0.0
        deduction += np.bincount(units.claim_row, weights=each, minlength=len(claims))
    return deduction


def _deduction(rules: RuleTables, index: int, income: Floats, in_work: Flags) -> Floats:
    """The deduction for gross weekly `income`: its band where in paid work of 16 hours or more
    (or always, where the scheme says), else the not-in-work amount."""
    starts, amounts = rules.non_dependant_from[index], rules.non_dependant_deduction[index]
    banded = np.take(amounts, band_index(starts, income) - 1)
    if rules.non_dependant_not_in_work_banded[index]:
        return banded
    return np.where(in_work, banded, rules.non_dependant_not_in_work[index])


def deductible_units(claims: ClaimArrays, index: int, waiver: str) -> NonDependantUnits:
    """The adult non-dependant units of claims under rule set `index` (0 working age, 1
    pensioner) that may bear a deduction when the scheme waives deductions only for a claimant who
    would get a disability premium ("disability_premium") or for nobody ("none")."""
    units = claims.non_dependant_units
    keep = units.adult & (claims.pensioner[units.claim_row] == bool(index))
    if waiver == "disability_premium":
        keep &= ~claims.disability_premium[units.claim_row]
    return units.take(np.flatnonzero(keep))


def second_adult_rebate_weekly(
    rules: RuleTables, claims: ClaimArrays, liability: Floats, actual: Floats | None = None
) -> Floats:
    """Second adult rebate: a share of the weekly liability for a claimant whose second adults
    (other adults who count for a discount; a couple only where one of them is disregarded) have
    low incomes (SI 2012/2885 Sch. 1 para 4, Sch. 3; SI 2012/2886 appendix 4): the passported
    rate when every one gets a passporting benefit (or UC without earnings, where the scheme says),
    else by the gross income together of those who get none; 100% where the home would be all
    students' but for second adults who all get one (Table (c)); zero where the scheme has
    removed it. The share is of the council tax due (Sch. 3 para 1(2)): the bill less reductions
    such as the disabled band reduction, and less its discount only in Table (c); Tables (a) and
    (b) take the bill before any discount. `actual`: the bills a council gave, NaN where none."""
    rebate = np.zeros(len(claims))
    for index, rows in enumerate(claims.lookups.second_adult):
        if not rules.second_adult_enabled[index]:
            continue
        combined = claims.second_adult_gross_weekly_income[rows]
        below, rates = rules.second_adult_below[index], rules.second_adult_rate[index]
        rate = np.take(rates, band_index(below, combined))
        on_benefit = claims.second_adults_passported[rows]
        if rules.second_adult_uc_passported[index]:
            on_benefit = on_benefit + claims.second_adults_uc_no_earnings[rows]
        rate[on_benefit == claims.second_adults[rows]] = rules.second_adult_passported_rate[index]
        # Table (c): the whole bill after its discount (Sch. 3 para 1(2)(b)) where only second
        # adults on IS, JSA(IB), ESA(IR) or pension credit stop the home being all students'.
        all_on_benefit = claims.second_adults_passported[rows] == claims.second_adults[rows]
        table_c = claims.students_but_for_second_adults[rows] & all_on_benefit
        rate[table_c] = 1.0
        due = rules.liability_by_ninths[claims.ninths_code[rows], 0]
        if actual is not None:
            given = actual[rows] / (1.0 - claims.discount[rows])
            due = np.where(np.isnan(given), due, np.round(given, 2))
        due[table_c] = liability[rows][table_c]
        rebate[rows] = rate * (due / WEEKS_PER_YEAR_REGULATION)
    return rebate


def means_tested(scheme: Scheme, caseload: Caseload) -> MeansTested:
    """The lever-free stages for this caseload and scheme, computed once and cached on it."""
    key = f"means_tested:{caseload.use_actual_liability}:" + json.dumps(
        scheme.model_dump(mode="json", include={"year", "council", "pensioner", "working_age"}),
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
    on_uc = lookups.on_universal_credit
    if rules.uc.applicable_amount.value == "uc_maximum":
        applicable_on_uc = claims.uc_maximum_weekly[on_uc]
    else:
        applicable_on_uc = applicable_by_kind[lookups.applicable_amount.code[on_uc]]
    no_income_test = passported(rules, claims)
    tested = ~no_income_test
    for start in range(0, size, BLOCK_CLAIMS):
        part = slice(start, min(start + BLOCK_CLAIMS, size))
        np.take(bill_by_kind, lookups.liability.code[part], out=bill[part], mode="clip")
        np.take(
            applicable_by_kind,
            lookups.applicable_amount.code[part],
            out=applicable[part],
            mode="clip",
        )
    applicable[on_uc] = applicable_on_uc
    actual = None
    if caseload.use_actual_liability:
        actual = caseload.table.get_column("actual_liability_yearly").to_numpy()
        bill = np.where(np.isnan(actual), bill, actual)
    for start in range(0, size, BLOCK_CLAIMS):
        part = slice(start, min(start + BLOCK_CLAIMS, size))
        # Income above the applicable amount; none counts for passported claims.
        np.subtract(income[part], applicable[part], out=excess[part])
        np.maximum(excess[part], 0.0, out=excess[part])
        np.multiply(excess[part], tested[part], out=excess[part])
    result = MeansTested(
        liability_yearly=bill,
        applicable_weekly=applicable,
        income_weekly=income,
        excess_income_weekly=excess,
        non_dependant_deduction_weekly=non_dependant_deduction_weekly(rules, claims),
        capital_excluded=capital_excluded(rules, claims),
        second_adult_rebate_weekly=second_adult_rebate_weekly(rules, claims, bill, actual),
        taper=np.full(size, rules.taper[0])  # one taper for all: no look-up needed
        if rules.taper[0] == rules.taper[1]
        else np.take(rules.taper, claims.pensioner_index),
        passported=no_income_test,
    )
    caseload.cache[key] = result
    return result


def protected(groups: set[str], child_under_age: int | None, claims: ClaimArrays) -> Flags:
    """Working-age claims in a group the scheme protects (from the minimum contribution, and onto
    its protected grid and capital limit where it has them); see `PROTECTED_GROUP_FLAGS`."""
    result = np.zeros(len(claims), dtype=bool)
    if child_under_age is not None:
        young = claims.has_children & (claims.youngest_child_age < child_under_age)
        if "child_under_age" in groups:
            result |= young
        if "lone_parent_child_under_age" in groups:
            result |= young & claims.lone_parent
    for group, flag in PROTECTED_GROUP_FLAGS.items():
        if group in groups:
            result |= getattr(claims, flag)
    if "esa_component" in groups:
        result |= claims.esa_component != NO_COMPONENT
    return result & ~claims.pensioner


# Protected groups that are one claim flag each (`ClaimArrays`).
PROTECTED_GROUP_FLAGS = {
    "disability_premium": "disability_premium",
    "disabled_child_premium": "disabled_child_premium",
    "war_pension": "war_pension",
    "carer": "carer",
    "lone_parent": "lone_parent",
    "disability_benefit": "disability_benefit",
    "uc_limited_capability_element": "uc_limited_capability_element",
    "uc_disabled_child_element": "uc_disabled_child_element",
    "uc_carer_element": "uc_carer_element",
}


def household_kind(claims: ClaimArrays) -> NDArray[np.int64]:
    """Each claim's household in `scheme.GRID_HOUSEHOLDS` order: single, couple, then a lone
    parent and a couple with one, two, three or more children."""
    children = np.minimum(claims.children, 3)
    return np.where(children == 0, claims.has_partner, children + 1 + 3 * claims.has_partner)


ON_THE_LIMIT = 1e-6  # £ a week: far below a penny, far above floating-point error in sums of pence


def income_grid_share(
    limits: Floats,
    shares: NDArray[np.float64],
    claims: ClaimArrays,
    income: Floats,
    no_income_test: Flags,
    child_increment: tuple[float, int] = (0.0, 0),
    partner_increment: float = 0.0,
    by_household_kind: bool = False,
) -> Floats:
    """The share of liability an income grid gives each claim (passported: the first band). With
    increments, each limit rises by a weekly amount for each child up to the number given, and by
    another for a partner: claims whose limits rise alike are banded on their own raised limits.
    A limit under a penny stands for no income and never rises (Knowsley's "£0 earnings" band).
    `shares` is [band, household type], or [band, `household_kind`] with `by_household_kind`.
    Income within `ON_THE_LIMIT` of a limit is on it: £152.11 less a £25 disregard is £127.11 to the
    penny (Ashford's band 1 limit) though the floating-point difference is a hair above it."""
    limits = limits + ON_THE_LIMIT  # the few limits moved, not the millions of incomes
    increment, most = child_increment
    if (increment == 0 or most == 0) and partner_increment == 0:
        row = np.searchsorted(limits, income, side="left")
    else:
        rise = (
            increment * np.minimum(claims.children, most) + partner_increment * claims.has_partner
        )
        rises = limits >= 0.01  # a limit under a penny is "no income", whatever the household
        row = np.empty(len(income), dtype=np.intp)
        for amount in np.unique(rise):
            these = rise == amount
            row[these] = np.searchsorted(limits + amount * rises, income[these], side="left")
    row *= ~no_income_test
    return shares[row, household_kind(claims) if by_household_kind else claims.household_type]
