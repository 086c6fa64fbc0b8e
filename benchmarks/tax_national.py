"""Benchmark: every English billing authority's scheme over its own claims (3.7 million in all) on
a 2-worker Dask LocalCluster (target: evaluated in under 5 seconds once loaded), beside the same
work in a single process measured in the same run; the totals must be identical.

Run: .venv/bin/python benchmarks/tax_national.py
"""

from __future__ import annotations

from distributed import Client, LocalCluster

from townhall.tax.national.authorities import synthetic_authorities
from townhall.tax.national.run import run_dask, run_local


def main() -> None:
    table = synthetic_authorities()
    claims = int(table["claims"].sum())
    local = run_local(table)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        distributed = run_dask(table, client)
    same = distributed.totals.sort("code").equals(local.totals.sort("code"))
    print(
        f"authorities: {len(table)}; claims: {claims:,}; Dask totals identical to single process: {same}"
    )
    print(f"{'':38}{'load s':>8}{'evaluate s':>12}{'claims/s evaluated':>20}")
    for label, result in (
        ("single process (reference, same run)", local),
        (f"Dask, {distributed.workers} workers", distributed),
    ):
        rate = claims / result.evaluate_seconds
        print(
            f"{label:38}{result.load_seconds:>8.2f}{result.evaluate_seconds:>12.2f}{rate:>20,.0f}"
        )
    if not same:
        raise SystemExit("the Dask and single-process totals differ")


if __name__ == "__main__":
    main()
