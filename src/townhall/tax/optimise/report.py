"""The optimiser's outputs: the best scheme as TOML, and a report with the trade-off curve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import tomli_w

from townhall.reports.files import atomic_path
from townhall.reports.html import HtmlReport
from townhall.tax.optimise.grid_design import GRID_STEP, GridDesign
from townhall.tax.optimise.problem import Problem
from townhall.tax.optimise.search import Outcome
from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import HOUSEHOLD_TYPES, Scheme, scheme_to_data


def write_scheme(scheme: Scheme, path: Path) -> None:
    """Write a scheme as TOML that every Townhall command loads."""
    with atomic_path(path) as temporary:
        temporary.write_text(tomli_w.dumps(scheme_to_data(scheme)), encoding="utf-8")


def trade_off_table(outcome: Outcome, objective_label: str) -> pl.DataFrame:
    """Saving against the best hardship reached at that saving."""
    return pl.DataFrame(outcome.trade_off).rename({"objective": objective_label})


def trade_off_chart(table: pl.DataFrame, objective_label: str, target: float) -> Any:
    """Saving (x) against hardship (y), with the target saving marked."""
    import altair as alt

    data = table.select(
        (pl.col("saving_yearly") / 1e6).alias("saving £m"),
        pl.col(objective_label).alias("hardship"),
    ).to_dicts()
    line = (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=50), interpolate="step-after")
        .encode(
            x=alt.X("saving £m:Q", title="Saving, £ million a year"),
            y=alt.Y("hardship:Q", title=objective_label),
        )
    )
    rule = alt.Chart(alt.Data(values=[{"t": target / 1e6, "label": "saving needed"}]))
    return alt.layer(
        line,
        rule.mark_rule(strokeDash=[6, 3], color="#d4351c").encode(x="t:Q"),
        rule.mark_text(align="left", dx=4, dy=-100, color="#d4351c").encode(
            x="t:Q", text="label:N"
        ),
    ).properties(width=560, height=280, title="Trade-off: saving against hardship")


def build_report(
    outcome: Outcome, objective_label: str, saving_needed: float, notes: list[str]
) -> HtmlReport:
    """The optimiser's report: the best scheme, the trade-off, what was searched."""
    best = outcome.best
    report = HtmlReport(title="Scheme optimiser", subtitle=best.description)
    report.add_heading("Best scheme")
    index = outcome.best_index
    report.add_list(
        [
            f"Minimum contribution {best.levers.minimum_contribution.value:.2%}; taper {best.working_age.taper.value:.0%}; "
            f"band cap {best.levers.band_cap.value}; minimum award £{best.levers.minimum_award_weekly.value:,.2f} a week.",
            f"Protected groups: {', '.join(best.levers.protected_groups.value) or 'none'}.",
            f"Saves £{outcome.saving_yearly[index]:,.0f} a year (needed £{saving_needed:,.0f}); {objective_label}: "
            f"{outcome.objective_values[index]:,.2f}.",
            f"Searched {outcome.combinations:,} combinations of the discrete levers"
            + (" (a random sample)" if outcome.sampled else "")
            + f", {outcome.evaluated:,} candidate schemes evaluated; {int(outcome.feasible.sum()):,} met every constraint.",
            *notes,
        ]
    )
    report.add_heading("Levers moved from the template")
    report.add_list(outcome.moved or ["None: the template already meets the question."])
    table = trade_off_table(outcome, objective_label)
    report.add_heading("Trade-off")
    report.add_chart(
        trade_off_chart(table, objective_label, saving_needed),
        f"Step chart of the lowest {objective_label} reachable at each level of saving, among the "
        "candidates evaluated that meet every other constraint; the dashed line marks the saving "
        "needed. Figures in the table below.",
    )
    report.add_table(table, "Saving against the least hardship reachable", money=("saving_yearly",))
    report.add_heading("The best scheme's parameters")
    report.add_table(
        pl.DataFrame(parameter_rows(best)).select("parameter", "value", "source"),
        "Parameters with their sources",
    )
    return report


def grid_table(design: GridDesign) -> pl.DataFrame:
    """The designed grid: one row per income band, one column per household type."""
    limits = [*design.thresholds_weekly, float("inf")]
    return pl.DataFrame(
        {
            "weekly income up to": [
                "no limit" if limit == float("inf") else f"£{limit:,.2f}" for limit in limits
            ],
            **{
                kind.replace("_", " "): [f"{share:.1%}" for share in design.shares[:, column]]
                for column, kind in enumerate(HOUSEHOLD_TYPES)
            },
        }
    )


def build_grid_report(design: GridDesign, template: Scheme, problem: Problem) -> HtmlReport:
    """The grid designer's report: the grid, what it saves, what moved, every threshold set tried."""
    report = HtmlReport(title="Income grid design", subtitle=design.scheme.description)
    report.add_heading("Best grid")
    report.add_list(
        [
            f"Saves £{design.saving_yearly:,.0f} a year (needed £{problem.saving_yearly:,.0f}); "
            f"one {GRID_STEP:.1%} step more of every share would give back "
            f"£{design.step_saving_yearly:,.0f}.",
            f"{problem.objective.measure()}: {design.objective:,.2f}.",
            f"{design.designs_tried} sets of thresholds tried around {template.name}'s.",
            *design.notes,
        ]
    )
    report.add_table(grid_table(design), "Share of liability supported, by income and household")
    report.add_heading("Levers moved from the template")
    report.add_list(design.moved or ["None."])
    report.add_heading("Threshold sets tried")
    report.add_table(
        pl.DataFrame(
            {
                "thresholds": [
                    ", ".join(f"£{t:,.2f}" for t in row["thresholds"])  # type: ignore[attr-defined]
                    for row in design.tried
                ],
                "saving_yearly": [row["saving_yearly"] for row in design.tried],
                "objective": [row["objective"] for row in design.tried],
            },
            schema={"thresholds": pl.String, "saving_yearly": pl.Float64, "objective": pl.Float64},
        ),
        "Each set of thresholds: what its best grid saves and its objective (blank: no grid meets the question)",
        money=("saving_yearly",),
    )
    report.add_heading("The grid's parameters")
    report.add_table(
        pl.DataFrame(parameter_rows(design.scheme)).select("parameter", "value", "source"),
        "Parameters with their sources",
    )
    return report
