"""The comparison as one self-contained HTML report and an Excel workbook with the same figures."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from townhall.reports.excel import write_workbook
from townhall.reports.html import HtmlReport
from townhall.tax.impact.compare import Comparison
from townhall.tax.impact.compare_charts import decile_chart, losers_chart, saving_chart
from townhall.tax.impact.compare_tables import (
    assumptions_table,
    breakdown_table,
    in_words,
    parameters_table,
    summary_table,
)
from townhall.tax.impact.compare_words import keeps_phrase, summary_sentences
from townhall.tax.impact.grant import GRANT_YEAR
from townhall.tax.impact.run_record import RunRecord

__all__ = ["build_report", "summary_sentences", "workbook_sheets", "write_outputs"]


def _add_table(report: HtmlReport, table: pl.DataFrame, caption: str) -> None:
    shown = in_words(table)
    report.add_table(
        shown.table, caption, money=shown.money, percent=shown.percent, counts=shown.counts
    )


def build_report(comparison: Comparison, title: str, record: RunRecord | None = None) -> HtmlReport:
    """The HTML report: warnings, summary, charts, tables, who keeps the saving, the grant
    criteria where they apply, collection, assumptions, parameters with sources, method."""
    record = record or RunRecord()
    report = HtmlReport(title=title, subtitle=f"Base: {comparison.base.scheme.title}")
    if comparison.warnings:
        report.add_heading("Warnings")
        for warning in comparison.warnings:
            report.add_warning(warning)
    report.add_heading("Summary")
    report.add_list(summary_sentences(comparison))
    report.add_heading("Cost and saving")
    gap = comparison.gap_yearly
    report.add_chart(
        saving_chart(comparison),
        "Bar chart of each option's yearly saving in £ million (a bar below zero is an option "
        "that costs more than the base)"
        + (f", against a funding gap of £{gap / 1e6:.2f} million" if gap else "")
        + ". The same figures are in the table below.",
    )
    _add_table(report, summary_table(comparison), "The base and each option")
    preceptors = comparison.preceptor_table()
    if preceptors.height:
        report.add_heading("Who keeps the saving")
        report.add_list(
            kept for option in comparison.options if (kept := keeps_phrase(option)) is not None
        )
        _add_table(report, preceptors, "Each option's saving by authority, by Band D share")
    report.add_heading("Who pays more")
    if "Claimant type" in comparison.breakdowns:
        report.add_chart(
            losers_chart(comparison),
            "Bar charts, one per option, of the share of pensioners, protected and unprotected "
            "working-age claimants who pay more, each share written on its bar. Figures in the "
            "'Claimant type' table.",
        )
    if "Income decile" in comparison.breakdowns:
        report.add_chart(
            decile_chart(comparison),
            "Line chart of the average weekly loss among those who lose, by weekly income decile, "
            "one line and marker shape per option. Figures in the 'Income decile' table.",
        )
    for name, table in comparison.breakdowns.items():
        report.add_heading(name, level=3)
        _add_table(report, breakdown_table(table), f"Who pays more or less by {name.lower()}")
    report.add_paragraph(
        "Income deciles rank claims by counted weekly income under the base scheme, weighted; "
        "claims with the same income share a decile, so when many claims have no counted income "
        "(passported claimants) the lower deciles merge into decile 1 and some deciles are empty."
    )
    if comparison.grant_applies:
        report.add_heading("Transition grant criteria")
        left_out = [o.scheme.name for o in comparison.options if not o.grant_applies]
        if left_out:
            report.add_paragraph(
                f"The grant was for {GRANT_YEAR} only: {', '.join(left_out)} "
                f"{'is' if len(left_out) == 1 else 'are'} for another year and not checked."
            )
        _add_table(
            report,
            comparison.grant_table(),
            "Each criterion, pass or fail, with the figure that decides it",
        )
    report.add_heading("What the saving yields once collected")
    _add_table(
        report, comparison.collection_table(), "Gross saving against collection and its cost"
    )
    report.add_paragraph(
        "Claimants newly charged pay less reliably, and chasing small debts costs money: the net "
        "saving is the charge collected less the cost of collecting it. Collection rates and costs "
        "are stated assumptions (see Assumptions)."
    )
    report.add_heading("Assumptions")
    _add_table(report, assumptions_table(comparison, record), "What these figures rest on")
    report.add_heading("Parameters of each scheme")
    for scheme in [comparison.base.scheme, *[o.scheme for o in comparison.options]]:
        report.add_heading(f"{scheme.name}: {scheme.title}", level=3)
        _add_table(
            report, parameters_table(scheme), f"Parameters of {scheme.name} with their sources"
        )
    report.add_heading("Method")
    report.add_definitions(METHOD)
    return report


METHOD = {
    "Saving": "the base's yearly cost of support less the option's, over the same claims "
    "(weighted). An option that costs more than the base is said to cost more, and to widen "
    "the gap.",
    "Pay more, pay less": "a claim pays more or less a year under the option than the base "
    "(changes under half a penny ignored).",
    "Loss a week": "the yearly increase in what the household pays ÷ 52, as councils quote it "
    "to residents.",
    "Paid nothing before, pay now": "claims that paid nothing under the base and pay something "
    "under the option.",
    "Who keeps the saving": "support reduces the whole bill, so each authority (the council, "
    "and each preceptor such as police, fire, county or parishes) bears its Band D ÷ the whole "
    "Band D of the option's bill.",
    "Transition grant": f"the criteria apply only to schemes for {GRANT_YEAR}, the one year "
    "of the grant.",
    "Full support (8.5% criterion)": "working-age claims whose award under the grant baseline "
    "covers all their liability.",
    "Cliff edge": "the most weekly support any working-age claim loses when its earnings rise "
    "by £1 a week; more than £1 means earning more leaves the household worse off.",
    "Collection": "collected = extra charge × collection rate (newly charged or already paying); "
    "net saving = gross saving − uncollected charge − cost per newly charged account − summons "
    "costs.",
}


def workbook_sheets(
    comparison: Comparison, title: str = "", record: RunRecord | None = None
) -> dict[str, pl.DataFrame]:
    """The workbook's sheets, as the report's tables: the summary in words (warnings first),
    the base and options, who keeps the saving, each breakdown, the grant criteria where they
    apply, collection, assumptions and every scheme's parameters."""
    record = record or RunRecord()
    words = [f"Warning: {warning}" for warning in comparison.warnings]
    words += summary_sentences(comparison)
    sheets = {
        "Summary in words": pl.DataFrame({title or "Summary": words}),
        "Summary": summary_table(comparison),
    }
    preceptors = comparison.preceptor_table()
    if preceptors.height:
        sheets["Saving by authority"] = preceptors
    sheets.update({name: breakdown_table(table) for name, table in comparison.breakdowns.items()})
    if comparison.grant_applies:
        sheets["Transition grant"] = comparison.grant_table()
    sheets["Collection"] = comparison.collection_table()
    sheets["Assumptions"] = assumptions_table(comparison, record)
    sheets["Parameters"] = pl.concat(
        [
            parameters_table(s).select(pl.lit(s.name).alias("scheme"), pl.all())
            for s in [comparison.base.scheme, *[o.scheme for o in comparison.options]]
        ]
    )
    return sheets


def write_outputs(
    comparison: Comparison,
    title: str,
    report_path: Path | None,
    workbook_path: Path | None,
    record: RunRecord | None = None,
) -> None:
    """Write the report and the workbook; each is written whole or not at all."""
    record = record or RunRecord()
    if report_path is not None:
        build_report(comparison, title, record).write(report_path)
    if workbook_path is not None:
        sheets = {
            name: in_words(table)
            for name, table in workbook_sheets(comparison, title, record).items()
        }
        write_workbook(
            workbook_path,
            {name: shown.table for name, shown in sheets.items()},
            money={c for shown in sheets.values() for c in shown.money},
            percent={c for shown in sheets.values() for c in shown.percent},
            counts={c for shown in sheets.values() for c in shown.counts},
        )
