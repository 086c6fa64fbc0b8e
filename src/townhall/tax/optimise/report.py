"""The optimiser's outputs: the best scheme as TOML, and a report with the trade-off curve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import tomli_w

from townhall.reports.files import atomic_path
from townhall.reports.html import HtmlReport
from townhall.tax.optimise.search import Outcome
from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import Scheme, scheme_to_data


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
    report = HtmlReport(title="Scheme optimiser", subtitle=best.levers.minimum_contribution.source)
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
