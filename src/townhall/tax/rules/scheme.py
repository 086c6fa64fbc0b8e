"""A Council Tax Support scheme as data: pydantic models over a TOML file, every figure sourced.

A scheme holds the council's charges, the prescribed pensioner means test (which no council may
change), the working-age means test and the working-age levers a council chooses. A scheme file may
`extends` a bundled scheme and state only what differs, as a reform overlay.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from datetime import date
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.input_files import read_utf8
from townhall.problems import InvalidInputError, Problem
from townhall.tax.bands import BANDS
from townhall.tax.rules.dated import FIRST_YEAR, LAST_YEAR, figures_in_force
from townhall.tax.rules.scheme_problems import scheme_problems

T = TypeVar("T")

Fraction01 = Annotated[float, Field(ge=0.0, le=1.0)]
Pounds = Annotated[float, Field(ge=0.0)]
Band = Literal["A", "B", "C", "D", "E", "F", "G", "H"]
BandCap = Literal["A", "B", "C", "D", "E", "F", "G", "H", "none"]
HouseholdType = Literal["single", "couple", "family_one_child", "family_two_or_more_children"]
# An income grid's columns: the four household types, and finer columns a grid may add.
GridColumn = Literal[
    "single",
    "couple",
    "family_one_child",
    "family_two_or_more_children",
    "family_three_or_more_children",
    "lone_parent_one_child",
    "lone_parent_two_or_more_children",
    "lone_parent_three_or_more_children",
    "couple_one_child",
    "couple_two_or_more_children",
    "couple_three_or_more_children",
]
# The households a grid tells apart, each with the columns that may hold its share, most specific
# first: a household takes the first of its columns the grid has (`IncomeBand.column_for`), so a
# grid with only the four household types reads as it always has. In `means_test.household_kind`
# order.
GRID_HOUSEHOLDS: dict[str, tuple[GridColumn, ...]] = {
    "single": ("single",),
    "couple": ("couple",),
    "lone parent with one child": ("lone_parent_one_child", "family_one_child"),
    "lone parent with two children": (
        "lone_parent_two_or_more_children",
        "family_two_or_more_children",
    ),
    "lone parent with three or more children": (
        "lone_parent_three_or_more_children",
        "lone_parent_two_or_more_children",
        "family_three_or_more_children",
        "family_two_or_more_children",
    ),
    "couple with one child": ("couple_one_child", "family_one_child"),
    "couple with two children": ("couple_two_or_more_children", "family_two_or_more_children"),
    "couple with three or more children": (
        "couple_three_or_more_children",
        "couple_two_or_more_children",
        "family_three_or_more_children",
        "family_two_or_more_children",
    ),
}
ProtectedGroup = Literal[
    "child_under_age",
    "disability_premium",
    "disabled_child_premium",
    "war_pension",
    "carer",
    "lone_parent",
    "lone_parent_child_under_age",
    "disability_benefit",
    "esa_component",
    "uc_limited_capability_element",
    "uc_disabled_child_element",
    "uc_carer_element",
]
# The Universal Credit elements DWP reports each month (the caseload's `uc_<element>_monthly`,
# `claims.caseload_schema.UC_ELEMENTS`), which a scheme may disregard from the award it counts.
UcElement = Literal[
    "housing_element",
    "child_element",
    "disabled_child_element",
    "carer_element",
    "lcw_element",
    "lcwra_element",
    "child_care_element",
    "transitional_protection",
]
HOUSEHOLD_TYPES: tuple[HouseholdType, ...] = HouseholdType.__args__  # type: ignore[attr-defined]
GRID_COLUMNS: tuple[GridColumn, ...] = GridColumn.__args__  # type: ignore[attr-defined]
PROTECTED_GROUPS: tuple[str, ...] = ProtectedGroup.__args__  # type: ignore[attr-defined]
UC_ELEMENTS: tuple[str, ...] = UcElement.__args__  # type: ignore[attr-defined]


class Strict(BaseModel):
    """A model that rejects unknown keys, so a misspelt parameter is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict, Generic[T]):
    """A parameter's value with where it comes from (legislation, a council's scheme document)."""

    value: T
    source: str = Field(min_length=3)
    note: str | None = None


class Council(Strict):
    """The billing authority: its Band D charge, precepts and its own discounts and premiums."""

    name: str
    # The authority's GSS code (E06/E07/E08/E09 and seven digits): ties the scheme to the register of
    # billing authorities; when absent the register matches the scheme by its council's name.
    ons_code: Annotated[str, Field(pattern=r"^E0[6-9]\d{6}$")] | None = None
    band_d_yearly: Sourced[Pounds]
    precepts_band_d_yearly: Sourced[dict[str, Pounds]] | None = None
    second_home_discount: Sourced[Annotated[float, Field(ge=-3.0, le=1.0)]] | None = None
    empty_home_discount: Sourced[Annotated[float, Field(ge=-3.0, le=1.0)]] | None = None
    tax_base_band_d: Sourced[Annotated[float, Field(gt=0.0)]] | None = None

    def band_d_total_yearly(self) -> float:
        """Band D of the billing authority plus every precept."""
        precepts = self.precepts_band_d_yearly.value if self.precepts_band_d_yearly else {}
        return self.band_d_yearly.value + sum(precepts.values())

    def own_share(self) -> float:
        """The billing authority's own share of the bill (its Band D over the whole Band D): what
        it keeps of every pound charged, the rest going to the preceptors."""
        return self.band_d_yearly.value / self.band_d_total_yearly()


class ApplicableAmounts(Strict):
    """Weekly personal allowances and premiums: what the law says a household needs to live on."""

    single_weekly: Sourced[Pounds]
    single_under_25_weekly: Sourced[Pounds] | None = None
    single_under_65_weekly: Sourced[Pounds] | None = None
    couple_weekly: Sourced[Pounds]
    couple_under_65_weekly: Sourced[Pounds] | None = None
    lone_parent_weekly: Sourced[Pounds] | None = None
    child_weekly: Sourced[Pounds]
    family_premium_weekly: Sourced[Pounds]
    # Only claims protected since before 1 May 2016 get the family premium (SI 2015/2041 reg. 3;
    # the caseload's `family_premium_protected`): the prescribed scheme's rule from 2016/17.
    family_premium_protected_only: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False, source="the family premium goes to every family with a child"
        )
    )
    disability_premium_single_weekly: Sourced[Pounds]
    disability_premium_couple_weekly: Sourced[Pounds]
    disabled_child_premium_weekly: Sourced[Pounds]  # for each disabled child
    carer_premium_weekly: Sourced[Pounds]  # for each carer
    # Pensioners from 2021/22: the lower rates for those who reached pension age on or after
    # 1 April 2021 (a couple only when both did): SI 2012/2885 Sch. 2 para 1 as amended by SI 2021/29.
    single_pension_age_from_april_2021_weekly: Sourced[Pounds] | None = None
    couple_pension_age_from_april_2021_weekly: Sourced[Pounds] | None = None
    # Premiums a scheme may leave out (not stated: not applied, and listed as not stated).
    severe_disability_premium_weekly: Sourced[Pounds] | None = None  # single rate; double is twice
    enhanced_disability_premium_single_weekly: Sourced[Pounds] | None = None
    enhanced_disability_premium_couple_weekly: Sourced[Pounds] | None = None
    enhanced_disability_premium_child_weekly: Sourced[Pounds] | None = None  # for each child
    work_related_activity_component_weekly: Sourced[Pounds] | None = None
    support_component_weekly: Sourced[Pounds] | None = None


class EarningsDisregards(Strict):
    """Weekly earnings ignored before the taper, by household, and the disregards for work."""

    single_weekly: Sourced[Pounds]
    couple_weekly: Sourced[Pounds]
    lone_parent_weekly: Sourced[Pounds]
    disability_or_carer_weekly: Sourced[Pounds]
    additional_weekly: Sourced[Pounds] | None = None  # the additional earnings disregard
    child_care_one_child_weekly: Sourced[Pounds] | None = None  # child care charges' limit
    child_care_two_or_more_weekly: Sourced[Pounds] | None = None


class IncomeDisregards(Strict):
    """Income received that counts only in part, or not at all, under this means test."""

    war_pension_weekly: Sourced[Pounds] | None = None  # ignored of a war pension each week
    child_benefit_counts: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=False, source="child benefit is not income")
    )
    child_maintenance_counts: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=False, source="child maintenance is not income")
    )
    # A fixed sum a week off the counted income of working-age households in any of the groups
    # `disability_for` names (Ashford's, Folkestone & Hythe's and North Yorkshire's £40).
    disability_weekly: Sourced[Pounds] | None = None
    disability_for: Sourced[list[ProtectedGroup]] | None = None

    @model_validator(mode="after")
    def _disability_disregard_whole(self) -> IncomeDisregards:
        if (self.disability_weekly is None) != (self.disability_for is None):
            raise ValueError("disability_weekly and disability_for go together: state both")
        aged = {"child_under_age", "lone_parent_child_under_age"}
        if self.disability_for is not None and aged & set(self.disability_for.value):
            raise ValueError("disability_for takes no group that needs a child's age")
        return self


UcIncomePart = Literal["award", "earned", "unearned"]
UcPassported = Literal["none", "no_earned_income", "all"]
NonDependantExemption = Literal[
    "pension_credit",
    "income_support_jsa_esa",
    "universal_credit_no_earnings",
    "student",
    "disregarded_for_discount",
    # Universal Credit without earned income, the non-dependant's age given and under 25.
    "universal_credit_no_earnings_under_25",
    # Universal Credit, with or without earned income.
    "universal_credit",
]
NON_DEPENDANT_EXEMPTIONS: tuple[str, ...] = NonDependantExemption.__args__  # type: ignore[attr-defined]
# Whose claims bear no non-dependant deduction at all: a claimant or partner who is blind or on a
# care benefit (AA, DLA care, PIP daily living, AFIP), as the prescribed scheme says; one who would
# get a disability premium; or nobody.
NonDependantWaiver = Literal["blind_or_care_benefit", "disability_premium", "none"]
_DEFAULT_SCHEME_UC = (
    "SI 2012/2886 Sch. para 28 (applicable amount) and para 37 (income and capital)"
)


class UniversalCredit(Strict):
    """How claims on Universal Credit are means-tested, from what DWP reports (monthly × 12 ÷ 52).

    Absent from a scheme, the default scheme's treatment applies: the UC maximum amount is the
    applicable amount and the award plus DWP's earned and unearned income is the income."""

    applicable_amount: Sourced[Literal["uc_maximum", "scheme"]] = Field(
        default_factory=lambda: Sourced(value="uc_maximum", source=_DEFAULT_SCHEME_UC)
    )
    income: Sourced[list[UcIncomePart]] = Field(
        default_factory=lambda: Sourced(
            value=["award", "earned", "unearned"], source=_DEFAULT_SCHEME_UC
        )
    )
    earnings_disregards: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=False, source=_DEFAULT_SCHEME_UC)
    )
    tariff_income: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False,
            source=_DEFAULT_SCHEME_UC,
            note="DWP's unearned income already includes its assumed income from capital",
        )
    )
    passported: Sourced[UcPassported] = Field(
        default_factory=lambda: Sourced(value="none", source=_DEFAULT_SCHEME_UC)
    )
    # The award counted as income is first reduced by these elements of it (never below 0).
    disregarded_elements: Sourced[list[UcElement]] = Field(
        default_factory=lambda: Sourced(value=[], source=_DEFAULT_SCHEME_UC)
    )
    # An earnings contribution: of DWP's earned income, only the share above a weekly threshold
    # counts (the default, 1 above £0, counts it all).
    earned_income_above_weekly: Sourced[Pounds] = Field(
        default_factory=lambda: Sourced(value=0.0, source=_DEFAULT_SCHEME_UC)
    )
    earned_income_share: Sourced[Fraction01] = Field(
        default_factory=lambda: Sourced(value=1.0, source=_DEFAULT_SCHEME_UC)
    )


class Capital(Strict):
    """Capital rules: no support above the upper limit; tariff income above the lower limit."""

    upper_limit: Sourced[Pounds]
    lower_limit: Sourced[Pounds]
    tariff_step: Sourced[Annotated[float, Field(gt=0.0)]]  # £ of capital per £1 a week of income
    # true: no support with capital of the upper limit or more ("of £6,000 or more"), not only
    # above it (also for the protected groups' own limit).
    upper_limit_inclusive: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False,
            source="SI 2012/2885 Sch. 1 para 11 and SI 2012/2886 para 17: capital 'exceeds' the limit",
        )
    )

    @model_validator(mode="after")
    def _limits_in_order(self) -> Capital:
        if self.lower_limit.value > self.upper_limit.value:
            raise ValueError("lower_limit must not exceed upper_limit")
        return self


class NonDependantBand(Strict):
    """A non-dependant deduction that applies from a gross weekly income upward."""

    from_gross_weekly_income: Pounds
    deduction_weekly: Pounds


class SecondAdultRebateBand(Strict):
    """Second adult rebate for a second adult whose gross weekly income is below a limit."""

    below_gross_weekly_income: Pounds
    rate: Fraction01


class SecondAdultRebate(Strict):
    """Support of a share of liability based on a second adult's low income (CTB's AMCTB)."""

    enabled: Sourced[bool]
    passported_rate: Sourced[Fraction01]
    bands: Sourced[list[SecondAdultRebateBand]]
    # true: a second adult on Universal Credit calculated with no earned income is on a passporting
    # benefit for the passported rate too (Table (a) of schemes that add it; not the prescribed one).
    universal_credit_no_earnings_passported: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False,
            source="SI 2012/2885 Sch. 3 para 1 Table (a): IS, income-related ESA, state pension "
            "credit or income-based JSA",
        )
    )


class MeansTest(Strict):
    """The means test shared by pensioner and working-age schemes."""

    applicable_amounts: ApplicableAmounts
    # A child allowance only for the children a two-child limit leaves one for (the caseload's
    # `children_in_child_allowance`); the family premium and disabled child premiums still count.
    two_child_limit: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=False, source="a child allowance for every child")
    )
    # true: no work-related activity component for an ESA claim made from April 2017 (the
    # caseload's `esa_claim_from_april_2017`).
    work_related_activity_component_before_april_2017: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False, source="the component for every claim in the work-related activity group"
        )
    )
    earnings_disregards: EarningsDisregards
    capital: Capital
    taper: Sourced[Fraction01]
    non_dependant_deductions: Sourced[list[NonDependantBand]]  # in paid work 16 hours or more
    non_dependant_deduction_not_in_work_weekly: Sourced[Pounds] | None = None  # else lowest band
    non_dependant_exemptions: Sourced[list[NonDependantExemption]] = Field(
        default_factory=lambda: Sourced(
            value=[
                "pension_credit",
                "income_support_jsa_esa",
                "universal_credit_no_earnings",
                "student",
                "disregarded_for_discount",
            ],
            source="SI 2012/2885 Sch. 1 para 8(7)-(8) as amended, as reproduced in Milton Keynes "
            "Council Tax Reduction Scheme 2026/27, Sch. P1 para 8: no deduction for a full-time "
            "student, a non-dependant on income support, state pension credit, income-based JSA "
            "or income-related ESA, one disregarded for council tax discounts, or one on "
            "Universal Credit calculated without earned income",
        )
    )
    # A non-dependant not in paid work of 16 hours or more bears the band for their gross income
    # too, instead of the not-in-work amount.
    non_dependant_not_in_work_banded: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False,
            source="SI 2012/2885 Sch. 1 para 8(1)(b): the not-in-work amount for any other "
            "non-dependant",
        )
    )
    # true: each member of a non-dependant couple bears a deduction of their own, on their own
    # income and work (not one for the couple on their joint income).
    non_dependant_couple_each: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False,
            source="SI 2012/2885 Sch. 1 para 8(3)-(4): one deduction for a couple, on their joint "
            "income",
        )
    )
    non_dependant_waiver: Sourced[NonDependantWaiver] = Field(
        default_factory=lambda: Sourced(
            value="blind_or_care_benefit",
            source="SI 2012/2885 Sch. 1 para 8(6): no deduction where the claimant or partner is "
            "blind or receives attendance allowance, the care component of DLA, the daily living "
            "component of PIP or armed forces independence payment",
        )
    )
    second_adult_rebate: SecondAdultRebate
    income_disregards: IncomeDisregards = Field(default_factory=IncomeDisregards)
    universal_credit: UniversalCredit = Field(default_factory=UniversalCredit)

    @model_validator(mode="after")
    def _non_dependant_bands_rise(self) -> MeansTest:
        starts = [band.from_gross_weekly_income for band in self.non_dependant_deductions.value]
        if starts != sorted(starts) or (starts and starts[0] != 0):
            raise ValueError("non-dependant deduction bands must start at 0 and rise")
        return self


class IncomeBand(Strict):
    """One row of an income-banded grid: the discount for each household type up to an income."""

    # 0 for a band of no income at all (the first band only, as limits rise strictly).
    up_to_weekly_income: Annotated[float, Field(ge=0.0)]
    discount: dict[GridColumn, Fraction01]

    def column_for(self, household: str) -> GridColumn | None:
        """The column that holds a `GRID_HOUSEHOLDS` household's share: the first of its columns
        this band has (None if it has none)."""
        return next((c for c in GRID_HOUSEHOLDS[household] if c in self.discount), None)

    def share_for(self, household: str) -> float:
        """A `GRID_HOUSEHOLDS` household's share in this band (its column must be there)."""
        column = self.column_for(household)
        assert column is not None, "validated by IncomeGrid"
        return self.discount[column]


class IncomeGrid(Strict):
    """An income-banded scheme: support is a share of liability by income and household. Each
    band's limit may rise by a weekly amount for each child, up to a number of children, and by
    another for a partner."""

    bands: Sourced[list[IncomeBand]]
    child_increment_weekly: Sourced[Pounds] | None = None
    child_increment_children: Sourced[Annotated[int, Field(ge=1, le=20)]] | None = None
    partner_increment_weekly: Sourced[Pounds] | None = None

    @model_validator(mode="after")
    def _grid_is_complete(self) -> IncomeGrid:
        limits = [band.up_to_weekly_income for band in self.bands.value]
        if limits != sorted(limits) or len(set(limits)) != len(limits):
            raise ValueError("income bands must rise strictly")
        if not limits or not math.isinf(limits[-1]):
            raise ValueError("the last income band must be open-ended (up_to_weekly_income = inf)")
        columns = set(self.bands.value[0].discount) if limits else set()
        for band in self.bands.value:
            if set(band.discount) != columns:
                raise ValueError(
                    f"income band up to {band.up_to_weekly_income} has columns "
                    f"{sorted(band.discount)}, the first band {sorted(columns)}: every band "
                    "needs the same columns"
                )
            for household, choices in GRID_HOUSEHOLDS.items():
                if band.column_for(household) is None:
                    raise ValueError(
                        f"income band up to {band.up_to_weekly_income} has no column for a "
                        f"{household}: give {' or '.join(choices)}"
                    )
        for household in GRID_HOUSEHOLDS:
            shares = [band.share_for(household) for band in self.bands.value]
            if any(later > earlier for earlier, later in pairwise(shares)):
                raise ValueError(f"the {household} discount must not rise as income rises")
        if self.child_increment_children is not None and self.child_increment_weekly is None:
            raise ValueError("child_increment_children needs child_increment_weekly")
        return self

    def child_increment(self) -> tuple[float, int]:
        """The weekly rise in every limit for each child, and the most children that count
        (no increment: 0 for up to 0 children)."""
        if self.child_increment_weekly is None:
            return 0.0, 0
        most = self.child_increment_children
        return self.child_increment_weekly.value, 127 if most is None else most.value

    def partner_increment(self) -> float:
        """The weekly rise in every limit for a claimant with a partner (0 if none)."""
        return 0.0 if self.partner_increment_weekly is None else self.partner_increment_weekly.value


class Levers(Strict):
    """What a council chooses for working-age claimants since April 2013."""

    minimum_contribution: Sourced[Fraction01]
    # The share the protected groups pay instead (default none).
    protected_minimum_contribution: Sourced[Fraction01] = Field(
        default_factory=lambda: Sourced(value=0.0, source="the protected groups pay no share")
    )
    # A share of the award, once worked out with the taper (or grid) and non-dependant
    # deductions, withheld at the end: for working-age claims outside the protected groups, and
    # for those in them.
    award_reduction: Sourced[Fraction01] = Field(
        default_factory=lambda: Sourced(value=0.0, source="no reduction after the taper")
    )
    protected_award_reduction: Sourced[Fraction01] = Field(
        default_factory=lambda: Sourced(value=0.0, source="no reduction after the taper")
    )
    # true: an income grid's share is of the maximum support left after non-dependant deductions
    # ((liability − deductions) × band %), not of liability with the deductions taken after.
    income_grid_after_deductions: Sourced[bool] = Field(
        default_factory=lambda: Sourced(
            value=False, source="the grid's share of liability, less the deductions"
        )
    )
    band_cap: Sourced[BandCap] = Field(
        default_factory=lambda: Sourced(value="none", source="no band cap")
    )
    # The cap is this share of the cap band's charge (e.g. 0.8: "80% of the Band B charge").
    band_cap_share: Sourced[Annotated[float, Field(gt=0.0, le=1.0)]] = Field(
        default_factory=lambda: Sourced(value=1.0, source="the whole of the cap band's charge")
    )
    # true: the cap band's charge less the home's own discount (as if the home were in that band);
    # false: the lower of the home's bill after discounts and the cap band's undiscounted charge.
    band_cap_after_discounts: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=True, source="the home's discount applies to the cap")
    )
    # true: households in the protected groups are not band-capped.
    band_cap_exempts_protected: Sourced[bool] = Field(
        default_factory=lambda: Sourced(value=False, source="the cap applies to every household")
    )
    minimum_award_weekly: Sourced[Pounds]
    protected_groups: Sourced[list[ProtectedGroup]]
    protected_child_under_age: Sourced[Annotated[int, Field(ge=1, le=19)]] | None = None
    income_grid: IncomeGrid | None = None
    # A second grid for households in the protected groups (in place of `income_grid`).
    protected_income_grid: IncomeGrid | None = None
    # A higher capital limit for households in the protected groups (working age).
    protected_capital_upper_limit: Sourced[Pounds] | None = None

    @model_validator(mode="after")
    def _child_age_given(self) -> Levers:
        groups = self.protected_groups.value
        for group in ("child_under_age", "lone_parent_child_under_age"):
            if group in groups and self.protected_child_under_age is None:
                raise ValueError(f"protected group {group} needs protected_child_under_age")
        if self.protected_income_grid is not None and self.income_grid is None:
            raise ValueError("protected_income_grid needs an income_grid for everyone else")
        return self

    @property
    def default_band_cap(self) -> bool:
        """Whether the cap is the whole cap band's charge less the home's discount (the band cap
        as Townhall first applied it)."""
        return self.band_cap_share.value == 1.0 and self.band_cap_after_discounts.value


class Scheme(Strict):
    """A whole scheme: the council, the pensioner and working-age means tests, and the levers."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    year: str = Field(pattern=r"^\d{4}/\d{2}$")
    description: str = ""
    # What the council's document sets that this file could not state (unknown, or beyond the
    # vocabulary), in words: a scheme with any is incomplete, and totals say so.
    missing: list[str] = Field(default_factory=list)
    council: Council
    pensioner: MeansTest
    working_age: MeansTest
    levers: Levers

    @property
    def complete(self) -> bool:
        """Whether the file states everything its council's document sets."""
        return not self.missing

    @property
    def start_date(self) -> date:
        """The first day of the scheme's year: 1 April of its first calendar year."""
        return date(int(self.year[:4]), 4, 1)


SCHEMES_PACKAGE = "townhall.tax.schemes"
BASES_FOLDER = "bases"


def bundled_scheme_names() -> list[str]:
    """Names of the schemes shipped with Townhall."""
    folder = resources.files(SCHEMES_PACKAGE)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def base_names() -> list[str]:
    """Names of the shared bases (`schemes/bases/`): figures many councils print alike, which a
    scheme may `extends` but which are no council's scheme, so never listed or loaded alone."""
    folder = resources.files(SCHEMES_PACKAGE).joinpath(BASES_FOLDER)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def _parent_text(name: str) -> str:
    """The TOML text of a bundled scheme or shared base that a scheme extends."""
    folder = resources.files(SCHEMES_PACKAGE)
    if name in base_names():
        folder = folder.joinpath(BASES_FOLDER)
    return folder.joinpath(f"{name}.toml").read_text(encoding="utf-8")


def bundled_names_hint(given: str) -> str:
    """The bundled names to offer for an unknown one: all of them while they are few, else the
    nearest few and where to see the rest."""
    names = bundled_scheme_names()
    if len(names) <= 15:
        return f"one of {', '.join(names)}"
    near = difflib.get_close_matches(given.lower(), names, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    return f"{hint}one of the bundled schemes (`townhall tax schemes` lists them)"


def load_bundled_scheme(name: str) -> Scheme:
    """Load a bundled scheme by name, e.g. `birmingham-2013`."""
    if name not in bundled_scheme_names():
        raise InvalidInputError(
            [Problem(source="scheme", field="name", value=name, expected=bundled_names_hint(name))]
        )
    return _validated(_resolved_data(name, chain=()), f"{name} (bundled)")


def load_scheme(path_or_name: str | Path) -> Scheme:
    """Load a scheme from a TOML file, or a bundled scheme when given a bundled name."""
    text = str(path_or_name)
    if not text.endswith(".toml") and text in bundled_scheme_names():
        return load_bundled_scheme(text)
    path = Path(path_or_name)
    if not path.exists():
        raise InvalidInputError(
            [
                Problem(
                    source=str(path),
                    field="file",
                    value=str(path),
                    expected=f"a scheme file or {bundled_names_hint(str(path))}",
                )
            ]
        )
    return scheme_from_toml(read_utf8(path, "a scheme file (.toml)"), str(path))


def scheme_from_toml(text: str, source: str) -> Scheme:
    """Parse and validate a scheme's TOML text; `source` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            [Problem(source=source, field="(file)", value="", expected=f"valid TOML: {error}")]
        ) from None
    parent = data.pop("extends", None)
    if parent is not None:
        if parent not in bundled_scheme_names() + base_names():
            bases = ", ".join(base_names())
            raise InvalidInputError(
                [
                    Problem(
                        source=source,
                        field="extends",
                        value=str(parent),
                        expected=f"a shared base ({bases}) or a bundled scheme: "
                        f"{bundled_names_hint(str(parent))}",
                    )
                ]
            )
        data = extended(_resolved_data(parent, chain=()), data)
    return _validated(data, source)


def overlay(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Merge `changes` into `base` key by key: tables merge, other values replace."""
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and "value" not in value:
            merged[key] = overlay(merged[key], value)
        else:
            merged[key] = value
    return merged


def extended(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """A scheme that `extends` another: the child's data over the parent's. Pensioner figures are
    prescribed for each year, so a parent of another year passes none on: the child's come from
    the figures in force for its own year (or its own file). A scheme of another council takes
    nothing of the parent's council (its Band D, precepts, discounts and tax base)."""
    if child.get("year", parent.get("year")) != parent.get("year"):
        parent = {key: value for key, value in parent.items() if key != "pensioner"}
    council = child.get("council")
    child_council = council.get("name") if isinstance(council, dict) else None
    if child_council and child_council != parent.get("council", {}).get("name"):
        # Another council: none of the parent council's charges, precepts, discounts or tax base.
        parent = {key: value for key, value in parent.items() if key != "council"}
    return overlay(parent, child)


def scheme_to_data(scheme: Scheme) -> dict[str, Any]:
    """A scheme as plain data, ready to write back to TOML (None values left out)."""
    return scheme.model_dump(mode="python", exclude_none=True)


def _resolved_data(name: str, chain: tuple[str, ...]) -> dict[str, Any]:
    """A bundled scheme's (or shared base's) data with its `extends` chain applied. A base is no
    council's scheme, so it passes on no council, even one its own parent names."""
    if name in chain:
        raise InvalidInputError(
            [
                Problem(
                    source=name,
                    field="extends",
                    value=" → ".join((*chain, name)),
                    expected="no cycle",
                )
            ]
        )
    data = tomllib.loads(_parent_text(name))
    parent = data.pop("extends", None)
    resolved = extended(_resolved_data(parent, (*chain, name)), data) if parent else data
    if name in base_names():
        resolved.pop("council", None)
    return resolved


def with_figures_in_force(data: dict[str, Any]) -> dict[str, Any]:
    """Scheme data over the prescribed and default-scheme figures in force on its first day.

    What the scheme file (or the scheme it extends) states wins; everything else it leaves out of
    its pensioner and working-age means tests comes from the dated series (`rules.dated`)."""
    year = data.get("year")
    if not isinstance(year, str) or not re.fullmatch(r"\d{4}/\d{2}", year):
        return data  # validation reports the year
    start = date(int(year[:4]), 4, 1)
    base = {rules: figures_in_force(rules, start, year) for rules in ("pensioner", "working_age")}
    return overlay(base, data)


def _validated(data: dict[str, Any], source: str) -> Scheme:
    """Validate scheme data, turning every pydantic error into a Problem at once; a year the
    dated series do not cover is named as the reason its figures are missing."""
    try:
        return Scheme.model_validate(with_figures_in_force(data))
    except ValidationError as error:
        problems = scheme_problems(error, source, Scheme)
        year = data.get("year")
        if isinstance(year, str) and not FIRST_YEAR <= year <= LAST_YEAR:
            problems.insert(
                0,
                Problem(
                    source,
                    "year",
                    year,
                    f"a year from {FIRST_YEAR} to {LAST_YEAR} (the years whose prescribed and "
                    "default-scheme figures Townhall holds), or every figure stated in the file",
                ),
            )
        raise InvalidInputError(problems) from None


__all__ = [
    "BANDS",
    "GRID_COLUMNS",
    "GRID_HOUSEHOLDS",
    "HOUSEHOLD_TYPES",
    "PROTECTED_GROUPS",
    "UC_ELEMENTS",
    "Scheme",
    "base_names",
    "bundled_scheme_names",
    "load_bundled_scheme",
    "load_scheme",
    "scheme_from_toml",
]
