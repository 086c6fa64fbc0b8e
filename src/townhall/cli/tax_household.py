"""`townhall tax household`: what one household pays, asked as a resident would answer."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from townhall.cli.output import console, user_errors
from townhall.problems import InvalidInputError, Problem
from townhall.tax.claims.caseload_schema import DISABILITY_BENEFITS, UC_ELEMENTS

# Words an --other-adult description may use, and the detail each gives.
OTHER_ADULT_WORDS: dict[str, dict[str, Any]] = {
    "works": {"works_16_hours_or_more": True},
    "not-working": {"works_16_hours_or_more": False},
    "student": {"student": True},
    "pension-credit": {"benefit": "pension_credit"},
    "benefits": {"benefit": "income_support_jsa_esa"},
    "uc-no-earnings": {"benefit": "universal_credit_no_earnings"},
    "uc-earnings": {"benefit": "universal_credit_with_earnings"},
    "carer": {"disregarded_for_discount": True},
    "blind": {"blind": True},
    **{
        benefit.replace("_", "-"): {"disability_benefit": benefit}
        for benefit in DISABILITY_BENEFITS[1:]
    },
}
OTHER_ADULT_HELP = (
    "Another adult living with you (not your partner), e.g. '320,works' or 'age=19,student'. "
    "Words, comma-separated: a number (their income before tax, £ a week), age=N, "
    "disability=N (of that income, Attendance Allowance, DLA, PIP or AFIP, £ a week), "
    "couple=LABEL (the same label on two adults who are a couple), "
    + ", ".join(OTHER_ADULT_WORDS)
    + ". Repeat for each adult."
)


def uc_element(text: str) -> tuple[str, str]:
    """One --uc-element NAME=AMOUNT as (name, amount); the household's validation checks both."""
    name, equals, amount = text.partition("=")
    if not equals:
        raise InvalidInputError(
            [Problem("options", "--uc-element", text, "NAME=AMOUNT, e.g. housing_element=650")]
        )
    return name.strip().lower(), amount.strip().removeprefix("£")


def other_adult(description: str) -> dict[str, Any]:
    """One --other-adult description as the calculator's details, or a clear error."""
    details: dict[str, Any] = {}
    for word in (part.strip().lower() for part in description.split(",") if part.strip()):
        if word in OTHER_ADULT_WORDS:
            details |= OTHER_ADULT_WORDS[word]
        elif word.startswith("age=") and word[4:].isdigit():
            details["age"] = int(word[4:])
        elif word.startswith("couple=") and word[7:]:
            details["couple"] = word[7:]
        else:
            name, amount = "weekly_gross_income", word
            if word.startswith("disability="):
                name, amount = "weekly_disability_benefits", word.removeprefix("disability=")
            try:
                details[name] = float(amount.removeprefix("£").replace("_", ""))
            except ValueError:
                raise InvalidInputError(
                    [
                        Problem(
                            "options",
                            "--other-adult",
                            word,
                            "an income in £ a week, age=N, disability=N, couple=LABEL or one of "
                            + ", ".join(OTHER_ADULT_WORDS),
                        )
                    ]
                ) from None
    return details


@user_errors
def household(
    scheme: Annotated[
        str, typer.Option("--scheme", help="Scheme name or .toml file.")
    ] = "birmingham-2013",
    band: Annotated[str, typer.Option(help="Your home's council tax band, A to H.")] = "A",
    age: Annotated[int, typer.Option(help="Your age.")] = 40,
    partner_age: Annotated[
        int | None, typer.Option(help="Your partner's age, if you live with a partner.")
    ] = None,
    pensioner: Annotated[
        bool | None, typer.Option("--pensioner/--working-age", help="Override pension credit age.")
    ] = None,
    children: Annotated[int, typer.Option(help="Dependent children living with you.")] = 0,
    youngest_child_age: Annotated[
        int | None, typer.Option(help="Age of the youngest child.")
    ] = None,
    universal_credit: Annotated[
        bool, typer.Option("--universal-credit", help="You get Universal Credit.")
    ] = False,
    uc_award: Annotated[
        float, typer.Option(help="Universal Credit paid, £ a month (from your statement).")
    ] = 0.0,
    uc_maximum: Annotated[
        float,
        typer.Option(help="Universal Credit maximum amount, £ a month (from your statement)."),
    ] = 0.0,
    uc_earnings: Annotated[
        float, typer.Option(help="Earnings on your Universal Credit statement, £ a month.")
    ] = 0.0,
    uc_other_income: Annotated[
        float, typer.Option(help="Other income on your Universal Credit statement, £ a month.")
    ] = 0.0,
    uc_elements: Annotated[
        list[str] | None,
        typer.Option(
            "--uc-element",
            help="An element of your Universal Credit award, £ a month, as NAME=AMOUNT, e.g. "
            "'housing_element=650'; NAME is one of "
            + ", ".join(UC_ELEMENTS)
            + ". Repeat for each.",
        ),
    ] = None,
    passported: Annotated[
        bool,
        typer.Option(
            help="You get Income Support, income-based JSA, income-related ESA or Pension Credit "
            "guarantee credit."
        ),
    ] = False,
    weekly_earnings: Annotated[
        float, typer.Option(help="Take-home pay from work (yours and your partner's), £ a week.")
    ] = 0.0,
    hours: Annotated[float, typer.Option(help="Your hours of paid work a week.")] = 0.0,
    partner_hours: Annotated[
        float, typer.Option(help="Your partner's hours of work a week.")
    ] = 0.0,
    child_care: Annotated[
        float, typer.Option(help="What you pay for registered child care, £ a week.")
    ] = 0.0,
    children_in_child_care: Annotated[
        int | None,
        typer.Option(help="How many of the children you pay child care for (default: all)."),
    ] = None,
    child_benefit: Annotated[float, typer.Option(help="Child Benefit, £ a week.")] = 0.0,
    maintenance: Annotated[
        float, typer.Option(help="Child maintenance you receive, £ a week.")
    ] = 0.0,
    war_pension: Annotated[
        float, typer.Option(help="War disablement or war widow's pension, £ a week.")
    ] = 0.0,
    disability_benefits: Annotated[
        float, typer.Option(help="DLA, PIP or Attendance Allowance you receive, £ a week.")
    ] = 0.0,
    weekly_other_income: Annotated[
        float,
        typer.Option(
            help="Any other income (pensions, Carer's Allowance, other benefits), £ a week."
        ),
    ] = 0.0,
    capital: Annotated[float, typer.Option(help="Savings and capital, £.")] = 0.0,
    disability_benefit: Annotated[
        str, typer.Option(help="Your disability benefit: " + ", ".join(DISABILITY_BENEFITS) + ".")
    ] = "none",
    partner_disability_benefit: Annotated[
        str, typer.Option(help="Your partner's disability benefit, as --disability-benefit.")
    ] = "none",
    blind: Annotated[bool, typer.Option(help="You are registered blind.")] = False,
    partner_blind: Annotated[bool, typer.Option(help="Your partner is registered blind.")] = False,
    someone_cares_for_you: Annotated[
        bool, typer.Option(help="Someone gets Carer's Allowance for looking after you.")
    ] = False,
    someone_cares_for_partner: Annotated[
        bool, typer.Option(help="Someone gets Carer's Allowance for looking after your partner.")
    ] = False,
    esa: Annotated[
        str, typer.Option(help="Your ESA group, if you get ESA: work_related_activity or support.")
    ] = "none",
    getting_support_since_before_may_2016: Annotated[
        bool,
        typer.Option(
            help="You have had Council Tax Support since before 1 May 2016, with a child in your "
            "family, and made no new claim since (some schemes keep the family premium for you)."
        ),
    ] = False,
    carers: Annotated[
        int, typer.Option(help="How many of you (you and your partner) get Carer's Allowance.")
    ] = 0,
    disabled_children: Annotated[
        int, typer.Option(help="How many of the children get DLA or PIP, or are blind.")
    ] = 0,
    enhanced_disability_children: Annotated[
        int, typer.Option(help="How many of them get the highest rate of DLA care or of PIP.")
    ] = 0,
    student: Annotated[
        bool, typer.Option(help="You are a full-time student (ignored for council tax discounts).")
    ] = False,
    partner_student: Annotated[
        bool, typer.Option(help="Your partner is a full-time student.")
    ] = False,
    other_adults: Annotated[
        list[str] | None, typer.Option("--other-adult", help=OTHER_ADULT_HELP)
    ] = None,
    disabled_band_reduction: Annotated[
        bool, typer.Option(help="Your home has the disabled band reduction.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """What one household pays under a scheme, step by step."""
    from townhall.tax.rules.calculator import calculate_household
    from townhall.tax.rules.household import household_from_mapping
    from townhall.tax.rules.scheme import load_scheme

    details: dict[str, Any] = {
        "band": band.upper(),
        "claimant_age": age,
        "partner_age": partner_age,
        "pensioner": pensioner,
        "children": children,
        "youngest_child_age": youngest_child_age,
        "universal_credit": universal_credit,
        "uc_award_monthly": uc_award,
        "uc_maximum_amount_monthly": uc_maximum,
        "uc_earned_income_monthly": uc_earnings,
        "uc_unearned_income_monthly": uc_other_income,
        "uc_elements_monthly": dict(uc_element(text) for text in uc_elements or []),
        "passported": passported,
        "weekly_earnings": weekly_earnings,
        "claimant_weekly_hours": hours,
        "partner_weekly_hours": partner_hours,
        "weekly_child_care_charges": child_care,
        "children_in_child_care": children_in_child_care,
        "weekly_child_benefit": child_benefit,
        "weekly_child_maintenance": maintenance,
        "weekly_war_pension": war_pension,
        "weekly_disability_benefits": disability_benefits,
        "weekly_other_income": weekly_other_income,
        "capital": capital,
        "claimant_disability_benefit": disability_benefit,
        "partner_disability_benefit": partner_disability_benefit,
        "claimant_blind": blind,
        "partner_blind": partner_blind,
        "claimant_has_paid_carer": someone_cares_for_you,
        "partner_has_paid_carer": someone_cares_for_partner,
        "esa_component": esa,
        "getting_support_since_before_may_2016": getting_support_since_before_may_2016,
        "carers": carers,
        "disabled_children": disabled_children,
        "enhanced_disability_children": enhanced_disability_children,
        "claimant_student": student,  # a student is disregarded for discounts too
        "partner_student": partner_student,
        "other_adults": [other_adult(text) for text in other_adults or []],
        "disabled_band_reduction": disabled_band_reduction,
    }
    result = calculate_household(load_scheme(scheme), household_from_mapping(details, "options"))
    if as_json:
        typer.echo(json.dumps(result.model_dump(), indent=2, ensure_ascii=False))
        return
    for number, step in enumerate(result.steps, start=1):
        console.print(f"{number:>2}. {step}")
    from rich.table import Table

    from townhall.reports.formats import pounds

    figures = Table(title="Figures", show_header=False)
    figures.add_row("Council tax (liability), a year", pounds(result.liability_yearly))
    figures.add_row("Maximum support, a year", pounds(result.maximum_support_yearly))
    figures.add_row("Support awarded, a year", pounds(result.award_yearly))
    figures.add_row("You pay, a year", pounds(result.to_pay_yearly))
    figures.add_row("You pay, a week (÷ 52)", pounds(result.to_pay_weekly))
    if result.council_to_pay_yearly != result.to_pay_yearly:
        figures.add_row(
            "of which the council's own part, a year", pounds(result.council_to_pay_yearly)
        )
        figures.add_row(
            "of which the council's own part, a week", pounds(result.council_to_pay_weekly)
        )
    console.print(figures)
