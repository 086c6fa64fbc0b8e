"""Synthetic cohort records for trying a contract and for benchmarks: people with covariates and
their events, a treatment effect of a known size, seeded."""

from __future__ import annotations

import numpy as np
import polars as pl

from townhall.outcomes.spec import Contract


def synthetic_records(
    contract: Contract, members: int, events_per_member: float, seed: int = 1, effect: float = 0.9
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`members` treated people in cohorts of about 1,000 (and as many comparison people when the
    baseline is matched), and their events: treated rates × `effect`."""
    rng = np.random.default_rng(seed)
    matched = contract.baseline.kind == "matched"
    total = members * 2 if matched else members
    treated = np.arange(total) < members
    age = rng.normal(32, 8, total).round(1)
    previous = rng.poisson(3, total).astype(float)
    sentence = rng.integers(1, 12, total).astype(float)
    start = np.datetime64("2012-01-01") + rng.integers(0, 365, total).astype("timedelta64[D]")
    people = pl.DataFrame(
        {
            "person_id": [f"P{i:07d}" for i in range(total)],
            "cohort": np.where(treated, (np.arange(total) // 1000 + 1).astype(str), "comparison"),
            "group": np.where(treated, "treated", "comparison"),
            "start_date": start.astype(str),
            "age": age,
            "previous_convictions": previous,
            "sentence_months": sentence,
        }
    )
    rate = events_per_member * np.where(treated, effect, 1.0) * (0.7 + 0.1 * previous) / 1.0
    counts = rng.poisson(rate)
    person = np.repeat(np.arange(total), counts)
    offset = rng.integers(0, contract.metric.window_days + 60, person.size).astype("timedelta64[D]")
    dates = start[person] + offset
    duration = rng.gamma(2.0, 60.0, person.size).astype(int).astype("timedelta64[D]")
    events = pl.DataFrame(
        {
            "person_id": people["person_id"].to_numpy()[person],
            "kind": contract.metric.event,
            "date": dates.astype(str),
            "end_date": (dates + duration).astype(str),
        }
    )
    return people, events
