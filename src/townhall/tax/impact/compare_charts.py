"""The comparison's charts: saving against the gap, who pays more by claimant type, loss by decile.
Each is readable without colour (labels, marker shapes, dash patterns) and has a text alternative
where it is placed."""

from __future__ import annotations

from typing import Any

import polars as pl

from townhall.tax.impact.compare import Comparison

SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]


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
            x=alt.X("saving £m:Q", title="Saving, £ million a year (below zero: costs more)"),
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
