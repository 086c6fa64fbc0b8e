"""Benchmark: evaluate birmingham-2013 over a 3.7 million-claim synthetic caseload (England's size).

Prints claims per second for Townhall's `evaluate`, cold (the first scheme over a caseload: every
stage) and with reuse (the lever-free stages cached, as in sweeps), beside a plain whole-array numpy
reference of the same formula timed in the same run on the same claims. The claim-only arrays and
look-ups made once when a caseload is loaded are timed apart, as loading. The reference's awards are
checked to equal Townhall's to the penny, so both really compute the same thing. Also prints memory.

Run: .venv/bin/python benchmarks/tax_evaluate.py [--claims 3700000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import time

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, as the target asks

import numpy as np
import psutil

from townhall.tax.bands import BAND_NINTHS, BANDS
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme, load_bundled_scheme
from townhall.tax.synthetic import synthetic_caseload


def reference_awards(scheme: Scheme, caseload: Caseload) -> np.ndarray:
    """The same means test written the plain way: whole arrays, np.where, no caching or blocks."""
    col = caseload.column
    pensioner = col("pensioner").astype(bool)
    partner = ~caseload.table.get_column("partner_age").is_null().to_numpy()
    children = col("children").astype(float)
    age = col("claimant_age")
    elder = np.maximum(age, caseload.table.get_column("partner_age").fill_null(0).to_numpy())
    passported = col("passported").astype(bool)
    non_dependants = col("non_dependants").astype(float)
    nd_income = col("non_dependant_gross_weekly_income")
    nd_passported = col("non_dependants_passported").astype(bool)
    disability, carer = col("disability_premium").astype(bool), col("carer").astype(bool)
    w, p = scheme.working_age, scheme.pensioner
    wa, pa = w.applicable_amounts, p.applicable_amounts

    ninths = np.array([BAND_NINTHS[b] for b in BANDS], dtype=float)
    band = caseload.band_index
    lower = np.where(band == 0, 5.0, ninths[np.maximum(band - 1, 0)])
    effective = np.where(col("disabled_band_reduction").astype(bool), lower, ninths[band])
    only_adult = ~partner & (non_dependants == 0)
    charge = np.floor(scheme.council.band_d_total_yearly() * effective / 9 * 100 + 0.5 + 1e-7) / 100
    liability = np.floor(charge * (1 - 0.25 * only_adult) * 100 + 0.5 + 1e-7) / 100

    lone = ~partner & (children > 0)
    personal_w = np.where(
        partner,
        wa.couple_weekly.value,
        np.where(
            lone,
            wa.lone_parent_weekly.value,
            np.where(age < 25, wa.single_under_25_weekly.value, wa.single_weekly.value),
        ),
    )  # type: ignore[union-attr]
    personal_p = np.where(
        partner,
        np.where(elder >= 65, pa.couple_weekly.value, pa.couple_under_65_weekly.value),
        np.where(elder >= 65, pa.single_weekly.value, pa.single_under_65_weekly.value),
    )  # type: ignore[union-attr]

    def pick(f: str) -> np.ndarray:
        return np.where(pensioner, getattr(pa, f).value, getattr(wa, f).value)

    dis = np.where(
        partner, pick("disability_premium_couple_weekly"), pick("disability_premium_single_weekly")
    )
    applicable = (
        np.where(pensioner, personal_p, personal_w)
        + children * pick("child_weekly")
        + np.where(children > 0, pick("family_premium_weekly"), 0)
        + np.where(disability, dis, 0)
        + np.where(
            col("disabled_child_premium").astype(bool), pick("disabled_child_premium_weekly"), 0
        )
        + np.where(carer, pick("carer_premium_weekly"), 0)
    )
    wd, pd = w.earnings_disregards, p.earnings_disregards

    def disregard(d: object) -> np.ndarray:
        return np.where(
            disability | carer,
            d.disability_or_carer_weekly.value,
            np.where(
                lone,
                d.lone_parent_weekly.value,
                np.where(partner, d.couple_weekly.value, d.single_weekly.value),
            ),
        )  # type: ignore[attr-defined]

    capital = col("capital")
    cap_lower = np.where(pensioner, p.capital.lower_limit.value, w.capital.lower_limit.value)
    step = np.where(pensioner, p.capital.tariff_step.value, w.capital.tariff_step.value)
    income = (
        np.maximum(col("weekly_earnings") - np.where(pensioner, disregard(pd), disregard(wd)), 0)
        + col("weekly_other_income")
        + np.ceil(np.maximum(capital - cap_lower, 0) / step)
    )
    excess = np.where(passported, 0, np.maximum(income - applicable, 0))

    def stepped(rules: object, values: np.ndarray) -> np.ndarray:
        bands = rules.non_dependant_deductions.value  # type: ignore[attr-defined]
        starts = np.array([b.from_gross_weekly_income for b in bands])
        amounts = np.array([b.deduction_weekly for b in bands])
        return amounts[np.searchsorted(starts, values, side="right") - 1]

    nd = np.where(
        nd_passported,
        0,
        np.where(pensioner, stepped(p, nd_income), stepped(w, nd_income)) * non_dependants,
    )

    def sar_rate(rules: object) -> np.ndarray:
        rebate = rules.second_adult_rebate  # type: ignore[attr-defined]
        below = np.array([b.below_gross_weekly_income for b in rebate.bands.value] + [np.inf])
        rates = np.array([b.rate for b in rebate.bands.value] + [0.0])
        rate = np.where(
            nd_passported,
            rebate.passported_rate.value,
            rates[np.searchsorted(below, nd_income * non_dependants, side="right")],
        )
        return rate * rebate.enabled.value

    weekly = liability * 7 / 365
    sar = (
        np.where(~partner & (non_dependants > 0), np.where(pensioner, sar_rate(p), sar_rate(w)), 0)
        * weekly
    )

    levers = scheme.levers
    child_age = levers.protected_child_under_age.value if levers.protected_child_under_age else 0
    youngest = caseload.table.get_column("youngest_child_age").fill_null(99).to_numpy()
    protected = ~pensioner & (
        ((children > 0) & (youngest < child_age))
        | disability
        | col("disabled_child_premium").astype(bool)
        | col("war_pension").astype(bool)
    )
    share = np.where(~pensioner & ~protected, 1 - levers.minimum_contribution.value, 1.0)
    maximum = np.maximum(weekly * share - nd, 0)
    taper = np.where(pensioner, p.taper.value, w.taper.value)
    main = np.where(
        col("capital")
        > np.where(pensioner, p.capital.upper_limit.value, w.capital.upper_limit.value),
        np.where(passported, np.maximum(maximum - taper * excess, 0), 0),
        np.maximum(maximum - taper * excess, 0),
    )
    award = np.maximum(main, sar)
    award = np.where(
        ~pensioner & (award > 0) & (award < levers.minimum_award_weekly.value), 0, award
    )
    return np.minimum(np.floor(award * 365 / 7 * 100 + 0.5 + 1e-7) / 100, liability)


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
    caseload = synthetic_caseload("birmingham-2013", size=args.claims)
    scheme = load_bundled_scheme("birmingham-2013")
    # Loading: the claims' own arrays and their claim-only look-ups (kinds of claim, the claims with
    # earnings, capital or non-dependants), made once per caseload in any use. Nothing here depends
    # on a scheme; `cold` below clears every scheme-dependent result, so it computes every stage.
    start = time.perf_counter()
    claims = caseload.arrays
    arrays_seconds = time.perf_counter() - start
    _ = claims.lookups
    lookups_seconds = time.perf_counter() - start - arrays_seconds
    rss_before = process.memory_info().rss

    def cold() -> None:
        caseload.cache.clear()
        evaluate(scheme, caseload)

    cold_seconds = best_of(args.repeat, cold)
    warm_seconds = best_of(args.repeat, lambda: evaluate(scheme, caseload))
    reference_seconds = best_of(args.repeat, lambda: reference_awards(scheme, caseload))
    rss_after = process.memory_info().rss

    same = np.array_equal(
        evaluate(scheme, caseload).award_yearly, reference_awards(scheme, caseload)
    )
    n = len(caseload)
    print(f"claims: {n:,}; awards identical to the reference: {same}")
    print(f"{'':34}{'seconds':>10}{'claims/s':>16}")
    rows = [
        ("Townhall evaluate, cold", cold_seconds),
        ("Townhall evaluate, stages reused", warm_seconds),
        ("plain numpy reference (same run)", reference_seconds),
    ]
    for label, seconds in rows:
        print(f"{label:34}{seconds:>10.3f}{n / seconds:>16,.0f}")
    print(f"cold evaluate is {reference_seconds / cold_seconds:.2f}× the reference's speed")
    print(
        f"loading (once per caseload, not in the times above): claim arrays {arrays_seconds:.2f} s,"
        f" claim-only look-ups {lookups_seconds:.2f} s"
    )
    gib = 2**30
    print(
        f"memory: {rss_before / gib:.2f} GiB with the caseload loaded, {rss_after / gib:.2f} after"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / gib
    print(f"peak resident memory of the whole run (drawing the caseload included): {peak:.2f} GiB")
    if not same:
        raise SystemExit("the reference and Townhall disagree")


if __name__ == "__main__":
    main()
