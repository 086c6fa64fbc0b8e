"""Comparing options: savings, the gap solver, the grant criteria, collection and funding, by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import worked_schemes as worked

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.collection import CollectionAssumptions
from townhall.tax.impact.compare import MissingColumnError, compare
from townhall.tax.impact.funding import (
    council_tax_rise,
    discount_removal_yield,
    single_person_discount_cut_yield,
)
from townhall.tax.impact.gap import GapNotClosableError, solve_lever
from townhall.tax.impact.scenarios import with_minimum_contribution
from townhall.tax.rules.evaluate import evaluate

ClaimsMaker = Callable[..., Caseload]
# Pinned to the figures these tests were worked on (see worked_schemes).
CTB, DEFAULT = worked.CTB, worked.DEFAULT
BIRMINGHAM, TRANSITION = worked.BIRMINGHAM, worked.TRANSITION


@pytest.fixture
def four_claims(make_claims: ClaimsMaker) -> Caseload:
    """A couple on full support (Band A, £742.45), a single earner, a protected family, a pensioner."""
    return make_claims(
        {"partner_age": 38, "passported": True, "ward": "Aston"},
        {"claimant_age": 30, "weekly_earnings": 100.0, "ward": "Aston"},
        {"children": 1, "youngest_child_age": 3, "passported": True, "ward": "Soho"},
        {"pensioner": True, "claimant_age": 70, "passported": True, "ward": "Soho"},
    )


def test_saving_gainers_losers_and_gap_share(four_claims: Caseload) -> None:
    # Under Birmingham the couple pays 24% (£178.19 a year, £3.43 a week); the single earner's award
    # falls from £306.55 to £172.91 (£133.64 more a year, £2.57 a week); the family is protected.
    result = compare(CTB, [BIRMINGHAM], four_claims, gap_yearly=1000.0)
    option = result.options[0]
    assert option.saving_yearly == pytest.approx(178.19 + 133.64)
    assert option.gap_closed_share == pytest.approx(311.83 / 1000.0)
    assert (option.overall.losers, option.overall.unchanged, option.overall.gainers) == (2, 2, 0)
    assert option.working_age.average_loss_weekly == pytest.approx((178.19 + 133.64) / 52 / 2)
    assert option.overall.largest_loss_weekly == pytest.approx(178.19 / 52)
    assert option.overall.moved_to_paying == 1  # the couple paid nothing before
    claimant = result.breakdowns["Claimant type"].filter(
        result.breakdowns["Claimant type"]["option"] == "birmingham-2013"
    )
    assert claimant.get_column("lose").to_list() == [
        0.0,
        0.0,
        2.0,
    ]  # pensioners, protected, not protected
    assert set(result.breakdowns["Ward"].get_column("group")) == {"Aston", "Soho"}


def test_asking_for_wards_that_are_not_there_is_a_clear_error(make_claims: ClaimsMaker) -> None:
    caseload = make_claims({"passported": True})
    with pytest.raises(MissingColumnError, match="ward"):
        compare(CTB, [BIRMINGHAM], caseload, breakdowns=("ward",))
    assert "Ward" not in compare(CTB, [BIRMINGHAM], caseload).breakdowns  # left out when not asked


def test_gap_solver_finds_the_smallest_minimum_payment(four_claims: Caseload) -> None:
    # default-2013 protects no one, so a minimum payment s falls on the couple (£742.45), the
    # single earner (£556.84; the taper is unchanged) and the family (£556.84); not the pensioner.
    # Saving £100 needs s × (742.45 + 556.84 + 556.84) = 100: s = 5.39%.
    baseline = evaluate(CTB, four_claims).total_award_yearly()

    def build(share: float):  # type: ignore[no-untyped-def]
        return with_minimum_contribution(DEFAULT, share, "solved", "solved", "test")

    solution = solve_lever(build, four_claims, baseline, 100.0, 0.0, 1.0, "minimum contribution")
    assert solution.value == pytest.approx(100 / (742.45 + 556.84 + 556.84), abs=1e-4)
    assert solution.saving_yearly >= 100.0


def test_gap_solver_says_when_no_value_can_close_the_gap(four_claims: Caseload) -> None:
    baseline = evaluate(CTB, four_claims).total_award_yearly()

    def build(share: float):  # type: ignore[no-untyped-def]
        return with_minimum_contribution(BIRMINGHAM, share, "solved", "solved", "test")

    with pytest.raises(GapNotClosableError, match="the most it saves is £1,049"):
        solve_lever(build, four_claims, baseline, 5000.0, 0.0, 1.0, "minimum contribution")


def test_transition_grant_criteria_with_their_deciding_figures(four_claims: Caseload) -> None:
    result = compare(CTB, [BIRMINGHAM, TRANSITION], four_claims)
    birmingham, transition = (option.grant for option in result.options)
    assert [c.passed for c in birmingham] == [False, True, True]
    assert "24.0%" in birmingham[0].figure
    assert [c.passed for c in transition] == [True, True, True]
    assert "8.5%" in transition[0].figure
    assert "20%" in transition[1].figure
    assert "£0.20" in transition[2].figure  # £1 more earnings loses 20p of support


def test_a_minimum_award_is_a_cliff_edge(four_claims: Caseload) -> None:
    cliff = worked.option('levers.minimum_award_weekly = { value = 6.0, source = "test" }', "cliff")
    # The single earner gets £5.88 a week, below £6: nothing. At £99 of earnings they would get
    # £6.08 and keep it, so £1 more earned costs them £6.08 of support: a cliff edge.
    earner = four_claims.subset(four_claims.table["claim_id"] == "c1")
    lower = Caseload(earner.table.with_columns(earner.table["weekly_earnings"] - 1.0))
    criteria = compare(DEFAULT, [cliff], lower).options[0].grant
    assert not criteria[2].passed and "£6.08" in criteria[2].figure


def test_collection_counts_rates_and_costs(four_claims: Caseload) -> None:
    # Couple newly charged £178.19 (75% collected), single earner already paying, charged £133.64
    # more (95% collected). One new account: £12 + 25% × £40 summons = £22 of cost.
    assumptions = CollectionAssumptions()
    result = compare(CTB, [BIRMINGHAM], four_claims, assumptions=assumptions).options[0].collection
    assert result.newly_charged_accounts == 1
    assert result.collected_yearly == pytest.approx(178.19 * 0.75 + 133.64 * 0.95)
    assert result.collection_cost_yearly == pytest.approx(22.0)
    uncollected = 178.19 * 0.25 + 133.64 * 0.05
    assert result.net_saving_yearly == pytest.approx(311.83 - uncollected - 22.0)


def test_discount_removal_and_single_person_discount_yields() -> None:
    # 10 Band A second homes (£742.45) and 5 Band D (£1,113.67), a 10% discount removed, 97% collected.
    yielded = discount_removal_yield({"A": 10, "D": 5}, 0.10, 1113.67, 0.97)
    assert yielded == pytest.approx((10 * 742.45 + 5 * 1113.67) * 0.10 * 0.97)
    assert single_person_discount_cut_yield(1000, 800.0, 0.05, 1.0) == pytest.approx(40_000.0)


def test_council_tax_rise_counts_the_extra_support_it_triggers(four_claims: Caseload) -> None:
    # Tax base of 1,000 Band D homes, all collected. Full support pays the claimants' share of the
    # rise too, so the rise must be above £500 ÷ 1,000 = 50p.
    rise = council_tax_rise(DEFAULT, four_claims, 500.0, 1000.0, 1.0)
    assert rise.band_d_rise_yearly > 0.50
    assert rise.band_d_rise_yearly * 1000 - rise.extra_support_cost_yearly >= 500.0
    assert rise.bill_change_by_band_yearly["D"] == pytest.approx(rise.band_d_rise_yearly)
    assert rise.bill_change_by_band_yearly["H"] == pytest.approx(
        2 * rise.band_d_rise_yearly, abs=0.01
    )
