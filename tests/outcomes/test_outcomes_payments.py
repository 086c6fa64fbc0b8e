"""Outcome payments worked by hand: binary against a baseline year, job outcomes with fees,
frequency against a matched comparison group, thresholds, significance and caps."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from scipy import stats

from townhall.outcomes.payments import compute_payment
from townhall.outcomes.records import validated
from townhall.outcomes.spec import Contract, load_contract


def people(rows: list[tuple[str, str, str, str]], **covariates: list[float]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=["person_id", "cohort", "group", "start_date"], orient="row")
    return frame.with_columns(**{k: pl.Series(v) for k, v in covariates.items()})


def events(rows: list[tuple[str, str, str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["person_id", "kind", "date", "end_date"], orient="row")


def tr_contract(significance: str) -> Contract:
    contract = load_contract("transforming-rehabilitation")
    return contract.model_copy(
        update={"threshold": contract.threshold.model_copy(update={"significance": significance})}
    )


TEN = [(f"p{i}", "A", "treated", "2015-01-01") for i in range(10)]
THREE_REOFFEND = [(f"p{i}", "reoffence", "2015-06-01", None) for i in range(3)] + [
    ("p9", "reoffence", "2016-03-01", None)
]


def test_binary_rate_per_point_against_the_2011_baseline() -> None:
    # 10 in the cohort; 3 reoffend within 365 days (p9's offence is 425 days on: outside the window).
    # Rate 30% against the 47.5% baseline: 17.5 points better, × £50,000 = £875,000.
    result = compute_payment(tr_contract("none"), validated(people(TEN), events(THREE_REOFFEND)))
    cohort = result.cohorts[0]
    assert cohort.treated_value == 0.3 and cohort.baseline_value == 0.475
    assert cohort.improvement == pytest.approx(1 - 0.3 / 0.475)  # 36.8% fewer reoffenders
    assert result.total == Decimal("875000.00")
    assert result.lines[0].clause == "price"


def test_significance_is_required_where_the_contract_asks() -> None:
    # One-sample z: (0.30 − 0.475) ÷ √(0.475 × 0.525 ÷ 10) = −1.108, one-sided p = 0.134 > 0.05.
    result = compute_payment(
        tr_contract("two-proportion"), validated(people(TEN), events(THREE_REOFFEND))
    )
    cohort = result.cohorts[0]
    assert cohort.test is not None
    assert cohort.test.p_value == pytest.approx(
        stats.norm.cdf(-0.175 / np.sqrt(0.475 * 0.525 / 10))
    )
    assert not cohort.qualified and result.total == Decimal("0.00")
    assert "p = 0.13" in result.lines[0].working


def test_job_outcomes_pay_attachment_fees_and_each_sustained_job() -> None:
    # Four referrals: £400 each. p0's job lasts 100 days (13 weeks = 91 days: paid £1,200);
    # p1's lasts 30 days (not paid); p2's starts after the two-year window (not paid).
    four = [(f"p{i}", "W1", "treated", "2013-01-01") for i in range(4)]
    jobs = [
        ("p0", "job_start", "2013-03-01", "2013-06-09"),
        ("p1", "job_start", "2013-03-01", "2013-03-31"),
        ("p2", "job_start", "2015-06-01", "2016-06-01"),
    ]
    result = compute_payment(load_contract("work-programme"), validated(people(four), events(jobs)))
    amounts = {line.item: line.amount for line in result.lines}
    assert amounts["Attachment fees"] == Decimal("1600.00")
    assert amounts["Cohort W1: outcome payment"] == Decimal("1200.00")
    assert result.total == Decimal("2800.00")


def test_matched_comparison_frequency_with_cohort_and_pooled_thresholds() -> None:
    # Peterborough: treated members with fewer reconvictions than similar comparators are paid for
    # each event avoided, when a cohort is 10% better or all cohorts 7.5% better; the total is capped.
    rng = np.random.default_rng(4)
    rows, ages, priors, months, evs = [], [], [], [], []
    for index in range(3000):
        treated = index < 1000
        cohort = "1" if index < 500 else "2"
        age = rng.normal(30 if treated else 34, 6)
        prior = rng.poisson(4 if treated else 3)
        rows.append((f"x{index}", cohort, "treated" if treated else "comparison", "2011-01-01"))
        ages.append(age)
        priors.append(float(prior))
        months.append(float(rng.integers(1, 12)))
        rate = 0.6 + 0.15 * prior - 0.01 * (age - 30)
        for _ in range(rng.poisson(max(rate, 0.05) * (0.7 if treated else 1.0))):
            evs.append((f"x{index}", "reconviction", "2011-06-01", None))
    records = validated(
        people(rows, age=ages, previous_convictions=priors, sentence_months=months), events(evs)
    )
    result = compute_payment(load_contract("peterborough-sib"), records)
    assert all(c.qualified for c in result.cohorts)
    assert result.pooled.improvement > 0.1
    balance = result.matching["1"].balance
    assert balance["smd_before"].abs().max() > 0.3  # age and previous convictions were imbalanced
    assert balance["smd_after"].abs().max() < 0.1  # matching balances every covariate
    # Each cohort is paid its events avoided × £2,000, to the penny.
    expected = sum(Decimal(str(c.units * 2000)).quantize(Decimal("0.01")) for c in result.cohorts)
    assert abs(result.total - expected) <= Decimal("0.01") * len(result.cohorts)
    assert not any(line.clause == "caps.total" for line in result.lines)  # under the £1.7m cap
    # With a £100,000 cap the total is cut back to it, on a line of its own.
    contract = load_contract("peterborough-sib")
    capped = contract.model_copy(
        update={"caps": contract.caps.model_copy(update={"total": 100000.0})}
    )
    limited = compute_payment(capped, records)
    assert limited.total == Decimal("100000.00")
    assert limited.lines[-1].clause == "caps.total"


def test_bad_records_list_every_problem() -> None:
    from townhall.problems import InvalidInputError

    bad_people = people([("a", "A", "treated", "2015-13-01"), ("a", "A", "maybe", "2015-01-01")])
    bad_events = events([("zz", "reoffence", "yesterday", None)])
    with pytest.raises(InvalidInputError) as caught:
        validated(bad_people, bad_events)
    found = {(p.source, p.row, p.field) for p in caught.value.problems}
    assert {
        ("people", 2, "start_date"),
        ("people", 3, "group"),
        ("people", 3, "person_id"),
        ("events", 2, "date"),
        ("events", 2, "person_id"),
    } <= found


def test_every_bundled_contract_cites_its_sources_and_marks_illustrative_prices() -> None:
    from townhall.outcomes.spec import bundled_contract_names

    for name in bundled_contract_names():
        contract = load_contract(name)
        assert all(
            len(getattr(contract, part).source) > 10
            for part in ("metric", "baseline", "threshold", "price", "fees", "caps")
        )
        if "NOT FOUND" in contract.price.source:
            assert contract.price.illustrative
