"""Bar charts of closed questions: Altair rendered offline to SVG, embedded as a data: image.

An image keeps the page's CSP strict (the SVG's own styles never reach the page); the same
figures are always in a table beside the chart, and each chart has a description in words.

Every chart is drawn at most `CHART_WIDTH` px wide with `FONT_SIZE` px text, so on the narrowest
screen (320 px, where a chart has `NARROWEST_PX` px) it shrinks to no less than 12 px text. Labels
wrap at spaces, never cut; every chart's axis runs from 0 to 100% so charts compare at a glance.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from townhall.consult.rules.counting import Tally, WardComparison
from townhall.reports.charts import chart_svg

FONT_SIZE = 14
CHART_WIDTH = 300
NARROWEST_PX = 270  # 320 px less the page's and a result section's margins
LABEL_CHARACTERS = 16  # wrap labels at this many characters: ~120 px at FONT_SIZE
PLOT_WIDTH = 130
LINE_PX = FONT_SIZE + 3
BAR_COLOUR = "#1d70b8"
AREA_COLOUR = "#505a5f"


def wrapped(label: str) -> str:
    """The label broken at spaces into lines of at most `LABEL_CHARACTERS` characters, joined by
    newlines; a word longer than a line is hyphenated across lines (never cut short)."""
    words = []
    for word in label.split():
        while len(word) > LABEL_CHARACTERS:
            words.append(word[: LABEL_CHARACTERS - 1] + "-")
            word = word[LABEL_CHARACTERS - 1 :]
        words.append(word)
    return "\n".join(textwrap.wrap(" ".join(words), LABEL_CHARACTERS, break_long_words=False))


def _row_px(labels: Sequence[str], bars_per_row: int) -> int:
    """The height of one option's row: room for its label's lines and its bars."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(lines * LINE_PX, bars_per_row * (FONT_SIZE + 4)) + 10


def _config(chart: Any) -> Any:
    """Every text in the chart at `FONT_SIZE` px, no frame."""
    return (
        chart.configure_axis(
            labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=0, titleLimit=0
        )
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=0)
        .configure_view(stroke=None)
    )


def _axes(alt: Any) -> dict[str, Any]:
    """The one axis every chart shares (0 to 100% of those who answered) and the options, their
    wrapped labels one line per line."""
    return {
        "x": alt.X(
            "percent:Q",
            title="% who answered",
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(values=[0, 50, 100], grid=True),
        ),
        "y": alt.Y(
            "option:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLineHeight=LINE_PX),
            scale=alt.Scale(paddingInner=0.3),
        ),
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@lru_cache(maxsize=256)
def _tally_svg(rows: tuple[tuple[str, float], ...]) -> str:
    import altair as alt

    values = [
        {"option": wrapped(label), "percent": round(share, 1), "text": f"{share:.0f}%"}
        for label, share in rows
    ]
    row_px = _row_px([wrapped(label) for label, _ in rows], 1)
    base = alt.Chart(alt.Data(values=values)).encode(**_axes(alt))
    bars = base.mark_bar(color=BAR_COLOUR)
    shares = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE, color="#0b0c0c").encode(
        text="text:N"
    )
    chart = (bars + shares).properties(width=PLOT_WIDTH, height=alt.Step(row_px))
    return chart_svg(_config(chart))


def tally_chart(tally: Tally) -> str:
    """A horizontal bar chart of each option's percentage of those who answered, as a data: URI
    (drawn once for each set of figures: a page shown again reuses it)."""
    return _data_uri(_tally_svg(tuple((option.label, option.percent) for option in tally.options)))


def tally_description(tally: Tally) -> str:
    """The chart in words: how many answered and each option's share, largest first."""
    if not tally.answered:
        return "No one has answered this question yet."
    ranked = sorted(tally.options, key=lambda option: -option.count)
    shares = "; ".join(
        f"{option.label}: {option.percent:.0f}% ({option.count})" for option in ranked
    )
    people = "person" if tally.answered == 1 else "people"
    return f"{tally.answered} {people} answered. {shares}."


@lru_cache(maxsize=256)
def _comparison_svg(rows: tuple[tuple[str, float, float], ...], ward: str) -> str:
    import altair as alt

    values = [
        {"option": wrapped(label), "where": where, "percent": round(share, 1)}
        for label, ward_share, area_share in rows
        for where, share in ((ward, ward_share), ("Whole area", area_share))
    ]
    row_px = _row_px([wrapped(label) for label, _, _ in rows], 2)
    colour = alt.Color(
        "where:N",
        title=None,
        sort=[ward, "Whole area"],
        scale=alt.Scale(domain=[ward, "Whole area"], range=[BAR_COLOUR, AREA_COLOUR]),
        legend=alt.Legend(orient="top", direction="vertical"),
    )
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            **_axes(alt), color=colour, yOffset=alt.YOffset("where:N", sort=[ward, "Whole area"])
        )
        # With two bars an option, the step is each bar's: half the option's row.
        .properties(width=PLOT_WIDTH + 40, height=alt.Step(-(-row_px // 2)))
    )
    return chart_svg(_config(chart))


def comparison_chart(rows: Sequence[WardComparison], ward: str) -> str:
    """The ward's share of each option beside the whole area's, on one axis, as a data: URI."""
    key = tuple((row.label, row.ward_percent, row.area_percent) for row in rows)
    return _data_uri(_comparison_svg(key, ward))
