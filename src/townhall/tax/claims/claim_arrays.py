"""The claims as plain numpy arrays, with lookup codes worked out once per caseload.

The means test reads only these arrays. Codes such as `personal_allowance_code` turn chains of
conditions into one table look-up per claim, and `block` gives views of a range of claims, so the
means test can run over cache-sized blocks without copying.

`ClaimArrays.lookups` goes further, still from the claims alone: it numbers the distinct kinds of
claim a stage can tell apart (a stage then runs once per kind and is looked up per claim), and
gathers the few claims with earnings, capital or non-dependants, so the stages that only concern
those claims touch them alone. It is made once per caseload, like the arrays themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Codes = NDArray[np.int8]
Rows = NDArray[np.intp]

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

    def take(self, rows: Rows) -> ClaimArrays:
        """Copies of the claims at `rows`."""
        return ClaimArrays(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @cached_property
    def lookups(self) -> ClaimLookups:
        """Claim-only groupings the means test reads; made on first use, then kept."""
        return ClaimLookups.of(self)


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


# The columns each table-driven stage reads (see `means_test`): claims alike in these columns get
# the same result from that stage, so it runs once per distinct combination.
LIABILITY_COLUMNS = ("ninths_code", "only_adult")
APPLICABLE_AMOUNT_COLUMNS = (
    "personal_allowance_code",
    "premium_code",
    "children",
    "pensioner_index",
)
PROTECTION_COLUMNS = (
    "pensioner",
    "has_children",
    "youngest_child_age",
    "disability_premium",
    "disabled_child_premium",
    "war_pension",
    "carer",
    "lone_parent",
)
# Above this many possible combinations, kinds are numbered by sorting rather than by a dense table.
_DENSE_KINDS = 1 << 22


@dataclass(frozen=True)
class Kinds:
    """Claims numbered by their distinct combination of some columns: each claim's kind, and one
    representative claim of each kind (a stage run over the representatives gives a per-kind table)."""

    code: NDArray[np.signedinteger[Any]]  # the smallest integer type that holds every kind
    representatives: ClaimArrays


@dataclass(frozen=True)
class Earners:
    """Claims with earnings, and what the earnings disregard stage reads of them."""

    rows: Rows
    weekly_earnings: Floats
    disregard_code: Codes


@dataclass(frozen=True)
class WithCapital:
    """Claims with capital, and what the tariff income and capital limit stages read of them."""

    rows: Rows
    capital: Floats
    pensioner_index: Codes
    passported: Flags


@dataclass(frozen=True)
class WithNonDependants:
    """Some claims with non-dependants under one rule set (working age or pensioner)."""

    rows: Rows
    gross_weekly_income: Floats  # each non-dependant's
    count: Floats
    passported_at: Rows  # where, among these claims, the non-dependants are passported (few)


@dataclass(frozen=True)
class ClaimLookups:
    """Everything the means test precomputes from the claims alone, once per caseload."""

    working_age: Flags
    unpassported: Flags
    liability: Kinds
    applicable_amount: Kinds
    protection: Kinds
    earners: Earners
    with_capital: WithCapital
    # By rule set (0 working age, 1 pensioner): claims that may have a non-dependant deduction
    # (non-dependants who are not passported), and claims that may have second adult rebate (no
    # partner, at least one non-dependant).
    deductible: tuple[WithNonDependants, WithNonDependants]
    second_adult: tuple[WithNonDependants, WithNonDependants]

    @classmethod
    def of(cls, claims: ClaimArrays) -> ClaimLookups:
        """The look-ups for these claims (earnings, capital and counts are never negative, so
        "above zero" finds every claim with any)."""
        earners = np.flatnonzero(claims.weekly_earnings > 0)
        capital = np.flatnonzero(claims.capital > 0)
        has_non_dependants = claims.non_dependants > 0
        deductible = has_non_dependants & ~claims.non_dependants_passported
        second_adult = has_non_dependants & ~claims.has_partner
        return cls(
            working_age=~claims.pensioner,
            unpassported=~claims.passported,
            liability=kinds(claims, LIABILITY_COLUMNS),
            applicable_amount=kinds(claims, APPLICABLE_AMOUNT_COLUMNS),
            protection=kinds(claims, PROTECTION_COLUMNS),
            earners=Earners(
                earners, claims.weekly_earnings[earners], claims.disregard_code[earners]
            ),
            with_capital=WithCapital(
                capital,
                claims.capital[capital],
                claims.pensioner_index[capital],
                claims.passported[capital],
            ),
            deductible=_by_rule_set(claims, deductible),
            second_adult=_by_rule_set(claims, second_adult),
        )


def kinds(claims: ClaimArrays, columns: Sequence[str]) -> Kinds:
    """Number the distinct combinations of `columns` among the claims."""
    key = np.zeros(len(claims), dtype=np.int64)
    combinations = 1
    for name in columns:
        numbers, low, distinct = _value_numbers(getattr(claims, name))
        if combinations * distinct > _DENSE_KINDS:  # keep keys small: renumber those seen so far
            seen, key = np.unique(key, return_inverse=True)
            combinations = len(seen)
        # key = key × distinct + (number − low), in place: no temporaries over millions of claims.
        key *= distinct
        key += numbers
        key -= low
        combinations *= distinct
    if combinations <= _DENSE_KINDS:
        # A dense table over every possible key: no sort over millions of claims.
        present = np.zeros(combinations, dtype=bool)
        present[key] = True
        code_of_key = np.cumsum(present) - 1
        some_row = np.empty(combinations, dtype=np.intp)
        some_row[key] = np.arange(len(claims))  # any claim of a kind represents it
        code, first = code_of_key[key], some_row[present]
    else:
        _, first, code = np.unique(key, return_index=True, return_inverse=True)
    dtype = next(t for t in (np.int8, np.int16, np.int32) if len(first) <= np.iinfo(t).max)
    return Kinds(code.astype(dtype), claims.take(first))


def _value_numbers(values: NDArray[np.generic]) -> tuple[NDArray[np.integer[Any]], int, int]:
    """Each value as a whole number, the lowest number, and how many numbers there may be:
    flags, codes, counts and ages as themselves; other values by their rank among the distinct."""
    numbers = _whole_numbers(values)
    if numbers is not None and len(numbers):
        low, high = int(numbers.min()), int(numbers.max())
        if high - low <= len(numbers):
            return numbers, low, high - low + 1
    distinct = np.unique(values)
    return np.searchsorted(distinct, values), 0, max(len(distinct), 1)


def _whole_numbers(values: NDArray[np.generic]) -> NDArray[np.integer[Any]] | None:
    """The values as integers, if every one is a whole number (flags and integers as they are)."""
    if values.dtype == np.bool_:
        return values.view(np.uint8)
    if np.issubdtype(values.dtype, np.integer):
        return cast(NDArray[np.integer[Any]], values)
    with np.errstate(invalid="ignore"):  # NaN or infinity: not whole, which the test below finds
        numbers = values.astype(np.int64)
    return numbers if np.array_equal(numbers, values) else None


def _by_rule_set(
    claims: ClaimArrays, selected: Flags
) -> tuple[WithNonDependants, WithNonDependants]:
    """The selected claims split into working age and pensioners."""

    def subset(rows: Rows) -> WithNonDependants:
        return WithNonDependants(
            rows,
            claims.non_dependant_gross_weekly_income[rows],
            claims.non_dependants[rows],
            np.flatnonzero(claims.non_dependants_passported[rows]),
        )

    return (
        subset(np.flatnonzero(selected & ~claims.pensioner)),
        subset(np.flatnonzero(selected & claims.pensioner)),
    )
