"""Bar charts of closed questions for the report, as Vega-Lite specifications and PNG images."""

from __future__ import annotations

import textwrap
from typing import Any

from townhall.consult.charts import wrapped
from townhall.consult.rules.counting import Tally


def tally_spec(tally: Tally, title: str) -> dict[str, Any]:
    """A horizontal bar chart of each option's percentage of those who answered."""
    import altair as alt

    data = alt.Data(
        values=[
            {
                "option": wrapped(option.label),
                "percent": round(option.percent, 1),
                "count": option.count,
            }
            for option in tally.options
        ]
    )
    lines = max((wrapped(option.label).count("\n") + 1 for option in tally.options), default=1)
    chart = (
        alt.Chart(data, title=alt.Title(textwrap.wrap(title, 70) or [""], anchor="start"))
        .mark_bar(color="#1d70b8")
        .encode(
            x=alt.X("percent:Q", title="% of those who answered", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "option:N",
                title=None,
                sort=None,
                axis=alt.Axis(labelLimit=0, labelExpr="split(datum.label, '\\n')"),
            ),
        )
        .properties(width=380, height=alt.Step(14 * lines + 14))
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def chart_png(spec: dict[str, Any]) -> bytes:
    """The chart rendered offline to a PNG image (twice the size, for print)."""
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(vl_spec=spec, scale=2)
    return png
