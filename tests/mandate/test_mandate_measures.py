"""Look-ups and measures, with figures worked by hand on the tiny place in data/tiny.toml.

Tinyshire maps 7 services: adult social care (council decides, ICB funds: 2 bodies), planning
decisions (council: 1), planning appeals (inspectorate: 1), public transport (mayor decides,
council funds: 2), public health (council decides, ICB commissions: 2), hospital care (ICB
commissions, trust runs: 2) and libraries (council runs, nobody decides: 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from townhall.mandate.lookup import who_decides
from townhall.mandate.measures import fragmentation
from townhall.mandate.register import Register, load_register_file
from townhall.problems import InvalidInputError

TINY = Path(__file__).parent / "data" / "tiny.toml"


@pytest.fixture(scope="module")
def tiny() -> Register:
    return load_register_file(TINY)


def test_who_decides_lists_deciders_first_with_selection_and_accountability(tiny: Register) -> None:
    answers = who_decides(tiny, "public-health")
    assert [(a.body_id, a.role) for a in answers] == [
        ("council", "decides"),
        ("icb", "commissions"),
    ]
    assert answers[0].directly_elected_locally and not answers[1].directly_elected_locally
    assert answers[1].answers_to == ("A Secretary of State",)
    assert answers[0].chosen.startswith("elected locally")
    hospital = who_decides(tiny, "hospital-care")
    assert [(a.body_name, a.deciding) for a in hospital] == [
        ("NHS Tinyshire ICB", True),
        ("Tinyshire Hospitals NHS Trust", False),
    ]
    assert hospital[1].answers_to == ("NHS Tinyshire ICB",)


def test_unmapped_service_is_empty_and_unknown_service_lists_valid_ones(tiny: Register) -> None:
    assert who_decides(tiny, "policing") == []
    with pytest.raises(InvalidInputError) as raised:
        who_decides(tiny, "street-lighting")
    assert "planning-appeals" in raised.value.problems[0].expected


def test_bodies_per_service(tiny: Register) -> None:
    measures = fragmentation(tiny)
    assert [(m.service, m.bodies) for m in measures.per_service] == [
        ("adult-social-care", 2),
        ("planning-decisions", 1),
        ("planning-appeals", 1),
        ("public-transport", 2),
        ("public-health", 2),
        ("hospital-care", 2),
        ("libraries", 1),
    ]
    assert measures.mean_bodies_per_service == pytest.approx(11 / 7)
    assert measures.max_bodies_per_service == 2
    assert measures.busiest_services == (
        "adult-social-care",
        "public-transport",
        "public-health",
        "hospital-care",
    )
    assert len(measures.unmapped_services) == 20 - 7


def test_share_of_services_decided_by_directly_elected_bodies(tiny: Register) -> None:
    measures = fragmentation(tiny)
    status = {m.service: m.status for m in measures.per_service}
    assert status == {
        "adult-social-care": "all directly elected",
        "planning-decisions": "all directly elected",
        "planning-appeals": "none",
        "public-transport": "all directly elected",
        "public-health": "partly",
        "hospital-care": "none",
        "libraries": "no deciding body recorded",
    }
    # 6 services have a deciding body; 3 are decided only by directly elected bodies, 4 by at least one.
    assert measures.share_all_directly_elected == pytest.approx(3 / 6)
    assert measures.share_any_directly_elected == pytest.approx(4 / 6)


def test_spending_share_counts_deciders_only_and_shows_coverage(tiny: Register) -> None:
    spending = fragmentation(tiny).spending
    # Deciders: council £100m, mayor £50m, ICB £250m; inspectorate has no figure; the trust's £400m
    # is not counted (it runs, paid by the ICB). Elected: £150m of £400m = 37.5%; coverage 3 of 4.
    assert dict(spending.counted) == {"council": 100e6, "mayor": 50e6, "icb": 250e6}
    assert spending.missing == ("inspectorate",)
    assert spending.not_counted == ("trust",)
    assert spending.total_pounds == 400e6
    assert spending.directly_elected_pounds == 150e6
    assert spending.share == pytest.approx(0.375)
    assert spending.coverage == pytest.approx(0.75)


@given(st.sets(st.sampled_from(["council", "mayor", "icb", "trust", "inspectorate"])))
def test_shares_stay_between_zero_and_one_whichever_bodies_are_elected(elected: set[str]) -> None:
    register = load_register_file(TINY)
    bodies = [
        b.model_copy(update={"chosen": "elected-locally" if b.id in elected else "board-appointed"})
        for b in register.bodies
    ]
    measures = fragmentation(register.model_copy(update={"bodies": bodies}))
    for share in (
        measures.share_all_directly_elected,
        measures.share_any_directly_elected,
        measures.spending.share,
    ):
        assert share is not None and 0 <= share <= 1
    assert measures.share_all_directly_elected <= measures.share_any_directly_elected  # type: ignore[operator]


def test_birmingham_measures() -> None:
    from townhall.mandate.register import load_bundled

    measures = fragmentation(load_bundled("birmingham"))
    assert measures.busiest_services == ("public-transport",)
    assert measures.max_bodies_per_service == 4
    # Council £1,042.606m + PCC £790m directly elected, of those plus the ICB's £4,101.383m.
    assert measures.spending.share == pytest.approx(1832.606 / 5933.989)
    assert "planning-inspectorate" in measures.spending.missing
