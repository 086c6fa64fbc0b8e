"""The claims as plain numpy arrays, with lookup codes worked out once per caseload.

The means test reads only these arrays. Facts that follow from the claims alone (who is a lone
parent, which disability premiums a household's benefits bring, whether the additional earnings
disregard or the child care disregard can apply, the council tax discount) are worked out here once,
for every scheme evaluated; the scheme's figures are applied in `rules.means_test`. `block` gives
views of a range of claims, so the means test can run over cache-sized blocks without copying.

`ClaimArrays.lookups` goes further, still from the claims alone: it numbers the distinct kinds of
claim a stage can tell apart (a stage then runs once per kind and is looked up per claim), and
gathers the few claims with earnings, capital or non-dependants, so the stages that only concern
those claims touch them alone. It is made once per caseload, like the arrays themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Codes = NDArray[np.int8]  # small codes and counts (children, carers...), kept small for memory
Counts = NDArray[np.int16]  # counts and ages that may pass 127
Rows = NDArray[np.intp]

# Personal allowance codes: working age 0-3, pensioners 4 (single or lone parent) and 6 (couple).
SINGLE, SINGLE_UNDER_25, LONE_PARENT, COUPLE = 0, 1, 2, 3
PENSIONER_SINGLE, PENSIONER_COUPLE = 4, 6
# Earnings disregard codes, plus 4 for pensioners: single, couple, lone parent, disabled or carer.
DISREGARD_SINGLE, DISREGARD_COUPLE, DISREGARD_LONE_PARENT, DISREGARD_DISABLED_OR_CARER = 0, 1, 2, 3
# ESA components.
NO_COMPONENT, WORK_RELATED_ACTIVITY, SUPPORT = 0, 1, 2
# Non-dependant exemption bits: a scheme exempts the statuses it names (`MeansTest.non_dependant_exemptions`).
EXEMPTION_BIT = {
    "pension_credit": 1,
    "income_support_jsa_esa": 2,
    "universal_credit_no_earnings": 4,
    "student": 8,
    "disregarded_for_discount": 16,
    "universal_credit_no_earnings_under_25": 64,  # the age given and under 25
    "universal_credit": 128,  # with or without earnings
}
UNDER_18_BIT = 32  # a member under 18 bears no deduction whatever the scheme (para 8(1))


@dataclass(frozen=True)
class NonDependantUnits:
    """Non-dependants as deduction units: one a person, or one a couple on their joint income.

    Under the prescribed and default schemes a non-dependant couple bears one deduction, the higher,
    worked on their joint gross income (SI 2012/2885 Sch. 1 para 8, carried from CTB reg. 58)."""

    claim_row: Rows  # the claim each unit lives with
    gross_weekly_income: Floats  # joint for a couple
    in_work: Flags  # paid work of 16 hours or more (either member of a couple)
    adult: Flags  # aged 18 or over (either member of a couple)
    exempt_bits_first: NDArray[np.int64]  # statuses of the first member (see EXEMPTION_BIT)
    exempt_bits_second: NDArray[np.int64]  # of the second member; the first's for a single person
    # Each member on their own, for a scheme that charges each member of a couple: the first
    # member's income (the second's is the rest), each one's work, and whether there are two.
    income_first: Floats
    in_work_first: Flags
    in_work_second: Flags
    couple: Flags

    def take(self, units: Rows) -> NonDependantUnits:
        """The units at `units`."""
        return NonDependantUnits(**{f.name: getattr(self, f.name)[units] for f in fields(self)})


@dataclass(frozen=True)
class ClaimArrays:
    """Every column the means test needs, as arrays of one length (one value per claim)."""

    weight: Floats
    band_index: Codes
    disabled_band_reduction: Flags
    pensioner: Flags  # pension credit age and not on Universal Credit (SI 2012/2885 reg. 3)
    pensioner_index: Codes  # 0 working age, 1 pensioner: picks a rule set's value
    has_partner: Flags
    children: Codes
    children_in_allowance: Codes  # under a two-child limit (`children` where not given)
    has_children: Flags
    youngest_child_age: Codes  # 99 where there are no children
    passported: Flags
    weekly_earnings: Floats
    weekly_other_income: Floats  # counts in full
    weekly_war_pension: Floats  # counts less the scheme's disregard
    weekly_child_benefit: Floats  # counts only where the scheme says so
    weekly_child_maintenance: Floats  # likewise
    capital: Floats
    disability_premium: Flags
    disabled_child_premium: Flags
    war_pension: Flags
    carer: Flags
    carers: Codes  # carer premiums: one for each carer
    disabled_children: Codes  # disabled child premiums: one for each child
    enhanced_disability_children: Codes  # child enhanced disability premiums
    severe_disability: Codes  # severe disability premiums due: 0, 1 (single rate) or 2 (double)
    enhanced_disability_adult: Flags  # claimant or partner on the highest care rates
    esa_component: Codes  # NO_COMPONENT, WORK_RELATED_ACTIVITY or SUPPORT
    esa_from_april_2017: Flags  # the ESA claim made on or after the scheme's April 2017 date
    family_premium_protected: Flags  # in payment since before 1 May 2016 with a child, no new claim
    elder_65_or_over: Flags  # for the pensioner allowances before 6 December 2018
    pension_age_before_april_2021: Flags  # for the pensioner allowances from 2021/22, as given
    elder_age_if_unknown: Counts  # the elder's age where that was not given (else -1)
    universal_credit: Flags
    uc_maximum_weekly: Floats  # DWP's monthly figures × 12 ÷ 52
    uc_award_weekly: Floats
    uc_earned_weekly: Floats
    uc_unearned_weekly: Floats
    uc_elements_weekly: NDArray[np.float64]  # [claim, `caseload_schema.UC_ELEMENTS` entry]
    disability_benefit: Flags  # claimant or partner on any disability benefit
    uc_limited_capability_element: Flags  # UC with an LCW or LCWRA element
    uc_disabled_child_element: Flags
    uc_carer_element: Flags
    additional_disregard_eligible: Flags
    child_care_weekly: Floats  # charges that may be disregarded (0 where not eligible)
    child_care_two_or_more: Flags  # the higher limit applies
    non_dependant_deductions_waived: Flags  # claimant or partner blind or on a care benefit
    non_dependants: Counts  # adult non-dependant units
    # Second adults: non-dependants aged 18 or over who count for a discount, none for a couple
    # neither of whom is disregarded (SI 2012/2885 Sch. 1 para 4(3)).
    second_adults: Counts
    second_adult_gross_weekly_income: Floats  # theirs together, less those on IS/JSA/ESA/SPC
    second_adults_passported: Counts  # how many are on IS, JSA(IB), ESA(IR) or pension credit
    second_adults_uc_no_earnings: Counts  # how many are on UC with no earned income
    # The home would be wholly occupied by students but for its second adults: the claimant (and
    # partner) students, no children, every other resident a student or a second adult (SI
    # 2012/2885 Sch. 3 para 1 Table (c)).
    students_but_for_second_adults: Flags
    lone_parent: Flags
    effective_ninths: (
        Floats  # the band's ninths of Band D, one band lower with the disabled reduction
    )
    ninths_code: Codes  # the same as a small integer, for table look-ups
    discount: Floats  # 0.25 or 0.5 where a council tax discount applies, else 0
    discount_code: Codes  # 0 none, 1 single person (25%), 2 all disregarded (50%)
    household_type: Codes
    personal_allowance_code: Codes
    disregard_code: Codes
    non_dependant_units: NonDependantUnits

    def __len__(self) -> int:
        return len(self.weight)

    def block(self, start: int, stop: int) -> ClaimArrays:
        """Views of claims start to stop (no copy); non-dependant units are not carried."""
        return ClaimArrays(
            **{
                f.name: getattr(self, f.name)[start:stop]
                for f in fields(self)
                if f.name != "non_dependant_units"
            },
            non_dependant_units=_no_units(),
        )

    def take(self, rows: Rows) -> ClaimArrays:
        """Copies of the claims at `rows`, with their non-dependant units renumbered."""
        units = self.non_dependant_units
        position = np.full(len(self), -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        taken = units.take(np.flatnonzero(position[units.claim_row] >= 0))
        return ClaimArrays(
            **{
                f.name: getattr(self, f.name)[rows]
                for f in fields(self)
                if f.name != "non_dependant_units"
            },
            non_dependant_units=replace(taken, claim_row=position[taken.claim_row]),
        )

    @cached_property
    def lookups(self) -> ClaimLookups:
        """Claim-only groupings the means test reads; made on first use, then kept."""
        return ClaimLookups.of(self)


def _no_units() -> NonDependantUnits:
    empty_rows = np.zeros(0, dtype=np.intp)
    empty_bits = np.zeros(0, dtype=np.int64)
    no_flags = np.zeros(0, dtype=bool)
    return NonDependantUnits(
        empty_rows,
        np.zeros(0),
        no_flags,
        no_flags,
        empty_bits,
        empty_bits,
        np.zeros(0),
        no_flags,
        no_flags,
        no_flags,
    )


def personal_allowance_codes(
    pensioner: Flags,
    has_partner: Flags,
    children: Codes,
    claimant_age: NDArray[np.int64],
    esa_main_phase: Flags,
) -> Codes:
    """Which personal allowance each claim gets (see the codes above): a single claimant under 25
    on main phase ESA (an ESA group given) gets the full single rate (SI 2012/2886 internal Sch. 3
    para 1(1)(b)); a pensioner's age band is read from `elder_65_or_over` and
    `pension_age_before_april_2021` by the scheme's year."""
    under_25 = (claimant_age < 25) & ~esa_main_phase
    working = np.where(
        has_partner,
        COUPLE,
        np.where(children > 0, LONE_PARENT, np.where(under_25, SINGLE_UNDER_25, SINGLE)),
    )
    retired = np.where(has_partner, PENSIONER_COUPLE, PENSIONER_SINGLE)
    return np.where(pensioner, retired, working).astype(np.int8)


def disregard_codes(
    pensioner: Flags, has_partner: Flags, lone_parent: Flags, disabled_or_carer: Flags
) -> Codes:
    """Which earnings disregard each claim gets, offset by 4 for pensioners. Where two apply, a
    lone parent keeps the lone parent's (SI 2012/2885 Sch. 4 para 1: "£25 in the case of a lone
    parent; £20 in any other case"); then the disabled or carer's, the couple's, the single's."""
    kind = np.where(
        lone_parent,
        DISREGARD_LONE_PARENT,
        np.where(
            disabled_or_carer,
            DISREGARD_DISABLED_OR_CARER,
            np.where(has_partner, DISREGARD_COUPLE, DISREGARD_SINGLE),
        ),
    )
    codes: Codes = (kind + 4 * pensioner).astype(np.int8)
    return codes


# The columns each table-driven stage reads (see `means_test`): claims alike in these columns get
# the same result from that stage, so it runs once per distinct combination.
LIABILITY_COLUMNS = ("ninths_code", "discount_code")
APPLICABLE_AMOUNT_COLUMNS = (
    "personal_allowance_code",
    "pensioner_index",
    "has_partner",
    "children",
    "children_in_allowance",
    "disability_premium",
    "esa_component",
    "esa_from_april_2017",
    "family_premium_protected",
    "severe_disability",
    "enhanced_disability_adult",
    "enhanced_disability_children",
    "disabled_children",
    "carers",
    "elder_65_or_over",
    "pension_age_before_april_2021",
    "elder_age_if_unknown",
)
PROTECTION_COLUMNS = (
    "pensioner",
    "has_children",
    "youngest_child_age",
    "disability_premium",
    "disabled_child_premium",
    "war_pension",
    "carer",
    "lone_parent",
    "disability_benefit",
    "esa_component",
    "uc_limited_capability_element",
    "uc_disabled_child_element",
    "uc_carer_element",
)
# Above this many possible combinations, kinds are numbered by sorting rather than by a dense table.
_DENSE_KINDS = 1 << 22


@dataclass(frozen=True)
class Kinds:
    """Claims numbered by their distinct combination of some columns: each claim's kind, and one
    representative claim of each kind (a stage run over the representatives gives a per-kind table)."""

    code: NDArray[np.signedinteger[Any]]  # the smallest integer type that holds every kind
    representatives: ClaimArrays


@dataclass(frozen=True)
class Earners:
    """Claims with earnings (not on Universal Credit), and what the earnings stage reads of them."""

    rows: Rows
    weekly_earnings: Floats
    disregard_code: Codes
    additional_disregard_eligible: Flags
    child_care_weekly: Floats
    child_care_two_or_more: Flags
    pensioner_index: Codes


@dataclass(frozen=True)
class WithCapital:
    """Claims with capital, and what the tariff income and capital limit stages read of them."""

    rows: Rows
    capital: Floats
    pensioner_index: Codes
    passported: Flags
    universal_credit: Flags


@dataclass(frozen=True)
class ClaimLookups:
    """Everything the means test precomputes from the claims alone, once per caseload."""

    working_age: Flags
    liability: Kinds
    applicable_amount: Kinds
    protection: Kinds
    earners: Earners
    with_capital: WithCapital
    with_other_income: Rows  # claims with war pension, child benefit or maintenance
    on_universal_credit: Rows
    # By rule set (0 working age, 1 pensioner): the non-dependant units that may bear a deduction.
    deductible: tuple[NonDependantUnits, NonDependantUnits]
    second_adult: tuple[Rows, Rows]  # claims that may have second adult rebate, by rule set

    @classmethod
    def of(cls, claims: ClaimArrays) -> ClaimLookups:
        """The look-ups for these claims (earnings, capital and counts are never negative, so
        "above zero" finds every claim with any)."""
        earners = np.flatnonzero((claims.weekly_earnings > 0) & ~claims.universal_credit)
        capital = np.flatnonzero(claims.capital > 0)
        other = np.flatnonzero(
            (claims.weekly_war_pension > 0)
            | (claims.weekly_child_benefit > 0)
            | (claims.weekly_child_maintenance > 0)
        )
        units = claims.non_dependant_units
        live = units.adult & ~claims.non_dependant_deductions_waived[units.claim_row]
        unit_pensioner = claims.pensioner[units.claim_row]
        second_adult = claims.second_adults > 0
        return cls(
            working_age=~claims.pensioner,
            liability=kinds(claims, LIABILITY_COLUMNS),
            applicable_amount=kinds(claims, APPLICABLE_AMOUNT_COLUMNS),
            protection=kinds(claims, PROTECTION_COLUMNS),
            earners=Earners(
                earners,
                claims.weekly_earnings[earners],
                claims.disregard_code[earners],
                claims.additional_disregard_eligible[earners],
                claims.child_care_weekly[earners],
                claims.child_care_two_or_more[earners],
                claims.pensioner_index[earners],
            ),
            with_capital=WithCapital(
                capital,
                claims.capital[capital],
                claims.pensioner_index[capital],
                claims.passported[capital],
                claims.universal_credit[capital],
            ),
            with_other_income=other,
            on_universal_credit=np.flatnonzero(claims.universal_credit),
            deductible=(
                units.take(np.flatnonzero(live & ~unit_pensioner)),
                units.take(np.flatnonzero(live & unit_pensioner)),
            ),
            second_adult=(
                np.flatnonzero(second_adult & ~claims.pensioner),
                np.flatnonzero(second_adult & claims.pensioner),
            ),
        )


def kinds(claims: ClaimArrays, columns: Sequence[str]) -> Kinds:
    """Number the distinct combinations of `columns` among the claims."""
    key = np.zeros(len(claims), dtype=np.int64)
    combinations = 1
    for name in columns:
        numbers, low, distinct = _value_numbers(getattr(claims, name))
        if combinations * distinct > _DENSE_KINDS:  # keep keys small: renumber those seen so far
            seen, key = np.unique(key, return_inverse=True)
            combinations = len(seen)
        # key = key × distinct + (number − low), in place: no temporaries over millions of claims.
        key *= distinct
        key += numbers
        key -= low
        combinations *= distinct
    if combinations <= _DENSE_KINDS:
        # A dense table over every possible key: no sort over millions of claims.
        present = np.zeros(combinations, dtype=bool)
        present[key] = True
        code_of_key = np.cumsum(present) - 1
        some_row = np.empty(combinations, dtype=np.intp)
        some_row[key] = np.arange(len(claims))  # any claim of a kind represents it
        code, first = code_of_key[key], some_row[present]
    else:
        _, first, code = np.unique(key, return_index=True, return_inverse=True)
    dtype = next(t for t in (np.int8, np.int16, np.int32) if len(first) <= np.iinfo(t).max)
    return Kinds(code.astype(dtype), claims.take(first))


def _value_numbers(values: NDArray[np.generic]) -> tuple[NDArray[np.integer[Any]], int, int]:
    """Each value as a whole number, the lowest number, and how many numbers there may be:
    flags, codes, counts and ages as themselves; other values by their rank among the distinct."""
    numbers = _whole_numbers(values)
    if numbers is not None and len(numbers):
        low, high = int(numbers.min()), int(numbers.max())
        if high - low <= len(numbers):
            return numbers, low, high - low + 1
    distinct = np.unique(values)
    return np.searchsorted(distinct, values), 0, max(len(distinct), 1)


def _whole_numbers(values: NDArray[np.generic]) -> NDArray[np.integer[Any]] | None:
    """The values as integers, if every one is a whole number (flags and integers as they are)."""
    if values.dtype == np.bool_:
        return values.view(np.uint8)
    if np.issubdtype(values.dtype, np.integer):
        return cast(NDArray[np.integer[Any]], values)
    with np.errstate(invalid="ignore"):  # NaN or infinity: not whole, which the test below finds
        numbers = values.astype(np.int64)
    return numbers if np.array_equal(numbers, values) else None
