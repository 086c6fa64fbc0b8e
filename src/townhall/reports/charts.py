"""Charts as inline SVG: Altair specifications rendered offline by vl-convert."""

from __future__ import annotations

from typing import Any


def chart_svg(chart: Any) -> str:
    """Render an Altair chart (or a Vega-Lite dict) to an SVG string, with no network access."""
    import vl_convert

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    svg: str = vl_convert.vegalite_to_svg(vl_spec=spec)
    return svg
