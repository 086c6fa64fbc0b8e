"""Value for money worked by hand: payments against the public saving, the share paid out,
deadweight, the provider's margin, the investors' money multiple and IRR, the commissioner's
limits, other baselines, and bad value data refused with every problem listed."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy_financial as npf
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.outcomes.payments import compute_payment
from townhall.outcomes.records import Records, validated
from townhall.outcomes.sensitivity import sensitivity
from townhall.outcomes.spec import Contract, contract_from_toml, load_contract
from townhall.outcomes.value import compute_value
from townhall.outcomes.value_tables import public_value
from townhall.problems import InvalidInputError

JOBS = """
name = "jobs"
title = "Jobs held 13 weeks"
[metric]
name = "job held 13 weeks"
kind = "sustained"
event = "job_start"
window_days = 730
sustain_days = 91
lower_is_better = false
source = "test"
[baseline]
kind = "historical"
rate = 0.25
source = "test"
[threshold]
pooled = 0.0
source = "test"
[price]
basis = "per_outcome"
amount = 1200.0
pays_for = "{pays_for}"
source = "test"
[fees]
attachment_per_member = 400.0
source = "test"
[caps]
source = "test"
[[value.savings]]
name = "benefit saving"
amount = 1000.0
year = 2011
source = "test"
[[value.savings]]
name = "tax gain"
amount = 500.0
year = 2011
source = "test"
[value.delivery]
per_member = 900.0
fixed = 1000.0
source = "test"
[value.limits]
payment_share_of_saving = 1.0
provider_margin_review_above = 0.2
investor_irr_review_above = 0.13
source = "test"
[value.sensitivity]
historical_rates = [0.375]
{extra}
"""

INVESTMENT = """
[value.investment]
capital = 5000.0
drawn = [5000.0]
payment_year = { "A" = 1, "B" = 2 }
source = "test"
"""


def jobs(pays_for: str = "every_outcome", extra: str = "") -> Contract:
    return contract_from_toml(JOBS.format(pays_for=pays_for, extra=extra), "test")


def records() -> Records:
    # Cohort A: 8 people, 4 hold a job 100 days (≥ 91). Cohort B: 4 people, 1 holds a job.
    people = pl.DataFrame(
        [(f"a{i}", "A", "treated", "2012-01-01") for i in range(8)]
        + [(f"b{i}", "B", "treated", "2012-01-01") for i in range(4)],
        schema=["person_id", "cohort", "group", "start_date"],
        orient="row",
    )
    events = pl.DataFrame(
        [(f"a{i}", "job_start", "2012-02-01", "2012-05-11") for i in range(4)]
        + [("b0", "job_start", "2012-02-01", "2012-05-11")],
        schema=["person_id", "kind", "date", "end_date"],
        orient="row",
    )
    return validated(people, events)


def test_every_outcome_contract_per_period_and_total() -> None:
    # A: 4 of 8 in work (0.5) against 0.25. Paid 4 × £1,200 = £4,800 + 8 × £400 = £3,200: £8,000.
    #    Beyond the baseline (0.5 − 0.25) × 8 = 2 jobs × (£1,000 + £500) = £3,000 saved; share
    #    8,000 ÷ 3,000 = 266.7%. Deadweight min(0.25 × 8, 4) = 2 jobs × £1,200 = £2,400.
    #    Delivery 8 × £900 = £7,200: margin £800.
    # B: 1 of 4 (0.25), no better than the baseline, but every outcome is paid: £1,200 + £1,600 =
    #    £2,800; no saving; deadweight min(1, 1) × £1,200 = £1,200; delivery £3,600, margin −£800.
    # Total: £10,800 paid; £3,000 saved (360%); deadweight £3,600;
    #    delivery £7,200 + £3,600 + £1,000 fixed = £11,800, margin −£1,000.
    contract = jobs()
    result = compute_value(contract, compute_payment(contract, records()))
    a, b = result.periods
    assert (a.payments, a.saving, a.deadweight, a.margin) == (
        Decimal("8000.00"),
        Decimal("3000.00"),
        Decimal("2400.00"),
        Decimal("800.00"),
    )
    assert a.share_of_saving == pytest.approx(8000 / 3000)
    assert (b.payments, b.saving, b.deadweight, b.margin) == (
        Decimal("2800.00"),
        Decimal("0.00"),
        Decimal("1200.00"),
        Decimal("-800.00"),
    )
    assert b.share_of_saving is None
    total = result.total
    assert (total.payments, total.saving, total.deadweight, total.delivery_cost, total.margin) == (
        Decimal("10800.00"),
        Decimal("3000.00"),
        Decimal("3600.00"),
        Decimal("11800.00"),
        Decimal("-1000.00"),
    )
    assert total.share_of_saving == pytest.approx(3.6)
    # Payments above 100% of the saving in A, B (no saving at all) and in total; the margin is
    # negative, so it is not flagged.
    assert [breach.limit for breach in result.breaches] == [
        "payments at most 100% of the saving (A)",
        "payments at most 100% of the saving (B)",
        "payments at most 100% of the saving (total)",
    ]
    assert "£10,800.00 paid against a saving of £3,000.00 (360.0%)" in result.breaches[2].figure
    assert result.investor is None
    published = public_value(result)
    assert published["periods"][-1]["payments"] == "10800.00"
    assert "person_id" not in str(published)


def test_a_contract_paying_only_improvement_has_no_deadweight() -> None:
    # A: (0.5 − 0.25) × 8 = 2 jobs × £1,200 = £2,400 + £3,200 fees. B: none beyond: £1,600 fees.
    contract = jobs("improvement")
    result = compute_value(contract, compute_payment(contract, records()))
    assert result.total.payments == Decimal("7200.00")
    assert result.total.deadweight == Decimal("0.00")


def test_investors_money_multiple_and_irr_against_a_worked_cash_flow() -> None:
    # £5,000 drawn in year 0; A's £4,800 outcome payment in year 1, B's £1,200 in year 2
    # (fees go to the provider, not investors): flows −5,000, +4,800, +1,200.
    # Multiple 6,000 ÷ 5,000 = 1.2. IRR: with x = 1/(1+r), 1,200x² + 4,800x − 5,000 = 0,
    # x = (−4,800 + √(4,800² + 4 × 1,200 × 5,000)) ÷ 2,400 = 0.857738…, r = 16.586% a year.
    contract = jobs(extra=INVESTMENT)
    result = compute_value(contract, compute_payment(contract, records()))
    investor = result.investor
    assert investor is not None
    assert investor.flows == [Decimal("-5000.00"), Decimal("4800.00"), Decimal("1200.00")]
    assert investor.multiple == pytest.approx(1.2)
    x = (-4800 + math.sqrt(4800**2 + 4 * 1200 * 5000)) / 2400
    assert investor.irr == pytest.approx(1 / x - 1)
    assert investor.irr == pytest.approx(float(npf.irr([-5000, 4800, 1200])))
    assert investor.irr == pytest.approx(0.16586, abs=1e-5)
    assert "investor return above 13.0% a year is reviewed" in [b.limit for b in result.breaches]


def test_sensitivity_prices_the_same_outcomes_against_other_baselines() -> None:
    # Against 0.25: A (0.5 − 0.25) × 8 = 2 jobs × £1,200 = £2,400; + £4,800 fees = £7,200.
    # Against 0.375: A (0.5 − 0.375) × 8 = 1 job = £1,200; + £4,800 = £6,000: £1,200 less.
    contract = jobs("improvement")
    data = records()
    payment = compute_payment(contract, data)
    # The saving moves with the baseline too: 2 jobs × £1,500 = £3,000 against 1 × £1,500.
    rows = sensitivity(contract, data, None, payment)
    assert [(r.baseline, r.payment, r.difference, r.saving) for r in rows] == [
        ("the contract's (historical)", Decimal("7200.00"), Decimal("0.00"), Decimal("3000.00")),
        ("historical rate 0.3750", Decimal("6000.00"), Decimal("-1200.00"), Decimal("1500.00")),
    ]


def test_paying_every_outcome_the_baseline_moves_deadweight_not_payment() -> None:
    # Every job is paid whatever the baseline: £10,800 either way. Against 0.375, A's expected
    # jobs are 0.375 × 8 = 3 (deadweight 3 × £1,200 = £3,600) and B's min(1.5, 1) = 1 (£1,200):
    # £4,800, against £3,600 at 0.25; the saving falls from £3,000 to (0.5 − 0.375) × 8 × £1,500
    # = £1,500.
    contract = jobs()
    data = records()
    rows = sensitivity(contract, data, None, compute_payment(contract, data))
    assert [(r.payment, r.deadweight, r.saving) for r in rows] == [
        (Decimal("10800.00"), Decimal("3600.00"), Decimal("3000.00")),
        (Decimal("10800.00"), Decimal("4800.00"), Decimal("1500.00")),
    ]


def test_bad_value_data_is_refused_with_every_problem() -> None:
    text = (
        JOBS.format(pays_for="every_outcome", extra="")
        .replace('amount = 1000.0\nyear = 2011\nsource = "test"', "amount = -5.0\nyear = 2011")
        .replace("per_member = 900.0", "per_member = -1.0")
    )
    text += (
        '\n[value.investment]\ncapital = 100.0\ndrawn = [60.0]\npayment_year = {}\nsource = "xyz"\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        contract_from_toml(text, "bad.toml")
    fields = {problem.field for problem in caught.value.problems}
    assert {
        "value.savings.0.amount",
        "value.savings.0.source",
        "value.delivery.per_member",
        "value.investment",
    } <= fields
    drawn = next(p for p in caught.value.problems if p.field == "value.investment")
    assert "must add up to the capital" in drawn.expected


def test_a_cohort_without_a_payment_year_is_refused() -> None:
    contract = jobs(extra=INVESTMENT.replace(', "B" = 2', ""))
    with pytest.raises(InvalidInputError) as caught:
        compute_value(contract, compute_payment(contract, records()))
    assert [(p.field, p.value) for p in caught.value.problems] == [
        ("value.investment.payment_year", "B")
    ]


def test_a_contract_without_value_data_says_what_is_missing() -> None:
    contract = jobs().model_copy(update={"value": None})
    with pytest.raises(InvalidInputError) as caught:
        compute_value(contract, compute_payment(contract, records()))
    assert caught.value.problems[0].field == "value"


def test_bundled_contracts_carry_value_data_marked_illustrative_where_unsourced() -> None:
    for name in ("peterborough-sib", "work-programme", "transforming-rehabilitation"):
        value = load_contract(name).value
        assert value is not None
        for part in value.savings:
            assert part.illustrative == ("Illustrative" in part.source)


@settings(deadline=None, max_examples=40)
@given(
    rate=st.floats(0, 1),
    price=st.floats(0, 5000).map(lambda x: round(x, 2)),
    pays_for=st.sampled_from(["every_outcome", "improvement"]),
)
def test_deadweight_never_exceeds_payments_and_the_periods_add_up(
    rate: float, price: float, pays_for: str
) -> None:
    base = jobs(pays_for)
    contract = base.model_copy(
        update={
            "baseline": base.baseline.model_copy(update={"rate": rate}),
            "price": base.price.model_copy(update={"amount": price}),
        }
    )
    result = compute_value(contract, compute_payment(contract, records()))
    assert sum(p.saving for p in result.periods) == result.total.saving
    assert sum(p.deadweight for p in result.periods) == result.total.deadweight
    for row in [*result.periods, result.total]:
        assert Decimal("0") <= row.deadweight <= row.payments
        assert row.saving >= 0


def test_a_total_cap_reaches_investors_in_the_last_payment_year() -> None:
    # Outcome payments £4,800 (A, year 1) and £1,200 (B, year 2) capped at £1,000 in total: the
    # £5,000 cut falls in year 2. Flows −5,000, +4,800, +1,200 − 5,000 = −3,800; back 1,000 of
    # 5,000 (0.2×). The whole payment: £4,800 fees + £1,000 = £5,800.
    base = jobs(extra=INVESTMENT)
    contract = base.model_copy(update={"caps": base.caps.model_copy(update={"total": 1000.0})})
    result = compute_value(contract, compute_payment(contract, records()))
    assert result.total.payments == Decimal("5800.00")
    assert result.investor is not None
    assert result.investor.flows == [
        Decimal("-5000.00"),
        Decimal("4800.00"),
        Decimal("-3800.00"),
    ]
    assert result.investor.multiple == pytest.approx(0.2)
