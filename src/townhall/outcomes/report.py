"""One HTML report per contract period: payments with their working, the evidence, the balance of
the matched comparison group, the gaming checks, and charts; offline like every Townhall report."""

from __future__ import annotations

from typing import Any

import polars as pl

from townhall.outcomes.gaming import CheckResult
from townhall.outcomes.payments import PaymentResult
from townhall.outcomes.sensitivity import Alternative
from townhall.outcomes.value import ValueResult
from townhall.outcomes.value_tables import figures_table, periods_table, sensitivity_table
from townhall.reports.html import HtmlReport


def cohort_table(result: PaymentResult) -> pl.DataFrame:
    """Each cohort and the pool against its baseline."""
    return pl.DataFrame(
        [
            {
                "cohort": c.cohort,
                "members": c.members,
                "outcome_per_person": c.treated_value,
                "baseline_per_person": c.baseline_value,
                "improvement": c.improvement,
                "p_value": None if c.test is None else c.test.p_value,
                "interval_low": None if c.test is None else c.test.low,
                "interval_high": None if c.test is None else c.test.high,
                "paid": "" if c.cohort == "all cohorts" else ("yes" if c.qualified else "no"),
            }
            for c in [*result.cohorts, result.pooled]
        ]
    )


def outcome_chart(result: PaymentResult) -> Any:
    """Outcome per person against the baseline, per cohort, as labelled points and ticks."""
    import altair as alt

    rows = [
        {"cohort": c.cohort, "measure": measure, "value": value}
        for c in result.cohorts
        for measure, value in (("cohort", c.treated_value), ("baseline", c.baseline_value))
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("value:Q", title=result.contract.metric.name),
            y=alt.Y("cohort:N", title="Cohort"),
            shape=alt.Shape(
                "measure:N",
                title="",
                scale=alt.Scale(domain=["cohort", "baseline"], range=["circle", "triangle-up"]),
            ),
            color=alt.Color("measure:N", title="", scale=alt.Scale(domain=["cohort", "baseline"])),
        )
        .properties(
            width=520,
            height=max(60, 22 * len(result.cohorts)),
            title="Each cohort against its baseline",
        )
    )


def add_value(report: HtmlReport, value: ValueResult, alternatives: list[Alternative]) -> None:
    """What the public got for the money: aggregates per period and in total, the working, the
    commissioner's limits and the payment under other baselines."""
    report.add_heading("Value for money")
    report.add_table(
        periods_table(value),
        "Payments against the estimated public saving, per period (cohort) and in total",
        money=("payments", "saving", "deadweight", "delivery_cost", "margin"),
        percent=("share_of_saving",),
    )
    report.add_table(figures_table(value), "Each figure with its working and source")
    if value.breaches:
        report.add_warning(
            "Limits passed: "
            + "; ".join(f"{b.limit}: {b.figure} ({b.reading})" for b in value.breaches)
        )
    report.add_table(
        sensitivity_table(alternatives),
        "The same outcomes priced against other baselines",
        money=("payment", "difference", "saving", "deadweight"),
    )


def build_report(
    result: PaymentResult,
    checks: list[CheckResult],
    period: str,
    value: tuple[ValueResult, list[Alternative]] | None = None,
) -> HtmlReport:
    """The report for one contract period (with its value for money when the contract has it)."""
    contract = result.contract
    report = HtmlReport(title=f"{contract.title}", subtitle=f"Payment for {period}")
    report.add_heading("Payment")
    report.add_paragraph(
        f"Total payable: £{result.total:,}."
        + (
            " The price is illustrative: no published price was found."
            if contract.price.illustrative
            else ""
        )
        + (
            f" {result.not_yet_due:,} people are not yet due (their window and data lag have not passed)."
            if result.not_yet_due
            else ""
        )
    )
    report.add_table(
        result.lines_table(),
        "Payment lines: each with the contract clause it applies",
        money=("amount",),
    )
    if value is not None:
        add_value(report, *value)
    report.add_heading("Evidence")
    report.add_table(
        cohort_table(result),
        "Outcomes against the baseline, with the test the contract asks for",
        percent=("improvement",),
    )
    report.add_chart(
        outcome_chart(result),
        "Dot chart: each cohort's outcome per person (circles) against its baseline (triangles). Figures in the table above.",
    )
    for cohort, matching in result.matching.items():
        report.add_heading(f"Matched comparison group, cohort {cohort}", level=3)
        report.add_paragraph(
            f"{matching.matched_treated:,} members matched, {matching.unmatched_treated:,} without a comparator within the caliper. "
            "Standardised mean differences below 0.1 mean the groups are balanced on that covariate."
        )
        report.add_table(matching.balance, f"Balance before and after matching, cohort {cohort}")
    report.add_heading("Gaming checks")
    if checks:
        report.add_table(
            pl.DataFrame(
                [
                    {
                        "check": c.check,
                        "statistic": c.statistic,
                        "p_value": c.p_value,
                        "flagged": c.flagged,
                        "reading": c.reading,
                    }
                    for c in checks
                ]
            ),
            "Each check's statistic, p-value and reading",
        )
    else:
        report.add_paragraph("No gaming checks were run for this period.")
    report.add_heading("The contract")
    report.add_definitions(
        {
            part: getattr(contract, part).source
            for part in ("metric", "baseline", "threshold", "price", "fees", "caps")
        }
    )
    return report
