"""How figures are shown to people: pounds with pence, percentages from fractions, counts."""

from __future__ import annotations

import math


def pounds(value: float | None) -> str:
    """£1,234.56; negative amounts as −£1,234.56; missing as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def whole_pounds(value: float | None) -> str:
    """£1,235 (to the nearest pound), for totals where pence would only add noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def millions(value: float | None) -> str:
    """£10.16m: large totals in millions of pounds to two places."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value) / 1e6:,.2f}m"


def percent(fraction: float | None, places: int = 1) -> str:
    """A fraction shown as a percentage: 0.24 → 24.0%. Fractions are multiplied by 100 here only."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "—"
    return f"{fraction * 100:,.{places}f}%"


def number(value: object) -> str:
    """Whole numbers with thousands separators, other numbers to two places, text as it is."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def count(value: float | None) -> str:
    """A count of claims or accounts, weighted or not, as a whole number: 7,490."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.0f}"
