"""Benchmark: every English billing authority's scheme (its bundled scheme, else the default
scheme) over its own synthetic claims, 3.7 million in all, on a 2-worker Dask LocalCluster
(target: every scheme evaluated in at most 5 seconds once the claims are loaded), beside the same
run in a single process measured in the same run; the totals must be identical. "CPU s" is the
CPU time the evaluation took (summed over the workers): on shared cores the wall-clock time also
holds the time spent waiting for a core.

Run: .venv/bin/python benchmarks/tax_national.py
"""

from __future__ import annotations

import os
import time

from distributed import Client, LocalCluster

from townhall.tax.national.figures import read_figures
from townhall.tax.national.plan import national_plan
from townhall.tax.national.run import run_dask, run_local


def main() -> None:
    start = time.perf_counter()
    runs = national_plan(read_figures())
    planned = time.perf_counter() - start
    claims = sum(run.claims for run in runs)
    statuses = {
        s: sum(run.status == s for run in runs) for s in ("bundled", "incomplete", "default")
    }
    local = run_local(runs)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        distributed = run_dask(runs, client)
    same = distributed.totals.sort("ons_code").equals(local.totals.sort("ons_code"))
    print(
        f"authorities: {len(runs)} ({statuses['bundled']} bundled, {statuses['incomplete']} "
        f"incomplete, {statuses['default']} default scheme); claims: {claims:,}; schemes chosen "
        f"and loaded in {planned:.1f} s"
    )
    print(f"Dask totals identical to single process: {same}")
    print(
        f"machine: {os.cpu_count()} cores, load average over the last 1/5/15 minutes at the end: "
        + "/".join(f"{load:.1f}" for load in os.getloadavg())
    )
    print(f"{'':38}{'load s':>8}{'evaluate s':>12}{'CPU s':>8}{'claims/s evaluated':>20}")
    for label, result in (
        ("single process (reference, same run)", local),
        (f"Dask, {distributed.workers} workers", distributed),
    ):
        rate = claims / result.evaluate_seconds
        print(
            f"{label:38}{result.load_seconds:>8.2f}{result.evaluate_seconds:>12.2f}"
            f"{result.evaluate_cpu_seconds:>8.2f}{rate:>20,.0f}"
        )
    if not same:
        raise SystemExit("the Dask and single-process totals differ")


if __name__ == "__main__":
    main()
