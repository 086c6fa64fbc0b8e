"""A national run's outputs: cost by authority, region and class, coverage, the spread of each
lever across councils, as an offline HTML report (charts inline) and an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from townhall.reports.excel import write_workbook
from townhall.reports.formats import millions
from townhall.reports.html import HtmlReport
from townhall.tax.national.levers import LEVERS, lever_spread, levers_table
from townhall.tax.national.plan import AuthorityRun

MONEY = ("band_d_yearly", "cost_yearly", "pensioner_cost_yearly", "working_age_cost_yearly")
MONEY_ALSO = ("liability_yearly", "cost_per_claim_yearly", "minimum_award_weekly")
COUNTS = ("claims", "paying_something", "authorities")


def grouped(totals: pl.DataFrame, by: str) -> pl.DataFrame:
    """Authorities, claims and cost summed by `by` (region, class or scheme status), with the
    cost per claim and how many authorities run a default scheme or have an assumed Band D."""
    return (
        totals.group_by(by)
        .agg(
            pl.len().cast(pl.Int64).alias("authorities"),
            (pl.col("scheme_status") == "default").sum().cast(pl.Int64).alias("default_scheme"),
            (pl.col("band_d_basis") == "assumed").sum().cast(pl.Int64).alias("band_d_assumed"),
            pl.col("claims").sum(),
            pl.col("cost_yearly").sum(),
            pl.col("working_age_cost_yearly").sum(),
            pl.col("pensioner_cost_yearly").sum(),
        )
        .with_columns(
            (pl.col("cost_yearly") / pl.col("claims")).round(2).alias("cost_per_claim_yearly")
        )
        .sort(by)
    )


def coverage_table(totals: pl.DataFrame) -> pl.DataFrame:
    """How many authorities run a bundled, incomplete or default scheme, by class."""
    return (
        totals.group_by("class", "scheme_status")
        .agg(pl.len().cast(pl.Int64).alias("authorities"))
        .sort("class", "scheme_status")
    )


def summary_lines(totals: pl.DataFrame, year: str) -> list[str]:
    """The run in a few sentences, each figure's basis said."""
    status = dict(totals.group_by("scheme_status").len().iter_rows())
    assumed = int((totals["band_d_basis"] == "assumed").sum())
    claims_assumed = int((totals["claims_basis"] == "assumed").sum())
    return [
        f"{totals.height} billing authorities, {totals['claims'].sum():,.0f} synthetic claims, "
        f"schemes for {year}: support costs {millions(float(totals['cost_yearly'].sum()))} a year "
        f"({millions(float(totals['working_age_cost_yearly'].sum()))} working age, "
        f"{millions(float(totals['pensioner_cost_yearly'].sum()))} pensioners).",
        f"{status.get('bundled', 0)} authorities run their own bundled scheme, "
        f"{status.get('incomplete', 0)} a bundled scheme marked incomplete (it leaves out something "
        f"of its council's document), {status.get('default', 0)} the default scheme because no "
        "scheme of theirs is bundled.",
        f"Band D: {totals.height - assumed} published (the council's own figures in its bundled "
        "scheme, else the figures table's; the bundled table holds MHCLG's 2026/27 area Band D), "
        f"{assumed} assumed (as the figures table says).",
        f"Claims: {claims_assumed} of {totals.height} authorities' claim counts and every claim mix "
        "are assumed (docs/national.md); the claims are synthetic, drawn with the Birmingham "
        "profile's assumptions. Costs are illustrations of the schemes, not forecasts.",
    ]


def _bar(data: pl.DataFrame, x: str, y: str, x_title: str, title: str) -> Any:
    import altair as alt

    values = data.select(y, (pl.col(x) / 1e6).round(2).alias(x)).to_dicts()
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#1d70b8")
        .encode(x=alt.X(f"{x}:Q", title=x_title), y=alt.Y(f"{y}:N", title=None, sort="-x"))
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text(f"{x}:Q", format=",.1f"))
    return alt.layer(bars, labels).properties(
        width=520, height=24 * max(len(values), 2), title=title
    )


def lever_chart(spread: pl.DataFrame, label: str) -> Any:
    """How many councils set each value of one lever, bundled and default schemes side by side
    (patterned as well as coloured)."""
    import altair as alt

    values = spread.filter(pl.col("lever") == label).to_dicts()
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("authorities:Q", title="Authorities"),
            y=alt.Y("value:N", title=None),
            color=alt.Color("scheme_source:N", title="Scheme"),
            yOffset="scheme_source:N",
            opacity=alt.Opacity("scheme_source:N", legend=None, scale=alt.Scale(range=[1.0, 0.55])),
        )
        .properties(width=460, height=alt.Step(14), title=label)
    )


def build_report(runs: list[AuthorityRun], totals: pl.DataFrame, year: str) -> HtmlReport:
    """The HTML report: summary, cost by region and class, coverage, lever spread, every
    authority, and where the figures come from."""
    report = HtmlReport(
        title=f"Council Tax Reduction in England, {year}: every billing authority",
        subtitle="Each authority's bundled scheme (else the default scheme) over synthetic claims",
    )
    report.add_heading("Summary")
    report.add_list(summary_lines(totals, year))
    for by, name in (("region", "region"), ("class", "class of authority")):
        table = grouped(totals, by)
        report.add_heading(f"Cost by {name}")
        report.add_chart(
            _bar(table, "cost_yearly", by, "£ million a year", f"Cost of support by {name}"),
            f"Bar chart of the yearly cost of support in £ million for each {name}; the figures "
            "are in the table below.",
        )
        report.add_table(table, f"Cost by {name}", money=[*MONEY, *MONEY_ALSO], counts=COUNTS)
    report.add_heading("Coverage")
    report.add_paragraph(
        "bundled: the authority's own scheme for the year (or the year before) is bundled; "
        "incomplete: bundled but leaving something of the council's document out; default: no "
        "scheme of the authority is bundled, so it runs the default scheme (SI 2012/2886) for the "
        "year, which few councils actually use."
    )
    report.add_table(
        coverage_table(totals), "Authorities by class and scheme status", counts=COUNTS
    )
    report.add_heading("The levers across councils")
    spread = lever_spread(levers_table(runs))
    for label in LEVERS.values():
        report.add_chart(
            lever_chart(spread, label),
            f"Bar chart of how many authorities' schemes set each value of '{label}', bundled "
            "and default schemes as separate bars; the counts are in the table below.",
        )
    report.add_table(spread, "How many authorities set each value of each lever", counts=COUNTS)
    report.add_heading("Every authority")
    report.add_table(totals, "Per-authority totals", money=[*MONEY, *MONEY_ALSO], counts=COUNTS)
    report.add_heading("Where the figures come from")
    report.add_table(sources_table(runs), "Each authority's figures, basis and source")
    return report


def sources_table(runs: list[AuthorityRun]) -> pl.DataFrame:
    """Each authority's scheme and the basis and source of its Band D."""
    return pl.DataFrame(
        [
            {
                "ons_code": run.code,
                "authority": run.name,
                "scheme": run.scheme_name,
                "scheme_status": run.status,
                "band_d_basis": run.band_d_basis,
                "band_d_source": run.band_d_source,
                "claims_basis": run.claims_basis,
                "shares_basis": run.shares_basis,
            }
            for run in runs
        ]
    )


def workbook_sheets(
    runs: list[AuthorityRun], totals: pl.DataFrame, year: str
) -> dict[str, pl.DataFrame]:
    """The workbook's sheets: summary, cost by authority, region and class, coverage, levers by
    authority and their spread, and sources."""
    levers = levers_table(runs)
    return {
        "Summary": pl.DataFrame({"Summary": summary_lines(totals, year)}),
        "By authority": totals,
        "By region": grouped(totals, "region"),
        "By class": grouped(totals, "class"),
        "Coverage": coverage_table(totals),
        "Levers": levers,
        "Lever spread": lever_spread(levers),
        "Sources": sources_table(runs),
    }


def write_outputs(
    runs: list[AuthorityRun],
    totals: pl.DataFrame,
    year: str,
    report_path: Path | None,
    workbook_path: Path | None,
) -> None:
    """Write the HTML report and the workbook, each whole or not at all."""
    if report_path is not None:
        build_report(runs, totals, year).write(report_path)
    if workbook_path is not None:
        write_workbook(
            workbook_path,
            workbook_sheets(runs, totals, year),
            money=[*MONEY, *MONEY_ALSO, "capital_limit"],
            percent=["maximum_support", "taper"],
            counts=[*COUNTS, "default_scheme", "band_d_assumed"],
        )


__all__ = ["build_report", "coverage_table", "grouped", "workbook_sheets", "write_outputs"]
