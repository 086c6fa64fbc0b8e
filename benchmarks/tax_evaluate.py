"""Benchmark: evaluate schemes over a 3.7 million-claim synthetic caseload (England's size).

The caseload is the synthetic Birmingham one with 55.4% of its working-age claims on Universal
Credit (the share Windsor and Maidenhead reported; see docs/synthetic.md), so every rule runs: UC,
premiums, disregards, non-dependants. Prints claims per second for Townhall's `evaluate`, cold (the
first scheme over a caseload: every stage) and with reuse (the lever-free stages cached, as in
sweeps), beside the plain whole-array statement of the same rules (`tests/tax/specification.py`,
the executable specification) timed in the same run on the same claims, and checks that both give
every claim the same award to the penny. The claim-only arrays and look-ups made once when a
caseload is loaded are timed apart, as loading. Also prints memory.

Run: .venv/bin/python benchmarks/tax_evaluate.py [--claims 3700000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, as the target asks

import numpy as np
import polars as pl
import psutil

from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme
from townhall.tax.synthetic import UNIVERSAL_CREDIT_SHARE_TODAY, synthetic_caseload

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "tax"))
import specification  # the executable specification lives with the tests

SCHEMES = ("merton-2026", "birmingham-2013")  # every means-test rule; the levers of a cut


def best_of(repeat: int, run: object) -> float:
    """The fastest of `repeat` timed runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=3_700_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    process = psutil.Process()

    print(f"Drawing a synthetic caseload of {args.claims:,} claims…", flush=True)
    caseload = synthetic_caseload(
        "birmingham-2013", size=args.claims, universal_credit_share=UNIVERSAL_CREDIT_SHARE_TODAY
    )
    # Loading: the claims' own arrays and their claim-only look-ups (kinds of claim, the claims with
    # earnings, capital or non-dependants), made once per caseload in any use. Nothing here depends
    # on a scheme; `cold` below clears every scheme-dependent result, so it computes every stage.
    start = time.perf_counter()
    claims = caseload.arrays
    arrays_seconds = time.perf_counter() - start
    _ = claims.lookups
    lookups_seconds = time.perf_counter() - start - arrays_seconds
    n = len(caseload)
    on_uc = int(claims.universal_credit.sum())
    print(f"claims: {n:,}, of which {on_uc:,} on Universal Credit")
    print(
        f"loading (once per caseload, not in the times below): claim arrays {arrays_seconds:.2f} s,"
        f" claim-only look-ups {lookups_seconds:.2f} s"
    )
    rss_loaded = process.memory_info().rss
    # Townhall's own memory once every stage has been computed, before the specification's tables
    # (the reference below) are built beside it.
    evaluate(load_bundled_scheme(SCHEMES[0]), caseload)
    rss_evaluated = process.memory_info().rss
    # The specification reads non-dependants as rows: the file's own and the claims' legacy counts.
    people = pl.concat(
        [
            specification.non_dependant_table(caseload.non_dependants.to_dicts()),
            specification.legacy_non_dependants(caseload.table),
        ],
        how="vertical",
    )
    disagreements = []
    for name in SCHEMES:
        scheme = load_bundled_scheme(name)

        def cold(scheme: object = scheme) -> None:
            caseload.cache.clear()
            evaluate(scheme, caseload)  # type: ignore[arg-type]

        cold_seconds = best_of(args.repeat, cold)
        warm_seconds = best_of(args.repeat, lambda scheme=scheme: evaluate(scheme, caseload))

        def reference(scheme: object = scheme) -> np.ndarray:
            return specification.awards_yearly(
                scheme,  # type: ignore[arg-type]
                caseload.table,
                people,
            )

        reference_seconds = best_of(1, reference)  # the plain statement is slow: timed once
        same = np.array_equal(evaluate(scheme, caseload).award_yearly, reference())
        if not same:
            disagreements.append(name)
        print(f"\n{scheme.title}: awards identical to the specification: {same}")
        print(f"{'':38}{'seconds':>10}{'claims/s':>16}")
        rows = [
            ("Townhall evaluate, cold", cold_seconds),
            ("Townhall evaluate, stages reused", warm_seconds),
            ("plain specification (same run)", reference_seconds),
        ]
        for label, seconds in rows:
            print(f"{label:38}{seconds:>10.3f}{n / seconds:>16,.0f}")
        print(f"cold evaluate is {reference_seconds / cold_seconds:.2f}× the specification's speed")
    gib = 2**30
    print(
        f"\nmemory: {rss_loaded / gib:.2f} GiB with the caseload loaded, "
        f"{rss_evaluated / gib:.2f} GiB after evaluating"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / gib
    print(
        f"peak resident memory of the whole run (caseload and specification included): {peak:.2f} GiB"
    )
    if disagreements:
        raise SystemExit(f"the specification and Townhall disagree: {', '.join(disagreements)}")


if __name__ == "__main__":
    main()
