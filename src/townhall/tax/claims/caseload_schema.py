"""The caseload's columns: name, type, unit, allowed values and meaning, declared once.

Validation, import and the documentation (`docs/caseload.md`) all read this table, so they cannot
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "band", "bool", "int", "money", "number", "choice", "date"]


@dataclass(frozen=True)
class Column:
    """One caseload column and the rule its values must follow."""

    name: str
    kind: ColumnKind
    description: str
    unit: str = ""
    required: bool = False
    default: object = None
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def allowed(self) -> str:
        """The allowed values in words, for errors and docs."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "date":
            return "a date, as 2026-04-01 or 01/04/2026"
        if self.kind == "band":
            return "a council tax band: A, B, C, D, E, F, G or H"
        if self.kind == "bool":
            return "true or false (also yes/no, y/n, 1/0)"
        if self.kind == "text":
            return "text"
        low = "" if self.minimum is None else f"from {self.minimum:g}"
        high = "" if self.maximum is None else f"to {self.maximum:g}"
        what = "a whole number" if self.kind == "int" else "a number"
        return " ".join(part for part in (what, low, high) if part)


# Plausible upper limits, so a slip of the keyboard (or NaN and infinity) is refused, not modelled.
MAX_WEEKLY = 20_000.0
MAX_MONTHLY = 100_000.0
MAX_CAPITAL = 100_000_000.0
DisabilityBenefit = Literal[
    "none",
    "attendance_allowance",
    "dla_care_lowest",
    "dla_care_middle",
    "dla_care_highest",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "afip",
]
DISABILITY_BENEFITS: tuple[str, ...] = DisabilityBenefit.__args__  # type: ignore[attr-defined]
ESA_COMPONENTS = ("none", "work_related_activity", "support")
# The elements of a Universal Credit award DWP reports to councils each month (the award's
# calculation, Universal Credit Regulations 2013, SI 2013/376 regs. 23-36 and Sch. 2 of the UC
# (Transitional Provisions) Regulations 2014 for transitional protection), as caseload columns
# `uc_<element>_monthly`; schemes name them in `universal_credit.disregarded_elements`.
UC_ELEMENT_WORDS = {
    "housing_element": "housing element (housing costs)",
    "child_element": "child element (all children together)",
    "disabled_child_element": "disabled child addition (all children together)",
    "carer_element": "carer element",
    "lcw_element": "limited capability for work (LCW) element",
    "lcwra_element": "limited capability for work and work-related activity (LCWRA) element",
    "child_care_element": "child care costs element",
    "transitional_protection": "transitional protection (transitional element)",
}
UC_ELEMENTS: tuple[str, ...] = tuple(UC_ELEMENT_WORDS)
# Elements a scheme's protected groups may name (`uc_limited_capability_element` and the others).
PROTECTING = frozenset({"disabled_child_element", "carer_element", "lcw_element", "lcwra_element"})

COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "text", "The claim's reference; unique in the file.", required=True),
    Column(
        "weight",
        "number",
        "How many claims this row stands for (a sample's grossing weight).",
        default=1.0,
        minimum=0.0,
    ),
    Column("ward", "text", "The ward the home is in, for breakdowns by ward.", nullable=True),
    Column("band", "band", "The home's council tax valuation band.", required=True),
    Column(
        "disabled_band_reduction",
        "bool",
        "The home gets the disabled band reduction (charged one band lower).",
        default=False,
    ),
    Column(
        "pensioner",
        "bool",
        "The claimant (or partner) has reached the qualifying age for pension credit.",
        required=True,
    ),
    Column(
        "claimant_age",
        "int",
        "The claimant's age (at the start of the scheme year). May be left out when "
        "`claimant_date_of_birth` is given.",
        unit="years",
        required=True,
        minimum=16,
        maximum=120,
    ),
    Column(
        "partner_age",
        "int",
        "The partner's age; empty when the claimant has no partner.",
        unit="years",
        nullable=True,
        minimum=16,
        maximum=120,
    ),
    Column(
        "children", "int", "Dependent children in the household.", default=0, minimum=0, maximum=20
    ),
    Column(
        "youngest_child_age",
        "int",
        "Age of the youngest dependent child; empty when there are none.",
        unit="years",
        nullable=True,
        minimum=0,
        maximum=19,
    ),
    Column(
        "children_in_child_allowance",
        "int",
        "Children a two-child limit leaves a child allowance for: those born before 6 April 2017 "
        "and up to two in all, with the exceptions the council applies (multiple births, "
        "adoption...). Read only by schemes with `two_child_limit`. Empty: every child.",
        nullable=True,
        minimum=0,
        maximum=20,
    ),
    Column(
        "passported",
        "bool",
        "The claimant gets Income Support, income-based JSA, income-related ESA or the pension "
        "credit guarantee credit, so gets maximum support without a means test.",
        default=False,
    ),
    Column(
        "weekly_earnings",
        "money",
        "Net earnings of claimant and partner.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "weekly_other_income",
        "money",
        "Other income that counts (benefits that are not disregarded, pensions, maintenance).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "capital",
        "money",
        "Savings and other capital of claimant and partner.",
        unit="£",
        default=0.0,
        minimum=0.0,
        maximum=MAX_CAPITAL,
    ),
    Column("disability_premium", "bool", "A disability premium is included.", default=False),
    Column(
        "disabled_child_premium", "bool", "A disabled child premium is included.", default=False
    ),
    Column(
        "war_pension", "bool", "The claimant or partner gets a war-related pension.", default=False
    ),
    Column("carer", "bool", "The claimant or partner is a carer (carer premium).", default=False),
    Column(
        "non_dependants",
        "int",
        "Other adults living in the home (grown-up children, relatives) who are not the partner.",
        default=0,
        minimum=0,
        maximum=10,
    ),
    Column(
        "non_dependant_gross_weekly_income",
        "money",
        "Gross income of each non-dependant.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "non_dependants_passported",
        "bool",
        "The non-dependants get Income Support, income-based JSA/ESA or pension credit "
        "(no deduction).",
        default=False,
    ),
    Column(
        "universal_credit",
        "bool",
        "The claimant (or partner) has an award of Universal Credit. A claim on Universal Credit "
        "is a working-age claim whatever the ages (SI 2012/2885 reg. 3).",
        default=False,
    ),
    Column(
        "uc_maximum_amount_monthly",
        "money",
        "Universal Credit maximum amount (standard allowance and elements) as DWP reports it.",
        unit="£ a month",
        default=0.0,
        minimum=0.0,
        maximum=MAX_MONTHLY,
    ),
    Column(
        "uc_award_monthly",
        "money",
        "Universal Credit award (what DWP pays) as DWP reports it.",
        unit="£ a month",
        default=0.0,
        minimum=0.0,
        maximum=MAX_MONTHLY,
    ),
    Column(
        "uc_earned_income_monthly",
        "money",
        "Earned income DWP took into account for Universal Credit.",
        unit="£ a month",
        default=0.0,
        minimum=0.0,
        maximum=MAX_MONTHLY,
    ),
    Column(
        "uc_unearned_income_monthly",
        "money",
        "Unearned income DWP took into account for Universal Credit (including its assumed "
        "income from capital).",
        unit="£ a month",
        default=0.0,
        minimum=0.0,
        maximum=MAX_MONTHLY,
    ),
    *(
        Column(
            f"uc_{element}_monthly",
            "money",
            f"The Universal Credit {words} in the award, as DWP reports it: a scheme may take "
            "it off the award it counts as income"
            + (", or protect a household whose award has it." if element in PROTECTING else "."),
            unit="£ a month",
            default=0.0,
            minimum=0.0,
            maximum=MAX_MONTHLY,
        )
        for element, words in UC_ELEMENT_WORDS.items()
    ),
    Column(
        "reached_pension_age_before_april_2021",
        "bool",
        "For pensioners from 2021/22: the claimant or partner reached pension age before "
        "1 April 2021. Empty: worked out from the elder's age (born before 1 April 1955).",
        nullable=True,
    ),
    Column(
        "claimant_disability_benefit",
        "choice",
        "The claimant's disability benefit, if any.",
        default="none",
        choices=DISABILITY_BENEFITS,
    ),
    Column(
        "partner_disability_benefit",
        "choice",
        "The partner's disability benefit, if any.",
        default="none",
        choices=DISABILITY_BENEFITS,
    ),
    Column("claimant_blind", "bool", "The claimant is registered blind.", default=False),
    Column("partner_blind", "bool", "The partner is registered blind.", default=False),
    Column(
        "claimant_has_paid_carer",
        "bool",
        "Someone gets Carer's Allowance or the UC carer element for caring for the claimant.",
        default=False,
    ),
    Column(
        "partner_has_paid_carer",
        "bool",
        "Someone gets Carer's Allowance or the UC carer element for caring for the partner.",
        default=False,
    ),
    Column(
        "esa_component",
        "choice",
        "The Employment and Support Allowance component of the claimant or partner, if any.",
        default="none",
        choices=ESA_COMPONENTS,
    ),
    Column(
        "esa_claim_from_april_2017",
        "bool",
        "The ESA claim with a work-related activity component was made in April 2017 or later, on "
        "or after the date the scheme names (1 April 2017 in most council schemes): a scheme with "
        "`work_related_activity_component_before_april_2017` then gives no component.",
        default=False,
    ),
    Column(
        "family_premium_protected",
        "bool",
        "The claim has been in payment since before 1 May 2016 with a child or young person in "
        "the family, with no new claim since: from 2016/17 the prescribed pensioner scheme gives "
        "the family premium only to such claims (SI 2015/2041 reg. 3), and so does a scheme with "
        "`family_premium_protected_only`.",
        default=False,
    ),
    Column(
        "carers",
        "int",
        "How many of claimant and partner are carers (Carer's Allowance): a carer premium each. "
        "Empty: 1 when `carer` is true, else 0.",
        nullable=True,
        minimum=0,
        maximum=2,
    ),
    Column(
        "disabled_children",
        "int",
        "Children getting DLA or PIP, or blind: a disabled child premium each. "
        "Empty: 1 when `disabled_child_premium` is true, else 0.",
        nullable=True,
        minimum=0,
        maximum=20,
    ),
    Column(
        "enhanced_disability_children",
        "int",
        "Children on the highest rate of DLA care or the enhanced rate of PIP daily living.",
        default=0,
        minimum=0,
        maximum=20,
    ),
    Column(
        "claimant_weekly_hours",
        "number",
        "The claimant's hours of paid work a week.",
        unit="hours",
        default=0.0,
        minimum=0.0,
        maximum=168.0,
    ),
    Column(
        "partner_weekly_hours",
        "number",
        "The partner's hours of paid work a week.",
        unit="hours",
        default=0.0,
        minimum=0.0,
        maximum=168.0,
    ),
    Column(
        "weekly_child_care_charges",
        "money",
        "Registered child care the household pays for while at work.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "children_in_child_care",
        "int",
        "How many children the child care charges are paid for: the limit is £175 a week for one, "
        "£300 for two or more (SI 2012/2886 Sch. para 57(3); SI 2012/2885 Sch. 1 para 24(3)). "
        "Empty: every child.",
        nullable=True,
        minimum=0,
        maximum=20,
    ),
    Column(
        "weekly_child_benefit",
        "money",
        "Child Benefit received (not income unless the scheme says so).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "weekly_child_maintenance",
        "money",
        "Child maintenance received (not income unless the scheme says so).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "weekly_war_pension",
        "money",
        "War disablement or war widow's pension received (counts less the scheme's disregard).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "weekly_disability_benefits",
        "money",
        "DLA, PIP, Attendance Allowance or AFIP received (never income).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "claimant_disregarded_for_discount",
        "bool",
        "The claimant is disregarded for council tax discounts (a student, a carer, severely "
        "mentally impaired: LGFA 1992 Sch. 1).",
        default=False,
    ),
    Column(
        "partner_disregarded_for_discount",
        "bool",
        "The partner is disregarded for council tax discounts.",
        default=False,
    ),
    Column(
        "claimant_student",
        "bool",
        "The claimant is a student (Default Scheme Regulations Sch. 1 para 75(1), at any age): "
        "disregarded for discounts, and the home may have the 100% second adult rebate (SI "
        "2012/2885 Sch. 3 para 1 Table (c)).",
        default=False,
    ),
    Column(
        "partner_student",
        "bool",
        "The partner is a student (as `claimant_student`).",
        default=False,
    ),
    Column(
        "claimant_date_of_birth",
        "date",
        "The claimant's date of birth: gives `claimant_age` at the start of the scheme year.",
        nullable=True,
    ),
    Column(
        "partner_date_of_birth",
        "date",
        "The partner's date of birth: gives `partner_age` at the start of the scheme year.",
        nullable=True,
    ),
    Column(
        "actual_liability_yearly",
        "money",
        "The council's own figure for the year's liability after discounts (for reconciling, "
        "or to run on actual liability).",
        unit="£ a year",
        nullable=True,
        minimum=0.0,
        maximum=MAX_CAPITAL,
    ),
    Column(
        "current_award_yearly",
        "money",
        "The award the council's system gives now, for reconciling.",
        unit="£ a year",
        nullable=True,
        minimum=0.0,
        maximum=MAX_CAPITAL,
    ),
)

COLUMN_BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}

NonDependantBenefit = Literal[
    "none",
    "pension_credit",
    "income_support_jsa_esa",
    "universal_credit_no_earnings",
    "universal_credit_with_earnings",
]
NON_DEPENDANT_BENEFITS: tuple[str, ...] = NonDependantBenefit.__args__  # type: ignore[attr-defined]

# The non-dependants file: one row for each other adult (not the partner) who lives in the home.
NON_DEPENDANT_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "text", "The claim this non-dependant lives with.", required=True),
    Column(
        "age",
        "int",
        "The non-dependant's age; empty: an adult of 18 or over.",
        unit="years",
        nullable=True,
        minimum=0,
        maximum=120,
    ),
    Column(
        "gross_weekly_income",
        "money",
        "Their gross income.",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "weekly_disability_benefits",
        "money",
        "Attendance Allowance, DLA, PIP or AFIP they get, included in gross_weekly_income: left "
        "out of the income that sets their deduction and the second adult rebate (SI 2012/2885 "
        "Sch. 1 para 8(9)(a), Sch. 3 para 2(a)).",
        unit="£ a week",
        default=0.0,
        minimum=0.0,
        maximum=MAX_WEEKLY,
    ),
    Column(
        "works_16_hours_or_more",
        "bool",
        "In paid work of 16 hours or more a week (remunerative work). Empty: true when they have "
        "gross income besides disability benefits.",
        nullable=True,
    ),
    Column(
        "benefit",
        "choice",
        "A benefit that may exempt them from a deduction.",
        default="none",
        choices=NON_DEPENDANT_BENEFITS,
    ),
    Column("student", "bool", "A full-time student.", default=False),
    Column(
        "disregarded_for_discount",
        "bool",
        "Disregarded for council tax discounts (a carer, severely mentally impaired...).",
        default=False,
    ),
    Column(
        "disability_benefit",
        "choice",
        "Their disability benefit, if any.",
        default="none",
        choices=DISABILITY_BENEFITS,
    ),
    Column("blind", "bool", "Registered blind.", default=False),
    Column(
        "couple",
        "text",
        "A label shared by two non-dependants of one claim who are a couple.",
        nullable=True,
    ),
)
NON_DEPENDANT_COLUMN_BY_NAME: dict[str, Column] = {c.name: c for c in NON_DEPENDANT_COLUMNS}


def markdown_table(columns: tuple[Column, ...] = COLUMNS) -> str:
    """A schema as a Markdown table in docs/caseload.md (a test keeps the two the same)."""
    lines = [
        "| column | required | unit | allowed values | default | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for column in columns:
        if column.required:
            required, default = "yes", ""
        else:
            required = "no"
            default = "empty" if column.nullable else str(column.default).lower()
        lines.append(
            f"| `{column.name}` | {required} | {column.unit} | {column.allowed()} | {default} "
            f"| {column.description} |"
        )
    return "\n".join(lines) + "\n"
