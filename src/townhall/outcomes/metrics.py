"""Each cohort member's outcome under a contract's metric, from the events in their window."""

from __future__ import annotations

import polars as pl

from townhall.outcomes.spec import Metric


def person_outcomes(metric: Metric, people: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """One row per person: `value` is 0/1 (binary, time-to-outcome, sustained) or an event count
    (frequency); `days_to_outcome` for the first qualifying event; events outside the window
    [start, start + window_days] do not count."""
    relevant = events.filter(pl.col("kind") == metric.event).join(
        people.select("person_id", "start_date"), on="person_id", how="inner"
    )
    days = (pl.col("date") - pl.col("start_date")).dt.total_days()
    in_window = relevant.filter((days >= 0) & (days <= metric.window_days))
    if metric.kind == "sustained":
        assert metric.sustain_days is not None
        held = (pl.col("end_date") - pl.col("date")).dt.total_days()
        in_window = in_window.filter(
            pl.col("end_date").is_null().not_() & (held >= metric.sustain_days)
        )
    per_person = in_window.group_by("person_id").agg(
        pl.len().alias("events"),
        ((pl.col("date") - pl.col("start_date")).dt.total_days()).min().alias("days_to_outcome"),
    )
    joined = people.join(per_person, on="person_id", how="left").with_columns(
        pl.col("events").fill_null(0)
    )
    value = (
        pl.col("events").cast(pl.Float64)
        if metric.kind == "frequency"
        else (pl.col("events") > 0).cast(pl.Float64)
    )
    return joined.with_columns(value.alias("value"))
