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


def batch_totals(
    runs: list[AuthorityRun], caseloads: list[Caseload]
) -> tuple[list[dict[str, Any]], float]:
    """Several authorities' totals, one after another (a Dask task), and the CPU seconds taken."""
    cpu = time.process_time()
    totals = [authority_totals(run, c) for run, c in zip(runs, caseloads, strict=True)]
    return totals, time.process_time() - cpu


BATCHES_PER_WORKER = 4


@dataclass(frozen=True)
class NationalResult:
    """Per-authority totals and how long loading and evaluating took."""

    totals: pl.DataFrame
    load_seconds: float
    evaluate_seconds: float
    # CPU seconds the evaluation took, summed over the workers: on shared cores the wall-clock
    # time also holds the time spent waiting for a core.
    evaluate_cpu_seconds: float
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
    totals, cpu = batch_totals(runs, caseloads)
    done = time.perf_counter()
    table = pl.DataFrame(totals).sort("ons_code")
    return NationalResult(table, loaded - start, done - loaded, cpu, 1)


def balanced(runs: list[AuthorityRun], workers: list[str]) -> list[str]:
    """A worker for each authority, largest caseloads first to the worker with fewest claims, so
    every worker evaluates about the same number of claims."""
    load = dict.fromkeys(workers, 0)
    chosen = [""] * len(runs)
    for position in sorted(range(len(runs)), key=lambda i: (-runs[i].claims, i)):
        worker = min(workers, key=lambda each: (load[each], each))
        chosen[position] = worker
        load[worker] += runs[position].claims
    return chosen


def run_dask(
    runs: list[AuthorityRun],
    client: Any,
    seed: int = 2013,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> NationalResult:
    """Every authority as a partition on a Dask cluster, the partitions balanced by claims across
    the workers: each authority's facts and scheme are sent to its worker and its claims drawn
    there, then its scheme is evaluated there; only the totals come back."""
    from distributed import as_completed

    scale = income_scale(seed)
    start = time.perf_counter()
    workers = sorted(client.scheduler_info()["workers"])
    placed = balanced(runs, workers)
    sent: dict[int, Any] = {}
    for worker in workers:
        mine = [i for i, each in enumerate(placed) if each == worker]
        futures = client.scatter([runs[i] for i in mine], workers=[worker], hash=False)
        sent.update(zip(mine, futures, strict=True))
    caseloads = [
        client.submit(
            draw_claims,
            sent[i],
            seed,
            scale,
            workers=[placed[i]],
            allow_other_workers=False,
            pure=False,
        )
        for i in range(len(runs))
    ]
    for done, _ in enumerate(as_completed(caseloads), start=1):
        if on_progress:
            on_progress("Loading claims", done, len(runs))
    loaded = time.perf_counter()
    # Evaluated in a few batches per worker (fewer tasks, less scheduling in the timed part).
    batches = [
        [i for i in range(len(runs)) if placed[i] == worker][part::BATCHES_PER_WORKER]
        for worker in workers
        for part in range(BATCHES_PER_WORKER)
    ]
    batches = [batch for batch in batches if batch]
    totals_futures = [
        client.submit(
            batch_totals,
            [sent[i] for i in batch],
            [caseloads[i] for i in batch],
            workers=[placed[batch[0]]],
            allow_other_workers=False,
            pure=False,
        )
        for batch in batches
    ]
    for done, _ in enumerate(as_completed(totals_futures), start=1):
        if on_progress:
            on_progress("Evaluating schemes", done, len(batches))
    gathered = client.gather(totals_futures)
    totals = [row for rows, _ in gathered for row in rows]
    finished = time.perf_counter()
    client.cancel([*caseloads, *sent.values()])
    table = pl.DataFrame(totals).sort("ons_code")
    cpu = sum(seconds for _, seconds in gathered)
    return NationalResult(table, loaded - start, finished - loaded, cpu, len(workers))
