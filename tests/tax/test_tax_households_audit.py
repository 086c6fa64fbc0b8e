"""Households worked by hand from the regulations, put to Townhall as a new user would (issue 13's
independent audit): `tax.household` on the bundled schemes, and `townhall tax household` for bad
input.

"PR" is SI 2012/2885 as amended (the prescribed pensioner scheme; 2026/27 figures as reproduced in
Milton Keynes CTR 2026/27 Schedules P1-P5 and Merton CTR 2026/27 Part 1), "DS" SI 2012/2886 (the
default scheme), which the 2026/27 London schemes reproduce for working age with their own changes.

Conventions, as the regulations have them: weekly liability = yearly ÷ 365 × 7; the reduction is
worked per day ("2 6/7 per cent a day" of excess income is 20% a week ÷ 7, PR Sch. 1 para 3), so
the yearly award is the yearly bill less the weekly deductions and taper × 365 ÷ 7, rounded half
up to the penny. Merton's 2026/27 Band D is £2,108.56 (council and GLA): Band A £1,405.71, Band B
£1,639.99, Band C £1,874.28, Band D £2,108.56; with the 25% single person discount (LGFA 1992
s.11) A £1,054.28, B £1,229.99, C £1,405.71.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import townhall.tax as tax
from townhall.cli import app

DAYS = 365 / 7  # weeks in a year, the regulations' way
runner = CliRunner()


def award(scheme: str, **details: Any) -> float:
    """The yearly award Townhall gives the household."""
    return tax.household(scheme, **details).award_yearly


def yearly(liability: float, weekly_off: float) -> float:
    """A yearly award: the bill less a weekly amount (deductions, taper) × 365 ÷ 7, to the penny."""
    return round(max(liability - weekly_off * DAYS, 0.0) + 1e-9, 2)


# --- Pensioners: severe disability premium and who lives with them --------------------------------

PENSIONER_ON_AA = {
    "band": "C",
    "claimant_age": 75,  # reached pension age (65) in 2016, before 1 April 2021
    "weekly_other_income": 350.0,
    "claimant_disability_benefit": "attendance_allowance",
    "weekly_disability_benefits": 110.40,  # Attendance Allowance is not income (PR Sch. 5)
}


def test_pensioner_alone_on_attendance_allowance_gets_the_severe_disability_premium() -> None:
    # PR Sch. 2 para 1(1)(a) as amended for 2026/27: single, pension age before 1 April 2021,
    # £256.00; para 6(2)(a): AA, no non-dependant, nobody paid Carer's Allowance for her: severe
    # disability premium £86.05 (Part 4). Applicable amount £342.05; income £350.00 (AA
    # disregarded); excess £7.95, 20% = £1.59 a week (PR Sch. 1 para 3). Bill £1,405.71 (Band C, 25%
    # off): £1,405.71 − £1.59 × 365 ÷ 7 = £1,322.80.
    assert award("merton-2026", **PENSIONER_ON_AA) == yearly(1405.71, 0.20 * (350 - 342.05))
    assert yearly(1405.71, 1.59) == 1322.80


def test_pensioner_on_attendance_allowance_whose_carer_gets_carers_allowance() -> None:
    # The same, with a live-in carer who gets Carer's Allowance for caring for her (disregarded for
    # discounts, LGFA 1992 Sch. 1 para 9): PR Sch. 2 para 6(2)(a)(iii) fails, so no severe
    # disability premium: £256.00 against £350.00, 20% × £94.00 = £18.80 a week. No
    # non-dependant deduction (she gets AA, PR Sch. 1 para 8(6)(b)); the 25% discount stays.
    carer = {"age": 50, "weekly_gross_income": 83.30, "disregarded_for_discount": True}
    details = {**PENSIONER_ON_AA, "claimant_has_paid_carer": True}
    assert award("merton-2026", **details, other_adults=[carer]) == 425.42
    assert yearly(1405.71, 18.80) == 425.42


def test_pensioner_on_attendance_allowance_with_a_working_son_at_home() -> None:
    # A son of 45 earning £400 lives there: a non-dependant aged 18 or over, so no severe
    # disability premium (PR Sch. 2 para 6(2)(a)(ii)); no deduction for him (PR Sch. 1 para
    # 8(6)(b)); no single person discount: Band C £1,874.28. £18.80 a week off: £893.99. Second
    # adult rebate: his £400 is not below £375 (PR Sch. 3 para 1 Table (b)), nil.
    son = {"age": 45, "weekly_gross_income": 400.0, "works_16_hours_or_more": True}
    assert award("merton-2026", **PENSIONER_ON_AA, other_adults=[son]) == yearly(1874.28, 18.80)
    assert yearly(1874.28, 18.80) == 893.99
    # A son who is registered blind does not count against the premium (PR Sch. 2 para 6(4)):
    # £342.05 again, £1.59 a week off £1,874.28: £1,791.37.
    blind_son = {**son, "blind": True}
    assert award("merton-2026", **PENSIONER_ON_AA, other_adults=[blind_son]) == 1791.37


# --- Pensioner personal allowances by when pension age was reached -------------------------------


def test_pensioner_couple_one_reached_pension_age_before_april_2021() -> None:
    # PR Sch. 2 para 1(2) as amended (SI 2021/29 reg. 7(2)) for 2026/27: a couple one or both of
    # whom reached pension age before 1 April 2021, £383.35; both on or after, £363.25. Aged 72
    # (born 1954, pension age 66 in 2020) and 67 (born 1959, 2025). Band D £2,108.56, pensions
    # £400: 20% × £16.65 = £3.33 a week off: £1,934.92. Both 67 and 68: 20% × £36.75 = £7.35:
    # £1,725.31.
    mixed = award("merton-2026", band="D", claimant_age=67, partner_age=72, weekly_other_income=400)
    both_late = award(
        "merton-2026", band="D", claimant_age=67, partner_age=68, weekly_other_income=400
    )
    assert mixed == yearly(2108.56, 0.20 * (400 - 383.35)) == 1934.92
    assert both_late == yearly(2108.56, 0.20 * (400 - 363.25)) == 1725.31


def test_mixed_age_couple_on_universal_credit_is_a_working_age_claim() -> None:
    # PR reg. 3(2)(b)(ii): not a pensioner while the applicant or partner has an award of UC
    # (since 15 May 2019 a mixed-age couple claims UC). Aged 70 and 60 on UC in Merton, Band B
    # £1,639.99: the default scheme's UC treatment (DS para 28(3), para 37): applicable amount
    # £1,000 × 12 ÷ 52 = £230.77; income (£500 award + £800 earnings) × 12 ÷ 52 = £300.00;
    # 20% × £69.23 = £13.85 a week off: £918.01. The same couple on Pension Credit guarantee
    # credit, not UC, is a pensioner claim and passported: the whole £1,639.99.
    on_uc = award(
        "merton-2026",
        band="B",
        claimant_age=70,
        partner_age=60,
        universal_credit=True,
        uc_maximum_amount_monthly=1000,
        uc_award_monthly=500,
        uc_earned_income_monthly=800,
    )
    assert on_uc == yearly(1639.99, 0.20 * (1300 - 1000) * 12 / 52) == 918.01
    on_pension_credit = award(
        "merton-2026", band="B", claimant_age=70, partner_age=60, passported=True
    )
    assert on_pension_credit == 1639.99


# --- A lone parent in work paying for child care ---------------------------------------------------

LONE_PARENT = {
    "band": "B",
    "claimant_age": 32,
    "children": 2,
    "youngest_child_age": 6,
    "weekly_child_benefit": 45.0,  # not income (DS internal Sch. 8)
    "weekly_child_maintenance": 50.0,  # not income (DS internal Sch. 8)
}


def test_lone_parent_working_20_hours_with_child_care_above_the_limit() -> None:
    # Merton 2026/27, Band B with 25% off, £1,229.99. Applicable amount: lone parent £95.55 + 2 ×
    # £87.88 = £271.31 (no family premium for new claims). Earnings £700 less the lone parent's
    # £25 (DS internal Sch. 7 para 5), the additional £17.10 (16 hours with a child in the
    # family, DS internal Sch. 7 para 17(2)) and child care of £320 limited to £300 for two or more
    # children (DS para 57): £357.90. 20% × £86.59 = £17.32 a week off: £326.98.
    details = {**LONE_PARENT, "weekly_earnings": 700.0, "claimant_weekly_hours": 20}
    assert award("merton-2026", **details, weekly_child_care_charges=320) == 326.98
    assert yearly(1229.99, 0.20 * (700 - 25 - 17.10 - 300 - 271.31)) == 326.98
    # Paying £250 (under the limit): £407.90 counted, £27.32 off £23.59: nothing.
    assert award("merton-2026", **details, weekly_child_care_charges=250) == 0.0


def test_lone_parent_child_care_needs_16_hours_and_earnings_to_cover_it() -> None:
    # £300 a week for 10 hours: no child care disregard and no additional disregard (both need 16
    # hours): £300 − £25 = £275.00, 20% × £3.69 = £0.74 a week off: £1,191.51. The same £300 for
    # 20 hours: £300 − £25 − £300 of child care is below nil, so £0 counts (the additional £17.10
    # is not taken, the earnings do not cover it) and the award is the whole £1,229.99.
    details = {**LONE_PARENT, "weekly_earnings": 300.0, "weekly_child_care_charges": 320}
    assert award("merton-2026", **details, claimant_weekly_hours=10) == yearly(
        1229.99, 0.20 * (275 - 271.31)
    )
    assert award("merton-2026", **details, claimant_weekly_hours=10) == 1191.51
    assert award("merton-2026", **details, claimant_weekly_hours=20) == 1229.99


# --- Non-dependant deductions ------------------------------------------------------------------

PASSPORTED_PENSIONER = {"band": "C", "claimant_age": 75, "passported": True}


@pytest.mark.parametrize(
    ("other", "deduction"),
    [
        # PR Sch. 1 para 8(1)(a), (2) as amended for 2026/27 (Merton's pensioner figures): in
        # remunerative work (16 hours or more), by normal gross weekly income.
        ({"weekly_gross_income": 278.99, "works_16_hours_or_more": True}, 5.20),
        ({"weekly_gross_income": 279.00, "works_16_hours_or_more": True}, 10.60),
        ({"weekly_gross_income": 484.99, "works_16_hours_or_more": True}, 10.60),
        ({"weekly_gross_income": 485.00, "works_16_hours_or_more": True}, 13.30),
        ({"weekly_gross_income": 604.99, "works_16_hours_or_more": True}, 13.30),
        ({"weekly_gross_income": 605.00, "works_16_hours_or_more": True}, 15.95),
        # para 8(1)(b): not in remunerative work, whatever the income.
        ({"weekly_gross_income": 700.00, "works_16_hours_or_more": False}, 5.20),
        # para 8(8): none for a non-dependant on pension credit, or on UC without earnings.
        ({"weekly_gross_income": 230.00, "benefit": "pension_credit"}, 0.0),
        ({"weekly_gross_income": 0.0, "benefit": "universal_credit_no_earnings"}, 0.0),
    ],
)
def test_non_dependant_deduction_at_each_income_band_edge(
    other: dict[str, Any], deduction: float
) -> None:
    # Band C with no discount (two adults count), £1,874.28: the deduction × 365 ÷ 7 off.
    got = award("merton-2026", **PASSPORTED_PENSIONER, other_adults=[{"age": 30, **other}])
    assert got == yearly(1874.28, deduction)


def test_non_dependants_who_bear_no_deduction_and_do_not_count_for_the_discount() -> None:
    # Under 18 (PR Sch. 1 para 8(1): "aged 18 or over") and a full-time student (para 8(7)(c))
    # bear none, and neither counts for the discount (LGFA 1992 s.11, Sch. 1 paras 2 and 4): the
    # single person discount stays, £1,405.71 in full.
    for other in ({"age": 17, "weekly_gross_income": 300.0}, {"age": 20, "student": True}):
        assert award("merton-2026", **PASSPORTED_PENSIONER, other_adults=[other]) == 1405.71


def test_no_deduction_when_the_claimant_is_blind_or_on_pip_daily_living() -> None:
    # PR Sch. 1 para 8(6) and DS para 30(6): no deduction at all where the applicant or partner is
    # blind or gets AA, DLA care, PIP daily living or AFIP. A son earning £320 in work would bear
    # £10.60; Band C £1,874.28 stays whole for a passported claimant.
    son = {"age": 30, "weekly_gross_income": 320.0, "works_16_hours_or_more": True}
    blind = award("merton-2026", **PASSPORTED_PENSIONER, claimant_blind=True, other_adults=[son])
    working_age_on_pip = award(
        "merton-2026",
        band="C",
        claimant_age=40,
        passported=True,
        claimant_disability_benefit="pip_daily_living_standard",
        other_adults=[son],
    )
    without = award("merton-2026", **PASSPORTED_PENSIONER, other_adults=[son])
    assert blind == working_age_on_pip == 1874.28
    assert without == yearly(1874.28, 10.60)


def test_a_non_dependant_couple_bears_one_deduction_on_their_joint_income() -> None:
    # PR Sch. 1 para 8(3), (4): one deduction for a couple, on their joint gross income. A couple
    # earning £200 (in work) and £150 (not): £350 joint, in work, £10.60. The same two not a
    # couple: £5.20 each (£200 is below £279), £10.40.
    couple = [
        {"age": 30, "weekly_gross_income": 200.0, "works_16_hours_or_more": True, "couple": "a"},
        {"age": 29, "weekly_gross_income": 150.0, "works_16_hours_or_more": False, "couple": "a"},
    ]
    apart = [{key: value for key, value in adult.items() if key != "couple"} for adult in couple]
    assert award("merton-2026", **PASSPORTED_PENSIONER, other_adults=couple) == yearly(
        1874.28, 10.60
    )
    assert award("merton-2026", **PASSPORTED_PENSIONER, other_adults=apart) == yearly(
        1874.28, 10.40
    )


def test_non_dependant_couple_from_the_command_line() -> None:
    result = runner.invoke(
        app,
        [
            *("tax", "household", "--scheme", "merton-2026", "--band", "C", "--age", "75"),
            *("--passported", "--json"),
            *("--other-adult", "200,works,couple=a", "--other-adult", "150,not-working,couple=a"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"award_yearly": 1321.57' in result.output  # £1,874.28 − £10.60 × 365 ÷ 7


# --- Second adult rebate against the main award ("better buy") ---------------------------------

HIGH_INCOME_PENSIONER = {"band": "C", "claimant_age": 75, "weekly_other_income": 500.0}


def test_second_adult_rebate_when_it_beats_the_main_award() -> None:
    # Main award: £1,874.28 ÷ 365 × 7 = £35.94, less £5.20 for a son earning £200, less 20% ×
    # (£500 − £256) = £48.80: nil. Second adult rebate (PR Sch. 3 para 1 Table (b)(i)): his £200 is
    # below £289, 15% of £1,874.28 = £281.14. A student daughter too (disregarded for discounts,
    # so no second adult, Sch. 1 para 4(3)(a)) changes nothing.
    son = {"age": 40, "weekly_gross_income": 200.0, "works_16_hours_or_more": True}
    student = {"age": 20, "student": True}
    assert award("merton-2026", **HIGH_INCOME_PENSIONER, other_adults=[son]) == 281.14
    assert award("merton-2026", **HIGH_INCOME_PENSIONER, other_adults=[son, student]) == 281.14


def test_second_adult_rebate_leaves_out_the_income_of_those_on_pension_credit() -> None:
    # PR Sch. 3 para 1 Table (b): "their aggregate gross income disregarding any income of persons
    # on income support, an income-related ESA, state pension credit or an income-based JSA". A
    # brother on Pension Credit (£230) and a daughter earning £100 (not working 16 hours): £100,
    # below £289, 15% = £281.14 (not 7.5% on £330). The brother alone: every second adult is on
    # Pension Credit, Table (a), 25% = £468.57.
    brother = {"age": 68, "weekly_gross_income": 230.0, "benefit": "pension_credit"}
    daughter = {"age": 30, "weekly_gross_income": 100.0, "works_16_hours_or_more": False}
    both = award("merton-2026", **HIGH_INCOME_PENSIONER, other_adults=[brother, daughter])
    assert both == round(0.15 * 1874.28, 2) == 281.14
    alone = award("merton-2026", **HIGH_INCOME_PENSIONER, other_adults=[brother])
    assert alone == round(0.25 * 1874.28, 2) == 468.57


def test_no_second_adult_rebate_when_the_only_other_adult_is_a_student() -> None:
    # A student is disregarded for discounts, so is not a second adult (PR Sch. 1 para 4(3)(a)):
    # the claimant has the single person discount (£1,405.71) instead, and the main award is nil
    # (20% × £244 = £48.80 against £26.96).
    student = {"age": 20, "weekly_gross_income": 0.0, "student": True}
    assert award("merton-2026", **HIGH_INCOME_PENSIONER, other_adults=[student]) == 0.0


def test_second_adult_rebate_for_a_couple_only_when_one_of_them_is_disregarded() -> None:
    # PR Sch. 1 para 4(3)(c) (DS alike; Merton keeps working-age second adult rebate, para 18): a
    # resident living with a couple is a second adult only where one of the couple is disregarded
    # for discounts. Working age, couple 40 and 30 with £600 of income (main award nil), a son of
    # 19 earning £200: with the partner a full-time student, 15% of Band C £1,874.28 = £281.14
    # (the son and the claimant count, so no discount); with neither disregarded, nothing.
    son = {"age": 19, "weekly_gross_income": 200.0, "works_16_hours_or_more": True}
    couple = {"band": "C", "claimant_age": 40, "partner_age": 30, "weekly_other_income": 600.0}
    student_partner = award(
        "merton-2026", **couple, partner_disregarded_for_discount=True, other_adults=[son]
    )
    assert student_partner == 281.14
    assert award("merton-2026", **couple, other_adults=[son]) == 0.0


def test_second_adult_on_universal_credit_without_earnings_where_the_scheme_says() -> None:
    # Merton CTR 2026/27 Sch. 4 para 1 Table (a) (working age) adds "UC with no earned income" to
    # the passporting benefits: a son on UC without earnings, 25% of Band C £1,874.28 = £468.57.
    # PR Sch. 3 para 1 Table (a) (pensioners) does not: his nil income is below £289, 15% =
    # £281.14. Westminster states no such addition: 15% of its Band C £931.42 = £139.71.
    son = {"age": 30, "weekly_gross_income": 0.0, "benefit": "universal_credit_no_earnings"}
    high = {"band": "C", "weekly_other_income": 600.0, "other_adults": [son]}
    assert award("merton-2026", claimant_age=40, **high) == 468.57
    assert award("merton-2026", claimant_age=75, **high) == 281.14
    assert award("westminster-2026", claimant_age=40, **high) == round(0.15 * 931.42, 2) == 139.71


# --- Capital at the limits and tariff steps --------------------------------------------------


@pytest.mark.parametrize(
    ("capital", "tariff"),
    [(10_000.00, 0), (10_000.01, 1), (10_500.00, 1), (10_500.01, 2), (16_000.00, 12)],
)
def test_pensioner_tariff_income_in_500_pound_steps(capital: float, tariff: int) -> None:
    # PR Sch. 1 para 37(a),(b) as amended: £1 a week for each £500, or part, above £10,000; no
    # reduction with capital above £16,000 (PR reg. 11(2)). Income
    # £256.00 equals the applicable amount, so the tariff alone is taxed at 20%.
    got = award(
        "merton-2026", band="C", claimant_age=75, weekly_other_income=256.0, capital=capital
    )
    assert got == yearly(1405.71, 0.20 * tariff)


@pytest.mark.parametrize(
    ("capital", "tariff"), [(6_000.00, 0), (6_250.00, 1), (6_250.01, 2), (16_000.00, 40)]
)
def test_working_age_tariff_income_in_250_pound_steps(capital: float, tariff: int) -> None:
    # DS para 72 (Merton para 72(a),(b)): £1 for each £250, or part, above £6,000; Merton's upper
    # limit £16,000 (para 23(1)). Single of 40, income £95.55 (his applicable amount).
    details = {"band": "C", "claimant_age": 40, "weekly_other_income": 95.55}
    assert award("merton-2026", **details, capital=capital) == yearly(1405.71, 0.20 * tariff)


def test_capital_one_penny_above_the_upper_limit_ends_support() -> None:
    pensioner = {"band": "C", "claimant_age": 75, "weekly_other_income": 256.0}
    working = {"band": "C", "claimant_age": 40, "weekly_other_income": 95.55}
    assert award("merton-2026", **pensioner, capital=16_000.01) == 0.0
    assert award("merton-2026", **working, capital=16_000.01) == 0.0


# --- Income that is disregarded --------------------------------------------------------------


def test_war_pension_ten_pounds_disregarded_for_pensioners_and_working_age() -> None:
    # Pensioner (PR Sch. 5 para 1 as amended; Merton's pensioner part): £50 war pension less £10,
    # plus £250: £290.00 against £256.00, 20% × £34.00 = £6.80 off £1,405.71: £1,051.14.
    pensioner = award(
        "merton-2026", band="C", claimant_age=75, weekly_war_pension=50, weekly_other_income=250
    )
    assert pensioner == yearly(1405.71, 6.80) == 1051.14
    # Kingston 2026/27 working age (its Sch. 8 para 20, the default £10): £40 + £100 = £140.00
    # against £90.50 (as Kingston prints it), 20% × £49.50 = £9.90; Band C £1,672.98 after 25% off.
    kingston = award(
        "kingston-upon-thames-2026",
        band="C",
        claimant_age=40,
        weekly_war_pension=50,
        weekly_other_income=100,
    )
    assert kingston == yearly(1672.98, 9.90) == 1156.77


# --- Universal Credit under a banded scheme and under the default scheme ----------------------


def test_universal_credit_claim_under_oxfords_income_bands() -> None:
    # Oxford 2026/27 (income-banded, the default UC income): award £200 + earnings £2,500 a month
    # × 12 ÷ 52 = £623.08, in the 25% band (£580.01 to £660.00). Band A £1,781.63 less 25%:
    # £1,336.22; 25% = £334.06 (£334.055, half up). With earnings of £1,300: £346.15, 100%.
    uc = {
        "band": "A",
        "claimant_age": 30,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 400,
        "uc_award_monthly": 200,
    }
    assert award("oxford-2026", **uc, uc_earned_income_monthly=2500) == 334.06
    assert award("oxford-2026", **uc, uc_earned_income_monthly=1300) == 1336.22


def test_universal_credit_claim_under_the_default_scheme() -> None:
    # DS para 28(3): the applicable amount is the UC maximum amount, £600 × 12 ÷ 52 = £138.46;
    # para 37: income is the award and DWP's income, (£300 + £400) × 12 ÷ 52 = £161.54; 20% ×
    # £23.08 = £4.62 a week off Birmingham's Band A (the whole bill, 25% off) £634.46: £393.80.
    got = award(
        "default-2013",
        band="A",
        claimant_age=30,
        universal_credit=True,
        uc_maximum_amount_monthly=600,
        uc_award_monthly=300,
        uc_earned_income_monthly=400,
    )
    assert got == yearly(634.46, 0.20 * (700 - 600) * 12 / 52) == 393.80


# --- Councils' own working-age schemes -----------------------------------------------------------


def test_birmingham_2013_minimum_payment_and_its_protected_groups() -> None:
    # The seed's scheme: working age pay at least 24%, except a disability premium, a disabled child
    # premium, a child under six or a war pension. A passported couple on Band A (whole bill
    # £845.95): £845.95 ÷ 365 × 7 × 76% a week, £642.92 a year. A partner on DLA care (lowest rate)
    # brings the disability premium (DS internal Sch. 3 para 11), so protected: £845.95; so does
    # a war pension.
    couple = {"band": "A", "claimant_age": 40, "partner_age": 38, "passported": True}
    assert award("birmingham-2013", **couple) == round(845.95 * 0.76 + 1e-9, 2) == 642.92
    disabled = award("birmingham-2013", **couple, partner_disability_benefit="dla_care_lowest")
    assert disabled == award("birmingham-2013", **couple, weekly_war_pension=20) == 845.95


def test_newham_2026_seventy_per_cent_maximum_with_its_own_non_dependant_deductions() -> None:
    # Newham CTR 2026 para 29(1): working-age maximum 70%; 25% taper (para 17(f)(ii)). Single of
    # 35, Band C £1,250.73 after 25% off: £23.99 a week × 70% = £16.79; £150 of income against
    # £95.55, 25% × £54.45 = £13.61: £3.18 a week, £165.72 a year.
    single = award("newham-2026", band="C", claimant_age=35, weekly_other_income=150)
    assert single == yearly(1250.73 * 0.70, 0.25 * (150 - 95.55)) == 165.72
    # Passported with a son of 22 earning £300 (para 30B(2): £14.96 from £183 to £316): Band C
    # £1,667.64 × 70% less £14.96 a week: £387.29.
    son = {"age": 22, "weekly_gross_income": 300.0, "works_16_hours_or_more": True}
    passported = award(
        "newham-2026", band="C", claimant_age=35, passported=True, other_adults=[son]
    )
    assert passported == yearly(1667.64 * 0.70, 14.96) == 387.29


def test_westminster_and_kingston_2026_means_tests() -> None:
    # Westminster CTS 2026/27: 100% maximum, 20% taper, £95.55 single (Appendix A). Band D £537.34
    # + GLA £510.51 = £1,047.85, 25% off £785.89; £150 against £95.55: £10.89 a week off, £218.05.
    westminster = award("westminster-2026", band="D", claimant_age=45, weekly_other_income=150)
    assert westminster == yearly(785.89, 0.20 * (150 - 95.55)) == 218.05
    # Kingston 2026/27: £200 earned in 35 hours less £5 (single, Sch. 7 para 11) and the
    # additional £17.10 (30 hours, aged 25 or over): £177.90 against £90.50, £17.48 a week off
    # Band B £1,463.86 (£2,509.47 × 7/9, 25% off): £552.40.
    kingston = award(
        "kingston-upon-thames-2026",
        band="B",
        claimant_age=45,
        weekly_earnings=200,
        claimant_weekly_hours=35,
    )
    assert kingston == yearly(1463.86, 0.20 * (200 - 5 - 17.10 - 90.50)) == 552.40


# --- Bad input as a user might give it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (["--uc-award", "300"], "universal_credit"),
        (["--hours", "20"], "weekly_earnings"),
        (["--weekly-earnings", "-5"], "weekly_earnings"),
        (["--children", "2"], "youngest_child_age"),
        (["--child-care", "100"], "weekly_child_care_charges"),
        (["--other-adult", "age=x"], "--other-adult"),
        (
            [
                "--other-adult",
                "1,couple=a",
                "--other-adult",
                "2,couple=a",
                "--other-adult",
                "3,couple=a",
            ],
            "other_adults",
        ),
    ],
)
def test_bad_household_input_names_the_field_and_exits_non_zero(
    arguments: list[str], field: str
) -> None:
    command = ["tax", "household", "--scheme", "merton-2026", *arguments]
    result = runner.invoke(app, command, env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert field in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("year", ["2031/32", "2011/12"])
def test_a_scheme_year_the_figures_do_not_cover_is_named(tmp_path: Path, year: str) -> None:
    # The dated series run from 2013/14 to 2026/27: a scheme of another year that does not state
    # its own figures is refused, and the first problem names its year (no figure carried forward).
    scheme = tmp_path / "future.toml"
    scheme.write_text(f'extends = "merton-2026"\nname = "future"\nyear = "{year}"\n')
    result = runner.invoke(
        app, ["tax", "household", "--scheme", str(scheme)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "year" in result.output and "2013/14 to 2026/27" in result.output
