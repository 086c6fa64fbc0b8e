"""Monitoring: what each milestone's status was on a date, and promised against delivered over
time. A milestone with no status report yet is 'not reported', not assumed 'not started'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from townhall.deals.model import Deal, Milestone, StatusUpdate


@dataclass(frozen=True)
class MilestoneState:
    """A milestone as it stood on a date: its latest status report by then, if any."""

    milestone: Milestone
    update: StatusUpdate | None

    @property
    def status(self) -> str:
        """The reported status, or 'not reported'."""
        return "not reported" if self.update is None else self.update.status

    def overdue(self, on: dt.date) -> bool:
        """Due before `on` and neither delivered nor dropped by then."""
        due = self.milestone.due
        return due is not None and due < on and self.status not in ("delivered", "dropped")


def state_on(milestone: Milestone, on: dt.date | None) -> MilestoneState:
    """The milestone's latest status report on or before `on` (the latest of all when None)."""
    reports = [u for u in milestone.history if on is None or u.date <= on]
    return MilestoneState(milestone, reports[-1] if reports else None)


def milestone_states(deal: Deal, on: dt.date | None = None) -> list[MilestoneState]:
    """Every milestone of the deal as it stood on a date (by default, as last reported)."""
    return [state_on(milestone, on) for milestone in deal.milestones]


def delivery_over_time(deal: Deal) -> pl.DataFrame:
    """For each date a milestone fell due or was reported on: how many milestones were due by
    then (promised), and how many were delivered, dropped or delayed as last reported by then."""
    dates = sorted(
        {m.due for m in deal.milestones if m.due is not None}
        | {u.date for m in deal.milestones for u in m.history}
    )
    rows = []
    for day in dates:
        states = milestone_states(deal, day)
        rows.append(
            {
                "date": day,
                "due_by_then": sum(
                    1 for m in deal.milestones if m.due is not None and m.due <= day
                ),
                "delivered": sum(1 for s in states if s.status == "delivered"),
                "dropped": sum(1 for s in states if s.status == "dropped"),
                "delayed": sum(1 for s in states if s.status == "delayed"),
            }
        )
    schema = {
        "date": pl.Date,
        "due_by_then": pl.Int64,
        "delivered": pl.Int64,
        "dropped": pl.Int64,
        "delayed": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def milestones_table(deal: Deal, on: dt.date | None = None) -> pl.DataFrame:
    """Promised against delivered: each commitment, when due, its status and what was delivered."""
    today = on or dt.date.today()
    rows = [
        {
            "milestone": s.milestone.id,
            "commitment": s.milestone.commitment,
            "due": s.milestone.due,
            "status": s.status,
            "reported": None if s.update is None else s.update.date,
            "delivered": ""
            if s.update is None or s.update.delivered is None
            else s.update.delivered,
            "overdue": s.overdue(today),
        }
        for s in milestone_states(deal, on)
    ]
    schema = {
        "milestone": pl.String,
        "commitment": pl.String,
        "due": pl.Date,
        "status": pl.String,
        "reported": pl.Date,
        "delivered": pl.String,
        "overdue": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
