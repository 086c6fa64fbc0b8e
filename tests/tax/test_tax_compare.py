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
from townhall.tax.rules.scheme import Scheme, Sourced

ClaimsMaker = Callable[..., Caseload]
# Pinned to the figures these tests were worked on (see worked_schemes).
CTB, DEFAULT = worked.CTB, worked.DEFAULT
BIRMINGHAM, TRANSITION = worked.BIRMINGHAM, worked.TRANSITION


def for_2013(levers: str, name: str) -> Scheme:
    """A worked scheme marked 2013/14, every figure unchanged: the transition grant's criteria
    apply to 2013/14 schemes only."""
    return worked.option(levers, name).model_copy(update={"year": "2013/14"})


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
    options = [
        for_2013(worked.BIRMINGHAM_LEVERS, "birmingham-2013"),
        for_2013(worked.TRANSITION_LEVERS, "transition-grant-2013"),
    ]
    result = compare(CTB, options, four_claims)
    birmingham, transition = (option.grant for option in result.options)
    assert [c.passed for c in birmingham] == [False, True, True]
    assert "24.0%" in birmingham[0].figure
    assert [c.passed for c in transition] == [True, True, True]
    assert "8.5%" in transition[0].figure
    assert "20%" in transition[1].figure
    assert "£0.20" in transition[2].figure  # £1 more earnings loses 20p of support


def test_a_minimum_award_is_a_cliff_edge(four_claims: Caseload) -> None:
    cliff = for_2013('levers.minimum_award_weekly = { value = 6.0, source = "test" }\n', "cliff")
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


# What a finance director reads: words for losses, the grant only for 2013/14, who keeps the saving.
def test_a_costlier_option_is_said_in_words_never_as_a_negative_saving(
    four_claims: Caseload,
) -> None:
    from townhall.tax.impact.compare_words import summary_sentences

    # Reversed, Birmingham's 24% is the base and CTB the option: £311.83 a year more support.
    result = compare(BIRMINGHAM, [CTB], four_claims, gap_yearly=1000.0)
    sentence = summary_sentences(result)[1]
    assert (
        "ctb-2012: costs £312 more a year than the base, widens the £1,000 gap by £312." in sentence
    )
    assert "No working-age claimant pays more; 2 pay less." in sentence
    assert "−" not in sentence and "%" not in sentence  # no negative saving, no share of the gap
    assert "Birmingham City Council bears all of the extra cost" in sentence


def test_gap_words_for_a_part_a_whole_and_more_than_the_gap() -> None:
    from townhall.tax.impact.compare_words import gap_phrase

    assert gap_phrase(311.83, 1000.0) == "closes 31% of the £1,000 gap, leaving £688 to find"
    assert gap_phrase(13.29e6, 0.5e6) == "closes the £0.50m gap, with £12.79m to spare"
    assert gap_phrase(-3.62e6, 10.9e6) == "widens the £10.90m gap by £3.62m"


def test_transition_grant_is_checked_only_for_2013_14_schemes(four_claims: Caseload) -> None:
    later = worked.option('year = "2026/27"', "later")
    result = compare(CTB, [for_2013(worked.BIRMINGHAM_LEVERS, "b"), later], four_claims)
    birmingham, other = result.options
    assert len(birmingham.grant) == 3 and other.grant == [] and not other.grant_applies
    assert set(result.grant_table()["option"]) == {"b"}
    only_later = compare(CTB, [later], four_claims)
    assert not only_later.grant_applies and only_later.grant_table().height == 0


def test_saving_is_split_by_band_d_share_of_the_whole_bill(four_claims: Caseload) -> None:
    # Birmingham 2013/14: city £1,113.67, police £102.43, fire £52.82 = £1,268.92; the city's
    # share is 1,113.67 ÷ 1,268.92 = 87.8%.
    from townhall.tax.impact.compare_words import keeps_phrase

    precepts = Sourced[dict[str, float]](value={"police": 102.43, "fire": 52.82}, source="test")
    council = BIRMINGHAM.council.model_copy(update={"precepts_band_d_yearly": precepts})
    option = BIRMINGHAM.model_copy(update={"council": council})
    result = compare(CTB, [option], four_claims).options[0]
    assert result.preceptors is not None
    city, police, fire = result.preceptors
    assert city.share == pytest.approx(1113.67 / 1268.92)
    assert police.saving_yearly == pytest.approx(result.saving_yearly * 102.43 / 1268.92)
    assert fire.authority == "the fire authority"
    assert sum(p.saving_yearly for p in result.preceptors) == pytest.approx(result.saving_yearly)
    sentence = keeps_phrase(result)
    assert sentence is not None and "Birmingham City Council keeps £" in sentence
    assert "(87.8%); the rest goes to the police and fire authorities." in sentence


def test_options_of_another_council_or_year_are_warned_about_and_still_computed(
    four_claims: Caseload,
) -> None:
    elsewhere = worked.option(
        'year = "2026/27"\ncouncil.name = "Oxford City Council"\n'
        'council.band_d_yearly = { value = 1113.67, source = "test" }\n',
        "elsewhere",
    )
    result = compare(CTB, [BIRMINGHAM, elsewhere], four_claims)
    assert result.warnings == [
        "elsewhere is Oxford City Council's scheme for 2026/27; the base, ctb-2012, is "
        "Birmingham City Council's for 2012/13 (a different council and year; the same whole "
        "Band D bill of £1,113.67): the saving sets one council's bills and claimants' support "
        "against another's, so it is not a saving either council could make."
    ]
    assert result.options[1].preceptors is None  # not split between another council's preceptors
    assert len(result.options) == 2
