"""The synthetic Birmingham caseload: the seed's counts exactly, £100m under CTB, deterministic."""

from __future__ import annotations

from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme
from townhall.tax.synthetic import calibration_report, synthetic_caseload


def test_counts_and_cost_match_the_seed() -> None:
    report = {
        row["target"]: row for row in calibration_report("birmingham-2013").iter_rows(named=True)
    }
    assert report["claims"]["synthetic"] == 137_000
    assert report["pensioner claims"]["synthetic"] == 54_000
    assert report["working-age claims"]["synthetic"] == 83_000
    assert abs(report["cost under ctb-2012 (£ a year)"]["difference"]) < 0.02


def test_same_seed_same_claims_other_seed_other_claims() -> None:
    first = synthetic_caseload("birmingham-2013", seed=7, size=2000)
    again = synthetic_caseload("birmingham-2013", seed=7, size=2000)
    other = synthetic_caseload("birmingham-2013", seed=8, size=2000)
    assert first.table.equals(again.table)
    assert not first.table.equals(other.table)


def test_birmingham_scheme_saves_money_and_protects_pensioners() -> None:
    caseload = synthetic_caseload("birmingham-2013")
    ctb = evaluate(load_bundled_scheme("ctb-2012"), caseload)
    birmingham = evaluate(load_bundled_scheme("birmingham-2013"), caseload)
    pensioner = caseload.flag("pensioner")
    assert birmingham.total_award_yearly() < ctb.total_award_yearly()
    # The default scheme keeps CTB's rules, so pensioners see the same awards.
    default = evaluate(load_bundled_scheme("default-2013"), caseload)
    assert birmingham.total_award_yearly(pensioner) == default.total_award_yearly(pensioner)
