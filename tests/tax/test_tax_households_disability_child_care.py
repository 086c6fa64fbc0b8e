"""Issue 13's last gaps, worked by hand: another adult's disability benefits left out of the income
that sets their non-dependant deduction and the second adult rebate, and the child care limit by
the number of children the care is paid for.

"PR" is SI 2012/2885 as amended, "DS" SI 2012/2886; figures are Merton's 2026/27 (its scheme
reproduces both), conventions as in `test_tax_households_audit.py`: weekly amounts × 365 ÷ 7 off the
yearly bill, rounded half up to the penny. Merton 2026/27: Band A £1,405.71, Band C £1,874.28;
Band B with the 25% single person discount £1,229.99.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

import townhall.tax as tax
from townhall.cli import app
from townhall.problems import InvalidInputError
from townhall.tax.claims.caseload import Caseload

DAYS = 365 / 7
runner = CliRunner()


def award(scheme: str, **details: Any) -> float:
    """The yearly award Townhall gives the household."""
    return tax.household(scheme, **details).award_yearly


def yearly(liability: float, weekly_off: float) -> float:
    """A yearly award: the bill less a weekly amount × 365 ÷ 7, to the penny."""
    return round(max(liability - weekly_off * DAYS, 0.0) + 1e-9, 2)


# --- Disability benefits of the other adults ----------------------------------------------------

PASSPORTED_PENSIONER = {"band": "C", "claimant_age": 75, "passported": True}


def test_a_non_dependants_pip_does_not_raise_their_deduction() -> None:
    # PR Sch. 1 para 8(2), (9)(a): the deduction for a non-dependant in remunerative work goes by
    # their normal gross weekly income, less any AA, DLA, PIP or AFIP they get. A son in work with
    # £250 of earnings and £110 of PIP (£360 gross): £250 counts, below £279, £5.20 a week, not
    # the £10.60 of £360. Band C, no discount (two adults count), £1,874.28.
    son = {
        "age": 30,
        "weekly_gross_income": 360.0,
        "weekly_disability_benefits": 110.0,
        "works_16_hours_or_more": True,
    }
    assert award("merton-2026", **PASSPORTED_PENSIONER, other_adults=[son]) == 1603.14
    assert yearly(1874.28, 5.20) == 1603.14
    counted_in_full = {**son, "weekly_disability_benefits": 0.0}
    assert award("merton-2026", **PASSPORTED_PENSIONER, other_adults=[counted_in_full]) == yearly(
        1874.28, 10.60
    )


def test_second_adult_rebate_leaves_out_the_second_adults_pip() -> None:
    # PR Sch. 3 para 2(a): AA, DLA, PIP and AFIP are disregarded in a second adult's gross income.
    # A pensioner of 75 on £500 a week (no main award: £500 − £256.00 leaves £48.80 a week of
    # taper against £36.05 of Band C liability) with a son whose £400 a week includes £130 of PIP:
    # £270 counts, below £289, so 15% of £1,874.28 = £281.14 (Table (b)); counted in full, £400 is
    # not below £375 and there is no rebate at all.
    son = {
        "age": 40,
        "weekly_gross_income": 400.0,
        "weekly_disability_benefits": 130.0,
        "works_16_hours_or_more": True,
    }
    details = {"band": "C", "claimant_age": 75, "weekly_other_income": 500.0}
    assert award("merton-2026", **details, other_adults=[son]) == round(0.15 * 1874.28, 2)
    assert round(0.15 * 1874.28, 2) == 281.14
    without = {**son, "weekly_disability_benefits": 0.0}
    assert award("merton-2026", **details, other_adults=[without]) == 0.0


def test_other_adults_disability_benefits_from_the_command_line() -> None:
    result = runner.invoke(
        app,
        [
            *("tax", "household", "--scheme", "merton-2026", "--band", "C", "--age", "75"),
            *("--passported", "--json", "--other-adult", "360,disability=110,works"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"award_yearly": 1603.14' in result.output  # £1,874.28 − £5.20 × 365 ÷ 7


def test_disability_benefits_above_the_adults_income_are_refused() -> None:
    result = runner.invoke(
        app,
        ["tax", "household", "--scheme", "merton-2026", "--other-adult", "100,disability=120"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1
    assert "weekly_disability_benefits" in result.output and "Traceback" not in result.output


def test_a_non_dependants_file_with_disability_benefits_above_gross_income_is_refused() -> None:
    with pytest.raises(InvalidInputError) as error:
        Caseload.from_records(
            [{"claim_id": "c", "band": "A", "claimant_age": 40, "pensioner": False}],
            "claims",
            [{"claim_id": "c", "gross_weekly_income": 50.0, "weekly_disability_benefits": 60.0}],
        )
    assert [problem.field for problem in error.value.problems] == ["weekly_disability_benefits"]


# --- The child care limit by the children the care is paid for ----------------------------------

LONE_PARENT = {
    "band": "B",
    "claimant_age": 32,
    "children": 2,
    "youngest_child_age": 6,
    "weekly_earnings": 500.0,
    "claimant_weekly_hours": 20,
    "weekly_child_care_charges": 200.0,
}


def test_child_care_for_one_of_two_children_is_limited_to_175() -> None:
    # DS para 57(3) (PR Sch. 1 para 24(3) alike): charges count up to £175 a week where they are
    # paid for one child, £300 for two or more. A lone parent with two children earning £500 in
    # 20 hours pays £200 for the younger child's care only: £500 − £25 (lone parent) − £17.10
    # (additional, 16 hours with a child) − £175 = £282.90 against £271.31 (£95.55 + 2 × £87.88):
    # 20% × £11.59 = £2.318 a week off £1,229.99: £1,109.12.
    one = award("merton-2026", **LONE_PARENT, children_in_child_care=1)
    assert one == yearly(1229.99, 0.20 * (500 - 25 - 17.10 - 175 - 271.31)) == 1109.12
    # Paid for both (or not said: every child): the £200 counts in full, £257.90 is below the
    # applicable amount and the whole £1,229.99 is due.
    assert award("merton-2026", **LONE_PARENT, children_in_child_care=2) == 1229.99
    assert award("merton-2026", **LONE_PARENT) == 1229.99


def test_child_care_for_one_child_from_the_command_line() -> None:
    result = runner.invoke(
        app,
        [
            *("tax", "household", "--scheme", "merton-2026", "--band", "B", "--age", "32"),
            *("--children", "2", "--youngest-child-age", "6", "--weekly-earnings", "500"),
            *("--hours", "20", "--child-care", "200", "--children-in-child-care", "1", "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"award_yearly": 1109.12' in result.output


@pytest.mark.parametrize("in_care", [3, 0])
def test_children_in_child_care_must_fit_the_family(in_care: int) -> None:
    # More children in care than in the family, or none while charges are paid: refused, named.
    with pytest.raises(InvalidInputError) as error:
        tax.household("merton-2026", **LONE_PARENT, children_in_child_care=in_care)
    assert [problem.field for problem in error.value.problems] == ["children_in_child_care"]


def test_a_caseload_row_with_more_children_in_care_than_children_is_refused() -> None:
    with pytest.raises(InvalidInputError) as error:
        Caseload.from_records(
            [
                {
                    "claim_id": "c",
                    "band": "A",
                    "claimant_age": 40,
                    "pensioner": False,
                    "children": 1,
                    "youngest_child_age": 3,
                    "children_in_child_care": 2,
                }
            ]
        )
    assert [problem.field for problem in error.value.problems] == ["children_in_child_care"]
