"""The comparison as one self-contained HTML report and an Excel workbook with the same figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from townhall.reports.excel import write_workbook
from townhall.reports.formats import millions, pounds
from townhall.reports.html import HtmlReport
from townhall.tax.impact.compare import Comparison
from townhall.tax.rules.parameter_rows import parameter_rows

MONEY = (
    "cost_yearly",
    "saving_yearly",
    "average_loss_weekly",
    "largest_loss_weekly",
    "gross_saving_yearly",
    "new_charge_yearly",
    "collected_yearly",
    "collection_cost_yearly",
    "net_saving_yearly",
)
PERCENT = ("gap_closed", "lose_share")
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]


def summary_sentences(comparison: Comparison) -> list[str]:
    """The plain-English summary a cabinet member reads first."""
    base = comparison.base
    working_age = ~base.caseload.arrays.pensioner
    claims_working = base.claims(working_age)
    sentences = [
        f"{base.claims():,.0f} claims: {base.claims() - claims_working:,.0f} pensioners, whose support no "
        f"option may cut, and {claims_working:,.0f} of working age. Under {base.scheme.name} support costs "
        f"{millions(base.total_award_yearly())} a year."
    ]
    for option in comparison.options:
        gap = ""
        if comparison.gap_yearly:
            gap = (
                f", {option.gap_closed_share:.0%} of the {millions(comparison.gap_yearly)} gap"
                if option.gap_closed_share is not None
                else ""
            )
        change = option.working_age
        sentences.append(
            f"{option.scheme.name}: saves {millions(option.saving_yearly)} a year{gap}. "
            f"{change.losers:,.0f} working-age claimants pay more, on average {pounds(change.average_loss_weekly)} "
            f"a week (the most {pounds(change.largest_loss_weekly)}); {change.moved_to_paying:,.0f} of them paid "
            f"nothing before. Once collection is counted it yields "
            f"{millions(option.collection.net_saving_yearly)}; "
            f"it meets {sum(c.passed for c in option.grant)} of the 3 transition grant criteria."
        )
    return sentences


def saving_chart(comparison: Comparison) -> Any:
    """Bars of each option's saving, with the funding gap as a labelled line."""
    import altair as alt

    data = (
        comparison.summary()
        .select("option", (pl.col("saving_yearly") / 1e6).alias("saving £m"))
        .to_dicts()
    )
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(color="#1d70b8")
        .encode(
            x=alt.X("saving £m:Q", title="Saving, £ million a year"),
            y=alt.Y("option:N", title=None),
        )
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("saving £m:Q", format=".2f"))
    layers = [bars, labels]
    if comparison.gap_yearly:
        gap = alt.Chart(
            alt.Data(values=[{"gap": comparison.gap_yearly / 1e6, "label": "funding gap"}])
        )
        layers.append(gap.mark_rule(strokeDash=[6, 3], color="#d4351c", size=2).encode(x="gap:Q"))
        layers.append(
            gap.mark_text(dy=-8, align="left", dx=4, color="#d4351c").encode(
                x="gap:Q", text="label:N"
            )
        )
    return alt.layer(*layers).properties(
        width=560, height=40 * max(len(data), 2), title="Saving against the gap"
    )


def decile_chart(comparison: Comparison) -> Any:
    """Average weekly loss by income decile, one line and marker shape per option."""
    import altair as alt

    table = comparison.breakdowns["Income decile"].filter(pl.col("claims") > 0)
    data = table.select(
        "option",
        pl.col("group").str.replace("Decile ", "").cast(pl.Int64).alias("decile"),
        pl.col("average_loss_weekly").alias("loss"),
    ).to_dicts()
    return (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True))
        .encode(
            x=alt.X(
                "decile:O", title="Weekly income decile (1 = lowest)", axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("loss:Q", title="Average loss among losers, £ a week"),
            color=alt.Color("option:N", title="Option"),
            shape=alt.Shape("option:N", title="Option", scale=alt.Scale(range=SHAPES)),
            strokeDash=alt.StrokeDash("option:N", legend=None),
        )
        .properties(width=560, height=260, title="Loss by income decile")
    )


def losers_chart(comparison: Comparison) -> Any:
    """Share of each claimant group who pay more, per option, with the share written on each bar."""
    import altair as alt

    data = comparison.breakdowns["Claimant type"].select("option", "group", "lose_share").to_dicts()
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X(
                "lose_share:Q",
                title="Share who pay more",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("group:N", title=None),
            color=alt.Color("group:N", legend=None),
            row=alt.Row("option:N", title=None),
        )
    )
    return bars.properties(width=460, height=90, title="Who pays more, by claimant type")


def build_report(comparison: Comparison, title: str) -> HtmlReport:
    """The HTML report: summary, charts, tables, each option's parameters with sources, method."""
    report = HtmlReport(title=title, subtitle=f"Base: {comparison.base.scheme.title}")
    report.add_heading("Summary")
    report.add_list(summary_sentences(comparison))
    report.add_heading("Cost and saving")
    report.add_chart(
        saving_chart(comparison),
        "Bar chart of each option's yearly saving in £ million"
        + (
            f", against a funding gap of £{comparison.gap_yearly / 1e6:.2f} million"
            if comparison.gap_yearly
            else ""
        )
        + ". The same figures are in the table below.",
    )
    report.add_table(
        comparison.summary(), "Each option against the base", money=MONEY, percent=PERCENT
    )
    report.add_heading("Who pays more")
    if "Claimant type" in comparison.breakdowns:
        report.add_chart(
            losers_chart(comparison),
            "Bar charts, one per option, of the share of pensioners, protected and unprotected working-age "
            "claimants who pay more. Pensioners never pay more. Figures in the 'Claimant type' table.",
        )
    if "Income decile" in comparison.breakdowns:
        report.add_chart(
            decile_chart(comparison),
            "Line chart of the average weekly loss among those who lose, by weekly income decile, one line "
            "and marker shape per option. Figures in the 'Income decile' table.",
        )
    for name, table in comparison.breakdowns.items():
        report.add_heading(name, level=3)
        report.add_table(
            table, f"Gainers and losers by {name.lower()}", money=MONEY, percent=PERCENT
        )
    report.add_paragraph(
        "Income deciles rank claims by counted weekly income under the base scheme, weighted; claims with "
        "the same income share a decile, so when many claims have no counted income (passported "
        "claimants) the lower deciles merge into decile 1 and some deciles are empty."
    )
    report.add_heading("Transition grant criteria")
    report.add_table(
        comparison.grant_table(), "Each criterion, pass or fail, with the figure that decides it"
    )
    report.add_heading("What the saving yields once collected")
    report.add_table(
        comparison.collection_table(),
        "Gross saving against collection and its cost",
        money=MONEY,
        percent=PERCENT,
    )
    report.add_paragraph(
        "Claimants newly charged pay less reliably, and chasing small debts costs money: the net saving "
        "is the charge collected less the cost of collecting it. Collection rates and costs are stated "
        "assumptions (see the method)."
    )
    report.add_heading("Parameters of each option")
    for option in [comparison.base.scheme, *[o.scheme for o in comparison.options]]:
        report.add_heading(f"{option.name}: {option.title}", level=3)
        report.add_table(
            parameters_table(option), f"Parameters of {option.name} with their sources"
        )
    report.add_heading("Method")
    report.add_definitions(
        {
            "Saving": "the base's yearly cost of support less the option's, over the same claims (weighted).",
            "Gain, lose": "a claim pays less or more a year under the option than the base (changes under half a penny ignored).",
            "Loss a week": "the yearly increase in what the household pays ÷ 52, as councils quote it to residents.",
            "Now paying": "claims that paid nothing under the base and pay something under the option.",
            "Full support (8.5% criterion)": "working-age claims whose award under the grant baseline covers all their liability.",
            "Cliff edge": "the most weekly support any working-age claim loses when its earnings rise by £1 a week; "
            "more than £1 means earning more leaves the household worse off.",
            "Collection": "collected = extra charge × collection rate (newly charged or already paying); "
            "net saving = gross saving − uncollected charge − cost per newly charged account − summons costs.",
        }
    )
    return report


def parameters_table(scheme: Any) -> pl.DataFrame:
    """A scheme's parameters, values and sources as a table."""
    rows = parameter_rows(scheme)
    return pl.DataFrame(rows).select("parameter", "value", "source", "note")


def workbook_sheets(comparison: Comparison) -> dict[str, pl.DataFrame]:
    """The workbook's sheets: the same tables as the report, and every option's parameters."""
    sheets = {"Summary": comparison.summary()}
    sheets.update(comparison.breakdowns)
    sheets["Transition grant"] = comparison.grant_table()
    sheets["Collection"] = comparison.collection_table()
    parameters = [
        parameters_table(s).select(pl.lit(s.name).alias("scheme"), pl.all())
        for s in [comparison.base.scheme, *[o.scheme for o in comparison.options]]
    ]
    sheets["Parameters"] = pl.concat(parameters)
    return sheets


def write_outputs(
    comparison: Comparison, title: str, report_path: Path | None, workbook_path: Path | None
) -> None:
    """Write the report and the workbook; each is written whole or not at all."""
    if report_path is not None:
        build_report(comparison, title).write(report_path)
    if workbook_path is not None:
        write_workbook(workbook_path, workbook_sheets(comparison), money=MONEY, percent=PERCENT)
