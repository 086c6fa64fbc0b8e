"""The household calculator: one household is a caseload of one, through the same `evaluate`.

Used by `townhall tax household` and by the consultation's "what would I pay" page; the steps say in
plain English how the figure was reached.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.problems import InvalidInputError, Problem, problems_from_validation
from townhall.reports.formats import pounds
from townhall.tax.claims.caseload import Caseload
from townhall.tax.money import WEEKS_PER_YEAR_REGULATION, round_penny
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.scheme import Band, Scheme

# Pension credit qualifying age by the first calendar year of a scheme year: it followed women's
# state pension age from 60 (to 2010) up to 65 (November 2018) and 66 (October 2020), Pensions Acts
# 1995, 2007 and 2011. Whole years here; the caseload's own `pensioner` column is exact.
_PENSION_CREDIT_AGE_FROM_YEAR = (
    (2010, 60),
    (2012, 61),
    (2014, 62),
    (2016, 63),
    (2017, 64),
    (2018, 65),
    (2020, 66),
)


def pension_credit_age(scheme_year: str) -> int:
    """The (whole-year) pension credit age for a scheme year such as "2013/14"."""
    year = int(scheme_year[:4])
    age = 60
    for start, qualifying_age in _PENSION_CREDIT_AGE_FROM_YEAR:
        if year >= start:
            age = qualifying_age
    return age


class Household(BaseModel):
    """One household's circumstances, as a resident or an officer would describe them."""

    model_config = ConfigDict(extra="forbid")

    band: Band = Field(description="Council tax band of the home")
    claimant_age: int = Field(ge=16, le=120, description="Your age")
    partner_age: int | None = Field(
        default=None, ge=16, le=120, description="Your partner's age, if you have one"
    )
    pensioner: bool | None = Field(
        default=None,
        description="Reached pension credit age (worked out from the ages if not given)",
    )
    children: int = Field(default=0, ge=0, le=20, description="Dependent children")
    youngest_child_age: int | None = Field(
        default=None, ge=0, le=19, description="Age of the youngest child"
    )
    weekly_earnings: float = Field(
        default=0.0, ge=0, le=100_000, description="Take-home earnings, £ a week"
    )
    weekly_other_income: float = Field(
        default=0.0, ge=0, le=100_000, description="Other income, £ a week"
    )
    capital: float = Field(default=0.0, ge=0, le=100_000_000, description="Savings and capital, £")
    passported: bool = Field(
        default=False,
        description="Gets Income Support, income-based JSA, income-related ESA or guarantee credit",
    )
    disability_premium: bool = Field(default=False, description="Gets a disability premium")
    disabled_child_premium: bool = Field(default=False, description="Gets a disabled child premium")
    war_pension: bool = Field(default=False, description="Gets a war-related pension")
    carer: bool = Field(default=False, description="Is a carer (carer premium)")
    disabled_band_reduction: bool = Field(
        default=False, description="Home has the disabled band reduction"
    )
    non_dependants: int = Field(default=0, ge=0, le=10, description="Other adults living with you")
    non_dependant_weekly_income: float = Field(
        default=0.0, ge=0, le=100_000, description="Each other adult's gross income, £ a week"
    )
    non_dependants_passported: bool = Field(
        default=False, description="The other adults get means-tested benefits"
    )

    @model_validator(mode="after")
    def _youngest_child(self) -> Household:
        if self.children > 0 and self.youngest_child_age is None:
            raise ValueError("give the youngest child's age when there are children")
        return self

    def is_pensioner(self, scheme_year: str) -> bool:
        """Pension credit age, given or worked out from the older adult's age in the scheme year."""
        if self.pensioner is not None:
            return self.pensioner
        return max(self.claimant_age, self.partner_age or 0) >= pension_credit_age(scheme_year)

    def as_caseload(self, scheme_year: str) -> Caseload:
        """This household as a caseload of one claim."""
        row = {
            "claim_id": ["household"],
            "band": [self.band],
            "pensioner": [self.is_pensioner(scheme_year)],
            "claimant_age": [self.claimant_age],
            "partner_age": [self.partner_age],
            "children": [self.children],
            "youngest_child_age": [self.youngest_child_age],
            "passported": [self.passported],
            "weekly_earnings": [self.weekly_earnings],
            "weekly_other_income": [self.weekly_other_income],
            "capital": [self.capital],
            "disability_premium": [self.disability_premium],
            "disabled_child_premium": [self.disabled_child_premium],
            "war_pension": [self.war_pension],
            "carer": [self.carer],
            "disabled_band_reduction": [self.disabled_band_reduction],
            "non_dependants": [self.non_dependants],
            "non_dependant_gross_weekly_income": [self.non_dependant_weekly_income],
            "non_dependants_passported": [self.non_dependants_passported],
        }
        return Caseload.from_frame(pl.DataFrame(row, strict=False), "household")


def household_from_mapping(details: Mapping[str, object], source: str = "household") -> Household:
    """Validate a household's details (from a form or the command line), every problem at once."""
    try:
        return Household.model_validate(dict(details))
    except ValidationError as error:
        problems = problems_from_validation(error, source)
        # Pydantic skips cross-field checks once a field fails: make them here so all show at once.
        children, youngest = details.get("children"), details.get("youngest_child_age")
        needs_age = isinstance(children, int) and children > 0 and youngest is None
        if needs_age and not any(problem.field == "youngest_child_age" for problem in problems):
            problems.append(
                Problem(source, "youngest_child_age", "(empty)", "an age when there are children")
            )
        raise InvalidInputError(problems) from None


class HouseholdResult(BaseModel):
    """What a household is charged, supported and left to pay, with the steps behind it."""

    scheme: str
    liability_yearly: float
    maximum_support_yearly: float
    award_yearly: float
    to_pay_yearly: float
    to_pay_weekly: float
    steps: list[str]


def calculate_household(scheme: Scheme, household: Household) -> HouseholdResult:
    """Run one household through `evaluate` and explain each step."""
    result = evaluate(scheme, household.as_caseload(scheme.year))
    row = result.table().row(0, named=True)
    maximum_yearly = min(
        round_penny(float(result.maximum_support_weekly[0]) * WEEKS_PER_YEAR_REGULATION),
        row["liability_yearly"],
    )
    return HouseholdResult(
        scheme=scheme.name,
        liability_yearly=row["liability_yearly"],
        maximum_support_yearly=maximum_yearly,
        award_yearly=row["award_yearly"],
        to_pay_yearly=row["to_pay_yearly"],
        to_pay_weekly=row["to_pay_weekly"],
        steps=explain(result, household),
    )


def explain(result: Evaluation, household: Household) -> list[str]:
    """The calculation for the only claim in `result`, step by step in plain English."""
    scheme, stages, levers = result.scheme, result.stages, result.scheme.levers
    row = result.table().row(0, named=True)
    pensioner = household.is_pensioner(scheme.year)
    steps = [
        f"Scheme: {scheme.title}.",
        f"Band {household.band} in {scheme.council.name}: the Band D charge of "
        f"{pounds(scheme.council.band_d_total_yearly())} times the band's ratio"
        + (
            " (one band lower for the disabled band reduction)"
            if household.disabled_band_reduction
            else ""
        )
        + ".",
    ]
    if result.caseload.arrays.discount[0] > 0:
        steps.append("You are the only adult, so the 25% single person discount applies.")
    steps.append(f"Council tax for the year: {pounds(row['liability_yearly'])}.")
    if pensioner:
        steps.append(
            "You are of pension credit age, so the national pensioner scheme applies: "
            "no minimum payment."
        )
    if row["is_band_capped"]:
        steps.append(
            f"Support is worked out as if the home were Band {levers.band_cap.value}: "
            f"{pounds(row['eligible_liability_yearly'])} a year."
        )
    contribution = levers.minimum_contribution.value
    if not pensioner and contribution > 0:
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
    steps.append(
        f"Maximum support: {pounds(float(result.maximum_support_weekly[0]))} a week "
        "(council tax ÷ 365 × 7, less any minimum payment and deductions)."
    )
    if row["is_capital_excluded"]:
        steps.append("Your capital is above the upper limit, so no support is due.")
    elif household.passported:
        steps.append(
            "You get a passporting benefit, so your income is not tested: you get maximum support."
        )
    elif row["is_income_banded"]:
        steps.append(
            f"Your counted income is {pounds(float(stages.income_weekly[0]))} a week; "
            "the scheme's income bands set your share of support."
        )
    else:
        applicable = float(stages.applicable_weekly[0])
        income = float(stages.income_weekly[0])
        excess = float(stages.excess_income_weekly[0])
        taper = float(stages.taper[0])
        steps.append(
            f"Your counted income is {pounds(income)} a week against an applicable amount of "
            f"{pounds(applicable)} (what the rules say you need)."
        )
        if excess > 0:
            steps.append(
                f"Support is reduced by {taper:.0%} of the {pounds(excess)} above it: "
                f"{pounds(taper * excess)} a week."
            )
        else:
            steps.append(
                "Your income is not above the applicable amount, so support is not reduced."
            )
    if row["is_second_adult_rebate"]:
        steps.append(
            "Second adult rebate, based on the other adult's low income, gives you more, "
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
