"""Winners and losers, worked by hand on small caseloads (weights, ties, zero and negative incomes)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.tax.impact.winners import (
    Partition,
    change,
    change_table,
    partition_change_table,
    weighted_deciles,
)


def test_ten_equal_people_fill_ten_deciles() -> None:
    values = np.arange(10, dtype=float)
    assert list(weighted_deciles(values, np.ones(10))) == list(range(1, 11))


def test_weights_decide_the_deciles_not_the_row_count() -> None:
    # Incomes −5, 0, 10, 20 with weights 5, 2.5, 1.5, 1 (total 10): shares before each start at
    # 0, 0.5, 0.75, 0.9 → deciles 1, 6, 8, 10. Negative and zero incomes are ordinary values.
    values = np.array([20.0, -5.0, 10.0, 0.0])
    weights = np.array([1.0, 5.0, 1.5, 2.5])
    assert list(weighted_deciles(values, weights)) == [10, 1, 8, 6]


def test_ties_at_a_decile_edge_share_the_lower_decile() -> None:
    # Five claims of weight 2; the middle three have the same income. Their group starts at
    # share 0.2, so all three are in decile 3, even though the tie spans deciles 3 to 8.
    values = np.array([1.0, 5.0, 5.0, 5.0, 9.0])
    assert list(weighted_deciles(values, np.full(5, 2.0))) == [1, 3, 3, 3, 9]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-500, 2000, allow_nan=False), st.floats(0.01, 50, allow_nan=False)),
        min_size=1,
        max_size=60,
    )
)
def test_deciles_are_between_1_and_10_and_follow_the_values(
    pairs: list[tuple[float, float]],
) -> None:
    values = np.array([v for v, _ in pairs])
    deciles = weighted_deciles(values, np.array([w for _, w in pairs]))
    assert deciles.min() >= 1 and deciles.max() <= 10
    order = np.argsort(values, kind="stable")
    assert np.all(np.diff(deciles[order].astype(int)) >= 0)


def test_change_counts_weighted_gainers_losers_and_losses_a_week() -> None:
    # Four claims, weights 1, 2, 0.5, 1.5. Yearly to pay before → after:
    #   0 → 52 (loses £1 a week, now paying), 104 → 0 (gains), 10 → 10 (same), 0 → 156 (loses £3).
    before = np.array([0.0, 104.0, 10.0, 0.0])
    after = np.array([52.0, 0.0, 10.0, 156.0])
    weights = np.array([1.0, 2.0, 0.5, 1.5])
    result = change(before, after, weights)
    assert (result.claims, result.gainers, result.losers, result.unchanged) == (5.0, 2.0, 2.5, 0.5)
    assert result.loser_share == 0.5  # a fraction: 2.5 of 5, shown as 50%, never 5000%
    # Weighted average loss: (1 × £1 + 1.5 × £3) ÷ 2.5 = £2.20 a week; the largest is £3.
    assert result.average_loss_weekly == 2.2
    assert result.largest_loss_weekly == 3.0
    assert result.moved_to_paying == 2.5


def test_change_table_breaks_down_by_group() -> None:
    before = np.array([0.0, 0.0, 0.0])
    after = np.array([52.0, 0.0, 104.0])
    groups = {"A": np.array([True, True, False]), "B": np.array([False, False, True])}
    table = change_table(before, after, np.ones(3), groups, "band")
    assert table.get_column("lose").to_list() == [1.0, 1.0]
    assert table.get_column("lose_share").to_list() == [0.5, 1.0]
    assert table.get_column("average_loss_weekly").to_list() == [1.0, 2.0]


def test_an_empty_group_has_no_losses_and_no_division_by_zero() -> None:
    result = change(np.zeros(2), np.ones(2), np.ones(2), np.array([False, False]))
    assert result.claims == 0 and result.loser_share == 0.0 and result.largest_loss_weekly == 0.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.floats(0, 500), st.floats(0, 500), st.floats(0.1, 5)),
        min_size=1,
        max_size=40,
    )
)
def test_partition_table_equals_the_mask_table(rows: list[tuple[int, float, float, float]]) -> None:
    codes = np.array([r[0] for r in rows])
    before, after = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
    weights = np.array([r[3] for r in rows])
    names = ["a", "b", "c", "d"]
    fast = partition_change_table(before, after, weights, Partition(codes, names), "group")
    slow = change_table(
        before, after, weights, {n: codes == i for i, n in enumerate(names)}, "group"
    )
    for column in slow.columns[1:]:
        assert np.allclose(fast[column].to_numpy(), slow[column].to_numpy()), column
