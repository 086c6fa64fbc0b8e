"""A household as a resident describes it: what they receive and who lives with them, checked,
and made into a caseload of one claim for `calculator.calculate_household`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from townhall.problems import InvalidInputError, Problem, problems_from_validation
from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.caseload_schema import (
    MAX_MONTHLY,
    MAX_WEEKLY,
    DisabilityBenefit,
    NonDependantBenefit,
)
from townhall.tax.rules.scheme import Band, UcElement

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


Weekly = Annotated[float, Field(ge=0, le=MAX_WEEKLY)]
Monthly = Annotated[float, Field(ge=0, le=MAX_MONTHLY)]


class OtherAdult(BaseModel):
    """Another adult who lives in the home (a grown-up son or daughter, a relative), not a partner."""

    model_config = ConfigDict(extra="forbid")

    age: int | None = Field(default=None, ge=16, le=120, description="Their age")
    weekly_gross_income: Weekly = Field(
        default=0.0, description="Their income before tax, £ a week"
    )
    weekly_disability_benefits: Weekly = Field(
        default=0.0,
        description="Of that income, Attendance Allowance, DLA, PIP or AFIP, £ a week",
    )
    works_16_hours_or_more: bool | None = Field(
        default=None,
        description="Works 16 hours a week or more (worked out from income if not said)",
    )
    benefit: NonDependantBenefit = Field(default="none", description="A benefit they get")
    student: bool = Field(default=False, description="A full-time student")
    disregarded_for_discount: bool = Field(
        default=False, description="A carer, or severely mentally impaired (ignored for discounts)"
    )
    disability_benefit: DisabilityBenefit = Field(
        default="none", description="Their disability benefit"
    )
    blind: bool = Field(default=False, description="Registered blind")
    couple: str | None = Field(
        default=None,
        min_length=1,
        description="A label they share with the other adult they live with as a couple (one "
        "deduction on their joint income)",
    )


class Household(BaseModel):
    """One household's circumstances, asked as a resident would answer them: what they receive and
    who lives with them, never "income that counts" or "premiums" (Townhall decides those)."""

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
    universal_credit: bool = Field(default=False, description="Do you get Universal Credit?")
    uc_award_monthly: Monthly = Field(default=0.0, description="Universal Credit paid, £ a month")
    uc_maximum_amount_monthly: Monthly = Field(
        default=0.0, description="Universal Credit maximum amount on your statement, £ a month"
    )
    uc_earned_income_monthly: Monthly = Field(
        default=0.0, description="Earnings on your Universal Credit statement, £ a month"
    )
    uc_unearned_income_monthly: Monthly = Field(
        default=0.0, description="Other income on your Universal Credit statement, £ a month"
    )
    uc_elements_monthly: dict[UcElement, Monthly] = Field(
        default_factory=dict,
        description="Elements of your Universal Credit award (housing, carer...), £ a month",
    )
    passported: bool = Field(
        default=False,
        description="Do you get Income Support, income-based JSA, income-related ESA or "
        "Pension Credit guarantee credit?",
    )
    getting_support_since_before_may_2016: bool = Field(
        default=False,
        description="Have you had Council Tax Support since before 1 May 2016, with a child in "
        "your family, without a new claim since?",
    )
    weekly_earnings: Weekly = Field(default=0.0, description="Take-home pay from work, £ a week")
    claimant_weekly_hours: float = Field(
        default=0.0, ge=0, le=168, description="Your hours of work a week"
    )
    partner_weekly_hours: float = Field(
        default=0.0, ge=0, le=168, description="Your partner's hours of work a week"
    )
    weekly_child_care_charges: Weekly = Field(
        default=0.0, description="What you pay for registered child care, £ a week"
    )
    children_in_child_care: int | None = Field(
        default=None,
        ge=0,
        le=20,
        description="How many of the children the child care is paid for (all of them if not said)",
    )
    weekly_child_benefit: Weekly = Field(default=0.0, description="Child Benefit, £ a week")
    weekly_child_maintenance: Weekly = Field(
        default=0.0, description="Child maintenance you receive, £ a week"
    )
    weekly_war_pension: Weekly = Field(
        default=0.0, description="War disablement or war widow's pension, £ a week"
    )
    weekly_disability_benefits: Weekly = Field(
        default=0.0, description="DLA, PIP or Attendance Allowance, £ a week"
    )
    weekly_other_income: Weekly = Field(
        default=0.0,
        description="Any other income (pensions, Carer's Allowance, other benefits), £ a week",
    )
    capital: float = Field(default=0.0, ge=0, le=100_000_000, description="Savings and capital, £")
    claimant_disability_benefit: DisabilityBenefit = Field(
        default="none", description="Your disability benefit (PIP, DLA care, Attendance Allowance)"
    )
    partner_disability_benefit: DisabilityBenefit = Field(
        default="none", description="Your partner's disability benefit"
    )
    claimant_blind: bool = Field(default=False, description="Are you registered blind?")
    partner_blind: bool = Field(default=False, description="Is your partner registered blind?")
    claimant_has_paid_carer: bool = Field(
        default=False, description="Does someone get Carer's Allowance for looking after you?"
    )
    partner_has_paid_carer: bool = Field(
        default=False,
        description="Does someone get Carer's Allowance for looking after your partner?",
    )
    esa_component: Literal["none", "work_related_activity", "support"] = Field(
        default="none", description="Your ESA group, if you get ESA"
    )
    carers: int = Field(default=0, ge=0, le=2, description="How many of you get Carer's Allowance")
    disabled_children: int = Field(
        default=0, ge=0, le=20, description="How many of the children get DLA or PIP, or are blind"
    )
    enhanced_disability_children: int = Field(
        default=0, ge=0, le=20, description="How many get the highest rate of DLA care or PIP"
    )
    disability_premium: bool | None = Field(
        default=None,
        description="A disability premium (worked out from the disability benefits if not given)",
    )
    war_pension: bool = Field(default=False, description="Gets a war-related pension")
    disabled_band_reduction: bool = Field(
        default=False, description="Home has the disabled band reduction"
    )
    claimant_disregarded_for_discount: bool = Field(
        default=False, description="Are you ignored for council tax discounts (a carer, say)?"
    )
    partner_disregarded_for_discount: bool = Field(
        default=False, description="Is your partner ignored for council tax discounts?"
    )
    claimant_student: bool = Field(default=False, description="Are you a full-time student?")
    partner_student: bool = Field(default=False, description="Is your partner a full-time student?")
    other_adults: list[OtherAdult] = Field(
        default_factory=list, max_length=10, description="Other adults living with you"
    )

    def is_pensioner(self, scheme_year: str) -> bool:
        """Pension credit age (given, or worked out from the older adult's age in the scheme year),
        and not on Universal Credit: a claim on UC is a working-age claim (SI 2012/2885 reg. 3)."""
        if self.universal_credit:
            return False
        if self.pensioner is not None:
            return self.pensioner
        return max(self.claimant_age, self.partner_age or 0) >= pension_credit_age(scheme_year)

    def gets_disability_premium(self) -> bool:
        """Given, or worked out: someone of working age on a disability benefit, or blind, and not
        on ESA (whose components take the premium's place)."""
        if self.disability_premium is not None:
            return self.disability_premium
        on_benefit = self.claimant_disability_benefit != "none" or (
            self.partner_age is not None and self.partner_disability_benefit != "none"
        )
        blind = self.claimant_blind or (self.partner_age is not None and self.partner_blind)
        return (on_benefit or blind) and self.esa_component == "none"

    def as_caseload(self, scheme_year: str) -> Caseload:
        """This household as a caseload of one claim, with its other adults as non-dependants."""
        pensioner = self.is_pensioner(scheme_year)
        row: dict[str, object] = {
            name: getattr(self, name)
            for name in type(self).model_fields
            if name
            not in {
                "pensioner",
                "other_adults",
                "disability_premium",
                "uc_elements_monthly",
                "getting_support_since_before_may_2016",
            }
        }
        row |= {f"uc_{name}_monthly": amount for name, amount in self.uc_elements_monthly.items()}
        row |= {
            "claim_id": "household",
            "pensioner": pensioner,
            "disability_premium": self.gets_disability_premium() and not pensioner,
            "carer": self.carers > 0,
            "disabled_child_premium": self.disabled_children > 0,
            "family_premium_protected": self.getting_support_since_before_may_2016,
        }
        others = [
            {
                "claim_id": "household",
                "age": adult.age,
                "gross_weekly_income": adult.weekly_gross_income,
                "weekly_disability_benefits": adult.weekly_disability_benefits,
                "works_16_hours_or_more": adult.works_16_hours_or_more,
                "benefit": adult.benefit,
                "student": adult.student,
                "disregarded_for_discount": adult.disregarded_for_discount,
                "disability_benefit": adult.disability_benefit,
                "blind": adult.blind,
                "couple": adult.couple,
            }
            for adult in self.other_adults
        ]
        return Caseload.from_records([row], "household", others)


def household_problems(household: Household) -> list[tuple[str, str]]:
    """What does not fit together in a household's answers: (the field, what was expected)."""
    problems: list[tuple[str, str]] = []
    if household.children > 0 and household.youngest_child_age is None:
        problems.append(("youngest_child_age", "an age when there are children"))
    uc_amounts = (
        household.uc_award_monthly,
        household.uc_maximum_amount_monthly,
        household.uc_earned_income_monthly,
        household.uc_unearned_income_monthly,
        *household.uc_elements_monthly.values(),
    )
    if not household.universal_credit and any(uc_amounts):
        problems.append(("universal_credit", "yes when Universal Credit amounts are given"))
    if household.universal_credit and household.uc_maximum_amount_monthly <= 0:
        problems.append(
            ("uc_maximum_amount_monthly", "the maximum amount on your Universal Credit statement")
        )
    if household.weekly_child_care_charges > 0 and household.children == 0:
        problems.append(("weekly_child_care_charges", "0 when there are no children"))
    in_care = household.children_in_child_care
    if in_care is not None and in_care > household.children:
        problems.append(("children_in_child_care", "no more than the number of children"))
    if in_care == 0 and household.weekly_child_care_charges > 0:
        problems.append(("children_in_child_care", "1 or more, as you pay for child care"))
    if household.disabled_children > household.children:
        problems.append(("disabled_children", "no more than the number of children"))
    if household.enhanced_disability_children > household.children:
        problems.append(("enhanced_disability_children", "no more than the number of children"))
    if household.partner_age is None and (
        household.partner_weekly_hours > 0
        or household.partner_disability_benefit != "none"
        or household.partner_blind
        or household.partner_has_paid_carer
        or household.partner_disregarded_for_discount
        or household.partner_student
        or household.carers > 1
    ):
        problems.append(("partner_age", "your partner's age, as your partner's details are given"))
    problems.extend(
        (
            f"other_adults.{index}.weekly_disability_benefits",
            "no more than their income before tax (the benefits are part of it)",
        )
        for index, adult in enumerate(household.other_adults)
        if adult.weekly_disability_benefits > adult.weekly_gross_income
    )
    labels = [adult.couple for adult in household.other_adults if adult.couple is not None]
    if any(labels.count(label) > 2 for label in labels):
        problems.append(("other_adults", "each couple label on at most two other adults"))
    hours = household.claimant_weekly_hours + household.partner_weekly_hours
    if hours > 0 and household.weekly_earnings <= 0 and household.uc_earned_income_monthly <= 0:
        problems.append(("weekly_earnings", "your earnings, as hours of work are given"))
    return problems


def household_from_mapping(details: Mapping[str, object], source: str = "household") -> Household:
    """Validate a household's details (from a form or the command line), every problem at once."""
    try:
        household = Household.model_validate(dict(details))
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
    problems = [
        Problem(source, field, _answer(household, details, field), expected)
        for field, expected in household_problems(household)
    ]
    if problems:
        raise InvalidInputError(problems)
    return household


def _answer(household: Household, details: Mapping[str, object], field: str) -> str:
    """What was given for `field`, a name or an other adult's "other_adults.N.name"."""
    if field.startswith("other_adults.") and field.count(".") == 2:
        _, index, name = field.split(".")
        return str(getattr(household.other_adults[int(index)], name))
    return str(details.get(field, "(empty)"))
