"""Evaluate every authority's scheme over its own claims, partitioned by authority, on Dask.

Each authority is one partition: its claims are drawn on a worker and kept there, then its scheme
is evaluated where the claims are; only the totals come back. The same functions run without Dask
for the single-process check, and money is summed in whole pence, so both give identical totals.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from townhall.tax.claims.caseload import Caseload, completed
from townhall.tax.money import weighted_total
from townhall.tax.national.plan import AuthorityRun
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.synthetic import (
    PROFILES,
    _draw,
    _with_incomes,
    calibrated_income_scale,
    on_universal_credit,
)

PROFILE = "birmingham-2013"


def draw_claims(run: AuthorityRun, seed: int, income_scale: float) -> Caseload:
    """An authority's synthetic claims: the Birmingham profile's assumptions at the authority's
    size, pensioner share and Universal Credit share, one seed per authority."""
    profile = PROFILES[PROFILE]
    pensioners = round(1000 * run.pensioner_share)
    local = replace(profile, pensioners=pensioners, working_age=1000 - pensioners)
    claims, incomes = _draw(local, seed + run.index, run.claims)
    table = _with_incomes(claims, incomes, income_scale)
    if run.universal_credit_share > 0:
        table = on_universal_credit(table, run.universal_credit_share, seed + run.index)
    table = table.with_columns(
        pl.lit(run.code).alias("ward"),
        (pl.lit(run.code + "-") + pl.col("claim_id")).alias("claim_id"),
    )
    caseload = Caseload(completed(table))
    _ = caseload.arrays.lookups  # part of loading: arrays and look-ups made where the claims live
    return caseload


def authority_totals(run: AuthorityRun, caseload: Caseload) -> dict[str, Any]:
    """One authority's totals under its own scheme."""
    result = evaluate(run.scheme, caseload)
    pensioner = caseload.arrays.pensioner
    return {
        **run.record(),
        "claims": result.claims(),
        "cost_yearly": result.total_award_yearly(),
        "pensioner_cost_yearly": result.total_award_yearly(pensioner),
        "working_age_cost_yearly": result.total_award_yearly(~pensioner),
        "paying_something": float(caseload.weight[result.to_pay_yearly > 0].sum()),
        "liability_yearly": weighted_total(result.liability_yearly, caseload.weight),
    }


@dataclass(frozen=True)
class NationalResult:
    """Per-authority totals and how long loading and evaluating took."""

    totals: pl.DataFrame
    load_seconds: float
    evaluate_seconds: float
    workers: int


def income_scale(seed: int) -> float:
    """The Birmingham profile's income scale, calibrated once for the run."""
    return calibrated_income_scale(PROFILES[PROFILE], seed)


def run_local(runs: list[AuthorityRun], seed: int = 2013) -> NationalResult:
    """Every authority in this process, one after another (the reference for the Dask run)."""
    scale = income_scale(seed)
    start = time.perf_counter()
    caseloads = [draw_claims(run, seed, scale) for run in runs]
    loaded = time.perf_counter()
    totals = [authority_totals(run, c) for run, c in zip(runs, caseloads, strict=True)]
    done = time.perf_counter()
    return NationalResult(pl.DataFrame(totals), loaded - start, done - loaded, 1)


def run_dask(
    runs: list[AuthorityRun],
    client: Any,
    seed: int = 2013,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> NationalResult:
    """Every authority as a partition on a Dask cluster: claims drawn and kept on the workers,
    then evaluated there; only the totals come back."""
    from distributed import as_completed

    scale = income_scale(seed)
    start = time.perf_counter()
    caseloads = client.map(draw_claims, runs, seed=seed, income_scale=scale, pure=False)
    for done, _ in enumerate(as_completed(caseloads), start=1):
        if on_progress:
            on_progress("Loading claims", done, len(runs))
    loaded = time.perf_counter()
    futures = client.map(authority_totals, runs, caseloads, pure=False)
    for done, _ in enumerate(as_completed(futures), start=1):
        if on_progress:
            on_progress("Evaluating schemes", done, len(runs))
    totals = client.gather(futures)
    finished = time.perf_counter()
    workers = len(client.scheduler_info()["workers"])
    client.cancel(caseloads)
    return NationalResult(pl.DataFrame(totals), loaded - start, finished - loaded, workers)
