"""Winners and losers: weighted counts, shares, changes in what households pay, weighted deciles.

The one place these are computed, so every report counts the same way. Shares are fractions
(0.25 means 25%); only display code multiplies by 100. A change smaller than half a penny a year
counts as no change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.tax.money import WEEKS_IN_YEAR_FOR_DISPLAY

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
NO_CHANGE_YEARLY = 0.005


def weighted_deciles(values: Floats, weights: Floats) -> NDArray[np.int8]:
    """Decile 1 (lowest) to 10 of each value, by weighted population share.

    Equal values always share a decile (the one where their group starts), so ties at a decile edge
    are never split; zero and negative values sort like any other.
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int8)
    order = np.argsort(values, kind="stable")
    sorted_values, sorted_weights = values[order], weights[order]
    before = np.concatenate(([0.0], np.cumsum(sorted_weights)[:-1]))
    group_start = np.concatenate(([True], sorted_values[1:] != sorted_values[:-1]))
    start_of_group = np.maximum.accumulate(np.where(group_start, np.arange(len(values)), 0))
    total = sorted_weights.sum()
    share_before = before[start_of_group] / total if total > 0 else np.zeros(len(values))
    deciles_sorted = np.clip(np.floor(share_before * 10 + 1e-9).astype(np.int64) + 1, 1, 10)
    deciles = np.empty(len(values), dtype=np.int8)
    deciles[order] = deciles_sorted
    return deciles


@dataclass(frozen=True)
class Change:
    """How what households pay changes between two schemes, over one group of claims."""

    claims: float
    gainers: float
    losers: float
    unchanged: float
    average_loss_weekly: float
    largest_loss_weekly: float
    moved_to_paying: float

    @property
    def gainer_share(self) -> float:
        return self.gainers / self.claims if self.claims else 0.0

    @property
    def loser_share(self) -> float:
        return self.losers / self.claims if self.claims else 0.0

    @property
    def unchanged_share(self) -> float:
        return self.unchanged / self.claims if self.claims else 0.0


def change(
    before_yearly: Floats, after_yearly: Floats, weights: Floats, mask: Flags | None = None
) -> Change:
    """Gainers, losers and losses (in £ a week, yearly ÷ 52) among the claims in `mask`."""
    if mask is not None:  # without a mask, the whole arrays: no copies
        before_yearly, after_yearly, weights = (
            before_yearly[mask],
            after_yearly[mask],
            weights[mask],
        )
    difference = after_yearly - before_yearly
    weight = weights
    loses = difference >= NO_CHANGE_YEARLY
    gains = difference <= -NO_CHANGE_YEARLY
    losers = float(weight[loses].sum())
    loss_weekly = difference[loses] / WEEKS_IN_YEAR_FOR_DISPLAY
    moved = (before_yearly < NO_CHANGE_YEARLY) & (after_yearly >= NO_CHANGE_YEARLY)
    return Change(
        claims=float(weight.sum()),
        gainers=float(weight[gains].sum()),
        losers=losers,
        unchanged=float(weight[~loses & ~gains].sum()),
        average_loss_weekly=float(np.dot(weight[loses], loss_weekly) / losers) if losers else 0.0,
        largest_loss_weekly=float(loss_weekly.max()) if loss_weekly.size else 0.0,
        moved_to_paying=float(weight[moved].sum()),
    )


def change_table(
    before_yearly: Floats,
    after_yearly: Floats,
    weights: Floats,
    groups: Mapping[str, Flags],
    label: str,
) -> pl.DataFrame:
    """One row per group: claims, gainers, losers, unchanged, shares and losses a week."""
    rows = []
    for name, mask in groups.items():
        result = change(before_yearly, after_yearly, weights, mask)
        rows.append(
            {
                label: name,
                "claims": result.claims,
                "gain": result.gainers,
                "lose": result.losers,
                "unchanged": result.unchanged,
                "lose_share": result.loser_share,
                "average_loss_weekly": result.average_loss_weekly,
                "largest_loss_weekly": result.largest_loss_weekly,
                "now_paying": result.moved_to_paying,
            }
        )
    return pl.DataFrame(rows)


@dataclass(frozen=True)
class Partition:
    """Claims split into groups that do not overlap: a group code per claim and each group's name."""

    codes: NDArray[np.int64]
    names: list[str]


def partition_change_table(
    before_yearly: Floats, after_yearly: Floats, weights: Floats, partition: Partition, label: str
) -> pl.DataFrame:
    """The same table as `change_table`, for non-overlapping groups, in one pass with bincount."""
    count = len(partition.names)
    codes = partition.codes
    difference = after_yearly - before_yearly
    loses = difference >= NO_CHANGE_YEARLY
    gains = difference <= -NO_CHANGE_YEARLY
    moved = (before_yearly < NO_CHANGE_YEARLY) & (after_yearly >= NO_CHANGE_YEARLY)
    loss_weekly = np.where(loses, difference / WEEKS_IN_YEAR_FOR_DISPLAY, 0.0)

    def total(values: Floats) -> Floats:
        summed: Floats = np.bincount(codes, weights=values, minlength=count).astype(np.float64)
        return summed

    claims = total(weights)
    losers = total(weights * loses)
    largest = np.zeros(count)
    np.maximum.at(largest, codes, loss_weekly)
    return pl.DataFrame(
        {
            label: partition.names,
            "claims": claims,
            "gain": total(weights * gains),
            "lose": losers,
            "unchanged": claims - losers - total(weights * gains),
            "lose_share": np.divide(losers, claims, out=np.zeros(count), where=claims > 0),
            "average_loss_weekly": np.divide(
                total(weights * loss_weekly), losers, out=np.zeros(count), where=losers > 0
            ),
            "largest_loss_weekly": largest,
            "now_paying": total(weights * moved),
        }
    )
