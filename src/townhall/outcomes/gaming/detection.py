"""Detection rates: how often each check flags data with gaming injected at a given strength
(strength 0 gives the false alarm rate), over many seeded runs."""

from __future__ import annotations

import numpy as np
import polars as pl

from townhall.outcomes.gaming import synthetic
from townhall.outcomes.gaming.benford import benford_check
from townhall.outcomes.gaming.bunching import bunching_check
from townhall.outcomes.gaming.cream_skimming import cream_skimming_check
from townhall.outcomes.gaming.padding import padding_check
from townhall.outcomes.gaming.parking import parking_check

CUTOFF_DAYS = 91.0


def flags(check: str, strength: float, seed: int) -> bool:
    """Whether one check flags one seeded synthetic data set at this strength."""
    rng = np.random.default_rng(seed)
    if check == "bunching":
        return bunching_check(
            synthetic.durations(rng, 5000, CUTOFF_DAYS, strength), CUTOFF_DAYS, 7.0
        ).flagged
    if check == "cream-skimming":
        risk, enrolled = synthetic.enrolment(rng, 2000, strength)
        return cream_skimming_check(risk, enrolled).flagged
    if check == "parking":
        risk, hours = synthetic.effort(rng, 2000, strength)
        return parking_check(risk, hours).flagged
    if check == "benford":
        return benford_check(synthetic.reported_amounts(rng, 3000, strength)).flagged
    period, target, actual = synthetic.schedule(rng, 24, strength)
    return padding_check(period, target, actual).flagged


def detection_rates(
    strengths: tuple[float, ...] = (0.0, 0.1, 0.3, 0.6), runs: int = 50
) -> pl.DataFrame:
    """The share of `runs` seeded data sets each check flags, at each strength."""
    rows = []
    for check in ("bunching", "cream-skimming", "parking", "benford", "padding"):
        for strength in strengths:
            hits = sum(flags(check, strength, seed) for seed in range(runs))
            rows.append(
                {"check": check, "strength": strength, "runs": runs, "flagged": hits / runs}
            )
    return pl.DataFrame(rows)
