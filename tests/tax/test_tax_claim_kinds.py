"""The claim-only look-ups behind a fast cold `evaluate`: kinds of claim and band indices.

`evaluate` runs the liability, applicable-amount and protection stages once per kind of claim and
looks each claim up, and finds income bands by comparing with each edge; both must be exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.tax.claims import claim_arrays
from townhall.tax.claims.claim_arrays import (
    APPLICABLE_AMOUNT_COLUMNS,
    LIABILITY_COLUMNS,
    PROTECTION_COLUMNS,
    ClaimArrays,
    kinds,
)
from townhall.tax.rules.means_test import band_index
from townhall.tax.synthetic import synthetic_caseload

EDGES = st.lists(st.sampled_from([0.0, 100.0, 183.0, 239.0, np.inf, 5.5]), max_size=9)
VALUES = st.lists(
    st.floats(allow_nan=True, allow_infinity=True, width=64)
    | st.sampled_from([0.0, -0.0, 100.0, 183.0]),
    max_size=50,
)
COLUMN_SETS = [
    LIABILITY_COLUMNS,
    APPLICABLE_AMOUNT_COLUMNS,
    PROTECTION_COLUMNS,
    ("weekly_earnings", "pensioner"),
    ("capital", "weekly_other_income", "children"),
]


@pytest.fixture(scope="module")
def claims() -> ClaimArrays:
    return synthetic_caseload("birmingham-2013", size=2000).arrays


@settings(max_examples=300, deadline=None)
@given(EDGES, VALUES)
def test_band_index_equals_searchsorted_on_sorted_and_unsorted_edges(
    edges: list[float], values: list[float]
) -> None:
    value_array = np.array(values, dtype=float)
    for edge_array in (np.sort(np.array(edges, dtype=float)), np.array(edges, dtype=float)):
        expected = np.searchsorted(edge_array, value_array, side="right")
        assert np.array_equal(band_index(edge_array, value_array), expected)


def test_band_index_counts_edges_at_or_below_each_value() -> None:
    # Edges £100, £183, £239: £99.99 is below all, £183 reaches the second, £500 passes all three.
    edges = np.array([100.0, 183.0, 239.0])
    assert band_index(edges, np.array([99.99, 100.0, 183.0, 500.0])).tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("columns", COLUMN_SETS)
@pytest.mark.parametrize("dense", [True, False])
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 2000))
def test_each_claims_kind_has_its_values_and_kinds_are_distinct(
    claims: ClaimArrays,
    columns: tuple[str, ...],
    dense: bool,
    seed: int,
    size: int,
) -> None:
    sample = claims.take(np.random.default_rng(seed).integers(0, len(claims), size))
    dense_limit = claim_arrays._DENSE_KINDS
    if not dense:  # force the renumbering path used when keys would be too many for a table
        claim_arrays._DENSE_KINDS = 50
    try:
        found = kinds(sample, columns)
    finally:
        claim_arrays._DENSE_KINDS = dense_limit
    table = np.stack([getattr(sample, name).astype(float) for name in columns], axis=1)
    representatives = np.stack(
        [getattr(found.representatives, name).astype(float) for name in columns], axis=1
    )
    assert np.array_equal(table, representatives[found.code.astype(int)])
    assert len(np.unique(representatives, axis=0)) == len(representatives)
