"""The claims as plain numpy arrays, with lookup codes worked out once per caseload.

The means test reads only these arrays. Codes such as `personal_allowance_code` turn chains of
conditions into one table look-up per claim, and `block` gives views of a range of claims, so the
means test can run over cache-sized blocks without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Codes = NDArray[np.int8]

# Personal allowance codes: working age 0-3, pensioners 4-7.
SINGLE, SINGLE_UNDER_25, LONE_PARENT, COUPLE = 0, 1, 2, 3
PENSIONER_SINGLE, PENSIONER_SINGLE_UNDER_65, PENSIONER_COUPLE, PENSIONER_COUPLE_UNDER_65 = (
    4,
    5,
    6,
    7,
)
# Earnings disregard codes, plus 4 for pensioners: single, couple, lone parent, disabled or carer.
DISREGARD_SINGLE, DISREGARD_COUPLE, DISREGARD_LONE_PARENT, DISREGARD_DISABLED_OR_CARER = 0, 1, 2, 3


@dataclass(frozen=True)
class ClaimArrays:
    """Every column the means test needs, as arrays of one length."""

    weight: Floats
    band_index: Codes
    disabled_band_reduction: Flags
    pensioner: Flags
    pensioner_index: Codes  # 0 working age, 1 pensioner: picks a rule set's value
    has_partner: Flags
    children: Floats
    has_children: Flags
    youngest_child_age: Floats  # 99 where there are no children
    passported: Flags
    weekly_earnings: Floats
    weekly_other_income: Floats
    capital: Floats
    disability_premium: Flags
    disabled_child_premium: Flags
    war_pension: Flags
    carer: Flags
    non_dependants: Floats
    non_dependant_gross_weekly_income: Floats
    non_dependants_passported: Flags
    lone_parent: Flags
    only_adult: Flags
    effective_ninths: (
        Floats  # the band's ninths of Band D, one band lower with the disabled reduction
    )
    ninths_code: Codes  # the same as a small integer, for table look-ups
    discount: Floats  # 0.25 where the single person discount applies, else 0
    household_type: Codes
    personal_allowance_code: Codes
    disregard_code: Codes
    premium_code: (
        Codes  # bits: pensioner 1, partner 2, children 4, disability 8, disabled child 16, carer 32
    )

    def __len__(self) -> int:
        return len(self.weight)

    def block(self, start: int, stop: int) -> ClaimArrays:
        """Views of claims start to stop (no copy)."""
        return ClaimArrays(**{f.name: getattr(self, f.name)[start:stop] for f in fields(self)})


def premium_codes(
    pensioner: Flags,
    has_partner: Flags,
    has_children: Flags,
    disability: Flags,
    disabled_child: Flags,
    carer: Flags,
) -> Codes:
    """One code per claim for the premiums that apply, so premiums are one table look-up."""
    code = (
        pensioner * 1
        + has_partner * 2
        + has_children * 4
        + disability * 8
        + disabled_child * 16
        + carer * 32
    )
    codes: Codes = code.astype(np.int8)
    return codes


def personal_allowance_codes(
    pensioner: Flags,
    has_partner: Flags,
    children: Floats,
    claimant_age: NDArray[np.int64],
    elder_age: NDArray[np.int64],
) -> Codes:
    """Which personal allowance each claim gets (see the codes above)."""
    working = np.where(
        has_partner,
        COUPLE,
        np.where(children > 0, LONE_PARENT, np.where(claimant_age < 25, SINGLE_UNDER_25, SINGLE)),
    )
    older = elder_age >= 65
    retired = np.where(
        has_partner,
        np.where(older, PENSIONER_COUPLE, PENSIONER_COUPLE_UNDER_65),
        np.where(older, PENSIONER_SINGLE, PENSIONER_SINGLE_UNDER_65),
    )
    return np.where(pensioner, retired, working).astype(np.int8)


def disregard_codes(
    pensioner: Flags, has_partner: Flags, lone_parent: Flags, disabled_or_carer: Flags
) -> Codes:
    """Which earnings disregard each claim gets, offset by 4 for pensioners."""
    kind = np.where(
        disabled_or_carer,
        DISREGARD_DISABLED_OR_CARER,
        np.where(
            lone_parent,
            DISREGARD_LONE_PARENT,
            np.where(has_partner, DISREGARD_COUPLE, DISREGARD_SINGLE),
        ),
    )
    codes: Codes = (kind + 4 * pensioner).astype(np.int8)
    return codes
