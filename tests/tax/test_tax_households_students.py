"""Second adult rebate's Table (c), worked by hand: 100% of the bill where the home would be all
students' but for second adults on a passporting benefit (SI 2012/2885 Sch. 3 para 1 Table (c)).

"PR" is SI 2012/2885 as amended. Figures are Merton's 2026/27 (its Sch. 4 reproduces PR Sch. 3 for
pensioners): Band C £1,874.28, with the 25% single person discount £1,405.71. Every household
below has £700 a week of other income, so its main award is nil or small and the rebate wins.
Table (c)'s "council tax due" is the bill after the discount the dwelling has (PR Sch. 3 para
1(2)(b)): with one second adult counted, the 25% discount applies and the rebate is the whole
discounted bill.
"""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

import townhall.tax as tax
from townhall.cli import app
from townhall.consult.household_form import household_from_form

runner = CliRunner()
BAND_C, BAND_C_DISCOUNTED = 1874.28, 1405.71
STUDENT_PENSIONER = {
    "band": "C",
    "claimant_age": 70,  # a student of pension age: PR Sch. 3 para 1(1)(b)
    "claimant_student": True,
    "weekly_other_income": 700.0,
}
BROTHER_ON_PENSION_CREDIT = {"age": 68, "weekly_gross_income": 230.0, "benefit": "pension_credit"}
SISTER_ON_PENSION_CREDIT = {"age": 66, "weekly_gross_income": 220.0, "benefit": "pension_credit"}


def award(**details: Any) -> float:
    """The yearly award Townhall gives the household under Merton's 2026/27 scheme."""
    return tax.household("merton-2026", **details).award_yearly


def test_a_student_living_with_a_brother_on_pension_credit_pays_nothing() -> None:
    # But for the brother (a second adult on state pension credit) the home would be wholly
    # occupied by a student: Table (c), 100% of the bill after its 25% discount (only he counts).
    # A student lodger changes nothing (a student is one of the persons Table (c) names).
    lodger = {"age": 21, "student": True}
    assert award(**STUDENT_PENSIONER, other_adults=[BROTHER_ON_PENSION_CREDIT]) == BAND_C_DISCOUNTED
    both = award(**STUDENT_PENSIONER, other_adults=[BROTHER_ON_PENSION_CREDIT, lodger])
    assert both == BAND_C_DISCOUNTED


def test_table_c_needs_every_second_adult_on_a_passporting_benefit() -> None:
    # A sister earning £100 beside the brother on pension credit: Table (c) fails ("but for the
    # presence of one or more second adults who are in receipt of ..."); Table (b) on her £100
    # (his income left out), below £289: 15% of Band C (two adults count, no discount) = £281.14.
    sister = {"age": 60, "weekly_gross_income": 100.0, "works_16_hours_or_more": False}
    both = award(**STUDENT_PENSIONER, other_adults=[BROTHER_ON_PENSION_CREDIT, sister])
    assert both == round(0.15 * BAND_C, 2) == 281.14
    # Both on pension credit: Table (c), the whole of Band C (two count, no discount).
    on_credit = award(
        **STUDENT_PENSIONER, other_adults=[BROTHER_ON_PENSION_CREDIT, SISTER_ON_PENSION_CREDIT]
    )
    assert on_credit == BAND_C


def test_tables_a_and_b_take_the_bill_before_its_discount() -> None:
    # PR Sch. 3 para 1(2): "council tax due" is the council tax payable under s.10 of the 1992 Act
    # less other reductions, and less the dwelling's discount only in a Table (c) case. A student
    # (disregarded) whose only other adult is a brother earning £200 (not a passporting benefit):
    # one adult counts, so the bill is £1,405.71 after the 25% discount; Table (b), £200 below
    # £289: 15% of the undiscounted £1,874.28 = £281.14 (15% of the discounted bill would be
    # £210.86). The main award is nil (£700 a week of other income).
    brother = {"age": 50, "weekly_gross_income": 200.0, "works_16_hours_or_more": True}
    assert award(**STUDENT_PENSIONER, other_adults=[brother]) == round(0.15 * BAND_C, 2) == 281.14


def test_no_table_c_with_a_child_or_a_partner_who_is_not_a_student() -> None:
    # A child is not a student: the home would not be wholly occupied by students, so Table (a):
    # 25% of Band C = £468.57 (the main award is nil: £35.95 a week less 20% of £700 over an
    # applicable amount of £325.88).
    second_adults = [BROTHER_ON_PENSION_CREDIT, SISTER_ON_PENSION_CREDIT]
    with_child = award(
        **STUDENT_PENSIONER, children=1, youngest_child_age=10, other_adults=second_adults
    )
    assert with_child == round(0.25 * BAND_C, 2) == 468.57
    # A partner of 69 who is not a student (nor disregarded): the claimant alone is disregarded,
    # so the brother is a second adult (PR Sch. 1 para 4(3)(c)); partner and brother count, no
    # discount; Table (a), 25% = £468.57. With the partner a student too: Table (c), the whole
    # bill after the 25% discount.
    couple = {**STUDENT_PENSIONER, "partner_age": 69, "other_adults": [BROTHER_ON_PENSION_CREDIT]}
    assert award(**couple) == 468.57
    assert award(**couple, partner_student=True) == BAND_C_DISCOUNTED


def test_being_disregarded_for_another_reason_is_not_table_c() -> None:
    # A carer disregarded for discounts (LGFA 1992 Sch. 1 para 9) is not a student (default scheme
    # para 75(1)): Table (a) only, 25% of the bill; Table (c) is for students alone.
    carer = {k: v for k, v in STUDENT_PENSIONER.items() if k != "claimant_student"}
    rebate = award(
        **carer, claimant_disregarded_for_discount=True, other_adults=[BROTHER_ON_PENSION_CREDIT]
    )
    assert 0 < rebate < BAND_C_DISCOUNTED


def test_the_calculators_student_option_marks_a_student() -> None:
    # `--student` keeps its meaning (ignored for discounts) and makes the claimant a student.
    result = runner.invoke(
        app,
        [
            *("tax", "household", "--scheme", "merton-2026", "--band", "C", "--age", "70"),
            *("--student", "--weekly-other-income", "700", "--json"),
            *("--other-adult", "age=68,230,pension-credit"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["award_yearly"] == BAND_C_DISCOUNTED


def test_the_web_calculator_marks_a_student() -> None:
    # "I am a full-time student" on the "What would I pay?" form is the household's student flag.
    values = {
        **{"band": "C", "claimant_age": "70", "has_partner": "no", "children": "0"},
        **{"universal_credit": "no", "passported": "no", "claimant_student": "yes"},
        **{"weekly_other_income": "700", "other_adult_1_age": "68"},
        **{"other_adult_1_income": "230", "other_adult_1_benefit": "pension_credit"},
    }
    household, problems = household_from_form(values)
    assert problems == {} and household is not None and household.claimant_student
    result = tax.household("merton-2026", **household.model_dump())
    assert result.award_yearly == BAND_C_DISCOUNTED
