"""Benchmark: candidate schemes evaluated per second by the optimiser over the 137,000-claim
Birmingham caseload (target: 10,000 in at most 60 seconds), beside the single-scheme `evaluate`
speed measured in the same run. Every candidate is costed by `evaluate` itself, so the two rates
differ only by what the optimiser adds: building each candidate's scheme and its hardship measures.

Run: .venv/bin/python benchmarks/tax_optimise.py
"""

from __future__ import annotations

import time

from townhall.tax.optimise.problem import LeverRanges, Objective, Problem
from townhall.tax.optimise.search import optimise
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme
from townhall.tax.synthetic import synthetic_caseload


def main() -> None:
    caseload = synthetic_caseload("birmingham-2013")
    template, baseline = load_bundled_scheme("birmingham-2013"), load_bundled_scheme("ctb-2012")
    ranges = LeverRanges(
        minimum_contribution=(0.0, 0.5),
        tapers=(0.2, 0.25, 0.3),
        band_caps=("none", "C", "D"),
        minimum_awards_weekly=(0.0, 1.0, 2.0),
        protectable_groups=(
            "child_under_age",
            "disability_premium",
            "disabled_child_premium",
            "war_pension",
        ),
    )  # 3 × 3 × 3 × 16 = 432 combinations, 28 candidates each
    problem = Problem(10.9e6, Objective("paying-more", threshold_weekly=3.0), ranges)

    evaluate(template, caseload)  # the lever-free stages, shared by the optimiser and the reference
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        evaluate(template, caseload)
    single = (time.perf_counter() - start) / rounds

    start = time.perf_counter()
    outcome = optimise(template, baseline, caseload, problem)
    seconds = time.perf_counter() - start
    rate = outcome.evaluated / seconds
    print(f"claims: {len(caseload):,}")
    print(
        f"optimiser: {outcome.evaluated:,} candidates evaluated over {len(caseload):,} claims in {seconds:.1f} s"
    )
    print(
        f"reference: single-scheme evaluate (stages cached)   {1 / single:10,.0f} schemes/s ({single * 1000:.1f} ms each)"
    )
    print(
        f"optimiser: {outcome.evaluated:,} candidates in {seconds:.1f} s          {rate:10,.0f} candidates/s"
    )
    print(f"time for 10,000 candidates at that rate: {10_000 / rate:.1f} s (target: at most 60 s)")


if __name__ == "__main__":
    main()
