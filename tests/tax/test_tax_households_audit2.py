"""A second independent audit (issue 13): households worked by hand from the rule text, then put to
Townhall through `tax.household` and, for a few, `townhall tax household` as a resident would.

It covers what the first audit (test_tax_households_audit.py) did not, or did lightly: Universal
Credit claims under Merton, Kingston upon Thames, Newham, Westminster and Oxford 2026/27; the
additional earnings disregard and its age-25 condition; one-child child care; the disability
premiums of working-age claimants (severe, enhanced, disabled child, ESA components); the 2013/14
default scheme (Birmingham's whole bill); pensioners' severe disability premium for couples, the
carer premium, premiums for a child; several non-dependants; discounts for disregarded people;
and band ratios.

Sources: "PR" is SI 2012/2885 as amended (the prescribed pensioner scheme), "DS" SI 2012/2886 (the
default scheme). 2026/27 figures are the councils' own scheme documents as their scheme files cite
them (src/townhall/tax/schemes/*.toml): Merton CTR 2026/27, Kingston CTR 2026/27, Newham CTR 2026,
Westminster CTS 2026/27, Oxford CTR 2026/27. 2013/14 figures are SI 2012/2886 and SI 2012/2885 as
amended by SI 2012/3085 (src/townhall/tax/rules/figures/).

Conventions (as in the first audit): band liability = Band D × the band's ninths (LGFA 1992 s.5(1):
A 6/9, B 7/9, C 8/9, D 9/9, E 11/9, F 13/9, G 15/9, H 18/9), to the penny; the single person
discount is 25% (LGFA 1992 s.11(1)), 50% where every resident is disregarded (s.11(2)(a)). The
reduction is worked per day, so a yearly award is the bill less weekly deductions and taper ×
365 ÷ 7, rounded half up to the penny at the end; UC's monthly figures × 12 ÷ 52 (DS para 28(3),
para 37). Band D in 2026/27 with the GLA's £510.51: Merton £2,108.56, Kingston £2,509.47, Newham
£1,876.09, Westminster £1,047.85; Oxford £2,672.44 (city £367.38 + county and police £2,305.06);
Birmingham 2013/14 £1,268.92 (city £1,113.67, police £102.43, fire £52.82).
"""

from __future__ import annotations

import json
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


# --- 1. Universal Credit under the five 2026/27 schemes ------------------------------------------


def test_westminster_uc_without_earnings_gets_the_whole_bill() -> None:
    # Westminster CTS 2026/27 section 4 (p.3): the applicable amount is the UC maximum amount, the
    # income the UC award plus other income and earnings. With no earnings UC pays the maximum
    # less any unearned income, so award + unearned income = maximum: nothing above the applicable
    # amount. Single of 30, Band D £1,047.85 less 25% = £785.89, whole. The same with £200 a month
    # of a private pension reported by DWP (award £600 of £800): £785.89.
    single = {"band": "D", "claimant_age": 30, "universal_credit": True}
    assert (
        award("westminster-2026", **single, uc_maximum_amount_monthly=800, uc_award_monthly=800)
        == 785.89
    )
    with_pension = award(
        "westminster-2026",
        **single,
        uc_maximum_amount_monthly=800,
        uc_award_monthly=600,
        uc_unearned_income_monthly=200,
    )
    assert with_pension == 785.89


def test_westminster_uc_couple_with_earnings_in_band_h() -> None:
    # Couple 35 and 33, Band H £2,095.70 (18/9 × £1,047.85), no discount. UC maximum £800 a month,
    # earnings £1,000, award £250. Income (£250 + £1,000) − maximum £800 = £450 a month, × 12 ÷ 52
    # = £103.85 a week; 20% = £20.77 a week (Westminster section 4 p.3); £2,095.70 − £20.769 ×
    # 365 ÷ 7 = £1,012.73. DS para 37 uses DWP's income as it is: no earnings disregard.
    got = award(
        "westminster-2026",
        band="H",
        claimant_age=35,
        partner_age=33,
        universal_credit=True,
        uc_maximum_amount_monthly=800,
        uc_award_monthly=250,
        uc_earned_income_monthly=1000,
    )
    assert got == yearly(2095.70, 0.20 * 450 * 12 / 52) == 1012.73


def test_merton_uc_with_a_housing_element_counts_it_on_both_sides() -> None:
    # Merton CTR 2026/27 para 28(3) and 37: the maximum amount (which includes the housing
    # element) is the applicable amount and the award (which pays it) is income, so the housing
    # element counts on both sides and changes nothing; Merton disregards no element. Couple, Band
    # D £2,108.56; maximum £1,500 (housing £700), award £1,000, earnings £900: £400 a month over,
    # £92.31 a week, 20% = £18.46: £2,108.56 − £18.4615 × 365 ÷ 7 = £1,145.92.
    couple = {
        "band": "D",
        "claimant_age": 40,
        "partner_age": 40,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 1500,
        "uc_award_monthly": 1000,
        "uc_earned_income_monthly": 900,
    }
    with_element = award("merton-2026", **couple, uc_elements_monthly={"housing_element": 700})
    assert with_element == award("merton-2026", **couple) == yearly(2108.56, 0.2 * 400 * 12 / 52)
    assert with_element == 1145.92


def test_kingston_uc_claimant_with_a_non_dependant_on_uc() -> None:
    # Kingston CTR 2026/27 para 30A: a son of 25 on UC who earns £300 a week gross in 16 hours or
    # more bears Kingston's £11.50 (from £279.00 to £484.99); on UC with no earned income he bears
    # none (para 30A(8)(c)). The claimant is on UC without earnings (maximum = award = £400): her
    # own income is her applicable amount. Two adults count: Band C £2,230.64 (8/9 × £2,509.47),
    # no discount. £2,230.64 − £11.50 × 365 ÷ 7 = £1,631.00.
    mother = {
        "band": "C",
        "claimant_age": 50,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 400,
        "uc_award_monthly": 400,
    }
    working = {
        "age": 25,
        "weekly_gross_income": 300.0,
        "works_16_hours_or_more": True,
        "benefit": "universal_credit_with_earnings",
    }
    not_working = {"age": 25, "benefit": "universal_credit_no_earnings"}
    assert award("kingston-upon-thames-2026", **mother, other_adults=[working]) == 1631.00
    assert award("kingston-upon-thames-2026", **mother, other_adults=[not_working]) == 2230.64
    assert yearly(2230.64, 11.50) == 1631.00


def test_newham_uc_claim_at_seventy_per_cent_with_a_25_per_cent_taper() -> None:
    # Newham CTR 2026 para 29(1): 70% of the bill after discounts; para 17(f)(ii): 25% taper.
    # Single of 35, Band D £1,876.09 less 25% = £1,407.07; 70% = £984.95. UC maximum £700,
    # award £400, earnings £500: £200 a month over, £46.15 a week, 25% = £11.54 a week:
    # £984.95 − £11.538 × 365 ÷ 7 = £383.30.
    got = award(
        "newham-2026",
        band="D",
        claimant_age=35,
        universal_credit=True,
        uc_maximum_amount_monthly=700,
        uc_award_monthly=400,
        uc_earned_income_monthly=500,
    )
    assert got == yearly(1407.07 * 0.70, 0.25 * 200 * 12 / 52) == 383.30


def test_newham_uc_claimant_with_capital_above_six_thousand_gets_nothing() -> None:
    # Newham CTR 2026 para 23(1): a person who is not a pensioner whose capital exceeds £6,000 is
    # excluded, a UC claimant as much as any other (para 37 takes DWP's figure for the capital).
    uc = {
        "band": "D",
        "claimant_age": 35,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 700,
        "uc_award_monthly": 700,
    }
    assert award("newham-2026", **uc, capital=6_000.00) == round(1407.07 * 0.70, 2) == 984.95
    assert award("newham-2026", **uc, capital=6_000.01) == 0.0


def test_oxford_uc_income_exactly_on_a_band_edge() -> None:
    # Oxford CTR 2026/27: 100% support to £480.00 a week, 75% to £530.00. UC award £80 + earnings
    # £2,000 = £2,080 a month × 12 ÷ 52 = £480.00 exactly: 100% of Band B £2,078.56 (7/9 ×
    # £2,672.44) less 25% = £1,558.92. £2,080.05 a month (£480.01 a week): 75%, £1,169.19.
    uc = {
        "band": "B",
        "claimant_age": 30,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 400,
        "uc_award_monthly": 80,
    }
    assert award("oxford-2026", **uc, uc_earned_income_monthly=2000) == 1558.92
    assert award("oxford-2026", **uc, uc_earned_income_monthly=2000.05) == 1169.19
    assert round(1558.92 * 0.75, 2) == 1169.19


def test_oxford_deducts_for_a_non_dependant_on_uc_where_merton_does_not() -> None:
    # Oxford CTR 2026/27 (its scheme file): a deduction for every non-dependant, £5.20 below £279;
    # Merton CTR 2026/27 para 30(8)(c): none for a non-dependant on UC without earned income.
    # Claimant on UC without earnings (100% band, income £230.77 a week); a son of 30 on UC, no
    # earnings. Oxford Band C £2,375.50, no discount: £2,375.50 − £5.20 × 365 ÷ 7 = £2,104.36.
    # Merton Band C £1,874.28, whole.
    uc = {
        "band": "C",
        "claimant_age": 55,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 1000,
        "uc_award_monthly": 1000,
        "other_adults": [{"age": 30, "benefit": "universal_credit_no_earnings"}],
    }
    assert award("oxford-2026", **uc) == yearly(2375.50, 5.20) == 2104.36
    assert award("merton-2026", **uc) == 1874.28


# --- 2. Working-age legacy claims: disregards, child care, premiums, capital ---------------------


def test_merton_couple_working_30_hours_gets_the_additional_disregard() -> None:
    # Merton CTR 2026/27 Sch. 7 para 8 (£10, couple) and para 18(2)(b)(i) (£17.10, one member
    # aged 25 or over working 30 hours): earnings £400 − £27.10 = £372.90 against £150.15 (Sch. 3
    # para 1(3)); 20% × £222.75 = £44.55 a week off Band H £4,217.12: £1,894.16.
    got = award(
        "merton-2026",
        band="H",
        claimant_age=40,
        partner_age=38,
        weekly_earnings=400,
        claimant_weekly_hours=30,
    )
    assert got == yearly(4217.12, 0.20 * (400 - 10 - 17.10 - 150.15)) == 1894.16


def test_merton_single_under_25_working_35_hours_gets_no_additional_disregard() -> None:
    # Merton Sch. 7 para 18(2)(b)(i): the 30-hour condition needs the worker "aged at least 25".
    # Single of 23 (£75.65, Sch. 3 para 1(1)(c)), £200 for 35 hours, £5 disregard only (para 11):
    # £195.00, 20% × £119.35 = £23.87 a week off Band D £2,108.56 less 25% = £1,581.42: £336.77.
    got = award(
        "merton-2026", band="D", claimant_age=23, weekly_earnings=200, claimant_weekly_hours=35
    )
    assert got == yearly(1581.42, 0.20 * (200 - 5 - 75.65)) == 336.77


def test_merton_single_on_pip_working_16_hours() -> None:
    # Merton Sch. 3 para 17(1)(a): disability premium £44.85 for PIP daily living (standard
    # rate). PIP daily living is also a qualifying benefit for the severe disability premium
    # (para 14), but someone is paid Carer's Allowance for looking after him, so none.
    # Applicable £95.55 + £44.85 = £140.40. Earnings £300: the
    # disability disregard £20 (Sch. 7 para 4) and £17.10 (para 18(2)(b)(iv), 16 hours and a
    # disability premium): £262.90; 20% × £122.50 = £24.50 a week off Band C £1,405.71 (25% off):
    # £128.21. PIP itself is not income (Sch. 8).
    got = award(
        "merton-2026",
        band="C",
        claimant_age=45,
        weekly_earnings=300,
        claimant_weekly_hours=16,
        claimant_disability_benefit="pip_daily_living_standard",
        claimant_has_paid_carer=True,
        weekly_disability_benefits=76.70,
    )
    assert got == yearly(1405.71, 0.20 * (300 - 20 - 17.10 - 140.40)) == 128.21


def test_merton_single_on_enhanced_pip_living_alone_gets_three_premiums() -> None:
    # Merton Sch. 3 para 17: disability premium £44.85 (para 11), enhanced disability premium
    # £22.00 (para 15: PIP daily living at the enhanced rate), severe disability premium £86.05
    # (para 14: a qualifying benefit, no non-dependant, nobody paid Carer's Allowance for him):
    # £95.55 + £152.90 = £248.45. Other income £300: 20% × £51.55 = £10.31 a week off Band C
    # £1,405.71 (25% off): £868.12.
    got = award(
        "merton-2026",
        band="C",
        claimant_age=45,
        weekly_other_income=300,
        claimant_disability_benefit="pip_daily_living_enhanced",
        weekly_disability_benefits=110.40,
    )
    assert got == yearly(1405.71, 0.20 * (300 - 248.45)) == 868.12


def test_merton_lone_parent_with_a_disabled_child() -> None:
    # Merton Sch. 3: lone parent £95.55, two children 2 × £87.88, a disabled child premium £84.46
    # and an enhanced disability premium £33.99 for the child on the highest DLA care rate (para
    # 17(3), 17(5)(a)): £389.76. Income £400 (child benefit and the child's DLA not income): 20% ×
    # £10.24 = £2.048 a week off Band C £1,405.71 (25% off): £1,298.92.
    got = award(
        "merton-2026",
        band="C",
        claimant_age=38,
        children=2,
        youngest_child_age=5,
        disabled_children=1,
        enhanced_disability_children=1,
        weekly_child_benefit=45.0,
        weekly_other_income=400,
    )
    assert got == yearly(1405.71, 0.20 * (400 - 389.76)) == 1298.92


def test_merton_esa_work_related_activity_component() -> None:
    # Merton Sch. 3 para 23: the work-related activity component £37.95 with £95.55, and no
    # disability premium (the component takes its place): £133.50. Contributory ESA and other
    # income £200: 20% × £66.50 = £13.30 a week off Band A £1,405.71 less 25% = £1,054.28:
    # £360.78.
    got = award(
        "merton-2026",
        band="A",
        claimant_age=50,
        esa_component="work_related_activity",
        weekly_other_income=200,
    )
    assert got == yearly(1054.28, 0.20 * (200 - 133.50)) == 360.78


def test_merton_lone_parent_child_care_for_one_child_limited_to_175() -> None:
    # Merton para 57(3)(a): £175 a week for one child. Lone parent with a child of 4, 18 hours,
    # earnings £520, child care £200: £520 − £25 (Sch. 7 para 5) − £17.10 (para 18(2)(b)(iii)) −
    # £175 = £302.90 against £95.55 + £87.88 = £183.43; 20% × £119.47 = £23.89 a week off Band E
    # £2,577.13 (11/9) less 25% = £1,932.85: £686.95.
    got = award(
        "merton-2026",
        band="E",
        claimant_age=30,
        children=1,
        youngest_child_age=4,
        weekly_earnings=520,
        claimant_weekly_hours=18,
        weekly_child_care_charges=200,
    )
    assert got == yearly(1932.85, 0.20 * (520 - 25 - 17.10 - 175 - 183.43)) == 686.95


def test_couple_child_care_needs_both_partners_in_work() -> None:
    # DS para 57(1) (Merton para 57(1)): child care charges count for a couple only where both are
    # in remunerative work (16 hours), or one works and the other is incapacitated. Couple of 35,
    # two children (youngest 3), Band G £3,514.27 (15/9 × £2,108.56), the claimant works 37 hours,
    # earnings £700, child care £150. With the partner not working: no child care deduction, £700 −
    # £10 − £17.10 (30 hours) = £672.90 against £150.15 + 2 × £87.88 = £325.91; 20% × £346.99 =
    # £69.40 a week, × 365 ÷ 7 = £3,618.61, more than the bill: nil. With the partner working 16
    # hours: £150 of child care taken, £522.90, 20% × £196.99 = £39.40 a week: £1,459.95.
    couple = {
        "band": "G",
        "claimant_age": 35,
        "partner_age": 35,
        "children": 2,
        "youngest_child_age": 3,
        "weekly_earnings": 700,
        "claimant_weekly_hours": 37,
        "weekly_child_care_charges": 150,
    }
    assert award("merton-2026", **couple) == 0.0
    both = award("merton-2026", **couple, partner_weekly_hours=16)
    assert both == yearly(3514.27, 0.20 * (700 - 10 - 17.10 - 150 - 325.91)) == 1459.95


def test_default_2013_couple_with_a_child_gets_the_family_premium() -> None:
    # DS internal Sch. 3 para 1(3) £112.55, para 3 child £65.62, para 4 family premium £17.40 (SI
    # 2012/2886 as amended by SI 2012/3085): £195.57. Earnings £280, the couple's £10 disregard
    # (hours not given, so no additional disregard): £270, 20% × £74.43 = £14.886 a week off
    # Birmingham's whole Band B £986.94 (7/9 × £1,268.92), no discount: £210.74.
    got = award(
        "default-2013",
        band="B",
        claimant_age=30,
        partner_age=29,
        children=1,
        youngest_child_age=7,
        weekly_earnings=280,
    )
    assert got == yearly(986.94, 0.20 * (270 - 195.57)) == 210.74


def test_default_2013_working_age_tariff_income_on_8100_pounds() -> None:
    # DS para 72: £1 for each £250, or part, above £6,000: £2,100 is 8.4 steps, £9 a week. Single
    # of 30, income £71.70 (his applicable amount, DS internal Sch. 3 para 1(1)): 20% × £9 =
    # £1.80 a week off Band A £845.95 less 25% = £634.46: £540.60.
    got = award("default-2013", band="A", claimant_age=30, weekly_other_income=71.70, capital=8_100)
    assert got == yearly(634.46, 1.80) == 540.60


# --- 3. Pensioners ----------------------------------------------------------------------------


def test_pensioner_2013_amount_by_age_65() -> None:
    # PR Sch. 2 para 1 as amended by SI 2012/3085 for 2013/14: single aged 65 or over £163.50,
    # under 65 (but of pension credit age) £145.40. Income £200: aged 70, 20% × £36.50 = £7.30 a
    # week off Birmingham Band A £634.46 (25% off): £253.82; aged 62, 20% × £54.60 = £10.92:
    # £65.06.
    assert award("default-2013", band="A", claimant_age=70, weekly_other_income=200) == 253.82
    assert award("default-2013", band="A", claimant_age=62, weekly_other_income=200) == 65.06
    assert yearly(634.46, 0.2 * 36.50) == 253.82 and yearly(634.46, 0.2 * 54.60) == 65.06


def test_pensioner_2013_tariff_income_in_500_pound_steps() -> None:
    # PR Sch. 1 para 37 (2013/14): £1 for each £500, or part, above £10,000: £12,600 is 5.2
    # steps, £6 a week. Aged 70, income £163.50 (his applicable amount): 20% × £6 = £1.20 a week
    # off £634.46: £571.89.
    got = award(
        "default-2013", band="A", claimant_age=70, weekly_other_income=163.50, capital=12_600
    )
    assert got == yearly(634.46, 1.20) == 571.89


def test_pensioner_single_who_reached_pension_age_after_april_2021() -> None:
    # PR Sch. 2 para 1(1)(b) as amended by SI 2021/29 (Merton Sch. 2 Table 1 (4)): £238.00. Aged
    # 67 in 2026/27 (pension age 66 in 2025). Income £260: 20% × £22 = £4.40 a week off Band D
    # £2,108.56 less 25% = £1,581.42: £1,351.99.
    got = award("merton-2026", band="D", claimant_age=67, weekly_other_income=260)
    assert got == yearly(1581.42, 0.20 * (260 - 238)) == 1351.99


def test_pensioner_couple_both_on_attendance_allowance_double_severe_disability_premium() -> None:
    # PR Sch. 2 para 6(2)(b): a couple both getting AA, no non-dependant, nobody paid Carer's
    # Allowance for either: the double rate £172.10 (Part 4). £383.35 + £172.10 = £555.45; income
    # £600 (AA not income): 20% × £44.55 = £8.91 a week off Band D £2,108.56: £1,643.97. A carer
    # is paid for one of them: the single rate £86.05 (Part 4 para 11(2)(b)(ii)): £469.40, 20% ×
    # £130.60 = £26.12: £746.59.
    couple = {
        "band": "D",
        "claimant_age": 80,
        "partner_age": 78,
        "weekly_other_income": 600,
        "claimant_disability_benefit": "attendance_allowance",
        "partner_disability_benefit": "attendance_allowance",
        "weekly_disability_benefits": 2 * 110.40,
    }
    assert award("merton-2026", **couple) == yearly(2108.56, 0.20 * 44.55) == 1643.97
    carer_for_one = award("merton-2026", **couple, partner_has_paid_carer=True)
    assert carer_for_one == yearly(2108.56, 0.20 * (600 - 469.40)) == 746.59


def test_pensioner_carer_premium_with_carers_allowance_counted_as_income() -> None:
    # PR Sch. 2 para 9: carer premium £48.15 for a claimant on Carer's Allowance (for her
    # husband, who gets AA); no severe disability premium (in a couple both must qualify, para
    # 6(2)(b)). £383.35 + £48.15 = £431.50. Income: pensions £400 and Carer's Allowance £83.30
    # (income: not among the disregards of PR Sch. 5) = £483.30; 20% × £51.80 = £10.36 a week
    # off Band D £2,108.56: £1,568.36.
    got = award(
        "merton-2026",
        band="D",
        claimant_age=75,
        partner_age=77,
        carers=1,
        partner_disability_benefit="attendance_allowance",
        weekly_disability_benefits=73.90,
        weekly_other_income=483.30,
    )
    assert got == yearly(2108.56, 0.20 * (483.30 - 431.50)) == 1568.36


def test_pensioner_with_a_disabled_grandchild() -> None:
    # PR Sch. 2: a child £87.88 (para 2), disabled child premium £84.46 and the enhanced
    # disability premium for a child on the highest DLA care rate £33.99 (Part 4), no family
    # premium for a new claim (Merton Sch. 2 Part 2). She is 70 at 1 April 2026: born after
    # 1 April 1955, she reached pension age (66) on or after 1 April 2021, so £238.00 (Sch. 2
    # para 1(1)(b) as amended by SI 2021/29; Merton Table 1 (4)): £444.33. Pension £500: 20% ×
    # £55.67 = £11.13 a week off Band C £1,405.71 (the child is not counted for discounts, 25%
    # off): £825.15. (This audit first took £256.00 for her, wrongly; Townhall had it right.)
    # At 72 (pension age reached in 2020): £256.00, £462.33, 20% × £37.67: £1,012.87.
    details = {
        "band": "C",
        "children": 1,
        "youngest_child_age": 10,
        "disabled_children": 1,
        "enhanced_disability_children": 1,
        "weekly_other_income": 500,
    }
    assert award("merton-2026", claimant_age=70, **details) == yearly(1405.71, 0.2 * 55.67)
    assert award("merton-2026", claimant_age=70, **details) == 825.15
    assert award("merton-2026", claimant_age=72, **details) == 1012.87
    assert yearly(1405.71, 0.20 * (500 - 462.33)) == 1012.87


def test_pensioner_amount_changes_between_70_and_71_at_april_2026() -> None:
    # Townhall reads the age given as the age at 1 April of the scheme year (a whole-year
    # approximation). 71 at 1 April 2026: born 2 April 1954 to 1 April 1955, pension age reached
    # by March 2021 at the latest: £256.00; 70: born from 2 April 1955, pension age 66 from April
    # 2021: £238.00. Income £260, Band D less 25% £1,581.42: 20% × £4 = £0.80 a week, £1,539.71;
    # 20% × £22 = £4.40, £1,351.99.
    single = {"band": "D", "weekly_other_income": 260}
    assert award("merton-2026", claimant_age=71, **single) == yearly(1581.42, 0.80) == 1539.71
    assert award("merton-2026", claimant_age=70, **single) == yearly(1581.42, 4.40) == 1351.99


def test_pensioner_in_work_30_hours_with_a_pension() -> None:
    # PR Sch. 4: £5 of a single person's earnings and the additional £17.10 (30 hours, aged 25 or
    # over) are disregarded (Merton's pensioner figures). Aged 68 (£238.00), earnings £200 for 30
    # hours and a pension of £150: £177.90 + £150 = £327.90; 20% × £89.90 = £17.98 a week off
    # Band D less 25% £1,581.42: £643.89.
    got = award(
        "merton-2026",
        band="D",
        claimant_age=68,
        weekly_earnings=200,
        claimant_weekly_hours=30,
        weekly_other_income=150,
    )
    assert got == yearly(1581.42, 0.20 * (200 - 5 - 17.10 + 150 - 238)) == 643.89


def test_passported_pensioner_with_two_non_dependants_one_exempt() -> None:
    # PR Sch. 1 para 8: a daughter earning £500 in work, £13.30 (£485.00 to £604.99); a son on
    # income-based JSA, none (para 8(8)(a)). Band E £2,577.13 (11/9), three adults, no discount:
    # £2,577.13 − £13.30 × 365 ÷ 7 = £1,883.63.
    daughter = {"age": 28, "weekly_gross_income": 500.0, "works_16_hours_or_more": True}
    son = {"age": 33, "weekly_gross_income": 77.0, "benefit": "income_support_jsa_esa"}
    got = award(
        "merton-2026", band="E", claimant_age=72, passported=True, other_adults=[daughter, son]
    )
    assert got == yearly(2577.13, 13.30) == 1883.63


def test_second_adult_rebate_for_working_age_kept_by_westminster_not_kingston() -> None:
    # A claimant of 45 with £600 of income (main award nil) and a son earning £200 (below £289).
    # Westminster CTS 2026/27 section 4 (p.3) keeps the second adult rebate for working age: 15% of
    # Band D £1,047.85 = £157.18. Kingston removed it (introduction p.2): nil. A Kingston
    # pensioner has it (PR Sch. 3 para 1 Table (b)): 15% of £2,509.47 = £376.42.
    son = {"age": 20, "weekly_gross_income": 200.0, "works_16_hours_or_more": True}
    high = {"band": "D", "weekly_other_income": 600.0, "other_adults": [son]}
    assert award("westminster-2026", claimant_age=45, **high) == 157.18
    assert award("kingston-upon-thames-2026", claimant_age=45, **high) == 0.0
    assert award("kingston-upon-thames-2026", claimant_age=75, **high) == 376.42


# --- 4. Liability: bands, discounts, minimum payments -------------------------------------------


@pytest.mark.parametrize(
    ("band", "liability"),
    [("A", 1405.71), ("B", 1639.99), ("C", 1874.28), ("D", 2108.56), ("E", 2577.13),
     ("F", 3045.70), ("G", 3514.27), ("H", 4217.12)],
)  # fmt: skip
def test_passported_couple_gets_the_whole_bill_in_every_band(band: str, liability: float) -> None:
    # LGFA 1992 s.5(1): A 6/9 ... H 18/9 of Merton's Band D £2,108.56; a couple, no discount;
    # passported, the whole bill (DS para 29, Merton 100%).
    couple = {"claimant_age": 40, "partner_age": 40, "passported": True}
    assert award("merton-2026", band=band, **couple) == liability


def test_discounts_for_disregarded_partners() -> None:
    # LGFA 1992 s.11(1)(b), Sch. 1: a couple of whom one is a full-time student, 25% off: Band B
    # £1,639.99 → £1,229.99 (passported, all of it). Both disregarded (s.11(2)(a), 50%): Band D
    # £2,108.56 → £1,054.28.
    couple = {"claimant_age": 40, "partner_age": 38, "passported": True}
    assert award("merton-2026", band="B", **couple, partner_student=True) == 1229.99
    both = award(
        "merton-2026",
        band="D",
        **couple,
        claimant_disregarded_for_discount=True,
        partner_disregarded_for_discount=True,
    )
    assert both == 1054.28


def test_birmingham_2013_minimum_payment_with_a_child_under_six_or_not() -> None:
    # Birmingham 2013 (24% minimum payment; a child under six protects): a passported couple on
    # Band D £1,268.92, youngest child 7: 76% = £964.38; youngest 5: £1,268.92.
    couple = {"band": "D", "claimant_age": 30, "partner_age": 30, "passported": True}
    assert award("birmingham-2013", **couple, children=1, youngest_child_age=7) == 964.38
    assert award("birmingham-2013", **couple, children=1, youngest_child_age=5) == 1268.92


def test_birmingham_2013_minimum_payment_then_the_taper() -> None:
    # Single of 40, Band A £634.46 (25% off): maximum 76% = £482.19; income £100 against £71.70,
    # 20% × £28.30 = £5.66 a week: £482.19 − £5.66 × 365 ÷ 7 = £187.06.
    got = award("birmingham-2013", band="A", claimant_age=40, weekly_other_income=100)
    assert got == yearly(634.46 * 0.76, 0.20 * 28.30) == 187.06


# --- 5. The command line, as a resident would use it ---------------------------------------------


def _cli(*arguments: str) -> dict[str, Any]:
    result = runner.invoke(app, ["tax", "household", *arguments, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_command_line_uc_claim_agrees_with_the_api() -> None:
    # The Westminster UC couple above, typed in as a resident reads their UC statement.
    data = _cli(
        *("--scheme", "westminster-2026", "--band", "H", "--age", "35", "--partner-age", "33"),
        *("--universal-credit", "--uc-maximum", "800", "--uc-award", "250"),
        *("--uc-earnings", "1000"),
    )
    assert data["award_yearly"] == 1012.73


def test_command_line_lone_parent_with_child_care_agrees_with_the_api() -> None:
    data = _cli(
        *("--scheme", "merton-2026", "--band", "E", "--age", "30", "--children", "1"),
        *("--youngest-child-age", "4", "--weekly-earnings", "520", "--hours", "18"),
        *("--child-care", "200"),
    )
    assert data["award_yearly"] == 686.95


def test_command_line_pensioner_couple_on_attendance_allowance() -> None:
    data = _cli(
        *("--scheme", "merton-2026", "--band", "D", "--age", "80", "--partner-age", "78"),
        *("--weekly-other-income", "600", "--disability-benefit", "attendance_allowance"),
        *("--partner-disability-benefit", "attendance_allowance"),
    )
    assert data["award_yearly"] == 1643.97


# --- More households: band caps, disabled band reduction, premiums with others at home ---------


def test_broxbourne_band_e_cap_and_its_protected_households() -> None:
    # Broxbourne CTR 2026/27 para 57.1: 75% of amount A, which is at most the Band E council tax
    # with the person's discount (para 57.1(a)(ii)); para 57.1A: a household on DLA or PIP gets
    # 100% of its own bill, with no Band E limit. Band D £2,198.11 (its scheme file). Passported
    # single of 40 in a Band G home: Band E £2,686.58 (11/9) less 25% = £2,014.935, a bill of
    # £2,014.94 to the penny (as the home's own bill is taken), 75% = £1,511.205: £1,511.21. (This
    # audit first carried the unrounded £2,014.934 through to £1,511.20, a penny less: a rounding
    # convention, not a rule; the council's printed Band E, £2,686.59, also gives £1,511.21.) On
    # PIP: Band G £3,663.52 (15/9) less 25% = £2,747.64, all of it.
    single = {"band": "G", "claimant_age": 40, "passported": True}
    assert award("broxbourne-2026", **single) == round(2014.94 * 0.75 + 1e-9, 2) == 1511.21
    on_pip = award(
        "broxbourne-2026", **single, claimant_disability_benefit="pip_daily_living_standard"
    )
    assert on_pip == 2747.64


def test_disabled_band_reduction_charges_the_band_below() -> None:
    # LGFA 1992 s.13 and the Council Tax (Reductions for Disabilities) Regulations 1992 reg. 4: a
    # Band C home with the reduction pays as Band B, £1,639.99; a Band A home pays 5/9 of Band D,
    # £2,108.56 × 5/9 = £1,171.42. A passported couple gets all of it.
    couple = {"claimant_age": 40, "partner_age": 40, "passported": True}
    assert award("merton-2026", band="C", **couple, disabled_band_reduction=True) == 1639.99
    assert award("merton-2026", band="A", **couple, disabled_band_reduction=True) == 1171.42


def test_severe_disability_premium_kept_with_a_son_on_dla_care() -> None:
    # Merton Sch. 3 para 14 (DS internal Sch. 3 para 14(4)(a)): a non-dependant who gets DLA care
    # at the middle or highest rate is not counted against the severe disability premium. The
    # claimant on enhanced PIP keeps £95.55 + £44.85 + £22.00 + £86.05 = £248.45; no deduction for
    # the son (the claimant gets PIP daily living, para 30(6)); two adults count: Band C
    # £1,874.28. Income £300: 20% × £51.55 = £10.31 a week: £1,336.69.
    son = {
        "age": 30,
        "weekly_gross_income": 100.0,
        "weekly_disability_benefits": 73.90,
        "disability_benefit": "dla_care_middle",
        "works_16_hours_or_more": False,
    }
    got = award(
        "merton-2026",
        band="C",
        claimant_age=45,
        weekly_other_income=300,
        claimant_disability_benefit="pip_daily_living_enhanced",
        other_adults=[son],
    )
    assert got == yearly(1874.28, 0.20 * (300 - 248.45)) == 1336.69


def test_child_care_charges_stop_for_a_child_past_15() -> None:
    # DS para 57 (Merton para 57): child care is counted for a child until the first Monday in
    # September after the 15th birthday (16th if disabled). Lone parent, one child, 20 hours,
    # £400 earned, child care £100, Band H £4,217.12 less 25% = £3,162.84. Child of 12: £400 −
    # £25 − £17.10 − £100 = £257.90 against £183.43, 20% × £74.47 = £14.89 a week: £2,386.22.
    # Child of 16: no child care, £357.90, 20% × £174.47 = £34.89: £1,343.37.
    parent = {
        "band": "H",
        "claimant_age": 45,
        "children": 1,
        "weekly_earnings": 400,
        "claimant_weekly_hours": 20,
        "weekly_child_care_charges": 100,
    }
    assert award("merton-2026", **parent, youngest_child_age=12) == 2386.22
    assert award("merton-2026", **parent, youngest_child_age=16) == 1343.37
    assert yearly(3162.84, 0.20 * (400 - 25 - 17.10 - 183.43)) == 1343.37


def test_merton_uc_claim_has_no_tariff_income_but_keeps_the_capital_limit() -> None:
    # Merton para 37(1): DWP's income already includes UC's assumed income from capital, so no
    # tariff income; para 23(1): the £16,000 limit still excludes. UC without earnings (award =
    # maximum): £10,000 of savings leaves Band D £1,581.42 (25% off) whole; £16,000.01 ends it.
    uc = {
        "band": "D",
        "claimant_age": 40,
        "universal_credit": True,
        "uc_maximum_amount_monthly": 600,
        "uc_award_monthly": 600,
    }
    assert award("merton-2026", **uc, capital=10_000) == 1581.42
    assert award("merton-2026", **uc, capital=16_000.01) == 0.0


def test_second_adult_on_uc_with_earnings_is_not_passported() -> None:
    # Merton Sch. 4 para 1 Table (a) passports UC only with no earned income. A son on UC earning
    # £250 gross: Table (b), below £289, 15% of Band D £2,108.56 = £316.28 (the claimant's own
    # £600 of income leaves no main award).
    son = {
        "age": 30,
        "weekly_gross_income": 250.0,
        "works_16_hours_or_more": True,
        "benefit": "universal_credit_with_earnings",
    }
    got = award(
        "merton-2026", band="D", claimant_age=45, weekly_other_income=600, other_adults=[son]
    )
    assert got == round(0.15 * 2108.56, 2) == 316.28


def test_couple_with_a_disability_premium_gets_the_20_pound_disregard() -> None:
    # Merton Sch. 7 para 4: £20 of earnings where the disability premium applies (the partner on
    # PIP daily living, Sch. 3 para 11: £64.00 for a couple), not the couple's £10; and £17.10 for
    # 30 hours (para 18). No severe disability premium: in a couple both must qualify (para 14).
    # £150.15 + £64.00 = £214.15; £500 − £37.10 = £462.90; 20% × £248.75 = £49.75 a week off
    # Band H £4,217.12: £1,623.01.
    got = award(
        "merton-2026",
        band="H",
        claimant_age=40,
        partner_age=40,
        partner_disability_benefit="pip_daily_living_standard",
        weekly_earnings=500,
        claimant_weekly_hours=30,
    )
    assert got == yearly(4217.12, 0.20 * (500 - 20 - 17.10 - 214.15)) == 1623.01


def test_couple_both_on_pip_get_the_double_severe_disability_premium() -> None:
    # Merton Sch. 3 para 14(2)(b) and para 17(2): both on a qualifying benefit, nobody else at
    # home, no carer paid: £172.10; disability premium (couple) £64.00; enhanced disability
    # premium (couple) £31.40 for the claimant's enhanced PIP daily living (para 15). £150.15 +
    # £267.50 = £417.65; income £500: 20% × £82.35 = £16.47 a week off Band D £2,108.56:
    # £1,249.77.
    got = award(
        "merton-2026",
        band="D",
        claimant_age=50,
        partner_age=48,
        claimant_disability_benefit="pip_daily_living_enhanced",
        partner_disability_benefit="pip_daily_living_standard",
        weekly_other_income=500,
    )
    assert got == yearly(2108.56, 0.20 * (500 - 417.65)) == 1249.77


def test_single_carer_in_part_time_work() -> None:
    # Merton Sch. 3 para 17(4): carer premium £48.15 (she gets Carer's Allowance); Sch. 7 para 6:
    # £20 of her earnings disregarded; no additional £17.10 (16 hours with a carer premium is not
    # a condition of para 18(2)). Carer's Allowance £83.30 is income. £95.55 + £48.15 = £143.70;
    # £100 − £20 + £83.30 = £163.30; 20% × £19.60 = £3.92 a week off Band B £1,229.99 (25% off):
    # £1,025.59.
    got = award(
        "merton-2026",
        band="B",
        claimant_age=40,
        carers=1,
        weekly_earnings=100,
        claimant_weekly_hours=16,
        weekly_other_income=83.30,
    )
    assert got == yearly(1229.99, 0.20 * (100 - 20 + 83.30 - 143.70)) == 1025.59


def test_under_25_lone_parent_and_esa_claimant_get_the_full_personal_allowance() -> None:
    # Merton Sch. 3 para 1(2): a lone parent gets £95.55 at any age from 18; para 1(1)(b): a
    # single person under 25 on main phase ESA £95.55 (not £75.65). Lone parent of 20, child of 2:
    # £95.55 + £87.88 = £183.43; income £200: 20% × £16.57 = £3.31 a week off Band A £1,054.28
    # (25% off): £881.48. Single of 22 in the ESA work-related activity group: £95.55 + £37.95 =
    # £133.50; income £200: £13.30 a week: £360.78.
    parent = award(
        "merton-2026",
        band="A",
        claimant_age=20,
        children=1,
        youngest_child_age=2,
        weekly_other_income=200,
    )
    assert parent == yearly(1054.28, 0.20 * (200 - 183.43)) == 881.48
    young_esa = award(
        "merton-2026",
        band="A",
        claimant_age=22,
        esa_component="work_related_activity",
        weekly_other_income=200,
    )
    assert young_esa == yearly(1054.28, 0.20 * (200 - 133.50)) == 360.78


def test_westminster_war_pension_disregarded_in_full() -> None:
    # Westminster CTS 2026/27 section 4 (p.3): war pensions disregarded in full for working age.
    # £100 of war pension and £100 of other income: £100 against £95.55, 20% × £4.45 = £0.89 a
    # week off Band D £785.89 (25% off): £739.48.
    got = award(
        "westminster-2026",
        band="D",
        claimant_age=45,
        weekly_war_pension=100,
        weekly_other_income=100,
    )
    assert got == yearly(785.89, 0.20 * (100 - 95.55)) == 739.48


def test_newham_pensioner_bears_the_prescribed_non_dependant_deduction() -> None:
    # Newham CTR 2026 para 30 (pensioners) keeps the prescribed £10.60 for a non-dependant in work
    # on £279.00 to £484.99; para 30B's £14.96 is for working-age claims only, and the 70% cap
    # is for working age (para 29(1)). Passported pensioner, son earning £300: Band C £1,667.64
    # (8/9 × £1,876.09), no discount: £1,667.64 − £10.60 × 365 ÷ 7 = £1,114.93.
    son = {"age": 40, "weekly_gross_income": 300.0, "works_16_hours_or_more": True}
    got = award("newham-2026", band="C", claimant_age=75, passported=True, other_adults=[son])
    assert got == yearly(1667.64, 10.60) == 1114.93


def test_under_25_in_the_esa_support_group() -> None:
    # Merton Sch. 3 para 1(1)(b): £95.55 on main phase ESA at any age; para 24 the support
    # component £50.35; para 15 (HB Regs 2006 Sch. 3 para 15) the enhanced disability premium
    # £22.00 for a member of the support group. £167.90; income £200: 20% × £32.10 = £6.42 a week
    # off Band A £1,054.28 (25% off): £719.52.
    got = award(
        "merton-2026", band="A", claimant_age=22, esa_component="support", weekly_other_income=200
    )
    assert got == yearly(1054.28, 0.20 * (200 - 167.90)) == 719.52


def test_a_non_dependants_pip_is_left_out_of_the_income_that_sets_the_deduction() -> None:
    # PR Sch. 1 para 8(9) (DS para 30(9) alike): AA, DLA, PIP and AFIP are disregarded from a
    # non-dependant's gross income. A son earning £260 who also gets £60 of PIP: £260, below
    # £279, £5.20 (not £10.60 on £320). His own PIP does not waive the deduction (only the
    # claimant's or partner's, para 8(6)). Passported pensioner, Band C £1,874.28: £1,603.14.
    son = {
        "age": 35,
        "weekly_gross_income": 320.0,
        "weekly_disability_benefits": 60.0,
        "disability_benefit": "pip_daily_living_standard",
        "works_16_hours_or_more": True,
    }
    got = award("merton-2026", band="C", claimant_age=75, passported=True, other_adults=[son])
    assert got == yearly(1874.28, 5.20) == 1603.14


def test_birmingham_2013_war_pensioner_is_protected_and_keeps_ten_pounds_disregarded() -> None:
    # Birmingham 2013: a war pension protects from the 24% minimum; the default scheme disregards
    # £10 of it (DS internal Sch. 8, the scheme's £10). Single of 40, war pension £50 and £60 of
    # other income: £100 against £71.70, 20% × £28.30 = £5.66 a week off Band A £634.46 in full
    # (not 76%): £339.33.
    got = award(
        "birmingham-2013",
        band="A",
        claimant_age=40,
        weekly_war_pension=50,
        weekly_other_income=60,
    )
    assert got == yearly(634.46, 0.20 * (100 - 71.70)) == 339.33


def test_oxford_pensioners_follow_the_prescribed_scheme() -> None:
    # Oxford's pensioners get the prescribed scheme's 2026/27 figures: single, pension age reached
    # before 1 April 2021 (aged 80), £256.00; income £300: 20% × £44 = £8.80 a week off Band D
    # £2,672.44 less 25% = £2,004.33: £1,545.47.
    assert award("oxford-2026", band="D", claimant_age=80, weekly_other_income=300) == 1545.47
    assert yearly(2004.33, 0.20 * (300 - 256)) == 1545.47


def test_oxford_pensioner_with_a_grandchild_gets_no_family_premium() -> None:
    # PR Sch. 2 para 3 as amended by SI 2015/2041 reg. 2(4)(b): the family premium is nil for a
    # reduction week beginning after 1 May 2016, save a claim protected by reg. 3 (in payment on
    # 30 April 2016). A new claim, aged 72 (£256.00), a grandchild of 10 (£87.88): £343.88; income
    # £400: 20% × £56.12 = £11.22 a week off Band C £2,375.50 less 25% = £1,781.63: £1,196.38.
    with_child = award(
        "oxford-2026",
        band="C",
        claimant_age=72,
        children=1,
        youngest_child_age=10,
        weekly_other_income=400,
    )
    assert with_child == yearly(1781.63, 0.20 * (400 - 343.88)) == 1196.38


def test_oxford_pensioner_protected_since_april_2016_keeps_the_family_premium() -> None:
    # SI 2015/2041 reg. 3: a person getting a reduction on 30 April 2016 as a member of a family
    # with a child keeps PR Sch. 2 para 3(a)'s family premium (£20.22 in 2026/27) until that stops
    # or they make a new application. The household above, protected: £256.00 + £87.88 + £20.22 =
    # £364.10; income £400: 20% × £35.90 = £7.18 a week off £1,781.63: £1,407.24.
    protected = award(
        "oxford-2026",
        band="C",
        claimant_age=72,
        children=1,
        youngest_child_age=10,
        weekly_other_income=400,
        getting_support_since_before_may_2016=True,
    )
    assert protected == yearly(1781.63, 0.20 * (400 - 364.10)) == 1407.24


def test_command_line_protected_pensioner_family_agrees_with_the_api() -> None:
    # The protected household above, typed in as a resident would: £1,407.24; without the
    # answer, a new claim: £1,196.38 (SI 2015/2041 reg. 2(4)(b), reg. 3).
    household = (
        *("--scheme", "oxford-2026", "--band", "C", "--age", "72"),
        *("--children", "1", "--youngest-child-age", "10", "--weekly-other-income", "400"),
    )
    assert _cli(*household, "--getting-support-since-before-may-2016")["award_yearly"] == 1407.24
    assert _cli(*household)["award_yearly"] == 1196.38


def test_maldon_uc_earnings_disregard_of_ten_pounds_a_week() -> None:
    # Maldon CTR 2026/27 para 15A.2(b): DWP's earnings count less £10 a week; para 57.1: 80% of
    # the bill; 20% taper. Band D £2,159.54 (its scheme file: £232.01 + Essex £1,579.59 + police
    # £260.37 + fire £87.57), Band B £1,679.64 less 25% = £1,259.73, 80% = £1,007.78. Single of 30
    # on UC: maximum £700, award £300, earnings £800 a month. Income £300 × 12 ÷ 52 = £69.23 +
    # £800 × 12 ÷ 52 = £184.62 less £10 = £243.85 against £161.54; 20% × £82.31 = £16.46 a week:
    # £1,007.78 − £16.4615 × 365 ÷ 7 = £149.43.
    got = award(
        "maldon-2026",
        band="B",
        claimant_age=30,
        universal_credit=True,
        uc_maximum_amount_monthly=700,
        uc_award_monthly=300,
        uc_earned_income_monthly=800,
    )
    assert got == yearly(1259.73 * 0.80, 0.20 * ((300 + 800 - 700) * 12 / 52 - 10)) == 149.43


def test_child_care_for_one_of_two_children_takes_the_one_child_limit() -> None:
    # Merton para 57(3)(a): £175 where the charges are for one child, even in a family of two.
    # Lone parent, children of 3 and 9, child care £250 for the younger only, 20 hours, £600:
    # £600 − £25 − £17.10 − £175 = £382.90 against £95.55 + 2 × £87.88 = £271.31; 20% × £111.59
    # = £22.32 a week off Band E £1,932.85 (25% off): £769.13.
    got = award(
        "merton-2026",
        band="E",
        claimant_age=33,
        children=2,
        youngest_child_age=3,
        children_in_child_care=1,
        weekly_earnings=600,
        claimant_weekly_hours=20,
        weekly_child_care_charges=250,
    )
    assert got == yearly(1932.85, 0.20 * (600 - 25 - 17.10 - 175 - 271.31)) == 769.13


def test_default_2013_pensioner_with_a_working_son() -> None:
    # PR Sch. 1 para 8 as amended by SI 2012/3085 for 2013/14 (prescribed-pensioner.toml): £7.25
    # for a non-dependant in work on £186.00 to £321.99 (the same £7.25 is the working-age column
    # of Anglia Revenues' 2015/16 table, the default scheme's frozen figure). Passported pensioner,
    # son earning £250: Birmingham Band A £845.95, no discount: £845.95 − £7.25 × 365 ÷ 7 =
    # £467.91.
    son = {"age": 40, "weekly_gross_income": 250.0, "works_16_hours_or_more": True}
    got = award("default-2013", band="A", claimant_age=70, passported=True, other_adults=[son])
    assert got == yearly(845.95, 7.25) == 467.91


def test_command_line_in_plain_words_for_an_under_25_on_esa() -> None:
    # The resident's view without --json: the steps in words, the same award as the API (£360.78
    # for a 22-year-old in the ESA work-related activity group with £200 of other income).
    result = runner.invoke(
        app,
        [
            *("tax", "household", "--scheme", "merton-2026", "--band", "A", "--age", "22"),
            *("--esa", "work_related_activity", "--weekly-other-income", "200"),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Support for the year: £360.78" in result.output
    assert "personal allowance £95.55" in result.output


def test_mixed_age_couple_on_uc_in_newham_pays_the_working_age_minimum() -> None:
    # PR reg. 3(2)(b)(ii): a couple on UC is not a pensioner claim, whatever the elder's age, so
    # Newham's working-age 70% maximum applies (para 29(1)). Aged 70 and 60 on UC without other
    # income (award = maximum £900): Band B £1,459.18 (7/9 × £1,876.09), no discount, 70% =
    # £1,021.43. Not on UC (an older claim), the same couple is a pensioner claim: passported on
    # Pension Credit, the whole £1,459.18.
    couple = {"band": "B", "claimant_age": 70, "partner_age": 60}
    on_uc = award(
        "newham-2026",
        **couple,
        universal_credit=True,
        uc_maximum_amount_monthly=900,
        uc_award_monthly=900,
    )
    assert on_uc == round(1459.18 * 0.70, 2) == 1021.43
    assert award("newham-2026", **couple, passported=True) == 1459.18


def test_pensioner_couple_with_a_younger_partner_in_part_time_work() -> None:
    # PR Sch. 4: a couple's £10 of earnings disregarded; no additional £17.10 (20 hours, no child
    # and no disability). Aged 72 and 60, not on UC: a pensioner claim, £383.35 (one reached
    # pension age before 1 April 2021). Pension £250 and her £200 earned: £440.00; 20% × £56.65 =
    # £11.33 a week off Band D £2,108.56: £1,517.78.
    got = award(
        "merton-2026",
        band="D",
        claimant_age=72,
        partner_age=60,
        weekly_other_income=250,
        weekly_earnings=200,
        partner_weekly_hours=20,
    )
    assert got == yearly(2108.56, 0.20 * (250 + 200 - 10 - 383.35)) == 1517.78


def test_second_adult_rebate_on_two_second_adults_joint_income() -> None:
    # PR Sch. 3 para 1 Table (b): the second adults' aggregate gross income. Two grown children
    # earning £150 each: £300, from £289.00 to below £375.00, 7.5%. Pensioner with £600 of income
    # (no main award), Band D £2,108.56: £158.14.
    children = [
        {"age": 25, "weekly_gross_income": 150.0, "works_16_hours_or_more": True},
        {"age": 23, "weekly_gross_income": 150.0, "works_16_hours_or_more": True},
    ]
    got = award(
        "merton-2026", band="D", claimant_age=75, weekly_other_income=600, other_adults=children
    )
    assert got == round(0.075 * 2108.56, 2) == 158.14


def test_kingston_pensioner_couple_both_reaching_pension_age_after_april_2021() -> None:
    # PR Sch. 2 para 1(2) as amended for 2026/27: £363.25 for a couple both reaching pension age
    # on or after 1 April 2021 (Kingston's own row (6) prints £383.35, which its scheme file
    # treats as a slip). Aged 68 and 67, pensions £400: 20% × £36.75 = £7.35 a week off Band D
    # £2,509.47: £2,126.22.
    got = award(
        "kingston-upon-thames-2026",
        band="D",
        claimant_age=68,
        partner_age=67,
        weekly_other_income=400,
    )
    assert got == yearly(2509.47, 0.20 * (400 - 363.25)) == 2126.22
