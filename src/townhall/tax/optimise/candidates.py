"""Candidate schemes as arrays of lever values, the scheme each one stands for, and what it moved.

A candidate is one value for each lever the optimiser may move. Many candidates are held as arrays
(one element per candidate); `CandidateSchemes.scheme` turns one into the full scheme that
`evaluate` costs, so every candidate is costed by the engine's own rules. A lever whose value
equals the template's keeps the template's parameter, source and all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from townhall.tax.bands import BAND_NINTHS
from townhall.tax.rules.scheme import (
    PROTECTED_GROUPS,
    MeansTest,
    NonDependantBand,
    Scheme,
    Sourced,
)

Floats = NDArray[np.float64]
GROUP_BIT = {group: 1 << index for index, group in enumerate(PROTECTED_GROUPS)}


@dataclass(frozen=True)
class Candidates:
    """Lever values for a batch of candidates, one element each."""

    minimum_contribution: Floats
    taper: Floats
    cap_ninths: Floats  # inf for no cap
    minimum_award_weekly: Floats
    protected_bits: NDArray[np.int64]
    capital_upper: Floats
    non_dependant_scale: Floats

    def __len__(self) -> int:
        return len(self.minimum_contribution)

    def take(self, index: NDArray[np.int64] | slice) -> Candidates:
        """The candidates at `index`."""
        return Candidates(
            **{name: getattr(self, name)[index] for name in self.__dataclass_fields__}
        )


def bits_of(groups: list[str] | tuple[str, ...]) -> int:
    """The protected groups as a bit mask."""
    mask = 0
    for group in groups:
        mask |= GROUP_BIT[group]
    return mask


def groups_of(bits: int) -> list[str]:
    """The protected groups a bit mask stands for, in vocabulary order."""
    return [group for group in PROTECTED_GROUPS if bits & GROUP_BIT[group]]


def cap_band(cap_ninths: float) -> str:
    """The band letter of a cap given in ninths, or "none" for no cap."""
    if np.isinf(cap_ninths):
        return "none"
    return next(band for band, ninths in BAND_NINTHS.items() if ninths == cap_ninths)


def cap_ninths(band: str) -> float:
    """A band cap in ninths of Band D; inf for no cap."""
    return np.inf if band == "none" else float(BAND_NINTHS[band])


@dataclass
class CandidateSchemes:
    """Builds the scheme each candidate stands for, from a template.

    The working-age means test changes only with the taper, the capital limit and the
    non-dependant scale, so each distinct trio is built once and shared (and so is the engine's
    cache of its lever-free stages)."""

    template: Scheme
    why: str
    _working_age: dict[tuple[float, float, float], MeansTest] = field(default_factory=dict)

    def _sourced(self, old: Sourced, value: object) -> Sourced:  # type: ignore[type-arg]
        """The template's parameter when unchanged, else the new value with where it came from."""
        if old.value == value:
            return old
        return Sourced(value=value, source=self.why, note=f"{self.template.name}: {old.value}")

    def working_age(self, taper: float, capital_upper: float, scale: float) -> MeansTest:
        """The template's working-age means test with these three levers."""
        key = (taper, capital_upper, scale)
        if key in self._working_age:
            return self._working_age[key]
        working = self.template.working_age
        update: dict[str, object] = {
            "taper": self._sourced(working.taper, taper),
            "capital": working.capital.model_copy(
                update={"upper_limit": self._sourced(working.capital.upper_limit, capital_upper)}
            ),
        }
        if scale != 1.0:
            bands = [
                NonDependantBand(
                    from_gross_weekly_income=band.from_gross_weekly_income,
                    deduction_weekly=_scaled(band.deduction_weekly, scale),
                )
                for band in working.non_dependant_deductions.value
            ]
            note = f"{self.template.name}'s deductions × {scale:g}"
            update["non_dependant_deductions"] = Sourced(value=bands, source=self.why, note=note)
            not_in_work = working.non_dependant_deduction_not_in_work_weekly
            if not_in_work is not None:
                update["non_dependant_deduction_not_in_work_weekly"] = Sourced(
                    value=_scaled(not_in_work.value, scale), source=self.why, note=note
                )
        result = working.model_copy(update=update)
        self._working_age[key] = result
        return result

    def scheme(self, candidates: Candidates, index: int, name: str = "candidate") -> Scheme:
        """The full scheme that candidate `index` stands for."""
        template = self.template
        levers = template.levers
        groups = groups_of(int(candidates.protected_bits[index]))
        moved_levers = levers.model_copy(
            update={
                "minimum_contribution": self._sourced(
                    levers.minimum_contribution, float(candidates.minimum_contribution[index])
                ),
                "band_cap": self._sourced(
                    levers.band_cap, cap_band(float(candidates.cap_ninths[index]))
                ),
                "minimum_award_weekly": self._sourced(
                    levers.minimum_award_weekly, float(candidates.minimum_award_weekly[index])
                ),
                "protected_groups": levers.protected_groups
                if set(levers.protected_groups.value) == set(groups)
                else Sourced(
                    value=groups,
                    source=self.why,
                    note=f"{template.name}: {levers.protected_groups.value}",
                ),
            }
        )
        working = self.working_age(
            float(candidates.taper[index]),
            float(candidates.capital_upper[index]),
            float(candidates.non_dependant_scale[index]),
        )
        return template.model_copy(
            update={"name": name, "levers": moved_levers, "working_age": working}
        )

    def best(self, candidates: Candidates, index: int, name: str) -> Scheme:
        """Candidate `index` as a scheme to write: named, and described by the levers it moved."""
        scheme = self.scheme(candidates, index, name)
        moved = lever_changes(self.template, scheme)
        return scheme.model_copy(
            update={
                "title": f"Optimised from {self.template.name}",
                "description": f"{self.template.name} with levers chosen by {self.why}. "
                + ("Moved: " + "; ".join(moved) + "." if moved else "No lever moved."),
            }
        )


def _scaled(deduction_weekly: float, scale: float) -> float:
    """A non-dependant deduction times a scale, to the penny (half-pennies up)."""
    return round(deduction_weekly * scale + 1e-9, 2)


def lever_changes(template: Scheme, scheme: Scheme) -> list[str]:
    """Every lever the optimiser may move whose value differs from the template's, "from → to"."""
    old_levers, new_levers = template.levers, scheme.levers
    old_working, new_working = template.working_age, scheme.working_age
    changes: list[str] = []

    def note(label: str, old: object, new: object, show: str = "{}") -> None:
        if old != new:
            changes.append(f"{label} {show.format(old)} → {show.format(new)}")

    note(
        "minimum contribution",
        old_levers.minimum_contribution.value,
        new_levers.minimum_contribution.value,
        "{:.2%}",
    )
    note("taper", old_working.taper.value, new_working.taper.value, "{:.0%}")
    note("band cap", old_levers.band_cap.value, new_levers.band_cap.value)
    note(
        "minimum award",
        old_levers.minimum_award_weekly.value,
        new_levers.minimum_award_weekly.value,
        "£{:,.2f} a week",
    )
    old_groups, new_groups = old_levers.protected_groups.value, new_levers.protected_groups.value
    if set(old_groups) != set(new_groups):
        changes.append(
            f"protected groups {', '.join(old_groups) or 'none'} → {', '.join(new_groups) or 'none'}"
        )
    note(
        "capital limit",
        old_working.capital.upper_limit.value,
        new_working.capital.upper_limit.value,
        "£{:,.0f}",
    )
    old_deductions = [b.deduction_weekly for b in old_working.non_dependant_deductions.value]
    new_deductions = [b.deduction_weekly for b in new_working.non_dependant_deductions.value]
    if old_deductions != new_deductions:
        changes.append(
            "non-dependant deductions "
            + ", ".join(f"£{d:,.2f}" for d in old_deductions)
            + " → "
            + ", ".join(f"£{d:,.2f}" for d in new_deductions)
            + " a week"
        )
    old_grid, new_grid = old_levers.income_grid, new_levers.income_grid
    if old_grid != new_grid:
        changes.append(f"income grid {_grid_text(old_grid)} → {_grid_text(new_grid)}")
    return changes


def _grid_text(grid: object) -> str:
    """An income grid in a line: each band's limit and the shares by household type."""
    from townhall.tax.rules.scheme import GRID_COLUMNS, IncomeGrid

    if not isinstance(grid, IncomeGrid):
        return "none"
    parts = []
    for band in grid.bands.value:
        limit = (
            "above"
            if np.isinf(band.up_to_weekly_income)
            else f"to £{band.up_to_weekly_income:,.2f}"
        )
        shares = "/".join(f"{band.discount[c]:.1%}" for c in GRID_COLUMNS if c in band.discount)
        parts.append(f"{limit}: {shares}")
    return "[" + "; ".join(parts) + "]"
