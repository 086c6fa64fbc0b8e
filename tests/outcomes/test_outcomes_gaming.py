"""Each gaming check finds gaming injected at a known strength and stays quiet on clean data."""

from __future__ import annotations

import numpy as np
import pytest

from townhall.outcomes.gaming.benford import benford_check, first_digits
from townhall.outcomes.gaming.bunching import bunching_check
from townhall.outcomes.gaming.detection import flags

CHECKS = ("bunching", "cream-skimming", "parking", "benford", "padding")


@pytest.mark.parametrize("check", CHECKS)
def test_quiet_on_clean_data(check: str) -> None:
    assert not any(flags(check, 0.0, seed) for seed in range(5))


@pytest.mark.parametrize("check", CHECKS)
def test_flags_strong_gaming(check: str) -> None:
    assert all(flags(check, 0.6, seed) for seed in range(5))


def test_bunching_counts_by_hand() -> None:
    # 4 durations in [84, 91), 16 in [91, 98): 16 of 20 just past the cut-off; one-sided binomial
    # p = P(X ≥ 16 | n = 20, ½) = 0.0059.
    values = np.array([85.0] * 4 + [92.0] * 16 + [10.0, 200.0])
    result = bunching_check(values, 91.0, 7.0)
    assert result.statistic == 0.8
    assert result.p_value == pytest.approx(0.005909, abs=1e-5)
    assert result.flagged and "16 of the 20" in result.reading


def test_first_digits_and_too_few_figures() -> None:
    assert list(first_digits(np.array([123.0, 0.045, 9.9, 1000.0]))) == [1, 4, 9, 1]
    assert not benford_check(np.arange(1.0, 50.0)).flagged
