"""Benchmark: compare five options with a base over the 137,000-claim Birmingham caseload,
HTML report and Excel workbook included (target: under 3 seconds).

Prints the whole comparison's time beside a same-run reference: just evaluating the six schemes,
the least work any comparison must do. Run: .venv/bin/python benchmarks/tax_compare.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.compare import compare
from townhall.tax.impact.compare_report import write_outputs
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme, scheme_from_toml
from townhall.tax.synthetic import synthetic_caseload

OPTION_B = """
extends = "birmingham-2013"
name = "option-cap-d"
[levers]
band_cap = { value = "D", source = "benchmark option" }
minimum_contribution = { value = 0.20, source = "benchmark option" }
"""
OPTION_C = """
extends = "default-2013"
name = "option-minimum-award"
[levers]
minimum_contribution = { value = 0.15, source = "benchmark option" }
minimum_award_weekly = { value = 2.0, source = "benchmark option" }
"""


def main() -> None:
    caseload = synthetic_caseload("birmingham-2013")
    base = load_bundled_scheme("ctb-2012")
    options = [
        load_bundled_scheme("birmingham-2013"),
        load_bundled_scheme("transition-grant-2013"),
        load_bundled_scheme("default-2013"),
        scheme_from_toml(OPTION_B, "option-b"),
        scheme_from_toml(OPTION_C, "option-c"),
    ]
    folder = Path(tempfile.mkdtemp())

    def fresh() -> Caseload:
        return Caseload(caseload.table)  # nothing cached: as a new command run would start

    start = time.perf_counter()
    claims = fresh()
    for scheme in [base, *options]:
        evaluate(scheme, claims)
    reference = time.perf_counter() - start

    start = time.perf_counter()
    comparison = compare(base, options, fresh(), gap_yearly=10.9e6)
    computed = time.perf_counter() - start
    write_outputs(comparison, "Benchmark", folder / "report.html", folder / "workbook.xlsx")
    total = time.perf_counter() - start

    print(f"claims: {len(caseload):,}; options: {len(options)} against {base.name}")
    print(f"reference: evaluating the six schemes only        {reference:6.2f} s")
    print(f"compare (all tables, grant check, collection)    {computed:6.2f} s")
    print(f"compare + HTML report + Excel workbook           {total:6.2f} s  (target: under 3 s)")


if __name__ == "__main__":
    main()
