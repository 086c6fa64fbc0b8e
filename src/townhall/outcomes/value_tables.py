"""The value-for-money account as tables (for the terminal, CSV, Excel and the period report) and
as the aggregates the public export carries: never a personal record."""

from __future__ import annotations

from typing import Any

import polars as pl

from townhall.outcomes.sensitivity import Alternative
from townhall.outcomes.value import PeriodValue, ValueResult, money


def _row(row: PeriodValue) -> dict[str, Any]:
    return {
        "period": row.period,
        "members": row.members,
        "payments": float(row.payments),
        "outcomes_beyond_baseline": round(row.additional_outcomes, 2),
        "saving": float(row.saving),
        "share_of_saving": row.share_of_saving,
        "deadweight": float(row.deadweight),
        "delivery_cost": None if row.delivery_cost is None else float(row.delivery_cost),
        "margin": None if row.margin is None else float(row.margin),
    }


def periods_table(result: ValueResult) -> pl.DataFrame:
    """One row per period (cohort) and a total row; money as floats of whole pence."""
    return pl.DataFrame(
        [_row(row) for row in [*result.periods, result.total]],
        schema_overrides={
            "delivery_cost": pl.Float64,
            "margin": pl.Float64,
            "share_of_saving": pl.Float64,
        },
    )


def periods_display(result: ValueResult) -> list[list[str]]:
    """The periods table as text cells: pounds with pence, the share as a percentage."""
    shown = []
    for row in [*result.periods, result.total]:
        share = row.share_of_saving
        shown.append(
            [
                row.period,
                f"{row.members:,}",
                f"£{row.payments:,}",
                f"{row.additional_outcomes:,.2f}",
                f"£{row.saving:,}",
                "n/a" if share is None else f"{share:.1%}",
                f"£{row.deadweight:,}",
                "" if row.margin is None else money(row.margin),
            ]
        )
    return shown


DISPLAY_COLUMNS = (
    "period",
    "members",
    "payments",
    "outcomes beyond baseline",
    "public saving",
    "share paid",
    "deadweight",
    "provider margin",
)


def figures_table(result: ValueResult) -> pl.DataFrame:
    """Each total figure with its working and source."""
    return pl.DataFrame(
        {
            "measure": [f.measure for f in result.figures],
            "figure": [f.shown for f in result.figures],
            "working": [f.working for f in result.figures],
            "source": [f.source for f in result.figures],
        }
    )


def sensitivity_table(alternatives: list[Alternative]) -> pl.DataFrame:
    """Each baseline with its payment and its difference from the contract's."""
    return pl.DataFrame(
        {
            "baseline": [a.baseline for a in alternatives],
            "rate": [a.rate for a in alternatives],
            "payment": [float(a.payment) for a in alternatives],
            "difference": [float(a.difference) for a in alternatives],
            "saving": [None if a.saving is None else float(a.saving) for a in alternatives],
            "deadweight": [
                None if a.deadweight is None else float(a.deadweight) for a in alternatives
            ],
        }
    )


def _public_row(row: PeriodValue) -> dict[str, Any]:
    """A period's figures with money as exact pounds-and-pence text."""
    share = row.share_of_saving
    return {
        "period": row.period,
        "members": row.members,
        "payments": str(row.payments),
        "outcomes_beyond_baseline": round(row.additional_outcomes, 2),
        "saving": str(row.saving),
        "share_of_saving": None if share is None else round(share, 6),
        "deadweight": str(row.deadweight),
        "delivery_cost": None if row.delivery_cost is None else str(row.delivery_cost),
        "margin": None if row.margin is None else str(row.margin),
    }


def public_value(result: ValueResult) -> dict[str, Any]:
    """The aggregates a council publishes: per period and in total, the figures and breaches."""
    investor = result.investor
    return {
        "periods": [_public_row(row) for row in [*result.periods, result.total]],
        "investors": None
        if investor is None
        else {
            "invested": str(investor.invested),
            "received": str(investor.received),
            "money_multiple": round(investor.multiple, 4),
            "irr": None if investor.irr is None else round(investor.irr, 6),
            "flows_by_year": [str(flow) for flow in investor.flows],
        },
        "figures": [
            {"measure": f.measure, "figure": f.shown, "working": f.working, "source": f.source}
            for f in result.figures
        ],
        "breaches": [
            {"limit": b.limit, "figure": b.figure, "reading": b.reading} for b in result.breaches
        ],
    }
