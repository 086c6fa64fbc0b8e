"""Bar charts of closed questions: Altair rendered offline to SVG, embedded as a data: image.

An image keeps the page's CSP strict (the SVG's own styles never reach the page); the same
figures are always in a table beside the chart for screen readers.
"""

from __future__ import annotations

import base64

from townhall.consult.rules.counting import Tally
from townhall.reports.charts import chart_svg


def tally_chart(tally: Tally, title: str) -> str:
    """A horizontal bar chart of each option's percentage, as a data: URI."""
    import altair as alt

    data = alt.Data(
        values=[
            {"option": option.label, "percent": round(option.percent, 1), "count": option.count}
            for option in tally.options
        ]
    )
    chart = (
        alt.Chart(data, title=alt.Title(title[:80], anchor="start"))
        .mark_bar(color="#1d70b8")
        .encode(
            x=alt.X("percent:Q", title="% of those who answered", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("option:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        )
        .properties(width=360, height=max(60, 28 * len(tally.options)))
    )
    svg = chart_svg(chart)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
