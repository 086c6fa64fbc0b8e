"""A few plainly described households to set two schemes side by side: what each would be awarded
and left to pay under either. Their amounts are round examples, not anyone's real figures.

Used by `townhall tax diff` and `townhall.tax.diff`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from townhall.tax.money import round_penny
from townhall.tax.rules.calculator import calculate_household
from townhall.tax.rules.household import Household, household_from_mapping
from townhall.tax.rules.scheme import Scheme


@dataclass(frozen=True)
class StandardHousehold:
    """A household described in words, and the same as the calculator's details."""

    key: str
    description: str
    details: dict[str, Any]

    def household(self) -> Household:
        """The details, checked."""
        return household_from_mapping(self.details, f"standard household {self.key}")


STANDARD_HOUSEHOLDS: tuple[StandardHousehold, ...] = (
    StandardHousehold(
        "single-uc-no-earnings",
        "Single person, 35, living alone in Band A, on Universal Credit of £400 a month "
        "(its maximum amount), no earnings",
        {
            "band": "A",
            "claimant_age": 35,
            "universal_credit": True,
            "uc_award_monthly": 400.0,
            "uc_maximum_amount_monthly": 400.0,
        },
    ),
    StandardHousehold(
        "single-earner-250",
        "Single person, 35, living alone in Band A, earning £250 a week take-home for 30 hours, "
        "not on Universal Credit",
        {"band": "A", "claimant_age": 35, "weekly_earnings": 250.0, "claimant_weekly_hours": 30},
    ),
    StandardHousehold(
        "couple-two-children-one-earner",
        "Couple, 38 and 36, two children (youngest 4) in Band B; one earns £400 a week "
        "take-home for 37.5 hours; Child Benefit £44 a week; not on Universal Credit",
        {
            "band": "B",
            "claimant_age": 38,
            "partner_age": 36,
            "children": 2,
            "youngest_child_age": 4,
            "weekly_earnings": 400.0,
            "claimant_weekly_hours": 37.5,
            "weekly_child_benefit": 44.0,
        },
    ),
    StandardHousehold(
        "lone-parent-uc-part-time",
        "Lone parent, 30, one child of 6, in Band A, on Universal Credit: maximum amount £1,000 "
        "a month, earnings £600 a month for 16 hours a week, £700 a month paid",
        {
            "band": "A",
            "claimant_age": 30,
            "children": 1,
            "youngest_child_age": 6,
            "universal_credit": True,
            "uc_award_monthly": 700.0,
            "uc_maximum_amount_monthly": 1000.0,
            "uc_earned_income_monthly": 600.0,
            "claimant_weekly_hours": 16,
        },
    ),
    StandardHousehold(
        "disabled-single",
        "Disabled single person, 45, living alone in Band A, on the standard rate of PIP daily "
        "living (£73 a week) with £120 a week of other income, not on Universal Credit",
        {
            "band": "A",
            "claimant_age": 45,
            "claimant_disability_benefit": "pip_daily_living_standard",
            "weekly_disability_benefits": 73.0,
            "weekly_other_income": 120.0,
        },
    ),
    StandardHousehold(
        "pensioner-couple",
        "Pensioner couple, 72 and 70, in Band C, with £300 a week of pensions and no Pension "
        "Credit",
        {"band": "C", "claimant_age": 72, "partner_age": 70, "weekly_other_income": 300.0},
    ),
    StandardHousehold(
        "single-pensioner-pension-credit",
        "Single pensioner, 75, living alone in Band B, on Pension Credit guarantee credit",
        {"band": "B", "claimant_age": 75, "passported": True},
    ),
)


def standard_households_table(
    a: Scheme, b: Scheme, households: tuple[StandardHousehold, ...] = STANDARD_HOUSEHOLDS
) -> pl.DataFrame:
    """Each household's yearly award and yearly bill (what is left to pay) under `a` and `b`, and
    the difference in the bill (b less a: more to pay is positive)."""
    rows = []
    for each in households:
        household = each.household()
        under_a, under_b = calculate_household(a, household), calculate_household(b, household)
        rows.append(
            {
                "household": each.key,
                "description": each.description,
                "award_a_yearly": under_a.award_yearly,
                "award_b_yearly": under_b.award_yearly,
                "bill_a_yearly": under_a.to_pay_yearly,
                "bill_b_yearly": under_b.to_pay_yearly,
                "bill_difference_yearly": round_penny(
                    under_b.to_pay_yearly - under_a.to_pay_yearly
                ),
            }
        )
    return pl.DataFrame(rows)
