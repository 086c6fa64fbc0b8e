"""The chart of opinion groups: each participant placed by PCA, coloured and shaped by group."""

from __future__ import annotations

from typing import Any

import polars as pl

from townhall.consult.analysis.opinion import OpinionGroups


def group_name(label: int) -> str:
    """Groups are named A, B, C... largest first."""
    return f"Group {chr(ord('A') + label)}"


def opinion_chart(groups: OpinionGroups, title: str = "Opinion groups") -> Any:
    """An Altair scatter chart: colour and shape both show the group, so it reads in grey too."""
    import altair as alt

    frame = pl.DataFrame(
        {
            "participant": groups.participants,
            "x": groups.coordinates[:, 0].tolist(),
            "y": groups.coordinates[:, 1].tolist(),
            "group": [group_name(int(label)) for label in groups.labels],
        }
    )
    return (
        alt.Chart(alt.Data(values=frame.to_dicts()), title=title)
        .mark_point(filled=True, size=70, opacity=0.8)
        .encode(
            x=alt.X("x:Q", title="first principal component", axis=alt.Axis(labels=False)),
            y=alt.Y("y:Q", title="second principal component", axis=alt.Axis(labels=False)),
            color=alt.Color("group:N", title="group"),
            shape=alt.Shape("group:N", title="group"),
            tooltip=["participant:N", "group:N"],
        )
        .properties(width=420, height=320)
    )
