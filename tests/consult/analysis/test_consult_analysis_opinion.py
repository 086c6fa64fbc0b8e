"""Opinion groups recover planted groups; consensus and divisive statements; the chart renders."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from townhall.consult.analysis.opinion import Vote, opinion_groups, vote_matrix
from townhall.consult.analysis.opinion_chart import opinion_chart
from townhall.problems import InvalidInputError
from townhall.reports.charts import chart_svg


def planted(seed: int = 1) -> tuple[list[Vote], dict[str, int]]:
    """Two groups (20 and 12 people): opposite on s0-s5, all agree on s6-s7, noise on s8-s9."""
    rng = np.random.default_rng(seed)
    votes, truth = [], {}
    for person in range(32):
        group = 0 if person < 20 else 1
        name = f"p{person}"
        truth[name] = group
        for statement in range(10):
            if rng.random() < 0.1:
                continue  # not shown this statement
            if statement < 6:
                value = 1 if (statement < 3) == (group == 0) else -1
            elif statement < 8:
                value = 1
            else:
                value = int(rng.choice([-1, 0, 1]))
            votes.append(Vote(name, f"s{statement}", value))  # type: ignore[arg-type]
    votes.append(Vote("lurker", "s0", 1))
    return votes, truth


def test_planted_groups_are_found() -> None:
    votes, truth = planted()
    matrix = vote_matrix(votes)
    assert matrix.values.shape == (33, 10)
    found = opinion_groups(matrix)
    assert found.left_out == ["lurker"]
    assert found.group_sizes == [20, 12]
    assert adjusted_rand_score([truth[p] for p in found.participants], found.labels) == 1.0
    assert {r.statement for r in found.consensus} == {"s6", "s7"}
    assert {r.statement for r in found.divisive} == {f"s{i}" for i in range(6)}
    s6 = next(r for r in found.consensus if r.statement == "s6")
    assert all(rate > 0.8 for rate in s6.agree)


def test_smoothed_agreement_by_hand() -> None:
    rows = {
        "a": [1, 1, -1],
        "b": [1, 1, -1],
        "c": [1, 0, -1],
        "d": [-1, -1, 1],
        "e": [-1, -1, 1],
        "f": [-1, -1, 0],
    }
    votes = [
        Vote(p, s, v)  # type: ignore[arg-type]
        for p, row in rows.items()
        for s, v in zip(["x", "y", "z"], row, strict=True)
    ]
    found = opinion_groups(vote_matrix(votes))
    assert found.group_sizes == [3, 3]
    x = next(r for r in found.divisive if r.statement == "x")
    # One group agrees 3 of 3 on x: (3 + 1) / (3 + 2) = 0.8; the other 0 of 3: (0 + 1) / 5 = 0.2.
    assert sorted(x.agree) == pytest.approx([0.2, 0.8])
    assert x.votes == [3, 3]
    assert found.consensus == []


def test_last_vote_wins_and_bad_values_are_problems() -> None:
    matrix = vote_matrix([Vote("a", "x", 1), Vote("a", "x", -1), Vote("b", "y", 0)])
    assert matrix.values[0, 0] == -1 and np.isnan(matrix.values[0, 1])
    with pytest.raises(InvalidInputError, match="agree"):
        vote_matrix([Vote("a", "x", 2)])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="at least 4"):
        opinion_groups(matrix)


def test_chart_renders_with_colour_and_shape() -> None:
    votes, _ = planted()
    chart = opinion_chart(opinion_groups(vote_matrix(votes)))
    spec = chart.to_dict()
    assert spec["encoding"]["color"]["field"] == spec["encoding"]["shape"]["field"] == "group"
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "Group A" in svg and "Group B" in svg
