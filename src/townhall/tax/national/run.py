"""Evaluate every authority's scheme over its own claims, partitioned by authority, on Dask.

Each authority is one partition: its claims are drawn (or loaded) on a worker and kept there, then
its scheme, the default scheme's rules with the authority's Band D and levers, is evaluated where
the claims are. The same functions run without Dask for the single-process check.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl

from townhall.tax.claims.caseload import Caseload, completed
from townhall.tax.money import weighted_total
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme, Sourced, load_bundled_scheme
from townhall.tax.synthetic import PROFILES, _draw, _with_incomes, calibrated_income_scale

SOURCE = "authorities table (townhall tax national)"


def authority_scheme(row: dict[str, Any], rules: Scheme) -> Scheme:
    """The default scheme's rules with one authority's Band D and levers."""
    council = rules.council.model_copy(
        update={
            "name": row["name"],
            "band_d_yearly": Sourced(value=row["band_d_total_yearly"], source=SOURCE),
            "precepts_band_d_yearly": None,
        }
    )
    groups = [group for group in row["protected_groups"].split(";") if group]
    levers = rules.levers.model_copy(
        update={
            "minimum_contribution": Sourced(value=row["minimum_contribution"], source=SOURCE),
            "band_cap": Sourced(value=row["band_cap"], source=SOURCE),
            "minimum_award_weekly": Sourced(value=row["minimum_award_weekly"], source=SOURCE),
            "protected_groups": Sourced(value=groups, source=SOURCE),
            "protected_child_under_age": Sourced(value=6, source=SOURCE)
            if "child_under_age" in groups
            else None,
        }
    )
    working = rules.working_age.model_copy(
        update={"taper": Sourced(value=row["taper"], source=SOURCE)}
    )
    return rules.model_copy(
        update={
            "name": row["code"].lower(),
            "council": council,
            "levers": levers,
            "working_age": working,
        }
    )


def draw_claims(row: dict[str, Any], seed: int, income_scale: float) -> Caseload:
    """An authority's synthetic claims: the Birmingham profile's assumptions at its size and mix."""
    profile = PROFILES["birmingham-2013"]
    share = row["pensioner_share"]
    local = profile.__class__(
        **{
            **profile.__dict__,
            "pensioners": round(1000 * share),
            "working_age": 1000 - round(1000 * share),
        }
    )
    claims, incomes = _draw(local, seed + int(row["code"][1:]), int(row["claims"]))
    table = _with_incomes(claims, incomes, income_scale).with_columns(
        pl.lit(row["code"]).alias("ward"),
        (pl.lit(row["code"] + "-") + pl.col("claim_id")).alias("claim_id"),
    )
    caseload = Caseload(completed(table))
    _ = (
        caseload.arrays.lookups
    )  # part of loading: claim arrays and look-ups made where the claims live
    return caseload


@lru_cache(maxsize=1)
def default_rules() -> Scheme:
    """The default scheme's rules, read once per process."""
    return load_bundled_scheme("default-2013")


def authority_totals(row: dict[str, Any], caseload: Caseload) -> dict[str, Any]:
    """One authority's totals under its own scheme."""
    result = evaluate(authority_scheme(row, default_rules()), caseload)
    pensioner = caseload.arrays.pensioner
    return {
        "code": row["code"],
        "name": row["name"],
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


def run_local(authorities: pl.DataFrame, seed: int = 2013) -> NationalResult:
    """Every authority in this process, one after another (the reference for the Dask run)."""
    scale = calibrated_income_scale(PROFILES["birmingham-2013"], 2013)
    rows = authorities.to_dicts()
    start = time.perf_counter()
    caseloads = [draw_claims(row, seed, scale) for row in rows]
    loaded = time.perf_counter()
    totals = [
        authority_totals(row, caseload) for row, caseload in zip(rows, caseloads, strict=True)
    ]
    done = time.perf_counter()
    return NationalResult(pl.DataFrame(totals), loaded - start, done - loaded, 1)


def run_dask(
    authorities: pl.DataFrame,
    client: Any,
    seed: int = 2013,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> NationalResult:
    """Every authority as a partition on a Dask cluster: claims drawn and kept on the workers, then
    evaluated there; only the totals come back."""
    from distributed import as_completed

    scale = calibrated_income_scale(PROFILES["birmingham-2013"], 2013)
    rows = authorities.to_dicts()
    start = time.perf_counter()
    caseloads = client.map(draw_claims, rows, seed=seed, income_scale=scale, pure=False)
    for done, _ in enumerate(as_completed(caseloads), start=1):
        if on_progress:
            on_progress("Loading claims", done, len(rows))
    loaded = time.perf_counter()
    futures = client.map(authority_totals, rows, caseloads, pure=False)
    for done, _ in enumerate(as_completed(futures), start=1):
        if on_progress:
            on_progress("Evaluating schemes", done, len(rows))
    totals = client.gather(futures)
    finished = time.perf_counter()
    workers = len(client.scheduler_info()["workers"])
    client.cancel(caseloads)
    return NationalResult(pl.DataFrame(totals), loaded - start, finished - loaded, workers)
