"""The vectorised means test: one function per rule stage, over every claim at once.

Stages that do not depend on a scheme's levers (liability, applicable amounts, income, non-dependant
deductions, capital) run once per caseload and means test and are cached on the caseload, so sweeps
and optimisers that vary only the levers pay for the cheap last stage alone.

Weekly figures follow the regulations' convention (yearly ÷ 365 × 7); see `townhall.tax.money`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from townhall.tax.bands import BAND_NINTHS, BANDS, DISABLED_BAND_A_NINTHS, SINGLE_PERSON_DISCOUNT
from townhall.tax.caseload import Caseload
from townhall.tax.money import FloatArray, round_pence
from townhall.tax.scheme import HOUSEHOLD_TYPES, Council, Levers, MeansTest, Scheme

BoolArray = NDArray[np.bool_]
WEEKS_PER_YEAR_REGULATION = 365.0 / 7.0
_NINTHS = np.array([BAND_NINTHS[band] for band in BANDS], dtype=np.float64)


@dataclass(frozen=True)
class Liability:
    """What each home is charged, and the band ratio charged (after any disabled reduction)."""

    liability_yearly: FloatArray
    effective_ninths: FloatArray
    discount: FloatArray


@dataclass(frozen=True)
class MeansTested:
    """Everything the levers do not change, for one caseload, council and pair of means tests."""

    liability: Liability
    applicable_weekly: FloatArray
    income_weekly: FloatArray
    excess_income_weekly: FloatArray
    non_dependant_deduction_weekly: FloatArray
    capital_excluded: BoolArray
    second_adult_rebate_weekly: FloatArray
    taper: FloatArray


def liability(council: Council, caseload: Caseload) -> Liability:
    """Each home's yearly bill after the single person discount (LGFA 1992 s.5, s.11)."""
    band = caseload.band_index
    ninths = _NINTHS[band]
    lowered = np.where(band == 0, float(DISABLED_BAND_A_NINTHS), _NINTHS[np.maximum(band - 1, 0)])
    effective = np.where(caseload.flag("disabled_band_reduction"), lowered, ninths)
    discount = np.where(caseload.only_adult, SINGLE_PERSON_DISCOUNT, 0.0)
    charge = round_pence(council.band_d_total_yearly() * effective / 9.0)
    return Liability(round_pence(charge * (1.0 - discount)), effective, discount)


def applicable_amount_weekly(
    pensioner_rules: MeansTest, working_age_rules: MeansTest, caseload: Caseload
) -> FloatArray:
    """Personal allowances plus premiums: what the household is deemed to need each week."""
    pensioner = caseload.flag("pensioner")
    partner = caseload.has_partner
    children = caseload.count("children").astype(np.float64)
    age = caseload.count("claimant_age")
    elder_65 = caseload.older_partner_age >= 65

    def amounts(rules: MeansTest) -> dict[str, float]:
        a = rules.applicable_amounts
        return {
            "single": a.single_weekly.value,
            "single_young": (a.single_under_25_weekly or a.single_weekly).value,
            "single_under_65": (a.single_under_65_weekly or a.single_weekly).value,
            "couple": a.couple_weekly.value,
            "couple_under_65": (a.couple_under_65_weekly or a.couple_weekly).value,
            "lone_parent": (a.lone_parent_weekly or a.single_weekly).value,
            "child": a.child_weekly.value,
            "family": a.family_premium_weekly.value,
            "disability_single": a.disability_premium_single_weekly.value,
            "disability_couple": a.disability_premium_couple_weekly.value,
            "disabled_child": a.disabled_child_premium_weekly.value,
            "carer": a.carer_premium_weekly.value,
        }

    p, w = amounts(pensioner_rules), amounts(working_age_rules)
    pensioner_personal = np.where(
        partner,
        np.where(elder_65, p["couple"], p["couple_under_65"]),
        np.where(elder_65, p["single"], p["single_under_65"]),
    )
    working_personal = np.where(
        partner,
        w["couple"],
        np.where(
            children > 0, w["lone_parent"], np.where(age < 25, w["single_young"], w["single"])
        ),
    )
    personal = np.where(pensioner, pensioner_personal, working_personal)

    def pick(key: str) -> FloatArray:
        return np.where(pensioner, p[key], w[key])

    disability = np.where(partner, pick("disability_couple"), pick("disability_single"))
    return (
        personal
        + children * pick("child")
        + np.where(children > 0, pick("family"), 0.0)
        + np.where(caseload.flag("disability_premium"), disability, 0.0)
        + np.where(caseload.flag("disabled_child_premium"), pick("disabled_child"), 0.0)
        + np.where(caseload.flag("carer"), pick("carer"), 0.0)
    )


def tariff_income_weekly(rules: MeansTest, capital: FloatArray) -> FloatArray:
    """£1 a week for every tariff step of capital, or part of one, above the lower limit."""
    above = np.maximum(capital - rules.capital.lower_limit.value, 0.0)
    return np.ceil(above / rules.capital.tariff_step.value)


def income_weekly(
    pensioner_rules: MeansTest, working_age_rules: MeansTest, caseload: Caseload
) -> FloatArray:
    """Weekly income that counts: earnings less the disregard, other income, tariff income."""
    pensioner = caseload.flag("pensioner")
    disabled_or_carer = caseload.flag("disability_premium") | caseload.flag("carer")

    def disregard(rules: MeansTest) -> FloatArray:
        d = rules.earnings_disregards
        return np.where(
            disabled_or_carer,
            d.disability_or_carer_weekly.value,
            np.where(
                caseload.lone_parent,
                d.lone_parent_weekly.value,
                np.where(caseload.has_partner, d.couple_weekly.value, d.single_weekly.value),
            ),
        )

    capital = caseload.amount("capital")
    earnings = caseload.amount("weekly_earnings")
    disregarded = np.where(pensioner, disregard(pensioner_rules), disregard(working_age_rules))
    tariff = np.where(
        pensioner,
        tariff_income_weekly(pensioner_rules, capital),
        tariff_income_weekly(working_age_rules, capital),
    )
    return np.maximum(earnings - disregarded, 0.0) + caseload.amount("weekly_other_income") + tariff


def _stepped(table: list[tuple[float, float]], income: FloatArray) -> FloatArray:
    """Look up a value from (income from, value) steps rising by income."""
    starts = np.array([start for start, _ in table])
    values = np.array([value for _, value in table])
    return values[np.searchsorted(starts, income, side="right") - 1]


def non_dependant_deduction_weekly(
    pensioner_rules: MeansTest, working_age_rules: MeansTest, caseload: Caseload
) -> FloatArray:
    """A deduction for each non-dependant, by their gross income; none if they are passported."""

    def per_person(rules: MeansTest) -> FloatArray:
        steps = [
            (b.from_gross_weekly_income, b.deduction_weekly)
            for b in rules.non_dependant_deductions.value
        ]
        return _stepped(steps, caseload.amount("non_dependant_gross_weekly_income"))

    each = np.where(
        caseload.flag("pensioner"), per_person(pensioner_rules), per_person(working_age_rules)
    )
    count = caseload.count("non_dependants").astype(np.float64)
    return np.where(caseload.flag("non_dependants_passported"), 0.0, each * count)


def second_adult_rebate_weekly(
    pensioner_rules: MeansTest,
    working_age_rules: MeansTest,
    caseload: Caseload,
    liability_weekly: FloatArray,
) -> FloatArray:
    """Second adult rebate: a share of liability for a claimant without a partner whose other adults
    have low incomes (CTB Regs 2006 Sch. 2). Zero where the scheme has removed it."""

    def rate(rules: MeansTest) -> FloatArray:
        rebate = rules.second_adult_rebate
        if not rebate.enabled.value:
            return np.zeros(len(caseload))
        combined = caseload.amount("non_dependant_gross_weekly_income") * caseload.column(
            "non_dependants"
        )
        limits = np.array(
            [band.below_gross_weekly_income for band in rebate.bands.value] + [np.inf]
        )
        rates = np.array([band.rate for band in rebate.bands.value] + [0.0])
        by_income = rates[np.searchsorted(limits, combined, side="right")]
        return np.where(
            caseload.flag("non_dependants_passported"), rebate.passported_rate.value, by_income
        )

    applies = ~caseload.has_partner & (caseload.count("non_dependants") > 0)
    chosen = np.where(caseload.flag("pensioner"), rate(pensioner_rules), rate(working_age_rules))
    return np.where(applies, chosen * liability_weekly, 0.0)


def means_tested(scheme: Scheme, caseload: Caseload) -> MeansTested:
    """The lever-free stages for this caseload, computed once and cached on the caseload."""
    key = "means_tested:" + json.dumps(
        scheme.model_dump(mode="json", include={"council", "pensioner", "working_age"}),
        sort_keys=True,
    )
    cached = caseload.cache.get(key)
    if isinstance(cached, MeansTested):
        return cached
    pensioner_rules, working_rules = scheme.pensioner, scheme.working_age
    bill = liability(scheme.council, caseload)
    applicable = applicable_amount_weekly(pensioner_rules, working_rules, caseload)
    income = income_weekly(pensioner_rules, working_rules, caseload)
    passported = caseload.flag("passported")
    pensioner = caseload.flag("pensioner")
    upper = np.where(
        pensioner,
        pensioner_rules.capital.upper_limit.value,
        working_rules.capital.upper_limit.value,
    )
    result = MeansTested(
        liability=bill,
        applicable_weekly=applicable,
        income_weekly=income,
        excess_income_weekly=np.where(passported, 0.0, np.maximum(income - applicable, 0.0)),
        non_dependant_deduction_weekly=non_dependant_deduction_weekly(
            pensioner_rules, working_rules, caseload
        ),
        capital_excluded=(caseload.amount("capital") > upper) & ~passported,
        second_adult_rebate_weekly=second_adult_rebate_weekly(
            pensioner_rules,
            working_rules,
            caseload,
            bill.liability_yearly / WEEKS_PER_YEAR_REGULATION,
        ),
        taper=np.where(pensioner, pensioner_rules.taper.value, working_rules.taper.value),
    )
    caseload.cache[key] = result
    return result


def protected(levers: Levers, caseload: Caseload) -> BoolArray:
    """Working-age claims in a group the scheme exempts from the minimum contribution."""
    groups = set(levers.protected_groups.value)
    result = np.zeros(len(caseload), dtype=bool)
    if "child_under_age" in groups and levers.protected_child_under_age is not None:
        youngest = caseload.table.get_column("youngest_child_age").fill_null(99).to_numpy()
        result |= (caseload.count("children") > 0) & (
            youngest < levers.protected_child_under_age.value
        )
    for group in ("disability_premium", "disabled_child_premium", "war_pension", "carer"):
        if group in groups:
            result |= caseload.column(group)
    if "lone_parent" in groups:
        result |= caseload.lone_parent
    return result & ~caseload.flag("pensioner")


def band_capped_liability_yearly(
    council: Council, levers: Levers, caseload: Caseload, bill: Liability
) -> tuple[FloatArray, BoolArray]:
    """Liability as if a working-age home were at most the cap band; and who was capped."""
    cap = levers.band_cap.value
    if cap is None:
        return bill.liability_yearly, np.zeros(len(caseload), dtype=bool)
    cap_ninths = float(BAND_NINTHS[cap])
    capped = (bill.effective_ninths > cap_ninths) & ~caseload.flag("pensioner")
    charge = round_pence(np.array(council.band_d_total_yearly() * cap_ninths / 9.0))
    capped_liability = round_pence(charge * (1.0 - bill.discount))
    return np.where(capped, capped_liability, bill.liability_yearly), capped


def income_grid_share(levers: Levers, caseload: Caseload, income: FloatArray) -> FloatArray:
    """The share of liability an income-banded grid gives each claim (passported: the top band)."""
    assert levers.income_grid is not None
    bands = levers.income_grid.bands.value
    limits = np.array([band.up_to_weekly_income for band in bands])
    shares = np.array([[band.discount[kind] for kind in HOUSEHOLD_TYPES] for band in bands])  # type: ignore[index]
    row = np.searchsorted(limits, income, side="left")
    row = np.where(caseload.flag("passported"), 0, row)
    return shares[row, caseload.household_type]
