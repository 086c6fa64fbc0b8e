"""Benchmark: a Peterborough-style contract with 100,000 cohort members (and as many in the
comparison pool) and about a million outcome events: payments (target: under 5 s, propensity
matching included) and all gaming checks (target: under 30 s), beside reading and validating the
records, measured in the same run.

Run: .venv/bin/python benchmarks/outcomes_speed.py
"""

from __future__ import annotations

import time

import numpy as np

from townhall.outcomes.gaming import synthetic
from townhall.outcomes.gaming.benford import benford_check
from townhall.outcomes.gaming.bunching import bunching_check
from townhall.outcomes.gaming.cream_skimming import cream_skimming_check
from townhall.outcomes.gaming.padding import padding_check
from townhall.outcomes.metrics import person_outcomes
from townhall.outcomes.payments import compute_payment
from townhall.outcomes.records import validated
from townhall.outcomes.sample_data import synthetic_records
from townhall.outcomes.spec import load_contract


def main() -> None:
    contract = load_contract("peterborough-sib")
    people, events = synthetic_records(contract, 100_000, 5.3, seed=1)
    start = time.perf_counter()
    records = validated(people, events)
    reading = time.perf_counter() - start

    start = time.perf_counter()
    result = compute_payment(contract, records)
    paying = time.perf_counter() - start

    start = time.perf_counter()
    rng = np.random.default_rng(2)
    outcomes = person_outcomes(contract.metric, records.people, records.events)
    days = outcomes["days_to_outcome"].drop_nulls().to_numpy().astype(float)
    checks = [
        bunching_check(days, float(contract.metric.window_days), 14.0),
        cream_skimming_check(
            records.people["previous_convictions"].to_numpy(),
            rng.random(records.people.height) < 0.5,
        ),
        benford_check(synthetic.reported_amounts(rng, 100_000, 0.0)),  # provider-reported amounts
        padding_check(np.arange(24.0), 60 + rng.normal(0, 0.3, 24), 60 + rng.normal(0, 1.5, 24)),
    ]
    auditing = time.perf_counter() - start

    print(
        f"cohort members: {records.people.filter(records.people['group'] == 'treated').height:,}; "
        f"comparison pool: {records.people.filter(records.people['group'] == 'comparison').height:,}; events: {records.events.height:,}"
    )
    print(f"reference: validating the records          {reading:6.2f} s")
    print(
        f"payments (matching, tests, lines)          {paying:6.2f} s  (target: under 5 s); total £{result.total:,}"
    )
    print(
        f"all gaming checks                          {auditing:6.2f} s  (target: under 30 s); flagged: {[c.check for c in checks if c.flagged]}"
    )


if __name__ == "__main__":
    main()
