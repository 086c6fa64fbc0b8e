"""The household calculator: one household is a caseload of one, through the same `evaluate`,
and the steps that say in plain English how its figure was reached.

Used by `townhall tax household` and by the consultation's "what would I pay" page.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from townhall.reports.formats import pounds
from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY, WEEKS_PER_YEAR_REGULATION, round_penny
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.household import Household
from townhall.tax.rules.means_test import APPLICABLE_AMOUNT_PARTS, applicable_amount_parts
from townhall.tax.rules.rule_tables import RuleTables
from townhall.tax.rules.scheme import Scheme


class HouseholdResult(BaseModel):
    """What a household is charged, supported and left to pay, with the steps behind it."""

    scheme: str
    liability_yearly: float
    maximum_support_yearly: float
    award_yearly: float
    to_pay_yearly: float
    to_pay_weekly: float
    council_to_pay_yearly: float  # the billing authority's own part of what is left to pay
    council_to_pay_weekly: float
    steps: list[str]


def calculate_household(scheme: Scheme, household: Household) -> HouseholdResult:
    """Run one household through `evaluate` and explain each step."""
    result = evaluate(scheme, household.as_caseload(scheme.year))
    row = result.table().row(0, named=True)
    maximum_yearly = min(
        round_penny(float(result.maximum_support_weekly[0]) * WEEKS_PER_YEAR_REGULATION),
        row["liability_yearly"],
    )
    council_yearly = round_penny(row["to_pay_yearly"] * scheme.council.own_share())
    return HouseholdResult(
        scheme=scheme.name,
        liability_yearly=row["liability_yearly"],
        maximum_support_yearly=maximum_yearly,
        award_yearly=row["award_yearly"],
        to_pay_yearly=row["to_pay_yearly"],
        to_pay_weekly=row["to_pay_weekly"],
        council_to_pay_yearly=council_yearly,
        council_to_pay_weekly=round_penny(council_yearly / WEEKS_IN_YEAR_FOR_DISPLAY),
        steps=explain(result, household),
    )


def explain(result: Evaluation, household: Household) -> list[str]:
    """The calculation for the only claim in `result`, step by step in plain English."""
    scheme, levers = result.scheme, result.scheme.levers
    row = result.table().row(0, named=True)
    claims = result.caseload.arrays
    pensioner = bool(claims.pensioner[0])
    steps = [
        f"Scheme: {scheme.title}.",
        f"Band {household.band} in {scheme.council.name}: the Band D charge of "
        f"{pounds(scheme.council.band_d_total_yearly())}"
        + (" (the council's own and its preceptors')" if scheme.council.own_share() < 1 else "")
        + " times the band's ratio"
        + (
            " (one band lower for the disabled band reduction)"
            if household.disabled_band_reduction
            else ""
        )
        + ".",
        *_discount_steps(float(claims.discount[0])),
        f"Council tax for the year: {pounds(row['liability_yearly'])}.",
    ]
    if household.universal_credit and household.pensioner:
        steps.append(
            "You get Universal Credit, so the working-age scheme applies whatever your ages."
        )
    if pensioner:
        steps.append(
            "You are of pension credit age, so the national pensioner scheme applies: "
            "no minimum payment."
        )
    steps.extend(_lever_steps(result, row, pensioner))
    steps.extend(_means_test_steps(result, row, household))
    withheld = (
        levers.protected_award_reduction.value
        if row["is_protected"]
        else levers.award_reduction.value
    )
    if not pensioner and withheld > 0 and not row["is_capital_excluded"]:
        steps.append(f"The scheme then keeps back {withheld:.2%} of that support.")
    if row["is_second_adult_rebate"]:
        steps.append(
            "Second adult rebate, based on the other adults' low income, gives you more, "
            "so it is used."
        )
    if row["is_below_minimum_award"]:
        steps.append(
            f"The award would be below the minimum of "
            f"{pounds(levers.minimum_award_weekly.value)} a week, so none is paid."
        )
    steps.append(
        f"Support for the year: {pounds(row['award_yearly'])}. "
        f"You pay {pounds(row['to_pay_yearly'])} a year, "
        f"which is {pounds(row['to_pay_weekly'])} a week (the yearly amount ÷ 52)."
    )
    return steps


def _discount_steps(discount: float) -> list[str]:
    if discount == 0.5:
        return ["Everyone in the home is ignored for discounts, so a 50% discount applies."]
    if discount > 0:
        return ["One adult counts for council tax, so the 25% single person discount applies."]
    return []


def _lever_steps(result: Evaluation, row: dict[str, Any], pensioner: bool) -> list[str]:
    """The band cap and the minimum payment, where they apply."""
    levers, stages = result.scheme.levers, result.stages
    steps = []
    if row["is_band_capped"]:
        band, share = levers.band_cap.value, levers.band_cap_share.value
        limit = (
            f"as if the home were Band {band}"
            if levers.default_band_cap
            else "on at most "
            + (f"{share:.0%} of " if share < 1 else "")
            + f"the Band {band} charge"
            + (" after discounts" if levers.band_cap_after_discounts.value else "")
        )
        steps.append(
            f"Support is worked out {limit}: {pounds(row['eligible_liability_yearly'])} a year."
        )
    contribution = levers.minimum_contribution.value
    protected_share = levers.protected_minimum_contribution.value
    if not pensioner and row["is_protected"] and protected_share > 0:
        steps.append(
            f"You are in a protected group, so you pay at least {protected_share:.1%} of your "
            "council tax rather than the "
            f"{contribution:.1%} others pay."
        )
    elif not pensioner and contribution > 0:
        if row["is_protected"]:
            steps.append(
                "You are in a protected group, so you do not have to pay the minimum contribution."
            )
        else:
            steps.append(
                f"Everyone of working age pays at least {contribution:.1%} of their council tax."
            )
    deduction = float(stages.non_dependant_deduction_weekly[0])
    if deduction > 0:
        steps.append(
            f"A deduction of {pounds(deduction)} a week for the other adults living with you."
        )
    elif (
        result.caseload.arrays.non_dependant_deductions_waived[0]
        and len(result.caseload.non_dependant_table)
        and result.scheme.working_age.non_dependant_waiver.value == "blind_or_care_benefit"
    ):
        steps.append(
            "No deduction for the other adults: you or your partner are blind or get a care "
            "benefit (Attendance Allowance, DLA care or PIP daily living)."
        )
    steps.append(
        f"Maximum support: {pounds(float(result.maximum_support_weekly[0]))} a week "
        "(council tax ÷ 365 × 7, less any minimum payment and deductions)."
    )
    return steps


def _means_test_steps(result: Evaluation, row: dict[str, Any], household: Household) -> list[str]:
    """How income was tested against what the household needs."""
    stages = result.stages
    if row["is_capital_excluded"]:
        return ["Your capital is above the upper limit, so no support is due."]
    if bool(stages.passported[0]):
        return [
            "You get a benefit that passports you to full support, so your income is not "
            "tested: you get maximum support."
        ]
    income = float(stages.income_weekly[0])
    steps = []
    if household.universal_credit:
        steps.append(
            "You get Universal Credit, so the scheme uses DWP's figures, turned into weekly "
            "amounts (× 12 ÷ 52)."
        )
    ignored = [
        words
        for amount, words in (
            (household.weekly_child_benefit, "Child Benefit"),
            (household.weekly_child_maintenance, "child maintenance"),
            (household.weekly_disability_benefits, "disability benefits"),
        )
        if amount > 0
    ]
    if ignored and not household.universal_credit:
        steps.append(f"Not counted as income: {', '.join(ignored)}.")
    if row["is_income_banded"]:
        protected = result.scheme.levers.protected_income_grid is not None and row["is_protected"]
        which = "income bands for protected households" if protected else "income bands"
        steps.append(
            f"Your counted income is {pounds(income)} a week; "
            f"the scheme's {which} set your share of support."
        )
        return steps
    applicable = float(stages.applicable_weekly[0])
    excess = float(stages.excess_income_weekly[0])
    taper = float(stages.taper[0])
    parts = applicable_amount_parts(RuleTables.of(result.scheme), result.caseload.arrays)
    named = [
        f"{APPLICABLE_AMOUNT_PARTS[name]} {pounds(float(values[0]))}"
        for name, values in parts.items()
        if float(values[0]) > 0
    ]
    needs = (
        "your Universal Credit maximum amount"
        if household.universal_credit
        and not result.caseload.arrays.pensioner[0]
        and result.scheme.working_age.universal_credit.applicable_amount.value == "uc_maximum"
        else "; ".join(named)
    )
    steps.append(
        f"Your counted income is {pounds(income)} a week against an applicable amount of "
        f"{pounds(applicable)} (what the rules say you need: {needs})."
    )
    if excess > 0:
        steps.append(
            f"Support is reduced by {taper:.0%} of the {pounds(excess)} above it: "
            f"{pounds(taper * excess)} a week."
        )
    else:
        steps.append("Your income is not above the applicable amount, so support is not reduced.")
    return steps
