"""A scheme's means-test figures as small look-up arrays, index 0 working age and 1 pensioner.

`RuleTables.of(scheme)` turns the pydantic scheme into the numbers the vectorised stages of
`means_test` look up per claim or per kind of claim; a figure a scheme does not state is 0 (that
premium or disregard is not part of the scheme).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from townhall.tax.bands import SINGLE_PERSON_DISCOUNT
from townhall.tax.claims.claim_arrays import EXEMPTION_BIT, Flags, Floats
from townhall.tax.money import round_pence
from townhall.tax.rules.scheme import MeansTest, Scheme, Sourced, UniversalCredit

# Pensioner personal allowances by period (SI 2012/2885 Sch. 2 para 1 as amended): by age 65
# before 6 December 2018 (SI 2017/1305 reg. 12); one rate by pension age from then; from 2021/22 by
# whether pension age was reached before 1 April 2021 (SI 2021/29 reg. 7(2)).
BY_AGE_65, ONE_RATE, BY_APRIL_2021 = 0, 1, 2
ONE_RATE_FROM = date(2018, 12, 6)
BY_APRIL_2021_FROM = date(2021, 4, 1)


def pensioner_allowance_period(start: date) -> int:
    """Which pensioner allowance table a scheme year starting on `start` uses (its first day's)."""
    if start >= BY_APRIL_2021_FROM:
        return BY_APRIL_2021
    return ONE_RATE if start >= ONE_RATE_FROM else BY_AGE_65


def _value(sourced: Sourced[float] | None) -> float:
    """A figure, or 0 where the scheme does not state it (that premium or disregard is not part
    of the scheme)."""
    return 0.0 if sourced is None else sourced.value


@dataclass(frozen=True)
class RuleTables:
    """A scheme's means-test figures as small look-up arrays; index 0 working age, 1 pensioner."""

    band_d_total_yearly: float
    liability_by_ninths: NDArray[np.float64]  # [ninths of Band D, discount code] → yearly bill
    working_allowance: Floats  # by working-age personal allowance code (0-3)
    pensioner_period: int
    first_year: int
    pensioner_allowance: (
        Floats  # single: main, under 65, from April 2021; then the same for couples
    )
    child: Floats
    family_premium: Floats
    family_premium_protected_only: Flags  # only to claims protected since before May 2016
    disability_premium_single: Floats
    disability_premium_couple: Floats
    disabled_child_premium: Floats
    carer_premium: Floats
    severe_disability_premium: Floats
    enhanced_disability_single: Floats
    enhanced_disability_couple: Floats
    enhanced_disability_child: Floats
    esa_component: NDArray[np.float64]  # [rule set, component code]
    earnings_disregard: Floats  # by disregard code
    additional_disregard: Floats
    child_care_limit: NDArray[np.float64]  # [rule set, two or more children]
    war_pension_disregard: Floats
    disability_disregard: float  # working age: off the income of the groups below
    disability_disregard_for: frozenset[str]
    child_benefit_counts: Flags
    child_maintenance_counts: Flags
    capital_lower: Floats
    capital_upper: Floats
    capital_upper_inclusive: Flags
    tariff_step: Floats
    taper: Floats
    non_dependant_from: tuple[Floats, Floats]
    non_dependant_deduction: tuple[Floats, Floats]
    non_dependant_not_in_work: Floats
    non_dependant_exempt_bits: NDArray[np.int64]
    non_dependant_not_in_work_banded: Flags
    non_dependant_couple_each: Flags
    two_child_limit: Flags
    wra_component_before_april_2017: Flags
    non_dependant_waiver: tuple[str, str]
    second_adult_enabled: Flags
    second_adult_passported_rate: Floats
    second_adult_uc_passported: Flags
    second_adult_below: tuple[Floats, Floats]
    second_adult_rate: tuple[Floats, Floats]
    uc: UniversalCredit

    @classmethod
    def of(cls, scheme: Scheme) -> RuleTables:
        """The tables for a scheme's council and its two means tests."""
        working, retired = scheme.working_age, scheme.pensioner

        def pair(pick: Callable[[MeansTest], float | bool]) -> Floats:
            return np.array([pick(working), pick(retired)], dtype=np.float64)

        def amounts(name: str) -> Floats:
            return pair(lambda rules: _value(getattr(rules.applicable_amounts, name)))

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

        def not_in_work(rules: MeansTest) -> float:
            given = rules.non_dependant_deduction_not_in_work_weekly
            lowest = rules.non_dependant_deductions.value
            return given.value if given else (lowest[0].deduction_weekly if lowest else 0.0)

        def second_adult(rules: MeansTest) -> tuple[Floats, Floats]:
            bands = rules.second_adult_rebate.bands.value
            return (
                np.array([b.below_gross_weekly_income for b in bands] + [np.inf]),
                np.array([b.rate for b in bands] + [0.0]),
            )

        def exempt_bits(rules: MeansTest) -> int:
            return sum(EXEMPTION_BIT[name] for name in rules.non_dependant_exemptions.value)

        a = retired.applicable_amounts
        main_single, main_couple = a.single_weekly.value, a.couple_weekly.value
        ninths = np.arange(19, dtype=np.float64)
        charge = round_pence(scheme.council.band_d_total_yearly() / 9.0 * ninths)
        liability = np.stack(
            [
                round_pence(charge),
                round_pence(charge * (1.0 - SINGLE_PERSON_DISCOUNT)),
                round_pence(charge * (1.0 - 2 * SINGLE_PERSON_DISCOUNT)),
            ],
            axis=1,
        )
        w = working.applicable_amounts
        return cls(
            band_d_total_yearly=scheme.council.band_d_total_yearly(),
            liability_by_ninths=liability,
            working_allowance=np.array(
                [
                    w.single_weekly.value,
                    (w.single_under_25_weekly or w.single_weekly).value,
                    (w.lone_parent_weekly or w.single_weekly).value,
                    w.couple_weekly.value,
                ]
            ),
            pensioner_period=pensioner_allowance_period(scheme.start_date),
            first_year=scheme.start_date.year,
            pensioner_allowance=np.array(
                [
                    main_single,
                    _value(a.single_under_65_weekly) or main_single,
                    _value(a.single_pension_age_from_april_2021_weekly) or main_single,
                    main_couple,
                    _value(a.couple_under_65_weekly) or main_couple,
                    _value(a.couple_pension_age_from_april_2021_weekly) or main_couple,
                ]
            ),
            child=amounts("child_weekly"),
            family_premium=amounts("family_premium_weekly"),
            family_premium_protected_only=pair(
                lambda r: r.applicable_amounts.family_premium_protected_only.value
            )
            > 0,
            disability_premium_single=amounts("disability_premium_single_weekly"),
            disability_premium_couple=amounts("disability_premium_couple_weekly"),
            disabled_child_premium=amounts("disabled_child_premium_weekly"),
            carer_premium=amounts("carer_premium_weekly"),
            severe_disability_premium=amounts("severe_disability_premium_weekly"),
            enhanced_disability_single=amounts("enhanced_disability_premium_single_weekly"),
            enhanced_disability_couple=amounts("enhanced_disability_premium_couple_weekly"),
            enhanced_disability_child=amounts("enhanced_disability_premium_child_weekly"),
            esa_component=np.stack(
                [
                    np.zeros(2),
                    amounts("work_related_activity_component_weekly"),
                    amounts("support_component_weekly"),
                ],
                axis=1,
            ),
            earnings_disregard=np.array(disregards(working) + disregards(retired)),
            additional_disregard=pair(lambda r: _value(r.earnings_disregards.additional_weekly)),
            child_care_limit=np.stack(
                [
                    pair(lambda r: _value(r.earnings_disregards.child_care_one_child_weekly)),
                    pair(lambda r: _value(r.earnings_disregards.child_care_two_or_more_weekly)),
                ],
                axis=1,
            ),
            war_pension_disregard=pair(lambda r: _value(r.income_disregards.war_pension_weekly)),
            disability_disregard=_value(working.income_disregards.disability_weekly),
            disability_disregard_for=frozenset(
                working.income_disregards.disability_for.value
                if working.income_disregards.disability_for
                else ()
            ),
            child_benefit_counts=pair(lambda r: r.income_disregards.child_benefit_counts.value) > 0,
            child_maintenance_counts=pair(
                lambda r: r.income_disregards.child_maintenance_counts.value
            )
            > 0,
            capital_lower=pair(lambda r: r.capital.lower_limit.value),
            capital_upper=pair(lambda r: r.capital.upper_limit.value),
            capital_upper_inclusive=pair(lambda r: r.capital.upper_limit_inclusive.value) > 0,
            tariff_step=pair(lambda r: r.capital.tariff_step.value),
            taper=pair(lambda r: r.taper.value),
            non_dependant_from=(non_dependants(working)[0], non_dependants(retired)[0]),
            non_dependant_deduction=(non_dependants(working)[1], non_dependants(retired)[1]),
            non_dependant_not_in_work=pair(not_in_work),
            non_dependant_exempt_bits=np.array([exempt_bits(working), exempt_bits(retired)]),
            non_dependant_not_in_work_banded=pair(
                lambda r: r.non_dependant_not_in_work_banded.value
            )
            > 0,
            two_child_limit=pair(lambda r: r.two_child_limit.value) > 0,
            wra_component_before_april_2017=pair(
                lambda r: r.work_related_activity_component_before_april_2017.value
            )
            > 0,
            non_dependant_couple_each=pair(lambda r: r.non_dependant_couple_each.value) > 0,
            non_dependant_waiver=(
                working.non_dependant_waiver.value,
                retired.non_dependant_waiver.value,
            ),
            second_adult_enabled=np.array(
                [
                    working.second_adult_rebate.enabled.value,
                    retired.second_adult_rebate.enabled.value,
                ]
            ),
            second_adult_passported_rate=pair(
                lambda r: r.second_adult_rebate.passported_rate.value
            ),
            second_adult_uc_passported=pair(
                lambda r: r.second_adult_rebate.universal_credit_no_earnings_passported.value
            )
            > 0,
            second_adult_below=(second_adult(working)[0], second_adult(retired)[0]),
            second_adult_rate=(second_adult(working)[1], second_adult(retired)[1]),
            uc=working.universal_credit,
        )
