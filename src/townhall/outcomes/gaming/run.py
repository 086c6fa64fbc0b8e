"""The gaming checks that fit a contract and its records, run together for `audit` and reports."""

from __future__ import annotations

import numpy as np
import polars as pl

from townhall.outcomes.gaming import CheckResult
from townhall.outcomes.gaming.benford import benford_check
from townhall.outcomes.gaming.bunching import bunching_check
from townhall.outcomes.gaming.cream_skimming import cream_skimming_check
from townhall.outcomes.gaming.padding import padding_check
from townhall.outcomes.gaming.parking import parking_check
from townhall.outcomes.metrics import person_outcomes
from townhall.outcomes.records import Records
from townhall.outcomes.spec import Contract

NOT_COVARIATES = ("person_id", "cohort", "group", "start_date", "enrolled")


def run_checks(
    contract: Contract,
    records: Records,
    risk: str | None = None,
    effort: str | None = None,
    amounts: np.ndarray | None = None,
    schedule: pl.DataFrame | None = None,
) -> list[CheckResult]:
    """Bunching always; cream-skimming when enrolment varies; parking when an effort column is
    named; Benford on reported amounts and padding on a schedule when given."""
    metric = contract.metric
    results = []
    if metric.kind == "sustained" and metric.sustain_days:
        jobs = records.events.filter(pl.col("kind") == metric.event).drop_nulls("end_date")
        held = (jobs["end_date"] - jobs["date"]).dt.total_days().to_numpy().astype(float)
        results.append(bunching_check(held, float(metric.sustain_days), 7.0, "above"))
    else:
        outcomes = person_outcomes(metric, records.people, records.events)
        days = outcomes["days_to_outcome"].drop_nulls().to_numpy().astype(float)
        results.append(
            bunching_check(
                days,
                float(metric.window_days),
                14.0,
                "above" if metric.lower_is_better else "below",
            )
        )
    covariates = [c for c in records.people.columns if c not in NOT_COVARIATES]
    risk_column = risk or (covariates[0] if covariates else None)
    if risk_column is not None and risk_column not in covariates:
        raise ValueError(
            f"{risk_column} is not a covariate of the people file; choose from {', '.join(covariates)}"
        )
    if risk_column is not None and records.people["enrolled"].n_unique() > 1:
        results.append(
            cream_skimming_check(
                records.people[risk_column].to_numpy().astype(float),
                records.people["enrolled"].to_numpy(),
            )
        )
    if effort is not None:
        if effort not in covariates or risk_column is None:
            raise ValueError(f"{effort} is not a numeric column of the people file")
        served = records.people.filter(pl.col("enrolled"))
        results.append(
            parking_check(
                served[risk_column].to_numpy().astype(float),
                served[effort].to_numpy().astype(float),
            )
        )
    if amounts is not None:
        results.append(benford_check(amounts))
    if schedule is not None:
        results.append(
            padding_check(
                schedule["period"].to_numpy().astype(float),
                schedule["target"].to_numpy().astype(float),
                schedule["achieved"].to_numpy().astype(float),
            )
        )
    return results
