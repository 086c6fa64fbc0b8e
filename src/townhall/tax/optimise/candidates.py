"""Candidate schemes as arrays of lever values, and the scheme each one stands for.

A candidate is one value for each lever the optimiser may move. Many candidates are held as arrays
(one element per candidate) so that `batch.evaluate_batch` can apply them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from townhall.tax.bands import BAND_NINTHS
from townhall.tax.rules.scheme import PROTECTED_GROUPS, NonDependantBand, Scheme, Sourced

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


def scheme_for(template: Scheme, candidates: Candidates, index: int, name: str, why: str) -> Scheme:
    """The full scheme that candidate `index` stands for, every changed lever sourced by `why`."""
    levers = template.levers.model_copy(
        update={
            "minimum_contribution": Sourced(
                value=float(candidates.minimum_contribution[index]), source=why
            ),
            "band_cap": Sourced(value=cap_band(float(candidates.cap_ninths[index])), source=why),
            "minimum_award_weekly": Sourced(
                value=float(candidates.minimum_award_weekly[index]), source=why
            ),
            "protected_groups": Sourced(
                value=groups_of(int(candidates.protected_bits[index])), source=why
            ),
        }
    )
    scale = float(candidates.non_dependant_scale[index])
    working = template.working_age
    deductions = [
        NonDependantBand(
            from_gross_weekly_income=band.from_gross_weekly_income,
            deduction_weekly=round(band.deduction_weekly * scale + 1e-9, 2),
        )
        for band in working.non_dependant_deductions.value
    ]
    capital = working.capital.model_copy(
        update={"upper_limit": Sourced(value=float(candidates.capital_upper[index]), source=why)}
    )
    working_age = working.model_copy(
        update={
            "taper": Sourced(value=float(candidates.taper[index]), source=why),
            "capital": capital,
            "non_dependant_deductions": Sourced(value=deductions, source=why)
            if scale != 1.0
            else working.non_dependant_deductions,
        }
    )
    return template.model_copy(
        update={
            "name": name,
            "title": f"Optimised from {template.name}",
            "description": f"{template.name} with its levers chosen by {why}.",
            "levers": levers,
            "working_age": working_age,
        }
    )
