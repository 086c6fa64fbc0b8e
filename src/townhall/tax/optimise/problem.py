"""What the optimiser is asked: the saving, an objective, constraints and each lever's range."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from townhall.tax.rules.scheme import PROTECTED_GROUPS

ObjectiveKind = Literal["paying-more", "lowest-deciles", "largest-loss"]
GROUPS = ("disabled", "children", "in-work", "lone-parent", "carer")


@dataclass(frozen=True)
class Objective:
    """What to minimise among schemes that meet the saving and the constraints."""

    kind: ObjectiveKind
    threshold_weekly: float = 0.0  # paying-more: households losing more than this a week
    lowest_deciles: int = 3  # lowest-deciles: total weekly loss in deciles 1..this

    def describe(self) -> str:
        if self.kind == "paying-more":
            return f"fewest households paying more than £{self.threshold_weekly:,.2f} a week more"
        if self.kind == "lowest-deciles":
            return f"least total weekly loss in the lowest {self.lowest_deciles} income deciles"
        return "smallest largest weekly loss"

    def measure(self) -> str:
        """What the objective counts, as a chart or table label."""
        if self.kind == "paying-more":
            return f"households paying over £{self.threshold_weekly:,.2f} a week more"
        if self.kind == "lowest-deciles":
            return f"weekly loss in the lowest {self.lowest_deciles} deciles (£)"
        return "largest weekly loss (£)"


@dataclass(frozen=True)
class GroupLimit:
    """No household in a group loses more than a weekly amount."""

    group: str
    largest_loss_weekly: float


@dataclass(frozen=True)
class LeverRanges:
    """The values each lever may take. Continuous: minimum contribution (always solved); the rest
    are lists, and a lever left as None keeps the template's value. Protection: the groups in
    `protectable_groups` are searched (every subset); every other group keeps the template's
    choice. Band caps are "none" or a band letter (None in the list is read as "none")."""

    minimum_contribution: tuple[float, float] = (0.0, 0.5)
    tapers: tuple[float, ...] | None = None
    band_caps: tuple[str | None, ...] | None = None
    minimum_awards_weekly: tuple[float, ...] | None = None
    protectable_groups: tuple[str, ...] = ()
    capital_upper_limits: tuple[float, ...] | None = None
    non_dependant_scales: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.protectable_groups) - set(PROTECTED_GROUPS)
        if unknown:
            raise ValueError(f"unknown protected groups: {sorted(unknown)}")
        if self.band_caps is not None:
            caps = tuple("none" if cap is None else cap for cap in self.band_caps)
            object.__setattr__(self, "band_caps", caps)


@dataclass(frozen=True)
class Problem:
    """The whole question put to the optimiser."""

    saving_yearly: float
    objective: Objective
    ranges: LeverRanges = field(default_factory=LeverRanges)
    transition_grant: bool = False
    group_limit: GroupLimit | None = None
