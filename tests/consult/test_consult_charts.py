"""Charts people can read: every word of every label drawn whole, text at least 12 px on a 320 px
screen, one 0–100% axis on every chart, and the chart also in words."""

from __future__ import annotations

import base64
import re

from townhall.consult.charts import NARROWEST_PX, comparison_chart, tally_chart, tally_description
from townhall.consult.rules.counting import Tally, WardComparison, tally

LONG = "Households with a dependent child under six, or expecting one"
CHOICES = [(1, LONG), (2, "Disabled people"), (3, "Antidisestablishmentarianists"), (4, "None")]


def svg_of(uri: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri.removeprefix(prefix)).decode()


def drawn_words(svg: str) -> list[str]:
    """Every word drawn in the SVG, with a word hyphenated across lines joined up again."""
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>|<text[^>]*>([^<]+)</text>", svg)
    text = " ".join("".join(line).strip() for line in lines)
    return re.sub(r"-\s+", "", text).split()


def smallest_text_on_a_phone(svg: str) -> float:
    """The smallest font size in px once the chart shrinks to the narrowest screen's width."""
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)]
    return min(sizes) * min(1.0, NARROWEST_PX / width)


def test_a_tally_chart_draws_every_word_whole_on_one_axis_at_12_px_or_more() -> None:
    counted = tally(CHOICES, [{1}, {1}, {2}, {3}])
    svg = svg_of(tally_chart(counted))
    words = drawn_words(svg)
    for label in (LONG, "Disabled people", "Antidisestablishmentarianists"):
        assert all(word in words for word in label.split()), label
    assert smallest_text_on_a_phone(svg) >= 12
    assert {"0", "50", "100"} <= set(words)  # the same 0–100% axis, whatever the shares
    assert "50%" in words and "25%" in words


def test_a_ward_chart_sets_the_ward_beside_the_area_on_one_axis() -> None:
    rows = [
        WardComparison(LONG, 3, 100.0, 30.0, 70.0),
        WardComparison("Disabled people", 0, 0.0, 70.0, -70.0),
    ]
    svg = svg_of(comparison_chart(rows, "Bordesley and Highgate"))
    words = drawn_words(svg)
    assert all(word in words for word in f"{LONG} Bordesley and Highgate Whole area".split())
    assert smallest_text_on_a_phone(svg) >= 12
    assert words.count("100") == 1  # one axis


def test_a_chart_is_described_in_words_largest_share_first() -> None:
    counted = tally(CHOICES, [{1}, {1}, {2}, {3}])
    assert tally_description(counted) == (
        f"4 people answered. {LONG}: 50% (2); Disabled people: 25% (1); "
        "Antidisestablishmentarianists: 25% (1); None: 0% (0)."
    )
    assert tally_description(Tally(0, ())) == "No one has answered this question yet."
